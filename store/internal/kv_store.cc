// The Store logic shared by the RocksDB and in-memory backends. The key layout is documented at
// the top of store/internal/rocksdb_kv.cc.
//
// Locking: `mu_` serialises every mutating method, so each read-check-write (BeginFile's
// existence check, AddSource's read-modify-write, the counters) is race-free; the write itself is
// one KvBatch, so it is also atomic. Readers take no store lock: they read the engine directly.
// Counters (StoreStats) live in Cf::kMeta and are rewritten in the batch of every mutation, so
// after a crash they agree with the data. Expensive work (hashing, JSON encoding, chunking the
// original) happens before the lock is taken.
#include "store/internal/kv_store.h"

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "store/text.h"

namespace sanding::internal {
namespace {

constexpr size_t kChunkSize = size_t{1} << 20;  // originals are stored in 1 MiB pieces
constexpr char kStatsKey[] = "stats";
constexpr char kQueueSeqKey[] = "queue_seq";
constexpr char kSchemaKey[] = "schema";
constexpr char kSchemaVersion[] = "1";
constexpr char kCorrectionSeqKey[] = "correction_seq";
constexpr char kChainTxKey[] = "chain_tx";                     // be64(last committed transaction)
constexpr char kChainCurationSeqKey[] = "chain_curation_seq";  // be64(next curation seq)
constexpr size_t kShaLen = 64;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

uint64_t ReadBigEndian(std::string_view s, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n && i < s.size(); ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

template <typename T>
Status Encode(const T& rec, const std::string& what, std::string* out) {
  try {
    *out = nlohmann::json(rec).dump();
    return Status::Ok();
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(what + " 无法保存：记录中含有无效的 UTF-8 文本（" + e.what() +
                                   "）");
  }
}

template <typename T>
Status Decode(std::string_view bytes, const std::string& what, T* rec) {
  try {
    nlohmann::json::parse(bytes).get_to(*rec);
    return Status::Ok();
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(what + " 的存储记录已损坏：" + e.what());
  }
}

std::string EncodeStats(const StoreStats& s) {
  return nlohmann::json{{"files_complete", s.files_complete},
                        {"files_pending", s.files_pending},
                        {"pages", s.pages},
                        {"failures", s.failures},
                        {"original_bytes", s.original_bytes},
                        {"index_pending", s.index_pending}}
      .dump();
}

Status DecodeStats(std::string_view bytes, const std::string& where, StoreStats* s) {
  try {
    auto j = nlohmann::json::parse(bytes);
    j.at("files_complete").get_to(s->files_complete);
    j.at("files_pending").get_to(s->files_pending);
    j.at("pages").get_to(s->pages);
    j.at("failures").get_to(s->failures);
    j.at("original_bytes").get_to(s->original_bytes);
    j.at("index_pending").get_to(s->index_pending);
    return Status::Ok();
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(where + " 的统计计数已损坏：" + e.what());
  }
}

std::string FileLabel(const std::string& sha) { return "文件 " + sha; }

std::string PageLabel(const std::string& sha, uint32_t page) {
  return "文件 " + sha + " 第 " + std::to_string(page) + " 页";
}

Status CheckSha(std::string_view sha) {
  if (IsSha256Hex(sha)) return Status::Ok();
  return Status::InvalidArgument("无效的 SHA-256 标识“" + text::SanitizeUtf8(sha) +
                                 "”：应为 64 位小写十六进制数字");
}

class KvStore final : public Store {
 public:
  explicit KvStore(std::unique_ptr<KvEngine> kv) : kv_(std::move(kv)) {}

  Status Load();

  Status BeginFile(const FileRecord& rec, std::string_view original) override;
  Result<FileRecord> GetFile(const std::string& sha256) override;
  Result<bool> AddSource(const std::string& sha256, const SourceRef& src) override;
  Result<std::string> GetOriginal(const std::string& sha256) override;
  Status CompleteFile(const std::string& sha256, const std::string& title) override;
  Status ForEachFile(const std::function<bool(const FileRecord&)>& fn) override;

  Status PutPage(const PageRecord& page) override;
  Result<PageRecord> GetPage(const std::string& sha256, uint32_t page) override;
  Result<std::vector<PageRecord>> GetPages(const std::string& sha256) override;
  Status ForEachPage(const std::function<bool(const PageRecord&)>& fn) override;

  Status RecordFailure(const FailureRecord& f) override;
  Status ClearFailure(const std::string& source) override;
  Result<std::vector<FailureRecord>> ListFailures() override;

  Result<std::vector<std::string>> PendingIndex() override;
  Status AckIndexed(const std::vector<std::string>& sha256s) override;
  Status RequeueAll() override;

  Status PutFacts(const std::string& sha256, const std::string& facts_json) override;
  Result<std::optional<std::string>> GetFacts(const std::string& sha256) override;
  Result<CorrectionRecord> AddCorrection(const CorrectionRecord& c) override;
  Result<std::vector<CorrectionRecord>> ListCorrections(const std::string& sha256) override;

  Result<ChainTx> CommitChain(const ChainChange& change) override;
  Result<uint64_t> LastChainTx() override;
  Status ScanChain(ChainKind kind, std::string_view id_prefix, uint64_t as_recorded,
                   const ChainVisitor& fn) override;
  Result<std::vector<ChainRow>> ChainRowHistory(ChainKind kind, std::string_view id) override;
  Result<std::vector<ChainTx>> ListChainTx() override;
  Result<ChainCuration> AddChainCuration(const ChainCuration& c) override;
  Result<std::vector<ChainCuration>> ListChainCurations() override;

  Status Backup(const std::string& dir) override { return kv_->Backup(dir); }

  Result<StoreStats> Stats() override;
  Status Sync() override;

 private:
  // The current revision of a chain row, or nullopt when the row has none.
  // REQUIRES: mu_ held (so that it stays current until the caller's write).
  Result<std::optional<ChainRow>> CurrentChainRow(ChainKind kind, const std::string& id);
  // The file's record, or nullopt when it is not stored.
  Result<std::optional<FileRecord>> LoadFile(const std::string& sha);
  // Adds the queue entries for `sha` to `batch` unless it is already queued.
  // REQUIRES: mu_ held.
  Status Enqueue(KvBatch& batch, const std::string& sha, StoreStats& stats, uint64_t& seq);
  // Writes `batch` with the new counters; adopts them once the write succeeded.
  // REQUIRES: mu_ held.
  Status Commit(KvBatch& batch, const StoreStats& stats, uint64_t seq);
  // Counts everything by scanning (used when the counters are missing).
  Status Recount(StoreStats* stats, uint64_t* next_seq);

  std::unique_ptr<KvEngine> kv_;
  std::mutex mu_;  // serialises mutations; guards stats_ and next_seq_
  StoreStats stats_;
  uint64_t next_seq_ = 1;
};

Status KvStore::Load() {
  auto schema = kv_->Get(Cf::kMeta, kSchemaKey);
  if (!schema.ok()) return schema.status();
  if (schema->has_value() && **schema != kSchemaVersion) {
    return Status::Unsupported(kv_->Describe() + " 的格式版本“" + text::SanitizeUtf8(**schema) +
                               "”不受支持（本程序使用版本 " + kSchemaVersion + "）");
  }
  auto stats = kv_->Get(Cf::kMeta, kStatsKey);
  if (!stats.ok()) return stats.status();
  auto seq = kv_->Get(Cf::kMeta, kQueueSeqKey);
  if (!seq.ok()) return seq.status();
  std::lock_guard lock(mu_);
  if (schema->has_value() && stats->has_value() && seq->has_value()) {
    SANDING_RETURN_IF_ERROR(DecodeStats(**stats, kv_->Describe(), &stats_));
    if ((*seq)->size() != 8) {
      return Status::Corruption(kv_->Describe() + " 的索引队列序号已损坏");
    }
    next_seq_ = ReadBigEndian(**seq, 8);
    return Status::Ok();
  }
  StoreStats counted;
  uint64_t next = 1;
  SANDING_RETURN_IF_ERROR(Recount(&counted, &next));
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kMeta, kSchemaKey, kSchemaVersion);
  return Commit(*batch, counted, next);
}

Status KvStore::Recount(StoreStats* stats, uint64_t* next_seq) {
  StoreStats s;
  Status err;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kFiles, "", [&](std::string_view, std::string_view v) {
    FileRecord rec;
    err = Decode(v, kv_->Describe() + " 中的文件记录", &rec);
    if (!err.ok()) return false;
    (rec.state == FileState::kComplete ? s.files_complete : s.files_pending)++;
    s.original_bytes += rec.size;
    return true;
  }));
  SANDING_RETURN_IF_ERROR(err);
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kPages, "", [&](std::string_view, std::string_view) {
    ++s.pages;
    return true;
  }));
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kFailures, "", [&](std::string_view, std::string_view) {
    ++s.failures;
    return true;
  }));
  uint64_t last = 0;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kIndexQueue, "", [&](std::string_view k, std::string_view) {
    ++s.index_pending;
    last = ReadBigEndian(k, 8);
    return true;
  }));
  *stats = s;
  *next_seq = last + 1;
  return Status::Ok();
}

