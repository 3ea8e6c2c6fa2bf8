#include "query/archive.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "tests/util/store_util.h"

namespace sanding::query {
namespace {

namespace fs = std::filesystem;

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "sanding-archive-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    auto a = Archive::Open(root_ + "/data");
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    archive_ = std::move(a).value();
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(root_);
  }
  std::string AddDoc(const std::string& name, const std::string& text) {
    return testing::AddCompleteFile(archive_->store(), name, name, {text},
                                    {SourceRef{"/in/" + name, ""}});
  }
  std::string root_;
  std::unique_ptr<Archive> archive_;
};

const char* kApproval =
    "清河市机构编制委员会关于核增清河市统计局行政编制的批复\n清编〔2001〕4号\n市统计局：\n"
    "同意核增你局行政编制2名。\n清河市机构编制委员会\n2001年5月8日\n";

TEST_F(ArchiveTest, DerivedUpdateExtractsIndexesAndCorrects) {
  const std::string sha = AddDoc("批复.txt", kApproval);
  auto derived = archive_->UpdateDerived("测试");
  ASSERT_TRUE(derived.ok()) << derived.status().ToString();
  EXPECT_EQ(derived->extraction.documents, 1u);
  indexer::SearchRequest req;
  req.query = "文号:清编〔2001〕4号";
  EXPECT_EQ(archive_->index().Search(req)->total, 1u);
  auto clauses = archive_->clauses();
  ASSERT_TRUE(clauses.ok());
  EXPECT_EQ(*archive_->clauses(), *clauses) << "opened once, then shared";

  auto e = ExtractionJson(archive_->store(), sha);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)["facts"]["doc_number"]["value"], "清编〔2001〕4号");
  EXPECT_TRUE((*e)["corrections"].empty());

  extract::CorrectionRequest c;
  c.sha256 = sha;
  c.field = "文号";
  c.value = "清编〔2001〕5号";
  c.by = "wang";
  c.reason = "核对原件";
  auto done = archive_->Correct(c);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->record.by, "wang");
  EXPECT_GT(done->chain_tx, 0u);
  req.query = "文号:清编〔2001〕5号";
  EXPECT_EQ(archive_->index().Search(req)->total, 1u) << "the index follows the correction";
  EXPECT_EQ((*ExtractionJson(archive_->store(), sha))["corrections"].size(), 1u);

  c.field = "";
  EXPECT_FALSE(archive_->Correct(c).ok());
  c.field = "日期";
  c.value = "不是日期";
  auto bad = archive_->Correct(c);
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(bad.status().message().empty());
}

TEST_F(ArchiveTest, ResolveShaByPrefix) {
  const std::string a = AddDoc("一.txt", "第一份");
  const std::string b = AddDoc("二.txt", "第二份");
  EXPECT_EQ(*ResolveSha(archive_->store(), a.substr(0, 12)), a);
  EXPECT_EQ(*ResolveSha(archive_->store(), b), b);
  std::string upper = a.substr(0, 10);
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(*ResolveSha(archive_->store(), upper), a);
  EXPECT_EQ(ResolveSha(archive_->store(), "abc").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ResolveSha(archive_->store(), "zzzzzzzzzz").status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(ResolveSha(archive_->store(), std::string(12, a[0] == '0' ? '1' : '0')).status().code(),
            Status::Code::kNotFound);
  auto none = ExtractionJson(archive_->store(), a);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->is_null()) << "no facts yet";
}

TEST_F(ArchiveTest, ReadJsonFileNamesTheFile) {
  EXPECT_EQ(ReadJsonFile(root_ + "/none.json").status().code(), Status::Code::kNotFound);
  std::ofstream(root_ + "/bad.json") << "{";
  auto bad = ReadJsonFile(root_ + "/bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.json"), std::string::npos);
  std::ofstream(root_ + "/ok.json") << R"({"a": 1})";
  EXPECT_EQ((*ReadJsonFile(root_ + "/ok.json"))["a"], 1);
}

TEST_F(ArchiveTest, OpeningAPathThatIsAFileFails) {
  std::ofstream(root_ + "/plain") << "x";
  auto a = Archive::Open(root_ + "/plain/data");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("数据目录"), std::string::npos);
}

}  // namespace
}  // namespace sanding::query
