#include "indexer/internal/highlight.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sanding::indexer::internal {
namespace {

// The clauses the query builder hands to the highlighter for `q`.
std::vector<QueryClause> Parse(const std::string& q) {
  auto node = ParseQuery(q);
  EXPECT_TRUE(node.ok()) << node.status().ToString();
  if (!node.ok()) return {};
  auto built = BuildQueries(*node, BuildContext{});
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return built.ok() ? built->highlight : std::vector<QueryClause>{};
}

std::vector<Span> Matches(const std::string& text, const std::string& q) {
  return FindMatches(Tokenize(NormalizeForTokens(text)), Parse(q));
}

TEST(HighlightTest, FindsPhraseAndSingleCharacterMatches) {
  // 0123456789
  // 负责机构编制管理，编制
  // The run and its words are marked (a query's words are found apart too); a quoted phrase only
  // as a whole.
  EXPECT_EQ(Matches("负责机构编制管理，编制", "机构编制"), (std::vector<Span>{{2, 6}, {9, 11}}));
  EXPECT_EQ(Matches("负责机构编制管理，编制", "\"机构编制\""), (std::vector<Span>{{2, 6}}));
  EXPECT_EQ(Matches("负责机构编制管理，编制", "编制"), (std::vector<Span>{{4, 6}, {9, 11}}));
  EXPECT_EQ(Matches("负责机构编制管理，编制", "编"), (std::vector<Span>{{4, 5}, {9, 10}}));
  EXPECT_TRUE(Matches("机构改革，编制管理", "\"机构编制\"").empty());
}

TEST(HighlightTest, OverlappingMatchesAreMerged) {
  EXPECT_EQ(Matches("机构编制", "机构 构编"), (std::vector<Span>{{0, 3}}));
}

TEST(HighlightTest, SnippetMarksEveryMatchCaseInsensitively) {
  const std::string snippet = MakeSnippet("扫描件为 PDF 格式，另附pdf副本。", Parse("pdf 副本"));
  EXPECT_EQ(snippet, "扫描件为 \x01PDF\x02 格式，另附\x01pdf副本\x02。");
}

TEST(HighlightTest, SnippetIsCutAroundTheFirstMatch) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "甲";
  text += "机构编制";
  for (int i = 0; i < 100; ++i) text += "乙";
  const std::string snippet = MakeSnippet(text, Parse("机构编制"), 40);
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << snippet;
  EXPECT_NE(snippet.find("\x01机构编制\x02"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - std::string("…").size()), "…");
  // 40 code points of text plus two ellipses and two markers.
  EXPECT_EQ(Utf8ToWide(snippet).size(), 44u);
}

TEST(HighlightTest, SnippetCollapsesWhitespaceAndFallsBackToTheStart) {
  EXPECT_EQ(MakeSnippet("第一行\n\n  第二行 编制", Parse("编制")), "第一行第二行\x01编制\x02");
  EXPECT_EQ(MakeSnippet("没有匹配的内容", Parse("编制")), "没有匹配的内容");
  // Spaces between Latin words stay; full-width text is shown as written, not NFKC-folded.
  EXPECT_EQ(MakeSnippet("PDF  scan\n（一）负责编制工作，", Parse("编制")),
            "PDF scan （一）负责\x01编制\x02工作，");
}

TEST(HighlightTest, MatchAcrossALineBreakIsMarkedWhole) {
  EXPECT_EQ(MakeSnippet("机构\n编制", Parse("机构编制")), "\x01机构编制\x02");
  // A full-width query term matches half-width text and the original form is what is shown.
  EXPECT_EQ(MakeSnippet("文号ＡＢＣ１２３号", Parse("abc123")), "文号\x01ＡＢＣ１２３\x02号");
}

}  // namespace
}  // namespace sanding::indexer::internal
