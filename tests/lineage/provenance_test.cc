// Duty provenance: clause matching (bigram containment, 繁/简, punctuation, boilerplate), tracing
// a duty through a body's versions and through the transfers, merges and abolitions that moved it,
// bodies known only from events (national bodies without recorded duties), the text report, JSON,
// and the sample corpus's 价格监督检查 (物价局 → 发改委 → 市场监督管理局).
#include "query/lineage/provenance.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/history/build.h"
#include "tests/extract/corpus_util.h"

namespace sanding::lineage {
namespace {

using history::Chain;
using history::ChainEvent;
using history::Citation;
using history::Institution;
using history::Version;

Citation Doc(const std::string& number, const std::string& date, uint32_t page) {
  Citation c;
  c.file = "sha-" + number;
  c.doc_number = number;
  c.title = "关于机构改革的通知";
  c.date = date;
  c.page = page;
  c.begin = 10;
  c.end = 40;
  return c;
}

Institution Inst(const std::string& id, const std::string& level, const std::string& from, const std::string& to,
                 std::vector<std::string> names) {
  Institution i;
  i.id = id;
  i.level = level;
  i.valid_from = from;
  i.valid_to = to;
  i.names = std::move(names);
  return i;
}

Version Ver(const std::string& id, const std::string& from, const std::string& to, const std::string& name,
            std::vector<std::string> duties, const Citation& cite) {
  Version v;
  v.institution = id;
  v.valid_from = from;
  v.valid_to = to;
  v.name = name;
  v.duties = std::move(duties);
  v.sources.push_back(cite);
  v.cites["name"] = cite;
  if (!v.duties.empty()) {
    Citation d = cite;
    d.page += 1;  // the duties are printed on the next page
    v.cites["duties"] = d;
  }
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

void Sort(Chain& c) {
  std::sort(c.institutions.begin(), c.institutions.end(),
            [](const Institution& a, const Institution& b) { return a.id < b.id; });
  std::stable_sort(c.versions.begin(), c.versions.end(), [](const Version& a, const Version& b) {
    return std::tie(a.institution, a.valid_from) < std::tie(b.institution, b.valid_from);
  });
  std::stable_sort(c.events.begin(), c.events.end(), [](const ChainEvent& a, const ChainEvent& b) {
    return std::tie(a.date, a.id) < std::tie(b.date, b.id);
  });
}

// 清河市: 价格监督检查 from the 物价局 to the 发改委 (2010, with the 物价局 merged in the same
// decision), then to the new 市场监督管理局 (2019); the 发改委's 2019 version no longer prints it.
const Citation kDoc1983 = Doc("清政发〔1983〕5号", "1983-10-20", 1);
const Citation kDoc2002 = Doc("清政发〔2002〕7号", "2002-06-18", 1);
const Citation kDoc2010 = Doc("清政发〔2010〕3号", "2010-01-26", 2);
const Citation kDoc2019 = Doc("清政发〔2019〕1号", "2019-01-28", 3);

Chain CityChain() {
  Chain c;
  c.institutions = {
      Inst("qh-wjj", "city", "1983-10-20", "2010-01-26", {"清河市物价局"}),
      Inst("qh-jw", "city", "2002-06-18", "", {"清河市发展计划委员会", "清河市发展和改革委员会"}),
      Inst("qh-scjg", "city", "2019-01-28", "", {"清河市市场监督管理局"}),
  };
  c.versions = {
      Ver("qh-wjj", "1983-10-20", "2010-01-26", "清河市物价局",
          {"拟订全市价格调控目标和政策", "负责全市价格监督检查工作"}, kDoc1983),
      Ver("qh-jw", "2002-06-18", "2010-01-26", "清河市发展计划委员会",
          {"研究拟订全市国民经济和社会发展中长期规划"}, kDoc2002),
      Ver("qh-jw", "2010-01-26", "2019-01-28", "清河市发展和改革委员会",
          {"组织编制全市国民经济和社会发展规划", "负责全市价格监督检查和反垄断执法工作"}, kDoc2010),
      Ver("qh-jw", "2019-01-28", "", "清河市发展和改革委员会",
          {"组织编制全市国民经济和社会发展规划", "负责全市社会信用体系建设的统筹协调"}, kDoc2019),
      Ver("qh-scjg", "2019-01-28", "", "清河市市场监督管理局",
          {"承担市场主体统一登记注册工作", "承担价格监督检查工作"}, kDoc2019),
  };
  c.events = {
      Ev("ev-wjj-merged", "merged", "2010-01-26", {"qh-wjj"}, {"qh-jw"}, "", kDoc2010),
      Ev("ev-jw-renamed", "renamed", "2010-01-26", {"qh-jw"}, {"qh-jw"}, "", kDoc2010),
      Ev("ev-price-2010", "duty_transferred", "2010-01-26", {"qh-wjj"}, {"qh-jw"}, "价格监督检查", kDoc2010),
      Ev("ev-scjg-established", "established", "2019-01-28", {}, {"qh-scjg"}, "", kDoc2019),
      Ev("ev-price-2019", "duty_transferred", "2019-01-28", {"qh-jw"}, {"qh-scjg"}, "价格监督检查", kDoc2019),
      Ev("ev-credit-2019", "duty_transferred", "2019-01-28", {"qh-jw"}, {"qh-scjg"}, "社会信用体系建设", kDoc2019),
  };
  Sort(c);
  return c;
}

Citation DutiesCite(const Citation& c) {
  Citation d = c;
  d.page += 1;
  return d;
}

// ---- DutyMatch --------------------------------------------------------------------------------

TEST(DutyMatchTest, ContainmentOfBigrams) {
  EXPECT_DOUBLE_EQ(DutyMatch("价格监督检查", "负责全市价格监督检查和反垄断执法工作"), 1.0);
  // 价格监督检查 | 反垄断执法 (与 cuts): 9 bigrams weighing 8 (监督 and 检查 are generic: 1/2),
  // the 5 of 价格监督检查 (4) found.
  EXPECT_NEAR(DutyMatch("价格监督检查与反垄断执法", "负责全市价格监督检查工作"), 4.0 / 8.0, 1e-9);
  // 价格管理: 价格 found, 格管 and 管理 (1/2) not.
  EXPECT_NEAR(DutyMatch("价格管理", "负责全市价格监督检查工作"), 1.0 / 2.5, 1e-9);
  EXPECT_DOUBLE_EQ(DutyMatch("粮食储备管理", "负责全市价格监督检查工作"), 0.0);
  EXPECT_DOUBLE_EQ(DutyMatch("", "负责全市价格监督检查工作"), 0.0);
  EXPECT_DOUBLE_EQ(DutyMatch("价格监督检查", ""), 0.0);
}

TEST(DutyMatchTest, GenericWordsWeighLess) {
  // 监督 督检 检查 of 价格 格监 监督 督检 检查 are found (3 of 5), but 监督 and 检查 weigh 1/2:
  // 2 / 4. Inspecting drug makers is not price inspection.
  EXPECT_NEAR(DutyMatch("价格监督检查", "负责药品生产、经营企业的许可和监督检查"), 0.5, 1e-9);
  EXPECT_LT(DutyMatch("价格监督检查", "负责药品生产、经营企业的许可和监督检查"), kDutyMatchThreshold);
  EXPECT_DOUBLE_EQ(DutyMatch("监督检查", "负责药品生产、经营企业的许可和监督检查"), 1.0);
}

TEST(DutyMatchTest, OneCharacterKeyUsesCharacters) {
  EXPECT_DOUBLE_EQ(DutyMatch("价", "负责全市价格监督检查工作"), 1.0);
  EXPECT_DOUBLE_EQ(DutyMatch("粮", "负责全市价格监督检查工作"), 0.0);
}

TEST(DutyMatchTest, TraditionalAndFullWidthAreNormalised) {
  EXPECT_DOUBLE_EQ(DutyMatch("价格监督检查", "負責全市價格監督檢查工作"), 1.0);
  EXPECT_DOUBLE_EQ(DutyMatch("價格監督檢查", "负责全市价格监督检查工作"), 1.0);
  EXPECT_DOUBLE_EQ(DutyMatch("ＧＤＰ核算", "负责全市gdp核算工作"), 1.0);
}

TEST(DutyMatchTest, PunctuationSeparatesAndIsIgnored) {
  // No bigram spans the comma on either side.
  EXPECT_DOUBLE_EQ(DutyMatch("价格，监督", "价格监督"), 1.0);
  EXPECT_DOUBLE_EQ(DutyMatch("格监", "价格，监督检查"), 0.0);
  EXPECT_DOUBLE_EQ(DutyMatch("「价格监督检查」", "价格监督检查"), 1.0);
}

TEST(DutyMatchTest, BoilerplateOfAWholeClauseIsNotScored) {
  // 负责 / 全市 / 工作 / 职责 are not what the duty is about.
  EXPECT_DOUBLE_EQ(DutyMatch("负责全市价格监督检查工作", "承担价格监督检查职责，组织查处价格违法案件"), 1.0);
  // A phrase made only of boilerplate is scored as written.
  EXPECT_DOUBLE_EQ(DutyMatch("负责", "负责全市价格监督检查工作"), 1.0);
  EXPECT_DOUBLE_EQ(DutyMatch("负责", "承担价格监督检查工作"), 0.0);
}

// ---- TraceDuty --------------------------------------------------------------------------------

TEST(TraceDutyTest, FromTheReceiverFindsOriginAndDestination) {
  const Chain chain = CityChain();
  auto source = ChainSource(chain);
  auto r = TraceDuty(*source, "qh-jw", "价格监督检查");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Provenance& p = *r;
  EXPECT_EQ(p.duty, "价格监督检查");
  EXPECT_EQ(p.institution, "qh-jw");
  ASSERT_EQ(p.holdings.size(), 3u);

  Holding wjj;
  wjj.institution = "qh-wjj";
  wjj.name = "清河市物价局";
  wjj.valid_from = "1983-10-20";
  wjj.valid_to = "2010-01-26";
  wjj.clause = "负责全市价格监督检查工作";
  wjj.score = 1.0;
  wjj.source = DutiesCite(kDoc1983);
  EXPECT_EQ(p.holdings[0], wjj);

  EXPECT_EQ(p.holdings[1].institution, "qh-jw");
  EXPECT_EQ(p.holdings[1].name, "清河市发展和改革委员会");
  EXPECT_EQ(p.holdings[1].valid_from, "2010-01-26");
  EXPECT_EQ(p.holdings[1].valid_to, "2019-01-28");
  EXPECT_EQ(p.holdings[1].clause, "负责全市价格监督检查和反垄断执法工作");
  EXPECT_EQ(p.holdings[1].source, DutiesCite(kDoc2010));

  EXPECT_EQ(p.holdings[2].institution, "qh-scjg");
  EXPECT_EQ(p.holdings[2].clause, "承担价格监督检查工作");
  EXPECT_EQ(p.holdings[2].valid_to, "");
  EXPECT_EQ(p.asked, 1);

  // The merge of the same day links the same holdings: the transfer naming the duty is the move.
  ASSERT_EQ(p.moves.size(), 2u);
  Move first;
  first.from = 0;
  first.to = 1;
  first.type = "duty_transferred";
  first.date = "2010-01-26";
  first.event_id = "ev-price-2010";
  first.duty = "价格监督检查";
  first.source = kDoc2010;
  EXPECT_EQ(p.moves[0], first);
  EXPECT_EQ(p.moves[1].from, 1);
  EXPECT_EQ(p.moves[1].to, 2);
  EXPECT_EQ(p.moves[1].type, "duty_transferred");
  EXPECT_EQ(p.moves[1].date, "2019-01-28");
  EXPECT_EQ(p.moves[1].event_id, "ev-price-2019");
  EXPECT_EQ(p.moves[1].source, kDoc2019);
}

TEST(TraceDutyTest, FromTheDestinationFindsTheSameChain) {
  const Chain chain = CityChain();
  auto source = ChainSource(chain);
  auto from_jw = TraceDuty(*source, "qh-jw", "价格监督检查");
  auto from_scjg = TraceDuty(*source, "qh-scjg", "价格监督检查");
  auto from_wjj = TraceDuty(*source, "qh-wjj", "价格监督检查");
  ASSERT_TRUE(from_jw.ok());
  ASSERT_TRUE(from_scjg.ok()) << from_scjg.status().message();
  ASSERT_TRUE(from_wjj.ok()) << from_wjj.status().message();
  EXPECT_EQ(from_scjg->holdings, from_jw->holdings);
  EXPECT_EQ(from_scjg->moves, from_jw->moves);
  EXPECT_EQ(from_scjg->asked, 2);
  EXPECT_EQ(from_wjj->holdings, from_jw->holdings);
  EXPECT_EQ(from_wjj->asked, 0);
}

TEST(TraceDutyTest, AsOfPicksTheHoldingInForce) {
  Chain chain = CityChain();
  // A 2015 三定 of the 发改委 keeps the clause: two holdings of the body, linked as versions.
  for (auto& v : chain.versions) {
    if (v.institution == "qh-jw" && v.valid_from == "2010-01-26") v.valid_to = "2015-06-01";
  }
  Version v2015 = Ver("qh-jw", "2015-06-01", "2019-01-28", "清河市发展和改革委员会",
                      {"负责全市价格监督检查工作", "负责全市价格管理工作"}, Doc("清编〔2015〕9号", "2015-06-01", 1));
  chain.versions.push_back(v2015);
  Sort(chain);
  auto source = ChainSource(chain);
  auto latest = TraceDuty(*source, "qh-jw", "价格监督检查");
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->holdings.size(), 4u);
  EXPECT_EQ(latest->holdings[static_cast<size_t>(latest->asked)].valid_from, "2015-06-01");
  auto in_2012 = TraceDuty(*source, "qh-jw", "价格监督检查", "2012-05-01");
  ASSERT_TRUE(in_2012.ok());
  EXPECT_EQ(in_2012->holdings[static_cast<size_t>(in_2012->asked)].valid_from, "2010-01-26");
  // Before the body held it: its latest holding.
  auto in_2005 = TraceDuty(*source, "qh-jw", "价格监督检查", "2005-01-01");
  ASSERT_TRUE(in_2005.ok());
  EXPECT_EQ(in_2005->asked, latest->asked);
  // The version step is a move of its own.
  const auto& moves = latest->moves;
  auto it = std::find_if(moves.begin(), moves.end(), [](const Move& m) { return m.type == "version"; });
  ASSERT_NE(it, moves.end());
  EXPECT_EQ(it->date, "2015-06-01");
  EXPECT_EQ(latest->holdings[static_cast<size_t>(it->from)].valid_from, "2010-01-26");
  EXPECT_EQ(latest->holdings[static_cast<size_t>(it->to)].valid_from, "2015-06-01");
  EXPECT_EQ(it->event_id, "");
  EXPECT_EQ(moves.size(), 3u);
}

TEST(TraceDutyTest, AWholeClauseAskedFindsDifferentlyWordedHoldingsThroughTheTransfers) {
  const Chain chain = CityChain();
  auto source = ChainSource(chain);
  // Asked by the 发改委's own clause: the 物价局 and the 市场监督管理局 print only its
  // 价格监督检查 part, which is what the transfers name.
  auto r = TraceDuty(*source, "qh-jw", "负责全市价格监督检查和反垄断执法工作");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->holdings.size(), 3u);
  EXPECT_EQ(r->holdings[0].clause, "负责全市价格监督检查工作");
  EXPECT_EQ(r->holdings[1].clause, "负责全市价格监督检查和反垄断执法工作");
  EXPECT_DOUBLE_EQ(r->holdings[1].score, 1.0);
  EXPECT_EQ(r->holdings[2].clause, "承担价格监督检查工作");
  EXPECT_EQ(r->moves.size(), 2u);
}

TEST(TraceDutyTest, NationalBodiesKnownOnlyFromTheTransferEvent) {
  Chain c;
  const Citation doc = Doc("国发〔2018〕6号", "2018-03-17", 4);
  c.institutions = {
      Inst("ng-jw", "national", "1952-11-15", "", {"国家计划委员会", "国家发展计划委员会", "国家发展和改革委员会"}),
      Inst("ng-gsj", "national", "", "2018-03-17", {"国家工商行政管理总局"}),
      Inst("ng-scjg", "national", "2018-03-17", "", {"国家市场监督管理总局"}),
  };
  c.versions = {
      Ver("ng-jw", "1952-11-15", "1998-03-10", "国家计划委员会", {}, Doc("国发〔1952〕1号", "1952-11-15", 1)),
      Ver("ng-jw", "1998-03-10", "2003-03-10", "国家发展计划委员会", {}, Doc("国发〔1998〕5号", "1998-03-10", 1)),
      Ver("ng-jw", "2003-03-10", "", "国家发展和改革委员会", {}, Doc("国发〔2003〕8号", "2003-03-10", 1)),
      Ver("ng-gsj", "", "2018-03-17", "国家工商行政管理总局", {}, doc),
      Ver("ng-scjg", "2018-03-17", "", "国家市场监督管理总局", {}, doc),
  };
  c.events = {
      Ev("ev-samr", "established", "2018-03-17", {}, {"ng-scjg"}, "", doc),
      Ev("ev-saic", "merged", "2018-03-17", {"ng-gsj"}, {"ng-scjg"}, "", doc),
      Ev("ev-price", "duty_transferred", "2018-03-17", {"ng-jw"}, {"ng-scjg"}, "价格监督检查与反垄断执法", doc),
  };
  Sort(c);
  auto source = ChainSource(c);
  auto r = TraceDuty(*source, "ng-scjg", "价格监督检查");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->holdings.size(), 2u);
  // The origin: the NDRC's version in force before the transfer, with no clause.
  EXPECT_EQ(r->holdings[0].institution, "ng-jw");
  EXPECT_EQ(r->holdings[0].name, "国家发展和改革委员会");
  EXPECT_EQ(r->holdings[0].valid_from, "2003-03-10");
  EXPECT_EQ(r->holdings[0].clause, "");
  EXPECT_DOUBLE_EQ(r->holdings[0].score, 1.0);
  EXPECT_EQ(r->holdings[0].source, doc);  // the event that names the duty
  EXPECT_EQ(r->holdings[1].institution, "ng-scjg");
  EXPECT_EQ(r->holdings[1].valid_from, "2018-03-17");
  EXPECT_EQ(r->asked, 1);
  ASSERT_EQ(r->moves.size(), 1u);
  EXPECT_EQ(r->moves[0].from, 0);
  EXPECT_EQ(r->moves[0].to, 1);
  EXPECT_EQ(r->moves[0].type, "duty_transferred");
  EXPECT_EQ(r->moves[0].duty, "价格监督检查与反垄断执法");
  EXPECT_EQ(r->moves[0].date, "2018-03-17");
  // The 工商总局 merged in the same day is not said to have held the duty.
  for (const auto& h : r->holdings) EXPECT_NE(h.institution, "ng-gsj");
  // Asked from the giver, the same.
  auto g = TraceDuty(*source, "ng-jw", "价格监督检查");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->holdings, r->holdings);
  EXPECT_EQ(g->asked, 0);
}

