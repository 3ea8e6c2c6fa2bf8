// The duty-clause index: a small chain of 清河市 and 临川县 bodies indexed by Rebuild and by Sync
// from a store (in memory), read back with the as-of / region / exclusion filters, ranked
// candidates, term statistics, and incremental Sync (only changed versions rewritten; a Sync at
// the same transaction writes nothing).
#include "indexer/clause_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "indexer/history/duty_terms.h"
#include "indexer/history/store_io.h"
#include "store/store.h"
#include "store/text.h"

namespace sanding::indexer {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

history::Citation Cite(const std::string& number, const std::string& date, uint32_t page) {
  history::Citation c;
  c.file = std::string(64, 'a');
  c.doc_number = number;
  c.title = "关于印发机构职能配置、内设机构和人员编制规定的通知";
  c.date = date;
  c.page = page;
  c.begin = 10;
  c.end = 200;
  return c;
}

history::Version MakeVersion(const std::string& inst, const std::string& from,
                             const std::string& to, const std::string& name,
                             std::vector<std::string> duties, const history::Citation& cite) {
  history::Version v;
  v.institution = inst;
  v.valid_from = from;
  v.valid_to = to;
  v.name = name;
  v.duties = std::move(duties);
  v.cites["duties"] = cite;
  v.sources = {cite};
  return v;
}

history::Institution MakeInstitution(const std::string& id, const std::string& level,
                                     const std::string& from, const std::string& to,
                                     std::vector<std::string> names) {
  history::Institution i;
  i.id = id;
  i.level = level;
  i.valid_from = from;
  i.valid_to = to;
  i.names = std::move(names);
  return i;
}

const char* const kWujia = "org:清河市物价局";
const char* const kFagai = "org:清河市发展和改革委员会";
const char* const kJiwei = "org:清河市计划委员会";
const char* const kLinchuan = "org:临川县物价局";

// Four bodies: the 清河市 price bureau (1990–2010), the 发改委 that took its duties (2010–), the
// 计委 with two versions (1983–2002–2010) and a 临川县 price bureau of unknown dates.
history::Chain SampleChain() {
  history::Chain c;
  c.institutions = {
      MakeInstitution(kLinchuan, "county", "", "", {"临川县物价局"}),
      MakeInstitution(kFagai, "city", "2010-05-18", "", {"清河市发展和改革委员会"}),
      MakeInstitution(kJiwei, "city", "1983-10-20", "2010-05-18",
                      {"清河市计划委员会", "清河市发展计划委员会"}),
      MakeInstitution(kWujia, "city", "1990-03-01", "2010-05-18", {"清河市物价局"}),
  };
  std::sort(c.institutions.begin(), c.institutions.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  c.versions = {
      MakeVersion(kLinchuan, "", "", "临川县物价局",
                  {"负责全县价格监督检查工作，依法查处价格违法行为", "负责全县行政事业性收费管理"},
                  Cite("临编〔1996〕3号", "1996-04-01", 1)),
      MakeVersion(kFagai, "2010-05-18", "", "清河市发展和改革委员会",
                  {"拟订并组织实施全市国民经济和社会发展中长期规划",
                   "负责全市价格监督检查和反垄断执法工作，依法查处价格违法行为",
                   "组织编制全市重大建设项目年度计划"},
                  Cite("清编〔2010〕21号", "2010-05-18", 2)),
      MakeVersion(kJiwei, "1983-10-20", "2002-06-18", "清河市计划委员会",
                  {"编制全市国民经济和社会发展计划", "负责全市物资平衡调度"},
                  Cite("清编〔1983〕5号", "1983-10-20", 1)),
      MakeVersion(kJiwei, "2002-06-18", "2010-05-18", "清河市发展计划委员会",
                  {"拟订全市国民经济和社会发展中长期规划", "组织编制全市重大建设项目计划"},
                  Cite("清编〔2002〕14号", "2002-06-18", 1)),
      MakeVersion(kWujia, "1990-03-01", "2010-05-18", "清河市物价局",
                  {"负责全市价格监督检查工作，依法查处价格违法行为",
                   "拟订全市价格调控目标和价格政策", "负责全市行政事业性收费管理"},
                  Cite("清编〔1990〕8号", "1990-03-01", 3)),
  };
  std::sort(c.versions.begin(), c.versions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.institution, a.valid_from) < std::tie(b.institution, b.valid_from);
  });
  return c;
}

