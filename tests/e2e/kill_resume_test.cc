// End-to-end: `sanding ingest` killed with SIGKILL at seeded random moments, then run again to
// completion. Nothing may be lost, nothing duplicated, and pages stored before the kill must not
// be read again.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/text.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/fixtures/archive.h"
#include "tests/fixtures/render.h"

namespace sanding::e2e {
namespace {

namespace fs = std::filesystem;
namespace fx = sanding::fixtures;
using nlohmann::json;

struct Input {
  std::string member;
  std::string kind;                // "text-pdf", "text", "png"
  std::vector<std::string> truth;  // page texts
  std::string bytes;
  std::string sha256;
};

// About 40 members: text PDFs of 1-3 pages, plain text files of 1-2 pages, a 4-page TIFF scan,
// three small PNG scans, and one byte-identical copy of the first PDF.
std::vector<Input> MakeInputs(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Input> in;
  uint32_t text_seed = seed * 1000;
  auto texts = [&](int n, int chars) {
    std::vector<std::string> v;
    for (int i = 0; i < n; ++i) v.push_back(fx::SampleDocumentText(text_seed++, chars));
    return v;
  };
  auto join = [](const std::vector<std::string>& pages) {
    std::string s;
    for (size_t i = 0; i < pages.size(); ++i) s += (i ? "\f" : "") + pages[i];
    return s;
  };
  for (int i = 0; i < 39; ++i) {
    Input x;
    char name[64];
    if (i == 1) {
      // A multi-page scan early in the archive, so that a kill often lands between its pages.
      x.kind = "tiff";
      x.truth = texts(4, 80);
      fx::RenderOptions o;
      o.dpi = 200;
      o.font_pt = 16;
      o.seed = seed;
      x.bytes = fx::RenderTiff(join(x.truth), o);
      std::snprintf(name, sizeof name, "扫描/多页%02d.tif", i);
    } else if (i % 13 == 6) {
      x.kind = "png";
      x.truth = texts(1, 60);
      fx::RenderOptions o;
      o.dpi = 200;
      o.font_pt = 16;
      o.seed = seed + static_cast<uint32_t>(i);
      x.bytes = fx::RenderPng(x.truth[0], o);
      std::snprintf(name, sizeof name, "扫描/第%02d号.png", i);
    } else if (i % 2 == 0) {
      x.kind = "text-pdf";
      x.truth = texts(1 + static_cast<int>(rng() % 3), 200);
      x.bytes = fx::RenderTextPdf(join(x.truth));
      std::snprintf(name, sizeof name, "规定/文件%02d.pdf", i);
    } else {
      x.kind = "text";
      x.truth = texts(1 + static_cast<int>(rng() % 2), 150);
      x.bytes = join(x.truth);
      std::snprintf(name, sizeof name, "批复/批复%02d.txt", i);
    }
    x.member = name;
    x.sha256 = text::Sha256Hex(x.bytes);
    in.push_back(std::move(x));
  }
  return in;
}

class KillResumeTest : public SandingDataTest<::testing::TestWithParam<uint32_t>> {};

// What the store holds for one input, read back with `show --json`.
struct Stored {
  bool present = false;
  bool complete = false;
  size_t pages = 0;
};

TEST_P(KillResumeTest, KilledIngestResumesWithoutLossDuplicationOrRework) {
  const uint32_t seed = GetParam();
  std::vector<Input> inputs = MakeInputs(seed);
  std::vector<fx::ArchiveEntry> entries;
  for (const auto& x : inputs) entries.push_back({x.member, x.bytes});
  entries.push_back({"规定/文件00-副本.pdf", inputs[0].bytes});  // a duplicate
  const auto kind = seed % 2 ? fx::ArchiveKind::kZip : fx::ArchiveKind::kTarGz;
  const std::string archive = root_ + (seed % 2 ? "/批量.zip" : "/批量.tar.gz");
  fx::WriteFile(archive, fx::WriteArchive(kind, entries));
  size_t total_pages = 0;
  for (const auto& x : inputs) total_pages += x.truth.size();

  const std::vector<std::string> ingest = {"ingest", "--data", data_,  "--workers",
                                           "2",      "--json", archive};
  // Kill 1-3 runs at seeded random moments.
  std::mt19937 rng(seed * 7919u);
  const int kills = 1 + static_cast<int>(rng() % 3);
  for (int k = 0; k < kills; ++k) {
    const std::string out = root_ + "/killed.stdout", err = root_ + "/killed.stderr";
    pid_t pid = Spawn(ingest, out, err);
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 3000));
    kill(pid, SIGKILL);  // the child is not reaped yet, so the pid cannot have been reused
    RunResult r = Wait(pid, out, err);
    // Either killed, or it finished first: never an error.
    EXPECT_TRUE(r.signal == SIGKILL || r.exit_code == 0) << r.Describe();
  }