Chain MergeChain() {
  Chain c;
  const Citation d1983 = Doc("清政发〔1983〕5号", "1983-10-20", 1);
  const Citation d2005 = Doc("清编〔2005〕12号", "2005-04-01", 1);
  const Citation d2014 = Doc("清政发〔2014〕2号", "2014-03-01", 2);
  c.institutions = {
      Inst("qh-wsj", "city", "1983-10-20", "2014-03-01", {"清河市卫生局"}),
      Inst("qh-jsw", "city", "1983-10-20", "2014-03-01", {"清河市人口和计划生育委员会"}),
      Inst("qh-wjw", "city", "2014-03-01", "", {"清河市卫生和计划生育委员会"}),
      Inst("qh-mzj", "city", "1983-10-20", "", {"清河市民政局"}),
  };
  c.versions = {
      Ver("qh-wsj", "1983-10-20", "2005-04-01", "清河市卫生局",
          {"负责全市医疗机构的监督管理", "负责全市公共卫生监督工作"}, d1983),
      Ver("qh-wsj", "2005-04-01", "2014-03-01", "清河市卫生局",
          {"负责全市医疗机构的监督管理", "负责全市公共卫生监督和卫生应急工作"}, d2005),
      Ver("qh-jsw", "1983-10-20", "2014-03-01", "清河市人口和计划生育委员会",
          {"负责全市人口和计划生育工作", "负责计划生育技术服务的管理"}, d1983),
      Ver("qh-wjw", "2014-03-01", "", "清河市卫生和计划生育委员会",
          {"负责全市医疗机构的监督管理", "负责全市公共卫生监督管理工作", "负责全市计划生育管理和服务工作"},
          d2014),
      Ver("qh-mzj", "1983-10-20", "", "清河市民政局", {"负责全市社会救助工作"}, d1983),
  };
  c.events = {
      Ev("ev-merge-2014", "merged", "2014-03-01", {"qh-wsj", "qh-jsw"}, {"qh-wjw"}, "", d2014),
      // An unrelated transfer to a body that does not hold the duty.
      Ev("ev-aid-2014", "duty_transferred", "2014-03-01", {"qh-wjw"}, {"qh-mzj"}, "医疗救助", d2014),
  };
  Sort(c);
  return c;
}