size_t ClauseCount(const history::Chain& c) {
  size_t n = 0;
  for (const auto& v : c.versions) n += v.duties.size();
  return n;
}

std::vector<std::string> Institutions(const std::vector<ClauseDoc>& docs) {
  std::set<std::string> s;
  for (const auto& d : docs) s.insert(d.institution);
  return {s.begin(), s.end()};
}

std::vector<std::string> Texts(const std::vector<ClauseDoc>& docs) {
  std::vector<std::string> out;
  for (const auto& d : docs) out.push_back(d.text);
  return out;
}

// The clauses of `chain` as the index should list them (key order).
std::vector<std::tuple<std::string, std::string, uint32_t, std::string>> Expected(
    const history::Chain& chain) {
  std::vector<std::tuple<std::string, std::string, uint32_t, std::string>> out;
  for (const auto& v : chain.versions)
    for (size_t i = 0; i < v.duties.size(); ++i)
      out.emplace_back(v.institution, v.valid_from, static_cast<uint32_t>(i), v.duties[i]);
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<std::tuple<std::string, std::string, uint32_t, std::string>> Listed(
    const std::vector<ClauseDoc>& docs) {
  std::vector<std::tuple<std::string, std::string, uint32_t, std::string>> out;
  for (const auto& d : docs) out.emplace_back(d.institution, d.valid_from, d.index, d.text);
  return out;
}

class ClauseIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "sanding-clauses-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    Reopen();
  }
  void TearDown() override {
    index_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    index_.reset();
    auto index = ClauseIndex::Open(dir_ + "/clauses");
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value();
  }

  std::vector<ClauseDoc> All(const ClauseFilter& f) {
    auto r = index_->All(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<ClauseDoc>{};
  }
  ClauseIndexStats Stats() {
    auto r = index_->Stats();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ClauseIndexStats{};
  }
  // The query of a draft clause: its terms weighted by the index's statistics.
  std::vector<std::pair<std::string, double>> Query(const std::string& clause) {
    auto w = index_->Weights();
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    std::vector<std::pair<std::string, double>> q;
    for (const auto& t : history::AnalyzeDuty(clause).terms) q.emplace_back(t.key, w->Weight(t));
    return q;
  }
  std::vector<ClauseCandidate> Candidates(const std::string& clause, const ClauseFilter& f,
                                          size_t k = 10) {
    auto r = index_->Candidates(Query(clause), f, k);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<ClauseCandidate>{};
  }
  // The name of the commit point (segments_N): changes with every commit.
  std::string SegmentsFile() {
    std::string found;
    for (const auto& e : fs::directory_iterator(dir_ + "/clauses")) {
      const std::string n = e.path().filename().string();
      if (n.rfind("segments_", 0) == 0) found = n;
    }
    return found;
  }

  std::string dir_;
  std::unique_ptr<ClauseIndex> index_;
};

TEST_F(ClauseIndexTest, EmptyIndex) {
  EXPECT_TRUE(All({}).empty());
  auto s = Stats();
  EXPECT_EQ(s.clauses, 0u);
  EXPECT_EQ(s.versions, 0u);
  EXPECT_EQ(s.chain_tx, 0u);
  EXPECT_TRUE(Candidates("负责价格监督检查", {}).empty());
  auto w = index_->Weights();
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->clauses(), 0u);
}

