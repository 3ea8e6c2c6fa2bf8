#include "store/status.h"

namespace sanding {

const char* Status::CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kNotFound: return "not_found";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kUnsupported: return "unsupported";
    case Code::kResourceExhausted: return "resource_exhausted";
    case Code::kCorruption: return "corruption";
    case Code::kIOError: return "io_error";
    case Code::kAlreadyExists: return "already_exists";
    case Code::kInternal: return "internal";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kUnavailable: return "unavailable";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace sanding
