// Unit tests of the archive side of the simulator: corpus loading, the scan/text plan per period,
// member names, rendering members and GBK-named zip and tar archives.
#include "tools/scansim/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <locale.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "ocr/ocr_engine.h"
#include "tests/fixtures/archive.h"

namespace sanding::scansim {
namespace {

namespace fs = std::filesystem;
namespace fx = sanding::fixtures;
using nlohmann::json;

const char* const kPeriods[] = {"1983-1995", "1996-2007", "2008-2017", "2018-2023"};

CorpusDocument Doc(int i, int year, const std::string& period) {
  CorpusDocument d;
  d.id = "doc" + std::to_string(i);
  d.file = "docs/" + d.id + ".txt";
  d.date = std::to_string(year) + "-05-12";
  d.issuer = "江城市机构编制委员会";
  d.doc_number_as_written = "江编〔" + std::to_string(year) + "〕" + std::to_string(i) + "号";
  d.date_as_written = std::to_string(year) + "年5月12日";
  d.title = "关于调整市物价局内设机构的批复";
  d.period = period;
  d.text = "江城市物价局：\n同意设立价格监督检查科。\n" + d.date_as_written;
  return d;
}

// 100 documents per period.
std::vector<CorpusDocument> ManyDocs() {
  std::vector<CorpusDocument> docs;
  const int years[] = {1985, 1998, 2012, 2020};
  for (int p = 0; p < 4; ++p) {
    for (int i = 0; i < 100; ++i) docs.push_back(Doc(p * 100 + i, years[p] + i % 5, kPeriods[p]));
  }
  return docs;
}

class CorpusDir : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fx::MakeTempDir("scansim-corpus-"); }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void Write(const json& truth, const std::map<std::string, std::string>& files) {
    fx::WriteFile(dir_ + "/truth/documents.json", truth.dump());
    for (const auto& [name, text] : files) fx::WriteFile(dir_ + "/" + name, text);
  }
  static json Entry(const std::string& id) {
    return {{"id", id},
            {"file", "docs/" + id + ".txt"},
            {"date", "1996-05-12"},
            {"issuer", "江城市机构编制委员会"},
            {"doc_number_as_written", "江编[1996]31号"},
            {"date_as_written", "一九九六年五月十二日"},
            {"title", "关于印发《江城市物价局职能配置、内设机构和人员编制方案》的通知"},
            {"period", "1996-2007"},
            {"script", "simplified"}};
  }
  std::string dir_;
};

TEST_F(CorpusDir, LoadsDocumentsAndTheirTexts) {
  Write(json::array({Entry("a1"), Entry("b2")}),
        {{"docs/a1.txt", "第一页\f第二页"}, {"docs/b2.txt", "正文"}});
  Result<std::vector<CorpusDocument>> docs = LoadCorpus(dir_);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].id, "a1");
  EXPECT_EQ((*docs)[0].text, "第一页\f第二页");
  EXPECT_EQ((*docs)[0].Year(), 1996);
  EXPECT_EQ((*docs)[0].doc_number_as_written, "江编[1996]31号");
  EXPECT_EQ((*docs)[1].script, "simplified");
}

TEST_F(CorpusDir, ErrorsNameTheFileAndTheProblem) {
  EXPECT_EQ(LoadCorpus(dir_).status().code(), Status::Code::kNotFound);
  EXPECT_NE(LoadCorpus(dir_).status().message().find("documents.json"), std::string::npos);

  fx::WriteFile(dir_ + "/truth/documents.json", "[{");
  EXPECT_EQ(LoadCorpus(dir_).status().code(), Status::Code::kInvalidArgument);

  json missing = Entry("a1");
  missing.erase("issuer");
  Write(json::array({missing}), {{"docs/a1.txt", "正文"}});
  Status st = LoadCorpus(dir_).status();
  EXPECT_NE(st.message().find("issuer"), std::string::npos) << st.message();

  Write(json::array({Entry("a1")}), {});
  fs::remove(dir_ + "/docs/a1.txt");
  st = LoadCorpus(dir_).status();
  EXPECT_EQ(st.code(), Status::Code::kNotFound);
  EXPECT_NE(st.message().find("a1.txt"), std::string::npos) << st.message();

  Write(json::array({Entry("a1")}), {{"docs/a1.txt", std::string("\xC3\x28", 2)}});
  st = LoadCorpus(dir_).status();
  EXPECT_NE(st.message().find("UTF-8"), std::string::npos) << st.message();
}

