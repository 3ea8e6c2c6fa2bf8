#include "store/text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace sanding::text {
namespace {

TEST(IsValidUtf8Test, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("国务院办公厅关于印发的通知"));
  EXPECT_TRUE(IsValidUtf8("\xF0\xA0\x80\x80"));      // U+20000, extension B
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is a code point
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));          // U+FFFD itself
}

TEST(IsValidUtf8Test, RejectsIllFormed) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong, three bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));  // never a lead byte
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));          // truncated 中
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xD6\xD0\xB9\xFA"));  // 中国 in GBK
}

TEST(Utf8CharsTest, SplitsCodePointsAndKeepsIllFormedSequencesWhole) {
  EXPECT_EQ(Utf8Chars("国a家𠀀"), (std::vector<std::string_view>{"国", "a", "家", "𠀀"}));
  EXPECT_TRUE(Utf8Chars("").empty());
  // A lead byte without its continuation, a stray continuation, a truncated tail.
  const std::string broken = std::string("\xe5") + "a" + "\x80" + "国" + "\xe5\x9b";
  const auto chars = Utf8Chars(broken);
  ASSERT_EQ(chars.size(), 5u);
  EXPECT_EQ(chars[0], "\xe5");
  EXPECT_EQ(chars[1], "a");
  EXPECT_EQ(chars[2], "\x80");
  EXPECT_EQ(chars[3], "国");
  EXPECT_EQ(chars[4], "\xe5\x9b");
  std::string joined;
  for (auto c : chars) joined += c;
  EXPECT_EQ(joined, broken);
}

