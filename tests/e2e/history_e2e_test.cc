// The real binary on the sample corpus's texts: the history chain after ingest, as of a date,
// curation with as-recorded reads, conflicts, check, and backup -> restore answering identically.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/e2e_fixture.h"
#include "tests/util/paths.h"

namespace sanding::e2e {
namespace {

namespace fs = std::filesystem;

class HistoryE2e : public SandingDataTest<> {
 protected:
  void SetUp() override {
    SandingDataTest<>::SetUp();
    // Loaded in reverse date order on purpose: the chain must not depend on arrival order.
    std::vector<fs::path> docs;
    for (const auto& e : fs::directory_iterator(testing::SourceDir() + "/corpus/docs"))
      docs.push_back(e.path());
    std::sort(docs.rbegin(), docs.rend());
    fs::create_directories(root_ + "/late");
    fs::create_directories(root_ + "/early");
    for (size_t i = 0; i < docs.size(); ++i)
      fs::copy_file(docs[i], root_ + (i < docs.size() / 2 ? "/late/" : "/early/") + docs[i].filename().string());
    ASSERT_EQ(Raw("ingest", {root_ + "/late"}).exit_code, 0);
    ASSERT_EQ(Raw("ingest", {root_ + "/early"}).exit_code, 0);
  }
  // `sanding curate <op> --data <data_> rest... --json`
  nlohmann::json Curate(const std::string& op, std::vector<std::string> rest) {
    std::vector<std::string> a = {"curate", op, "--data", data_};
    a.insert(a.end(), rest.begin(), rest.end());
    a.push_back("--json");
    return RunJson(a, root_);
  }
  RunResult RawCurate(const std::string& op, std::vector<std::string> rest) {
    std::vector<std::string> a = {"curate", op, "--data", data_};
    a.insert(a.end(), rest.begin(), rest.end());
    return RunSanding(a, root_);
  }
};

TEST_F(HistoryE2e, TheChainOfTheSampleCorpusAndItsQueries) {
  const auto all = Json("history", {});
  EXPECT_EQ(all["institutions"].size(), 68u);
  EXPECT_EQ(all["events"], 101);
  EXPECT_EQ(all["conflicts"], 1);

  // By abbreviation; three names over time; as of a date.
  const auto fgw = Json("history", {"市发改委"});
  EXPECT_EQ(fgw["institution"]["names"],
            (nlohmann::json{"清河市计划委员会", "清河市发展计划委员会", "清河市发展和改革委员会"}));
  EXPECT_EQ(fgw["versions"].size(), 5u);
  const auto then = Json("history", {"市发改委", "--as-of", "2005-01-01"});
  ASSERT_EQ(then["versions"].size(), 1u);
  EXPECT_EQ(then["versions"][0]["name"], "清河市发展计划委员会");
  EXPECT_EQ(then["versions"][0]["cites"]["duties"]["doc_number"], "清政办发〔2002〕52号");

  // The same name for two bodies in two periods.
  const auto amb = Raw("history", {"清河市广播电视局"});
  EXPECT_EQ(amb.exit_code, 1);
  EXPECT_NE(amb.err.find("对应多个机构"), std::string::npos) << amb.Describe();

  // As recorded at a time: before anything was loaded, nothing; today, the latest.
  EXPECT_TRUE(Json("history", {"--recorded-at", "2000-01-01"})["institutions"].empty());
  EXPECT_EQ(Json("history", {"--recorded-at", "2999-12-31T23:59:59"})["institutions"], all["institutions"]);
  EXPECT_EQ(Raw("history", {"--recorded-at", "昨天"}).exit_code, 1);

  const auto text = Raw("history", {"清河市民政局"});
  EXPECT_NE(text.out.find("来源不一致（1）"), std::string::npos) << text.Describe();
  EXPECT_EQ(Raw("check", {}).exit_code, 0);
}

TEST_F(HistoryE2e, CurationIsRecordedAndTheEarlierRecordStaysReadable) {
  const auto before = Json("history", {"清河市民政局", "--as-of", "2012-06-01"});
  const std::string id = before["institution"]["id"];
  const auto r = Curate("correct", {id, "--date", "2012-06-01", "--field", "rank", "--value",
                                 "副厅级", "--by", "张三", "--reason", "据原件更正"});
  const uint64_t tx = r["tx"]["number"];
  ASSERT_GT(tx, 1u);
  const auto now = Json("history", {id, "--as-of", "2012-06-01"});
  EXPECT_EQ(now["versions"][0]["rank"], "副厅级");
  EXPECT_EQ(now["versions"][0]["cites"]["rank"]["curation"], r["curation"]["seq"]);
  const auto old = Json("history", {id, "--as-of", "2012-06-01", "--tx", std::to_string(tx - 1)});
  EXPECT_EQ(old["versions"], before["versions"]);

  // Retract an event, then withdraw the retraction.
  std::string event;
  for (const auto& e : now["events"])
    if (e["type"] == "staffing_changed") event = e["id"];
  ASSERT_FALSE(event.empty());
  const size_t versions = Json("history", {id})["versions"].size();
  const auto ret = Curate("retract-event", {event, "--by", "张三", "--reason", "测试"});
  EXPECT_EQ(Json("history", {id})["versions"].size(), versions - 1);  // the 2012 version is gone
  Curate("withdraw", {std::to_string(ret["curation"]["seq"].get<uint64_t>()), "--by", "张三",
                  "--reason", "撤回"});
  EXPECT_EQ(Json("history", {id})["versions"].size(), versions);

  // What a curation names must exist; errors are Chinese and write nothing.
  const auto bad = RawCurate("set", {"org:没有这个机构", "--date", "2000-01-01", "--field", "rank",
                                  "--value", "正处级", "--by", "a", "--reason", "b"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("沿革中没有机构"), std::string::npos) << bad.Describe();
  EXPECT_EQ(Raw("check", {}).exit_code, 0);
}

TEST_F(HistoryE2e, BackupRestoreAnswersIdentically) {
  Curate("add-event", {"--type", "established", "--date", "1980-01-01", "--to",
                  "清河市测试办公室", "--by", "张三", "--reason", "补充"});
  ASSERT_EQ(Raw("backup", {root_ + "/backup"}).exit_code, 0);
  const std::string restored = root_ + "/restored";
  const auto r = RunSanding({"restore", "--data", restored, root_ + "/backup"}, root_);
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  for (const std::vector<std::string>& q :
       {std::vector<std::string>{"history", "--json"}, {"history", "--json", "市发改委"},
        {"history", "--json", "清河市测试办公室"}, {"history", "--json", "市民政局", "--tx", "1"},
        {"conflicts", "--json"}, {"search", "--json", "价格监督检查"}}) {
    std::vector<std::string> a = q, b = q;
    a.insert(a.begin() + 1, {"--data", data_});
    b.insert(b.begin() + 1, {"--data", restored});
    const auto ra = RunSanding(a, root_);
    const auto rb = RunSanding(b, root_);
    EXPECT_EQ(ra.exit_code, 0) << ra.Describe();
    EXPECT_EQ(ra.out, rb.out) << q[0] << " " << q.back();
  }
  EXPECT_EQ(RunSanding({"check", "--data", restored}, root_).exit_code, 0);
  // Restoring over an existing store is refused.
  const auto again = RunSanding({"restore", "--data", restored, root_ + "/backup"}, root_);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("已有存储库"), std::string::npos);
}

}  // namespace
}  // namespace sanding::e2e
