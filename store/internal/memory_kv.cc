// The in-memory KvEngine behind Store::NewInMemory: one std::map per key space under a
// shared_mutex. A batch is applied under the exclusive lock, so readers see all of it or none.
// Scans copy entries out in small runs and call the visitor without holding the lock, so a
// visitor may call back into the store (even write to it) without deadlocking.
#include <array>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "store/internal/kv.h"

namespace sanding::internal {
namespace {

class MemoryBatch final : public KvBatch {
 public:
  struct Op {
    Cf cf;
    bool erase;
    std::string key;
    std::string value;
  };
  void Put(Cf cf, std::string_view key, std::string_view value) override {
    ops_.push_back({cf, false, std::string(key), std::string(value)});
  }
  void Delete(Cf cf, std::string_view key) override {
    ops_.push_back({cf, true, std::string(key), {}});
  }
  std::vector<Op>& ops() { return ops_; }

 private:
  std::vector<Op> ops_;
};

class MemoryEngine final : public KvEngine {
 public:
  Result<std::optional<std::string>> Get(Cf cf, std::string_view key) override {
    std::shared_lock lock(mu_);
    const auto& m = maps_[static_cast<int>(cf)];
    auto it = m.find(key);
    if (it == m.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }

  std::unique_ptr<KvBatch> NewBatch() override { return std::make_unique<MemoryBatch>(); }

  Status Write(KvBatch& batch) override {
    auto* b = dynamic_cast<MemoryBatch*>(&batch);
    if (b == nullptr) return Status::Internal("内存存储库收到了其他存储引擎的写批次");
    std::unique_lock lock(mu_);
    for (MemoryBatch::Op& op : b->ops()) {
      auto& m = maps_[static_cast<int>(op.cf)];
      if (op.erase) {
        m.erase(op.key);
      } else {
        m.insert_or_assign(std::move(op.key), std::move(op.value));
      }
    }
    b->ops().clear();
    return Status::Ok();
  }

  Status Scan(Cf cf, std::string_view prefix, const KvVisitor& fn) override {
    constexpr size_t kRun = 64;
    std::vector<std::pair<std::string, std::string>> run;
    std::string after;  // the last key visited; the next run starts after it
    bool first = true;
    while (true) {
      run.clear();
      {
        std::shared_lock lock(mu_);
        const auto& m = maps_[static_cast<int>(cf)];
        auto it = first ? m.lower_bound(prefix) : m.upper_bound(after);
        for (; it != m.end() && run.size() < kRun; ++it) {
          if (it->first.compare(0, prefix.size(), prefix) != 0) break;
          run.emplace_back(it->first, it->second);
        }
      }
      first = false;
      for (const auto& [k, v] : run) {
        if (!fn(k, v)) return Status::Ok();
      }
      if (run.size() < kRun) return Status::Ok();
      after = run.back().first;
    }
  }

  Status Sync() override { return Status::Ok(); }

  Status Backup(const std::string& dir) override {
    return Status::Unsupported("内存存储库不支持备份（备份目录 " + dir + "）");
  }

  const std::string& Describe() const override { return name_; }

 private:
  mutable std::shared_mutex mu_;
  std::array<std::map<std::string, std::string, std::less<>>, kCfCount> maps_;
  const std::string name_ = "内存存储库";
};

}  // namespace

std::unique_ptr<KvEngine> NewMemoryEngine() { return std::make_unique<MemoryEngine>(); }

}  // namespace sanding::internal
