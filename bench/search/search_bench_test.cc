// Tests of the search benchmark's article splitter and relevance measures (bench/search).
#include <archive.h>
#include <archive_entry.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bench/search/metrics.h"
#include "bench/search/split.h"

namespace sanding::bench::search {
namespace {

constexpr const char* kLaw =
    "# 中华人民共和国个人独资企业法\n"
    "\n"
    "1999年8月30日 第九届全国人民代表大会常务委员会第十一次会议通过\n"
    "\n"
    "<!-- INFO END -->\n"
    "\n"
    "## 第一章 总则\n"
    "\n"
    "第一条 为了规范个人独资企业的行为，制定本法。\n"
    "\n"
    "第二条　本法所称个人独资企业，是指依照本法在中国境内设立的经营实体。\n"
    "\n"
    "投资人以其个人财产对企业债务承担无限责任。\n"
    "\n"
    "第二条之一 个人独资企业可以从事法律、行政法规禁止经营以外的行业。\n"
    "第三条规定的事项，不是新的条文。\n"
    "## 第二章 附则\n"
    "\n"
    "本段在标题之后，不属于任何条文。\n"
    "\n"
    "第一百零三条 本法自2000年1月1日起施行。\r\n";

TEST(SplitLaw, SplitsArticlesUntilTheNextArticleOrHeading) {
  const std::vector<Article> arts = SplitLaw(kLaw, "经济法/个人独资企业法(1999-08-30).md");
  ASSERT_EQ(arts.size(), 4u);
  EXPECT_EQ(arts[0].law_title, "中华人民共和国个人独资企业法");
  EXPECT_EQ(arts[0].number, "第一条");
  EXPECT_EQ(arts[0].body, "为了规范个人独资企业的行为，制定本法。");
  EXPECT_EQ(arts[1].number, "第二条");
  EXPECT_EQ(arts[1].body, "本法所称个人独资企业，是指依照本法在中国境内设立的经营实体。\n\n投资人以其个人财产对企业债务承担无限责任。");
  EXPECT_EQ(arts[2].number, "第二条之一");
  EXPECT_EQ(arts[2].body, "个人独资企业可以从事法律、行政法规禁止经营以外的行业。\n第三条规定的事项，不是新的条文。");
  EXPECT_EQ(arts[3].number, "第一百零三条");
  EXPECT_EQ(arts[3].body, "本法自2000年1月1日起施行。");
  EXPECT_EQ(arts[3].file, "经济法/个人独资企业法(1999-08-30).md");
}

TEST(SplitLaw, DocumentTextAndKey) {
  const std::vector<Article> arts = SplitLaw(kLaw, "x.md");
  ASSERT_FALSE(arts.empty());
  EXPECT_EQ(arts[0].DocumentText(), "中华人民共和国个人独资企业法 第一条\n为了规范个人独资企业的行为，制定本法。");
  EXPECT_EQ(arts[0].Key(), "个人独资企业法第一条");
}

TEST(SplitLaw, NoTitleNoArticles) {
  EXPECT_TRUE(SplitLaw("第一条 没有标题的文件。\n", "x.md").empty());
  EXPECT_TRUE(SplitLaw("## 第一章\n第一条 二级标题不是法律标题。\n", "x.md").empty());
  EXPECT_TRUE(SplitLaw("", "x.md").empty());
}

TEST(ArticleNumber, NeedsNumeralsTiaoAndASpace) {
  EXPECT_EQ(ArticleNumberLength("第一条 内容"), std::string("第一条").size());
  EXPECT_EQ(ArticleNumberLength("第一千二百六十条　内容"), std::string("第一千二百六十条").size());
  EXPECT_EQ(ArticleNumberLength("第十条之二 内容"), std::string("第十条之二").size());
  EXPECT_EQ(ArticleNumberLength("第〇条 内容"), std::string("第〇条").size());
  EXPECT_EQ(ArticleNumberLength("第一条规定"), 0u);
  EXPECT_EQ(ArticleNumberLength("第一章 总则"), 0u);
  EXPECT_EQ(ArticleNumberLength("第条 内容"), 0u);
  EXPECT_EQ(ArticleNumberLength("第1条 内容"), 0u);
  EXPECT_EQ(ArticleNumberLength(" 第一条 内容"), 0u);
  EXPECT_EQ(ArticleNumberLength("第一条"), 0u);
}

TEST(NormaliseKey, RemovesEveryPrc) {
  EXPECT_EQ(NormaliseKey("中华人民共和国民法典第五十六条"), "民法典第五十六条");
  EXPECT_EQ(NormaliseKey("全国人民代表大会关于中华人民共和国中华人民共和国法第一条"), "全国人民代表大会关于法第一条");
  EXPECT_EQ(NormaliseKey("刑法第六条"), "刑法第六条");
}

TEST(SkipLawFile, IndexReadmeTemplateAndNonMarkdown) {
  EXPECT_TRUE(SkipLawFile("其他/_index.md"));
  EXPECT_TRUE(SkipLawFile("README.md"));
  EXPECT_TRUE(SkipLawFile("其他/法律法规模版.md"));
  EXPECT_TRUE(SkipLawFile("刑法/"));
  EXPECT_TRUE(SkipLawFile("刑法/notes.txt"));
  EXPECT_FALSE(SkipLawFile("刑法/刑法(2023-12-29).md"));
}

TEST(ReadLawArchive, ReadsATarGz) {
  const auto path = std::filesystem::temp_directory_path() / ("search_bench_test_" + std::to_string(::getpid()) + ".tar.gz");
  {
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
    auto add = [&](const std::string& name, const std::string& body) {
      archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, name.c_str());
      archive_entry_set_size(e, static_cast<la_int64_t>(body.size()));
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_write_header(a, e);
      archive_write_data(a, body.data(), body.size());
      archive_entry_free(e);
    };
    add("经济法/个人独资企业法(1999-08-30).md", kLaw);
    add("经济法/_index.md", "# 经济法\n第一条 不是法律。\n");
    add("README.md", "# 说明\n第一条 不是法律。\n");
    add("其他/无标题.md", "第一条 没有标题。\n");
    archive_write_close(a);
    archive_write_free(a);
  }
  const LawCorpus corpus = ReadLawArchive(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(corpus.files_read, 2u);
  EXPECT_EQ(corpus.files_used, 1u);
  ASSERT_EQ(corpus.articles.size(), 4u);
  EXPECT_EQ(corpus.articles[0].file, "经济法/个人独资企业法(1999-08-30).md");
  EXPECT_THROW(ReadLawArchive("/nonexistent/laws.tar.gz"), std::runtime_error);
}

double Dcg(std::vector<int> ranks) {  // 1-based ranks of gains
  double s = 0;
  for (int r : ranks) s += 1.0 / std::log2(r + 1.0);
  return s;
}

TEST(Score, RecallAndNdcg) {
  const std::set<std::string> rel = {"a", "b", "c"};
  const QueryScore s = Score({"x", "a", "y", "c"}, rel);
  EXPECT_DOUBLE_EQ(s.recall, 2.0 / 3.0);
  EXPECT_NEAR(s.ndcg, Dcg({2, 4}) / Dcg({1, 2, 3}), 1e-12);
  const QueryScore perfect = Score({"c", "b", "a"}, rel);
  EXPECT_DOUBLE_EQ(perfect.recall, 1.0);
  EXPECT_NEAR(perfect.ndcg, 1.0, 1e-12);
}

TEST(Score, OnlyTheFirstDocumentOfAKeyGains) {
  const std::set<std::string> rel = {"a", "b"};
  const QueryScore s = Score({"a", "a", "b"}, rel);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_NEAR(s.ndcg, Dcg({1, 3}) / Dcg({1, 2}), 1e-12);
}

TEST(Score, CutsAtKAndIdealCapsAtK) {
  std::set<std::string> rel;
  for (int i = 0; i < 12; ++i) rel.insert("k" + std::to_string(i));
  std::vector<std::string> ranked;
  for (int i = 0; i < 12; ++i) ranked.push_back("k" + std::to_string(i));
  const QueryScore s = Score(ranked, rel, 10);
  EXPECT_DOUBLE_EQ(s.recall, 10.0 / 12.0);
  EXPECT_NEAR(s.ndcg, 1.0, 1e-12);
  const QueryScore late = Score({"", "", "", "", "", "", "", "", "", "", "k0"}, rel, 10);
  EXPECT_DOUBLE_EQ(late.recall, 0.0);
  EXPECT_DOUBLE_EQ(late.ndcg, 0.0);
}

TEST(Score, EmptyResultsAndNoJudgements) {
  EXPECT_DOUBLE_EQ(Score({}, {"a"}).recall, 0.0);
  EXPECT_DOUBLE_EQ(Score({"a"}, {}).ndcg, 0.0);
}

TEST(Percentile, NearestRank) {
  EXPECT_DOUBLE_EQ(Percentile({}, 50), 0.0);
  EXPECT_DOUBLE_EQ(Percentile({3, 1, 2}, 50), 2.0);
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  EXPECT_DOUBLE_EQ(Percentile(v, 99), 99.0);
  EXPECT_DOUBLE_EQ(Percentile(v, 100), 100.0);
  EXPECT_DOUBLE_EQ(Percentile(v, 50), 50.0);
}

TEST(LoadStardQueries, ReadsQuestionsAndNormalisesMatchNames) {
  const auto path = std::filesystem::temp_directory_path() / ("search_bench_test_" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream f(path);
    f << R"([{"query_id": 1, "问题": "夫妻一方经营个体工商户所欠债务，谁偿还？", "相关法规": {},
             "match_id": [707], "match_name": ["中华人民共和国民法典第五十六条", "刑法第六条"]}])";
  }
  const std::vector<Query> qs = LoadStardQueries(path.string());
  std::filesystem::remove(path);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].id, 1);
  EXPECT_EQ(qs[0].text, "夫妻一方经营个体工商户所欠债务，谁偿还？");
  EXPECT_EQ(qs[0].relevant, (std::set<std::string>{"民法典第五十六条", "刑法第六条"}));
  EXPECT_THROW(LoadStardQueries("/nonexistent/q.json"), std::runtime_error);
}

}  // namespace
}  // namespace sanding::bench::search
