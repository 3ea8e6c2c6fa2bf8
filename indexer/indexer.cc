#include "indexer/indexer.h"

// LuceneHeaders.h must precede the other Lucene++ headers.
// clang-format off
#include <lucene++/LuceneHeaders.h>
#include <lucene++/FieldCache.h>
#include <lucene++/QueryWrapperFilter.h>
#include <lucene++/SerialMergeScheduler.h>
// clang-format on

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "indexer/internal/analyzer.h"
#include "indexer/internal/lucene_util.h"
#include "indexer/internal/highlight.h"
#include "indexer/internal/query_builder.h"
#include "store/text.h"

namespace sanding::indexer {

namespace {

using internal::Utf8ToWide;
using internal::WideToUtf8;
using Lucene::String;  // LUCENE_CLASS names it unqualified

constexpr size_t kCommitEvery = 200;    // files per commit (and per AckIndexed) during Sync
constexpr double kTitleBoost = 0.3;     // weight of the optional title clause: a small bonus
constexpr float kDocTitleBoost = 2.0f;  // boost of the title field of kind=doc entries

const wchar_t* const kFieldSha = L"sha";
const wchar_t* const kFieldKind = L"kind";
const wchar_t* const kFieldPage = L"page";
const wchar_t* const kFieldText = L"text";
const wchar_t* const kFieldTitle = L"title";
const wchar_t* const kFieldName = L"name";
const wchar_t* const kFieldFormat = L"format";
const wchar_t* const kFieldPageCount = L"page_count";
const wchar_t* const kKindPage = L"page";
const wchar_t* const kKindDoc = L"doc";

Status FromLucene(const std::string& action, const std::string& dir,
                  const Lucene::LuceneException& e) {
  return internal::FromLucene("索引目录 " + dir + " ", action, e, "查询语句有误：检索词过多：");
}

Status FromStd(const std::string& action, const std::string& dir, const std::exception& e) {
  return internal::FromStd("索引目录 " + dir + " ", action, e);
}

Lucene::FieldPtr MakeField(const wchar_t* name, const std::string& utf8,
                           Lucene::AbstractField::Store store, Lucene::AbstractField::Index index) {
  return Lucene::newLucene<Lucene::Field>(name, Utf8ToWide(utf8), store, index);
}

using internal::SearcherHolder;
using internal::WriterGuard;

// Per-document aggregation of matching pages.
struct Group {
  double best = -1;
  int32_t best_doc = -1;
  uint32_t best_page = 0;
  std::vector<uint32_t> pages;
};

// Collects every matching page entry and groups it by file (sha, page from the FieldCache).
class GroupingCollector : public Lucene::Collector {
 public:
  explicit GroupingCollector(std::unordered_map<std::wstring, Group>* groups) : groups_(groups) {}
  ~GroupingCollector() override = default;
  LUCENE_CLASS(GroupingCollector);

  void setScorer(const Lucene::ScorerPtr& scorer) override { scorer_ = scorer; }
  void collect(int32_t doc) override {
    const double score = scorer_->score();
    Group& g = (*groups_)[shas_[doc]];
    const auto page = static_cast<uint32_t>(pages_[doc]);
    g.pages.push_back(page);
    if (score > g.best || (score == g.best && page < g.best_page)) {
      g.best = score;
      g.best_doc = base_ + doc;
      g.best_page = page;
    }
  }
  void setNextReader(const Lucene::IndexReaderPtr& reader, int32_t doc_base) override {
    base_ = doc_base;
    shas_ = Lucene::FieldCache::DEFAULT()->getStrings(reader, kFieldSha);
    pages_ = Lucene::FieldCache::DEFAULT()->getInts(reader, kFieldPage);
  }
  bool acceptsDocsOutOfOrder() override { return true; }

 private:
  std::unordered_map<std::wstring, Group>* groups_;
  Lucene::ScorerPtr scorer_;
  int32_t base_ = 0;
  Lucene::Collection<Lucene::String> shas_;
  Lucene::Collection<int32_t> pages_;
};

class LuceneIndex final : public Index {
 public:
  LuceneIndex(std::string dir, Lucene::FSDirectoryPtr directory)
      : dir_(std::move(dir)),
        directory_(std::move(directory)),
        analyzer_(Lucene::newLucene<internal::ChineseAnalyzer>()) {}

