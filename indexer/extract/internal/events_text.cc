#include "indexer/extract/internal/events_text.h"

#include <unicode/utf8.h>

#include <array>
#include <cstdio>

namespace sanding::extract::internal::events {
namespace {

constexpr std::string_view kChineseDigits[] = {"〇", "一", "二", "三", "四",
                                                "五", "六", "七", "八", "九"};

// Value 0..9 of a Chinese digit at s[i] (with its length), also 零/两/O/o/0 for zero and two.
int ChineseDigitAt(std::string_view s, size_t i, size_t* len) {
  for (int d = 0; d < 10; ++d) {
    if (s.substr(i).starts_with(kChineseDigits[d])) {
      *len = kChineseDigits[d].size();
      return d;
    }
  }
  if (s.substr(i).starts_with("零") || s.substr(i).starts_with("○")) {
    *len = 3;
    return 0;
  }
  if (s.substr(i).starts_with("两")) {
    *len = 3;
    return 2;
  }
  return -1;
}

bool IsSpaceAt(std::string_view s, size_t i, size_t* len) {
  if (s[i] == ' ' || s[i] == '\t') {
    *len = 1;
    return true;
  }
  if (s.substr(i).starts_with("\u3000")) {
    *len = 3;
    return true;
  }
  return false;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  size_t len = 0;
  while (i < s.size() && IsSpaceAt(s, i, &len)) i += len;
  return i;
}

// Length of a run of Chinese numerals (一 … 十 百 零) at s[i].
size_t ChineseNumeralRun(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size()) {
    size_t len = 0;
    if (ChineseDigitAt(s, j, &len) >= 0) {
      j += len;
    } else if (s.substr(j).starts_with("十") || s.substr(j).starts_with("百")) {
      j += 3;
    } else {
      break;
    }
  }
  return j - i;
}

size_t AsciiDigitRun(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
  return j - i;
}

}  // namespace

std::vector<Range> SplitOutsideBrackets(std::string_view s, const std::vector<std::string_view>& open,
                                        const std::vector<std::string_view>& close,
                                        const std::vector<std::string_view>& seps) {
  std::vector<Range> out;
  size_t start = 0, i = 0;
  int depth = 0;
  auto any = [](std::string_view rest, const std::vector<std::string_view>& words) -> size_t {
    for (std::string_view w : words) {
      if (rest.starts_with(w)) return w.size();
    }
    return 0;
  };
  while (i < s.size()) {
    const std::string_view rest = s.substr(i);
    if (any(rest, open) > 0) ++depth;
    if (any(rest, close) > 0 && depth > 0) --depth;
    const size_t sep = depth == 0 ? any(rest, seps) : 0;
    if (sep > 0) {
      out.emplace_back(start, i);
      i += sep;
      start = i;
      continue;
    }
    size_t len = 0;
    CodePointAt(s, i, &len);
    i += len;
  }
  out.emplace_back(start, s.size());
  return out;
}

std::string HanKey(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 0;
    if (IsHan(CodePointAt(s, i, &len))) out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

char32_t CodePointAt(std::string_view s, size_t i, size_t* len) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t idx = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(p, idx, static_cast<int32_t>(s.size()), c);
  *len = static_cast<size_t>(idx) - i;
  if (*len == 0) *len = 1;
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

size_t PrevCodePoint(std::string_view s, size_t i) {
  if (i == 0) return 0;
  size_t j = i - 1;
  while (j > 0 && (static_cast<uint8_t>(s[j]) & 0xC0) == 0x80) --j;
  return j;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }
bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }
bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3007;
}

