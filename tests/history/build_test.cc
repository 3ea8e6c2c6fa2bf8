// BuildChain on hand-made facts: every event type, 三定 anchoring, inheritance, profiles,
// conflicts, identity without an authority, curations, and independence of arrival order.
#include "indexer/history/build.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sanding::history {
namespace {

using extract::DocumentFacts;
using extract::Mention;

Mention M(const std::string& text, const std::string& id = "") {
  Mention m;
  m.text = text;
  m.institution = id;
  return m;
}

struct DocBuilder {
  SourceDocument d;
  DocBuilder(const std::string& sha, const std::string& date, const std::string& number = "",
             const std::string& kind = "通知") {
    d.sha256 = sha;
    d.facts.date.value = date;
    d.facts.doc_number.value = number;
    d.facts.kind.value = kind;
    d.facts.title.value = "文件" + sha;
  }
  DocBuilder& Event(const std::string& type, std::vector<std::string> from,
                    std::vector<std::string> to, const std::string& duty = "",
                    const std::string& detail = "") {
    extract::Event e;
    e.type = type;
    e.date = d.facts.date.value;
    for (const auto& x : from) e.from.push_back(M(x));
    for (const auto& x : to) e.to.push_back(M(x));
    e.duty = duty;
    e.detail = detail;
    e.span = {1, 10, 20};
    d.facts.events.push_back(e);
    return *this;
  }
  DocBuilder& Regulation(const std::string& subject, const std::string& basis,
                         std::vector<std::string> duties, std::vector<std::string> units,
                         int staffing) {
    d.facts.kind.value = "三定规定";
    d.facts.regulation_title.value = subject + "职能配置、内设机构和人员编制规定";
    d.facts.subjects.push_back(M(subject));
    d.facts.basis.value = basis;
    for (const auto& t : duties) {
      extract::DutyClause c;
      c.text = t;
      d.facts.duties.push_back(c);
    }
    extract::DutyClause catch_all;
    catch_all.text = "完成市委、市政府交办的其他任务";
    catch_all.boilerplate = true;
    d.facts.duties.push_back(catch_all);
    for (const auto& u : units) d.facts.units.push_back(extract::Unit{u, {u + "的职责"}, {}});
    extract::StaffingItem s;
    s.type = "行政编制";
    s.count = staffing;
    d.facts.staffing.push_back(s);
    return *this;
  }
  DocBuilder& Profile(const std::string& who, const std::string& rank, const std::string& kind,
                      const std::string& abbreviation = "", const std::string& parent = "") {
    extract::Profile p;
    p.institution = M(who);
    p.rank = rank;
    p.kind = kind;
    p.abbreviation = abbreviation;
    if (!parent.empty()) p.parent = M(parent);
    d.facts.profiles.push_back(p);
    return *this;
  }
  DocBuilder& Staffing(int total) {
    extract::StaffingItem s;
    s.type = "行政编制";
    s.count = total;
    d.facts.staffing.push_back(s);
    return *this;
  }
  operator SourceDocument() const { return d; }
};

const Institution* ByName(const Chain& c, const std::string& name) {
  for (const auto& i : c.institutions) {
    if (std::find(i.names.begin(), i.names.end(), name) != i.names.end()) return &i;
  }
  return nullptr;
}

// A small city: set up in 1983; a reform in 2002 renames the 计委 and merges the 物价局 into it;
// its 三定 follows; a 2005 批复 adds staffing; a 2010 split.
std::vector<SourceDocument> City() {
  return {
      DocBuilder("a1983", "1983-10-20", "清发〔1983〕1号")
          .Event("established", {}, {"清河市计划委员会", "清河市物价局", "清河市水利电力局"})
          .Profile("清河市计划委员会", "正处级", "")
          .Profile("清河市物价局", "副处级", ""),
      DocBuilder("b1990", "1990-05-01", "清政办发〔1990〕3号")
          .Regulation("清河市计划委员会", "", {"拟订计划", "综合平衡"}, {"办公室", "综合科"}, 30)
          .Profile("清河市计划委员会", "正处级", "行政机关", "市计委"),
      DocBuilder("c2002", "2002-06-18", "清发〔2002〕9号", "意见")
          .Event("renamed", {"清河市计划委员会"}, {"清河市发展计划委员会"})
          .Event("merged", {"清河市物价局"}, {"清河市发展计划委员会"})
          .Event("duty_transferred", {"清河市物价局"}, {"清河市发展计划委员会"}, "价格管理"),
      DocBuilder("d2002", "2002-10-15", "清政办发〔2002〕70号")
          .Regulation("清河市发展计划委员会", "清发〔2002〕9号", {"拟订计划", "价格管理"},
                      {"办公室", "价格科"}, 40),
      DocBuilder("e2005", "2005-03-01", "清编〔2005〕2号", "批复")
          .Event("staffing_changed", {"市计委"}, {"市计委"}, "", "+5")
          .Staffing(45),
      DocBuilder("f2008", "2008-01-01", "清编〔2008〕1号")
          .Event("rank_changed", {"清河市发展计划委员会"}, {"清河市发展计划委员会"}, "",
                 "正处级→正厅级")
          .Event("placed_under", {"清河市水利电力局"}, {"清河市发展计划委员会"}),
      DocBuilder("g2010", "2010-01-26", "清发〔2010〕3号", "意见")
          .Event("split", {"清河市水利电力局"}, {"清河市水利局", "清河市电力局"}),
      DocBuilder("h2012", "2012-01-01", "清发〔2012〕1号")
          .Event("abolished", {"清河市电力局"}, {}),
  };
}

TEST(BuildChain, EveryEventTypeShapesInstitutionsAndVersions) {
  const Chain c = BuildChain(City(), {});
  ASSERT_EQ(c.institutions.size(), 5u);
  const Institution* jw = ByName(c, "清河市计划委员会");
  ASSERT_NE(jw, nullptr);
  EXPECT_EQ(jw->id, "org:清河市计划委员会");  // identity minted from the first name
  EXPECT_EQ(jw->level, "city");
  EXPECT_EQ(jw->valid_from, "1983-10-20");
  EXPECT_EQ(jw->valid_to, "");
  EXPECT_EQ(jw->names, (std::vector<std::string>{"清河市计划委员会", "清河市发展计划委员会"}));
  const auto vs = c.VersionsOf(jw->id);
  ASSERT_EQ(vs.size(), 4u);  // 1983, 2002 (rename + merge + 三定), 2005 (staffing), 2008 (rank)
  EXPECT_EQ(vs[0]->valid_from, "1983-10-20");
  EXPECT_EQ(vs[0]->valid_to, "2002-06-18");
  EXPECT_EQ(vs[0]->name, "清河市计划委员会");
  EXPECT_EQ(vs[0]->rank, "正处级");
  EXPECT_EQ(vs[0]->kind, "行政机关");
  EXPECT_EQ(vs[0]->abbreviations, std::vector<std::string>{"市计委"});
  // The 1990 三定 cites no decision: it fills the version in force (from 1983); the catch-all
  // clause is left out.
  EXPECT_EQ(vs[0]->duties, (std::vector<std::string>{"拟订计划", "综合平衡"}));
  EXPECT_EQ(vs[0]->units.size(), 2u);
  EXPECT_EQ(vs[0]->cites.at("duties").file, "b1990");
  // The 2002 三定 implements 清发〔2002〕9号: its content holds from the reform's date.
  EXPECT_EQ(vs[1]->valid_from, "2002-06-18");
  EXPECT_EQ(vs[1]->name, "清河市发展计划委员会");
  EXPECT_EQ(vs[1]->duties, (std::vector<std::string>{"拟订计划", "价格管理"}));
  EXPECT_EQ(vs[1]->staffing.front().count, 40);
  EXPECT_EQ(vs[1]->rank, "正处级");  // inherited
  // Staffing change (by abbreviation, learnt from the 1990 profile): +5, and the stated 45 agrees.
  EXPECT_EQ(vs[2]->valid_from, "2005-03-01");
  EXPECT_EQ(vs[2]->staffing.front().count, 45);
  EXPECT_EQ(vs[2]->duties, vs[1]->duties);  // inherited
  EXPECT_EQ(vs[3]->valid_from, "2008-01-01");
  EXPECT_EQ(vs[3]->rank, "正厅级");
  EXPECT_TRUE(c.conflicts.empty());

  const Institution* wjj = ByName(c, "清河市物价局");
  ASSERT_NE(wjj, nullptr);
  EXPECT_EQ(wjj->valid_to, "2002-06-18");  // merged away
  EXPECT_EQ(c.VersionsOf(wjj->id).back()->rank, "副处级");

  const Institution* sdj = ByName(c, "清河市水利电力局");
  ASSERT_NE(sdj, nullptr);
  EXPECT_EQ(sdj->valid_to, "2010-01-26");  // split
  const Version* placed = c.VersionAt(sdj->id, "2009-01-01");
  ASSERT_NE(placed, nullptr);
  EXPECT_EQ(placed->parent, jw->id);
  EXPECT_EQ(placed->valid_from, "2008-01-01");

  const Institution* dl = ByName(c, "清河市电力局");
  ASSERT_NE(dl, nullptr);
  EXPECT_EQ(dl->valid_from, "2010-01-26");
  EXPECT_EQ(dl->valid_to, "2012-01-01");  // abolished
  const Institution* sl = ByName(c, "清河市水利局");
  ASSERT_NE(sl, nullptr);
  EXPECT_EQ(sl->valid_from, "2010-01-26");

  std::map<std::string, int> types;
  for (const auto& e : c.events) ++types[e.type];
  for (const char* t : {"established", "renamed", "merged", "split", "abolished", "placed_under",
                        "rank_changed", "staffing_changed", "duty_transferred"})
    EXPECT_EQ(types[t], 1) << t;
  for (const auto& e : c.events) {
    if (e.type == "duty_transferred") {
      EXPECT_EQ(e.from, std::vector<std::string>{wjj->id});
      EXPECT_EQ(e.to, std::vector<std::string>{jw->id});
      EXPECT_EQ(e.duty, "价格管理");
      EXPECT_EQ(e.source.file, "c2002");
      EXPECT_EQ(e.source.doc_number, "清发〔2002〕9号");
      EXPECT_EQ(e.source.page, 1u);
    }
  }
}

TEST(BuildChain, SameResultWhateverTheArrivalOrder) {
  auto docs = City();
  const Chain forward = BuildChain(docs, {});
  std::reverse(docs.begin(), docs.end());
  const Chain backward = BuildChain(docs, {});
  std::rotate(docs.begin(), docs.begin() + 3, docs.end());
  const Chain rotated = BuildChain(docs, {});
  for (const Chain* c : {&backward, &rotated}) {
    EXPECT_EQ(c->institutions, forward.institutions);
    EXPECT_EQ(c->versions, forward.versions);
    EXPECT_EQ(c->events, forward.events);
    EXPECT_EQ(c->conflicts, forward.conflicts);
  }
}

TEST(BuildChain, AReusedNameAfterTheFirstBodyEndedIsANewBody) {
  std::vector<SourceDocument> docs = {
      DocBuilder("a", "1983-01-01").Event("established", {}, {"清河市广播电视局", "清河市文化局"}),
      DocBuilder("b", "2010-01-01")
          .Event("merged", {"清河市广播电视局", "清河市文化局"}, {"清河市文化广电局"}),
      DocBuilder("c", "2019-01-01")
          .Event("split", {"清河市文化广电局"}, {"清河市文化和旅游局", "清河市广播电视局"}),
  };
  const Chain c = BuildChain(docs, {});
  ASSERT_EQ(c.institutions.size(), 5u);
  std::vector<const Institution*> same;
  for (const auto& i : c.institutions) {
    if (i.names == std::vector<std::string>{"清河市广播电视局"}) same.push_back(&i);
  }
  ASSERT_EQ(same.size(), 2u);
  EXPECT_EQ(same[0]->valid_to, "2010-01-01");
  EXPECT_EQ(same[1]->valid_from, "2019-01-01");
  EXPECT_NE(same[0]->id, same[1]->id);
}

TEST(BuildChain, AuthorityIdsAreUsedWhenTheExtractorResolvedThem) {
  SourceDocument d = DocBuilder("a", "1983-01-01");
  extract::Event e;
  e.type = "established";
  e.date = "1983-01-01";
  e.to = {M("清河市计划委员会", "qh-jw")};
  d.facts.events.push_back(e);
  SourceDocument r = DocBuilder("b", "2002-01-01");
  e.type = "renamed";
  e.date = "2002-01-01";
  e.from = {M("清河市计划委员会", "qh-jw")};
  e.to = {M("清河市发展计划委员会", "qh-jw")};
  r.facts.events.push_back(e);
  const Chain c = BuildChain({d, r}, {});
  ASSERT_EQ(c.institutions.size(), 1u);
  EXPECT_EQ(c.institutions[0].id, "qh-jw");
  EXPECT_EQ(c.VersionsOf("qh-jw").size(), 2u);
}

TEST(BuildChain, ABodyFirstMetUnderAnOldNameHasAnUnknownStart) {
  const Chain c = BuildChain(
      {DocBuilder("a", "1998-03-10").Event("renamed", {"国家计划委员会"}, {"国家发展计划委员会"})},
      {});
  ASSERT_EQ(c.institutions.size(), 1u);
  EXPECT_EQ(c.institutions[0].level, "national");
  EXPECT_EQ(c.institutions[0].valid_from, "");
  const auto vs = c.VersionsOf(c.institutions[0].id);
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[0]->valid_from, "");
  EXPECT_EQ(vs[0]->name, "国家计划委员会");
  EXPECT_EQ(vs[1]->name, "国家发展计划委员会");
}

