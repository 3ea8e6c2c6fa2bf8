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
  f.basis = {"清发〔2010〕3号", "清发[2010]3号", {2, 30, 48}, 1.0};
  f.access = {"内部", "秘密★1年", {1, 0, 13}, 1.0};
  Profile p;
  p.institution = {"清河市信访局", {2, 3, 21}, "qh-xfj", "清河市信访局", "exact", {}};
  p.rank = "副处级";
  p.kind = "行政机关";
  p.abbreviation = "市信访局";
  p.parent = {"清河市人民政府办公室", {2, 40, 70}, "qh-zfb", "清河市人民政府办公室", "exact", {}};
  p.text = "市信访局是由清河市人民政府办公室管理的行政机构，副处级";
  p.span = {2, 0, 90};
  f.profiles.push_back(p);
  f.review.push_back({"date", "日期无法识别"});

  const nlohmann::json j = f;
  const DocumentFacts back = j.get<DocumentFacts>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(j["doc_number"]["as_written"], "清編[1999]2號");
  EXPECT_EQ(j["events"][0]["from"][0]["institution"], "qh-nyj");
  EXPECT_EQ(back.duties[0].span, (Span{2, 3, 30}));
  EXPECT_EQ(j["basis"]["value"], "清发〔2010〕3号");
  EXPECT_EQ(j["profiles"][0]["rank"], "副处级");
  EXPECT_EQ(j["profiles"][0]["parent"]["institution"], "qh-zfb");
  ASSERT_EQ(back.profiles.size(), 1u);
  EXPECT_EQ(back.profiles[0].abbreviation, "市信访局");
  EXPECT_EQ(back.profiles[0].institution.institution, "qh-xfj");
  EXPECT_EQ(back.profiles[0].span, (Span{2, 0, 90}));
  EXPECT_EQ(back.basis.as_written, "清发[2010]3号");
  EXPECT_EQ(j["access"]["value"], "内部");
  EXPECT_EQ(j["access"]["as_written"], "秘密★1年");
  EXPECT_EQ(back.access.value, "内部");
  EXPECT_EQ(back.access.span, (Span{1, 0, 13}));
}

TEST(FactsTest, MissingMembersKeepDefaults) {
  // Facts written by an older extractor load; absent members stay empty.
  const DocumentFacts f = nlohmann::json::parse(R"({"kind":{"value":"通知"}})").get<DocumentFacts>();
  EXPECT_EQ(f.kind.value, "通知");
  EXPECT_TRUE(f.doc_number.empty());
  EXPECT_TRUE(f.events.empty());
  EXPECT_TRUE(f.part_of.empty());
  EXPECT_TRUE(f.basis.empty());
  EXPECT_TRUE(f.profiles.empty());
  EXPECT_TRUE(f.access.empty());  // facts stored before access was read
  EXPECT_TRUE(f.access.as_written.empty());
  // A profile stored without some members keeps their defaults too.
  const Profile p = nlohmann::json::parse(R"({"rank":"正处级"})").get<Profile>();
  EXPECT_EQ(p.rank, "正处级");
  EXPECT_TRUE(p.institution.text.empty());
  EXPECT_TRUE(p.parent.text.empty());
}

}  // namespace
}  // namespace sanding::extract
