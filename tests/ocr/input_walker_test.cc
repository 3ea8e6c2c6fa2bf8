#include "ocr/input_walker.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/fixtures/archive.h"

namespace sanding::ocr {
namespace {

namespace fs = std::filesystem;
using fixtures::ArchiveEntry;
using fixtures::ArchiveKind;
using fixtures::MakeTempDir;
using fixtures::WriteArchive;
using fixtures::WriteFile;
using namespace std::string_literals;

class RecordingSink : public InputSink {
 public:
  struct Item {
    std::string display, name, bytes;
  };
  void OnItem(InputItem item) override {
    EXPECT_TRUE(item.bytes != nullptr && !item.bytes->empty());
    items.push_back({item.source.Display(), item.name, *item.bytes});
    if (cancel_after_items > 0 && items.size() >= static_cast<size_t>(cancel_after_items)) {
      cancelled = true;
    }
  }
  void OnFailure(InputFailure failure) override {
    // Every message is Chinese and names the source it is about.
    EXPECT_NE(failure.message.find(failure.source.Display()), std::string::npos) << failure.message;
    failures.push_back(std::move(failure));
  }
  bool Cancelled() override { return cancelled; }

  std::vector<std::string> ItemDisplays() const {
    std::vector<std::string> out;
    for (const Item& i : items) out.push_back(i.display);
    return out;
  }
  std::vector<std::string> FailureReasons() const {
    std::vector<std::string> out;
    for (const InputFailure& f : failures) out.push_back(f.reason);
    return out;
  }

  std::vector<Item> items;
  std::vector<InputFailure> failures;
  int cancel_after_items = 0;
  bool cancelled = false;
};

// Deterministic incompressible bytes.
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

// A libarchive-written archive with options the fixtures do not offer (encryption, raw format).
std::string WriteWithLibarchive(bool raw_gzip, const char* options, const char* passphrase,
                                const std::string& name, const std::string& data) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
  if (raw_gzip) {
    archive_write_set_format_raw(a.get());
    archive_write_add_filter_gzip(a.get());
  } else {
    archive_write_set_format_zip(a.get());
  }
  if (options != nullptr) {
    EXPECT_EQ(archive_write_set_options(a.get(), options), ARCHIVE_OK);
  }
  if (passphrase != nullptr) archive_write_set_passphrase(a.get(), passphrase);
  std::string out(1 << 20, '\0');
  size_t used = 0;
  EXPECT_EQ(archive_write_open_memory(a.get(), out.data(), out.size(), &used), ARCHIVE_OK);
  std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(),
                                                             archive_entry_free);
  archive_entry_copy_pathname(e.get(), name.c_str());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0644);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
  EXPECT_EQ(archive_write_header(a.get(), e.get()), ARCHIVE_OK) << archive_error_string(a.get());
  EXPECT_EQ(archive_write_data(a.get(), data.data(), data.size()),
            static_cast<la_ssize_t>(data.size()));
  EXPECT_EQ(archive_write_close(a.get()), ARCHIVE_OK);
  out.resize(used);
  return out;
}

class InputWalkerTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir("walker-test"); }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& rel) const { return dir_ + "/" + rel; }
  // Writes `bytes` to <dir>/<name> and walks that one file.
  RecordingSink WalkOne(const std::string& name, const std::string& bytes,
                        const WalkLimits& limits = {}) {
    WriteFile(Path(name), bytes);
    RecordingSink sink;
    EXPECT_TRUE(WalkInputs({Path(name)}, limits, sink).ok());
    return sink;
  }

  std::string dir_;
};

TEST_F(InputWalkerTest, FolderRecursionIsSortedAndSkipsHiddenSymlinksAndEmptyFiles) {
  WriteFile(Path("in/b.txt"), "b");
  WriteFile(Path("in/a/2.txt"), "a2");
  WriteFile(Path("in/a/1.txt"), "a1");
  WriteFile(Path("in/a/c/z.txt"), "z");
  WriteFile(Path("in/.hidden/x.txt"), "hidden");
  WriteFile(Path("in/.dotfile"), "hidden");
  WriteFile(Path("in/empty.pdf"), "");
  ASSERT_EQ(::symlink("a", Path("in/link_dir").c_str()), 0);
  ASSERT_EQ(::symlink("b.txt", Path("in/link_file").c_str()), 0);
  RecordingSink sink;
  ASSERT_TRUE(WalkInputs({Path("in")}, {}, sink).ok());
  EXPECT_EQ(sink.ItemDisplays(),
            (std::vector<std::string>{Path("in/a/1.txt"), Path("in/a/2.txt"), Path("in/a/c/z.txt"),
                                      Path("in/b.txt")}));
  EXPECT_EQ(sink.items[0].name, "1.txt");
  EXPECT_EQ(sink.items[0].bytes, "a1");
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_EQ(sink.failures[0].reason, "empty");
  EXPECT_EQ(sink.failures[0].source.path, Path("in/empty.pdf"));
}