Result<std::optional<FileRecord>> KvStore::LoadFile(const std::string& sha) {
  SANDING_RETURN_IF_ERROR(CheckSha(sha));
  auto raw = kv_->Get(Cf::kFiles, sha);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<FileRecord>();
  FileRecord rec;
  SANDING_RETURN_IF_ERROR(Decode(**raw, FileLabel(sha), &rec));
  return std::optional<FileRecord>(std::move(rec));
}

Status KvStore::Enqueue(KvBatch& batch, const std::string& sha, StoreStats& stats, uint64_t& seq) {
  auto pos = kv_->Get(Cf::kQueuePos, sha);
  if (!pos.ok()) return pos.status();
  if (pos->has_value()) return Status::Ok();  // queued once: it keeps its place
  const std::string seq_key = BigEndian64(seq++);
  batch.Put(Cf::kIndexQueue, seq_key + sha, "");
  batch.Put(Cf::kQueuePos, sha, seq_key);
  ++stats.index_pending;
  return Status::Ok();
}

Status KvStore::Commit(KvBatch& batch, const StoreStats& stats, uint64_t seq) {
  batch.Put(Cf::kMeta, kStatsKey, EncodeStats(stats));
  batch.Put(Cf::kMeta, kQueueSeqKey, BigEndian64(seq));
  SANDING_RETURN_IF_ERROR(kv_->Write(batch));
  stats_ = stats;
  next_seq_ = seq;
  return Status::Ok();
}

