#include "ocr/internal/red_drop.h"

namespace sanding::ocr::internal {

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
    out = drop_red ? pixGetRGBComponent(pix, COLOR_RED) : pixClone(pix);
  } else if (depth == 1 || depth == 8) {
    out = pixClone(pix);
  } else {
    out = pixConvertTo8(pix, 0);
  }
  pixDestroy(&pix);
  return out;
}

}  // namespace sanding::ocr::internal
