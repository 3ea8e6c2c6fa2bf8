#include "indexer/extract/internal/fields_util.h"

#include <gtest/gtest.h>

namespace sanding::extract::internal {
namespace {

std::string Recover(const char* line, int number_year = 0) {
  auto r = RecoverDamagedDate(line, number_year);
  return r ? r->iso : "";
}

// Damaged 落款 date lines as Tesseract read them from simulated typewriter and laser scans.
TEST(FieldsUtilTest, RecoversDatesWhoseStructureSurvived) {
  EXPECT_EQ(Recover("一九八九菇五月三十日"), "1989-05-30");    // 年 misread
  EXPECT_EQ(Recover("一九八三年十一户三日"), "1983-11-03");    // 月 misread
  EXPECT_EQ(Recover("一九八三年十二月二蝇"), "1983-12-02");    // 日 misread
  EXPECT_EQ(Recover("二O〇一〇年二月十四日"), "2010-02-14");   // one 〇 read as two glyphs
  EXPECT_EQ(Recover("二〇GO五年六月十四日"), "2005-06-14");
  EXPECT_EQ(Recover("2014年9月l2日"), "");                     // no structural damage: not ours
  auto r = RecoverDamagedDate("一九八三告十一月八日", 0);
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->how.find("年"), std::string::npos);
}

TEST(FieldsUtilTest, AnUnreadableYearComesFromTheDocNumber) {
  EXPECT_EQ(Recover("一人三年十一月十一日", 1983), "1983-11-11");
  EXPECT_EQ(Recover("一人三年十一月十一日", 0), "");
}

TEST(FieldsUtilTest, RefusesWhatCannotBeRead) {
  EXPECT_EQ(Recover("一九八九二工月十二河", 1989), "");  // month and both marks gone
  EXPECT_EQ(Recover("一九九一年“月二一五日", 1991), "");  // month gone
  EXPECT_EQ(Recover("一九八三年十三月三蝇", 1983), "");   // no 13th month
  EXPECT_EQ(Recover("一九八三年二月三十蝇", 1983), "");   // 30 February
  EXPECT_EQ(Recover("各县人民政府办公室", 1983), "");
  EXPECT_EQ(Recover("", 1983), "");
}

}  // namespace
}  // namespace sanding::extract::internal