TEST_F(ClauseIndexTest, RebuildListsEveryClauseInKeyOrder) {
  const history::Chain chain = SampleChain();
  ASSERT_TRUE(index_->Rebuild(chain, 7).ok());
  const auto all = All({});
  ASSERT_EQ(all.size(), ClauseCount(chain));
  EXPECT_EQ(Listed(all), Expected(chain));
  auto s = Stats();
  EXPECT_EQ(s.clauses, ClauseCount(chain));
  EXPECT_EQ(s.versions, chain.versions.size());
  EXPECT_EQ(s.chain_tx, 7u);

  // Fields of one entry.
  auto it = std::find_if(all.begin(), all.end(), [](const ClauseDoc& d) {
    return d.institution == kWujia && d.index == 1;
  });
  ASSERT_NE(it, all.end());
  EXPECT_EQ(it->name, "清河市物价局");
  EXPECT_EQ(it->level, "city");
  EXPECT_EQ(it->region, "清河市");
  EXPECT_EQ(it->valid_from, "1990-03-01");
  EXPECT_EQ(it->valid_to, "2010-05-18");
  EXPECT_EQ(it->text, "拟订全市价格调控目标和价格政策");
  EXPECT_EQ(it->source, Cite("清编〔1990〕8号", "1990-03-01", 3));
  auto lc = std::find_if(all.begin(), all.end(),
                         [](const ClauseDoc& d) { return d.institution == kLinchuan; });
  ASSERT_NE(lc, all.end());
  EXPECT_EQ(lc->region, "临川县");
  EXPECT_EQ(lc->valid_from, "");  // open ends read back as the chain has them
  EXPECT_EQ(lc->valid_to, "");
}

TEST_F(ClauseIndexTest, AsOfFilterTreatsValidToAsExclusive) {
  ASSERT_TRUE(index_->Rebuild(SampleChain(), 1).ok());
  ClauseFilter f;
  f.as_of = "2010-05-17";  // the last day of the 物价局 and the 发展计划委员会
  EXPECT_THAT(Institutions(All(f)), UnorderedElementsAre(kLinchuan, kJiwei, kWujia));
  for (const auto& d : All(f))
    if (d.institution == kJiwei) {
      EXPECT_EQ(d.valid_from, "2002-06-18");
    }
  f.as_of = "2010-05-18";  // the 发改委's first day
  EXPECT_THAT(Institutions(All(f)), UnorderedElementsAre(kLinchuan, kFagai));
  f.as_of = "2002-06-17";
  auto before = All(f);
  EXPECT_THAT(Institutions(before), UnorderedElementsAre(kLinchuan, kJiwei, kWujia));
  for (const auto& d : before)
    if (d.institution == kJiwei) {
      EXPECT_EQ(d.valid_from, "1983-10-20");
    }
  f.as_of = "2002-06-18";
  for (const auto& d : All(f))
    if (d.institution == kJiwei) {
      EXPECT_EQ(d.valid_from, "2002-06-18");
    }
  f.as_of = "1983-10-19";
  EXPECT_THAT(Institutions(All(f)),
              UnorderedElementsAre(kLinchuan));  // open start: always in force
  f.as_of = "2099-01-01";
  EXPECT_THAT(Institutions(All(f)), UnorderedElementsAre(kLinchuan, kFagai));
}

TEST_F(ClauseIndexTest, RegionAndExclusionFilters) {
  ASSERT_TRUE(index_->Rebuild(SampleChain(), 1).ok());
  ClauseFilter f;
  f.region = "临川县";
  EXPECT_THAT(Texts(All(f)), ElementsAre("负责全县价格监督检查工作，依法查处价格违法行为",
                                         "负责全县行政事业性收费管理"));
  f.region = "清河市";
  EXPECT_THAT(Institutions(All(f)), UnorderedElementsAre(kFagai, kJiwei, kWujia));
  f.region = "清河";  // exact match only
  EXPECT_TRUE(All(f).empty());
  f.region = "清河市";
  f.as_of = "2009-01-01";
  f.exclude_institutions = {kWujia};
  EXPECT_THAT(Institutions(All(f)), UnorderedElementsAre(kJiwei));
  f = {};
  f.exclude_institutions = {kWujia, kLinchuan};
  EXPECT_THAT(Institutions(All(f)), UnorderedElementsAre(kFagai, kJiwei));
}

