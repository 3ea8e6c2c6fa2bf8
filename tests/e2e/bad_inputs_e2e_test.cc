// End-to-end: a catalogue of generated bad inputs (corrupt, truncated, encrypted and malformed
// PDFs; TIFF, PNG and JPEG headers with absurd dimensions; zip, tar.gz and nested decompression
// bombs; archives with unsafe, symlinked, duplicate, GBK and invalid-UTF-8 member names; zero-byte
// and huge files; text in GBK and UTF-16; broken OFD packages; unknown formats), each placed as a
// loose file, an archive member or a nested member, with good control files between them. The real
// `sanding ingest` runs them as one batch: every bad input must end in exactly one failure record
// with its reason and a Chinese message naming it (or, when it is legitimately readable, be loaded
// with the expected note), every control must be loaded and searchable, nothing may be written
// outside the data directory, and a second identical run must change nothing.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "store/text.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/fixtures/archive.h"
#include "tests/fixtures/minimal_pdf.h"
#include "tests/fixtures/render.h"

namespace sanding::e2e {
namespace {

namespace fs = std::filesystem;
namespace fx = sanding::fixtures;
using fx::ArchiveEntry;
using fx::ArchiveKind;
using nlohmann::json;
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// Byte generators.

// Deterministic incompressible bytes.
std::string Noise(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 0x9E3779B9u;
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

uint32_t Crc32(const std::string& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}
std::string Le16(uint16_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string Le32(uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
          static_cast<char>(v >> 24)};
}

std::string PngChunk(const std::string& type, const std::string& data) {
  return Be32(static_cast<uint32_t>(data.size())) + type + data + Be32(Crc32(type + data));
}

// A PNG whose IHDR declares w×h pixels (8-bit grey), with an IEND and no image data.
std::string PngHeader(uint32_t w, uint32_t h) {
  return "\x89PNG\r\n\x1A\n"s + PngChunk("IHDR", Be32(w) + Be32(h) + "\x08\x00\x00\x00\x00"s) +
         PngChunk("IEND", "");
}

// A little-endian TIFF with one directory: w×h, 1 bit per sample, uncompressed, one strip of
// `strip_bytes` bytes of zeros. `entries_override` < 0 keeps the real entry count.
std::string TiffHeader(uint32_t w, uint32_t h, uint32_t strip_bytes, int entries_override = -1) {
  struct Entry {
    uint16_t tag, type;
    uint32_t count, value;
  };
  const uint32_t ifd = 8;
  const uint32_t n = 9;
  const uint32_t data = ifd + 2 + n * 12 + 4;
  std::vector<Entry> e = {{256, 4, 1, w}, {257, 4, 1, h}, {258, 3, 1, 1},
                          {259, 3, 1, 1}, {262, 3, 1, 0}, {273, 4, 1, data},
                          {277, 3, 1, 1}, {278, 4, 1, h}, {279, 4, 1, strip_bytes}};
  std::string out = "II*\0"s + Le32(ifd);
  out += Le16(static_cast<uint16_t>(entries_override >= 0 ? entries_override : n));
  if (entries_override != 0) {
    for (const Entry& x : e) out += Le16(x.tag) + Le16(x.type) + Le32(x.count) + Le32(x.value);
  }
  out += Le32(0);
  out += std::string(strip_bytes, '\0');
  return out;
}

using fixtures::MinimalPdf;
using fixtures::PdfHexString;

const std::vector<std::string> kOnePage = {
    "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"};

// A one-page PDF under the standard security handler whose /U entry matches no password (the
// empty user password included), so it cannot be opened without one.
std::string EncryptedPdf(const std::string& encrypt_dict) {
  std::vector<std::string> objects = kOnePage;
  objects.push_back(encrypt_dict);
  const std::string id = PdfHexString(Noise(16, 77));
  return MinimalPdf(objects, "/Encrypt 4 0 R /ID [" + id + " " + id + "]");
}

// A PDF with pages whose text layer is fine but whose cross-reference data is damaged in `how`.
std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.rfind(from);
  if (at == std::string::npos) throw std::runtime_error("marker not found: " + from);
  s.replace(at, from.size(), to);
  return s;
}

std::string OfdXml(const std::string& doc_root) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\"><ofd:DocBody>"
         "<ofd:DocInfo><ofd:DocID>bad-input</ofd:DocID></ofd:DocInfo><ofd:DocRoot>" +
         doc_root + "</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
}
std::string OfdDocument(const std::string& pages) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData><ofd:PageArea>"
         "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>" +
         pages + "</ofd:Document>";
}
const char* kOfdPages =
    "<ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages>";
std::string OfdPage(const std::string& text) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer ID=\"2\">"
         "<ofd:TextObject ID=\"3\" Boundary=\"20 20 170 10\" Font=\"4\" Size=\"4\">"
         "<ofd:TextCode X=\"0\" Y=\"4\">" +
         text + "</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>";
}
std::string Ofd(const std::string& ofd_xml, const std::string& document, const std::string& page) {
  std::vector<ArchiveEntry> m;
  if (!ofd_xml.empty()) m.push_back({"OFD.xml", ofd_xml});
  if (!document.empty()) m.push_back({"Doc_0/Document.xml", document});
  if (!page.empty()) m.push_back({"Doc_0/Pages/Page_0/Content.xml", page});
  m.push_back({"Doc_0/Res/font.ttf", Noise(300, 5)});
  return fx::WriteArchive(ArchiveKind::kZip, m);
}

// A zip written with libarchive options the fixtures do not offer (encryption).
std::string EncryptedZip(const char* options, const std::string& name, const std::string& data) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
  archive_write_set_format_zip(a.get());
  if (archive_write_set_options(a.get(), options) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("zip options: ") + archive_error_string(a.get()));
  }
  archive_write_set_passphrase(a.get(), "机密口令");
  std::string out(1 << 20, '\0');
  size_t used = 0;
  archive_write_open_memory(a.get(), out.data(), out.size(), &used);
  std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(),
                                                             archive_entry_free);
  archive_entry_copy_pathname(e.get(), name.c_str());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0644);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
  if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("zip header: ") + archive_error_string(a.get()));
  }
  archive_write_data(a.get(), data.data(), data.size());
  archive_write_close(a.get());
  out.resize(used);
  return out;
}

// Replaces every occurrence of `from` by `to` (same length: zip names have no checksum).
std::string PatchAll(std::string s, const std::string& from, const std::string& to) {
  if (from.size() != to.size()) throw std::runtime_error("PatchAll needs equal lengths");
  size_t n = 0;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
    ++n;
  }
  if (n == 0) throw std::runtime_error("patch marker not found: " + from);
  return s;
}

// Recomputes the checksum of the tar header starting at `at`.
void FixTarChecksum(std::string& tar, size_t at) {
  std::memset(tar.data() + at + 148, ' ', 8);
  unsigned sum = 0;
  for (size_t i = 0; i < 512; ++i) sum += static_cast<unsigned char>(tar[at + i]);
  char field[8];
  std::snprintf(field, sizeof field, "%06o", sum);
  std::memcpy(tar.data() + at + 148, field, 7);
}

