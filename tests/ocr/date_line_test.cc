#include "ocr/internal/date_line.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ocr/ocr_engine.h"
#include "tests/fixtures/render.h"
#include "tests/util/ocr_util.h"

namespace sanding::ocr::internal {
namespace {

TEST(DateLineTest, ParsesChineseAndArabicDates) {
  EXPECT_EQ(ParseDate("一九八三年十一月三日"), (DateParts{1983, 11, 3}));
  EXPECT_EQ(ParseDate("二〇一〇年五月十八日"), (DateParts{2010, 5, 18}));
  EXPECT_EQ(ParseDate("二○一○年五月十八日"), (DateParts{2010, 5, 18}));
  EXPECT_EQ(ParseDate("二零零二年七月三日"), (DateParts{2002, 7, 3}));
  EXPECT_EQ(ParseDate("一九八九年六月二十日"), (DateParts{1989, 6, 20}));
  EXPECT_EQ(ParseDate("一九八三年十二月三十一日"), (DateParts{1983, 12, 31}));
  EXPECT_EQ(ParseDate("2014年9月12日"), (DateParts{2014, 9, 12}));
  EXPECT_EQ(ParseDate("2014 年 09 月 02 日"), (DateParts{2014, 9, 2}));
  EXPECT_EQ(ParseDate("２０１４年９月１２日"), (DateParts{2014, 9, 12}));
  EXPECT_EQ(ParseDate("二〇〇〇年二月二十九日"), (DateParts{2000, 2, 29}));
}

TEST(DateLineTest, RejectsDamagedAndImpossibleDates) {
  for (const char* bad : {
           "一类\\三年十一月三日", "一焙\\三年站一月三日", "一九从三年水一月十学日",
           "一万八三年直二月二日", "村龙八三年引二月比日",
           "二〇二年七月十二日",      // three-numeral year (a dropped 〇)
           "一八三年十二月五日",      // ditto
           "一九八三年十三月三日",    // month 13
           "一九八三年十一月三十一日",  // 31 November
           "一九八三年二月二十九日",  // not a leap year
           "一九八三年一十月三日",    // 一十 is not how a month is written
           "一九八三年十一月〇日",    // day zero
           "1983年十一月三日",         // mixed numerals
           "1883年1月3日",             // not 19xx/20xx
           "2014年9月12日起施行",       // trailing text
           "2014年9月", "", "年月日"}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(DateLineTest, DateCharacters) {
  for (char32_t cp : {U'〇', U'○', U'零', U'一', U'九', U'十', U'年', U'月', U'日', U'0', U'9', U'５'}) {
    EXPECT_TRUE(IsDateChar(cp)) << static_cast<int>(cp);
  }
  for (char32_t cp : {U'百', U'元', U'号', U'a', U' '}) EXPECT_FALSE(IsDateChar(cp));
}

std::vector<PageLine> Lines(const std::vector<std::string>& texts, int line_height = 60) {
  std::vector<PageLine> out;
  for (size_t i = 0; i < texts.size(); ++i) {
    PageLine l;
    l.text = texts[i];
    l.top = static_cast<int>(300 + i * 2 * line_height);
    l.bottom = l.top + line_height;
    out.push_back(std::move(l));
  }
  return out;
}

TEST(DateLineTest, SelectsDamagedDateLinesOnly) {
  const auto lines = Lines({
      "清河市人民政府办公室关于启用清河市人事局印章的通知",  // 0: long title
      "根据市机构编制部门有关文件精神，自即日起启用。",      // 1: body
      "2014年9月12日起施行。",                               // 2: body with a date
      "特此通知。",                                          // 3
      "清河市人民政府办公室",                                // 4: issuer
      "一万八三年直二月二日",                                // 5: damaged date
      "一九八三年十一月三日",                                // 6: already a date
      "一类\\三年十一月三日",                                // 7: damaged date
  });
  EXPECT_EQ(SelectDateLines(lines, 3508), (std::vector<size_t>{5, 7}));
}

TEST(DateLineTest, SelectsANumeralLineWithoutMarkersOnlyInTheSignatureBlock) {
  // 年 and 月 were both lost: three numerals next to the issuer, low on the page.
  const auto low = Lines({"清河市人民政府办公室", "一九八三十一三"}, 1200);
  EXPECT_EQ(SelectDateLines(low, 3508), (std::vector<size_t>{1}));
  // The same line high on the page is not taken.
  const auto high = Lines({"清河市人民政府办公室", "一九八三十一三"}, 60);
  EXPECT_TRUE(SelectDateLines(high, 3508).empty());
  // Nor a long line, nor a short line of mostly other characters.
  const auto other = Lines({"清河市人民政府办公室", "三、人员编制"}, 1200);
  EXPECT_TRUE(SelectDateLines(other, 3508).empty());
}

TEST(DateLineTest, ComparableLengthCountsDigitsAsHalfWidth) {
  EXPECT_TRUE(ComparableLength("一类\\三年十一月三日", "一九八三年十一月三日"));
  EXPECT_TRUE(ComparableLength("2014 年 9 月 l2 日", "2014年9月12日"));
  EXPECT_FALSE(ComparableLength("2014年9月12日起施行", "2014年9月12日"));
  EXPECT_FALSE(ComparableLength("一九八三年十一月三日", "三日"));
  EXPECT_FALSE(ComparableLength("", "一九八三年十一月三日"));
}

// A page ending with an issuer and a date, printed with a red seal over them and scanned with
// speckle noise and a slight skew: the date comes out as a date.
TEST(DateLineTest, ReadsTheDateUnderASealOnANoisyScan) {
  const std::string text = fixtures::SampleDocumentText(5, 160) +
                           "\n特此通知。\n\n清河市人民政府办公室\n一九八三年十一月三日";
  fixtures::RenderOptions opt;
  opt.red_letterhead = true;
  opt.noise = 0.3;
  opt.skew_degrees = 0.5;
  opt.seed = 3;
  auto img = Image::Decode(fixtures::RenderJpeg(text, opt));
  ASSERT_TRUE(img.ok());
  auto out = Engine().Recognize(*img);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_NE(out->text.find("一九八三年十一月三日"), std::string::npos) << out->text;
  // The word boxes carry the same date.
  std::string joined;
  for (const WordBox& w : out->words) {
    for (char c : w.text) {
      if (c != ' ') joined += c;
    }
  }
  EXPECT_NE(joined.find("一九八三年十一月三日"), std::string::npos) << joined;
}

}  // namespace
}  // namespace sanding::ocr::internal
