// Turns a parsed query (query_parser.h) into Lucene++ queries over the index's two kinds of entry:
// documents (fields d_*) and pages (p_*).
//
// Every node becomes a query that matches exactly when the node holds and scores by BM25
// (bm25.h): a restriction (boost 0, so it only filters) beside the node's scoring terms.
//
// Words (unquoted text) are normalised like indexed text (NFKC, lower case, 繁→简) and cut into
// runs of ideographs and words of letters/digits. A word must be found in the document (in its text
// or its title, or in the field named), run by run: a letter/digit word or a single ideograph as
// such, a run of 2–4 ideographs as a phrase, a longer run by at least two thirds of its bigrams (so
// one OCR error in a long name does not lose the document; documents holding the exact run rank
// first). Quoted phrases must appear exactly, as one sequence.
//
// A question or sentence is not a list of required words: when the words joined by juxtaposition
// in one AND group hold sentence punctuation (，。？！；、) or a question word (吗 怎么 如何 什么
// 哪些 是否 能否 谁 …), or are kSentenceUnits words or more, or kSentenceIdeographs ideographs or
// more, they are not required one by one (nor are quoted parts among them: in a pasted question
// “ ” are punctuation); the group ranks every document sharing any of their terms
// (relevance search), while the group's fields, phrases, explicit ANDs and NOTs still hold.
//
// Scoring terms: the distinct bigrams (single ideographs for one-ideograph runs) and letter/digit
// words on the text field, the ICU words on the words field (×kWordBoost), and the same grams on
// the title (×kTitleBoost) and 文号 (×kDocNumberBoost) fields.
#pragma once

#include <lucene++/LuceneHeaders.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/internal/analyzer.h"
#include "indexer/internal/bm25.h"
#include "indexer/internal/query_parser.h"
#include "store/status.h"

namespace sanding::indexer::internal {

// Field names of the index (see indexer.cc for what each holds).
namespace fields {
inline const wchar_t* const kKind = L"kind";      // "doc" or "page"
inline const wchar_t* const kDoc = L"doc";        // the document id (its first file's sha)
inline const wchar_t* const kFile = L"sha";       // the file an entry came from (each file)
inline const wchar_t* const kText = L"d_text";    // document: all text (grams)
inline const wchar_t* const kWords = L"d_words";  // document: all text (ICU words)
inline const wchar_t* const kTitle = L"d_title";  // document: title (grams)
inline const wchar_t* const kTitleWords = L"d_title_words";
inline const wchar_t* const kDocNumber = L"d_docno";
inline const wchar_t* const kInstitution = L"d_inst";
inline const wchar_t* const kIssuer = L"d_issuer";
inline const wchar_t* const kKindLabel = L"d_kind";  // 三定规定, 批复 ... (grams)
inline const wchar_t* const kYear = L"d_year";       // 4 digits, not analysed
inline const wchar_t* const kAccess = L"d_access";   // "内部" for internal documents
inline const wchar_t* const kPageText = L"p_text";
inline const wchar_t* const kPageWords = L"p_words";
}  // namespace fields

inline constexpr size_t kMaxQueryTerms = 1024;
inline constexpr size_t kSentenceUnits = 4;
inline constexpr size_t kSentenceIdeographs = 20;
inline constexpr double kWordBoost = 1.0;
inline constexpr double kTitleBoost = 1.5;
inline constexpr double kDocNumberBoost = 3.0;

// One highlightable sequence: terms with their positions relative to the first term.
struct QueryClause {
  std::vector<std::pair<std::wstring, int32_t>> terms;
  bool operator==(const QueryClause&) const = default;
};

// The clauses a run of tokens yields: one per run when `per_run`, else one for all of them
// (unigrams of runs that have bigrams are left out).
std::vector<QueryClause> ClausesFromTokens(const std::vector<Token>& tokens, bool per_run);

struct BuildContext {
  std::shared_ptr<const Bm25Stats> documents;  // statistics of the document entries
  std::shared_ptr<const Bm25Stats> pages;      // of the page entries
  // How many document entries hold `term` in `field` (null: unknown). A sentence's terms found in
  // more than kCommonShare of the documents are left out of its scoring: their BM25 weight is
  // next to nothing and their postings are the longest (Lucene's "common terms" idea).
  std::function<int32_t(const wchar_t* field, const std::wstring& term)> doc_freq;
};

inline constexpr double kCommonShare = 0.05;

struct BuiltQuery {
  Lucene::QueryPtr documents;  // matches and ranks document entries
  // Page entries of a matching document: a page matches when it holds any of the query's free
  // text (words, phrases, sentences outside NOT) and ranks by it; null when the query has only
  // field conditions.
  Lucene::QueryPtr page_match;
  std::vector<QueryClause> highlight;  // what snippets mark
  bool relevance_mode = false;         // some group was read as a sentence (see above)
};

// InvalidArgument (Chinese) when the query has more than kMaxQueryTerms terms.
Result<BuiltQuery> BuildQueries(const QueryNode& root, const BuildContext& context);

}  // namespace sanding::indexer::internal
