// Query service: what `sanding search` and the server call. Combines the index's ranked documents
// with the store's records (sources, page methods) and renders the documented JSON.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "indexer/indexer.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::query {

struct SearchOptions {
  size_t offset = 0;
  size_t limit = 10;  // Default: 10
  indexer::SearchRequest::Sort sort = indexer::SearchRequest::Sort::kRelevance;
  bool include_internal = false;  // the caller may see 内部 documents
  size_t facet_limit = 10;        // values per facet; 0 = none
};

// The JSON answer of `sanding search --json` (schema in docs/cli.md).
Result<nlohmann::json> SearchJson(indexer::Index& index, Store& store, const std::string& query,
                                  const SearchOptions& options);

// Human-readable answer for a terminal; `color` marks hits with ANSI bold red, else with 【】.
// Facets (year, kind, issuer, institution) follow the hits when options.facet_limit > 0.
Result<std::string> SearchText(indexer::Index& index, Store& store, const std::string& query,
                               const SearchOptions& options, bool color);

}  // namespace sanding::query
