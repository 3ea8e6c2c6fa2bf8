// The real binary on the sample corpus's texts: `sanding overlap` checking a draft (file, stdin, a
// document of the archive by 文号) as text, JSON and HTML, the region-wide report, and its errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/e2e/e2e_fixture.h"
#include "tests/util/paths.h"

namespace sanding::e2e {
namespace {

namespace fs = std::filesystem;

// Four clauses in the style of a draft 主要职责: price inspection (held by the 市场监督管理局 since
// 2019), food safety, statistical surveys, and one no body holds.
const char* kDraft =
    "清河市市场综合执法局主要职责（草案）\n"
    "（一）负责全市价格监督检查工作，依法查处价格违法和不正当价格行为。\n"
    "（二）负责全市食品安全监督管理，组织查处食品安全违法案件。\n"
    "（三）组织实施全市统计调查，收集、汇总和发布统计资料。\n"
    "（四）负责全市低空飞行器起降场地的布局建设。\n";

class OverlapE2e : public SandingDataTest<> {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = root_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

class OverlapCorpusE2e : public OverlapE2e {
 protected:
  void SetUp() override {
    OverlapE2e::SetUp();
    ASSERT_EQ(Raw("ingest", {testing::SourceDir() + "/corpus/docs"}).exit_code, 0);
  }
};

TEST_F(OverlapCorpusE2e, DraftAsTextJsonAndHtml) {
  const std::string draft = Write("草案.txt", kDraft);
  const auto text = Raw("overlap", {draft, "--as-of", "2020-01-01"});
  ASSERT_EQ(text.exit_code, 0) << text.Describe();
  EXPECT_NE(text.out.find("职能交叉比对报告"), std::string::npos) << text.Describe();
  EXPECT_NE(text.out.find("清河市市场监督管理局"), std::string::npos) << text.Describe();
  EXPECT_NE(text.out.find("按机构汇总"), std::string::npos);
  EXPECT_NE(text.out.find("【"), std::string::npos);  // not a terminal: shared terms in 【】

  const auto j = Json("overlap", {draft, "--as-of", "2020-01-01"});
  EXPECT_EQ(j["as_of"], "2020-01-01");
  EXPECT_EQ(j["draft_clauses"], 4);
  EXPECT_EQ(j["source"]["label"], "草案.txt");
  ASSERT_EQ(j["clauses"].size(), 4u);
  EXPECT_EQ(j["clauses"][0]["number"], "（一）");
  bool price = false;
  for (const auto& m : j["clauses"][0]["matches"]) {
    if (m["name"] == "清河市市场监督管理局") {
      price = true;
      EXPECT_GE(m["score"].get<double>(), j["options"]["threshold"].get<double>());
      EXPECT_NE(m["text"].get<std::string>().find("价格监督检查"), std::string::npos);
      EXPECT_FALSE(m["shared"].empty());
      EXPECT_FALSE(m["marks"].empty());
      EXPECT_FALSE(m["source"]["file"].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(price) << j["clauses"][0].dump(2);
  EXPECT_TRUE(j["clauses"][3]["matches"].empty()) << j["clauses"][3].dump(2);
  EXPECT_GE(j["overlapping"].get<int>(), 1);
  ASSERT_FALSE(j["bodies"].empty());
  EXPECT_GT(j["indexed_clauses"].get<int>(), 0);

  // Before the 2019 reform the same duty was the 发改委's.
  const auto j2010 = Json("overlap", {draft, "--as-of", "2012-01-01"});
  bool ndrc = false;
  for (const auto& m : j2010["clauses"][0]["matches"]) ndrc |= m["name"] == "清河市发展和改革委员会";
  EXPECT_TRUE(ndrc) << j2010["clauses"][0].dump(2);

  const std::string out = root_ + "/报告.html";
  const auto html = Raw("overlap", {draft, "--as-of", "2020-01-01", "--html", "--out", out});
  ASSERT_EQ(html.exit_code, 0) << html.Describe();
  const std::string page = Slurp(out);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(page.find("<mark>"), std::string::npos);
  EXPECT_NE(page.find("清河市市场监督管理局"), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos);

  // A document of the archive by its 文号: its own clauses are not compared with themselves.
  const auto archived = Json("overlap", {"清办发〔2019〕14号", "--as-of", "2020-01-01"});
  EXPECT_NE(archived["source"]["label"].get<std::string>().find("清办发〔2019〕14号"), std::string::npos);
  EXPECT_GT(archived["draft_clauses"].get<int>(), 2);
  for (const auto& c : archived["clauses"])
    for (const auto& m : c["matches"])
      EXPECT_NE(m["source"]["doc_number"], "清办发〔2019〕14号") << m.dump();
}

TEST_F(OverlapCorpusE2e, RegionReport) {
  const auto j = Json("overlap", {"--region", "清河市", "--as-of", "2020-01-01"});
  EXPECT_EQ(j["region"], "清河市");
  EXPECT_GT(j["bodies"].get<int>(), 5);
  EXPECT_GT(j["clauses"].get<int>(), 10);
  for (const auto& p : j["pairs"]) {
    EXPECT_LT(p["a"].get<std::string>(), p["b"].get<std::string>());
    EXPECT_FALSE(p["clause_pairs"].empty());
  }
  // Reproducible, whatever the thread count.
  const auto one = Json("overlap", {"--region", "清河市", "--as-of", "2020-01-01", "--threads", "1"});
  EXPECT_EQ(j.dump(), one.dump());
  const auto text = Raw("overlap", {"--region", "清河", "--as-of", "2020-01-01"});
  ASSERT_EQ(text.exit_code, 0) << text.Describe();
  EXPECT_NE(text.out.find("地区职能交叉报告：清河市"), std::string::npos) << text.Describe();
  const auto html = Raw("overlap", {"--region", "清河市", "--as-of", "2020-01-01", "--html"});
  ASSERT_EQ(html.exit_code, 0) << html.Describe();
  EXPECT_NE(html.out.find("地区职能交叉报告"), std::string::npos);
}

TEST_F(OverlapE2e, Errors) {
  const auto missing = Raw("overlap", {root_ + "/没有这个文件.txt"});
  EXPECT_EQ(missing.exit_code, 1) << missing.Describe();
  EXPECT_NE(missing.err.find("找不到草案文件"), std::string::npos) << missing.Describe();
  EXPECT_NE(missing.err.find("没有这个文件.txt"), std::string::npos) << missing.Describe();

  const std::string empty = Write("空草案.txt", "\n  \n");
  const auto e = Raw("overlap", {empty});
  EXPECT_EQ(e.exit_code, 1) << e.Describe();
  EXPECT_NE(e.err.find("空草案.txt"), std::string::npos) << e.Describe();

  const std::string no_clauses = Write("无条款.txt", "附件\n");
  const auto nc = Raw("overlap", {no_clauses});
  EXPECT_EQ(nc.exit_code, 1) << nc.Describe();
  EXPECT_NE(nc.err.find("没有识别出职责条款"), std::string::npos) << nc.Describe();

  const std::string draft = Write("草案.txt", kDraft);
  const auto date = Raw("overlap", {draft, "--as-of", "2020/01/01"});
  EXPECT_EQ(date.exit_code, 2) << date.Describe();
  EXPECT_NE(date.err.find("--as-of 应为日期"), std::string::npos) << date.Describe();
  EXPECT_EQ(Raw("overlap", {draft, "--threshold", "1.5"}).exit_code, 2);
  EXPECT_EQ(Raw("overlap", {}).exit_code, 2);
  EXPECT_EQ(Raw("overlap", {draft, "--json", "--html"}).exit_code, 2);
}

}  // namespace
}  // namespace sanding::e2e
