// The institution history chain in the store (store/chain.h, Store::CommitChain ...) and the
// backup of a whole store, run against both backends like store_test.cc; plus RocksDB-only tests:
// persistence across reopen, crashes inside a multi-key chain transaction (a child process killed
// while committing, or exiting right before or after the write), and backup/restore.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/chain.h"
#include "store/internal/kv.h"
#include "store/internal/kv_store.h"
#include "store/store.h"
#include "store/text.h"

namespace sanding {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string MakeTempDir() {
  std::string tmpl = (fs::temp_directory_path() / "sanding-chain-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return "";
  }
  return tmpl;
}

ChainRow Row(ChainKind kind, std::string id, std::string body) {
  ChainRow r;
  r.kind = kind;
  r.id = std::move(id);
  r.body = std::move(body);
  return r;
}
ChainRow Inst(std::string id, std::string body) {
  return Row(ChainKind::kInstitution, std::move(id), std::move(body));
}

ChainChange Change(std::vector<ChainRow> put,
                   std::vector<std::pair<ChainKind, std::string>> close = {},
                   std::string reason = "重建历史链") {
  ChainChange c;
  c.put = std::move(put);
  c.close = std::move(close);
  c.tx.kind = "build";
  c.tx.by = "sanding";
  c.tx.reason = std::move(reason);
  return c;
}

// One visible row as "id=body".
using Visible = std::vector<std::string>;

Visible Scan(Store& store, ChainKind kind, std::string_view prefix, uint64_t t) {
  Visible out;
  Status s = store.ScanChain(kind, prefix, t, [&](const ChainRow& r) {
    EXPECT_EQ(r.kind, kind);
    EXPECT_LE(r.recorded_from, t);
    EXPECT_LT(t, r.recorded_to);
    out.push_back(r.id + "=" + r.body);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// Everything a store holds, through its public API, as one comparable JSON text.
std::string Dump(Store& store) {
  nlohmann::json j;
  std::vector<FileRecord> files;
  EXPECT_TRUE(store
                  .ForEachFile([&](const FileRecord& f) {
                    files.push_back(f);
                    return true;
                  })
                  .ok());
  for (const FileRecord& f : files) {
    nlohmann::json fj;
    fj["record"] = f;
    auto original = store.GetOriginal(f.sha256);
    EXPECT_TRUE(original.ok()) << original.status().ToString();
    fj["original_sha256"] = original.ok() ? text::Sha256Hex(*original) : "";
    fj["pages"] = *store.GetPages(f.sha256);
    auto facts = store.GetFacts(f.sha256);
    fj["facts"] = facts->has_value() ? **facts : "<none>";
    fj["corrections"] = *store.ListCorrections(f.sha256);
    j["files"].push_back(fj);
  }
  j["failures"] = *store.ListFailures();
  j["pending"] = *store.PendingIndex();
  const StoreStats st = *store.Stats();
  j["stats"] = {st.files_complete, st.files_pending,  st.pages,
                st.failures,       st.original_bytes, st.index_pending};
  const uint64_t last = *store.LastChainTx();
  j["last_tx"] = last;
  j["tx"] = *store.ListChainTx();
  for (ChainKind k :
       {ChainKind::kInstitution, ChainKind::kVersion, ChainKind::kEvent, ChainKind::kConflict}) {
    for (uint64_t t = 0; t <= last + 1; ++t) {
      Status s = store.ScanChain(k, "", t, [&](const ChainRow& r) {
        j["chain"][ChainKindName(k)][std::to_string(t)].push_back(
            {r.id, r.body, r.recorded_from, r.recorded_to});
        return true;
      });
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
  }
  j["curations"] = *store.ListChainCurations();
  return j.dump();
}

// ---- The contract, for every backend ----------------------------------------------------------

class ChainStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "rocksdb") {
      dir_ = MakeTempDir();
      auto s = Store::OpenRocksDb(dir_ + "/db");
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

  ChainTx Commit(const ChainChange& c) {
    auto tx = store_->CommitChain(c);
    EXPECT_TRUE(tx.ok()) << tx.status().ToString();
    return tx.ok() ? *tx : ChainTx{};
  }
  uint64_t Last() {
    auto n = store_->LastChainTx();
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : 0;
  }
  Visible At(uint64_t t, ChainKind kind = ChainKind::kInstitution, std::string_view prefix = "") {
    return Scan(*store_, kind, prefix, t);
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(ChainStoreTest, EmptyStoreHasNoChain) {
  EXPECT_EQ(Last(), 0u);
  EXPECT_TRUE(store_->ListChainTx()->empty());
  EXPECT_TRUE(store_->ListChainCurations()->empty());
  EXPECT_TRUE(At(0).empty());
  EXPECT_TRUE(At(1).empty());
  EXPECT_TRUE(store_->ChainRowHistory(ChainKind::kInstitution, "甲")->empty());
  // An empty change alters nothing: no transaction.
  const ChainTx none = Commit(Change({}));
  EXPECT_EQ(none.number, 0u);
  EXPECT_EQ(none.added, 0u);
  EXPECT_EQ(none.closed, 0u);
  EXPECT_EQ(Last(), 0u);
  EXPECT_TRUE(store_->ListChainTx()->empty());
}

TEST_P(ChainStoreTest, CommitPutCloseAndIdenticalBodies) {
  ChainChange first = Change({Inst("甲", "a1"), Inst("乙", "b1"),
                              Row(ChainKind::kVersion,
                                  "甲\x1f"
                                  "1983-01-01",
                                  "va1")},
                             {}, "首次构建");
  first.tx.at_ms = 12345;
  const ChainTx t1 = Commit(first);
  EXPECT_EQ(t1.number, 1u);
  EXPECT_EQ(t1.added, 3u);
  EXPECT_EQ(t1.closed, 0u);
  EXPECT_EQ(t1.at_ms, 12345);
  EXPECT_EQ(t1.kind, "build");
  EXPECT_EQ(t1.by, "sanding");
  EXPECT_EQ(t1.reason, "首次构建");
  EXPECT_EQ(Last(), 1u);

  // One row changes, one is put again unchanged, one is new.
  const ChainTx t2 = Commit(Change(
      {Inst("甲", "a2"), Inst("乙", "b1"), Row(ChainKind::kEvent, "ev1", R"({"type":"撤销"})")}));
  EXPECT_EQ(t2.number, 2u);
  EXPECT_EQ(t2.added, 2u);
  EXPECT_EQ(t2.closed, 1u);
  EXPECT_GT(t2.at_ms, 0);  // the clock

  // Only identical bodies: nothing is written.
  const ChainTx same = Commit(Change({Inst("甲", "a2"), Inst("乙", "b1")}));
  EXPECT_EQ(same.number, 0u);
  EXPECT_EQ(Last(), 2u);

  // A close and a new row.
  const ChainTx t3 = Commit(Change({Inst("丙", "c1")}, {{ChainKind::kInstitution, "乙"}}));
  EXPECT_EQ(t3.number, 3u);
  EXPECT_EQ(t3.added, 1u);
  EXPECT_EQ(t3.closed, 1u);
  EXPECT_EQ(Last(), 3u);

  // As recorded at each transaction: superseded revisions stay readable.
  EXPECT_TRUE(At(0).empty());
  EXPECT_THAT(At(1), ElementsAre("乙=b1", "甲=a1"));  // byte order of the ids
  EXPECT_THAT(At(2), ElementsAre("乙=b1", "甲=a2"));
  EXPECT_THAT(At(3), ElementsAre("丙=c1", "甲=a2"));
  EXPECT_THAT(At(Last()), ElementsAre("丙=c1", "甲=a2"));
  EXPECT_THAT(At(1000), ElementsAre("丙=c1", "甲=a2"));  // later T: the current rows
  // Kinds are separate key spaces.
  EXPECT_THAT(At(1, ChainKind::kVersion), ElementsAre("甲\x1f"
                                                      "1983-01-01=va1"));
  EXPECT_THAT(At(3, ChainKind::kVersion), ElementsAre("甲\x1f"
                                                      "1983-01-01=va1"));
  EXPECT_TRUE(At(1, ChainKind::kEvent).empty());
  EXPECT_THAT(At(2, ChainKind::kEvent), ElementsAre(R"(ev1={"type":"撤销"})"));
  EXPECT_TRUE(At(3, ChainKind::kConflict).empty());

  // Every revision of a row, oldest first.
  auto h = store_->ChainRowHistory(ChainKind::kInstitution, "甲");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].body, "a1");
  EXPECT_EQ((*h)[0].recorded_from, 1u);
  EXPECT_EQ((*h)[0].recorded_to, 2u);
  EXPECT_FALSE((*h)[0].current());
  EXPECT_EQ((*h)[1].body, "a2");
  EXPECT_EQ((*h)[1].recorded_from, 2u);
  EXPECT_EQ((*h)[1].recorded_to, kOpenTx);
  EXPECT_TRUE((*h)[1].current());
  EXPECT_EQ((*h)[1].kind, ChainKind::kInstitution);
  EXPECT_EQ((*h)[1].id, "甲");
  auto hb = store_->ChainRowHistory(ChainKind::kInstitution, "乙");
  ASSERT_EQ(hb->size(), 1u);
  EXPECT_EQ((*hb)[0].recorded_from, 1u);
  EXPECT_EQ((*hb)[0].recorded_to, 3u);
  EXPECT_TRUE(store_->ChainRowHistory(ChainKind::kVersion, "甲")->empty());  // not a prefix match

  // Closing a row that is not current fails and writes nothing.
  auto again = store_->CommitChain(Change({Inst("丁", "d1")}, {{ChainKind::kInstitution, "乙"}}));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(again.status().message(), HasSubstr("乙"));
  EXPECT_THAT(again.status().message(), HasSubstr("没有当前版本"));
  auto never = store_->CommitChain(Change({}, {{ChainKind::kEvent, "不存在"}}));
  EXPECT_FALSE(never.ok());
  EXPECT_EQ(Last(), 3u);
  EXPECT_THAT(At(Last()), ElementsAre("丙=c1", "甲=a2"));

  // A closed row can come back as a new revision.
  const ChainTx t4 = Commit(Change({Inst("乙", "b2")}));
  EXPECT_EQ(t4.number, 4u);
  EXPECT_EQ(t4.added, 1u);
  EXPECT_EQ(t4.closed, 0u);
  EXPECT_THAT(At(3), ElementsAre("丙=c1", "甲=a2"));
  EXPECT_THAT(At(4), ElementsAre("丙=c1", "乙=b2", "甲=a2"));
  EXPECT_EQ(store_->ChainRowHistory(ChainKind::kInstitution, "乙")->size(), 2u);

  auto txs = store_->ListChainTx();
  ASSERT_TRUE(txs.ok());
  ASSERT_EQ(txs->size(), 4u);
  for (size_t i = 0; i < txs->size(); ++i) EXPECT_EQ((*txs)[i].number, i + 1);
  EXPECT_EQ((*txs)[0].added, 3u);
  EXPECT_EQ((*txs)[0].at_ms, 12345);
  EXPECT_EQ((*txs)[0].reason, "首次构建");
  EXPECT_EQ((*txs)[1].added, 2u);
  EXPECT_EQ((*txs)[1].closed, 1u);
  EXPECT_EQ((*txs)[2].closed, 1u);
  EXPECT_EQ((*txs)[3].added, 1u);
}

TEST_P(ChainStoreTest, PrefixScansAndEarlyStop) {
  Commit(Change({Inst("甲", "1"), Inst("甲乙", "2"), Inst("甲丙", "3"), Inst("乙", "4"),
                 Row(ChainKind::kVersion,
                     "A\x1f"
                     "1990",
                     "v1"),
                 Row(ChainKind::kVersion,
                     "A\x1f"
                     "2001",
                     "v2"),
                 Row(ChainKind::kVersion,
                     "AB\x1f"
                     "1990",
                     "v3"),
                 Row(ChainKind::kVersion, "A\x1f", "v0")}));
  // Ids in byte order: 乙 (E4 B9 99) < 甲 (E7 94 B2); 甲 < 甲丙 (E4 B8 99) < 甲乙.
  EXPECT_THAT(At(1), ElementsAre("乙=4", "甲=1", "甲丙=3", "甲乙=2"));
  EXPECT_THAT(At(1, ChainKind::kInstitution, "甲"), ElementsAre("甲=1", "甲丙=3", "甲乙=2"));
  EXPECT_THAT(At(1, ChainKind::kInstitution, "甲乙"), ElementsAre("甲乙=2"));
  EXPECT_TRUE(At(1, ChainKind::kInstitution, "丁").empty());
  // The versions of one institution: its id and the separator.
  EXPECT_THAT(At(1, ChainKind::kVersion, "A\x1f"), ElementsAre("A\x1f=v0",
                                                               "A\x1f"
                                                               "1990=v1",
                                                               "A\x1f"
                                                               "2001=v2"));
  EXPECT_THAT(At(1, ChainKind::kVersion, "A"), ElementsAre("A\x1f=v0",
                                                           "A\x1f"
                                                           "1990=v1",
                                                           "A\x1f"
                                                           "2001=v2",
                                                           "AB\x1f"
                                                           "1990=v3"));

  // Early stop.
  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->ScanChain(ChainKind::kInstitution, "", 1,
                              [&](const ChainRow& r) {
                                seen.push_back(r.id);
                                return seen.size() < 2;
                              })
                  .ok());
  EXPECT_THAT(seen, ElementsAre("乙", "甲"));

  // A superseded revision is skipped, the current one found, under a prefix too.
  Commit(Change({Inst("甲丙", "3b")}));
  EXPECT_THAT(At(2, ChainKind::kInstitution, "甲"), ElementsAre("甲=1", "甲丙=3b", "甲乙=2"));
  EXPECT_THAT(At(1, ChainKind::kInstitution, "甲"), ElementsAre("甲=1", "甲丙=3", "甲乙=2"));
}

TEST_P(ChainStoreTest, InvalidChangesAreRefusedAndWriteNothing) {
  Commit(Change({Inst("甲", "a1")}));
  auto expect_invalid = [&](const ChainChange& c, const std::string& part) {
    auto r = store_->CommitChain(c);
    ASSERT_FALSE(r.ok()) << part;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
    EXPECT_THAT(r.status().message(), HasSubstr(part));
  };
  expect_invalid(Change({Inst("乙", "1"), Inst("乙", "2")}), "不止一次");
  expect_invalid(Change({Inst("甲", "a2")}, {{ChainKind::kInstitution, "甲"}}), "不止一次");
  expect_invalid(Change({}, {{ChainKind::kInstitution, "甲"}, {ChainKind::kInstitution, "甲"}}),
                 "不止一次");
  expect_invalid(Change({Inst(std::string("a\0b", 3), "x")}), "空字符");
  expect_invalid(Change({}, {{ChainKind::kInstitution, std::string("甲\0", 4)}}), "空字符");
  expect_invalid(Change({Inst("", "x")}), "标识为空");
  expect_invalid(Change({Row(static_cast<ChainKind>('z'), "x", "1")}), "未知");
  expect_invalid(Change({Inst("丙", "\xff\xfe")}), "UTF-8");
  // The same id in two kinds is two rows.
  const ChainTx ok = Commit(Change({Inst("乙", "1"), Row(ChainKind::kEvent, "乙", "2")}));
  EXPECT_EQ(ok.number, 2u);
  EXPECT_EQ(Last(), 2u);
  EXPECT_THAT(At(2), ElementsAre("乙=1", "甲=a1"));

  auto h = store_->ChainRowHistory(ChainKind::kInstitution, std::string("甲\0", 4));
  EXPECT_EQ(h.status().code(), Status::Code::kInvalidArgument);
  Status s = store_->ScanChain(ChainKind::kInstitution, std::string("甲\0", 4), 1,
                               [](const ChainRow&) { return true; });
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("空字符"));
}

TEST_P(ChainStoreTest, ReadsAtAFixedTransactionAreConsistentWhileCommitting) {
  constexpr int kRows = 30;
  constexpr int kTxs = 60;
  auto all = [](int n) {
    std::vector<ChainRow> put;
    for (int i = 0; i < kRows; ++i) {
      put.push_back(Inst("r" + std::to_string(100 + i), std::to_string(n)));
    }
    return put;
  };
  Commit(Change(all(1)));
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int n = 2; n <= kTxs; ++n) {
      auto tx = store_->CommitChain(Change(all(n)));
      EXPECT_TRUE(tx.ok() && tx->number == static_cast<uint64_t>(n));
    }
    done = true;
  });
  int reads = 0;
  while (!done.load() || reads < 5) {
    const uint64_t t = Last();
    // Every row of transaction t says t, however many transactions commit during the scan.
    const Visible v = At(t);
    ASSERT_EQ(v.size(), static_cast<size_t>(kRows)) << "at " << t;
    for (const std::string& row : v) EXPECT_EQ(row.substr(row.find('=') + 1), std::to_string(t));
    // An older transaction stays as it was.
    const uint64_t older = t / 2 + 1;
    for (const std::string& row : At(older)) {
      EXPECT_EQ(row.substr(row.find('=') + 1), std::to_string(older));
    }
    ++reads;
  }
  writer.join();
  EXPECT_EQ(Last(), static_cast<uint64_t>(kTxs));
  auto h = store_->ChainRowHistory(ChainKind::kInstitution, "r100");
  ASSERT_EQ(h->size(), static_cast<size_t>(kTxs));
  for (int i = 0; i < kTxs; ++i) {
    EXPECT_EQ((*h)[i].recorded_from, static_cast<uint64_t>(i + 1));
    EXPECT_EQ((*h)[i].recorded_to, i + 1 == kTxs ? kOpenTx : static_cast<uint64_t>(i + 2));
  }
}

