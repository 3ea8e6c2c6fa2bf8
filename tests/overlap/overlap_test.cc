// Tests of query/overlap: a draft's clauses against a chain built in code (reworded matches with
// their shared terms and marks, the date and region filters, the threshold, the per-body summary,
// the moved rule), the region-wide report (the overlapping pair found, the near miss and same-body
// pairs not, identical across runs and thread counts), the JSON fields and the HTML page.
#include "query/overlap/overlap.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "indexer/clause_index.h"
#include "query/lineage/lineage.h"

namespace sanding::overlap {
namespace {

using history::Chain;
using history::ChainEvent;
using history::Citation;
using history::Institution;
using history::Version;

Citation Doc(const std::string& number, const std::string& date) {
  Citation c;
  c.file = "sha-" + number;
  c.doc_number = number;
  c.title = "关于印发机构职能配置规定的通知";
  c.date = date;
  c.page = 2;
  c.begin = 10;
  c.end = 40;
  return c;
}

Institution Inst(const std::string& id, const std::string& level, const std::string& from,
                 const std::string& to, std::vector<std::string> names) {
  Institution i;
  i.id = id;
  i.level = level;
  i.valid_from = from;
  i.valid_to = to;
  i.names = std::move(names);
  return i;
}

Version Ver(const std::string& id, const std::string& from, const std::string& to,
            const std::string& name, std::vector<std::string> duties, const Citation& cite) {
  Version v;
  v.institution = id;
  v.valid_from = from;
  v.valid_to = to;
  v.name = name;
  v.duties = std::move(duties);
  v.sources.push_back(cite);
  v.cites["name"] = cite;
  v.cites["duties"] = cite;
  return v;
}

ChainEvent Ev(const std::string& id, const std::string& type, const std::string& date,
              std::vector<std::string> from, std::vector<std::string> to, const std::string& duty,
              const Citation& source) {
  ChainEvent e;
  e.id = id;
  e.type = type;
  e.date = date;
  e.from = std::move(from);
  e.to = std::move(to);
  e.duty = duty;
  e.source = source;
  return e;
}

const Citation kDoc2000 = Doc("清政发〔2000〕4号", "2000-03-01");
const Citation kDoc2005 = Doc("清政发〔2005〕9号", "2005-01-01");
const Citation kDoc2019 = Doc("清政发〔2019〕1号", "2019-01-28");
const Citation kDocLc = Doc("临政发〔2001〕2号", "2001-05-01");

const char* kPrice = "组织实施价格监督检查和反垄断执法，查处价格违法和不正当价格行为";
const char* kOldPrice = "负责全市价格监督检查工作，依法查处价格违法行为和乱收费行为";

// 清河市 and 临川县: the 物价局 keeps printing 价格监督检查 after a 2019 transfer moved it to the
// new 市场监督管理局, which the 食品药品监督管理局 merged into; a 统计局 and a 调查队 share the
// 统计调查 duty; the 民政局's social relief and the 医疗保障局's medical relief are a near miss.
Chain TestChain() {
  Chain c;
  c.institutions = {
      Inst("lc-tjj", "county", "2001-05-01", "", {"临川县统计局"}),
      Inst("qh-mzj", "city", "2000-03-01", "", {"清河市民政局"}),
      Inst("qh-dcd", "city", "2000-03-01", "", {"清河市社会经济调查队"}),
      Inst("qh-scjg", "city", "2019-01-28", "", {"清河市市场监督管理局"}),
      Inst("qh-ybj", "city", "2000-03-01", "", {"清河市医疗保障局"}),
      Inst("qh-spj", "city", "2005-01-01", "2019-01-28", {"清河市食品药品监督管理局"}),
      Inst("qh-tjj", "city", "2000-03-01", "", {"清河市统计局"}),
      Inst("qh-wjj", "city", "2000-03-01", "", {"清河市物价局"}),
  };
  c.versions = {
      Ver("lc-tjj", "2001-05-01", "", "临川县统计局",
          {"组织实施全县统计调查，收集、汇总和发布统计资料"}, kDocLc),
      Ver("qh-mzj", "2000-03-01", "", "清河市民政局",
          {"负责全市城乡社会救济和救灾工作，保障困难群众基本生活", "负责全市婚姻登记管理"}, kDoc2000),
      Ver("qh-dcd", "2000-03-01", "", "清河市社会经济调查队",
          {"承担全市统计调查任务，收集、汇总统计资料", "开展城乡居民收支抽样调查"}, kDoc2000),
      Ver("qh-scjg", "2019-01-28", "", "清河市市场监督管理局",
          {kPrice, "负责全市食品安全监督管理工作", "承担市场主体统一登记注册工作"}, kDoc2019),
      Ver("qh-ybj", "2000-03-01", "", "清河市医疗保障局",
          {"组织实施全市医疗救助制度，会同有关部门做好困难群众医疗保障"}, kDoc2000),
      Ver("qh-spj", "2005-01-01", "2019-01-28", "清河市食品药品监督管理局",
          {"负责全市食品安全监督管理综合协调，组织查处食品安全重大事故", "负责药品、医疗器械的监督管理"},
          kDoc2005),
      Ver("qh-tjj", "2000-03-01", "", "清河市统计局",
          {"组织实施全市统计调查，收集、汇总和发布统计资料", "负责全市国民经济核算工作",
           "组织领导和协调全市统计调查工作"},
          kDoc2000),
      Ver("qh-wjj", "2000-03-01", "", "清河市物价局",
          {kOldPrice, "拟订全市价格调控目标和政策，管理政府定价的重要商品和服务价格"}, kDoc2000),
  };
  c.events = {
      Ev("e-spj-merged", "merged", "2019-01-28", {"qh-spj"}, {"qh-scjg"}, "", kDoc2019),
      Ev("e-price", "duty_transferred", "2019-01-28", {"qh-wjj"}, {"qh-scjg"}, "价格监督检查", kDoc2019),
      Ev("e-scjg", "established", "2019-01-28", {}, {"qh-scjg"}, "", kDoc2019),
  };
  return c;
}

class OverlapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sanding-overlap-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    chain_ = TestChain();
    auto index = indexer::ClauseIndex::Open(dir_ + "/clauses");
    ASSERT_TRUE(index.ok()) << index.status().message();
    index_ = std::move(*index);
    ASSERT_TRUE(index_->Rebuild(chain_, 1).ok());
    source_ = lineage::ChainSource(chain_);
  }
  void TearDown() override {
    index_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  DraftReport Check(const std::vector<std::string>& texts, Options o) {
    std::vector<DraftClause> draft;
    for (const auto& t : texts) draft.push_back(DraftClause{"", t});
    auto r = CheckDraft(*index_, *source_, draft, DraftSource{"草案.txt", ""}, o);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : DraftReport{};
  }
  static Options At(const std::string& date) {
    Options o;
    o.as_of = date;
    return o;
  }
  static std::vector<std::string> Ids(const DraftClauseResult& c) {
    std::vector<std::string> out;
    for (const auto& m : c.matches) out.push_back(m.institution);
    return out;
  }
  static bool Has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  std::string dir_;
  Chain chain_;
  std::unique_ptr<indexer::ClauseIndex> index_;
  std::unique_ptr<lineage::Source> source_;
};

// Whether some mark of `marks` in `text` lies inside the first occurrence of `word`.
bool MarkedWithin(const std::string& text, const std::vector<std::pair<uint32_t, uint32_t>>& marks,
                  const std::string& word) {
  const size_t at = text.find(word);
  if (at == std::string::npos) return false;
  for (auto [b, e] : marks)
    if (b >= at && e <= at + word.size() && e > b) return true;
  return false;
}

TEST(OverlapSplit, NumberedUnnumberedAndBoilerplate) {
  auto numbered = SplitDraft(
      "清河市数据管理局主要职责（征求意见稿）\n"
      "（一）负责全市价格监督检查工作。\n"
      "（二）负责全市食品安全监督管理。\n"
      "（三）完成市委、市政府交办的其他任务。\n");
  ASSERT_EQ(numbered.size(), 2u);
  EXPECT_EQ(numbered[0].number, "（一）");
  EXPECT_EQ(numbered[0].text, "负责全市价格监督检查工作");
  EXPECT_EQ(numbered[1].text, "负责全市食品安全监督管理");

  auto lines = SplitDraft("组织实施全市统计调查\n负责全市价格监督检查\n\n承担全市食品安全综合协调\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "组织实施全市统计调查");
  EXPECT_EQ(lines[2].text, "承担全市食品安全综合协调");
  EXPECT_TRUE(SplitDraft("   \n").empty());
}

TEST_F(OverlapTest, RewordedClauseMatchesTheRightBodyAndVersion) {
  const std::string draft = "负责价格监督检查与反垄断执法工作，查处不正当价格行为";
  DraftReport r = Check({draft}, At("2020-01-01"));
  ASSERT_EQ(r.clauses.size(), 1u);
  const auto& c = r.clauses[0];
  ASSERT_FALSE(c.matches.empty());
  const ClauseMatch& m = c.matches[0];
  EXPECT_EQ(m.institution, "qh-scjg");
  EXPECT_EQ(m.name, "清河市市场监督管理局");
  EXPECT_EQ(m.version_from, "2019-01-28");
  EXPECT_EQ(m.version_to, "");
  EXPECT_EQ(m.clause_index, 0u);
  EXPECT_EQ(m.text, kPrice);
  EXPECT_GE(m.score, history::kOverlapThreshold);
  EXPECT_LE(m.score, 1.0);
  EXPECT_EQ(m.source, kDoc2019);
  ASSERT_FALSE(m.shared.empty());
  bool price_shared = false;
  for (const auto& s : m.shared) price_shared |= s.find("价格") != std::string::npos;
  EXPECT_TRUE(price_shared);
  // Marks are byte spans of the shared terms in each text.
  EXPECT_TRUE(MarkedWithin(draft, m.draft_marks, "价格监督检查"));
  EXPECT_TRUE(MarkedWithin(m.text, m.marks, "价格监督检查"));
  for (auto [b, e] : m.marks) EXPECT_LE(e, m.text.size());
  for (auto [b, e] : m.draft_marks) EXPECT_LE(e, draft.size());
  EXPECT_EQ(r.overlapping, 1u);
  EXPECT_GT(r.indexed_clauses, 0u);
  EXPECT_EQ(r.options.as_of, "2020-01-01");
}

TEST_F(OverlapTest, AsOfExcludesBodiesNotInForce) {
  const std::string food = "负责全市食品安全的监督管理和综合协调";
  DraftReport before = Check({food}, At("2015-06-01"));
  EXPECT_TRUE(Has(Ids(before.clauses[0]), "qh-spj"));
  EXPECT_FALSE(Has(Ids(before.clauses[0]), "qh-scjg"));  // not yet set up
  DraftReport after = Check({food}, At("2020-01-01"));
  EXPECT_FALSE(Has(Ids(after.clauses[0]), "qh-spj"));  // merged away in 2019
  EXPECT_TRUE(Has(Ids(after.clauses[0]), "qh-scjg"));
}

TEST_F(OverlapTest, RegionFilter) {
  const std::string stats = "组织实施统计调查，收集汇总统计资料";
  Options o = At("2020-01-01");
  DraftReport all = Check({stats}, o);
  EXPECT_TRUE(Has(Ids(all.clauses[0]), "qh-tjj"));
  EXPECT_TRUE(Has(Ids(all.clauses[0]), "lc-tjj"));
  o.region = "临川县";
  DraftReport lc = Check({stats}, o);
  EXPECT_EQ(Ids(lc.clauses[0]), std::vector<std::string>{"lc-tjj"});
  o.region = "清河市";
  DraftReport qh = Check({stats}, o);
  EXPECT_TRUE(Has(Ids(qh.clauses[0]), "qh-tjj"));
  EXPECT_FALSE(Has(Ids(qh.clauses[0]), "lc-tjj"));
}

TEST_F(OverlapTest, ThresholdAndPerClause) {
  const std::string stats = "组织实施统计调查，收集汇总统计资料";
  Options o = At("2020-01-01");
  DraftReport base = Check({stats}, o);
  ASSERT_GE(base.clauses[0].matches.size(), 2u);
  for (const auto& m : base.clauses[0].matches) EXPECT_GE(m.score, o.threshold);
  // Best first.
  for (size_t i = 1; i < base.clauses[0].matches.size(); ++i)
    EXPECT_GE(base.clauses[0].matches[i - 1].score, base.clauses[0].matches[i].score);
  o.threshold = 1.0;
  DraftReport strict = Check({stats}, o);
  EXPECT_TRUE(strict.clauses[0].matches.empty());
  EXPECT_EQ(strict.overlapping, 0u);
  o.threshold = history::kOverlapThreshold;
  o.per_clause = 1;
  DraftReport one = Check({stats}, o);
  EXPECT_EQ(one.clauses[0].matches.size(), 1u);
  // The summary still counts every body over the threshold.
  EXPECT_EQ(one.bodies.size(), base.bodies.size());
  Options bad = At("2020-13-01");
  EXPECT_FALSE(CheckDraft(*index_, *source_, {DraftClause{"", stats}}, {}, bad).ok());
  bad = At("2020-01-01");
  bad.threshold = 1.5;
  EXPECT_FALSE(CheckDraft(*index_, *source_, {DraftClause{"", stats}}, {}, bad).ok());
}

TEST_F(OverlapTest, PerBodySummary) {
  DraftReport r = Check({"负责价格监督检查与反垄断执法工作，查处不正当价格行为",
                         "负责全市食品安全的监督管理和综合协调", "组织实施统计调查，收集汇总统计资料",
                         "负责全市旅游景区的规划和宣传推广"},
                        At("2020-01-01"));
  ASSERT_EQ(r.clauses.size(), 4u);
  EXPECT_TRUE(r.clauses[3].matches.empty());
  EXPECT_EQ(r.overlapping, 3u);
  const BodyOverlap* scjg = nullptr;
  for (const auto& b : r.bodies)
    if (b.institution == "qh-scjg") scjg = &b;
  ASSERT_NE(scjg, nullptr);
  EXPECT_EQ(scjg->name, "清河市市场监督管理局");
  EXPECT_EQ(scjg->clauses, 2u);
  EXPECT_DOUBLE_EQ(scjg->share, 0.5);
  EXPECT_GE(scjg->best, history::kOverlapThreshold);
  EXPECT_EQ(r.bodies.front().institution, "qh-scjg");  // most clauses first
  for (size_t i = 1; i < r.bodies.size(); ++i)
    EXPECT_GE(r.bodies[i - 1].clauses, r.bodies[i].clauses);
}

TEST_F(OverlapTest, MovedDutyIsListedApartWithItsEvent) {
  const std::string draft = "负责全市价格监督检查，依法查处价格违法行为";
  DraftReport after = Check({draft}, At("2020-01-01"));
  const auto& c = after.clauses[0];
  EXPECT_FALSE(Has(Ids(c), "qh-wjj"));
  EXPECT_TRUE(Has(Ids(c), "qh-scjg"));
  ASSERT_EQ(c.moved.size(), 1u);
  const MovedMatch& m = c.moved[0];
  EXPECT_EQ(m.match.institution, "qh-wjj");
  EXPECT_EQ(m.match.text, kOldPrice);
  EXPECT_EQ(m.event_id, "e-price");
  EXPECT_EQ(m.event_type, "duty_transferred");
  EXPECT_EQ(m.date, "2019-01-28");
  EXPECT_EQ(m.to, std::vector<std::string>{"qh-scjg"});
  EXPECT_EQ(m.to_names, std::vector<std::string>{"清河市市场监督管理局"});
  EXPECT_EQ(m.source, kDoc2019);
  for (const auto& b : after.bodies) EXPECT_NE(b.institution, "qh-wjj");  // not counted

  // Before the transfer the 物价局 holds it.
  DraftReport before = Check({draft}, At("2018-01-01"));
  EXPECT_TRUE(Has(Ids(before.clauses[0]), "qh-wjj"));
  EXPECT_TRUE(before.clauses[0].moved.empty());
  // Its other duties are not affected by the transfer.
  DraftReport other = Check({"拟订全市价格调控目标和政策，管理政府定价的商品价格"}, At("2020-01-01"));
  EXPECT_TRUE(Has(Ids(other.clauses[0]), "qh-wjj"));
}

TEST_F(OverlapTest, ArchivedDraftIsNotComparedWithItself) {
  std::vector<DraftClause> draft{{"（一）", "组织实施全市统计调查，收集、汇总和发布统计资料"}};
  auto r = CheckDraft(*index_, *source_, draft, DraftSource{"清政发〔2000〕4号", kDoc2000.file}, At("2020-01-01"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(Has(Ids(r->clauses[0]), "qh-tjj"));  // printed in that very document
  EXPECT_TRUE(Has(Ids(r->clauses[0]), "lc-tjj"));
  Options o = At("2020-01-01");
  o.exclude_institutions = {"lc-tjj"};
  auto ex = CheckDraft(*index_, *source_, draft, DraftSource{}, o);
  ASSERT_TRUE(ex.ok());
  EXPECT_FALSE(Has(Ids(ex->clauses[0]), "lc-tjj"));
  EXPECT_TRUE(Has(Ids(ex->clauses[0]), "qh-tjj"));
}

TEST_F(OverlapTest, RegionReport) {
  Options o = At("2020-01-01");
  o.region = "清河市";
  auto r = CheckRegion(*index_, *source_, o, 1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->bodies, 6u);  // 食品药品监督管理局 gone, 临川县 elsewhere
  EXPECT_GT(r->clauses, 0u);
  EXPECT_GT(r->candidate_pairs, 0u);
  // The candidates are far fewer than all cross-body pairs.
  EXPECT_LT(r->candidate_pairs, r->clauses * (r->clauses - 1) / 2);
  const PairOverlap* stats = nullptr;
  for (const auto& p : r->pairs) {
    EXPECT_LT(p.a, p.b);
    EXPECT_FALSE(p.pairs.empty());
    if (p.a == "qh-dcd" && p.b == "qh-tjj") stats = &p;
    EXPECT_FALSE(p.a == "qh-mzj" && p.b == "qh-ybj") << "near miss reported: " << p.best;
    EXPECT_FALSE(p.a == "qh-scjg" && p.b == "qh-wjj") << "moved duty counted";
    for (size_t i = 1; i < p.pairs.size(); ++i) EXPECT_GE(p.pairs[i - 1].score, p.pairs[i].score);
  }
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->a_name, "清河市社会经济调查队");
  EXPECT_EQ(stats->b_name, "清河市统计局");
  EXPECT_EQ(stats->a_version, "2000-03-01");
  ASSERT_FALSE(stats->pairs.empty());
  EXPECT_EQ(stats->pairs[0].a_index, 0u);
  EXPECT_FALSE(stats->pairs[0].shared.empty());
  EXPECT_TRUE(MarkedWithin(stats->pairs[0].a_text, stats->pairs[0].a_marks, "统计调查"));
  EXPECT_GE(stats->best, o.threshold);
  // The price duty the 2019 transfer moved: listed apart with the event.
  bool moved = false;
  for (const auto& p : r->moved) {
    if (p.a == "qh-scjg" && p.b == "qh-wjj") {
      ASSERT_FALSE(p.moved.empty());
      EXPECT_EQ(p.moved[0].match.institution, "qh-wjj");
      EXPECT_EQ(p.moved[0].event_id, "e-price");
      moved = true;
    }
  }
  EXPECT_TRUE(moved);

  // Reproducible: run to run and across thread counts.
  auto again = CheckRegion(*index_, *source_, o, 1);
  auto two = CheckRegion(*index_, *source_, o, 2);
  ASSERT_TRUE(again.ok() && two.ok());
  EXPECT_EQ(ToJson(*r).dump(), ToJson(*again).dump());
  EXPECT_EQ(ToJson(*r).dump(), ToJson(*two).dump());
  EXPECT_EQ(RenderText(*r, false), RenderText(*two, false));
}

TEST_F(OverlapTest, RegionReportMatchesAllPairs) {
  // Prefix filtering loses nothing against scoring every cross-body pair.
  Options o = At("2020-01-01");
  o.threshold = 0.3;
  o.per_clause = 1000;  // list every clause pair
  auto r = CheckRegion(*index_, *source_, o, 2);
  ASSERT_TRUE(r.ok());
  auto docs = index_->All({o.as_of, "", {}});
  auto weights = index_->Weights();
  ASSERT_TRUE(docs.ok() && weights.ok());
  std::set<std::string> expected, found;
  for (size_t i = 0; i < docs->size(); ++i) {
    for (size_t j = i + 1; j < docs->size(); ++j) {
      const auto& a = (*docs)[i];
      const auto& b = (*docs)[j];
      if (a.institution == b.institution) continue;
      const double s = history::ScoreOnly(history::Weigh(a.terms, *weights), history::Weigh(b.terms, *weights));
      if (s < o.threshold) continue;
      const bool swap = b.institution < a.institution;
      expected.insert((swap ? b : a).institution + "|" + std::to_string((swap ? b : a).index) + "|" +
                      (swap ? a : b).institution + "|" + std::to_string((swap ? a : b).index));
    }
  }
  for (const auto* list : {&r->pairs, &r->moved}) {
    for (const auto& p : *list) {
      for (const auto& c : p.pairs)
        found.insert(p.a + "|" + std::to_string(c.a_index) + "|" + p.b + "|" + std::to_string(c.b_index));
    }
  }
  // Moved pairs are not clause pairs of the report: count them from the moved list.
  size_t moved = 0;
  for (const auto* list : {&r->pairs, &r->moved})
    for (const auto& p : *list) moved += p.moved.size();
  EXPECT_EQ(found.size() + moved, expected.size());
  for (const auto& f : found) EXPECT_TRUE(expected.count(f)) << f;
}

TEST_F(OverlapTest, JsonFields) {
  DraftReport r = Check({"负责全市价格监督检查，依法查处价格违法行为", "负责全市旅游景区的规划和宣传推广"},
                        At("2020-01-01"));
  const nlohmann::json j = ToJson(r);
  EXPECT_EQ(j["as_of"], "2020-01-01");
  EXPECT_EQ(j["source"]["label"], "草案.txt");
  EXPECT_EQ(j["draft_clauses"], 2);
  EXPECT_EQ(j["overlapping"], 1);
  EXPECT_TRUE(j["indexed_clauses"].is_number());
  EXPECT_DOUBLE_EQ(j["options"]["threshold"].get<double>(), history::kOverlapThreshold);
  const auto& c = j["clauses"][0];
  EXPECT_EQ(c["text"], "负责全市价格监督检查，依法查处价格违法行为");
  const auto& m = c["matches"][0];
  for (const char* k : {"institution", "name", "version_from", "version_to", "clause_index", "text", "score",
                        "shared", "draft_marks", "marks", "source"})
    EXPECT_TRUE(m.contains(k)) << k;
  EXPECT_EQ(m["source"]["doc_number"], "清政发〔2019〕1号");
  EXPECT_EQ(m["marks"][0].size(), 2u);
  const auto& mv = c["moved"][0];
  EXPECT_EQ(mv["match"]["institution"], "qh-wjj");
  EXPECT_EQ(mv["event_type"], "duty_transferred");
  EXPECT_EQ(mv["label"], "职责划转");
  EXPECT_EQ(mv["to"][0]["name"], "清河市市场监督管理局");
  EXPECT_TRUE(j["clauses"][1]["matches"].empty());
  EXPECT_EQ(j["bodies"][0]["institution"], "qh-scjg");
  for (const char* k : {"institution", "name", "clauses", "share", "best"})
    EXPECT_TRUE(j["bodies"][0].contains(k)) << k;

  Options o = At("2020-01-01");
  auto region = CheckRegion(*index_, *source_, o, 1);
  ASSERT_TRUE(region.ok());
  const nlohmann::json rj = ToJson(*region);
  for (const char* k : {"as_of", "region", "bodies", "clauses", "candidate_pairs", "pairs", "moved", "options"})
    EXPECT_TRUE(rj.contains(k)) << k;
  ASSERT_FALSE(rj["pairs"].empty());
  for (const char* k : {"a", "b", "a_name", "b_name", "a_version", "b_version", "a_source", "b_source", "best",
                        "clause_pairs", "moved"})
    EXPECT_TRUE(rj["pairs"][0].contains(k)) << k;
  for (const char* k : {"a_index", "b_index", "a_text", "b_text", "score", "shared", "a_marks", "b_marks"})
    EXPECT_TRUE(rj["pairs"][0]["clause_pairs"][0].contains(k)) << k;
}

TEST_F(OverlapTest, TextAndHtml) {
  DraftReport r = Check({"负责全市价格监督检查<script>alert(1)</script>，依法查处价格违法行为",
                         "负责全市旅游景区的规划和宣传推广"},
                        At("2020-01-01"));
  const std::string text = RenderText(r, false);
  EXPECT_NE(text.find("职能交叉比对报告"), std::string::npos);
  EXPECT_NE(text.find("清河市市场监督管理局"), std::string::npos);
  EXPECT_NE(text.find("【"), std::string::npos);
  EXPECT_NE(text.find("已划出，不计入"), std::string::npos);
  EXPECT_NE(text.find("未发现交叉"), std::string::npos);
  EXPECT_NE(text.find("按机构汇总"), std::string::npos);
  EXPECT_NE(text.find("清政发〔2019〕1号 第2页"), std::string::npos);
  EXPECT_NE(RenderText(r, true).find("\x1b[1;33m"), std::string::npos);

  const std::string html = RenderHtml(r);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("lang=\"zh-CN\""), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<mark>"), std::string::npos);
  EXPECT_NE(html.find("@page"), std::string::npos);
  EXPECT_NE(html.find("page-break-inside"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  // Tags balance.
  for (const char* tag : {"section", "table", "mark", "div", "p"}) {
    const std::string open = std::string("<") + tag, close = std::string("</") + tag + ">";
    size_t opens = 0, closes = 0;
    for (size_t p = html.find(open); p != std::string::npos; p = html.find(open, p + 1)) {
      const char next = html[p + open.size()];
      if (next == '>' || next == ' ') ++opens;
    }
    for (size_t p = html.find(close); p != std::string::npos; p = html.find(close, p + 1)) ++closes;
    EXPECT_EQ(opens, closes) << tag;
  }

  auto region = CheckRegion(*index_, *source_, At("2020-01-01"), 1);
  ASSERT_TRUE(region.ok());
  const std::string rh = RenderHtml(*region);
  EXPECT_NE(rh.find("<mark>"), std::string::npos);
  EXPECT_NE(rh.find("清河市统计局"), std::string::npos);
  EXPECT_EQ(rh.find("http://"), std::string::npos);
  const std::string rt = RenderText(*region, false);
  EXPECT_NE(rt.find("清河市社会经济调查队 ⇄ 清河市统计局"), std::string::npos);
  EXPECT_NE(rt.find("已划出，不计入"), std::string::npos);
}

}  // namespace
}  // namespace sanding::overlap
