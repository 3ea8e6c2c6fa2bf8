// The ordered key-value engine beneath Store. The store's logic (key layout, record encoding,
// counters, locking; store/internal/kv_store.cc) is written once against this interface; two
// engines implement it: RocksDB (store/internal/rocksdb_kv.cc) and an in-memory map
// (store/internal/memory_kv.cc). Both therefore honour exactly the same Store contract.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/status.h"

namespace sanding::internal {

// The key spaces (RocksDB column families). Key encodings are documented in rocksdb_kv.cc.
enum class Cf : int {
  kFiles = 0,   // sha256 hex -> FileRecord JSON
  kBlobs,       // sha256 hex + be32(chunk) -> up to 1 MiB of the original
  kPages,       // sha256 hex + be32(page) -> PageRecord JSON
  kFailures,    // SourceRef::Display() -> FailureRecord JSON
  kIndexQueue,  // be64(seq) + sha256 hex -> ""
  kQueuePos,    // sha256 hex -> be64(seq): the file's entry in kIndexQueue
  kMeta,        // "stats" -> counters JSON, "queue_seq" -> be64, "schema" -> "1", the counters
                // "correction_seq", "chain_tx" (last transaction), "chain_curation_seq" -> be64
  kFacts,       // sha256 hex -> the machine extraction (JSON, schema of indexer/extract/facts.h)
  kCorrections, // sha256 hex + be64(seq) -> CorrectionRecord JSON (append-only)
  kChain,       // kind byte + id + '\0' + be64(recorded_from) -> {"to": recorded_to, "body": ..}
  kChainTx,     // be64(number) -> ChainTx JSON
  kChainCuration, // be64(seq) -> ChainCuration JSON (append-only)
};
inline constexpr int kCfCount = 12;
const char* CfName(Cf cf);

// A set of writes applied atomically by KvEngine::Write. Obtained from the engine that writes it.
class KvBatch {
 public:
  virtual ~KvBatch() = default;
  virtual void Put(Cf cf, std::string_view key, std::string_view value) = 0;
  virtual void Delete(Cf cf, std::string_view key) = 0;
};

// Called for each entry of a scan, in key order; return false to stop.
using KvVisitor = std::function<bool(std::string_view key, std::string_view value)>;

// Thread safety: every method may be called concurrently. Scans see a consistent snapshot
// (RocksDB) or at least every write completed before the scan began (memory); `fn` may call back
// into the engine.
class KvEngine {
 public:
  virtual ~KvEngine() = default;
  // The value, or nullopt when the key is absent.
  virtual Result<std::optional<std::string>> Get(Cf cf, std::string_view key) = 0;
  virtual std::unique_ptr<KvBatch> NewBatch() = 0;
  // Applies every write of `batch` (from this engine's NewBatch) atomically.
  virtual Status Write(KvBatch& batch) = 0;
  // Visits every entry whose key starts with `prefix` (all entries when empty), in key order.
  virtual Status Scan(Cf cf, std::string_view prefix, const KvVisitor& fn) = 0;
  // Makes every completed write durable.
  virtual Status Sync() = 0;
  // Adds a backup of everything stored to `dir` (created when absent). Engines that cannot
  // (memory) answer with an error.
  virtual Status Backup(const std::string& dir) = 0;
  // Names the storage in messages ("存储库 <dir>", "内存存储库").
  virtual const std::string& Describe() const = 0;
};

// The engines (rocksdb_kv.cc, memory_kv.cc).
Result<std::unique_ptr<KvEngine>> OpenRocksDbEngine(const std::string& dir);
std::unique_ptr<KvEngine> NewMemoryEngine();
// Restores the newest RocksDB backup in `backup_dir` into `db_dir` (absent or empty).
Status RestoreRocksDbBackup(const std::string& backup_dir, const std::string& db_dir);

}  // namespace sanding::internal
