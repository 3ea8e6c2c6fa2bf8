// Ingest jobs of the server: an archivist uploads an archive, a background worker loads it (the
// same pipeline as `sanding ingest`, then extraction, history chain and indexes), and anyone
// signed in follows its progress.
//
// Jobs run one at a time, oldest first. Each job is a JSON file under DIR/jobs/ rewritten
// atomically whenever its state changes, and its upload stays under DIR/uploads/<id>/ until it is
// done, so nothing is lost across a stop: Shutdown() cancels the running ingest at a safe point
// (every page read is already stored), marks the job "interrupted", and the next Start() queues
// it again; the store is keyed by content, so what was read is not read twice.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ocr/ingest.h"
#include "query/archive.h"
#include "store/status.h"

namespace sanding::server {

struct JobProgress {
  uint64_t files_done = 0, pages_done = 0, pages_total = 0, duplicates = 0, failed = 0;
  bool walking = true;
  double elapsed_s = 0;
};

struct Job {
  std::string id;     // "20261122-073000-1"
  std::string state;  // queued, running, done, failed, interrupted
  std::string name;   // the uploaded file's name as given (sanitised)
  uint64_t size = 0;
  std::string by;      // account
  std::string upload;  // path of the stored upload
  int64_t created_ms = 0, started_ms = 0, finished_ms = 0;
  int attempts = 0;  // runs started (an interrupted job runs again)
  JobProgress progress;
  nlohmann::json report;  // ingest report + "extraction" when done; null before
  std::string error;      // Chinese, when failed
};

void to_json(nlohmann::json& j, const JobProgress& p);
void from_json(const nlohmann::json& j, JobProgress& p);
// The API's JSON (docs/api.md): without the upload path.
void to_json(nlohmann::json& j, const Job& job);

// A file name safe to store: its last path component, control characters and separators removed,
// at most 200 bytes of valid UTF-8; "上传文件" when nothing is left.
std::string SafeFileName(const std::string& name);

class JobManager {
 public:
  struct Options {
    ocr::IngestOptions ingest;
    // Called when a job ends done (its documents loaded, every derived structure up to date) or
    // failed; not when it is interrupted (it will run again). Before the job reads as ended.
    std::function<void(const Job&)> on_finished;
  };
  // `dir`: DATA/server (jobs/ and uploads/ are made under it).
  JobManager(query::Archive& archive, std::string dir, Options options);
  ~JobManager();  // Shutdown()

  // Reads the persisted jobs (queued, running or interrupted ones are queued again, oldest
  // first) and starts the worker.
  Status Start();

  // A new job for an upload: `body_file` (moved into the job's folder) when not empty, else
  // `body` written there. The job is persisted before this returns.
  Result<Job> Submit(const std::string& name, const std::string& by, const std::string& body_file,
                     const std::string& body);

  std::optional<Job> Get(const std::string& id) const;
  std::vector<Job> List() const;  // newest first
  size_t Active() const;          // queued + running

  // Stops the worker: the running ingest stops at a safe point and its job is persisted as
  // interrupted (resumed by the next Start). Idempotent.
  void Shutdown();

 private:
  class Observer;
  void Run();
  void RunJob(const std::string& id);
  Status Persist(const Job& job) const;
  void Update(const std::string& id, const std::function<void(Job&)>& fn);

  query::Archive& archive_;
  std::string dir_;
  Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Job> jobs_;
  std::deque<std::string> queue_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  uint64_t counter_ = 0;
  std::thread worker_;
};

}  // namespace sanding::server
