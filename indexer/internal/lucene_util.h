// Lucene++ plumbing shared by the search index (indexer.cc) and the duty-clause index
// (clause_index.cc): errors as Chinese Status naming the index folder, a reader and searcher over
// one commit, and a writer guard that rolls back what was not committed.
#pragma once

#include <lucene++/LuceneHeaders.h>

#include <exception>
#include <memory>
#include <string>

#include "store/status.h"

namespace sanding::indexer::internal {

// A Lucene++ exception as a Status. `where` names the index ("索引目录 DIR "), `action` what was
// being done ("检索", "写入" …); `too_many` is the message for a query with too many terms.
Status FromLucene(const std::string& where, const std::string& action,
                  const Lucene::LuceneException& e, const std::string& too_many);
inline Status FromStd(const std::string& where, const std::string& action, const std::exception& e) {
  return Status::Internal(where + action + "失败：" + e.what());
}

// Reader + searcher over one commit; the reader is closed when the last user lets go.
struct SearcherHolder {
  explicit SearcherHolder(Lucene::IndexReaderPtr r)
      : reader(std::move(r)), searcher(Lucene::newLucene<Lucene::IndexSearcher>(reader)) {}
  ~SearcherHolder() {
    try {
      searcher->close();
      reader->close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report from a destructor
    }
  }
  SearcherHolder(const SearcherHolder&) = delete;
  SearcherHolder& operator=(const SearcherHolder&) = delete;

  Lucene::IndexReaderPtr reader;
  Lucene::IndexSearcherPtr searcher;
};

// The searcher over the latest commit in `directory`: `*holder` is opened on first use and
// reopened when the index changed since. The caller serialises calls; Lucene++ errors are thrown.
inline std::shared_ptr<SearcherHolder> CurrentSearcher(const Lucene::DirectoryPtr& directory,
                                                       std::shared_ptr<SearcherHolder>* holder) {
  if (!*holder) {
    *holder = std::make_shared<SearcherHolder>(Lucene::IndexReader::open(directory, true));
  } else if (!(*holder)->reader->isCurrent()) {
    Lucene::IndexReaderPtr fresh = (*holder)->reader->reopen();
    if (fresh != (*holder)->reader) *holder = std::make_shared<SearcherHolder>(fresh);
  }
  return *holder;
}

// Rolls back (discarding uncommitted changes) and closes a writer that was not closed normally.
class WriterGuard {
 public:
  explicit WriterGuard(Lucene::IndexWriterPtr w) : writer_(std::move(w)) {}
  ~WriterGuard() {
    if (!writer_) return;
    try {
      writer_->rollback();
    } catch (...) {
      try {
        writer_->close();
      } catch (...) {  // NOLINT(bugprone-empty-catch): best effort in a destructor
      }
    }
  }
  WriterGuard(const WriterGuard&) = delete;
  WriterGuard& operator=(const WriterGuard&) = delete;
  const Lucene::IndexWriterPtr& get() const { return writer_; }
  void Close() {
    auto w = std::move(writer_);
    writer_.reset();
    w->close();
  }

 private:
  Lucene::IndexWriterPtr writer_;
};

}  // namespace sanding::indexer::internal