TEST_F(ClauseIndexTest, CandidatesRankSharedHeavyTermsFirstAndRespectFilters) {
  ASSERT_TRUE(index_->Rebuild(SampleChain(), 1).ok());
  const std::string draft = "负责价格监督检查，查处价格违法行为";
  auto all = Candidates(draft, {});
  ASSERT_GE(all.size(), 3u);
  std::set<std::string> top3;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_THAT(all[i].doc.text, HasSubstr("价格监督检查")) << i;
    top3.insert(all[i].doc.institution);
    if (i > 0) {
      EXPECT_LE(all[i].retrieval, all[i - 1].retrieval);
    }
  }
  EXPECT_EQ(top3, (std::set<std::string>{kWujia, kFagai, kLinchuan}));
  for (const auto& c : all) {
    EXPECT_EQ(c.doc.terms.terms, history::AnalyzeDuty(c.doc.text).terms);
    EXPECT_GT(c.retrieval, 0);
  }

  ClauseFilter f;
  f.as_of = "2015-01-01";
  f.region = "清河市";
  auto now = Candidates(draft, f);
  ASSERT_FALSE(now.empty());
  EXPECT_EQ(now[0].doc.institution, kFagai);
  EXPECT_EQ(now[0].doc.index, 1u);
  for (const auto& c : now) EXPECT_EQ(c.doc.institution, kFagai);

  f.exclude_institutions = {kFagai};
  EXPECT_TRUE(Candidates(draft, f).empty());

  // k bounds the answer; an empty or weightless query finds nothing.
  EXPECT_EQ(Candidates(draft, {}, 2).size(), 2u);
  auto none = index_->Candidates({}, {}, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto zero = index_->Candidates({{"w:价格", 0.0}}, {}, 10);
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->empty());
  // A heavier weight on a term pulls its clause up.
  auto plan = index_->Candidates({{"b:收费", 5.0}, {"b:规划", 0.1}}, {}, 10);
  ASSERT_TRUE(plan.ok());
  ASSERT_FALSE(plan->empty());
  EXPECT_THAT(plan->front().doc.text, HasSubstr("收费"));
}

TEST_F(ClauseIndexTest, WeightsCountEveryClauseOnce) {
  const history::Chain chain = SampleChain();
  ASSERT_TRUE(index_->Rebuild(chain, 1).ok());
  std::vector<history::DutyTerms> analysed;
  for (const auto& v : chain.versions)
    for (const auto& d : v.duties) analysed.push_back(history::AnalyzeDuty(d));
  const auto expected = history::TermWeights::FromClauses(analysed);
  auto w = index_->Weights();
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->clauses(), ClauseCount(chain));
  size_t keys = 0;
  for (const auto& terms : analysed) {
    for (const auto& t : terms.terms) {
      EXPECT_EQ(w->DocFreq(t.key), expected.DocFreq(t.key)) << t.key;
      EXPECT_GE(w->DocFreq(t.key), 1u) << t.key;
      ++keys;
    }
  }
  EXPECT_GT(keys, 10u);
  // A CJK key is one term (not split by the whitespace analysis): 价格监督检查 occurs in three
  // clauses whichever way AnalyzeDuty cuts it.
  bool found = false;
  for (const auto& t : history::AnalyzeDuty("价格监督检查").terms) {
    if (t.key.find("价格") != std::string::npos) {
      EXPECT_GE(w->DocFreq(t.key), 3u) << t.key;
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(w->DocFreq("w:不存在的词"), 0u);

  // Recomputed after a change.
  history::Chain smaller = chain;
  smaller.versions.erase(smaller.versions.begin());
  ASSERT_TRUE(index_->Rebuild(smaller, 2).ok());
  auto w2 = index_->Weights();
  ASSERT_TRUE(w2.ok());
  EXPECT_EQ(w2->clauses(), ClauseCount(smaller));
}

TEST_F(ClauseIndexTest, TermsRoundTripExactly) {
  history::Chain chain = SampleChain();
  chain.versions[0].duties.push_back("負責全縣ＡＢＣ食品安全監督管理（繁體、全角）");
  chain.versions[0].duties.push_back("");
  ASSERT_TRUE(index_->Rebuild(chain, 1).ok());
  const auto all = All({});
  ASSERT_EQ(all.size(), ClauseCount(chain));
  for (const auto& d : all) {
    const auto fresh = history::AnalyzeDuty(d.text);
    ASSERT_EQ(d.terms.terms.size(), fresh.terms.size()) << d.text;
    for (size_t i = 0; i < fresh.terms.size(); ++i) {
      EXPECT_EQ(d.terms.terms[i], fresh.terms[i]) << d.text << " #" << i;
    }
  }
}

TEST_F(ClauseIndexTest, ReopensFromDisk) {
  const history::Chain chain = SampleChain();
  ASSERT_TRUE(index_->Rebuild(chain, 42).ok());
  const auto before = All({});
  Reopen();
  auto s = Stats();
  EXPECT_EQ(s.chain_tx, 42u);
  EXPECT_EQ(s.clauses, ClauseCount(chain));
  const auto after = All({});
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].text, before[i].text);
    EXPECT_EQ(after[i].terms.terms, before[i].terms.terms);
    EXPECT_EQ(after[i].source, before[i].source);
  }
}

