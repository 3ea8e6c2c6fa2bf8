// Version diffs: clause similarity and alignment, changed-word marks, field / unit / staffing
// deltas, diffs by date through a Source, the text report and JSON.
#include "query/lineage/diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sanding::lineage {
namespace {

std::string Concat(const std::vector<Segment>& marks) {
  std::string out;
  for (const auto& s : marks) out += s.text;
  return out;
}

// The changed runs of a mark list, in order.
std::vector<std::string> ChangedRuns(const std::vector<Segment>& marks) {
  std::vector<std::string> out;
  for (const auto& s : marks)
    if (s.changed) out.push_back(s.text);
  return out;
}

// The text of the changed runs, joined (robust to where ICU puts a word boundary).
std::string ChangedText(const std::vector<Segment>& marks) {
  std::string out;
  for (const auto& s : marks)
    if (s.changed) out += s.text;
  return out;
}

// Runs alternate: no two adjacent segments with the same flag, none empty.
void ExpectWellFormed(const std::vector<Segment>& marks, const std::string& text) {
  EXPECT_EQ(Concat(marks), text);
  for (size_t i = 0; i < marks.size(); ++i) {
    EXPECT_FALSE(marks[i].text.empty()) << i;
    if (i > 0) {
      EXPECT_NE(marks[i].changed, marks[i - 1].changed) << i;
    }
  }
}

// ---- ClauseSimilarity ---------------------------------------------------------------------------

TEST(ClauseSimilarityTest, IdenticalDisjointAndPartial) {
  EXPECT_DOUBLE_EQ(ClauseSimilarity("负责全市价格监督检查工作", "负责全市价格监督检查工作"), 1.0);
  EXPECT_DOUBLE_EQ(ClauseSimilarity("拟订国民经济发展规划", "管理粮食储备"), 0.0);
  // 11 and 17 bigrams, 10 shared: 20 / 28.
  EXPECT_NEAR(ClauseSimilarity("负责全市价格监督检查工作", "负责全市价格监督检查和反垄断执法工作"),
              20.0 / 28.0, 1e-9);
  const double s =
      ClauseSimilarity("组织拟订全市国民经济和社会发展中长期规划", "组织拟订全市综合性产业政策");
  EXPECT_GT(s, 0.0);
  EXPECT_LT(s, kRewordedThreshold);
}

TEST(ClauseSimilarityTest, IgnoresScriptWidthAndPunctuation) {
  EXPECT_DOUBLE_EQ(ClauseSimilarity("負責全市價格監督檢查工作", "负责全市价格监督检查工作"), 1.0);
  EXPECT_DOUBLE_EQ(ClauseSimilarity("负责ＧＤＰ核算，统计分析", "负责GDP核算、统计分析。"), 1.0);
  EXPECT_DOUBLE_EQ(ClauseSimilarity("承担“十五”计划编制", "承担十五计划编制"), 1.0);
}

TEST(ClauseSimilarityTest, SingleCharacterFallsBackToUnigrams) {
  EXPECT_DOUBLE_EQ(ClauseSimilarity("税", "税"), 1.0);
  EXPECT_NEAR(ClauseSimilarity("税", "税务"), 2.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(ClauseSimilarity("税", "粮"), 0.0);
  EXPECT_DOUBLE_EQ(ClauseSimilarity("税", ""), 0.0);
}

TEST(ClauseSimilarityTest, SymmetricAndBounded) {
  const std::vector<std::string> xs = {
      "负责全市价格监督检查工作", "拟订并组织实施价格政策", "价格", "", "。", "A"};
  for (const auto& a : xs) {
    for (const auto& b : xs) {
      const double s = ClauseSimilarity(a, b);
      EXPECT_GE(s, 0.0);
      EXPECT_LE(s, 1.0);
      EXPECT_DOUBLE_EQ(s, ClauseSimilarity(b, a)) << a << " / " << b;
    }
  }
}

// ---- AlignClauses -------------------------------------------------------------------------------

// A 发展计划委员会 before the 2000s reform and the 发展和改革委员会 after it.
const std::vector<std::string> kBefore = {
    "研究提出全市国民经济和社会发展战略",  // same
    "负责全市价格监督检查工作",            // reworded
    "管理全市粮食储备和粮食流通工作",      // removed
    "组织编制全市重点建设项目年度计划",    // same (moved down)
};
const std::vector<std::string> kAfter = {
    "研究提出全市国民经济和社会发展战略", "负责全市价格监督检查和反垄断执法工作",
    "组织编制全市重点建设项目年度计划",
    "推进全市经济体制改革，拟订综合性经济体制改革方案",  // added
};

TEST(AlignClausesDiffTest, SameRewordedAddedRemovedInOrder) {
  const auto r = AlignClauses(kBefore, kAfter);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].change, "same");
  EXPECT_EQ(r[0].before, kBefore[0]);
  EXPECT_EQ(r[0].after, kAfter[0]);
  EXPECT_DOUBLE_EQ(r[0].similarity, 1.0);
  EXPECT_TRUE(r[0].before_marks.empty());

