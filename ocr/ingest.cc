#include "ocr/ingest.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "ocr/document.h"
#include "ocr/format.h"
#include "ocr/internal/title.h"
#include "store/text.h"

namespace sanding::ocr {
namespace {

using Clock = std::chrono::steady_clock;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Creates the real engine on first use, so runs that meet only text layers never load Tesseract.
class LazyEngine : public OcrEngine {
 public:
  explicit LazyEngine(EngineFactory factory) : factory_(std::move(factory)) {}

  Result<OcrOutput> Recognize(const Image& image) override {
    if (!engine_) {
      if (!init_error_.ok()) return init_error_;
      auto made = factory_();
      if (!made.ok()) {
        init_error_ = made.status();
        return init_error_;
      }
      engine_ = std::move(made).value();
    }
    return engine_->Recognize(image);
  }

  std::string Describe() const override { return engine_ ? engine_->Describe() : "tesseract"; }

 private:
  EngineFactory factory_;
  std::unique_ptr<OcrEngine> engine_;
  Status init_error_;
};

// A file whose pages are being extracted.
struct FileJob {
  FileRecord record;
  std::string display;
  std::shared_ptr<const std::string> bytes;
  Format format = Format::kUnknown;
  uint32_t remaining = 0;  // pages not yet stored
  bool resumed = false;
};

struct PageTask {
  std::shared_ptr<FileJob> job;
  int index = 0;  // 0-based
};

class Pipeline : public InputSink {
 public:
  Pipeline(Store& store, const IngestOptions& options, IngestObserver* observer)
      : store_(store), options_(options), observer_(observer), start_(Clock::now()) {}

  Result<IngestReport> Run(const std::vector<std::string>& paths, EngineFactory make_engine) {
    int workers = options_.workers > 0
                      ? options_.workers
                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (!make_engine) {
      OcrOptions ocr = options_.ocr;
      make_engine = [ocr] { return OcrEngine::NewTesseract(ocr); };
    }
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (int i = 0; i < workers; ++i) {
      threads.emplace_back([this, make_engine] { WorkerLoop(make_engine); });
    }
    std::thread progress([this] { ProgressLoop(); });

    Status walk = WalkInputs(paths, options_.limits, *this);

    {
      std::lock_guard lock(mu_);
      walking_done_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : threads) t.join();
    {
      std::lock_guard lock(mu_);
      progress_stop_ = true;
    }
    progress_cv_.notify_all();
    progress.join();
    EmitProgress();

    if (!walk.ok()) return walk;
    if (!fatal_.ok()) return fatal_;
    std::lock_guard lock(mu_);
    report_.seconds = Elapsed();
    return report_;
  }

  // --- InputSink: called on the reader (calling) thread ---------------------------------------

