// Turns a user's query string into Lucene++ queries, without QueryParser (not thread-safe).
//
// Syntax: terms separated by whitespace, all required (AND); "double quotes" (ASCII " or Chinese
// “ ”) group a phrase. The query is normalised like indexed text (NFKC, lower case). Outside quotes
// each CJK run of two or more ideographs becomes a phrase of its bigrams at consecutive positions,
// a single ideograph a term on its unigram, and each word a term. A quoted phrase becomes one
// clause spanning all its tokens in order (bigrams, words, unigrams of one-ideograph runs).
#pragma once

#include <lucene++/LuceneHeaders.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/internal/analyzer.h"
#include "store/status.h"

namespace sanding::indexer::internal {

inline constexpr size_t kMaxQueryTerms = 1024;

// One required clause: terms with their positions relative to the clause's first term.
struct QueryClause {
  std::vector<std::pair<std::wstring, int32_t>> terms;
  bool operator==(const QueryClause&) const = default;
};

// Parses `query`. InvalidArgument (Chinese message) when quotes are unbalanced, when nothing
// searchable remains, or when the query has more than kMaxQueryTerms terms.
Result<std::vector<QueryClause>> ParseQuery(std::string_view query);

// The clauses a run of tokens yields: one per run when `per_run`, else one for all of them.
std::vector<QueryClause> ClausesFromTokens(const std::vector<Token>& tokens, bool per_run);

// A TermQuery for a one-term clause, else a PhraseQuery with the terms at their positions.
Lucene::QueryPtr BuildClauseQuery(const QueryClause& clause, const Lucene::String& field);
// Every clause as a MUST clause of one BooleanQuery on `field`.
Lucene::BooleanQueryPtr BuildQuery(const std::vector<QueryClause>& clauses,
                                   const Lucene::String& field);

}  // namespace sanding::indexer::internal
