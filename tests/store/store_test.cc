// The Store contract, run against both backends (one parameterised suite, like Xapian's
// per-backend test cases), plus RocksDB-only tests: persistence across reopen, the directory lock,
// and crashes (a child process that exits without closing, and one killed while writing).
#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/internal/kv.h"
#include "store/internal/kv_store.h"
#include "store/text.h"

namespace sanding {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr size_t kMiB = size_t{1} << 20;

std::string MakeTempDir() {
  std::string tmpl = (fs::temp_directory_path() / "sanding-store-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return "";
  }
  return tmpl;
}

// Deterministic pseudo-random bytes (NULs and high bytes included).
std::string Bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

FileRecord NewRecord(const std::string& content, const std::string& name) {
  FileRecord r;
  r.sha256 = text::Sha256Hex(content);
  r.name = name;
  r.format = "pdf";
  r.size = content.size();
  r.page_count = 3;
  r.sources = {{"/in/" + name, ""}};
  return r;
}

PageRecord NewPage(const std::string& sha, uint32_t page, const std::string& text) {
  PageRecord p;
  p.sha256 = sha;
  p.page = page;
  p.method = TextMethod::kOcr;
  p.text = text;
  p.engine = "tesseract 5.3.0 lang=chi_sim";
  p.mean_confidence = 80 + page;
  p.width_px = 2480;
  p.height_px = 3508;
  p.words = {{"职责", 1, 2, 3, 4, 90}};
  return p;
}

// Stats() must agree with what the public API shows.
void ExpectStatsConsistent(Store& store) {
  StoreStats counted;
  std::vector<std::string> shas;
  ASSERT_TRUE(store
                  .ForEachFile([&](const FileRecord& f) {
                    (f.state == FileState::kComplete ? counted.files_complete
                                                     : counted.files_pending)++;
                    counted.original_bytes += f.size;
                    return true;
                  })
                  .ok());
  ASSERT_TRUE(store
                  .ForEachPage([&](const PageRecord&) {
                    ++counted.pages;
                    return true;
                  })
                  .ok());
  auto failures = store.ListFailures();
  ASSERT_TRUE(failures.ok());
  counted.failures = failures->size();
  auto pending = store.PendingIndex();
  ASSERT_TRUE(pending.ok());
  counted.index_pending = pending->size();
  auto stats = store.Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->files_complete, counted.files_complete);
  EXPECT_EQ(stats->files_pending, counted.files_pending);
  EXPECT_EQ(stats->pages, counted.pages);
  EXPECT_EQ(stats->failures, counted.failures);
  EXPECT_EQ(stats->original_bytes, counted.original_bytes);
  EXPECT_EQ(stats->index_pending, counted.index_pending);
}

// ---- The contract, for every backend ----------------------------------------------------------

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "rocksdb") {
      dir_ = MakeTempDir();
      auto s = Store::OpenRocksDb(dir_);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      store_ = std::move(s).value();
    } else {
      store_ = Store::NewInMemory();
    }
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Stores `content` as a new pending file and returns its record.
  FileRecord Begin(const std::string& content, const std::string& name) {
    FileRecord r = NewRecord(content, name);
    Status s = store_->BeginFile(r, content);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return r;
  }

  std::vector<std::string> Pending() {
    auto p = store_->PendingIndex();
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : std::vector<std::string>{};
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, BeginGetAndDuplicateBegin) {
  const std::string content = "国办发〔2008〕60号 " + Bytes(1000, 1);
  FileRecord r = NewRecord(content, "发改委三定.pdf");
  r.size = 0;  // the store takes the size from the original
  ASSERT_TRUE(store_->BeginFile(r, content).ok());

  auto got = store_->GetFile(r.sha256);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->sha256, r.sha256);
  EXPECT_EQ(got->name, "发改委三定.pdf");
  EXPECT_EQ(got->format, "pdf");
  EXPECT_EQ(got->size, content.size());
  EXPECT_EQ(got->page_count, 3u);
  EXPECT_EQ(got->state, FileState::kPending);
  EXPECT_GT(got->ingested_at_ms, 0);
  EXPECT_EQ(got->completed_at_ms, 0);
  EXPECT_EQ(got->sources, r.sources);

  FileRecord again = r;
  again.name = "另一个名字.pdf";
  Status dup = store_->BeginFile(again, content);
  EXPECT_EQ(dup.code(), Status::Code::kAlreadyExists);
  EXPECT_THAT(dup.message(), HasSubstr(r.sha256));
  EXPECT_THAT(dup.message(), HasSubstr("已在"));
  EXPECT_EQ(store_->GetFile(r.sha256)->name, "发改委三定.pdf");  // nothing changed

  auto missing = store_->GetFile(std::string(64, '0'));
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr(std::string(64, '0')));
  ExpectStatsConsistent(*store_);
}

