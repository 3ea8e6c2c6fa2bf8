// Format detection by magic bytes, plus the byte-level archive helpers of
// ocr/internal/archive_format.h (zip/OFD test, compression magic, member name decoding).
#include "ocr/format.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocr/internal/archive_format.h"
#include "store/text.h"

namespace sanding::ocr {
namespace {

// Text detection looks at this many leading bytes only.
constexpr size_t kTextSample = 64 * 1024;
// "%PDF-" may follow this much leading junk (some scanners prepend a header).
constexpr size_t kPdfJunk = 1024;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  const std::string_view tail = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (AsciiLower(tail[i]) != AsciiLower(suffix[i])) return false;
  }
  return true;
}

bool IsPdf(std::string_view bytes) {
  return bytes.substr(0, kPdfJunk + 5).find("%PDF-") != std::string_view::npos;
}

bool IsTiff(std::string_view b) {
  using namespace std::string_view_literals;
  return StartsWith(b, "II*\0"sv) || StartsWith(b, "MM\0*"sv) ||  // classic TIFF
         StartsWith(b, "II+\0"sv) || StartsWith(b, "MM\0+"sv);    // BigTIFF
}

uint64_t ParseOctal(std::string_view field) {
  uint64_t v = 0;
  size_t i = 0;
  while (i < field.size() && field[i] == ' ') ++i;
  for (; i < field.size() && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + (field[i] - '0');
  return v;
}

// A tar header: the "ustar" magic at offset 257 (POSIX and GNU), or an old V7 header whose
// checksum adds up.
bool IsTar(std::string_view b) {
  if (b.size() < 512) return false;
  if (b.substr(257, 5) == "ustar") return true;
  if (b[0] == '\0') return false;  // a V7 header starts with the member name
  const std::string_view chk = b.substr(148, 8);
  if (chk.find_first_of("01234567") == std::string_view::npos) return false;
  uint64_t sum = 0;
  for (size_t i = 0; i < 512; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<uint8_t>(b[i]);
  }
  return sum == ParseOctal(chk);
}

// Cuts an incomplete UTF-8 sequence off the end of a sample taken from a longer text.
std::string_view TrimPartialUtf8(std::string_view s) {
  size_t back = 0;
  while (back < 3 && back < s.size() &&
         (static_cast<uint8_t>(s[s.size() - 1 - back]) & 0xC0) == 0x80) {
    ++back;
  }
  if (back == s.size()) return s;
  const auto lead = static_cast<uint8_t>(s[s.size() - 1 - back]);
  size_t need = 1;
  if (lead >= 0xF0) {
    need = 4;
  } else if (lead >= 0xE0) {
    need = 3;
  } else if (lead >= 0xC0) {
    need = 2;
  }
  if (need > back + 1) return s.substr(0, s.size() - 1 - back);
  return s;
}

// Plain UTF-8 text: valid, and hardly any control characters (binary data that happens to be
// valid UTF-8 is full of them).
bool LooksLikeUtf8Text(std::string_view sample) {
  if (!text::IsValidUtf8(sample)) return false;
  const text::CharStats st = text::Census(sample);
  return st.control * 100 <= st.total;
}

// GBK/GB18030 text without a BOM: decodes cleanly and reads like a Chinese document (mostly
// ideographs, ASCII letters and digits, document punctuation). A .txt/.md name lowers the bar.
bool LooksLikeGbText(std::string_view sample, bool partial, bool text_name) {
  std::optional<std::string> utf8;
  // A sample cut from a longer file may end inside a 2- or 4-byte sequence.
  for (size_t cut = 0; cut <= (partial ? 3u : 0u) && cut < sample.size() && !utf8; ++cut) {
    utf8 = internal::DecodeGb18030(sample.substr(0, sample.size() - cut));
  }
  if (!utf8) return false;
  const text::CharStats st = text::Census(*utf8);
  if (st.total == 0 || st.cjk == 0) return false;
  const uint64_t bad = st.control + st.replacement + st.private_use + st.other;
  const double cjk_share = static_cast<double>(st.cjk) / static_cast<double>(st.total);
  const double bad_share = static_cast<double>(bad) / static_cast<double>(st.total);
  return text_name ? (cjk_share >= 0.05 && bad_share <= 0.10)
                   : (cjk_share >= 0.20 && bad_share <= 0.02);
}

bool IsText(std::string_view bytes, std::string_view name) {
  using namespace std::string_view_literals;
  if (StartsWith(bytes, "\xEF\xBB\xBF"sv)) return true;                      // UTF-8 BOM
  if (StartsWith(bytes, "\xFF\xFE"sv) || StartsWith(bytes, "\xFE\xFF"sv)) {  // UTF-16 BOM
    return bytes.size() % 2 == 0;
  }
  const bool partial = bytes.size() > kTextSample;
  std::string_view sample = bytes.substr(0, kTextSample);
  if (sample.find('\0') != std::string_view::npos) return false;
  const bool text_name = EndsWithIgnoreCase(name, ".txt") || EndsWithIgnoreCase(name, ".md");
  if (LooksLikeUtf8Text(partial ? TrimPartialUtf8(sample) : sample)) return true;
  return LooksLikeGbText(sample, partial, text_name);
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

}  // namespace

namespace internal {

bool IsZipMagic(std::string_view b) {
  using namespace std::string_view_literals;
  return StartsWith(b, "PK\x03\x04"sv) || StartsWith(b, "PK\x05\x06"sv) ||
         StartsWith(b, "PK\x07\x08"sv);
}

bool IsCompressedStreamMagic(std::string_view b) {
  using namespace std::string_view_literals;
  return StartsWith(b, "\x1F\x8B"sv) ||                                             // gzip
         (StartsWith(b, "BZh"sv) && b.size() > 3 && b[3] >= '1' && b[3] <= '9') ||  // bzip2
         StartsWith(b,
                    "\xFD"
                    "7zXZ\0"sv) ||             // xz
         StartsWith(b, "\x28\xB5\x2F\xFD"sv);  // zstd
}

bool ZipHasOfdXml(std::string_view b) {
  using namespace std::string_view_literals;
  constexpr std::string_view kName = "ofd.xml";
  // Local header: signature, name length at +26, name at +30. Central directory header:
  // signature, name length at +28, name at +46.
  auto name_at = [&](size_t header, size_t len_off, size_t name_off) {
    if (header + name_off + kName.size() > b.size()) return false;
    const auto len = static_cast<size_t>(static_cast<uint8_t>(b[header + len_off])) |
                     (static_cast<size_t>(static_cast<uint8_t>(b[header + len_off + 1])) << 8);
    if (len != kName.size()) return false;
    for (size_t i = 0; i < kName.size(); ++i) {
      if (AsciiLower(b[header + name_off + i]) != kName[i]) return false;
    }
    return true;
  };
  for (size_t pos = b.find("PK"sv); pos != std::string_view::npos; pos = b.find("PK"sv, pos + 1)) {
    const std::string_view sig = b.substr(pos, 4);
    if (sig == "PK\x01\x02"sv && name_at(pos, 28, 46)) return true;
    if (sig == "PK\x03\x04"sv && name_at(pos, 26, 30)) return true;
  }
  return false;
}

bool HasArchiveExtension(std::string_view name) {
  static constexpr std::string_view kExts[] = {".zip", ".7z", ".rar", ".tar", ".tgz", ".tbz2",
                                               ".txz", ".gz", ".bz2", ".xz",  ".zst"};
  return std::any_of(std::begin(kExts), std::end(kExts),
                     [&](std::string_view e) { return EndsWithIgnoreCase(name, e); });
}

std::string StripCompressionExtension(std::string_view name) {
  struct Rule {
    std::string_view ext, replacement;
  };
  static constexpr Rule kRules[] = {{".tgz", ".tar"}, {".tbz2", ".tar"}, {".txz", ".tar"},
                                    {".gz", ""},      {".bz2", ""},      {".xz", ""},
                                    {".zst", ""}};
  for (const Rule& r : kRules) {
    if (name.size() > r.ext.size() && EndsWithIgnoreCase(name, r.ext)) {
      return std::string(name.substr(0, name.size() - r.ext.size())) + std::string(r.replacement);
    }
  }
  return std::string(name);
}

std::optional<std::string> DecodeGb18030(std::string_view bytes) {
  if (bytes.empty()) return std::string();
  if (bytes.size() > static_cast<size_t>(INT32_MAX / 2)) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open("GB18030", &status));
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return std::nullopt;
  // GB18030 needs at most one UTF-16 unit per byte (4-byte sequences give a surrogate pair).
  std::vector<UChar> u16(bytes.size() + 1);
  const int32_t n16 = ucnv_toUChars(conv.get(), u16.data(), static_cast<int32_t>(u16.size()),
                                    bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return std::nullopt;
  int32_t n8 = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &n8, u16.data(), n16, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
  std::string out(static_cast<size_t>(n8), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), n8, &n8, u16.data(), n16, &status);
  if (U_FAILURE(status)) return std::nullopt;
  // NUL bytes decode to U+0000: fine for text; names never contain them.
  return out;
}

std::string DecodeName(std::string_view raw) {
  if (text::IsValidUtf8(raw)) return std::string(raw);
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t slash = raw.find('/', start);
    const std::string_view part =
        raw.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (text::IsValidUtf8(part)) {
      out.append(part);
    } else if (std::optional<std::string> gb = DecodeGb18030(part)) {
      out.append(*gb);
    } else {
      out.append(text::SanitizeUtf8(part));
    }
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
}

}  // namespace internal

