// Preparing a page image for Tesseract: colormaps removed, odd depths widened to 8 bpp, and red
// ink (红头 letterheads, seals) dropped by keeping only the red channel of colour pages.
#pragma once

#include <leptonica/allheaders.h>

namespace sanding::ocr::internal {

// Returns a new PIX (the caller destroys it) ready for recognition, or nullptr if Leptonica fails.
// With `drop_red`, a colour image becomes an 8 bpp gray image of its red channel lifted by each
// light pixel's redness (red minus the larger of green and blue, doubled): red ink, also faded,
// turns white while black ink, also under a seal or tinted red by JPEG, stays dark. Gray and binary images pass through unchanged (a clone).
// Without `drop_red`, colour images are returned as 32 bpp colour.
PIX* PrepareForOcr(PIX* src, bool drop_red);

// Median height in pixels of the horizontal text lines of a page, from the projection profile of
// dark pixels in the middle half of the page (narrow enough that a slight skew does not merge
// lines). 0 when no line is found. Costs one pass over the pixels: far cheaper than a layout
// analysis.
double EstimateLineHeight(PIX* pix);

}  // namespace sanding::ocr::internal