TEST_P(StoreTest, BeginRejectsBadInput) {
  const std::string content = "内容";
  FileRecord r = NewRecord(content, "a.txt");

  FileRecord wrong_sha = r;
  wrong_sha.sha256 = text::Sha256Hex("别的内容");
  EXPECT_EQ(store_->BeginFile(wrong_sha, content).code(), Status::Code::kInvalidArgument);

  FileRecord upper = r;
  for (char& c : upper.sha256) c = static_cast<char>(toupper(c));
  EXPECT_EQ(store_->BeginFile(upper, content).code(), Status::Code::kInvalidArgument);

  FileRecord complete = r;
  complete.state = FileState::kComplete;
  EXPECT_EQ(store_->BeginFile(complete, content).code(), Status::Code::kInvalidArgument);

  FileRecord bad_name = r;
  bad_name.name = "\xD6\xD0\xB9\xFA.pdf";  // GBK bytes, not UTF-8
  Status s = store_->BeginFile(bad_name, content);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(text::IsValidUtf8(s.message()));

  EXPECT_EQ(store_->GetFile("abc").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->GetFile(r.sha256).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store_->Stats()->files_pending, 0u);
}

TEST_P(StoreTest, OriginalRoundTrip) {
  const size_t sizes[] = {0, 1, kMiB - 1, kMiB, kMiB + 1, 3 * kMiB + kMiB / 2};
  uint64_t total = 0;
  std::vector<std::pair<std::string, std::string>> stored;
  for (size_t i = 0; i < std::size(sizes); ++i) {
    std::string content = Bytes(sizes[i], static_cast<uint32_t>(i + 10));
    FileRecord r = Begin(content, "f" + std::to_string(i));
    total += sizes[i];
    stored.emplace_back(r.sha256, std::move(content));
  }
  for (const auto& [sha, content] : stored) {
    auto got = store_->GetOriginal(sha);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->size(), content.size());
    EXPECT_TRUE(*got == content) << "original of " << content.size() << " bytes differs";
    EXPECT_EQ(store_->GetFile(sha)->size, content.size());
  }
  EXPECT_EQ(store_->Stats()->original_bytes, total);
  EXPECT_EQ(store_->GetOriginal(std::string(64, 'e')).status().code(), Status::Code::kNotFound);
  ExpectStatsConsistent(*store_);
}

TEST_P(StoreTest, SourcesAreDeduplicated) {
  FileRecord r = Begin("同一份文件", "a.pdf");
  const SourceRef zip{"/in/2019.zip", "扫描/a.pdf"};
  auto added = store_->AddSource(r.sha256, zip);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_TRUE(*added);
  EXPECT_FALSE(*store_->AddSource(r.sha256, zip));
  EXPECT_FALSE(*store_->AddSource(r.sha256, r.sources[0]));
  EXPECT_TRUE(*store_->AddSource(r.sha256, SourceRef{"/in/2019.zip", "扫描/b.pdf"}));
  EXPECT_THAT(store_->GetFile(r.sha256)->sources,
              ElementsAre(r.sources[0], zip, SourceRef{"/in/2019.zip", "扫描/b.pdf"}));

  auto missing = store_->AddSource(std::string(64, '1'), zip);
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr(zip.Display()));
}