Status KvStore::BeginFile(const FileRecord& rec, std::string_view original) {
  SANDING_RETURN_IF_ERROR(CheckSha(rec.sha256));
  const std::string label = "文件“" + text::SanitizeUtf8(rec.name) + "”（" + rec.sha256 + "）";
  if (rec.state != FileState::kPending) {
    return Status::InvalidArgument(label + " 的新记录状态必须为 pending");
  }
  if (text::Sha256Hex(original) != rec.sha256) {
    return Status::InvalidArgument(label + " 的内容与其 SHA-256 标识不符");
  }
  FileRecord stored = rec;
  stored.size = original.size();
  stored.completed_at_ms = 0;
  if (stored.ingested_at_ms == 0) stored.ingested_at_ms = NowMs();
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(stored, label, &json));

  auto batch = kv_->NewBatch();
  batch->Put(Cf::kFiles, rec.sha256, json);
  for (size_t off = 0, chunk = 0; off < original.size(); off += kChunkSize, ++chunk) {
    batch->Put(Cf::kBlobs, rec.sha256 + BigEndian32(static_cast<uint32_t>(chunk)),
               original.substr(off, kChunkSize));
  }

  std::lock_guard lock(mu_);
  auto existing = kv_->Get(Cf::kFiles, rec.sha256);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return Status::AlreadyExists(label + " 已在" + kv_->Describe() + "中，不再重复保存");
  }
  StoreStats next = stats_;
  ++next.files_pending;
  next.original_bytes += stored.size;
  return Commit(*batch, next, next_seq_);
}

Result<FileRecord> KvStore::GetFile(const std::string& sha256) {
  auto rec = LoadFile(sha256);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) {
    return Status::NotFound(kv_->Describe() + " 中没有" + FileLabel(sha256));
  }
  return std::move(**rec);
}

Result<bool> KvStore::AddSource(const std::string& sha256, const SourceRef& src) {
  SANDING_RETURN_IF_ERROR(CheckSha(sha256));
  std::lock_guard lock(mu_);
  auto rec = LoadFile(sha256);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) {
    return Status::NotFound("无法为" + FileLabel(sha256) + " 添加来源“" +
                            text::SanitizeUtf8(src.Display()) + "”：" + kv_->Describe() +
                            " 中没有该文件");
  }
  FileRecord& r = **rec;
  for (const SourceRef& s : r.sources) {
    if (s == src) return false;
  }
  r.sources.push_back(src);
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(r, FileLabel(sha256) + " 的来源“" + src.Display() + "”", &json));
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kFiles, sha256, json);
  SANDING_RETURN_IF_ERROR(Commit(*batch, stats_, next_seq_));
  return true;
}

Result<std::string> KvStore::GetOriginal(const std::string& sha256) {
  auto rec = GetFile(sha256);
  if (!rec.ok()) return rec.status();
  std::string out;
  out.reserve(rec->size);
  uint32_t expected_chunk = 0;
  bool gap = false;
  SANDING_RETURN_IF_ERROR(
      kv_->Scan(Cf::kBlobs, sha256, [&](std::string_view k, std::string_view v) {
        if (k.size() != kShaLen + 4 || ReadBigEndian(k.substr(kShaLen), 4) != expected_chunk) {
          gap = true;
          return false;
        }
        ++expected_chunk;
        out.append(v);
        return true;
      }));
  if (gap || out.size() != rec->size) {
    return Status::Corruption(FileLabel(sha256) + " 的原件在" + kv_->Describe() +
                              "中已损坏：应为 " + std::to_string(rec->size) + " 字节，读到 " +
                              std::to_string(out.size()) + " 字节" + (gap ? "（分块不连续）" : ""));
  }
  return out;
}

Status KvStore::CompleteFile(const std::string& sha256, const std::string& title) {
  SANDING_RETURN_IF_ERROR(CheckSha(sha256));
  std::lock_guard lock(mu_);
  auto rec = LoadFile(sha256);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) {
    return Status::NotFound("无法完成" + FileLabel(sha256) + "：" + kv_->Describe() +
                            " 中没有该文件");
  }
  FileRecord& r = **rec;
  StoreStats next = stats_;
  uint64_t seq = next_seq_;
  if (r.state == FileState::kPending) {
    r.state = FileState::kComplete;
    r.completed_at_ms = NowMs();
    --next.files_pending;
    ++next.files_complete;
  }
  r.title = title;
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(r, FileLabel(sha256) + " 的标题", &json));
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kFiles, sha256, json);
  SANDING_RETURN_IF_ERROR(Enqueue(*batch, sha256, next, seq));
  return Commit(*batch, next, seq);
}

Status KvStore::ForEachFile(const std::function<bool(const FileRecord&)>& fn) {
  Status err;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kFiles, "", [&](std::string_view k, std::string_view v) {
    FileRecord rec;
    err = Decode(v, FileLabel(std::string(k)), &rec);
    if (!err.ok()) return false;
    return fn(rec);
  }));
  return err;
}

