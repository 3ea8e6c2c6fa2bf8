#include "tools/scansim/scanner.h"

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <utility>

#include "tools/scansim/graphics.h"

namespace sanding::scansim {
namespace {

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

// Body text of a style; `letterhead` makes room for a 红头 on the first page.
TextStyle TextStyleFor(Style style, bool letterhead) {
  TextStyle t;
  t.family = "Noto Serif CJK SC";
  t.size_pt = 15;
  t.line_spacing = 1.6;
  switch (style) {
    case Style::kTypewriter:
      t.family = "Noto Sans Mono CJK SC";
      t.size_pt = 14;
      t.line_spacing = 1.75;
      break;
    case Style::kMimeograph:
      t.family = "Noto Sans CJK SC";
      t.size_pt = 14.5;
      t.line_spacing = 1.75;
      break;
    case Style::kLaser:
      break;
  }
  t.first_page_top = letterhead ? kLetterheadHeight : 0;
  t.trim_pages = true;
  return t;
}

void SetRed(cairo_t* cr, double alpha = 1.0) { cairo_set_source_rgba(cr, 0.87, 0.09, 0.10, alpha); }

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
  StrokeRing(cr, cx, cy, r, 3.6);
  FillStar(cr, cx, cy, 17, 6.8);
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
  const double font = ts.style.size_pt;
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
  if (index == 0 && !opt.letterhead.empty()) DrawLetterhead(cr, ts.context.get(), opt.letterhead);
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
    DrawSeal(cr, ts.context.get(), opt.seal_text, seal.cx, seal.cy);
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

Raster RasterPage(const Typeset& ts, size_t index, const ScanOptions& opt, const SealPlace& seal,
                  Rng& rng) {
  Raster r;
  r.dpi = opt.dpi;
  r.width = PointsToPixels(kPageW, opt.dpi);
  r.height = PointsToPixels(kPageH, opt.dpi);
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
  r.rgb = SurfaceToRgb(surface.get());
  // Paper: near white for laser prints, yellowed for old typed and stencilled pages.
  static constexpr uint8_t kWhite[3] = {253, 253, 251};
  static constexpr uint8_t kOld[3] = {247, 240, 222};
  switch (opt.style) {
    case Style::kLaser:
      InkAndPaper(r, opt.fade, 0.0, 64, kWhite, rng);
      break;
    case Style::kTypewriter:
      InkAndPaper(r, opt.fade, 0.25, std::max(8, PointsToPixels(40, opt.dpi)), kOld, rng);
      break;
    case Style::kMimeograph:
      if (opt.dpi >= 200) Thicken(r, 1);
      InkAndPaper(r, opt.fade, 0.55, std::max(8, PointsToPixels(14, opt.dpi)), kOld, rng);
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

Result<PixPtr> ToPix(const Raster& r) {
  return RgbToPix(r.rgb.data(), r.width, r.height, r.dpi, /*color=*/r.has_red);
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
  std::unique_ptr<Typeset> ts =
      TypesetText(text, TextStyleFor(options.style, !options.letterhead.empty()));
  const SealPlace seal = PlaceSeal(*ts, options.seal_anchor);
  std::vector<Raster> pages;
  for (size_t i = 0; i < ts->pages.size(); ++i) {
    Rng rng(static_cast<uint64_t>(options.seed) * 1000003u + i * 7919u + 1);
    pages.push_back(RasterPage(*ts, i, options, seal, rng));
  }
  return pages;
}

Result<std::string> EncodeJpeg(const Raster& page, int quality) {
  Result<PixPtr> pix = ToPix(page);
  if (!pix.ok()) return pix.status();
  return EncodePixJpeg(pix->get(), std::clamp(quality, 10, 100));
}

Result<std::string> EncodeTiff(const std::vector<Raster>& pages) {
  if (pages.empty()) return Status::InvalidArgument("没有页面，无法生成 TIFF");
  std::unique_ptr<PIXA, void (*)(PIXA*)> pixa(pixaCreate(static_cast<int>(pages.size())),
                                              [](PIXA* p) { pixaDestroy(&p); });
  for (const Raster& r : pages) {
    Result<PixPtr> pix = ToPix(r);
    if (!pix.ok()) return pix.status();
    pixaAddPix(pixa.get(), pix->release(), L_INSERT);
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
      pages.size(), "sanding-scansim");
}

Result<std::string> RenderTextPdf(const std::string& text, const ScanOptions& options) {
  SANDING_RETURN_IF_ERROR(CheckInput(text, options));
  ScanOptions laser = options;
  laser.style = Style::kLaser;
  std::unique_ptr<Typeset> ts =
      TypesetText(text, TextStyleFor(laser.style, !laser.letterhead.empty()));
  const SealPlace seal = PlaceSeal(*ts, laser.seal_anchor);
  Rng rng(laser.seed);
  return WritePdf([&](cairo_t* cr, size_t i) { DrawPage(cr, *ts, i, laser, seal, false, rng); },
                  ts->pages.size(), "sanding-scansim");
}

}  // namespace sanding::scansim
