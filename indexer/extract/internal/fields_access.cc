// ExtractAccess: whether a document is internal (内部) or public (公开), read from the marks
// official documents print for it — a 密级 or 内部 mark at the top left of the first page (GB/T 9704
// puts 份号, 密级和保密期限 and 紧急程度 above the 红头), and a 附注 （此件公开发布） /
// （此件不予公开） or a 公开属性 line (公开方式：主动公开) after the 落款.
//
// Every mark is matched on the text with its spaces removed (OCR spreads characters apart), and
// mapped back to the paragraph's bytes for its span.
#include <algorithm>
#include <initializer_list>

#include "indexer/extract/fields.h"
#include "indexer/extract/internal/fields_util.h"

namespace sanding::extract {
namespace {

constexpr std::u32string_view kStars = U"★☆*＊✱";
constexpr std::u32string_view kOpenBrackets = U"（([【〔";
constexpr std::u32string_view kCloseBrackets = U"）)]】〕";
constexpr size_t kHeadParagraphs = 6;  // 份号, 密级, 紧急程度, 红头 and 文号 come first
// Text beside a bracketed mark without 此件 (（不予公开）) in the same paragraph: a 落款 date or an
// issuer joined to it, not a sentence.
constexpr size_t kBareMarkContext = 30;

bool Is(std::u32string_view set, char32_t c) { return set.find(c) != std::u32string_view::npos; }

// A paragraph without its spaces: the code points and, for each, its byte offset in the paragraph
// (byte[i + 1] is where the next kept code point starts; gap[i] says spaces preceded c[i]).
struct Compact {
  std::u32string c;
  std::vector<size_t> begin;  // byte offset of c[i]
  std::vector<size_t> end;    // byte offset just past c[i]
  std::vector<bool> gap;      // white space right before c[i]

