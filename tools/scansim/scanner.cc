#include "tools/scansim/scanner.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <utility>

namespace sanding::scansim {
namespace {

// A4 in points, 2.5 cm margins.
constexpr double kPageW = 595.2756;
constexpr double kPageH = 841.8898;
constexpr double kMargin = 2.5 / 2.54 * 72.0;
// Space the 红头 takes above the body on the first page.
constexpr double kLetterheadHeight = 100;
constexpr double kSealRadius = 60;  // 42 mm seal

// Deterministic random numbers (the std distributions are implementation-defined).
class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(static_cast<std::mt19937::result_type>(seed ^ (seed >> 32))) {}
  double Uniform() { return gen_() / 4294967296.0; }                         // [0, 1)
  double Range(double lo, double hi) { return lo + (hi - lo) * Uniform(); }  // [lo, hi)
  int Int(int lo, int hi) {
    return lo + static_cast<int>(gen_() % static_cast<uint32_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Uniform() < p; }

 private:
  std::mt19937 gen_;
};

struct GObjectDeleter {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct StyleSpec {
  const char* family;
  double size_pt;
  double line_spacing;
};

StyleSpec SpecFor(Style style) {
  switch (style) {
    case Style::kTypewriter:
      return {"Noto Sans Mono CJK SC", 14, 1.75};
    case Style::kMimeograph:
      return {"Noto Sans CJK SC", 14.5, 1.75};
    case Style::kLaser:
      break;
  }
  return {"Noto Serif CJK SC", 15, 1.6};
}

// One laid-out line placed on a page.
struct PlacedLine {
  PangoLayoutLine* line;  // owned by a layout in Typeset::layouts
  PangoLayout* layout;
  double x;
  double baseline;
};

// Text typeset into A4 pages; owns the Pango objects the lines point into.
struct Typeset {
  PangoFontMap* font_map = nullptr;
  PangoContext* context = nullptr;
  std::vector<LayoutPtr> layouts;
  std::vector<std::vector<PlacedLine>> pages;
  StyleSpec spec{};

