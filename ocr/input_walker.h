// The input walker turns the PATHs given to `sanding ingest` into a stream of original files.
//
// A PATH may be a single file, a folder (walked recursively, symlinks not followed), or an archive
// (zip, tar, tar.gz/bz2/xz, 7z) read with libarchive. Archives are streamed: nothing is unpacked
// to disk; one member at a time is held in memory (plus the members of enclosing archives when
// archives nest). Zip member names written by Chinese Windows (CP936/GBK) are decoded to UTF-8.
// Archives inside archives are expanded in the same way, up to WalkLimits::max_nesting.
//
// Every problem with a source — unreadable, corrupt or encrypted archive, zero-byte member,
// oversize member, decompression bomb, unsafe member name — is reported through
// InputSink::OnFailure with a Chinese message that names the source, and the walk goes on.
//
// Thread safety: WalkInputs calls the sink from the calling thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/status.h"

namespace sanding::ocr {

struct WalkLimits {
  // Largest single original accepted (members and plain files). Default: 1 GiB.
  uint64_t max_file_bytes = 1ull << 30;
  // Largest total of expanded bytes read from one top-level archive, nested ones included.
  // Default: 64 GiB.
  uint64_t max_archive_expanded_bytes = 64ull << 30;
  // A member whose expanded size exceeds this multiple of the compressed bytes it came from is
  // treated as a decompression bomb (checked once the member passes 16 MiB). Default: 200.
  double max_expansion_ratio = 200.0;
  // Archives inside archives, counting the top-level one as 1. Default: 4.
  int max_nesting = 4;
};

// One original file found among the inputs.
struct InputItem {
  SourceRef source;                          // where it came from
  std::string name;                          // base name (UTF-8)
  std::shared_ptr<const std::string> bytes;  // the whole file; never empty
};

struct InputFailure {
  SourceRef source;
  std::string reason;   // FailureRecord::reason tag
  std::string message;  // Chinese, names source.Display()
};

class InputSink {
 public:
  virtual ~InputSink() = default;
  // Called for every original (non-archive) file. May block (back-pressure).
  virtual void OnItem(InputItem item) = 0;
  virtual void OnFailure(InputFailure failure) = 0;
  // Polled between members; returning true stops the walk early (Ctrl-C, shutdown).
  virtual bool Cancelled() { return false; }
};

// Walks `paths` in the order given (folders in sorted order). Returns non-OK only when the walk
// could not run at all; per-source problems go to the sink.
Status WalkInputs(const std::vector<std::string>& paths, const WalkLimits& limits, InputSink& sink);

// Expands one archive held in memory (as found inside another archive or uploaded through the
// server); `source` is the archive's own SourceRef and `depth` its nesting level (1 = top level).
Status WalkArchiveBytes(const std::string& bytes, const SourceRef& source, int depth,
                        const WalkLimits& limits, InputSink& sink);

}  // namespace sanding::ocr