  EXPECT_EQ(r[1].change, "reworded");
  EXPECT_EQ(r[1].before, kBefore[1]);
  EXPECT_EQ(r[1].after, kAfter[1]);
  EXPECT_GE(r[1].similarity, kRewordedThreshold);
  EXPECT_LT(r[1].similarity, 1.0);

  // The removed clause stands where it stood: after the clause aligned before it.
  EXPECT_EQ(r[2].change, "removed");
  EXPECT_EQ(r[2].before, kBefore[2]);
  EXPECT_EQ(r[2].after, "");
  EXPECT_DOUBLE_EQ(r[2].similarity, 0.0);

  EXPECT_EQ(r[3].change, "same");
  EXPECT_EQ(r[3].after, kAfter[2]);

  EXPECT_EQ(r[4].change, "added");
  EXPECT_EQ(r[4].before, "");
  EXPECT_EQ(r[4].after, kAfter[3]);
}

TEST(AlignClausesDiffTest, RewordedClauseMarksTheNewWords) {
  const auto r =
      AlignClauses({"负责全市价格监督检查工作"}, {"负责全市价格监督检查和反垄断执法工作"});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].change, "reworded");
  ExpectWellFormed(r[0].before_marks, r[0].before);
  ExpectWellFormed(r[0].after_marks, r[0].after);
  // Nothing of the old clause is gone; the new one adds "和反垄断执法".
  EXPECT_EQ(ChangedText(r[0].before_marks), "");
  EXPECT_EQ(ChangedRuns(r[0].after_marks), std::vector<std::string>{"和反垄断执法"});
  ASSERT_EQ(r[0].after_marks.size(), 3u);
  EXPECT_EQ(r[0].after_marks[0], (Segment{"负责全市价格监督检查", false}));
  EXPECT_EQ(r[0].after_marks[2], (Segment{"工作", false}));
}

TEST(AlignClausesDiffTest, RewordedClauseMarksBothSides) {
  const auto r =
      AlignClauses({"负责全市物价管理和收费管理工作"}, {"负责全市价格管理和收费管理工作"});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].change, "reworded");
  ExpectWellFormed(r[0].before_marks, r[0].before);
  ExpectWellFormed(r[0].after_marks, r[0].after);
  EXPECT_EQ(ChangedText(r[0].before_marks), "物价");
  EXPECT_EQ(ChangedText(r[0].after_marks), "价格");
}

TEST(AlignClausesDiffTest, ReorderedClausesAreSame) {
  const std::vector<std::string> before = {"拟订全市价格政策", "管理全市重要物资储备",
                                           "负责全市招标投标的指导和协调"};
  const std::vector<std::string> after = {before[2], before[0], before[1]};
  const auto r = AlignClauses(before, after);
  ASSERT_EQ(r.size(), 3u);
  for (size_t j = 0; j < 3; ++j) {
    EXPECT_EQ(r[j].change, "same") << j;
    EXPECT_EQ(r[j].after, after[j]);
    EXPECT_EQ(r[j].before, after[j]);
  }
}

TEST(AlignClausesDiffTest, TraditionalAndFullWidthSpellingsAreSame) {
  const auto r = AlignClauses({"負責全市價格監督檢查工作", "负责ＧＤＰ核算工作"},
                              {"负责全市价格监督检查工作", "负责GDP核算工作"});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].change, "same");
  EXPECT_EQ(r[0].before, "負責全市價格監督檢查工作");
  EXPECT_EQ(r[0].after, "负责全市价格监督检查工作");
  EXPECT_EQ(r[1].change, "same");
  EXPECT_DOUBLE_EQ(r[1].similarity, 1.0);
}

