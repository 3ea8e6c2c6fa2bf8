// Lineage queries over a small chain: resolution, graph, timeline, state as of a date, region
// views; the store-backed source answers exactly as the in-memory one.
#include "query/lineage/lineage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "indexer/history/store_io.h"
#include "store/store.h"

namespace sanding::lineage {
namespace {

using history::Chain;
using history::ChainEvent;
using history::Citation;
using history::Version;

Citation Cite(const std::string& number, const std::string& date) {
  Citation c;
  c.file = "f-" + number;
  c.doc_number = number;
  c.title = "关于机构改革的决定";
  c.date = date;
  c.page = 1;
  return c;
}

Version V(const std::string& inst, const std::string& from, const std::string& to, const std::string& name,
          const std::string& parent = "") {
  Version v;
  v.institution = inst;
  v.valid_from = from;
  v.valid_to = to;
  v.name = name;
  v.parent = parent;
  v.cites["name"] = Cite("国发〔" + from.substr(0, 4) + "〕1号", from);
  return v;
}

ChainEvent E(const std::string& id, const std::string& type, const std::string& date,
             std::vector<std::string> from, std::vector<std::string> to, const std::string& duty = "") {
  ChainEvent e;
  e.id = id;
  e.type = type;
  e.date = date;
  e.from = std::move(from);
  e.to = std::move(to);
  e.duty = duty;
  e.source = Cite("国发〔" + date.substr(0, 4) + "〕1号", date);
  return e;
}

// National bodies (real history, simplified) and a city with a supervising government.
Chain Sample() {
  Chain c;
  c.institutions = {
      {"jw", "national", "1952-11-15", "", {"国家计划委员会", "国家发展计划委员会", "国家发展和改革委员会"}},
      {"tgb", "national", "1982-05-04", "2003-03-10", {"国家经济体制改革委员会", "国务院经济体制改革办公室"}},
      {"jmw", "national", "1993-03-22", "2003-03-10", {"国家经济贸易委员会"}},
      {"gsj", "national", "2001-04-01", "2018-03-17", {"国家工商行政管理总局"}},
      {"zjj", "national", "2001-04-01", "2018-03-17", {"国家质量监督检验检疫总局"}},
      {"scj", "national", "2018-03-17", "", {"国家市场监督管理总局"}},
      {"wsb", "national", "1949-11-01", "2013-03-14", {"中华人民共和国卫生部"}},
      {"wjw", "national", "2013-03-14", "", {"国家卫生和计划生育委员会", "国家卫生健康委员会"}},
      {"gov", "city", "1983-10-20", "", {"清河市人民政府"}},
      {"qfgw", "city", "1983-10-20", "", {"清河市计划委员会", "清河市发展和改革委员会"}},
      {"lfgj", "county", "1983-12-05", "", {"临川县发展和改革局"}},
  };
  c.versions = {
      V("jw", "1952-11-15", "1998-03-10", "国家计划委员会"),
      V("jw", "1998-03-10", "2003-03-10", "国家发展计划委员会"),
      V("jw", "2003-03-10", "", "国家发展和改革委员会"),
      V("tgb", "1982-05-04", "1998-03-10", "国家经济体制改革委员会"),
      V("tgb", "1998-03-10", "2003-03-10", "国务院经济体制改革办公室"),
      V("jmw", "1993-03-22", "2003-03-10", "国家经济贸易委员会"),
      V("gsj", "2001-04-01", "2018-03-17", "国家工商行政管理总局"),
      V("zjj", "2001-04-01", "2018-03-17", "国家质量监督检验检疫总局"),
      V("scj", "2018-03-17", "", "国家市场监督管理总局"),
      V("wsb", "1949-11-01", "2013-03-14", "中华人民共和国卫生部"),
      V("wjw", "2013-03-14", "2018-03-17", "国家卫生和计划生育委员会"),
      V("wjw", "2018-03-17", "", "国家卫生健康委员会"),
      V("gov", "1983-10-20", "", "清河市人民政府"),
      V("qfgw", "1983-10-20", "2002-06-18", "清河市计划委员会", "gov"),
      V("qfgw", "2002-06-18", "", "清河市发展和改革委员会", "gov"),
      V("lfgj", "1983-12-05", "", "临川县发展和改革局"),
  };
  c.versions[14].abbreviations = {"市发改委"};
  c.versions[14].rank = "正处级";
  c.versions[14].duties = {"拟订全市国民经济和社会发展规划", "负责全市价格监督检查工作"};
  c.events = {
      E("e01", "renamed", "1998-03-10", {"jw"}, {"jw"}),
      E("e02", "renamed", "1998-03-10", {"tgb"}, {"tgb"}),
      E("e03", "renamed", "2002-06-18", {"qfgw"}, {"qfgw"}),
      E("e04", "renamed", "2003-03-10", {"jw"}, {"jw"}),
      E("e05", "merged", "2003-03-10", {"tgb"}, {"jw"}),
      E("e06", "duty_transferred", "2003-03-10", {"jmw"}, {"jw"}, "行业规划、产业政策、经济运行调节"),
      E("e07", "abolished", "2003-03-10", {"jmw"}, {}),
      E("e08", "merged", "2013-03-14", {"wsb"}, {"wjw"}),
      E("e09", "merged", "2018-03-17", {"gsj", "zjj"}, {"scj"}),
      E("e10", "duty_transferred", "2018-03-17", {"jw"}, {"scj"}, "价格监督检查与反垄断执法"),
      E("e11", "renamed", "2018-03-17", {"wjw"}, {"wjw"}),
  };
  return c;
}

std::set<std::string> NamesOf(const Lineage& l, const std::string& relation) {
  std::set<std::string> out;
  for (const auto& n : l.nodes) {
    if (n.relation == relation) out.insert(n.name);
  }
  return out;
}

class LineageTest : public ::testing::Test {
 protected:
  Chain chain_ = Sample();
  std::unique_ptr<Source> source_ = ChainSource(chain_);
};

TEST_F(LineageTest, ResolvesCurrentOldTraditionalVariantAndIdNames) {
  struct Case {
    std::string query, id, how;
  };
  for (const Case& c : std::vector<Case>{{"国家发展和改革委员会", "jw", "name"},
                                         {"国家发展计划委员会", "jw", "name"},
                                         {"國家發展和改革委員會", "jw", "variant"},
                                         {"国家发展和改革委员会 ", "jw", "name"},
                                         {"卫生部", "wsb", "variant"},
                                         {"市发改委", "qfgw", "abbreviation"},
                                         {"jw", "jw", "id"}}) {
    auto r = Resolve(*source_, c.query);
    ASSERT_TRUE(r.ok()) << c.query << ": " << r.status().message();
    ASSERT_FALSE(r->candidates.empty()) << c.query;
    EXPECT_FALSE(r->ambiguous) << c.query;
    EXPECT_EQ(r->candidates[0].institution, c.id) << c.query;
    EXPECT_EQ(r->candidates[0].how, c.how) << c.query;
  }
  auto old = Resolve(*source_, "国家计划委员会");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->candidates[0].name_to, "1998-03-10");
  EXPECT_EQ(old->candidates[0].current_name, "国家发展和改革委员会");
}

TEST_F(LineageTest, GuessesAbbreviationsFromTheCharactersInOrder) {
  auto r = Resolve(*source_, "国家计委");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->candidates.empty());
  EXPECT_EQ(r->candidates[0].institution, "jw");
  EXPECT_EQ(r->candidates[0].how, "guess");
  EXPECT_EQ(r->candidates[0].matched, "国家计划委员会");
  EXPECT_FALSE(r->ambiguous);
  auto none = Resolve(*source_, "教育部");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->candidates.empty());
  EXPECT_FALSE(Resolve(*source_, "（）").ok());
}

