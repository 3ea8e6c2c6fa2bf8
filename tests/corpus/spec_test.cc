#include "tools/corpus/spec.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/corpus/corpus_test_util.h"

namespace sanding::corpus {
namespace {

using testing::SpecDir;

Json MinimalCity() {
  return Json::parse(R"({"city":"清河市","city_short":"清河","abbr":"清",
    "issuers":{"bw":{"names":[{"from":"1900-01-01","name":"清河市编制委员会"}],"prefix":"{c}编"}},
    "sanding_issuers":[{"from":"1900-01-01","issuer":"bw"}]})");
}

Json MinimalDuties() {
  return Json::parse(R"({"x":{"label":"价格监督检查","near":[],"variants":["甲条款","乙条款"]}})");
}

TEST(SpecTest, LoadsTheSampleSpec) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_GE(spec->institutions.size(), 40u);
  EXPECT_FALSE(spec->documents.empty());
  EXPECT_GE(spec->queries.size(), 30u);
  EXPECT_EQ(spec->abbr, "清");
}

TEST(SpecTest, LaterVersionsInheritAndEditDuties) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const Institution* jw = spec->Find("qh-jw");
  ASSERT_NE(jw, nullptr);
  const Version* v2010 = jw->At("2012-01-01");
  const Version* v2019 = jw->At("2020-01-01");
  ASSERT_NE(v2010, nullptr);
  ASSERT_NE(v2019, nullptr);
  EXPECT_EQ(v2010->name, "清河市发展和改革委员会");
  EXPECT_EQ(v2019->name, "清河市发展和改革委员会");  // inherited
  auto has_key = [](const Version* v, const std::string& key) {
    return std::any_of(v->duties.begin(), v->duties.end(),
                       [&](const DutyClause& d) { return d.key == key; });
  };
  EXPECT_TRUE(has_key(v2010, "price_inspection"));
  EXPECT_FALSE(has_key(v2019, "price_inspection"));  // moved to the market regulator in 2019
  EXPECT_EQ(jw->versions.front().to, jw->versions[1].from);
  EXPECT_TRUE(jw->versions.back().to.empty());
  // The 2016 staffing version keeps the units of 2010.
  EXPECT_EQ(jw->At("2017-01-01")->units.size(), v2010->units.size());
  EXPECT_NE(jw->At("2017-01-01")->staffing.admin, v2010->staffing.admin);
}

TEST(SpecTest, BeforeAndAliveUseTheValidityIntervals) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok());
  const Institution* wjj = spec->Find("qh-wjj");
  ASSERT_NE(wjj, nullptr);
  EXPECT_EQ(wjj->end, "2010-01-26");
  EXPECT_TRUE(wjj->AliveOn("2010-01-26"));
  EXPECT_FALSE(wjj->AliveOn("2010-01-27"));
  EXPECT_EQ(wjj->At("2010-01-26"), nullptr);
  ASSERT_NE(wjj->Before("2010-01-26"), nullptr);
}

TEST(SpecTest, RejectsAnUnknownDutyReference) {
  auto inst = Json::parse(
      R"([{"id":"a","versions":[{"from":"1990-01-01","name":"甲局","duties":["@nope#0"]}]}])");
  auto spec = ParseSpec(MinimalCity(), MinimalDuties(), inst, Json::array(), Json::array());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.status().message().find("@nope#0"), std::string::npos);
}

TEST(SpecTest, RejectsAVariantOutOfRange) {
  auto inst = Json::parse(
      R"([{"id":"a","versions":[{"from":"1990-01-01","name":"甲局","duties":["@x#2"]}]}])");
  EXPECT_FALSE(ParseSpec(MinimalCity(), MinimalDuties(), inst, Json::array(), Json::array()).ok());
}

TEST(SpecTest, RejectsDroppingADutyThatIsNotThere) {
  auto inst =
      Json::parse(R"([{"id":"a","versions":[{"from":"1990-01-01","name":"甲局","duties":["@x#0"]},
                                                     {"from":"1995-01-01","duties_drop":["不存在的条款"]}]}])");
  EXPECT_FALSE(ParseSpec(MinimalCity(), MinimalDuties(), inst, Json::array(), Json::array()).ok());
}