TEST(DecodeUtf8Test, CodePointsWithReplacementsAndBack) {
  EXPECT_EQ(DecodeUtf8("国a𠀀"), (std::u32string{U'国', U'a', U'𠀀'}));
  EXPECT_EQ(DecodeUtf8(std::string("a\xe5\x9b") + "b"), (std::u32string{U'a', U'\uFFFD', U'b'}));
  std::string out;
  for (char32_t c : std::u32string{U'国', U'a', U'𠀀', U'é'}) AppendUtf8(c, &out);
  EXPECT_EQ(out, "国a𠀀é");
  out.clear();
  AppendUtf8(0xD800, &out);
  AppendUtf8(0x110000, &out);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(SanitizeUtf8Test, ReplacesEachIllFormedSequence) {
  EXPECT_EQ(SanitizeUtf8("中文"), "中文");
  EXPECT_EQ(SanitizeUtf8("a\xFF"
                         "b"),
            "a\xEF\xBF\xBD"
            "b");
  // A truncated sequence is one maximal subpart: one U+FFFD.
  EXPECT_EQ(SanitizeUtf8("中\xE4\xB8"), "中\xEF\xBF\xBD");
  // Two stray bytes are two replacements.
  EXPECT_EQ(SanitizeUtf8("\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  const std::string gbk = "\xD6\xD0\xB9\xFA\xB1\xE0\xB0\xEC";
  EXPECT_FALSE(IsValidUtf8(gbk));
  EXPECT_TRUE(IsValidUtf8(SanitizeUtf8(gbk)));
}

TEST(NfkcTest, FoldsCompatibilityForms) {
  EXPECT_EQ(Nfkc("ＡＢＣ１２３"), "ABC123");
  EXPECT_EQ(Nfkc("（一）"), "(一)");
  EXPECT_EQ(Nfkc("鲁编办发〔2016〕12号"), "鲁编办发〔2016〕12号");  // 〔〕 have no decomposition
  EXPECT_EQ(Nfkc("\xEF\xA4\x80"), "\xE8\xB1\x88");                  // U+F900 -> U+8C48
  EXPECT_EQ(Nfkc("甲\xE3\x80\x80乙"), "甲 乙");                     // ideographic space -> space
  EXPECT_EQ(Nfkc("國務院"), "國務院");  // traditional characters are not folded
  EXPECT_EQ(Nfkc(""), "");
}

TEST(NfkcTest, SanitisesIllFormedInput) { EXPECT_EQ(Nfkc("Ａ\xFF"), "A\xEF\xBF\xBD"); }

TEST(IsCjkIdeographTest, Ranges) {
  EXPECT_TRUE(IsCjkIdeograph(U'中'));
  EXPECT_TRUE(IsCjkIdeograph(0x3400));  // extension A
  EXPECT_TRUE(IsCjkIdeograph(0x9FFF));
  EXPECT_TRUE(IsCjkIdeograph(0xF900));   // compatibility
  EXPECT_TRUE(IsCjkIdeograph(0x20000));  // extension B
  EXPECT_TRUE(IsCjkIdeograph(0x2F800));  // compatibility supplement
  EXPECT_TRUE(IsCjkIdeograph(0x30000));  // extension G
  EXPECT_TRUE(IsCjkIdeograph(U'〇'));    // ideographic zero in dates
  EXPECT_FALSE(IsCjkIdeograph(U'A'));
  EXPECT_FALSE(IsCjkIdeograph(U'、'));
  EXPECT_FALSE(IsCjkIdeograph(U'ア'));
  EXPECT_FALSE(IsCjkIdeograph(0xE000));
  EXPECT_FALSE(IsCjkIdeograph(0x4DC0));  // Yijing hexagram symbols, just after extension A
}

TEST(CensusTest, ClassifiesDocumentText) {
  CharStats s = Census("国办发〔2008〕60号：关于 A1 的通知。\n");
  // Ideographs: 国办发 号 关于 的通知 = 9; alnum: 2008 60 A1 = 8; punct: 〔〕：。 = 4.
  EXPECT_EQ(s.cjk, 9u);
  EXPECT_EQ(s.ascii_alnum, 8u);
  EXPECT_EQ(s.punct, 4u);
  EXPECT_EQ(s.other, 0u);
  EXPECT_EQ(s.total, 21u);  // spaces and the newline are not counted
}

TEST(CensusTest, FlagsGarbageFromBrokenFonts) {
  CharStats s =
      Census("\xEE\x80\x81\xEE\x80\x82 \xEF\xBF\xBD\x01\xF3\xB0\x80\x80\xE2\x94\x80\xD0\x96");
  EXPECT_EQ(s.private_use, 3u);  // U+E001 U+E002 U+F0000
  EXPECT_EQ(s.replacement, 1u);
  EXPECT_EQ(s.control, 1u);
  EXPECT_EQ(s.other, 2u);  // box drawing U+2500, Cyrillic Ж
  EXPECT_EQ(s.cjk, 0u);
  EXPECT_EQ(s.total, 7u);
}

TEST(CensusTest, WhitespaceAndControls) {
  CharStats s = Census("\t\n\r\f \xE3\x80\x80");  // all whitespace, incl. U+3000
  EXPECT_EQ(s.total, 0u);
  EXPECT_EQ(s.control, 0u);
  s = Census("\x07\x7F");
  EXPECT_EQ(s.control, 2u);
  EXPECT_EQ(s.total, 2u);
}

TEST(CensusTest, PunctuationBlocks) {
  // ASCII, General Punctuation (— “ ”), CJK (、《》【】), full-width (，％), middle dot.
  CharStats s = Census("!-—“”、《》【】，％·");
  EXPECT_EQ(s.punct, 13u);
  EXPECT_EQ(s.total, 13u);
}

TEST(CensusTest, IllFormedBytesCountAsReplacement) {
  CharStats s = Census("中\xFF");
  EXPECT_EQ(s.cjk, 1u);
  EXPECT_EQ(s.replacement, 1u);
  EXPECT_EQ(s.total, 2u);
}

TEST(Sha256HexTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(HumanBytesTest, Units) {
  EXPECT_EQ(HumanBytes(0), "0 B");
  EXPECT_EQ(HumanBytes(1023), "1023 B");
  EXPECT_EQ(HumanBytes(1024), "1.0 KiB");
  EXPECT_EQ(HumanBytes(1536), "1.5 KiB");
  EXPECT_EQ(HumanBytes(12897485), "12.3 MiB");
  EXPECT_EQ(HumanBytes((uint64_t{1} << 20) - 1), "1.0 MiB");  // not "1024.0 KiB"
  EXPECT_EQ(HumanBytes(uint64_t{5} << 30), "5.0 GiB");
  EXPECT_EQ(HumanBytes(std::numeric_limits<uint64_t>::max()), "16.0 EiB");
}

}  // namespace
}  // namespace sanding::text