// A ustar header for a regular file of `size` bytes.
std::string TarHeader(const std::string& name, uint64_t size) {
  std::string h(512, '\0');
  std::memcpy(h.data(), name.data(), std::min<size_t>(name.size(), 100));
  std::memcpy(h.data() + 100, "0000644", 7);
  std::memcpy(h.data() + 108, "0001750", 7);
  std::memcpy(h.data() + 116, "0001750", 7);
  char num[16];
  std::snprintf(num, sizeof num, "%011llo", static_cast<unsigned long long>(size));
  std::memcpy(h.data() + 124, num, 11);
  std::memcpy(h.data() + 136, "14567044132", 11);
  h[156] = '0';
  std::memcpy(h.data() + 257,
              "ustar\0"
              "00",
              8);
  FixTarChecksum(h, 0);
  return h;
}

void WriteAt(int fd, uint64_t offset, const std::string& data) {
  if (::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset)) !=
      static_cast<ssize_t>(data.size())) {
    throw std::runtime_error("pwrite failed");
  }
}

// A file of `size` bytes starting with `head`, the rest a hole (costs no disk).
void WriteSparse(const std::string& path, const std::string& head, uint64_t size) {
  fx::WriteFile(path, head);
  if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) {
    throw std::runtime_error("truncate failed: " + path);
  }
}

// ---------------------------------------------------------------------------------------------
// The catalogue.

enum class Outcome {
  kFailure,    // exactly one failure record with `reason`, its message naming `display`
  kLoaded,     // loaded (a control, or a legitimately readable odd input)
  kDuplicate,  // same bytes as an input loaded before: listed as a duplicate, no failure
  kIgnored,    // skipped without a record (hidden members, symlinks inside folders)
};

struct BadInput {
  std::string category;  // for the report
  std::string display;   // expected SourceRef::Display() (UTF-8, names decoded)
  Outcome outcome = Outcome::kFailure;
  std::string reason;    // kFailure: the FailureRecord reason
  std::string needle;    // kFailure: Chinese text the message holds; kLoaded: text of page 1's note
  std::string sha256;    // kLoaded / kDuplicate
  std::string phrase;    // kLoaded: a phrase search must find ("" for none)
  bool control = false;  // a good file placed between bad ones
};

class Catalogue {
 public:
  explicit Catalogue(std::string root) : root_(std::move(root)) {}

  std::vector<BadInput> items;

  const std::string& root() const { return root_; }

  BadInput& Fail(std::string category, std::string display, std::string reason,
                 std::string needle) {
    BadInput b;
    b.category = std::move(category);
    b.display = std::move(display);
    b.reason = std::move(reason);
    b.needle = std::move(needle);
    items.push_back(b);
    return items.back();
  }
  BadInput& Loaded(std::string category, std::string display, const std::string& bytes,
                   std::string phrase, std::string note = "") {
    BadInput b;
    b.category = std::move(category);
    b.display = std::move(display);
    b.outcome = Outcome::kLoaded;
    b.sha256 = text::Sha256Hex(bytes);
    b.phrase = std::move(phrase);
    b.needle = std::move(note);
    items.push_back(b);
    return items.back();
  }
  void Ignored(std::string category, std::string display) {
    BadInput b;
    b.category = std::move(category);
    b.display = std::move(display);
    b.outcome = Outcome::kIgnored;
    items.push_back(b);
  }
  BadInput& Control(std::string display, const std::string& bytes, std::string phrase) {
    BadInput& b = Loaded("control", std::move(display), bytes, std::move(phrase));
    b.control = true;
    return b;
  }

  // A good UTF-8 text document with a phrase of its own.
  struct Good {
    std::string bytes, phrase;
  };
  Good NextGood() {
    const uint32_t seed = 9000 + next_seed_++;
    std::string t =
        "档案对照件第" + std::to_string(seed) + "号\n" + fx::SampleDocumentText(seed, 160);
    return {t, PickPhrase(t, 6)};
  }

  size_t BadCount() const {
    size_t n = 0;
    for (const auto& b : items) n += b.control ? 0 : 1;
    return n;
  }

 private:
  std::string root_;
  uint32_t next_seed_ = 0;
};

class BadInputE2eTest : public SandingDataTest<> {};

void Index(const json& array, const char* key, std::multimap<std::string, json>* out) {
  for (const auto& x : array) out->emplace(x.at(key).get<std::string>(), x);
}

