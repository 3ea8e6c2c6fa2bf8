#include "ocr/internal/pdf_document.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ocr/document.h"
#include "store/text.h"
#include "tests/fixtures/minimal_pdf.h"
#include "tests/fixtures/render.h"
#include "tests/util/ocr_util.h"

namespace sanding::ocr {
namespace {

std::string NoSpace(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f') out.push_back(c);
  }
  return out;
}

using fixtures::MinimalPdf;
using fixtures::PdfHexString;

std::string Rc4(const std::string& key, const std::string& data) {
  unsigned char s[256];
  for (int i = 0; i < 256; ++i) s[i] = static_cast<unsigned char>(i);
  for (int i = 0, j = 0; i < 256; ++i) {
    j = (j + s[i] + static_cast<unsigned char>(key[i % key.size()])) & 255;
    std::swap(s[i], s[j]);
  }
  std::string out;
  for (size_t k = 0, i = 0, j = 0; k < data.size(); ++k) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    std::swap(s[i], s[j]);
    out.push_back(static_cast<char>(data[k] ^ s[(s[i] + s[j]) & 255]));
  }
  return out;
}

// A one-page PDF under the standard security handler (revision 2, RC4 40-bit). With
// `empty_user_password` the /U entry is computed for an empty user password (only an owner
// password protects it, as most "encrypted" government PDFs); otherwise /U matches no password
// we know.
std::string EncryptedPdf(bool empty_user_password) {
  static const unsigned char kPad[32] = {0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41,
                                         0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
                                         0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80,
                                         0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A};
  const std::string pad(reinterpret_cast<const char*>(kPad), 32);
  const std::string owner(32, '\x5A');
  const std::string id("0123456789abcdef");
  const int32_t p = -4;
  std::string u(32, '\x11');
  if (empty_user_password) {
    std::string input = pad + owner;
    for (int i = 0; i < 4; ++i)
      input.push_back(static_cast<char>((static_cast<uint32_t>(p) >> (8 * i)) & 0xFF));
    input += id;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(input.data(), input.size(), md, &len, EVP_md5(), nullptr);
    u = Rc4(std::string(reinterpret_cast<const char*>(md), 5), pad);
  }
  return MinimalPdf(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
       "<< /Filter /Standard /V 1 /R 2 /O " + PdfHexString(owner) + " /U " + PdfHexString(u) +
           " /P -4 >>"},
      "/Encrypt 4 0 R /ID [" + PdfHexString(id) + " " + PdfHexString(id) + "]");
}

TEST(PdfDocumentTest, TextLayerIsTrustedAndExact) {
  const std::string page1 = fixtures::SampleDocumentText(5, 300);
  const std::string page2 = fixtures::SampleDocumentText(6, 120);
  auto doc = Document::Open(Format::kPdf, Bytes(fixtures::RenderTextPdf(page1 + "\f" + page2)),
                            "text.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ((*doc)->PageCount(), 2);
  const std::string truth[] = {page1, page2};
  for (int i = 0; i < 2; ++i) {
    auto rec = (*doc)->ExtractPage(i, Engine(), OcrOptions{});
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
    EXPECT_EQ(rec->page, static_cast<uint32_t>(i + 1));
    EXPECT_EQ(rec->method, TextMethod::kTextLayer);
    EXPECT_EQ(NoSpace(rec->text), NoSpace(truth[i])) << rec->text;
    EXPECT_EQ(rec->mean_confidence, -1);
    EXPECT_TRUE(rec->words.empty());
    EXPECT_TRUE(rec->note.empty());
    // Reading order: the page starts with the first line of the source text.
    EXPECT_EQ(rec->text.rfind(truth[i].substr(0, truth[i].find('\n')).substr(0, 30), 0), 0u)
        << rec->text;
  }
}

TEST(PdfDocumentTest, RawOrderKeepsChineseLinesTogether) {
  // Two short paragraphs: the extracted lines must be the source lines, with no padding spaces
  // between characters.
  auto doc = Document::Open(
      Format::kPdf,
      Bytes(fixtures::RenderTextPdf("一、主要职责\n（一）负责全市价格监督检查工作。")), "t.pdf");
  ASSERT_TRUE(doc.ok());
  auto rec = (*doc)->ExtractPage(0, Engine(), OcrOptions{});
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->text, "一、主要职责\n（一）负责全市价格监督检查工作。");
}

TEST(PdfDocumentTest, RawOrderKeepsASealOutOfTheBodyText) {
  // The seal's text is drawn over the last body lines: the physical layout would splice it into
  // them; the content-stream order keeps the body lines together.
  fixtures::RenderOptions opt;
  opt.red_letterhead = true;
  const std::string body = "二、内设机构\n根据上述职责，市物价局设四个内设机构。\n三、人员编制";
  auto doc = Document::Open(Format::kPdf, Bytes(fixtures::RenderTextPdf(body, opt)), "seal.pdf");
  ASSERT_TRUE(doc.ok());
  auto rec = (*doc)->ExtractPage(0, Engine(), OcrOptions{});
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->method, TextMethod::kTextLayer);
  EXPECT_NE(rec->text.find(body), std::string::npos) << rec->text;
  EXPECT_EQ(rec->text.rfind("某某市机构编制委员会文件\n", 0), 0u) << rec->text;
}

