// Date lines (落款 dates such as "一九八三年十一月三日", "二〇一〇年五月十八日", "2014年9月12日"):
// recognising which OCR'd lines of a page are worth a second, date-only reading, and checking that
// a reading is a well-formed date before it replaces the first one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanding::ocr::internal {

// The characters a date line is written with, as a tessedit_char_whitelist value.
inline constexpr const char* kDateWhitelist = "〇○零一二三四五六七八九十年月日0123456789 ";

// Lines longer than this (code points, whitespace removed) are never taken for a date line.
inline constexpr int kMaxDateLineChars = 20;

struct DateParts {
  int year = 0;
  int month = 0;
  int day = 0;
  bool operator==(const DateParts&) const = default;
};

// Parses `text` when the whole of it (whitespace ignored) is one date: a year of four numerals
// (19xx or 20xx), a month 1..12 and a day valid in that month, followed by 年, 月 and 日. Either
// all Chinese numerals (一九八三年十一月三日; 〇, ○ and 零 all read as zero) or all Arabic digits
// (2014年9月12日, ASCII or full-width). Anything else, including trailing text, yields nullopt.
std::optional<DateParts> ParseDate(std::string_view text);

// True for the characters dates are written with: Chinese numerals 〇○零一…九十, Arabic digits
// (ASCII and full-width), 年, 月 and 日.
bool IsDateChar(char32_t cp);

// One recognised text line of a page, in reading order.
struct PageLine {
  std::string text;
  int top = 0;     // pixel rows of the line's box
  int bottom = 0;
};

// Indices (ascending) of the lines that look like a date line and deserve a date-only re-read:
// short lines (at most kMaxDateLineChars) without sentence punctuation that either hold two of
// 年/月/日, or, in the 落款 block (lower half of the page, next to another short line such as
// the issuer), hold at least 3 date characters making up at least half of the line. Lines that
// already parse as a date are not selected.
std::vector<size_t> SelectDateLines(const std::vector<PageLine>& lines, int page_height);

// True when `reread` (a whitelisted reading of the line) has about as many glyphs as `original`
// (the first reading): an Arabic digit counts as half a Chinese character. Guards against a
// reading that dropped or invented characters to fit the whitelist.
bool ComparableLength(std::string_view original, std::string_view reread);

}  // namespace sanding::ocr::internal
