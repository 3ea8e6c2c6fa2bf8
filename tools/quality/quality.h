// Extraction quality against a corpus's truth (corpus/truth/documents.json and institutions.json):
// field accuracy (文号, date, kind, issuer, title, access 内部/公开, subject institutions), duty-clause segmentation
// F1, event F1 and exact staffing, over the clean texts or over what sanding read from a store
// loaded with the corpus rendered as scans. Used by `sanding-quality` and its tests.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/extract/facts.h"
#include "indexer/extract/names.h"
#include "indexer/history/chain.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::quality {

struct Counts {
  uint64_t correct = 0, total = 0;
  double Rate() const { return total == 0 ? 1.0 : static_cast<double>(correct) / total; }
};

struct F1 {
  uint64_t matched = 0, predicted = 0, truth = 0;
  double Precision() const { return predicted == 0 ? 1.0 : static_cast<double>(matched) / predicted; }
  double Recall() const { return truth == 0 ? 1.0 : static_cast<double>(matched) / truth; }
  double Score() const {
    const double p = Precision(), r = Recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

struct Report {
  uint64_t documents = 0;
  std::map<std::string, Counts> fields;  // doc_number, date, kind, issuer, title, access, subjects
  F1 duties, units, events, staffing;
  uint64_t staffing_exact = 0, staffing_truth = 0;  // truth staffing items found exactly
  uint64_t review_flags = 0, documents_flagged = 0;
  // Wrong fields with no review flag on that field: what a reader could trust and be misled by.
  uint64_t silent_misses = 0;
  std::vector<std::string> misses;  // one line per wrong field (for --verbose)
  double StaffingExact() const {
    return staffing_truth == 0 ? 1.0 : static_cast<double>(staffing_exact) / staffing_truth;
  }
  nlohmann::json ToJson() const;
};

// Scores one document's facts against its truth entry. `fuzzy_text`: duty clauses and unit names
// match at a normalised edit distance <= 0.1 (OCR'd text), otherwise exactly after removing
// spaces and final punctuation.
void Score(const extract::DocumentFacts& facts, const nlohmann::json& truth, bool fuzzy_text,
           Report* report);

struct CorpusTruth {
  std::string dir;
  nlohmann::json documents;     // truth/documents.json
  nlohmann::json institutions;  // truth/institutions.json
  nlohmann::json lineage;       // truth/lineage.json
  std::shared_ptr<const extract::Authority> authority;  // from truth/institutions.json
};
Result<CorpusTruth> LoadTruth(const std::string& corpus_dir);

struct RunOptions {
  bool correction = true;  // OCR correction of names and 文号 prefixes
};

// Extracts every corpus document from its clean text (docs/<id>.txt) and scores it.
Result<Report> ScoreCleanText(const CorpusTruth& truth, const RunOptions& options);

// Extracts every document of `store` (loaded with the corpus rendered by sanding-scansim) from
// its stored pages and scores it against the truth document its source names: members are named
// "<year>年/<文号 as written> <title…>[_第N页].<ext>". Documents the truth does not know are
// counted in *unmatched.
// With `chain`, also the history chain built from what was read (as `sanding` builds it), and in
// `source_ids` each document's file sha256 -> truth document id.
Result<Report> ScoreStore(const CorpusTruth& truth, Store& store, const RunOptions& options,
                          uint64_t* unmatched, history::Chain* chain = nullptr,
                          std::map<std::string, std::string>* source_ids = nullptr);

}  // namespace sanding::quality