Status KvStore::PutPage(const PageRecord& page) {
  SANDING_RETURN_IF_ERROR(CheckSha(page.sha256));
  const std::string label = PageLabel(page.sha256, page.page);
  if (page.page == 0) return Status::InvalidArgument(label + "：页码从 1 开始");
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(page, label, &json));
  const std::string key = page.sha256 + BigEndian32(page.page);

  std::lock_guard lock(mu_);
  auto rec = LoadFile(page.sha256);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) {
    return Status::NotFound("无法保存" + label + "：" + kv_->Describe() + " 中没有该文件");
  }
  auto existing = kv_->Get(Cf::kPages, key);
  if (!existing.ok()) return existing.status();
  StoreStats next = stats_;
  uint64_t seq = next_seq_;
  if (!existing->has_value()) ++next.pages;
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kPages, key, json);
  // A page replaced after completion makes the file's index entry stale.
  if ((*rec)->state == FileState::kComplete) {
    SANDING_RETURN_IF_ERROR(Enqueue(*batch, page.sha256, next, seq));
  }
  return Commit(*batch, next, seq);
}

Result<PageRecord> KvStore::GetPage(const std::string& sha256, uint32_t page) {
  SANDING_RETURN_IF_ERROR(CheckSha(sha256));
  auto raw = kv_->Get(Cf::kPages, sha256 + BigEndian32(page));
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) {
    return Status::NotFound(kv_->Describe() + " 中没有" + PageLabel(sha256, page));
  }
  PageRecord rec;
  SANDING_RETURN_IF_ERROR(Decode(**raw, PageLabel(sha256, page), &rec));
  return rec;
}

Result<std::vector<PageRecord>> KvStore::GetPages(const std::string& sha256) {
  auto file = GetFile(sha256);
  if (!file.ok()) return file.status();
  std::vector<PageRecord> pages;
  Status err;
  SANDING_RETURN_IF_ERROR(
      kv_->Scan(Cf::kPages, sha256, [&](std::string_view k, std::string_view v) {
        PageRecord rec;
        err = Decode(
            v, PageLabel(sha256, static_cast<uint32_t>(ReadBigEndian(k.substr(kShaLen), 4))), &rec);
        if (!err.ok()) return false;
        pages.push_back(std::move(rec));
        return true;
      }));
  SANDING_RETURN_IF_ERROR(err);
  return pages;
}

Status KvStore::ForEachPage(const std::function<bool(const PageRecord&)>& fn) {
  Status err;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kPages, "", [&](std::string_view k, std::string_view v) {
    PageRecord rec;
    const std::string sha(k.substr(0, kShaLen));
    err =
        Decode(v, PageLabel(sha, static_cast<uint32_t>(ReadBigEndian(k.substr(kShaLen), 4))), &rec);
    if (!err.ok()) return false;
    return fn(rec);
  }));
  return err;
}

Status KvStore::RecordFailure(const FailureRecord& f) {
  if (f.source.empty()) return Status::InvalidArgument("失败记录缺少来源路径");
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(f, "“" + text::SanitizeUtf8(f.source) + "”的失败记录", &json));
  std::lock_guard lock(mu_);
  auto existing = kv_->Get(Cf::kFailures, f.source);
  if (!existing.ok()) return existing.status();
  StoreStats next = stats_;
  if (!existing->has_value()) ++next.failures;
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kFailures, f.source, json);
  return Commit(*batch, next, next_seq_);
}

Status KvStore::ClearFailure(const std::string& source) {
  std::lock_guard lock(mu_);
  auto existing = kv_->Get(Cf::kFailures, source);
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return Status::Ok();
  StoreStats next = stats_;
  --next.failures;
  auto batch = kv_->NewBatch();
  batch->Delete(Cf::kFailures, source);
  return Commit(*batch, next, next_seq_);
}

Result<std::vector<FailureRecord>> KvStore::ListFailures() {
  std::vector<FailureRecord> out;
  Status err;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kFailures, "", [&](std::string_view k, std::string_view v) {
    FailureRecord rec;
    err = Decode(v, "“" + text::SanitizeUtf8(k) + "”的失败记录", &rec);
    if (!err.ok()) return false;
    out.push_back(std::move(rec));
    return true;
  }));
  SANDING_RETURN_IF_ERROR(err);
  return out;
}

Result<std::vector<std::string>> KvStore::PendingIndex() {
  std::vector<std::string> out;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kIndexQueue, "", [&](std::string_view k, std::string_view) {
    out.emplace_back(k.substr(8));
    return true;
  }));
  return out;
}

Status KvStore::AckIndexed(const std::vector<std::string>& sha256s) {
  for (const std::string& sha : sha256s) SANDING_RETURN_IF_ERROR(CheckSha(sha));
  std::lock_guard lock(mu_);
  StoreStats next = stats_;
  auto batch = kv_->NewBatch();
  std::set<std::string_view> done;
  for (const std::string& sha : sha256s) {
    if (!done.insert(sha).second) continue;
    auto pos = kv_->Get(Cf::kQueuePos, sha);
    if (!pos.ok()) return pos.status();
    if (!pos->has_value()) continue;  // not queued (acked twice): nothing to do
    batch->Delete(Cf::kIndexQueue, **pos + sha);
    batch->Delete(Cf::kQueuePos, sha);
    --next.index_pending;
  }
  if (done.empty() || next.index_pending == stats_.index_pending) return Status::Ok();
  return Commit(*batch, next, next_seq_);
}

