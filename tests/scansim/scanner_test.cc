// Unit tests of the scan renderer: determinism, every style and format decodes with sanding's own
// readers, red ink is present in colour and gone from the red channel, input validation.
#include "tools/scansim/scanner.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "ocr/document.h"
#include "ocr/format.h"
#include "ocr/ocr_engine.h"
#include "tests/fixtures/render.h"

namespace sanding::scansim {
namespace {

namespace fx = sanding::fixtures;

constexpr double kMarginPt = 2.5 / 2.54 * 72.0;

std::string SampleText() {
  return "江编〔1996〕31号\n关于调整市物价局内设机构的批复\n市物价局：\n"
         "你局报来的请示收悉。经研究，同意设立价格监督检查科，负责全市价格监督检查工作。\n"
         "江城市机构编制委员会\n一九九六年五月十二日";
}

ScanOptions Clean(Style style, int dpi) {
  ScanOptions o;
  o.style = style;
  o.dpi = dpi;
  o.seed = 7;
  return o;
}

std::vector<Raster> MustRender(const std::string& text, const ScanOptions& o) {
  Result<std::vector<Raster>> r = RenderPages(text, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r.value()) : std::vector<Raster>{};
}

const uint8_t* Px(const Raster& r, int x, int y) {
  return &r.rgb[(static_cast<size_t>(y) * r.width + x) * 3];
}

bool IsRed(const uint8_t* p) { return p[0] > 170 && p[1] < 110 && p[2] < 110; }

// Counts pixels in rows [y0, y1) matching `pred`.
template <typename Pred>
long CountRows(const Raster& r, int y0, int y1, Pred pred) {
  long n = 0;
  for (int y = std::max(0, y0); y < std::min(r.height, y1); ++y) {
    for (int x = 0; x < r.width; ++x) n += pred(Px(r, x, y)) ? 1 : 0;
  }
  return n;
}

TEST(ScannerTest, SameSeedSamePixelsAndBytesOtherSeedDiffers) {
  ScanOptions o = TypicalOptions(Style::kTypewriter, 42, 100);
  o.letterhead = "江城市机构编制委员会文件";
  o.seal_text = "江城市机构编制委员会";
  o.seal_anchor = "一九九六年五月十二日";
  std::vector<Raster> a = MustRender(SampleText(), o);
  std::vector<Raster> b = MustRender(SampleText(), o);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].rgb, b[0].rgb);
  Result<std::string> ta = EncodeTiff(a), tb = EncodeTiff(b);
  ASSERT_TRUE(ta.ok() && tb.ok());
  EXPECT_EQ(*ta, *tb);
  Result<std::string> pa = EncodeScannedPdf(a), pb = EncodeScannedPdf(b);
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_EQ(*pa, *pb);

  ScanOptions other = o;
  other.seed = 43;
  std::vector<Raster> c = MustRender(SampleText(), other);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NE(a[0].rgb, c[0].rgb);
  // The typical degradation is drawn from the seed too.
  EXPECT_EQ(TypicalOptions(Style::kMimeograph, 5, 200).skew_degrees,
            TypicalOptions(Style::kMimeograph, 5, 200).skew_degrees);
}

TEST(ScannerTest, PagesFollowFormFeedsAndOverflow) {
  std::vector<Raster> two =
      MustRender(SampleText() + "\f" + SampleText(), Clean(Style::kLaser, 72));
  EXPECT_EQ(two.size(), 2u);
  std::string long_text;
  for (int i = 0; i < 80; ++i) long_text += SampleText() + "\n";
  std::vector<Raster> many = MustRender(long_text, Clean(Style::kLaser, 72));
  EXPECT_GE(many.size(), 3u);
  // A4 at the requested resolution.
  ASSERT_FALSE(many.empty());
  EXPECT_EQ(many[0].width, static_cast<int>(std::lround(595.2756 / 72 * 72)));
  EXPECT_EQ(many[0].height, static_cast<int>(std::lround(841.8898 / 72 * 72)));
}

