#include "tests/util/paths.h"
#include "ocr/ocr_engine.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ocr/internal/image_impl.h"
#include "tests/fixtures/render.h"

namespace sanding::ocr {
namespace {

const std::string kRealData = sanding::testing::RealData("ocr_cnocr_examples/");

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One engine for the whole file (creating one costs ~0.3 s).
OcrEngine& Engine(bool drop_red = true) {
  static std::unique_ptr<OcrEngine> with_red_drop, without_red_drop;
  std::unique_ptr<OcrEngine>& slot = drop_red ? with_red_drop : without_red_drop;
  if (slot == nullptr) {
    OcrOptions opt;
    opt.drop_red = drop_red;
    auto e = OcrEngine::NewTesseract(opt);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    slot = std::move(*e);
  }
  return *slot;
}

// Little-endian TIFF header claiming `w`×`h` pixels with one tiny strip: the header is
// readable, the pixels are not there.
std::string TiffHeaderOnly(uint32_t w, uint32_t h) {
  std::string t("II*\0\x08\0\0\0", 8);
  auto u16 = [&](uint16_t v) {
    t.push_back(char(v & 0xFF));
    t.push_back(char(v >> 8));
  };
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) t.push_back(char((v >> (8 * i)) & 0xFF));
  };
  const uint16_t entries = 9;
  u16(entries);
  auto tag = [&](uint16_t id, uint16_t type, uint32_t count, uint32_t value) {
    u16(id);
    u16(type);
    u32(count);
    u32(value);
  };
  const uint32_t data_off = 8 + 2 + entries * 12 + 4;
  tag(256, 4, 1, w);         // ImageWidth
  tag(257, 4, 1, h);         // ImageLength
  tag(258, 3, 1, 1);         // BitsPerSample
  tag(259, 3, 1, 1);         // Compression: none
  tag(262, 3, 1, 0);         // Photometric: white is zero
  tag(273, 4, 1, data_off);  // StripOffsets
  tag(277, 3, 1, 1);         // SamplesPerPixel
  tag(278, 4, 1, h);         // RowsPerStrip
  tag(279, 4, 1, 16);        // StripByteCounts
  u32(0);                    // no next IFD
  t.append(16, '\0');
  return t;
}

TEST(ImageTest, DecodesPngWithSizeAndResolution) {
  fixtures::RenderOptions opt;
  opt.dpi = 100;
  const std::string png = fixtures::RenderPng("机构编制", opt);
  auto img = Image::Decode(png);
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img->width(), 827);  // A4 at 100 dpi
  EXPECT_EQ(img->height(), 1169);
  EXPECT_EQ(img->dpi(), 100);
  auto again = img->EncodePng();
  ASSERT_TRUE(again.ok());
  auto round = Image::Decode(*again);
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->width(), 827);
}

TEST(ImageTest, DecodesJpegAndEachTiffPage) {
  fixtures::RenderOptions opt;
  opt.dpi = 72;
  auto jpeg = Image::Decode(fixtures::RenderJpeg("机构", opt));
  ASSERT_TRUE(jpeg.ok()) << jpeg.status().ToString();
  EXPECT_EQ(jpeg->width(), 595);
  const std::string tiff = fixtures::RenderTiff("第一页\f第二页\f第三页", opt);
  auto pages = Image::TiffPageCount(tiff);
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(*pages, 3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Image::Decode(tiff, i).ok()) << i;
  EXPECT_FALSE(Image::Decode(tiff, 3).ok());
  EXPECT_FALSE(Image::Decode(fixtures::RenderPng("x", opt), 1).ok());  // only TIFFs have pages
}

TEST(ImageTest, TiffPageCountOfManyPages) {
  fixtures::RenderOptions opt;
  opt.dpi = 20;
  std::string text = "页";
  for (int i = 1; i < 11; ++i) text += "\f页";
  auto pages = Image::TiffPageCount(fixtures::RenderTiff(text, opt));
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(*pages, 11);
}

TEST(ImageTest, RejectsGarbageAndAbsurdDimensions) {
  auto bad = Image::Decode("this is not an image at all");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "corrupt");
  auto huge = Image::Decode(TiffHeaderOnly(100000, 100000));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().reason(), "oversize");
  EXPECT_NE(huge.status().message().find("100000"), std::string::npos);
  auto area = Image::Decode(TiffHeaderOnly(19000, 19000));  // each side fine, 361 MP fine
  EXPECT_NE(area.status().reason(), "oversize");
  auto too_many = Image::Decode(TiffHeaderOnly(20000, 20001));
  EXPECT_EQ(too_many.status().reason(), "oversize");
  EXPECT_FALSE(Image::TiffPageCount(std::string("II*\0garbage", 11)).ok());
}

