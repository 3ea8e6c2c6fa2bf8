#include "ocr/internal/cjk_text.h"

#include <unicode/utf8.h>

#include <vector>

namespace sanding::ocr::internal {
namespace {

bool IsSpace(char32_t cp) { return cp == U' ' || cp == U'\t' || cp == 0xA0 || cp == 0x3000; }

// One decoded code point with the bytes it came from (kept verbatim for ill-formed input).
struct Unit {
  char32_t cp;
  std::string_view bytes;
};

std::vector<Unit> Decode(std::string_view line) {
  std::vector<Unit> out;
  const auto* s = reinterpret_cast<const uint8_t*>(line.data());
  const int32_t n = static_cast<int32_t>(line.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    out.push_back({c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c),
                   line.substr(static_cast<size_t>(start), static_cast<size_t>(i - start))});
  }
  return out;
}

std::string NormalizeLine(std::string_view line) {
  const std::vector<Unit> units = Decode(line);
  size_t begin = 0, end = units.size();
  while (begin < end && IsSpace(units[begin].cp)) ++begin;
  while (end > begin && IsSpace(units[end - 1].cp)) --end;
  std::string out;
  out.reserve(line.size());
  for (size_t i = begin; i < end;) {
    if (!IsSpace(units[i].cp)) {
      out.append(units[i].bytes);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < end && IsSpace(units[j].cp)) ++j;
    // A run strictly inside the trimmed line: units[i-1] and units[j] exist.
    if (!IsWideChar(units[i - 1].cp) && !IsWideChar(units[j].cp)) out.push_back(' ');
    i = j;
  }
  return out;
}

}  // namespace

bool IsWideChar(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) ||    // radicals, CJK punctuation, kana, ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // compatibility ideographs
         (cp >= 0xFE30 && cp <= 0xFE4F) ||    // CJK compatibility forms
         (cp >= 0xFF00 && cp <= 0xFFEF) ||    // full-width forms
         (cp >= 0x20000 && cp <= 0x3FFFF) ||  // ideograph extensions
         cp == 0x2014 || cp == 0x2015 || cp == 0x2026 ||  // — ― …
         (cp >= 0x2018 && cp <= 0x201F) ||                // Chinese quotes
         cp == 0x00B7 || cp == 0x2022;                    // middle dots
}

std::string NormalizeCjkText(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find_first_of("\n\r\f", pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line = NormalizeLine(text.substr(pos, nl - pos));
    if (!line.empty()) {
      if (!out.empty()) out.push_back('\n');
      out += line;
    }
    pos = nl + 1;
  }
  return out;
}

std::string FullWidthPunctuation(std::string_view text) {
  const std::vector<Unit> units = Decode(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < units.size(); ++i) {
    const char32_t c = units[i].cp;
    const bool prev_wide = i > 0 && IsWideChar(units[i - 1].cp);
    const bool next_wide = i + 1 < units.size() && IsWideChar(units[i + 1].cp);
    // An opening bracket turns full-width before a Chinese character; the other marks after one.
    struct Mark {
      char32_t ascii;
      const char* wide;
      bool looks_ahead;
    };
    static constexpr Mark kMarks[] = {{U'(', "（", true},  {U')', "）", false}, {U',', "，", false},
                                      {U':', "：", false}, {U';', "；", false}, {U'?', "？", false},
                                      {U'!', "！", false}};
    const char* wide = nullptr;
    for (const Mark& m : kMarks) {
      if (m.ascii == c && (m.looks_ahead ? next_wide : prev_wide)) wide = m.wide;
    }
    if (wide != nullptr) {
      out += wide;
    } else {
      out.append(units[i].bytes);
    }
  }
  return out;
}

}  // namespace sanding::ocr::internal
