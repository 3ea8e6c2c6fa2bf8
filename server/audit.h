// The audit log: every write made through the server (sign-in, upload, ingest job, correction,
// account change) is appended as one JSON line to DATA/server/audit.log and fsynced before the
// write is acknowledged. Entries are numbered and hash-chained (each carries the SHA-256 of the
// previous entry's line and its own), so a line removed, reordered or edited is detected by
// Verify(); the file is opened O_APPEND and only ever appended to.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/status.h"

namespace sanding::server {

struct AuditEntry {
  uint64_t seq = 0;       // 1, 2, 3, ...
  int64_t at_ms = 0;      // UTC milliseconds
  std::string time;       // ISO 8601 UTC ("2026-11-22T07:30:00.123Z")
  std::string who;        // account name ("" anonymous, e.g. a failed sign-in)
  std::string remote;     // peer address
  std::string action;     // "login", "login_failed", "logout", "ingest_upload", "correction", ...
  std::string target;     // what it acted on (a sha256, a job id, an account)
  nlohmann::json detail;  // the request's essentials (never a password or token)
  bool ok = true;         // false when the write was refused or failed
  std::string prev;       // hash of the previous entry ("" for the first)
  std::string hash;       // SHA-256 hex over the entry without this field
};

class AuditLog {
 public:
  // Opens (creating) the log at `path`, reading its last entry to continue the chain. A log whose
  // last line is torn (a crash mid-write) is repaired by truncating that line, which Verify then
  // reports as nothing lost (it was never acknowledged).
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path);

  // Appends and fsyncs one entry; returns it with seq, time and hashes filled.
  Result<AuditEntry> Append(const std::string& who, const std::string& remote,
                            const std::string& action, const std::string& target,
                            const nlohmann::json& detail, bool ok = true);

  // Entries newest first: skipping `offset`, at most `limit`.
  Result<std::vector<AuditEntry>> Recent(size_t offset, size_t limit) const;
  uint64_t size() const;

  // Re-reads the whole file and checks numbering and the hash chain. Error (Chinese) naming the
  // first bad line.
  Status Verify() const;

 private:
  AuditLog() = default;
  std::string path_;
  mutable std::mutex mu_;
  int fd_ = -1;
  uint64_t last_seq_ = 0;
  std::string last_hash_;

 public:
  ~AuditLog();
};

void to_json(nlohmann::json& j, const AuditEntry& e);
void from_json(const nlohmann::json& j, AuditEntry& e);

}  // namespace sanding::server