TEST_F(InputWalkerTest, PathsAreWalkedInTheOrderGiven) {
  WriteFile(Path("z.txt"), "z");
  WriteFile(Path("a.txt"), "a");
  RecordingSink sink;
  ASSERT_TRUE(WalkInputs({Path("z.txt"), Path("missing.pdf"), Path("a.txt")}, {}, sink).ok());
  EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("z.txt"), Path("a.txt")}));
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_EQ(sink.failures[0].reason, "io_error");
  EXPECT_EQ(sink.failures[0].source.path, Path("missing.pdf"));
}

TEST_F(InputWalkerTest, NoPathsIsAnInvalidArgument) {
  RecordingSink sink;
  EXPECT_EQ(WalkInputs({}, {}, sink).code(), Status::Code::kInvalidArgument);
}

TEST_F(InputWalkerTest, UnknownFormatsAndOfdAreItems) {
  WriteFile(Path("in/notes.bin"), NoiseBytes(3000, 1));
  const std::string ofd =
      WriteArchive(ArchiveKind::kZip, {{"Doc_0/Document.xml", "<d/>"}, {"OFD.xml", "<o/>"}});
  WriteFile(Path("in/scan.ofd"), ofd);
  WriteFile(Path("in/scan2.zip"), ofd);  // an OFD under a zip name: OFD.xml decides
  RecordingSink sink;
  ASSERT_TRUE(WalkInputs({Path("in")}, {}, sink).ok());
  EXPECT_EQ(
      sink.ItemDisplays(),
      (std::vector<std::string>{Path("in/notes.bin"), Path("in/scan.ofd"), Path("in/scan2.zip")}));
  EXPECT_EQ(sink.items[1].bytes, ofd);
  EXPECT_TRUE(sink.failures.empty());
}

TEST_F(InputWalkerTest, LargeOfdIsRecognisedByItsCentralDirectory) {
  // OFD.xml is the last member, far beyond the first 64 KiB the walker looks at.
  const std::string ofd = WriteArchive(
      ArchiveKind::kZip, {{"Doc_0/Res/page.bin", NoiseBytes(300 * 1024, 2)}, {"OFD.xml", "<o/>"}});
  RecordingSink sink = WalkOne("big.zip", ofd);
  ASSERT_EQ(sink.items.size(), 1u);
  EXPECT_EQ(sink.items[0].display, Path("big.zip"));
}

class ArchiveKindTest : public InputWalkerTest,
                        public ::testing::WithParamInterface<ArchiveKind> {};

TEST_P(ArchiveKindTest, MembersAreDeliveredWithChainedSources) {
  const std::string pdf = "%PDF-1.4\n" + NoiseBytes(5000, 3);
  const std::vector<ArchiveEntry> files = {
      {"公文/关于机构编制的通知.txt", "市委机构编制委员会办公室"}, {"b.pdf", pdf}};
  RecordingSink sink = WalkOne("bundle.arc", WriteArchive(GetParam(), files));
  EXPECT_TRUE(sink.failures.empty()) << sink.failures[0].message;
  ASSERT_EQ(sink.items.size(), 2u);
  EXPECT_EQ(sink.items[0].display, Path("bundle.arc") + "!/公文/关于机构编制的通知.txt");
  EXPECT_EQ(sink.items[0].name, "关于机构编制的通知.txt");
  EXPECT_EQ(sink.items[0].bytes, "市委机构编制委员会办公室");
  EXPECT_EQ(sink.items[1].display, Path("bundle.arc") + "!/b.pdf");
  EXPECT_EQ(sink.items[1].bytes, pdf);
}