  Typeset() = default;
  Typeset(const Typeset&) = delete;
  Typeset& operator=(const Typeset&) = delete;
  ~Typeset() {
    layouts.clear();
    if (context != nullptr) g_object_unref(context);
    if (font_map != nullptr) g_object_unref(font_map);
  }
};

LayoutPtr NewLayout(PangoContext* ctx, const std::string& text, const char* family, double size_pt,
                    bool bold, double width_pt, double line_spacing) {
  LayoutPtr layout(pango_layout_new(ctx));
  PangoFontDescription* fd = pango_font_description_from_string(family);
  pango_font_description_set_size(fd, static_cast<int>(size_pt * PANGO_SCALE));
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout.get(), fd);
  pango_font_description_free(fd);
  if (width_pt > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(width_pt * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  if (line_spacing > 0)
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(line_spacing));
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

std::vector<std::string> SplitPages(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t ff = text.find('\f', pos);
    if (ff == std::string::npos) ff = text.size();
    std::string page = text.substr(pos, ff - pos);
    // Trailing line ends would only add empty lines (and possibly an empty page).
    while (!page.empty() && (page.back() == '\n' || page.back() == '\r' || page.back() == ' ')) {
      page.pop_back();
    }
    out.push_back(std::move(page));
    pos = ff + 1;
  }
  // A trailing form feed does not make an empty last page.
  while (out.size() > 1 && out.back().find_first_not_of(" \t\r\n") == std::string::npos) {
    out.pop_back();
  }
  return out;
}

std::unique_ptr<Typeset> TypesetText(const std::string& text, const ScanOptions& opt) {
  auto ts = std::make_unique<Typeset>();
  ts->spec = SpecFor(opt.style);
  ts->font_map = pango_cairo_font_map_new();
  ts->context = pango_font_map_create_context(ts->font_map);
  pango_cairo_context_set_resolution(ts->context, 72.0);  // 1 pt = 1 user unit
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(ts->context, fo);
  cairo_font_options_destroy(fo);

  const double width = kPageW - 2 * kMargin;
  const double bottom = kPageH - kMargin;
  for (const std::string& chunk : SplitPages(text)) {
    const bool first_page = ts->pages.empty();
    ts->pages.emplace_back();
    double top = kMargin + (first_page && !opt.letterhead.empty() ? kLetterheadHeight : 0);
    LayoutPtr layout = NewLayout(ts->context, chunk, ts->spec.family, ts->spec.size_pt, false,
                                 width, ts->spec.line_spacing);
    PangoLayoutIter* it = pango_layout_get_iter(layout.get());
    double page_start = 0;  // layout y that maps to `top` on the current page
    do {
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      const double line_top = logical.y / static_cast<double>(PANGO_SCALE);
      const double line_bottom = (logical.y + logical.height) / static_cast<double>(PANGO_SCALE);
      if (top + (line_bottom - page_start) > bottom && !ts->pages.back().empty()) {
        ts->pages.emplace_back();  // overflow: continue on a new page
        top = kMargin;
        page_start = line_top;
      }
      const double baseline = pango_layout_iter_get_baseline(it) / static_cast<double>(PANGO_SCALE);
      ts->pages.back().push_back({line, layout.get(),
                                  kMargin + logical.x / static_cast<double>(PANGO_SCALE),
                                  top + baseline - page_start});
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    ts->layouts.push_back(std::move(layout));
  }
  return ts;
}

void SetRed(cairo_t* cr, double alpha = 1.0) { cairo_set_source_rgba(cr, 0.87, 0.09, 0.10, alpha); }

// Draws `text` centred on (cx, cy); as filled outlines (no text in a PDF) when `as_path`.
void DrawCentered(cairo_t* cr, PangoContext* ctx, const std::string& text, const char* family,
                  double size_pt, bool bold, double cx, double cy, bool as_path = false) {
  LayoutPtr layout = NewLayout(ctx, text, family, size_pt, bold, 0, 0);
  PangoRectangle logical;
  pango_layout_get_extents(layout.get(), nullptr, &logical);
  cairo_new_path(cr);
  cairo_move_to(cr, cx - logical.width / (2.0 * PANGO_SCALE),
                cy - logical.height / (2.0 * PANGO_SCALE));
  if (as_path) {
    pango_cairo_layout_path(cr, layout.get());
    cairo_fill(cr);
  } else {
    pango_cairo_show_layout(cr, layout.get());
  }
}

// The 红头: the issuer's name in large bold red type, shrunk to fit the width, a red rule below.
void DrawLetterhead(cairo_t* cr, PangoContext* ctx, const std::string& text) {
  cairo_save(cr);
  SetRed(cr);
  const double max_w = kPageW - 2 * kMargin - 10;
  double size = 30;
  for (; size > 12; size -= 1) {
    LayoutPtr probe = NewLayout(ctx, text, "Noto Serif CJK SC", size, true, 0, 0);
    PangoRectangle logical;
    pango_layout_get_extents(probe.get(), nullptr, &logical);
    if (logical.width / static_cast<double>(PANGO_SCALE) <= max_w) break;
  }
  DrawCentered(cr, ctx, text, "Noto Serif CJK SC", size, true, kPageW / 2, kMargin + 30);
  cairo_set_line_width(cr, 2.2);
  cairo_move_to(cr, kMargin, kMargin + 72);
  cairo_line_to(cr, kPageW - kMargin, kMargin + 72);
  cairo_stroke(cr);
  cairo_restore(cr);
}

// Splits UTF-8 into code point strings.
std::vector<std::string> Utf8Chars(const std::string& s) {
  std::vector<std::string> out;
  const char* p = s.c_str();
  while (*p != '\0') {
    const char* next = g_utf8_next_char(p);
    out.emplace_back(p, next);
    p = next;
  }
  return out;
}

// A red round seal: ring, five-pointed star, `text` along the upper arc (drawn as outlines: a
// seal is a picture, never text). Multiply blending keeps the black ink under it black.
void DrawSeal(cairo_t* cr, PangoContext* ctx, const std::string& text, double cx, double cy) {
  cairo_save(cr);
  cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
  SetRed(cr, 0.92);
  const double r = kSealRadius;
  cairo_set_line_width(cr, 3.6);
  cairo_new_path(cr);
  cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
  cairo_stroke(cr);
  cairo_new_path(cr);
  for (int i = 0; i < 10; ++i) {
    const double a = -M_PI / 2 + i * M_PI / 5;
    const double rr = (i % 2 == 0) ? 17 : 6.8;
    const double x = cx + rr * std::cos(a), y = cy + rr * std::sin(a);
    if (i == 0) {
      cairo_move_to(cr, x, y);
    } else {
      cairo_line_to(cr, x, y);
    }
  }
  cairo_close_path(cr);
  cairo_fill(cr);
  const std::vector<std::string> chars = Utf8Chars(text);
  if (!chars.empty()) {
    // From lower left over the top to lower right (about 250 degrees of arc).
    const double start = M_PI * 0.80, span = M_PI * 1.40;
    const double n = static_cast<double>(chars.size());
    const double size = std::min(14.0, span * (r - 15) / n * 0.85);
    for (size_t i = 0; i < chars.size(); ++i) {
      const double a = start + span * (static_cast<double>(i) + 0.5) / n;
      cairo_save(cr);
      cairo_translate(cr, cx + (r - 13) * std::cos(a), cy + (r - 13) * std::sin(a));
      cairo_rotate(cr, a + M_PI / 2);
      DrawCentered(cr, ctx, chars[i], "Noto Sans CJK SC", size, true, 0, 0, /*as_path=*/true);
      cairo_restore(cr);
    }
  }
  cairo_restore(cr);
}

// Where the seal goes on its page: over the last line holding `anchor`, else the last line.
struct SealPlace {
  size_t page = 0;
  double cx = 0, cy = 0;
};

SealPlace PlaceSeal(const Typeset& ts, const std::string& anchor) {
  const double font = ts.spec.size_pt;
  if (!anchor.empty()) {
    for (size_t p = ts.pages.size(); p-- > 0;) {
      for (size_t l = ts.pages[p].size(); l-- > 0;) {
        const PlacedLine& pl = ts.pages[p][l];
        const char* text = pango_layout_get_text(pl.layout);
        const std::string line(text + pl.line->start_index, static_cast<size_t>(pl.line->length));
        const size_t at = line.rfind(anchor);
        if (at == std::string::npos) continue;
        int x0 = 0, x1 = 0;
        pango_layout_line_index_to_x(pl.line, pl.line->start_index + static_cast<int>(at), 0, &x0);
        pango_layout_line_index_to_x(
            pl.line, pl.line->start_index + static_cast<int>(at + anchor.size()), 0, &x1);
        double cx = pl.x + (x0 + x1) / (2.0 * PANGO_SCALE);
        cx = std::clamp(cx, kMargin + kSealRadius, kPageW - kMargin - kSealRadius / 2);
        return {p, cx, pl.baseline - font * 0.4};
      }
    }
  }
  SealPlace place;
  place.page = ts.pages.size() - 1;
  const auto& lines = ts.pages.back();
  place.cx = kPageW - kMargin - kSealRadius - 20;
  place.cy = lines.empty() ? kPageH / 2 : lines.back().baseline - font * 0.4;
  return place;
}

// How body glyphs are struck.
struct StrikeFx {
  double jitter_y = 0;  // baseline jitter amplitude, points
  double jitter_x = 0;  // horizontal jitter amplitude, points
  double ink_min = 0;   // gray level range of one character's ink (0 = black)
  double ink_max = 0;
  double double_strike = 0;  // probability a character is struck twice, slightly offset
};

StrikeFx FxFor(Style style) {
  switch (style) {
    case Style::kTypewriter:
      return {0.55, 0.3, 0.0, 0.42, 0.05};
    case Style::kMimeograph:
      return {0.3, 0.2, 0.0, 0.25, 0.0};
    case Style::kLaser:
      break;
  }
  return {};
}

// Draws one line glyph by glyph, each with its own offset and ink.
void StrikeLine(cairo_t* cr, const PlacedLine& pl, const StrikeFx& fx, Rng& rng) {
  const double line_dy = rng.Range(-fx.jitter_y, fx.jitter_y);
  double x = pl.x;
  for (GSList* l = pl.line->runs; l != nullptr; l = l->next) {
    auto* run = static_cast<PangoGlyphItem*>(l->data);
    PangoGlyphString* gs = run->glyphs;
    for (int i = 0; i < gs->num_glyphs; ++i) {
      const PangoGlyphInfo& gi = gs->glyphs[i];
      const double advance = gi.geometry.width / static_cast<double>(PANGO_SCALE);
      if (gi.glyph != PANGO_GLYPH_EMPTY && (gi.glyph & PANGO_GLYPH_UNKNOWN_FLAG) == 0) {
        PangoGlyphString* one = pango_glyph_string_new();
        pango_glyph_string_set_size(one, 1);
        one->glyphs[0] = gi;
        one->glyphs[0].geometry.width = 0;
        one->log_clusters[0] = 0;
        const double dx = rng.Range(-fx.jitter_x, fx.jitter_x);
        const double dy = line_dy + rng.Range(-fx.jitter_y, fx.jitter_y);
        const double gray = rng.Range(fx.ink_min, fx.ink_max);
        cairo_set_source_rgb(cr, gray, gray, gray);
        cairo_move_to(cr, x + dx, pl.baseline + dy);
        pango_cairo_show_glyph_string(cr, run->item->analysis.font, one);
        if (rng.Chance(fx.double_strike)) {
          cairo_move_to(cr, x + dx + 0.3, pl.baseline + dy + 0.15);
          pango_cairo_show_glyph_string(cr, run->item->analysis.font, one);
        }
        pango_glyph_string_free(one);
      }
      x += advance;
    }
  }
}

// Draws page `index` in page points. `strike` false: plain text (vector PDF, real text layer).
void DrawPage(cairo_t* cr, const Typeset& ts, size_t index, const ScanOptions& opt,
              const SealPlace& seal, bool strike, Rng& rng) {
  if (index == 0 && !opt.letterhead.empty()) DrawLetterhead(cr, ts.context, opt.letterhead);
  const StrikeFx fx = FxFor(opt.style);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const PlacedLine& pl : ts.pages[index]) {
    if (strike && opt.style != Style::kLaser) {
      StrikeLine(cr, pl, fx, rng);
    } else {
      cairo_set_source_rgb(cr, 0.04, 0.04, 0.04);
      cairo_move_to(cr, pl.x, pl.baseline);
      pango_cairo_show_layout_line(cr, pl.line);
    }
  }
  if (!opt.seal_text.empty() && seal.page == index) {
    DrawSeal(cr, ts.context, opt.seal_text, seal.cx, seal.cy);
  }
}

// ---- raster degradation -----------------------------------------------------------------------

// Min filter (dark strokes grow) with a (2r+1)^2 window, separable, per channel.
void Thicken(Raster& r, int radius) {
  if (radius <= 0) return;
  const int w = r.width, h = r.height;
  std::vector<uint8_t> tmp(r.rgb.size());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < 3; ++c) {
        uint8_t m = 255;
        for (int k = std::max(0, x - radius); k <= std::min(w - 1, x + radius); ++k) {
          m = std::min(m, r.rgb[(static_cast<size_t>(y) * w + k) * 3 + c]);
        }
        tmp[(static_cast<size_t>(y) * w + x) * 3 + c] = m;
      }
    }
  }
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < 3; ++c) {
        uint8_t m = 255;
        for (int k = std::max(0, y - radius); k <= std::min(h - 1, y + radius); ++k) {
          m = std::min(m, tmp[(static_cast<size_t>(k) * w + x) * 3 + c]);
        }
        r.rgb[(static_cast<size_t>(y) * w + x) * 3 + c] = m;
      }
    }
  }
}

