// The scan simulator: renders a document's text the way archivists receive it.
//
// A page is typeset with Pango (A4, 2.5 cm margins, '\f' starts a new page, long text flows onto
// further pages), drawn with Cairo in one of three looks, then degraded:
//   - laser:      Noto Serif CJK SC, clean black toner;
//   - typewriter: Noto Sans Mono CJK SC, each character struck separately (uneven ink, jittered
//                 baseline and position, an occasional double strike), yellowed paper;
//   - mimeograph: strokes thickened, blotchy ink (a low-frequency density field), dropouts, faded.
// Optionally the first page carries a 红头 (the issuer's name in large red type and a red rule) and
// the page holding `seal_anchor` a red round seal (ring, five-pointed star, issuer's name along the
// arc) stamped over it with multiply blending (black text under it stays black).
// Then skew (rotation about the page centre), blur, fading and speckle noise are applied.
//
// Everything is deterministic: the same text and options give the same pixels and bytes.
// Pages that carry red ink stay in colour; the others are converted to 8-bit gray when encoded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/status.h"

namespace sanding::scansim {

enum class Style { kLaser, kTypewriter, kMimeograph };

// "laser", "typewriter", "mimeograph".
const char* StyleName(Style style);
// Parses a style name; InvalidArgument (Chinese message) for anything else.
Result<Style> ParseStyle(std::string_view name);

struct ScanOptions {
  Style style = Style::kLaser;
  int dpi = 300;  // raster resolution, 72..600
  uint32_t seed = 1;
  // 红头 text drawn in red above the body of the first page (e.g. "某市机构编制委员会文件");
  // empty = no letterhead. It is not part of the body text.
  std::string letterhead;
  // Text along the arc of a red round seal (e.g. the issuer's name); empty = no seal.
  std::string seal_text;
  // The seal is stamped over the first line holding this text (the 落款 date as written); when
  // empty or not found, over the right end of the last line of the last page.
  std::string seal_anchor;
  // Degradation; 0 = none.
  double skew_degrees = 0;  // rotation, + = clockwise
  double blur = 0;          // box-blur radius in pixels at 300 dpi (scaled with dpi)
  double fade = 0;          // 0..1: ink lightened toward the paper
  double speckle = 0;       // 0..1: density of dark specks and white dropouts
};

// Degradation typical of a style, drawn deterministically from `seed`: laser pages are nearly
// clean, typewriter pages moderately and mimeographed pages heavily degraded. letterhead,
// seal_text and seal_anchor are left empty.
ScanOptions TypicalOptions(Style style, uint32_t seed, int dpi);

// One rendered page: 8-bit RGB, row-major, 3 bytes per pixel, no padding.
struct Raster {
  int width = 0;
  int height = 0;
  int dpi = 0;
  bool has_red = false;  // the page carries the letterhead or the seal
  std::vector<uint8_t> rgb;
};

// Renders every page of `text`. InvalidArgument for invalid UTF-8, empty text or bad options.
Result<std::vector<Raster>> RenderPages(const std::string& text, const ScanOptions& options);

// Image-only PDF ("scanned PDF"): one A4 page per raster, embedded as JPEG, no text layer.
Result<std::string> EncodeScannedPdf(const std::vector<Raster>& pages);
// Multi-page TIFF, one directory per raster (zip-compressed; red pages RGB, others gray).
Result<std::string> EncodeTiff(const std::vector<Raster>& pages);
// One page as JPEG (RGB when it has red ink, else gray).
Result<std::string> EncodeJpeg(const Raster& page, int quality = 85);

// A born-digital PDF with a real text layer (Cairo PDF surface, laser look, no degradation),
// with the same letterhead and seal drawn as vector graphics when the options ask for them.
Result<std::string> RenderTextPdf(const std::string& text, const ScanOptions& options);

}  // namespace sanding::scansim