TEST(PlanArchiveTest, OlderPeriodsAreMostlyScannedAndTypedLaterOnesLaser) {
  const std::vector<CorpusDocument> docs = ManyDocs();
  ArchiveOptions opt;
  opt.seed = 9;
  const std::vector<PlannedDocument> plan = PlanArchive(docs, opt);
  ASSERT_EQ(plan.size(), docs.size());
  std::map<std::string, int> scanned;
  std::set<Style> old_styles;
  std::set<MemberFormat> formats;
  for (const PlannedDocument& p : plan) {
    const CorpusDocument& d = docs[p.index];
    if (p.scanned) {
      ++scanned[d.period];
      EXPECT_NE(p.format, MemberFormat::kTextPdf);
      EXPECT_GE(p.dpi, 150);
      EXPECT_LE(p.dpi, 300);
      EXPECT_EQ(p.dpi % 10, 0);
      formats.insert(p.format);
      if (d.Year() < 2000) {
        EXPECT_NE(p.style, Style::kLaser) << d.id;
        old_styles.insert(p.style);
      } else {
        EXPECT_EQ(p.style, Style::kLaser) << d.id;
      }
    } else {
      EXPECT_EQ(p.format, MemberFormat::kTextPdf);
    }
  }
  // Shares 0.96, 0.78, 0.48, 0.30 on 100 documents each.
  EXPECT_GE(scanned["1983-1995"], 88);
  EXPECT_GT(scanned["1983-1995"], scanned["1996-2007"]);
  EXPECT_GT(scanned["1996-2007"], scanned["2008-2017"]);
  EXPECT_GT(scanned["2008-2017"], scanned["2018-2023"]);
  EXPECT_GE(scanned["2018-2023"], 12);
  EXPECT_EQ(old_styles.size(), 2u);  // typewriter and mimeograph
  EXPECT_EQ(formats.size(), 3u);     // scanned PDF, TIFF, JPEG

  opt.scan_share = 0;
  for (const PlannedDocument& p : PlanArchive(docs, opt)) EXPECT_FALSE(p.scanned);
  EXPECT_DOUBLE_EQ(ScanProbability("1983-1995", 0.6), 0.96);
  EXPECT_DOUBLE_EQ(ScanProbability("1983-1995", 0.9), 1.0);
}

TEST(PlanArchiveTest, PlanIsDeterministicPerDocumentAndNamesAreUniqueGbkFolders) {
  std::vector<CorpusDocument> docs = ManyDocs();
  docs[5].title = "关于A/B两局\"合并\"的通知";  // characters a file name cannot hold
  docs[6].doc_number_as_written = docs[7].doc_number_as_written;
  docs[6].title = docs[7].title;
  docs[6].date = docs[7].date;
  ArchiveOptions opt;
  opt.seed = 3;
  const std::vector<PlannedDocument> a = PlanArchive(docs, opt);
  // Reversing the corpus changes nothing about any document's rendering.
  std::vector<CorpusDocument> reversed(docs.rbegin(), docs.rend());
  const std::vector<PlannedDocument> b = PlanArchive(reversed, opt);
  std::map<std::string, const PlannedDocument*> by_id;
  for (const auto& p : b) by_id[reversed[p.index].id] = &p;
  std::set<std::string> names;
  for (const PlannedDocument& p : a) {
    const CorpusDocument& d = docs[p.index];
    const PlannedDocument& q = *by_id.at(d.id);
    EXPECT_EQ(p.scanned, q.scanned);
    EXPECT_EQ(p.style, q.style);
    EXPECT_EQ(p.format, q.format);
    EXPECT_EQ(p.dpi, q.dpi);
    EXPECT_EQ(p.seed, q.seed);
    EXPECT_TRUE(names.insert(p.member_base).second) << p.member_base;
    EXPECT_EQ(p.member_base.rfind(std::to_string(d.Year()) + "年/", 0), 0u) << p.member_base;
    EXPECT_EQ(p.member_base.find('/', 8), std::string::npos) << p.member_base;
    EXPECT_NE(p.member_base.find(d.doc_number_as_written), std::string::npos) << p.member_base;
    EXPECT_TRUE(Utf8ToGbk(p.member_base).ok()) << p.member_base;
  }
  EXPECT_EQ(a[5].member_base.find('"'), std::string::npos);
  EXPECT_NE(a[7].member_base, a[6].member_base);
  opt.seed = 4;
  const std::vector<PlannedDocument> c = PlanArchive(docs, opt);
  int differ = 0;
  for (size_t i = 0; i < a.size(); ++i)
    differ += (a[i].scanned != c[i].scanned || a[i].dpi != c[i].dpi);
  EXPECT_GT(differ, 20);
}

