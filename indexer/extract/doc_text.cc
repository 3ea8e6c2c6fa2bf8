// DocText: normalisation of page texts into paragraphs with a byte-exact map back to the pages.
//
// Each page is cut into printed lines; each line into code points, each converted on its own
// (traditional -> simplified, width, punctuation) so that every output byte knows the original
// character it came from. Lines are then joined into paragraphs: a page whose lines mostly run
// to a common full width is "wrapped" text (text layers, OCR) and its lines are joined unless a
// paragraph visibly ends; a page of free-length lines (plain text files) keeps one paragraph per
// line.
#include "indexer/extract/doc_text.h"

#include <opencc/opencc.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "store/text.h"

namespace sanding::extract {
namespace {

std::u32string Decode(std::string_view s, std::vector<uint32_t>* offsets,
                      std::vector<uint32_t>* lens) {
  std::u32string out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = 0xFFFD;
    out.push_back(static_cast<char32_t>(c));
    if (offsets != nullptr) offsets->push_back(static_cast<uint32_t>(start));
    if (lens != nullptr) lens->push_back(static_cast<uint32_t>(i - start));
  }
  return out;
}

void AppendUtf8(char32_t c, std::string* out) {
  char buf[4];
  int32_t len = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(c), err);
  if (err) return;
  out->append(buf, static_cast<size_t>(len));
}

// OpenCC is not documented as thread-safe per handle; one handle behind a mutex, with a
// per-character cache in front (documents use a few thousand distinct characters).
class T2S {
 public:
  static T2S& Get() {
    static T2S instance;
    return instance;
  }
  char32_t Convert(char32_t c) {
    if (c < 0x2E80) return c;  // nothing below the CJK radicals converts
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(c);
    if (it != cache_.end()) return it->second;
    char32_t out = c;
    if (ok()) {
      std::string in;
      AppendUtf8(c, &in);
      char* conv = opencc_convert_utf8(od_, in.data(), in.size());
      if (conv != nullptr) {
        std::u32string cps = Decode(conv, nullptr, nullptr);
        if (cps.size() == 1) out = cps[0];
        opencc_convert_utf8_free(conv);
      }
    }
    cache_.emplace(c, out);
    return out;
  }

 private:
  T2S() {
    od_ = opencc_open("t2s.json");
    if (!ok()) od_ = opencc_open("/usr/share/opencc/t2s.json");
  }
  ~T2S() {
    if (ok()) opencc_close(od_);
  }
  bool ok() const { return od_ != reinterpret_cast<opencc_t>(-1); }
  opencc_t od_;
  std::mutex mu_;
  std::unordered_map<char32_t, char32_t> cache_;
};

bool IsCjkPunct(char32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) || c == 0x2014 || c == 0x2026 || c == 0x201C ||
         c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x00B7;
}

bool IsCjkLike(char32_t c) { return text::IsCjkIdeograph(c) || IsCjkPunct(c); }

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0x00A0 || c == 0x2002 || c == 0x2003 ||
         c == 0x2009 || c == 0x200B || c == '\r' || c == '\v';
}

// Width and punctuation normalisation of one code point (after t2s). Returns 0 to drop it.
char32_t NormaliseChar(char32_t c) {
  switch (c) {
    case '(': return U'（';
    case ')': return U'）';
    case ':': return U'：';
    case ';': return U'；';
    case ',': return U'，';
    case '?': return U'？';
    case '!': return U'！';
    case 0x3008: return U'（';  // 〈
    case 0x3009: return U'）';  // 〉
    case 0xFEFF: return 0;      // BOM
    default: break;
  }
  // Full-width forms: digits, letters and symbols to ASCII; the punctuation Chinese text writes
  // full-width stays full-width; ．stays (1．).
  if (c >= 0xFF01 && c <= 0xFF5E) {
    switch (c) {
      case U'（': case U'）': case U'：': case U'；': case U'，': case U'？': case U'！':
      case U'．':
        return c;
      default:
        return c - 0xFF01 + 0x21;
    }
  }
  return c;
}

