#include "tools/quality/quality.h"

#include <gtest/gtest.h>

#include "tests/util/paths.h"

namespace sanding::quality {
namespace {

nlohmann::json Truth() {
  return nlohmann::json::parse(R"({
    "id": "d1", "kind": "批复", "title": "甲关于乙的批复", "doc_number": "清编〔1999〕2号",
    "date": "1999-04-22", "issuer": "中共清河市委　清河市人民政府", "subjects": ["qh-a"],
    "duties": [{"institution": "qh-a", "text": "负责全市价格管理工作，提出重要商品价格的政府定价方案"}, {"institution": "qh-a", "text": "承担价格监督检查"}],
    "units": [{"institution": "qh-a", "name": "办公室", "duties": []}],
    "staffing": [{"institution": "qh-a", "type": "行政编制", "count": 17},
                 {"institution": "qh-a", "type": "领导职数", "post": "局长", "count": 1}],
    "events": [{"type": "staffing_changed", "date": "1999-04-22", "from": ["qh-a"], "to": ["qh-a"]}]
  })");
}

extract::Mention M(const std::string& id) {
  extract::Mention m;
  m.text = id;
  m.institution = id;
  return m;
}

TEST(QualityTest, ScoresEveryMeasure) {
  extract::DocumentFacts f;
  f.kind.value = "批复";
  f.title.value = "甲关于乙的批复";
  f.doc_number.value = "清编〔1999〕2号";
  f.date.value = "1999-04-23";                       // wrong
  f.issuer.value = "中共清河市委 清河市人民政府";      // spacing differs: still right
  f.subjects = {M("qh-a")};
  f.duties.push_back({"（一）", "负责全市价格管理工作，提出重要商品价格的政府定价方案。", {}, false});
  f.duties.push_back({"（二）", "承办市政府交办的其他事项", {}, true});  // boilerplate: not counted
  f.units.push_back({"办公室", {}, {}});
  f.units.push_back({"人事科", {}, {}});
  f.staffing.push_back({"行政编制", "", 17, "", {}});
  f.staffing.push_back({"领导职数", "局长", 2, "", {}});  // wrong count
  extract::Event e;
  e.type = "staffing_changed";
  e.date = "1999-04-22";
  e.from = {M("qh-a")};
  e.to = {M("qh-a")};
  f.events.push_back(e);

  Report r;
  Score(f, Truth(), /*fuzzy_text=*/false, &r);
  EXPECT_EQ(r.fields["kind"].correct, 1u);
  EXPECT_EQ(r.fields["issuer"].correct, 1u);
  EXPECT_EQ(r.fields["date"].correct, 0u);
  EXPECT_EQ(r.fields["subjects"].correct, 1u);
  EXPECT_EQ(r.duties.matched, 1u);
  EXPECT_EQ(r.duties.predicted, 1u);
  EXPECT_EQ(r.duties.truth, 2u);
  EXPECT_DOUBLE_EQ(r.duties.Score(), 2.0 / 3.0);
  EXPECT_EQ(r.units.matched, 1u);
  EXPECT_EQ(r.staffing_exact, 1u);
  EXPECT_EQ(r.staffing_truth, 2u);
  EXPECT_EQ(r.events.matched, 1u);
  EXPECT_FALSE(r.misses.empty());

  // OCR'd text: a clause with one wrong character still counts as segmented right.
  extract::DocumentFacts g = f;
  g.duties[0].text = "负责全市价格管里工作，提出重要商品价格的政府定价方案";
  Report strict, fuzzy;
  Score(g, Truth(), false, &strict);
  Score(g, Truth(), true, &fuzzy);
  EXPECT_EQ(strict.duties.matched, 0u);
  EXPECT_EQ(fuzzy.duties.matched, 1u);
}

// The targets of issue 4 on the sample corpus's clean texts (QUALITY.md has the figures, and the
// scanned-archive figures measured by `sanding-quality --data`).
TEST(QualityTest, SampleCorpusCleanTextMeetsTheTargets) {
  auto truth = LoadTruth(sanding::testing::SourceDir() + "/corpus");
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  auto r = ScoreCleanText(*truth, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string misses;
  for (const auto& m : r->misses) misses += m + "\n";
  EXPECT_EQ(r->documents, truth->documents.size());
  for (const char* field : {"doc_number", "date", "kind", "issuer", "access", "subjects"}) {
    EXPECT_GE(r->fields[field].Rate(), 0.98) << field << "\n" << misses;
  }
  EXPECT_GE(r->duties.Score(), 0.95) << misses;
  EXPECT_GE(r->events.Score(), 0.90) << misses;
  EXPECT_GE(r->StaffingExact(), 0.95) << misses;
  std::cout << r->ToJson().dump(1) << std::endl;
}

}  // namespace
}  // namespace sanding::quality
