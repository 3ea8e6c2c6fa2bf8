#include "ocr/ingest.h"

#include <atomic>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/store.h"
#include "store/text.h"
#include "tests/fixtures/archive.h"
#include "tests/fixtures/render.h"

namespace sanding::ocr {
namespace {

namespace fs = std::filesystem;
using fixtures::WriteFile;

// Recognises every image as the same text, counting calls.
class FakeEngine : public OcrEngine {
 public:
  explicit FakeEngine(std::atomic<int>* calls) : calls_(calls) {}
  Result<OcrOutput> Recognize(const Image& image) override {
    ++*calls_;
    OcrOutput out;
    out.text = "假识别文本 " + std::to_string(image.width()) + "x" + std::to_string(image.height());
    out.mean_confidence = 91;
    out.width_px = image.width();
    out.height_px = image.height();
    out.engine = Describe();
    return out;
  }
  std::string Describe() const override { return "fake"; }

 private:
  std::atomic<int>* calls_;
};

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fixtures::MakeTempDir("sanding-ingest-test");
    store_ = Store::NewInMemory();
  }
  void TearDown() override { fs::remove_all(dir_); }

  EngineFactory Factory() {
    return [this]() -> Result<std::unique_ptr<OcrEngine>> {
      return std::unique_ptr<OcrEngine>(new FakeEngine(&ocr_calls_));
    };
  }
  IngestReport Run(const std::vector<std::string>& paths, IngestOptions options = {},
                   IngestObserver* observer = nullptr) {
    options.workers = options.workers ? options.workers : 2;
    auto r = Ingest(*store_, paths, options, observer, Factory());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value() : IngestReport{};
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::atomic<int> ocr_calls_{0};
};

TEST_F(IngestTest, LoadsTextFilesAndImagesAndQueuesThemForIndexing) {
  WriteFile(dir_ + "/a.txt", "某市机构编制委员会关于设立市档案馆的批复\n同意设立。");
  WriteFile(dir_ + "/sub/b.txt", "第一页内容\f第二页内容");
  WriteFile(dir_ + "/c.png", fixtures::RenderPng("关于调整市发展和改革委员会职责的通知"));
  IngestReport r = Run({dir_});
  EXPECT_EQ(r.loaded, 3u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.pages, 4u);
  EXPECT_EQ(r.pages_ocr, 1u);
  EXPECT_EQ(ocr_calls_.load(), 1);

  std::string sha = text::Sha256Hex(fixtures::ReadFile(dir_ + "/sub/b.txt"));
  auto file = store_->GetFile(sha);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->state, FileState::kComplete);
  EXPECT_EQ(file->page_count, 2u);
  auto pages = store_->GetPages(sha);
  ASSERT_TRUE(pages.ok());
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_THAT((*pages)[1].text, ::testing::HasSubstr("第二页内容"));
  EXPECT_EQ((*pages)[1].method, TextMethod::kPlainText);

  auto a = store_->GetFile(text::Sha256Hex(fixtures::ReadFile(dir_ + "/a.txt")));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "某市机构编制委员会关于设立市档案馆的批复");

  auto queued = store_->PendingIndex();
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(queued->size(), 3u);
}

TEST_F(IngestTest, DuplicateIsStoredOnceAndReportedOnce) {
  WriteFile(dir_ + "/one.txt", "市编办关于核增事业编制的批复");
  WriteFile(dir_ + "/two.txt", "市编办关于核增事业编制的批复");
  IngestReport r = Run({dir_});
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.duplicates, 1u);
  ASSERT_EQ(r.duplicate_list.size(), 1u);
  EXPECT_THAT(r.duplicate_list[0].source, ::testing::HasSubstr("two.txt"));
  EXPECT_THAT(r.duplicate_list[0].first, ::testing::HasSubstr("one.txt"));
  auto file = store_->GetFile(r.duplicate_list[0].sha256);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->sources.size(), 2u);

  // A second run changes nothing: both copies are duplicates now, no page is read again.
  IngestReport again = Run({dir_});
  EXPECT_EQ(again.loaded, 0u);
  EXPECT_EQ(again.duplicates, 2u);
  EXPECT_EQ(again.pages, 0u);
  auto same = store_->GetFile(r.duplicate_list[0].sha256);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->sources.size(), 2u);
}

TEST_F(IngestTest, BadInputIsRecordedAndTheBatchGoesOn) {
  WriteFile(dir_ + "/a_empty.pdf", "");
  WriteFile(dir_ + "/b_broken.pdf", "%PDF-1.4\nthis is not a pdf at all");
  WriteFile(dir_ + "/c_binary.bin", std::string("\x00\x01\x02\x03\xff\xfe\x00\x00garbage", 16));
  WriteFile(dir_ + "/d_good.txt", "正常的文件");
  IngestReport r = Run({dir_});
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.failed, 3u);
  std::map<std::string, std::string> reasons;
  for (const auto& f : r.failures) {
    reasons[fs::path(f.source).filename().string()] = f.reason;
    EXPECT_THAT(f.message, ::testing::HasSubstr(fs::path(f.source).filename().string()));
  }
  EXPECT_EQ(reasons["a_empty.pdf"], "empty");
  EXPECT_THAT(reasons["b_broken.pdf"], ::testing::AnyOf("corrupt", "truncated"));
  EXPECT_EQ(reasons["c_binary.bin"], "unsupported");
  auto stored = store_->ListFailures();
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 3u);
}