INSTANTIATE_TEST_SUITE_P(AllKinds, ArchiveKindTest,
                         ::testing::Values(ArchiveKind::kZip, ArchiveKind::kTar,
                                           ArchiveKind::kTarGz, ArchiveKind::kTarBz2,
                                           ArchiveKind::kTarXz, ArchiveKind::k7z));

TEST_F(InputWalkerTest, GbkZipNamesAreDecoded) {
  const std::string zip = WriteArchive(
      ArchiveKind::kZip, {{"机构编制/三定规定（2018）.txt", "职能配置"}}, /*gbk_names=*/true);
  // Read back: the name is stored in GBK (机 = BB FA) and the UTF-8 flag (bit 11) is clear.
  ASSERT_EQ(zip.substr(0, 4), "PK\x03\x04"s);
  EXPECT_EQ(static_cast<uint8_t>(zip[7]) & 0x08, 0);
  EXPECT_NE(zip.find("\xBB\xFA"s), std::string::npos);
  EXPECT_EQ(zip.find("机构"), std::string::npos);
  RecordingSink sink = WalkOne("gbk.zip", zip);
  ASSERT_EQ(sink.items.size(), 1u);
  EXPECT_EQ(sink.items[0].display, Path("gbk.zip") + "!/机构编制/三定规定（2018）.txt");
  EXPECT_EQ(sink.items[0].name, "三定规定（2018）.txt");
  EXPECT_TRUE(sink.failures.empty());
}

TEST_F(InputWalkerTest, Utf8ZipNamesAreKept) {
  const std::string zip = WriteArchive(ArchiveKind::kZip, {{"机构编制/批复.txt", "同意"}});
  EXPECT_NE(static_cast<uint8_t>(zip[7]) & 0x08, 0);  // UTF-8 flag set
  RecordingSink sink = WalkOne("utf8.zip", zip);
  ASSERT_EQ(sink.items.size(), 1u);
  EXPECT_EQ(sink.items[0].name, "批复.txt");
}

TEST_F(InputWalkerTest, GbkNameWronglyFlaggedUtf8IsStillDelivered) {
  std::string zip = WriteArchive(ArchiveKind::kZip, {{"通知.txt", "内容"}}, /*gbk_names=*/true);
  // Set the UTF-8 flag in the local and the central directory headers.
  for (size_t p = zip.find("PK\x03\x04"s); p != std::string::npos;
       p = zip.find("PK\x03\x04"s, p + 1)) {
    zip[p + 7] = static_cast<char>(zip[p + 7] | 0x08);
  }
  for (size_t p = zip.find("PK\x01\x02"s); p != std::string::npos;
       p = zip.find("PK\x01\x02"s, p + 1)) {
    zip[p + 9] = static_cast<char>(zip[p + 9] | 0x08);
  }
  RecordingSink sink = WalkOne("flagged.zip", zip);
  ASSERT_EQ(sink.items.size(), 1u);
  EXPECT_EQ(sink.items[0].bytes, "内容");
  EXPECT_FALSE(sink.items[0].name.empty());
}

TEST_F(InputWalkerTest, NestedZipInZipInTarGz) {
  const std::string inner = WriteArchive(ArchiveKind::kZip, {{"doc.txt", "内层文件"}});
  const std::string middle =
      WriteArchive(ArchiveKind::kZip, {{"m.txt", "中层文件"}, {"深/inner.zip", inner}});
  const std::string outer =
      WriteArchive(ArchiveKind::kTarGz, {{"middle.zip", middle}, {"top.txt", "外层文件"}});
  RecordingSink sink = WalkOne("outer.tar.gz", outer);
  EXPECT_EQ(sink.ItemDisplays(),
            (std::vector<std::string>{Path("outer.tar.gz") + "!/middle.zip!/m.txt",
                                      Path("outer.tar.gz") + "!/middle.zip!/深/inner.zip!/doc.txt",
                                      Path("outer.tar.gz") + "!/top.txt"}));
  ASSERT_EQ(sink.items.size(), 3u);
  EXPECT_EQ(sink.items[1].name, "doc.txt");
  EXPECT_EQ(sink.items[1].bytes, "内层文件");
  EXPECT_TRUE(sink.failures.empty());

  // With a nesting limit of 2 the innermost zip is reported, not expanded.
  WalkLimits limits;
  limits.max_nesting = 2;
  RecordingSink limited = WalkOne("outer.tar.gz", outer, limits);
  EXPECT_EQ(limited.items.size(), 2u);
  ASSERT_EQ(limited.failures.size(), 1u);
  EXPECT_EQ(limited.failures[0].reason, "unsupported");
  EXPECT_EQ(limited.failures[0].source.member, "middle.zip!/深/inner.zip");
}