TEST(TraceDutyTest, MergeIntoANewBodyThatPrintsTheClause) {
  const Chain chain = MergeChain();
  auto source = ChainSource(chain);
  auto r = TraceDuty(*source, "qh-wjw", "公共卫生监督");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->holdings.size(), 3u);
  EXPECT_EQ(r->holdings[0].institution, "qh-wsj");
  EXPECT_EQ(r->holdings[0].clause, "负责全市公共卫生监督工作");
  EXPECT_EQ(r->holdings[1].institution, "qh-wsj");
  EXPECT_EQ(r->holdings[1].clause, "负责全市公共卫生监督和卫生应急工作");
  EXPECT_EQ(r->holdings[2].institution, "qh-wjw");
  EXPECT_EQ(r->holdings[2].clause, "负责全市公共卫生监督管理工作");
  EXPECT_EQ(r->asked, 2);
  ASSERT_EQ(r->moves.size(), 2u);
  EXPECT_EQ(r->moves[0].type, "version");
  EXPECT_EQ(r->moves[0].date, "2005-04-01");
  EXPECT_EQ(r->moves[0].from, 0);
  EXPECT_EQ(r->moves[0].to, 1);
  EXPECT_EQ(r->moves[1].type, "merged");
  EXPECT_EQ(r->moves[1].event_id, "ev-merge-2014");
  EXPECT_EQ(r->moves[1].from, 1);
  EXPECT_EQ(r->moves[1].to, 2);
  EXPECT_EQ(r->moves[1].duty, "");
  // Neither the other merged body (no such clause) nor the 民政局 (another duty) is in it.
  for (const auto& h : r->holdings) {
    EXPECT_NE(h.institution, "qh-jsw");
    EXPECT_NE(h.institution, "qh-mzj");
  }
  // From the old body, forwards through the merge.
  auto f = TraceDuty(*source, "qh-wsj", "公共卫生监督");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->holdings, r->holdings);
  EXPECT_EQ(f->moves, r->moves);
  EXPECT_EQ(f->asked, 1);
  // The 计生委's own duty goes through the same merge.
  auto j = TraceDuty(*source, "qh-jsw", "计划生育");
  ASSERT_TRUE(j.ok());
  ASSERT_EQ(j->holdings.size(), 2u);
  EXPECT_EQ(j->holdings[1].institution, "qh-wjw");
  EXPECT_EQ(j->holdings[1].clause, "负责全市计划生育管理和服务工作");
}

