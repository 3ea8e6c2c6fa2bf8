// The chain in the store, on both backends: rebuilt from the extracted documents of a real slice
// of the sample corpus, committed as transactions, read as recorded at each one, curated, and
// (RocksDB) backed up and restored with every answer unchanged.
#include "indexer/history/store_io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "indexer/extract/run.h"
#include "indexer/history/check.h"
#include "tests/extract/corpus_util.h"
#include "tests/util/store_util.h"

namespace sanding::history {
namespace {

namespace fs = std::filesystem;

// The 计委's line: founded 1983, its 1989 三定, the 2002 reform and its 三定, the 2010 reform.
const std::vector<std::string> kFirstBatch = {"d19831020-1", "d19890620-1", "d20020618-1"};
const std::vector<std::string> kSecondBatch = {"d20021015-1", "d20100126-1", "d20100518-1"};

class ChainStoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      dir_ = fs::temp_directory_path() / ("sanding-chain-" + std::to_string(getpid()) + "-" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
      fs::remove_all(dir_);
      auto s = Store::OpenRocksDb(dir_.string());
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      store_ = std::move(s).value();
    } else {
      store_ = Store::NewInMemory();
    }
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void Load(const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
      const std::string text =
          testing::ReadFileOrEmpty(testing::SourceDir() + "/corpus/docs/" + id + ".txt");
      ASSERT_FALSE(text.empty()) << id;
      std::vector<std::string> pages;
      size_t start = 0;
      for (size_t ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1)
        pages.push_back(text.substr(start, ff - start));
      pages.push_back(text.substr(start));
      SourceRef src;
      src.path = "/archive/" + id + ".txt";
      testing::AddCompleteFile(*store_, id + ".txt", id, pages, {src});
    }
    extract::ExtractRunOptions options;
    auto r = extract::ExtractStore(*store_, options);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  RebuildReport Rebuild(const std::string& why) {
    auto r = RebuildChain(*store_, "sanding", why);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : RebuildReport{};
  }

  std::string JwId(const Chain& c) {
    for (const auto& i : c.institutions) {
      for (const auto& n : i.names)
        if (n == "清河市计划委员会") return i.id;
    }
    return "";
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(ChainStoreTest, RebuildCommitsOnlyChangesAndEveryTransactionStaysReadable) {
  Load(kFirstBatch);
  const RebuildReport first = Rebuild("第一批");
  EXPECT_EQ(first.tx.number, 1u);
  EXPECT_GT(first.institutions, 28u);  // the 28 of 1983 and those the 2002 reform sets up
  EXPECT_GT(first.tx.added, 56u);
  // Nothing new: nothing committed.
  EXPECT_EQ(Rebuild("再次推导").tx.number, 0u);

  auto chain1 = LoadChain(*store_);
  ASSERT_TRUE(chain1.ok());
  const std::string jw = JwId(*chain1);
  ASSERT_FALSE(jw.empty());
  ASSERT_EQ(chain1->VersionsOf(jw).size(), 2u);  // 1983 and the 2002 rename

  Load(kSecondBatch);
  const RebuildReport second = Rebuild("第二批");
  EXPECT_EQ(second.tx.number, 2u);
  EXPECT_GT(second.tx.closed, 0u);  // the 2002 version gained its 三定 and an end date

  auto chain2 = LoadChain(*store_);
  ASSERT_TRUE(chain2.ok());
  ASSERT_EQ(chain2->VersionsOf(jw).size(), 3u);
  EXPECT_EQ(chain2->VersionAt(jw, "2005-01-01")->duties.size(), 3u);

  // As recorded at transaction 1: exactly what was read then.
  auto again1 = LoadChain(*store_, 1);
  ASSERT_TRUE(again1.ok());
  EXPECT_EQ(again1->institutions, chain1->institutions);
  EXPECT_EQ(again1->versions, chain1->versions);
  EXPECT_EQ(again1->events, chain1->events);
  auto v_then = VersionAsOf(*store_, jw, "2005-01-01", 1);
  auto v_now = VersionAsOf(*store_, jw, "2005-01-01");
  ASSERT_TRUE(v_then.ok() && v_now.ok());
  ASSERT_TRUE(v_then->has_value() && v_now->has_value());
  // Then: inherited from the 1989 三定; now: the 2002 三定's own.
  EXPECT_EQ((*v_then)->cites.at("duties").doc_number, "清政办发〔1989〕23号");
  EXPECT_EQ((*v_now)->duties.size(), 3u);
  EXPECT_NE((*v_now)->duties, (*v_then)->duties);
  EXPECT_EQ((*v_now)->valid_from, "2002-06-18");
  auto none = VersionAsOf(*store_, jw, "1970-01-01");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto rec = LoadInstitution(*store_, jw);
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->versions.size(), 3u);
  EXPECT_EQ(LoadInstitution(*store_, "没有这个机构").status().code(), Status::Code::kNotFound);

  auto txs = store_->ListChainTx();
  ASSERT_TRUE(txs.ok());
  ASSERT_EQ(txs->size(), 2u);
  auto at = TxAtTime(*store_, (*txs)[0].at_ms);
  ASSERT_TRUE(at.ok());
  EXPECT_GE(*at, 1u);
  EXPECT_EQ(*TxAtTime(*store_, 0), 0u);

  auto problems = CheckChain(*store_, *chain2);
  ASSERT_TRUE(problems.ok());
  EXPECT_TRUE(problems->empty()) << (*problems)[0];
}

TEST_P(ChainStoreTest, CurationIsATransactionAndTheEarlierStateStaysReadable) {
  Load(kFirstBatch);
  Load(kSecondBatch);
  Rebuild("导入");
  auto before = LoadChain(*store_);
  ASSERT_TRUE(before.ok());
  const std::string jw = JwId(*before);
  ChainCuration c;
  c.op = "correct";
  c.value = nlohmann::json{{"institution", jw}, {"date", "1990-01-01"}, {"field", "rank"},
                           {"value", "副厅级"}}.dump();
  c.by = "张档案";
  c.reason = "据原件更正";
  auto stored = store_->AddChainCuration(c);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  const RebuildReport r = Rebuild("修订");
  EXPECT_EQ(r.tx.number, 2u);
  auto now = VersionAsOf(*store_, jw, "1990-01-01");
  auto then = VersionAsOf(*store_, jw, "1990-01-01", 1);
  ASSERT_TRUE(now.ok() && then.ok());
  EXPECT_EQ((*now)->rank, "副厅级");
  EXPECT_EQ((*now)->cites.at("rank").curation, stored->seq);
  EXPECT_EQ((*then)->rank, "正处级");
}

TEST_P(ChainStoreTest, ACommittedChainIsReadBackIdentically) {
  Load(kFirstBatch);
  Load(kSecondBatch);
  auto docs = LoadSourceDocuments(*store_);
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->size(), 6u);
  const Chain built = BuildChain(*docs, {});
  ChainTx meta;
  meta.kind = "build";
  meta.by = "test";
  meta.reason = "测试";
  auto tx = CommitWholeChain(*store_, built, meta);
  ASSERT_TRUE(tx.ok());
  auto loaded = LoadChain(*store_);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->institutions, built.institutions);
  EXPECT_EQ(loaded->versions, built.versions);
  EXPECT_EQ(loaded->events, built.events);
  EXPECT_EQ(loaded->conflicts, built.conflicts);
  // An empty chain closes every row.
  auto cleared = CommitWholeChain(*store_, Chain{}, meta);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->closed, ToRows(built).size());
  auto empty = LoadChain(*store_);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->institutions.empty());
  auto old = LoadChain(*store_, tx->number);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->versions, built.versions);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChainStoreTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "RocksDb" : "Memory"; });

