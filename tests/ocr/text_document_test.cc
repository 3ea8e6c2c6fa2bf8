#include "tests/util/ocr_util.h"
#include "ocr/internal/text_document.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <memory>
#include <string>

#include "ocr/document.h"

namespace sanding::ocr {
namespace {

std::string Encode(const std::string& utf8, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  EXPECT_TRUE(U_SUCCESS(err)) << u_errorName(err);
  out.resize(static_cast<size_t>(n));
  return out;
}

// Plain text never needs OCR: any call is a test failure.
class NoEngine : public OcrEngine {
 public:
  Result<OcrOutput> Recognize(const Image&) override {
    ADD_FAILURE() << "OCR called for plain text";
    return Status::Internal("unexpected");
  }
  std::string Describe() const override { return "none"; }
};

const std::string kText =
    "潍坊市物价局主要职责内设机构和人员编制规定\n（一）负责全市价格监督检查工作。";

std::string FirstPage(const std::string& bytes) {
  auto doc = Document::Open(Format::kText, Bytes(bytes), "t.txt");
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  if (!doc.ok()) return "";
  NoEngine engine;
  auto rec = (*doc)->ExtractPage(0, engine, OcrOptions{});
  EXPECT_TRUE(rec.ok());
  EXPECT_EQ(rec->method, TextMethod::kPlainText);
  EXPECT_EQ(rec->page, 1u);
  return rec->text;
}

TEST(TextDocumentTest, Utf8WithAndWithoutBom) {
  EXPECT_EQ(FirstPage(kText), kText);
  EXPECT_EQ(FirstPage("\xEF\xBB\xBF" + kText), kText);
}

TEST(TextDocumentTest, GbkAndGb18030) {
  const std::string gbk = Encode(kText, "GBK");
  ASSERT_NE(gbk, kText);
  EXPECT_EQ(FirstPage(gbk), kText);
  const std::string rare = "𠀀字与〇";  // outside GBK: four-byte GB18030 sequences
  EXPECT_EQ(FirstPage(Encode(rare, "GB18030")), rare);
}

TEST(TextDocumentTest, Utf16WithBom) {
  EXPECT_EQ(FirstPage("\xFF\xFE" + Encode(kText, "UTF-16LE")), kText);
  EXPECT_EQ(FirstPage("\xFE\xFF" + Encode(kText, "UTF-16BE")), kText);
}

TEST(TextDocumentTest, CrLfAndFormFeedPages) {
  auto doc =
      Document::Open(Format::kText, Bytes("第一页\r\n内容  \r\n\f\r\n第二页\r旧式换行\f"), "p.txt");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ((*doc)->PageCount(), 2);
  NoEngine engine;
  EXPECT_EQ((*doc)->ExtractPage(0, engine, OcrOptions{})->text, "第一页\n内容");
  EXPECT_EQ((*doc)->ExtractPage(1, engine, OcrOptions{})->text, "第二页\n旧式换行");
  EXPECT_FALSE((*doc)->ExtractPage(2, engine, OcrOptions{}).ok());
  auto img = (*doc)->RenderPage(0, 100);
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.status().reason(), "unsupported");
}

TEST(TextDocumentTest, UndecodableAndBlankFilesAreRefused) {
  auto bad = Document::Open(Format::kText, Bytes("\xFF\xFF\x80\x80\xFF"), "bad.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "corrupt");
  EXPECT_NE(bad.status().message().find("bad.txt"), std::string::npos);
  EXPECT_NE(bad.status().message().find("GB18030"), std::string::npos);
  auto odd = Document::Open(Format::kText, Bytes("\xFF\xFE\x41"), "odd.txt");
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().reason(), "corrupt");
  auto bom_bad = Document::Open(Format::kText, Bytes("\xEF\xBB\xBF\xC3\x28"), "b.txt");
  EXPECT_EQ(bom_bad.status().reason(), "corrupt");
  auto lone = Document::Open(Format::kText, Bytes(std::string("\xFF\xFE\x00\xD8", 4)),
                             "s.txt");  // lone surrogate
  EXPECT_EQ(lone.status().reason(), "corrupt");
  auto nul = Document::Open(Format::kText, Bytes(std::string("a\0b\0c\0", 6)), "n.txt");
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.status().reason(), "corrupt");
  EXPECT_NE(nul.status().message().find("NUL"), std::string::npos);
  auto blank = Document::Open(Format::kText, Bytes(" \r\n\t\f\n "), "blank.txt");
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.status().reason(), "empty");
}

TEST(TextDocumentTest, DecodeTextDirectly) {
  auto t = internal::DecodeText("a\r\nb\rc");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, "a\nb\nc");
  EXPECT_FALSE(internal::DecodeText("\x81").ok());  // a lead byte with nothing after it
}

}  // namespace
}  // namespace sanding::ocr