size_t ItemMarkerLength(std::string_view s) {
  size_t i = SkipSpaces(s, 0);
  size_t end = 0;
  if (s.substr(i).starts_with("（") || s.substr(i).starts_with("(")) {
    const size_t open = s.substr(i).starts_with("（") ? 3 : 1;
    size_t j = i + open;
    size_t run = ChineseNumeralRun(s, j);
    if (run == 0) run = AsciiDigitRun(s, j);
    if (run > 0 && run <= 9) {
      j += run;
      if (s.substr(j).starts_with("）")) end = j + 3;
      else if (s.substr(j).starts_with(")")) end = j + 1;
    }
  } else if (s.substr(i).starts_with("第")) {
    const size_t run = ChineseNumeralRun(s, i + 3);
    if (run > 0 && (s.substr(i + 3 + run).starts_with("条") ||
                    s.substr(i + 3 + run).starts_with("章"))) {
      end = i + 3 + run + 3;
    }
  } else if (const size_t run = ChineseNumeralRun(s, i); run > 0 && run <= 9) {
    const std::string_view rest = s.substr(i + run);
    if (rest.starts_with("、") || rest.starts_with("．")) end = i + run + 3;
  } else if (const size_t digits = AsciiDigitRun(s, i); digits > 0 && digits <= 3) {
    const std::string_view rest = s.substr(i + digits);
    if (rest.starts_with("．") || rest.starts_with("、")) {
      end = i + digits + 3;
    } else if (rest.starts_with(".") && !(rest.size() > 1 && rest[1] >= '0' && rest[1] <= '9')) {
      end = i + digits + 1;
    }
  } else {
    size_t len = 0;
    const char32_t c = i < s.size() ? CodePointAt(s, i, &len) : 0;
    if (c >= 0x2460 && c <= 0x2473) end = i + len;  // ① … ⑳
  }
  return end == 0 ? 0 : SkipSpaces(s, end);
}

bool StartsWithHeadingMarker(std::string_view s) {
  const size_t i = SkipSpaces(s, 0);
  const size_t run = ChineseNumeralRun(s, i);
  if (run > 0 && s.substr(i + run).starts_with("、")) return true;
  if (s.substr(i).starts_with("第")) {
    const size_t r = ChineseNumeralRun(s, i + 3);
    return r > 0 && s.substr(i + 3 + r).starts_with("章");
  }
  return false;
}

bool HasInstitutionEnding(std::string_view name) {
  static constexpr std::string_view kEndings[] = {
      "局", "委", "部", "厅", "办", "室", "署", "院", "会", "心", "所", "站", "队", "馆",
      "社", "处", "科", "组", "府", "行", "司", "团", "台", "校", "庭", "狱", "股", "宫",
      "联", "协"};
  for (std::string_view e : kEndings) {
    if (name.ends_with(e)) return name.size() > e.size();
  }
  return false;
}

std::vector<Range> SplitNameList(std::string_view s, Range r) {
  static constexpr std::string_view kAlways[] = {"、", "，", ",", "；"};
  static constexpr std::string_view kAfterName[] = {"以及", "和", "及", "与", "同"};
  std::vector<Range> out;
  size_t start = r.first;
  auto push = [&](size_t b, size_t e) {
    b = SkipSpaces(s, b);
    while (e > b && (s[e - 1] == ' ')) --e;
    if (e > b) out.emplace_back(b, e);
  };
  size_t i = r.first;
  while (i < r.second) {
    size_t sep = 0;
    for (std::string_view a : kAlways) {
      if (s.substr(i, r.second - i).starts_with(a)) sep = a.size();
    }
    if (sep == 0) {
      for (std::string_view a : kAfterName) {
        if (s.substr(i, r.second - i).starts_with(a) && i > start &&
            HasInstitutionEnding(s.substr(start, i - start))) {
          sep = a.size();
          break;
        }
      }
    }
    if (sep > 0) {
      push(start, i);
      i += sep;
      start = i;
      continue;
    }
    size_t len = 0;
    CodePointAt(s, i, &len);
    i += len;
  }
  push(start, r.second);
  return out;
}

std::string RemoveSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 0;
    if (IsSpaceAt(s, i, &len)) {
      i += len;
      continue;
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace sanding::extract::internal::events
