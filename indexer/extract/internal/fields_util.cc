// Scanners for 文号 and dates over UTF-8 text, tolerant of the usual print and OCR variants.
#include "indexer/extract/internal/fields_util.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace sanding::extract::internal {
int NumeralValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);
  switch (c) {
    case U'零': case U'〇': case U'○': return 0;
    case U'一': case U'壹': return 1;
    case U'二': case U'贰': case U'两': return 2;
    case U'三': case U'叁': return 3;
    case U'四': case U'肆': return 4;
    case U'五': case U'伍': return 5;
    case U'六': case U'陆': return 6;
    case U'七': case U'柒': return 7;
    case U'八': case U'捌': return 8;
    case U'九': case U'玖': return 9;
    default: return -1;
  }
}

namespace {

bool In(char32_t c, std::u32string_view set) { return set.find(c) != std::u32string_view::npos; }

// ---- 文号 ---------------------------------------------------------------------------------------

constexpr std::u32string_view kOpenBrackets = U"〔[【(（〈「『{［﹝⟨〖";
constexpr std::u32string_view kCloseBrackets = U"〕]】)）〉」』}］﹞⟩〗";
// Letters OCR reads for a bracket next to the year (〔 as C, 〕 as J, either as I l |).
constexpr std::u32string_view kOcrOpen = U"CcLIl|";
constexpr std::u32string_view kOcrClose = U"JjIl|";
// Words that precede a 文号 in running text or metadata and are not part of its prefix.
constexpr std::u32string_view kLeadWords[] = {U"发布于", U"根据", U"依据", U"依照", U"按照", U"参照",
                                              U"详见", U"印发", U"转发", U"文件", U"发文字号", U"文号",
                                              U"见"};

// Characters that may stand for a digit in a serial number (OCR): value or -1.
int SerialDigit(char32_t c, bool* repaired) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c == 'O' || c == 'o') {
    *repaired = true;
    return 0;
  }
  if (c == 'l' || c == 'I' || c == '|' || c == ']') {
    *repaired = true;
    return 1;
  }
  return -1;
}

std::u32string StripLeadWords(std::u32string prefix) {
  // Cut after the last lead word found in the prefix (…根据国发 -> 国发).
  size_t cut = 0;
  for (std::u32string_view w : kLeadWords) {
    for (size_t pos = prefix.find(w); pos != std::u32string::npos; pos = prefix.find(w, pos + 1))
      cut = std::max(cut, pos + w.size());
  }
  return cut < prefix.size() ? prefix.substr(cut) : std::u32string();
}

// ---- dates --------------------------------------------------------------------------------------

