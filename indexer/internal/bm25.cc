#include "indexer/internal/bm25.h"

#include <lucene++/Explanation.h>
#include <lucene++/TermDocs.h>

#include <array>
#include <cmath>
#include <utility>

namespace sanding::indexer::internal {

Bm25Similarity::~Bm25Similarity() = default;

double Bm25Similarity::queryNorm(double /*sum_of_squared_weights*/) { return 1.0; }

double Bm25Similarity::coord(int32_t /*overlap*/, int32_t /*max_overlap*/) { return 1.0; }

double NormToLength(uint8_t norm) {
  static const std::array<double, 256> kTable = [] {
    std::array<double, 256> t{};
    for (int b = 0; b < 256; ++b) {
      const double f = Lucene::Similarity::decodeNorm(static_cast<uint8_t>(b));
      t[static_cast<size_t>(b)] = f > 0 ? 1.0 / (f * f) : 0.0;
    }
    return t;
  }();
  return kTable[norm];
}

double Bm25Stats::AverageLength(const std::wstring& field) const {
  auto it = average_length.find(field);
  return it == average_length.end() || it->second <= 0 ? 1.0 : it->second;
}

Bm25Stats ComputeBm25Stats(const Lucene::IndexReaderPtr& reader, const String& kind_field,
                           const String& kind_value, const std::vector<std::wstring>& fields) {
  Bm25Stats stats;
  std::vector<int32_t> docs;
  Lucene::TermDocsPtr td =
      reader->termDocs(Lucene::newLucene<Lucene::Term>(kind_field, kind_value));
  while (td->next()) docs.push_back(td->doc());
  td->close();
  stats.entries = static_cast<int32_t>(docs.size());
  for (const std::wstring& field : fields) {
    // A histogram of the norm bytes, summed in byte order: the mean does not depend on the order
    // of the entries (a rebuilt index answers with the same scores to the last digit).
    std::array<uint64_t, 256> histogram{};
    if (reader->hasNorms(field)) {
      Lucene::ByteArray norms = reader->norms(field);
      for (int32_t d : docs) ++histogram[static_cast<uint8_t>(norms[d])];
    }
    double sum = 0;
    for (size_t b = 0; b < histogram.size(); ++b) {
      sum += static_cast<double>(histogram[b]) * NormToLength(static_cast<uint8_t>(b));
    }
    stats.average_length[field] = docs.empty() ? 1.0 : std::max(1.0, sum / docs.size());
  }
  return stats;
}

namespace {

constexpr int32_t kBufferSize = 64;

class Bm25Scorer : public Lucene::Scorer {
 public:
  Bm25Scorer(const Lucene::WeightPtr& weight, Lucene::TermDocsPtr docs, Lucene::ByteArray norms,
             double weight_value, const std::array<float, 256>* length_cache, double plain_norm)
      : Lucene::Scorer(weight),
        term_docs_(std::move(docs)),
        norms_(std::move(norms)),
        weight_value_(weight_value),
        cache_(length_cache),
        plain_norm_(plain_norm),
        docs_(Lucene::Collection<int32_t>::newInstance(kBufferSize)),
        freqs_(Lucene::Collection<int32_t>::newInstance(kBufferSize)) {}
  ~Bm25Scorer() override = default;
  LUCENE_CLASS(Bm25Scorer);

  int32_t docID() override { return doc_; }

  int32_t nextDoc() override {
    ++pointer_;
    if (pointer_ >= pointer_max_) {
      pointer_max_ = term_docs_->read(docs_, freqs_);
      if (pointer_max_ == 0) {
        term_docs_->close();
        doc_ = NO_MORE_DOCS;
        return doc_;
      }
      pointer_ = 0;
    }
    doc_ = docs_[pointer_];
    return doc_;
  }

  int32_t advance(int32_t target) override {
    for (++pointer_; pointer_ < pointer_max_; ++pointer_) {
      if (docs_[pointer_] >= target) {
        doc_ = docs_[pointer_];
        return doc_;
      }
    }
    if (!term_docs_->skipTo(target)) {
      term_docs_->close();
      doc_ = NO_MORE_DOCS;
      return doc_;
    }
    pointer_max_ = 1;
    pointer_ = 0;
    docs_[0] = term_docs_->doc();
    freqs_[0] = term_docs_->freq();
    doc_ = docs_[0];
    return doc_;
  }

  double score() override {
    const double f = freqs_[pointer_];
    const double norm = norms_ ? (*cache_)[static_cast<uint8_t>(norms_[doc_])] : plain_norm_;
    return weight_value_ * f / (f + norm);
  }

  float termFreq() override { return static_cast<float>(freqs_[pointer_]); }

