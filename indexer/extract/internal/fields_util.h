// Helpers shared by the head-field extractors (fields.cc, fields_head.cc): UTF-8 <-> code points
// with byte offsets, character classes, the 文号 and date scanners that report every match with
// its range and whether OCR repair was needed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/fields.h"

namespace sanding::extract::internal {

// A UTF-8 string as code points; off[i] is the byte offset of cps[i], off[cps.size()] the size.
struct U32Text {
  std::u32string cps;
  std::vector<size_t> off;
  size_t Byte(size_t cp_index) const { return off[cp_index]; }
};
U32Text DecodeUtf8(std::string_view s);
std::string EncodeUtf8(std::u32string_view s);

bool IsCjk(char32_t c);          // CJK ideograph (incl. extension A and compatibility)
bool IsSpaceChar(char32_t c);    // ASCII and CJK white space
bool IsDigitAscii(char32_t c);
// The value of one numeral character: Arabic (ASCII or full-width) and Chinese (〇 ○ 零, 一 … 九,
// 壹 … 玖, 两); -1 for anything else.
int NumeralValue(char32_t c);

// The text without spaces (ASCII, U+3000, NBSP ...).
std::string RemoveSpaces(std::string_view s);
// Trims white space at both ends.
std::string_view TrimSpaces(std::string_view s);
// True when `s` ends with `suffix` / starts with `prefix` (UTF-8 bytes).
bool EndsWith(std::string_view s, std::string_view suffix);
bool StartsWith(std::string_view s, std::string_view prefix);
size_t CodePointCount(std::string_view s);

struct DocNumberMatch {
  DocNumber number;
  size_t begin = 0;  // byte range in the scanned string
  size_t end = 0;
  bool repaired = false;  // an OCR confusion was repaired (brackets aside)
  bool bracketed = false; // both brackets seen (of any style)
};
std::vector<DocNumberMatch> FindDocNumbers(std::string_view s);

struct DateMatch {
  std::string iso;  // YYYY-MM-DD
  size_t begin = 0;
  size_t end = 0;
  bool repaired = false;  // an OCR confusion was repaired (O for 〇 excepted: that is usage)
};
std::vector<DateMatch> FindDates(std::string_view s);

// True when `s` looks like a date line that could not be read: short, with 年 and 月 or ending
// in 日, made mostly of numeral-like characters. Used to locate a damaged 落款 date.
bool LooksLikeDamagedDate(std::string_view s);

// A 落款 date line OCR damaged beyond FindDates, read by what its structure still says:
//  - a zero split into two glyphs (二O〇一〇年, 二〇GO五年: zero-like marks O o 0 ○ G C Q D @ 零) —
//    a run of two or more zeros in a year of more than four numerals shrinks back to four;
//  - 日 misread as another character at the very end of the line (十二月二蝇);
//  - a year too damaged to read, when month and day are intact: the 文号's year (`number_year`,
//    0 when unknown), which GB/T 9704 makes the year of issue.
// Month and day must read cleanly (Chinese or Arabic numerals, - for 一) and the date must exist.
// `how` says which repairs were used (Chinese, for the review message).
struct RecoveredDate {
  std::string iso;
  std::string how;
};
std::optional<RecoveredDate> RecoverDamagedDate(std::string_view line, int number_year);

// Character-level edit distance over code points.
int CodePointEditDistance(std::string_view a, std::string_view b);

}  // namespace sanding::extract::internal

namespace sanding::extract::internal {

// ---- access marks (implemented in fields_access.cc) --------------------------------------------

// A 密级 / 内部 mark at the start of a head line ("秘密★1年", "机密", "内部资料　注意保存", with a
// 份号 before it and a 紧急程度 after it allowed): its byte range [begin, end) in `line`, and
// whether it is all the line holds (a 份号 and 紧急程度 aside). A mark followed by more text is
// returned only when a gap (a space kept by DocText) or its ★ sets it apart from that text.
struct HeadAccessMark {
  size_t begin = 0;
  size_t end = 0;     // end of the mark (its ★ period included)
  size_t after = 0;   // where the rest of the line starts (past a 紧急程度 and the gap)
  bool whole_line = false;
};
std::optional<HeadAccessMark> FindHeadAccessMark(std::string_view line);

// ---- titles (implemented in fields.cc) ----------------------------------------------------------

// True for the title of a 三定 regulation: …主要职责内设机构和人员编制规定, …职能配置、内设机构和人员
// 编制规定/方案, …“三定”方案, in any spacing.
bool IsSandingRegulationTitle(std::string_view title);
// The institution a 三定 regulation title concerns (the text before 主要职责 / 职能配置 / “三定”…);
// "" when `title` is not such a title.
std::string SandingSubject(std::string_view title);
// The instrument a covering notice publishes: X of 关于印发《X》的通知 (the first when several),
// or of 关于印发X的通知 without 《》; spaces removed. "" when the title publishes nothing.
std::string PublishedInstrument(std::string_view title);

}  // namespace sanding::extract::internal