// 一 … 九 (also 壹 … 玖, 两): 1..9; -1 for anything else, zeros and Arabic digits included.
int ChineseDigit(char32_t c) {
  const bool arabic = (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
  const int v = NumeralValue(c);
  return !arabic && v > 0 ? v : -1;
}

// Zeros as printed in Chinese-numeral years (〇 ○ ◯ 零 O o 0, full-width Ｏ ０).
bool IsZeroGlyph(char32_t c) { return In(c, U"〇○◯零OoＯ0０ｏ"); }
// Round glyphs OCR produces for 〇 (only trusted inside a Chinese-numeral year).
bool IsOcrZero(char32_t c) { return In(c, U"CGQDU@"); }

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string Iso(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// The four year characters ending just before cps[end) (spaces skipped); value or -1.
int ParseYearBefore(const std::u32string& cps, size_t end, size_t* start, bool* repaired) {
  std::vector<char32_t> chars;
  size_t i = end;
  size_t first = end;
  while (i > 0 && chars.size() < 4) {
    const char32_t c = cps[i - 1];
    if (IsSpaceChar(c)) {
      if (chars.empty() || (i >= 2 && !IsSpaceChar(cps[i - 2]))) {
        --i;
        continue;
      }
      break;
    }
    chars.push_back(c);
    first = i - 1;
    --i;
  }
  if (chars.size() != 4) return -1;
  // The year must not be part of a longer number.
  if (first > 0) {
    const char32_t before = cps[first - 1];
    if (IsDigitAscii(before) || ChineseDigit(before) > 0 || IsZeroGlyph(before)) return -1;
  }
  std::reverse(chars.begin(), chars.end());
  int arabic = 0, chinese = 0;
  for (char32_t c : chars) {
    if (IsDigitAscii(c) || (c >= U'０' && c <= U'９')) ++arabic;
    if (ChineseDigit(c) > 0 || In(c, U"〇○◯零")) ++chinese;
  }
  int year = 0;
  bool rep = false;
  for (char32_t c : chars) {
    int v = -1;
    if (IsDigitAscii(c)) {
      v = static_cast<int>(c - '0');
    } else if (c >= U'０' && c <= U'９') {
      v = static_cast<int>(c - U'０');
    } else if (ChineseDigit(c) > 0 && chinese >= 2) {
      v = ChineseDigit(c);
    } else if (IsZeroGlyph(c) && (chinese >= 1 || arabic >= 2)) {
      v = 0;
    } else if (IsOcrZero(c) && chinese >= 2) {
      v = 0;
      rep = true;
    } else if (In(c, U"Il|") && arabic >= 2) {
      v = 1;
      rep = true;
    }
    if (v < 0) return -1;
    year = year * 10 + v;
  }
  if (year < 1900 || year > 2099) return -1;
  *start = first;
  *repaired = *repaired || rep;
  return year;
}

// A month or day written in Chinese numerals (一 … 三十一, 廿, 卅) or Arabic digits; -1 if not.
int ParseSmallNumber(std::u32string_view s, bool* repaired) {
  if (s.empty() || s.size() > 4) return -1;
  bool arabic = false;
  for (char32_t c : s) arabic = arabic || IsDigitAscii(c);
  if (arabic) {
    int v = 0;
    bool rep = false;
    for (char32_t c : s) {
      int d = -1;
      if (IsDigitAscii(c)) {
        d = static_cast<int>(c - '0');
      } else if (In(c, U"Il|")) {
        d = 1;
        rep = true;
      } else if (In(c, U"Oo")) {
        d = 0;
        rep = true;
      }
      if (d < 0) return -1;
      v = v * 10 + d;
    }
    if (s.size() > 2) return -1;
    *repaired = *repaired || rep;
    return v;
  }
  // Chinese: [d]十[d] | 廿[d] | 卅[d] | d. After 十, '-' '_' '—' read for 一 and '=' for 二 (OCR).
  std::u32string t(s);
  bool rep = false;
  for (size_t i = 1; i < t.size(); ++i) {
    if (t[i - 1] != U'十' && t[i - 1] != U'廿' && t[i - 1] != U'卅') continue;
    if (In(t[i], U"-_—－一")) {
      if (t[i] != U'一') rep = true;
      t[i] = U'一';
    } else if (In(t[i], U"=＝")) {
      rep = true;
      t[i] = U'二';
    }
  }
  int v = -1;
  if (t.size() == 1) {
    if (t[0] == U'十') v = 10;
    else if (t[0] == U'廿') v = 20;
    else if (t[0] == U'卅') v = 30;
    else v = ChineseDigit(t[0]);
  } else {
    size_t i = 0;
    int tens = 0;
    if (t[0] == U'廿' || t[0] == U'卅') {
      tens = t[0] == U'廿' ? 2 : 3;
      i = 1;
    } else if (t[0] == U'十') {
      tens = 1;
      i = 1;
    } else if (t.size() >= 2 && t[1] == U'十' && ChineseDigit(t[0]) > 0) {
      tens = ChineseDigit(t[0]);
      i = 2;
    } else {
      return -1;
    }
    int units = 0;
    if (i < t.size()) {
      if (i + 1 != t.size()) return -1;
      units = ChineseDigit(t[i]);
      if (units < 0) return -1;
    }
    v = tens * 10 + units;
  }
  if (v > 0) *repaired = *repaired || rep;
  return v;
}

// Reads the characters after cps[pos] up to `unit` (月 or 日), spaces skipped; returns the index
// after the unit or npos.
size_t ReadUntil(const std::u32string& cps, size_t pos, char32_t unit, std::u32string* out) {
  out->clear();
  size_t i = pos;
  while (i < cps.size() && out->size() <= 4) {
    const char32_t c = cps[i];
    if (c == unit) return out->empty() ? std::u32string::npos : i + 1;
    if (!IsSpaceChar(c)) out->push_back(c);
    ++i;
  }
  return std::u32string::npos;
}

}  // namespace

U32Text DecodeUtf8(std::string_view s) {
  U32Text t;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    t.off.push_back(static_cast<size_t>(i));
    UChar32 c;
    U8_NEXT(p, i, n, c);
    t.cps.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  t.off.push_back(s.size());
  return t;
}

std::string EncodeUtf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(c), err);
    if (!err) out.append(buf, static_cast<size_t>(len));
  }
  return out;
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) || c == U'〇';
}

