#include "indexer/internal/query_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sanding::indexer::internal {
namespace {

using Terms = std::vector<std::pair<std::wstring, int32_t>>;

std::vector<QueryClause> Parse(const std::string& q) {
  auto r = ParseQuery(q);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r.value() : std::vector<QueryClause>{};
}

TEST(QueryBuilderTest, CjkRunBecomesBigramPhrase) {
  const auto clauses = Parse("国务院");
  ASSERT_EQ(clauses.size(), 1u);
  EXPECT_EQ(clauses[0].terms, (Terms{{L"国务", 0}, {L"务院", 1}}));
}

TEST(QueryBuilderTest, SingleIdeographBecomesUnigramTerm) {
  const auto clauses = Parse("局");
  ASSERT_EQ(clauses.size(), 1u);
  EXPECT_EQ(clauses[0].terms, (Terms{{L"局", 0}}));
}

TEST(QueryBuilderTest, UnquotedRunsAndWordsAreSeparateClauses) {
  const auto clauses = Parse("国务院 办公厅 OFD2018");
  ASSERT_EQ(clauses.size(), 3u);
  EXPECT_EQ(clauses[1].terms, (Terms{{L"办公", 0}, {L"公厅", 1}}));
  EXPECT_EQ(clauses[2].terms, (Terms{{L"ofd2018", 0}}));
  const auto mixed = Parse("编制2008");
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_EQ(mixed[1].terms, (Terms{{L"2008", 0}}));
}

TEST(QueryBuilderTest, QuotesGroupAPhrase) {
  const auto clauses = Parse("\"国办发 2008\" 通知");
  ASSERT_EQ(clauses.size(), 2u);
  // 国办发 occupies positions 0..2, the word follows at 3.
  EXPECT_EQ(clauses[0].terms, (Terms{{L"国办", 0}, {L"办发", 1}, {L"2008", 3}}));
  const auto chinese_quotes = Parse("“国 务院”");
  ASSERT_EQ(chinese_quotes.size(), 1u);
  EXPECT_EQ(chinese_quotes[0].terms, (Terms{{L"国务", 0}, {L"务院", 1}}));
}

TEST(QueryBuilderTest, FullWidthQueryIsNormalised) {
  const auto clauses = Parse("ＯＦＤ　２０１８");
  ASSERT_EQ(clauses.size(), 2u);
  EXPECT_EQ(clauses[0].terms, (Terms{{L"ofd", 0}}));
  EXPECT_EQ(clauses[1].terms, (Terms{{L"2018", 0}}));
}

TEST(QueryBuilderTest, DuplicateClausesAreDropped) {
  EXPECT_EQ(Parse("编制 编制 \"编制\"").size(), 1u);
}

TEST(QueryBuilderTest, UnbalancedQuotesAreRejected) {
  for (const std::string q : {"\"国务院", "国务院\" 通知", "“国务院"}) {
    auto r = ParseQuery(q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(r.status().message().find("查询语句有误：引号不成对"), std::string::npos)
        << r.status().message();
  }
}

TEST(QueryBuilderTest, EmptyOrUnsearchableQueriesAreRejected) {
  for (const std::string q : {"", "   ", "\"\"", "，。！？", "\"  \""}) {
    auto r = ParseQuery(q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.status().message().rfind("查询语句有误", 0), 0u) << r.status().message();
  }
}

TEST(QueryBuilderTest, TooManyTermsAreRejected) {
  std::string q;
  for (size_t i = 0; i <= kMaxQueryTerms; ++i) q += "w" + std::to_string(i) + " ";
  auto r = ParseQuery(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
}

TEST(QueryBuilderTest, BuildsPhraseAndTermQueriesAllRequired) {
  const auto clauses = Parse("国务院 局");
  auto query = BuildQuery(clauses, L"text");
  auto bq = boost::dynamic_pointer_cast<Lucene::BooleanQuery>(query);
  ASSERT_TRUE(bq);
  auto parts = bq->getClauses();
  ASSERT_EQ(parts.size(), 2);
  for (int32_t i = 0; i < parts.size(); ++i) {
    EXPECT_EQ(parts[i]->getOccur(), Lucene::BooleanClause::MUST);
  }
  auto phrase = boost::dynamic_pointer_cast<Lucene::PhraseQuery>(parts[0]->getQuery());
  ASSERT_TRUE(phrase);
  auto terms = phrase->getTerms();
  auto positions = phrase->getPositions();
  ASSERT_EQ(terms.size(), 2);
  EXPECT_EQ(terms[0]->field(), L"text");
  EXPECT_EQ(terms[0]->text(), L"国务");
  EXPECT_EQ(terms[1]->text(), L"务院");
  EXPECT_EQ(positions[0], 0);
  EXPECT_EQ(positions[1], 1);
  auto term = boost::dynamic_pointer_cast<Lucene::TermQuery>(parts[1]->getQuery());
  ASSERT_TRUE(term);
  EXPECT_EQ(term->getTerm()->text(), L"局");
}

}  // namespace
}  // namespace sanding::indexer::internal
