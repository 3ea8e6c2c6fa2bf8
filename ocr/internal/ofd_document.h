// OFD documents (GB/T 33190): a zip of XML. Pages are read from their TextObject/TextCode
// elements; there is no renderer yet.
#pragma once

#include <memory>
#include <string>

#include "ocr/document.h"

namespace sanding::ocr::internal {

// Errors: "corrupt" (not a readable zip, OFD.xml / Document.xml missing or not well-formed XML,
// naming the member), "empty" (no pages), "oversize" (a member or the total beyond the limits).
Result<std::unique_ptr<Document>> OpenOfd(std::shared_ptr<const std::string> bytes,
                                          const std::string& display);

}  // namespace sanding::ocr::internal
