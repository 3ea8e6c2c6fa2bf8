// Raster documents: TIFF (every directory a page), PNG, JPEG. Every page is OCR'd.
#pragma once

#include <memory>
#include <string>

#include "ocr/document.h"

namespace sanding::ocr::internal {

// REQUIRES: fmt is kTiff, kPng or kJpeg. The header is checked before any pixels are decoded:
// absurd dimensions give "oversize"; an unreadable header or image gives "corrupt".
Result<std::unique_ptr<Document>> OpenRaster(Format fmt, std::shared_ptr<const std::string> bytes,
                                             const std::string& display);

}  // namespace sanding::ocr::internal
