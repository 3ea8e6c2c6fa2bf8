// What changed between two versions of an institution: fields, duty clauses aligned clause to
// clause (added, removed, reworded with the changed words marked, unchanged), internal units and
// staffing deltas.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/history/chain.h"
#include "query/lineage/lineage.h"
#include "store/status.h"

namespace sanding::lineage {

// A run of text in a reworded clause; `changed` marks words not in the other clause.
struct Segment {
  std::string text;
  bool changed = false;
  bool operator==(const Segment&) const = default;
};

struct ClauseChange {
  std::string change;  // "same", "reworded", "added", "removed"
  std::string before;  // "" for added
  std::string after;   // "" for removed
  double similarity = 0;  // in [0, 1]; 1 for same; reworded: the pairing score (Dice, raised
                          // by containment of one clause in the other), >= kRewordedThreshold
  std::vector<Segment> before_marks; // reworded: `before` split into runs (concatenation == before)
  std::vector<Segment> after_marks;  // reworded: `after` split into runs
  bool operator==(const ClauseChange&) const = default;
};

struct FieldChange {
  std::string field;  // name, rank, kind, parent, abbreviations
  std::string before, after;
  bool operator==(const FieldChange&) const = default;
};

struct UnitChange {
  std::string change;  // "added", "removed", "renamed", "changed" (its duties differ), "same"
  std::string before, after;  // unit names
  std::vector<ClauseChange> duties;  // "changed"/"renamed": its duty clauses aligned
  bool operator==(const UnitChange&) const = default;
};

struct StaffingChange {
  std::string type;  // 行政编制, 事业编制, 领导职数, 其他编制
  std::string post;
  int before = 0, after = 0;  // 0 when absent on that side
  int delta = 0;
  bool operator==(const StaffingChange&) const = default;
};

struct VersionDiff {
  std::string institution;
  std::string before_from, before_to, before_name;  // the versions compared (their periods)
  std::string after_from, after_to, after_name;
  std::vector<FieldChange> fields;      // only fields that differ
  std::vector<ClauseChange> duties;     // in the order of `after`, removed ones where they stood
  std::vector<UnitChange> units;        // every unit, after's order, removed ones last
  std::vector<StaffingChange> staffing; // only entries that differ
  size_t added = 0, removed = 0, reworded = 0, same = 0;  // duty clause counts
};

// Similarity of two clauses in [0, 1]: Dice over character bigrams of their NameKey-normalised
// text (繁/简, 全角/半角 and punctuation ignored).
double ClauseSimilarity(const std::string& a, const std::string& b);

// Clauses at or above this similarity are the same duty reworded.
inline constexpr double kRewordedThreshold = 0.5;

// Aligns `before` to `after` one to one (best pairs first), marks words in reworded clauses
// (ICU word boundaries, longest common subsequence of words).
std::vector<ClauseChange> AlignClauses(const std::vector<std::string>& before,
                                       const std::vector<std::string>& after);

VersionDiff DiffVersions(const history::Version& before, const history::Version& after);

// The versions of `id` in force on two dates, diffed; InvalidArgument (Chinese) when no version
// is in force on one of them.
Result<VersionDiff> DiffDates(Source& source, const std::string& id, const std::string& date_a,
                              const std::string& date_b);

// True for a YYYY-MM-DD date (digits and dashes in place; the calendar is not checked).
bool IsIsoDate(const std::string& s);

// A point to compare, as a date inside the version meant: a YYYY-MM-DD date as given, or "v2" /
// "#2" / "2" (the 2nd version of `id`, oldest first); InvalidArgument (Chinese) otherwise.
Result<std::string> DiffPointDate(Source& source, const std::string& id, const std::string& point);

// Text report (Chinese): reworded clauses with changed words in 【】.
std::string RenderDiff(const VersionDiff& diff);

void to_json(nlohmann::json& j, const Segment& v);
void to_json(nlohmann::json& j, const ClauseChange& v);
void to_json(nlohmann::json& j, const FieldChange& v);
void to_json(nlohmann::json& j, const UnitChange& v);
void to_json(nlohmann::json& j, const StaffingChange& v);
void to_json(nlohmann::json& j, const VersionDiff& v);

}  // namespace sanding::lineage
