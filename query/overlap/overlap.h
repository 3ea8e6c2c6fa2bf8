// Duty overlap (职能交叉) checks: before a body is set up or given new duties, which existing bodies
// already hold them (在新增职能、新设机构前，先进行比对分析、问题提示), and region-wide, which bodies'
// current duties overlap each other.
//
// Candidates come from the duty-clause index (indexer/clause_index.h); every candidate is then
// scored exactly by history::ScoreDuties, so the index only decides what is looked at, never a
// score. A duty that a recorded event moved from A to B (职责划转, or A merged into B) is not
// reported against A's version that still prints it: the clause is listed as moved, with the event.
// For a draft, the event may name either A's clause or the draft clause itself (the record says the
// duty left A, whichever of A's clauses resembles it).
//
// Thread safety: functions are reentrant; the ClauseIndex and Source they are given must be usable
// from the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "indexer/clause_index.h"
#include "indexer/history/duty_terms.h"
#include "query/lineage/lineage.h"
#include "store/status.h"

namespace sanding::overlap {

struct Options {
  std::string as_of;    // YYYY-MM-DD; "" = today
  std::string region;   // only bodies of this region ("" any)
  double threshold = history::kOverlapThreshold;
  size_t per_clause = 5;     // best matches kept per draft clause
  size_t candidates = 200;   // index candidates scored per draft clause
  std::vector<std::string> exclude_institutions;  // e.g. the body the draft belongs to
};

// A duty clause to check.
struct DraftClause {
  std::string number;  // as printed ("（三）"), "" none
  std::string text;
};

// Where the draft came from (plain text, or a document in the archive).
struct DraftSource {
  std::string label;     // file name, or the document's 文号/title
  std::string sha256;    // the archived document, "" for plain text
};

// One existing clause matching a draft clause.
struct ClauseMatch {
  std::string institution;
  std::string name;            // the body's name in force at as_of
  std::string version_from, version_to;  // the version holding the clause
  uint32_t clause_index = 0;   // 0-based in that version's duties
  std::string text;
  double score = 0;
  std::vector<std::string> shared;                        // key terms both share, heaviest first
  std::vector<std::pair<uint32_t, uint32_t>> draft_marks;  // byte spans in the draft clause
  std::vector<std::pair<uint32_t, uint32_t>> marks;        // byte spans in `text`
  history::Citation source;
};

// A clause that would have matched but whose duty a recorded event moved away from its body.
struct MovedMatch {
  ClauseMatch match;
  std::string event_id, event_type, date;
  std::vector<std::string> to;         // the bodies it went to (ids)
  std::vector<std::string> to_names;   // … as named on the event's date
  history::Citation source;            // the event's document
};

struct DraftClauseResult {
  DraftClause clause;
  // score ≥ threshold, best first (score, then institution id, then clause), at most one per
  // body (its best clause) and at most per_clause in all.
  std::vector<ClauseMatch> matches;
  std::vector<MovedMatch> moved;     // excluded because the duty moved (shown, not counted)
};

// Per existing body: how much of the draft it already holds (the 查重 summary).
struct BodyOverlap {
  std::string institution;
  std::string name;
  size_t clauses = 0;    // draft clauses it overlaps (counted before the per_clause cut)
  double share = 0;      // clauses / draft clauses
  double best = 0;       // its best score
};

struct DraftReport {
  Options options;       // as_of filled in
  DraftSource source;
  std::vector<DraftClauseResult> clauses;
  std::vector<BodyOverlap> bodies;  // by clauses desc, then best desc, then id
  size_t overlapping = 0;           // draft clauses with at least one match
  uint64_t indexed_clauses = 0;     // clauses considered (in force at as_of, region)
};

// Splits a plain-text draft into clauses with the extraction's duty splitter
// (extract::ExtractDutyList); the catch-all 交办 clause is dropped.
std::vector<DraftClause> SplitDraft(const std::string& text);

// Clauses printed in the draft's own document (from.sha256) are never compared with it.
// InvalidArgument (Chinese) for a malformed as_of or a threshold outside [0, 1].
Result<DraftReport> CheckDraft(indexer::ClauseIndex& index, lineage::Source& source,
                               const std::vector<DraftClause>& draft, const DraftSource& from,
                               const Options& options);

// Region-wide: every pair of bodies whose duties in force overlap.
struct ClausePair {
  uint32_t a_index = 0, b_index = 0;  // clause positions in each body's version
  std::string a_text, b_text;
  double score = 0;
  std::vector<std::string> shared;
  std::vector<std::pair<uint32_t, uint32_t>> a_marks, b_marks;
};
struct PairOverlap {
  std::string a, b;             // institution ids, a < b
  std::string a_name, b_name;   // as on as_of
  std::string a_version, b_version;  // valid_from of the versions compared
  history::Citation a_source, b_source;
  size_t clause_pairs = 0;           // clause pairs at or above the threshold (not moved)
  std::vector<ClausePair> pairs;     // the best of them, best first (at most Options::per_clause)
  double best = 0;
  std::vector<MovedMatch> moved;     // pairs excluded because an event moved the duty (at most
                                     // per_clause shown)
};
struct RegionReport {
  Options options;
  size_t bodies = 0;              // bodies with duties in force
  size_t clauses = 0;
  uint64_t candidate_pairs = 0;   // clause pairs scored exactly
  uint64_t clause_pairs = 0;      // clause pairs found in all (not moved)
  std::vector<PairOverlap> pairs; // by number of clause pairs desc, best desc, ids
  // Body pairs all of whose overlapping clause pairs an event moved (pairs empty, moved filled),
  // by ids: shown, not counted.
  std::vector<PairOverlap> moved;
};

// Candidates: an in-memory inverted index over each clause's weighted key terms, probed with each
// clause's prefix of heaviest terms (prefix filtering): deterministic, run to run and thread count.
// `threads` 0 = the hardware's; the Source is only used from the calling thread.
Result<RegionReport> CheckRegion(indexer::ClauseIndex& index, lineage::Source& source,
                                 const Options& options, unsigned threads = 0);

// Renderings (Chinese): terminal text (`color`: ANSI bold for shared terms, else 【】), the JSON
// documented in docs/cli.md, and a self-contained HTML page (inline CSS, prints on A4).
std::string RenderText(const DraftReport& r, bool color);
std::string RenderText(const RegionReport& r, bool color);
nlohmann::json ToJson(const DraftReport& r);
nlohmann::json ToJson(const RegionReport& r);
std::string RenderHtml(const DraftReport& r);
std::string RenderHtml(const RegionReport& r);

}  // namespace sanding::overlap