// Ink density: darkness (255 - v) scaled by (1 - fade) * (1 - blotch * field(x, y)), where the
// field is smooth noise on a grid of `cell` pixels. Then the paper tone is multiplied in.
void InkAndPaper(Raster& r, double fade, double blotch, int cell, const uint8_t paper[3],
                 Rng& rng) {
  const int gw = r.width / cell + 2, gh = r.height / cell + 2;
  std::vector<double> grid(static_cast<size_t>(gw) * gh);
  for (double& g : grid) g = rng.Uniform();
  const double keep = 1.0 - std::clamp(fade, 0.0, 0.95);
  for (int y = 0; y < r.height; ++y) {
    const double fy = static_cast<double>(y) / cell;
    const int gy = static_cast<int>(fy);
    const double ty = fy - gy;
    for (int x = 0; x < r.width; ++x) {
      const double fx = static_cast<double>(x) / cell;
      const int gx = static_cast<int>(fx);
      const double tx = fx - gx;
      const double* g0 = &grid[static_cast<size_t>(gy) * gw + gx];
      const double* g1 = g0 + gw;
      const double field =
          (g0[0] * (1 - tx) + g0[1] * tx) * (1 - ty) + (g1[0] * (1 - tx) + g1[1] * tx) * ty;
      const double s = keep * (1.0 - blotch * field);
      uint8_t* px = &r.rgb[(static_cast<size_t>(y) * r.width + x) * 3];
      for (int c = 0; c < 3; ++c) {
        const double v = 255.0 - (255.0 - px[c]) * s;
        px[c] = static_cast<uint8_t>(std::lround(v * paper[c] / 255.0));
      }
    }
  }
}