TEST_P(StoreTest, PagesPutGetAndOrder) {
  FileRecord r = Begin("有页面的文件", "p.pdf");
  FileRecord empty = Begin("没有页面的文件", "e.pdf");
  for (uint32_t page : {3u, 1u, 256u, 2u, 10u}) {
    Status s = store_->PutPage(NewPage(r.sha256, page, "第" + std::to_string(page) + "页"));
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  auto pages = store_->GetPages(r.sha256);
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  std::vector<uint32_t> order;
  for (const PageRecord& p : *pages) order.push_back(p.page);
  EXPECT_THAT(order, ElementsAre(1u, 2u, 3u, 10u, 256u));  // numeric, not lexicographic

  auto p10 = store_->GetPage(r.sha256, 10);
  ASSERT_TRUE(p10.ok());
  EXPECT_EQ(p10->text, "第10页");
  EXPECT_EQ(p10->method, TextMethod::kOcr);
  EXPECT_EQ(p10->mean_confidence, 90);
  ASSERT_EQ(p10->words.size(), 1u);
  EXPECT_EQ(p10->words[0].text, "职责");

  PageRecord replaced = NewPage(r.sha256, 2, "重新识别的第二页");
  replaced.method = TextMethod::kTextLayer;
  ASSERT_TRUE(store_->PutPage(replaced).ok());
  EXPECT_EQ(store_->GetPage(r.sha256, 2)->text, "重新识别的第二页");
  EXPECT_EQ(store_->GetPage(r.sha256, 2)->method, TextMethod::kTextLayer);
  EXPECT_EQ(store_->Stats()->pages, 5u);

  EXPECT_TRUE(store_->GetPages(empty.sha256)->empty());
  EXPECT_EQ(store_->GetPage(r.sha256, 4).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store_->GetPages(std::string(64, '2')).status().code(), Status::Code::kNotFound);
  Status no_file = store_->PutPage(NewPage(std::string(64, '2'), 1, "孤页"));
  EXPECT_EQ(no_file.code(), Status::Code::kNotFound);
  EXPECT_EQ(store_->PutPage(NewPage(r.sha256, 0, "零页")).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->PutPage(NewPage(r.sha256, 5, "bad \xFF text")).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->GetPage(r.sha256, 5).status().code(), Status::Code::kNotFound);
  ExpectStatsConsistent(*store_);
}

TEST_P(StoreTest, CompleteQueuesForIndexing) {
  FileRecord a = Begin("文件甲", "a.pdf");
  FileRecord b = Begin("文件乙", "b.pdf");
  FileRecord c = Begin("文件丙", "c.pdf");
  EXPECT_TRUE(Pending().empty());

  ASSERT_TRUE(store_->CompleteFile(b.sha256, "乙的标题").ok());
  ASSERT_TRUE(store_->CompleteFile(a.sha256, "甲的标题").ok());
  EXPECT_THAT(Pending(), ElementsAre(b.sha256, a.sha256));  // oldest first, not sha order

  auto rec = store_->GetFile(a.sha256);
  EXPECT_EQ(rec->state, FileState::kComplete);
  EXPECT_EQ(rec->title, "甲的标题");
  EXPECT_GT(rec->completed_at_ms, 0);

  // Completing again updates the title but queues the file only once.
  ASSERT_TRUE(store_->CompleteFile(a.sha256, "甲的新标题").ok());
  EXPECT_THAT(Pending(), ElementsAre(b.sha256, a.sha256));
  EXPECT_EQ(store_->GetFile(a.sha256)->title, "甲的新标题");
  auto stats = store_->Stats();
  EXPECT_EQ(stats->files_complete, 2u);
  EXPECT_EQ(stats->files_pending, 1u);
  EXPECT_EQ(stats->index_pending, 2u);

  ASSERT_TRUE(store_->AckIndexed({b.sha256, b.sha256}).ok());
  EXPECT_THAT(Pending(), ElementsAre(a.sha256));
  ASSERT_TRUE(store_->AckIndexed({b.sha256, c.sha256}).ok());  // neither queued: no-op
  EXPECT_EQ(store_->Stats()->index_pending, 1u);
  EXPECT_EQ(store_->AckIndexed({"not-a-sha"}).code(), Status::Code::kInvalidArgument);

  // Requeue: a stays where it is, b goes to the back, pending c is not queued.
  ASSERT_TRUE(store_->RequeueAll().ok());
  EXPECT_THAT(Pending(), ElementsAre(a.sha256, b.sha256));

  ASSERT_TRUE(store_->AckIndexed({a.sha256, b.sha256}).ok());
  EXPECT_TRUE(Pending().empty());
  // A page replaced after completion makes the index entry stale: the file is queued again.
  ASSERT_TRUE(store_->PutPage(NewPage(b.sha256, 1, "更正后的文本")).ok());
  EXPECT_THAT(Pending(), ElementsAre(b.sha256));
  // Pages of a pending file do not queue it.
  ASSERT_TRUE(store_->PutPage(NewPage(c.sha256, 1, "未完成")).ok());
  EXPECT_THAT(Pending(), ElementsAre(b.sha256));

  EXPECT_EQ(store_->CompleteFile(std::string(64, '3'), "无").code(), Status::Code::kNotFound);
  ExpectStatsConsistent(*store_);
}

TEST_P(StoreTest, FailuresRecordUpdateClearList) {
  FailureRecord bad{"/in/x.zip!/坏.pdf", "corrupt", "文件 /in/x.zip!/坏.pdf 已损坏", 1000, ""};
  FailureRecord locked{"/in/加密.pdf", "encrypted", "文件 /in/加密.pdf 已加密", 2000, ""};
  ASSERT_TRUE(store_->RecordFailure(bad).ok());
  ASSERT_TRUE(store_->RecordFailure(locked).ok());
  EXPECT_EQ(store_->Stats()->failures, 2u);

  bad.reason = "truncated";
  bad.message = "文件 /in/x.zip!/坏.pdf 不完整";
  bad.at_ms = 3000;
  bad.sha256 = std::string(64, 'f');
  ASSERT_TRUE(store_->RecordFailure(bad).ok());  // same source: updated, not added
  auto list = store_->ListFailures();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].source, "/in/x.zip!/坏.pdf");  // ordered by source
  EXPECT_EQ((*list)[0].reason, "truncated");
  EXPECT_EQ((*list)[0].message, "文件 /in/x.zip!/坏.pdf 不完整");
  EXPECT_EQ((*list)[0].at_ms, 3000);
  EXPECT_EQ((*list)[0].sha256, std::string(64, 'f'));
  EXPECT_EQ((*list)[1].source, "/in/加密.pdf");
  EXPECT_EQ(store_->Stats()->failures, 2u);

  ASSERT_TRUE(store_->ClearFailure(bad.source).ok());
  ASSERT_TRUE(store_->ClearFailure(bad.source).ok());  // already gone: no error
  ASSERT_TRUE(store_->ClearFailure("/never/failed.pdf").ok());
  list = store_->ListFailures();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].source, "/in/加密.pdf");
  EXPECT_EQ(store_->Stats()->failures, 1u);

  EXPECT_EQ(store_->RecordFailure(FailureRecord{}).code(), Status::Code::kInvalidArgument);
  ExpectStatsConsistent(*store_);
}

