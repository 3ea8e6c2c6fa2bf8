// Text utilities: UTF-8 validation and repair (ICU's U8_NEXT, which follows the Unicode
// "maximal subpart" practice for ill-formed sequences), NFKC via ICU's Normalizer2, a code point
// census for the text-layer plausibility check, and SHA-256 via OpenSSL's EVP interface.
#include "store/text.h"

#include <openssl/evp.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace sanding::text {
namespace {

constexpr char kReplacementUtf8[] = "\xEF\xBF\xBD";  // U+FFFD

// Calls fn(code_point, begin, end) for each code point of `s`; code_point < 0 marks an
// ill-formed sequence (a maximal subpart, as U8_NEXT delimits it). Stops when fn returns false.
template <typename Fn>
void ForEachCodePoint(std::string_view s, Fn&& fn) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int64_t n = static_cast<int64_t>(s.size());
  int64_t i = 0;
  while (i < n) {
    const int64_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (!fn(c, start, i)) return;
  }
}

bool IsPrivateUse(char32_t cp) {
  return (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0x10FFFF);
}

bool IsAsciiAlnum(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

bool IsPunctOrSymbolCategory(UChar32 cp) {
  switch (u_charType(cp)) {
    case U_CONNECTOR_PUNCTUATION:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return true;
    default:
      return false;
  }
}

// Punctuation and symbols of the blocks that occur in Chinese official documents: ASCII, the
// middle dot and multiplication/division signs of Latin-1, General Punctuation (—…“”‘’※),
// CJK Symbols and Punctuation (、。《》〔〕【】), CJK Compatibility Forms, Small Form Variants and
// Halfwidth and Fullwidth Forms (，：；（）％). Other symbol blocks (box drawing, dingbats, ...)
// are counted as "other": they are what a broken font mapping tends to produce.
bool IsDocumentPunct(char32_t cp) {
  const bool in_block = cp < 0x80 || cp == 0xB7 || cp == 0xD7 || cp == 0xF7 ||
                        (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                        (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFFEF);
  return in_block && IsPunctOrSymbolCategory(static_cast<UChar32>(cp));
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  bool valid = true;
  ForEachCodePoint(s, [&](UChar32 c, int64_t, int64_t) {
    if (c < 0) valid = false;
    return valid;
  });
  return valid;
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  ForEachCodePoint(s, [&](UChar32 c, int64_t begin, int64_t end) {
    if (c < 0) {
      out.append(kReplacementUtf8);
    } else {
      out.append(s.substr(static_cast<size_t>(begin), static_cast<size_t>(end - begin)));
    }
    return true;
  });
  return out;
}

std::string Nfkc(std::string_view s) {
  std::string sanitized;
  if (!IsValidUtf8(s)) {
    sanitized = SanitizeUtf8(s);
    s = sanitized;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || nfkc == nullptr) {
    // ICU's data is linked in statically (ICU::data); this only happens when it is broken.
    throw std::runtime_error("ICU NFKC 规范化数据不可用");
  }
  // UnicodeString is indexed by int32_t; larger inputs are normalised piecewise at code point
  // boundaries (a split may in theory separate a combining sequence, never in practice for text
  // of this size, and never for the CJK text sanding handles).
  constexpr size_t kPiece = 1u << 28;
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t len = std::min(kPiece, s.size() - pos);
    while (pos + len < s.size() && U8_IS_TRAIL(static_cast<uint8_t>(s[pos + len]))) --len;
    icu::UnicodeString src =
        icu::UnicodeString::fromUTF8(icu::StringPiece(s.data() + pos, static_cast<int32_t>(len)));
    icu::UnicodeString dst = nfkc->normalize(src, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC 规范化失败");
    dst.toUTF8String(out);
    pos += len;
  }
  return out;
}

std::vector<std::string_view> Utf8Chars(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(s.size() / 2);
  ForEachCodePoint(s, [&](UChar32, int64_t begin, int64_t end) {
    out.push_back(s.substr(static_cast<size_t>(begin), static_cast<size_t>(end - begin)));
    return true;
  });
  return out;
}

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size() / 2);
  ForEachCodePoint(s, [&](UChar32 c, int64_t, int64_t) {
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
    return true;
  });
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  uint8_t buf[U8_MAX_LENGTH];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(cp));
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

bool IsCjkIdeograph(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF)       // Extension A
         || (cp >= 0x4E00 && cp <= 0x9FFF)    // Unified Ideographs
         || (cp >= 0xF900 && cp <= 0xFAFF)    // Compatibility Ideographs
         || (cp >= 0x20000 && cp <= 0x323AF)  // Extensions B-H, Compatibility Supplement
         || cp == 0x3007;  // 〇, the ideographic zero of dates (二〇〇八年)
}

CharStats Census(std::string_view utf8) {
  CharStats st;
  ForEachCodePoint(utf8, [&](UChar32 c, int64_t, int64_t) {
    if (c < 0) {  // ill-formed bytes count like the U+FFFD they would be decoded as
      ++st.total;
      ++st.replacement;
      return true;
    }
    const auto cp = static_cast<char32_t>(c);
    if (u_isUWhiteSpace(c)) return true;
    ++st.total;
    if (cp == 0xFFFD) {
      ++st.replacement;
    } else if (IsPrivateUse(cp)) {
      ++st.private_use;
    } else if (u_charType(c) == U_CONTROL_CHAR) {
      ++st.control;
    } else if (IsCjkIdeograph(cp)) {
      ++st.cjk;
    } else if (IsAsciiAlnum(cp)) {
      ++st.ascii_alnum;
    } else if (IsDocumentPunct(cp)) {
      ++st.punct;
    } else {
      ++st.other;
    }
    return true;
  });
  return st;
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, data.data(), data.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, md.data(), &md_len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("OpenSSL SHA-256 计算失败");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(md_len * 2);
  for (unsigned int i = 0; i < md_len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xF]);
  }
  return out;
}

std::string HumanBytes(uint64_t n) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (n < 1024) return std::to_string(n) + " B";
  double v = static_cast<double>(n) / 1024.0;
  size_t unit = 0;
  while (v >= 1024.0 && unit + 1 < std::size(kUnits)) {
    v /= 1024.0;
    ++unit;
  }
  // 1023.96 KiB would print as "1024.0 KiB": carry into the next unit instead.
  if (v >= 1023.95 && unit + 1 < std::size(kUnits)) {
    v /= 1024.0;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[unit]);
  return buf;
}

}  // namespace sanding::text
