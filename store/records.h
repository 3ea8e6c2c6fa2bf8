// The records the store keeps for ingested material. Plain value types; serialisation lives in
// store/internal/. Every record is JSON-serialisable through ToJson/FromJson (used by --json output
// and by the RocksDB encoding), so the field names below are part of the documented schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sanding {

// Where one copy of an original came from. `path` is the file on disk the user named (or found
// inside a named folder); `member` is the chain of archive member paths, outermost first, joined
// with "!/" ("inner.zip!/scans/a.pdf"); empty for a plain file.
struct SourceRef {
  std::string path;
  std::string member;
  // "path" or "path!/member": what messages and reports show.
  std::string Display() const;
  bool operator==(const SourceRef&) const = default;
};

enum class FileState { kPending, kComplete };

// One original file, identified by the SHA-256 of its bytes.
struct FileRecord {
  std::string sha256;                // lowercase hex, the file's identity
  std::string name;                  // base name of the first source it was seen as
  std::string format;                // "pdf", "tiff", "png", "jpeg", "text", "ofd"
  uint64_t size = 0;                 // bytes of the original
  uint32_t page_count = 0;
  FileState state = FileState::kPending;
  std::string title;                 // first meaningful line of the text, or the file name
  std::vector<SourceRef> sources;    // every place this content was seen, first first
  int64_t ingested_at_ms = 0;        // Unix ms when the file was first stored
  int64_t completed_at_ms = 0;       // Unix ms when its last page was stored; 0 while pending
};

enum class TextMethod { kTextLayer, kOcr, kPlainText, kNone };
const char* TextMethodName(TextMethod m);  // "text_layer", "ocr", "plain_text", "none"

// One recognised word (OCR) with its box in page pixels at the recognition resolution.
struct WordBox {
  std::string text;
  int x = 0, y = 0, w = 0, h = 0;
  float confidence = 0;  // 0..100
};

// The text of one page and how it was obtained.
struct PageRecord {
  std::string sha256;
  uint32_t page = 0;                  // 1-based
  TextMethod method = TextMethod::kNone;
  std::string text;                   // UTF-8, NFC as produced; analyzers normalise further
  std::string engine;                 // e.g. "tesseract 5.3.0 lang=chi_sim oem=1 psm=3 dpi=300 red_drop=on"
  double mean_confidence = -1;        // mean word confidence 0..100 for OCR pages, -1 otherwise
  std::string note;                   // why the text layer was rejected, or a page-level problem (Chinese)
  int width_px = 0, height_px = 0;    // size of the image OCR ran on (0 for text layers)
  std::vector<WordBox> words;         // OCR word boxes; empty for text layers
};

// A source that could not be loaded. Keyed by the source's display string: loading the same bad
// file again updates its record instead of adding another.
struct FailureRecord {
  std::string source;      // SourceRef::Display()
  std::string reason;      // stable code: "corrupt", "truncated", "encrypted", "empty", "unsupported",
                           // "oversize", "bomb", "unsafe_path", "io_error", "internal"
  std::string message;     // Chinese, names the file and the problem
  int64_t at_ms = 0;
  std::string sha256;      // when known
};

// An archivist's correction of a file's extracted facts: an RFC 6902 JSON Patch operation on the
// facts document (the schema of indexer/extract/facts.h), with who, when and why. `op` is
// "replace", "add" or "remove"; or "withdraw", which cancels the earlier correction number
// `withdraws` of the same file. The machine extraction is never changed by a correction: the
// facts a reader sees are the machine facts with the corrections applied in order.
struct CorrectionRecord {
  std::string sha256;
  uint64_t seq = 0;       // assigned by the store
  std::string op;         // "replace", "add", "remove", "withdraw"
  std::string path;       // JSON Pointer into the facts, e.g. "/doc_number/value"
  std::string value;      // JSON text of the new value ("" for remove and withdraw)
  uint64_t withdraws = 0; // for op "withdraw"
  std::string by;         // who
  std::string reason;     // why (Chinese, as the archivist wrote it)
  int64_t at_ms = 0;      // when (Unix ms)
};

void to_json(nlohmann::json& j, const SourceRef& v);
void from_json(const nlohmann::json& j, SourceRef& v);
void to_json(nlohmann::json& j, const FileRecord& v);
void from_json(const nlohmann::json& j, FileRecord& v);
void to_json(nlohmann::json& j, const WordBox& v);
void from_json(const nlohmann::json& j, WordBox& v);
void to_json(nlohmann::json& j, const PageRecord& v);
void from_json(const nlohmann::json& j, PageRecord& v);
void to_json(nlohmann::json& j, const FailureRecord& v);
void from_json(const nlohmann::json& j, FailureRecord& v);
void to_json(nlohmann::json& j, const CorrectionRecord& v);
void from_json(const nlohmann::json& j, CorrectionRecord& v);

}  // namespace sanding
