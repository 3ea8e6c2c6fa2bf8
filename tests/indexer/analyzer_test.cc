#include "indexer/internal/analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <lucene++/PositionIncrementAttribute.h>
#include <lucene++/TermAttribute.h>
#include <lucene++/TypeAttribute.h>

#include <string>
#include <vector>

namespace sanding::indexer::internal {
namespace {

using ::testing::ElementsAre;

// "term@position" for each token, in order.
std::vector<std::string> Describe(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens)
    out.push_back(WideToUtf8(t.term) + "@" + std::to_string(t.position));
  return out;
}

std::vector<std::string> TokensOf(const std::string& utf8) {
  return Describe(Tokenize(NormalizeForTokens(utf8)));
}

// Runs the Lucene++ analyzer: "term@position/type" for each token.
std::vector<std::string> AnalyzeWithLucene(const std::string& utf8) {
  auto analyzer = Lucene::newLucene<ChineseAnalyzer>();
  auto stream = analyzer->reusableTokenStream(
      L"text", Lucene::newLucene<Lucene::StringReader>(Utf8ToWide(utf8)));
  auto term = stream->addAttribute<Lucene::TermAttribute>();
  auto inc = stream->addAttribute<Lucene::PositionIncrementAttribute>();
  auto type = stream->addAttribute<Lucene::TypeAttribute>();
  stream->reset();
  std::vector<std::string> out;
  int32_t pos = -1;
  while (stream->incrementToken()) {
    pos += inc->getPositionIncrement();
    out.push_back(WideToUtf8(term->term()) + "@" + std::to_string(pos) + "/" +
                  WideToUtf8(type->type()));
  }
  stream->end();
  stream->close();
  return out;
}

TEST(AnalyzerTest, CjkRunGivesBigramsAndUnigramsAtSharedPositions) {
  EXPECT_THAT(TokensOf("国务院"), ElementsAre("国务@0", "国@0", "务院@1", "务@1", "院@2"));
}

TEST(AnalyzerTest, SingleIdeographIsOneUnigram) {
  EXPECT_THAT(TokensOf("局"), ElementsAre("局@0"));
}

TEST(AnalyzerTest, PunctuationSplitsRunsAndAsciiWordsAreWords) {
  EXPECT_THAT(TokensOf("国办发〔2008〕60号"),
              ElementsAre("国办@0", "国@0", "办发@1", "办@1", "发@2", "2008@3", "60@4", "号@5"));
}

TEST(AnalyzerTest, FullWidthIsNormalisedAndLowerCased) {
  EXPECT_EQ(NormalizeForTokens("ＡＢＣ１２３"), L"abc123");
  EXPECT_THAT(TokensOf("ＯＦＤ文件"), ElementsAre("ofd@0", "文件@1", "文@1", "件@2"));
  EXPECT_THAT(TokensOf("PDF Scan2024"), ElementsAre("pdf@0", "scan2024@1"));
}

TEST(AnalyzerTest, MixedTextKeepsOrderAndOffsets) {
  const std::wstring text = NormalizeForTokens("共3名 OCR识别");
  const auto tokens = Tokenize(text);
  EXPECT_THAT(Describe(tokens),
              ElementsAre("共@0", "3@1", "名@2", "ocr@3", "识别@4", "识@4", "别@5"));
  for (const Token& t : tokens) {
    EXPECT_EQ(text.substr(t.start, t.end - t.start), t.term) << WideToUtf8(t.term);
  }
}

TEST(AnalyzerTest, WhitespaceBetweenIdeographsDoesNotBreakTheRun) {
  EXPECT_EQ(TokensOf("国 务\n院"), TokensOf("国务院"));
  const std::wstring text = NormalizeForTokens("国 务");
  const auto tokens = Tokenize(text);
  ASSERT_FALSE(tokens.empty());
  EXPECT_EQ(tokens[0].term, L"国务");
  EXPECT_EQ(tokens[0].start, 0);
  EXPECT_EQ(tokens[0].end, 3);
}

TEST(AnalyzerTest, OverlongWordsAreDropped) {
  const std::string long_word(kMaxWordLength + 1, 'x');
  EXPECT_THAT(TokensOf("ab " + long_word + " cd"), ElementsAre("ab@0", "cd@1"));
}

TEST(AnalyzerTest, InvalidUtf8AndControlsAreSanitised) {
  const std::string normalized = NormalizeForIndex("前文\xff\x01机构");
  EXPECT_EQ(normalized, "前文\xEF\xBF\xBD 机构");
  EXPECT_THAT(TokensOf("前文\xff\x01机构"),
              ElementsAre("前文@0", "前@0", "文@1", "机构@2", "机@2", "构@3"));
}

TEST(AnalyzerTest, Utf8RoundTrip) {
  const std::string s = "a€国𠀀";
  EXPECT_EQ(Utf8ToWide(s).size(), 4u);
  EXPECT_EQ(WideToUtf8(Utf8ToWide(s)), s);
}

TEST(AnalyzerTest, LuceneTokenizerMatchesTokenizeAndNormalises) {
  EXPECT_THAT(AnalyzeWithLucene("ＡＢ 编制"),
              ElementsAre("ab@0/word", "编制@1/bigram", "编@1/unigram", "制@2/unigram"));
  // Reusing the stream for a second input starts afresh.
  EXPECT_THAT(AnalyzeWithLucene("局"), ElementsAre("局@0/unigram"));
}

}  // namespace
}  // namespace sanding::indexer::internal
