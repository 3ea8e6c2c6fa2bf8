// Unit tests of the drawing helpers shared by the scan simulator and the test fixtures: page
// geometry, page splitting, layouts and typesetting onto A4 pages, the seal shapes and centred
// text, PDF writing, and the surface -> RGB -> PIX -> JPEG/PNG conversions.
#include "tools/scansim/graphics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace sanding::scansim {
namespace {

const std::string kClause =
    "（一）负责全市机构编制管理工作，拟订行政审批制度改革的有关工作方案并组织实施。\n";

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// A white RGB24 surface of w x h pixels and a context on it.
struct Canvas {
  SurfacePtr surface;
  CairoPtr cr;
  Canvas(int w, int h) : surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h)) {
    cr.reset(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
  }
  // Red, green, blue of pixel (x, y) after flushing.
  std::vector<uint8_t> Rgb() {
    cairo_surface_flush(surface.get());
    return SurfaceToRgb(surface.get());
  }
};

bool Dark(const std::vector<uint8_t>& rgb, int w, int x, int y) {
  const uint8_t* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
  return p[0] < 100 && p[1] < 100 && p[2] < 100;
}

TEST(GraphicsTest, PageGeometryAndPixels) {
  EXPECT_EQ(PointsToPixels(kPageW, 300), 2480);  // A4 at 300 dpi
  EXPECT_EQ(PointsToPixels(kPageH, 300), 3508);
  EXPECT_EQ(PointsToPixels(72, 150), 150);
  EXPECT_EQ(PointsToPixels(kPageW, 72), 595);
  EXPECT_NEAR(kMargin, 70.866, 0.001);  // 2.5 cm
}

TEST(GraphicsTest, SplitPagesKeepsOrTrimsPieces) {
  EXPECT_EQ(SplitPages("甲\f乙\n\n", false), (std::vector<std::string>{"甲", "乙\n\n"}));
  EXPECT_EQ(SplitPages("甲\f乙\n\n", true), (std::vector<std::string>{"甲", "乙"}));
  EXPECT_EQ(SplitPages("甲\f", false), (std::vector<std::string>{"甲", ""}));
  EXPECT_EQ(SplitPages("甲 \r\n\f \n\f", true), (std::vector<std::string>{"甲"}));
  EXPECT_EQ(SplitPages("", false), (std::vector<std::string>{""}));
  EXPECT_EQ(SplitPages("\f\f", true), (std::vector<std::string>{""}));
}

TEST(GraphicsTest, LayoutWrapsAtTheWidthWithTheLineSpacing) {
  FontMapPtr font_map(pango_cairo_font_map_new());
  ContextPtr ctx = NewPangoContext(font_map.get());
  ASSERT_TRUE(ctx);
  EXPECT_DOUBLE_EQ(pango_cairo_context_get_resolution(ctx.get()), 72.0);
  const std::string text = Repeat("机构编制", 30);
  LayoutPtr one_line = NewLayout(ctx.get(), text, "Noto Sans CJK SC", 12, false, 0, 0);
  EXPECT_EQ(pango_layout_get_line_count(one_line.get()), 1);
  LayoutPtr wrapped = NewLayout(ctx.get(), text, "Noto Sans CJK SC", 12, false, 200, 1.6);
  EXPECT_GT(pango_layout_get_line_count(wrapped.get()), 3);
  PangoRectangle logical;
  pango_layout_get_extents(wrapped.get(), nullptr, &logical);
  EXPECT_LE(logical.width / static_cast<double>(PANGO_SCALE), 200.0);
  EXPECT_FLOAT_EQ(pango_layout_get_line_spacing(wrapped.get()), 1.6f);
  // Bold type is set in the font description.
  LayoutPtr bold = NewLayout(ctx.get(), "章", "Noto Sans CJK SC", 12, true, 0, 0);
  const PangoFontDescription* fd = pango_layout_get_font_description(bold.get());
  ASSERT_NE(fd, nullptr);
  EXPECT_EQ(pango_font_description_get_weight(fd), PANGO_WEIGHT_BOLD);
  EXPECT_EQ(pango_font_description_get_size(fd), 12 * PANGO_SCALE);
}

