// End-to-end: the real `sanding` binary ingests a generated archive of every supported kind of
// page (GBK member names, nesting, a duplicate and bad files), then search, show, status and
// original are checked against the ground truth the pages were rendered from, and a second
// identical run must change nothing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "store/text.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/fixtures/archive.h"
#include "tests/fixtures/render.h"

namespace sanding::e2e {
namespace {

// Code points of `s` other than whitespace: the denominator of the character error rate.
size_t NonSpaceCodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80 && c != ' ' && c != '\n' && c != '\t' && c != '\r') ++n;
  }
  return n;
}

namespace fs = std::filesystem;
namespace fx = sanding::fixtures;
using nlohmann::json;

class IngestE2eTest : public SandingDataTest<> {};

// One good original placed in the test archive.
struct Doc {
  std::string member;              // member chain inside the outer zip ("a.zip!/b.pdf")
  std::string name;                // base name
  std::string format;              // FileRecord::format
  std::string method;              // TextMethodName of its pages
  std::vector<std::string> truth;  // text of each page
  std::string bytes;
  std::string sha256;
};

std::string JoinPages(const std::vector<std::string>& pages) {
  std::string s;
  for (size_t i = 0; i < pages.size(); ++i) s += (i ? "\f" : "") + pages[i];
  return s;
}

std::vector<std::string> Texts(uint32_t first_seed, int n, int chars) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back(fx::SampleDocumentText(first_seed + i, chars));
  return v;
}

// Deterministic bytes that start like a PDF and end like one but hold no objects at all.
std::string CorruptPdf() {
  std::string s = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  uint32_t x = 2463534242u;
  for (int i = 0; i < 3000; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s += static_cast<char>('!' + x % 90);
  }
  return s + "\n%%EOF\n";
}

std::set<std::string> SourceDisplays(const json& file) {
  std::set<std::string> out;
  for (const auto& s : file.at("sources")) {
    std::string m = s.at("member").get<std::string>();
    out.insert(s.at("path").get<std::string>() + (m.empty() ? "" : "!/" + m));
  }
  return out;
}