TEST_F(LineageTest, SharedNamesAreAmbiguousUnlessADateDecides) {
  Chain c = Sample();
  // A later body reusing the name 国家经济贸易委员会.
  c.institutions.push_back({"jmw2", "national", "2005-01-01", "", {"国家经济贸易委员会"}});
  c.versions.push_back(V("jmw2", "2005-01-01", "", "国家经济贸易委员会"));
  auto source = ChainSource(c);
  auto r = Resolve(*source, "国家经济贸易委员会");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ambiguous);
  ASSERT_EQ(r->candidates.size(), 2u);
  auto dated = Resolve(*source, "国家经济贸易委员会", "1999-01-01");
  ASSERT_TRUE(dated.ok());
  EXPECT_FALSE(dated->ambiguous);
  EXPECT_EQ(dated->candidates[0].institution, "jmw");
}

TEST_F(LineageTest, FollowsMergesTransitivelyAndShowsDutyTransfers) {
  auto l = BuildLineage(*source_, "scj");
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_EQ(l->subject.name, "国家市场监督管理总局");
  EXPECT_EQ(NamesOf(*l, "predecessor"),
            (std::set<std::string>{"国家工商行政管理总局", "国家质量监督检验检疫总局"}));
  EXPECT_TRUE(NamesOf(*l, "successor").empty());
  // The NDRC gave a duty: shown, not followed (its own predecessors are not in the graph).
  EXPECT_EQ(NamesOf(*l, "related"), (std::set<std::string>{"国家发展和改革委员会"}));
  const auto duty = std::find_if(l->edges.begin(), l->edges.end(), [](const Edge& e) { return e.type == "duty_transferred"; });
  ASSERT_NE(duty, l->edges.end());
  EXPECT_EQ(duty->from, "jw");
  EXPECT_EQ(duty->to, "scj");
  EXPECT_EQ(duty->duty, "价格监督检查与反垄断执法");
  EXPECT_EQ(duty->source.doc_number, "国发〔2018〕1号");
  EXPECT_EQ(l->edges.size(), 3u);

  auto ndrc = BuildLineage(*source_, "jw");
  ASSERT_TRUE(ndrc.ok());
  EXPECT_EQ(NamesOf(*ndrc, "predecessor"), std::set<std::string>{"国务院经济体制改革办公室"});
  EXPECT_EQ(NamesOf(*ndrc, "related"), (std::set<std::string>{"国家经济贸易委员会", "国家市场监督管理总局"}));
  // Its timeline: every event naming it, counterparts named as on the day.
  std::vector<std::string> timeline;
  for (const auto& t : ndrc->timeline) timeline.push_back(t.event.date + " " + t.event.type);
  // Same day: by event id.
  EXPECT_EQ(timeline, (std::vector<std::string>{"1998-03-10 renamed", "2003-03-10 renamed",
                                                "2003-03-10 merged", "2003-03-10 duty_transferred",
                                                "2018-03-17 duty_transferred"}));
  // Bodies before an event are named as the day before, bodies after it as on the day.
  EXPECT_EQ(ndrc->timeline[0].from[0].name, "国家计划委员会");
  EXPECT_EQ(ndrc->timeline[0].to[0].name, "国家发展计划委员会");
  const auto& merged = ndrc->timeline[2];
  ASSERT_EQ(merged.from.size(), 1u);
  EXPECT_EQ(merged.from[0].name, "国务院经济体制改革办公室");
  EXPECT_EQ(merged.to[0].name, "国家发展和改革委员会");
}