// Separable box blur of radius `radius` pixels.
void BoxBlur(Raster& r, int radius) {
  if (radius <= 0) return;
  const int w = r.width, h = r.height;
  const int n = 2 * radius + 1;
  std::vector<uint8_t> tmp(r.rgb.size());
  for (int y = 0; y < h; ++y) {
    for (int c = 0; c < 3; ++c) {
      int sum = 0;
      auto at = [&](int x) {
        return static_cast<int>(
            r.rgb[(static_cast<size_t>(y) * w + std::clamp(x, 0, w - 1)) * 3 + c]);
      };
      for (int k = -radius; k <= radius; ++k) sum += at(k);
      for (int x = 0; x < w; ++x) {
        tmp[(static_cast<size_t>(y) * w + x) * 3 + c] = static_cast<uint8_t>(sum / n);
        sum += at(x + radius + 1) - at(x - radius);
      }
    }
  }
  for (int x = 0; x < w; ++x) {
    for (int c = 0; c < 3; ++c) {
      int sum = 0;
      auto at = [&](int y) {
        return static_cast<int>(
            tmp[(static_cast<size_t>(std::clamp(y, 0, h - 1)) * w + x) * 3 + c]);
      };
      for (int k = -radius; k <= radius; ++k) sum += at(k);
      for (int y = 0; y < h; ++y) {
        r.rgb[(static_cast<size_t>(y) * w + x) * 3 + c] = static_cast<uint8_t>(sum / n);
        sum += at(y + radius + 1) - at(y - radius);
      }
    }
  }
}

