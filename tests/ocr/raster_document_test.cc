#include "tests/util/ocr_util.h"
#include "ocr/internal/raster_document.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "ocr/document.h"
#include "tests/fixtures/render.h"

namespace sanding::ocr {
namespace {

// A PNG signature, an IHDR claiming w×h pixels and an IEND: no image data at all.
std::string PngHeaderOnly(uint32_t w, uint32_t h) {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  auto u32be = [&](uint32_t v) {
    for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  u32be(13);
  s += "IHDR";
  u32be(w);
  u32be(h);
  s += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit gray
  u32be(0);                                     // CRC (never checked before the size)
  u32be(0);                                     // an empty IEND chunk
  s += "IEND";
  u32be(0);
  return s;
}

// Little-endian TIFF header claiming w×h, with a 16-byte strip.
std::string TiffHeaderOnly(uint32_t w, uint32_t h) {
  std::string t("II*\0\x08\0\0\0", 8);
  auto u16 = [&](uint16_t v) {
    t.push_back(char(v & 0xFF));
    t.push_back(char(v >> 8));
  };
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) t.push_back(char((v >> (8 * i)) & 0xFF));
  };
  u16(8);
  auto tag = [&](uint16_t id, uint16_t type, uint32_t value) {
    u16(id);
    u16(type);
    u32(1);
    u32(value);
  };
  tag(256, 4, w);
  tag(257, 4, h);
  tag(258, 3, 1);
  tag(259, 3, 1);
  tag(262, 3, 0);
  tag(273, 4, 8 + 2 + 8 * 12 + 4);
  tag(278, 4, h);
  tag(279, 4, 16);
  u32(0);
  t.append(16, '\0');
  return t;
}

TEST(RasterDocumentTest, MultiPageTiffEveryPageOcrd) {
  const std::string p1 = "一、主要职责\n（一）负责全市价格监督检查工作。";
  const std::string p2 = "二、内设机构\n根据上述职责，市物价局设四个内设机构。";
  auto doc = Document::Open(Format::kTiff, Bytes(fixtures::RenderTiff(p1 + "\f" + p2)), "scan.tif");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ((*doc)->PageCount(), 2);
  const std::string truth[] = {p1, p2};
  for (int i = 0; i < 2; ++i) {
    auto rec = (*doc)->ExtractPage(i, Engine(), OcrOptions{});
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
    EXPECT_EQ(rec->page, static_cast<uint32_t>(i + 1));
    EXPECT_EQ(rec->method, TextMethod::kOcr);
    EXPECT_EQ(rec->width_px, 2480);
    EXPECT_FALSE(rec->engine.empty());
    EXPECT_GT(rec->mean_confidence, 50);
    const double cer = fixtures::CharacterErrorRate(truth[i], rec->text);
    std::printf("[ tiff page %d ] CER=%.4f\n", i + 1, cer);
    EXPECT_LE(cer, 0.05) << rec->text;
  }
  auto img = (*doc)->RenderPage(1, 0);
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->width(), 2480);
  EXPECT_FALSE((*doc)->RenderPage(2, 0).ok());
}

TEST(RasterDocumentTest, PngAndJpegAreOnePage) {
  fixtures::RenderOptions opt;
  opt.dpi = 150;
  for (Format f : {Format::kPng, Format::kJpeg}) {
    const std::string bytes =
        f == Format::kPng ? fixtures::RenderPng("机构", opt) : fixtures::RenderJpeg("机构", opt);
    auto doc = Document::Open(f, Bytes(bytes), "p");
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ((*doc)->PageCount(), 1);
    auto img = (*doc)->RenderPage(0, 300);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->width(), 1240);  // the scan as stored, whatever dpi is asked for
  }
}

TEST(RasterDocumentTest, AbsurdHeaderDimensionsAreOversizeBeforeDecoding) {
  auto tiff = Document::Open(Format::kTiff, Bytes(TiffHeaderOnly(90000, 120000)), "huge.tif");
  ASSERT_FALSE(tiff.ok());
  EXPECT_EQ(tiff.status().reason(), "oversize");
  EXPECT_EQ(tiff.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(tiff.status().message().find("huge.tif"), std::string::npos);
  EXPECT_NE(tiff.status().message().find("过大"), std::string::npos);
  auto png = Document::Open(Format::kPng, Bytes(PngHeaderOnly(30000, 30000)), "huge.png");
  ASSERT_FALSE(png.ok());
  EXPECT_EQ(png.status().reason(), "oversize");
}

TEST(RasterDocumentTest, CorruptImagesAreReported) {
  fixtures::RenderOptions opt;
  opt.dpi = 100;
  const std::string png = fixtures::RenderPng("机构编制", opt);
  auto cut = Document::Open(Format::kPng, Bytes(png.substr(0, png.size() / 2)), "cut.png");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().reason(), "corrupt");
  EXPECT_NE(cut.status().message().find("cut.png"), std::string::npos);
  auto junk = Document::Open(Format::kJpeg, Bytes("\xFF\xD8\xFF garbage garbage"), "j.jpg");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.status().reason(), "corrupt");
  auto tiff =
      Document::Open(Format::kTiff, Bytes(std::string("II*\0\xFF\xFF\xFF\x7F", 8)), "t.tif");
  ASSERT_FALSE(tiff.ok());
  EXPECT_EQ(tiff.status().reason(), "corrupt");
}

}  // namespace
}  // namespace sanding::ocr
