// The Store implementation shared by every backend: key layout, record encoding, counters and
// locking over a KvEngine (see store/internal/kv.h and the design notes in rocksdb_kv.cc).
#pragma once

#include <memory>

#include "store/internal/kv.h"
#include "store/store.h"

namespace sanding::internal {

// Opens a Store over `engine`: loads the counters kept in Cf::kMeta (recounting by a full scan
// when they are absent, e.g. in a store written before they existed).
Result<std::unique_ptr<Store>> NewKvStore(std::unique_ptr<KvEngine> engine);

// Key encodings, exposed for tests.
std::string BigEndian32(uint32_t v);
std::string BigEndian64(uint64_t v);
// True for 64 lowercase hex digits, the only form of sha256 the store accepts.
bool IsSha256Hex(std::string_view s);

}  // namespace sanding::internal