TEST_F(LineageTest, SuccessorsThroughAMergeAndALaterRename) {
  auto l = BuildLineage(*source_, "wsb");
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(NamesOf(*l, "successor"), std::set<std::string>{"国家卫生健康委员会"});
  const auto it = std::find_if(l->nodes.begin(), l->nodes.end(), [](const Node& n) { return n.id == "wjw"; });
  ASSERT_NE(it, l->nodes.end());
  EXPECT_EQ(it->names, (std::vector<std::string>{"国家卫生和计划生育委员会", "国家卫生健康委员会"}));
  EXPECT_EQ(it->distance, 1);
  EXPECT_EQ(l->nodes[0].relation, "subject");
}

TEST_F(LineageTest, BoundsTheGraph) {
  LineageOptions o;
  o.max_nodes = 2;
  auto l = BuildLineage(*source_, "scj", o);
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(l->truncated);
  EXPECT_EQ(l->nodes.size(), 2u);
}

TEST_F(LineageTest, StateAsOfADateWithParentAndSources) {
  LineageOptions o;
  o.as_of = "2010-01-01";
  auto l = BuildLineage(*source_, "qfgw", o);
  ASSERT_TRUE(l.ok());
  ASSERT_TRUE(l->state.has_value());
  EXPECT_EQ(l->state->name, "清河市发展和改革委员会");
  EXPECT_EQ(l->state->rank, "正处级");
  EXPECT_EQ(l->state_parent_name, "清河市人民政府");
  EXPECT_EQ(l->state->cites.at("name").doc_number, "国发〔2002〕1号");
  ASSERT_EQ(l->parents.size(), 1u);  // one parent over both versions
  EXPECT_EQ(l->parents[0].from, "1983-10-20");
  EXPECT_EQ(l->parents[0].to, "");
  o.as_of = "1970-01-01";
  auto before = BuildLineage(*source_, "qfgw", o);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->state.has_value());
  auto gov = BuildLineage(*source_, "gov");
  ASSERT_TRUE(gov.ok());
  ASSERT_EQ(gov->children.size(), 1u);
  EXPECT_EQ(gov->children[0].name, "清河市计划委员会");
  EXPECT_FALSE(BuildLineage(*source_, "nobody").ok());
}