const char* FormatName(Format f) {
  switch (f) {
    case Format::kPdf:
      return "pdf";
    case Format::kTiff:
      return "tiff";
    case Format::kPng:
      return "png";
    case Format::kJpeg:
      return "jpeg";
    case Format::kText:
      return "text";
    case Format::kOfd:
      return "ofd";
    case Format::kArchive:
      return "archive";
    case Format::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Format DetectFormat(std::string_view bytes, std::string_view name) {
  using namespace std::string_view_literals;
  if (bytes.empty()) return Format::kUnknown;
  if (StartsWith(bytes, "\x89PNG\r\n\x1A\n"sv)) return Format::kPng;
  if (StartsWith(bytes, "\xFF\xD8\xFF"sv)) return Format::kJpeg;
  if (IsTiff(bytes)) return Format::kTiff;
  if (internal::IsZipMagic(bytes)) {
    if (EndsWithIgnoreCase(name, ".ofd") || internal::ZipHasOfdXml(bytes)) return Format::kOfd;
    // Office and other zip-based document formats are documents, not archives of documents:
    // their XML parts must not be loaded as if they were files of the archive.
    for (std::string_view ext : {".docx"sv, ".docm"sv, ".xlsx"sv, ".xlsm"sv, ".pptx"sv, ".pptm"sv,
                                 ".odt"sv, ".ods"sv, ".odp"sv, ".epub"sv, ".wps"sv, ".et"sv}) {
      if (EndsWithIgnoreCase(name, ext)) return Format::kUnknown;
    }
    return Format::kArchive;
  }
  if (StartsWith(bytes, "7z\xBC\xAF\x27\x1C"sv)) return Format::kArchive;
  if (StartsWith(bytes, "Rar!\x1A\x07"sv)) return Format::kArchive;
  if (internal::IsCompressedStreamMagic(bytes)) return Format::kArchive;
  if (IsTar(bytes)) return Format::kArchive;
  if (IsPdf(bytes)) return Format::kPdf;
  if (IsText(bytes, name)) return Format::kText;
  return Format::kUnknown;
}

}  // namespace sanding::ocr
