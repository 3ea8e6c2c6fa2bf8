// Text utilities shared by every module: UTF-8 validation, Unicode normalisation (ICU), character
// classes used by the text-layer plausibility check and the analyzers, and SHA-256 (OpenSSL).
//
// Thread safety: every function is safe to call from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sanding::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Replaces every ill-formed sequence with U+FFFD so the result is valid UTF-8.
std::string SanitizeUtf8(std::string_view s);

// NFKC normalisation (full-width ASCII -> half-width, compatibility ideographs -> unified).
// REQUIRES: IsValidUtf8(s); ill-formed input is sanitised first.
std::string Nfkc(std::string_view s);

// Character census of a UTF-8 string, used to decide whether a PDF text layer can be trusted.
struct CharStats {
  uint64_t total = 0;        // code points, whitespace excluded
  uint64_t cjk = 0;          // CJK unified ideographs (incl. extensions, compatibility)
  uint64_t ascii_alnum = 0;  // [0-9A-Za-z]
  uint64_t punct = 0;        // ASCII, CJK and full-width punctuation and symbols
  uint64_t control = 0;      // C0/C1 controls other than \t \n \r \f
  uint64_t replacement = 0;  // U+FFFD
  uint64_t private_use = 0;  // U+E000..U+F8FF and planes 15/16 (typical of fonts without ToUnicode)
  uint64_t other = 0;        // anything else (Latin-1 letters, Cyrillic, box drawing, ...)
};
CharStats Census(std::string_view utf8);

bool IsCjkIdeograph(char32_t cp);

// The bytes of each code point of `s`, in order; an ill-formed sequence (a maximal subpart, as
// ICU's U8_NEXT delimits it) stands as one piece.
std::vector<std::string_view> Utf8Chars(std::string_view s);

// The code points of `s`; each ill-formed sequence becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view s);

// Appends `cp` as UTF-8 (a surrogate or a value above U+10FFFF as U+FFFD).
void AppendUtf8(char32_t cp, std::string* out);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Human-readable byte size, e.g. "12.3 MiB".
std::string HumanBytes(uint64_t n);

}  // namespace sanding::text