TEST(PdfDocumentTest, ScannedPageIsRenderedAndOcrd) {
  const std::string text = fixtures::SampleDocumentText(21, 150);
  auto doc = Document::Open(Format::kPdf, Bytes(fixtures::RenderScannedPdf(text)), "scan.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto rec = (*doc)->ExtractPage(0, Engine(), OcrOptions{});
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->method, TextMethod::kOcr);
  EXPECT_EQ(rec->note, "文本层为空");
  EXPECT_EQ(rec->engine, Engine().Describe());
  EXPECT_EQ(rec->width_px, 2480);
  EXPECT_EQ(rec->height_px, 3508);
  EXPECT_FALSE(rec->words.empty());
  const double cer = fixtures::CharacterErrorRate(text, rec->text);
  std::printf("[ scanned pdf ] CER=%.4f conf=%.1f\n", cer, rec->mean_confidence);
  EXPECT_LE(cer, 0.03) << rec->text;
}

TEST(PdfDocumentTest, GarbageTextLayerIsRejectedAndOcrd) {
  const std::string text = fixtures::SampleDocumentText(33, 150);
  const std::string pdf = fixtures::RenderGarbageTextLayerPdf(text);
  {
    // What Poppler itself extracts: private-use noise, no Chinese.
    std::unique_ptr<poppler::document> raw(
        poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    ASSERT_NE(raw, nullptr);
    std::unique_ptr<poppler::page> page(raw->create_page(0));
    const poppler::byte_array a = page->text().to_utf8();
    const text::CharStats s = text::Census(std::string(a.begin(), a.end()));
    EXPECT_GT(s.private_use, 50u);
    EXPECT_EQ(s.cjk, 0u);
  }
  auto doc = Document::Open(Format::kPdf, Bytes(pdf), "garbage.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto rec = (*doc)->ExtractPage(0, Engine(), OcrOptions{});
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->method, TextMethod::kOcr);
  EXPECT_NE(rec->note.find("私用区"), std::string::npos) << rec->note;
  const double cer = fixtures::CharacterErrorRate(text, rec->text);
  std::printf("[ garbage text layer pdf ] CER=%.4f\n", cer);
  EXPECT_LE(cer, 0.03) << rec->text;
}

TEST(PdfDocumentTest, RenderPageAtRequestedResolution) {
  auto doc = Document::Open(Format::kPdf, Bytes(fixtures::RenderTextPdf("机构编制")), "r.pdf");
  ASSERT_TRUE(doc.ok());
  auto img = (*doc)->RenderPage(0, 72);
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_NEAR(img->width(), 595, 1);
  EXPECT_NEAR(img->height(), 842, 1);
  EXPECT_EQ(img->dpi(), 72);
  EXPECT_FALSE((*doc)->RenderPage(1, 72).ok());
  EXPECT_FALSE((*doc)->RenderPage(0, 100000).ok());
  auto missing = (*doc)->ExtractPage(5, Engine(), OcrOptions{});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("r.pdf"), std::string::npos);
}

TEST(PdfDocumentTest, CorruptTruncatedAndZeroPageFiles) {
  auto corrupt = Document::Open(Format::kPdf,
                                Bytes("%PDF-1.4\nthis is no pdf body at all\n%%EOF\n"), "bad.pdf");
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.status().reason(), "corrupt");
  EXPECT_NE(corrupt.status().message().find("bad.pdf"), std::string::npos);

  const std::string full = fixtures::RenderTextPdf(fixtures::SampleDocumentText(2, 200));
  auto cut = Document::Open(Format::kPdf, Bytes(full.substr(0, full.size() / 3)), "cut.pdf");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().reason(), "truncated");
  EXPECT_NE(cut.status().message().find("cut.pdf"), std::string::npos);
  EXPECT_NE(cut.status().message().find("截断"), std::string::npos);

  auto zero = Document::Open(
      Format::kPdf,
      Bytes(MinimalPdf(
          {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}, "")),
      "zero.pdf");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().reason(), "corrupt");
  EXPECT_NE(zero.status().message().find("没有任何页面"), std::string::npos);
}

TEST(PdfDocumentTest, EncryptedWithUserPasswordIsRefused) {
  auto doc = Document::Open(Format::kPdf, Bytes(EncryptedPdf(false)), "secret.pdf");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().reason(), "encrypted");
  EXPECT_EQ(doc.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(doc.status().message().find("secret.pdf"), std::string::npos);
  EXPECT_NE(doc.status().message().find("加密"), std::string::npos);
}

TEST(PdfDocumentTest, EncryptedWithOnlyAnOwnerPasswordOpens) {
  auto doc = Document::Open(Format::kPdf, Bytes(EncryptedPdf(true)), "owner.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ((*doc)->PageCount(), 1);
}

}  // namespace
}  // namespace sanding::ocr
