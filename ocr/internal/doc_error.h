// Errors raised while opening or reading a document: a Chinese message that names the source,
// and one of the reason tags documented in ocr/document.h.
#pragma once

#include <string>

#include "store/status.h"

namespace sanding::ocr::internal {

// "<display>：<problem>" with `code` and `reason`.
inline Status DocError(Status::Code code, const std::string& display, const std::string& problem,
                       const char* reason) {
  return Status(code, display + "：" + problem, reason);
}

inline Status Corrupt(const std::string& display, const std::string& problem) {
  return DocError(Status::Code::kInvalidArgument, display, problem, "corrupt");
}

// Re-labels a lower-level status (e.g. from Image::Decode) with the source name, keeping its code
// and reason.
inline Status WithSource(const std::string& display, const Status& st) {
  return Status(st.code(), display + "：" + st.message(), st.reason());
}

}  // namespace sanding::ocr::internal