TEST_P(ChainStoreTest, ConcurrentCommitsGetConsecutiveNumbers) {
  std::vector<std::thread> threads;
  for (int w = 0; w < 3; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 20; ++i) {
        auto tx = store_->CommitChain(Change({Inst("w" + std::to_string(w), std::to_string(i))}));
        EXPECT_TRUE(tx.ok() && tx->number > 0);
      }
    });
  }
  for (auto& t : threads) t.join();
  auto txs = store_->ListChainTx();
  ASSERT_EQ(txs->size(), 60u);
  for (size_t i = 0; i < txs->size(); ++i) EXPECT_EQ((*txs)[i].number, i + 1);
  EXPECT_EQ(Last(), 60u);
  EXPECT_EQ(At(60).size(), 3u);
}

ChainCuration Curation(std::string op, std::string value = "", std::string target = "",
                       uint64_t withdraws = 0) {
  ChainCuration c;
  c.op = std::move(op);
  c.value = std::move(value);
  c.target = std::move(target);
  c.withdraws = withdraws;
  c.by = "王档案员";
  c.reason = "依据原件核对";
  return c;
}

TEST_P(ChainStoreTest, CurationsAreValidatedNumberedAndWithdrawnOnce) {
  auto invalid = [&](const ChainCuration& c, const std::string& part) {
    auto r = store_->AddChainCuration(c);
    ASSERT_FALSE(r.ok()) << part;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
    EXPECT_THAT(r.status().message(), HasSubstr(part));
  };
  const std::string event = R"({"type":"合并","date":"1996-03-01","from":["甲","乙"],"to":["丙"]})";
  invalid(Curation("delete", event), "未知的历史链校订操作");
  ChainCuration no_by = Curation("add_event", event);
  no_by.by.clear();
  invalid(no_by, "校订人");
  ChainCuration no_reason = Curation("add_event", event);
  no_reason.reason.clear();
  invalid(no_reason, "原因");
  invalid(Curation("add_event", "{not json"), "JSON");
  invalid(Curation("set", ""), "value");
  invalid(Curation("correct", "[1,"), "JSON");
  invalid(Curation("retract_fact", "甲"), "JSON");
  invalid(Curation("retract_event"), "target");
  invalid(Curation("withdraw"), "withdraws");
  invalid(Curation("set", R"({"institution":"甲"})", "", 1), "只有 withdraw");
  EXPECT_TRUE(store_->ListChainCurations()->empty());

  auto c1 = store_->AddChainCuration(Curation("add_event", event));
  ASSERT_TRUE(c1.ok()) << c1.status().ToString();
  EXPECT_EQ(c1->seq, 1u);
  EXPECT_GT(c1->at_ms, 0);
  EXPECT_EQ(c1->value, event);
  ChainCuration retract = Curation("retract_event", "", "ev-1996-03");
  retract.at_ms = 777;
  auto c2 = store_->AddChainCuration(retract);
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(c2->seq, 2u);
  EXPECT_EQ(c2->at_ms, 777);
  auto c3 = store_->AddChainCuration(
      Curation("set", R"({"institution":"甲","date":"2001-01-01","field":"name","value":"乙局"})"));
  ASSERT_TRUE(c3.ok());
  EXPECT_EQ(c3->seq, 3u);

  // Withdraw: the curation must exist, not be a withdraw, and not be withdrawn already.
  auto missing = store_->AddChainCuration(Curation("withdraw", "", "", 99));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("99"));
  auto w = store_->AddChainCuration(Curation("withdraw", "", "", 2));
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->seq, 4u);
  EXPECT_EQ(w->withdraws, 2u);
  invalid(Curation("withdraw", "", "", 2), "已被撤回");
  invalid(Curation("withdraw", "", "", 4), "本身是一次撤回");
  auto w2 = store_->AddChainCuration(Curation("withdraw", "", "", 1));
  ASSERT_TRUE(w2.ok());
  EXPECT_EQ(w2->seq, 5u);

  auto all = store_->ListChainCurations();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 5u);
  std::vector<std::string> ops;
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].seq, i + 1);
    EXPECT_EQ((*all)[i].by, "王档案员");
    EXPECT_EQ((*all)[i].reason, "依据原件核对");
    ops.push_back((*all)[i].op);
  }
  EXPECT_THAT(ops, ElementsAre("add_event", "retract_event", "set", "withdraw", "withdraw"));
  EXPECT_EQ((*all)[1].target, "ev-1996-03");
  EXPECT_EQ((*all)[1].at_ms, 777);
  EXPECT_EQ((*all)[2].value, c3->value);
  // Curations are not chain transactions.
  EXPECT_EQ(Last(), 0u);
}