TEST(AlignClausesDiffTest, TraditionalWordsInARewordedClauseAreNotMarked) {
  const auto r =
      AlignClauses({"負責全市價格監督檢查工作"}, {"负责全市价格监督检查和反垄断执法工作"});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].change, "reworded");
  ExpectWellFormed(r[0].before_marks, r[0].before);
  EXPECT_EQ(ChangedText(r[0].before_marks), "");
  EXPECT_EQ(ChangedText(r[0].after_marks), "和反垄断执法");
}

TEST(AlignClausesDiffTest, ContainmentPairsAnExtendedClause) {
  const std::string before = "负责全市价格监督检查工作";
  const std::string after =
      "负责全市价格监督检查工作，承担反垄断统一执法、价格认证、成本监审和收费管理的具体组织实施";
  // Dice alone would not call it reworded: the premise of this test.
  ASSERT_LT(ClauseSimilarity(before, after), kRewordedThreshold);
  const auto r = AlignClauses({before}, {after});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].change, "reworded");
  EXPECT_GE(r[0].similarity, kRewordedThreshold);
  EXPECT_LE(r[0].similarity, 1.0);
  ExpectWellFormed(r[0].after_marks, after);
  EXPECT_EQ(ChangedText(r[0].before_marks), "");
}

TEST(AlignClausesDiffTest, ShortCommonWordsDoNotPairUnrelatedClauses) {
  // Both "负责全市…工作", nothing else in common.
  const auto r = AlignClauses({"负责全市物价工作"}, {"负责全市安全生产监督管理工作"});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].change, "removed");
  EXPECT_EQ(r[1].change, "added");
}

TEST(AlignClausesDiffTest, BestPairWinsAndTiesGoByPosition) {
  // The second after-clause is closer to the before-clause than the first.
  const std::vector<std::string> before = {"负责全市价格监督检查工作"};
  const std::vector<std::string> after = {"负责全市价格监督检查和反垄断执法工作",
                                          "负责全市价格监督检查执法工作"};
  ASSERT_GT(ClauseSimilarity(before[0], after[1]), ClauseSimilarity(before[0], after[0]));
  auto r = AlignClauses(before, after);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].change, "added");
  EXPECT_EQ(r[0].after, after[0]);
  EXPECT_EQ(r[1].change, "reworded");
  EXPECT_EQ(r[1].after, after[1]);

  // Two equal candidates: the first in `after` wins.
  r = AlignClauses({"负责全市价格工作"}, {"负责全市价格监测工作", "负责全市价格监测工作"});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].change, "reworded");
  EXPECT_EQ(r[1].change, "added");

  // A duplicated clause: the first occurrence is the same one, the other is removed.
  r = AlignClauses({"拟订全市价格政策", "拟订全市价格政策"}, {"拟订全市价格政策"});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].change, "same");
  EXPECT_EQ(r[1].change, "removed");
}

TEST(AlignClausesDiffTest, RemovedClausesStandWhereTheyStood) {
  const auto r =
      AlignClauses({"管理全市粮食储备", "拟订全市价格政策", "负责全市物资供应", "负责全市招标投标"},
                   {"负责全市招标投标", "拟订全市价格政策"});
  // 粮食 before anything aligned: first; 物资 after 价格政策 (aligned to after[1]).
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].change, "removed");
  EXPECT_EQ(r[0].before, "管理全市粮食储备");
  EXPECT_EQ(r[1].after, "负责全市招标投标");
  EXPECT_EQ(r[2].after, "拟订全市价格政策");
  EXPECT_EQ(r[3].change, "removed");
  EXPECT_EQ(r[3].before, "负责全市物资供应");
}

TEST(AlignClausesDiffTest, EmptySides) {
  EXPECT_TRUE(AlignClauses({}, {}).empty());
  auto r = AlignClauses({}, {"拟订全市价格政策"});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].change, "added");
  r = AlignClauses({"拟订全市价格政策"}, {});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].change, "removed");
}

