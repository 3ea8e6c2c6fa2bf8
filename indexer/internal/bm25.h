// BM25 ranking inside Lucene++ (which only knows classic TF-IDF): a term query whose scorer
// computes
//
//   boost · idf(t) · f·(k1 + 1) / (f + k1·(1 − b + b·dl/avgdl)),   idf = ln(1 + (N − df + 0.5)/(df
//   + 0.5))
//
// with f the term's frequency in the entry's field, dl the field's length in tokens (read back from
// the one-byte norm written at index time) and avgdl / N over the entries of one kind (documents or
// pages; both live in one index, the kind's fields are disjoint). Scores are raw BM25 sums: the
// searcher's Bm25Similarity turns query normalisation and coordination off, so a clause's boost is
// its weight. Phrase and range clauses used only to restrict matches carry boost 0.
#pragma once

// LuceneHeaders.h must precede the other Lucene++ headers.
// clang-format off
#include <lucene++/LuceneHeaders.h>
#include <lucene++/DefaultSimilarity.h>
// clang-format on

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sanding::indexer::internal {

using Lucene::String;  // LUCENE_CLASS names it unqualified

inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;

// The similarity of the index writer (norms: 1/sqrt(tokens), as Lucene's default, so the length can
// be decoded) and of the searcher (no query norm, no coord: plain sums of clause scores).
class Bm25Similarity : public Lucene::DefaultSimilarity {
 public:
  ~Bm25Similarity() override;
  LUCENE_CLASS(Bm25Similarity);
  double queryNorm(double sum_of_squared_weights) override;
  double coord(int32_t overlap, int32_t max_overlap) override;
};

// Collection statistics of one kind of entry: how many there are and the average length of each of
// their fields. Computed once per opened reader.
struct Bm25Stats {
  int32_t entries = 0;
  std::map<std::wstring, double> average_length;  // field -> mean tokens over the kind's entries
  double AverageLength(const std::wstring& field) const;
};

// Statistics over the live entries whose `kind_field` equals `kind_value`, for `fields`.
Bm25Stats ComputeBm25Stats(const Lucene::IndexReaderPtr& reader, const String& kind_field,
                           const String& kind_value, const std::vector<std::wstring>& fields);

// Decoded field length of a norm byte (1/norm², as written by Bm25Similarity).
double NormToLength(uint8_t norm);

class Bm25TermQuery : public Lucene::Query {
 public:
  Bm25TermQuery(const Lucene::TermPtr& term, std::shared_ptr<const Bm25Stats> stats);
  ~Bm25TermQuery() override;
  LUCENE_CLASS(Bm25TermQuery);

  const Lucene::TermPtr& term() const { return term_; }
  const std::shared_ptr<const Bm25Stats>& stats() const { return stats_; }

  Lucene::WeightPtr createWeight(const Lucene::SearcherPtr& searcher) override;
  void extractTerms(Lucene::SetTerm terms) override;
  String toString(const String& field) override;
  Lucene::LuceneObjectPtr clone(const Lucene::LuceneObjectPtr& other) override;
  bool equals(const Lucene::LuceneObjectPtr& other) override;
  int32_t hashCode() override;

 private:
  Lucene::TermPtr term_;
  std::shared_ptr<const Bm25Stats> stats_;
};

}  // namespace sanding::indexer::internal