TEST_F(ClauseIndexTest, InvalidUtf8DoesNotLoseOtherClauses) {
  history::Chain chain = SampleChain();
  auto& v = *std::find_if(chain.versions.begin(), chain.versions.end(),
                          [](const auto& x) { return x.institution == kWujia; });
  v.duties.insert(v.duties.begin() + 1, std::string("负责全市\xff\xfe价格\xc3举报受理"));
  ASSERT_TRUE(index_->Rebuild(chain, 1).ok());
  ClauseFilter f;
  f.region = "清河市";
  f.as_of = "2000-01-01";
  f.exclude_institutions = {kJiwei};
  const auto docs = All(f);
  ASSERT_EQ(docs.size(), 4u);
  for (const auto& d : docs) EXPECT_TRUE(text::IsValidUtf8(d.text)) << d.text;
  EXPECT_THAT(docs[1].text, HasSubstr("举报受理"));
  EXPECT_THAT(docs[1].text, HasSubstr("价格"));
  EXPECT_EQ(docs[2].text, "拟订全市价格调控目标和价格政策");
  EXPECT_EQ(docs[1].terms.terms, history::AnalyzeDuty(docs[1].text).terms);
}

TEST_F(ClauseIndexTest, ConcurrentReadsDuringWrites) {
  const history::Chain chain = SampleChain();
  ASSERT_TRUE(index_->Rebuild(chain, 1).ok());
  const auto q = Query("负责价格监督检查");
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        auto all = index_->All({});
        auto c = index_->Candidates(q, {}, 5);
        auto w = index_->Weights();
        if (!all.ok() || !c.ok() || !w.ok() || all->size() != ClauseCount(chain)) ++failures;
      }
    });
  }
  for (uint64_t tx = 2; tx < 8; ++tx) ASSERT_TRUE(index_->Rebuild(chain, tx).ok());
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Stats().chain_tx, 7u);
}

