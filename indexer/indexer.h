// The search index: Lucene++ entries derived from the store (pages and the curated facts), one per
// document (page images of one document together) and one per page of a multi-page document,
// analysed for Chinese: NFKC, OpenCC 繁→简, CJK bigrams and single
// characters (field text) plus ICU dictionary words (field words, matches weigh more). Documents
// are ranked with BM25 over both fields plus boosted title and 文号 fields. The store is the source
// of truth: the index can be deleted and rebuilt from it at any time (`sanding reindex`).
//
// Thread safety: an Index may be used from several threads; writes are serialised internally.
// The writer uses SerialMergeScheduler, MaxFieldLengthUNLIMITED, and is always closed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::indexer {

struct IndexStats {
  uint64_t documents = 0;  // indexed files
  uint64_t pages = 0;      // indexed pages
};

// Who is asking: the visibility rule. A document whose facts mark it internal (内部: 密级 marks,
// 此件不公开 / 不予公开 / 依申请公开, or an archivist's correction of /access) is invisible unless
// `include_internal`: not in hits, totals, facets or matching pages.
struct SearchRequest {
  std::string query;  // the query language of indexer/internal/query_parser.h
  size_t offset = 0;  // documents to skip
  size_t limit = 10;  // documents to return
  enum class Sort { kRelevance, kDateDesc, kDateAsc };
  Sort sort = Sort::kRelevance;  // by date: undated documents last, ties by relevance
  bool include_internal = false;
  size_t facet_limit = 20;  // values per facet (most frequent first); 0 = no facets
};

struct PageHit {
  uint32_t page = 0;  // 1-based, counted across the document's files
  double score = 0;
  std::string snippet;  // text around the best match, hits wrapped in \x01 ... \x02
};

struct DocumentHit {
  std::string sha256;              // the document's (first) file
  std::vector<std::string> files;  // every file of the document, in page order (sha256 first)
  std::string title;               // the document's title (facts), else the file's first line
  std::string name;                // file name
  std::string format;
  uint32_t page_count = 0;
  std::string doc_number;                 // 文号 ("" when none)
  std::string kind;                       // 三定规定, 批复, 通知, ... ("" when unknown)
  std::string date;                       // YYYY-MM-DD ("" when unknown)
  std::string issuer;                     // 发文机关
  std::vector<std::string> institutions;  // the bodies the document concerns
  bool internal = false;  // only ever true when the request included internal documents
  double score = 0;       // relevance (BM25, field boosts)
  PageHit best;           // the best-matching page
  std::vector<uint32_t> matching_pages;  // every page that matches, ascending
};

struct FacetValue {
  std::string value;
  uint64_t count = 0;  // matching documents with this value
  bool operator==(const FacetValue&) const = default;
};

// Counts over every matching visible document (not only the returned page). Most frequent first,
// ties by value; year newest first on ties. Documents without a value are not counted.
struct Facets {
  std::vector<FacetValue> year;
  std::vector<FacetValue> kind;
  std::vector<FacetValue> issuer;
  std::vector<FacetValue> institution;
};

struct SearchResponse {
  uint64_t total = 0;             // matching visible documents
  std::vector<DocumentHit> hits;  // documents in [offset, offset + limit) of the chosen order
  Facets facets;
};

class Index {
 public:
  virtual ~Index() = default;
  // Opens (creating if needed) the Lucene++ index in `dir`.
  static Result<std::unique_ptr<Index>> Open(const std::string& dir);

  // Indexes every file the store has queued (Store::PendingIndex), replacing any older entries of
  // those files, commits, then acknowledges them in the store. Idempotent; safe after a crash.
  virtual Status Sync(Store& store) = 0;
  // Deletes every entry, requeues every complete file and syncs.
  virtual Status Rebuild(Store& store) = 0;

  // Runs a query. A malformed query yields InvalidArgument with a Chinese message.
  virtual Result<SearchResponse> Search(const SearchRequest& request) = 0;

  virtual Result<IndexStats> Stats() = 0;
};

}  // namespace sanding::indexer