TEST_P(ChainStoreTest, BackupOfTheMemoryStoreFailsAndRocksDbRoundTrips) {
  if (GetParam() == "memory") {
    Status s = store_->Backup("/tmp/never-written");
    ASSERT_FALSE(s.ok());
    EXPECT_THAT(s.message(), HasSubstr("内存存储库不支持备份"));
    EXPECT_FALSE(fs::exists("/tmp/never-written"));
    return;
  }
  // Build a store with every kind of record.
  auto fill = [&](int round) {
    const std::string content = "原件内容 " + std::to_string(round) + std::string(3000, 'x');
    FileRecord r;
    r.sha256 = text::Sha256Hex(content);
    r.name = "文件" + std::to_string(round) + ".pdf";
    r.format = "pdf";
    r.page_count = 1;
    r.sources = {{"/in/" + r.name, ""}};
    ASSERT_TRUE(store_->BeginFile(r, content).ok());
    PageRecord p;
    p.sha256 = r.sha256;
    p.page = 1;
    p.method = TextMethod::kTextLayer;
    p.text = "负责全市机构编制管理工作" + std::to_string(round);
    ASSERT_TRUE(store_->PutPage(p).ok());
    ASSERT_TRUE(store_->CompleteFile(r.sha256, "标题" + std::to_string(round)).ok());
    ASSERT_TRUE(store_->PutFacts(r.sha256, R"({"kind":{"value":"批复"}})").ok());
    CorrectionRecord c{r.sha256, 0, "replace", "/kind/value", R"("通知")", 0, "张", "误判", 0};
    ASSERT_TRUE(store_->AddCorrection(c).ok());
    ASSERT_TRUE(
        store_
            ->RecordFailure({"/in/坏" + std::to_string(round) + ".pdf", "corrupt", "坏", round, ""})
            .ok());
    Commit(
        Change({Inst("甲", "a" + std::to_string(round)), Inst("乙" + std::to_string(round), "b")},
               {}, "第" + std::to_string(round) + "轮"));
    ASSERT_TRUE(
        store_->AddChainCuration(Curation("retract_event", "", "ev" + std::to_string(round))).ok());
  };
  fill(1);
  const std::string backups = dir_ + "/backups";
  Status b1 = store_->Backup(backups);
  ASSERT_TRUE(b1.ok()) << b1.ToString();
  fill(2);
  Status b2 = store_->Backup(backups);  // the newest backup is the one restored
  ASSERT_TRUE(b2.ok()) << b2.ToString();
  const std::string before = Dump(*store_);
  EXPECT_THAT(before, HasSubstr("标题2"));

  const std::string restored = dir_ + "/restored";
  Status r = Store::RestoreRocksDb(backups, restored);
  ASSERT_TRUE(r.ok()) << r.ToString();
  {
    auto copy = Store::OpenRocksDb(restored);
    ASSERT_TRUE(copy.ok()) << copy.status().ToString();
    EXPECT_EQ(Dump(**copy), before);
    // The copy is a working store: numbering continues.
    auto tx = (*copy)->CommitChain(Change({Inst("丙", "c")}));
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(tx->number, 3u);
  }
  // The original is unchanged by all this.
  EXPECT_EQ(Dump(*store_), before);

  // Refused: a non-empty target, a directory without backups, a missing directory.
  Status again = Store::RestoreRocksDb(backups, restored);
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.message(), HasSubstr(restored));
  EXPECT_THAT(again.message(), HasSubstr("不为空"));
  const std::string empty_backups = dir_ + "/no-backups";
  fs::create_directories(empty_backups);
  Status none = Store::RestoreRocksDb(empty_backups, dir_ + "/restored2");
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.message(), HasSubstr(empty_backups));
  EXPECT_FALSE(fs::exists(dir_ + "/restored2") && !fs::is_empty(dir_ + "/restored2"));
  Status missing = Store::RestoreRocksDb(dir_ + "/absent", dir_ + "/restored3");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr(dir_ + "/absent"));
  // An empty target directory is accepted.
  fs::create_directories(dir_ + "/restored4");
  Status into_empty = Store::RestoreRocksDb(backups, dir_ + "/restored4");
  EXPECT_TRUE(into_empty.ok()) << into_empty.ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, ChainStoreTest, ::testing::Values("memory", "rocksdb"),
                         [](const auto& info) { return info.param; });