TEST_F(IngestE2eTest, MixedGbkArchiveIsLoadedSearchableAndRerunsChangeNothing) {
  // ---- build the archive --------------------------------------------------------------------
  std::vector<Doc> docs;
  {
    Doc d{"三定规定文本.pdf", "三定规定文本.pdf", "pdf", "text_layer", Texts(101, 2, 300), "", ""};
    d.bytes = fx::RenderTextPdf(JoinPages(d.truth));
    docs.push_back(d);
  }
  {
    Doc d{"扫描件/扫描批复.pdf", "扫描批复.pdf", "pdf", "ocr", Texts(111, 2, 300), "", ""};
    d.bytes = fx::RenderScannedPdf(JoinPages(d.truth));
    docs.push_back(d);
  }
  {
    Doc d{"历史档案.tif", "历史档案.tif", "tiff", "ocr", Texts(121, 2, 300), "", ""};
    d.bytes = fx::RenderTiff(JoinPages(d.truth));
    docs.push_back(d);
  }
  {
    Doc d{"红头通知.png", "红头通知.png", "png", "ocr", Texts(131, 1, 300), "", ""};
    fx::RenderOptions red;
    red.red_letterhead = true;
    d.bytes = fx::RenderPng(d.truth[0], red);
    docs.push_back(d);
  }
  {
    Doc d{"会议纪要.jpg", "会议纪要.jpg", "jpeg", "ocr", Texts(141, 1, 300), "", ""};
    d.bytes = fx::RenderJpeg(d.truth[0]);
    docs.push_back(d);
  }
  {
    Doc d{
        "附件.zip!/嵌套通知.pdf", "嵌套通知.pdf", "pdf", "text_layer", Texts(151, 1, 300), "", ""};
    d.bytes = fx::RenderTextPdf(d.truth[0]);
    docs.push_back(d);
  }
  for (auto& d : docs) d.sha256 = text::Sha256Hex(d.bytes);
  const Doc& png = docs[3];
  const std::string corrupt = CorruptPdf();

  std::string nested = fx::WriteArchive(fx::ArchiveKind::kZip, {{"嵌套通知.pdf", docs[5].bytes}},
                                        /*gbk_names=*/true);
  std::vector<fx::ArchiveEntry> entries;
  for (size_t i = 0; i < 5; ++i) entries.push_back({docs[i].member, docs[i].bytes});
  entries.push_back({"红头通知（副本）.png", png.bytes});
  entries.push_back({"损坏文件.pdf", corrupt});
  entries.push_back({"空文件.txt", ""});
  entries.push_back({"附件.zip", nested});
  const std::string zip_path = root_ + "/收件/机构编制档案.zip";
  fx::WriteFile(zip_path, fx::WriteArchive(fx::ArchiveKind::kZip, entries, /*gbk_names=*/true));
  auto display = [&](const std::string& member) { return zip_path + "!/" + member; };

  uint64_t total_pages = 0, ocr_pages = 0, original_bytes = 0;
  for (const auto& d : docs) {
    total_pages += d.truth.size();
    if (d.method == "ocr") ocr_pages += d.truth.size();
    original_bytes += d.bytes.size();
  }

  // ---- first run ----------------------------------------------------------------------------
  json r1 = Json("ingest", {"--workers", "2", "--json", zip_path});
  SCOPED_TRACE("first ingest report: " + r1.dump(1).substr(0, 3000));
  EXPECT_EQ(r1.at("loaded").get<uint64_t>(), docs.size());
  EXPECT_EQ(r1.at("resumed").get<uint64_t>(), 0u);
  EXPECT_EQ(r1.at("duplicates").get<uint64_t>(), 1u);
  EXPECT_EQ(r1.at("failed").get<uint64_t>(), 2u);
  EXPECT_EQ(r1.at("pages").get<uint64_t>(), total_pages);
  EXPECT_EQ(r1.at("pages_ocr").get<uint64_t>(), ocr_pages);
  EXPECT_EQ(r1.at("pages_text_layer").get<uint64_t>(), total_pages - ocr_pages);
  EXPECT_EQ(r1.at("pages_skipped").get<uint64_t>(), 0u);

  // The duplicate is reported exactly once, pointing at the first copy.
  ASSERT_EQ(r1.at("duplicate_list").size(), 1u);
  const json& dup = r1.at("duplicate_list")[0];
  EXPECT_EQ(dup.at("source").get<std::string>(), display("红头通知（副本）.png"));
  EXPECT_EQ(dup.at("sha256").get<std::string>(), png.sha256);
  EXPECT_EQ(dup.at("first").get<std::string>(), display("红头通知.png"));

  // Each bad file is listed once with its reason and a message naming it (GBK names decoded).
  std::map<std::string, json> failures;
  for (const auto& f : r1.at("failures")) failures[f.at("source").get<std::string>()] = f;
  ASSERT_EQ(failures.size(), 2u);
  ASSERT_TRUE(failures.count(display("损坏文件.pdf")));
  ASSERT_TRUE(failures.count(display("空文件.txt")));
  EXPECT_EQ(failures[display("损坏文件.pdf")].at("reason").get<std::string>(), "corrupt");
  EXPECT_EQ(failures[display("空文件.txt")].at("reason").get<std::string>(), "empty");
  EXPECT_NE(failures[display("损坏文件.pdf")].at("message").get<std::string>().find("损坏文件.pdf"),
            std::string::npos);
  EXPECT_NE(failures[display("空文件.txt")].at("message").get<std::string>().find("空文件.txt"),
            std::string::npos);

  json status1 = Json("status", {"--json"});
  EXPECT_EQ(status1.at("files_complete").get<uint64_t>(), docs.size());
  EXPECT_EQ(status1.at("files_pending").get<uint64_t>(), 0u);
  EXPECT_EQ(status1.at("pages").get<uint64_t>(), total_pages);
  EXPECT_EQ(status1.at("original_bytes").get<uint64_t>(), original_bytes);
  EXPECT_EQ(status1.at("failures").size(), 2u);

  // ---- every document: record, page text, original bytes, search ----------------------------
  double ocr_edits = 0, ocr_chars = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Doc& d = docs[i];
    SCOPED_TRACE("document " + d.member);
    // A unique prefix of 12 hex digits is accepted for the first one.
    json show = Json("show", {"--json", i == 0 ? d.sha256.substr(0, 12) : d.sha256});
    const json& file = show.at("file");
    EXPECT_EQ(file.at("sha256").get<std::string>(), d.sha256);
    EXPECT_EQ(file.at("name").get<std::string>(), d.name);
    EXPECT_EQ(file.at("format").get<std::string>(), d.format);
    EXPECT_EQ(file.at("size").get<uint64_t>(), d.bytes.size());
    EXPECT_EQ(file.at("state").get<std::string>(), "complete");
    EXPECT_EQ(file.at("page_count").get<uint64_t>(), d.truth.size());
    // Sources carry the decoded GBK names; the PNG also lists its duplicate copy.
    std::set<std::string> want = {display(d.member)};
    if (d.sha256 == png.sha256) want.insert(display("红头通知（副本）.png"));
    EXPECT_EQ(SourceDisplays(file), want);
    EXPECT_EQ(file.at("sources")[0].at("path").get<std::string>(), zip_path);
    EXPECT_EQ(file.at("sources")[0].at("member").get<std::string>(), d.member);

    const json& pages = show.at("pages");
    ASSERT_EQ(pages.size(), d.truth.size());
    for (size_t p = 0; p < d.truth.size(); ++p) {
      SCOPED_TRACE("page " + std::to_string(p + 1));
      EXPECT_EQ(pages[p].at("page").get<uint32_t>(), p + 1);
      EXPECT_EQ(pages[p].at("method").get<std::string>(), d.method);
      std::string got = pages[p].at("text").get<std::string>();
      double cer = fx::CharacterErrorRate(d.truth[p], got);
      if (d.method == "ocr") {
        // The bound is the error rate over the rendered pages (edits / characters);
        // each single page must still be close to it.
        const double chars = static_cast<double>(NonSpaceCodePoints(d.truth[p]));
        ocr_edits += cer * chars;
        ocr_chars += chars;
        EXPECT_LE(cer, 0.05) << "truth:\n" << d.truth[p] << "\nextracted:\n" << got;
      } else {
        EXPECT_LE(cer, 0.02) << "truth:\n" << d.truth[p] << "\nextracted:\n" << got;
      }
      if (d.method == "ocr") {
        EXPECT_GT(pages[p].at("width_px").get<int>(), 0);
        EXPECT_FALSE(pages[p].at("engine").get<std::string>().empty());
      }

      // A phrase from the truth finds this page.
      std::string phrase = PickPhrase(d.truth[p], 8);
      ASSERT_FALSE(phrase.empty()) << d.truth[p];
      json s = Json("search", {"--json", "--limit", "50", "\"" + phrase + "\""});
      EXPECT_TRUE(SearchFinds(s, d.sha256, static_cast<uint32_t>(p + 1)))
          << "phrase " << phrase << " -> " << s.dump(1).substr(0, 2000);
      for (const auto& hit : s.at("hits")) {
        if (hit.at("sha256") != d.sha256) continue;
        EXPECT_NE(hit.at("snippet").get<std::string>().find("<mark>"), std::string::npos);
        std::set<std::string> srcs;
        for (const auto& x : hit.at("sources")) srcs.insert(x.get<std::string>());
        EXPECT_TRUE(srcs.count(display(d.member))) << hit.dump();
      }
    }

    const std::string out = root_ + "/original-" + std::to_string(i);
    RunResult orig = Raw("original", {d.sha256, "-o", out});
    ASSERT_EQ(orig.exit_code, 0) << orig.Describe();
    EXPECT_TRUE(fx::ReadFile(out) == d.bytes) << "original of " << d.member << " differs";
  }

  ASSERT_GT(ocr_chars, 0);
  const double ocr_cer = ocr_edits / ocr_chars;
  std::printf("OCR character error rate over the rendered pages: %.2f%% (%.0f characters)\n",
              100 * ocr_cer, ocr_chars);
  EXPECT_LE(ocr_cer, 0.02);

  // ---- second identical run -----------------------------------------------------------------
  json r2 = Json("ingest", {"--workers", "2", "--json", zip_path});
  SCOPED_TRACE("second ingest report: " + r2.dump(1).substr(0, 3000));
  EXPECT_EQ(r2.at("loaded").get<uint64_t>(), 0u);
  EXPECT_EQ(r2.at("resumed").get<uint64_t>(), 0u);
  EXPECT_EQ(r2.at("duplicates").get<uint64_t>(), docs.size() + 1);
  EXPECT_EQ(r2.at("failed").get<uint64_t>(), 2u);
  EXPECT_EQ(r2.at("pages").get<uint64_t>(), 0u);
  EXPECT_EQ(r2.at("pages_ocr").get<uint64_t>(), 0u);
  std::set<std::string> failed2;
  for (const auto& f : r2.at("failures")) failed2.insert(f.at("source").get<std::string>());
  EXPECT_EQ(failed2, (std::set<std::string>{display("损坏文件.pdf"), display("空文件.txt")}));

  json status2 = Json("status", {"--json"});
  for (const char* key : {"files_complete", "files_pending", "pages", "original_bytes"}) {
    EXPECT_EQ(status2.at(key), status1.at(key)) << key;
  }
  std::set<std::string> fs1, fs2;
  for (const auto& f : status1.at("failures")) fs1.insert(f.at("source").get<std::string>());
  for (const auto& f : status2.at("failures")) fs2.insert(f.at("source").get<std::string>());
  EXPECT_EQ(status2.at("failures").size(), 2u);
  EXPECT_EQ(fs1, fs2);
  // The PNG's sources did not grow: its two copies were already listed.
  json png_show = Json("show", {"--json", png.sha256});
  EXPECT_EQ(png_show.at("file").at("sources").size(), 2u);
}