TEST(TraceDutyTest, UnrelatedDutyIsNotFound) {
  const Chain chain = CityChain();
  auto source = ChainSource(chain);
  auto r = TraceDuty(*source, "qh-jw", "粮食储备管理");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(r.status().message(),
            "“清河市发展和改革委员会”的职责中没有与“粮食储备管理”相符的条款，相关事件也未提及");
  // Named as on the date asked.
  auto old = TraceDuty(*source, "qh-jw", "粮食储备管理", "2005-01-01");
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.status().message().find("“清河市发展计划委员会”"), std::string::npos);
  // A duty another body holds is not this body's.
  auto other = TraceDuty(*source, "qh-jw", "市场主体统一登记注册");
  EXPECT_EQ(other.status().code(), Status::Code::kNotFound);
  // Unknown body, empty duty.
  EXPECT_EQ(TraceDuty(*source, "qh-nobody", "价格监督检查").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(TraceDuty(*source, "qh-jw", "  ").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(TraceDuty(*source, "qh-jw", "，。").status().code(), Status::Code::kInvalidArgument);
}

TEST(TraceDutyTest, TraditionalClauseStillMatches) {
  Chain chain = CityChain();
  for (auto& v : chain.versions) {
    if (v.institution == "qh-wjj") v.duties = {"擬訂全市價格調控目標和政策", "負責全市價格監督檢查工作"};
  }
  // And no transfer event to fall back on: only the clause and the merge link the bodies.
  chain.events.erase(std::remove_if(chain.events.begin(), chain.events.end(),
                                    [](const ChainEvent& e) { return e.id == "ev-price-2010"; }),
                     chain.events.end());
  auto source = ChainSource(chain);
  auto r = TraceDuty(*source, "qh-jw", "价格监督检查");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->holdings.size(), 3u);
  EXPECT_EQ(r->holdings[0].institution, "qh-wjj");
  EXPECT_EQ(r->holdings[0].clause, "負責全市價格監督檢查工作");  // as printed
  EXPECT_DOUBLE_EQ(r->holdings[0].score, 1.0);
  ASSERT_EQ(r->moves.size(), 2u);
  EXPECT_EQ(r->moves[0].type, "merged");
  EXPECT_EQ(r->moves[0].event_id, "ev-wjj-merged");
  // Asked in 繁体.
  auto t = TraceDuty(*source, "qh-jw", "價格監督檢查");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->holdings, r->holdings);
}

