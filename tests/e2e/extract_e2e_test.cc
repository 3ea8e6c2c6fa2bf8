// End to end: ingest real-language documents with the `sanding` binary, read their extraction
// with `show --json`, record corrections with `correct`, and check that re-running extraction
// never overrides them. A document scanned as one image per page is read as one document.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/e2e/e2e_fixture.h"
#include "tests/fixtures/archive.h"
#include "tests/fixtures/render.h"
#include "tests/util/paths.h"

namespace {

namespace fs = std::filesystem;
namespace fx = sanding::fixtures;
using nlohmann::json;
using namespace sanding::e2e;

class ExtractE2eTest : public SandingDataTest<> {
 protected:
  void SetUp() override {
    SandingDataTest::SetUp();
    in_ = root_ + "/in";
    fs::create_directories(in_);
  }
  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(in_ + "/" + name, std::ios::binary) << bytes;
  }
  // The sha256 of the file whose first source ends with `name`.
  std::string ShaOf(const std::string& name) {
    for (const char* q : {"的", "委员会"}) {
      json hits = Json("search", {"--limit", "100", q})["hits"];
      for (const auto& h : hits)
        for (const auto& s : h["sources"])
          if (s.get<std::string>().ends_with(name)) return h["sha256"];
    }
    ADD_FAILURE() << "no file " << name;
    return "";
  }

  std::string in_;
};

const char kApproval[] =
    "清编办〔2012〕3号\n\n清河市机构编制委员会办公室关于核增清河市民政局行政编制的批复\n\n清河市民政局：\n"
    "　　你单位的请示收悉。经研究，现批复如下：\n"
    "　　同意核增清河市民政局行政编制3名，调整后行政编制为44名。\n　　此复。\n\n"
    "清河市机构编制委员会办公室\n二〇一二年五月十五日\n";