// ---- RocksDB only: persistence ------------------------------------------------------------------

TEST(RocksDbChainTest, ReopenKeepsTheChainAndItsCounters) {
  const std::string dir = MakeTempDir();
  {
    auto store = Store::OpenRocksDb(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_EQ((*store)->CommitChain(Change({Inst("甲", "a1"), Inst("乙", "b1")}))->number, 1u);
    ASSERT_EQ((*store)->CommitChain(Change({Inst("甲", "a2")}))->number, 2u);
    ASSERT_EQ((*store)->AddChainCuration(Curation("retract_event", "", "e1"))->seq, 1u);
  }
  for (int round = 0; round < 2; ++round) {
    auto store = Store::OpenRocksDb(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Store& s = **store;
    EXPECT_EQ(*s.LastChainTx(), 2u + round);
    EXPECT_THAT(Scan(s, ChainKind::kInstitution, "", 1), ElementsAre("乙=b1", "甲=a1"));
    EXPECT_THAT(Scan(s, ChainKind::kInstitution, "", 2), ElementsAre("乙=b1", "甲=a2"));
    EXPECT_EQ(s.ChainRowHistory(ChainKind::kInstitution, "甲")->size(), 2u);
    EXPECT_EQ(s.ListChainTx()->size(), 2u + round);
    EXPECT_EQ(s.ListChainCurations()->size(), 1u + round);
    // Numbering continues after reopen.
    EXPECT_EQ(s.CommitChain(Change({Inst("丙", std::to_string(round))}))->number, 3u + round);
    EXPECT_EQ(s.AddChainCuration(Curation("retract_event", "", "e"))->seq, 2u + round);
  }
  fs::remove_all(dir);
}

// A store written before the chain existed has no chain column families: they are created when
// it is opened, and what it held is kept.
TEST(RocksDbChainTest, StoreWithoutChainColumnFamiliesOpens) {
  const std::string dir = MakeTempDir();
  const std::string content = "旧存储库中的原件";
  FileRecord r;
  r.sha256 = text::Sha256Hex(content);
  r.name = "old.txt";
  r.format = "text";
  {
    auto store = Store::OpenRocksDb(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->BeginFile(r, content).ok());
  }
  {
    // Drop the chain families with RocksDB itself (handles destroyed before the DB).
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descs;
    for (const std::string& n : names) descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, descs, &handles, &db).ok());
    int dropped = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i].rfind("chain", 0) == 0) {
        EXPECT_TRUE(db->DropColumnFamily(handles[i]).ok());
        ++dropped;
      }
    }
    EXPECT_EQ(dropped, 3);
    for (rocksdb::ColumnFamilyHandle* h : handles) {
      EXPECT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
    }
    EXPECT_TRUE(db->Close().ok());
    delete db;
  }
  auto store = Store::OpenRocksDb(dir);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->GetOriginal(r.sha256), content);
  EXPECT_EQ(*(*store)->LastChainTx(), 0u);
  EXPECT_EQ((*store)->CommitChain(Change({Inst("甲", "a")}))->number, 1u);
  store->reset();
  fs::remove_all(dir);
}