TEST(TraceDutyTest, BodyKeepingAClauseAfterTransferringItIsReportedOnce) {
  Chain chain = CityChain();
  // The 发改委's 2019 version still prints a 价格监督检查 clause after the transfer.
  for (auto& v : chain.versions) {
    if (v.institution == "qh-jw" && v.valid_from == "2019-01-28")
      v.duties.push_back("配合开展价格监督检查工作");
  }
  // And the 市场监督管理局 hands part of it back in 2020: a cycle between the two bodies.
  const Citation d2020 = Doc("清编〔2020〕4号", "2020-06-16", 1);
  chain.events.push_back(
      Ev("ev-price-2020", "duty_transferred", "2020-06-16", {"qh-scjg"}, {"qh-jw"}, "价格监督检查", d2020));
  Sort(chain);
  auto source = ChainSource(chain);
  auto r = TraceDuty(*source, "qh-jw", "价格监督检查");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->holdings.size(), 4u);
  EXPECT_EQ(r->holdings[2].institution, "qh-jw");
  EXPECT_EQ(r->holdings[2].valid_from, "2019-01-28");
  EXPECT_EQ(r->holdings[2].clause, "配合开展价格监督检查工作");
  EXPECT_EQ(r->holdings[3].institution, "qh-scjg");
  EXPECT_EQ(r->asked, 2);
  // 2010 transfer, 2019 version, 2019 transfer, 2020 transfer back.
  ASSERT_EQ(r->moves.size(), 4u);
  EXPECT_EQ(r->moves[3].type, "duty_transferred");
  EXPECT_EQ(r->moves[3].from, 3);
  EXPECT_EQ(r->moves[3].to, 2);
  // Each holding once.
  for (size_t i = 0; i < r->holdings.size(); ++i) {
    for (size_t j = i + 1; j < r->holdings.size(); ++j) {
      EXPECT_FALSE(r->holdings[i].institution == r->holdings[j].institution &&
                   r->holdings[i].valid_from == r->holdings[j].valid_from);
    }
  }
}

