// Extraction over a store: every complete document gets its machine facts, stored next to its
// pages (Store::PutFacts). Runs after ingest and on demand (`sanding extract`).
//
// Documents scanned one image per page (…_第1页.jpg, …_第2页.jpg, or a numeric suffix, in one
// folder of one source) are read as one document: its facts are stored with the first page's file
// and the other files point to it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "indexer/extract/facts.h"
#include "indexer/extract/names.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::extract {

struct ExtractRunOptions {
  bool all = false;  // also re-extract documents whose facts come from the current extractor
  std::shared_ptr<const Authority> authority;  // known institutions; null = no name resolution
  // Correct OCR errors in names (against the authority) and in 文号 prefixes (against the
  // archive's common prefixes). Off only to measure what the correction gains.
  bool ocr_correction = true;
  // Called after each document is extracted (progress, logs).
  std::function<void(const std::string& sha256, const DocumentFacts& facts)> on_document;
};

struct ExtractRunReport {
  uint64_t documents = 0;  // documents extracted in this run
  uint64_t current = 0;    // documents whose stored facts were already current
  uint64_t flagged = 0;    // extracted documents with at least one review flag
  uint64_t grouped_files = 0;  // files read as later pages of another file's document
};

Result<ExtractRunReport> ExtractStore(Store& store, const ExtractRunOptions& options);

// A page-image file name's document base and page number: "1996年/清编〔1996〕3号 关于…_第2页.jpg"
// -> {"1996年/清编〔1996〕3号 关于…", 2}; page 0 when the name carries no page number.
struct PageName {
  std::string base;
  int page = 0;
};
PageName SplitPageName(const std::string& member_or_path);

// The facts of a file as a reader sees them: the stored machine facts (following `part_of`) —
// NotFound when the file has none yet.
Result<DocumentFacts> LoadFacts(Store& store, const std::string& sha256, std::string* owner_sha);

}  // namespace sanding::extract
