#include "ocr/internal/red_drop.h"

#include <algorithm>
#include <vector>

namespace sanding::ocr::internal {

namespace {

// The red channel, lifted further by the pixel's redness (red above its green and blue) when it is
// light: seal ink that is faded or blurred (its red channel a mid gray that Tesseract reads as
// strokes over the 落款 date) turns white, while black ink stays dark.
constexpr l_int32 kLiftFrom = 140;

PIX* DropRed(PIX* pix) {
  const l_int32 w = pixGetWidth(pix), h = pixGetHeight(pix);
  PIX* out = pixCreate(w, h, 8);
  if (out == nullptr) return nullptr;
  pixCopyResolution(out, pix);
  const l_int32 wpl_in = pixGetWpl(pix), wpl_out = pixGetWpl(out);
  const l_uint32* in = pixGetData(pix);
  l_uint32* data = pixGetData(out);
  for (l_int32 y = 0; y < h; ++y) {
    const l_uint32* src = in + static_cast<size_t>(y) * wpl_in;
    l_uint32* dst = data + static_cast<size_t>(y) * wpl_out;
    for (l_int32 x = 0; x < w; ++x) {
      l_int32 r, g, b;
      extractRGBValues(src[x], &r, &g, &b);
      // Dark pixels keep their red channel: text strokes next to the seal carry a red tint
      // (JPEG chroma subsampling) that must not lift them.
      const l_int32 redness = std::max<l_int32>(0, r - std::max(g, b));
      SET_DATA_BYTE(dst, x, r < kLiftFrom ? r : std::min<l_int32>(255, r + 2 * redness));
    }
  }
  return out;
}

}  // namespace

PIX* PrepareForOcr(PIX* src, bool drop_red) {
  if (src == nullptr) return nullptr;
  PIX* pix = nullptr;
  if (pixGetColormap(src) != nullptr) {
    pix = pixRemoveColormap(src, REMOVE_CMAP_BASED_ON_SRC);
  } else {
    pix = pixClone(src);
  }
  if (pix == nullptr) return nullptr;
  const l_int32 depth = pixGetDepth(pix);
  PIX* out = nullptr;
  if (depth == 32) {
    out = drop_red ? DropRed(pix) : pixClone(pix);
  } else if (depth == 1 || depth == 8) {
    out = pixClone(pix);
  } else {
    out = pixConvertTo8(pix, 0);
  }
  pixDestroy(&pix);
  return out;
}

double EstimateLineHeight(PIX* src) {
  if (src == nullptr) return 0;
  PIX* gray = nullptr;
  const l_int32 depth = pixGetDepth(src);
  if (depth == 8 && pixGetColormap(src) == nullptr) {
    gray = pixClone(src);
  } else if (depth == 32) {
    gray = pixConvertRGBToLuminance(src);
  } else {
    gray = pixConvertTo8(src, 0);
  }
  if (gray == nullptr) return 0;
  const l_int32 w = pixGetWidth(gray), h = pixGetHeight(gray);
  const l_int32 wpl = pixGetWpl(gray);
  const l_uint32* data = pixGetData(gray);
  const l_int32 x0 = w / 4, x1 = w - w / 4;
  const l_int32 min_ink = std::max<l_int32>(2, (x1 - x0) / 200);
  std::vector<bool> ink(static_cast<size_t>(h), false);
  for (l_int32 y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    l_int32 dark = 0;
    for (l_int32 x = x0; x < x1; ++x) dark += GET_DATA_BYTE(line, x) < 128;
    ink[static_cast<size_t>(y)] = dark >= min_ink;
  }
  pixDestroy(&gray);
  // Runs of ink rows, bridging gaps of up to 2 rows (thin strokes inside a glyph row).
  std::vector<int> heights;
  l_int32 start = -1, last = -1;
  for (l_int32 y = 0; y <= h; ++y) {
    const bool on = y < h && ink[static_cast<size_t>(y)];
    if (on) {
      if (start < 0) start = y;
      last = y;
    } else if (start >= 0 && y - last > 2) {
      const int run = last - start + 1;
      if (run >= 8) heights.push_back(run);
      start = -1;
    }
  }
  if (heights.empty()) return 0;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

}  // namespace sanding::ocr::internal