TEST_P(StoreTest, ForEachFileInShaOrderWithEarlyStop) {
  std::vector<std::string> shas;
  for (int i = 0; i < 6; ++i) shas.push_back(Begin("文件" + std::to_string(i), "f.pdf").sha256);
  std::sort(shas.begin(), shas.end());

  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->ForEachFile([&](const FileRecord& f) {
                    seen.push_back(f.sha256);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(seen, shas);

  seen.clear();
  ASSERT_TRUE(store_
                  ->ForEachFile([&](const FileRecord& f) {
                    seen.push_back(f.sha256);
                    return seen.size() < 2;
                  })
                  .ok());
  EXPECT_THAT(seen, ElementsAre(shas[0], shas[1]));
}

TEST_P(StoreTest, ForEachPageGroupedInPageOrderWithEarlyStop) {
  FileRecord a = Begin("甲", "a.pdf");
  FileRecord b = Begin("乙", "b.pdf");
  for (uint32_t page : {2u, 1u, 3u}) {
    ASSERT_TRUE(store_->PutPage(NewPage(a.sha256, page, "甲")).ok());
    ASSERT_TRUE(store_->PutPage(NewPage(b.sha256, page, "乙")).ok());
  }
  const std::string& first = std::min(a.sha256, b.sha256);
  const std::string& second = std::max(a.sha256, b.sha256);
  std::vector<std::pair<std::string, uint32_t>> seen;
  ASSERT_TRUE(store_
                  ->ForEachPage([&](const PageRecord& p) {
                    seen.emplace_back(p.sha256, p.page);
                    return true;
                  })
                  .ok());
  EXPECT_THAT(seen,
              ElementsAre(std::pair(first, 1u), std::pair(first, 2u), std::pair(first, 3u),
                          std::pair(second, 1u), std::pair(second, 2u), std::pair(second, 3u)));
  seen.clear();
  ASSERT_TRUE(store_
                  ->ForEachPage([&](const PageRecord& p) {
                    seen.emplace_back(p.sha256, p.page);
                    return seen.size() < 4;
                  })
                  .ok());
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen.back(), std::pair(second, 1u));
}

TEST_P(StoreTest, VisitorMayWriteToTheStore) {
  std::vector<std::string> shas;
  for (int i = 0; i < 100; ++i) shas.push_back(Begin("批量" + std::to_string(i), "f.pdf").sha256);
  int visited = 0;
  ASSERT_TRUE(store_
                  ->ForEachFile([&](const FileRecord& f) {
                    ++visited;
                    Status s = store_->CompleteFile(f.sha256, "标题");
                    EXPECT_TRUE(s.ok()) << s.ToString();
                    return true;
                  })
                  .ok());
  EXPECT_EQ(visited, 100);
  EXPECT_EQ(store_->Stats()->files_complete, 100u);
  EXPECT_EQ(Pending().size(), 100u);
}

TEST_P(StoreTest, StatsTrackEveryMutation) {
  StoreStats zero = *store_->Stats();
  EXPECT_EQ(zero.files_complete + zero.files_pending + zero.pages + zero.failures +
                zero.original_bytes + zero.index_pending,
            0u);
  FileRecord a = Begin(Bytes(2 * kMiB + 5, 7), "big.tiff");
  FileRecord b = Begin("小文件", "small.txt");
  ASSERT_TRUE(store_->PutPage(NewPage(a.sha256, 1, "一")).ok());
  ASSERT_TRUE(store_->PutPage(NewPage(a.sha256, 2, "二")).ok());
  ASSERT_TRUE(store_->PutPage(NewPage(b.sha256, 1, "三")).ok());
  ASSERT_TRUE(store_->CompleteFile(a.sha256, "大").ok());
  ASSERT_TRUE(store_->RecordFailure({"/in/bad.pdf", "corrupt", "坏", 1, ""}).ok());
  StoreStats s = *store_->Stats();
  EXPECT_EQ(s.files_complete, 1u);
  EXPECT_EQ(s.files_pending, 1u);
  EXPECT_EQ(s.pages, 3u);
  EXPECT_EQ(s.failures, 1u);
  EXPECT_EQ(s.original_bytes, 2 * kMiB + 5 + std::string("小文件").size());
  EXPECT_EQ(s.index_pending, 1u);
  ExpectStatsConsistent(*store_);
  EXPECT_TRUE(store_->Sync().ok());
}

TEST_P(StoreTest, ConcurrentBeginOfTheSameFileStoresItOnce) {
  const std::string content = Bytes(kMiB + 17, 99);
  const FileRecord r = NewRecord(content, "same.pdf");
  std::atomic<int> ok{0}, exists{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      FileRecord mine = r;
      mine.name = "same-" + std::to_string(t) + ".pdf";
      Status s = store_->BeginFile(mine, content);
      (s.ok() ? ok : s.code() == Status::Code::kAlreadyExists ? exists : other)++;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(exists.load(), 7);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(*store_->GetOriginal(r.sha256), content);
  EXPECT_EQ(store_->Stats()->files_pending, 1u);
  EXPECT_EQ(store_->Stats()->original_bytes, content.size());
}

TEST_P(StoreTest, ConcurrentWritersOfDifferentFiles) {
  const FileRecord shared = Begin("共享文件", "shared.pdf");
  std::vector<std::thread> threads;
  std::vector<std::string> shas(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const std::string content = "线程" + std::to_string(t) + Bytes(3000, t);
      FileRecord r = NewRecord(content, "t" + std::to_string(t) + ".pdf");
      shas[t] = r.sha256;
      EXPECT_TRUE(store_->BeginFile(r, content).ok());
      for (uint32_t p = 1; p <= 3; ++p) {
        EXPECT_TRUE(store_->PutPage(NewPage(r.sha256, p, "页")).ok());
      }
      EXPECT_TRUE(store_->CompleteFile(r.sha256, "标题").ok());
      // Read-modify-write of one record from every thread: no update may be lost.
      EXPECT_TRUE(*store_->AddSource(shared.sha256, {"/in/copy" + std::to_string(t), ""}));
      EXPECT_TRUE(
          store_->RecordFailure({"/in/bad" + std::to_string(t), "corrupt", "坏", t, ""}).ok());
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store_->GetFile(shared.sha256)->sources.size(), 9u);
  for (const std::string& sha : shas) {
    EXPECT_EQ(store_->GetPages(sha)->size(), 3u);
    EXPECT_EQ(store_->GetFile(sha)->state, FileState::kComplete);
  }
  std::vector<std::string> pending = Pending();
  EXPECT_EQ(std::set<std::string>(pending.begin(), pending.end()),
            std::set<std::string>(shas.begin(), shas.end()));
  StoreStats s = *store_->Stats();
  EXPECT_EQ(s.files_complete, 8u);
  EXPECT_EQ(s.files_pending, 1u);
  EXPECT_EQ(s.pages, 24u);
  EXPECT_EQ(s.failures, 8u);
  ExpectStatsConsistent(*store_);
}

TEST_P(StoreTest, FactsAreReplacedAndQueueTheFileForIndexing) {
  FileRecord a = Begin("文件甲", "a.pdf");
  EXPECT_FALSE(store_->GetFacts(a.sha256)->has_value());
  // Facts of a pending file are kept but do not queue it.
  ASSERT_TRUE(store_->PutFacts(a.sha256, R"({"kind":{"value":"批复"}})").ok());
  EXPECT_TRUE(Pending().empty());
  ASSERT_TRUE(store_->CompleteFile(a.sha256, "甲").ok());
  ASSERT_TRUE(store_->AckIndexed({a.sha256}).ok());
  ASSERT_TRUE(store_->PutFacts(a.sha256, R"({"kind":{"value":"通知"}})").ok());
  EXPECT_EQ(**store_->GetFacts(a.sha256), R"({"kind":{"value":"通知"}})");
  EXPECT_THAT(Pending(), ElementsAre(a.sha256));

  EXPECT_EQ(store_->PutFacts(std::string(64, '4'), "{}").code(), Status::Code::kNotFound);
  EXPECT_EQ(store_->PutFacts(a.sha256, std::string("{\"t\":\"\xff\"}")).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->GetFacts("bad").status().code(), Status::Code::kInvalidArgument);
  ExpectStatsConsistent(*store_);
}

TEST_P(StoreTest, CorrectionsAreAppendOnlyAndNumbered) {
  FileRecord a = Begin("文件甲", "a.pdf");
  FileRecord b = Begin("文件乙", "b.pdf");
  ASSERT_TRUE(store_->CompleteFile(a.sha256, "甲").ok());
  ASSERT_TRUE(store_->AckIndexed({a.sha256}).ok());

  CorrectionRecord c;
  c.sha256 = a.sha256;
  c.op = "replace";
  c.path = "/doc_number/value";
  c.value = R"("清编〔1999〕7号")";
  c.by = "张档案";
  c.reason = "扫描件中文号括号识别有误";
  auto first = store_->AddCorrection(c);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_GT(first->seq, 0u);
  EXPECT_GT(first->at_ms, 0);
  EXPECT_THAT(Pending(), ElementsAre(a.sha256));  // the index shows corrected facts

  CorrectionRecord w;
  w.sha256 = a.sha256;
  w.op = "withdraw";
  w.withdraws = first->seq;
  w.by = "李审核";
  w.reason = "原提取无误";
  w.at_ms = 1700000000000;
  auto second = store_->AddCorrection(w);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(second->seq, first->seq);
  EXPECT_EQ(second->at_ms, 1700000000000);

  c.sha256 = b.sha256;
  ASSERT_TRUE(store_->AddCorrection(c).ok());

  auto list = store_->ListCorrections(a.sha256);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].seq, first->seq);
  EXPECT_EQ((*list)[0].value, R"("清编〔1999〕7号")");
  EXPECT_EQ((*list)[0].by, "张档案");
  EXPECT_EQ((*list)[1].op, "withdraw");
  EXPECT_EQ((*list)[1].withdraws, first->seq);
  EXPECT_EQ(store_->ListCorrections(b.sha256)->size(), 1u);

  CorrectionRecord anonymous = c;
  anonymous.by = "";
  EXPECT_EQ(store_->AddCorrection(anonymous).status().code(), Status::Code::kInvalidArgument);
  CorrectionRecord missing = c;
  missing.sha256 = std::string(64, '5');
  EXPECT_EQ(store_->AddCorrection(missing).status().code(), Status::Code::kNotFound);
  ExpectStatsConsistent(*store_);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("memory", "rocksdb"),
                         [](const auto& info) { return info.param; });