  explicit Compact(std::string_view s) {
    const internal::U32Text t = internal::DecodeUtf8(s);
    bool space = false;
    for (size_t i = 0; i < t.cps.size(); ++i) {
      if (internal::IsSpaceChar(t.cps[i])) {
        space = true;
        continue;
      }
      c.push_back(t.cps[i]);
      begin.push_back(t.off[i]);
      end.push_back(t.off[i + 1]);
      gap.push_back(space);
      space = false;
    }
  }
  bool At(size_t k, std::u32string_view w) const { return c.compare(k, w.size(), w) == 0; }
  // The longest of `words` at k: the position after it, or npos.
  size_t Match(size_t k, std::initializer_list<std::u32string_view> words) const {
    size_t best = std::u32string::npos;
    for (std::u32string_view w : words) {
      if (At(k, w) && (best == std::u32string::npos || k + w.size() > best)) best = k + w.size();
    }
    return best;
  }
};

constexpr size_t kNpos = std::u32string::npos;

bool IsPeriodNumeral(char32_t c) {
  return internal::IsDigitAscii(c) || Is(U"一二三四五六七八九十〇两", c);
}

// 绝密 / 机密 / 秘密, with ★ and a period (1年, 6个月, 长期) when printed: the position after it.
size_t MatchSecret(const Compact& t, size_t k, bool* starred) {
  size_t p = t.Match(k, {U"绝密", U"机密", U"秘密"});
  if (p == kNpos) return kNpos;
  *starred = false;
  if (p < t.c.size() && Is(kStars, t.c[p])) {
    *starred = true;
    ++p;
    if (const size_t q = t.Match(p, {U"长期"}); q != kNpos) return q;
    size_t q = p;
    while (q < t.c.size() && q - p < 3 && IsPeriodNumeral(t.c[q])) ++q;
    if (q > p) {
      if (const size_t r = t.Match(q, {U"年", U"个月", U"月"}); r != kNpos) return r;
    }
  }
  return p;
}

// 内部, 内部资料, 内部文件, 内部发行, 内部资料 注意保存 …: the position after it.
size_t MatchInternal(const Compact& t, size_t k) {
  size_t p = t.Match(k, {U"内部"});
  if (p == kNpos) return kNpos;
  if (const size_t q = t.Match(p, {U"资料", U"文件", U"发行", U"刊物", U"材料", U"参考", U"使用",
                                   U"文件资料", U"资料汇编"});
      q != kNpos)
    p = q;
  size_t q = p;
  if (q < t.c.size() && Is(U"，、,·", t.c[q])) ++q;
  if (const size_t r = t.Match(q, {U"注意保存", U"妥善保存", U"注意保密", U"请勿外传", U"不得外传",
                                   U"严禁外传"});
      r != kNpos)
    p = r;
  return p;
}

// A 紧急程度 after the mark (特急, 加急, 特提, 平急), with its ★ when printed.
size_t MatchUrgency(const Compact& t, size_t k) {
  size_t p = k;
  if (p < t.c.size() && Is(kStars, t.c[p])) ++p;
  return t.Match(p, {U"特急", U"加急", U"特提", U"平急", U"急件", U"紧急"});
}

// A bracketed 附注 (（此件公开发布）, （此件不予公开）, （不予公开）) starting at k (an open bracket,
// or 此件 with its bracket lost): the value, and *end past the close bracket (or the words when it
// was lost, *closed false). `*with_this` is whether 此件 was printed.
std::string MatchNote(const Compact& t, size_t k, size_t* end, bool* closed, bool* with_this) {
  size_t p = k;
  const bool opened = p < t.c.size() && Is(kOpenBrackets, t.c[p]);
  if (opened) ++p;
  *with_this = t.At(p, U"此件");
  if (*with_this) p += 2;
  if (!opened && !*with_this) return "";
  struct Word {
    std::u32string_view w;
    const char* value;
    bool bare;  // allowed without 此件
  };
  static constexpr Word kWords[] = {
      {U"公开发布", "公开", false}, {U"主动公开", "公开", true},   {U"公开", "公开", false},
      {U"不公开", "内部", true},    {U"不予公开", "内部", true},   {U"依申请公开", "内部", true},
      {U"免予公开", "内部", true},  {U"不予以公开", "内部", true},
  };
  const Word* best = nullptr;
  for (const Word& w : kWords) {
    if (!t.At(p, w.w) || (!*with_this && !w.bare)) continue;
    if (best == nullptr || w.w.size() > best->w.size()) best = &w;
  }
  if (best == nullptr) return "";
  p += best->w.size();
  *closed = p < t.c.size() && Is(kCloseBrackets, t.c[p]);
  if (*closed) {
    ++p;
  } else if (!opened || p != t.c.size()) {
    return "";  // no bracket at all, or words run on: a sentence, not a note
  }
  *end = p;
  return best->value;
}

// A 公开属性 line (公开方式：主动公开, 信息公开选项：依申请公开) starting at k: the value, *end.
std::string MatchDisclosureLine(const Compact& t, size_t k, size_t* end) {
  size_t p = t.Match(k, {U"公开方式", U"公开属性", U"公开选项", U"公开类型", U"信息公开选项",
                         U"信息公开属性", U"信息公开方式"});
  if (p == kNpos) return "";
  if (p < t.c.size() && Is(U"：:", t.c[p])) ++p;
  struct Word {
    std::u32string_view w;
    const char* value;
  };
  static constexpr Word kWords[] = {{U"主动公开", "公开"},   {U"删减后公开", "公开"},
                                    {U"依申请公开", "内部"}, {U"不予公开", "内部"},
                                    {U"不公开", "内部"},     {U"免予公开", "内部"}};
  for (const Word& w : kWords) {
    if (!t.At(p, w.w)) continue;
    *end = p + w.w.size();
    return w.value;
  }
  return "";
}

struct Mark {
  std::string value;  // "内部" or "公开"
  size_t begin = 0;   // norm() byte range
  size_t end = 0;
  double confidence = 0;
};

}  // namespace

namespace internal {

std::optional<HeadAccessMark> FindHeadAccessMark(std::string_view line) {
  const Compact t(line);
  size_t k = 0;
  // A 份号 (000123) before the mark.
  while (k < t.c.size() && k < 8 && internal::IsDigitAscii(t.c[k])) ++k;
  if (k > 0 && k == t.c.size()) return std::nullopt;
  bool starred = false;
  size_t e = MatchSecret(t, k, &starred);
  if (e == kNpos) e = MatchInternal(t, k);
  if (e == kNpos) return std::nullopt;
  size_t after = e;
  if (const size_t u = MatchUrgency(t, e); u != kNpos) after = u;
  HeadAccessMark m;
  m.begin = t.begin[k];
  m.end = t.end[e - 1];
  m.whole_line = after == t.c.size();
  m.after = m.whole_line ? line.size() : t.begin[after];
  // Text follows: only a gap or the mark's ★ sets a mark apart from it (内部机构 is no mark).
  if (!m.whole_line && !t.gap[after] && !starred) return std::nullopt;
  return m;
}

}  // namespace internal

Field ExtractAccess(const DocText& doc, std::vector<ReviewFlag>* review) {
  std::vector<Mark> marks;
  const auto& paras = doc.paragraphs();
  // The head of page 1, up to the title or the first sentence.
  for (size_t i = 0; i < std::min(paras.size(), kHeadParagraphs) && paras[i].page <= 1; ++i) {
    const std::string_view p = doc.Para(i);
    if (auto m = internal::FindHeadAccessMark(p); m && (m->whole_line || i == 0)) {
      marks.push_back({"内部", paras[i].begin + m->begin, paras[i].begin + m->end,
                       m->whole_line ? 1.0 : 0.9});
      break;
    }
    const std::string c = internal::RemoveSpaces(p);
    if (c.find("。") != std::string::npos || c.find("关于") != std::string::npos ||
        internal::EndsWith(c, "："))
      break;
  }
  // 附注 and 公开属性 lines, wherever the 落款 of the notice (or of the document) is.
  for (size_t i = 0; i < paras.size(); ++i) {
    const std::string_view p = doc.Para(i);
    if (p.find("公开") == std::string_view::npos) continue;  // fast path: every mark says 公开
    const Compact t(p);
    for (size_t k = 0; k < t.c.size(); ++k) {
      size_t end = 0;
      double confidence = 1.0;
      std::string value;
      bool closed = true, with_this = false;
      if (Is(kOpenBrackets, t.c[k]) || (k == 0 && t.At(k, U"此件"))) {
        value = MatchNote(t, k, &end, &closed, &with_this);
        if (!value.empty() && !with_this && t.c.size() - (end - k) > kBareMarkContext) value.clear();
        if (!closed) confidence = 0.8;
      } else if (k == 0 || Is(U"。；，）】", t.c[k - 1]) || t.gap[k]) {
        value = MatchDisclosureLine(t, k, &end);
      }
      if (value.empty()) continue;
      marks.push_back({value, paras[i].begin + t.begin[k], paras[i].begin + t.end[end - 1],
                       confidence});
      k = end - 1;
    }
  }

  const Mark* internal = nullptr;
  const Mark* open = nullptr;
  for (const Mark& m : marks) {
    if (m.value == "内部" && internal == nullptr) internal = &m;
    if (m.value == "公开" && open == nullptr) open = &m;
  }
  const Mark* decided = internal != nullptr ? internal : open;
  Field f;
  if (decided == nullptr) return f;
  f.value = decided->value;
  f.as_written = doc.Original(decided->begin, decided->end);
  f.span = doc.SpanOf(decided->begin, decided->end);
  f.confidence = decided->confidence;
  if (internal != nullptr && open != nullptr && review != nullptr) {
    review->push_back({"access", "文件既标有“" + f.as_written + "”又标有“" +
                                     doc.Original(open->begin, open->end) +
                                     "”，已按内部文件处理，请核对"});
  }
  return f;
}

}  // namespace sanding::extract