TEST(RenderMembersTest, EachFormatYieldsItsMembers) {
  CorpusDocument d = Doc(1, 1988, "1983-1995");
  d.text = d.text + "\f第二页正文。";
  PlannedDocument p;
  p.scanned = true;
  p.style = Style::kMimeograph;
  p.dpi = 100;
  p.seed = 11;
  p.member_base = "1988年/江编〔1988〕1号 批复";
  p.format = MemberFormat::kJpeg;
  Result<std::vector<ArchiveMember>> jpg = RenderMembers(d, p);
  ASSERT_TRUE(jpg.ok()) << jpg.status().ToString();
  ASSERT_EQ(jpg->size(), 2u);
  EXPECT_EQ((*jpg)[0].name, "1988年/江编〔1988〕1号 批复_第1页.jpg");
  EXPECT_EQ((*jpg)[1].name, "1988年/江编〔1988〕1号 批复_第2页.jpg");
  p.format = MemberFormat::kTiff;
  Result<std::vector<ArchiveMember>> tif = RenderMembers(d, p);
  ASSERT_TRUE(tif.ok());
  ASSERT_EQ(tif->size(), 1u);
  EXPECT_EQ((*tif)[0].name, p.member_base + ".tif");
  Result<int> pages = ocr::Image::TiffPageCount((*tif)[0].data);
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(*pages, 2);
  p.format = MemberFormat::kTextPdf;
  Result<std::vector<ArchiveMember>> pdf = RenderMembers(d, p);
  ASSERT_TRUE(pdf.ok());
  ASSERT_EQ(pdf->size(), 1u);
  EXPECT_EQ((*pdf)[0].data.rfind("%PDF-", 0), 0u);

  ScanOptions o = OptionsFor(d, p);
  EXPECT_EQ(o.letterhead, "江城市机构编制委员会文件");
  EXPECT_EQ(o.seal_text, "江城市机构编制委员会");
  EXPECT_EQ(o.seal_anchor, "1988年5月12日");
  EXPECT_EQ(o.style, Style::kMimeograph);
  EXPECT_EQ(o.dpi, 100);

  d.text = std::string("\xFF\xFE");
  Result<std::vector<ArchiveMember>> bad = RenderMembers(d, p);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(d.id), std::string::npos);
}

TEST(RenderMembersTest, LetterheadLineOfTheTextBecomesTheRedLetterhead) {
  LetterheadSplit a = SplitLetterhead("\n清河市人民政府办公室文件\n\n\n清政办发〔2010〕3号\n正文");
  EXPECT_EQ(a.letterhead, "清河市人民政府办公室文件");
  EXPECT_EQ(a.body, "清政办发〔2010〕3号\n正文");
  LetterheadSplit b = SplitLetterhead("清编办〔2008〕6号\n\n关于印发有关文件\n");
  EXPECT_EQ(b.letterhead, "");
  EXPECT_EQ(b.body, "清编办〔2008〕6号\n\n关于印发有关文件\n");
  // A long first line ending in 文件 is a title, not a letterhead.
  const std::string title =
      "关于转发省机构编制委员会办公室关于进一步加强和完善机构编制管理严格控制机构编制的审批文件";
  EXPECT_EQ(SplitLetterhead(title + "\n正文").letterhead, "");

  CorpusDocument d = Doc(1, 2010, "2008-2017");
  d.issuer = "中共清河市委　清河市人民政府";
  d.text = "中共清河市委员会文件\n\n清发〔2010〕1号\n正文";
  PlannedDocument p;
  p.style = Style::kLaser;
  p.dpi = 100;
  ScanOptions o = OptionsFor(d, p);
  EXPECT_EQ(o.letterhead, "中共清河市委员会文件");
  EXPECT_EQ(o.seal_text, "中共清河市委");
  d.text = "清发〔2010〕1号\n正文";
  EXPECT_EQ(OptionsFor(d, p).letterhead, "中共清河市委　清河市人民政府文件");
}

// Reads an archive back with the thread in `locale` (C: raw member names) and contents.
std::vector<std::pair<std::string, std::string>> ReadBack(const std::string& bytes,
                                                          const char* locale = "C") {
  locale_t c = newlocale(LC_CTYPE_MASK, locale, static_cast<locale_t>(nullptr));
  locale_t old = uselocale(c);
  std::vector<std::pair<std::string, std::string>> out;
  archive* a = archive_read_new();
  archive_read_support_format_all(a);
  archive_read_support_filter_all(a);
  EXPECT_EQ(archive_read_open_memory(a, bytes.data(), bytes.size()), ARCHIVE_OK);
  archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string data(static_cast<size_t>(archive_entry_size(e)), '\0');
    if (!data.empty()) archive_read_data(a, data.data(), data.size());
    out.emplace_back(archive_entry_pathname(e), data);
  }
  archive_read_free(a);
  uselocale(old);
  freelocale(c);
  return out;
}