TEST_F(InputWalkerTest, SingleCompressedFileIsOneMember) {
  const std::string gz = WriteWithLibarchive(true, nullptr, nullptr, "data", "压缩的正文");
  RecordingSink sink = WalkOne("报告.txt.gz", gz);
  ASSERT_EQ(sink.items.size(), 1u) << (sink.failures.empty() ? "" : sink.failures[0].message);
  EXPECT_EQ(sink.items[0].display, Path("报告.txt.gz") + "!/报告.txt");
  EXPECT_EQ(sink.items[0].name, "报告.txt");
  EXPECT_EQ(sink.items[0].bytes, "压缩的正文");
}

TEST_F(InputWalkerTest, ZeroByteMemberAndEmptyArchive) {
  RecordingSink sink = WalkOne(
      "z.zip", WriteArchive(ArchiveKind::kZip, {{"empty.pdf", ""}, {"full.txt", "有内容"}}));
  EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("z.zip") + "!/full.txt"}));
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_EQ(sink.failures[0].reason, "empty");
  EXPECT_EQ(sink.failures[0].source.member, "empty.pdf");

  RecordingSink none = WalkOne("none.zip", "PK\x05\x06"s + std::string(18, '\0'));
  EXPECT_TRUE(none.items.empty());
  EXPECT_EQ(none.FailureReasons(), std::vector<std::string>{"empty"});
}

TEST_F(InputWalkerTest, OversizeMembersAndFiles) {
  WalkLimits limits;
  limits.max_file_bytes = 1000;
  const std::string big = NoiseBytes(5000, 4);
  // Sizes in the tar headers are known in advance; a zip read as a stream checks as it reads.
  for (ArchiveKind kind : {ArchiveKind::kTar, ArchiveKind::kZip}) {
    RecordingSink sink =
        WalkOne("o.arc", WriteArchive(kind, {{"big.bin", big}, {"small.txt", "小文件"}}), limits);
    EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("o.arc") + "!/small.txt"}));
    EXPECT_EQ(sink.FailureReasons(), std::vector<std::string>{"oversize"});
  }
  RecordingSink plain = WalkOne("big.pdf", "%PDF-1.4\n" + big, limits);
  EXPECT_TRUE(plain.items.empty());
  EXPECT_EQ(plain.FailureReasons(), std::vector<std::string>{"oversize"});
}

TEST_F(InputWalkerTest, DecompressionBombIsStopped) {
  // 40 MiB of zeros deflate to about 40 KiB: a ratio near 1000, limit 100.
  const std::string zip =
      WriteArchive(ArchiveKind::kZip,
                   {{"zeros.bin", std::string(40u << 20, '\0')}, {"after.txt", "后面的文件"}});
  ASSERT_LT(zip.size(), 1u << 20);
  WalkLimits limits;
  limits.max_expansion_ratio = 100;
  RecordingSink sink = WalkOne("bomb.zip", zip, limits);
  EXPECT_TRUE(sink.items.empty());
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_EQ(sink.failures[0].reason, "bomb");
  EXPECT_EQ(sink.failures[0].source.member, "zeros.bin");

  // With a ratio limit above the real one it expands normally.
  limits.max_expansion_ratio = 5000;
  RecordingSink ok = WalkOne("bomb.zip", zip, limits);
  EXPECT_EQ(ok.items.size(), 2u);
  EXPECT_TRUE(ok.failures.empty());
}

TEST_F(InputWalkerTest, ExpandedBytesBudgetCoversNestedArchives) {
  const std::string inner = WriteArchive(ArchiveKind::kZip, {{"a.bin", NoiseBytes(3000, 5)}});
  const std::string outer = WriteArchive(
      ArchiveKind::kTar, {{"inner.zip", inner}, {"b.bin", NoiseBytes(3000, 6)}, {"c.txt", "c"}});
  WalkLimits limits;
  limits.max_archive_expanded_bytes = 5000;  // inner.zip + a.bin already pass it
  RecordingSink sink = WalkOne("budget.tar", outer, limits);
  EXPECT_TRUE(sink.items.empty());
  EXPECT_EQ(sink.FailureReasons(), std::vector<std::string>{"bomb"});
}