// ---- RocksDB only: crashes inside a chain transaction
// --------------------------------------------- The child is this test binary run afresh (fork +
// exec of /proc/self/exe, filtered to the disabled test below), so no RocksDB background thread of
// the parent is lost across fork. The child commits big changes (20,000 rows each, closing or
// superseding most of the rows of the previous one) through an engine wrapper that can report the
// write or exit right before or after it; the parent kills it or lets it exit, reopens the store
// and checks that every transaction is all or nothing.

constexpr int kCrashRows = 20000;

// Forwards to the RocksDB engine; once armed, each Write first tells the parent (a byte on
// `notify_fd`) or exits the process before or after the write.
class CrashEngine final : public internal::KvEngine {
 public:
  enum class Mode { kNotify, kExitBeforeWrite, kExitAfterWrite };
  CrashEngine(std::unique_ptr<internal::KvEngine> inner, Mode mode, int notify_fd)
      : inner_(std::move(inner)), mode_(mode), notify_fd_(notify_fd) {}
  void Arm() { armed_ = true; }

  Result<std::optional<std::string>> Get(internal::Cf cf, std::string_view key) override {
    return inner_->Get(cf, key);
  }
  std::unique_ptr<internal::KvBatch> NewBatch() override { return inner_->NewBatch(); }
  Status Write(internal::KvBatch& batch) override {
    if (armed_) {
      if (mode_ == Mode::kExitBeforeWrite) _exit(0);
      if (mode_ == Mode::kNotify && notify_fd_ >= 0) {
        const char c = 'w';
        if (write(notify_fd_, &c, 1) != 1) _exit(40);
      }
    }
    Status s = inner_->Write(batch);
    if (armed_ && mode_ == Mode::kExitAfterWrite) _exit(s.ok() ? 0 : 41);
    return s;
  }
  Status Scan(internal::Cf cf, std::string_view prefix, const internal::KvVisitor& fn) override {
    return inner_->Scan(cf, prefix, fn);
  }
  Status Sync() override { return inner_->Sync(); }
  Status Backup(const std::string& dir) override { return inner_->Backup(dir); }
  const std::string& Describe() const override { return inner_->Describe(); }

