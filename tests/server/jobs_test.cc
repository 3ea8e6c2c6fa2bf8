#include "server/jobs.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/fixtures/archive.h"

namespace sanding::server {
namespace {

namespace fs = std::filesystem;

const char* kDoc =
    "清河市机构编制委员会关于设立清河市数据资源局的批复\n清编〔2024〕9号\n市政府办公室：\n"
    "同意设立清河市数据资源局，核定行政编制12名。\n清河市机构编制委员会\n2024年3月1日\n";

class JobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fixtures::MakeTempDir("sanding-jobs-");
    auto archive = query::Archive::Open(root_ + "/data");
    ASSERT_TRUE(archive.ok()) << archive.status().ToString();
    archive_ = std::move(archive).value();
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(root_);
  }
  JobManager::Options Options() {
    JobManager::Options o;
    o.ingest.workers = 1;
    o.on_finished = [this](const Job& j) { finished_.push_back(j.id); };
    return o;
  }
  Job WaitFor(JobManager& m, const std::string& id) {
    for (int i = 0; i < 1200; ++i) {
      auto job = m.Get(id);
      if (job && (job->state == "done" || job->state == "failed")) return *job;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return {};
  }

  std::string root_;
  std::unique_ptr<query::Archive> archive_;
  std::vector<std::string> finished_;
};

TEST_F(JobsTest, AnUploadIsLoadedIndexedAndItsFolderRemoved) {
  JobManager m(*archive_, root_ + "/data/server", Options());
  ASSERT_TRUE(m.Start().ok());
  auto job = m.Submit("../../etc/批复.txt", "wang", "", kDoc);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->name, "批复.txt") << "only the last path component is kept";
  EXPECT_EQ(job->state, "queued");
  EXPECT_TRUE(fs::exists(root_ + "/data/server/jobs/" + job->id + ".json"))
      << "persisted before it is answered";
  const Job done = WaitFor(m, job->id);
  EXPECT_EQ(done.state, "done") << done.error;
  EXPECT_EQ(done.report["loaded"], 1);
  EXPECT_EQ(done.report["extraction"]["documents"], 1);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_GT(done.finished_ms, 0);
  EXPECT_FALSE(fs::exists(root_ + "/data/server/uploads/" + job->id));
  EXPECT_EQ(finished_, std::vector<std::string>{job->id});
  indexer::SearchRequest req;
  req.query = "数据资源局";
  auto found = archive_->index().Search(req);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total, 1u);
  EXPECT_EQ(m.Active(), 0u);
  ASSERT_EQ(m.List().size(), 1u);
  nlohmann::json j = m.List()[0];
  EXPECT_FALSE(j.contains("upload")) << "the API never shows server paths";
}

TEST_F(JobsTest, ABodySpooledToAFileIsMovedIn) {
  JobManager m(*archive_, root_ + "/data/server", Options());
  ASSERT_TRUE(m.Start().ok());
  const std::string spool = root_ + "/spooled.zip";
  fixtures::WriteFile(spool,
                      fixtures::WriteArchive(fixtures::ArchiveKind::kZip, {{"a/批复.txt", kDoc}}));
  auto job = m.Submit("上传.zip", "wang", spool, "");
  ASSERT_TRUE(job.ok());
  EXPECT_FALSE(fs::exists(spool));
  EXPECT_GT(job->size, 0u);
  EXPECT_EQ(WaitFor(m, job->id).report["loaded"], 1);
}

TEST_F(JobsTest, AnInterruptedJobIsResumedAtStart) {
  // A job left "running" by a stop (or a crash), with its upload in place.
  const std::string dir = root_ + "/data/server";
  fs::create_directories(dir + "/jobs");
  fs::create_directories(dir + "/uploads/20260101-000000-1");
  fixtures::WriteFile(dir + "/uploads/20260101-000000-1/批复.txt", kDoc);
  nlohmann::json persisted = {{"id", "20260101-000000-1"},
                              {"state", "running"},
                              {"name", "批复.txt"},
                              {"by", "wang"},
                              {"upload", dir + "/uploads/20260101-000000-1/批复.txt"},
                              {"created_ms", 1},
                              {"attempts", 1}};
  fixtures::WriteFile(dir + "/jobs/20260101-000000-1.json", persisted.dump());
  fixtures::WriteFile(dir + "/jobs/broken.json", "{not json");
  JobManager m(*archive_, dir, Options());
  ASSERT_TRUE(m.Start().ok()) << "an unreadable job record is skipped, not fatal";
  const Job done = WaitFor(m, "20260101-000000-1");
  EXPECT_EQ(done.state, "done");
  EXPECT_EQ(done.attempts, 2);
  auto next = m.Submit("另一个.txt", "wang", "", std::string(kDoc) + "补充\n");
  ASSERT_TRUE(next.ok());
  EXPECT_NE(next->id, "20260101-000000-1");
}

TEST_F(JobsTest, ShutdownIsIdempotentAndRefusesNewJobs) {
  JobManager m(*archive_, root_ + "/data/server", Options());
  ASSERT_TRUE(m.Start().ok());
  m.Shutdown();
  m.Shutdown();
  auto refused = m.Submit("a.txt", "wang", "", "x");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(refused.status().message().find("正在停止"), std::string::npos);
}

TEST(SafeFileNameTest, KeepsTheLastComponentWithoutControlsOrSeparators) {
  EXPECT_EQ(SafeFileName("a/b/清编〔2024〕9号.pdf"), "清编〔2024〕9号.pdf");
  EXPECT_EQ(SafeFileName("C:\\扫描\\一.tif"), "一.tif");
  EXPECT_EQ(SafeFileName("..."), "上传文件");
  EXPECT_EQ(SafeFileName(""), "上传文件");
  EXPECT_EQ(SafeFileName("a\nb\x01<c>|d?.zip"), "abcd.zip");
  EXPECT_EQ(SafeFileName(std::string("\xff\xfe", 2) + "x.zip").find('\xff'), std::string::npos);
  EXPECT_LE(SafeFileName(std::string(500, 'a')).size(), 200u);
}

}  // namespace
}  // namespace sanding::server
