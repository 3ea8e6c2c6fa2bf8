#include "ocr/internal/red_drop.h"

#include <gtest/gtest.h>

namespace sanding::ocr::internal {
namespace {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

PixPtr ColourPix() {
  PixPtr pix(pixCreate(3, 1, 32));
  pixSetRGBPixel(pix.get(), 0, 0, 220, 30, 30);    // seal red
  pixSetRGBPixel(pix.get(), 1, 0, 0, 0, 0);        // black ink
  pixSetRGBPixel(pix.get(), 2, 0, 255, 255, 255);  // paper
  return pix;
}

l_uint32 Gray(PIX* pix, int x) {
  l_uint32 v = 0;
  pixGetPixel(pix, x, 0, &v);
  return v;
}

TEST(RedDropTest, RedInkTurnsLightAndBlackStaysBlack) {
  PixPtr src = ColourPix();
  PixPtr out(PrepareForOcr(src.get(), true));
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(pixGetDepth(out.get()), 8);
  EXPECT_GE(Gray(out.get(), 0), 200u);
  EXPECT_EQ(Gray(out.get(), 1), 0u);
  EXPECT_EQ(Gray(out.get(), 2), 255u);
}

TEST(RedDropTest, FadedSealInkTurnsWhiteButTintedTextStaysDark) {
  PixPtr src(pixCreate(4, 1, 32));
  pixSetRGBPixel(src.get(), 0, 0, 170, 90, 90);   // faded seal ink: its red channel alone is mid gray
  pixSetRGBPixel(src.get(), 1, 0, 200, 40, 40);   // seal ink
  pixSetRGBPixel(src.get(), 2, 0, 100, 60, 60);   // a text stroke tinted red by JPEG next to the seal
  pixSetRGBPixel(src.get(), 3, 0, 120, 120, 120); // gray text
  PixPtr out(PrepareForOcr(src.get(), true));
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(Gray(out.get(), 0), 255u);
  EXPECT_EQ(Gray(out.get(), 1), 255u);
  EXPECT_EQ(Gray(out.get(), 2), 100u);
  EXPECT_EQ(Gray(out.get(), 3), 120u);
}

TEST(RedDropTest, WithoutDropColourIsKept) {
  PixPtr src = ColourPix();
  PixPtr out(PrepareForOcr(src.get(), false));
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(pixGetDepth(out.get()), 32);
  l_int32 r = 0, g = 0, b = 0;
  pixGetRGBPixel(out.get(), 0, 0, &r, &g, &b);
  EXPECT_EQ(r, 220);
  EXPECT_EQ(g, 30);
}

TEST(RedDropTest, GrayAndBinaryPassThroughAndOddDepthsWiden) {
  PixPtr gray(pixCreate(4, 4, 8));
  pixSetPixel(gray.get(), 1, 1, 77);
  PixPtr g(PrepareForOcr(gray.get(), true));
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(pixGetDepth(g.get()), 8);
  l_uint32 v = 0;
  pixGetPixel(g.get(), 1, 1, &v);
  EXPECT_EQ(v, 77u);
  PixPtr bin(pixCreate(4, 4, 1));
  PixPtr b(PrepareForOcr(bin.get(), true));
  EXPECT_EQ(pixGetDepth(b.get()), 1);
  PixPtr four(pixCreate(4, 4, 4));
  PixPtr f(PrepareForOcr(four.get(), true));
  EXPECT_EQ(pixGetDepth(f.get()), 8);
  EXPECT_EQ(PrepareForOcr(nullptr, true), nullptr);
}

TEST(RedDropTest, ColormappedColourIsDroppedToo) {
  PixPtr pix(pixCreate(2, 1, 8));
  PIXCMAP* cmap = pixcmapCreate(8);
  pixcmapAddColor(cmap, 220, 30, 30);
  pixcmapAddColor(cmap, 0, 0, 0);
  pixSetColormap(pix.get(), cmap);
  pixSetPixel(pix.get(), 0, 0, 0);
  pixSetPixel(pix.get(), 1, 0, 1);
  PixPtr out(PrepareForOcr(pix.get(), true));
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(pixGetDepth(out.get()), 8);
  EXPECT_EQ(pixGetColormap(out.get()), nullptr);
  EXPECT_GE(Gray(out.get(), 0), 200u);
  EXPECT_EQ(Gray(out.get(), 1), 0u);
}

}  // namespace
}  // namespace sanding::ocr::internal