TEST_F(ClauseIndexTest, AllReadsLargeListsInKeyOrder) {
  // Enough entries for All() to read them with several threads.
  const char* const kObjects[] = {"价格", "食品", "水利", "就业", "统计", "审计", "土地", "环境"};
  history::Chain chain;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = "org:b" + std::to_string(i);
    chain.institutions.push_back(
        MakeInstitution(id, "city", "", "", {"清河市第" + std::to_string(i) + "局"}));
    for (int v = 0; v < 2; ++v) {
      std::vector<std::string> duties;
      for (int k = 0; k < 11; ++k)
        duties.push_back(std::string(kObjects[(i + k) % 8]) + "管理" + std::to_string(k));
      chain.versions.push_back(MakeVersion(id, v == 0 ? "2000-01-01" : "2010-01-01",
                                           v == 0 ? "2010-01-01" : "",
                                           "清河市第" + std::to_string(i) + "局", std::move(duties),
                                           Cite("清编〔2000〕1号", "2000-01-01", 1)));
    }
  }
  std::sort(chain.institutions.begin(), chain.institutions.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  std::sort(chain.versions.begin(), chain.versions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.institution, a.valid_from) < std::tie(b.institution, b.valid_from);
  });
  ASSERT_TRUE(index_->Rebuild(chain, 1).ok());
  const auto all = All({});
  ASSERT_EQ(all.size(), 22000u);
  EXPECT_EQ(Listed(all), Expected(chain));
  for (size_t i = 0; i < all.size(); i += 997) {
    EXPECT_EQ(all[i].source, Cite("清编〔2000〕1号", "2000-01-01", 1));
    EXPECT_EQ(all[i].terms.terms, history::AnalyzeDuty(all[i].text).terms);
  }
  ClauseFilter f;
  f.as_of = "2012-12-31";
  f.exclude_institutions = {"org:b7"};
  EXPECT_EQ(All(f).size(), 11000u - 11u);
}

// --- Sync from a store ---------------------------------------------------------------------

class ClauseIndexSyncTest : public ClauseIndexTest {
 protected:
  void SetUp() override {
    ClauseIndexTest::SetUp();
    store_ = Store::NewInMemory();
  }
  uint64_t Commit(const history::Chain& chain, const std::string& why) {
    ChainTx meta;
    meta.kind = "build";
    meta.by = "test";
    meta.reason = why;
    auto tx = history::CommitWholeChain(*store_, chain, meta);
    EXPECT_TRUE(tx.ok()) << tx.status().ToString();
    return tx.ok() ? tx->number : 0;
  }
  std::unique_ptr<Store> store_;
};