TEST(GraphicsTest, TypesetFlowsOntoPagesWithinTheMargins) {
  TextStyle style;
  style.size_pt = 14;
  style.line_spacing = 1.6;
  const std::string text = Repeat(kClause, 40) + "\f第二部分";
  std::unique_ptr<Typeset> ts = TypesetText(text, style);
  ASSERT_GE(ts->pages.size(), 3u);  // 40 clauses overflow one page; '\f' starts another
  for (size_t p = 0; p < ts->pages.size(); ++p) {
    ASSERT_FALSE(ts->pages[p].empty()) << p;
    double last = 0;
    for (const PlacedLine& pl : ts->pages[p]) {
      EXPECT_GT(pl.baseline, kMargin);
      EXPECT_LT(pl.baseline, kPageH - kMargin);
      EXPECT_GT(pl.baseline, last);  // lines go down the page
      EXPECT_NEAR(pl.x, kMargin, 1.0);
      last = pl.baseline;
    }
  }
  // The last page holds only the text after the form feed.
  const PlacedLine& tail = ts->pages.back().front();
  const char* layout_text = pango_layout_get_text(tail.layout);
  EXPECT_EQ(std::string(layout_text + tail.line->start_index,
                        static_cast<size_t>(tail.line->length)),
            "第二部分");
  EXPECT_EQ(ts->layouts.size(), 2u);

  // Space reserved on the first page moves its lines down by exactly that much.
  TextStyle lowered = style;
  lowered.first_page_top = 90;
  std::unique_ptr<Typeset> low = TypesetText("一行", lowered);
  std::unique_ptr<Typeset> high = TypesetText("一行", style);
  ASSERT_EQ(low->pages.size(), 1u);
  EXPECT_NEAR(low->pages[0][0].baseline - high->pages[0][0].baseline, 90.0, 1e-9);
  EXPECT_DOUBLE_EQ(low->style.first_page_top, 90.0);

  // Trimming drops the empty page a trailing form feed would make.
  TextStyle trim = style;
  trim.trim_pages = true;
  EXPECT_EQ(TypesetText("一行\f", style)->pages.size(), 2u);
  EXPECT_EQ(TypesetText("一行\f", trim)->pages.size(), 1u);
}

TEST(GraphicsTest, RingStarAndCentredTextLandWhereAsked) {
  const int w = 200, h = 200;
  Canvas c(w, h);
  StrokeRing(c.cr.get(), 100, 100, 60, 4);
  FillStar(c.cr.get(), 100, 100, 20, 8);
  std::vector<uint8_t> rgb = c.Rgb();
  EXPECT_TRUE(Dark(rgb, w, 100, 100));   // star centre
  EXPECT_TRUE(Dark(rgb, w, 100, 84));    // towards the upper point
  EXPECT_FALSE(Dark(rgb, w, 100, 116));  // below the centre lies the gap between two points
  EXPECT_TRUE(Dark(rgb, w, 160, 100));   // on the ring
  EXPECT_TRUE(Dark(rgb, w, 100, 40));
  EXPECT_FALSE(Dark(rgb, w, 130, 100));  // between star and ring
  EXPECT_FALSE(Dark(rgb, w, 5, 5));

  // Centred text: the ink's bounding box is centred on the point, as text or as outlines.
  for (bool as_path : {false, true}) {
    SCOPED_TRACE(as_path);
    Canvas t(w, h);
    FontMapPtr font_map(pango_cairo_font_map_new());
    ContextPtr ctx = NewPangoContext(font_map.get());
    DrawCentered(t.cr.get(), ctx.get(), "机构编制", "Noto Sans CJK SC", 24, true, 120, 90, as_path);
    rgb = t.Rgb();
    int x0 = w, x1 = -1, y0 = h, y1 = -1;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        if (!Dark(rgb, w, x, y)) continue;
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
    }
    ASSERT_GE(x1, 0) << "nothing drawn";
    EXPECT_NEAR((x0 + x1) / 2.0, 120, 4);
    EXPECT_NEAR((y0 + y1) / 2.0, 90, 6);
    EXPECT_GT(x1 - x0, 80);  // four 24 pt characters
  }
}

TEST(GraphicsTest, WritePdfDrawsEveryPageDeterministically) {
  std::vector<size_t> seen;
  auto draw = [&](cairo_t* cr, size_t i) {
    seen.push_back(i);
    cairo_rectangle(cr, 100, 100 + 10.0 * static_cast<double>(i), 50, 50);
    cairo_fill(cr);
  };
  Result<std::string> pdf = WritePdf(draw, 3, "graphics-test-creator");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(seen, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->find("graphics-test-creator"), std::string::npos);
  EXPECT_NE(pdf->find("/Count 3"), std::string::npos);
  EXPECT_NE(pdf->find("%%EOF"), std::string::npos);
  Result<std::string> again = WritePdf(draw, 3, "graphics-test-creator");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*pdf, *again);
  Result<std::string> other = WritePdf(draw, 3, "another creator");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*pdf, *other);

  // A drawing that breaks the Cairo state (an unbalanced restore) is reported, in Chinese.
  Result<std::string> broken = WritePdf(
      [](cairo_t* cr, size_t) {
        cairo_restore(cr);
        cairo_restore(cr);
      },
      1, "x");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), Status::Code::kInternal);
  EXPECT_NE(broken.status().message().find("生成 PDF 失败"), std::string::npos);
}

