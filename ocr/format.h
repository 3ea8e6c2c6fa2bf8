// Format detection of an original by its leading bytes (magic), with the file name as a tie-breaker.
#pragma once

#include <string>
#include <string_view>

namespace sanding::ocr {

enum class Format {
  kUnknown,
  kPdf,
  kTiff,
  kPng,
  kJpeg,
  kText,     // plain text: UTF-8, or GBK/GB18030/UTF-16 with a BOM or a confident detection
  kOfd,      // GB/T 33190: a zip holding OFD.xml
  kArchive,  // zip, tar (plain or gz/bz2/xz), 7z: expanded by the input walker
};

const char* FormatName(Format f);  // "pdf", "tiff", "png", "jpeg", "text", "ofd", "archive", "unknown"

// Detects the format of `bytes`. `name` (a base name or path) is used only where the bytes alone are
// ambiguous (a zip that is an OFD; text without a BOM).
Format DetectFormat(std::string_view bytes, std::string_view name);

}  // namespace sanding::ocr