// Dark specks everywhere and, with `dropouts`, white holes (ink that did not take).
void Speckle(Raster& r, double amount, bool dropouts, Rng& rng) {
  if (amount <= 0) return;
  const double scale = r.dpi / 300.0;
  const long count = std::lround(std::clamp(amount, 0.0, 1.0) * r.width * r.height / 4000.0);
  auto dot = [&](double cx, double cy, double rad, uint8_t v) {
    const int x0 = std::max(0, static_cast<int>(cx - rad)),
              x1 = std::min(r.width - 1, static_cast<int>(cx + rad));
    const int y0 = std::max(0, static_cast<int>(cy - rad)),
              y1 = std::min(r.height - 1, static_cast<int>(cy + rad));
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) {
        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > rad * rad) continue;
        uint8_t* px = &r.rgb[(static_cast<size_t>(y) * r.width + x) * 3];
        for (int c = 0; c < 3; ++c)
          px[c] = v == 0 ? std::min<uint8_t>(px[c], 45) : std::max(px[c], v);
      }
    }
  };
  for (long i = 0; i < count; ++i) {
    const double x = rng.Range(0, r.width), y = rng.Range(0, r.height);
    dot(x, y, std::max(0.75, rng.Range(0.5, 1.6) * scale), 0);
  }
  if (dropouts) {
    for (long i = 0; i < count * 2; ++i) {
      const double x = rng.Range(0, r.width), y = rng.Range(0, r.height);
      dot(x, y, std::max(0.75, rng.Range(0.6, 1.8) * scale), 235);
    }
  }
}

