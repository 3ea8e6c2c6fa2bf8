// The lookup rows derived from the chain: name keys, regions, names, cards and region entries.
#include "indexer/history/index_rows.h"

#include <gtest/gtest.h>

#include <map>

namespace sanding::history {
namespace {

TEST(NameKey, IgnoresScriptWidthSpacesAndPunctuation) {
  EXPECT_EQ(NameKey("国家发展和改革委员会"), "国家发展和改革委员会");
  EXPECT_EQ(NameKey("國家發展和改革委員會"), "国家发展和改革委员会");
  EXPECT_EQ(NameKey(" 清河市 发展和改革委员会（挂牌）"), "清河市发展和改革委员会挂牌");
  EXPECT_EQ(NameKey("１２３４５热线办公室"), "12345热线办公室");
  EXPECT_EQ(NameKey("ＡＢＣ局"), "abc局");
  EXPECT_EQ(NameKey("、。（）"), "");
  EXPECT_EQ(NameKey(""), "");
}

TEST(NameVariants, DropsFormalPrefixes) {
  EXPECT_EQ(NameVariants("中华人民共和国卫生部"), std::vector<std::string>{"卫生部"});
  EXPECT_EQ(NameVariants("中国共产党清河市委员会组织部"),
            std::vector<std::string>{"中共清河市委员会组织部"});
  EXPECT_TRUE(NameVariants("清河市卫生局").empty());
  // Too short to stand alone.
  EXPECT_TRUE(NameVariants("中华人民共和国").empty());
}

TEST(RegionOf, ReadsTheDivisionsANameStartsWith) {
  EXPECT_EQ(RegionOf("清河市发展和改革委员会", "city"), "清河市");
  EXPECT_EQ(RegionOf("中共清河市委组织部", "city"), "清河市");
  EXPECT_EQ(RegionOf("临川县市场监督管理局", "county"), "临川县");
  EXPECT_EQ(RegionOf("北京市海淀区发展和改革委员会", ""), "北京市海淀区");
  EXPECT_EQ(RegionOf("广西壮族自治区民族宗教事务委员会", ""), "广西壮族自治区");
  EXPECT_EQ(RegionOf("清河市市场监督管理局", "city"), "清河市");
  EXPECT_EQ(RegionOf("清河市工商行政管理局临川分局", "county"), "清河市");
  EXPECT_EQ(RegionOf("國家發展和改革委員會", ""), "全国");
  EXPECT_EQ(RegionOf("中华人民共和国卫生部", ""), "全国");
  EXPECT_EQ(RegionOf("商务部", "national"), "全国");
  EXPECT_EQ(RegionOf("商务部", ""), "");
  // Words ending like a division are not one.
  EXPECT_EQ(RegionOf("清河市工业园区管理委员会", "city"), "清河市");
  EXPECT_EQ(RegionOf("社区服务中心", ""), "");
  // A division's own name is not a body in it.
  EXPECT_EQ(RegionOf("清河市", ""), "");
}

Chain Sample() {
  Chain c;
  c.institutions = {{"gov", "city", "1983-10-20", "", {"清河市人民政府"}},
                    {"jw", "city", "1983-10-20", "", {"清河市计划委员会", "清河市发展和改革委员会"}},
                    {"wj", "city", "1983-10-20", "2010-01-26", {"清河市物价局"}}};
  auto version = [](std::string inst, std::string from, std::string to, std::string name, std::string parent) {
    Version v;
    v.institution = std::move(inst);
    v.valid_from = std::move(from);
    v.valid_to = std::move(to);
    v.name = std::move(name);
    v.parent = std::move(parent);
    return v;
  };
  c.versions = {version("gov", "1983-10-20", "", "清河市人民政府", ""),
                version("jw", "1983-10-20", "2002-06-18", "清河市计划委员会", "gov"),
                version("jw", "2002-06-18", "", "清河市发展和改革委员会", "gov"),
                version("wj", "1983-10-20", "2010-01-26", "清河市物价局", "gov")};
  c.versions[2].abbreviations = {"市发改委"};
  ChainEvent renamed{"e1", "renamed", "2002-06-18", {"jw"}, {"jw"}, "", "", "", {}};
  ChainEvent moved{"e2", "duty_transferred", "2010-01-26", {"wj"}, {"jw"}, "价格监督检查", "", "", {}};
  ChainEvent gone{"e3", "abolished", "2010-01-26", {"wj"}, {}, "", "", "", {}};
  c.events = {renamed, gone, moved};
  Conflict k;
  k.id = "k1";
  k.institution = "jw";
  k.field = "staffing";
  c.conflicts = {k};
  return c;
}

template <typename T>
std::map<std::string, T> RowsOf(const std::vector<ChainRow>& rows, ChainKind kind) {
  std::map<std::string, T> out;
  for (const auto& r : rows) {
    if (r.kind == kind) out.emplace(r.id, DecodeIndexBody(r.body).get<T>());
  }
  return out;
}

TEST(IndexRows, IndexesEveryNameAndAbbreviationWithItsPeriod) {
  const auto rows = IndexRows(Sample());
  const auto names = RowsOf<NameEntry>(rows, ChainKind::kName);
  const NameEntry old = names.at(NameKey("清河市计划委员会") + "\x1f" + "jw");
  EXPECT_EQ(old.how, "name");
  EXPECT_EQ(old.from, "1983-10-20");
  EXPECT_EQ(old.to, "2002-06-18");
  const NameEntry abbr = names.at(NameKey("市发改委") + "\x1f" + "jw");
  EXPECT_EQ(abbr.how, "abbreviation");
  EXPECT_EQ(abbr.from, "2002-06-18");
  EXPECT_EQ(abbr.to, "");
  EXPECT_EQ(names.size(), 5u);
  for (const auto& [id, e] : names) EXPECT_EQ(id, NameRowId(e));
}

TEST(IndexRows, CardHoldsLifetimePeriodsEventsChildrenAndConflicts) {
  const auto cards = RowsOf<Card>(IndexRows(Sample()), ChainKind::kCard);
  ASSERT_EQ(cards.size(), 3u);
  const Card& jw = cards.at("jw");
  EXPECT_EQ(jw.institution.names.size(), 2u);
  ASSERT_EQ(jw.periods.size(), 2u);
  EXPECT_EQ(jw.periods[1].name, "清河市发展和改革委员会");
  EXPECT_EQ(jw.periods[1].parent, "gov");
  // Events naming it, by date then id; the abolition of the 物价局 does not name it.
  ASSERT_EQ(jw.events.size(), 2u);
  EXPECT_EQ(jw.events[0].id, "e1");
  EXPECT_EQ(jw.events[1].id, "e2");
  EXPECT_EQ(jw.region, "清河市");
  ASSERT_EQ(jw.conflicts.size(), 1u);
  const Card& wj = cards.at("wj");
  ASSERT_EQ(wj.events.size(), 2u);
  EXPECT_EQ(wj.events[0].id, "e2");  // same date: by id
  EXPECT_EQ(wj.events[1].id, "e3");
  // The government's children: consecutive versions under it make one link.
  const Card& gov = cards.at("gov");
  ASSERT_EQ(gov.children.size(), 2u);
  EXPECT_EQ(gov.children[0].institution, "jw");
  EXPECT_EQ(gov.children[0].name, "清河市计划委员会");
  EXPECT_EQ(gov.children[0].from, "1983-10-20");
  EXPECT_EQ(gov.children[0].to, "");
  EXPECT_EQ(gov.children[1].institution, "wj");
  EXPECT_EQ(gov.children[1].to, "2010-01-26");
  for (const auto& [id, c] : cards) EXPECT_EQ(nlohmann::json(c).get<Card>(), c);
}

TEST(IndexRows, RegionEntriesSpanTheVersionsNamedInTheRegion) {
  Chain c = Sample();
  // The 物价局 becomes a county body's branch: two regions over its life.
  c.versions[3].valid_to = "2005-01-01";
  Version branch = c.versions[3];
  branch.valid_from = "2005-01-01";
  branch.valid_to = "2010-01-26";
  branch.name = "临川县物价局";
  c.versions.push_back(branch);
  const auto regions = RowsOf<RegionEntry>(IndexRows(c), ChainKind::kRegion);
  const RegionEntry& jw = regions.at(RegionRowId({"清河市", "jw", "", ""}));
  EXPECT_EQ(jw.from, "1983-10-20");
  EXPECT_EQ(jw.to, "");
  const RegionEntry& city = regions.at(RegionRowId({"清河市", "wj", "", ""}));
  EXPECT_EQ(city.to, "2005-01-01");
  const RegionEntry& county = regions.at(RegionRowId({"临川县", "wj", "", ""}));
  EXPECT_EQ(county.from, "2005-01-01");
  EXPECT_EQ(county.to, "2010-01-26");
}

TEST(IndexRows, BodiesAreCborOfTheJson) {
  for (const auto& r : IndexRows(Sample())) {
    const nlohmann::json j = DecodeIndexBody(r.body);
    ASSERT_FALSE(j.is_discarded()) << r.id;
    EXPECT_EQ(EncodeIndexBody(j), r.body);
  }
  EXPECT_TRUE(DecodeIndexBody("{\"not\": \"cbor\"}").is_discarded());
}

TEST(IndexRows, SameChainSameRows) {
  const auto a = IndexRows(Sample());
  const auto b = IndexRows(Sample());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].body, b[i].body);
  }
}

}  // namespace
}  // namespace sanding::history