Status KvStore::RequeueAll() {
  std::lock_guard lock(mu_);
  StoreStats next = stats_;
  uint64_t seq = next_seq_;
  auto batch = kv_->NewBatch();
  Status err;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kFiles, "", [&](std::string_view k, std::string_view v) {
    FileRecord rec;
    err = Decode(v, FileLabel(std::string(k)), &rec);
    if (err.ok() && rec.state == FileState::kComplete) err = Enqueue(*batch, rec.sha256, next, seq);
    return err.ok();
  }));
  SANDING_RETURN_IF_ERROR(err);
  return Commit(*batch, next, seq);
}

Result<StoreStats> KvStore::Stats() {
  std::lock_guard lock(mu_);
  return stats_;
}

Status KvStore::Sync() { return kv_->Sync(); }

}  // namespace

std::string BigEndian32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 3; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xFF);
  return s;
}

std::string BigEndian64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xFF);
  return s;
}

Status KvStore::PutFacts(const std::string& sha256, const std::string& facts_json) {
  SANDING_RETURN_IF_ERROR(CheckSha(sha256));
  if (!text::IsValidUtf8(facts_json)) {
    return Status::InvalidArgument(FileLabel(sha256) + " 的提取结果含有无效的 UTF-8 文本");
  }
  std::lock_guard lock(mu_);
  auto rec = LoadFile(sha256);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) {
    return Status::NotFound("无法保存" + FileLabel(sha256) + " 的提取结果：" + kv_->Describe() +
                            " 中没有该文件");
  }
  StoreStats next = stats_;
  uint64_t seq = next_seq_;
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kFacts, sha256, facts_json);
  // The index carries extracted fields: the file is indexed again.
  if ((*rec)->state == FileState::kComplete) {
    SANDING_RETURN_IF_ERROR(Enqueue(*batch, sha256, next, seq));
  }
  return Commit(*batch, next, seq);
}

Result<std::optional<std::string>> KvStore::GetFacts(const std::string& sha256) {
  SANDING_RETURN_IF_ERROR(CheckSha(sha256));
  return kv_->Get(Cf::kFacts, sha256);
}

Result<CorrectionRecord> KvStore::AddCorrection(const CorrectionRecord& c) {
  SANDING_RETURN_IF_ERROR(CheckSha(c.sha256));
  if (c.by.empty() || c.reason.empty()) {
    return Status::InvalidArgument("更正必须写明更正人和原因");
  }
  std::lock_guard lock(mu_);
  auto rec = LoadFile(c.sha256);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) {
    return Status::NotFound("无法更正" + FileLabel(c.sha256) + "：" + kv_->Describe() +
                            " 中没有该文件");
  }
  auto raw_seq = kv_->Get(Cf::kMeta, kCorrectionSeqKey);
  if (!raw_seq.ok()) return raw_seq.status();
  CorrectionRecord out = c;
  out.seq = raw_seq->has_value() ? ReadBigEndian(**raw_seq, 8) : 1;
  if (out.at_ms == 0) out.at_ms = NowMs();
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(out, FileLabel(c.sha256) + " 的更正", &json));
  StoreStats next = stats_;
  uint64_t seq = next_seq_;
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kCorrections, c.sha256 + BigEndian64(out.seq), json);
  batch->Put(Cf::kMeta, kCorrectionSeqKey, BigEndian64(out.seq + 1));
  if ((*rec)->state == FileState::kComplete) {
    SANDING_RETURN_IF_ERROR(Enqueue(*batch, c.sha256, next, seq));
  }
  SANDING_RETURN_IF_ERROR(Commit(*batch, next, seq));
  return out;
}

Result<std::vector<CorrectionRecord>> KvStore::ListCorrections(const std::string& sha256) {
  SANDING_RETURN_IF_ERROR(CheckSha(sha256));
  std::vector<CorrectionRecord> out;
  Status err;
  SANDING_RETURN_IF_ERROR(
      kv_->Scan(Cf::kCorrections, sha256, [&](std::string_view, std::string_view v) {
        CorrectionRecord rec;
        err = Decode(v, FileLabel(sha256) + " 的更正记录", &rec);
        if (!err.ok()) return false;
        out.push_back(std::move(rec));
        return true;
      }));
  SANDING_RETURN_IF_ERROR(err);
  return out;
}

// ---- The institution history chain ------------------------------------------------------------