TEST_F(BadInputE2eTest, CatalogueIsReportedOneByOneAndTheBatchGoesOn) {
  Catalogue c(root_);
  const std::string in = root_ + "/收件";                // loose files (walked in sorted order)
  const std::string members_zip = root_ + "/成员.zip";   // member cases, UTF-8 names
  const std::string members_tar = root_ + "/成员.tar";   // member cases in a tar
  const std::string gbk_zip = root_ + "/gbk.zip";        // member cases, CP936 names
  const std::string huge_tar = root_ + "/oversize.tar";  // a sparse tar with a 1.5 GiB member
  const std::string missing = root_ + "/不存在的目录";
  // Escape targets of the unsafe member names: none may exist after the runs.
  const std::string escape_name = "sanding-bad-input-escape-" + std::to_string(::getpid());
  const std::string abs_target = "/tmp/" + escape_name + "-abs.txt";

  auto loose = [&](const std::string& name, const std::string& bytes) {
    fx::WriteFile(in + "/" + name, bytes);
    return in + "/" + name;
  };
  // Loose files are named NNN-<name>; a control follows every few bad inputs.
  int seq = 0;
  std::string last;  // the name `next` gave last
  auto next = [&](const std::string& name) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%03d-", seq++);
    last = prefix + name;
    return last;
  };
  auto control_here = [&] {
    Catalogue::Good g = c.NextGood();
    const std::string p = loose(next("对照正常文件.txt"), g.bytes);
    c.Control(p, g.bytes, g.phrase);
  };

  // ---- PDFs (loose) -------------------------------------------------------------------------
  const std::string pdf_text = fx::SampleDocumentText(4242, 300);
  const std::string pdf = fx::RenderTextPdf(pdf_text);
  const std::string pdf_phrase = PickPhrase(pdf_text, 6);
  control_here();
  {
    const std::string p = loose(next("正常文本层.pdf"), pdf);
    c.Control(p, pdf, pdf_phrase);
  }
  for (int pct : {1, 10, 33, 50, 75}) {
    const std::string cut = pdf.substr(0, std::max<size_t>(9, pdf.size() * pct / 100));
    c.Fail("PDF 截断", loose(next("截断" + std::to_string(pct) + "%.pdf"), cut), "truncated",
           "截断");
  }
  c.Fail("PDF 截断", loose(next("只有文件头.pdf"), "%PDF-1.7\n"), "truncated", "截断");
  {
    std::string body = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n" + Noise(3000, 3) + "\n%%EOF\n";
    c.Fail("PDF 损坏", loose(next("乱码正文.pdf"), body), "corrupt", "损坏");
  }
  c.Fail("PDF 损坏", loose(next("只有EOF.pdf"), "%PDF-1.7\n%%EOF\n"), "corrupt", "损坏");
  c.Fail("PDF 损坏",
         loose(next("零页.pdf"), MinimalPdf({"<< /Type /Catalog /Pages 2 0 R >>",
                                             "<< /Type /Pages /Kids [] /Count 0 >>"},
                                            "")),
         "corrupt", "没有任何页面");
  c.Fail("PDF 损坏", loose(next("缺少Root.pdf"), MinimalPdf(kOnePage, "", false)), "corrupt",
         "损坏");
  {
    // Flipped bytes over the whole object area (header and trailer intact).
    std::string flipped = pdf;
    for (size_t i = 16; i + 64 < flipped.size(); i += 7)
      flipped[i] = static_cast<char>(~flipped[i]);
    c.Fail("PDF 损坏", loose(next("字节翻转.pdf"), flipped), "corrupt", "损坏");
  }
  control_here();
  c.Fail("PDF 加密",
         loose(next("加密RC4-40.pdf"),
               EncryptedPdf("<< /Filter /Standard /V 1 /R 2 /O " + PdfHexString(Noise(32, 1)) +
                            " /U " + PdfHexString(Noise(32, 2)) + " /P -4 >>")),
         "encrypted", "加密");
  c.Fail(
      "PDF 加密",
      loose(next("加密RC4-128.pdf"), EncryptedPdf("<< /Filter /Standard /V 2 /R 3 /Length 128 /O " +
                                                  PdfHexString(Noise(32, 3)) + " /U " +
                                                  PdfHexString(Noise(32, 4)) + " /P -3904 >>")),
      "encrypted", "加密");
  c.Fail("PDF 加密",
         loose(next("加密AES-128.pdf"),
               EncryptedPdf("<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM "
                            "/AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF "
                            "/StdCF /O " +
                            PdfHexString(Noise(32, 5)) + " /U " + PdfHexString(Noise(32, 6)) +
                            " /P -3904 >>")),
         "encrypted", "加密");
  c.Fail("PDF 加密",
         loose(next("加密AES-256.pdf"),
               EncryptedPdf("<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM "
                            "/AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF "
                            "/StdCF /O " +
                            PdfHexString(Noise(48, 7)) + " /U " + PdfHexString(Noise(48, 8)) +
                            " /OE " + PdfHexString(Noise(32, 9)) + " /UE " +
                            PdfHexString(Noise(32, 10)) + " /Perms " + PdfHexString(Noise(16, 11)) +
                            " /P -3904 >>")),
         "encrypted", "加密");
  {
    // Damaged cross-reference data that Poppler rebuilds: legitimately readable.
    const std::string wrong_xref = Replace(pdf, "startxref\n", "startxref\n1");
    c.Loaded("PDF 错误 xref（可修复）", loose(next("错误xref偏移.pdf"), wrong_xref), wrong_xref,
             pdf_phrase);
    std::string no_eof = pdf.substr(0, pdf.rfind("%%EOF"));
    c.Loaded("PDF 缺少 %%EOF（可修复）", loose(next("缺少EOF标记.pdf"), no_eof), no_eof,
             pdf_phrase);
  }
  {
    // A garbage text layer is not trusted: the page is OCR'd and the note says why.
    const std::string garbage_text = "机构编制委员会办公室关于调整内设机构的批复";
    fx::RenderOptions small;
    small.dpi = 150;
    const std::string g = fx::RenderGarbageTextLayerPdf(garbage_text, small);
    c.Loaded("PDF 乱码文本层（改用 OCR）", loose(next("乱码文本层.pdf"), g), g, "", "文本层");
  }
  {
    // A page of 100 000 × 100 000 pt with no text: rendering it is refused, the page is listed
    // for review with the reason.
    const std::string huge_page = MinimalPdf(
        {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100000 100000] >>"},
        "");
    c.Loaded("PDF 页面尺寸过大", loose(next("超大页面.pdf"), huge_page), huge_page, "", "页面过大");
  }
  control_here();

  // ---- raster images (loose) ----------------------------------------------------------------
  c.Fail("TIFF 尺寸", loose(next("十万像素见方.tif"), TiffHeader(100000, 100000, 64)), "oversize",
         "图像尺寸过大");
  c.Fail("TIFF 尺寸", loose(next("超宽.tif"), TiffHeader(100000, 8, 64)), "oversize",
         "图像尺寸过大");
  c.Fail("TIFF 尺寸", loose(next("面积超限.tif"), TiffHeader(20000, 20001, 64)), "oversize",
         "图像尺寸过大");
  c.Fail("TIFF 尺寸", loose(next("零宽度.tif"), TiffHeader(0, 100, 64)), "corrupt", "损坏");
  c.Fail("TIFF 损坏", loose(next("零目录项.tif"), TiffHeader(100, 100, 64, 0)), "corrupt", "损坏");
  c.Fail("TIFF 损坏", loose(next("只有文件头.tif"), "II*\0\0\0\0\0"s), "corrupt", "损坏");
  c.Fail("TIFF 损坏", loose(next("目录越界.tif"), "II*\0"s + Le32(0x7FFFFFF0) + Noise(200, 12)),
         "corrupt", "损坏");
  {
    fx::RenderOptions lo;
    lo.dpi = 100;
    const std::string tif = fx::RenderTiff("截断的历史档案扫描件", lo);
    c.Fail("TIFF 截断", loose(next("截断.tif"), tif.substr(0, tif.size() / 2)), "corrupt", "损坏");
  }
  control_here();
  c.Fail("PNG 尺寸", loose(next("五万见方.png"), PngHeader(50000, 50000)), "oversize",
         "图像尺寸过大");
  c.Fail("PNG 尺寸", loose(next("超高.png"), PngHeader(1, 20001)), "oversize", "图像尺寸过大");
  c.Fail("PNG 损坏", loose(next("零尺寸.png"), PngHeader(0, 0)), "corrupt", "损坏");
  c.Fail("PNG 损坏", loose(next("只有签名.png"), "\x89PNG\r\n\x1A\n"s), "corrupt", "损坏");
  {
    fx::RenderOptions lo;
    lo.dpi = 72;
    const std::string png = fx::RenderPng("截断的红头通知", lo);
    c.Fail("PNG 截断", loose(next("截断.png"), png.substr(0, png.size() / 2)), "corrupt", "损坏");
    std::string bad_idat = png;
    const size_t idat = bad_idat.find("IDAT");
    for (size_t i = idat + 8; i < idat + 200 && i < bad_idat.size(); ++i) bad_idat[i] ^= 0x5A;
    c.Fail("PNG 损坏", loose(next("图像数据损坏.png"), bad_idat), "corrupt", "损坏");
  }
  {
    fx::RenderOptions lo;
    lo.dpi = 72;
    const std::string jpg = fx::RenderJpeg("会议纪要", lo);
    c.Fail("JPEG 损坏", loose(next("文件头损坏.jpg"), "\xFF\xD8\xFF\xE0"s + Noise(500, 13)),
           "corrupt", "损坏");
    std::string huge = jpg;
    size_t sof = huge.find("\xFF\xC0"s);
    if (sof == std::string::npos) sof = huge.find("\xFF\xC2"s);
    ASSERT_NE(sof, std::string::npos);
    huge.replace(sof + 5, 4, "\xEA\x60\xEA\x60"s);  // 60000 × 60000
    c.Fail("JPEG 尺寸", loose(next("六万见方.jpg"), huge), "oversize", "图像尺寸过大");
    c.Fail("JPEG 截断", loose(next("截断文件头.jpg"), jpg.substr(0, sof + 40)), "corrupt", "损坏");
    // Cut inside the entropy-coded data: libjpeg pads the missing rows with grey and only warns.
    c.Fail("JPEG 截断", loose(next("截断图像数据.jpg"), jpg.substr(0, jpg.size() / 2)), "corrupt",
           "损坏");
  }
  control_here();

  // ---- text encodings (loose) ---------------------------------------------------------------
  {
    const std::string t = "关于印发市机构编制委员会办公室主要职责内设机构和人员编制规定的通知";
    const std::string phrase = "主要职责内设机构";
    // GBK without a BOM, decoded (the bytes come from the GBK zip fixture's encoder via iconv
    // semantics: here written by hand from the GB2312 table for a short phrase).
    std::string gbk =
        "\xB9\xD8\xD3\xDA\xD3\xA1\xB7\xA2\xCA\xD0\xBB\xFA\xB9\xB9\xB1\xE0\xD6\xC6\xCE\xAF\xD4\xB1"
        "\xBB\xE1\xB0\xEC\xB9\xAB\xCA\xD2\xD6\xF7\xD2\xAA\xD6\xB0\xD4\xF0\xC4\xDA\xC9\xE8\xBB\xFA"
        "\xB9\xB9\xBA\xCD\xC8\xCB\xD4\xB1\xB1\xE0\xD6\xC6\xB9\xE6\xB6\xA8\xB5\xC4\xCD\xA8\xD6\xAA"
        "\n"s;
    c.Loaded("文本 GBK（解码）", loose(next("GBK编码.txt"), gbk), gbk, phrase);
    std::u16string u16 = u"关于印发市统计局主要职责内设机构和人员编制规定的通知\n";
    std::string le = "\xFF\xFE"s, be = "\xFE\xFF"s, nobom;
    for (char16_t ch : u16) {
      le += static_cast<char>(ch & 0xFF);
      le += static_cast<char>(ch >> 8);
      be += static_cast<char>(ch >> 8);
      be += static_cast<char>(ch & 0xFF);
      nobom += static_cast<char>(ch & 0xFF);
      nobom += static_cast<char>(ch >> 8);
    }
    c.Loaded("文本 UTF-16LE BOM（解码）", loose(next("UTF16LE.txt"), le), le, "市统计局");
    c.Loaded("文本 UTF-16BE BOM（解码）", loose(next("UTF16BE.txt"), be), be, "市统计局");
    c.Fail("文本 UTF-16 无 BOM", loose(next("UTF16无BOM.txt"), nobom), "unsupported",
           "不支持的文件格式");
    c.Fail("文本 UTF-16 奇数字节", loose(next("UTF16奇数字节.txt"), le + "x"), "unsupported",
           "不支持的文件格式");
    c.Fail("文本 二进制", loose(next("二进制乱码.txt"), Noise(4096, 14)), "unsupported",
           "不支持的文件格式");
    c.Fail("文本 BOM 与内容不符", loose(next("BOM后非UTF8.txt"), "\xEF\xBB\xBF\xFF\xFE\xC0\xC1"s),
           "corrupt", "UTF-8");
    c.Fail("文本 只有空白", loose(next("只有空白.txt"), " \n\t\r\n  \n"), "empty", "只有空白");
    c.Fail("零字节", loose(next("空文件.txt"), ""), "empty", "空文件");
    c.Fail("零字节", loose(next("空文件.pdf"), ""), "empty", "空文件");
  }
  control_here();

  // ---- unknown formats (loose) --------------------------------------------------------------
  c.Fail("未知格式", loose(next("程序.exe"), "MZ\x90\0\x03\0\0\0"s + Noise(2000, 15)),
         "unsupported", "不支持的文件格式");
  c.Fail("未知格式",
         loose(next("旧版文档.doc"), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s + Noise(2000, 16)),
         "unsupported", "不支持的文件格式");
  {
    // A .docx is a zip of XML parts: it must be refused as a whole, not expanded into text files.
    const std::string docx = fx::WriteArchive(
        ArchiveKind::kZip,
        {{"[Content_Types].xml",
          "<?xml version=\"1.0\"?><Types "
          "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
         {"word/document.xml",
          "<?xml version=\"1.0\"?><w:document><w:body><w:p><w:r><w:t>关于机构改革的通知</w:t>"
          "</w:r></w:p></w:body></w:document>"}});
    c.Fail("未知格式", loose(next("办公文档.docx"), docx), "unsupported", "不支持的文件格式");
  }
  c.Fail("未知格式", loose(next("压缩包.rar"), "Rar!\x1A\x07\x00"s + Noise(500, 17)), "corrupt",
         "压缩包");
  control_here();

  // ---- huge files (loose, sparse) -----------------------------------------------------------
  WriteSparse(in + "/" + next("超大扫描件.pdf"), "%PDF-1.4\n", (1ull << 30) + 1);
  c.Fail("超大文件", in + "/" + last, "oversize", "超过上限");
  WriteSparse(in + "/" + next("超大图像.tif"), "II*\0"s, 2ull << 30);
  c.Fail("超大文件", in + "/" + last, "oversize", "超过上限");
  if (::geteuid() != 0) {  // root reads every file
    const std::string p = loose(next("无读取权限.pdf"), pdf);
    ASSERT_EQ(::chmod(p.c_str(), 0), 0);
    c.Fail("无法读取", p, "io_error", "无法读取文件");
  }

  // ---- OFD (loose) --------------------------------------------------------------------------
  const std::string ofd_text = "关于调整市档案馆内设机构的批复";
  {
    const std::string ofd =
        Ofd(OfdXml("Doc_0/Document.xml"), OfdDocument(kOfdPages), OfdPage(ofd_text));
    c.Control(loose(next("正常.ofd"), ofd), ofd, "市档案馆内设机构");
  }
  c.Fail("OFD XML 损坏",
         loose(next("OFD入口XML损坏.ofd"),
               Ofd("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody>",
                   OfdDocument(kOfdPages), OfdPage("x"))),
         "corrupt", "不是格式正确的 XML");
  c.Fail("OFD XML 损坏",
         loose(next("OFD文档XML损坏.ofd"),
               Ofd(OfdXml("Doc_0/Document.xml"), "<ofd:Document><ofd:Pages", OfdPage("x"))),
         "corrupt", "不是格式正确的 XML");
  c.Fail("OFD 缺少成员",
         loose(next("缺少OFD入口.ofd"), Ofd("", OfdDocument(kOfdPages), OfdPage("x"))), "corrupt",
         "缺少成员 OFD.xml");
  c.Fail("OFD 缺少成员",
         loose(next("缺少文档.ofd"), Ofd(OfdXml("Doc_9/Document.xml"), "", OfdPage("x"))),
         "corrupt", "缺少成员");
  c.Fail("OFD 结构错误",
         loose(next("根元素错误.ofd"),
               Ofd("<?xml version=\"1.0\"?><Root/>", OfdDocument(kOfdPages), OfdPage("x"))),
         "corrupt", "根元素不是 OFD");
  c.Fail("OFD 结构错误",
         loose(next("页面缺少BaseLoc.ofd"),
               Ofd(OfdXml("Doc_0/Document.xml"),
                   OfdDocument("<ofd:Pages><ofd:Page ID=\"1\"/></ofd:Pages>"), OfdPage("x"))),
         "corrupt", "缺少 BaseLoc");
  c.Fail("OFD 无页面",
         loose(next("没有页面.ofd"), Ofd(OfdXml("Doc_0/Document.xml"), OfdDocument(""), "")),
         "empty", "没有任何页面");
  {
    const std::string ofd =
        Ofd(OfdXml("Doc_0/Document.xml"), OfdDocument(kOfdPages), OfdPage(ofd_text));
    c.Fail("OFD 截断", loose(next("截断.ofd"), ofd.substr(0, ofd.size() / 2)), "corrupt", "OFD");
  }
  {
    // The document names a page the package lacks / a page that is not XML: the file opens, the
    // page cannot be read, and the page carries the reason.
    const std::string missing_page = Ofd(OfdXml("Doc_0/Document.xml"), OfdDocument(kOfdPages), "");
    c.Loaded("OFD 页面缺失", loose(next("页面缺失.ofd"), missing_page), missing_page, "",
             "缺少成员");
    const std::string broken_page =
        Ofd(OfdXml("Doc_0/Document.xml"), OfdDocument(kOfdPages), "<ofd:Page><ofd:Content>");
    c.Loaded("OFD 页面 XML 损坏", loose(next("页面XML损坏.ofd"), broken_page), broken_page, "",
             "不是格式正确的 XML");
  }
  control_here();

  // ---- archives as loose files --------------------------------------------------------------
  {
    Catalogue::Good first = c.NextGood();
    std::vector<ArchiveEntry> e = {{"先到的文件.txt", first.bytes},
                                   {"噪声.bin", Noise(60000, 18)},
                                   {"其后.txt", "截断后读不到"}};
    const std::string zip = fx::WriteArchive(ArchiveKind::kZip, e);
    const std::string p = loose(next("截断.zip"), zip.substr(0, zip.size() / 2));
    c.Control(p + "!/先到的文件.txt", first.bytes, first.phrase);
    c.Fail("压缩包 截断", p + "!/噪声.bin", "truncated", "截断");
  }
  {
    Catalogue::Good first = c.NextGood();
    std::vector<ArchiveEntry> e = {{"first.txt", first.bytes}, {"noise.bin", Noise(60000, 19)}};
    const std::string tar = fx::WriteArchive(ArchiveKind::kTar, e);
    const std::string p = loose(next("截断.tar"), tar.substr(0, 512 * 4 + 100));
    c.Control(p + "!/first.txt", first.bytes, first.phrase);
    c.Fail("压缩包 截断", p + "!/noise.bin", "truncated", "截断");
    const std::string tgz = fx::WriteArchive(ArchiveKind::kTarGz, {{"n.bin", Noise(200000, 20)}});
    // The gzip stream ends inside the member's data: the member is reported.
    c.Fail("压缩包 截断", loose(next("截断.tar.gz"), tgz.substr(0, tgz.size() / 3)) + "!/n.bin",
           "truncated", "截断");
    // A tar whose second header's checksum is wrong.
    std::string bad_sum =
        fx::WriteArchive(ArchiveKind::kTar, {{"a.txt", "第一份"}, {"b.txt", "第二份"}});
    bad_sum[1024 + 150] = bad_sum[1024 + 150] == '1' ? '2' : '1';
    {
      c.Fail("压缩包 损坏", loose(next("校验和错误.tar"), bad_sum), "corrupt", "文件头无法识别");
      c.Loaded("压缩包 损坏（之前的成员）", in + "/" + last + "!/a.txt", "第一份", "");
    }
    {
      // The same with a long second member: its data blocks are more damaged headers in a row.
      std::string t = "第二份较长的文件。";
      while (t.size() < 6000) t += t;
      std::string bad = fx::WriteArchive(ArchiveKind::kTar, {{"c.txt", "第三份"}, {"d.txt", t}});
      bad[1024 + 150] = bad[1024 + 150] == '1' ? '2' : '1';
      c.Fail("压缩包 损坏", loose(next("校验和错误长成员.tar"), bad), "corrupt", "文件头无法识别");
      c.Loaded("压缩包 损坏（之前的成员）", in + "/" + last + "!/c.txt", "第三份", "");
    }
  }
  {
    const std::string seven = fx::WriteArchive(ArchiveKind::k7z, {{"n.bin", Noise(100000, 21)}});
    // libarchive looks for the 7z end header past the cut and gives no error text: reported as
    // damaged, not as truncated.
    c.Fail("压缩包 截断", loose(next("截断.7z"), seven.substr(0, seven.size() / 2)), "corrupt",
           "已损坏");
    c.Fail("压缩包 损坏", loose(next("损坏.7z"), "7z\xBC\xAF\x27\x1C\x00\x04"s + Noise(300, 22)),
           "corrupt", "压缩包");
  }
  c.Fail("压缩包 损坏", loose(next("不是压缩包.zip"), Noise(4000, 23)), "corrupt",
         "不是可识别的压缩包");
  c.Fail("压缩包 空", loose(next("空压缩包.zip"), "PK\x05\x06"s + std::string(18, '\0')), "empty",
         "没有任何文件");
  c.Fail("零字节", loose(next("零字节.zip"), ""), "empty", "空文件");
  {
    // Damaged compressed data in the first member; the second member is still read.
    Catalogue::Good g = c.NextGood();
    std::string crc = fx::WriteArchive(ArchiveKind::kZip,
                                       {{"损坏数据.bin", Noise(3000, 24)}, {"完好.txt", g.bytes}});
    for (size_t i = 0; i < 16; ++i) crc[30 + 12 + 500 + i] ^= 0x55;
    const std::string p = loose(next("数据损坏.zip"), crc);
    c.Fail("压缩包 数据损坏", p + "!/损坏数据.bin", "corrupt", "损坏");
    c.Control(p + "!/完好.txt", g.bytes, g.phrase);
  }
  control_here();
  // Decompression bombs: 32 MiB of zeros compress about 1000:1; the limit is 200:1 once a member
  // passes 16 MiB.
  const std::string zeros(32u << 20, '\0');
  {
    const std::string bomb = fx::WriteArchive(ArchiveKind::kZip, {{"zeros.pdf", zeros}});
    ASSERT_LT(bomb.size(), 1u << 20);
    c.Fail("压缩炸弹", loose(next("炸弹.zip"), bomb) + "!/zeros.pdf", "bomb", "压缩炸弹");
    const std::string tgz = fx::WriteArchive(ArchiveKind::kTarGz, {{"zeros.tif", zeros}});
    c.Fail("压缩炸弹", loose(next("炸弹.tar.gz"), tgz) + "!/zeros.tif", "bomb", "压缩炸弹");
    Catalogue::Good before = c.NextGood(), after = c.NextGood();
    const std::string nested = fx::WriteArchive(
        ArchiveKind::kZip,
        {{"之前.txt", before.bytes}, {"内层.zip", bomb}, {"之后.txt", after.bytes}});
    const std::string p = loose(next("嵌套炸弹.zip"), nested);
    c.Control(p + "!/之前.txt", before.bytes, before.phrase);
    c.Fail("压缩炸弹（嵌套）", p + "!/内层.zip!/zeros.pdf", "bomb", "压缩炸弹");
    c.Control(p + "!/之后.txt", after.bytes, after.phrase);
  }
  {
    std::string level = fx::WriteArchive(ArchiveKind::kZip, {{"最深处.txt", "嵌套太深的文件"}});
    for (int depth = 5; depth >= 2; --depth) {
      level =
          fx::WriteArchive(ArchiveKind::kZip, {{"第" + std::to_string(depth) + "层.zip", level}});
    }
    const std::string p = loose(next("嵌套过深.zip"), level);
    c.Fail("嵌套过深", p + "!/第2层.zip!/第3层.zip!/第4层.zip!/第5层.zip", "unsupported",
           "嵌套超过");
  }
  {
    const std::string p1 = loose(next("加密ZipCrypto.zip"),
                                 EncryptedZip("zip:encryption=zipcrypt", "机密.txt", "机密"));
    c.Fail("压缩包 加密", p1 + "!/机密.txt", "encrypted", "已加密");
    const std::string p2 =
        loose(next("加密AES.zip"), EncryptedZip("zip:encryption=aes256", "绝密.txt", "绝密"));
    c.Fail("压缩包 加密", p2 + "!/绝密.txt", "encrypted", "已加密");
    std::string method = fx::WriteArchive(ArchiveKind::kZip, {{"odd.txt", "奇怪的压缩方式"}});
    method[8] = 97;
    method[method.find("PK\x01\x02"s) + 10] = 97;
    c.Fail("压缩包 不支持的压缩方式", loose(next("压缩方式97.zip"), method) + "!/odd.txt",
           "unsupported", "不支持的压缩方式");
  }
  control_here();

  // ---- names on disk (loose) ----------------------------------------------------------------
  {
    Catalogue::Good g = c.NextGood();
    const std::string raw = in + "/zz-\xB9\xAB\xCE\xC4\xCD\xA8\xD6\xAA.txt"s;  // GBK 公文通知
    fx::WriteFile(raw, g.bytes);
    c.Loaded("文件名 GBK（解码）", in + "/zz-公文通知.txt", g.bytes, g.phrase);
    Catalogue::Good h = c.NextGood();
    const std::string bad = "zz-\xFF\xFE\xFF-invalid.txt"s;
    fx::WriteFile(in + "/" + bad, h.bytes);
    c.Loaded("文件名 非法 UTF-8（替换字符）", in + "/" + text::SanitizeUtf8(bad), h.bytes,
             h.phrase);
    fs::create_symlink("/etc/passwd", in + "/zz-指向系统文件的链接.txt");
    c.Ignored("文件夹中的符号链接（不跟随）", in + "/zz-指向系统文件的链接.txt");
    ASSERT_EQ(::mkfifo((in + "/zz-命名管道.fifo").c_str(), 0600), 0);
    c.Fail("管道", in + "/zz-命名管道.fifo", "unsupported", "管道");
  }

  // ---- members of one zip (UTF-8 names) -----------------------------------------------------
  {
    std::vector<ArchiveEntry> e;
    auto member_control = [&] {
      Catalogue::Good g = c.NextGood();
      const std::string name = "对照" + std::to_string(e.size()) + ".txt";
      e.push_back({name, g.bytes});
      c.Control(members_zip + "!/" + name, g.bytes, g.phrase);
    };
    member_control();
    e.push_back({"../../" + escape_name + "-zip.txt", "越界"});
    c.Fail("不安全路径", members_zip + "!/../../" + escape_name + "-zip.txt", "unsafe_path",
           "不安全");
    e.push_back({abs_target, "绝对路径"});
    c.Fail("不安全路径", members_zip + "!/" + abs_target, "unsafe_path", "不安全");
    e.push_back({"a/../../" + escape_name + "-b.txt", "越界"});
    c.Fail("不安全路径", members_zip + "!/a/../../" + escape_name + "-b.txt", "unsafe_path",
           "不安全");
    e.push_back({"..\\..\\" + escape_name + "-win.txt", "越界"});
    c.Fail("不安全路径", members_zip + "!/../../" + escape_name + "-win.txt", "unsafe_path",
           "不安全");
    e.push_back({"C:/Windows/" + escape_name + ".txt", "盘符"});
    c.Fail("不安全路径", members_zip + "!/C:/Windows/" + escape_name + ".txt", "unsafe_path",
           "不安全");
    member_control();
    ArchiveEntry link{"链接.txt", "/etc/passwd"};
    link.symlink = true;
    e.push_back(link);
    c.Fail("符号链接成员", members_zip + "!/链接.txt", "unsupported", "符号链接");
    e.push_back({".DS_Store", "mac"});
    c.Ignored("隐藏成员（跳过）", members_zip + "!/.DS_Store");
    e.push_back({"__MACOSX/._对照.txt", "mac"});
    c.Ignored("隐藏成员（跳过）", members_zip + "!/__MACOSX/._对照.txt");
    {
      Catalogue::Good g = c.NextGood();
      e.push_back({"重复.txt", g.bytes});
      c.Control(members_zip + "!/重复.txt", g.bytes, g.phrase);
      e.push_back({"重复.txt", g.bytes});  // same name, same bytes: a duplicate
      BadInput dup;
      dup.category = "同名成员（内容相同）";
      dup.display = members_zip + "!/重复.txt";
      dup.outcome = Outcome::kDuplicate;
      dup.sha256 = text::Sha256Hex(g.bytes);
      c.items.push_back(dup);
      Catalogue::Good h = c.NextGood(), k = c.NextGood();
      e.push_back({"同名.txt", h.bytes});
      e.push_back({"同名.txt", k.bytes});  // same name, other bytes: both are documents
      c.Loaded("同名成员（内容不同，第一份）", members_zip + "!/同名.txt", h.bytes, h.phrase);
      c.Loaded("同名成员（内容不同，第二份）", members_zip + "!/同名.txt", k.bytes, k.phrase);
    }
    {
      // Same name, a damaged copy first and a good one second: the good copy loads, and the
      // damaged copy's failure must stay on record.
      Catalogue::Good g = c.NextGood();
      e.push_back({"同名一坏一好.pdf", "%PDF-1.4\n" + Noise(1500, 33) + "\n%%EOF\n"});
      e.push_back({"同名一坏一好.pdf", g.bytes});
      c.Fail("同名成员（先坏后好）", members_zip + "!/同名一坏一好.pdf", "corrupt", "损坏");
      c.Loaded("同名成员（先坏后好，第二份）", members_zip + "!/同名一坏一好.pdf", g.bytes,
               g.phrase);
    }
    e.push_back({"空成员.pdf", ""});
    c.Fail("零字节成员", members_zip + "!/空成员.pdf", "empty", "空文件");
    e.push_back({"截断成员.pdf", pdf.substr(0, pdf.size() / 4)});
    c.Fail("PDF 截断（成员）", members_zip + "!/截断成员.pdf", "truncated", "截断");
    e.push_back({"加密成员.pdf",
                 EncryptedPdf("<< /Filter /Standard /V 1 /R 2 /O " + PdfHexString(Noise(32, 30)) +
                              " /U " + PdfHexString(Noise(32, 31)) + " /P -4 >>")});
    c.Fail("PDF 加密（成员）", members_zip + "!/加密成员.pdf", "encrypted", "加密");
    e.push_back({"巨幅.png", PngHeader(50000, 50000)});
    c.Fail("PNG 尺寸（成员）", members_zip + "!/巨幅.png", "oversize", "图像尺寸过大");
    e.push_back({"子目录/破损.tif", TiffHeader(100, 100, 64, 0)});
    c.Fail("TIFF 损坏（成员）", members_zip + "!/子目录/破损.tif", "corrupt", "损坏");
    e.push_back({"未知.bin", Noise(3000, 32)});
    c.Fail("未知格式（成员）", members_zip + "!/未知.bin", "unsupported", "不支持的文件格式");
    {
      Catalogue::Good g = c.NextGood();
      e.push_back({"INVALID!name.txt", g.bytes});  // renamed to invalid UTF-8 below
      const std::string raw = "\xFF\xFE\xFF\xFE\xFF\xFE\xFF!name.txt"s;
      c.Loaded("成员名 非法 UTF-8（替换字符）", members_zip + "!/" + text::SanitizeUtf8(raw),
               g.bytes, g.phrase);
    }
    member_control();
    std::string zip = fx::WriteArchive(ArchiveKind::kZip, e);
    zip = PatchAll(zip, "INVALID!", "\xFF\xFE\xFF\xFE\xFF\xFE\xFF!"s);
    fx::WriteFile(members_zip, zip);
  }

  // ---- members of one tar -------------------------------------------------------------------
  {
    std::vector<ArchiveEntry> e;
    Catalogue::Good g1 = c.NextGood(), g2 = c.NextGood(), g3 = c.NextGood();
    e.push_back({"对照1.txt", g1.bytes});
    c.Control(members_tar + "!/对照1.txt", g1.bytes, g1.phrase);
    e.push_back({"../" + escape_name + "-tar.txt", "越界"});
    c.Fail("不安全路径（tar）", members_tar + "!/../" + escape_name + "-tar.txt", "unsafe_path",
           "不安全");
    e.push_back({"/tmp/" + escape_name + "-tar-abs.txt", "绝对路径"});
    c.Fail("不安全路径（tar）", members_tar + "!//tmp/" + escape_name + "-tar-abs.txt",
           "unsafe_path", "不安全");
    ArchiveEntry link{"tar链接.pdf", "../../../etc/shadow"};
    link.symlink = true;
    e.push_back(link);
    c.Fail("符号链接成员（tar）", members_tar + "!/tar链接.pdf", "unsupported", "符号链接");
    e.push_back({"GBKNAME1.txt", g2.bytes});  // renamed to GBK bytes below
    c.Loaded("成员名 GBK（tar，解码）", members_tar + "!/公文通知.txt", g2.bytes, g2.phrase);
    e.push_back({"空.txt", ""});
    c.Fail("零字节成员（tar）", members_tar + "!/空.txt", "empty", "空文件");
    e.push_back({"对照3.txt", g3.bytes});
    c.Control(members_tar + "!/对照3.txt", g3.bytes, g3.phrase);
    std::string tar = fx::WriteArchive(ArchiveKind::kTar, e);
    const size_t at = tar.find("GBKNAME1.txt");
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(at % 512, 0u);
    tar.replace(at, 8, "\xB9\xAB\xCE\xC4\xCD\xA8\xD6\xAA"s);
    FixTarChecksum(tar, at);
    fx::WriteFile(members_tar, tar);
  }

  // ---- members of a zip with CP936 names ----------------------------------------------------
  {
    Catalogue::Good g = c.NextGood();
    std::vector<ArchiveEntry> e = {
        {"批复/正常通知.txt", g.bytes},
        {"批复/损坏扫描件.pdf", "%PDF-1.4\n" + Noise(2000, 40) + "\n%%EOF\n"},
        {"批复/../../越界.txt", "越界"},
        {"批复/空白.txt", ""}};
    fx::WriteFile(gbk_zip, fx::WriteArchive(ArchiveKind::kZip, e, /*gbk_names=*/true));
    c.Loaded("成员名 GBK（zip，解码）", gbk_zip + "!/批复/正常通知.txt", g.bytes, g.phrase);
    c.Fail("PDF 损坏（GBK 成员名）", gbk_zip + "!/批复/损坏扫描件.pdf", "corrupt", "损坏");
    c.Fail("不安全路径（GBK 成员名）", gbk_zip + "!/批复/../../越界.txt", "unsafe_path", "不安全");
    c.Fail("零字节成员（GBK 成员名）", gbk_zip + "!/批复/空白.txt", "empty", "空文件");
  }

  // ---- a tar with a 1.5 GiB member, sparse on disk ------------------------------------------
  {
    Catalogue::Good g = c.NextGood();
    const uint64_t big = 3ull << 29;  // 1.5 GiB
    const std::string h1 = TarHeader("huge-scan.tif", big);
    const std::string h2 = TarHeader("after.txt", g.bytes.size());
    const uint64_t second = 512 + big;
    std::string tail = h2 + g.bytes;
    tail.resize((tail.size() + 511) / 512 * 512, '\0');
    tail += std::string(1024, '\0');
    int fd = ::open(huge_tar.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    WriteAt(fd, 0, h1 + "II*\0"s);
    WriteAt(fd, second, tail);
    ::close(fd);
    c.Fail("超大成员（tar）", huge_tar + "!/huge-scan.tif", "oversize", "超过上限");
    c.Control(huge_tar + "!/after.txt", g.bytes, g.phrase);
  }

  // ---- a path that does not exist -----------------------------------------------------------
  c.Fail("输入路径不存在", missing, "io_error", "找不到输入路径");

  // ---- the catalogue ------------------------------------------------------------------------
  std::map<std::string, int> by_category;
  for (const auto& b : c.items) {
    if (!b.control) ++by_category[b.category];
  }
  std::printf("bad-input catalogue: %zu bad inputs, %zu controls, %zu categories\n", c.BadCount(),
              c.items.size() - c.BadCount(), by_category.size());
  ASSERT_GE(c.BadCount(), 60u);

  std::vector<std::string> outside_before;
  for (const auto& e : fs::recursive_directory_iterator(root_)) {
    outside_before.push_back(e.path().string());
  }
  const std::vector<std::string> escapes = {
      abs_target,
      "/tmp/" + escape_name + "-tar-abs.txt",
      fs::path(data_).parent_path().parent_path().string() + "/" + escape_name + "-zip.txt",
      fs::path(data_).parent_path().string() + "/" + escape_name + "-zip.txt",
      fs::path(data_).parent_path().string() + "/" + escape_name + "-b.txt",
      fs::path(data_).parent_path().string() + "/" + escape_name + "-tar.txt",
      fs::current_path().string() + "/" + escape_name + "-zip.txt",
      fs::current_path().parent_path().string() + "/" + escape_name + "-zip.txt",
      fs::current_path().string() + "/" + escape_name + "-tar.txt",
      "/C:/Windows/" + escape_name + ".txt"};

  const std::vector<std::string> args = {"--workers", "2",     "--json", in,     members_zip,
                                         members_tar, gbk_zip, huge_tar, missing};
  // ---- first run ----------------------------------------------------------------------------
  RunResult run1 = Raw("ingest", args);
  ASSERT_EQ(run1.signal, 0) << "crashed: " << run1.Describe();
  ASSERT_EQ(run1.exit_code, 0) << run1.Describe();
  json r1 = json::parse(run1.out);
  SCOPED_TRACE("first ingest report: " + r1.dump(1).substr(0, 6000));

  std::multimap<std::string, json> report_failures, report_dups;
  Index(r1.at("failures"), "source", &report_failures);
  Index(r1.at("duplicate_list"), "source", &report_dups);
  json status1 = Json("status", {});
  std::multimap<std::string, json> status_failures;
  Index(status1.at("failures"), "source", &status_failures);

  std::set<std::string> expected_failures, loaded_shas;
  std::set<std::string> failure_displays;
  for (const BadInput& b : c.items) {
    if (b.outcome == Outcome::kFailure) failure_displays.insert(b.display);
  }
  for (const BadInput& b : c.items) {
    SCOPED_TRACE("[" + b.category + "] " + b.display);
    switch (b.outcome) {
      case Outcome::kFailure: {
        expected_failures.insert(b.display);
        EXPECT_EQ(report_failures.count(b.display), 1u) << "failures in the ingest report";
        EXPECT_EQ(status_failures.count(b.display), 1u) << "failure records in status";
        if (status_failures.count(b.display) == 0) break;
        const json& f = status_failures.find(b.display)->second;
        const std::string message = f.at("message").get<std::string>();
        EXPECT_EQ(f.at("reason").get<std::string>(), b.reason) << message;
        EXPECT_NE(message.find(b.needle), std::string::npos) << message;
        EXPECT_NE(message.find(b.display), std::string::npos)
            << "message must name the input: " << message;
        break;
      }
      case Outcome::kLoaded: {
        loaded_shas.insert(b.sha256);
        // (Unless a damaged copy of the same name failed in the same archive: that record stays.)
        if (!failure_displays.count(b.display)) {
          EXPECT_EQ(status_failures.count(b.display), 0u) << "a loaded input has no failure record";
        }
        RunResult show = Raw("show", {"--json", b.sha256});
        EXPECT_EQ(show.exit_code, 0) << "not loaded: " << show.Describe();
        if (show.exit_code != 0) break;
        json s = json::parse(show.out);
        EXPECT_EQ(s.at("file").at("state").get<std::string>(), "complete");
        std::set<std::string> sources;
        for (const auto& src : s.at("file").at("sources")) {
          const std::string m = src.at("member").get<std::string>();
          sources.insert(src.at("path").get<std::string>() + (m.empty() ? "" : "!/" + m));
        }
        EXPECT_TRUE(sources.count(b.display)) << s.at("file").at("sources").dump();
        if (!b.needle.empty()) {
          EXPECT_FALSE(s.at("pages").empty());
          if (s.at("pages").empty()) break;
          const std::string note = s.at("pages")[0].at("note").get<std::string>();
          EXPECT_NE(note.find(b.needle), std::string::npos) << "page note: " << note;
        }
        if (!b.phrase.empty()) {
          json hits =
              Json("search", {"--limit", "100", "--include-internal", "\"" + b.phrase + "\""});
          bool found = false;
          for (const auto& h : hits.at("hits")) found = found || h.at("sha256") == b.sha256;
          EXPECT_TRUE(found) << "search \"" << b.phrase << "\" -> " << hits.dump().substr(0, 1500);
        }
        break;
      }
      case Outcome::kDuplicate:
        EXPECT_EQ(report_dups.count(b.display), 1u);
        EXPECT_EQ(status_failures.count(b.display), 0u);
        break;
      case Outcome::kIgnored:
        EXPECT_EQ(status_failures.count(b.display), 0u);
        EXPECT_EQ(report_dups.count(b.display), 0u);
        break;
    }
  }
  // No failure record that the catalogue does not expect.
  for (const auto& [source, f] : status_failures) {
    EXPECT_TRUE(expected_failures.count(source)) << "unexpected failure record: " << f.dump();
  }
  EXPECT_EQ(status1.at("failures").size(), expected_failures.size());
  EXPECT_EQ(r1.at("failed").get<size_t>(), expected_failures.size());
  EXPECT_EQ(status1.at("files_complete").get<size_t>(), loaded_shas.size());
  EXPECT_EQ(status1.at("files_pending").get<size_t>(), 0u);

  // Nothing was written outside the data directory.
  for (const std::string& p : escapes) EXPECT_FALSE(fs::exists(p)) << p;
  std::vector<std::string> outside_after;
  for (const auto& e : fs::recursive_directory_iterator(root_)) {
    const std::string p = e.path().string();
    if (p.rfind(data_, 0) == 0 || p.rfind(root_ + "/last.", 0) == 0) continue;
    outside_after.push_back(p);
  }
  for (const std::string& p : outside_after) {
    EXPECT_NE(std::find(outside_before.begin(), outside_before.end(), p), outside_before.end())
        << "written outside the data directory: " << p;
  }

  // ---- second identical run: nothing changes ------------------------------------------------
  RunResult run2 = Raw("ingest", args);
  ASSERT_EQ(run2.signal, 0) << "crashed: " << run2.Describe();
  ASSERT_EQ(run2.exit_code, 0) << run2.Describe();
  json r2 = json::parse(run2.out);
  SCOPED_TRACE("second ingest report: " + r2.dump(1).substr(0, 3000));
  EXPECT_EQ(r2.at("loaded").get<uint64_t>(), 0u);
  EXPECT_EQ(r2.at("resumed").get<uint64_t>(), 0u);
  EXPECT_EQ(r2.at("pages").get<uint64_t>(), 0u);
  EXPECT_EQ(r2.at("failed"), r1.at("failed"));
  json status2 = Json("status", {});
  for (const char* key : {"files_complete", "files_pending", "pages", "original_bytes"}) {
    EXPECT_EQ(status2.at(key), status1.at(key)) << key;
  }
  std::multiset<std::string> f1, f2;
  for (const auto& f : status1.at("failures"))
    f1.insert(f.at("source").get<std::string>() + " " + f.at("reason").get<std::string>());
  for (const auto& f : status2.at("failures"))
    f2.insert(f.at("source").get<std::string>() + " " + f.at("reason").get<std::string>());
  EXPECT_EQ(f1, f2) << "failures are updated in place, not added";

  std::printf("bad-input categories:\n");
  for (const auto& [cat, n] : by_category) std::printf("  %-40s %d\n", cat.c_str(), n);
}

}  // namespace
}  // namespace sanding::e2e