 private:
  Lucene::TermDocsPtr term_docs_;
  Lucene::ByteArray norms_;
  const double weight_value_;            // boost · idf · (k1 + 1)
  const std::array<float, 256>* cache_;  // norm byte -> k1·(1 − b + b·dl/avgdl)
  const double plain_norm_;              // the same for dl = avgdl (a field without norms)
  int32_t doc_ = -1;
  int32_t pointer_ = 0;
  int32_t pointer_max_ = 0;
  Lucene::Collection<int32_t> docs_;
  Lucene::Collection<int32_t> freqs_;
};

class Bm25Weight : public Lucene::Weight {
 public:
  Bm25Weight(Lucene::QueryPtr query, const Lucene::TermPtr& term, const Bm25Stats& stats,
             const Lucene::SearcherPtr& searcher, double boost)
      : query_(std::move(query)), term_(term) {
    const double n = std::max(1, stats.entries);
    const double df = std::min<double>(n, searcher->docFreq(term));
    idf_ = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    value_ = boost * idf_ * (kBm25K1 + 1.0);
    const double avg = stats.AverageLength(term->field());
    for (int b = 0; b < 256; ++b) {
      cache_[static_cast<size_t>(b)] = static_cast<float>(
          kBm25K1 * (1.0 - kBm25B + kBm25B * NormToLength(static_cast<uint8_t>(b)) / avg));
    }
    plain_norm_ = kBm25K1;
  }
  ~Bm25Weight() override = default;
  LUCENE_CLASS(Bm25Weight);

  Lucene::QueryPtr getQuery() override { return query_; }
  double getValue() override { return value_; }
  double sumOfSquaredWeights() override { return value_ * value_; }
  void normalize(double /*norm*/) override {}  // raw BM25: the searcher's query norm is 1

  Lucene::ScorerPtr scorer(const Lucene::IndexReaderPtr& reader, bool /*in_order*/,
                           bool /*top*/) override {
    Lucene::TermDocsPtr docs = reader->termDocs(term_);
    if (!docs) return Lucene::ScorerPtr();
    Lucene::ByteArray norms =
        reader->hasNorms(term_->field()) ? reader->norms(term_->field()) : Lucene::ByteArray();
    return Lucene::newLucene<Bm25Scorer>(shared_from_this(), docs, norms, value_, &cache_,
                                         plain_norm_);
  }

  Lucene::ExplanationPtr explain(const Lucene::IndexReaderPtr& reader, int32_t doc) override {
    auto s = boost::dynamic_pointer_cast<Lucene::Scorer>(scorer(reader, true, false));
    double value = 0;
    if (s && s->advance(doc) == doc) value = s->score();
    return Lucene::newLucene<Lucene::Explanation>(
        value, L"bm25(" + term_->toString() + L"), idf=" + Lucene::StringUtils::toString(idf_));
  }

 private:
  Lucene::QueryPtr query_;
  Lucene::TermPtr term_;
  double idf_ = 0;
  double value_ = 0;
  double plain_norm_ = kBm25K1;
  std::array<float, 256> cache_{};
};

}  // namespace

Bm25TermQuery::Bm25TermQuery(const Lucene::TermPtr& term, std::shared_ptr<const Bm25Stats> stats)
    : term_(term), stats_(std::move(stats)) {}

Bm25TermQuery::~Bm25TermQuery() = default;

Lucene::WeightPtr Bm25TermQuery::createWeight(const Lucene::SearcherPtr& searcher) {
  static const Bm25Stats kEmpty;
  return Lucene::newLucene<Bm25Weight>(shared_from_this(), term_, stats_ ? *stats_ : kEmpty,
                                       searcher, getBoost());
}

void Bm25TermQuery::extractTerms(Lucene::SetTerm terms) { terms.add(term_); }

String Bm25TermQuery::toString(const String& field) {
  String out;
  if (term_->field() != field) out += term_->field() + L":";
  out += term_->text();
  if (getBoost() != 1.0) out += L"^" + Lucene::StringUtils::toString(getBoost());
  return out;
}

Lucene::LuceneObjectPtr Bm25TermQuery::clone(const Lucene::LuceneObjectPtr& other) {
  Lucene::LuceneObjectPtr copy = other ? other : Lucene::newLucene<Bm25TermQuery>(term_, stats_);
  auto query = boost::dynamic_pointer_cast<Bm25TermQuery>(Lucene::Query::clone(copy));
  query->term_ = term_;
  query->stats_ = stats_;
  return query;
}

bool Bm25TermQuery::equals(const Lucene::LuceneObjectPtr& other) {
  auto o = boost::dynamic_pointer_cast<Bm25TermQuery>(other);
  return o && getBoost() == o->getBoost() && term_->equals(o->term_) && stats_ == o->stats_;
}

int32_t Bm25TermQuery::hashCode() {
  return term_->hashCode() ^ static_cast<int32_t>(getBoost() * 1000003);
}

}  // namespace sanding::indexer::internal