namespace {

bool IsChainKind(ChainKind k) {
  switch (k) {
    case ChainKind::kInstitution:
    case ChainKind::kVersion:
    case ChainKind::kEvent:
    case ChainKind::kConflict:
    case ChainKind::kName:
    case ChainKind::kCard:
    case ChainKind::kRegion:
      return true;
  }
  return false;
}

const char* ChainKindLabel(ChainKind k) {
  switch (k) {
    case ChainKind::kInstitution:
      return "机构";
    case ChainKind::kVersion:
      return "机构版本";
    case ChainKind::kEvent:
      return "事件";
    case ChainKind::kConflict:
      return "冲突";
    case ChainKind::kName:
      return "名称索引";
    case ChainKind::kCard:
      return "沿革卡片";
    case ChainKind::kRegion:
      return "地区索引";
  }
  return "未知类别";
}

std::string ChainRowLabel(ChainKind kind, std::string_view id) {
  return std::string("历史链") + ChainKindLabel(kind) + "行“" + text::SanitizeUtf8(id) + "”";
}

Status CheckChainKind(ChainKind kind) {
  if (IsChainKind(kind)) return Status::Ok();
  return Status::InvalidArgument(
      "未知的历史链行类别（" + std::to_string(static_cast<int>(static_cast<uint8_t>(kind))) + "）");
}

Status CheckChainId(ChainKind kind, std::string_view id) {
  SANDING_RETURN_IF_ERROR(CheckChainKind(kind));
  if (id.empty()) {
    return Status::InvalidArgument(std::string("历史链") + ChainKindLabel(kind) + "行的标识为空");
  }
  if (id.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(ChainRowLabel(kind, id) + " 的标识含有空字符（\\0），不能保存");
  }
  return Status::Ok();
}

// kind byte + id + '\0': every revision of one row.
std::string ChainRowPrefix(ChainKind kind, std::string_view id) {
  std::string k(1, static_cast<char>(kind));
  k.append(id);
  k.push_back('\0');
  return k;
}

// be64(recorded_to) ‖ body: the closing number is read without parsing the body.
std::string EncodeChainValue(uint64_t to, const std::string& body) {
  std::string v = BigEndian64(to);
  v.append(body);
  return v;
}

// Decodes one kChain entry (key and value) into `row`.
Status DecodeChainRow(std::string_view key, std::string_view value, const std::string& where,
                      ChainRow* row) {
  if (key.size() < 1 + 1 + 8 || key[key.size() - 9] != '\0') {
    return Status::Corruption(where + " 中的历史链行键已损坏");
  }
  row->kind = static_cast<ChainKind>(key[0]);
  row->id.assign(key.substr(1, key.size() - 10));
  row->recorded_from = ReadBigEndian(key.substr(key.size() - 8), 8);
  if (value.size() < 8) {
    return Status::Corruption(where + " 中" + ChainRowLabel(row->kind, row->id) + " 的存储记录已损坏");
  }
  row->recorded_to = ReadBigEndian(value.substr(0, 8), 8);
  row->body.assign(value.substr(8));
  return Status::Ok();
}

bool ChainOpNeedsValue(const std::string& op) {
  return op == "add_event" || op == "set" || op == "correct" || op == "retract_fact";
}

bool IsChainOp(const std::string& op) {
  return ChainOpNeedsValue(op) || op == "retract_event" || op == "withdraw";
}

}  // namespace

Result<std::optional<ChainRow>> KvStore::CurrentChainRow(ChainKind kind, const std::string& id) {
  std::optional<ChainRow> current;
  Status err;
  SANDING_RETURN_IF_ERROR(
      kv_->Scan(Cf::kChain, ChainRowPrefix(kind, id), [&](std::string_view k, std::string_view v) {
        ChainRow row;
        err = DecodeChainRow(k, v, kv_->Describe(), &row);
        if (!err.ok()) return false;
        if (!row.current()) return true;
        if (current.has_value()) {
          err = Status::Corruption(kv_->Describe() + " 中" + ChainRowLabel(kind, id) +
                                   " 有不止一个当前版本");
          return false;
        }
        current = std::move(row);
        return true;
      }));
  SANDING_RETURN_IF_ERROR(err);
  return current;
}

Result<ChainTx> KvStore::CommitChain(const ChainChange& change) {
  // Validation that needs no store state happens before the lock.
  std::set<std::pair<ChainKind, std::string_view>> seen;
  for (const ChainRow& r : change.put) {
    SANDING_RETURN_IF_ERROR(CheckChainId(r.kind, r.id));
    // Fact rows are JSON text; the derived lookup rows are binary (CBOR, see chain.h).
    const bool binary = r.kind == ChainKind::kName || r.kind == ChainKind::kCard || r.kind == ChainKind::kRegion;
    if (!binary && !text::IsValidUtf8(r.body)) {
      return Status::InvalidArgument(ChainRowLabel(r.kind, r.id) + " 的内容含有无效的 UTF-8 文本");
    }
    if (!seen.insert({r.kind, r.id}).second) {
      return Status::InvalidArgument("同一次历史链变更中" + ChainRowLabel(r.kind, r.id) +
                                     " 出现了不止一次");
    }
  }
  for (const auto& [kind, id] : change.close) {
    SANDING_RETURN_IF_ERROR(CheckChainId(kind, id));
    if (!seen.insert({kind, id}).second) {
      return Status::InvalidArgument("同一次历史链变更中" + ChainRowLabel(kind, id) +
                                     " 出现了不止一次（既写入又关闭，或重复关闭）");
    }
  }
  if (!text::IsValidUtf8(change.tx.kind) || !text::IsValidUtf8(change.tx.by) ||
      !text::IsValidUtf8(change.tx.reason)) {
    return Status::InvalidArgument("历史链变更的说明（类别、执行人或原因）含有无效的 UTF-8 文本");
  }

  std::lock_guard lock(mu_);
  auto last = LastChainTx();
  if (!last.ok()) return last.status();
  const uint64_t number = *last + 1;
  auto batch = kv_->NewBatch();
  ChainTx tx = change.tx;
  tx.added = 0;
  tx.closed = 0;
  for (const ChainRow& r : change.put) {
    auto current = CurrentChainRow(r.kind, r.id);
    if (!current.ok()) return current.status();
    const std::string prefix = ChainRowPrefix(r.kind, r.id);
    if (current->has_value()) {
      const ChainRow& old = **current;
      if (old.body == r.body) continue;  // nothing changes for this row
      batch->Put(Cf::kChain, prefix + BigEndian64(old.recorded_from),
                 EncodeChainValue(number, old.body));
      ++tx.closed;
    }
    batch->Put(Cf::kChain, prefix + BigEndian64(number), EncodeChainValue(kOpenTx, r.body));
    ++tx.added;
  }
  for (const auto& [kind, id] : change.close) {
    auto current = CurrentChainRow(kind, id);
    if (!current.ok()) return current.status();
    if (!current->has_value()) {
      return Status::InvalidArgument("无法关闭" + ChainRowLabel(kind, id) + "：" + kv_->Describe() +
                                     " 中该行没有当前版本");
    }
    batch->Put(Cf::kChain, ChainRowPrefix(kind, id) + BigEndian64((*current)->recorded_from),
               EncodeChainValue(number, (*current)->body));
    ++tx.closed;
  }
  if (tx.added == 0 && tx.closed == 0) {
    tx.number = 0;
    return tx;  // nothing would change: nothing is written
  }
  tx.number = number;
  if (tx.at_ms == 0) tx.at_ms = NowMs();
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(tx, "历史链事务 " + std::to_string(number), &json));
  batch->Put(Cf::kChainTx, BigEndian64(number), json);
  batch->Put(Cf::kMeta, kChainTxKey, BigEndian64(number));
  SANDING_RETURN_IF_ERROR(kv_->Write(*batch));
  return tx;
}

