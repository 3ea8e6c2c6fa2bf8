#include "indexer/internal/query_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sanding::indexer::internal {
namespace {

using Terms = std::vector<std::pair<std::wstring, int32_t>>;

BuiltQuery Build(const std::string& q) {
  auto node = ParseQuery(q);
  EXPECT_TRUE(node.ok()) << q << ": " << node.status().ToString();
  if (!node.ok()) return {};
  auto built = BuildQueries(*node, BuildContext{});
  EXPECT_TRUE(built.ok()) << q << ": " << built.status().ToString();
  return built.ok() ? *built : BuiltQuery{};
}

bool HasClause(const BuiltQuery& b, const Terms& terms) {
  return std::any_of(b.highlight.begin(), b.highlight.end(),
                     [&](const QueryClause& c) { return c.terms == terms; });
}

std::string Text(const Lucene::QueryPtr& q) { return q ? WideToUtf8(q->toString()) : "<null>"; }

TEST(QueryBuilderTest, ClausesFromTokensPerRunOrAsOneSequence) {
  const auto tokens = Tokenize(NormalizeForTokens("国务院 OFD"));
  const auto per_run = ClausesFromTokens(tokens, true);
  ASSERT_EQ(per_run.size(), 2u);
  EXPECT_EQ(per_run[0].terms, (Terms{{L"国务", 0}, {L"务院", 1}}));
  EXPECT_EQ(per_run[1].terms, (Terms{{L"ofd", 0}}));
  const auto whole = ClausesFromTokens(tokens, false);
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].terms, (Terms{{L"国务", 0}, {L"务院", 1}, {L"ofd", 3}}));
}

TEST(QueryBuilderTest, ShortWordsAreRequiredRunByRun) {
  const BuiltQuery b = Build("国务院 局 OFD2018");
  EXPECT_FALSE(b.relevance_mode);
  const std::string q = Text(b.documents);
  // A 3-ideograph run is a phrase of its bigrams, one ideograph a unigram term, a word a term.
  EXPECT_NE(q.find("d_text:\"国务 务院\""), std::string::npos) << q;
  EXPECT_NE(q.find("d_text:局"), std::string::npos) << q;
  EXPECT_NE(q.find("d_text:ofd2018"), std::string::npos) << q;
  EXPECT_NE(q.find("+"), std::string::npos) << q;
  EXPECT_TRUE(HasClause(b, {{L"国务", 0}, {L"务院", 1}}));
  EXPECT_TRUE(HasClause(b, {{L"局", 0}}));
}

TEST(QueryBuilderTest, LongRunNeedsTwoThirdsOfItsBigrams) {
  // 机构编制委员会: 6 bigrams, at least 4 of them (OCR may have garbled one character).
  const std::string q = Text(Build("机构编制委员会").documents);
  EXPECT_NE(q.find("~4"), std::string::npos) << q;
}

TEST(QueryBuilderTest, QuotedPhraseIsOneExactSequence) {
  const BuiltQuery b = Build("\"国办发 2008\" 通知");
  EXPECT_TRUE(HasClause(b, {{L"国办", 0}, {L"办发", 1}, {L"2008", 3}}));
  EXPECT_NE(Text(b.documents).find("d_text:\"国办 办发 ? 2008\""), std::string::npos)
      << Text(b.documents);
  EXPECT_TRUE(HasClause(Build("“国 务院”"), {{L"国务", 0}, {L"务院", 1}}));
}

TEST(QueryBuilderTest, FullWidthAndTraditionalQueriesAreNormalised) {
  const BuiltQuery b = Build("ＯＦＤ　２０１８");
  EXPECT_TRUE(HasClause(b, {{L"ofd", 0}}));
  EXPECT_TRUE(HasClause(b, {{L"2018", 0}}));
  EXPECT_TRUE(HasClause(Build("機構編制"), {{L"机构", 0}, {L"构编", 1}, {L"编制", 2}}));
}

