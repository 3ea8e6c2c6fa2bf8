// The RocksDB engine behind Store::OpenRocksDb.
//
// ---- Key design -------------------------------------------------------------------------------
// One RocksDB database per store directory, one column family per key space (Cf in kv.h). All
// sha256 keys are the 64-character lowercase hex digest (the store rejects any other form), so
// fixed-width prefixes group a file's entries together; integers in keys are big-endian so byte
// order is numeric order.
//
//   files        sha256                    -> FileRecord JSON (records.h schema)
//   blobs        sha256 ‖ be32(chunk)      -> bytes [chunk*1MiB, (chunk+1)*1MiB) of the original;
//                                             integrated BlobDB (enable_blob_files) keeps these
//                                             large values out of the LSM tree
//   pages        sha256 ‖ be32(page)       -> PageRecord JSON; a prefix scan yields pages in order
//   failures     SourceRef::Display()      -> FailureRecord JSON (one per source, updated in place)
//   index_queue  be64(seq) ‖ sha256        -> "" ; scan order = queue order (oldest first)
//   queue_pos    sha256                    -> be64(seq) of its index_queue entry: a sha is queued
//                                             at most once, and AckIndexed finds its entry
//   meta         "schema" -> "1"; "stats" -> StoreStats counters JSON; "queue_seq" -> be64(next);
//                "correction_seq" -> be64(next correction number)
//   facts        sha256                    -> the file's machine extraction (JSON; replaced when
//                                             extraction is re-run)
//   corrections  sha256 ‖ be64(seq)        -> CorrectionRecord JSON; never rewritten or deleted, a
//                                             prefix scan yields a file's corrections in order
//   chain        kind ‖ id ‖ 0x00 ‖ be64(recorded_from)
//                                          -> be64(recorded_to) ‖ row body (JSON text);
//                                             one entry per revision of an institution-history
//                                             row (store/chain.h). kind is the ChainKind byte
//                                             ('i', 'v', 'e', 'c'); ids never contain 0x00, so
//                                             kind ‖ prefix scans a kind's ids in byte order and
//                                             kind ‖ id ‖ 0x00 one row's revisions, oldest first.
//                                             recorded_to is 2^64-1 while the revision is current; the
//                                             only rewrite ever is closing it (to = the number of
//                                             the transaction that superseded or removed it)
//   chain_tx     be64(number)              -> ChainTx JSON (one per committed chain transaction)
//   chain_curation be64(seq)               -> ChainCuration JSON (append-only curation log)
//   meta (chain) "chain_tx" -> be64(last committed chain transaction; absent = 0);
//                "chain_curation_seq" -> be64(next curation seq)
//
// A chain transaction is one WriteBatch holding its new rows, the closures of the rows it
// supersedes, its chain_tx record and "chain_tx": after a crash a transaction is either recorded
// with all its rows or absent with none of them. A read "as recorded at T" needs no snapshot: a
// later transaction only adds rows with recorded_from > T and closes rows with to > T, neither of
// which changes what T sees.
//
// Column families added in later versions (chain, chain_tx, chain_curation) are created when an
// older store is opened (create_missing_column_families).
//
// Atomicity: every Store mutation is exactly one rocksdb::WriteBatch (WAL on), and it always
// carries the updated "stats" and "queue_seq": a file's record and all chunks of its original
// land together (BeginFile), completion and its queue entry land together (CompleteFile), and the
// counters never disagree with the data after a crash. Mutations are serialised by a mutex in
// KvStore, which makes check-then-write (duplicate BeginFile, AddSource) race-free.
// Lifetime: iterators are scoped inside Scan; column family handles are destroyed before the DB
// is closed and deleted (Debian's RocksDB is built with assertions that abort otherwise).
// Backups: Backup adds a backup with rocksdb::BackupEngine (memtables flushed first; shared,
// incremental table and blob files); RestoreRocksDbBackup restores the newest one into an absent
// or empty directory. Backup engines live only inside those calls.
// -----------------------------------------------------------------------------------------------
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/backup_engine.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "store/internal/kv.h"

