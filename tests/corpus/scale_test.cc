#include "tools/corpus/scale.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "tests/corpus/corpus_test_util.h"
#include "tools/corpus/check.h"

namespace sanding::corpus {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::SpecDir;
using testing::TempDir;

class ScaleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto spec = LoadSpec(SpecDir());
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    spec_ = new Spec(std::move(*spec));
  }
  static void TearDownTestSuite() {
    delete spec_;
    spec_ = nullptr;
  }
  static Spec* spec_;
};
Spec* ScaleTest::spec_ = nullptr;

TEST_F(ScaleTest, TwoThousandDocumentsWithConsistentTruth) {
  TempDir out;
  auto stats = WriteScaleArchive(*spec_, ScaleOptions{2000, 7, out.str()});
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->documents, 2000);
  EXPECT_GE(stats->cities, 2);
  CheckOptions opt;
  opt.min_documents = 2000;
  opt.require_event_types = true;
  const auto problems = CheckCorpus(out.str(), opt);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << all;
  const Json docs = Json::parse(ReadFile(out.path() / "truth" / "documents.json"));
  EXPECT_EQ(docs.size(), 2000u);
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(out.path() / "docs")) files += e.is_regular_file();
  EXPECT_EQ(files, 2000u);
  // Every city has its own name: no document of the scale archive speaks of 清河.
  std::set<std::string> issuers;
  for (const auto& d : docs) {
    EXPECT_EQ(d["issuer"].get<std::string>().find("清河"), std::string::npos);
    issuers.insert(d["issuer"].get<std::string>());
  }
  EXPECT_GT(issuers.size(), 10u);
}

TEST_F(ScaleTest, DeterministicForASeedAndDifferentAcrossSeeds) {
  TempDir a, b, c;
  ASSERT_TRUE(WriteScaleArchive(*spec_, ScaleOptions{400, 11, a.str()}).ok());
  ASSERT_TRUE(WriteScaleArchive(*spec_, ScaleOptions{400, 11, b.str()}).ok());
  ASSERT_TRUE(WriteScaleArchive(*spec_, ScaleOptions{400, 12, c.str()}).ok());
  for (const char* f : {"documents.json", "institutions.json", "lineage.json"}) {
    EXPECT_EQ(ReadFile(a.path() / "truth" / f), ReadFile(b.path() / "truth" / f)) << f;
  }
  EXPECT_NE(ReadFile(a.path() / "truth" / "documents.json"),
            ReadFile(c.path() / "truth" / "documents.json"));
  for (const auto& e : fs::directory_iterator(a.path() / "docs")) {
    EXPECT_EQ(ReadFile(e.path()), ReadFile(b.path() / "docs" / e.path().filename()));
  }
}

TEST_F(ScaleTest, CutCityDropsEventsOfUnwrittenDocuments) {
  TempDir out;
  auto stats = WriteScaleArchive(*spec_, ScaleOptions{50, 3, out.str()});
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->cities, 1);
  EXPECT_TRUE(CheckCorpus(out.str(), {}).empty());
  const Json lineage = Json::parse(ReadFile(out.path() / "truth" / "lineage.json"));
  EXPECT_EQ(static_cast<int64_t>(lineage.size()), stats->events);
  for (const auto& e : lineage)
    EXPECT_TRUE(fs::exists(out.path() / "docs" / (e["source"].get<std::string>() + ".txt")));
}

TEST_F(ScaleTest, RejectsANonPositiveCount) {
  TempDir out;
  EXPECT_FALSE(WriteScaleArchive(*spec_, ScaleOptions{0, 1, out.str()}).ok());
}

}  // namespace
}  // namespace sanding::corpus
