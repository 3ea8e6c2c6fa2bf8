// Status and Result<T>: the one error model at every module boundary.
//
// A Status carries a code and a message. Messages that can reach a user are written in Simplified
// Chinese and name the file and the problem; codes are for programs. Exceptions from libraries
// (Lucene++, Poppler, RocksDB's Status) are converted inside their module and never cross it.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace sanding {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kInvalidArgument,   // the input is malformed (corrupt file, bad query, ...)
    kUnsupported,       // a format or feature sanding does not handle
    kResourceExhausted, // a size, ratio or count limit was hit (oversize file, bomb)
    kCorruption,        // stored data is inconsistent
    kIOError,           // the disk or the OS failed
    kAlreadyExists,
    kInternal,
    kPermissionDenied,  // the caller may not do this (wrong password, role, token)
    kUnavailable,       // the service cannot take the request now (stopping, busy)
  };

  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  // `reason` is a stable, finer-grained machine tag recorded with failures ("corrupt",
  // "encrypted", "oversize", "bomb", ...); see FailureRecord::reason.
  Status(Code code, std::string message, std::string reason)
      : code_(code), message_(std::move(message)), reason_(std::move(reason)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status Unsupported(std::string m) { return {Code::kUnsupported, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {Code::kResourceExhausted, std::move(m)}; }
  static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The failure tag if one was given, else CodeName(code()).
  std::string reason() const { return reason_.empty() ? CodeName(code_) : reason_; }
  // Stable machine name of the code: "ok", "not_found", "invalid_argument", ...
  static const char* CodeName(Code code);
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string reason_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  // REQUIRES: !ok() for a meaningful status; returns Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }
  // REQUIRES: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sanding

#define SANDING_RETURN_IF_ERROR(expr)            \
  do {                                           \
    ::sanding::Status _st = (expr);              \
    if (!_st.ok()) return _st;                   \
  } while (0)