// One normalised code point with the original character it came from.
struct Cell {
  char32_t c;
  uint32_t page;
  uint32_t off;
  uint32_t len;
};
using Line = std::vector<Cell>;

bool IsCjkNumeral(char32_t c) {
  return std::u32string_view(U"一二三四五六七八九十百零〇两").find(c) != std::u32string_view::npos;
}

// True when the line starts a numbered item or an article: 一、 （一） 1． 1. 1、 第X条 第X章.
bool StartsItem(const Line& l) {
  size_t i = 0;
  auto at = [&](size_t k) -> char32_t { return k < l.size() ? l[k].c : 0; };
  if (at(0) == U'（') {
    size_t k = 1;
    while (IsCjkNumeral(at(k)) || (at(k) >= '0' && at(k) <= '9')) ++k;
    return k > 1 && at(k) == U'）';
  }
  if (at(0) == U'第') {
    size_t k = 1;
    while (IsCjkNumeral(at(k)) || (at(k) >= '0' && at(k) <= '9')) ++k;
    return k > 1 && (at(k) == U'条' || at(k) == U'章' || at(k) == U'节');
  }
  while (IsCjkNumeral(at(i))) ++i;
  if (i > 0) return at(i) == U'、';
  while (at(i) >= '0' && at(i) <= '9') ++i;
  return i > 0 && i < 3 && (at(i) == U'．' || at(i) == '.' || at(i) == U'、');
}

bool EndsParagraph(const Line& l) {
  if (l.empty()) return true;
  const char32_t c = l.back().c;
  return c == U'。' || c == U'！' || c == U'？' || c == U'：' || c == U'；';
}

// A line ending in the generic word of a document title (…的通知, …编制规定, …方案) is a title line,
// never wrapped into the next one; running text that wraps after such a word continues with
// punctuation, which joins it.
bool EndsWithTitleWord(const Line& l) {
  static const std::u32string_view kWords[] = {U"通知", U"批复", U"决定", U"意见", U"规定",
                                               U"方案", U"办法", U"细则", U"请示", U"报告",
                                               U"纪要", U"文件"};
  for (std::u32string_view w : kWords) {
    if (l.size() < w.size()) continue;
    bool match = true;
    for (size_t k = 0; k < w.size(); ++k)
      if (l[l.size() - w.size() + k].c != w[k]) match = false;
    if (match) return true;
  }
  return false;
}

bool IsClosingPunct(char32_t c) {
  return c == U'，' || c == U'。' || c == U'、' || c == U'；' || c == U'：' || c == U'）' ||
         c == U'》' || c == U'”';
}

bool StartsWithClosingPunct(const Line& l) { return !l.empty() && IsClosingPunct(l.front().c); }

// A page number line ("— 1 —", "-2-", "3").
bool IsPageNumber(const Line& l) {
  bool digit = false;
  for (const Cell& cell : l) {
    if (cell.c >= '0' && cell.c <= '9') {
      digit = true;
    } else if (!(cell.c == '-' || cell.c == 0x2014 || cell.c == 0x2013 || cell.c == 0x2212 ||
                 cell.c == ' ')) {
      return false;
    }
  }
  return digit && l.size() <= 9;
}

