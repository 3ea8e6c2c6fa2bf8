// The sample archive as an archivist receives it: corpus documents rendered into a mix of scans
// (image-only PDFs, multi-page TIFFs, JPEG pages) and text-layer PDFs, in folders by year, packed
// into a zip or tar whose member names are GBK (CP936), as Chinese Windows writes them.
//
// Corpus contract (written by tools/corpus): <corpus>/truth/documents.json is an array of objects
// with at least "id", "file" ("docs/<id>.txt", relative to <corpus>), "date" ("YYYY-MM-DD"),
// "issuer", "doc_number_as_written", "date_as_written", "title", "period" ("1983-1995",
// "1996-2007", "2008-2017" or "2018-2023") and "script"; the text file holds the document, pages
// optionally separated by '\f'.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/status.h"
#include "tools/scansim/scanner.h"

struct archive;  // libarchive's writer handle (<archive.h>)

namespace sanding::scansim {

struct CorpusDocument {
  std::string id;
  std::string file;  // relative to the corpus folder
  std::string date;  // YYYY-MM-DD
  std::string issuer;
  std::string doc_number_as_written;
  std::string date_as_written;
  std::string title;
  std::string period;
  std::string script;
  std::string text;  // the contents of `file`
  int Year() const;  // from `date`; 0 when malformed
};

// Loads <corpus_dir>/truth/documents.json and every document's text. Errors (Chinese) name the
// file and the problem: missing file, bad JSON, a missing field, invalid UTF-8.
Result<std::vector<CorpusDocument>> LoadCorpus(const std::string& corpus_dir);

enum class MemberFormat { kTextPdf, kScannedPdf, kTiff, kJpeg };
const char* MemberFormatName(MemberFormat format);  // "text_pdf", "scanned_pdf", "tiff", "jpeg"

struct ArchiveOptions {
  uint32_t seed = 1;
  // Base share of scanned documents; the share per period is scan_share times 1.6 (1983–1995),
  // 1.3 (1996–2007), 0.8 (2008–2017) and 0.5 (2018–2023), clamped to [0, 1].
  double scan_share = 0.6;
  int dpi_min = 150;  // scans get a resolution drawn from [dpi_min, dpi_max], a multiple of 10
  int dpi_max = 300;
};

// How one document is rendered.
struct PlannedDocument {
  size_t index = 0;  // into the corpus vector
  bool scanned = false;
  Style style = Style::kLaser;  // typewriter or mimeograph for scans dated before 2000
  MemberFormat format = MemberFormat::kTextPdf;
  int dpi = 300;
  uint32_t seed = 0;
  std::string member_base;  // "1996年/<文号> <title>", no extension; unique, GBK-encodable
};

// Decides, deterministically from options.seed and each document's id, how every document is
// rendered. Member names are unique within the plan.
std::vector<PlannedDocument> PlanArchive(const std::vector<CorpusDocument>& docs,
                                         const ArchiveOptions& options);

// The share of scans for a period (see ArchiveOptions::scan_share).
double ScanProbability(const std::string& period, double scan_share);

// A text whose first non-empty line is a 红头 (ends in "文件", at most 30 characters, e.g.
// "清河市人民政府办公室文件") splits into that line and the rest (leading blank lines dropped);
// otherwise `letterhead` is empty and `body` is the whole text.
struct LetterheadSplit {
  std::string letterhead;
  std::string body;
};
LetterheadSplit SplitLetterhead(const std::string& text);

// Scan options for a planned document: the style's typical degradation; a 红头: the text's own
// letterhead line (SplitLetterhead), else "<issuer>文件"; a seal bearing the issuer's name (the
// first of joint issuers) over date_as_written.
ScanOptions OptionsFor(const CorpusDocument& doc, const PlannedDocument& plan);

struct ArchiveMember {
  std::string name;      // UTF-8 member path
  std::string data;      // the contents; for a symlink, its target
  bool symlink = false;  // a symbolic link to `data` rather than a regular file
};

// Renders one planned document: one member, or one JPEG per page ("<base>_第N页.jpg"). The body
// drawn in black is SplitLetterhead(doc.text).body; the letterhead is drawn in red (in a text PDF
// as real text, in a scan as red ink that OCR drops).
Result<std::vector<ArchiveMember>> RenderMembers(const CorpusDocument& doc,
                                                 const PlannedDocument& plan);

enum class ArchiveFormat { kZip, kTar, kTarGz };
// From the output path's extension: .zip, .tar, .tar.gz / .tgz; else InvalidArgument.
Result<ArchiveFormat> ArchiveFormatFor(const std::string& path);

// Converts a UTF-8 name to GBK; InvalidArgument when a character has no GBK code.
Result<std::string> Utf8ToGbk(const std::string& utf8);

// Writes `members` as an archive whose names are stored as GBK bytes: a zip without the UTF-8
// flag, or a ustar tar (optionally gzipped). Deterministic (fixed mtimes).
Result<std::string> WriteGbkArchive(ArchiveFormat format,
                                    const std::vector<ArchiveMember>& members);

// The libarchive writer behind WriteGbkArchive, for other formats too (the test fixtures write
// pax tars, bzip2/xz filters, 7z and UTF-8 names with it). `setup` chooses the format, filters
// and options of a fresh writer (report failures with ArchiveCallStatus). With `gbk_names` the
// names are converted to GBK (Utf8ToGbk) and written as raw bytes with the calling thread's
// LC_CTYPE set to "C" (a zip gets no UTF-8 flag); otherwise they are written as UTF-8 under
// "C.UTF-8". Members are written in order with mtime 1700000000, regular files 0644, symlinks
// 0777 (size 0, target `data` as given); no padding after the last block. Errors are Chinese.
Result<std::string> WriteArchiveWith(const std::function<Status(::archive*)>& setup,
                                     const std::vector<ArchiveMember>& members, bool gbk_names);

// OK when `r`, the result of a libarchive call on `a`, is ARCHIVE_OK or a warning; otherwise
// Internal "写压缩包失败（<what>：<libarchive's message>）".
Status ArchiveCallStatus(::archive* a, int r, const char* what);

}  // namespace sanding::scansim
