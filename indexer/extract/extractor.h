// Extract: the whole understanding of one document (head, sections, events, names), and the review
// flags for what the extractor is unsure of. ExtractAll runs it over a store.
//
// Thread safety: Extract is a pure function of its inputs (the resolver is read-only).
#pragma once

#include <string>
#include <vector>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/facts.h"
#include "indexer/extract/names.h"

namespace sanding::extract {

// Changes whenever extraction rules change, so stored machine facts can be recomputed.
inline constexpr char kExtractorVersion[] = "extract-3";

struct ExtractOptions {
  const NameResolver* resolver = nullptr;       // no resolution when null
  const DocNumberPrefixes* prefixes = nullptr;  // no 文号 prefix correction when null
  // OCR mean confidences of the pages (0..100, -1 for text layers): a field read from a page
  // below `review_confidence` is flagged for review.
  std::vector<double> page_confidence;
  double review_confidence = 80;
};

DocumentFacts Extract(const DocText& doc, const ExtractOptions& options = {});

}  // namespace sanding::extract
