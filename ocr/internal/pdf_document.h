// PDF documents (Poppler): text layer when plausible, otherwise render and OCR.
#pragma once

#include <memory>
#include <string>

#include "ocr/document.h"

namespace sanding::ocr::internal {

// Errors: "encrypted" (a user password is needed), "truncated" (no %%EOF near the end and
// unreadable), "corrupt" (unreadable, or no pages), "oversize" (larger than 2 GiB).
Result<std::unique_ptr<Document>> OpenPdf(std::shared_ptr<const std::string> bytes,
                                          const std::string& display);

}  // namespace sanding::ocr::internal