TEST(AlignClausesDiffTest, MarksReproduceTheClauseExactly) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"负责全市价格监督检查工作😀，含ASCII text 123",
       "负责全市价格监督检查和反垄断执法工作🎉；含ASCII words 456!"},
      {"（一）负责“十五”计划的编制——包括GDP/CPI指标…",
       "(一)负责「十一五」规划的编制——包括GDP、CPI指标……"},
      {"负责全市 价格  监督\t检查工作", "负责全市价格监督检查\n工作及其他"},
      {"負責全市價格監督檢查工作👩‍👩‍👧",
       "负责全市价格监督检查和执法工作👩‍👩‍👧‍👦"},
      // Ill-formed UTF-8 still splits back into the same bytes.
      {std::string("负责全市价格监督检查工作\xff\xfe"),
       std::string("负责全市价格\xc3监督检查执法工作")},
  };
  for (const auto& [b, a] : pairs) {
    const auto r = AlignClauses({b}, {a});
    ASSERT_EQ(r.size(), 1u) << b;
    ASSERT_EQ(r[0].change, "reworded") << b << " / " << a;
    ExpectWellFormed(r[0].before_marks, b);
    ExpectWellFormed(r[0].after_marks, a);
  }
}

TEST(AlignClausesDiffTest, VeryLongClausesStayExact) {
  const std::vector<std::string> words = {"价格", "监督", "检查", "执法", "收费",
                                          "管理", "粮食", "储备", "能源", "交通"};
  std::string before, after;
  for (int i = 0; i < 3000; ++i) {
    before += words[i % words.size()] + "，";
    after += words[(i * 7) % words.size()] + (i % 3 == 0 ? "、" : "，");
  }
  const auto r = AlignClauses({before}, {after});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].change, "reworded");
  ExpectWellFormed(r[0].before_marks, before);
  ExpectWellFormed(r[0].after_marks, after);
}

TEST(AlignClausesDiffTest, SpacesBetweenChangedWordsJoinTheChange) {
  const auto r = AlignClauses({"负责全市价格监督检查工作，指导 ISO 9000 认证"},
                              {"负责全市价格监督检查工作，指导 GB T 19001 认证"});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].change, "reworded");
  ExpectWellFormed(r[0].after_marks, r[0].after);
  EXPECT_EQ(ChangedRuns(r[0].before_marks), std::vector<std::string>{"ISO 9000"});
  EXPECT_EQ(ChangedRuns(r[0].after_marks), std::vector<std::string>{"GB T 19001"});
}

TEST(AlignClausesDiffTest, PunctuationIsNeverMarked) {
  const auto r = AlignClauses({"拟订全市价格政策，组织实施价格调控"},
                              {"拟订全市价格政策；组织实施价格调控。"});
  ASSERT_EQ(r.size(), 1u);
  // Same key: the same duty, nothing to mark.
  EXPECT_EQ(r[0].change, "same");

  const auto s = AlignClauses({"拟订全市价格政策，组织实施价格调控"},
                              {"拟订全市价格政策；组织实施价格和收费调控！"});
  ASSERT_EQ(s.size(), 1u);
  ASSERT_EQ(s[0].change, "reworded");
  for (const auto& seg : s[0].after_marks) {
    if (!seg.changed) continue;
    EXPECT_EQ(seg.text.find("；"), std::string::npos) << seg.text;
    EXPECT_EQ(seg.text.find("！"), std::string::npos) << seg.text;
  }
  for (const auto& seg : s[0].before_marks) {
    if (seg.changed) {
      EXPECT_EQ(seg.text.find("，"), std::string::npos) << seg.text;
    }
  }
  EXPECT_NE(ChangedText(s[0].after_marks).find("收费"), std::string::npos);
}