TEST(BuildChain, DisagreeingSourcesAreKeptAsConflicts) {
  std::vector<SourceDocument> docs = {
      DocBuilder("a", "2000-01-01").Event("established", {}, {"清河市民政局"}),
      DocBuilder("b", "2010-09-14")
          .Regulation("清河市民政局", "", {"社会救助"}, {"办公室"}, 40)
          .Profile("清河市民政局", "正处级", "行政机关"),
      DocBuilder("c", "2011-01-01").Profile("清河市民政局", "副处级", ""),
      DocBuilder("d", "2012-05-15", "清编办〔2012〕3号", "批复")
          .Event("staffing_changed", {"清河市民政局"}, {"清河市民政局"}, "", "+3")
          .Staffing(44),
  };
  const Chain c = BuildChain(docs, {});
  ASSERT_EQ(c.conflicts.size(), 2u);
  const Conflict& rank = c.conflicts[0].field == "rank" ? c.conflicts[0] : c.conflicts[1];
  const Conflict& staff = c.conflicts[0].field == "rank" ? c.conflicts[1] : c.conflicts[0];
  EXPECT_EQ(rank.claims.size(), 2u);
  EXPECT_EQ(rank.claims[0].source.file, "b");
  EXPECT_EQ(rank.claims[1].source.file, "c");
  EXPECT_EQ(staff.date, "2012-05-15");
  EXPECT_EQ(staff.claims[0].source.file, "b");
  EXPECT_EQ(staff.claims[1].source.file, "d");
  EXPECT_FALSE(staff.note.empty());
  const Version* v = c.VersionAt(c.institutions[0].id, "2013-01-01");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->staffing.front().count, 43);  // 40 + 3; the stated 44 kept in the conflict
  EXPECT_EQ(v->cites.at("staffing").file, "d");
}

