#include "store/records.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace sanding {
namespace {

using nlohmann::json;

FileRecord SampleFile() {
  FileRecord f;
  f.sha256 = std::string(64, 'a');
  f.name = "市发展和改革委员会三定规定.pdf";
  f.format = "pdf";
  f.size = uint64_t{5} << 32;  // beyond 32 bits
  f.page_count = 12;
  f.state = FileState::kComplete;
  f.title = "潍坊市发展和改革委员会职能配置、内设机构和人员编制规定";
  f.sources = {{"/archive/2019.zip", "扫描件/发改委.pdf"}, {"/scans/发改委.pdf", ""}};
  f.ingested_at_ms = 1700000000123;
  f.completed_at_ms = 1700000009999;
  return f;
}

PageRecord SamplePage() {
  PageRecord p;
  p.sha256 = std::string(64, 'b');
  p.page = 3;
  p.method = TextMethod::kOcr;
  p.text = "一、主要职责\n（一）拟订并组织实施全市国民经济和社会发展规划。";
  p.engine = "tesseract 5.3.0 lang=chi_sim oem=1 psm=3 dpi=300 red_drop=on";
  p.mean_confidence = 87.25;
  p.note = "文本层无法使用：私用区字符过多";
  p.width_px = 2480;
  p.height_px = 3508;
  p.words = {{"主要职责", 100, 200, 300, 40, 91.5f}, {"拟订", 110, 260, 80, 38, 0.1f}};
  return p;
}

void ExpectSameFile(const FileRecord& a, const FileRecord& b) {
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.page_count, b.page_count);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.sources, b.sources);
  EXPECT_EQ(a.ingested_at_ms, b.ingested_at_ms);
  EXPECT_EQ(a.completed_at_ms, b.completed_at_ms);
}

TEST(SourceRefTest, Display) {
  EXPECT_EQ((SourceRef{"/data/a.pdf", ""}).Display(), "/data/a.pdf");
  EXPECT_EQ((SourceRef{"/data/x.zip", "inner.zip!/scans/a.pdf"}).Display(),
            "/data/x.zip!/inner.zip!/scans/a.pdf");
}

TEST(TextMethodTest, Names) {
  EXPECT_STREQ(TextMethodName(TextMethod::kTextLayer), "text_layer");
  EXPECT_STREQ(TextMethodName(TextMethod::kOcr), "ocr");
  EXPECT_STREQ(TextMethodName(TextMethod::kPlainText), "plain_text");
  EXPECT_STREQ(TextMethodName(TextMethod::kNone), "none");
}

TEST(RecordsJsonTest, FileRecordRoundTrip) {
  const FileRecord f = SampleFile();
  const json j = f;
  EXPECT_EQ(j.at("state"), "complete");
  EXPECT_EQ(j.at("sources").size(), 2u);
  EXPECT_EQ(j.at("sources")[0].at("member"), "扫描件/发改委.pdf");
  // Through text, as the store keeps it.
  const FileRecord back = json::parse(j.dump()).get<FileRecord>();
  ExpectSameFile(f, back);

  FileRecord pending = f;
  pending.state = FileState::kPending;
  EXPECT_EQ(json(pending).at("state"), "pending");
  EXPECT_EQ(json(pending).get<FileRecord>().state, FileState::kPending);
}

TEST(RecordsJsonTest, FileRecordFieldNames) {
  const json j = SampleFile();
  for (const char* key : {"sha256", "name", "format", "size", "page_count", "state", "title",
                          "sources", "ingested_at_ms", "completed_at_ms"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j.size(), 10u);
}

TEST(RecordsJsonTest, PageRecordRoundTrip) {
  const PageRecord p = SamplePage();
  const json j = p;
  EXPECT_EQ(j.at("method"), "ocr");
  EXPECT_EQ(j.at("words")[0].at("text"), "主要职责");
  EXPECT_EQ(j.size(), 10u);
  const PageRecord back = json::parse(j.dump()).get<PageRecord>();
  EXPECT_EQ(back.sha256, p.sha256);
  EXPECT_EQ(back.page, p.page);
  EXPECT_EQ(back.method, p.method);
  EXPECT_EQ(back.text, p.text);
  EXPECT_EQ(back.engine, p.engine);
  EXPECT_EQ(back.mean_confidence, p.mean_confidence);
  EXPECT_EQ(back.note, p.note);
  EXPECT_EQ(back.width_px, p.width_px);
  EXPECT_EQ(back.height_px, p.height_px);
  ASSERT_EQ(back.words.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.words[i].text, p.words[i].text);
    EXPECT_EQ(back.words[i].x, p.words[i].x);
    EXPECT_EQ(back.words[i].y, p.words[i].y);
    EXPECT_EQ(back.words[i].w, p.words[i].w);
    EXPECT_EQ(back.words[i].h, p.words[i].h);
    EXPECT_EQ(back.words[i].confidence, p.words[i].confidence);  // exact, not approximate
  }
}

TEST(RecordsJsonTest, EveryTextMethodRoundTrips) {
  for (TextMethod m :
       {TextMethod::kTextLayer, TextMethod::kOcr, TextMethod::kPlainText, TextMethod::kNone}) {
    PageRecord p = SamplePage();
    p.method = m;
    const json j = p;
    EXPECT_EQ(j.at("method"), TextMethodName(m));
    EXPECT_EQ(j.get<PageRecord>().method, m);
  }
}

TEST(RecordsJsonTest, FailureRecordRoundTrip) {
  FailureRecord f{"/in/x.zip!/坏.pdf", "corrupt", "文件 /in/x.zip!/坏.pdf 已损坏：缺少交叉引用表",
                  1700000000000, std::string(64, 'c')};
  const json j = f;
  EXPECT_EQ(j.size(), 5u);
  const FailureRecord back = json::parse(j.dump()).get<FailureRecord>();
  EXPECT_EQ(back.source, f.source);
  EXPECT_EQ(back.reason, f.reason);
  EXPECT_EQ(back.message, f.message);
  EXPECT_EQ(back.at_ms, f.at_ms);
  EXPECT_EQ(back.sha256, f.sha256);
}

TEST(RecordsJsonTest, MissingOptionalFieldsTakeDefaults) {
  const FileRecord f = json::parse(R"({"sha256":"00"})").get<FileRecord>();
  EXPECT_EQ(f.sha256, "00");
  EXPECT_EQ(f.state, FileState::kPending);
  EXPECT_TRUE(f.sources.empty());
  const PageRecord p = json::parse(R"({"sha256":"00","page":2})").get<PageRecord>();
  EXPECT_EQ(p.page, 2u);
  EXPECT_EQ(p.method, TextMethod::kNone);
  EXPECT_EQ(p.mean_confidence, -1);
  const SourceRef s = json::parse(R"({"path":"/a"})").get<SourceRef>();
  EXPECT_EQ(s.member, "");
}

TEST(RecordsJsonTest, RejectsMalformedRecords) {
  EXPECT_THROW(json::parse(R"({"name":"x"})").get<FileRecord>(), json::exception);
  EXPECT_THROW(json::parse(R"({"sha256":"00","state":"done"})").get<FileRecord>(), json::exception);
  EXPECT_THROW(json::parse(R"({"sha256":"00","page":1,"method":"magic"})").get<PageRecord>(),
               json::exception);
  EXPECT_THROW(json::parse(R"({"sha256":"00","size":"big"})").get<FileRecord>(), json::exception);
  EXPECT_THROW(json::parse(R"({"reason":"corrupt"})").get<FailureRecord>(), json::exception);
}

}  // namespace
}  // namespace sanding