 private:
  std::unique_ptr<internal::KvEngine> inner_;
  Mode mode_;
  int notify_fd_;
  std::atomic<bool> armed_{false};
};

std::string CrashBody(const std::string& tag, int i) {
  return R"({"tag":")" + tag + R"(","i":)" + std::to_string(i) +
         R"(,"name":"清河市机构编制委员会办公室","duties":"负责全市行政机构和事业单位机构编制管理工作"})";
}

std::string CrashId(int i) {
  char buf[16];
  snprintf(buf, sizeof buf, "机构%05d", i);
  return buf;
}

// The child: SANDING_CHAIN_CRASH_DIR, _MODE (notify | exit_before | exit_after), _FD, _TAG.
TEST(ChainCrashChild, DISABLED_Run) {
  const char* dir = getenv("SANDING_CHAIN_CRASH_DIR");
  const char* mode_name = getenv("SANDING_CHAIN_CRASH_MODE");
  const char* fd_text = getenv("SANDING_CHAIN_CRASH_FD");
  const char* tag = getenv("SANDING_CHAIN_CRASH_TAG");
  if (dir == nullptr || mode_name == nullptr || fd_text == nullptr || tag == nullptr) _exit(30);
  const std::string mode(mode_name);
  auto engine = internal::OpenRocksDbEngine(dir);
  if (!engine.ok()) _exit(31);
  auto crash =
      std::make_unique<CrashEngine>(std::move(engine).value(),
                                    mode == "exit_before"  ? CrashEngine::Mode::kExitBeforeWrite
                                    : mode == "exit_after" ? CrashEngine::Mode::kExitAfterWrite
                                                           : CrashEngine::Mode::kNotify,
                                    atoi(fd_text));
  CrashEngine* hook = crash.get();
  auto opened = internal::NewKvStore(std::move(crash));
  if (!opened.ok()) _exit(32);
  Store& store = **opened;
  // Which rows are current now (a previous child may have left some).
  std::set<std::string> current;
  const uint64_t last = *store.LastChainTx();
  if (!store
           .ScanChain(ChainKind::kInstitution, "", last,
                      [&](const ChainRow& r) {
                        current.insert(r.id);
                        return true;
                      })
           .ok()) {
    _exit(33);
  }
  hook->Arm();
  for (int b = 0;; ++b) {
    ChainChange c = Change({}, {}, "崩溃测试");
    const std::string t = std::string(tag) + "-" + std::to_string(b);
    for (int i = 0; i < kCrashRows; ++i) {
      const std::string id = CrashId(i);
      if (i % 5 == b % 5) {
        if (current.count(id)) c.close.emplace_back(ChainKind::kInstitution, id);
      } else {
        c.put.push_back(Inst(id, CrashBody(t, i)));
      }
    }
    auto tx = store.CommitChain(c);
    if (!tx.ok() || tx->number == 0) _exit(34);
    for (const auto& [kind, id] : c.close) current.erase(id);
    for (const ChainRow& r : c.put) current.insert(r.id);
  }
}

