// Plain-text documents: UTF-8 (BOM optional), UTF-16 with a BOM, or GB18030/GBK; pages split on
// form feeds.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ocr/document.h"

namespace sanding::ocr::internal {

// Decodes text bytes to UTF-8: a UTF-8 BOM is stripped; FF FE / FE FF select UTF-16LE/BE; without
// a BOM valid UTF-8 is taken as is, anything else must decode as GB18030. CRLF and CR become LF.
// Text containing NUL characters (UTF-16 without a BOM, binary data) is refused.
// Errors carry reason "corrupt" and a Chinese message (without the source name).
Result<std::string> DecodeText(std::string_view bytes);

// Errors: "corrupt" (undecodable), "empty" (nothing but whitespace).
Result<std::unique_ptr<Document>> OpenText(std::shared_ptr<const std::string> bytes,
                                           const std::string& display);

}  // namespace sanding::ocr::internal
