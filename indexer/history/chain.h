// The institution history chain: every institution as a stable identity with a chain of dated
// versions, and the typed, dated events linking institutions. Every fact cites the document
// (file, 文号, page and text span) or the archivist's curation it comes from.
//
// This is the model; build.h derives it from the extracted documents, store_io.h keeps it in the
// store (bitemporally: see store/chain.h) and reads it back as recorded at any transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sanding::history {

// Where a fact comes from: a document (file sha256 + page + span) or a curation.
struct Citation {
  std::string file;        // sha256 of the document's first file; "" for a curation
  std::string doc_number;  // 文号 ("" when the document has none)
  std::string title;       // the document's title
  std::string date;        // the document's date (YYYY-MM-DD)
  uint32_t page = 0;       // 1-based; 0 when the fact is not located on a page
  uint32_t begin = 0;      // UTF-8 byte span in that page's stored text
  uint32_t end = 0;
  uint64_t curation = 0;   // the curation's seq when an archivist stated the fact
  bool operator==(const Citation&) const = default;
};

struct StaffingEntry {
  std::string type;  // 行政编制, 事业编制, 领导职数, 其他编制
  std::string post;  // 领导职数: the post; else ""
  int count = 0;
  bool operator==(const StaffingEntry&) const = default;
};

struct UnitEntry {
  std::string name;
  std::vector<std::string> duties;
  bool operator==(const UnitEntry&) const = default;
};

// One version of an institution, in force on [valid_from, valid_to).
struct Version {
  std::string institution;
  std::string valid_from;  // "" when the start is unknown (before the archive's first mention)
  std::string valid_to;    // "" while in force
  std::string name;
  std::vector<std::string> abbreviations;
  std::string rank;    // 正处级 ... ("" when no document states it)
  std::string kind;    // 行政机关, 党委工作机关, 事业单位, 议事协调机构 ("" when not stated)
  std::string parent;  // supervising institution id ("" none stated)
  std::vector<std::string> duties;  // 主要职责 clauses (the catch-all 交办 clause left out)
  std::vector<UnitEntry> units;
  std::vector<StaffingEntry> staffing;
  // Where each field's value comes from: keys "name", "rank", "kind", "parent", "duties",
  // "units", "staffing", "abbreviations", "start".
  std::map<std::string, Citation> cites;
  std::vector<Citation> sources;  // every document that started or filled this version
  bool operator==(const Version&) const = default;
};

struct Institution {
  std::string id;
  std::string level;       // national, province, city, county ("" when unknown)
  std::string valid_from;  // lifetime; "" when the start is unknown
  std::string valid_to;    // "" while it exists
  std::vector<std::string> names;  // every name it has had, oldest first
  bool operator==(const Institution&) const = default;
};

// Event types: established, renamed, merged, split, abolished, placed_under, rank_changed,
// staffing_changed, duty_transferred (the meaning of from/to as in indexer/extract/facts.h).
struct ChainEvent {
  std::string id;    // stable: derived from type, date, bodies, duty and source
  std::string type;
  std::string date;
  std::vector<std::string> from;  // institution ids
  std::vector<std::string> to;
  std::string duty;
  std::string detail;
  std::string text;  // the sentence as extracted
  Citation source;
  bool operator==(const ChainEvent&) const = default;
};

// Two sources disagreeing about one fact. Both are kept; the chain uses `chosen` and says why.
struct ConflictClaim {
  std::string value;
  Citation source;
  bool operator==(const ConflictClaim&) const = default;
};
struct Conflict {
  std::string id;
  std::string institution;
  std::string field;  // rank, kind, parent, staffing, duties, units, name, event
  std::string date;   // the valid time concerned
  std::vector<ConflictClaim> claims;
  std::string chosen;  // the value the chain uses
  std::string note;    // why (Chinese)
  bool operator==(const Conflict&) const = default;
};

struct Chain {
  std::vector<Institution> institutions;  // by id
  std::vector<Version> versions;          // by institution id, then valid_from
  std::vector<ChainEvent> events;         // by date, then id
  std::vector<Conflict> conflicts;        // by institution, field, date
  std::vector<std::string> notes;         // what could not be placed (Chinese), for `check`

  const Institution* FindInstitution(const std::string& id) const;
  // The versions of one institution, oldest first.
  std::vector<const Version*> VersionsOf(const std::string& id) const;
  // The version in force on `date` (YYYY-MM-DD), or null.
  const Version* VersionAt(const std::string& id, const std::string& date) const;
};

// A version is in force on `date` when valid_from <= date < valid_to ("" bounds are open).
bool InForce(const std::string& valid_from, const std::string& valid_to, const std::string& date);

void to_json(nlohmann::json& j, const Citation& v);
void from_json(const nlohmann::json& j, Citation& v);
void to_json(nlohmann::json& j, const StaffingEntry& v);
void from_json(const nlohmann::json& j, StaffingEntry& v);
void to_json(nlohmann::json& j, const UnitEntry& v);
void from_json(const nlohmann::json& j, UnitEntry& v);
void to_json(nlohmann::json& j, const Version& v);
void from_json(const nlohmann::json& j, Version& v);
void to_json(nlohmann::json& j, const Institution& v);
void from_json(const nlohmann::json& j, Institution& v);
void to_json(nlohmann::json& j, const ChainEvent& v);
void from_json(const nlohmann::json& j, ChainEvent& v);
void to_json(nlohmann::json& j, const ConflictClaim& v);
void from_json(const nlohmann::json& j, ConflictClaim& v);
void to_json(nlohmann::json& j, const Conflict& v);
void from_json(const nlohmann::json& j, Conflict& v);

}  // namespace sanding::history
