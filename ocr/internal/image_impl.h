// Image::Impl: the Leptonica PIX behind an ocr::Image, shared by the OCR engine and the document
// readers. Only code inside the ocr module includes this header.
#pragma once

#include <leptonica/allheaders.h>

#include "ocr/ocr_engine.h"

namespace sanding::ocr {

// Owns one PIX (never null once an Image is built).
struct Image::Impl {
  PIX* pix = nullptr;
  explicit Impl(PIX* p) : pix(p) {}
  ~Impl() {
    if (pix != nullptr) pixDestroy(&pix);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
};

namespace internal {

// Limits on decoded rasters: a side above kMaxImageSide pixels or an area above kMaxImagePixels
// is refused as "oversize" before any pixel buffer is allocated.
inline constexpr long long kMaxImageSide = 20000;
inline constexpr long long kMaxImagePixels = 400LL * 1000 * 1000;

inline bool IsOversize(long long w, long long h) {
  return w > kMaxImageSide || h > kMaxImageSide || w * h > kMaxImagePixels;
}

// Silences Leptonica's stderr messages (once per process; idempotent).
void QuietLeptonica();

}  // namespace internal
}  // namespace sanding::ocr
