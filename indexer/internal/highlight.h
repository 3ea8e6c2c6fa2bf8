// Snippets with the query's matches marked, computed on the stored (NFKC-normalised) page text by
// re-tokenising it and matching the query clauses the same way the index does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/internal/analyzer.h"
#include "indexer/internal/query_builder.h"

namespace sanding::indexer::internal {

inline constexpr char kMarkBegin = '\x01';
inline constexpr char kMarkEnd = '\x02';

struct Span {
  int32_t start = 0;  // code point offsets, [start, end)
  int32_t end = 0;
  bool operator==(const Span&) const = default;
};

// Every place a clause matches `tokens` (all its terms at their relative positions), as spans of
// the tokenised text, sorted and with overlapping or touching spans merged.
std::vector<Span> FindMatches(const std::vector<Token>& tokens,
                              const std::vector<QueryClause>& clauses);

// About `width` code points of `normalized_utf8` (NormalizeForIndex output) around the first
// match, every match wrapped in kMarkBegin ... kMarkEnd, whitespace runs collapsed to one space,
// "…" where text was cut. With no match, the beginning of the text.
std::string MakeSnippet(std::string_view normalized_utf8, const std::vector<QueryClause>& clauses,
                        size_t width = 80);

}  // namespace sanding::indexer::internal
