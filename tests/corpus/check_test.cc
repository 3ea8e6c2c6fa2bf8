#include "tools/corpus/check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/corpus/corpus_test_util.h"
#include "tools/corpus/render.h"
#include "tools/corpus/spec.h"

namespace sanding::corpus {
namespace {

namespace fs = std::filesystem;
using testing::CorpusDir;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

const CheckOptions kSample{40, 150, true, true, 40, 30};

bool Mentions(const std::vector<std::string>& problems, const std::string& what) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

// A private copy of the committed corpus that a test may damage.
class CorpusCopy {
 public:
  CorpusCopy() {
    fs::copy(fs::path(CorpusDir()) / "docs", tmp_.path() / "docs", fs::copy_options::recursive);
    fs::copy(fs::path(CorpusDir()) / "truth", tmp_.path() / "truth", fs::copy_options::recursive);
  }
  std::string dir() const { return tmp_.str(); }
  Json Load(const std::string& name) const {
    return Json::parse(ReadFile(tmp_.path() / "truth" / name));
  }
  void Save(const std::string& name, const Json& j) const {
    WriteFile(tmp_.path() / "truth" / name, DumpJson(j));
  }

 private:
  TempDir tmp_;
};

TEST(CheckTest, CommittedSampleCorpusIsConsistent) {
  const auto problems = CheckCorpus(CorpusDir(), kSample);
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

TEST(CheckTest, SampleCorpusMeetsTheSizes) {
  const Json docs = Json::parse(ReadFile(fs::path(CorpusDir()) / "truth" / "documents.json"));
  const Json insts = Json::parse(ReadFile(fs::path(CorpusDir()) / "truth" / "institutions.json"));
  EXPECT_GE(docs.size(), 150u);
  EXPECT_GE(insts.size(), 40u);
  std::set<std::string> periods, kinds;
  for (const auto& d : docs) {
    periods.insert(d["period"].get<std::string>());
    kinds.insert(d["kind"].get<std::string>());
  }
  EXPECT_EQ(periods.size(), 4u);
  for (const char* k : {"三定规定", "批复", "通知", "决定", "意见"})
    EXPECT_TRUE(kinds.contains(k)) << k;
}

TEST(CheckTest, FindsADutyClauseMissingFromTheText) {
  CorpusCopy copy;
  Json docs = copy.Load("documents.json");
  auto it =
      std::find_if(docs.begin(), docs.end(), [](const Json& d) { return !d["duties"].empty(); });
  ASSERT_NE(it, docs.end());
  (*it)["duties"][0]["text"] = "负责全市从未写进正文的事务";
  copy.Save("documents.json", docs);
  const auto problems = CheckCorpus(copy.dir(), {});
  EXPECT_TRUE(Mentions(problems, "负责全市从未写进正文的事务")) << Join(problems);
}

TEST(CheckTest, FindsAWrongStaffingNumber) {
  CorpusCopy copy;
  Json docs = copy.Load("documents.json");
  auto it =
      std::find_if(docs.begin(), docs.end(), [](const Json& d) { return !d["staffing"].empty(); });
  ASSERT_NE(it, docs.end());
  (*it)["staffing"][0]["count"] = 987;
  copy.Save("documents.json", docs);
  EXPECT_TRUE(Mentions(CheckCorpus(copy.dir(), {}), "987名"));
}

TEST(CheckTest, FindsAnEventNamingAnUnknownInstitution) {
  CorpusCopy copy;
  Json lineage = copy.Load("lineage.json");
  lineage[0]["to"][0] = "qh-nobody";
  copy.Save("lineage.json", lineage);
  const auto problems = CheckCorpus(copy.dir(), {});
  EXPECT_TRUE(Mentions(problems, "qh-nobody")) << Join(problems);
}

TEST(CheckTest, FindsOverlappingVersions) {
  CorpusCopy copy;
  Json insts = copy.Load("institutions.json");
  auto it = std::find_if(insts.begin(), insts.end(),
                         [](const Json& i) { return i["versions"].size() >= 2; });
  ASSERT_NE(it, insts.end());
  (*it)["versions"][1]["valid_from"] =
      AddDays((*it)["versions"][0]["valid_to"].get<std::string>(), -30);
  copy.Save("institutions.json", insts);
  EXPECT_TRUE(Mentions(CheckCorpus(copy.dir(), {}), "不衔接"));
}

TEST(CheckTest, FindsAnEventOutsideTheLifetime) {
  CorpusCopy copy;
  Json lineage = copy.Load("lineage.json");
  auto it = std::find_if(lineage.begin(), lineage.end(),
                         [](const Json& e) { return e["type"] == "abolished"; });
  ASSERT_NE(it, lineage.end());
  (*it)["date"] = AddDays((*it)["date"].get<std::string>(), 400);
  copy.Save("lineage.json", lineage);
  const auto problems = CheckCorpus(copy.dir(), {});
  EXPECT_TRUE(Mentions(problems, "存续期")) << Join(problems);
}

TEST(CheckTest, FindsAMissingEventTypeAndTooFewDocuments) {
  CorpusCopy copy;
  Json lineage = copy.Load("lineage.json");
  Json docs = copy.Load("documents.json");
  Json kept = Json::array();
  for (const auto& e : lineage) {
    if (e["type"] != "split") kept.push_back(e);
  }
  for (auto& d : docs) {
    Json events = Json::array();
    for (const auto& e : d["events"]) {
      if (e["type"] != "split") events.push_back(e);
    }
    d["events"] = events;
  }
  copy.Save("lineage.json", kept);
  copy.Save("documents.json", docs);
  CheckOptions opt = kSample;
  opt.min_documents = 100000;
  const auto problems = CheckCorpus(copy.dir(), opt);
  EXPECT_TRUE(Mentions(problems, "缺少事件类型 split")) << Join(problems);
  EXPECT_TRUE(Mentions(problems, "没有分设事件")) << Join(problems);
  EXPECT_TRUE(Mentions(problems, "少于要求的 100000"));
}

TEST(CheckTest, FindsADocumentWhoseEventsDisagreeWithTheLineage) {
  CorpusCopy copy;
  Json docs = copy.Load("documents.json");
  auto it =
      std::find_if(docs.begin(), docs.end(), [](const Json& d) { return !d["events"].empty(); });
  ASSERT_NE(it, docs.end());
  (*it)["events"] = Json::array();
  copy.Save("documents.json", docs);
  EXPECT_TRUE(Mentions(CheckCorpus(copy.dir(), {}), "lineage.json"));
}

TEST(CheckTest, FindsMislabelledPairsAndEmptyQueries) {
  CorpusCopy copy;
  Json pairs = copy.Load("overlap_pairs.json");
  auto it = std::find_if(pairs.begin(), pairs.end(),
                         [](const Json& p) { return p["label"] == "overlap"; });
  ASSERT_NE(it, pairs.end());
  (*it)["label"] = "near_miss";
  copy.Save("overlap_pairs.json", pairs);
  Json queries = copy.Load("queries.json");
  queries[0]["relevant"] = Json::array();
  copy.Save("queries.json", queries);
  const auto problems = CheckCorpus(copy.dir(), kSample);
  EXPECT_TRUE(Mentions(problems, "职责键相同")) << Join(problems);
  EXPECT_TRUE(Mentions(problems, "没有相关文件")) << Join(problems);
}

TEST(CheckTest, FindsAnUnlistedTrapAndAnUnknownSource) {
  CorpusCopy copy;
  Json traps = copy.Load("traps.json");
  Json kept = Json::array();
  for (const auto& t : traps) {
    if (t["type"] != "renamed_twice") kept.push_back(t);
  }
  copy.Save("traps.json", kept);
  Json insts = copy.Load("institutions.json");
  insts[0]["versions"][0]["sources"].push_back("d00000000-9");
  copy.Save("institutions.json", insts);
  const auto problems = CheckCorpus(copy.dir(), kSample);
  EXPECT_TRUE(Mentions(problems, "renamed_twice")) << Join(problems);
  EXPECT_TRUE(Mentions(problems, "d00000000-9")) << Join(problems);
}

TEST(CheckTest, ReportsAMissingTruthFile) {
  TempDir empty;
  const auto problems = CheckCorpus(empty.str(), {});
  ASSERT_FALSE(problems.empty());
  EXPECT_TRUE(Mentions(problems, "documents.json"));
}

TEST(CheckTest, OverlapPairsAreRealOverlapsAndNearMisses) {
  const Json pairs = Json::parse(ReadFile(fs::path(CorpusDir()) / "truth" / "overlap_pairs.json"));
  int overlaps = 0, near = 0;
  for (const auto& p : pairs) {
    (p["label"] == "overlap" ? overlaps : near)++;
  }
  EXPECT_GE(overlaps, 40);
  EXPECT_GE(near, 40);
}

}  // namespace
}  // namespace sanding::corpus
