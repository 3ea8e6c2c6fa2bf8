// The truth-consistency check of a corpus directory (the sample corpus or a scale archive).
//
// Reads <dir>/truth/*.json and <dir>/docs/*.txt and reports every inconsistency it finds, as
// Chinese messages naming the file and the problem: events that name unknown institutions or
// fall outside their lifetimes, overlapping or unordered versions, truth fields that do not
// appear in the document's text, missing event types or traps, too few pairs or queries.
#pragma once

#include <string>
#include <vector>

namespace sanding::corpus {

struct CheckOptions {
  int min_institutions = 0;
  int min_documents = 0;
  bool require_event_types = false;  // all nine event types present
  bool require_traps = false;        // every trap of the sample corpus present (reads traps.json)
  int min_overlaps = 0;              // reads overlap_pairs.json when > 0 (also near misses)
  int min_queries = 0;               // reads queries.json when > 0
};

// The nine event types, in the order the README lists them.
const std::vector<std::string>& EventTypes();

// Returns the problems found; empty when the corpus is consistent.
std::vector<std::string> CheckCorpus(const std::string& dir, const CheckOptions& options);

}  // namespace sanding::corpus