struct ChildResult {
  bool ok = false;
  int status = 0;
};

// Runs the child in `dir`; in mode "notify" kills it `delay` after its first write began.
ChildResult RunChild(const std::string& dir, const std::string& mode, const std::string& tag,
                     std::chrono::milliseconds delay) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  setenv("SANDING_CHAIN_CRASH_DIR", dir.c_str(), 1);
  setenv("SANDING_CHAIN_CRASH_MODE", mode.c_str(), 1);
  setenv("SANDING_CHAIN_CRASH_FD", std::to_string(fds[1]).c_str(), 1);
  setenv("SANDING_CHAIN_CRASH_TAG", tag.c_str(), 1);
  std::string exe = fs::read_symlink("/proc/self/exe").string();
  std::string filter = "--gtest_filter=ChainCrashChild.DISABLED_Run";
  std::string disabled = "--gtest_also_run_disabled_tests";
  char* argv[] = {exe.data(), filter.data(), disabled.data(), nullptr};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, 1);
    execv(exe.c_str(), argv);
    _exit(127);
  }
  close(fds[1]);
  for (const char* v : {"SANDING_CHAIN_CRASH_DIR", "SANDING_CHAIN_CRASH_MODE",
                        "SANDING_CHAIN_CRASH_FD", "SANDING_CHAIN_CRASH_TAG"}) {
    unsetenv(v);
  }
  if (pid < 0) {
    close(fds[0]);
    return {};
  }
  if (mode == "notify") {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 60000) == 1) {
      char c;
      (void)!read(fds[0], &c, 1);
      std::this_thread::sleep_for(delay);
    }
    kill(pid, SIGKILL);
  }
  close(fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return {};
  return {true, status};
}

