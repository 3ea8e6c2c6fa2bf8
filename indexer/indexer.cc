#include "indexer/indexer.h"

// LuceneHeaders.h must precede the other Lucene++ headers.
// clang-format off
#include <lucene++/LuceneHeaders.h>
#include <lucene++/FieldCache.h>
#include <lucene++/MMapDirectory.h>
#include <lucene++/SerialMergeScheduler.h>
// clang-format on

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>

#include "indexer/extract/curation.h"
#include "indexer/extract/facts.h"
#include "indexer/extract/run.h"
#include "indexer/internal/analyzer.h"
#include "indexer/internal/bm25.h"
#include "indexer/internal/highlight.h"
#include "indexer/internal/lucene_util.h"
#include "indexer/internal/query_builder.h"
#include "indexer/internal/query_parser.h"
#include "store/text.h"

namespace sanding::indexer {

namespace {

using internal::Utf8ToWide;
using internal::WideToUtf8;
using Lucene::String;  // LUCENE_CLASS names it unqualified
namespace f = internal::fields;

constexpr size_t kCommitEvery = 2000;  // files per commit (and per AckIndexed) during Sync
// During Rebuild everything is queued again first, so a crash loses nothing but progress: commits
// are rarer (each one flushes small segments that later merges rewrite).
constexpr size_t kRebuildCommitEvery = 20000;
constexpr unsigned kMaxIndexThreads = 4;  // threads analysing documents during Sync
constexpr wchar_t kInternal[] = L"内部";
constexpr wchar_t kListSeparator = L'\x1f';  // joins the institutions of one document

// Stored or FieldCache'd fields of the entries (the analysed ones are in internal::fields).
const wchar_t* const kKindPage = L"page";
const wchar_t* const kKindDoc = L"doc";
const wchar_t* const kFieldPage = L"page";  // page entry: page number in the document
const wchar_t* const kFieldBody = L"body";  // stored text: of a page, or of a 1-page document
const wchar_t* const kFieldTitleShown = L"title";
const wchar_t* const kFieldName = L"name";
const wchar_t* const kFieldFormat = L"format";
const wchar_t* const kFieldPageCount = L"page_count";
const wchar_t* const kFieldDocNumber = L"docno";
const wchar_t* const kFacetKind = L"f_kind";
const wchar_t* const kFacetIssuer = L"f_issuer";
const wchar_t* const kFacetInstitutions = L"f_insts";
const wchar_t* const kFieldDate = L"f_date";
const wchar_t* const kFieldFiles = L"files";  // the document's files, space-separated

// The layout of the entries, in every commit's user data; an index of another layout is rebuilt.
const wchar_t* const kSchemaKey = L"sanding.schema";
const wchar_t* const kSchemaVersion = L"2";

Lucene::MapStringString SchemaUserData() {
  auto data = Lucene::MapStringString::newInstance();
  data.put(kSchemaKey, kSchemaVersion);
  return data;
}

const std::vector<std::wstring>& DocumentFields() {
  static const std::vector<std::wstring> v{f::kText,        f::kWords,  f::kTitle,    f::kDocNumber,
                                           f::kInstitution, f::kIssuer, f::kKindLabel};
  return v;
}

Status FromLucene(const std::string& action, const std::string& dir,
                  const Lucene::LuceneException& e) {
  return internal::FromLucene("索引目录 " + dir + " ", action, e, "检索式过长：检索词过多：");
}

Status FromStd(const std::string& action, const std::string& dir, const std::exception& e) {
  return internal::FromStd("索引目录 " + dir + " ", action, e);
}

using F = Lucene::AbstractField;

void Add(const Lucene::DocumentPtr& doc, const wchar_t* name, const std::string& utf8,
         F::Store store, F::Index index) {
  doc->add(Lucene::newLucene<Lucene::Field>(name, Utf8ToWide(utf8), store, index));
}

void AddIfSet(const Lucene::DocumentPtr& doc, const wchar_t* name, const std::string& utf8,
              F::Store store, F::Index index) {
  if (!utf8.empty()) Add(doc, name, utf8, store, index);
}

using internal::SearcherHolder;
using internal::WriterGuard;

// What the index knows of one document: its files, pages and curated facts.
struct IndexedDocument {
  std::string id;                  // the first file's sha
  std::vector<std::string> files;  // in page order
  FileRecord first;
  std::vector<std::string> pages;  // page texts across the files
  std::string title, doc_number, kind, date, issuer, access;
  std::vector<std::string> institutions;
};

std::string Clean(const std::string& s) { return text::SanitizeUtf8(s); }

// Collects every matching document entry: its score, and the facet values and date it has.
class MatchCollector : public Lucene::Collector {
 public:
  struct Match {
    int32_t doc = 0;  // index-wide
    double score = 0;
    const std::wstring* id = nullptr;  // the document id (ties are ordered by it)
    std::wstring date;
  };
  // Facet -> value -> count.
  using Counts = std::map<std::wstring, uint64_t>;

