#include "tools/scansim/graphics.h"

#include <cairo-pdf.h>

#include <cmath>
#include <cstring>
#include <utility>

namespace sanding::scansim {
namespace {

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Status CairoFailure(cairo_status_t status) {
  return Status::Internal(std::string("生成 PDF 失败（cairo：") + cairo_status_to_string(status) +
                          "）");
}

}  // namespace

int PointsToPixels(double pt, int dpi) { return static_cast<int>(std::lround(pt / 72.0 * dpi)); }

ContextPtr NewPangoContext(PangoFontMap* font_map) {
  ContextPtr ctx(pango_font_map_create_context(font_map));
  pango_cairo_context_set_resolution(ctx.get(), 72.0);  // 1 pt = 1 user unit
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(ctx.get(), fo);
  cairo_font_options_destroy(fo);
  return ctx;
}

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
  if (line_spacing > 0) {
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(line_spacing));
  }
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

std::vector<std::string> SplitPages(const std::string& text, bool trim) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t ff = text.find('\f', pos);
    if (ff == std::string::npos) ff = text.size();
    std::string page = text.substr(pos, ff - pos);
    // Trailing line ends would only add empty lines (and possibly an empty page).
    while (trim && !page.empty() &&
           (page.back() == '\n' || page.back() == '\r' || page.back() == ' ')) {
      page.pop_back();
    }
    out.push_back(std::move(page));
    pos = ff + 1;
  }
  // A trailing form feed does not make an empty last page.
  while (trim && out.size() > 1 && out.back().find_first_not_of(" \t\r\n") == std::string::npos) {
    out.pop_back();
  }
  return out;
}

std::unique_ptr<Typeset> TypesetText(const std::string& text, const TextStyle& style) {
  auto ts = std::make_unique<Typeset>();
  ts->style = style;
  ts->font_map.reset(pango_cairo_font_map_new());
  ts->context = NewPangoContext(ts->font_map.get());
  const double width = kPageW - 2 * kMargin;
  const double bottom = kPageH - kMargin;
  for (const std::string& chunk : SplitPages(text, style.trim_pages)) {
    const bool first_page = ts->pages.empty();
    ts->pages.emplace_back();
    double top = kMargin + (first_page ? style.first_page_top : 0);
    LayoutPtr layout = NewLayout(ts->context.get(), chunk, style.family, style.size_pt, false,
                                 width, style.line_spacing);
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

void DrawCentered(cairo_t* cr, PangoContext* ctx, const std::string& text, const char* family,
                  double size_pt, bool bold, double cx, double cy, bool as_path) {
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

void StrokeRing(cairo_t* cr, double cx, double cy, double r, double line_width) {
  cairo_set_line_width(cr, line_width);
  cairo_new_path(cr);
  cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
  cairo_stroke(cr);
}

void FillStar(cairo_t* cr, double cx, double cy, double outer, double inner) {
  cairo_new_path(cr);
  for (int i = 0; i < 10; ++i) {
    const double a = -M_PI / 2 + i * M_PI / 5;
    const double rr = (i % 2 == 0) ? outer : inner;
    const double x = cx + rr * std::cos(a), y = cy + rr * std::sin(a);
    if (i == 0) {
      cairo_move_to(cr, x, y);
    } else {
      cairo_line_to(cr, x, y);
    }
  }
  cairo_close_path(cr);
  cairo_fill(cr);
}

Result<std::string> WritePdf(const std::function<void(cairo_t*, size_t)>& draw, size_t pages,
                             const char* creator) {
  std::string out;
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(&AppendToString, &out, kPageW, kPageH));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, creator);
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
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return CairoFailure(cairo_status(cr.get()));
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoFailure(cairo_surface_status(surface.get()));
  }
  return out;
}

std::vector<uint8_t> SurfaceToRgb(cairo_surface_t* surface) {
  const int w = cairo_image_surface_get_width(surface);
  const int h = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  std::vector<uint8_t> rgb(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  for (int y = 0; y < h; ++y) {
    const unsigned char* row = data + static_cast<size_t>(y) * static_cast<size_t>(stride);
    for (int x = 0; x < w; ++x) {
      uint32_t v = 0;  // RGB24: native-endian 0x00RRGGBB
      std::memcpy(&v, row + static_cast<size_t>(x) * 4, sizeof v);
      uint8_t* px = &rgb[(static_cast<size_t>(y) * static_cast<size_t>(w) + x) * 3];
      px[0] = static_cast<uint8_t>((v >> 16) & 0xFF);
      px[1] = static_cast<uint8_t>((v >> 8) & 0xFF);
      px[2] = static_cast<uint8_t>(v & 0xFF);
    }
  }
  return rgb;
}

Result<PixPtr> RgbToPix(const uint8_t* rgb, int width, int height, int dpi, bool color) {
  PixPtr pix(pixCreate(width, height, color ? 32 : 8));
  if (!pix) return Status::Internal("无法创建页面图像（Leptonica）");
  pixSetResolution(pix.get(), dpi, dpi);
  l_uint32* pd = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < height; ++y) {
    l_uint32* line = pd + static_cast<size_t>(y) * static_cast<size_t>(wpl);
    for (int x = 0; x < width; ++x) {
      const uint8_t* px = &rgb[(static_cast<size_t>(y) * static_cast<size_t>(width) + x) * 3];
      if (color) {
        l_uint32 v = 0;
        composeRGBPixel(px[0], px[1], px[2], &v);
        line[x] = v;
      } else {
        SET_DATA_BYTE(line, x, (px[0] * 299 + px[1] * 587 + px[2] * 114) / 1000);
      }
    }
  }
  return pix;
}

std::string TakeLeptBuffer(l_uint8* data, size_t size) {
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

Result<std::string> EncodePixJpeg(PIX* pix, int quality) {
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pix == nullptr || pixWriteMemJpeg(&data, &size, pix, quality, 0) != 0) {
    if (data != nullptr) lept_free(data);
    return Status::Internal("JPEG 编码失败（Leptonica）");
  }
  return TakeLeptBuffer(data, size);
}

Result<std::string> EncodePixPng(PIX* pix) {
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pix == nullptr || pixWriteMemPng(&data, &size, pix, 0.0f) != 0) {
    if (data != nullptr) lept_free(data);
    return Status::Internal("PNG 编码失败（Leptonica）");
  }
  return TakeLeptBuffer(data, size);
}

}  // namespace sanding::scansim