TEST(SpecTest, RejectsDuplicateIdsAndUnknownEventInstitutions) {
  auto dup = Json::parse(R"([{"id":"a","versions":[{"from":"1990-01-01","name":"甲局"}]},
                             {"id":"a","versions":[{"from":"1990-01-01","name":"乙局"}]}])");
  EXPECT_FALSE(ParseSpec(MinimalCity(), MinimalDuties(), dup, Json::array(), Json::array()).ok());
  auto inst = Json::parse(R"([{"id":"a","versions":[{"from":"1990-01-01","name":"甲局"}]}])");
  auto docs = Json::parse(
      R"([{"issuer":"bw","kind":"批复","date":"1990-01-01","events":[{"type":"established","to":["b"]}]}])");
  auto spec = ParseSpec(MinimalCity(), MinimalDuties(), inst, docs, Json::array());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.status().message().find("b"), std::string::npos);
}

TEST(SpecTest, DropsByKeyAndAddsDuties) {
  auto inst = Json::parse(
      R"([{"id":"a","versions":[{"from":"1990-01-01","name":"甲局","duties":["@x#0","自有条款"]},
                                                     {"from":"1995-01-01","duties_drop":["@x"],"duties_add":["@x#1"]}]}])");
  auto spec = ParseSpec(MinimalCity(), MinimalDuties(), inst, Json::array(), Json::array());
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const auto& v = spec->institutions[0].versions;
  ASSERT_EQ(v.size(), 2u);
  ASSERT_EQ(v[1].duties.size(), 2u);
  EXPECT_EQ(v[1].duties[0].text, "自有条款");
  EXPECT_EQ(v[1].duties[1].text, "乙条款");
  EXPECT_EQ(v[1].duties[1].key, "x");
  EXPECT_EQ(v[1].name, "甲局");
}

TEST(SpecTest, DatesValidateAndAdd) {
  EXPECT_TRUE(ValidDate("2000-02-29"));
  EXPECT_FALSE(ValidDate("1900-02-29"));
  EXPECT_FALSE(ValidDate("2019-13-01"));
  EXPECT_FALSE(ValidDate("2019-1-01"));
  EXPECT_EQ(AddDays("2019-12-31", 1), "2020-01-01");
  EXPECT_EQ(AddDays("2016-03-01", -1), "2016-02-29");
  EXPECT_EQ(AddDays("1983-10-20", 40), "1983-11-29");
}

TEST(SpecTest, DeriveCityRenamesPrefixesAndDropsNational) {
  auto spec = LoadSpec(SpecDir());
  ASSERT_TRUE(spec.ok());
  Spec city = DeriveCity(*spec, "云阳", "云", "松溪", "c00007-");
  EXPECT_EQ(city.city, "云阳市");
  for (const auto& inst : city.institutions) {
    EXPECT_TRUE(inst.id.starts_with("c00007-")) << inst.id;
    EXPECT_NE(inst.level, "national");
    for (const auto& v : inst.versions) {
      EXPECT_EQ(v.name.find("清河"), std::string::npos) << v.name;
      EXPECT_EQ(v.name.find("临川"), std::string::npos) << v.name;
      if (!v.parent.empty()) {
        EXPECT_TRUE(v.parent.starts_with("c00007-"));
      }
    }
  }
  for (const auto& d : city.documents) {
    EXPECT_FALSE(d.national);
    for (const auto& e : d.events) {
      for (const auto& id : e.from) EXPECT_NE(city.Find(id), nullptr) << id;
      for (const auto& id : e.to) EXPECT_NE(city.Find(id), nullptr) << id;
    }
  }
  ASSERT_NE(city.Find("c00007-qh-jw"), nullptr);
  EXPECT_EQ(city.Find("c00007-qh-jw")->versions.back().name, "云阳市发展和改革委员会");
  EXPECT_EQ(city.issuers.at("lc_xf").prefix, "松发");
}

}  // namespace
}  // namespace sanding::corpus