Result<uint64_t> KvStore::LastChainTx() {
  auto raw = kv_->Get(Cf::kMeta, kChainTxKey);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return uint64_t{0};
  if ((*raw)->size() != 8) {
    return Status::Corruption(kv_->Describe() + " 的历史链事务编号已损坏");
  }
  return ReadBigEndian(**raw, 8);
}

Status KvStore::ScanChain(ChainKind kind, std::string_view id_prefix, uint64_t as_recorded,
                          const ChainVisitor& fn) {
  SANDING_RETURN_IF_ERROR(CheckChainKind(kind));
  if (id_prefix.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("历史链标识前缀“" + text::SanitizeUtf8(id_prefix) +
                                   "”含有空字符（\\0）");
  }
  if (as_recorded == 0) return Status::Ok();  // before the first transaction: nothing
  std::string prefix(1, static_cast<char>(kind));
  prefix.append(id_prefix);
  Status err;
  SANDING_RETURN_IF_ERROR(
      kv_->Scan(Cf::kChain, prefix, [&](std::string_view k, std::string_view v) {
        // The revision number is in the key: skip later revisions without decoding them.
        if (k.size() >= 8 && ReadBigEndian(k.substr(k.size() - 8), 8) > as_recorded) return true;
        ChainRow row;
        err = DecodeChainRow(k, v, kv_->Describe(), &row);
        if (!err.ok()) return false;
        if (!(row.recorded_from <= as_recorded && as_recorded < row.recorded_to)) return true;
        return fn(row);
      }));
  return err;
}

Result<std::vector<ChainRow>> KvStore::ChainRowHistory(ChainKind kind, std::string_view id) {
  SANDING_RETURN_IF_ERROR(CheckChainId(kind, id));
  std::vector<ChainRow> out;
  Status err;
  SANDING_RETURN_IF_ERROR(
      kv_->Scan(Cf::kChain, ChainRowPrefix(kind, id), [&](std::string_view k, std::string_view v) {
        ChainRow row;
        err = DecodeChainRow(k, v, kv_->Describe(), &row);
        if (!err.ok()) return false;
        out.push_back(std::move(row));
        return true;
      }));
  SANDING_RETURN_IF_ERROR(err);
  return out;
}

Result<std::vector<ChainTx>> KvStore::ListChainTx() {
  std::vector<ChainTx> out;
  Status err;
  SANDING_RETURN_IF_ERROR(kv_->Scan(Cf::kChainTx, "", [&](std::string_view k, std::string_view v) {
    ChainTx tx;
    err =
        Decode(v, kv_->Describe() + " 中的历史链事务 " + std::to_string(ReadBigEndian(k, 8)), &tx);
    if (!err.ok()) return false;
    out.push_back(std::move(tx));
    return true;
  }));
  SANDING_RETURN_IF_ERROR(err);
  return out;
}