// Forty clauses, reordered, ten reworded: every pair found (speed is measured in bench/lineage,
// never asserted here).
TEST(AlignClausesDiffTest, FortyReorderedClausesAlign) {
  std::vector<std::string> before, after;
  const std::vector<std::string> topics = {"价格", "粮食", "能源", "交通", "投资",
                                           "物资", "就业", "社会", "区域", "产业"};
  for (int i = 0; i < 40; ++i) {
    const std::string t = topics[i % topics.size()] + std::to_string(i);
    before.push_back("负责全市" + t + "领域的规划编制、政策拟订和监督检查工作，协调解决重大问题");
    if (i % 4 == 0) {
      after.push_back("负责全市" + t +
                      "领域的规划编制、政策拟订、监督检查和行政执法工作，协调解决重大问题");
    } else if (i % 7 == 0) {
      after.push_back("承担全市" + t + "统计监测和信息发布，指导行业协会开展工作");
    } else {
      after.push_back(before.back());
    }
  }
  std::reverse(after.begin(), after.end());
  const auto r = AlignClauses(before, after);
  auto count = [&](const char* change) {
    return std::count_if(r.begin(), r.end(), [&](const auto& c) { return c.change == change; });
  };
  EXPECT_EQ(count("reworded"), 10);
  EXPECT_EQ(count("same"), 26);
  EXPECT_EQ(count("added"), 4);
  EXPECT_EQ(count("removed"), 4);
}

// ---- DiffVersions -------------------------------------------------------------------------------

history::Version Before() {
  history::Version v;
  v.institution = "qh-fgw";
  v.valid_from = "1996-03-01";
  v.valid_to = "2001-10-08";
  v.name = "清河市发展计划委员会";
  v.abbreviations = {"市计委"};
  v.rank = "正处级";
  v.kind = "行政机关";
  v.parent = "qh-gov";
  v.duties = kBefore;
  v.units = {{"办公室", {"负责机关文电、会务、机要、档案等工作"}},
             {"价格管理科", {"负责全市价格监督检查工作"}},
             {"粮食科", {"管理全市粮食储备"}},
             {"投资科", {"负责全市固定资产投资管理"}}};
  v.staffing = {{"行政编制", "", 30},
                {"领导职数", "主任", 1},
                {"领导职数", "副主任", 4},
                {"事业编制", "", 5}};
  return v;
}

history::Version After() {
  history::Version v = Before();
  v.valid_from = "2001-10-08";
  v.valid_to = "";
  v.name = "清河市发展和改革委员会";
  v.abbreviations = {"市发改委"};
  v.rank = "正局级";
  v.duties = kAfter;
  v.units = {{"辦公室", {"負責機關文電、會務、機要、檔案等工作"}},          // same, in 繁体
             {"价格监督管理科", {"负责全市价格监督检查和反垄断执法工作"}},  // renamed
             {"投资科", {"负责全市固定资产投资管理", "负责全市招标投标的指导和协调"}},  // changed
             {"经济体制改革科", {"拟订综合性经济体制改革方案"}}};  // added; 粮食科 removed
  v.staffing = {{"行政编制", "", 33},
                {"领导职数", "主任", 1},
                {"领导职数", "副主任", 3},
                {"其他编制", "", 2}};
  return v;
}

TEST(DiffVersionsTest, FieldsOnlyWhenTheyDiffer) {
  const VersionDiff d = DiffVersions(Before(), After());
  EXPECT_EQ(d.institution, "qh-fgw");
  EXPECT_EQ(d.before_from, "1996-03-01");
  EXPECT_EQ(d.before_to, "2001-10-08");
  EXPECT_EQ(d.before_name, "清河市发展计划委员会");
  EXPECT_EQ(d.after_from, "2001-10-08");
  EXPECT_EQ(d.after_to, "");
  EXPECT_EQ(d.after_name, "清河市发展和改革委员会");
  const std::vector<FieldChange> want = {
      {"name", "清河市发展计划委员会", "清河市发展和改革委员会"},
      {"rank", "正处级", "正局级"},
      {"abbreviations", "市计委", "市发改委"},
  };
  EXPECT_EQ(d.fields, want);

  history::Version b = Before(), a = Before();
  a.abbreviations = {"计委", "市计委"};
  b.abbreviations = {"市计委", "计委"};  // the same set
  a.parent = "qh-cpc";
  a.kind = "";
  const VersionDiff e = DiffVersions(b, a);
  const std::vector<FieldChange> want2 = {{"kind", "行政机关", ""}, {"parent", "qh-gov", "qh-cpc"}};
  EXPECT_EQ(e.fields, want2);
}