// ---- Damage detection, through the engine beneath the store -----------------------------------

TEST(KvStoreTest, MissingChunkIsReportedAsCorruption) {
  auto engine = internal::NewMemoryEngine();
  internal::KvEngine* kv = engine.get();
  auto store = internal::NewKvStore(std::move(engine));
  ASSERT_TRUE(store.ok());
  const std::string content = Bytes(2 * kMiB + 3, 5);
  const FileRecord r = NewRecord(content, "damaged.pdf");
  ASSERT_TRUE((*store)->BeginFile(r, content).ok());

  auto batch = kv->NewBatch();
  batch->Delete(internal::Cf::kBlobs, r.sha256 + internal::BigEndian32(1));
  ASSERT_TRUE(kv->Write(*batch).ok());
  auto got = (*store)->GetOriginal(r.sha256);
  EXPECT_EQ(got.status().code(), Status::Code::kCorruption);
  EXPECT_THAT(got.status().message(), HasSubstr(r.sha256));

  auto garbage = kv->NewBatch();
  garbage->Put(internal::Cf::kFiles, r.sha256, "{not json");
  ASSERT_TRUE(kv->Write(*garbage).ok());
  EXPECT_EQ((*store)->GetFile(r.sha256).status().code(), Status::Code::kCorruption);
  EXPECT_EQ((*store)->ForEachFile([](const FileRecord&) { return true; }).code(),
            Status::Code::kCorruption);
}

