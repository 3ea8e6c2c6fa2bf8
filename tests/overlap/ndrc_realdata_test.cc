// Duty overlap on real text: the NDRC's duty list after the 2018 reform, as quoted by zh.wikipedia
// (../shared/realdata/wikipedia_zh, CC BY-SA; read at run time, not copied into the repository),
// loaded as the body's 三定, and the same article's 2018 paragraph on the duties that left it.
// A draft of reworded NDRC duties is flagged against the NDRC; the duties the article says left
// the NDRC in 2018 (主体功能区规划, 应对气候变化和减排, 农业投资项目, 重大项目稽察,
// 价格监督检查与反垄断执法, 药品和医疗服务价格管理) are not, as of 2019.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/clause_index.h"
#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/extract/names.h"
#include "indexer/history/build.h"
#include "query/lineage/lineage.h"
#include "query/overlap/overlap.h"
#include "tests/util/paths.h"

namespace sanding::overlap {
namespace {

std::string RealdataDir() {
  return testing::SourceDir() + "/../shared/realdata/wikipedia_zh";
}

std::string ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// [[target|label]] → label, [[target]] → target.
std::string StripLinks(const std::string& s) {
  static const std::regex piped(R"(\[\[[^\]|]*\|([^\]]*)\]\])");
  static const std::regex plain(R"(\[\[([^\]]*)\]\])");
  return std::regex_replace(std::regex_replace(s, piped, "$1"), plain, "$1");
}

struct Article {
  std::vector<std::string> duties;  // the 2018 duty list (# items)
  std::string reform_2018;          // the paragraph on the 2018 reform
};

Article LoadArticle() {
  Article a;
  std::istringstream in(ReadAll(RealdataDir() + "/中华人民共和国国家发展和改革委员会.sections.wikitext"));
  std::string line;
  bool duties = false;
  while (std::getline(in, line)) {
    if (line.find("== 职责 ==") != std::string::npos) {
      duties = true;
    } else if (duties && line.rfind("}}", 0) == 0) {
      duties = false;
    } else if (duties && line.rfind("#", 0) == 0) {
      a.duties.push_back(StripLinks(line.substr(1)));
    } else if (line.rfind("2018年3月17日", 0) == 0) {
      a.reform_2018 = StripLinks(line);
      // Drop the footnote markup after the paragraph's text, if any.
      const size_t ref = a.reform_2018.find("<ref");
      if (ref != std::string::npos) a.reform_2018.resize(ref);
    }
  }
  return a;
}

const char* const kChineseNumbers[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                       "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八"};

#define REQUIRE_ARTICLE()                                                                  \
  if (!std::filesystem::exists(RealdataDir())) GTEST_SKIP() << "没有 ../shared/realdata"; \
  do {                                                                                     \
  } while (false)

class NdrcOverlap : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_ARTICLE();
    article_ = LoadArticle();
    ASSERT_GE(article_.duties.size(), 15u);
    ASSERT_NE(article_.reform_2018.find("价格监督检查与反垄断执法"), std::string::npos);
    // The 三定 as a document. The article gives the list without the regulation's date; it is
    // the list after the reform, so the document is dated with the reform.
    std::string sanding = "国家发展和改革委员会职能配置、内设机构和人员编制规定\n\n";
    sanding += "第一条　根据《国务院机构改革方案》，制定本规定。\n";
    sanding += "第二条　国家发展和改革委员会是国务院组成部门，为正部级。\n";
    sanding += "第三条　国家发展和改革委员会的主要职责是：\n";
    for (size_t i = 0; i < article_.duties.size() && i < std::size(kChineseNumbers); ++i) {
      sanding += std::string("（") + kChineseNumbers[i] + "）" + article_.duties[i] + "\n";
    }
    sanding += "\n2018年3月17日\n";
    const std::string reform = "国务院机构改革方案\n\n（2018年3月17日第十三届全国人民代表大会第一次会议批准）\n\n　　" +
                               article_.reform_2018 + "\n";
    // The archive's authority knows the NDRC (as an archivist loads it), so the article's
    // 国家发改委 resolves to it.
    auto authority = std::make_shared<extract::Authority>();
    authority->Add(extract::AuthorityEntry{
        "ng-ndrc", "national", {extract::AuthorityName{"国家发展和改革委员会", {}, "2003-03-10", ""}}});
    const extract::NameResolver resolver(authority);
    extract::ExtractOptions eo;
    eo.resolver = &resolver;
    history::SourceDocument a{"ndrc-sanding-2018", extract::Extract(extract::DocText::FromText(sanding), eo)};
    history::SourceDocument b{"ndrc-reform-2018", extract::Extract(extract::DocText::FromText(reform), eo)};
    chain_ = history::BuildChain({a, b}, {});
    for (const auto& inst : chain_.institutions) {
      for (const auto& n : inst.names) {
        if (n == "国家发展和改革委员会") ndrc_ = inst.id;
      }
    }
    ASSERT_FALSE(ndrc_.empty()) << "链中没有国家发展和改革委员会";
    // The article's six departures are read as duty transfers from the NDRC.
    size_t transfers = 0;
    for (const auto& e : chain_.events) {
      if (e.type == "duty_transferred" && e.from.size() == 1 && e.from[0] == ndrc_) ++transfers;
    }
    EXPECT_EQ(transfers, 6u);
    dir_ = std::filesystem::temp_directory_path() /
           ("sanding-ndrc-overlap-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    auto index = indexer::ClauseIndex::Open(dir_.string());
    ASSERT_TRUE(index.ok()) << index.status().message();
    index_ = std::move(index).value();
    ASSERT_TRUE(index_->Rebuild(chain_, 1).ok());
    source_ = lineage::ChainSource(chain_);
  }
  void TearDown() override {
    index_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  bool FlaggedAgainstNdrc(const DraftClauseResult& r) const {
    for (const auto& m : r.matches) {
      if (m.institution == ndrc_) return true;
    }
    return false;
  }

  Article article_;
  history::Chain chain_;
  std::string ndrc_;
  std::filesystem::path dir_;
  std::unique_ptr<indexer::ClauseIndex> index_;
  std::unique_ptr<lineage::Source> source_;
};

TEST_F(NdrcOverlap, RewordedDutiesAreFlaggedDepartedOnesAreNot) {
  const std::vector<std::string> reworded = {
      "拟订国民经济和社会发展中长期规划和年度计划，统筹衔接国家级专项规划和区域规划",
      "监测预测宏观经济运行态势，提出宏观调控的政策建议",
      "组织拟订区域协调发展的规划和政策，组织实施易地扶贫搬迁工作",
      "牵头推进社会信用体系建设",
      "拟订高技术产业和战略性新兴产业的发展规划，推动实施创新驱动发展战略",
      "负责全口径外债的总量控制和监测，提出利用外资的战略和规划",
      "组织编制国民经济动员规划，协调国民经济动员工作",
  };
  const std::vector<std::string> departed = {
      "组织编制主体功能区规划并监督实施",
      "负责应对气候变化和减排工作",
      "负责农业投资项目的审核和管理",
      "承担重大项目稽察工作",
      "负责价格监督检查与反垄断执法",
      "负责药品和医疗服务价格管理",
  };
  std::vector<DraftClause> draft;
  for (const auto& t : reworded) draft.push_back({"", t});
  for (const auto& t : departed) draft.push_back({"", t});
  Options options;
  options.as_of = "2019-06-01";
  auto report = CheckDraft(*index_, *source_, draft, DraftSource{"草案", ""}, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->clauses.size(), draft.size());
  for (size_t i = 0; i < reworded.size(); ++i) {
    EXPECT_TRUE(FlaggedAgainstNdrc(report->clauses[i])) << "未标出：" << reworded[i];
  }
  for (size_t i = reworded.size(); i < draft.size(); ++i) {
    const auto& r = report->clauses[i];
    std::string seen;
    for (const auto& m : r.matches) seen += "\n  " + m.name + " " + std::to_string(m.score) + " " + m.text;
    EXPECT_FALSE(FlaggedAgainstNdrc(r)) << "已划出的职责仍标为与发改委重叠：" << r.clause.text << seen;
  }
  // 农业投资项目 resembles the NDRC's remaining 投资综合管理 clause; the recorded transfer lists it
  // as moved to 农业农村部 instead.
  const auto& agri = report->clauses[reworded.size() + 2];
  ASSERT_EQ(agri.clause.text, "负责农业投资项目的审核和管理");
  ASSERT_FALSE(agri.moved.empty());
  EXPECT_EQ(agri.moved.front().match.institution, ndrc_);
  EXPECT_EQ(agri.moved.front().event_type, "duty_transferred");
  EXPECT_EQ(agri.moved.front().date, "2018-03-17");
  ASSERT_FALSE(agri.moved.front().to_names.empty());
  EXPECT_EQ(agri.moved.front().to_names.front(), "农业农村部");
  // The per-body summary counts the reworded clauses for the NDRC.
  ASSERT_FALSE(report->bodies.empty());
  EXPECT_EQ(report->bodies.front().institution, ndrc_);
  EXPECT_EQ(report->bodies.front().clauses, reworded.size());
}

}  // namespace
}  // namespace sanding::overlap