int Px(double pt, int dpi) { return static_cast<int>(std::lround(pt / 72.0 * dpi)); }

Raster RasterPage(const Typeset& ts, size_t index, const ScanOptions& opt, const SealPlace& seal,
                  Rng& rng) {
  Raster r;
  r.dpi = opt.dpi;
  r.width = Px(kPageW, opt.dpi);
  r.height = Px(kPageH, opt.dpi);
  r.has_red =
      (index == 0 && !opt.letterhead.empty()) || (!opt.seal_text.empty() && seal.page == index);
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, r.width, r.height));
  {
    CairoPtr cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_translate(cr.get(), r.width / 2.0, r.height / 2.0);
    cairo_rotate(cr.get(), opt.skew_degrees * M_PI / 180.0);
    cairo_translate(cr.get(), -r.width / 2.0, -r.height / 2.0);
    cairo_scale(cr.get(), opt.dpi / 72.0, opt.dpi / 72.0);
    DrawPage(cr.get(), ts, index, opt, seal, true, rng);
  }
  cairo_surface_flush(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  r.rgb.resize(static_cast<size_t>(r.width) * r.height * 3);
  for (int y = 0; y < r.height; ++y) {
    const unsigned char* row = data + static_cast<size_t>(y) * stride;
    for (int x = 0; x < r.width; ++x) {
      uint32_t v = 0;
      std::memcpy(&v, row + static_cast<size_t>(x) * 4, sizeof v);
      uint8_t* px = &r.rgb[(static_cast<size_t>(y) * r.width + x) * 3];
      px[0] = static_cast<uint8_t>((v >> 16) & 0xFF);
      px[1] = static_cast<uint8_t>((v >> 8) & 0xFF);
      px[2] = static_cast<uint8_t>(v & 0xFF);
    }
  }
  // Paper: near white for laser prints, yellowed for old typed and stencilled pages.
  static constexpr uint8_t kWhite[3] = {253, 253, 251};
  static constexpr uint8_t kOld[3] = {247, 240, 222};
  switch (opt.style) {
    case Style::kLaser:
      InkAndPaper(r, opt.fade, 0.0, 64, kWhite, rng);
      break;
    case Style::kTypewriter:
      InkAndPaper(r, opt.fade, 0.25, std::max(8, Px(40, opt.dpi)), kOld, rng);
      break;
    case Style::kMimeograph:
      if (opt.dpi >= 200) Thicken(r, 1);
      InkAndPaper(r, opt.fade, 0.55, std::max(8, Px(14, opt.dpi)), kOld, rng);
      break;
  }
  BoxBlur(r, static_cast<int>(std::lround(opt.blur * opt.dpi / 300.0)));
  Speckle(r, opt.speckle, opt.style == Style::kMimeograph, rng);
  return r;
}