TEST_F(LineageTest, RegionsChartsAndReformYears) {
  auto regions = Regions(*source_);
  ASSERT_TRUE(regions.ok());
  std::map<std::string, size_t> by(regions->begin(), regions->end());
  EXPECT_EQ(by.at("全国"), 8u);
  EXPECT_EQ(by.at("清河市"), 2u);
  EXPECT_EQ(by.at("临川县"), 1u);
  auto r = ResolveRegion(*source_, "临川");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "临川县");
  EXPECT_FALSE(ResolveRegion(*source_, "北京").ok());

  auto chart = RegionAsOf(*source_, "清河市", "2010-01-01");
  ASSERT_TRUE(chart.ok());
  ASSERT_EQ(chart->bodies.size(), 2u);
  EXPECT_EQ(chart->bodies[0].name, "清河市人民政府");
  EXPECT_EQ(chart->bodies[0].depth, 0);
  EXPECT_EQ(chart->bodies[1].name, "清河市发展和改革委员会");
  EXPECT_EQ(chart->bodies[1].depth, 1);
  EXPECT_EQ(chart->bodies[1].parent_name, "清河市人民政府");
  EXPECT_EQ(chart->bodies[1].duties, 2u);

  auto nation = RegionAsOf(*source_, "全国", "2010-01-01");
  ASSERT_TRUE(nation.ok());
  std::set<std::string> names;
  for (const auto& b : nation->bodies) names.insert(b.name);
  EXPECT_EQ(names, (std::set<std::string>{"国家发展和改革委员会", "国家工商行政管理总局", "国家质量监督检验检疫总局",
                                          "中华人民共和国卫生部"}));

  auto y = RegionChanges(*source_, "全国", 2018);
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->events.size(), 3u);
  EXPECT_EQ(y->counts.at("merged"), 1u);
  EXPECT_EQ(y->counts.at("duty_transferred"), 1u);
  EXPECT_EQ(y->counts.at("renamed"), 1u);
  auto none = RegionChanges(*source_, "清河市", 1999);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->events.empty());
}

TEST_F(LineageTest, StoreSourceAnswersAsTheChainDoesAndAsRecorded) {
  auto store = Store::NewInMemory();
  ChainTx meta;
  meta.kind = "build";
  meta.by = "test";
  meta.reason = "测试";
  ASSERT_TRUE(history::CommitWholeChain(*store, chain_, meta).ok());
  // A second transaction renames the city body again.
  Chain later = chain_;
  later.versions[14].valid_to = "2020-01-01";
  Version v = later.versions[14];
  v.valid_from = "2020-01-01";
  v.valid_to = "";
  v.name = "清河市发展改革委员会";
  later.versions.insert(later.versions.begin() + 15, v);
  later.institutions[9].names.push_back(v.name);
  ASSERT_TRUE(history::CommitWholeChain(*store, later, meta).ok());

  auto latest = StoreSource(*store);
  ASSERT_TRUE(latest.ok());
  auto memory = ChainSource(later);
  for (const std::string id : {"jw", "scj", "wsb", "qfgw", "gov"}) {
    LineageOptions o;
    o.as_of = "2021-01-01";
    auto a = BuildLineage(**latest, id, o);
    auto b = BuildLineage(*memory, id, o);
    ASSERT_TRUE(a.ok() && b.ok()) << id;
    EXPECT_EQ(nlohmann::json(*a), nlohmann::json(*b)) << id;
  }
  auto renamed = Resolve(**latest, "清河市发展改革委员会");
  ASSERT_TRUE(renamed.ok());
  ASSERT_EQ(renamed->candidates.size(), 1u);
  // As recorded at the first transaction the new name is unknown.
  auto first = StoreSource(*store, 1);
  ASSERT_TRUE(first.ok());
  auto before = Resolve(**first, "清河市发展改革委员会");
  ASSERT_TRUE(before.ok());
  ASSERT_FALSE(before->candidates.empty());
  EXPECT_EQ(before->candidates[0].how, "guess");
  auto l1 = BuildLineage(**first, "qfgw");
  ASSERT_TRUE(l1.ok());
  EXPECT_EQ(l1->versions.size(), 2u);
}

TEST(LineageHelpers, LabelsPeriodsAndCitations) {
  EXPECT_STREQ(EventLabel("merged"), "合并");
  EXPECT_STREQ(EventLabel("duty_transferred"), "职责划转");
  EXPECT_STREQ(EventLabel("unknown"), "事件");
  EXPECT_EQ(PeriodText("", ""), "（起始不详）—今");
  EXPECT_EQ(PeriodText("1998-03-10", "2003-03-10"), "1998-03-10—2003-03-10");
  Citation c = Cite("清发〔2010〕3号", "2010-01-26");
  c.page = 2;
  EXPECT_EQ(CitationText(c), "清发〔2010〕3号 第2页");
  c.doc_number = "";
  c.page = 0;
  EXPECT_EQ(CitationText(c), "《关于机构改革的决定》");
  Citation k;
  k.curation = 4;
  EXPECT_EQ(CitationText(k), "更正记录 #4");
}

}  // namespace
}  // namespace sanding::lineage