TEST(ImageTest, FromPixelsReadsArgb32AndGrayWithPadding) {
  // 3×2 argb32, native-endian words, stride padded to 16 bytes and offset by one byte so the
  // rows are not 4-byte aligned.
  const int w = 3, h = 2, stride = 16;
  std::vector<unsigned char> buf(1 + stride * h, 0);
  unsigned char* base = buf.data() + 1;
  auto put = [&](int x, int y, uint32_t argb) { std::memcpy(base + y * stride + x * 4, &argb, 4); };
  put(0, 0, 0xFFFF0000);  // red
  put(1, 0, 0xFF00FF00);  // green
  put(2, 0, 0xFF0000FF);  // blue
  put(0, 1, 0xFF000000);  // black
  put(1, 1, 0xFFFFFFFF);  // white
  put(2, 1, 0x00000000);  // transparent: white
  auto img = Image::FromPixels(base, w, h, stride, true);
  ASSERT_TRUE(img.ok());
  auto png = img->EncodePng();
  ASSERT_TRUE(png.ok());
  auto back = Image::Decode(*png);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->width(), 3);
  EXPECT_EQ(back->height(), 2);
  std::vector<unsigned char> gray = {0, 128, 255, 7, 8, 9, 10, 11};
  auto g = Image::FromPixels(gray.data(), 3, 2, 4, false);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->width(), 3);
  EXPECT_FALSE(Image::FromPixels(gray.data(), 3, 2, 2, false).ok());  // stride < width
  EXPECT_FALSE(Image::FromPixels(nullptr, 3, 2, 4, false).ok());
}

TEST(OcrEngineTest, DescribeNamesTheSettings) {
  OcrOptions opt;
  opt.psm = 6;
  opt.dpi = 200;
  opt.drop_red = false;
  auto e = OcrEngine::NewTesseract(opt);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  const std::string d = (*e)->Describe();
  EXPECT_EQ(d.rfind("tesseract 5.", 0), 0u) << d;
  EXPECT_NE(d.find("lang=chi_sim oem=1 psm=6 dpi=200 red_drop=off"), std::string::npos) << d;
}

TEST(OcrEngineTest, RejectsMissingLanguageAndBadPsm) {
  OcrOptions opt;
  opt.language = "xx_nonexistent";
  EXPECT_FALSE(OcrEngine::NewTesseract(opt).ok());
  OcrOptions bad;
  bad.psm = 42;
  EXPECT_FALSE(OcrEngine::NewTesseract(bad).ok());
}

// Real images nobody here made (CnOCR examples): the clean multi-line ones must read well.
TEST(OcrEngineTest, ReadsRealMultiLineImages) {
  const auto truth = nlohmann::json::parse(ReadFile(kRealData + "ground_truth.json"));
  for (const char* name : {"multi-line_cn1.png", "multi-line_cn2.png"}) {
    std::string expected;
    for (const auto& line : truth.at(name)) expected += line.get<std::string>() + "\n";
    // The truth has ASCII commas where the images print full-width ones.
    std::string fixed;
    for (char c : expected) fixed += (c == ',') ? std::string("，") : std::string(1, c);
    auto img = Image::Decode(ReadFile(kRealData + name));
    ASSERT_TRUE(img.ok()) << name;
    auto out = Engine().Recognize(*img);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const double cer = fixtures::CharacterErrorRate(fixed, out->text);
    std::printf("[ cnocr ] %s CER=%.4f\n%s\n", name, cer, out->text.c_str());
    EXPECT_LT(cer, 0.10) << name << "\n" << out->text;
    EXPECT_FALSE(out->words.empty());
    EXPECT_GT(out->mean_confidence, 50);
    EXPECT_EQ(out->width_px, img->width());
    // No spaces between Chinese characters survive.
    EXPECT_EQ(out->text.find("的 "), std::string::npos);
  }
}

TEST(OcrEngineTest, RenderedPageAt300DpiHasLowErrorRate) {
  const std::string text = fixtures::SampleDocumentText(7, 260);
  fixtures::RenderOptions opt;
  auto img = Image::Decode(fixtures::RenderPng(text, opt));
  ASSERT_TRUE(img.ok());
  auto out = Engine().Recognize(*img);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const double cer = fixtures::CharacterErrorRate(text, out->text);
  std::printf("[ rendered 300 dpi ] CER=%.4f words=%zu conf=%.1f\n", cer, out->words.size(),
              out->mean_confidence);
  EXPECT_LE(cer, 0.02) << out->text;
  ASSERT_FALSE(out->words.empty());
  for (const WordBox& w : out->words) {
    EXPECT_GE(w.x, 0);
    EXPECT_GT(w.w, 0);
    EXPECT_LE(w.x + w.w, img->width());
    EXPECT_LE(w.y + w.h, img->height());
  }
  // The first word sits in the top margin area of an A4 page at 300 dpi (2.5 cm ≈ 295 px).
  EXPECT_GT(out->words.front().y, 250);
  EXPECT_GT(out->mean_confidence, 80);
}

