// Store: the source of truth. Originals (content-addressed), per-page text, failures, and the
// queue of files whose search index entries are not yet written. The Lucene++ index is derived
// from it and can always be rebuilt from it.
//
// Thread safety: every method may be called concurrently from any thread.
// Atomicity: each mutating method is one atomic write (a RocksDB WriteBatch): after a crash either
// all of it is visible or none of it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/chain.h"
#include "store/records.h"
#include "store/status.h"

namespace sanding {

struct StoreStats {
  uint64_t files_complete = 0;
  uint64_t files_pending = 0;
  uint64_t pages = 0;
  uint64_t failures = 0;
  uint64_t original_bytes = 0;
  uint64_t index_pending = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens (creating if needed) the RocksDB store in `dir`.
  static Result<std::unique_ptr<Store>> OpenRocksDb(const std::string& dir);
  // A store that lives in memory only; same contract, for tests.
  static std::unique_ptr<Store> NewInMemory();

  // --- originals -------------------------------------------------------------------------------
  // Stores the original bytes and `rec` (state must be kPending) in one atomic write.
  // Returns AlreadyExists if a file with rec.sha256 is already stored (nothing is changed).
  virtual Status BeginFile(const FileRecord& rec, std::string_view original) = 0;
  // The record of a stored file; NotFound when absent.
  virtual Result<FileRecord> GetFile(const std::string& sha256) = 0;
  // Appends `src` to the file's sources unless an equal source is already listed.
  // Returns true when it was added.
  virtual Result<bool> AddSource(const std::string& sha256, const SourceRef& src) = 0;
  // The original bytes, exactly as loaded.
  virtual Result<std::string> GetOriginal(const std::string& sha256) = 0;
  // Marks the file complete, sets its title, and queues it for indexing, atomically.
  virtual Status CompleteFile(const std::string& sha256, const std::string& title) = 0;
  // Calls `fn` for each stored file, in sha256 order; stop early by returning false.
  virtual Status ForEachFile(const std::function<bool(const FileRecord&)>& fn) = 0;

  // --- pages -----------------------------------------------------------------------------------
  // Stores (or replaces) one page's text. REQUIRES: the file is stored.
  virtual Status PutPage(const PageRecord& page) = 0;
  virtual Result<PageRecord> GetPage(const std::string& sha256, uint32_t page) = 0;
  // All stored pages of a file, in page order (pages not yet stored are absent).
  virtual Result<std::vector<PageRecord>> GetPages(const std::string& sha256) = 0;
  // Calls `fn` for every stored page, grouped by file, in page order.
  virtual Status ForEachPage(const std::function<bool(const PageRecord&)>& fn) = 0;

  // --- failures --------------------------------------------------------------------------------
  // Records (or updates) the failure of one source, keyed by f.source.
  virtual Status RecordFailure(const FailureRecord& f) = 0;
  // Removes the failure record of a source that has since loaded; no error when absent.
  virtual Status ClearFailure(const std::string& source) = 0;
  virtual Result<std::vector<FailureRecord>> ListFailures() = 0;

  // --- index queue -----------------------------------------------------------------------------
  // sha256s of complete files whose index entries may be missing or stale, oldest first.
  virtual Result<std::vector<std::string>> PendingIndex() = 0;
  // Removes entries from the queue after the index has committed them.
  virtual Status AckIndexed(const std::vector<std::string>& sha256s) = 0;
  // Queues every complete file (used by reindex).
  virtual Status RequeueAll() = 0;

  // --- extracted facts and corrections ----------------------------------------------------------
  // Stores (replacing) the machine extraction of a file: JSON text whose schema belongs to
  // indexer/extract (the store does not read it). Queues a complete file for indexing again.
  // NotFound when the file is not stored; InvalidArgument for invalid UTF-8.
  virtual Status PutFacts(const std::string& sha256, const std::string& facts_json) = 0;
  // The machine extraction, or nullopt when the file has none yet.
  virtual Result<std::optional<std::string>> GetFacts(const std::string& sha256) = 0;
  // Appends an archivist's correction. Assigns `seq` (store-wide, increasing) and, when 0,
  // `at_ms`; returns the record as stored. Corrections are never changed or deleted: a mistaken
  // one is withdrawn by a later correction. Requires `by` and `reason`. Queues the file for
  // indexing again.
  virtual Result<CorrectionRecord> AddCorrection(const CorrectionRecord& c) = 0;
  // A file's corrections, oldest first.
  virtual Result<std::vector<CorrectionRecord>> ListCorrections(const std::string& sha256) = 0;

  // --- The institution history chain (store/chain.h) ---
  // Applies `change` in one atomic write (one WriteBatch: rows, closures, the transaction record
  // and the counter) as transaction LastChainTx()+1 and returns it with its counts. A change that
  // would alter nothing writes nothing and returns a transaction numbered 0. A crash during the
  // call leaves either all of the change visible or none of it.
  virtual Result<ChainTx> CommitChain(const ChainChange& change) = 0;
  // The number of the last committed transaction (0 when none).
  virtual Result<uint64_t> LastChainTx() = 0;
  // Visits, in id order, the rows of `kind` whose id starts with `id_prefix` as recorded at
  // transaction `as_recorded` (rows with recorded_from <= T < recorded_to; 0 sees nothing).
  // Reading several kinds at the same T gives one consistent state even while changes commit.
  virtual Status ScanChain(ChainKind kind, std::string_view id_prefix, uint64_t as_recorded,
                           const ChainVisitor& fn) = 0;
  // Every recorded revision of one row (current and superseded), oldest first.
  virtual Result<std::vector<ChainRow>> ChainRowHistory(ChainKind kind, std::string_view id) = 0;
  virtual Result<std::vector<ChainTx>> ListChainTx() = 0;
  // Appends a curation (seq assigned; `by` and `reason` required; op checked against the list
  // in store/chain.h; a withdraw must name an earlier, not yet withdrawn curation).
  virtual Result<ChainCuration> AddChainCuration(const ChainCuration& c) = 0;
  virtual Result<std::vector<ChainCuration>> ListChainCurations() = 0;

  // --- Backup ---
  // Adds a backup of the whole store to `dir` (RocksDB BackupEngine; `dir` is created when
  // absent). The in-memory store answers with an error.
  virtual Status Backup(const std::string& dir) = 0;
  // Restores the newest backup in `backup_dir` into `db_dir`, which must be absent or empty.
  static Status RestoreRocksDb(const std::string& backup_dir, const std::string& db_dir);

  virtual Result<StoreStats> Stats() = 0;
  // Makes every write durable (fsync of the WAL). Writes are already atomic without it.
  virtual Status Sync() = 0;
};

}  // namespace sanding