TEST(DiffVersionsTest, DutiesAndCounts) {
  const VersionDiff d = DiffVersions(Before(), After());
  EXPECT_EQ(d.duties, AlignClauses(kBefore, kAfter));
  EXPECT_EQ(d.added, 1u);
  EXPECT_EQ(d.removed, 1u);
  EXPECT_EQ(d.reworded, 1u);
  EXPECT_EQ(d.same, 2u);
}

TEST(DiffVersionsTest, Units) {
  const VersionDiff d = DiffVersions(Before(), After());
  ASSERT_EQ(d.units.size(), 5u);
  EXPECT_EQ(d.units[0].change, "same");
  EXPECT_EQ(d.units[0].before, "办公室");
  EXPECT_EQ(d.units[0].after, "辦公室");
  EXPECT_TRUE(d.units[0].duties.empty());

  EXPECT_EQ(d.units[1].change, "renamed");
  EXPECT_EQ(d.units[1].before, "价格管理科");
  EXPECT_EQ(d.units[1].after, "价格监督管理科");
  ASSERT_EQ(d.units[1].duties.size(), 1u);
  EXPECT_EQ(d.units[1].duties[0].change, "reworded");

  EXPECT_EQ(d.units[2].change, "changed");
  EXPECT_EQ(d.units[2].after, "投资科");
  ASSERT_EQ(d.units[2].duties.size(), 2u);
  EXPECT_EQ(d.units[2].duties[0].change, "same");
  EXPECT_EQ(d.units[2].duties[1].change, "added");

  EXPECT_EQ(d.units[3].change, "added");
  EXPECT_EQ(d.units[3].before, "");
  EXPECT_EQ(d.units[3].after, "经济体制改革科");

  EXPECT_EQ(d.units[4].change, "removed");
  EXPECT_EQ(d.units[4].before, "粮食科");
  EXPECT_EQ(d.units[4].after, "");
}

TEST(DiffVersionsTest, Staffing) {
  const VersionDiff d = DiffVersions(Before(), After());
  const std::vector<StaffingChange> want = {
      {"行政编制", "", 30, 33, 3},
      {"领导职数", "副主任", 4, 3, -1},
      {"其他编制", "", 0, 2, 2},
      {"事业编制", "", 5, 0, -5},
  };
  EXPECT_EQ(d.staffing, want);
}

TEST(DiffVersionsTest, IdenticalVersionsDifferInNothing) {
  const VersionDiff d = DiffVersions(After(), After());
  EXPECT_TRUE(d.fields.empty());
  EXPECT_TRUE(d.staffing.empty());
  EXPECT_EQ(d.same, kAfter.size());
  EXPECT_EQ(d.added + d.removed + d.reworded, 0u);
  for (const auto& u : d.units) EXPECT_EQ(u.change, "same") << u.after;
  EXPECT_NE(RenderDiff(d).find("没有差别"), std::string::npos);
}

// ---- DiffDates ----------------------------------------------------------------------------------

class FakeSource : public Source {
 public:
  std::vector<history::Version> versions;
  bool fail = false;

  Result<std::vector<history::NameEntry>> NamesByKey(const std::string&) override {
    return std::vector<history::NameEntry>{};
  }
  Status ForEachName(const std::function<bool(const history::NameEntry&)>&) override {
    return Status::Ok();
  }
  Result<std::optional<history::Card>> GetCard(const std::string&) override {
    return std::optional<history::Card>{};
  }
  Result<std::vector<history::Version>> Versions(const std::string& id) override {
    std::vector<history::Version> out;
    for (const auto& v : versions)
      if (v.institution == id) out.push_back(v);
    return out;
  }
  Result<std::optional<history::Version>> VersionAt(const std::string& id,
                                                    const std::string& date) override {
    if (fail) return Status::IOError("读取失败");
    for (const auto& v : versions)
      if (v.institution == id && history::InForce(v.valid_from, v.valid_to, date))
        return std::optional<history::Version>(v);
    return std::optional<history::Version>{};
  }
  Result<std::vector<history::RegionEntry>> RegionEntries(const std::string&) override {
    return std::vector<history::RegionEntry>{};
  }
  Result<std::vector<history::Conflict>> Conflicts(const std::string&) override {
    return std::vector<history::Conflict>{};
  }
};