TEST_F(IngestE2eTest, FolderOfFilesIsSearchableAfterReindex) {
  const std::string dir = root_ + "/文件夹";
  std::vector<std::string> pdf_pages = Texts(201, 2, 250);
  std::string pdf = fx::RenderTextPdf(JoinPages(pdf_pages));
  std::string txt = fx::SampleDocumentText(211, 250);
  fx::WriteFile(dir + "/子目录/职责规定.pdf", pdf);
  fx::WriteFile(dir + "/编制批复.txt", txt);

  json r = Json("ingest", {"--json", dir});
  EXPECT_EQ(r.at("loaded").get<uint64_t>(), 2u);
  EXPECT_EQ(r.at("failed").get<uint64_t>(), 0u);
  EXPECT_EQ(r.at("pages").get<uint64_t>(), 3u);
  EXPECT_EQ(r.at("pages_ocr").get<uint64_t>(), 0u);

  json show = Json("show", {"--json", text::Sha256Hex(txt)});
  EXPECT_EQ(show.at("file").at("format").get<std::string>(), "text");
  ASSERT_EQ(show.at("file").at("sources").size(), 1u);
  EXPECT_EQ(show.at("file").at("sources")[0].at("path").get<std::string>(), dir + "/编制批复.txt");
  EXPECT_EQ(show.at("file").at("sources")[0].at("member").get<std::string>(), "");
  ASSERT_EQ(show.at("pages").size(), 1u);
  EXPECT_EQ(show.at("pages")[0].at("method").get<std::string>(), "plain_text");

  RunResult re = Raw("reindex", {});
  ASSERT_EQ(re.exit_code, 0) << re.Describe();
  std::string phrase = PickPhrase(pdf_pages[1], 8);
  json s = Json("search", {"--json", "\"" + phrase + "\""});
  EXPECT_TRUE(SearchFinds(s, text::Sha256Hex(pdf), 2)) << s.dump(1);
  phrase = PickPhrase(txt, 8);
  s = Json("search", {"--json", "\"" + phrase + "\""});
  EXPECT_TRUE(SearchFinds(s, text::Sha256Hex(txt), 1)) << s.dump(1);
}

