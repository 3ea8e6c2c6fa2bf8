// Snippets with the query's matches marked, computed on the stored page text by re-tokenising its
// normalised form and matching the query clauses the same way the index does.
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

// About `width` code points of the page text as stored (`original_utf8`, not normalised) around
// the first match, every match wrapped in kMarkBegin ... kMarkEnd. Matching runs on the NFKC,
// case-folded form (as the index does) and maps back to the original characters, so the snippet
// shows the text as written (full-width punctuation kept). Whitespace runs collapse to one space,
// and vanish between two Chinese characters or full-width marks; control characters are dropped;
// "…" marks a cut. With no match, the beginning of the text.
std::string MakeSnippet(std::string_view original_utf8, const std::vector<QueryClause>& clauses,
                        size_t width = 80);

}  // namespace sanding::indexer::internal
