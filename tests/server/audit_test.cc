#include "server/audit.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "store/text.h"

namespace sanding::server {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const auto& l : lines) out << l << '\n';
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sanding_audit_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    path_ = (dir_ / "server" / "audit.log").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<AuditLog> OpenLog() {
    auto log = AuditLog::Open(path_);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }

  // Writes `n` entries with a fresh log and closes it.
  void WriteEntries(int n) {
    auto log = OpenLog();
    ASSERT_TRUE(log);
    for (int i = 0; i < n; ++i) {
      auto e = log->Append("archivist", "127.0.0.1", "correction", "sha" + std::to_string(i),
                           {{"field", "文号"}, {"i", i}});
      ASSERT_TRUE(e.ok()) << e.status().ToString();
    }
  }

  // Verify's message, "" when it passes.
  std::string VerifyMessage() {
    auto log = OpenLog();
    if (!log) return "open failed";
    Status st = log->Verify();
    return st.ok() ? "" : st.message();
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(AuditLogTest, AppendFillsSeqTimeAndChain) {
  auto log = OpenLog();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 0u);
  auto a = log->Append("", "10.0.0.1", "login_failed", "张三", {{"reason", "密码错误"}}, false);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->seq, 1u);
  EXPECT_EQ(a->prev, "");
  EXPECT_EQ(a->hash.size(), 64u);
  EXPECT_FALSE(a->ok);
  EXPECT_GT(a->at_ms, 0);
  EXPECT_EQ(a->time.size(), 24u);
  EXPECT_EQ(a->time.back(), 'Z');
  auto b = log->Append("张三", "10.0.0.1", "login", "张三", nlohmann::json::object());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->seq, 2u);
  EXPECT_EQ(b->prev, a->hash);
  EXPECT_NE(b->hash, a->hash);
  EXPECT_EQ(log->size(), 2u);
  EXPECT_TRUE(log->Verify().ok());

  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // One JSON object per line, the hash over the entry without it.
  auto lines = ReadLines(path_);
  ASSERT_EQ(lines.size(), 2u);
  auto j = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(j["who"], "张三");
  AuditEntry parsed = j.get<AuditEntry>();
  EXPECT_EQ(parsed.hash, b->hash);
  EXPECT_EQ(parsed.action, "login");
}

TEST_F(AuditLogTest, ReopenContinuesTheChain) {
  WriteEntries(3);
  auto log = OpenLog();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 3u);
  auto recent = log->Recent(0, 1);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 1u);
  const std::string last_hash = (*recent)[0].hash;
  auto e = log->Append("admin", "127.0.0.1", "account_add", "李四", nlohmann::json::object());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->seq, 4u);
  EXPECT_EQ(e->prev, last_hash);
  EXPECT_TRUE(log->Verify().ok());
  EXPECT_EQ(ReadLines(path_).size(), 4u);
}

TEST_F(AuditLogTest, RecentIsNewestFirstWithOffsetAndLimit) {
  WriteEntries(5);
  auto log = OpenLog();
  ASSERT_TRUE(log);
  auto all = log->Recent(0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ((*all)[i].seq, 5 - i);
  EXPECT_EQ((*all)[0].target, "sha4");
  EXPECT_EQ((*all)[0].detail["field"], "文号");
  auto page = log->Recent(1, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].seq, 4u);
  EXPECT_EQ((*page)[1].seq, 3u);
  auto past = log->Recent(10, 2);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->empty());
}

TEST_F(AuditLogTest, VerifyDetectsAnEditedLine) {
  WriteEntries(4);
  auto lines = ReadLines(path_);
  auto j = nlohmann::json::parse(lines[2]);
  j["who"] = "intruder";
  lines[2] = j.dump(-1, ' ', false);
  WriteLines(path_, lines);
  const std::string msg = VerifyMessage();
  EXPECT_NE(msg.find("第 3 行"), std::string::npos) << msg;
  EXPECT_NE(msg.find("哈希"), std::string::npos) << msg;

  // Also with the line's own hash recomputed: the next line's link breaks.
  j.erase("hash");
  j["hash"] = text::Sha256Hex(j.dump(-1, ' ', false));
  lines[2] = j.dump(-1, ' ', false);
  WriteLines(path_, lines);
  const std::string msg2 = VerifyMessage();
  EXPECT_NE(msg2.find("第 4 行"), std::string::npos) << msg2;
}

TEST_F(AuditLogTest, VerifyDetectsADeletedLine) {
  WriteEntries(4);
  auto lines = ReadLines(path_);
  lines.erase(lines.begin() + 1);
  WriteLines(path_, lines);
  const std::string msg = VerifyMessage();
  EXPECT_NE(msg.find("第 2 行"), std::string::npos) << msg;
}

TEST_F(AuditLogTest, VerifyDetectsAReorderedLine) {
  WriteEntries(4);
  auto lines = ReadLines(path_);
  std::swap(lines[1], lines[2]);
  WriteLines(path_, lines);
  const std::string msg = VerifyMessage();
  EXPECT_NE(msg.find("第 2 行"), std::string::npos) << msg;
}

TEST_F(AuditLogTest, VerifyDetectsALastLineRemovedWhileOpen) {
  auto log = OpenLog();
  ASSERT_TRUE(log);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(log->Append("a", "", "x", "", nlohmann::json::object()).ok());
  }
  auto lines = ReadLines(path_);
  lines.pop_back();
  WriteLines(path_, lines);
  Status st = log->Verify();
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Status::Code::kCorruption);
}

TEST_F(AuditLogTest, TornLastLineIsRepairedOnOpen) {
  WriteEntries(3);
  const std::string good = ReadAll(path_);
  {
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    out << R"({"action":"ingest_upload","at_ms":17)";  // crash mid-append
  }
  auto log = OpenLog();
  ASSERT_TRUE(log);
  EXPECT_EQ(ReadAll(path_), good);
  EXPECT_EQ(log->size(), 3u);
  EXPECT_TRUE(log->Verify().ok());
  auto e = log->Append("a", "", "x", "", nlohmann::json::object());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->seq, 4u);
  EXPECT_TRUE(log->Verify().ok());
}

TEST_F(AuditLogTest, TornOnlyLineLeavesAnEmptyLog) {
  fs::create_directories(fs::path(path_).parent_path());
  std::ofstream(path_, std::ios::binary) << R"({"seq":1,"wh)";
  auto log = OpenLog();
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 0u);
  EXPECT_EQ(ReadAll(path_), "");
  auto e = log->Append("a", "", "x", "", nlohmann::json::object());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->seq, 1u);
  EXPECT_TRUE(log->Verify().ok());
}

}  // namespace
}  // namespace sanding::server