TEST(DiffDatesTest, DiffsTheVersionsInForce) {
  FakeSource src;
  src.versions = {Before(), After()};
  auto r = DiffDates(src, "qh-fgw", "1998-01-01", "2005-06-30");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->before_name, "清河市发展计划委员会");
  EXPECT_EQ(r->after_name, "清河市发展和改革委员会");
  EXPECT_EQ(r->reworded, 1u);

  // In the given order, even backwards.
  r = DiffDates(src, "qh-fgw", "2005-06-30", "1998-01-01");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->before_name, "清河市发展和改革委员会");
  EXPECT_EQ(r->added, 1u);  // the clause removed going forward comes back
}

TEST(DiffDatesTest, NoVersionOnADate) {
  FakeSource src;
  src.versions = {Before(), After()};
  auto r = DiffDates(src, "qh-fgw", "1990-01-01", "2005-06-30");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("1990-01-01"), std::string::npos);
  EXPECT_NE(r.status().message().find("没有有效的版本"), std::string::npos);
  EXPECT_NE(r.status().message().find("清河市发展和改革委员会"), std::string::npos);

  r = DiffDates(src, "qh-none", "1998-01-01", "2005-06-30");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_NE(r.status().message().find("qh-none"), std::string::npos);
}

TEST(DiffDatesTest, BadDateAndSourceErrors) {
  FakeSource src;
  src.versions = {Before(), After()};
  auto r = DiffDates(src, "qh-fgw", "1998年", "2005-06-30");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("1998年"), std::string::npos);

  src.fail = true;
  r = DiffDates(src, "qh-fgw", "1998-01-01", "2005-06-30");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIOError);
}

// ---- RenderDiff and JSON ------------------------------------------------------------------------

TEST(RenderDiffTest, ChineseReport) {
  const std::string text = RenderDiff(DiffVersions(Before(), After()));
  for (const std::string want :
       {"清河市发展计划委员会", "清河市发展和改革委员会", "1996-03-01",
        "名称：清河市发展计划委员会 → 清河市发展和改革委员会", "规格：正处级 → 正局级",
        "新增 1 项，删除 1 项，改写 1 项，未变 2 项",
        "＋ 新增：推进全市经济体制改革，拟订综合性经济体制改革方案",
        "－ 删除：管理全市粮食储备和粮食流通工作", "～ 改写", "原：负责全市价格监督检查工作",
        "现：负责全市价格监督检查【和反垄断执法】工作", "更名：价格管理科 → 价格监督管理科",
        "＋ 新增：经济体制改革科", "粮食科", "行政编制 30 → 33（+3）",
        "领导职数（副主任） 4 → 3（-1）", "事业编制 5 → 0（-5）"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  // Unchanged clauses are counted, not listed.
  EXPECT_EQ(text.find("研究提出全市国民经济和社会发展战略"), std::string::npos) << text;
}

TEST(DiffJsonTest, SnakeCaseKeys) {
  const VersionDiff d = DiffVersions(Before(), After());
  const nlohmann::json j = d;
  for (const char* k : {"institution", "before_from", "before_to", "before_name", "after_from",
                        "after_to", "after_name", "fields", "duties", "units", "staffing", "added",
                        "removed", "reworded", "same"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["added"], 1);
  EXPECT_EQ(j["fields"][0], (nlohmann::json{{"field", "name"},
                                            {"before", "清河市发展计划委员会"},
                                            {"after", "清河市发展和改革委员会"}}));
  const auto& reworded = j["duties"][1];
  EXPECT_EQ(reworded["change"], "reworded");
  EXPECT_EQ(reworded["before"], "负责全市价格监督检查工作");
  EXPECT_TRUE(reworded["similarity"].is_number());
  EXPECT_EQ(reworded["after_marks"][1],
            (nlohmann::json{{"text", "和反垄断执法"}, {"changed", true}}));
  EXPECT_TRUE(reworded["before_marks"].is_array());
  EXPECT_EQ(j["units"][1]["change"], "renamed");
  EXPECT_TRUE(j["units"][1]["duties"].is_array());
  EXPECT_EQ(j["units"][1]["before"], "价格管理科");
  EXPECT_EQ(j["staffing"][0],
            (nlohmann::json{
                {"type", "行政编制"}, {"post", ""}, {"before", 30}, {"after", 33}, {"delta", 3}}));
}

}  // namespace
}  // namespace sanding::lineage
