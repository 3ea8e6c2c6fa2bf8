// The stored form of the institution history chain (built in indexer/history): a bitemporal
// table of rows, and the log of archivists' curations it is built with.
//
// Two times. *Valid time* (when a version or an event was in force) lives inside the row bodies
// and is the builder's business. *Recorded time* (when the archive learnt it) is the store's: every
// change to the chain is one numbered transaction (ChainTx), and every row carries the
// transaction that added it (`recorded_from`) and the one that superseded it (`recorded_to`,
// kOpenTx while current). A row is never rewritten except to close it; a read "as recorded at
// transaction T" sees exactly the rows with recorded_from <= T < recorded_to, i.e. what a
// reader saw right after T committed, so a citation of a row stays resolvable forever.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sanding {

// What a row describes; the byte is part of the key (one key space per kind).
enum class ChainKind : char {
  kInstitution = 'i',  // id: institution id
  kVersion = 'v',      // id: institution id + '\x1f' + valid_from ("" when the start is unknown)
  kEvent = 'e',        // id: event id
  kConflict = 'c',     // id: conflict id
  // Derived lookup rows, written with the chain in the same transaction (so they are as
  // bitemporal as what they index) and never read as chain facts; their bodies are binary
  // (CBOR), the other kinds' JSON text:
  kName = 'n',    // id: name key + '\x1f' + institution id (a name or abbreviation it had)
  kCard = 'l',    // id: institution id (its lifetime, events and children in one read)
  kRegion = 'r',  // id: region + '\x1f' + institution id
};
const char* ChainKindName(ChainKind k);  // "institution", "version", "event", "conflict", "name", ...

inline constexpr uint64_t kOpenTx = UINT64_MAX;

struct ChainRow {
  ChainKind kind = ChainKind::kInstitution;
  std::string id;    // unique per kind; any bytes except '\0'
  std::string body;  // JSON text (the builder's schema); bytes for the derived kinds
  uint64_t recorded_from = 0;
  uint64_t recorded_to = kOpenTx;
  bool current() const { return recorded_to == kOpenTx; }
};

// One committed change of the chain.
struct ChainTx {
  uint64_t number = 0;  // 1, 2, 3 ... assigned by the store at commit
  int64_t at_ms = 0;    // when (Unix ms); the caller's value, or the clock when 0
  std::string kind;     // "build" (derived from documents) or "curation"
  std::string by;       // who ("sanding" for builds)
  std::string reason;   // why (Chinese)
  uint64_t added = 0;   // rows added / closed by it (filled by the store)
  uint64_t closed = 0;
};

// A change to apply atomically. Every `put` becomes a new current row (kind, id, body) and closes
// the current row of the same kind and id, if any; every `close` closes a current row without
// replacing it (the row leaves the chain). Putting a body identical to the current row's is
// allowed and writes nothing for that row. Closing a row that is not current is an error.
struct ChainChange {
  std::vector<ChainRow> put;                            // recorded_* ignored
  std::vector<std::pair<ChainKind, std::string>> close;
  ChainTx tx;                                           // kind, by, reason, at_ms
};

// An archivist's curation of the chain, kept forever in an append-only log; the builder applies
// the log in order. `op`:
//   "add_event"     value: an event {type, date, from, to, duty?, detail?} (institution ids)
//   "retract_event" target: an event id; the event no longer counts
//   "set"           value: {institution, date, field, value}: from `date` on, `field` (name, rank,
//                   kind, parent, duties, units, staffing, abbreviations) has `value`
//   "correct"       value: {institution, date, field, value}: the version in force at `date` has
//                   `value` for `field` (no new version)
//   "retract_fact"  value: {institution, field, source}: what document `source` (a file sha256)
//                   says of `field` of the institution no longer counts
//   "withdraw"      withdraws: the seq of an earlier curation, which no longer counts
struct ChainCuration {
  uint64_t seq = 0;        // assigned by the store
  std::string op;
  std::string target;      // retract_event: the event id
  std::string value;       // JSON text
  uint64_t withdraws = 0;  // withdraw: the curation withdrawn
  std::string by;          // who (required)
  std::string reason;      // why (required, Chinese as written)
  int64_t at_ms = 0;       // when; the clock when 0
};

void to_json(nlohmann::json& j, const ChainTx& v);
void from_json(const nlohmann::json& j, ChainTx& v);
void to_json(nlohmann::json& j, const ChainCuration& v);
void from_json(const nlohmann::json& j, ChainCuration& v);

using ChainVisitor = std::function<bool(const ChainRow&)>;

}  // namespace sanding