TEST(OcrEngineTest, DroppingRedInkHelpsOnALetterheadWithSeal) {
  const std::string text = fixtures::SampleDocumentText(11, 200);
  fixtures::RenderOptions opt;
  opt.red_letterhead = true;
  auto img = Image::Decode(fixtures::RenderPng(text, opt));
  ASSERT_TRUE(img.ok());
  auto with_drop = Engine(true).Recognize(*img);
  auto without_drop = Engine(false).Recognize(*img);
  ASSERT_TRUE(with_drop.ok());
  ASSERT_TRUE(without_drop.ok());
  const double cer_drop = fixtures::CharacterErrorRate(text, with_drop->text);
  const double cer_keep = fixtures::CharacterErrorRate(text, without_drop->text);
  std::printf("[ red letterhead ] CER with red drop=%.4f without=%.4f\n", cer_drop, cer_keep);
  EXPECT_LE(cer_drop, cer_keep);
  EXPECT_LE(cer_drop, 0.05) << with_drop->text;
  // The red title is gone from the dropped version.
  EXPECT_EQ(with_drop->text.find("文件"), std::string::npos) << with_drop->text;
}

TEST(OcrEngineTest, SkewedNoisyScanStillReads) {
  const std::string text = fixtures::SampleDocumentText(42, 150);
  fixtures::RenderOptions opt;
  opt.skew_degrees = 1.0;
  opt.noise = 0.3;
  opt.seed = 9;
  auto img = Image::Decode(fixtures::RenderJpeg(text, opt));
  ASSERT_TRUE(img.ok());
  auto out = Engine().Recognize(*img);
  ASSERT_TRUE(out.ok());
  const double cer = fixtures::CharacterErrorRate(text, out->text);
  std::printf("[ skew 1 deg + noise 0.3, JPEG ] CER=%.4f\n", cer);
  EXPECT_LE(cer, 0.10) << out->text;
}

TEST(RenderFixtureTest, DeterministicForASeedAndNoiseDependsOnIt) {
  fixtures::RenderOptions opt;
  opt.dpi = 60;
  opt.noise = 0.5;
  EXPECT_EQ(fixtures::RenderPng("机构编制", opt), fixtures::RenderPng("机构编制", opt));
  fixtures::RenderOptions other = opt;
  other.seed = 2;
  EXPECT_NE(fixtures::RenderPng("机构编制", opt), fixtures::RenderPng("机构编制", other));
  EXPECT_EQ(fixtures::SampleDocumentText(4), fixtures::SampleDocumentText(4));
  EXPECT_NE(fixtures::SampleDocumentText(4), fixtures::SampleDocumentText(5));
  EXPECT_EQ(fixtures::RenderTextPdf("机构"), fixtures::RenderTextPdf("机构"));
}

TEST(RenderFixtureTest, SampleTextLooksLikeASanDingDocument) {
  const std::string t = fixtures::SampleDocumentText(12, 400);
  EXPECT_NE(t.find("职能配置、内设机构和人员编制规定"), std::string::npos) << t;
  EXPECT_NE(t.find("编〔"), std::string::npos) << t;
  EXPECT_NE(t.find("（一）"), std::string::npos) << t;
  const double len = fixtures::CharacterErrorRate(t, "");  // 1.0: every character deleted
  EXPECT_EQ(len, 1.0);
}

TEST(RenderFixtureTest, CharacterErrorRate) {
  EXPECT_DOUBLE_EQ(fixtures::CharacterErrorRate("机构编制", "机构编制"), 0.0);
  EXPECT_DOUBLE_EQ(fixtures::CharacterErrorRate("机构 编制\n", "机构编\n制"), 0.0);
  EXPECT_DOUBLE_EQ(fixtures::CharacterErrorRate("机构编制", "机构偏制"), 0.25);
  EXPECT_DOUBLE_EQ(fixtures::CharacterErrorRate("机构编制", "机构编制规定"), 0.5);
  EXPECT_DOUBLE_EQ(fixtures::CharacterErrorRate("abc", "ab"), 1.0 / 3);
  EXPECT_DOUBLE_EQ(fixtures::CharacterErrorRate("", ""), 0.0);
  EXPECT_DOUBLE_EQ(fixtures::CharacterErrorRate("", "x"), 1.0);
}

TEST(RenderFixtureTest, RedLetterheadIsRedAndTextIsBlack) {
  fixtures::RenderOptions opt;
  opt.dpi = 72;
  opt.red_letterhead = true;
  auto img = Image::Decode(fixtures::RenderPng("负责全市价格监督检查工作", opt));
  ASSERT_TRUE(img.ok());
  PIX* pix = img->impl()->pix;
  ASSERT_EQ(pixGetDepth(pix), 32);
  int red = 0, black = 0;
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      l_int32 r = 0, g = 0, b = 0;
      pixGetRGBPixel(pix, x, y, &r, &g, &b);
      if (r > 150 && g < 100 && b < 100) ++red;
      if (r < 60 && g < 60 && b < 60) ++black;
    }
  }
  EXPECT_GT(red, 500);    // title, rule and seal
  EXPECT_GT(black, 100);  // body text
  auto plain =
      Image::Decode(fixtures::RenderPng("负责全市价格监督检查工作", fixtures::RenderOptions{}));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(pixGetDepth(plain->impl()->pix), 8);  // no red: rendered as gray
}

}  // namespace
}  // namespace sanding::ocr
