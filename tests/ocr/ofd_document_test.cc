#include "tests/util/ocr_util.h"
#include "tests/util/paths.h"
#include "ocr/internal/ofd_document.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "ocr/document.h"

namespace sanding::ocr {
namespace {

const std::string kSample = sanding::testing::RealData("ofd_gongwen_sample/");

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class NoEngine : public OcrEngine {
 public:
  Result<OcrOutput> Recognize(const Image&) override {
    ADD_FAILURE() << "OCR called for an OFD page";
    return Status::Internal("unexpected");
  }
  std::string Describe() const override { return "none"; }
};

std::string NoSpace(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n') out.push_back(c);
  }
  return out;
}

// A zip written with libarchive from (name, content) pairs.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::vector<char> buf(1 << 20);
  size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  EXPECT_EQ(archive_write_open_memory(a, buf.data(), buf.size(), &used), ARCHIVE_OK);
  for (const auto& [name, data] : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

const char* kOfdXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\">"
    "<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
const char* kDocumentXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Pages>"
    "<ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>";

std::string TextObject(double x, double y, const std::string& text) {
  return "<ofd:TextObject ID=\"9\" Font=\"1\" Size=\"5\" Boundary=\"" + std::to_string(x) + " " +
         std::to_string(y) + " 50 8\"><ofd:TextCode X=\"0\" Y=\"6\">" + text +
         "</ofd:TextCode></ofd:TextObject>";
}

std::string PageXml(const std::string& objects) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer ID=\"2\">" +
         objects + "</ofd:Layer></ofd:Content></ofd:Page>";
}

TEST(OfdDocumentTest, ExtractsTheRealSampleTextLayer) {
  auto doc = Document::Open(Format::kOfd, Bytes(ReadFile(kSample + "n.ofd")), "n.ofd");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const auto truth = nlohmann::json::parse(ReadFile(kSample + "n_ofd_text_layer.json"));
  ASSERT_EQ((*doc)->PageCount(), static_cast<int>(truth.size()));
  NoEngine engine;
  for (size_t i = 0; i < truth.size(); ++i) {
    std::string expected;
    for (const auto& obj : truth[i].at("text_objects"))
      expected += obj.at("text").get<std::string>();
    auto rec = (*doc)->ExtractPage(static_cast<int>(i), engine, OcrOptions{});
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
    EXPECT_EQ(rec->method, TextMethod::kTextLayer);
    EXPECT_EQ(rec->page, i + 1);
    EXPECT_EQ(NoSpace(rec->text), NoSpace(expected));
  }
  // Lines follow the baselines: the letterhead, the 文号 and the title are lines of their own.
  auto first = (*doc)->ExtractPage(0, engine, OcrOptions{});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->text.rfind(
                "测试符路桥区卫生局文件\n路卫发〔2011〕76号\n关于同意张阿三同志辞职的批复\n", 0),
            0u)
      << first->text;
  auto img = (*doc)->RenderPage(0, 100);
  EXPECT_EQ(img.status().reason(), "unsupported");
}

TEST(OfdDocumentTest, JoinsPiecesOnOneBaselineAndBreaksOnNewOnes) {
  const std::string page = PageXml(TextObject(20, 30, "第一") + TextObject(30, 30, "行") +
                                   TextObject(120, 30, "右侧") + TextObject(20, 45, "第二行"));
  auto doc = Document::Open(Format::kOfd,
                            Bytes(Zip({{"OFD.xml", kOfdXml},
                                       {"Doc_0/Document.xml", kDocumentXml},
                                       {"Doc_0/Pages/Page_0/Content.xml", page}})),
                            "s.ofd");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  NoEngine engine;
  auto rec = (*doc)->ExtractPage(0, engine, OcrOptions{});
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->text, "第一行 右侧\n第二行");
}

TEST(OfdDocumentTest, BrokenMembersAreNamed) {
  auto bad_root = Document::Open(
      Format::kOfd, Bytes(Zip({{"OFD.xml", "<ofd:OFD xmlns:ofd=\"x\"><unclosed>"}})), "a.ofd");
  ASSERT_FALSE(bad_root.ok());
  EXPECT_EQ(bad_root.status().reason(), "corrupt");
  EXPECT_NE(bad_root.status().message().find("a.ofd"), std::string::npos);
  EXPECT_NE(bad_root.status().message().find("OFD.xml"), std::string::npos);

  auto no_doc = Document::Open(Format::kOfd, Bytes(Zip({{"OFD.xml", kOfdXml}})), "b.ofd");
  ASSERT_FALSE(no_doc.ok());
  EXPECT_EQ(no_doc.status().reason(), "corrupt");
  EXPECT_NE(no_doc.status().message().find("Doc_0/Document.xml"), std::string::npos);

  auto doc = Document::Open(Format::kOfd,
                            Bytes(Zip({{"OFD.xml", kOfdXml},
                                       {"Doc_0/Document.xml", kDocumentXml},
                                       {"Doc_0/Pages/Page_0/Content.xml", "<ofd:Page><oops"}})),
                            "c.ofd");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();  // pages are parsed when extracted
  NoEngine engine;
  auto page = (*doc)->ExtractPage(0, engine, OcrOptions{});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().reason(), "corrupt");
  EXPECT_NE(page.status().message().find("Doc_0/Pages/Page_0/Content.xml"), std::string::npos);
  EXPECT_NE(page.status().message().find("c.ofd"), std::string::npos);
}

TEST(OfdDocumentTest, NotAZipOrNoPages) {
  auto junk = Document::Open(Format::kOfd, Bytes("PK\x03\x04 definitely not a zip"), "j.ofd");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.status().reason(), "corrupt");
  const char* empty_doc =
      "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Pages/></ofd:Document>";
  auto none = Document::Open(
      Format::kOfd, Bytes(Zip({{"OFD.xml", kOfdXml}, {"Doc_0/Document.xml", empty_doc}})), "e.ofd");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().reason(), "empty");
}

}  // namespace
}  // namespace sanding::ocr
