// The real binary on the sample corpus's texts: `sanding lineage` resolving names, the graph in
// every format, the state as of a date, diffs, duty provenance and region views.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "tests/e2e/e2e_fixture.h"
#include "tests/util/paths.h"

namespace sanding::e2e {
namespace {

namespace fs = std::filesystem;

class LineageE2e : public SandingDataTest<> {
 protected:
  void SetUp() override {
    SandingDataTest<>::SetUp();
    ASSERT_EQ(Raw("ingest", {testing::SourceDir() + "/corpus/docs"}).exit_code, 0);
  }
  std::set<std::string> Nodes(const nlohmann::json& l, const std::string& relation) {
    std::set<std::string> out;
    for (const auto& n : l["nodes"]) {
      if (n["relation"] == relation) out.insert(n["name"].get<std::string>());
    }
    return out;
  }
};

TEST_F(LineageE2e, NationalFactsThroughEveryKindOfName) {
  // An abbreviation no document prints: guessed from the characters, said on stderr.
  const auto guess = Raw("lineage", {"国家计委"});
  ASSERT_EQ(guess.exit_code, 0) << guess.Describe();
  EXPECT_NE(guess.err.find("按简称推测"), std::string::npos) << guess.Describe();
  EXPECT_NE(guess.out.find("国家发展和改革委员会"), std::string::npos);
  EXPECT_NE(guess.out.find("【大事记】"), std::string::npos);

  const auto ndrc = Json("lineage", {"国家计委"});
  EXPECT_EQ(ndrc["subject"]["name"], "国家发展和改革委员会");
  EXPECT_EQ(ndrc["subject"]["names"],
            (nlohmann::json{"国家计划委员会", "国家发展计划委员会", "国家发展和改革委员会"}));
  EXPECT_EQ(Nodes(ndrc, "predecessor"), std::set<std::string>{"国务院经济体制改革办公室"});
  EXPECT_EQ(ndrc["resolution"]["candidates"][0]["how"], "guess");

  // 繁体 of the current name of the 2018 merger's product.
  const auto samr = Json("lineage", {"國家市場監督管理總局"});
  EXPECT_EQ(samr["subject"]["name"], "国家市场监督管理总局");
  EXPECT_EQ(Nodes(samr, "predecessor"), (std::set<std::string>{"国家工商行政管理总局", "国家质量监督检验检疫总局",
                                                                "国家食品药品监督管理总局"}));
  bool price = false;
  for (const auto& e : samr["edges"]) {
    price = price || (e["type"] == "duty_transferred" && e["duty"] == "价格监督检查与反垄断执法" &&
                      e["date"] == "2018-03-17");
  }
  EXPECT_TRUE(price) << samr["edges"].dump();

  // 卫生部 (the documents write 中华人民共和国卫生部) → 国家卫生健康委员会 through a merger and a rename.
  const auto health = Json("lineage", {"卫生部"});
  EXPECT_EQ(health["subject"]["name"], "中华人民共和国卫生部");
  EXPECT_EQ(Nodes(health, "successor"), std::set<std::string>{"国家卫生健康委员会"});
}

TEST_F(LineageE2e, GraphFormats) {
  const auto dot = Raw("lineage", {"国家市场监督管理总局", "--dot"});
  ASSERT_EQ(dot.exit_code, 0) << dot.Describe();
  EXPECT_NE(dot.out.find("digraph"), std::string::npos);
  EXPECT_NE(dot.out.find("国家工商行政管理总局"), std::string::npos);

  const auto svg = Raw("lineage", {"国家市场监督管理总局", "--svg"});
  ASSERT_EQ(svg.exit_code, 0) << svg.Describe();
  EXPECT_NE(svg.out.find("<svg"), std::string::npos);
  for (const char* name : {"国家市场监督管理总局", "国家工商行政管理总局", "国家质量监督检验检疫总局",
                           "国家食品药品监督管理总局", "国家发展和改革委员会"})
    EXPECT_NE(svg.out.find(name), std::string::npos) << name;

  const auto eac = Raw("lineage", {"国家市场监督管理总局", "--eac"});
  ASSERT_EQ(eac.exit_code, 0) << eac.Describe();
  EXPECT_NE(eac.out.find("urn:isbn:1-931666-33-4"), std::string::npos);
  EXPECT_NE(eac.out.find("cpfRelationType=\"temporal-earlier\""), std::string::npos);

  // One format at a time.
  EXPECT_NE(Raw("lineage", {"国家市场监督管理总局", "--dot", "--svg"}).exit_code, 0);
}

TEST_F(LineageE2e, StateAsOfADateDiffAndProvenance) {
  const auto then = Raw("lineage", {"市发改委", "--as-of", "2005-01-01"});
  ASSERT_EQ(then.exit_code, 0) << then.Describe();
  EXPECT_NE(then.out.find("【2005-01-01 的状态】"), std::string::npos);
  EXPECT_NE(then.out.find("名称：清河市发展计划委员会"), std::string::npos) << then.out;
  EXPECT_NE(then.out.find("清政办发〔2002〕52号"), std::string::npos) << then.out;
  const auto state = Json("lineage", {"市发改委", "--as-of", "2005-01-01"});
  EXPECT_EQ(state["state"]["name"], "清河市发展计划委员会");
  EXPECT_EQ(state["state"]["cites"]["duties"]["doc_number"], "清政办发〔2002〕52号");

  const auto diff = Json("lineage", {"市发改委", "--diff", "2005-01-01", "2020-01-01"});
  EXPECT_EQ(diff["before_name"], "清河市发展计划委员会");
  EXPECT_EQ(diff["after_name"], "清河市发展和改革委员会");
  EXPECT_GT(diff["duties"].size(), 0u);
  const auto by_version = Json("lineage", {"市发改委", "--diff", "v1", "v2"});
  EXPECT_FALSE(by_version["before_from"].get<std::string>().empty());
  EXPECT_EQ(Raw("lineage", {"市发改委", "--diff", "v1", "v99"}).exit_code, 1);

  const auto duty = Json("lineage", {"市发改委", "--duty", "价格监督检查"});
  std::set<std::string> holders;
  for (const auto& h : duty["holdings"]) holders.insert(h["name"].get<std::string>());
  EXPECT_TRUE(holders.count("清河市物价局")) << duty.dump();
  EXPECT_TRUE(holders.count("清河市市场监督管理局")) << duty.dump();
}

TEST_F(LineageE2e, RegionViews) {
  const auto chart = Json("lineage", {"--region", "清河", "--as-of", "2010-06-01"});
  EXPECT_EQ(chart["region"], "清河市");
  std::set<std::string> names;
  for (const auto& b : chart["bodies"]) names.insert(b["name"].get<std::string>());
  EXPECT_TRUE(names.count("清河市发展和改革委员会"));
  EXPECT_FALSE(names.count("清河市物价局"));  // merged into the 发改委 in January 2010
  EXPECT_FALSE(names.count("国家发展和改革委员会"));

  const auto year = Json("lineage", {"--region", "清河市", "--year", "2019"});
  EXPECT_GT(year["events"].size(), 5u);
  EXPECT_GT(year["counts"]["duty_transferred"].get<int>(), 0);
  const auto text = Raw("lineage", {"--region", "清河市", "--year", "2019"});
  EXPECT_NE(text.out.find("2019 年的机构变动"), std::string::npos) << text.Describe();

  const auto regions = Json("lineage", {"--regions"});
  std::set<std::string> rs;
  for (const auto& r : regions) rs.insert(r["region"].get<std::string>());
  EXPECT_TRUE(rs.count("清河市") && rs.count("临川县") && rs.count("全国")) << regions.dump();
  EXPECT_EQ(Raw("lineage", {"--region", "清河市"}).exit_code, 2);
}

TEST_F(LineageE2e, ClearErrors) {
  const auto amb = Raw("lineage", {"清河市广播电视局"});
  EXPECT_EQ(amb.exit_code, 1);
  EXPECT_NE(amb.err.find("可指多个机构"), std::string::npos) << amb.Describe();
  EXPECT_NE(amb.err.find("存续"), std::string::npos) << amb.Describe();
  const auto none = Raw("lineage", {"火星开发署"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("没有名为"), std::string::npos) << none.Describe();
  EXPECT_EQ(Raw("lineage", {"市发改委", "--as-of", "昨天"}).exit_code, 2);
  EXPECT_EQ(Raw("lineage", {}).exit_code, 2);
  EXPECT_EQ(Raw("check", {}).exit_code, 0);
}

}  // namespace
}  // namespace sanding::e2e