Result<ChainCuration> KvStore::AddChainCuration(const ChainCuration& c) {
  const std::string label = "历史链校订（" + text::SanitizeUtf8(c.op) + "）";
  if (!IsChainOp(c.op)) {
    return Status::InvalidArgument(
        "未知的历史链校订操作“" + text::SanitizeUtf8(c.op) +
        "”：应为 add_event、retract_event、set、correct、retract_fact 或 withdraw");
  }
  if (c.by.empty()) return Status::InvalidArgument(label + " 必须写明校订人");
  if (c.reason.empty()) return Status::InvalidArgument(label + " 必须写明原因");
  if (ChainOpNeedsValue(c.op)) {
    if (c.value.empty()) return Status::InvalidArgument(label + " 缺少内容（value）");
    if (!nlohmann::json::accept(c.value)) {
      return Status::InvalidArgument(label + " 的内容（value）不是有效的 JSON：" +
                                     text::SanitizeUtf8(c.value));
    }
  }
  if (c.op == "retract_event" && c.target.empty()) {
    return Status::InvalidArgument(label + " 必须指明撤销的事件（target）");
  }
  if (c.op == "withdraw" && c.withdraws == 0) {
    return Status::InvalidArgument(label + " 必须指明撤回的校订编号（withdraws）");
  }
  if (c.op != "withdraw" && c.withdraws != 0) {
    return Status::InvalidArgument(label + "：只有 withdraw 操作可以指定撤回的校订编号");
  }

  std::lock_guard lock(mu_);
  auto raw_seq = kv_->Get(Cf::kMeta, kChainCurationSeqKey);
  if (!raw_seq.ok()) return raw_seq.status();
  ChainCuration out = c;
  out.seq = raw_seq->has_value() ? ReadBigEndian(**raw_seq, 8) : 1;
  if (c.op == "withdraw") {
    auto target = kv_->Get(Cf::kChainCuration, BigEndian64(c.withdraws));
    if (!target.ok()) return target.status();
    const std::string which = "第 " + std::to_string(c.withdraws) + " 号校订";
    if (!target->has_value()) {
      return Status::NotFound("无法撤回" + which + "：" + kv_->Describe() + " 中没有该校订");
    }
    ChainCuration withdrawn;
    SANDING_RETURN_IF_ERROR(Decode(**target, kv_->Describe() + " 中的" + which, &withdrawn));
    if (withdrawn.op == "withdraw") {
      return Status::InvalidArgument("无法撤回" + which + "：它本身是一次撤回");
    }
    Status err;
    bool already = false;
    SANDING_RETURN_IF_ERROR(
        kv_->Scan(Cf::kChainCuration, "", [&](std::string_view k, std::string_view v) {
          ChainCuration other;
          err = Decode(
              v, kv_->Describe() + " 中的第 " + std::to_string(ReadBigEndian(k, 8)) + " 号校订",
              &other);
          if (!err.ok()) return false;
          already = other.op == "withdraw" && other.withdraws == c.withdraws;
          return !already;
        }));
    SANDING_RETURN_IF_ERROR(err);
    if (already) return Status::InvalidArgument("无法撤回" + which + "：它已被撤回");
  }
  if (out.at_ms == 0) out.at_ms = NowMs();
  std::string json;
  SANDING_RETURN_IF_ERROR(Encode(out, label, &json));
  auto batch = kv_->NewBatch();
  batch->Put(Cf::kChainCuration, BigEndian64(out.seq), json);
  batch->Put(Cf::kMeta, kChainCurationSeqKey, BigEndian64(out.seq + 1));
  SANDING_RETURN_IF_ERROR(kv_->Write(*batch));
  return out;
}

Result<std::vector<ChainCuration>> KvStore::ListChainCurations() {
  std::vector<ChainCuration> out;
  Status err;
  SANDING_RETURN_IF_ERROR(
      kv_->Scan(Cf::kChainCuration, "", [&](std::string_view k, std::string_view v) {
        ChainCuration c;
        err = Decode(
            v, kv_->Describe() + " 中的第 " + std::to_string(ReadBigEndian(k, 8)) + " 号校订", &c);
        if (!err.ok()) return false;
        out.push_back(std::move(c));
        return true;
      }));
  SANDING_RETURN_IF_ERROR(err);
  return out;
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != kShaLen) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

const char* CfName(Cf cf) {
  switch (cf) {
    case Cf::kFiles:
      return "files";
    case Cf::kBlobs:
      return "blobs";
    case Cf::kPages:
      return "pages";
    case Cf::kFailures:
      return "failures";
    case Cf::kIndexQueue:
      return "index_queue";
    case Cf::kQueuePos:
      return "queue_pos";
    case Cf::kMeta:
      return "meta";
    case Cf::kFacts:
      return "facts";
    case Cf::kCorrections:
      return "corrections";
    case Cf::kChain:
      return "chain";
    case Cf::kChainTx:
      return "chain_tx";
    case Cf::kChainCuration:
      return "chain_curation";
  }
  return "unknown";
}

Result<std::unique_ptr<Store>> NewKvStore(std::unique_ptr<KvEngine> engine) {
  auto store = std::make_unique<KvStore>(std::move(engine));
  SANDING_RETURN_IF_ERROR(store->Load());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace sanding::internal

namespace sanding {

Result<std::unique_ptr<Store>> Store::OpenRocksDb(const std::string& dir) {
  auto engine = internal::OpenRocksDbEngine(dir);
  if (!engine.ok()) return engine.status();
  return internal::NewKvStore(std::move(engine).value());
}

Status Store::RestoreRocksDb(const std::string& backup_dir, const std::string& db_dir) {
  return internal::RestoreRocksDbBackup(backup_dir, db_dir);
}

std::unique_ptr<Store> Store::NewInMemory() {
  auto store = internal::NewKvStore(internal::NewMemoryEngine());
  // An empty in-memory engine cannot fail to load: there is nothing to read or decode.
  return std::move(store).value();
}

}  // namespace sanding
