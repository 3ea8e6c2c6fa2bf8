// The sanding HTTP API (docs/api.md): routes every /api/ request to the archive, the lineage and
// overlap services, the ingest jobs and the accounts, applying the access rule — anonymous
// callers see public documents only, signed-in accounts by role — and auditing every write; any
// other path is served from the web pages compiled into the binary.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "query/archive.h"
#include "server/audit.h"
#include "server/auth.h"
#include "server/http_server.h"
#include "server/jobs.h"
#include "store/status.h"

namespace sanding::server {

struct ApiOptions {
  uint64_t max_upload_bytes = 2ull << 30;  // POST /api/ingest
  int64_t session_ttl_ms = 12LL * 3600 * 1000;
  ocr::IngestOptions ingest;  // for the ingest jobs
  std::string version = "0.1.0";
};

class Api {
 public:
  // Opens DATA/server/{accounts.json,audit.log,jobs/,uploads/} beside `archive` and starts the
  // ingest worker (resuming interrupted jobs).
  static Result<std::unique_ptr<Api>> Open(query::Archive& archive, const ApiOptions& options);
  ~Api();

  Response Handle(const Request& request);
  // The body limit for a request, from its header (HttpOptions::body_limit).
  size_t BodyLimit(const Request& head) const;

  Accounts& accounts() { return *accounts_; }
  AuditLog& audit() { return *audit_; }
  JobManager& jobs() { return *jobs_; }
  // Stops the ingest worker at a safe point (interrupted jobs resume at the next Open).
  void Shutdown();

  struct Impl;

 private:
  Api() = default;
  query::Archive* archive_ = nullptr;
  ApiOptions options_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<JobManager> jobs_;
};

// Security headers for every response (CSP, nosniff, frame and referrer policy).
std::vector<std::pair<std::string, std::string>> SecurityHeaders();

struct ServeOptions {
  std::string data_dir;
  std::string listen = "127.0.0.1:8080";  // ADDR:PORT; port 0 picks a free one
  unsigned threads = 0;
  ApiOptions api;
  // Called once the server listens, with the bound port (the CLI prints the address).
  std::function<void(const std::string& address, uint16_t port)> on_ready;
};

// Runs `sanding serve` until SIGINT or SIGTERM: opens the archive, brings the indexes up to date,
// serves, and on a signal stops gracefully (requests in progress finish, the ingest job stops at
// a safe point and resumes next time).
Status Serve(const ServeOptions& options);

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all addresses), "8080" → address and port.
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

}  // namespace sanding::server
