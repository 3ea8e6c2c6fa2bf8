#include "indexer/extract/run.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "indexer/extract/extractor.h"
#include "tests/util/store_util.h"

namespace sanding::extract {
namespace {

using sanding::testing::AddCompleteFile;

TEST(RunTest, SplitPageName) {
  EXPECT_EQ(SplitPageName("1996年/清编〔1996〕3号 关于…_第2页.jpg").base, "1996年/清编〔1996〕3号 关于…");
  EXPECT_EQ(SplitPageName("1996年/清编〔1996〕3号 关于…_第2页.jpg").page, 2);
  EXPECT_EQ(SplitPageName("scans/批复-p03.png").page, 3);
  EXPECT_EQ(SplitPageName("scans/批复_0012.tif").page, 12);
  EXPECT_EQ(SplitPageName("scans/批复_0012.tif").base, "scans/批复");
  // A bare number names a file, not a page of a named document.
  EXPECT_EQ(SplitPageName("scans/001.jpg").page, 0);
  EXPECT_EQ(SplitPageName("批复.pdf").page, 0);
  EXPECT_EQ(SplitPageName("说明.jpg").page, 0);
}

const char kApproval[] =
    "清编〔1999〕7号\n清河市机构编制委员会关于同意核增清河市物价局行政编制的批复\n清河市物价局：\n"
    "同意核增清河市物价局行政编制3名。\n此复。\n清河市机构编制委员会\n一九九九年十一月九日\n";

TEST(RunTest, ExtractsOnceStoresFactsAndGroupsPageImages) {
  auto store = Store::NewInMemory();
  const std::string a = AddCompleteFile(*store, "a.txt", "批复", {kApproval}, {{"/in/a.txt", ""}});
  const std::string p1 = AddCompleteFile(
      *store, "x_第1页.jpg", "", {"清编〔2001〕4号\n清河市机构编制委员会关于同意核增清河市统计局行政编制的批复"},
      {{"/in/z.zip", "2001年/x_第1页.jpg"}}, "jpeg", TextMethod::kOcr);
  const std::string p2 = AddCompleteFile(*store, "x_第2页.jpg", "",
                                         {"同意核增行政编制2名。\n清河市机构编制委员会\n二〇〇一年三月五日"},
                                         {{"/in/z.zip", "2001年/x_第2页.jpg"}}, "jpeg", TextMethod::kOcr);
  // A pending file is not extracted.
  FileRecord pending;
  pending.sha256 = text::Sha256Hex("pending");
  pending.name = "p.txt";
  pending.format = "text";
  pending.size = 7;
  pending.sources = {{"/in/p.txt", ""}};
  ASSERT_TRUE(store->BeginFile(pending, "pending").ok());

  std::vector<std::string> seen;
  ExtractRunOptions o;
  o.on_document = [&](const std::string& sha, const DocumentFacts&) { seen.push_back(sha); };
  auto r = ExtractStore(*store, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->documents, 2u);
  EXPECT_EQ(r->grouped_files, 1u);
  EXPECT_EQ(seen.size(), 2u);

  auto fa = LoadFacts(*store, a, nullptr);
  ASSERT_TRUE(fa.ok());
  EXPECT_EQ(fa->extractor, kExtractorVersion);
  EXPECT_EQ(fa->doc_number.value, "清编〔1999〕7号");
  EXPECT_EQ(fa->date.value, "1999-11-09");

  std::string owner;
  auto fg = LoadFacts(*store, p2, &owner);
  ASSERT_TRUE(fg.ok());
  EXPECT_EQ(owner, p1);
  EXPECT_EQ(fg->files, (std::vector<std::string>{p1, p2}));
  EXPECT_EQ(fg->doc_number.value, "清编〔2001〕4号");
  EXPECT_EQ(fg->date.value, "2001-03-05");
  EXPECT_EQ(fg->date.span.page, 2u);
  EXPECT_FALSE(store->GetFacts(pending.sha256)->has_value());

  // A second run finds everything current; --all extracts again.
  auto again = ExtractStore(*store, {});
  EXPECT_EQ(again->documents, 0u);
  EXPECT_EQ(again->current, 2u);
  ExtractRunOptions all;
  all.all = true;
  EXPECT_EQ(ExtractStore(*store, all)->documents, 2u);
  EXPECT_EQ(LoadFacts(*store, std::string(64, '0'), nullptr).status().code(), Status::Code::kNotFound);
}

TEST(RunTest, NamesResolveAgainstTheAuthorityAndPrefixesAreCorrected) {
  auto authority = Authority::FromInstitutionsJson(nlohmann::json::parse(R"([
    {"id": "qh-wjj", "level": "city", "valid_from": "1983-10-20", "valid_to": null,
     "versions": [{"valid_from": "1983-10-20", "valid_to": null, "name": "清河市物价局", "abbreviations": ["市物价局"]}]}
  ])"));
  ASSERT_TRUE(authority.ok()) << authority.status().ToString();
  auto store = Store::NewInMemory();
  // Three documents with the archive's usual prefix 清编, one misread as 清偏.
  for (int i = 1; i <= 3; ++i) {
    std::string t = kApproval;
    t.replace(t.find("7号"), 1, std::to_string(i));
    AddCompleteFile(*store, "n" + std::to_string(i) + ".txt", "", {t}, {{"/in/n" + std::to_string(i), ""}});
  }
  std::string misread = kApproval;
  misread.replace(misread.find("清编"), std::string("清编").size(), "清偏");
  const std::string bad = AddCompleteFile(*store, "bad.txt", "", {misread}, {{"/in/bad.txt", ""}});

  ExtractRunOptions o;
  o.authority = std::make_shared<const Authority>(std::move(authority).value());
  ASSERT_TRUE(ExtractStore(*store, o).ok());
  auto f = LoadFacts(*store, bad, nullptr);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->doc_number.value, "清编〔1999〕7号");
  bool flagged = false;
  for (const auto& r : f->review) flagged |= r.field == "doc_number";
  EXPECT_TRUE(flagged);
  ASSERT_FALSE(f->subjects.empty());
  EXPECT_EQ(f->subjects[0].institution, "qh-wjj");

  // Without correction (to measure its gain) the misreading stays.
  ExtractRunOptions off = o;
  off.all = true;
  off.ocr_correction = false;
  ASSERT_TRUE(ExtractStore(*store, off).ok());
  EXPECT_EQ(LoadFacts(*store, bad, nullptr)->doc_number.value, "清偏〔1999〕7号");
}

}  // namespace
}  // namespace sanding::extract