// Every recorded transaction has exactly its rows; no row refers to an unrecorded transaction.
// Returns the last transaction.
uint64_t VerifyAllOrNothing(const std::string& dir) {
  std::map<uint64_t, ChainTx> recorded;
  uint64_t last = 0;
  std::set<std::string> current_ids;
  {
    auto store = Store::OpenRocksDb(dir);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return 0;
    auto txs = (*store)->ListChainTx();
    EXPECT_TRUE(txs.ok());
    if (txs.ok()) {
      for (const ChainTx& tx : *txs) recorded[tx.number] = tx;
    }
    last = *(*store)->LastChainTx();
    EXPECT_TRUE((*store)
                    ->ScanChain(ChainKind::kInstitution, "", last,
                                [&](const ChainRow& r) {
                                  EXPECT_TRUE(current_ids.insert(r.id).second) << r.id;
                                  return true;
                                })
                    .ok());
  }
  // The counter and the records agree, numbered 1..last without gaps.
  EXPECT_EQ(recorded.size(), last);
  if (!recorded.empty()) {
    EXPECT_EQ(recorded.rbegin()->first, last);
  }
  // Every stored revision, read beneath the store.
  std::map<uint64_t, uint64_t> added, closed;
  std::map<uint64_t, std::set<std::string>> tags;
  std::map<std::string, int> open_per_id;
  auto engine = internal::OpenRocksDbEngine(dir);
  EXPECT_TRUE(engine.ok());
  if (!engine.ok()) return last;
  EXPECT_TRUE((*engine)
                  ->Scan(internal::Cf::kChain, "",
                         [&](std::string_view k, std::string_view v) {
                           uint64_t from = 0;
                           for (size_t i = k.size() - 8; i < k.size(); ++i) {
                             from = (from << 8) | static_cast<uint8_t>(k[i]);
                           }
                           const std::string id(k.substr(1, k.size() - 10));
                           uint64_t to = 0;
                           for (size_t i = 0; i < 8; ++i) to = (to << 8) | static_cast<uint8_t>(v[i]);
                           const auto body = nlohmann::json::parse(v.substr(8));
                           EXPECT_TRUE(recorded.count(from))
                               << id << " added by unrecorded " << from;
                           EXPECT_TRUE(to == kOpenTx || recorded.count(to))
                               << id << " closed by unrecorded " << to;
                           EXPECT_LT(from, to);
                           ++added[from];
                           if (to != kOpenTx) ++closed[to];
                           if (to == kOpenTx) ++open_per_id[id];
                           tags[from].insert(body.at("tag").get<std::string>());
                           return true;
                         })
                  .ok());
  for (const auto& [n, tx] : recorded) {
    EXPECT_EQ(added[n], tx.added) << "transaction " << n;
    EXPECT_EQ(closed[n], tx.closed) << "transaction " << n;
    EXPECT_EQ(tags[n].size(), 1u) << "transaction " << n << " mixes changes";
  }
  for (const auto& [id, n] : open_per_id) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(open_per_id.size(), current_ids.size());
  return last;
}

TEST(RocksDbChainCrashTest, KilledInsideBigChangesLeavesWholeTransactionsOnly) {
  const std::string dir = MakeTempDir();
  uint64_t before = 0;
  const int delays_ms[] = {0, 3, 12, 40, 150};
  for (int round = 0; round < 5; ++round) {
    const ChildResult r = RunChild(dir, "notify", "k" + std::to_string(round),
                                   std::chrono::milliseconds(delays_ms[round]));
    ASSERT_TRUE(r.ok);
    ASSERT_TRUE(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL)
        << "child ended otherwise: status " << r.status;
    const uint64_t last = VerifyAllOrNothing(dir);
    EXPECT_GE(last, before);
    RecordProperty("round" + std::to_string(round) + "_transactions",
                   static_cast<int>(last - before));
    before = last;
  }
  EXPECT_GT(before, 0u);  // some rounds lived long enough to commit
  fs::remove_all(dir);
}

TEST(RocksDbChainCrashTest, ExitRightBeforeTheWriteLeavesNothing) {
  const std::string dir = MakeTempDir();
  {
    auto store = Store::OpenRocksDb(dir);
    ASSERT_TRUE(store.ok());
    ASSERT_EQ((*store)->CommitChain(Change({Inst(CrashId(1), CrashBody("pre", 1))}))->number, 1u);
  }
  const ChildResult r = RunChild(dir, "exit_before", "b", {});
  ASSERT_TRUE(r.ok);
  ASSERT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) << r.status;
  EXPECT_EQ(VerifyAllOrNothing(dir), 1u);
  auto store = Store::OpenRocksDb(dir);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(Scan(**store, ChainKind::kInstitution, "", 1).size(), 1u);
  EXPECT_EQ((*store)->ChainRowHistory(ChainKind::kInstitution, CrashId(1))->size(), 1u);
  store->reset();
  fs::remove_all(dir);
}

TEST(RocksDbChainCrashTest, ExitRightAfterTheWriteKeepsTheWholeTransaction) {
  const std::string dir = MakeTempDir();
  const ChildResult r = RunChild(dir, "exit_after", "a", {});
  ASSERT_TRUE(r.ok);
  ASSERT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) << r.status;
  EXPECT_EQ(VerifyAllOrNothing(dir), 1u);
  auto store = Store::OpenRocksDb(dir);
  ASSERT_TRUE(store.ok());
  auto txs = (*store)->ListChainTx();
  ASSERT_EQ(txs->size(), 1u);
  EXPECT_EQ((*txs)[0].added, static_cast<uint64_t>(kCrashRows - kCrashRows / 5));
  EXPECT_EQ(Scan(**store, ChainKind::kInstitution, "", 1).size(),
            static_cast<size_t>(kCrashRows - kCrashRows / 5));
  store->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sanding