// Splits a page into normalised lines. Spaces: dropped at line ends and between CJK-like
// characters, otherwise one ' '. `indented[i]` tells whether line i began with white space.
std::vector<Line> PageLines(const std::string& page_text, uint32_t page, bool* any_converted,
                            size_t* converted, std::vector<bool>* indented) {
  std::vector<uint32_t> offs, lens;
  const std::u32string cps = Decode(page_text, &offs, &lens);
  std::vector<Line> lines;
  Line cur;
  bool cur_indented = false;
  bool at_line_start = true;
  bool pending_space = false;
  bool wide_space = false;
  Cell space_cell{};
  auto flush = [&] {
    lines.push_back(std::move(cur));
    indented->push_back(cur_indented);
    cur = Line();
    cur_indented = false;
    at_line_start = true;
    pending_space = false;
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (c == '\n' || c == '\f') {
      flush();
      continue;
    }
    if (IsSpace(c)) {
      if (at_line_start) {
        cur_indented = true;
      } else if (!pending_space) {
        pending_space = true;
        wide_space = c == 0x3000;
        space_cell = Cell{' ', page, offs[i], lens[i]};
      } else {
        wide_space = true;  // two or more spaces: a deliberate gap
      }
      continue;
    }
    if (c < 0x20 || c == 0x7F) continue;  // other controls
    const char32_t simp = T2S::Get().Convert(c);
    if (simp != c) {
      *any_converted = true;
      ++*converted;
    }
    const char32_t n = NormaliseChar(simp);
    if (n == 0) continue;
    // One space between CJK characters is OCR or typesetting noise; a wide gap (U+3000 or
    // several spaces) separates things, e.g. joint issuers 中共某市委　某市人民政府.
    const bool cjk_pair = IsCjkLike(cur.empty() ? 0 : cur.back().c) && IsCjkLike(n);
    const bool punct = !cur.empty() && (IsCjkPunct(cur.back().c) || IsCjkPunct(n));
    if (pending_space && !cur.empty() && !punct && (!cjk_pair || wide_space)) {
      cur.push_back(space_cell);
    }
    pending_space = false;
    at_line_start = false;
    cur.push_back(Cell{n, page, offs[i], lens[i]});
  }
  flush();
  // Blank lines at the end of a page say nothing about paragraphs (a page break follows).
  while (!lines.empty() && lines.back().empty()) {
    lines.pop_back();
    indented->pop_back();
  }
  return lines;
}

// A page is wrapped text when most of its longer lines share one full width.
size_t FullWidth(const std::vector<Line>& lines, bool* wrapped) {
  std::vector<size_t> lens;
  for (const Line& l : lines)
    if (l.size() >= 8) lens.push_back(l.size());
  *wrapped = false;
  if (lens.size() < 3) return 0;
  std::sort(lens.begin(), lens.end());
  const size_t w = lens[lens.size() * 8 / 10];
  const size_t tolerance = std::max<size_t>(3, w / 10);
  size_t near = 0;
  for (size_t n : lens)
    if (n + tolerance >= w && n <= w + tolerance) ++near;
  // At least two lines and a quarter of the long ones run to the full width. Plain text files
  // (one line per paragraph) rarely pass; when they do, their paragraphs end in 。 anyway.
  *wrapped = near >= 2 && near * 4 >= lens.size();
  return w;
}

}  // namespace

std::string ToSimplified(std::string_view s) {
  std::string out;
  for (char32_t c : Decode(s, nullptr, nullptr)) AppendUtf8(T2S::Get().Convert(c), &out);
  return out;
}

DocText DocText::FromText(std::string_view text_with_formfeeds) {
  std::vector<std::string> pages;
  size_t start = 0;
  while (true) {
    const size_t ff = text_with_formfeeds.find('\f', start);
    pages.emplace_back(text_with_formfeeds.substr(start, ff == std::string_view::npos
                                                             ? std::string_view::npos
                                                             : ff - start));
    if (ff == std::string_view::npos) break;
    start = ff + 1;
  }
  return FromPages(pages);
}