Status CheckInput(const std::string& text, const ScanOptions& opt) {
  if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
    return Status::InvalidArgument("文本不是有效的 UTF-8，无法排版");
  }
  if (text.find_first_not_of(" \t\r\n\f") == std::string::npos) {
    return Status::InvalidArgument("文本为空，无法排版");
  }
  if (opt.dpi < 72 || opt.dpi > 600) {
    return Status::InvalidArgument("分辨率 " + std::to_string(opt.dpi) + " dpi 超出范围（72–600）");
  }
  for (const std::string* s : {&opt.letterhead, &opt.seal_text, &opt.seal_anchor}) {
    if (!g_utf8_validate(s->data(), static_cast<gssize>(s->size()), nullptr)) {
      return Status::InvalidArgument("红头或公章文字不是有效的 UTF-8");
    }
  }
  return Status::Ok();
}

PixPtr ToPix(const Raster& r) {
  const bool color = r.has_red;
  PIX* pix = pixCreate(r.width, r.height, color ? 32 : 8);
  if (pix == nullptr) return PixPtr();
  pixSetResolution(pix, r.dpi, r.dpi);
  l_uint32* pd = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < r.height; ++y) {
    l_uint32* line = pd + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < r.width; ++x) {
      const uint8_t* px = &r.rgb[(static_cast<size_t>(y) * r.width + x) * 3];
      if (color) {
        l_uint32 v = 0;
        composeRGBPixel(px[0], px[1], px[2], &v);
        line[x] = v;
      } else {
        SET_DATA_BYTE(line, x, (px[0] * 299 + px[1] * 587 + px[2] * 114) / 1000);
      }
    }
  }
  return PixPtr(pix);
}

std::string TakeLeptBuffer(l_uint8* data, size_t size) {
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Result<std::string> WritePdf(const std::function<void(cairo_t*, size_t)>& draw, size_t pages) {
  std::string out;
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(&AppendToString, &out, kPageW, kPageH));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "sanding-scansim");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                 "2020-01-01T00:00:00Z");
  {
    CairoPtr cr(cairo_create(surface.get()));
    for (size_t i = 0; i < pages; ++i) {
      cairo_save(cr.get());
      draw(cr.get(), i);
      cairo_restore(cr.get());
      cairo_show_page(cr.get());
    }
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return Status::Internal(std::string("生成 PDF 失败（cairo：") +
                              cairo_status_to_string(cairo_status(cr.get())) + "）");
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("生成 PDF 失败（cairo：") +
                            cairo_status_to_string(cairo_surface_status(surface.get())) + "）");
  }
  return out;
}

}  // namespace

const char* StyleName(Style style) {
  switch (style) {
    case Style::kTypewriter:
      return "typewriter";
    case Style::kMimeograph:
      return "mimeograph";
    case Style::kLaser:
      break;
  }
  return "laser";
}

Result<Style> ParseStyle(std::string_view name) {
  for (Style s : {Style::kLaser, Style::kTypewriter, Style::kMimeograph}) {
    if (name == StyleName(s)) return s;
  }
  return Status::InvalidArgument("未知的版式“" + std::string(name) +
                                 "”（可选 typewriter、mimeograph、laser）");
}

ScanOptions TypicalOptions(Style style, uint32_t seed, int dpi) {
  Rng rng(static_cast<uint64_t>(seed) * 2654435761u + 17);
  ScanOptions o;
  o.style = style;
  o.dpi = dpi;
  o.seed = seed;
  const double sign = rng.Chance(0.5) ? 1 : -1;
  switch (style) {
    case Style::kLaser:
      o.skew_degrees = sign * rng.Range(0.0, 0.8);
      o.blur = rng.Range(0.0, 0.8);
      o.fade = rng.Range(0.0, 0.1);
      o.speckle = rng.Range(0.0, 0.15);
      break;
    case Style::kTypewriter:
      o.skew_degrees = sign * rng.Range(0.2, 1.5);
      o.blur = rng.Range(0.5, 1.2);
      o.fade = rng.Range(0.05, 0.25);
      o.speckle = rng.Range(0.1, 0.35);
      break;
    case Style::kMimeograph:
      o.skew_degrees = sign * rng.Range(0.3, 1.8);
      o.blur = rng.Range(0.6, 1.4);
      o.fade = rng.Range(0.1, 0.3);
      o.speckle = rng.Range(0.2, 0.45);
      break;
  }
  return o;
}