  MatchCollector(bool want_dates, bool want_facets)
      : want_dates_(want_dates), want_facets_(want_facets) {}
  ~MatchCollector() override = default;
  LUCENE_CLASS(MatchCollector);

  void setScorer(const Lucene::ScorerPtr& scorer) override { scorer_ = scorer; }
  void collect(int32_t doc) override {
    Match m;
    m.doc = base_ + doc;
    // Rounded: how a sum of floating-point terms comes out in its last bits depends on the
    // scorer's internal order, which depends on the index's segments; a rebuilt index must rank
    // and score exactly as the one it replaces.
    m.score = std::round(scorer_->score() * 1e9) / 1e9;
    m.id = &ids_->lookup[ids_->order[doc]];
    if (want_dates_) {
      const int32_t ord = dates_->order[doc];
      if (ord > 0) m.date = dates_->lookup[ord];
    }
    if (want_facets_) {
      for (size_t i = 0; i < kFacets; ++i) ++ords_[i][facet_index_[i]->order[doc]];
    }
    matches_.push_back(std::move(m));
  }
  void setNextReader(const Lucene::IndexReaderPtr& reader, int32_t doc_base) override {
    Flush();
    base_ = doc_base;
    if (ids_) kept_.push_back(ids_);
    auto* cache = Lucene::FieldCache::DEFAULT().get();
    ids_ = cache->getStringIndex(reader, f::kDoc);
    if (want_dates_) dates_ = cache->getStringIndex(reader, kFieldDate);
    if (want_facets_) {
      for (size_t i = 0; i < kFacets; ++i) {
        facet_index_[i] = cache->getStringIndex(reader, FacetField(i));
        ords_[i].assign(static_cast<size_t>(facet_index_[i]->lookup.size()), 0);
      }
    }
  }
  bool acceptsDocsOutOfOrder() override { return true; }

  std::vector<Match>& matches() { return matches_; }
  // year, kind, issuer, institution
  std::array<Counts, 4>& counts() {
    Flush();
    return counts_;
  }

  static constexpr size_t kFacets = 4;
  static const wchar_t* FacetField(size_t i) {
    switch (i) {
      case 0:
        return f::kYear;
      case 1:
        return kFacetKind;
      case 2:
        return kFacetIssuer;
      default:
        return kFacetInstitutions;
    }
  }

 private:
  // Adds the current segment's ordinal counts to the value counts.
  void Flush() {
    if (!want_facets_) return;
    for (size_t i = 0; i < kFacets; ++i) {
      if (!facet_index_[i]) continue;
      for (size_t ord = 1; ord < ords_[i].size(); ++ord) {
        if (ords_[i][ord] == 0) continue;
        const std::wstring& value = facet_index_[i]->lookup[static_cast<int32_t>(ord)];
        if (i == 3) {  // one joined value per document: count each institution
          size_t start = 0;
          while (start <= value.size()) {
            size_t end = value.find(kListSeparator, start);
            if (end == std::wstring::npos) end = value.size();
            if (end > start) counts_[i][value.substr(start, end - start)] += ords_[i][ord];
            start = end + 1;
          }
        } else {
          counts_[i][value] += ords_[i][ord];
        }
      }
      ords_[i].clear();
      facet_index_[i].reset();
    }
  }