TEST(GbkArchiveTest, ZipAndTarStoreGbkNames) {
  const std::vector<ArchiveMember> members = {
      {"1996年/江编〔1996〕31号 批复.pdf", "%PDF-1.4 a"},
      {"2019年/【2019】5号 關於機構改革的通知.tif", std::string("II*\0b", 5)},
  };
  for (ArchiveFormat f : {ArchiveFormat::kZip, ArchiveFormat::kTar, ArchiveFormat::kTarGz}) {
    SCOPED_TRACE(static_cast<int>(f));
    Result<std::string> bytes = WriteGbkArchive(f, members);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    const auto back = ReadBack(*bytes);
    ASSERT_EQ(back.size(), members.size());
    for (size_t i = 0; i < members.size(); ++i) {
      Result<std::string> gbk = Utf8ToGbk(members[i].name);
      ASSERT_TRUE(gbk.ok());
      EXPECT_NE(*gbk, members[i].name);
      EXPECT_EQ(back[i].first, *gbk);  // raw GBK bytes, not UTF-8
      EXPECT_EQ(back[i].second, members[i].data);
    }
    if (f == ArchiveFormat::kZip) {
      // Local file header: general purpose flag bit 11 (UTF-8) is clear.
      ASSERT_GT(bytes->size(), 8u);
      EXPECT_EQ(bytes->rfind("PK\x03\x04", 0), 0u);
      EXPECT_EQ(static_cast<unsigned char>((*bytes)[7]) & 0x08, 0);
    }
    // Deterministic, the gzip header included (a second later, a time stamp would differ).
    if (f == ArchiveFormat::kTarGz) sleep(1);
    EXPECT_EQ(*bytes, *WriteGbkArchive(f, members));
  }
  EXPECT_FALSE(WriteGbkArchive(ArchiveFormat::kZip, {{"表情😀.pdf", "x"}}).ok());
}

TEST(GbkArchiveTest, WriteArchiveWithTakesAnyFormatUtf8NamesAndSymlinks) {
  const std::vector<ArchiveMember> members = {
      {"三定/规定.txt", "正文"},
      {"链接", "三定/规定.txt", /*symlink=*/true},
  };
  auto pax_xz = [](archive* a) -> Status {
    SANDING_RETURN_IF_ERROR(ArchiveCallStatus(a, archive_write_set_format_pax_restricted(a), "tar"));
    return ArchiveCallStatus(a, archive_write_add_filter_xz(a), "xz");
  };
  Result<std::string> bytes = WriteArchiveWith(pax_xz, members, /*gbk_names=*/false);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(bytes->rfind("\xFD" "7zXZ", 0), 0u);
  const auto back = ReadBack(*bytes, "C.UTF-8");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].first, members[0].name);  // UTF-8 bytes as given
  EXPECT_EQ(back[0].second, "正文");
  EXPECT_EQ(back[1].first, members[1].name);
  EXPECT_EQ(back[1].second, "");  // a symlink has no data

  // A failing setup step is reported with what failed, in Chinese.
  Result<std::string> bad = WriteArchiveWith(
      [](archive* a) { return ArchiveCallStatus(a, ARCHIVE_FATAL, "测试步骤"); }, members, false);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("写压缩包失败（测试步骤"), std::string::npos);
}

TEST(GbkArchiveTest, FormatFromFileNameAndGbkConversion) {
  EXPECT_EQ(*ArchiveFormatFor("a/sample.zip"), ArchiveFormat::kZip);
  EXPECT_EQ(*ArchiveFormatFor("sample.TAR"), ArchiveFormat::kTar);
  EXPECT_EQ(*ArchiveFormatFor("sample.tar.gz"), ArchiveFormat::kTarGz);
  EXPECT_EQ(*ArchiveFormatFor("sample.tgz"), ArchiveFormat::kTarGz);
  Result<ArchiveFormat> bad = ArchiveFormatFor("sample.rar");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("sample.rar"), std::string::npos);
  EXPECT_EQ(*Utf8ToGbk("编"), std::string("\xB1\xE0"));
  EXPECT_EQ(*Utf8ToGbk("〔〕"), std::string("\xA1\xB2\xA1\xB3"));
  EXPECT_FALSE(Utf8ToGbk("😀").ok());
}

}  // namespace
}  // namespace sanding::scansim
