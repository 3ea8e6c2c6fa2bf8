// Document: one original opened for page extraction.
//
// For a PDF each page's text layer (Poppler) is used when it is plausible; otherwise the page is
// rendered at OcrOptions::dpi and OCR'd. TIFF (multi-page), PNG and JPEG pages are OCR'd. Plain
// text is one page (split into pages on form feeds). OFD pages use their text objects.
//
// Thread safety: a Document is NOT thread-safe (Poppler: one document per thread). Several
// Documents over the same bytes may be used concurrently from different threads.
#pragma once

#include <memory>
#include <string>

#include "ocr/format.h"
#include "ocr/ocr_engine.h"
#include "store/records.h"
#include "store/status.h"

namespace sanding::ocr {

// Verdict on a PDF text layer.
struct TextLayerVerdict {
  bool trusted = false;
  std::string reason;  // Chinese, when not trusted ("文本层为空", "文本层含乱码（替换字符 12 个）", ...)
};
// Trusted when non-empty, valid UTF-8, with no control characters, no U+FFFD, no private-use
// glyph codes, and a high share of CJK/ASCII text among its characters.
TextLayerVerdict JudgeTextLayer(const std::string& text);

class Document {
 public:
  virtual ~Document() = default;

  // Opens `bytes` as format `fmt`. Errors carry a Chinese message naming `display` (the source)
  // and a reason tag: "corrupt", "truncated", "encrypted", "empty", "unsupported", "oversize".
  static Result<std::unique_ptr<Document>> Open(Format fmt, std::shared_ptr<const std::string> bytes,
                                                const std::string& display);

  virtual int PageCount() const = 0;
  // Extracts page `index` (0-based). The returned record has page = index + 1 and sha256 unset.
  // A page that cannot be read yields an error; the caller records it and goes on.
  virtual Result<PageRecord> ExtractPage(int index, OcrEngine& engine, const OcrOptions& options) = 0;
  // Renders page `index` as an image at `dpi` (scanned and text pages alike), for viewers.
  virtual Result<Image> RenderPage(int index, int dpi) = 0;
};

}  // namespace sanding::ocr
