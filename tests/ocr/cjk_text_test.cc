#include "ocr/internal/cjk_text.h"

#include <gtest/gtest.h>

namespace sanding::ocr::internal {
namespace {

TEST(CjkTextTest, RemovesSpacesBetweenChineseCharacters) {
  EXPECT_EQ(NormalizeCjkText("负 责 全 市 价 格 监 督 检 查 工 作 。"),
            "负责全市价格监督检查工作。");
  EXPECT_EQ(NormalizeCjkText("（ 三 ） 负责"), "（三）负责");
  EXPECT_EQ(NormalizeCjkText("机构\u3000\u3000编制"), "机构编制");
}

TEST(CjkTextTest, RemovesSpacesBetweenChineseAndDigitsButKeepsLatinWords) {
  EXPECT_EQ(NormalizeCjkText("1978 年 2 月"), "1978年2月");
  EXPECT_EQ(NormalizeCjkText("Hello   world! 你好 世界"), "Hello world!你好世界");
  EXPECT_EQ(NormalizeCjkText("GB/T 33190 标准"), "GB/T 33190标准");
}

TEST(CjkTextTest, TrimsLinesAndDropsEmptyOnes) {
  EXPECT_EQ(NormalizeCjkText("  第一行  \n\n   \r\n第 二 行\f第三行\n"), "第一行\n第二行\n第三行");
  EXPECT_EQ(NormalizeCjkText(""), "");
  EXPECT_EQ(NormalizeCjkText(" \n \t\n"), "");
}

TEST(CjkTextTest, PassesInvalidBytesThrough) {
  const std::string bad =
      "abc\xFF"
      "def";
  EXPECT_EQ(NormalizeCjkText(bad), bad);
}

TEST(CjkTextTest, WideCharacterClasses) {
  EXPECT_TRUE(IsWideChar(U'机'));
  EXPECT_TRUE(IsWideChar(U'，'));
  EXPECT_TRUE(IsWideChar(U'〔'));
  EXPECT_TRUE(IsWideChar(U'“'));
  EXPECT_TRUE(IsWideChar(0x20000));
  EXPECT_FALSE(IsWideChar(U'a'));
  EXPECT_FALSE(IsWideChar(U'1'));
  EXPECT_FALSE(IsWideChar(U','));
}

}  // namespace
}  // namespace sanding::ocr::internal

namespace sanding::ocr::internal {
namespace {

TEST(FullWidthPunctuationTest, AsciiPunctuationInsideChineseBecomesFullWidth) {
  EXPECT_EQ(FullWidthPunctuation("(一)负责价格工作,拟订规划:办公室;是否?是!"),
            "（一）负责价格工作，拟订规划：办公室；是否？是！");
}

TEST(FullWidthPunctuationTest, LatinAndDigitsKeepAsciiPunctuation) {
  EXPECT_EQ(FullWidthPunctuation("Hello world!你好"), "Hello world!你好");
  EXPECT_EQ(FullWidthPunctuation("GB/T 33190(2016), p. 3: ok"), "GB/T 33190(2016), p. 3: ok");
  EXPECT_EQ(FullWidthPunctuation("1.5,2"), "1.5,2");
  EXPECT_EQ(FullWidthPunctuation("(a)机构"), "(a)机构");
  EXPECT_EQ(FullWidthPunctuation(""), "");
}

}  // namespace
}  // namespace sanding::ocr::internal