  void OnItem(InputItem item) override {
    if (Cancelled()) return;
    const std::string display = item.source.Display();
    const std::string sha = text::Sha256Hex(*item.bytes);
    {
      std::unique_lock lock(mu_);
      ++progress_.files_seen;
      auto it = inflight_.find(sha);
      if (it != inflight_.end()) {
        std::string first = it->second->display;
        lock.unlock();
        ReportDuplicate(sha, item.source, display, first);
        return;
      }
    }

    auto existing = store_.GetFile(sha);
    if (existing.ok() && existing->state == FileState::kComplete) {
      std::string first = existing->sources.empty() ? display : existing->sources.front().Display();
      ReportDuplicate(sha, item.source, display, first);
      return;
    }
    if (!existing.ok() && existing.status().code() != Status::Code::kNotFound) {
      Fail(item.source, sha, existing.status());
      return;
    }

    auto job = std::make_shared<FileJob>();
    job->display = display;
    job->bytes = item.bytes;
    std::set<uint32_t> done_pages;

    if (existing.ok()) {
      // Left pending by an interrupted run: finish the pages it did not store.
      job->record = existing.value();
      job->resumed = true;
      job->format = FormatFromName(job->record.format);
      auto pages = store_.GetPages(sha);
      if (!pages.ok()) {
        Fail(item.source, sha, pages.status());
        return;
      }
      for (const auto& p : *pages) done_pages.insert(p.page);
      (void)store_.AddSource(sha, item.source);
    } else {
      job->format = DetectFormat(*item.bytes, item.name);
      if (job->format == Format::kUnknown || job->format == Format::kArchive) {
        Fail(
            item.source, sha,
            Status(Status::Code::kUnsupported,
                   "不支持的文件格式：" + display + "（仅支持 PDF、TIFF、PNG、JPEG、OFD 和纯文本）",
                   "unsupported"));
        return;
      }
      auto doc = Document::Open(job->format, item.bytes, display);
      if (!doc.ok()) {
        Fail(item.source, sha, doc.status());
        return;
      }
      int pages = (*doc)->PageCount();
      if (pages <= 0) {
        Fail(item.source, sha,
             Status(Status::Code::kInvalidArgument, "文件没有任何页面：" + display, "empty"));
        return;
      }
      FileRecord& rec = job->record;
      rec.sha256 = sha;
      rec.name = item.name;
      rec.format = FormatName(job->format);
      rec.size = item.bytes->size();
      rec.page_count = static_cast<uint32_t>(pages);
      rec.state = FileState::kPending;
      rec.sources = {item.source};
      rec.ingested_at_ms = NowMs();
      Status st = store_.BeginFile(rec, *item.bytes);
      if (!st.ok()) {
        Fail(item.source, sha, st);
        return;
      }
    }
    // A source that loads now had its earlier failure resolved — unless the failure is from this
    // very run (an archive holding a damaged and a good member of the same name).
    if (!FailedThisRun(display)) (void)store_.ClearFailure(display);

    std::vector<int> todo;
    for (uint32_t p = 1; p <= job->record.page_count; ++p) {
      if (!done_pages.count(p)) todo.push_back(static_cast<int>(p) - 1);
    }
    {
      std::lock_guard lock(mu_);
      report_.pages_skipped += done_pages.size();
      progress_.pages_total += job->record.page_count;
      progress_.pages_done += done_pages.size();
    }
    if (todo.empty()) {
      // Every page was stored before the interruption; only the completion is missing.
      FinishFile(job);
      return;
    }

    std::unique_lock lock(mu_);
    // Back-pressure: hold at most max_inflight_bytes of originals (one file always fits).
    space_cv_.wait(lock, [&] {
      return inflight_bytes_ == 0 ||
             inflight_bytes_ + job->bytes->size() <= options_.max_inflight_bytes || fatal_stop_ ||
             cancelled_;
    });
    if (fatal_stop_ || cancelled_) return;
    job->remaining = static_cast<uint32_t>(todo.size());
    inflight_[sha] = job;
    inflight_bytes_ += job->bytes->size();
    for (int index : todo) queue_.push_back(PageTask{job, index});
    lock.unlock();
    work_cv_.notify_all();
  }

  void OnFailure(InputFailure failure) override {
    FailureRecord f;
    f.source = failure.source.Display();
    f.reason = failure.reason;
    f.message = failure.message;
    f.at_ms = NowMs();
    RecordFailure(f);
  }

  bool Cancelled() override {
    if (fatal_stop_) return true;
    if (observer_ && observer_->Cancelled()) {
      cancelled_ = true;
      work_cv_.notify_all();
      space_cv_.notify_all();
    }
    return cancelled_;
  }

 private:
  static Format FormatFromName(const std::string& name) {
    for (Format f :
         {Format::kPdf, Format::kTiff, Format::kPng, Format::kJpeg, Format::kText, Format::kOfd}) {
      if (name == FormatName(f)) return f;
    }
    return Format::kUnknown;
  }

  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  void ReportDuplicate(const std::string& sha, const SourceRef& src, const std::string& display,
                       const std::string& first) {
    Status st = store_.AddSource(sha, src).status();
    if (!st.ok()) {
      Fail(src, sha, st);
      return;
    }
    DuplicateEntry d{display, sha, first};
    std::lock_guard lock(mu_);
    ++report_.duplicates;
    ++progress_.duplicates;
    report_.duplicate_list.push_back(d);
    if (observer_) {
      std::lock_guard olock(observer_mu_);
      observer_->OnDuplicate(d);
    }
  }

