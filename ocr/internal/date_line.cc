#include "ocr/internal/date_line.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace sanding::ocr::internal {
namespace {

bool IsSpace(char32_t cp) { return cp == U' ' || cp == U'\t' || cp == 0xA0 || cp == 0x3000; }

// Code points of `text` without whitespace (ill-formed bytes become U+FFFD).
std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    const char32_t cp = c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c);
    if (!IsSpace(cp)) out.push_back(cp);
  }
  return out;
}

// Value 0..9 of a Chinese numeral digit, or -1.
int ChineseDigit(char32_t cp) {
  switch (cp) {
    case U'〇':
    case U'○':
    case U'零':
      return 0;
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

// Value 0..9 of an ASCII or full-width Arabic digit, or -1.
int ArabicDigit(char32_t cp) {
  if (cp >= U'0' && cp <= U'9') return static_cast<int>(cp - U'0');
  if (cp >= U'０' && cp <= U'９') return static_cast<int>(cp - U'０');
  return -1;
}

// A Chinese number 1..99 as written in dates: 三, 十, 十二, 二十, 二十一. 0 when ill-formed
// (zeros, 一十, two digits without 十, ...).
int ChineseSmallNumber(std::u32string_view s) {
  const size_t ten = s.find(U'十');
  if (ten == std::u32string_view::npos) {
    if (s.size() != 1) return 0;
    const int d = ChineseDigit(s[0]);
    return d > 0 ? d : 0;
  }
  if (s.find(U'十', ten + 1) != std::u32string_view::npos || ten > 1 || s.size() - ten > 2) {
    return 0;
  }
  int tens = 1;
  if (ten == 1) {
    tens = ChineseDigit(s[0]);
    if (tens < 2) return 0;  // 〇十, 一十 are not how dates are written
  }
  int units = 0;
  if (ten + 1 < s.size()) {
    units = ChineseDigit(s[ten + 1]);
    if (units < 1) return 0;
  }
  return tens * 10 + units;
}

// An Arabic number of 1 or 2 digits (a leading zero allowed). 0 when ill-formed.
int ArabicSmallNumber(std::u32string_view s) {
  if (s.empty() || s.size() > 2) return 0;
  int v = 0;
  for (char32_t cp : s) {
    const int d = ArabicDigit(cp);
    if (d < 0) return 0;
    v = v * 10 + d;
  }
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// Punctuation that ends or splits sentences: a line holding it is body text, not a date line.
bool IsSentencePunctuation(char32_t cp) {
  switch (cp) {
    case U'。':
    case U'，':
    case U',':
    case U'；':
    case U';':
    case U'：':
    case U'、':
    case U'《':
    case U'》':
    case U'“':
    case U'”':
      return true;
    default:
      return false;
  }
}

int Count(const std::u32string& s, char32_t cp) {
  int n = 0;
  for (char32_t c : s) n += c == cp;
  return n;
}

// Glyph width in units of half a Chinese character: Arabic digits and ASCII are narrow.
int HalfWidths(std::string_view text) {
  int n = 0;
  for (char32_t cp : CodePoints(text)) n += cp < 0x80 ? 1 : 2;
  return n;
}

}  // namespace

bool IsDateChar(char32_t cp) {
  return ChineseDigit(cp) >= 0 || ArabicDigit(cp) >= 0 || cp == U'十' || cp == U'年' ||
         cp == U'月' || cp == U'日';
}

std::optional<DateParts> ParseDate(std::string_view text) {
  const std::u32string s = CodePoints(text);
  const size_t y = s.find(U'年');
  if (y != 4) return std::nullopt;
  const size_t m = s.find(U'月', y + 1);
  if (m == std::u32string::npos) return std::nullopt;
  const size_t d = s.find(U'日', m + 1);
  if (d == std::u32string::npos || d + 1 != s.size()) return std::nullopt;

  const bool chinese = ChineseDigit(s[0]) >= 0;
  DateParts out;
  for (size_t i = 0; i < 4; ++i) {
    const int digit = chinese ? ChineseDigit(s[i]) : ArabicDigit(s[i]);
    if (digit < 0) return std::nullopt;
    out.year = out.year * 10 + digit;
  }
  const std::u32string_view view(s);
  const std::u32string_view month = view.substr(y + 1, m - y - 1);
  const std::u32string_view day = view.substr(m + 1, d - m - 1);
  out.month = chinese ? ChineseSmallNumber(month) : ArabicSmallNumber(month);
  out.day = chinese ? ChineseSmallNumber(day) : ArabicSmallNumber(day);
  if (out.year < 1900 || out.year > 2099) return std::nullopt;
  if (out.month < 1 || out.month > 12) return std::nullopt;
  if (out.day < 1 || out.day > DaysInMonth(out.year, out.month)) return std::nullopt;
  return out;
}

std::vector<size_t> SelectDateLines(const std::vector<PageLine>& lines, int page_height) {
  std::vector<size_t> out;
  auto is_short = [&](size_t i) {
    const size_t n = CodePoints(lines[i].text).size();
    return n > 0 && n <= static_cast<size_t>(kMaxDateLineChars);
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::u32string s = CodePoints(lines[i].text);
    if (s.empty() || s.size() > static_cast<size_t>(kMaxDateLineChars)) continue;
    bool punctuation = false;
    int date_chars = 0;
    for (char32_t cp : s) {
      punctuation = punctuation || IsSentencePunctuation(cp);
      date_chars += IsDateChar(cp);
    }
    if (punctuation || ParseDate(lines[i].text).has_value()) continue;
    const int markers = (Count(s, U'年') > 0) + (Count(s, U'月') > 0) + (Count(s, U'日') > 0);
    bool take = markers >= 2;
    if (!take && date_chars >= 3 && 2 * date_chars >= static_cast<int>(s.size())) {
      // The 落款 block: low on the page, next to another short line (the issuer).
      const bool low = page_height > 0 && (lines[i].top + lines[i].bottom) > page_height;
      const bool beside_short = (i > 0 && is_short(i - 1)) || (i + 1 < lines.size() && is_short(i + 1));
      take = low && beside_short;
    }
    if (take) out.push_back(i);
  }
  return out;
}

bool ComparableLength(std::string_view original, std::string_view reread) {
  const int a = HalfWidths(original), b = HalfWidths(reread);
  if (a == 0 || b == 0) return false;
  // Within a quarter of the original, and never more than two Chinese characters off.
  const int slack = std::min(4, std::max(2, a / 4));
  return std::abs(a - b) <= slack;
}

}  // namespace sanding::ocr::internal