TEST(ScannerTest, EveryStyleAndFormatDecodesWithSandingReaders) {
  for (Style style : {Style::kLaser, Style::kTypewriter, Style::kMimeograph}) {
    SCOPED_TRACE(StyleName(style));
    ScanOptions o = TypicalOptions(style, 3, 120);
    o.letterhead = "江城市机构编制委员会文件";
    o.seal_text = "江城市机构编制委员会";
    std::vector<Raster> pages = MustRender(SampleText() + "\f" + SampleText(), o);
    ASSERT_EQ(pages.size(), 2u);
    EXPECT_TRUE(pages[0].has_red);  // letterhead
    EXPECT_TRUE(pages[1].has_red);  // seal over the last line
    o.seal_text.clear();
    std::vector<Raster> plain = MustRender(SampleText() + "\f" + SampleText(), o);
    ASSERT_EQ(plain.size(), 2u);
    EXPECT_FALSE(plain[1].has_red);

    // Image-only PDF: two pages, no text layer worth trusting, renderable.
    Result<std::string> pdf = EncodeScannedPdf(plain);
    ASSERT_TRUE(pdf.ok());
    EXPECT_EQ(ocr::DetectFormat(*pdf, "x.pdf"), ocr::Format::kPdf);
    auto doc =
        ocr::Document::Open(ocr::Format::kPdf, std::make_shared<const std::string>(*pdf), "x.pdf");
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ((*doc)->PageCount(), 2);
    Result<ocr::Image> img = (*doc)->RenderPage(1, 72);
    ASSERT_TRUE(img.ok());
    EXPECT_GT(img->width(), 500);

    // Multi-page TIFF: two directories of the raster's size and resolution; gray page 2 is 8 bpp.
    Result<std::string> tif = EncodeTiff(plain);
    ASSERT_TRUE(tif.ok());
    EXPECT_EQ(ocr::DetectFormat(*tif, "x.tif"), ocr::Format::kTiff);
    Result<int> n = ocr::Image::TiffPageCount(*tif);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 2);
    Result<ocr::Image> p2 = ocr::Image::Decode(*tif, 1);
    ASSERT_TRUE(p2.ok());
    EXPECT_EQ(p2->width(), plain[1].width);
    EXPECT_EQ(p2->height(), plain[1].height);
    EXPECT_EQ(p2->dpi(), 120);

    // JPEG: the red first page stays colour, the plain second page is gray.
    for (size_t i = 0; i < 2; ++i) {
      Result<std::string> jpg = EncodeJpeg(plain[i]);
      ASSERT_TRUE(jpg.ok());
      EXPECT_EQ(ocr::DetectFormat(*jpg, "x.jpg"), ocr::Format::kJpeg);
      PIX* pix = pixReadMem(reinterpret_cast<const l_uint8*>(jpg->data()), jpg->size());
      ASSERT_NE(pix, nullptr);
      EXPECT_EQ(pixGetDepth(pix), i == 0 ? 32 : 8);
      EXPECT_EQ(pixGetWidth(pix), plain[i].width);
      pixDestroy(&pix);
    }
  }
}

TEST(ScannerTest, TextPdfCarriesTheTextButNotTheSeal) {
  ScanOptions o = Clean(Style::kTypewriter, 300);  // the text PDF is always laser
  o.letterhead = "江城市机构编制委员会文件";
  o.seal_text = "公章专用字样";
  o.seal_anchor = "一九九六年五月十二日";
  Result<std::string> pdf = RenderTextPdf(SampleText(), o);
  ASSERT_TRUE(pdf.ok());
  auto doc =
      ocr::Document::Open(ocr::Format::kPdf, std::make_shared<const std::string>(*pdf), "t.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ((*doc)->PageCount(), 1);
  setenv("OMP_THREAD_LIMIT", "1", 1);
  auto engine = ocr::OcrEngine::NewTesseract({});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  Result<PageRecord> page = (*doc)->ExtractPage(0, **engine, {});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->method, TextMethod::kTextLayer) << page->note;
  // The letterhead is real text; the seal is a picture.
  EXPECT_LE(fx::CharacterErrorRate("江城市机构编制委员会文件" + SampleText(), page->text), 0.01)
      << page->text;
  EXPECT_EQ(page->text.find("公章专用字样"), std::string::npos);
  EXPECT_EQ(page->text.find("专"), std::string::npos);
}

