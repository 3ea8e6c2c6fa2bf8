// The ingest pipeline: inputs -> originals stored -> pages read or OCR'd -> pages stored -> files
// queued for indexing.
//
// One reader thread walks the inputs (WalkInputs) and stores each new original; N worker threads
// extract pages of all files in parallel, each with its own OcrEngine. A bounded budget of bytes
// held in memory gives back-pressure to the reader. Every write is atomic and every page is stored
// as soon as it is read, so a run killed at any moment can be repeated: files already complete are
// reported as duplicates, pages already stored are not read again, and nothing is stored twice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ocr/input_walker.h"
#include "ocr/ocr_engine.h"
#include "store/records.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::ocr {

struct IngestOptions {
  // Worker threads extracting pages. Default: 0 = one per core.
  int workers = 0;
  WalkLimits limits;
  OcrOptions ocr;
  // OCR pages whose mean word confidence is below this are listed for review. Default: 75.
  double review_confidence = 75.0;
  // Bytes of originals held in memory at once before the reader waits. Default: 512 MiB
  // (a single larger file is still admitted alone).
  uint64_t max_inflight_bytes = 512ull << 20;
};

struct IngestProgress {
  uint64_t files_seen = 0;     // originals found so far (incl. duplicates, excl. failures)
  uint64_t files_done = 0;     // new or resumed files completed
  uint64_t duplicates = 0;
  uint64_t failed = 0;
  uint64_t pages_total = 0;    // pages of the files started so far
  uint64_t pages_done = 0;
  uint64_t pages_ocr = 0;
  bool walking = true;         // false once every input has been read
  double elapsed_s = 0;
};

struct DuplicateEntry {
  std::string source;   // the duplicate's display path
  std::string sha256;
  std::string first;    // display path of the copy stored first
};

struct ReviewEntry {
  std::string sha256;
  std::string source;
  uint32_t page = 0;
  double confidence = 0;  // mean OCR word confidence; -1 for a page that could not be read
  std::string note;
};
// JSON: {"sha256","source","page","confidence","note"} (docs/cli.md).
void to_json(nlohmann::json& j, const ReviewEntry& v);

// The review rule: a page an archivist should look at is one that could not be read at all, or an
// OCR page whose mean word confidence is below `threshold`.
bool NeedsReview(const PageRecord& page, double threshold);

struct IngestReport {
  uint64_t loaded = 0;          // files newly stored and completed
  uint64_t resumed = 0;         // files left pending by an interrupted run and completed now
  uint64_t duplicates = 0;
  uint64_t failed = 0;
  uint64_t pages = 0;           // pages extracted in this run
  uint64_t pages_ocr = 0;
  uint64_t pages_text_layer = 0;
  uint64_t pages_skipped = 0;   // pages already stored by an earlier run
  double seconds = 0;
  std::vector<FailureRecord> failures;
  std::vector<DuplicateEntry> duplicate_list;
  std::vector<ReviewEntry> review;  // low-confidence or unreadable pages of this run
};

// JSON as `sanding ingest --json` prints it (docs/cli.md): the counts, "failures",
// "duplicate_list", "review" and "pages_review".
void to_json(nlohmann::json& j, const IngestReport& r);

class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  // Called from the pipeline's threads, serialised (never concurrently), at most ~10 times/s
  // plus once at the end.
  virtual void OnProgress(const IngestProgress&) {}
  virtual void OnFailure(const FailureRecord&) {}
  virtual void OnDuplicate(const DuplicateEntry&) {}
  virtual void OnFileDone(const FileRecord&) {}
  // Polled from any of the pipeline's threads (keep it to reading a flag); returning true stops
  // the run cleanly: pages being read are finished and stored, the rest stay pending for a rerun.
  virtual bool Cancelled() { return false; }
};

// Runs the pipeline over `paths`. Returns non-OK only if the run could not start (no OCR engine,
// the store failed); per-file problems are recorded in the store and listed in the report.
// `make_engine` creates each worker's engine (tests pass a fake); defaults to Tesseract.
using EngineFactory = std::function<Result<std::unique_ptr<OcrEngine>>()>;
Result<IngestReport> Ingest(Store& store, const std::vector<std::string>& paths,
                            const IngestOptions& options, IngestObserver* observer = nullptr,
                            EngineFactory make_engine = nullptr);

}  // namespace sanding::ocr
