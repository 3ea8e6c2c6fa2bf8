// The chain model: JSON round trips and the lookups readers use.
#include "indexer/history/chain.h"

#include <gtest/gtest.h>

namespace sanding::history {
namespace {

Chain Sample() {
  Chain c;
  c.institutions = {{"a", "city", "1983-10-20", "", {"清河市计划委员会", "清河市发展计划委员会"}},
                    {"b", "city", "", "2002-06-18", {"清河市物价局"}}};
  Version v1;
  v1.institution = "a";
  v1.valid_from = "1983-10-20";
  v1.valid_to = "2002-06-18";
  v1.name = "清河市计划委员会";
  v1.rank = "正处级";
  v1.duties = {"拟订计划"};
  v1.units = {{"办公室", {"文电"}}};
  v1.staffing = {{"行政编制", "", 30}, {"领导职数", "主任", 1}};
  Citation cite;
  cite.file = "f";
  cite.doc_number = "清发〔1983〕21号";
  cite.page = 1;
  cite.begin = 3;
  cite.end = 9;
  v1.cites["rank"] = cite;
  v1.sources = {cite};
  Version v2 = v1;
  v2.valid_from = "2002-06-18";
  v2.valid_to = "";
  v2.name = "清河市发展计划委员会";
  Version w;
  w.institution = "b";
  w.valid_from = "";
  w.valid_to = "2002-06-18";
  w.name = "清河市物价局";
  c.versions = {v1, v2, w};
  ChainEvent e;
  e.id = "e1";
  e.type = "merged";
  e.date = "2002-06-18";
  e.from = {"b"};
  e.to = {"a"};
  e.source = cite;
  c.events = {e};
  Conflict k;
  k.id = "c1";
  k.institution = "a";
  k.field = "staffing";
  k.claims = {{"30", cite}, {"31", cite}};
  c.conflicts = {k};
  return c;
}

TEST(Chain, JsonRoundTripsEveryType) {
  const Chain c = Sample();
  for (const auto& v : c.versions) EXPECT_EQ(nlohmann::json(v).get<Version>(), v);
  for (const auto& i : c.institutions) EXPECT_EQ(nlohmann::json(i).get<Institution>(), i);
  EXPECT_EQ(nlohmann::json(c.events[0]).get<ChainEvent>(), c.events[0]);
  EXPECT_EQ(nlohmann::json(c.conflicts[0]).get<Conflict>(), c.conflicts[0]);
  Citation cur;
  cur.curation = 7;
  EXPECT_EQ(nlohmann::json(cur).get<Citation>(), cur);
  EXPECT_FALSE(nlohmann::json(c.versions[0].cites.at("rank")).contains("curation"));
}

TEST(Chain, LookupsByIdAndDate) {
  const Chain c = Sample();
  ASSERT_NE(c.FindInstitution("a"), nullptr);
  EXPECT_EQ(c.FindInstitution("zz"), nullptr);
  EXPECT_EQ(c.VersionsOf("a").size(), 2u);
  EXPECT_EQ(c.VersionAt("a", "1983-10-20")->name, "清河市计划委员会");
  EXPECT_EQ(c.VersionAt("a", "2002-06-17")->name, "清河市计划委员会");
  EXPECT_EQ(c.VersionAt("a", "2002-06-18")->name, "清河市发展计划委员会");
  EXPECT_EQ(c.VersionAt("a", "1983-10-19"), nullptr);
  EXPECT_EQ(c.VersionAt("b", "1900-01-01")->name, "清河市物价局");  // start unknown
  EXPECT_EQ(c.VersionAt("b", "2002-06-18"), nullptr);
}

TEST(Chain, InForceIsHalfOpen) {
  EXPECT_TRUE(InForce("2000-01-01", "2001-01-01", "2000-01-01"));
  EXPECT_FALSE(InForce("2000-01-01", "2001-01-01", "2001-01-01"));
  EXPECT_TRUE(InForce("", "", "1949-10-01"));
  EXPECT_FALSE(InForce("2000-01-01", "", "1999-12-31"));
}

}  // namespace
}  // namespace sanding::history