TEST_F(IngestE2eTest, UsageErrorsExitWithTwo) {
  RunResult unknown = RunSanding({"frobnicate", "--data", data_}, root_);
  EXPECT_EQ(unknown.exit_code, 2) << unknown.Describe();
  RunResult no_path = Raw("ingest", {});
  EXPECT_EQ(no_path.exit_code, 2) << no_path.Describe();
}

TEST_F(IngestE2eTest, UnknownShaIsAnErrorWithAChineseMessage) {
  const std::string file = root_ + "/说明.txt";
  fx::WriteFile(file, fx::SampleDocumentText(301, 120));
  json r = Json("ingest", {"--json", file});
  ASSERT_EQ(r.at("loaded").get<uint64_t>(), 1u);
  RunResult show = Raw("show", {"--json", "0123456789abcdef"});
  EXPECT_EQ(show.exit_code, 1) << show.Describe();
  bool has_cjk = false;
  for (char32_t c : DecodeUtf8(show.err)) has_cjk = has_cjk || text::IsCjkIdeograph(c);
  EXPECT_TRUE(has_cjk) << show.err;
  RunResult orig = Raw("original", {"0123456789abcdef", "-o", root_ + "/x"});
  EXPECT_EQ(orig.exit_code, 1) << orig.Describe();
  EXPECT_FALSE(fs::exists(root_ + "/x"));
}

}  // namespace
}  // namespace sanding::e2e