  const bool want_dates_;
  const bool want_facets_;
  Lucene::ScorerPtr scorer_;
  int32_t base_ = 0;
  Lucene::StringIndexPtr dates_;
  Lucene::StringIndexPtr ids_;
  std::vector<Lucene::StringIndexPtr> kept_;  // every segment's ids_: matches point into them
  std::array<Lucene::StringIndexPtr, kFacets> facet_index_;
  std::array<std::vector<uint64_t>, kFacets> ords_;
  std::array<Counts, 4> counts_;
  std::vector<Match> matches_;
};

// Every matching page entry of one document: page number and score.
class PageCollector : public Lucene::Collector {
 public:
  struct Page {
    uint32_t page = 0;
    double score = 0;
    int32_t doc = 0;
  };
  ~PageCollector() override = default;
  LUCENE_CLASS(PageCollector);
  void setScorer(const Lucene::ScorerPtr& scorer) override { scorer_ = scorer; }
  void collect(int32_t doc) override {
    pages_.push_back(Page{static_cast<uint32_t>(numbers_[doc]), scorer_->score(), base_ + doc});
  }
  void setNextReader(const Lucene::IndexReaderPtr& reader, int32_t doc_base) override {
    base_ = doc_base;
    numbers_ = Lucene::FieldCache::DEFAULT()->getInts(reader, kFieldPage);
  }
  bool acceptsDocsOutOfOrder() override { return true; }
  std::vector<Page>& pages() { return pages_; }