Result<std::vector<Raster>> RenderPages(const std::string& text, const ScanOptions& options) {
  SANDING_RETURN_IF_ERROR(CheckInput(text, options));
  std::unique_ptr<Typeset> ts = TypesetText(text, options);
  const SealPlace seal = PlaceSeal(*ts, options.seal_anchor);
  std::vector<Raster> pages;
  for (size_t i = 0; i < ts->pages.size(); ++i) {
    Rng rng(static_cast<uint64_t>(options.seed) * 1000003u + i * 7919u + 1);
    pages.push_back(RasterPage(*ts, i, options, seal, rng));
  }
  return pages;
}

Result<std::string> EncodeJpeg(const Raster& page, int quality) {
  PixPtr pix = ToPix(page);
  if (!pix) return Status::Internal("无法创建页面图像（Leptonica）");
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMemJpeg(&data, &size, pix.get(), std::clamp(quality, 10, 100), 0) != 0) {
    return Status::Internal("JPEG 编码失败（Leptonica）");
  }
  return TakeLeptBuffer(data, size);
}

Result<std::string> EncodeTiff(const std::vector<Raster>& pages) {
  if (pages.empty()) return Status::InvalidArgument("没有页面，无法生成 TIFF");
  std::unique_ptr<PIXA, void (*)(PIXA*)> pixa(pixaCreate(static_cast<int>(pages.size())),
                                              [](PIXA* p) { pixaDestroy(&p); });
  for (const Raster& r : pages) {
    PixPtr pix = ToPix(r);
    if (!pix) return Status::Internal("无法创建页面图像（Leptonica）");
    pixaAddPix(pixa.get(), pix.release(), L_INSERT);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixaWriteMemMultipageTiff(&data, &size, pixa.get()) != 0) {
    return Status::Internal("TIFF 编码失败（Leptonica）");
  }
  return TakeLeptBuffer(data, size);
}

Result<std::string> EncodeScannedPdf(const std::vector<Raster>& pages) {
  if (pages.empty()) return Status::InvalidArgument("没有页面，无法生成 PDF");
  std::vector<std::string> jpegs;
  for (const Raster& r : pages) {
    Result<std::string> j = EncodeJpeg(r, 80);
    if (!j.ok()) return j.status();
    jpegs.push_back(std::move(j.value()));
  }
  return WritePdf(
      [&](cairo_t* cr, size_t i) {
        const Raster& r = pages[i];
        // Cairo embeds the JPEG bytes attached as mime data (DCTDecode); the pixels are only a
        // fallback, so a small placeholder of the right size is enough.
        SurfacePtr img(cairo_image_surface_create(CAIRO_FORMAT_RGB24, r.width, r.height));
        const std::string& jpeg = jpegs[i];
        auto* copy = static_cast<unsigned char*>(std::malloc(jpeg.size()));
        std::memcpy(copy, jpeg.data(), jpeg.size());
        cairo_surface_set_mime_data(img.get(), CAIRO_MIME_TYPE_JPEG, copy, jpeg.size(), std::free,
                                    copy);
        cairo_scale(cr, 72.0 / r.dpi, 72.0 / r.dpi);
        cairo_set_source_surface(cr, img.get(), 0, 0);
        cairo_paint(cr);
      },
      pages.size());
}

Result<std::string> RenderTextPdf(const std::string& text, const ScanOptions& options) {
  SANDING_RETURN_IF_ERROR(CheckInput(text, options));
  ScanOptions laser = options;
  laser.style = Style::kLaser;
  std::unique_ptr<Typeset> ts = TypesetText(text, laser);
  const SealPlace seal = PlaceSeal(*ts, laser.seal_anchor);
  Rng rng(laser.seed);
  return WritePdf([&](cairo_t* cr, size_t i) { DrawPage(cr, *ts, i, laser, seal, false, rng); },
                  ts->pages.size());
}

}  // namespace sanding::scansim