TEST(ScannerTest, RedInkIsColouredAndVanishesInTheRedChannel) {
  ScanOptions o = Clean(Style::kLaser, 150);
  o.letterhead = "江城市机构编制委员会文件";
  o.seal_text = "江城市机构编制委员会";
  o.seal_anchor = "一九九六年五月十二日";
  std::vector<Raster> pages = MustRender(SampleText(), o);
  ASSERT_EQ(pages.size(), 1u);
  const Raster& r = pages[0];
  auto row = [&](double pt) { return static_cast<int>(pt / 72 * r.dpi); };
  // The letterhead band (above the red rule and the body).
  const int y0 = row(kMarginPt), y1 = row(kMarginPt + 80);
  const long red = CountRows(r, y0, y1, IsRed);
  const long dark_gray = CountRows(r, y0, y1, [](const uint8_t* p) {
    return (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000 < 128;
  });
  const long dark_red_channel = CountRows(r, y0, y1, [](const uint8_t* p) { return p[0] < 128; });
  EXPECT_GT(red, 2000);
  EXPECT_GT(dark_gray, 2000);       // in gray the letterhead is dark ink...
  EXPECT_LT(dark_red_channel, 20);  // ...in the red channel it is gone
  // Body text stays dark in the red channel, and the seal is red below the letterhead.
  const long body_dark = CountRows(r, y1, r.height, [](const uint8_t* p) { return p[0] < 128; });
  const long body_red = CountRows(r, y1, r.height, IsRed);
  EXPECT_GT(body_dark, 2000);
  EXPECT_GT(body_red, 1000);

  // Without letterhead and seal, the page has no red at all and is encoded gray.
  ScanOptions plain = Clean(Style::kLaser, 150);
  std::vector<Raster> p = MustRender(SampleText(), plain);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_FALSE(p[0].has_red);
  EXPECT_EQ(CountRows(p[0], 0, p[0].height, IsRed), 0);
}

TEST(ScannerTest, DegradationChangesTheScan) {
  ScanOptions clean = Clean(Style::kLaser, 100);
  ScanOptions dirty = clean;
  dirty.skew_degrees = 1.5;
  dirty.blur = 1.5;
  dirty.fade = 0.3;
  dirty.speckle = 0.5;
  std::vector<Raster> a = MustRender(SampleText(), clean);
  std::vector<Raster> b = MustRender(SampleText(), dirty);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  // Fading and blur leave fewer fully black pixels; speckle puts dark dots in the empty bottom
  // half.
  auto black = [](const uint8_t* p) { return p[0] < 60 && p[1] < 60 && p[2] < 60; };
  EXPECT_LT(CountRows(b[0], 0, b[0].height / 2, black), CountRows(a[0], 0, a[0].height / 2, black));
  EXPECT_EQ(CountRows(a[0], a[0].height * 3 / 4, a[0].height, black), 0);
  EXPECT_GT(CountRows(b[0], b[0].height * 3 / 4, b[0].height, black), 10);
}

TEST(ScannerTest, RejectsBadInput) {
  EXPECT_EQ(RenderPages("", Clean(Style::kLaser, 100)).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(RenderPages(" \n\f ", Clean(Style::kLaser, 100)).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(RenderPages(std::string("\xE6\xB1", 2), Clean(Style::kLaser, 100)).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(RenderTextPdf(std::string("ab\xFF"), Clean(Style::kLaser, 100)).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_FALSE(RenderPages("文字", Clean(Style::kLaser, 20)).ok());
  EXPECT_FALSE(EncodeTiff({}).ok());
  EXPECT_FALSE(EncodeScannedPdf({}).ok());
  Result<Style> s = ParseStyle("inkjet");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("inkjet"), std::string::npos);
  for (Style st : {Style::kLaser, Style::kTypewriter, Style::kMimeograph}) {
    Result<Style> back = ParseStyle(StyleName(st));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, st);
  }
}

}  // namespace
}  // namespace sanding::scansim
