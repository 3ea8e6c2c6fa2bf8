// OCR engines and the page images they read.
//
// An Image is an owned raster (wrapping a Leptonica PIX). An OcrEngine recognises one image at a
// time; it is NOT thread-safe: create one per worker thread and reuse it across pages (creating a
// Tesseract engine costs ~0.3 s). Processes using Tesseract must run with OMP_THREAD_LIMIT=1.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/status.h"

namespace sanding::ocr {

struct OcrOptions {
  // Tesseract language(s). Default: "chi_sim".
  std::string language = "chi_sim";
  // Folder holding <language>.traineddata; empty = Tesseract's default (Debian's tessdata).
  std::string tessdata_dir;
  // Resolution scanned PDF pages are rendered at, and assumed for images without one. Default: 300.
  int dpi = 300;
  // Remove red ink (红头, seals) before recognition by reading the red channel. Default: on.
  bool drop_red = true;
  // Tesseract page segmentation mode. Default: 3 (fully automatic).
  int psm = 3;
};

class Image {
 public:
  ~Image();
  Image(Image&&) noexcept;
  Image& operator=(Image&&) noexcept;

  // Decodes PNG, JPEG or one page (0-based) of a TIFF held in memory.
  static Result<Image> Decode(std::string_view bytes, int page = 0);
  // Number of pages (directories) of a TIFF held in memory.
  static Result<int> TiffPageCount(std::string_view bytes);
  // Wraps a 32-bit RGBA/BGRA (byte order as poppler's image::format_argb32) or 8-bit gray buffer.
  static Result<Image> FromPixels(const unsigned char* data, int width, int height, int stride,
                                  bool argb32);

  int width() const;
  int height() const;
  int dpi() const;  // from the file; 0 when unknown
  // Encodes as PNG (for page images served to users and for tests).
  Result<std::string> EncodePng() const;

  struct Impl;
  Impl* impl() const { return impl_.get(); }

 private:
  explicit Image(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct OcrOutput {
  std::string text;              // UTF-8, lines joined with '\n', no spurious spaces between CJK
  double mean_confidence = 0;    // mean word confidence 0..100 (0 when no words)
  std::vector<WordBox> words;
  int width_px = 0, height_px = 0;
  std::string engine;            // settings string recorded with the page
};

class OcrEngine {
 public:
  virtual ~OcrEngine() = default;
  // Tesseract through its C++ API, with preserve_interword_spaces=1.
  static Result<std::unique_ptr<OcrEngine>> NewTesseract(const OcrOptions& options);
  // Recognises `image` (red ink dropped first when the options say so).
  virtual Result<OcrOutput> Recognize(const Image& image) = 0;
  // The settings string recorded with each page ("tesseract 5.3.0 lang=chi_sim oem=1 psm=3 ...").
  virtual std::string Describe() const = 0;
};

}  // namespace sanding::ocr