TEST_F(ClauseIndexSyncTest, SyncIsIncrementalAndIdempotent) {
  // Nothing in the store, nothing to do.
  ASSERT_TRUE(index_->Sync(*store_).ok());
  EXPECT_EQ(Stats().chain_tx, 0u);

  history::Chain chain = SampleChain();
  const uint64_t tx1 = Commit(chain, "第一次");
  ASSERT_GT(tx1, 0u);
  ASSERT_TRUE(index_->Sync(*store_).ok());
  auto s1 = Stats();
  EXPECT_EQ(s1.chain_tx, tx1);
  EXPECT_EQ(s1.clauses, ClauseCount(chain));
  EXPECT_EQ(s1.versions, chain.versions.size());
  const auto first = All({});
  EXPECT_EQ(Listed(first), Expected(chain));
  // Sync and Rebuild give the same entries.
  {
    auto other = ClauseIndex::Open(dir_ + "/rebuilt");
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*other)->Rebuild(chain, tx1).ok());
    auto rebuilt = (*other)->All({});
    ASSERT_TRUE(rebuilt.ok());
    ASSERT_EQ(rebuilt->size(), first.size());
    for (size_t i = 0; i < first.size(); ++i) {
      EXPECT_EQ((*rebuilt)[i].text, first[i].text);
      EXPECT_EQ((*rebuilt)[i].region, first[i].region);
      EXPECT_EQ((*rebuilt)[i].source, first[i].source);
    }
  }

  // Change one version's duties, remove another version.
  history::Chain changed = chain;
  for (auto& v : changed.versions) {
    if (v.institution == kFagai) {
      v.duties[1] = "负责全市价格监督检查工作";
      v.duties.push_back("承担全市粮食流通宏观调控工作");
    }
  }
  changed.versions.erase(
      std::remove_if(
          changed.versions.begin(), changed.versions.end(),
          [](const auto& v) { return v.institution == kJiwei && v.valid_from == "1983-10-20"; }),
      changed.versions.end());
  const uint64_t tx2 = Commit(changed, "第二次");
  ASSERT_GT(tx2, tx1);
  ASSERT_TRUE(index_->Sync(*store_).ok());
  auto s2 = Stats();
  EXPECT_EQ(s2.chain_tx, tx2);
  EXPECT_EQ(s2.clauses, ClauseCount(chain) - 2 + 1);
  EXPECT_EQ(s2.versions, chain.versions.size() - 1);
  const auto second = All({});
  EXPECT_EQ(Listed(second), Expected(changed));
  ClauseFilter f;
  f.exclude_institutions = {kFagai};
  f.as_of = "1995-01-01";
  EXPECT_THAT(Institutions(All(f)),
              UnorderedElementsAre(kLinchuan, kWujia));  // the 1983 计委 is gone
  // Weights follow the change.
  auto w = index_->Weights();
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->clauses(), s2.clauses);
  EXPECT_EQ(w->DocFreq("b:物资"), 0u);

  // A third Sync at the same transaction writes nothing.
  const std::string commit_point = SegmentsFile();
  ASSERT_FALSE(commit_point.empty());
  ASSERT_TRUE(index_->Sync(*store_).ok());
  EXPECT_EQ(SegmentsFile(), commit_point);
  EXPECT_EQ(Stats().chain_tx, tx2);

  // A transaction that changes no version (an event only) still advances the recorded number.
  history::Chain with_event = changed;
  history::ChainEvent e;
  e.id = "ev-test-1";
  e.type = "renamed";
  e.date = "2002-06-18";
  e.from = {kJiwei};
  e.to = {kJiwei};
  with_event.events.push_back(e);
  const uint64_t tx3 = Commit(with_event, "第三次");
  ASSERT_GT(tx3, tx2);
  ASSERT_TRUE(index_->Sync(*store_).ok());
  EXPECT_EQ(Stats().chain_tx, tx3);
  EXPECT_EQ(Listed(All({})), Expected(changed));
  const std::string after_event = SegmentsFile();
  ASSERT_TRUE(index_->Sync(*store_).ok());
  EXPECT_EQ(SegmentsFile(), after_event);

  // Reopened, the index still knows where it is.
  Reopen();
  EXPECT_EQ(Stats().chain_tx, tx3);
  ASSERT_TRUE(index_->Sync(*store_).ok());
  EXPECT_EQ(SegmentsFile(), after_event);
}

TEST_F(ClauseIndexSyncTest, LevelChangeReindexesRegion) {
  history::Chain chain = SampleChain();
  for (auto& i : chain.institutions)
    if (i.id == kLinchuan) i.level = "";
  chain.versions.front().name = "物价局";  // no division in the name: no region
  Commit(chain, "第一次");
  ASSERT_TRUE(index_->Sync(*store_).ok());
  ClauseFilter f;
  f.region = "全国";
  EXPECT_TRUE(All(f).empty());
  for (auto& i : chain.institutions)
    if (i.id == kLinchuan) i.level = "national";
  Commit(chain, "第二次");
  ASSERT_TRUE(index_->Sync(*store_).ok());
  EXPECT_THAT(Institutions(All(f)), UnorderedElementsAre(kLinchuan));
}

TEST_F(ClauseIndexSyncTest, SyncAfterRebuildOfSameChainWritesOnlyTheTxNumber) {
  history::Chain chain = SampleChain();
  const uint64_t tx1 = Commit(chain, "第一次");
  ASSERT_TRUE(index_->Rebuild(chain, 0).ok());
  ASSERT_TRUE(index_->Sync(*store_).ok());
  EXPECT_EQ(Stats().chain_tx, tx1);
  EXPECT_EQ(Listed(All({})), Expected(chain));
}

TEST_F(ClauseIndexTest, OpenReportsBadDirectoryInChinese) {
  const std::string file = dir_ + "/not-a-dir";
  { std::ofstream(file) << "x"; }
  auto r = ClauseIndex::Open(file + "/clauses");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("职责条款索引目录"));
}

}  // namespace
}  // namespace sanding::indexer
