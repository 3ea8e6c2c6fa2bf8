#include "ocr/format.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <cstdint>
#include <optional>
#include <string>

#include "ocr/internal/archive_format.h"
#include "tests/fixtures/archive.h"

namespace sanding::ocr {
namespace {

using fixtures::ArchiveEntry;
using fixtures::ArchiveKind;
using fixtures::WriteArchive;
using namespace std::string_literals;

// `utf8` in GB18030 (GBK for the characters used here), converted with ICU.
std::string ToGb18030(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 8, '\0');
  const int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string ToUtf16(const std::string& utf8, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 8, '\0');
  const int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(static_cast<size_t>(n));
  return out;
}

// Deterministic bytes covering the whole 0..255 range (xorshift).
std::string NoiseBytes(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 0x9E3779B9u;  // never 0 for the seeds used here
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

const std::string kChinese =
    "关于印发某市发展和改革委员会职能配置、内设机构和人员编制规定的通知。"
    "市发展和改革委员会是市政府工作部门，为正处级，负责拟订并组织实施国民经济和社会发展规划。";

TEST(FormatNameTest, NamesEveryFormat) {
  EXPECT_STREQ(FormatName(Format::kPdf), "pdf");
  EXPECT_STREQ(FormatName(Format::kTiff), "tiff");
  EXPECT_STREQ(FormatName(Format::kPng), "png");
  EXPECT_STREQ(FormatName(Format::kJpeg), "jpeg");
  EXPECT_STREQ(FormatName(Format::kText), "text");
  EXPECT_STREQ(FormatName(Format::kOfd), "ofd");
  EXPECT_STREQ(FormatName(Format::kArchive), "archive");
  EXPECT_STREQ(FormatName(Format::kUnknown), "unknown");
}

TEST(DetectFormatTest, Pdf) {
  const std::string body =
      "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n"s + NoiseBytes(300, 1);
  EXPECT_EQ(DetectFormat(body, "a.pdf"), Format::kPdf);
  EXPECT_EQ(DetectFormat(body, "no_extension"), Format::kPdf);
  // Junk before the header is tolerated up to 1 KiB, not beyond.
  EXPECT_EQ(DetectFormat(std::string(1000, '\x01') + body, "a.pdf"), Format::kPdf);
  EXPECT_NE(DetectFormat(std::string(2000, '\x01') + body, "a.pdf"), Format::kPdf);
}

TEST(DetectFormatTest, Images) {
  const std::string tail = NoiseBytes(64, 2);
  EXPECT_EQ(DetectFormat("II*\0"s + tail, "x"), Format::kTiff);
  EXPECT_EQ(DetectFormat("MM\0*"s + tail, "x"), Format::kTiff);
  EXPECT_EQ(DetectFormat("II+\0"s + tail, "x"), Format::kTiff);  // BigTIFF
  EXPECT_EQ(DetectFormat("MM\0+"s + tail, "x"), Format::kTiff);
  EXPECT_EQ(DetectFormat("\x89PNG\r\n\x1A\n"s + tail, "x"), Format::kPng);
  EXPECT_EQ(DetectFormat("\xFF\xD8\xFF\xE0"s + tail, "x"), Format::kJpeg);
  // A PNG signature missing its last byte is not a PNG.
  EXPECT_NE(DetectFormat("\x89PNG\r\n\x1A"s, "x.png"), Format::kPng);
}

TEST(DetectFormatTest, ArchivesOfEveryKind) {
  const std::vector<ArchiveEntry> entries = {{"一.txt", kChinese}, {"二/三.pdf", "%PDF-1.4"}};
  for (ArchiveKind kind : {ArchiveKind::kZip, ArchiveKind::kTar, ArchiveKind::kTarGz,
                           ArchiveKind::kTarBz2, ArchiveKind::kTarXz, ArchiveKind::k7z}) {
    EXPECT_EQ(DetectFormat(WriteArchive(kind, entries), "bundle"), Format::kArchive)
        << static_cast<int>(kind);
  }
  // An empty zip is only an end-of-central-directory record.
  EXPECT_EQ(DetectFormat("PK\x05\x06"s + std::string(18, '\0'), "empty.zip"), Format::kArchive);
  // Single-stream compressors: the walker decides whether a tar is inside.
  EXPECT_EQ(DetectFormat("\x1F\x8B\x08\x00"s + NoiseBytes(40, 3), "a.gz"), Format::kArchive);
  EXPECT_EQ(DetectFormat("BZh9"s + NoiseBytes(40, 4), "a.bz2"), Format::kArchive);
  EXPECT_EQ(DetectFormat("\xFD"
                         "7zXZ\0"s +
                             NoiseBytes(40, 5),
                         "a.xz"),
            Format::kArchive);
  EXPECT_EQ(DetectFormat("BZh"s + "x", "a.txt"), Format::kText);  // not a bzip2 level digit
}

TEST(DetectFormatTest, OldV7TarHeaderByChecksum) {
  std::string header(512, '\0');
  header.replace(0, 9, "notes.txt");
  header.replace(100, 7, "0000644");
  header.replace(124, 11, "00000000005");
  header[156] = '0';
  unsigned sum = 0;
  for (size_t i = 0; i < 512; ++i)
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<uint8_t>(header[i]);
  char chk[8];
  std::snprintf(chk, sizeof chk, "%06o", sum);
  header.replace(148, 8, std::string(chk, 6) + '\0' + ' ');
  const std::string tar = header + "hello" + std::string(507 + 1024, '\0');
  EXPECT_EQ(DetectFormat(tar, "old.tar"), Format::kArchive);
  std::string bad = tar;
  bad[148] = bad[148] == '1' ? '2' : '1';  // checksum no longer adds up
  EXPECT_EQ(DetectFormat(bad, "old.tar"), Format::kUnknown);
}

TEST(DetectFormatTest, OfdVersusZip) {
  const std::string plain = WriteArchive(ArchiveKind::kZip, {{"a.txt", "x"}, {"b.txt", "y"}});
  EXPECT_EQ(DetectFormat(plain, "a.zip"), Format::kArchive);
  EXPECT_EQ(DetectFormat(plain, "A.OFD"), Format::kOfd);  // the name decides
  // OFD.xml as the last member: found in the central directory.
  const std::string ofd = WriteArchive(
      ArchiveKind::kZip, {{"Doc_0/Document.xml", "<ofd:Document/>"}, {"OFD.xml", "<ofd:OFD/>"}});
  EXPECT_EQ(DetectFormat(ofd, "scan.zip"), Format::kOfd);
  EXPECT_TRUE(internal::ZipHasOfdXml(ofd.substr(ofd.size() / 2)));  // a tail slice suffices
  // A nested "OFD.xml" or a longer name is not the OFD root entry.
  const std::string nested =
      WriteArchive(ArchiveKind::kZip, {{"x/OFD.xml", "<a/>"}, {"OFD.xml.bak", "<a/>"}});
  EXPECT_EQ(DetectFormat(nested, "scan.zip"), Format::kArchive);
  // A tar holding OFD.xml is just an archive.
  EXPECT_EQ(DetectFormat(WriteArchive(ArchiveKind::kTar, {{"OFD.xml", "<a/>"}}), "x"),
            Format::kArchive);
}

TEST(DetectFormatTest, TextEncodings) {
  EXPECT_EQ(DetectFormat(kChinese, "notes"), Format::kText);
  EXPECT_EQ(DetectFormat("\xEF\xBB\xBF"s + kChinese, "notes"), Format::kText);
  EXPECT_EQ(DetectFormat("\xFF\xFE"s + ToUtf16(kChinese, "UTF-16LE"), "notes"), Format::kText);
  EXPECT_EQ(DetectFormat("\xFE\xFF"s + ToUtf16(kChinese, "UTF-16BE"), "notes"), Format::kText);
  EXPECT_EQ(DetectFormat("plain ASCII text\r\nsecond line\n", "readme"), Format::kText);
  // GBK/GB18030 without a BOM: recognised by decoding.
  const std::string gb = ToGb18030(kChinese);
  ASSERT_NE(gb, kChinese);
  EXPECT_EQ(DetectFormat(gb, "notes"), Format::kText);
  // UTF-16 without a BOM has NUL bytes: not detected.
  EXPECT_EQ(DetectFormat(ToUtf16(kChinese, "UTF-16LE"), "notes"), Format::kUnknown);
}

TEST(DetectFormatTest, TextNameLowersTheBarForMixedGbText) {
  // Mostly ASCII with one Chinese word and a Greek letter (GBK has Greek) per line: 8% CJK and
  // 4% "other" letters. Too little to call text on its own, enough with a .txt name.
  std::string mixed;
  for (int i = 10; i < 30; ++i)
    mixed += "Item " + std::to_string(i) + ": section 编制 and notes α\n";
  const std::string gb = ToGb18030(mixed);
  EXPECT_EQ(DetectFormat(gb, "list.bin"), Format::kUnknown);
  EXPECT_EQ(DetectFormat(gb, "list.txt"), Format::kText);
  EXPECT_EQ(DetectFormat(gb, "list.MD"), Format::kText);
}

TEST(DetectFormatTest, LongTextCutInsideACharacter) {
  // Only the first 64 KiB are examined. A sample ending inside a character must not make valid
  // text look invalid. UTF-8: the 3-byte "中" starts at the last byte of the sample.
  const size_t sample = 64 * 1024;
  std::string utf8 = std::string(sample - 1, 'a') + "中";
  while (utf8.size() < sample + 4096) utf8 += kChinese;
  ASSERT_EQ(static_cast<uint8_t>(utf8[sample - 1]), 0xE4);
  EXPECT_EQ(DetectFormat(utf8, "long"), Format::kText);
  // GB18030: every character of kChinese is two bytes; an odd prefix puts a lead byte last.
  std::string gb = "a";
  while (gb.size() < sample + 4096) gb += ToGb18030(kChinese);
  ASSERT_GE(static_cast<uint8_t>(gb[sample - 1]), 0x81);
  ASSERT_FALSE(internal::DecodeGb18030(std::string_view(gb).substr(0, sample)).has_value());
  EXPECT_EQ(DetectFormat(gb, "long"), Format::kText);
}

TEST(DetectFormatTest, BinaryIsUnknown) {
  EXPECT_EQ(DetectFormat("", "empty.txt"), Format::kUnknown);
  EXPECT_EQ(DetectFormat(NoiseBytes(4096, 7), "data.bin"), Format::kUnknown);
  EXPECT_EQ(DetectFormat(NoiseBytes(4096, 8), "data.txt"), Format::kUnknown);
  EXPECT_EQ(DetectFormat("abc\0def"s, "a.txt"), Format::kUnknown);
  // Valid UTF-8 but full of control characters.
  std::string controls;
  for (int i = 0; i < 200; ++i) controls += "\x01\x02\x03\x04 ab";
  EXPECT_EQ(DetectFormat(controls, "x.txt"), Format::kUnknown);
  // A garbage file named .zip is not an archive by its bytes.
  EXPECT_EQ(DetectFormat(NoiseBytes(1000, 9), "bundle.zip"), Format::kUnknown);
}

TEST(ArchiveFormatHelpersTest, DecodeName) {
  EXPECT_EQ(internal::DecodeName("机构编制/三定规定.pdf"), "机构编制/三定规定.pdf");
  EXPECT_EQ(internal::DecodeName(ToGb18030("机构编制/三定规定.pdf")), "机构编制/三定规定.pdf");
  // A UTF-8 folder holding a GBK-named file: each component decoded on its own.
  EXPECT_EQ(internal::DecodeName("机构编制/" + ToGb18030("三定规定.pdf")), "机构编制/三定规定.pdf");
  // Neither UTF-8 nor GB18030 (a lone lead byte at the end): replaced, still valid UTF-8.
  EXPECT_EQ(internal::DecodeName("ab\x81"), "ab\xEF\xBF\xBD");
}

TEST(ArchiveFormatHelpersTest, DecodeGb18030) {
  EXPECT_EQ(internal::DecodeGb18030(ToGb18030(kChinese)), kChinese);
  EXPECT_EQ(internal::DecodeGb18030(""), "");
  EXPECT_EQ(internal::DecodeGb18030("\x81"), std::nullopt);          // truncated sequence
  EXPECT_EQ(internal::DecodeGb18030("\x81\x30\xFF"), std::nullopt);  // bad 4-byte form
}

TEST(ArchiveFormatHelpersTest, ExtensionsAndMagic) {
  EXPECT_TRUE(internal::HasArchiveExtension("a.ZIP"));
  EXPECT_TRUE(internal::HasArchiveExtension("a.tar.gz"));
  EXPECT_TRUE(internal::HasArchiveExtension("a.7z"));
  EXPECT_FALSE(internal::HasArchiveExtension("a.pdf"));
  EXPECT_FALSE(internal::HasArchiveExtension("zip"));
  EXPECT_EQ(internal::StripCompressionExtension("报告.pdf.gz"), "报告.pdf");
  EXPECT_EQ(internal::StripCompressionExtension("a.TGZ"), "a.tar");
  EXPECT_EQ(internal::StripCompressionExtension("a.pdf"), "a.pdf");
  EXPECT_EQ(internal::StripCompressionExtension(".gz"), ".gz");
  EXPECT_TRUE(internal::IsZipMagic("PK\x03\x04"s));
  EXPECT_FALSE(internal::IsZipMagic("PK\x01\x02"s));
  EXPECT_TRUE(internal::IsCompressedStreamMagic("\x28\xB5\x2F\xFD"s));  // zstd
  EXPECT_FALSE(internal::IsCompressedStreamMagic("%PDF"));
}

}  // namespace
}  // namespace sanding::ocr