TEST(KvStoreTest, KeyEncodingsSortNumerically) {
  EXPECT_EQ(internal::BigEndian32(0x01020304), std::string("\x01\x02\x03\x04", 4));
  EXPECT_LT(internal::BigEndian32(255), internal::BigEndian32(256));
  EXPECT_LT(internal::BigEndian64(0xFF), internal::BigEndian64(0x100));
  EXPECT_EQ(internal::BigEndian64(1).size(), 8u);
  EXPECT_TRUE(internal::IsSha256Hex(text::Sha256Hex("x")));
  EXPECT_FALSE(internal::IsSha256Hex(std::string(63, 'a')));
  EXPECT_FALSE(internal::IsSha256Hex(std::string(64, 'g')));
}

// ---- RocksDB only: persistence, the directory lock, crashes ------------------------------------

class RocksDbStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open() {
    auto s = Store::OpenRocksDb(dir_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  std::string dir_;
};

TEST_F(RocksDbStoreTest, ReopenKeepsEverything) {
  const std::string big = Bytes(3 * kMiB + kMiB / 2, 3);
  std::string a_sha, b_sha;
  StoreStats before;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    FileRecord a = NewRecord(big, "big.pdf");
    FileRecord b = NewRecord("小", "small.txt");
    a_sha = a.sha256;
    b_sha = b.sha256;
    ASSERT_TRUE(store->BeginFile(a, big).ok());
    ASSERT_TRUE(store->BeginFile(b, "小").ok());
    ASSERT_TRUE(store->PutPage(NewPage(a.sha256, 2, "第二页")).ok());
    ASSERT_TRUE(store->PutPage(NewPage(a.sha256, 1, "第一页")).ok());
    ASSERT_TRUE(*store->AddSource(a.sha256, {"/in/x.zip", "big.pdf"}));
    ASSERT_TRUE(store->CompleteFile(b.sha256, "乙").ok());
    ASSERT_TRUE(store->CompleteFile(a.sha256, "甲").ok());
    ASSERT_TRUE(store->RecordFailure({"/in/坏.pdf", "corrupt", "坏", 5, ""}).ok());
    ASSERT_TRUE(store->PutFacts(a.sha256, R"({"kind":{"value":"批复"}})").ok());
    CorrectionRecord c{a.sha256, 0, "replace", "/kind/value", R"("通知")", 0, "张", "误判", 0};
    ASSERT_TRUE(store->AddCorrection(c).ok());
    before = *store->Stats();
  }
  for (int round = 0; round < 2; ++round) {  // the second reopen reads flushed tables
    auto store = Open();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->GetOriginal(a_sha), big);
    EXPECT_EQ(*store->GetOriginal(b_sha), "小");
    EXPECT_EQ(store->GetFile(a_sha)->title, "甲");
    EXPECT_EQ(store->GetFile(a_sha)->sources.size(), 2u);
    EXPECT_EQ(store->GetPages(a_sha)->size(), 2u);
    EXPECT_EQ(store->GetPage(a_sha, 1)->text, "第一页");
    EXPECT_EQ(store->ListFailures()->size(), 1u);
    EXPECT_EQ(**store->GetFacts(a_sha), R"({"kind":{"value":"批复"}})");
    ASSERT_EQ(store->ListCorrections(a_sha)->size(), 1u);
    EXPECT_EQ(store->ListCorrections(a_sha)->front().value, R"("通知")");
    EXPECT_THAT(*store->PendingIndex(), ElementsAre(b_sha, a_sha));
    StoreStats after = *store->Stats();
    EXPECT_EQ(after.files_complete, before.files_complete);
    EXPECT_EQ(after.pages, before.pages);
    EXPECT_EQ(after.failures, before.failures);
    EXPECT_EQ(after.original_bytes, before.original_bytes);
    EXPECT_EQ(after.index_pending, before.index_pending);
    ExpectStatsConsistent(*store);
  }
  // The queue order continues across reopen: a newly completed file goes to the back.
  {
    auto store = Open();
    ASSERT_TRUE(store->AckIndexed({b_sha}).ok());
    ASSERT_TRUE(store->RequeueAll().ok());
    EXPECT_THAT(*store->PendingIndex(), ElementsAre(a_sha, b_sha));
  }
  // Originals of a recovered store live in blob files, out of the LSM tree.
  bool has_blob_file = false;
  for (const auto& e : fs::directory_iterator(dir_)) {
    has_blob_file |= e.path().extension() == ".blob";
  }
  EXPECT_TRUE(has_blob_file);
}