TEST_F(IngestTest, ResumesAPendingFileWithoutRereadingStoredPages) {
  const std::string content = "第一页\f第二页\f第三页";
  WriteFile(dir_ + "/doc.txt", content);
  const std::string sha = text::Sha256Hex(content);
  // An interrupted run stored the original and page 1 (with a marker text), then died.
  FileRecord rec;
  rec.sha256 = sha;
  rec.name = "doc.txt";
  rec.format = "text";
  rec.size = content.size();
  rec.page_count = 3;
  rec.sources = {SourceRef{dir_ + "/doc.txt", ""}};
  ASSERT_TRUE(store_->BeginFile(rec, content).ok());
  PageRecord p1;
  p1.sha256 = sha;
  p1.page = 1;
  p1.method = TextMethod::kPlainText;
  p1.text = "上次保存的第一页";
  ASSERT_TRUE(store_->PutPage(p1).ok());

  IngestReport r = Run({dir_});
  EXPECT_EQ(r.resumed, 1u);
  EXPECT_EQ(r.loaded, 0u);
  EXPECT_EQ(r.pages, 2u);
  EXPECT_EQ(r.pages_skipped, 1u);
  auto pages = store_->GetPages(sha);
  ASSERT_TRUE(pages.ok());
  ASSERT_EQ(pages->size(), 3u);
  EXPECT_EQ((*pages)[0].text, "上次保存的第一页");
  EXPECT_THAT((*pages)[2].text, ::testing::HasSubstr("第三页"));
  auto file = store_->GetFile(sha);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->state, FileState::kComplete);
}

TEST_F(IngestTest, BoundedMemoryStillLoadsEverything) {
  for (int i = 0; i < 30; ++i) {
    WriteFile(dir_ + "/f" + std::to_string(i) + ".txt",
              "第" + std::to_string(i) + "号文件：" + std::string(2000, 'x'));
  }
  IngestOptions options;
  options.max_inflight_bytes = 4096;  // about two files at a time
  IngestReport r = Run({dir_}, options);
  EXPECT_EQ(r.loaded, 30u);
  EXPECT_EQ(r.pages, 30u);
}

TEST_F(IngestTest, OcrEngineFailureFlagsThePageForReview) {
  WriteFile(dir_ + "/scan.png", fixtures::RenderPng("关于印发市水利局职能配置的通知"));
  IngestOptions options;
  options.workers = 1;
  auto r = Ingest(*store_, {dir_}, options, nullptr, []() -> Result<std::unique_ptr<OcrEngine>> {
    return Status::Internal("无法加载 OCR 引擎");
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->loaded, 1u);
  ASSERT_EQ(r->review.size(), 1u);
  EXPECT_THAT(r->review[0].note, ::testing::HasSubstr("OCR"));
}

class CancelAtOnce : public IngestObserver {
 public:
  bool Cancelled() override { return true; }
};

TEST_F(IngestTest, CancelledRunStopsCleanlyAndARerunFinishes) {
  for (int i = 0; i < 10; ++i) WriteFile(dir_ + "/f" + std::to_string(i) + ".txt", "文件" + std::to_string(i));
  CancelAtOnce cancel;
  IngestReport first = Run({dir_}, {}, &cancel);
  EXPECT_LT(first.loaded, 10u);
  IngestReport second = Run({dir_});
  EXPECT_EQ(first.loaded + second.loaded + second.resumed, 10u);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->files_complete, 10u);
  EXPECT_EQ(stats->files_pending, 0u);
}

}  // namespace
}  // namespace sanding::ocr

namespace sanding::ocr {
namespace {

TEST(NeedsReviewTest, UnreadableAndLowConfidenceOcrPagesOnly) {
  PageRecord p;
  p.method = TextMethod::kNone;
  EXPECT_TRUE(NeedsReview(p, 75));
  p.method = TextMethod::kOcr;
  p.mean_confidence = 74.9;
  EXPECT_TRUE(NeedsReview(p, 75));
  p.mean_confidence = 75;
  EXPECT_FALSE(NeedsReview(p, 75));
  p.method = TextMethod::kTextLayer;
  p.mean_confidence = -1;
  EXPECT_FALSE(NeedsReview(p, 75));
}

TEST(NeedsReviewTest, ReviewEntryJsonHasTheDocumentedFields) {
  nlohmann::json j = ReviewEntry{"abc", "/a.zip!/p.tif", 3, 41.5, "置信度低"};
  EXPECT_EQ(j.at("sha256"), "abc");
  EXPECT_EQ(j.at("source"), "/a.zip!/p.tif");
  EXPECT_EQ(j.at("page"), 3);
  EXPECT_DOUBLE_EQ(j.at("confidence").get<double>(), 41.5);
  EXPECT_EQ(j.at("note"), "置信度低");
}

}  // namespace
}  // namespace sanding::ocr