  void Fail(const SourceRef& src, const std::string& sha, const Status& st) {
    FailureRecord f;
    f.source = src.Display();
    f.reason = st.reason();
    f.message = st.message();
    f.sha256 = sha;
    f.at_ms = NowMs();
    RecordFailure(f);
  }

  bool FailedThisRun(const std::string& display) {
    std::lock_guard lock(mu_);
    return failed_sources_.count(display) > 0;
  }

  void RecordFailure(const FailureRecord& f) {
    Status st = store_.RecordFailure(f);
    std::lock_guard lock(mu_);
    failed_sources_.insert(f.source);
    if (!st.ok() && fatal_.ok()) fatal_ = st;
    ++report_.failed;
    ++progress_.failed;
    report_.failures.push_back(f);
    if (observer_) {
      std::lock_guard olock(observer_mu_);
      observer_->OnFailure(f);
    }
  }

  void WorkerLoop(const EngineFactory& make_engine) {
    LazyEngine engine(make_engine);
    // The Document of the file this worker read last: consecutive pages reuse it.
    std::string doc_sha;
    std::unique_ptr<Document> doc;
    Status doc_error;

    for (;;) {
      PageTask task;
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(
            lock, [&] { return !queue_.empty() || walking_done_ || cancelled_ || fatal_stop_; });
        if (cancelled_ || fatal_stop_) return;
        if (queue_.empty()) return;  // walking done and nothing left
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      FileJob& job = *task.job;
      if (doc_sha != job.record.sha256) {
        doc.reset();
        auto opened = Document::Open(job.format, job.bytes, job.display);
        doc_sha = job.record.sha256;
        if (opened.ok()) {
          doc = std::move(opened).value();
          doc_error = Status::Ok();
        } else {
          doc_error = opened.status();
        }
      }

      PageRecord page;
      if (doc) {
        auto extracted = doc->ExtractPage(task.index, engine, options_.ocr);
        if (extracted.ok()) {
          page = std::move(extracted).value();
        } else {
          page.note = extracted.status().message();
        }
      } else {
        page.note = doc_error.message();
      }
      page.sha256 = job.record.sha256;
      page.page = static_cast<uint32_t>(task.index) + 1;
      // The store and the index take UTF-8 only; a decoder slip must not lose the page.
      if (!text::IsValidUtf8(page.text)) page.text = text::SanitizeUtf8(page.text);
      if (!text::IsValidUtf8(page.note)) page.note = text::SanitizeUtf8(page.note);
      for (auto& w : page.words) {
        if (!text::IsValidUtf8(w.text)) w.text = text::SanitizeUtf8(w.text);
      }
      if (page.method == TextMethod::kNone && page.note.empty()) {
        page.note = "第" + std::to_string(page.page) + "页无法读取：" + job.display;
      }

      Status st = store_.PutPage(page);
      if (!st.ok()) {
        StopFatal(st);
        return;
      }
      PageDone(task.job, page);
    }
  }

  void PageDone(const std::shared_ptr<FileJob>& job, const PageRecord& page) {
    bool last = false;
    {
      std::lock_guard lock(mu_);
      ++report_.pages;
      ++progress_.pages_done;
      if (page.method == TextMethod::kOcr) {
        ++report_.pages_ocr;
        ++progress_.pages_ocr;
      } else if (page.method == TextMethod::kTextLayer) {
        ++report_.pages_text_layer;
      }
      if (NeedsReview(page, options_.review_confidence)) {
        report_.review.push_back(
            ReviewEntry{page.sha256, job->display, page.page, page.mean_confidence, page.note});
      }
      last = --job->remaining == 0;
    }
    if (last) FinishFile(job);
  }