  // What survived the kills.
  std::vector<Stored> before(inputs.size());
  size_t absent = 0, pending = 0, complete = 0, stored_pages = 0, pending_stored_pages = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    RunResult r = RunSanding({"show", "--data", data_, "--json", inputs[i].sha256}, root_);
    if (r.exit_code != 0) {
      ++absent;
      continue;
    }
    json j = json::parse(r.out);
    before[i].present = true;
    before[i].complete = j.at("file").at("state").get<std::string>() == "complete";
    before[i].pages = j.at("pages").size();
    ASSERT_LE(before[i].pages, inputs[i].truth.size()) << inputs[i].member;
    stored_pages += before[i].pages;
    if (before[i].complete) {
      ++complete;
      EXPECT_EQ(before[i].pages, inputs[i].truth.size()) << inputs[i].member;
    } else {
      ++pending;
      pending_stored_pages += before[i].pages;
    }
  }
  std::cerr << "[seed " << seed << "] after " << kills << " kill(s): complete=" << complete
            << " pending=" << pending << " (pages stored " << pending_stored_pages
            << ") absent=" << absent << "\n";

  // Run to completion.
  json fin = RunJson(ingest, root_);
  SCOPED_TRACE("final ingest report: " + fin.dump(1).substr(0, 3000));
  std::cerr << "[seed " << seed << "] final run: loaded=" << fin.value("loaded", 0)
            << " resumed=" << fin.value("resumed", 0) << " pages=" << fin.value("pages", 0)
            << " pages_skipped=" << fin.value("pages_skipped", 0) << "\n";
  EXPECT_EQ(fin.at("failed").get<uint64_t>(), 0u);
  EXPECT_EQ(fin.at("loaded").get<uint64_t>(), absent);
  EXPECT_EQ(fin.at("resumed").get<uint64_t>(), pending);
  EXPECT_EQ(fin.at("duplicates").get<uint64_t>(), complete + 1);
  // Every page not yet stored is read exactly once; none stored earlier is read again.
  EXPECT_EQ(fin.at("pages").get<uint64_t>(), total_pages - stored_pages);
  EXPECT_GE(fin.at("pages_skipped").get<uint64_t>(), pending_stored_pages);
  EXPECT_LE(fin.at("pages_skipped").get<uint64_t>(), stored_pages);

  json status = RunJson({"status", "--data", data_, "--json"}, root_);
  EXPECT_EQ(status.at("files_complete").get<uint64_t>(), inputs.size());
  EXPECT_EQ(status.at("files_pending").get<uint64_t>(), 0u);
  EXPECT_EQ(status.at("pages").get<uint64_t>(), total_pages);
  EXPECT_EQ(status.at("failures").size(), 0u);

  for (const auto& x : inputs) {
    SCOPED_TRACE(x.member);
    json show = RunJson({"show", "--data", data_, "--json", x.sha256}, root_);
    EXPECT_EQ(show.at("file").at("state").get<std::string>(), "complete");
    EXPECT_EQ(show.at("file").at("page_count").get<size_t>(), x.truth.size());
    const json& pages = show.at("pages");
    ASSERT_EQ(pages.size(), x.truth.size());
    for (size_t p = 0; p < pages.size(); ++p) {
      EXPECT_EQ(pages[p].at("page").get<size_t>(), p + 1);
      std::string got = pages[p].at("text").get<std::string>();
      EXPECT_FALSE(got.empty()) << "page " << p + 1;
      if (x.kind == "text-pdf" || x.kind == "text") {
        EXPECT_LE(fx::CharacterErrorRate(x.truth[p], got), 0.02) << "page " << p + 1 << ": " << got;
      }
    }
    // One source, or two for the PDF that has a copy.
    EXPECT_EQ(show.at("file").at("sources").size(), x.sha256 == inputs[0].sha256 ? 2u : 1u);

    std::string phrase = PickPhrase(x.truth[0], x.kind == "png" || x.kind == "tiff" ? 6 : 8);
    ASSERT_FALSE(phrase.empty()) << x.truth[0];
    json s = RunJson({"search", "--data", data_, "--json", "--limit", "50", "\"" + phrase + "\""},
                     root_);
    EXPECT_TRUE(SearchFinds(s, x.sha256, 1))
        << "phrase " << phrase << " -> " << s.dump(1).substr(0, 1500);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, KillResumeTest, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace sanding::e2e
