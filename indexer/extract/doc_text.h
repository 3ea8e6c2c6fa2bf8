// DocText: a document's pages turned into the one normalised text the extractors read, with a map
// back to the original page text for every byte, so each extracted fact keeps its exact source.
//
// Normalisation (each step keeps the map to the original):
//  - traditional characters to simplified (OpenCC t2s; traditional() says whether it changed much);
//  - full-width ASCII letters and digits to ASCII (１９９６ -> 1996); white space: indents and line
//    ends dropped, one space between CJK characters or next to CJK punctuation dropped (OCR
//    spacing), a wide gap (U+3000 or several spaces, as between joint issuers) kept as one ' ';
//  - ASCII punctuation used in Chinese text to its full-width form: ( ) : ; , ? ! -> （ ）：；，？！
//    ('.' is kept: 1. and 1．); 〈 〉 to （ ）; brackets [ ] 【 】 〔 〕 are kept as printed;
//  - wrapped lines are joined: a printed line ends a paragraph when it ends with 。！？：；, or is
//    markedly shorter than the page's full lines, or the next line starts a numbered item (一、
//    （一） 1． 第X条 …) or is a heading; a page break inside a paragraph is joined too.
// The result is paragraphs separated by '\n'; there is no '\f' and no leading/trailing space.
//
// Thread safety: immutable after construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/facts.h"

namespace sanding::extract {

// A paragraph of norm(): byte offsets [begin, end), end excludes the '\n'.
struct Paragraph {
  size_t begin = 0;
  size_t end = 0;
  uint32_t page = 0;  // 1-based page where it starts
};

class DocText {
 public:
  // `pages` are the stored page texts in page order (page i+1 is pages[i]).
  static DocText FromPages(const std::vector<std::string>& pages);
  // A plain text whose pages are separated by '\f' (the sample corpus's docs/*.txt form).
  static DocText FromText(std::string_view text_with_formfeeds);

  const std::string& norm() const { return norm_; }
  const std::vector<Paragraph>& paragraphs() const { return paragraphs_; }
  std::string_view Para(size_t i) const {
    return std::string_view(norm_).substr(paragraphs_[i].begin,
                                          paragraphs_[i].end - paragraphs_[i].begin);
  }
  // The original-text span of norm()[begin, end) (clipped to the page where it starts).
  Span SpanOf(size_t begin, size_t end) const;
  // The original characters of norm()[begin, end), across pages, line breaks removed.
  std::string Original(size_t begin, size_t end) const;
  // True when the original was written in traditional characters (a notable share converted).
  bool traditional() const { return traditional_; }
  const std::vector<std::string>& pages() const { return pages_; }

 private:
  std::vector<std::string> pages_;
  std::string norm_;
  std::vector<Paragraph> paragraphs_;
  // For every byte of norm_: the page (0-based) and byte offset in that page of the original
  // character it came from. `orig_page_[i]` == UINT32_MAX for inserted bytes (none today).
  std::vector<uint32_t> orig_page_;
  std::vector<uint32_t> orig_off_;
  std::vector<uint32_t> orig_len_;  // byte length of that original character
  bool traditional_ = false;
};

// Simplified form of `s` (OpenCC t2s; per character, so the code-point count never changes).
// Safe from any thread.
std::string ToSimplified(std::string_view s);

}  // namespace sanding::extract