// ---- Text and JSON ----------------------------------------------------------------------------

TEST(RenderProvenanceTest, ChainOfHoldingsAndMoves) {
  const Chain chain = CityChain();
  auto source = ChainSource(chain);
  auto r = TraceDuty(*source, "qh-jw", "价格监督检查");
  ASSERT_TRUE(r.ok());
  const std::string text = RenderProvenance(*r);
  EXPECT_NE(text.find("职责溯源：“价格监督检查”（清河市发展和改革委员会）"), std::string::npos) << text;
  EXPECT_NE(text.find("2010-01-26 职责划转：清河市物价局 → 清河市发展和改革委员会（清政发〔2010〕3号 第2页）"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("2019-01-28 职责划转：清河市发展和改革委员会 → 清河市市场监督管理局（清政发〔2019〕1号 第3页）"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("清河市物价局　1983-10-20—2010-01-26"), std::string::npos) << text;
  EXPECT_NE(text.find("条款：负责全市价格监督检查工作"), std::string::npos) << text;
  EXPECT_NE(text.find("清河市市场监督管理局　2019-01-28—今"), std::string::npos) << text;
  EXPECT_NE(text.find("所查机构"), std::string::npos) << text;
  // Holdings in time order.
  EXPECT_LT(text.find("1. 清河市物价局"), text.find("2. 清河市发展和改革委员会"));
  EXPECT_LT(text.find("2. 清河市发展和改革委员会"), text.find("3. 清河市市场监督管理局"));
}

TEST(RenderProvenanceTest, HoldingKnownOnlyFromAnEventSaysSo) {
  Provenance p;
  p.duty = "价格监督检查";
  p.institution = "ng-scjg";
  Holding a;
  a.institution = "ng-jw";
  a.name = "国家发展和改革委员会";
  a.valid_from = "2003-03-10";
  a.source = Doc("国发〔2018〕6号", "2018-03-17", 4);
  Holding b = a;
  b.institution = "ng-scjg";
  b.name = "国家市场监督管理总局";
  b.valid_from = "2018-03-17";
  p.holdings = {a, b};
  p.asked = 1;
  const std::string text = RenderProvenance(p);
  EXPECT_NE(text.find("未载明相应职责条款"), std::string::npos) << text;
  EXPECT_NE(text.find("（国发〔2018〕6号 第4页）"), std::string::npos) << text;
  EXPECT_EQ(text.find("条款："), std::string::npos) << text;
}

TEST(ProvenanceJsonTest, SnakeCaseFields) {
  const Chain chain = CityChain();
  auto source = ChainSource(chain);
  auto r = TraceDuty(*source, "qh-jw", "价格监督检查");
  ASSERT_TRUE(r.ok());
  const nlohmann::json j = *r;
  EXPECT_EQ(j["duty"], "价格监督检查");
  EXPECT_EQ(j["institution"], "qh-jw");
  EXPECT_EQ(j["asked"], 1);
  ASSERT_EQ(j["holdings"].size(), 3u);
  EXPECT_EQ(j["holdings"][0]["institution"], "qh-wjj");
  EXPECT_EQ(j["holdings"][0]["valid_from"], "1983-10-20");
  EXPECT_EQ(j["holdings"][0]["valid_to"], "2010-01-26");
  EXPECT_EQ(j["holdings"][0]["clause"], "负责全市价格监督检查工作");
  EXPECT_DOUBLE_EQ(j["holdings"][0]["score"].get<double>(), 1.0);
  EXPECT_EQ(j["holdings"][0]["source"]["doc_number"], "清政发〔1983〕5号");
  ASSERT_EQ(j["moves"].size(), 2u);
  EXPECT_EQ(j["moves"][0]["from"], 0);
  EXPECT_EQ(j["moves"][0]["to"], 1);
  EXPECT_EQ(j["moves"][0]["type"], "duty_transferred");
  EXPECT_EQ(j["moves"][0]["event_id"], "ev-price-2010");
  EXPECT_EQ(j["moves"][0]["duty"], "价格监督检查");
  EXPECT_EQ(j["moves"][0]["date"], "2010-01-26");
  EXPECT_EQ(j["moves"][0]["source"]["page"], 2);
}

// ---- The sample corpus ------------------------------------------------------------------------

std::string S(const nlohmann::json& j) { return j.is_string() ? j.get<std::string>() : ""; }

const Chain& CorpusChain() {
  static const Chain* chain = [] {
    std::vector<history::SourceDocument> docs;
    for (const auto& d : testing::LoadCorpusDocs()) {
      history::SourceDocument s;
      s.sha256 = S(d.truth["id"]);  // the citation's file is the document id here
      s.facts = extract::Extract(extract::DocText::FromText(d.text));
      docs.push_back(std::move(s));
    }
    return new Chain(history::BuildChain(docs, {}));
  }();
  return *chain;
}

// corpus/truth/lineage.json: 2010-01-26 (d20100126-1) qh-wjj → qh-jw 价格监督检查 (with the
// 物价局 merged into the 发改委); 2019-01-28 (d20190128-1) qh-jw → qh-scjg 价格监督检查.
TEST(TraceDutyCorpusTest, PriceInspectionFromThePriceBureauToMarketRegulation) {
  const Chain& chain = CorpusChain();
  ASSERT_FALSE(chain.institutions.empty());
  auto source = ChainSource(chain);
  auto res = Resolve(*source, "清河市发展和改革委员会");
  ASSERT_TRUE(res.ok()) << res.status().message();
  ASSERT_FALSE(res->candidates.empty());
  const std::string jw = res->candidates[0].institution;
  auto r = TraceDuty(*source, jw, "价格监督检查");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Provenance& p = *r;
  const std::string text = RenderProvenance(p);
  ASSERT_GE(p.asked, 0) << text;
  EXPECT_EQ(p.holdings[static_cast<size_t>(p.asked)].institution, jw);
  EXPECT_EQ(p.holdings[static_cast<size_t>(p.asked)].clause, "承担价格监督检查职责，组织查处价格违法案件，规范市场价格秩序")
      << text;
  // The origin: the 物价局, whose clause is printed.
  ASSERT_FALSE(p.holdings.empty());
  EXPECT_EQ(p.holdings[0].name, "清河市物价局") << text;
  EXPECT_NE(p.holdings[0].clause.find("价格监督检查"), std::string::npos) << text;

  auto find_move = [&](const std::string& date, const std::string& from_name, const std::string& to_name) {
    return std::find_if(p.moves.begin(), p.moves.end(), [&](const Move& m) {
      return m.date == date && m.type == "duty_transferred" &&
             p.holdings[static_cast<size_t>(m.from)].name == from_name &&
             p.holdings[static_cast<size_t>(m.to)].name == to_name;
    });
  };
  auto in = find_move("2010-01-26", "清河市物价局", "清河市发展和改革委员会");
  ASSERT_NE(in, p.moves.end()) << text;
  EXPECT_EQ(in->duty, "价格监督检查");
  EXPECT_EQ(in->source.file, "d20100126-1");
  EXPECT_EQ(p.holdings[static_cast<size_t>(in->to)].institution, jw);
  auto out = find_move("2019-01-28", "清河市发展和改革委员会", "清河市市场监督管理局");
  ASSERT_NE(out, p.moves.end()) << text;
  EXPECT_EQ(out->source.file, "d20190128-1");
  EXPECT_EQ(p.holdings[static_cast<size_t>(out->from)].institution, jw);
  EXPECT_NE(p.holdings[static_cast<size_t>(out->to)].clause.find("价格监督检查"), std::string::npos) << text;
  // The 发改委 after 2019 no longer holds it; the 医疗保障局 (药品和医疗服务价格) never did, nor
  // did the 药品监督管理局 merged into the 市场监督管理局 (its 监督检查 is of drug makers).
  for (const auto& h : p.holdings) {
    EXPECT_FALSE(h.institution == jw && h.valid_from == "2019-01-28") << text;
    EXPECT_EQ(h.name.find("医疗保障局"), std::string::npos) << text;
    EXPECT_EQ(h.name.find("药品监督管理局"), std::string::npos) << text;
  }
  // 物价局 (2 versions), 发改委 (2), 市场监督管理局 (2): three version steps and two transfers.
  EXPECT_EQ(p.holdings.size(), 6u) << text;
  EXPECT_EQ(p.moves.size(), 5u) << text;
  // Asked from the destination, the same chain.
  const std::string scjg = p.holdings[static_cast<size_t>(out->to)].institution;
  auto back = TraceDuty(*source, scjg, "价格监督检查");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->holdings, p.holdings);
  EXPECT_EQ(back->moves, p.moves);
}

}  // namespace
}  // namespace sanding::lineage
