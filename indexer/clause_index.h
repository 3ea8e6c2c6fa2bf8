// The duty-clause index: every 主要职责 clause of every version of the history chain, as one
// Lucene++ entry, under DATA/clauses. Derived from the store like the search index (the chain is
// the source of truth; delete the folder and it is rebuilt), and kept in step with the chain's
// transactions by Sync. Used by duty-overlap checks (query/overlap) to find candidate clauses for a
// draft without scoring every clause, and to list the clauses in force in a region on a date.
//
// One entry per (version, clause): fields
//   key     "<institution>\x1f<valid_from>\x1f<index>" (untokenised, stored)
//   version "<institution>\x1f<valid_from>" (untokenised; every clause of a version, for deletes)
//   inst    institution id (untokenised, stored)
//   from/to the version's validity, "0000-00-00" / "9999-12-31" when open (untokenised, for
//           TermRangeFilter: in force on D ⇔ from ≤ D < to)
//   region  history::RegionOf(version name, level) (untokenised, stored)
//   t       the clause's term keys (history::AnalyzeDuty), whitespace-separated, indexed only
//   stored: text, name (the version's name), level, the duties citation (JSON), the analysed terms
//           (compact, so a reader rebuilds WeightedClause without running ICU again), and the
//           version row's body hash (for incremental Sync).
// Writer: MaxFieldLengthUNLIMITED, SerialMergeScheduler, always closed. Thread safety: one
// ClauseIndex may be used from several threads; writes are serialised; readers see the last commit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "indexer/history/chain.h"
#include "indexer/history/duty_terms.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::indexer {

// One indexed clause.
struct ClauseDoc {
  std::string institution;
  std::string name;        // the version's name
  std::string level;       // the institution's level (city, county, national …)
  std::string region;
  std::string valid_from;  // the version's validity ("" open), as in the chain
  std::string valid_to;
  uint32_t index = 0;      // position in the version's duties (0-based)
  std::string text;        // the clause as in the chain
  history::Citation source;  // the version's "duties" citation (else its first source)
  history::DutyTerms terms;  // as AnalyzeDuty(text) returns (read back from the stored field)
};

struct ClauseFilter {
  std::string as_of;   // YYYY-MM-DD: only versions in force that day; "" any version
  std::string region;  // only this region; "" any
  std::vector<std::string> exclude_institutions;
};

struct ClauseCandidate {
  ClauseDoc doc;
  double retrieval = 0;  // the index's score (only for ordering candidates)
};

struct ClauseIndexStats {
  uint64_t clauses = 0;
  uint64_t versions = 0;
  uint64_t chain_tx = 0;  // the chain transaction the index reflects
};

class ClauseIndex {
 public:
  virtual ~ClauseIndex() = default;
  // Opens (creating if needed) the index in `dir`.
  static Result<std::unique_ptr<ClauseIndex>> Open(const std::string& dir);

  // Brings the index to the store's last chain transaction: versions whose row changed, appeared
  // or left are re-indexed / deleted; nothing happens when the index is already there. Commits and
  // records the transaction number in the commit's user data.
  virtual Status Sync(Store& store) = 0;
  // Replaces everything with the clauses of `chain` (tests and benchmarks; records `tx`).
  virtual Status Rebuild(const history::Chain& chain, uint64_t tx) = 0;

  // Clauses sharing terms with `query` (term keys with weights: the query's boosts), filtered,
  // best `k` by the index's own scoring. The candidates for exact scoring.
  virtual Result<std::vector<ClauseCandidate>> Candidates(
      const std::vector<std::pair<std::string, double>>& query, const ClauseFilter& filter,
      size_t k) = 0;
  // How many clauses pass the filter (without reading them).
  virtual Result<uint64_t> Count(const ClauseFilter& filter) = 0;
  // Every clause passing the filter, in key order.
  virtual Result<std::vector<ClauseDoc>> All(const ClauseFilter& filter) = 0;

  // Term statistics over every indexed clause (all versions), for TermWeights.
  virtual Result<history::TermWeights> Weights() = 0;
  virtual Result<ClauseIndexStats> Stats() = 0;
};

}  // namespace sanding::indexer