  ~LuceneIndex() override {
    std::lock_guard write_lock(write_mu_);
    std::lock_guard reader_lock(reader_mu_);
    holder_.reset();
    try {
      analyzer_->close();
      directory_->close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report from a destructor
    }
  }

  Status Sync(Store& store) override {
    std::lock_guard lock(write_mu_);
    return SyncLocked(store, /*delete_all=*/false);
  }

  Status Rebuild(Store& store) override {
    std::lock_guard lock(write_mu_);
    // Requeue first: a crash after this point leaves every file queued, and Sync is idempotent.
    SANDING_RETURN_IF_ERROR(store.RequeueAll());
    return SyncLocked(store, /*delete_all=*/true);
  }

  Result<SearchResponse> Search(const SearchRequest& request) override {
    auto clauses = internal::ParseQuery(request.query);
    if (!clauses.ok()) return clauses.status();
    auto holder = Acquire();
    if (!holder.ok()) return holder.status();
    const auto& searcher = (*holder)->searcher;
    try {
      auto text_query = internal::BuildQuery(*clauses, kFieldText);
      auto title_query = internal::BuildQuery(*clauses, kFieldTitle);
      title_query->setBoost(kTitleBoost);
      auto top = Lucene::newLucene<Lucene::BooleanQuery>(/*disableCoord=*/true);
      top->add(text_query, Lucene::BooleanClause::MUST);
      top->add(title_query, Lucene::BooleanClause::SHOULD);
      auto filter =
          Lucene::newLucene<Lucene::QueryWrapperFilter>(Lucene::newLucene<Lucene::TermQuery>(
              Lucene::newLucene<Lucene::Term>(kFieldKind, kKindPage)));

      std::unordered_map<std::wstring, Group> groups;
      searcher->search(top, filter, Lucene::newLucene<GroupingCollector>(&groups));

      std::vector<std::pair<const std::wstring*, Group*>> ranked;
      ranked.reserve(groups.size());
      for (auto& [sha, g] : groups) ranked.emplace_back(&sha, &g);
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        if (a.second->best != b.second->best) return a.second->best > b.second->best;
        return *a.first < *b.first;
      });

      SearchResponse response;
      response.total = ranked.size();
      const size_t begin = std::min(request.offset, ranked.size());
      const size_t end = std::min(ranked.size(), begin + std::min(request.limit, ranked.size()));
      for (size_t i = begin; i < end; ++i) {
        Group& g = *ranked[i].second;
        Lucene::DocumentPtr doc = searcher->doc(g.best_doc);
        DocumentHit hit;
        hit.sha256 = WideToUtf8(*ranked[i].first);
        hit.title = WideToUtf8(doc->get(kFieldTitle));
        hit.name = WideToUtf8(doc->get(kFieldName));
        hit.format = WideToUtf8(doc->get(kFieldFormat));
        hit.page_count =
            static_cast<uint32_t>(std::stoul("0" + WideToUtf8(doc->get(kFieldPageCount))));
        hit.score = g.best;
        hit.best.page = g.best_page;
        hit.best.score = g.best;
        hit.best.snippet = internal::MakeSnippet(WideToUtf8(doc->get(kFieldText)), *clauses);
        std::sort(g.pages.begin(), g.pages.end());
        g.pages.erase(std::unique(g.pages.begin(), g.pages.end()), g.pages.end());
        hit.matching_pages = g.pages;
        response.hits.push_back(std::move(hit));
      }
      return response;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("检索", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("检索", dir_, e);
    }
  }