bool IsSpaceChar(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0x00A0 ||
         c == 0x2002 || c == 0x2003 || c == 0x2009 || c == 0x200B;
}

bool IsDigitAscii(char32_t c) { return c >= '0' && c <= '9'; }

std::string RemoveSpaces(std::string_view s) {
  std::u32string out;
  for (char32_t c : DecodeUtf8(s).cps)
    if (!IsSpaceChar(c)) out.push_back(c);
  return EncodeUtf8(out);
}

std::string_view TrimSpaces(std::string_view s) {
  const U32Text t = DecodeUtf8(s);
  size_t b = 0, e = t.cps.size();
  while (b < e && IsSpaceChar(t.cps[b])) ++b;
  while (e > b && IsSpaceChar(t.cps[e - 1])) --e;
  return s.substr(t.off[b], t.off[e] - t.off[b]);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<DocNumberMatch> FindDocNumbers(std::string_view s) {
  const U32Text t = DecodeUtf8(s);
  const std::u32string& c = t.cps;
  const size_t n = c.size();
  std::vector<DocNumberMatch> out;
  size_t i = 0;
  while (i + 4 <= n) {
    bool four = true;
    for (size_t k = 0; k < 4; ++k) four = four && IsDigitAscii(c[i + k]);
    const bool longer = i + 4 < n && IsDigitAscii(c[i + 4]);
    if (!four || longer) {
      ++i;
      continue;
    }
    const int year = (c[i] - '0') * 1000 + (c[i + 1] - '0') * 100 + (c[i + 2] - '0') * 10 +
                     (c[i + 3] - '0');
    DocNumberMatch m;
    bool ok = year >= 1949 && year <= 2099;
    // Backwards: optional spaces, the opening bracket, spaces, the prefix.
    size_t j = i;
    bool open = false;
    if (ok && j > 0 && IsDigitAscii(c[j - 1])) {
      // A digit right before the year: only "1" standing for a bracket after the prefix.
      ok = c[j - 1] == '1' && j >= 2 && IsCjk(c[j - 2]);
      if (ok) {
        --j;
        open = true;
        m.repaired = true;
      }
    }
    if (ok && !open) {
      while (j > 0 && IsSpaceChar(c[j - 1])) --j;
      if (j > 0 && In(c[j - 1], kOpenBrackets)) {
        --j;
        open = true;
      } else if (j >= 2 && In(c[j - 1], kOcrOpen) && IsCjk(c[j - 2])) {
        --j;
        open = true;
        m.repaired = true;
      }
      while (j > 0 && IsSpaceChar(c[j - 1])) --j;
    }
    size_t pb = j;
    while (ok && pb > 0 && IsCjk(c[pb - 1]) && j - pb < 12) --pb;
    std::u32string prefix = ok ? StripLeadWords(c.substr(pb, j - pb)) : std::u32string();
    if (prefix.empty()) ok = false;
    const size_t begin = j - prefix.size();
    // Forwards: spaces, closing bracket(s), noise, the serial, 号.
    size_t k = i + 4;
    bool close = false;
    while (ok && k < n && IsSpaceChar(c[k])) ++k;
    if (ok && k < n && In(c[k], kCloseBrackets)) {
      close = true;
      ++k;
      if (k < n && In(c[k], kCloseBrackets)) ++k;  // a doubled bracket (OCR: ]】)
    } else if (ok && k < n && In(c[k], kOcrClose)) {
      close = true;
      m.repaired = true;
      ++k;
    }
    while (ok && k < n && (IsSpaceChar(c[k]) || In(c[k], U".-_·"))) ++k;
    int serial = 0;
    size_t digits = 0;
    bool serial_repaired = false;
    size_t serial_begin = k;
    while (ok && k < n && digits < 6) {
      const int d = SerialDigit(c[k], &serial_repaired);
      if (d < 0) break;
      serial = serial * 10 + d;
      ++digits;
      ++k;
    }
    size_t after_serial = k;
    while (ok && k < n && IsSpaceChar(c[k])) ++k;
    bool hao = false;
    if (ok && k < n && (c[k] == U'号' || c[k] == U'號')) {
      hao = true;
      ++k;
    } else if (ok && k + 1 < n && In(c[k], U"?？") && (c[k + 1] == U'号' || c[k + 1] == U'號')) {
      hao = true;
      serial_repaired = true;
      k += 2;
    }
    if (ok) {
      // A repaired serial character is only trusted when 号 confirms the serial ends there.
      if (serial_repaired && !hao) ok = false;
      if (digits == 0 || serial == 0) ok = false;
      // Without 号, both brackets must be there; without brackets, 号 must be.
      if (!(open && close) && !hao) ok = false;
      if (!open && !close && !hao) ok = false;
      // A bare digit run after the year with neither bracket nor space is not a 文号.
      if (!close && serial_begin == i + 4) ok = false;
    }
    if (!ok) {
      ++i;
      continue;
    }
    m.number.prefix = EncodeUtf8(prefix);
    m.number.year = year;
    m.number.serial = serial;
    m.repaired = m.repaired || serial_repaired || (close && !open) || (open && !close);
    m.bracketed = open && close;
    m.begin = t.off[begin];
    m.end = t.off[hao ? k : after_serial];
    out.push_back(std::move(m));
    i = hao ? k : after_serial;
  }
  return out;
}

std::vector<DateMatch> FindDates(std::string_view s) {
  const U32Text t = DecodeUtf8(s);
  const std::u32string& c = t.cps;
  const size_t n = c.size();
  std::vector<DateMatch> out;
  for (size_t i = 0; i < n; ++i) {
    // YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD.
    if (i + 8 <= n && IsDigitAscii(c[i]) && (i == 0 || !IsDigitAscii(c[i - 1]))) {
      size_t k = i;
      int y = 0;
      while (k < n && k - i < 4 && IsDigitAscii(c[k])) y = y * 10 + static_cast<int>(c[k++] - '0');
      if (k - i == 4 && k < n && In(c[k], U"-./／－")) {
        const char32_t sep = c[k];
        size_t p = k + 1;
        int m = 0, d = 0;
        size_t md = 0, dd = 0;
        while (p < n && md < 2 && IsDigitAscii(c[p])) m = m * 10 + static_cast<int>(c[p++] - '0'), ++md;
        if (md > 0 && p < n && c[p] == sep) {
          ++p;
          while (p < n && dd < 2 && IsDigitAscii(c[p])) d = d * 10 + static_cast<int>(c[p++] - '0'), ++dd;
          const bool clean_end = p == n || !IsDigitAscii(c[p]);
          if (dd > 0 && clean_end && y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 &&
              d <= DaysIn(y, m)) {
            out.push_back({Iso(y, m, d), t.off[i], t.off[p], false});
            i = p - 1;
            continue;
          }
        }
      }
    }
    if (c[i] != U'年') continue;
    bool repaired = false;
    size_t start = 0;
    const int y = ParseYearBefore(c, i, &start, &repaired);
    if (y < 0) continue;
    std::u32string ms, ds;
    size_t p = ReadUntil(c, i + 1, U'月', &ms);
    if (p == std::u32string::npos) continue;
    const size_t q = ReadUntil(c, p, U'日', &ds);
    if (q == std::u32string::npos) continue;
    const int m = ParseSmallNumber(ms, &repaired);
    const int d = ParseSmallNumber(ds, &repaired);
    if (m < 1 || m > 12 || d < 1 || d > DaysIn(y, m)) continue;
    out.push_back({Iso(y, m, d), t.off[start], t.off[q], repaired});
    i = q - 1;
  }
  return out;
}

bool LooksLikeDamagedDate(std::string_view s) {
  const std::u32string c = DecodeUtf8(RemoveSpaces(s)).cps;
  if (c.size() < 6 || c.size() > 16) return false;
  for (char32_t ch : c)
    if (In(ch, U"。，：；、（）《》")) return false;
  const bool nian = c.find(U'年') != std::u32string::npos;
  const bool yue = c.find(U'月') != std::u32string::npos;
  const bool ri = c.back() == U'日';
  if (!((nian && (yue || ri)) || (yue && ri))) return false;
  size_t numeral = 0;
  for (char32_t ch : c)
    if (ChineseDigit(ch) > 0 || IsZeroGlyph(ch) || IsDigitAscii(ch) || In(ch, U"十廿卅年月日"))
      ++numeral;
  return numeral * 2 >= c.size();
}

int CodePointEditDistance(std::string_view a, std::string_view b) {
  const std::u32string x = DecodeUtf8(a).cps, y = DecodeUtf8(b).cps;
  std::vector<int> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= y.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

}  // namespace sanding::extract::internal

namespace sanding::extract::internal {
namespace {

bool IsZeroLike(char32_t c) { return IsZeroGlyph(c) || IsOcrZero(c); }

// ChineseDigit with 〇 as 0.
int YearDigit(char32_t c) { return c == U'〇' ? 0 : ChineseDigit(c); }

int Year(std::u32string y, bool* shrunk) {
  bool chinese = false;
  for (char32_t c : y) chinese = chinese || ChineseDigit(c) > 0;
  if (!chinese) {
    if (y.size() != 4) return -1;
    for (char32_t c : y)
      if (c < U'0' || c > U'9') return -1;
    return std::stoi(EncodeUtf8(y));
  }
  for (char32_t& c : y)
    if (IsZeroLike(c)) c = U'〇';
  // A zero split into two glyphs: shrink runs of two or more zeros while the year is too long.
  while (y.size() > 4) {
    const size_t run = y.find(U"〇〇");
    if (run == std::u32string::npos) return -1;
    y.erase(run, 1);
    *shrunk = true;
  }
  if (y.size() != 4) return -1;
  int v = 0;
  for (char32_t c : y) {
    const int d = YearDigit(c);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

bool ValidDay(int y, int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m); }

}  // namespace

std::optional<RecoveredDate> RecoverDamagedDate(std::string_view line, int number_year) {
  const std::u32string u = DecodeUtf8(RemoveSpaces(line)).cps;
  if (u.size() < 5 || u.size() > 18) return std::nullopt;
  auto numeral = [](char32_t c) {
    return YearDigit(c) >= 0 || c == U'十' || (c >= U'0' && c <= U'9') || IsZeroLike(c) ||
           c == U'-' || c == U'—' || c == U'－';
  };
  RecoveredDate out;
  int intact_marks = 0;
  auto note = [&](const char* what) { out.how += std::string(out.how.empty() ? "" : "、") + what; };
  // Year: the text before 年; or four numerals whose 年 was misread.
  std::u32string year_text, rest;
  const size_t nian = u.find(U'年');
  if (nian != std::u32string::npos && nian <= 7) {
    year_text = u.substr(0, nian);
    rest = u.substr(nian + 1);
    ++intact_marks;
  } else if (u.size() > 5 && numeral(u[0]) && numeral(u[1]) && numeral(u[2]) && numeral(u[3]) &&
             !numeral(u[4])) {
    year_text = u.substr(0, 4);
    rest = u.substr(5);
    note("“年”字受损");
  } else {
    return std::nullopt;
  }
  // Month, a separator (月 or what OCR made of it), day, and 日 or what is left of it.
  size_t k = 0;
  while (k < rest.size() && numeral(rest[k])) ++k;
  if (k == 0 || k >= rest.size()) return std::nullopt;
  const std::u32string month = rest.substr(0, k);
  if (rest[k] == U'月') {
    ++intact_marks;
  } else {
    note("“月”字受损");
  }
  size_t e = k + 1;
  while (e < rest.size() && numeral(rest[e])) ++e;
  const std::u32string day = rest.substr(k + 1, e - k - 1);
  if (e + 1 < rest.size()) return std::nullopt;  // more than one character after the day
  if (e < rest.size() && rest[e] == U'日') {
    ++intact_marks;
  } else {
    note("“日”字受损");
  }
  if (intact_marks == 0) return std::nullopt;
  bool repaired_number = false;
  const int m = ParseSmallNumber(month, &repaired_number);
  const int d = ParseSmallNumber(day, &repaired_number);
  if (m < 1 || d < 1) return std::nullopt;
  bool shrunk = false;
  int y = Year(year_text, &shrunk);
  if (shrunk) note("年份中的“〇”被拆成两个字符");
  if (y < 1949 || y > 2099) {
    if (number_year < 1949 || number_year > 2099) return std::nullopt;
    y = number_year;
    note("年份无法辨认，按文号年份");
  }
  if (out.how.empty() || !ValidDay(y, m, d)) return std::nullopt;
  out.iso = Iso(y, m, d);
  return out;
}

}  // namespace sanding::extract::internal