DocText DocText::FromPages(const std::vector<std::string>& pages) {
  DocText d;
  d.pages_.reserve(pages.size());
  for (const std::string& p : pages) d.pages_.push_back(text::SanitizeUtf8(p));

  bool any_converted = false;
  size_t converted = 0, total_cjk = 0;
  // Paragraphs as cell sequences, built across pages.
  std::vector<Line> paras;
  Line open;  // the paragraph being built
  bool open_joinable = false;  // the last line of `open` may continue on the next line
  bool prev_full = false;      // the last printed line ran to the page's full width
  for (uint32_t p = 0; p < d.pages_.size(); ++p) {
    std::vector<bool> indented;
    std::vector<Line> lines = PageLines(d.pages_[p], p, &any_converted, &converted, &indented);
    for (const Line& l : lines)
      for (const Cell& c : l)
        if (text::IsCjkIdeograph(c.c)) ++total_cjk;
    bool wrapped = false;
    const size_t width = FullWidth(lines, &wrapped);
    for (size_t i = 0; i < lines.size(); ++i) {
      Line& l = lines[i];
      if (l.empty()) {  // a blank line always ends a paragraph
        if (!open.empty()) paras.push_back(std::move(open));
        open = Line();
        open_joinable = false;
        prev_full = false;
        continue;
      }
      if (IsPageNumber(l)) continue;
      const size_t line_len = l.size();
      const bool join = open_joinable && !open.empty() && !StartsItem(l) && !indented[i];
      // Typesetting never starts a line with closing punctuation, so after a full line that did
      // not end a sentence it continues that line (…有关规定 / ，设立…); anywhere else it is a
      // speck or seal residue read as ，or ” and is dropped.
      const bool join_punct =
          !open.empty() && StartsWithClosingPunct(l) && wrapped && prev_full && !EndsParagraph(open);
      if (join || join_punct) {
        open.insert(open.end(), l.begin(), l.end());
      } else {
        if (!open.empty()) paras.push_back(std::move(open));
        size_t noise = 0;
        while (noise < l.size() && IsClosingPunct(l[noise].c) && l[noise].c != U'）' &&
               l[noise].c != U'》') {
          ++noise;
        }
        open = Line(l.begin() + noise, l.end());
      }
      prev_full = line_len + 2 >= width * 85 / 100 && line_len >= 8;
      open_joinable = wrapped && !EndsParagraph(open) && !EndsWithTitleWord(open) && line_len + 2 >= width * 85 / 100 &&
                      line_len >= 8;
    }
  }
  if (!open.empty()) paras.push_back(std::move(open));

  for (Line& para : paras) {
    // Trim stray spaces at both ends.
    while (!para.empty() && para.back().c == ' ') para.pop_back();
    size_t first = 0;
    while (first < para.size() && para[first].c == ' ') ++first;
    if (first == para.size()) continue;
    if (!d.norm_.empty()) {
      d.norm_.push_back('\n');
      d.orig_page_.push_back(UINT32_MAX);
      d.orig_off_.push_back(0);
      d.orig_len_.push_back(0);
    }
    Paragraph pr;
    pr.begin = d.norm_.size();
    pr.page = para[first].page + 1;
    for (size_t k = first; k < para.size(); ++k) {
      const Cell& c = para[k];
      const size_t before = d.norm_.size();
      AppendUtf8(c.c, &d.norm_);
      for (size_t b = before; b < d.norm_.size(); ++b) {
        d.orig_page_.push_back(c.page);
        d.orig_off_.push_back(c.off);
        d.orig_len_.push_back(c.len);
      }
    }
    pr.end = d.norm_.size();
    d.paragraphs_.push_back(pr);
  }
  d.traditional_ = any_converted && total_cjk > 0 && converted * 50 >= total_cjk;  // >= 2%
  return d;
}

Span DocText::SpanOf(size_t begin, size_t end) const {
  end = std::min(end, norm_.size());
  while (begin < end && orig_page_[begin] == UINT32_MAX) ++begin;
  if (begin >= end) return Span{};
  Span s;
  s.page = orig_page_[begin] + 1;
  s.begin = orig_off_[begin];
  s.end = s.begin;
  for (size_t i = begin; i < end; ++i) {
    if (orig_page_[i] != orig_page_[begin]) break;
    s.end = std::max(s.end, orig_off_[i] + orig_len_[i]);
  }
  return s;
}

std::string DocText::Original(size_t begin, size_t end) const {
  end = std::min(end, norm_.size());
  std::string out;
  uint32_t last_page = UINT32_MAX, last_off = 0;
  for (size_t i = begin; i < end; ++i) {
    const uint32_t p = orig_page_[i];
    if (p == UINT32_MAX) continue;
    if (p == last_page && orig_off_[i] == last_off) continue;  // same source character
    out.append(pages_[p], orig_off_[i], orig_len_[i]);
    last_page = p;
    last_off = orig_off_[i];
  }
  return out;
}

}  // namespace sanding::extract