namespace sanding::internal {
namespace {

// Converts a RocksDB status into the store's error model, naming the store directory.
Status FromRocks(const rocksdb::Status& s, const std::string& where, const std::string& action) {
  if (s.ok()) return Status::Ok();
  const std::string detail = "（" + s.ToString() + "）";
  if (s.IsNotFound()) return Status::NotFound(where + action + "：数据不存在" + detail);
  if (s.IsCorruption()) return Status::Corruption(where + action + "：数据已损坏" + detail);
  if (s.IsNoSpace()) return Status::IOError(where + action + "：磁盘空间不足" + detail);
  if (s.IsIOError()) {
    if (s.ToString().find("lock") != std::string::npos) {
      return Status::IOError(where + action + "：存储库已被另一个进程打开" + detail);
    }
    return Status::IOError(where + action + "：读写磁盘失败" + detail);
  }
  if (s.IsInvalidArgument()) return Status::InvalidArgument(where + action + "：参数无效" + detail);
  if (s.IsNotSupported()) return Status::Unsupported(where + action + "：不支持的操作" + detail);
  return Status::Internal(where + action + "：RocksDB 内部错误" + detail);
}

// The smallest key greater than every key starting with `prefix` ("" when there is none).
std::string PrefixUpperBound(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    if (static_cast<uint8_t>(s.back()) != 0xFF) {
      s.back() = static_cast<char>(static_cast<uint8_t>(s.back()) + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

class RocksBatch final : public KvBatch {
 public:
  explicit RocksBatch(const std::vector<rocksdb::ColumnFamilyHandle*>& cfs) : cfs_(cfs) {}
  void Put(Cf cf, std::string_view key, std::string_view value) override {
    if (status_.ok())
      status_ = batch_.Put(cfs_[static_cast<int>(cf)], ToSlice(key), ToSlice(value));
  }
  void Delete(Cf cf, std::string_view key) override {
    if (status_.ok()) status_ = batch_.Delete(cfs_[static_cast<int>(cf)], ToSlice(key));
  }
  rocksdb::WriteBatch& batch() { return batch_; }
  const rocksdb::Status& status() const { return status_; }

 private:
  static rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }
  const std::vector<rocksdb::ColumnFamilyHandle*>& cfs_;
  rocksdb::WriteBatch batch_;
  rocksdb::Status status_;  // the first error while building (e.g. a value over 4 GiB)
};

class RocksEngine final : public KvEngine {
 public:
  explicit RocksEngine(std::string dir) : dir_(std::move(dir)), name_("存储库 " + dir_) {}

  ~RocksEngine() override {
    if (db_ == nullptr) return;
    for (rocksdb::ColumnFamilyHandle* h : cfs_) {
      if (h != nullptr) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    cfs_.clear();
    db_->Close().PermitUncheckedError();
    delete db_;
  }

  Status Open() {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return Status::IOError("无法创建存储库目录 " + dir_ + "：" + ec.message());
    rocksdb::DBOptions db_opts;
    db_opts.create_if_missing = true;
    db_opts.create_missing_column_families = true;
    db_opts.max_background_jobs = 2;
    db_opts.keep_log_file_num = 3;
    db_opts.db_write_buffer_size = size_t{128} << 20;  // memtables of all families together
    db_opts.max_total_wal_size = uint64_t{256} << 20;

    const std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
    auto has = [&](rocksdb::CompressionType t) {
      return std::find(supported.begin(), supported.end(), t) != supported.end();
    };
    rocksdb::ColumnFamilyOptions base;
    base.compression = has(rocksdb::kLZ4Compression)      ? rocksdb::kLZ4Compression
                       : has(rocksdb::kSnappyCompression) ? rocksdb::kSnappyCompression
                                                          : rocksdb::kNoCompression;
    if (has(rocksdb::kZSTD)) base.bottommost_compression = rocksdb::kZSTD;
    base.write_buffer_size = size_t{32} << 20;

    std::vector<rocksdb::ColumnFamilyDescriptor> descs;
    descs.emplace_back(rocksdb::kDefaultColumnFamilyName, base);
    for (int i = 0; i < kCfCount; ++i) {
      rocksdb::ColumnFamilyOptions opts = base;
      if (static_cast<Cf>(i) == Cf::kBlobs) {
        // Originals are mostly already-compressed images and PDFs: keep them in blob files,
        // compressed cheaply (LZ4 gives up fast on incompressible data), never garbage-collected
        // because originals are never deleted.
        opts.enable_blob_files = true;
        opts.min_blob_size = 4096;
        opts.blob_file_size = uint64_t{256} << 20;
        opts.blob_compression_type = base.compression;
        opts.enable_blob_garbage_collection = false;
      }
      descs.emplace_back(CfName(static_cast<Cf>(i)), opts);
    }

    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(db_opts, dir_, descs, &handles, &db);
    if (!s.ok()) return FromRocks(s, name_, " 无法打开");
    db_ = db;
    cfs_.assign(handles.begin(), handles.end());
    // handles[0] is the default family, unused; the rest follow Cf's order.
    handles_.assign(handles.begin() + 1, handles.end());
    return Status::Ok();
  }

  Result<std::optional<std::string>> Get(Cf cf, std::string_view key) override {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), Handle(cf),
                                 rocksdb::Slice(key.data(), key.size()), &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return FromRocks(s, name_, std::string(" 读取 ") + CfName(cf) + " 失败");
    return std::optional<std::string>(std::move(value));
  }

  std::unique_ptr<KvBatch> NewBatch() override { return std::make_unique<RocksBatch>(handles_); }

  Status Write(KvBatch& batch) override {
    auto* b = dynamic_cast<RocksBatch*>(&batch);
    if (b == nullptr) return Status::Internal(name_ + " 收到了其他存储引擎的写批次");
    if (!b->status().ok()) return FromRocks(b->status(), name_, " 写入失败");
    return FromRocks(db_->Write(rocksdb::WriteOptions(), &b->batch()), name_, " 写入失败");
  }

  Status Scan(Cf cf, std::string_view prefix, const KvVisitor& fn) override {
    const std::string upper = PrefixUpperBound(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro;
    if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
    rocksdb::Status s;
    {
      // The iterator (and its implicit snapshot) dies here, before anything else can be closed.
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, Handle(cf)));
      for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
        const rocksdb::Slice k = it->key();
        const rocksdb::Slice v = it->value();
        if (!fn(std::string_view(k.data(), k.size()), std::string_view(v.data(), v.size()))) {
          break;
        }
      }
      s = it->status();
    }
    return FromRocks(s, name_, std::string(" 遍历 ") + CfName(cf) + " 失败");
  }

  Status Sync() override { return FromRocks(db_->SyncWAL(), name_, " 同步日志失败"); }

  Status Backup(const std::string& dir) override {
    const std::string where = "备份目录 " + dir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IOError("无法创建" + where + "：" + ec.message());
    if (std::filesystem::equivalent(dir, dir_, ec)) {
      return Status::InvalidArgument(name_ + " 不能备份到存储库自身的目录 " + dir);
    }
    rocksdb::BackupEngine* raw = nullptr;
    rocksdb::IOStatus s = rocksdb::BackupEngine::Open(rocksdb::BackupEngineOptions(dir),
                                                      rocksdb::Env::Default(), &raw);
    if (!s.ok()) return FromRocks(s, where, " 无法打开");
    std::unique_ptr<rocksdb::BackupEngine> engine(raw);  // closed before this call returns
    rocksdb::CreateBackupOptions opts;
    opts.flush_before_backup = true;
    return FromRocks(engine->CreateNewBackup(opts, db_), name_, " 备份到 " + dir + " 失败");
  }

  const std::string& Describe() const override { return name_; }

 private:
  rocksdb::ColumnFamilyHandle* Handle(Cf cf) const { return handles_[static_cast<int>(cf)]; }

  const std::string dir_;
  const std::string name_;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs_;      // every handle, default included
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by Cf
};

}  // namespace

Result<std::unique_ptr<KvEngine>> OpenRocksDbEngine(const std::string& dir) {
  auto engine = std::make_unique<RocksEngine>(dir);
  SANDING_RETURN_IF_ERROR(engine->Open());
  return std::unique_ptr<KvEngine>(std::move(engine));
}

Status RestoreRocksDbBackup(const std::string& backup_dir, const std::string& db_dir) {
  namespace fs = std::filesystem;
  const std::string where = "备份目录 " + backup_dir;
  std::error_code ec;
  if (!fs::is_directory(backup_dir, ec)) {
    return Status::NotFound("无法恢复：" + where + " 不存在或不是目录");
  }
  if (fs::exists(db_dir, ec)) {
    if (!fs::is_directory(db_dir, ec)) {
      return Status::InvalidArgument("无法恢复到 " + db_dir + "：它不是目录");
    }
    if (!fs::is_empty(db_dir, ec) || ec) {
      return Status::AlreadyExists("无法恢复到 " + db_dir +
                                   "：该目录不为空（只能恢复到不存在的或空的目录）");
    }
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(
      rocksdb::BackupEngineOptions(backup_dir), rocksdb::Env::Default(), &raw);
  if (!s.ok()) return FromRocks(s, where, " 无法打开");
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> backups;
  engine->GetBackupInfo(&backups);
  if (backups.empty()) return Status::NotFound("无法恢复：" + where + " 中没有可用的备份");
  fs::create_directories(db_dir, ec);
  if (ec) return Status::IOError("无法创建存储库目录 " + db_dir + "：" + ec.message());
  return FromRocks(engine->RestoreDBFromLatestBackup(db_dir, db_dir), where,
                   " 恢复到 " + db_dir + " 失败");
}

}  // namespace sanding::internal