TEST(BuildChain, ARegulationCitingADecisionOutsideTheArchiveStartsAVersionOnItsOwnDate) {
  std::vector<SourceDocument> docs = {
      DocBuilder("a", "2000-01-01").Event("established", {}, {"清河市统计局"}),
      DocBuilder("b", "2009-03-01").Regulation("清河市统计局", "清发〔2008〕99号", {"统计调查"}, {}, 10),
  };
  const Chain c = BuildChain(docs, {});
  const auto vs = c.VersionsOf(c.institutions[0].id);
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[1]->valid_from, "2009-03-01");
  EXPECT_FALSE(c.notes.empty());
}

TEST(BuildChain, DocumentsWithoutADateOrWithUnplaceableNamesAreNoted) {
  SourceDocument undated = DocBuilder("x", "");
  const Chain c = BuildChain(
      {undated, DocBuilder("a", "2000-01-01").Event("abolished", {"市某办"}, {})}, {});
  EXPECT_TRUE(c.institutions.empty());
  EXPECT_TRUE(c.events.empty() || c.events[0].from.empty());
  EXPECT_EQ(c.notes.size(), 2u);
}

TEST(BuildChain, AnUndatedRegulationCountsAtTheDecisionItImplements) {
  SourceDocument undated = DocBuilder("b", "", "清政办发〔2002〕70号")
                               .Regulation("清河市统计局", "清发〔2002〕9号", {"统计调查"}, {"办公室"}, 12)
                               .Profile("清河市统计局", "正处级", "行政机关");
  std::vector<SourceDocument> docs = {
      DocBuilder("a", "1990-01-01").Event("established", {}, {"清河市统计局"}),
      DocBuilder("r", "2002-06-18", "清发〔2002〕9号", "意见"), undated};
  const Chain c = BuildChain(docs, {});
  ASSERT_EQ(c.institutions.size(), 1u);
  const auto vs = c.VersionsOf(c.institutions[0].id);
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[1]->valid_from, "2002-06-18");
  EXPECT_EQ(vs[1]->duties, std::vector<std::string>{"统计调查"});
  EXPECT_EQ(vs[1]->rank, "正处级");
  EXPECT_EQ(c.notes.size(), 1u);
  // Without the decision in the archive it cannot be placed.
  const Chain d = BuildChain({docs[0], undated}, {});
  EXPECT_EQ(d.VersionsOf(d.institutions[0].id).size(), 1u);
  EXPECT_TRUE(d.versions[0].duties.empty());
}

