// The history chain against a corpus's truth (truth/institutions.json and lineage.json): which
// truth institutions the chain has (matched by their names and lifetime: the chain's ids are its
// own), lifetimes, versions (period and name), the fields documents state (rank, kind, parent:
// compared where the chain has a value; a value no document states must stay empty), duties,
// units and staffing of versions a 三定 in the archive sets (directly or by inheritance), and
// events (type, date, bodies, duty, source document).
//
// `source_ids` maps a citation's file (sha256) to the truth document id; the clean-text test uses
// the ids themselves as files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/history/chain.h"
#include "tools/quality/quality.h"

namespace sanding::quality {

struct HistoryReport {
  uint64_t truth_institutions = 0, chain_institutions = 0, matched_institutions = 0;
  Counts lifetimes;       // start (when the archive shows it) and end both right
  Counts versions;        // period and name right (institutions with the right version count)
  Counts version_counts;  // institutions with as many versions as the truth
  Counts stated;          // rank / kind / parent values the chain has, equal to the truth's
  Counts content;         // documented versions whose duties, units and staffing are all right
  F1 events;
  std::vector<std::string> diffs;  // one line per difference (Chinese)
  nlohmann::json ToJson() const;
};

// `truth_institutions` and `lineage` as in corpus/truth; `documents` is truth/documents.json.
HistoryReport ScoreChain(const history::Chain& chain, const nlohmann::json& truth_institutions,
                         const nlohmann::json& lineage, const nlohmann::json& documents,
                         const std::map<std::string, std::string>& source_ids);

}  // namespace sanding::quality
