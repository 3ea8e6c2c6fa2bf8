#include "ocr/internal/title.h"

#include <gtest/gtest.h>

namespace sanding::ocr {
namespace {

TEST(GuessTitleTest, SkipsLetterheadAndDocNumber) {
  std::string page =
      "某市机构编制委员会文件\n"
      "某编〔1996〕31号\n"
      "关于设立某市档案局的批复\n"
      "市档案馆：\n  你馆《关于…的请示》收悉。";
  EXPECT_EQ(GuessTitle(page, "x.pdf"), "关于设立某市档案局的批复");
}

TEST(GuessTitleTest, JoinsATitleBrokenOverTwoLines) {
  std::string page = "某市人民政府办公室文件\n关于印发某市发展和改革委员会主要职责内设机构\n和人员编制规定的通知\n";
  EXPECT_EQ(GuessTitle(page, "x.pdf"), "关于印发某市发展和改革委员会主要职责内设机构和人员编制规定的通知");
}

TEST(GuessTitleTest, AcceptsOtherBracketStylesForDocNumbers) {
  EXPECT_EQ(GuessTitle("某编【2010】5号\n某市卫生局主要职责内设机构和人员编制规定", "f"),
            "某市卫生局主要职责内设机构和人员编制规定");
  EXPECT_EQ(GuessTitle("某编[2010]5号\n第一条 为了规范机构设置", "f"), "第一条 为了规范机构设置");
}

TEST(GuessTitleTest, FallsBackToTheFileName) {
  EXPECT_EQ(GuessTitle("", "scan_001.tif"), "scan_001.tif");
  EXPECT_EQ(GuessTitle("一\n二\n", "scan_002.tif"), "scan_002.tif");
}

}  // namespace
}  // namespace sanding::ocr
