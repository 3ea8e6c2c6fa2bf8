#include "tests/util/ocr_util.h"
#include "ocr/document.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/fixtures/render.h"

namespace sanding::ocr {
namespace {

TEST(JudgeTextLayerTest, TrustsOrdinaryChineseText) {
  EXPECT_TRUE(JudgeTextLayer("（三）负责全市价格监督检查工作，拟订价格政策。").trusted);
  EXPECT_TRUE(JudgeTextLayer("潍编〔1996〕31号\n机关行政编制12名。").trusted);
  EXPECT_TRUE(JudgeTextLayer("Article 5 of the Law applies.").trusted);
  const auto v = JudgeTextLayer(fixtures::SampleDocumentText(3, 300));
  EXPECT_TRUE(v.trusted) << v.reason;
  EXPECT_TRUE(v.reason.empty());
}

TEST(JudgeTextLayerTest, RejectsEmptyAndTooShort) {
  auto empty = JudgeTextLayer("");
  EXPECT_FALSE(empty.trusted);
  EXPECT_EQ(empty.reason, "文本层为空");
  EXPECT_EQ(JudgeTextLayer(" \n\t \f").reason, "文本层为空");
  auto short_text = JudgeTextLayer("第 1 页");
  EXPECT_FALSE(short_text.trusted);
  EXPECT_NE(short_text.reason.find("过少"), std::string::npos) << short_text.reason;
}

TEST(JudgeTextLayerTest, RejectsReplacementPrivateUseAndControlCharacters) {
  auto fffd = JudgeTextLayer("负责全市\uFFFD\uFFFD价格监督检查工作");
  EXPECT_FALSE(fffd.trusted);
  EXPECT_NE(fffd.reason.find("替换字符 2 个"), std::string::npos) << fffd.reason;
  auto pua = JudgeTextLayer("\uE001\uE002\uE003\uE004\uE005\uE006");
  EXPECT_FALSE(pua.trusted);
  EXPECT_NE(pua.reason.find("私用区"), std::string::npos) << pua.reason;
  auto ctl = JudgeTextLayer(std::string("负责全市价格\x01监督检查"));
  EXPECT_FALSE(ctl.trusted);
  EXPECT_NE(ctl.reason.find("控制字符"), std::string::npos) << ctl.reason;
  EXPECT_FALSE(JudgeTextLayer("负责全市\xFF\xFE价格监督").trusted);  // not UTF-8
}

TEST(JudgeTextLayerTest, RejectsMostlyForeignSymbols) {
  // Latin-1 and Cyrillic noise typical of a font without a Unicode map.
  auto v = JudgeTextLayer("ÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêë机构编制委员会");
  EXPECT_FALSE(v.trusted);
  EXPECT_NE(v.reason.find("比例过低"), std::string::npos) << v.reason;
  // A few stray symbols in a long text are fine (share stays above 90%).
  EXPECT_TRUE(JudgeTextLayer("负责全市价格监督检查工作拟订价格政策和规划§").trusted);
}

TEST(DocumentOpenTest, RejectsEmptyBytesAndUnsupportedFormats) {
  auto empty = Document::Open(Format::kPdf, Bytes(""), "a/empty.pdf");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().reason(), "empty");
  EXPECT_NE(empty.status().message().find("a/empty.pdf"), std::string::npos);
  auto null = Document::Open(Format::kPdf, nullptr, "n.pdf");
  EXPECT_EQ(null.status().reason(), "empty");
  auto unknown = Document::Open(Format::kUnknown, Bytes("xyz"), "x.bin");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().reason(), "unsupported");
  EXPECT_NE(unknown.status().message().find("x.bin"), std::string::npos);
  auto archive = Document::Open(Format::kArchive, Bytes("PK\x03\x04"), "y.zip");
  EXPECT_EQ(archive.status().reason(), "unsupported");
}

TEST(DocumentOpenTest, DispatchesEachFormat) {
  fixtures::RenderOptions opt;
  opt.dpi = 50;
  struct Case {
    Format fmt;
    std::string bytes;
    int pages;
  } cases[] = {
      {Format::kPdf, fixtures::RenderTextPdf("第一页内容\f第二页内容", opt), 2},
      {Format::kTiff, fixtures::RenderTiff("一\f二\f三", opt), 3},
      {Format::kPng, fixtures::RenderPng("机构", opt), 1},
      {Format::kJpeg, fixtures::RenderJpeg("机构", opt), 1},
      {Format::kText, "甲\f乙", 2},
  };
  for (const Case& c : cases) {
    auto doc = Document::Open(c.fmt, Bytes(c.bytes), "f");
    ASSERT_TRUE(doc.ok()) << FormatName(c.fmt) << ": " << doc.status().ToString();
    EXPECT_EQ((*doc)->PageCount(), c.pages) << FormatName(c.fmt);
  }
  // A PNG handed over as a PDF is a corrupt PDF, not a crash.
  auto wrong = Document::Open(Format::kPdf, Bytes(fixtures::RenderPng("机构", opt)), "p.pdf");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("p.pdf"), std::string::npos);
}

}  // namespace
}  // namespace sanding::ocr
