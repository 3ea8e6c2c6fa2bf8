// Drawing and image helpers shared by the scan simulator (tools/scansim/scanner.cc) and the test
// fixtures (tests/fixtures/render.cc), so both typeset, draw and encode pages the same way:
//   - owners (unique_ptr) for Pango/GObject, Cairo and Leptonica objects;
//   - A4 page geometry in points (1 pt = 1 Cairo user unit) and the point/pixel conversion;
//   - Pango contexts and layouts set up for resolution-independent text (72 dpi, no hinting);
//   - typesetting text into A4 pages: '\f' starts a new page, long text flows onto further pages;
//   - a centred label, a seal's ring and five-pointed star;
//   - multi-page PDF writing through a Cairo stream with fixed metadata;
//   - Cairo RGB24 image surface -> packed RGB -> Leptonica PIX -> JPEG / PNG bytes.
//
// Everything is deterministic: the same input gives the same pixels and bytes. Nothing throws;
// failures are Status/Result with Chinese messages naming the library that failed.
#pragma once

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/status.h"

namespace sanding::scansim {

// ---- owners ------------------------------------------------------------------------------------

// Calls F(p) for a non-null p (a C library's destroy function).
template <typename T, void (*F)(T*)>
struct CDeleter {
  void operator()(T* p) const {
    if (p != nullptr) F(p);
  }
};
// g_object_unref for any GObject (Pango font maps, contexts, layouts).
struct GObjectDeleter {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, CDeleter<cairo_surface_t, cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, CDeleter<cairo_t, cairo_destroy>>;
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// ---- page geometry -----------------------------------------------------------------------------

// A4 in points, 2.5 cm margins.
inline constexpr double kPageW = 595.2756;
inline constexpr double kPageH = 841.8898;
inline constexpr double kMargin = 2.5 / 2.54 * 72.0;

// `pt` points at `dpi`, rounded to the nearest pixel.
int PointsToPixels(double pt, int dpi);

// ---- text --------------------------------------------------------------------------------------

// A Pango context on `font_map` where 1 pt = 1 user unit (resolution 72), metrics unhinted, no
// hinting, gray antialiasing: layouts measure the same at every raster resolution.
ContextPtr NewPangoContext(PangoFontMap* font_map);

// A layout of `text` in `family` at `size_pt` (bold or not). With width_pt > 0 lines wrap at that
// width (word, else character); with line_spacing > 0 it is the factor between baselines.
LayoutPtr NewLayout(PangoContext* ctx, const std::string& text, const char* family, double size_pt,
                    bool bold, double width_pt, double line_spacing);

// Splits `text` at '\f'. With `trim`, each page loses its trailing '\n', '\r' and ' ', and
// trailing pages holding only whitespace are dropped (at least one page remains). Without it the
// pieces are returned as they are ("a\f" gives "a" and ""). Never empty.
std::vector<std::string> SplitPages(const std::string& text, bool trim);

// How body text is set.
struct TextStyle {
  const char* family = "Noto Sans CJK SC";
  double size_pt = 14;
  double line_spacing = 1.6;     // factor between baselines
  double first_page_top = 0;     // extra space above the body on the first page (a letterhead)
  bool trim_pages = false;       // SplitPages(text, trim_pages)
};

// One laid-out line placed on a page, in page points.
struct PlacedLine {
  PangoLayoutLine* line;  // owned by a layout in Typeset::layouts
  PangoLayout* layout;    // the layout holding `line` (its text)
  double x;               // left end of the line
  double baseline;
};

// Text typeset into A4 pages; owns the Pango objects the lines point into (destroyed in the
// right order: layouts, then the context, then the font map).
struct Typeset {
  FontMapPtr font_map;
  ContextPtr context;
  std::vector<LayoutPtr> layouts;
  std::vector<std::vector<PlacedLine>> pages;  // at least one page; a page may have no lines
  TextStyle style;
};

// Typesets `text` (one layout per '\f' piece, wrapped to the width between the margins) into
// pages: a line that would cross the bottom margin starts a new page, unless it is the page's
// first line. Uses a fresh Cairo font map.
std::unique_ptr<Typeset> TypesetText(const std::string& text, const TextStyle& style);

// ---- drawing -----------------------------------------------------------------------------------

// Draws `text` (one line) centred on (cx, cy) with the current source; as filled outlines (no
// text in a PDF) when `as_path`. Starts a new path.
void DrawCentered(cairo_t* cr, PangoContext* ctx, const std::string& text, const char* family,
                  double size_pt, bool bold, double cx, double cy, bool as_path = false);

// Strokes a circle of radius `r` about (cx, cy) with `line_width` and the current source.
void StrokeRing(cairo_t* cr, double cx, double cy, double r, double line_width);

// Fills a five-pointed star centred on (cx, cy), one point straight up, with outer and inner
// radii `outer` and `inner`, with the current source.
void FillStar(cairo_t* cr, double cx, double cy, double outer, double inner);

// ---- output ------------------------------------------------------------------------------------

// A PDF of `pages` A4 pages: draw(cr, i) draws page i in points (state saved and restored
// around each call). Creator metadata `creator`, creation date fixed at 2020-01-01, so the bytes
// depend only on what is drawn. Internal ("生成 PDF 失败（cairo：…）") when Cairo fails.
Result<std::string> WritePdf(const std::function<void(cairo_t*, size_t)>& draw, size_t pages,
                             const char* creator);

// The pixels of a flushed CAIRO_FORMAT_RGB24 image surface as packed RGB (3 bytes per pixel,
// row-major, no padding).
std::vector<uint8_t> SurfaceToRgb(cairo_surface_t* surface);

// A PIX of packed RGB `rgb` (width * height * 3 bytes) at `dpi`: 32 bpp colour when `color`,
// otherwise 8 bpp gray ((299 R + 587 G + 114 B) / 1000). Internal when Leptonica fails.
Result<PixPtr> RgbToPix(const uint8_t* rgb, int width, int height, int dpi, bool color);

// Copies a buffer Leptonica allocated into a string and frees it.
std::string TakeLeptBuffer(l_uint8* data, size_t size);

// `pix` encoded as baseline JPEG at `quality` (1..100) / as PNG. Internal when Leptonica fails.
Result<std::string> EncodePixJpeg(PIX* pix, int quality);
Result<std::string> EncodePixPng(PIX* pix);

}  // namespace sanding::scansim