 private:
  Lucene::ScorerPtr scorer_;
  int32_t base_ = 0;
  Lucene::Collection<int32_t> numbers_;
  std::vector<Page> pages_;
};

std::vector<FacetValue> TopValues(const MatchCollector::Counts& counts, size_t limit,
                                  bool newest_first) {
  std::vector<FacetValue> out;
  out.reserve(counts.size());
  for (const auto& [value, count] : counts) out.push_back({WideToUtf8(value), count});
  std::sort(out.begin(), out.end(), [&](const FacetValue& a, const FacetValue& b) {
    if (a.count != b.count) return a.count > b.count;
    return newest_first ? a.value > b.value : a.value < b.value;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

// Statistics of the opened reader, computed once per reader.
struct ReaderState {
  std::shared_ptr<SearcherHolder> holder;
  internal::BuildContext context;
};

class LuceneIndex final : public Index {
 public:
  LuceneIndex(std::string dir, Lucene::FSDirectoryPtr directory)
      : dir_(std::move(dir)),
        directory_(std::move(directory)),
        analyzer_(Lucene::newLucene<internal::ChineseAnalyzer>()),
        similarity_(Lucene::newLucene<internal::Bm25Similarity>()) {}

  ~LuceneIndex() override {
    std::lock_guard write_lock(write_mu_);
    std::lock_guard reader_lock(reader_mu_);
    state_.reset();
    holder_.reset();
    try {
      analyzer_->close();
      directory_->close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report from a destructor
    }
  }

  Status Sync(Store& store) override {
    std::lock_guard lock(write_mu_);
    if (!SchemaIsCurrent()) {
      // Written by an older sanding: its entries have other fields. Rebuild from the store.
      SANDING_RETURN_IF_ERROR(store.RequeueAll());
      return SyncLocked(store, /*delete_all=*/true);
    }
    return SyncLocked(store, /*delete_all=*/false);
  }

  Status Rebuild(Store& store) override {
    std::lock_guard lock(write_mu_);
    // Requeue first: a crash after this point leaves every file queued, and Sync is idempotent.
    SANDING_RETURN_IF_ERROR(store.RequeueAll());
    return SyncLocked(store, /*delete_all=*/true);
  }

  Result<SearchResponse> Search(const SearchRequest& request) override {
    auto parsed = internal::ParseQuery(request.query);
    if (!parsed.ok()) return parsed.status();
    auto state = Acquire();
    if (!state.ok()) return state.status();
    const auto& searcher = (*state)->holder->searcher;
    try {
      auto built = internal::BuildQueries(*parsed, (*state)->context);
      if (!built.ok()) return built.status();
      auto top = Lucene::newLucene<Lucene::BooleanQuery>(/*disableCoord=*/true);
      // A query of optional clauses only (a sentence) keeps that shape, so Lucene++ scores it with
      // its fast out-of-order BooleanScorer; anything else is one required clause.
      auto flat = boost::dynamic_pointer_cast<Lucene::BooleanQuery>(built->documents);
      bool all_optional = flat && flat->getMinimumNumberShouldMatch() == 0 &&
                          flat->getBoost() == 1.0 && !flat->getClauses().empty();
      if (all_optional) {
        for (const auto& c : flat->getClauses()) {
          all_optional = all_optional && c->getOccur() == Lucene::BooleanClause::SHOULD;
        }
      }
      if (all_optional) {
        for (const auto& c : flat->getClauses()) top->add(c);
      } else {
        top->add(built->documents, Lucene::BooleanClause::MUST);
      }
      if (!request.include_internal) {
        top->add(Lucene::newLucene<Lucene::TermQuery>(
                     Lucene::newLucene<Lucene::Term>(f::kAccess, kInternal)),
                 Lucene::BooleanClause::MUST_NOT);
      }
      const bool by_date = request.sort != SearchRequest::Sort::kRelevance;
      auto collector = Lucene::newLucene<MatchCollector>(by_date, request.facet_limit > 0);
      searcher->search(top, collector);
      auto& matches = collector->matches();

      SearchResponse response;
      response.total = matches.size();
      const size_t begin = std::min(request.offset, matches.size());
      const size_t end = std::min(matches.size(), begin + std::min(request.limit, matches.size()));
      auto by_score = [](const MatchCollector::Match& a, const MatchCollector::Match& b) {
        if (a.score != b.score) return a.score > b.score;
        return *a.id < *b.id;
      };
      auto order = [&](const MatchCollector::Match& a, const MatchCollector::Match& b) {
        if (by_date && a.date != b.date) {
          if (a.date.empty() || b.date.empty()) return b.date.empty();
          return request.sort == SearchRequest::Sort::kDateDesc ? a.date > b.date : a.date < b.date;
        }
        return by_score(a, b);
      };
      if (end > begin) {
        std::partial_sort(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(end),
                          matches.end(), order);
      }
      for (size_t i = begin; i < end; ++i) {
        auto hit = MakeHit(searcher, matches[i].doc, matches[i].score, *built);
        if (!hit.ok()) return hit.status();
        response.hits.push_back(std::move(*hit));
      }
      if (request.facet_limit > 0) {
        auto& counts = collector->counts();
        response.facets.year = TopValues(counts[0], request.facet_limit, /*newest_first=*/true);
        response.facets.kind = TopValues(counts[1], request.facet_limit, false);
        response.facets.issuer = TopValues(counts[2], request.facet_limit, false);
        response.facets.institution = TopValues(counts[3], request.facet_limit, false);
      }
      return response;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("检索", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("检索", dir_, e);
    }
  }

  Result<IndexStats> Stats() override {
    auto state = Acquire();
    if (!state.ok()) return state.status();
    try {
      auto count = [&](const wchar_t* kind) {
        auto q = Lucene::newLucene<Lucene::TermQuery>(
            Lucene::newLucene<Lucene::Term>(internal::fields::kKind, kind));
        return static_cast<uint64_t>((*state)->holder->searcher->search(q, 1)->totalHits);
      };
      IndexStats stats;
      stats.documents = count(kKindDoc);
      // One-page documents have no page entries: their page is the document entry.
      auto one_page = Lucene::newLucene<Lucene::TermQuery>(
          Lucene::newLucene<Lucene::Term>(kFieldPageCount, L"1"));
      stats.pages =
          count(kKindPage) +
          static_cast<uint64_t>((*state)->holder->searcher->search(one_page, 1)->totalHits);
      return stats;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("统计", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("统计", dir_, e);
    }
  }

 private:
  // The current searcher and its statistics, reopened when the index has changed.
  Result<std::shared_ptr<const ReaderState>> Acquire() {
    std::lock_guard lock(reader_mu_);
    try {
      auto holder = internal::CurrentSearcher(directory_, &holder_);
      if (!state_ || state_->holder != holder) {
        holder->searcher->setSimilarity(similarity_);
        auto fresh = std::make_shared<ReaderState>();
        fresh->holder = holder;
        fresh->context.documents = std::make_shared<internal::Bm25Stats>(
            internal::ComputeBm25Stats(holder->reader, f::kKind, kKindDoc, DocumentFields()));
        fresh->context.pages = std::make_shared<internal::Bm25Stats>(internal::ComputeBm25Stats(
            holder->reader, f::kKind, kKindPage, {f::kPageText, f::kPageWords}));
        Lucene::IndexReaderPtr reader = holder->reader;
        fresh->context.doc_freq = [reader](const wchar_t* field, const std::wstring& term) {
          return reader->docFreq(Lucene::newLucene<Lucene::Term>(field, term));
        };
        state_ = std::move(fresh);
      }
      return std::shared_ptr<const ReaderState>(state_);
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("打开", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("打开", dir_, e);
    }
  }

  Result<DocumentHit> MakeHit(const Lucene::IndexSearcherPtr& searcher, int32_t doc_number,
                              double score, const internal::BuiltQuery& built) {
    Lucene::DocumentPtr doc = searcher->doc(doc_number);
    DocumentHit hit;
    hit.sha256 = WideToUtf8(doc->get(f::kDoc));
    std::istringstream files(WideToUtf8(doc->get(kFieldFiles)));
    for (std::string file; files >> file;) hit.files.push_back(file);
    if (hit.files.empty()) hit.files.push_back(hit.sha256);
    hit.title = WideToUtf8(doc->get(kFieldTitleShown));
    hit.name = WideToUtf8(doc->get(kFieldName));
    hit.format = WideToUtf8(doc->get(kFieldFormat));
    hit.page_count = static_cast<uint32_t>(std::stoul("0" + WideToUtf8(doc->get(kFieldPageCount))));
    hit.doc_number = WideToUtf8(doc->get(kFieldDocNumber));
    hit.kind = WideToUtf8(doc->get(kFacetKind));
    hit.date = WideToUtf8(doc->get(kFieldDate));
    hit.issuer = WideToUtf8(doc->get(kFacetIssuer));
    const std::wstring insts = doc->get(kFacetInstitutions);
    for (size_t start = 0; start < insts.size();) {
      size_t end = insts.find(kListSeparator, start);
      if (end == std::wstring::npos) end = insts.size();
      if (end > start) hit.institutions.push_back(WideToUtf8(insts.substr(start, end - start)));
      start = end + 1;
    }
    hit.internal = doc->get(f::kAccess) == kInternal;
    hit.score = score;
    hit.best.score = score;
    hit.best.page = 1;

    const std::wstring body = doc->get(kFieldBody);
    if (!body.empty() || hit.page_count <= 1) {
      // A one-page document: its page is the document entry.
      hit.best.snippet = internal::MakeSnippet(WideToUtf8(body), built.highlight);
      hit.matching_pages = {1};
      return hit;
    }
    auto pages = Lucene::newLucene<Lucene::BooleanQuery>(/*disableCoord=*/true);
    pages->add(Lucene::newLucene<Lucene::TermQuery>(
                   Lucene::newLucene<Lucene::Term>(f::kDoc, doc->get(f::kDoc))),
               Lucene::BooleanClause::MUST);
    pages->add(
        Lucene::newLucene<Lucene::TermQuery>(Lucene::newLucene<Lucene::Term>(f::kKind, kKindPage)),
        Lucene::BooleanClause::MUST);
    if (built.page_match) pages->add(built.page_match, Lucene::BooleanClause::MUST);
    auto collector = Lucene::newLucene<PageCollector>();
    searcher->search(pages, collector);
    auto& found = collector->pages();
    if (found.empty()) {
      // The document matched through its title or fields only: show its first page.
      hit.best.snippet = FirstPageSnippet(searcher, doc->get(f::kDoc), built);
      return hit;
    }
    const PageCollector::Page* best = &found.front();
    for (const auto& p : found) {
      hit.matching_pages.push_back(p.page);
      if (p.score > best->score || (p.score == best->score && p.page < best->page)) best = &p;
    }
    std::sort(hit.matching_pages.begin(), hit.matching_pages.end());
    hit.matching_pages.erase(std::unique(hit.matching_pages.begin(), hit.matching_pages.end()),
                             hit.matching_pages.end());
    hit.best.page = best->page;
    hit.best.score = best->score;
    hit.best.snippet = internal::MakeSnippet(WideToUtf8(searcher->doc(best->doc)->get(kFieldBody)),
                                             built.highlight);
    return hit;
  }

  std::string FirstPageSnippet(const Lucene::IndexSearcherPtr& searcher, const std::wstring& id,
                               const internal::BuiltQuery& built) {
    auto q = Lucene::newLucene<Lucene::BooleanQuery>();
    q->add(Lucene::newLucene<Lucene::TermQuery>(Lucene::newLucene<Lucene::Term>(f::kDoc, id)),
           Lucene::BooleanClause::MUST);
    q->add(Lucene::newLucene<Lucene::TermQuery>(Lucene::newLucene<Lucene::Term>(kFieldPage, L"1")),
           Lucene::BooleanClause::MUST);
    auto top = searcher->search(q, 1);
    if (top->scoreDocs.empty()) return "";
    return internal::MakeSnippet(WideToUtf8(searcher->doc(top->scoreDocs[0]->doc)->get(kFieldBody)),
                                 built.highlight);
  }

  // The document a file belongs to, with its curated facts; the file alone when it has none.
  Result<IndexedDocument> LoadDocument(Store& store, const std::string& sha) {
    IndexedDocument d;
    d.id = sha;
    d.files = {sha};
    std::string owner;
    auto facts = extract::LoadFacts(store, sha, &owner);
    if (!facts.ok() && facts.status().code() != Status::Code::kNotFound) return facts.status();
    if (facts.ok()) {
      auto corrections = store.ListCorrections(owner);
      if (!corrections.ok()) return corrections.status();
      extract::DocumentFacts effective = *facts;
      if (!corrections->empty()) {
        extract::ApplyCorrections(nlohmann::json(*facts), *corrections).effective.get_to(effective);
      }
      d.id = owner;
      if (!effective.files.empty()) d.files = effective.files;
      if (std::find(d.files.begin(), d.files.end(), owner) == d.files.end()) {
        d.files.insert(d.files.begin(), owner);
      }
      d.title = Clean(effective.title.value);
      d.doc_number = Clean(effective.doc_number.value);
      d.kind = Clean(effective.kind.value);
      d.date = Clean(effective.date.value);
      d.issuer = Clean(effective.issuer.value);
      d.access = Clean(effective.access.value);
      for (const extract::Mention& m : effective.subjects) {
        std::string name = Clean(m.name.empty() ? m.text : m.name);
        if (!name.empty() &&
            std::find(d.institutions.begin(), d.institutions.end(), name) == d.institutions.end()) {
          d.institutions.push_back(std::move(name));
        }
      }
    }
    bool first = true;
    for (const std::string& file_sha : d.files) {
      auto file = store.GetFile(file_sha);
      if (!file.ok()) {
        if (file.status().code() == Status::Code::kNotFound) continue;
        return file.status();
      }
      if (first) d.first = *file;
      first = false;
      auto pages = store.GetPages(file_sha);
      if (!pages.ok()) return pages.status();
      for (const PageRecord& page : *pages) {
        d.pages.push_back(text::IsValidUtf8(page.text) ? page.text : text::SanitizeUtf8(page.text));
      }
    }
    if (first) return Status::NotFound("文件 " + sha + " 已不在存储中");
    if (d.title.empty()) d.title = Clean(d.first.title);
    return d;
  }

  void AddDocument(const Lucene::IndexWriterPtr& writer, const IndexedDocument& d) {
    const auto page_count = static_cast<uint32_t>(d.pages.size());
    std::string all_text;
    for (const std::string& p : d.pages) {
      if (!all_text.empty()) all_text += "\n";
      all_text += p;
    }
    const std::string year =
        d.date.size() >= 4 && std::all_of(d.date.begin(), d.date.begin() + 4, ::isdigit)
            ? d.date.substr(0, 4)
            : "";
    std::string insts;
    for (const std::string& i : d.institutions) {
      if (!insts.empty()) insts += static_cast<char>(kListSeparator);
      insts += i;
    }
    const bool internal = d.access == "内部";

    auto doc = Lucene::newLucene<Lucene::Document>();
    doc->add(Lucene::newLucene<Lucene::Field>(f::kKind, kKindDoc, F::STORE_NO,
                                              F::INDEX_NOT_ANALYZED_NO_NORMS));
    Add(doc, f::kDoc, d.id, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS);
    std::string files;
    for (const std::string& file : d.files) {
      Add(doc, f::kFile, file, F::STORE_NO, F::INDEX_NOT_ANALYZED_NO_NORMS);
      files += (files.empty() ? "" : " ") + file;
    }
    Add(doc, kFieldFiles, files, F::STORE_YES, F::INDEX_NO);
    Add(doc, kFieldTitleShown, d.title, F::STORE_YES, F::INDEX_NO);
    Add(doc, f::kTitle, d.title, F::STORE_NO, F::INDEX_ANALYZED);
    Add(doc, kFieldName, Clean(d.first.name), F::STORE_YES, F::INDEX_NO);
    Add(doc, kFieldFormat, Clean(d.first.format), F::STORE_YES, F::INDEX_NO);
    Add(doc, kFieldPageCount, std::to_string(page_count), F::STORE_YES,
        F::INDEX_NOT_ANALYZED_NO_NORMS);
    Add(doc, f::kText, all_text, F::STORE_NO, F::INDEX_ANALYZED);
    Add(doc, f::kWords, all_text, F::STORE_NO, F::INDEX_ANALYZED);
    if (page_count <= 1) Add(doc, kFieldBody, all_text, F::STORE_YES, F::INDEX_NO);
    AddIfSet(doc, kFieldDocNumber, d.doc_number, F::STORE_YES, F::INDEX_NO);
    AddIfSet(doc, f::kDocNumber, d.doc_number, F::STORE_NO, F::INDEX_ANALYZED);
    for (const std::string& i : d.institutions) {
      Add(doc, f::kInstitution, i, F::STORE_NO, F::INDEX_ANALYZED);
    }
    AddIfSet(doc, kFacetInstitutions, insts, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS);
    AddIfSet(doc, f::kIssuer, d.issuer, F::STORE_NO, F::INDEX_ANALYZED);
    AddIfSet(doc, kFacetIssuer, d.issuer, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS);
    AddIfSet(doc, f::kKindLabel, d.kind, F::STORE_NO, F::INDEX_ANALYZED);
    AddIfSet(doc, kFacetKind, d.kind, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS);
    AddIfSet(doc, kFieldDate, d.date, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS);
    AddIfSet(doc, f::kYear, year, F::STORE_NO, F::INDEX_NOT_ANALYZED_NO_NORMS);
    if (internal) {
      doc->add(Lucene::newLucene<Lucene::Field>(f::kAccess, kInternal, F::STORE_YES,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
    }
    writer->addDocument(doc);

    if (page_count <= 1) return;
    for (uint32_t i = 0; i < page_count; ++i) {
      auto page = Lucene::newLucene<Lucene::Document>();
      page->add(Lucene::newLucene<Lucene::Field>(f::kKind, kKindPage, F::STORE_NO,
                                                 F::INDEX_NOT_ANALYZED_NO_NORMS));
      Add(page, f::kDoc, d.id, F::STORE_NO, F::INDEX_NOT_ANALYZED_NO_NORMS);
      for (const std::string& file : d.files) {
        Add(page, f::kFile, file, F::STORE_NO, F::INDEX_NOT_ANALYZED_NO_NORMS);
      }
      Add(page, kFieldPage, std::to_string(i + 1), F::STORE_NO, F::INDEX_NOT_ANALYZED_NO_NORMS);
      Add(page, kFieldBody, d.pages[i], F::STORE_YES, F::INDEX_NO);
      Add(page, f::kPageText, d.pages[i], F::STORE_NO, F::INDEX_ANALYZED);
      Add(page, f::kPageWords, d.pages[i], F::STORE_NO, F::INDEX_ANALYZED);
      writer->addDocument(page);
    }
  }

  // Builds and adds the document of every file in `batch`, each document once, on a few threads
  // (analysis dominates; Lucene++'s IndexWriter takes documents from several threads). A
  // document's old entries are deleted by the thread that adds it, before it adds it.
  Status AddBatch(Store& store, const Lucene::IndexWriterPtr& writer,
                  const std::vector<std::string>& batch) {
    std::mutex mu;
    std::set<std::string> done;  // document ids taken by a thread
    Status failed = Status::Ok();
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    auto work = [&] {
      for (size_t i = next++; i < batch.size() && !stop; i = next++) {
        Status st = Status::Ok();
        try {
          auto doc = LoadDocument(store, batch[i]);
          if (!doc.ok()) {
            if (doc.status().code() != Status::Code::kNotFound) st = doc.status();
          } else {
            bool mine;
            {
              std::lock_guard lock(mu);
              mine = done.insert(doc->id).second;
            }
            if (mine) {
              writer->deleteDocuments(
                  Lucene::newLucene<Lucene::Term>(f::kDoc, Utf8ToWide(doc->id)));
              AddDocument(writer, *doc);
            }
          }
        } catch (const Lucene::LuceneException& e) {
          st = FromLucene("写入", dir_, e);
        } catch (const std::exception& e) {
          st = FromStd("写入", dir_, e);
        }
        if (!st.ok()) {
          std::lock_guard lock(mu);
          if (failed.ok()) failed = st;
          stop = true;
        }
      }
    };
    const size_t threads = std::min<size_t>(
        std::max(1u, std::min(kMaxIndexThreads, std::thread::hardware_concurrency())),
        std::max<size_t>(1, batch.size() / 16));
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    return failed;
  }

  // Whether the last commit was written with this schema. REQUIRES: write_mu_ held.
  bool SchemaIsCurrent() {
    try {
      auto data = Lucene::IndexReader::getCommitUserData(directory_);
      return data.contains(kSchemaKey) && data.get(kSchemaKey) == kSchemaVersion;
    } catch (const Lucene::LuceneException&) {
      return false;
    }
  }

  // REQUIRES: write_mu_ held.
  Status SyncLocked(Store& store, bool delete_all) {
    auto pending = store.PendingIndex();
    if (!pending.ok()) return pending.status();
    if (pending->empty() && !delete_all) return Status::Ok();
    try {
      auto writer = Lucene::newLucene<Lucene::IndexWriter>(
          directory_, analyzer_, /*create=*/false, Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
      WriterGuard guard(writer);
      writer->setMergeScheduler(Lucene::newLucene<Lucene::SerialMergeScheduler>());
      writer->setSimilarity(similarity_);
      writer->setRAMBufferSizeMB(delete_all ? 256 : 64);
      if (delete_all) writer->deleteAll();
      // In batches: first every entry built from the batch's files goes (their own documents' and
      // the groups they were in), then each file's document is built again, once per batch. A
      // group whose files fall in two batches is rebuilt whole in each.
      const std::vector<std::string>& queue = *pending;
      const size_t every = delete_all ? kRebuildCommitEvery : kCommitEvery;
      for (size_t begin = 0; begin < queue.size() || (begin == 0 && delete_all); begin += every) {
        const size_t end = std::min(queue.size(), begin + every);
        std::vector<std::string> batch(queue.begin() + static_cast<std::ptrdiff_t>(begin),
                                       queue.begin() + static_cast<std::ptrdiff_t>(end));
        for (const std::string& sha : batch) {
          writer->deleteDocuments(Lucene::newLucene<Lucene::Term>(f::kFile, Utf8ToWide(sha)));
        }
        SANDING_RETURN_IF_ERROR(AddBatch(store, writer, batch));
        writer->commit(SchemaUserData());
        if (!batch.empty()) SANDING_RETURN_IF_ERROR(store.AckIndexed(batch));
        if (queue.empty()) break;
      }
      if (delete_all) {
        // A rebuilt index is merged into one segment: queries visit every segment once per term.
        writer->optimize();
        writer->commit(SchemaUserData());
      }
      guard.Close();
      return Status::Ok();
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("写入", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("写入", dir_, e);
    }
  }

  const std::string dir_;
  Lucene::FSDirectoryPtr directory_;
  Lucene::AnalyzerPtr analyzer_;
  Lucene::SimilarityPtr similarity_;
  std::mutex write_mu_;   // serialises Sync and Rebuild
  std::mutex reader_mu_;  // guards holder_ and state_
  std::shared_ptr<SearcherHolder> holder_;
  std::shared_ptr<const ReaderState> state_;
};

}  // namespace

Result<std::unique_ptr<Index>> Index::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("无法创建索引目录 " + dir + "：" + ec.message());
  try {
    // Memory-mapped: queries read postings without a system call per buffer.
    Lucene::FSDirectoryPtr directory = Lucene::newLucene<Lucene::MMapDirectory>(Utf8ToWide(dir));
    if (!Lucene::IndexReader::indexExists(directory)) {
      auto writer = Lucene::newLucene<Lucene::IndexWriter>(
          directory, Lucene::newLucene<internal::ChineseAnalyzer>(), /*create=*/true,
          Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
      writer->commit(SchemaUserData());
      writer->close();
    }
    return std::unique_ptr<Index>(std::make_unique<LuceneIndex>(dir, directory));
  } catch (const Lucene::LuceneException& e) {
    return FromLucene("打开", dir, e);
  } catch (const std::exception& e) {
    return FromStd("打开", dir, e);
  }
}

}  // namespace sanding::indexer