// Backup -> restore: the restored store answers every query identically.
TEST(ChainBackup, RestoredStoreAnswersEveryQueryIdentically) {
  const fs::path root = fs::temp_directory_path() / ("sanding-chain-backup-" + std::to_string(getpid()));
  fs::remove_all(root);
  std::vector<std::string> ids;
  for (const auto& d : testing::LoadCorpusDocs()) ids.push_back(d.truth["id"].get<std::string>());
  {
    auto s = Store::OpenRocksDb((root / "db").string());
    ASSERT_TRUE(s.ok());
    auto& store = **s;
    for (const auto& id : ids) {
      SourceRef src;
      src.path = "/archive/" + id + ".txt";
      const std::string text =
          testing::ReadFileOrEmpty(testing::SourceDir() + "/corpus/docs/" + id + ".txt");
      testing::AddCompleteFile(store, id + ".txt", id, {text}, {src});
    }
    ASSERT_TRUE(extract::ExtractStore(store, {}).ok());
    ASSERT_TRUE(RebuildChain(store, "sanding", "导入").ok());
    ChainCuration c;
    c.op = "add_event";
    c.value = R"({"type":"established","date":"1980-01-01","from":[],"to":["清河市测试办公室"]})";
    c.by = "测试";
    c.reason = "补充";
    ASSERT_TRUE(store.AddChainCuration(c).ok());
    ASSERT_TRUE(RebuildChain(store, "测试", "修订").ok());
    ASSERT_TRUE(store.Backup((root / "backup").string()).ok());
  }
  ASSERT_TRUE(Store::RestoreRocksDb((root / "backup").string(), (root / "restored").string()).ok());
  auto a = Store::OpenRocksDb((root / "db").string());
  auto b = Store::OpenRocksDb((root / "restored").string());
  ASSERT_TRUE(a.ok() && b.ok());
  for (uint64_t tx : {1u, 2u}) {
    auto ca = LoadChain(**a, tx);
    auto cb = LoadChain(**b, tx);
    ASSERT_TRUE(ca.ok() && cb.ok());
    EXPECT_EQ(ca->institutions, cb->institutions);
    EXPECT_EQ(ca->versions, cb->versions);
    EXPECT_EQ(ca->events, cb->events);
    EXPECT_EQ(ca->conflicts, cb->conflicts);
    EXPECT_GT(ca->institutions.size(), 60u);
    for (const auto& inst : ca->institutions) {
      for (const char* date : {"1985-06-01", "2000-01-01", "2012-06-01", "2020-01-01"}) {
        auto va = VersionAsOf(**a, inst.id, date, tx);
        auto vb = VersionAsOf(**b, inst.id, date, tx);
        ASSERT_TRUE(va.ok() && vb.ok());
        EXPECT_EQ(*va, *vb) << inst.id << " " << date;
      }
    }
  }
  EXPECT_EQ(nlohmann::json(*(*a)->ListChainCurations()), nlohmann::json(*(*b)->ListChainCurations()));
  a->reset();
  b->reset();
  fs::remove_all(root);
}

}  // namespace
}  // namespace sanding::history
