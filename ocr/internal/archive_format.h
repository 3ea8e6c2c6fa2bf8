// Byte-level helpers shared by format detection (ocr/format.cc) and the input walker
// (ocr/input_walker.cc): archive magic numbers, the OFD-inside-a-zip test and the decoding of
// archive member names (UTF-8 or CP936/GB18030) to UTF-8. Implemented in ocr/format.cc.
//
// Thread safety: every function is safe to call from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sanding::ocr::internal {

// True when `bytes` starts with a zip signature: a local file header (PK\3\4), an empty zip's end
// record (PK\5\6) or a spanned-archive marker (PK\7\8).
bool IsZipMagic(std::string_view bytes);

// True when `bytes` starts with a single-stream compression format (gzip, bzip2, xz, zstd). Such a
// stream holds either a tar archive or one compressed file; the walker tells them apart.
bool IsCompressedStreamMagic(std::string_view bytes);

// True when `bytes` (a whole zip, or any slice of one such as its head or tail) contains a zip
// central-directory or local header whose member name is "OFD.xml" (ASCII case ignored), i.e.
// the zip is an OFD document (GB/T 33190).
bool ZipHasOfdXml(std::string_view bytes);

// True when the base name ends in an archive extension (.zip .7z .rar .tar .tgz .tbz2 .txz .gz
// .bz2 .xz .zst), ASCII case ignored.
bool HasArchiveExtension(std::string_view name);

// `name` without a trailing single-stream compression extension (.gz .bz2 .xz .zst, ASCII case
// ignored); .tgz/.tbz2/.txz become .tar. Returns `name` unchanged when it has none.
std::string StripCompressionExtension(std::string_view name);

// Decodes `bytes` as GB18030 (a superset of GBK/CP936). Returns nullopt when `bytes` is not
// well-formed GB18030.
std::optional<std::string> DecodeGb18030(std::string_view bytes);

// Decodes a file or member name found on disk or in an archive to UTF-8: kept as is when it is
// valid UTF-8, else decoded from GB18030, else ill-formed sequences are replaced by U+FFFD.
// Each '/'-separated component is decoded on its own, so a UTF-8 folder holding a GBK-named
// file decodes correctly.
std::string DecodeName(std::string_view raw);

}  // namespace sanding::ocr::internal