TEST_F(RocksDbStoreTest, SecondOpenOfTheSameDirectoryFails) {
  auto first = Open();
  ASSERT_NE(first, nullptr);
  auto second = Store::OpenRocksDb(dir_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kIOError);
  EXPECT_THAT(second.status().message(), HasSubstr(dir_));
  EXPECT_THAT(second.status().message(), HasSubstr("另一个进程"));
}

TEST_F(RocksDbStoreTest, OpenFailsOnAFile) {
  const std::string file = dir_ + "/plain-file";
  FILE* f = fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fclose(f);
  auto s = Store::OpenRocksDb(file + "/db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kIOError);
  EXPECT_THAT(s.status().message(), HasSubstr(file));
}

// ---- Crashes ----------------------------------------------------------------------------------
// The child runs in a "threadsafe" death test: a fresh exec of this binary that re-runs the test
// up to EXPECT_EXIT, so no RocksDB background thread is lost across fork. It finds the parent's
// directory in the environment.

std::string CrashDir(const char* var) {
  if (const char* d = getenv(var)) return d;
  std::string dir = MakeTempDir();
  setenv(var, dir.c_str(), 1);
  return dir;
}

// File `i` of the crash workload: 1-4 pages, 200 KiB to 2.4 MiB (several chunks).
std::string CrashContent(uint32_t i) { return Bytes(200 * 1024 + (i % 5) * 550 * 1024, 1000 + i); }
uint32_t CrashPages(uint32_t i) { return 1 + i % 4; }
std::string CrashPageText(uint32_t i, uint32_t p) {
  return "第" + std::to_string(i) + "份文件第" + std::to_string(p) +
         "页：负责全市机构编制管理工作。";
}

// `page_pause` stands for the OCR time between two pages of a file.
void WriteCrashFile(Store& store, uint32_t i, std::chrono::milliseconds page_pause = {}) {
  const std::string content = CrashContent(i);
  FileRecord r = NewRecord(content, "file-" + std::to_string(i) + ".pdf");
  r.page_count = CrashPages(i);
  if (!store.BeginFile(r, content).ok()) _exit(10);
  for (uint32_t p = 1; p <= r.page_count; ++p) {
    if (!store.PutPage(NewPage(r.sha256, p, CrashPageText(i, p))).ok()) _exit(11);
    std::this_thread::sleep_for(page_pause);
  }
  if (i % 3 == 0) {
    FailureRecord f{"/in/bad-" + std::to_string(i) + ".pdf", "corrupt", "坏", i, ""};
    if (!store.RecordFailure(f).ok()) _exit(12);
  }
  if (!store.CompleteFile(r.sha256, "标题" + std::to_string(i)).ok()) _exit(13);
}

// Every file present is whole (record, original, pages); the counters and the queue agree with
// the data. Returns the number of complete files.
uint32_t VerifyAfterCrash(Store& store) {
  std::vector<FileRecord> files;
  EXPECT_TRUE(store
                  .ForEachFile([&](const FileRecord& f) {
                    files.push_back(f);
                    return true;
                  })
                  .ok());
  std::set<uint32_t> present;
  std::set<std::string> complete;
  for (const FileRecord& f : files) {
    const uint32_t i = static_cast<uint32_t>(std::stoul(f.name.substr(5)));
    present.insert(i);
    const std::string content = CrashContent(i);
    EXPECT_EQ(f.sha256, text::Sha256Hex(content));
    EXPECT_EQ(f.size, content.size());
    auto original = store.GetOriginal(f.sha256);
    EXPECT_TRUE(original.ok() && *original == content) << "original of file " << i;
    auto pages = store.GetPages(f.sha256);
    EXPECT_TRUE(pages.ok());
    EXPECT_LE(pages->size(), CrashPages(i));
    for (const PageRecord& p : *pages) EXPECT_EQ(p.text, CrashPageText(i, p.page));
    if (f.state == FileState::kComplete) {
      complete.insert(f.sha256);
      EXPECT_EQ(pages->size(), CrashPages(i)) << "complete file " << i << " lost pages";
      EXPECT_EQ(f.title, "标题" + std::to_string(i));
    }
  }
  // The writer is sequential: files 0..n-1, every one but possibly the last complete.
  if (!present.empty()) {
    EXPECT_EQ(*present.rbegin() + 1, present.size());
    EXPECT_GE(complete.size() + 1, present.size());
  }
  auto pending = store.PendingIndex();
  EXPECT_EQ(std::set<std::string>(pending->begin(), pending->end()), complete);
  ExpectStatsConsistent(store);
  return static_cast<uint32_t>(complete.size());
}

TEST(RocksDbCrashTest, ExitWithoutCloseKeepsCompletedWrites) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string dir = CrashDir("SANDING_STORE_TEST_EXIT_DIR");
  auto child = [&dir] {
    auto store = Store::OpenRocksDb(dir);
    if (!store.ok()) _exit(2);
    for (uint32_t i = 0; i < 6; ++i) WriteCrashFile(**store, i);
    _exit(0);  // no Sync, no close: only the WAL in the OS page cache
  };
  EXPECT_EXIT(child(), ::testing::ExitedWithCode(0), "");
  unsetenv("SANDING_STORE_TEST_EXIT_DIR");
  {
    auto store = Store::OpenRocksDb(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ(VerifyAfterCrash(**store), 6u);
    EXPECT_EQ((*store)->ListFailures()->size(), 2u);
  }
  fs::remove_all(dir);
}

TEST(RocksDbCrashTest, KillDuringWritesLeavesWholeFilesOnly) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string dir = CrashDir("SANDING_STORE_TEST_KILL_DIR");
  auto child = [&dir] {
    auto store = Store::OpenRocksDb(dir);
    if (!store.ok()) _exit(2);
    std::atomic<uint32_t> written{0};
    std::thread writer([&] {
      for (uint32_t i = 0;; ++i) {
        WriteCrashFile(**store, i, std::chrono::milliseconds(3));
        written.store(i + 1);
      }
    });
    // Wait for 8 whole files, then for the next one to be begun but not yet complete.
    while (written.load() < 8 || (*store)->Stats()->files_pending == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    kill(getpid(), SIGKILL);  // the writer is somewhere inside a file
    writer.join();
  };
  EXPECT_EXIT(child(), ::testing::KilledBySignal(SIGKILL), "");
  unsetenv("SANDING_STORE_TEST_KILL_DIR");
  {
    auto store = Store::OpenRocksDb(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_GE(VerifyAfterCrash(**store), 8u);
    // Re-running the load is safe: stored files are refused, the store keeps working.
    const std::string first = CrashContent(0);
    EXPECT_EQ((*store)->BeginFile(NewRecord(first, "file-0.pdf"), first).code(),
              Status::Code::kAlreadyExists);
    const std::string fresh = Bytes(5000, 424242);
    EXPECT_TRUE((*store)->BeginFile(NewRecord(fresh, "file-999999.pdf"), fresh).ok());
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sanding