  Result<IndexStats> Stats() override {
    auto holder = Acquire();
    if (!holder.ok()) return holder.status();
    try {
      auto count = [&](const wchar_t* kind) {
        auto q =
            Lucene::newLucene<Lucene::TermQuery>(Lucene::newLucene<Lucene::Term>(kFieldKind, kind));
        return static_cast<uint64_t>((*holder)->searcher->search(q, 1)->totalHits);
      };
      IndexStats stats;
      stats.documents = count(kKindDoc);
      stats.pages = count(kKindPage);
      return stats;
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("统计", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("统计", dir_, e);
    }
  }

 private:
  // The current searcher, reopened when the index has changed since it was opened.
  Result<std::shared_ptr<SearcherHolder>> Acquire() {
    std::lock_guard lock(reader_mu_);
    try {
      return internal::CurrentSearcher(directory_, &holder_);
    } catch (const Lucene::LuceneException& e) {
      return FromLucene("打开", dir_, e);
    } catch (const std::exception& e) {
      return FromStd("打开", dir_, e);
    }
  }

  Status AddFile(const Lucene::IndexWriterPtr& writer, const FileRecord& file,
                 const std::vector<PageRecord>& pages) {
    using F = Lucene::AbstractField;
    const std::string title = text::SanitizeUtf8(file.title);
    const std::string name = text::SanitizeUtf8(file.name);
    const std::string format = text::SanitizeUtf8(file.format);
    const std::string page_count = std::to_string(file.page_count);
    std::string all_text;
    for (const PageRecord& page : pages) {
      // Stored as written (the analyzer normalises what it indexes), so snippets show the text
      // with its full-width punctuation; only ill-formed UTF-8 is repaired.
      const std::string body =
          text::IsValidUtf8(page.text) ? page.text : text::SanitizeUtf8(page.text);
      auto doc = Lucene::newLucene<Lucene::Document>();
      doc->add(MakeField(kFieldSha, file.sha256, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(Lucene::newLucene<Lucene::Field>(kFieldKind, kKindPage, F::STORE_YES,
                                                F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(MakeField(kFieldPage, std::to_string(page.page), F::STORE_YES,
                         F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(MakeField(kFieldText, body, F::STORE_YES, F::INDEX_ANALYZED));
      doc->add(MakeField(kFieldTitle, title, F::STORE_YES, F::INDEX_ANALYZED));
      doc->add(MakeField(kFieldName, name, F::STORE_YES, F::INDEX_NO));
      doc->add(MakeField(kFieldFormat, format, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS));
      doc->add(MakeField(kFieldPageCount, page_count, F::STORE_YES, F::INDEX_NO));
      writer->addDocument(doc);
      if (!all_text.empty()) all_text += "\n";
      all_text += body;
    }
    auto doc = Lucene::newLucene<Lucene::Document>();
    doc->add(MakeField(kFieldSha, file.sha256, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS));
    doc->add(Lucene::newLucene<Lucene::Field>(kFieldKind, kKindDoc, F::STORE_YES,
                                              F::INDEX_NOT_ANALYZED_NO_NORMS));
    auto title_field = MakeField(kFieldTitle, title, F::STORE_YES, F::INDEX_ANALYZED);
    title_field->setBoost(kDocTitleBoost);
    doc->add(title_field);
    doc->add(MakeField(kFieldName, name, F::STORE_YES, F::INDEX_ANALYZED));
    doc->add(MakeField(kFieldFormat, format, F::STORE_YES, F::INDEX_NOT_ANALYZED_NO_NORMS));
    doc->add(MakeField(kFieldPageCount, page_count, F::STORE_YES, F::INDEX_NO));
    doc->add(MakeField(kFieldText, all_text, F::STORE_NO, F::INDEX_ANALYZED));
    writer->addDocument(doc);
    return Status::Ok();
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
      if (delete_all) writer->deleteAll();
      std::vector<std::string> batch;
      auto commit = [&]() -> Status {
        writer->commit();
        if (!batch.empty()) SANDING_RETURN_IF_ERROR(store.AckIndexed(batch));
        batch.clear();
        return Status::Ok();
      };
      for (const std::string& sha : *pending) {
        writer->deleteDocuments(Lucene::newLucene<Lucene::Term>(kFieldSha, Utf8ToWide(sha)));
        auto file = store.GetFile(sha);
        if (!file.ok() && file.status().code() != Status::Code::kNotFound) return file.status();
        if (file.ok()) {
          auto pages = store.GetPages(sha);
          if (!pages.ok()) return pages.status();
          SANDING_RETURN_IF_ERROR(AddFile(writer, *file, *pages));
        }
        batch.push_back(sha);
        if (batch.size() >= kCommitEvery) SANDING_RETURN_IF_ERROR(commit());
      }
      SANDING_RETURN_IF_ERROR(commit());
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
  std::mutex write_mu_;   // serialises Sync and Rebuild
  std::mutex reader_mu_;  // guards holder_
  std::shared_ptr<SearcherHolder> holder_;
};

}  // namespace

Result<std::unique_ptr<Index>> Index::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("无法创建索引目录 " + dir + "：" + ec.message());
  try {
    auto directory = Lucene::FSDirectory::open(Utf8ToWide(dir));
    if (!Lucene::IndexReader::indexExists(directory)) {
      auto writer = Lucene::newLucene<Lucene::IndexWriter>(
          directory, Lucene::newLucene<internal::ChineseAnalyzer>(), /*create=*/true,
          Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
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
