#include "indexer/extract/facts.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sanding::extract {
namespace {

TEST(FactsTest, JsonRoundTrip) {
  DocumentFacts f;
  f.extractor = "extract-test";
  f.files = {"a", "b"};
  f.script = "traditional";
  f.kind = {"批复", "批复", {1, 10, 16}, 1.0};
  f.doc_number = {"清编〔1999〕2号", "清編[1999]2號", {1, 0, 18}, 0.9};
  f.subjects.push_back({"清河市旅游局", {1, 40, 58}, "qh-lyj", "清河市旅游局", "exact", {}});
  f.duties.push_back({"（一）", "负责全市旅游业的规划", {2, 3, 30}, false});
  f.adjustments.push_back({"transferred_in", "价格管理", {"清河市物价局", {}, "", "", "", {}}, "将…划入", {}});
  f.units.push_back({"办公室", {"负责机关日常运转"}, {3, 0, 9}});
  f.staffing.push_back({"领导职数", "局长", 1, "局长1名", {3, 50, 60}});
  Event e;
  e.type = "renamed";
  e.date = "2019-01-28";
  e.from.push_back({"清河市农业局", {}, "qh-nyj", "", "historical", {}});
  e.to.push_back({"清河市农业农村局", {}, "qh-nyj", "", "exact", {}});
  e.detail = "x";
  f.events.push_back(e);
  f.review.push_back({"date", "日期无法识别"});

  const nlohmann::json j = f;
  const DocumentFacts back = j.get<DocumentFacts>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(j["doc_number"]["as_written"], "清編[1999]2號");
  EXPECT_EQ(j["events"][0]["from"][0]["institution"], "qh-nyj");
  EXPECT_EQ(back.duties[0].span, (Span{2, 3, 30}));
}

TEST(FactsTest, MissingMembersKeepDefaults) {
  // Facts written by an older extractor load; absent members stay empty.
  const DocumentFacts f = nlohmann::json::parse(R"({"kind":{"value":"通知"}})").get<DocumentFacts>();
  EXPECT_EQ(f.kind.value, "通知");
  EXPECT_TRUE(f.doc_number.empty());
  EXPECT_TRUE(f.events.empty());
  EXPECT_TRUE(f.part_of.empty());
}

}  // namespace
}  // namespace sanding::extract
