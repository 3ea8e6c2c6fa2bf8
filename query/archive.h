// The data directory as the CLI and the server use it: DIR/store (RocksDB, the source of truth),
// DIR/index (Lucene++ documents, derived), DIR/clauses (duty-clause index, derived) and
// DIR/authority.json (known institutions for name resolution, optional); and the steps that bring
// everything derived up to date after the store changed (extraction, history chain, indexes).
//
// Thread safety: the store and both indexes may be read from any thread while a derived update
// runs. Updates (ingest post-processing, corrections, re-extraction) are serialised by
// WriteLock(); take it around a whole update so two never interleave.
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/clause_index.h"
#include "indexer/extract/curation.h"
#include "indexer/extract/run.h"
#include "indexer/history/store_io.h"
#include "indexer/indexer.h"
#include "ocr/ingest.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::query {

class Archive {
 public:
  // Opens (creating when missing) the data directory `dir`.
  static Result<std::unique_ptr<Archive>> Open(const std::string& dir);
  ~Archive();

  Store& store() { return *store_; }
  indexer::Index& index() { return *index_; }
  // The duty-clause index (opened on first use, then shared).
  Result<indexer::ClauseIndex*> clauses();
  const std::string& path() const { return path_; }
  std::string AuthorityPath() const { return path_ + "/authority.json"; }

  // Serialises derived updates (see above).
  std::unique_lock<std::mutex> WriteLock() { return std::unique_lock<std::mutex>(write_mu_); }

  // Extracts the facts of every document not yet extracted by the current extractor (all with
  // `all`), resolving names against authority.json when it exists.
  Result<extract::ExtractRunReport> RunExtraction(bool all);
  // Rebuilds the institution history chain from the documents' facts and the curations
  // (committing what changed as one transaction), then syncs the duty-clause index.
  Result<history::RebuildReport> RebuildHistory(const std::string& reason);
  // Brings the duty-clause index to the chain's last transaction; `rebuild` deletes it first.
  Status SyncClauseIndex(bool rebuild = false);

  // Records an archivist's correction of a document's facts (`req.sha256` may be any file of the
  // document; `req.op` "replace", "add", "remove" or "withdraw"), then rebuilds the history chain
  // and the indexes. Validation errors are Chinese (extract::MakeCorrection). Takes WriteLock().
  struct Corrected {
    CorrectionRecord record;
    uint64_t chain_tx = 0;
  };
  Result<Corrected> Correct(extract::CorrectionRequest req);

  struct Derived {
    extract::ExtractRunReport extraction;
    history::RebuildReport chain;
  };
  // After files were stored: extraction, history chain, duty clauses, document index, store
  // sync — what `sanding ingest` and the server's ingest jobs run after loading.
  Result<Derived> UpdateDerived(const std::string& reason);

 private:
  Archive() = default;
  std::string path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<indexer::Index> index_;
  std::mutex clauses_mu_;
  std::unique_ptr<indexer::ClauseIndex> clauses_;
  std::mutex write_mu_;
};

// Pages an archivist should look at (ocr::NeedsReview below `threshold`), each with its file's
// first source.
Result<std::vector<ocr::ReviewEntry>> ReviewQueue(Store& store, double threshold);

// The extraction of a file's document as `show --json` prints it under "extraction":
// {"document": owner sha, "facts": effective, "machine": as extracted, "corrections": [...]};
// null when the file has no facts yet.
Result<nlohmann::json> ExtractionJson(Store& store, const std::string& sha);

// Resolves a full sha256 or a unique prefix of at least 8 hex digits (Chinese errors).
Result<std::string> ResolveSha(Store& store, const std::string& prefix);

// Reads a JSON file; Chinese errors naming it.
Result<nlohmann::json> ReadJsonFile(const std::string& path);

}  // namespace sanding::query