TEST_F(InputWalkerTest, TruncatedZipDeliversEarlierMembers) {
  std::vector<ArchiveEntry> entries;
  for (int i = 0; i < 4; ++i) {
    entries.push_back({"part" + std::to_string(i) + ".bin", NoiseBytes(20000, 10 + i)});
  }
  const std::string zip = WriteArchive(ArchiveKind::kZip, entries);
  // Each member takes about 20 KB (noise does not compress): the cut falls inside part2.bin.
  RecordingSink sink = WalkOne("cut.zip", zip.substr(0, zip.size() / 2));
  EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("cut.zip") + "!/part0.bin",
                                                           Path("cut.zip") + "!/part1.bin"}));
  ASSERT_EQ(sink.items.size(), 2u);
  EXPECT_EQ(sink.items[1].bytes, entries[1].data);
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_EQ(sink.failures[0].reason, "truncated") << sink.failures[0].message;
}

TEST_F(InputWalkerTest, TruncatedTarGzDeliversEarlierMembers) {
  std::vector<ArchiveEntry> entries;
  for (int i = 0; i < 8; ++i) {
    entries.push_back({"part" + std::to_string(i) + ".bin", NoiseBytes(40000, 30 + i)});
  }
  const std::string tgz = WriteArchive(ArchiveKind::kTarGz, entries);
  RecordingSink sink = WalkOne("cut.tar.gz", tgz.substr(0, tgz.size() * 3 / 5));
  // libarchive's gzip filter drops the last partial output block (up to 64 KiB) when the input
  // ends early, so how many members survive depends on block boundaries: some, in order, intact.
  ASSERT_GE(sink.items.size(), 1u);
  ASSERT_LT(sink.items.size(), 5u);
  for (size_t i = 0; i < sink.items.size(); ++i) {
    EXPECT_EQ(sink.items[i].display, Path("cut.tar.gz") + "!/" + entries[i].name);
    EXPECT_EQ(sink.items[i].bytes, entries[i].data);
  }
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_EQ(sink.failures[0].reason, "truncated") << sink.failures[0].message;
}

TEST_F(InputWalkerTest, GarbageArchivesAreCorrupt) {
  RecordingSink garbage = WalkOne("bundle.zip", NoiseBytes(4000, 20));
  EXPECT_TRUE(garbage.items.empty());
  EXPECT_EQ(garbage.FailureReasons(), std::vector<std::string>{"corrupt"});
  EXPECT_EQ(garbage.failures[0].source.path, Path("bundle.zip"));

  // A well-formed local header (deflate, 4000 bytes compressed, name "a.pdf") over noise.
  const std::string header = "PK\x03\x04\x14\x00\x00\x00\x08\x00"s + std::string(8, '\0') +
                             "\xA0\x0F\x00\x00\x10\x27\x00\x00\x05\x00\x00\x00a.pdf"s;
  RecordingSink fake_zip = WalkOne("x.bin", header + NoiseBytes(4000, 21) + std::string(100, 'x'));
  EXPECT_TRUE(fake_zip.items.empty());
  ASSERT_EQ(fake_zip.failures.size(), 1u);
  EXPECT_EQ(fake_zip.failures[0].reason, "corrupt");
}

TEST_F(InputWalkerTest, UnsupportedCompressionMethodSkipsOnlyThatMember) {
  std::string zip =
      WriteArchive(ArchiveKind::kZip, {{"odd.txt", "奇怪的压缩方式"}, {"fine.txt", "正常"}});
  // Rewrite the first member's method (local header +8, central directory +10) to 97 (WavPack).
  ASSERT_EQ(zip.substr(0, 4), "PK\x03\x04"s);
  zip[8] = 97;
  const size_t central = zip.find("PK\x01\x02"s);
  ASSERT_NE(central, std::string::npos);
  zip[central + 10] = 97;
  RecordingSink sink = WalkOne("method.zip", zip);
  EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("method.zip") + "!/fine.txt"}));
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_EQ(sink.failures[0].reason, "unsupported") << sink.failures[0].message;
  EXPECT_EQ(sink.failures[0].source.member, "odd.txt");
}