TEST(GraphicsTest, SurfaceRgbAndPixConversions) {
  const int w = 7, h = 5;  // odd sizes: stride padding and PIX words
  Canvas c(w, h);
  cairo_set_source_rgb(c.cr.get(), 200 / 255.0, 40 / 255.0, 10 / 255.0);
  cairo_rectangle(c.cr.get(), 0, 0, 3, 2);
  cairo_fill(c.cr.get());
  const std::vector<uint8_t> rgb = c.Rgb();
  ASSERT_EQ(rgb.size(), static_cast<size_t>(w * h * 3));
  EXPECT_EQ(rgb[0], 200);
  EXPECT_EQ(rgb[1], 40);
  EXPECT_EQ(rgb[2], 10);
  const size_t white = (static_cast<size_t>(4) * w + 6) * 3;  // (6, 4)
  EXPECT_EQ(rgb[white], 255);
  EXPECT_EQ(rgb[white + 1], 255);
  EXPECT_EQ(rgb[white + 2], 255);

  Result<PixPtr> color = RgbToPix(rgb.data(), w, h, 150, true);
  ASSERT_TRUE(color.ok()) << color.status().ToString();
  PIX* cp = color->get();
  EXPECT_EQ(pixGetDepth(cp), 32);
  EXPECT_EQ(pixGetWidth(cp), w);
  EXPECT_EQ(pixGetHeight(cp), h);
  EXPECT_EQ(pixGetXRes(cp), 150);
  l_int32 r = 0, g = 0, b = 0;
  ASSERT_EQ(pixGetRGBPixel(cp, 1, 1, &r, &g, &b), 0);
  EXPECT_EQ(r, 200);
  EXPECT_EQ(g, 40);
  EXPECT_EQ(b, 10);

  Result<PixPtr> gray = RgbToPix(rgb.data(), w, h, 300, false);
  ASSERT_TRUE(gray.ok());
  EXPECT_EQ(pixGetDepth(gray->get()), 8);
  l_uint32 v = 0;
  ASSERT_EQ(pixGetPixel(gray->get(), 2, 1, &v), 0);
  EXPECT_EQ(v, static_cast<l_uint32>((200 * 299 + 40 * 587 + 10 * 114) / 1000));
  ASSERT_EQ(pixGetPixel(gray->get(), 6, 4, &v), 0);
  EXPECT_EQ(v, 255u);
}

TEST(GraphicsTest, EncodersRoundTripThroughLeptonica) {
  const int w = 40, h = 30;
  std::vector<uint8_t> rgb(static_cast<size_t>(w * h * 3), 255);
  for (int x = 0; x < w; ++x) rgb[(static_cast<size_t>(10) * w + x) * 3] = 0;  // a dark-ish row
  Result<PixPtr> pix = RgbToPix(rgb.data(), w, h, 200, false);
  ASSERT_TRUE(pix.ok());

  Result<std::string> png = EncodePixPng(pix->get());
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(png->rfind("\x89PNG", 0), 0u);
  PixPtr back(pixReadMem(reinterpret_cast<const l_uint8*>(png->data()), png->size()));
  ASSERT_TRUE(back);
  l_int32 same = 0;
  ASSERT_EQ(pixEqual(back.get(), pix->get(), &same), 0);
  EXPECT_EQ(same, 1);  // PNG is lossless

  Result<std::string> jpeg = EncodePixJpeg(pix->get(), 90);
  ASSERT_TRUE(jpeg.ok()) << jpeg.status().ToString();
  EXPECT_EQ(jpeg->rfind("\xFF\xD8", 0), 0u);
  PixPtr decoded(pixReadMem(reinterpret_cast<const l_uint8*>(jpeg->data()), jpeg->size()));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(pixGetWidth(decoded.get()), w);
  EXPECT_EQ(pixGetHeight(decoded.get()), h);
  Result<std::string> small = EncodePixJpeg(pix->get(), 10);
  ASSERT_TRUE(small.ok());
  EXPECT_NE(*small, *jpeg);

  EXPECT_FALSE(EncodePixJpeg(nullptr, 90).ok());
  EXPECT_FALSE(EncodePixPng(nullptr).ok());

  auto* buf = static_cast<l_uint8*>(LEPT_MALLOC(4));
  std::memcpy(buf, "ab\0c", 4);
  EXPECT_EQ(TakeLeptBuffer(buf, 4), std::string("ab\0c", 4));
}

}  // namespace
}  // namespace sanding::scansim