ChainCuration Cur(uint64_t seq, const std::string& op, const nlohmann::json& value,
                  const std::string& target = "", uint64_t withdraws = 0) {
  ChainCuration c;
  c.seq = seq;
  c.op = op;
  c.value = value.is_null() ? "" : value.dump();
  c.target = target;
  c.withdraws = withdraws;
  c.by = "档案员";
  c.reason = "核对原件";
  return c;
}

TEST(BuildChain, CurationsAddRetractSetCorrectAndWithdraw) {
  const auto docs = City();
  const Chain base = BuildChain(docs, {});
  const std::string jw = ByName(base, "清河市计划委员会")->id;
  const std::string wjj = ByName(base, "清河市物价局")->id;
  std::string merge_id;
  for (const auto& e : base.events) {
    if (e.type == "merged") merge_id = e.id;
  }
  ASSERT_FALSE(merge_id.empty());

  // Retracting the merge: the 物价局 no longer ends in 2002.
  Chain c = BuildChain(docs, {Cur(1, "retract_event", nullptr, merge_id)});
  EXPECT_EQ(c.FindInstitution(wjj)->valid_to, "");
  // Withdrawing the retraction restores it.
  c = BuildChain(docs, {Cur(1, "retract_event", nullptr, merge_id), Cur(2, "withdraw", nullptr, "", 1)});
  EXPECT_EQ(c.FindInstitution(wjj)->valid_to, "2002-06-18");

  // An added event, by id and by name.
  c = BuildChain(docs, {Cur(3, "add_event", {{"type", "rank_changed"}, {"date", "1995-01-01"},
                                             {"from", {jw}}, {"to", {jw}}, {"detail", "→副厅级"}})});
  const Version* v = c.VersionAt(jw, "1996-01-01");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->valid_from, "1995-01-01");
  EXPECT_EQ(v->rank, "副厅级");
  EXPECT_EQ(v->cites.at("rank").curation, 3u);

  // set starts a version; correct amends one without starting another.
  c = BuildChain(docs, {Cur(4, "set", {{"institution", jw}, {"date", "1999-07-01"},
                                       {"field", "kind"}, {"value", "事业单位"}}),
                        Cur(5, "correct", {{"institution", jw}, {"date", "1985-01-01"},
                                           {"field", "duties"}, {"value", {"甲", "乙"}}})});
  EXPECT_EQ(c.VersionsOf(jw).size(), base.VersionsOf(jw).size() + 1);
  EXPECT_EQ(c.VersionAt(jw, "2000-01-01")->kind, "事业单位");
  EXPECT_EQ(c.VersionAt(jw, "1985-01-01")->duties, (std::vector<std::string>{"甲", "乙"}));
  EXPECT_EQ(c.VersionAt(jw, "1985-01-01")->cites.at("duties").curation, 5u);

  // retract_fact: the 1990 三定 no longer sets the duties.
  c = BuildChain(docs, {Cur(6, "retract_fact", {{"institution", jw}, {"field", "duties"}, {"source", "b1990"}})});
  EXPECT_TRUE(c.VersionAt(jw, "1995-01-01")->duties.empty());
  EXPECT_EQ(c.VersionAt(jw, "1995-01-01")->units.size(), 2u);
}

TEST(BuildChain, EventIdsAreStable) {
  Citation src;
  src.file = "abc";
  const std::string a = EventId("renamed", "2002-01-01", {"甲"}, {"乙"}, "", src);
  EXPECT_EQ(a, EventId("renamed", "2002-01-01", {"甲"}, {"乙"}, "", src));
  EXPECT_NE(a, EventId("renamed", "2002-01-02", {"甲"}, {"乙"}, "", src));
  EXPECT_EQ(a.size(), 17u);
}

}  // namespace
}  // namespace sanding::history