TEST(QueryBuilderTest, SentencesRankByRelevanceInsteadOfRequiringEveryWord) {
  EXPECT_TRUE(Build("夫妻一方经营个体工商户所欠债务，谁偿还？").relevance_mode);
  EXPECT_TRUE(Build("单位 拖欠 工资 怎么 申请 仲裁 赔偿").relevance_mode);
  EXPECT_TRUE(Build("著作权能设立质权吗").relevance_mode);
  EXPECT_FALSE(Build("机构编制 批复").relevance_mode);
  // Quotes inside a pasted question are punctuation, not required phrases.
  const BuiltQuery quoted = Build("名为“个体工商户”实为“合伙”，内部发生纠纷时如何认定？");
  EXPECT_TRUE(quoted.relevance_mode);
  EXPECT_EQ(Text(quoted.documents).find("\"个体 体工 工商 商户\""), std::string::npos)
      << Text(quoted.documents);
  EXPECT_NE(Text(quoted.documents).find("d_text:商户"), std::string::npos);
  EXPECT_FALSE(Build("清河市机构编制委员会办公室 批复").relevance_mode);
  // Joined by an explicit AND, even a question's words are required.
  EXPECT_FALSE(Build("如何核增编制 AND 民政局").relevance_mode);
  // The sentence's words are optional, the field condition is not.
  const std::string q = Text(Build("夫妻一方经营个体工商户所欠债务，谁偿还？ 年份:2001").documents);
  EXPECT_NE(q.find("+d_year:[2001 TO 2001]"), std::string::npos) << q;
  EXPECT_NE(q.find("d_text:夫妻"), std::string::npos) << q;
  EXPECT_NE(q.find("d_words:"), std::string::npos) << q;
  EXPECT_NE(q.find("d_title:"), std::string::npos) << q;
}

TEST(QueryBuilderTest, FieldConditionsUseTheirFieldsAndDoNotConstrainPages) {
  const BuiltQuery title = Build("标题:通知");
  EXPECT_NE(Text(title.documents).find("d_title:\"通知\""), std::string::npos)
      << Text(title.documents);
  EXPECT_FALSE(title.page_match);
  EXPECT_FALSE(Build("年份:1998..2003").page_match);
  EXPECT_NE(Text(Build("文号:国办发〔2008〕60号").documents).find("d_docno:60"), std::string::npos);
  EXPECT_NE(Text(Build("机构:民政局").documents).find("d_inst:\"民政 政局\""), std::string::npos);
  EXPECT_NE(Text(Build("发文机关:国务院").documents).find("d_issuer:"), std::string::npos);
  EXPECT_NE(Text(Build("类型:批复").documents).find("d_kind:"), std::string::npos);
  const BuiltQuery mixed = Build("编制 标题:通知");
  ASSERT_TRUE(mixed.page_match);
  EXPECT_NE(Text(mixed.page_match).find("p_text:编制"), std::string::npos)
      << Text(mixed.page_match);
  EXPECT_EQ(Text(mixed.page_match).find("d_title"), std::string::npos);
}

TEST(QueryBuilderTest, ExcludedWordsAreNotHighlighted) {
  const BuiltQuery b = Build("编制 NOT 撤销");
  EXPECT_TRUE(HasClause(b, {{L"编制", 0}}));
  EXPECT_FALSE(HasClause(b, {{L"撤销", 0}}));
  EXPECT_NE(Text(b.documents).find("-"), std::string::npos);
  const BuiltQuery any = Build("民政局 OR 财政局");
  EXPECT_TRUE(HasClause(any, {{L"民政", 0}, {L"政局", 1}}));
  EXPECT_TRUE(HasClause(any, {{L"财政", 0}, {L"政局", 1}}));
}

TEST(QueryBuilderTest, TooManyTermsAreRejectedInChinese) {
  std::string q;
  for (size_t i = 0; i < kMaxQueryTerms + 10; ++i) {
    q += WideToUtf8(std::wstring(1, static_cast<wchar_t>(0x4E00 + i)));  // distinct bigrams
  }
  auto node = ParseQuery(q);
  ASSERT_TRUE(node.ok());
  auto built = BuildQueries(*node, BuildContext{});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(built.status().message().find("检索式过长"), std::string::npos);
}

}  // namespace
}  // namespace sanding::indexer::internal
