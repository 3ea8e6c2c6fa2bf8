// The search index: Lucene++ entries derived from the store, one per page and one per document,
// analysed for Chinese (NFKC-normalised text, CJK bigrams; single CJK characters also indexed so a
// one-character query finds something). The store is the source of truth: the index can be
// deleted and rebuilt from it at any time (`sanding reindex`).
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

struct SearchRequest {
  std::string query;    // user query: words and "phrases"; AND is implied between terms
  size_t offset = 0;
  size_t limit = 10;
};

struct PageHit {
  uint32_t page = 0;      // 1-based
  double score = 0;
  std::string snippet;    // text around the best match, hits wrapped in \x01 ... \x02
};

struct DocumentHit {
  std::string sha256;
  std::string title;
  std::string name;       // file name
  std::string format;
  uint32_t page_count = 0;
  double score = 0;
  PageHit best;           // the best-matching page
  std::vector<uint32_t> matching_pages;  // every page that matches, ascending
};

struct SearchResponse {
  uint64_t total = 0;             // matching documents
  std::vector<DocumentHit> hits;  // documents in [offset, offset + limit), best first
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