TEST_F(ExtractE2eTest, ShowCorrectAndReextract) {
  Write("批复.txt", kApproval);
  const std::string gov = Slurp(sanding::testing::RealData(
      "sanding_texts/国家矿山安全监察局职能配置内设机构和人员编制规定_第一至四条_truncated.txt"));
  ASSERT_FALSE(gov.empty());
  Write("矿山.txt", gov);
  json ingest = Json("ingest", {"-q", in_});
  EXPECT_EQ(ingest["extraction"]["documents"], 2);

  const std::string sha = ShaOf("批复.txt");
  json show = Json("show", {sha})["extraction"];
  ASSERT_TRUE(show.is_object()) << show.dump();
  const json& f = show["facts"];
  EXPECT_EQ(f["kind"]["value"], "批复");
  EXPECT_EQ(f["doc_number"]["value"], "清编办〔2012〕3号");
  EXPECT_EQ(f["date"]["value"], "2012-05-15");
  EXPECT_EQ(f["issuer"]["value"], "清河市机构编制委员会办公室");
  EXPECT_EQ(f["doc_number"]["span"]["page"], 1);
  // The span points at the 文号 in the stored page text.
  json page = Json("show", {sha})["pages"][0];
  const std::string text = page["text"];
  const size_t b = f["doc_number"]["span"]["begin"], e = f["doc_number"]["span"]["end"];
  EXPECT_EQ(text.substr(b, e - b), "清编办〔2012〕3号");
  bool staffing_event = false;
  for (const auto& ev : f["events"]) staffing_event |= ev["type"] == "staffing_changed";
  EXPECT_TRUE(staffing_event) << f["events"].dump();

  // The 三定 text: its duty clauses, the catch-all one marked.
  json mine = Json("show", {ShaOf("矿山.txt")})["extraction"]["facts"];
  EXPECT_EQ(mine["regulation_title"]["value"].get<std::string>().empty() ? mine["title"]["value"]
                                                                         : mine["regulation_title"]["value"],
            "国家矿山安全监察局职能配置、内设机构和人员编制规定");
  int real_duties = 0;
  for (const auto& d : mine["duties"]) real_duties += d["boilerplate"] ? 0 : 1;
  EXPECT_EQ(real_duties, 6) << mine["duties"].dump();

  // A correction: who, when, why; the machine value stays readable.
  RunResult bad = Raw("correct", {sha, "--field", "日期", "--value", "二〇一二年十三月一日", "--by", "张档案",
                                  "--reason", "误"});
  EXPECT_EQ(bad.exit_code, 1) << bad.Describe();
  EXPECT_NE(bad.err.find("不是有效的日期"), std::string::npos) << bad.err;
  RunResult no_reason = Raw("correct", {sha, "--field", "文号", "--value", "清编办〔2012〕4号", "--by", "张档案"});
  EXPECT_NE(no_reason.exit_code, 0);

  json c1 = Json("correct", {sha, "--field", "文号", "--value", "清编办[2012]4号", "--by", "张档案",
                             "--reason", "与发文登记簿核对，应为4号"});
  EXPECT_EQ(c1["value"], "\"清编办〔2012〕4号\"");
  json after = Json("show", {sha})["extraction"];
  EXPECT_EQ(after["facts"]["doc_number"]["value"], "清编办〔2012〕4号");
  EXPECT_EQ(after["machine"]["doc_number"]["value"], "清编办〔2012〕3号");
  ASSERT_EQ(after["corrections"].size(), 1u);
  EXPECT_EQ(after["corrections"][0]["by"], "张档案");
  EXPECT_EQ(after["corrections"][0]["previous"], "清编办〔2012〕3号");
  EXPECT_GT(after["corrections"][0]["at_ms"].get<int64_t>(), 0);

  // Re-running extraction over everything keeps the correction.
  json rerun = Json("extract", {"--all"});
  EXPECT_EQ(rerun["documents"], 2);
  EXPECT_EQ(Json("show", {sha})["extraction"]["facts"]["doc_number"]["value"], "清编办〔2012〕4号");
  // The search index serves the corrected facts' document too.
  EXPECT_FALSE(Json("search", {"核增"})["hits"].empty());

  // Withdrawing the correction restores the machine value; both records stay.
  Json("correct", {sha, "--withdraw", std::to_string(c1["seq"].get<uint64_t>()), "--by", "李审核",
                            "--reason", "登记簿记错"});
  json last = Json("show", {sha})["extraction"];
  EXPECT_EQ(last["facts"]["doc_number"]["value"], "清编办〔2012〕3号");
  EXPECT_EQ(last["corrections"].size(), 2u);
  EXPECT_TRUE(last["corrections"][0]["withdrawn"]);

  // The text form names the fields in Chinese with their pages.
  RunResult shown = Raw("show", {sha});
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_NE(shown.out.find("文号：清编办〔2012〕3号"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("更正记录"), std::string::npos);
}

TEST_F(ExtractE2eTest, PageImagesOfOneDocumentAreReadTogether) {
  // A two-page approval file scanned as one PNG per page.
  const std::string page1 =
      "清编办〔2016〕9号\n清河市机构编制委员会办公室关于同意\n核增清河市统计局行政编制的批复\n清河市统计局：\n"
      "你单位的请示收悉。经研究，同意核增清河市统计局行政编制2名。";
  const std::string page2 = "此复。\n清河市机构编制委员会办公室\n2016年3月10日";
  fx::RenderOptions opt;
  Write("统计局批复_第1页.png", fx::RenderPng(page1, opt));
  Write("统计局批复_第2页.png", fx::RenderPng(page2, opt));
  json ingest = Json("ingest", {"-q", in_});
  EXPECT_EQ(ingest["extraction"]["documents"], 1) << ingest.dump();
  const std::string first = ShaOf("统计局批复_第1页.png");
  json e = Json("show", {first})["extraction"];
  EXPECT_EQ(e["facts"]["files"].size(), 2u);
  EXPECT_EQ(e["facts"]["date"]["value"], "2016-03-10");
  EXPECT_EQ(e["facts"]["date"]["span"]["page"], 2);
  // Asking for the second page's file shows the whole document.
  json e2 = Json("show", {ShaOf("统计局批复_第2页.png")})["extraction"];
  EXPECT_EQ(e2["document"], first);
}

}  // namespace