  void FinishFile(const std::shared_ptr<FileJob>& job) {
    const std::string& sha = job->record.sha256;
    std::string title = job->record.name;
    auto pages = store_.GetPages(sha);
    if (pages.ok() && !pages->empty()) title = GuessTitle(pages->front().text, job->record.name);
    Status st = store_.CompleteFile(sha, title);
    if (!st.ok()) {
      StopFatal(st);
      return;
    }
    job->record.state = FileState::kComplete;
    job->record.title = title;
    {
      std::lock_guard lock(mu_);
      if (job->resumed) {
        ++report_.resumed;
      } else {
        ++report_.loaded;
      }
      ++progress_.files_done;
      auto it = inflight_.find(sha);
      if (it != inflight_.end()) {
        inflight_bytes_ -= it->second->bytes->size();
        inflight_.erase(it);
      }
      if (observer_) {
        std::lock_guard olock(observer_mu_);
        observer_->OnFileDone(job->record);
      }
    }
    space_cv_.notify_all();
  }

  void StopFatal(const Status& st) {
    {
      std::lock_guard lock(mu_);
      if (fatal_.ok()) fatal_ = st;
      fatal_stop_ = true;
    }
    work_cv_.notify_all();
    space_cv_.notify_all();
  }

  void ProgressLoop() {
    std::unique_lock lock(mu_);
    while (!progress_stop_) {
      progress_cv_.wait_for(lock, std::chrono::milliseconds(100));
      if (progress_stop_) break;
      lock.unlock();
      Cancelled();  // polls the observer, so a stop request is seen after walking too
      EmitProgress();
      lock.lock();
    }
  }

  void EmitProgress() {
    if (!observer_) return;
    IngestProgress snapshot;
    {
      std::lock_guard lock(mu_);
      snapshot = progress_;
      snapshot.walking = !walking_done_;
      snapshot.elapsed_s = Elapsed();
    }
    std::lock_guard olock(observer_mu_);
    observer_->OnProgress(snapshot);
  }

  Store& store_;
  const IngestOptions& options_;
  IngestObserver* observer_;
  const Clock::time_point start_;

  std::mutex mu_;                     // guards everything below
  std::condition_variable work_cv_;   // queue_ gained work, or the run is ending
  std::condition_variable space_cv_;  // inflight_bytes_ shrank
  std::condition_variable progress_cv_;
  std::deque<PageTask> queue_;
  std::unordered_map<std::string, std::shared_ptr<FileJob>> inflight_;
  uint64_t inflight_bytes_ = 0;
  bool walking_done_ = false;
  bool progress_stop_ = false;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> fatal_stop_{false};
  std::set<std::string> failed_sources_;  // displays that failed in this run (under mu_)
  Status fatal_;
  IngestReport report_;
  IngestProgress progress_;

  std::mutex observer_mu_;  // serialises observer calls
};

}  // namespace

bool NeedsReview(const PageRecord& page, double threshold) {
  return page.method == TextMethod::kNone ||
         (page.method == TextMethod::kOcr && page.mean_confidence < threshold);
}

void to_json(nlohmann::json& j, const ReviewEntry& v) {
  j = nlohmann::json{{"sha256", v.sha256},
                     {"source", v.source},
                     {"page", v.page},
                     {"confidence", v.confidence},
                     {"note", v.note}};
}

void to_json(nlohmann::json& j, const IngestReport& r) {
  j = nlohmann::json::object();
  j["loaded"] = r.loaded;
  j["resumed"] = r.resumed;
  j["duplicates"] = r.duplicates;
  j["failed"] = r.failed;
  j["pages"] = r.pages;
  j["pages_ocr"] = r.pages_ocr;
  j["pages_text_layer"] = r.pages_text_layer;
  j["pages_skipped"] = r.pages_skipped;
  j["pages_review"] = r.review.size();
  j["seconds"] = r.seconds;
  j["failures"] = r.failures;
  j["duplicate_list"] = nlohmann::json::array();
  for (const auto& d : r.duplicate_list) {
    j["duplicate_list"].push_back({{"source", d.source}, {"sha256", d.sha256}, {"first", d.first}});
  }
  j["review"] = r.review;
}

Result<IngestReport> Ingest(Store& store, const std::vector<std::string>& paths,
                            const IngestOptions& options, IngestObserver* observer,
                            EngineFactory make_engine) {
  Pipeline pipeline(store, options, observer);
  return pipeline.Run(paths, std::move(make_engine));
}

}  // namespace sanding::ocr