TEST_F(InputWalkerTest, UnsafeMemberPathsAreSkipped) {
  for (ArchiveKind kind : {ArchiveKind::kTar, ArchiveKind::kZip}) {
    RecordingSink sink = WalkOne("evil.arc", WriteArchive(kind, {{"../evil.txt", "x"},
                                                                 {"/etc/passwd", "root:x:0:0"},
                                                                 {"a/../../up.txt", "x"},
                                                                 {"ok/./fine.txt", "好"}}));
    EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("evil.arc") + "!/ok/fine.txt"}));
    EXPECT_EQ(sink.FailureReasons(),
              (std::vector<std::string>{"unsafe_path", "unsafe_path", "unsafe_path"}));
  }
}

TEST_F(InputWalkerTest, SymlinkMembersAreUnsupportedAndHiddenMembersSkipped) {
  for (ArchiveKind kind : {ArchiveKind::kTar, ArchiveKind::kZip}) {
    ArchiveEntry link{"link.txt", "/etc/passwd"};
    link.symlink = true;
    RecordingSink sink = WalkOne(
        "links.arc", WriteArchive(kind, {link, {"__MACOSX/._a.txt", "mac"}, {"a.txt", "正文"}}));
    EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("links.arc") + "!/a.txt"}));
    ASSERT_EQ(sink.failures.size(), 1u);
    EXPECT_EQ(sink.failures[0].reason, "unsupported");
    EXPECT_EQ(sink.failures[0].source.member, "link.txt");
  }
}

TEST_F(InputWalkerTest, EncryptedMemberIsReported) {
  const std::string zip =
      WriteWithLibarchive(false, "zip:encryption=zipcrypt", "secret", "secret.txt", "机密内容");
  RecordingSink sink = WalkOne("enc.zip", zip);
  EXPECT_TRUE(sink.items.empty());
  EXPECT_EQ(sink.FailureReasons(), std::vector<std::string>{"encrypted"});
  EXPECT_EQ(sink.failures[0].source.member, "secret.txt");
}

TEST_F(InputWalkerTest, CancellationStopsBetweenMembersAndFiles) {
  WriteFile(Path("in/a.zip"),
            WriteArchive(ArchiveKind::kZip, {{"1.txt", "1"}, {"2.txt", "2"}, {"3.txt", "3"}}));
  WriteFile(Path("in/b.txt"), "b");
  RecordingSink sink;
  sink.cancel_after_items = 1;
  ASSERT_TRUE(WalkInputs({Path("in"), Path("in/b.txt")}, {}, sink).ok());
  EXPECT_EQ(sink.ItemDisplays(), (std::vector<std::string>{Path("in/a.zip") + "!/1.txt"}));
  EXPECT_TRUE(sink.failures.empty());
}

TEST(WalkArchiveBytesTest, ExpandsAnUploadedArchive) {
  const std::string zip =
      WriteArchive(ArchiveKind::kZip, {{"批复/1.txt", "一"}, {"批复/2.txt", "二"}});
  RecordingSink sink;
  ASSERT_TRUE(WalkArchiveBytes(zip, SourceRef{"upload.zip", ""}, 1, {}, sink).ok());
  EXPECT_EQ(sink.ItemDisplays(),
            (std::vector<std::string>{"upload.zip!/批复/1.txt", "upload.zip!/批复/2.txt"}));

  // As a member of another archive, the member chain is extended.
  RecordingSink nested;
  ASSERT_TRUE(WalkArchiveBytes(zip, SourceRef{"outer.tar", "x/in.zip"}, 2, {}, nested).ok());
  ASSERT_EQ(nested.items.size(), 2u);
  EXPECT_EQ(nested.items[0].display, "outer.tar!/x/in.zip!/批复/1.txt");

  // Beyond the nesting limit nothing is expanded.
  RecordingSink deep;
  ASSERT_TRUE(WalkArchiveBytes(zip, SourceRef{"outer.tar", "x/in.zip"}, 5, {}, deep).ok());
  EXPECT_TRUE(deep.items.empty());
  EXPECT_EQ(deep.FailureReasons(), std::vector<std::string>{"unsupported"});

  RecordingSink bad;
  EXPECT_EQ(WalkArchiveBytes(zip, SourceRef{"u.zip", ""}, 0, {}, bad).code(),
            Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace sanding::ocr
