// The body of a 三定 regulation: sections recognised by meaning, then 主要职责 clauses, 职责调整 /
// 职能转变 items, 内设机构 and 人员编制.
//
// The normalised text is read as code points (with the byte offset of each, for spans) and cut
// into blocks: a block is a paragraph, or the part of one that starts at a numbered marker
// written inline after a sentence end (OCR and text layers often put "。（八）…" or "：（一）办公室"
// on one line). A small state machine walks the blocks: headings (一、主要职责, 第四条 …主要职责是：,
// a bare 内设机构 line, （九）职责调整。…) and cue sentences (主要职责是：, 根据上述职责，X设N个内设机构)
// switch the section; each section has its reader. Staffing is read from every block that is not
// a duty clause or a unit's duty, so 第五条 articles and approval files (调整后行政编制为N名) work
// the same way.
#include "indexer/extract/sections.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "indexer/extract/internal/fields_util.h"

namespace sanding::extract {
namespace {

using U32 = std::u32string;
using U32View = std::u32string_view;

// ---------------------------------------------------------------------------------------------
// Code points with their byte offsets in norm().

struct CpText {
  U32 s;
  std::vector<size_t> off;  // off[i]: byte offset of s[i]; off[s.size()] == byte size
};

CpText Decode(std::string_view text) {
  CpText t;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = 0xFFFD;
    t.s.push_back(static_cast<char32_t>(c));
    t.off.push_back(static_cast<size_t>(start));
  }
  t.off.push_back(text.size());
  return t;
}

std::string Utf8(U32View s) {
  std::string out;
  for (char32_t c : s) {
    uint8_t buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(buf, len, 4, static_cast<UChar32>(c), err);
    if (!err) out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
  }
  return out;
}

bool Contains(U32View s, U32View w) { return s.find(w) != U32View::npos; }
bool StartsWith(U32View s, U32View w) { return s.substr(0, w.size()) == w; }
bool EndsWith(U32View s, U32View w) {
  return s.size() >= w.size() && s.substr(s.size() - w.size()) == w;
}
bool OneOf(char32_t c, U32View set) { return set.find(c) != U32View::npos; }

bool IsIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}
bool IsSpace(char32_t c) { return c == ' ' || c == 0x3000 || c == '\t'; }
// Sentence ends; '.' only counts when OCR put it where 。 was (handled by callers).
bool IsSentenceEnd(char32_t c) { return OneOf(c, U"。；！？;"); }
// Stray characters OCR leaves around markers and at the ends of items.
bool IsStray(char32_t c) { return IsSpace(c) || OneOf(c, U"“”\"'‘’`·・,，、.。-_|~"); }

// ---------------------------------------------------------------------------------------------
// Numerals.

int DigitValue(char32_t c) { return internal::NumeralValue(c); }
int UnitValue(char32_t c) {
  switch (c) {
    case U'十': case U'拾': return 10;
    case U'百': case U'佰': return 100;
    case U'千': case U'仟': return 1000;
    default: return -1;
  }
}
bool IsArabicDigit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }
bool IsNumeral(char32_t c) { return DigitValue(c) >= 0 || UnitValue(c) > 0; }

int ParseCountU32(U32View s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (s.empty() || s.size() > 8) return -1;
  if (std::all_of(s.begin(), s.end(), IsArabicDigit)) {
    int v = 0;
    for (char32_t c : s) v = v * 10 + DigitValue(c);
    return v;
  }
  int total = 0;
  int pending = -1;         // a digit waiting for its unit
  bool positional = false;  // digits written one after another (一〇五)
  bool last_digit = false;  // the previous character was a non-zero digit or a positional one
  for (char32_t c : s) {
    const int d = DigitValue(c);
    const int u = UnitValue(c);
    if (d >= 0 && !IsArabicDigit(c)) {
      if (last_digit) positional = true;
      if (positional) {
        pending = std::max(pending, 0) * 10 + d;
        last_digit = true;
      } else {
        pending = d == 0 ? -1 : d;  // 一百零五: the 零 only holds a place
        last_digit = d != 0;
      }
    } else if (u > 0) {
      last_digit = false;
      if (positional) return -1;
      total += (pending < 0 ? 1 : pending) * u;
      pending = -1;
    } else {
      return -1;
    }
  }
  if (positional) return pending;
  return total + std::max(pending, 0);
}

// ---------------------------------------------------------------------------------------------
// Item markers: 一、 （一） 1． 第一条, with the shapes OCR gives them: (一) ( 一 ) C一) 伍） 一．

enum class MarkerKind { kNone, kTop, kParen, kArabic, kArticle };

struct Marker {
  MarkerKind kind = MarkerKind::kNone;
  bool arabic = false;  // numbered with 1 2 3 rather than 一 二 三
  int value = -1;
  size_t len = 0;       // code points of marker plus following stray characters
  bool garbled = false; // damaged by OCR: matches any bracketed or arabic list style
  bool SameStyle(const Marker& o) const {
    if (garbled || o.garbled) {
      return (kind == MarkerKind::kParen || kind == MarkerKind::kArabic) &&
             (o.kind == MarkerKind::kParen || o.kind == MarkerKind::kArabic);
    }
    return kind == o.kind && arabic == o.arabic;
  }
};

// Reads a numeral run of 1..max_len code points at s[i]; returns its end.
size_t NumeralRun(U32View s, size_t i, size_t max_len, bool* arabic) {
  size_t k = i;
  while (k < s.size() && k - i < max_len && IsNumeral(s[k]) && !OneOf(s[k], U"千仟百佰")) ++k;
  // 'O'/'o'/'l' for 0/1 inside arabic runs are OCR confusions; not accepted in markers.
  *arabic = k > i && std::all_of(s.begin() + static_cast<ptrdiff_t>(i),
                                 s.begin() + static_cast<ptrdiff_t>(k), IsArabicDigit);
  if (k > i && !*arabic) {  // a CJK run must not mix in arabic digits
    for (size_t j = i; j < k; ++j)
      if (IsArabicDigit(s[j])) return i;
  }
  return k;
}

size_t SkipStray(U32View s, size_t k) {
  while (k < s.size() && (IsSpace(s[k]) || OneOf(s[k], U"“”\"'‘’`"))) ++k;
  return k;
}

// An item marker OCR damaged: （）, （王）, （《一）, “一）, 人GE） — an opening bracket with at most
// two characters before the closing one, or, at the start of a line, one to three characters
// (not all plain ideographs) before it. The value is read when the numeral survived, else 0.
Marker GarbledMarker(U32View s, size_t i, bool line_start) {
  static constexpr U32View kOpen = U"（(〔[【{｛《〈「『<";
  static constexpr U32View kClose = U"）)〕]】}｝」』>";
  Marker m;
  size_t close = i;
  while (close < s.size() && close - i <= 3 && !OneOf(s[close], kClose)) {
    if (IsSentenceEnd(s[close]) || OneOf(s[close], U"，：、")) return m;
    ++close;
  }
  if (close >= s.size() || close - i > 3 || !OneOf(s[close], kClose)) return m;
  const bool opened = OneOf(s[i], kOpen);
  const U32View inner = s.substr(opened ? i + 1 : i, close - i - (opened ? 1 : 0));
  if (opened) {
    if (inner.size() > 2) return m;
  } else {
    if (!line_start || inner.empty()) return m;
    bool odd = inner.size() == 1;  // 中）负责…: one character before the bracket
    for (char32_t c : inner) odd |= !IsIdeograph(c) || IsNumeral(c);
    if (!odd) return m;
  }
  m.kind = MarkerKind::kParen;
  m.garbled = true;
  U32 digits;
  for (char32_t c : inner)
    if (IsNumeral(c)) digits.push_back(c);
  m.arabic = !digits.empty() && std::all_of(digits.begin(), digits.end(), IsArabicDigit);
  m.value = digits.empty() ? 0 : std::max(0, ParseCountU32(digits));
  m.len = SkipStray(s, close + 1) - i;
  return m;
}

Marker MarkerAt(U32View s, size_t i, bool line_start) {
  Marker m;
  if (i >= s.size()) return m;
  bool arabic = false;
  // 第X条
  if (s[i] == U'第') {
    size_t k = NumeralRun(s, i + 1, 5, &arabic);
    size_t num_end = k;
    while (k < s.size() && IsSpace(s[k])) ++k;
    if (num_end > i + 1 && k < s.size() && s[k] == U'条') {
      m.kind = MarkerKind::kArticle;
      m.arabic = arabic;
      m.value = ParseCountU32(s.substr(i + 1, num_end - i - 1));
      m.len = SkipStray(s, k + 1) - i;
    }
    return m;
  }
  // （一） and OCR shapes of it.
  static constexpr U32View kOpen = U"（(〔[【{｛《〈「『<Cc";
  static constexpr U32View kClose = U"）)〕]】}｝」』>";
  size_t k = i;
  bool opened = false;
  if (OneOf(s[k], kOpen)) {
    opened = true;
    ++k;
    while (k < s.size() && IsSpace(s[k])) ++k;
  }
  const size_t num_begin = k;
  const size_t num_end = NumeralRun(s, k, 3, &arabic);
  if (num_end > num_begin) {
    k = num_end;
    while (k < s.size() && IsSpace(s[k])) ++k;
    const int value = ParseCountU32(s.substr(num_begin, num_end - num_begin));
    if (k < s.size() && OneOf(s[k], kClose) && (opened || line_start) && value > 0) {
      m.kind = MarkerKind::kParen;
      m.arabic = arabic;
      m.value = value;
      m.len = SkipStray(s, k + 1) - i;
      return m;
    }
    if (opened) return GarbledMarker(s, i, line_start);
    // 一、 (headings), 1． 1. 1、 (items)
    if (k < s.size() && value > 0 && OneOf(s[k], U"、．.")) {
      const bool next_digit = k + 1 < s.size() && IsArabicDigit(s[k + 1]);
      if (arabic && num_end - num_begin <= 2 && !next_digit) {
        m.kind = MarkerKind::kArabic;
      } else if (!arabic) {
        m.kind = MarkerKind::kTop;
      } else {
        return m;
      }
      m.arabic = arabic;
      m.value = value;
      m.len = SkipStray(s, k + 1) - i;
      return m;
    }
  }
  // 、内设机构: a heading whose numeral OCR lost.
  if (s[i] == U'、') {
    m.kind = MarkerKind::kTop;
    m.len = SkipStray(s, i + 1) - i;
    return m;
  }
  return GarbledMarker(s, i, line_start);
}

// ---------------------------------------------------------------------------------------------
// Section headings by meaning.

enum class Sec { kNone, kAdjust, kDuties, kUnits, kStaffing, kOther };

struct Keyword {
  U32View word;
  Sec sec;
};
// Longest first within each family, so decomposition takes whole words.
constexpr Keyword kHeadingWords[] = {
    {U"职能配置", Sec::kDuties},   {U"主要职责", Sec::kDuties},   {U"主要职能", Sec::kDuties},
    {U"职责任务", Sec::kDuties},   {U"主要任务", Sec::kDuties},   {U"工作职责", Sec::kDuties},
    {U"职责调整", Sec::kAdjust},   {U"职能调整", Sec::kAdjust},   {U"职能转变", Sec::kAdjust},
    {U"转变职能", Sec::kAdjust},   {U"职责划转", Sec::kAdjust},   {U"划入的职责", Sec::kAdjust},
    {U"划出的职责", Sec::kAdjust}, {U"取消的职责", Sec::kAdjust}, {U"加强的职责", Sec::kAdjust},
    {U"下放的职责", Sec::kAdjust}, {U"转移的职责", Sec::kAdjust}, {U"内设机构", Sec::kUnits},
    {U"机构设置", Sec::kUnits},    {U"内设科室", Sec::kUnits},    {U"职能科室", Sec::kUnits},
    {U"科室设置", Sec::kUnits},    {U"人员编制", Sec::kStaffing}, {U"领导职数", Sec::kStaffing},
    {U"人员配备", Sec::kStaffing}, {U"编制", Sec::kStaffing},     {U"有关职责分工", Sec::kOther},
    {U"职责分工", Sec::kOther},    {U"其他事项", Sec::kOther},    {U"其它事项", Sec::kOther},
    {U"附则", Sec::kOther},        {U"组织实施", Sec::kOther},    {U"职责", Sec::kDuties},
    {U"职能", Sec::kDuties},       {U"机构", Sec::kUnits},
};

// The section a heading text names, or kNone when the text is not made of section words only
// (机构设置明确如下 is a sentence, not a heading). One wrong character is tolerated in a
// four-character heading (OCR: 内设机枃).
Sec ClassifyHeading(U32View t) {
  while (!t.empty() && (IsStray(t.back()) || OneOf(t.back(), U"：:"))) t.remove_suffix(1);
  while (!t.empty() && IsStray(t.front())) t.remove_prefix(1);
  if (t.empty() || t.size() > 14) return Sec::kNone;
  std::vector<Sec> found;
  U32View rest = t;
  while (!rest.empty()) {
    if (OneOf(rest.front(), U"和及与、的 ")) {
      rest.remove_prefix(1);
      continue;
    }
    bool matched = false;
    for (const Keyword& k : kHeadingWords) {
      if (StartsWith(rest, k.word)) {
        found.push_back(k.sec);
        rest.remove_prefix(k.word.size());
        matched = true;
        break;
      }
    }
    if (!matched) break;
  }
  if (rest.empty() && !found.empty()) {
    const bool units = std::count(found.begin(), found.end(), Sec::kUnits) > 0;
    const bool adjust = std::count(found.begin(), found.end(), Sec::kAdjust) > 0;
    if (units && adjust) return Sec::kOther;  // a reform plan's 机构设置和职责调整
    return found.front();
  }
  if (t.size() == 4) {
    for (const Keyword& k : kHeadingWords) {
      if (k.word.size() != 4) continue;
      int diff = 0;
      for (size_t i = 0; i < 4; ++i) diff += t[i] != k.word[i];
      if (diff == 1) return k.sec;
    }
  }
  return Sec::kNone;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

constexpr U32View kDutyVerbs[] = {
    U"负责", U"承担", U"拟订", U"拟定", U"组织", U"指导", U"研究", U"监督", U"管理", U"协调",
    U"统筹", U"起草", U"参与", U"办理", U"编制", U"制定", U"贯彻", U"联系", U"审核", U"审查",
    U"受理", U"开展", U"牵头", U"实施", U"推进", U"分析", U"会同", U"归口", U"主管", U"督促",
    U"履行", U"综合", U"做好", U"落实", U"处理"};

bool StartsWithDutyVerb(U32View s) {
  for (U32View v : kDutyVerbs)
    if (StartsWith(s, v)) return true;
  return false;
}

// The text without a trailing bracketed note: 人事科（机关党委） -> 人事科.
U32View StripTrailingBracket(U32View s) {
  if (!s.empty() && s.back() == U'）') {
    const size_t open = s.rfind(U'（');
    if (open != U32View::npos && open > 0) return s.substr(0, open);
  }
  return s;
}

bool EndsWithUnitSuffix(U32View name) {
  name = StripTrailingBracket(name);
  static constexpr U32View kSuffixes[] = {
      U"室", U"科", U"股", U"处", U"司", U"局", U"厅", U"部", U"中心", U"组", U"队",
      U"所", U"站", U"委", U"会", U"办", U"院", U"馆", U"庭", U"组", U"党委", U"分局"};
  for (U32View s : kSuffixes)
    if (EndsWith(name, s)) return true;
  return false;
}

bool EndsWithBodySuffix(U32View name) {
  static constexpr U32View kSuffixes[] = {U"局", U"委员会", U"委", U"办公室", U"办", U"厅",
                                          U"部", U"院", U"署", U"中心", U"政府", U"站",
                                          U"所", U"会", U"队", U"处", U"科", U"室", U"总局"};
  for (U32View s : kSuffixes)
    if (EndsWith(name, s)) return true;
  return false;
}

// A leader post: 局长, 副主任, 正副科长（主任）, 总工程师 ... (not 主任科员, a non-leading rank).
bool IsLeaderPost(U32View post) {
  if (post.empty() || post.size() > 14 || Contains(post, U"科员") || Contains(post, U"编制"))
    return false;
  U32View core = StripTrailingBracket(post);
  static constexpr U32View kTitles[] = {U"长", U"主任", U"书记", U"主席", U"总师", U"工程师",
                                        U"会计师", U"督察", U"专员", U"领导职数", U"职数",
                                        U"委员"};
  for (U32View t : kTitles)
    if (EndsWith(core, t)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Blocks.

struct Block {
  size_t b = 0, e = 0;  // code point range in the text
  Marker m;
  size_t body = 0;      // b + marker length
  size_t para = 0;      // paragraph index
};

// Whether a marker may start a block in the middle of a paragraph (after a sentence end).
bool InlineMarker(U32View s, size_t i, const Marker& m) {
  switch (m.kind) {
    case MarkerKind::kParen:
    case MarkerKind::kArticle:
    case MarkerKind::kArabic:
      return true;
    case MarkerKind::kTop: {
      size_t end = i + m.len;
      while (end < s.size() && !IsSentenceEnd(s[end]) && s[end] != U'：' && s[end] != '\n') ++end;
      return ClassifyHeading(s.substr(i + m.len, end - i - m.len)) != Sec::kNone;
    }
    default:
      return false;
  }
}

std::vector<Block> MakeBlocks(const CpText& t, const DocText& doc, size_t from_byte) {
  std::vector<Block> blocks;
  const U32View s = t.s;
  size_t cp = 0;
  for (size_t pi = 0; pi < doc.paragraphs().size(); ++pi) {
    const Paragraph& p = doc.paragraphs()[pi];
    if (p.end <= from_byte) continue;
    const size_t begin_byte = std::max(p.begin, from_byte);
    while (cp < s.size() && t.off[cp] < begin_byte) ++cp;
    size_t pb = cp;
    size_t pe = pb;
    while (pe < s.size() && t.off[pe] < p.end) ++pe;
    // A staffing sentence broken by a line break the text layer or OCR did not join
    // (副局长3 / 名。, 副局 / 长4名。) stays one block.
    while (pi + 1 < doc.paragraphs().size() && pe > pb && pe + 1 < s.size()) {
      const U32View para = s.substr(pb, pe - pb);
      const bool cut_count = IsNumeral(s[pe - 1]) && s[pe + 1] == U'名';
      const bool open_staffing =
          !IsSentenceEnd(s[pe - 1]) && s[pe - 1] != U'：' &&
          (para.find(U"编制") != U32View::npos || para.find(U"职数") != U32View::npos) &&
          para.find(U'名') != U32View::npos;
      if (!cut_count && !open_staffing) break;
      size_t ne = pe + 1;
      while (ne < s.size() && t.off[ne] < doc.paragraphs()[pi + 1].end) ++ne;
      const U32View next = s.substr(pe + 1, ne - pe - 1);
      const Marker nm = MarkerAt(next, 0, true);
      if (!cut_count && (next.size() > 20 || next.find(U'名') == U32View::npos ||
                         (nm.kind != MarkerKind::kNone && next[0] != U'、'))) {
        break;
      }
      ++pi;
      pe = ne;
    }
    cp = pe;
    while (pb < pe && IsSpace(s[pb])) ++pb;
    if (pb >= pe) continue;
    size_t start = pb;
    Marker m = MarkerAt(s.substr(0, pe), pb, true);
    for (size_t i = pb + 1; i < pe; ++i) {
      char32_t prev = s[i - 1];
      size_t j = i;
      if (!(IsSentenceEnd(prev) || prev == U'：' || prev == ':')) continue;
      while (j < pe && IsSpace(s[j])) ++j;
      if (j >= pe) break;
      const Marker next = MarkerAt(s.substr(0, pe), j, false);
      if (next.kind == MarkerKind::kNone || !InlineMarker(s.substr(0, pe), j, next)) continue;
      blocks.push_back(Block{start, i, m, start + m.len, pi});
      start = j;
      m = next;
      i = j;
    }
    blocks.push_back(Block{start, pe, m, std::min(start + m.len, pe), pi});
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// The reader.

class SectionReader {
 public:
  // `list`: the text is a duty list itself (ExtractDutyList): the reader starts inside the
  // duties section, each unnumbered printed line is a clause of its own, and a title line or
  // preamble before the first numbered item is not a clause.
  SectionReader(const DocText& doc, size_t from, bool list = false)
      : doc_(doc), t_(Decode(doc.norm())), s_(t_.s), list_(list) {
    from_ = std::min(from, doc.norm().size());
  }

  SectionFacts Run();

 private:
  enum class Sub { kNone, kCancelled, kOut, kIn, kStrengthened };

  U32View Text(size_t b, size_t e) const { return s_.substr(b, e - b); }
  Span SpanOf(size_t b, size_t e) const { return doc_.SpanOf(t_.off[b], t_.off[e]); }
  // [b, e) without leading stray characters and trailing sentence punctuation.
  void Trim(size_t* b, size_t* e) const {
    while (*b < *e && IsStray(s_[*b])) ++*b;
    while (*e > *b && (IsStray(s_[*e - 1]) || IsSentenceEnd(s_[*e - 1]))) --*e;
  }
  std::string Clean(size_t b, size_t e) const {
    Trim(&b, &e);
    U32 out;
    // Spaces and joined line breaks go, except one space between two ASCII words.
    for (size_t i = b; i < e; ++i) {
      if (s_[i] == '\n') continue;
      if (!IsSpace(s_[i]) || (i > b && i + 1 < e && s_[i - 1] < 0x80 && s_[i + 1] < 0x80))
        out.push_back(s_[i]);
    }
    return Utf8(out);
  }

  void CollectSelfNames();
  bool HeadingOf(const Block& blk, Sec* sec, size_t* rest) const;
  Sec ArticleSection(const Block& blk, size_t* rest) const;
  bool IsDutiesCue(U32View text) const;
  bool IsUnitsCue(U32View text) const;
  bool HasStaffingCount(U32View text) const;

  void Enter(Sec sec);
  void OnContent(const Block& blk);
  void OnDutyBlock(const Block& blk, size_t b);
  std::vector<std::pair<size_t, size_t>> PrintedLines(size_t b, size_t e) const;
  void AddListLine(size_t b, size_t e);
  void OnUnitBlock(const Block& blk, size_t b);
  void OnAdjustText(size_t b, size_t e);
  void ReadUnitsIntro(size_t b, size_t e);
  void NewUnit(size_t b, size_t e, size_t span_b);
  void AddUnitDuties(size_t b, size_t e);
  void ReadStaffing(size_t b, size_t e);
  void ReadStaffingClause(size_t b, size_t e);
  std::optional<DutyAdjustment> ReadAdjustment(size_t b, size_t e) const;
  void Review();

  const DocText& doc_;
  CpText t_;
  U32View s_;
  size_t from_ = 0;
  const bool list_ = false;
  SectionFacts out_;

  Sec sec_ = Sec::kNone;
  bool duty_section_seen_ = false;
  bool units_section_seen_ = false;
  bool duties_ended_ = false;
  std::optional<Marker> duty_style_;
  bool duty_unnumbered_ = false;
  bool last_duty_open_ = false;  // the last clause did not end its sentence
  // Unnumbered paragraphs inside a numbered list (an item whose marker OCR lost): kept only when
  // a numbered item follows them.
  size_t pending_plain_ = 0;
  std::vector<int> duty_numbers_;
  std::optional<Marker> unit_style_;
  int units_expected_ = -1;
  std::vector<int> unit_numbers_;
  Sub sub_ = Sub::kNone;
  std::vector<U32> self_names_;
};

void SectionReader::CollectSelfNames() {
  // （以下简称市发改委） / （简称市计委） and the full name before it.
  static constexpr U32View kCues[] = {U"（以下简称", U"（简称", U"（以下统称"};
  const size_t start = static_cast<size_t>(
      std::lower_bound(t_.off.begin(), t_.off.end(), from_) - t_.off.begin());
  for (U32View cue : kCues) {
    size_t pos = start;
    while ((pos = s_.find(cue, pos)) != U32View::npos) {
      const size_t nb = pos + cue.size();
      const size_t ne = s_.find(U'）', nb);
      if (ne == U32View::npos || ne - nb > 20) break;
      self_names_.emplace_back(s_.substr(nb, ne - nb));
      size_t fb = pos;
      while (fb > 0 && !OneOf(s_[fb - 1], U"，。；：、　 \n）") && pos - fb < 40) --fb;
      U32View full = Text(fb, pos);
      for (U32View lead : {U32View(U"设立"), U32View(U"设置"), U32View(U"组建")})
        if (StartsWith(full, lead)) full.remove_prefix(lead.size());
      if (!full.empty() && EndsWithBodySuffix(full)) self_names_.emplace_back(full);
      pos = ne;
    }
  }
  for (U32View w : {U32View(U"本部门"), U32View(U"本局"), U32View(U"本委"), U32View(U"本机关"),
                    U32View(U"本单位"), U32View(U"本办")})
    self_names_.emplace_back(w);
}

// A block that is a section heading: 一、主要职责 / a bare 内设机构 line / （九）职责调整。… .
// *rest: where the block's content after the heading begins (== blk.e when none).
bool SectionReader::HeadingOf(const Block& blk, Sec* sec, size_t* rest) const {
  if (blk.m.kind == MarkerKind::kArticle) return false;
  // The heading words end at the first character that is not an ideograph: 一、主要职责，
  // （九）职责调整。将… , and OCR's 一、主要职能”根据以上职责调整… (a heading run into the next line).
  size_t end = blk.body;
  while (end < blk.e && IsIdeograph(s_[end])) ++end;
  const Sec c = ClassifyHeading(Text(blk.body, end));
  *rest = end;
  while (*rest < blk.e && (IsStray(s_[*rest]) || IsSentenceEnd(s_[*rest]) ||
                           OneOf(s_[*rest], U"：:"))) {
    ++*rest;
  }
  if (c != Sec::kNone) {
    *sec = c;
    return true;
  }
  // A heading line whose numeral OCR turned into debris: 至人员编制, =入员编制.
  if (blk.m.kind == MarkerKind::kNone && blk.e - blk.body <= 10) {
    for (size_t drop = 1; drop <= 2; ++drop) {
      const size_t hb = blk.body + drop;
      if (hb + 4 > blk.e) break;
      bool debris = false;
      for (size_t i = blk.body; i < hb; ++i) debris |= !IsIdeograph(s_[i]);
      size_t he = hb;
      while (he < blk.e && IsIdeograph(s_[he])) ++he;
      if (he != blk.e && !IsStray(s_[he])) continue;
      const Sec d = ClassifyHeading(Text(hb, he));
      if (d != Sec::kNone && (debris || he - hb >= 4)) {
        *sec = d;
        *rest = blk.e;
        return true;
      }
    }
  }
  end = blk.body;
  while (end < blk.e && !IsSentenceEnd(s_[end]) && s_[end] != U'：' && s_[end] != ':') ++end;
  *rest = blk.e;
  // Other top-level headings (一、指导思想和基本原则, 四、组织实施) close the section; in a
  // duty list 一、 numbers the clauses (一、负责价格监督检查).
  if (blk.m.kind == MarkerKind::kTop && end == blk.e && end - blk.body <= 14 && !list_) {
    bool digits = false;
    for (size_t i = blk.body; i < end; ++i) digits |= IsArabicDigit(s_[i]);
    if (!digits) {
      *sec = Sec::kOther;
      return true;
    }
  }
  return false;
}

bool SectionReader::IsDutiesCue(U32View text) const {
  static constexpr U32View kCues[] = {U"主要职责是", U"主要职责为", U"主要职责如下", U"主要职能是",
                                      U"主要职责：",  U"主要职能：",  U"职责是：",     U"职责如下"};
  for (U32View c : kCues) {
    const size_t pos = text.find(c);
    if (pos == U32View::npos) continue;
    // The cue ends its sentence: what follows is the list (or nothing on this block).
    size_t k = pos + c.size();
    while (k < text.size() && (IsStray(text[k]) || OneOf(text[k], U"：:"))) ++k;
    if (k >= text.size() || text.size() - k < 4) return true;
  }
  return false;
}

bool SectionReader::IsUnitsCue(U32View text) const {
  if (StartsWith(text, U"根据上述职责") || StartsWith(text, U"根据以上职责")) {
    if (Contains(text, U"设") || Contains(text, U"机构")) return true;
  }
  if (Contains(text, U"设下列") || Contains(text, U"内设机构如下") ||
      Contains(text, U"内设机构为") || Contains(text, U"内设以下"))
    return true;
  // 设N个内设机构 / 设4个职能科（室） / 内设机构N个
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] != U'设') continue;
    size_t k = i + 1;
    while (k < text.size() && (IsNumeral(text[k]) || IsSpace(text[k]))) ++k;
    if (k > i + 1 && k < text.size() && text[k] == U'个') {
      U32View after = text.substr(k + 1, 6);
      if (Contains(after, U"机构") || Contains(after, U"科") || Contains(after, U"处") ||
          Contains(after, U"股") || Contains(after, U"室") || Contains(after, U"部门"))
        return true;
    }
  }
  return false;
}

// 行政编制N名 / 事业编制N名 somewhere in the text.
bool SectionReader::HasStaffingCount(U32View text) const {
  if (Contains(text, U"领导职数") && text.find(U'名') != U32View::npos) return true;
  size_t pos = 0;
  while ((pos = text.find(U"编", pos)) != U32View::npos) {
    // 编制, or 编 after 行政/事业/人员 … with its 制 misread.
    const bool establishment = (pos + 1 < text.size() && text[pos + 1] == U'制') ||
                               (pos > 0 && OneOf(text[pos - 1], U"政业员项勤"));
    if (!establishment) {
      ++pos;
      continue;
    }
    size_t k = pos + 2;
    while (k < text.size() && k < pos + 8 && !IsNumeral(text[k]) && !IsSentenceEnd(text[k])) ++k;
    size_t n = k;
    while (n < text.size() && (IsNumeral(text[n]) || IsSpace(text[n]))) ++n;
    if (n > k && n < text.size() && text[n] == U'名') return true;
    pos += 2;
  }
  return false;
}

// The section an article opens: 第三条 X的主要职责是： / 第四条 X设下列内设机构： / 第五条 X机关行政
// 编制N名 / （none of these: an article of its own, which closes the previous section).
Sec SectionReader::ArticleSection(const Block& blk, size_t* rest) const {
  U32View body = Text(blk.body, blk.e);
  *rest = blk.e;
  if (IsDutiesCue(body)) return Sec::kDuties;
  if (IsUnitsCue(body)) {
    *rest = blk.body;
    return Sec::kUnits;
  }
  if (HasStaffingCount(body)) return Sec::kStaffing;
  size_t end = 0;
  while (end < body.size() && !IsSentenceEnd(body[end]) && body[end] != U'：') ++end;
  const Sec c = ClassifyHeading(body.substr(0, end));
  if (c != Sec::kNone) {
    *rest = std::min(blk.e, blk.body + end + 1);
    return c;
  }
  return Sec::kOther;
}

void SectionReader::Enter(Sec sec) {
  if (sec_ == Sec::kDuties && sec != Sec::kDuties) {
    out_.duties.resize(out_.duties.size() - pending_plain_);
    pending_plain_ = 0;
    if (!out_.duties.empty()) duties_ended_ = true;
  }
  sec_ = sec;
  sub_ = Sub::kNone;
  if (sec == Sec::kDuties) {
    if (duties_ended_) {
      // A second 主要职责 cue after a finished list (e.g. heading, then 根据以上职责调整…主要职责是：)
      // keeps the list; a real second list would be a unit's duties, not the body's.
      sec_ = Sec::kOther;
      return;
    }
    duty_section_seen_ = true;
  }
  if (sec == Sec::kUnits) units_section_seen_ = true;
}

// Duty lists: the printed lines of [b, e) (DocText joins lines it takes for wrapped ones; in an
// unnumbered list every line is an item).
std::vector<std::pair<size_t, size_t>> SectionReader::PrintedLines(size_t b, size_t e) const {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = b;
  for (size_t i = b + 1; i < e; ++i) {
    const Span prev = SpanOf(i - 1, i);
    const Span cur = SpanOf(i, i + 1);
    if (prev.page == 0 || prev.page != cur.page || cur.begin < prev.end) continue;
    const std::string& page = doc_.pages()[prev.page - 1];
    if (cur.begin > page.size()) continue;
    if (std::string_view(page).substr(prev.end, cur.begin - prev.end).find('\n') ==
        std::string_view::npos)
      continue;
    out.emplace_back(start, i);
    start = i;
  }
  out.emplace_back(start, e);
  return out;
}

// One line of an unnumbered duty list: a clause, unless it is the list's title line
// (清河市数据管理局主要职责（征求意见稿）) or too short to be one.
void SectionReader::AddListLine(size_t b, size_t e) {
  size_t cb = b, ce = e;
  Trim(&cb, &ce);
  if (cb >= ce || ce - cb < 4) return;
  const U32View t = StripTrailingBracket(Text(cb, ce));
  const bool title = t.size() <= 40 && t.find_first_of(U"，。；：、") == U32View::npos;
  bool heading_word = false;
  for (U32View w : {U32View(U"主要职责"), U32View(U"职能配置"), U32View(U"主要职能"),
                    U32View(U"职责任务"), U32View(U"工作职责")})
    heading_word |= EndsWith(t, w);
  if (title && heading_word && !StartsWithDutyVerb(t)) return;
  duty_unnumbered_ = true;
  last_duty_open_ = false;
  DutyClause d;
  d.text = Clean(cb, ce);
  d.span = SpanOf(cb, ce);
  d.boilerplate = IsBoilerplateDuty(d.text);
  out_.duties.push_back(std::move(d));
}

void SectionReader::OnDutyBlock(const Block& blk, size_t b) {
  const size_t e = blk.e;
  if (list_ && blk.m.kind == MarkerKind::kNone && (out_.duties.empty() || duty_unnumbered_)) {
    for (auto [lb, le] : PrintedLines(b, e)) AddListLine(lb, le);
    return;
  }
  if (blk.m.kind == MarkerKind::kParen || blk.m.kind == MarkerKind::kArabic ||
      blk.m.kind == MarkerKind::kTop) {
    if (list_ && !duty_style_ && duty_unnumbered_) {
      // Unnumbered paragraphs before the first numbered item were a preamble.
      out_.duties.clear();
      duty_unnumbered_ = false;
      pending_plain_ = 0;
    }
    if (!duty_style_) duty_style_ = blk.m;
    if (blk.m.SameStyle(*duty_style_) || out_.duties.empty()) {
      DutyClause d;
      d.number = Utf8(Text(blk.b, blk.body));
      while (!d.number.empty() && (d.number.back() == ' ')) d.number.pop_back();
      size_t cb = b, ce = e;
      Trim(&cb, &ce);
      if (cb >= ce) return;
      d.text = Clean(cb, ce);
      d.span = SpanOf(cb, ce);
      d.boilerplate = IsBoilerplateDuty(d.text);
      last_duty_open_ = !IsSentenceEnd(s_[e - 1]) && s_[e - 1] != U'.';
      duty_numbers_.push_back(blk.m.value);
      pending_plain_ = 0;
      out_.duties.push_back(std::move(d));
      return;
    }
  }
  // A sub-item of the last clause, a wrapped continuation, or an unnumbered list.
  if (!out_.duties.empty() && (last_duty_open_ || blk.m.kind != MarkerKind::kNone)) {
    DutyClause& d = out_.duties.back();
    d.text += Clean(blk.b, e);
    last_duty_open_ = !IsSentenceEnd(s_[e - 1]);
    return;
  }
  const bool numbered_list = !out_.duties.empty() && !duty_unnumbered_;
  if (out_.duties.empty() || duty_unnumbered_ || (numbered_list && e - b > 8)) {
    size_t cb = b, ce = e;
    Trim(&cb, &ce);
    if (cb >= ce || ce - cb < 4) return;
    if (numbered_list) {
      ++pending_plain_;
    } else {
      duty_unnumbered_ = true;
    }
    last_duty_open_ = !IsSentenceEnd(s_[e - 1]);
    DutyClause d;
    d.text = Clean(cb, ce);
    d.span = SpanOf(cb, ce);
    d.boilerplate = IsBoilerplateDuty(d.text);
    out_.duties.push_back(std::move(d));
    return;
  }
  // Short noise (running heads, OCR debris) is skipped.
}

// Splits "办公室负责机关…" / "办公室。负责…" / "办公室：负责…" / "办公室" into name and duties.
void SectionReader::NewUnit(size_t b, size_t e, size_t span_b) {
  size_t cb = b, ce = e;
  Trim(&cb, &ce);
  if (cb >= ce) return;
  U32View text = Text(cb, ce);
  // The name runs into its duties (办公室负责…) or is closed by punctuation (办公室。负责…).
  const bool bare_name = text.size() <= 25 && EndsWithUnitSuffix(text) &&
                         text.find_first_of(U"。：:；，、") == U32View::npos;
  size_t run_in = U32View::npos;
  for (size_t i = 3; !bare_name && i < text.size() && i <= 25; ++i) {
    if (StartsWithDutyVerb(text.substr(i)) && EndsWithUnitSuffix(text.substr(0, i))) {
      run_in = i;
      break;
    }
  }
  size_t punct = U32View::npos;
  for (size_t i = 1; i < text.size() && i <= 30; ++i) {
    if (OneOf(text[i], U"。：:；，“”\"")) {
      punct = i;
      break;
    }
  }
  auto has_verb = [](U32View v) {
    for (size_t i = 0; i < v.size(); ++i)
      if (StartsWithDutyVerb(v.substr(i))) return true;
    return false;
  };
  size_t name_len = U32View::npos;
  size_t duties_from = U32View::npos;
  if (bare_name) {
    name_len = duties_from = text.size();
  } else if (text.size() <= 25 && text.find_first_of(U"。：:；，、") == U32View::npos &&
             (EndsWithUnitSuffix(text.substr(0, text.size() - 1)) ||
              (text.size() > 3 && EndsWithUnitSuffix(text.substr(0, text.size() - 2))))) {
    // OCR debris after the name: 综合科加, 办公室四.
    name_len = EndsWithUnitSuffix(text.substr(0, text.size() - 1)) ? text.size() - 1
                                                                   : text.size() - 2;
    duties_from = text.size();
  } else if (run_in != U32View::npos && (punct == U32View::npos || run_in < punct)) {
    name_len = duties_from = run_in;
  } else if (punct != U32View::npos && punct <= 20 &&
             (EndsWithUnitSuffix(text.substr(0, punct)) || !has_verb(text.substr(0, punct)))) {
    name_len = punct;
    duties_from = punct + 1;
  } else if (text.size() <= 25 && text.find_first_of(U"。；，") == U32View::npos) {
    name_len = duties_from = text.size();
  } else {
    return;  // not a unit line
  }
  Unit u;
  u.name = Clean(cb, cb + name_len);
  u.span = SpanOf(span_b, ce);
  out_.units.push_back(std::move(u));
  if (duties_from < text.size()) AddUnitDuties(cb + duties_from, e);
}

void SectionReader::AddUnitDuties(size_t b, size_t e) {
  if (out_.units.empty()) return;
  size_t start = b;
  for (size_t i = b; i <= e; ++i) {
    if (i == e || s_[i] == U'。' || s_[i] == U'；') {
      size_t cb = start, ce = i;
      Trim(&cb, &ce);
      if (ce > cb + 1) out_.units.back().duties.push_back(Clean(cb, ce));
      start = i + 1;
    }
  }
}

// 根据上述职责，X设4个内设机构： (the expected count) and, in older texts, the names listed in the
// same sentence: 设办公室、计划科、统计科等3个职能科室.
void SectionReader::ReadUnitsIntro(size_t b, size_t e) {
  U32View text = Text(b, e);
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != U'设' && !(text[i] == U'等' || text[i] == U'共')) continue;
    size_t k = i + 1;
    while (k < text.size() && (IsNumeral(text[k]) || IsSpace(text[k]))) ++k;
    if (k > i + 1 && k < text.size() && text[k] == U'个') {
      const int n = ParseCountU32(text.substr(i + 1, k - i - 1));
      if (n > 0) units_expected_ = n;
    }
  }
  // A names list: the 、-separated run after 设 or ：, each name ending like a unit.
  const size_t first_sep = text.find(U'、');
  if (first_sep == U32View::npos) return;
  size_t list_b = text.find_last_of(U"设：:", first_sep);
  if (list_b == U32View::npos) return;
  ++list_b;
  size_t list_e = list_b;
  while (list_e < text.size() && !IsSentenceEnd(text[list_e])) ++list_e;
  U32View list = text.substr(list_b, list_e - list_b);
  // Cut the trailing count: 等3个职能科室 / 3个内设机构.
  for (size_t i = 0; i < list.size(); ++i) {
    if ((list[i] == U'等' || IsNumeral(list[i])) && i + 1 < list.size()) {
      size_t k = list[i] == U'等' ? i + 1 : i;
      while (k < list.size() && IsNumeral(list[k])) ++k;
      if (k < list.size() && list[k] == U'个' && (k > i + 1 || list[i] != U'等')) {
        list = list.substr(0, i);
        break;
      }
    }
  }
  if (list.find(U'、') == U32View::npos) return;
  std::vector<std::pair<size_t, size_t>> names;
  size_t start = 0;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || OneOf(list[i], U"、，和及")) {
      U32View name = list.substr(start, i - start);
      if (name.empty() || !EndsWithUnitSuffix(name) || name.size() > 20) return;
      names.emplace_back(start, i);
      start = i + 1;
    }
  }
  const size_t base = b + list_b;
  for (auto [nb, ne] : names) {
    Unit u;
    u.name = Clean(base + nb, base + ne);
    u.span = SpanOf(base + nb, base + ne);
    out_.units.push_back(std::move(u));
    unit_numbers_.push_back(static_cast<int>(out_.units.size()));
  }
}

void SectionReader::OnUnitBlock(const Block& blk, size_t b) {
  const size_t e = blk.e;
  if (blk.m.kind == MarkerKind::kParen || blk.m.kind == MarkerKind::kArabic ||
      blk.m.kind == MarkerKind::kTop) {
    if (!unit_style_) unit_style_ = blk.m;
    if (blk.m.SameStyle(*unit_style_)) {
      unit_numbers_.push_back(blk.m.value);
      NewUnit(b, e, blk.b);
      return;
    }
    AddUnitDuties(b, e);  // a numbered duty of the current unit
    return;
  }
  size_t cb = b, ce = e;
  Trim(&cb, &ce);
  U32View text = Text(cb, ce);
  // An unnumbered unit name on its own line: 办公室 / 政策法规科.
  const bool name_line = text.size() <= 20 && EndsWithUnitSuffix(text) &&
                         !StartsWithDutyVerb(text) && text.find(U'，') == U32View::npos &&
                         !IsSentenceEnd(s_[e - 1]);
  if (name_line && !unit_style_ &&
      (out_.units.empty() || !out_.units.back().duties.empty())) {
    unit_numbers_.push_back(static_cast<int>(out_.units.size()) + 1);
    NewUnit(b, e, b);
    return;
  }
  if (!out_.units.empty()) {
    AddUnitDuties(b, e);
    return;
  }
  ReadUnitsIntro(b, e);
}

// Reads one 职责调整 / 职能转变 sentence. The action comes from the cue words, a 划入的职责 /
// 划出的职责 sub-heading deciding what a bare 划入 / 划给 means for this body.
std::optional<DutyAdjustment> SectionReader::ReadAdjustment(size_t b, size_t e) const {
  Trim(&b, &e);
  if (e <= b + 3) return std::nullopt;
  const U32View t = Text(b, e);
  DutyAdjustment a;
  a.text = Clean(b, e);
  a.span = SpanOf(b, e);

  auto cut_phrase = [](U32View p) {
    size_t end = 0;
    while (end < p.size() && !OneOf(p[end], U"，。；,;")) ++end;
    p = p.substr(0, end);
    static constexpr U32View kTails[] = {U"等事项", U"等职责", U"的职责", U"的职能",
                                         U"职责",   U"职能",   U"事项"};
    for (U32View tail : kTails) {
      if (EndsWith(p, tail) && p.size() > tail.size()) {
        p.remove_suffix(tail.size());
        break;
      }
    }
    if (EndsWith(p, U"等") && p.size() > 1) p.remove_suffix(1);
    return p;
  };
  auto set_counterpart = [&](size_t cb, size_t ce) {
    Trim(&cb, &ce);
    U32View c = Text(cb, ce);
    static constexpr U32View kTails[] = {U"承担", U"负责", U"管理", U"行使", U"履行", U"统一"};
    for (U32View tail : kTails)
      if (EndsWith(c, tail)) {
        ce -= tail.size();
        c.remove_suffix(tail.size());
      }
    if (c.empty() || c.size() > 30) return;
    a.counterpart.text = Clean(cb, ce);
    a.counterpart.span = SpanOf(cb, ce);
  };
  auto is_self = [&](U32View name) {
    for (const U32& n : self_names_)
      if (!n.empty() && (name == n || (name.size() > n.size() && EndsWith(name, n))))
        return true;
    return false;
  };

  // Transfers: 将A的X职责划入B / 将X职责划给B / X交由B承担 / 移交给B.
  static constexpr U32View kOutVerbs[] = {U"划转给", U"划转至", U"划转到", U"移交给", U"移交至",
                                          U"划给",   U"划出",   U"划归",   U"交由",   U"交给",
                                          U"移交",   U"转由",   U"下放至", U"下放给", U"下放到",
                                          U"下放"};
  static constexpr U32View kInVerbs[] = {U"划入", U"并入", U"承接", U"整合到", U"整合至"};
  size_t verb = U32View::npos, verb_len = 0;
  bool verb_in = false;
  for (U32View v : kInVerbs) {
    const size_t p = t.find(v);
    if (p != U32View::npos && p < verb) verb = p, verb_len = v.size(), verb_in = true;
  }
  for (U32View v : kOutVerbs) {
    const size_t p = t.find(v);
    if (p != U32View::npos && (p < verb || (p == verb && v.size() > verb_len)))
      verb = p, verb_len = v.size(), verb_in = false;
  }
  const bool cancelled = Contains(t, U"取消") || Contains(t, U"不再承担") ||
                         Contains(t, U"不再履行") || Contains(t, U"停止");
  if (verb != U32View::npos && !(cancelled && sub_ == Sub::kCancelled)) {
    // The owner: 将 <body>的 <duty> ...
    size_t duty_b = 0;
    if (StartsWith(t, U"将") || StartsWith(t, U"把")) duty_b = 1;
    size_t owner_b = duty_b, owner_e = U32View::npos;
    const size_t de = t.find(U'的', duty_b);
    if (de != U32View::npos && de < verb && de - duty_b <= 25 &&
        EndsWithBodySuffix(t.substr(duty_b, de - duty_b))) {
      owner_e = de;
      duty_b = de + 1;
    }
    // 将X职责由A划给B
    const size_t by = t.find(U'由', duty_b);
    size_t duty_e = verb;
    size_t by_b = U32View::npos;
    if (by != U32View::npos && by < verb && t.substr(by, 2) != U"由于") {
      duty_e = by;
      by_b = by + 1;
    }
    U32View duty = cut_phrase(t.substr(duty_b, duty_e - duty_b));
    a.duty = Utf8(duty);
    size_t target_b = verb + verb_len;
    while (target_b < t.size() && OneOf(t[target_b], U"给至到")) ++target_b;
    size_t target_e = target_b;
    while (target_e < t.size() && !OneOf(t[target_e], U"，。；,;")) ++target_e;
    const U32View target = t.substr(target_b, target_e - target_b);
    const U32View owner = owner_e != U32View::npos ? t.substr(owner_b, owner_e - owner_b)
                                                  : (by_b != U32View::npos
                                                         ? t.substr(by_b, verb - by_b)
                                                         : U32View());
    bool in = verb_in;
    if (sub_ == Sub::kIn) in = true;
    if (sub_ == Sub::kOut) in = false;
    if (sub_ == Sub::kNone) {
      if (is_self(target)) in = true;
      else if (!owner.empty() && is_self(owner)) in = false;
      else if (verb_in && owner.empty()) in = false;  // 将X职责划入B: B is another body
    }
    a.action = in ? "transferred_in" : "transferred_out";
    if (in) {
      if (!owner.empty() && (sub_ == Sub::kIn || !is_self(owner))) {
        const size_t ob = owner_e != U32View::npos ? owner_b : by_b;
        set_counterpart(b + ob, b + ob + owner.size());
      }
    } else if (sub_ == Sub::kOut || !is_self(target)) {
      set_counterpart(b + target_b, b + target_e);
    }
    return a;
  }
  // Cancellation, then strengthening, then other reform wording.
  struct Cue {
    U32View word;
    const char* action;
  };
  static constexpr Cue kCues[] = {
      {U"取消", "cancelled"},      {U"不再承担", "cancelled"},  {U"不再履行", "cancelled"},
      {U"停止", "cancelled"},      {U"加强", "strengthened"},   {U"强化", "strengthened"},
      {U"增加", "strengthened"},   {U"增强", "strengthened"},   {U"提高", "strengthened"},
      {U"提升", "strengthened"},   {U"完善", "strengthened"},   {U"健全", "strengthened"},
      {U"深化", "other"},          {U"推进", "other"},          {U"推动", "other"},
      {U"转变", "other"},          {U"优化", "other"},          {U"简化", "other"},
      {U"精简", "other"},          {U"规范", "other"},          {U"减少", "other"},
      {U"放宽", "other"},          {U"改革", "other"},
  };
  const char* fallback = nullptr;
  switch (sub_) {
    case Sub::kCancelled: fallback = "cancelled"; break;
    case Sub::kStrengthened: fallback = "strengthened"; break;
    default: break;
  }
  for (const char* action : {"cancelled", "strengthened", "other"}) {
    size_t best = U32View::npos;
    size_t len = 0;
    for (const Cue& c : kCues) {
      if (std::string_view(c.action) != action) continue;
      const size_t p = t.find(c.word);
      if (p != U32View::npos && p < best) best = p, len = c.word.size();
    }
    if (best == U32View::npos) continue;
    a.action = fallback != nullptr ? fallback : action;
    size_t db = best + len;
    while (db < t.size() && OneOf(t[db], U"对了")) ++db;
    a.duty = Utf8(cut_phrase(t.substr(db)));
    return a;
  }
  if (fallback != nullptr) {
    a.action = fallback;
    a.duty = Utf8(cut_phrase(t));
    return a;
  }
  return std::nullopt;
}

void SectionReader::OnAdjustText(size_t b, size_t e) {
  // A sub-heading: 划入的职责。 / （一）取消的职责： / 职能转变。
  size_t k = b;
  while (k < e && IsStray(s_[k])) ++k;
  struct SubWord {
    U32View word;
    Sub sub;
  };
  static constexpr SubWord kSubs[] = {
      {U"取消的职责", Sub::kCancelled}, {U"划出的职责", Sub::kOut},
      {U"转移的职责", Sub::kOut},       {U"下放的职责", Sub::kOut},
      {U"划入的职责", Sub::kIn},        {U"加强的职责", Sub::kStrengthened},
      {U"职能转变", Sub::kNone},        {U"转变职能", Sub::kNone},
      {U"职责调整", Sub::kNone},        {U"职能调整", Sub::kNone}};
  for (const SubWord& w : kSubs) {
    if (StartsWith(Text(k, e), w.word)) {
      sub_ = w.sub;
      k += w.word.size();
      break;
    }
  }
  size_t start = k;
  for (size_t i = k; i <= e; ++i) {
    if (i == e || IsSentenceEnd(s_[i])) {
      if (auto a = ReadAdjustment(start, i)) out_.adjustments.push_back(std::move(*a));
      start = i + 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Staffing.

void SectionReader::ReadStaffing(size_t b, size_t e) {
  size_t start = b;
  for (size_t i = b; i <= e; ++i) {
    if (i == e || IsSentenceEnd(s_[i])) {
      if (i > start) ReadStaffingClause(start, i);
      start = i + 1;
    }
  }
}

// One sentence: every "N名" with what it counts, read backwards to the previous separator.
void SectionReader::ReadStaffingClause(size_t b, size_t e) {
  const U32View t = Text(b, e);
  static constexpr U32View kChange[] = {U"核增", U"核减", U"增加", U"减少", U"划转", U"划出",
                                        U"划入", U"收回", U"调剂", U"调出", U"调入", U"现有",
                                        U"原有", U"原核定", U"增编", U"减编", U"下达"};
  auto gap = [](char32_t c) { return IsSpace(c) || c == '\n'; };
  for (size_t i = 1; i <= t.size(); ++i) {
    // "N名"; or a count ending the clause whose 名 OCR lost (局长1名、副局长3 at a page end).
    const bool unit_lost = i == t.size();
    // 各 after a count is OCR's 名 (局长1各).
    const bool unit_char =
        !unit_lost && (t[i] == U'名' || (t[i] == U'各' && IsNumeral(t[i - 1])));
    if (unit_lost ? !IsNumeral(t[i - 1]) : !unit_char) continue;
    if (!unit_lost && i + 1 < t.size() && OneOf(t[i + 1], U"称义录单额誉牌次")) continue;
    size_t ce = i;
    while (ce > 0 && gap(t[ce - 1])) --ce;
    size_t cb = ce;
    while (cb > 0 && (IsNumeral(t[cb - 1]) || (gap(t[cb - 1]) && cb - 1 > 0 &&
                                                IsArabicDigit(t[cb - 2]))))
      --cb;
    if (cb == ce) continue;
    U32 digits;
    for (size_t k = cb; k < ce; ++k)
      if (!gap(t[k])) digits.push_back(t[k]);
    const int count = ParseCountU32(digits);
    if (count < 0) continue;
    // The head: back to a separator, skipping a bracketed note (正副科长（主任）).
    size_t hb = cb;
    int depth = 0;
    while (hb > 0) {
      const char32_t c = t[hb - 1];
      if (c == U'）') ++depth;
      else if (c == U'（') {
        if (depth == 0) break;
        --depth;
      } else if (depth == 0 && OneOf(c, U"、，：；,:（ ")) {
        break;
      }
      --hb;
    }
    U32 head_chars;  // without the line breaks and spaces of wrapped text (副局\n长3名)
    for (size_t k = hb; k < cb; ++k)
      if (!gap(t[k])) head_chars.push_back(t[k]);
    U32View head = head_chars;
    if (head.empty()) continue;
    const bool in_note = hb > 0 && t[hb - 1] == U'（';
    if (in_note && StartsWith(head, U"含")) continue;  // （含总工程师1名）: inside another count
    StaffingItem item;
    item.count = count;
    // 编制, also with its second character misread (行政编负为14名).
    const bool is_establishment =
        (Contains(head, U"编制") || Contains(head, U"行政编") || Contains(head, U"事业编")) &&
        !Contains(head, U"领导职数");
    if (unit_lost && is_establishment) continue;
    if (is_establishment) {
      // A change (核增…编制3名, 现有编制41名) is an event, not this body's establishment;
      // the result (调整后…为44名, 核增后…为17名) is.
      const U32View clause = t.substr(0, cb);
      const size_t clause_b = clause.find_last_of(U"，,；");
      const U32View local = clause_b == U32View::npos ? clause : clause.substr(clause_b + 1);
      bool change = false;
      for (U32View w : kChange) change |= Contains(local, w);
      if (change && !Contains(local, U"后")) continue;
      if (Contains(head, U"行政编")) item.type = "行政编制";
      else if (Contains(head, U"事业编")) item.type = "事业编制";
      else item.type = "其他编制";
    } else {
      // Leader posts: strip what introduces them (其中 / 领导职数 / 相应调整为 / 设 / 配备).
      static constexpr U32View kLeads[] = {U"其中", U"领导职数", U"相应", U"调整为", U"核定为",
                                           U"核定", U"另设", U"配备", U"设", U"为", U"共",
                                           U"另", U"机关"};
      for (bool again = true; again;) {
        again = false;
        for (U32View l : kLeads)
          if (StartsWith(head, l) && head.size() > l.size()) {
            head.remove_prefix(l.size());
            for (size_t n = 0; n < l.size(); ++hb)
              if (!gap(t[hb])) ++n;
            again = true;
          }
      }
      if (!IsLeaderPost(head)) continue;
      item.type = "领导职数";
      item.post = Utf8(head);
      // OCR of the deputy's 副 (训局长, 剧局长) after the head's post in the same sentence.
      if (head.size() == 3 && !OneOf(head[0], U"副正总") &&
          (head.substr(1) == U"局长" || head.substr(1) == U"主任") &&
          t.substr(0, hb).find(head.substr(1)) != U32View::npos) {
        item.post = "副" + Utf8(head.substr(1));
      }
    }
    const size_t item_e = unit_lost ? i : i + 1;
    item.text = Clean(b + hb, b + item_e);
    item.span = SpanOf(b + hb, b + item_e);
    out_.staffing.push_back(std::move(item));
  }
}

// ---------------------------------------------------------------------------------------------

void SectionReader::Review() {
  auto flag = [&](const char* field, std::string msg) {
    out_.review.push_back(ReviewFlag{field, std::move(msg)});
  };
  if (duty_section_seen_ && out_.duties.empty())
    flag("duties", "主要职责：找到主要职责部分，但未识别出职责条目");
  // Numbering that jumps and goes on from the new number (一 二 四 五) lost an item; a single
  // odd number (一 二 五 四, 伍 read for 三) is a misread marker, and 0 an unreadable one.
  auto gaps = [](std::vector<int> nums) {
    for (size_t i = 1; i < nums.size(); ++i) {
      if (nums[i] <= 0) nums[i] = nums[i - 1] + 1;
      if (nums[i] == nums[i - 1] + 1) continue;
      const bool jump = nums[i] > nums[i - 1] + 1;
      if (jump && (i + 1 == nums.size() || nums[i + 1] == nums[i] + 1)) return true;
      nums[i] = nums[i - 1] + 1;
    }
    return false;
  };
  if (!duty_unnumbered_ && gaps(duty_numbers_))
    flag("duties", "主要职责：条目编号不连续，可能漏识别或编号识别有误");
  if (units_expected_ > 0 && static_cast<int>(out_.units.size()) != units_expected_) {
    flag("units", "内设机构：正文说设" + std::to_string(units_expected_) + "个，识别出" +
                      std::to_string(out_.units.size()) + "个");
  } else if (gaps(unit_numbers_)) {
    flag("units", "内设机构：编号不连续，可能漏识别");
  }
  if (units_section_seen_ && out_.units.empty())
    flag("units", "内设机构：找到内设机构部分，但未识别出机构名称");
  int establishment = 0, leaders = 0;
  bool has_establishment = false, has_leaders = false;
  for (const StaffingItem& s : out_.staffing) {
    if (s.type == "领导职数") {
      if (s.post.find("职数") == std::string::npos) leaders += s.count;
      has_leaders = true;
    } else {
      establishment += s.count;
      has_establishment = true;
    }
  }
  if (has_leaders && !has_establishment)
    flag("staffing", "人员编制：识别出领导职数，但未识别出编制数，请核对");
  if (has_establishment && leaders > establishment)
    flag("staffing", "人员编制：领导职数合计" + std::to_string(leaders) + "名，多于编制数" +
                         std::to_string(establishment) + "名，数字可能识别有误");
  for (const StaffingItem& s : out_.staffing)
    if (s.count == 0 || s.count > 5000)
      flag("staffing", "人员编制：“" + s.text + "”中的数字异常，请核对");
}

// A block that is not a heading: a cue sentence, or content of the current section.
void SectionReader::OnContent(const Block& blk) {
  const U32View body = Text(blk.body, blk.e);
  if (blk.m.kind == MarkerKind::kNone && IsDutiesCue(body)) {
    Enter(Sec::kDuties);
    return;
  }
  if (blk.m.kind == MarkerKind::kNone && IsUnitsCue(body)) {
    Enter(Sec::kUnits);
    ReadUnitsIntro(blk.body, blk.e);
    return;
  }
  if ((sec_ == Sec::kDuties || sec_ == Sec::kUnits) && HasStaffingCount(body) &&
      blk.m.kind == MarkerKind::kNone) {
    Enter(Sec::kStaffing);
  }
  bool consumed = false;
  switch (sec_) {
    case Sec::kDuties:
      OnDutyBlock(blk, blk.body);
      consumed = sec_ == Sec::kDuties;
      break;
    case Sec::kUnits:
      OnUnitBlock(blk, blk.body);
      consumed = true;
      break;
    case Sec::kAdjust:
      OnAdjustText(blk.body, blk.e);
      consumed = true;
      break;
    default:
      break;
  }
  if (!consumed) ReadStaffing(blk.b, blk.e);
}

SectionFacts SectionReader::Run() {
  CollectSelfNames();
  const std::vector<Block> blocks = MakeBlocks(t_, doc_, from_);
  if (list_) Enter(Sec::kDuties);
  for (const Block& blk : blocks) {
    Sec sec;
    size_t rest = blk.e;
    if (blk.m.kind == MarkerKind::kArticle) {
      sec = ArticleSection(blk, &rest);
      Enter(sec);
      if (sec == Sec::kUnits) ReadUnitsIntro(blk.body, blk.e);
      if (sec == Sec::kAdjust && rest < blk.e) OnAdjustText(rest, blk.e);
      ReadStaffing(blk.body, blk.e);
      continue;
    }
    // （九）职责调整。… inside a duty list, or any heading.
    if (HeadingOf(blk, &sec, &rest)) {
      if (sec == Sec::kAdjust &&
          (blk.m.kind == MarkerKind::kParen || blk.m.kind == MarkerKind::kArabic)) {
        if (sec_ != Sec::kAdjust) Enter(sec);
        OnAdjustText(blk.body, blk.e);  // a sub-heading item: reads its own sub-category
        continue;
      }
      Enter(sec);
      if (rest < blk.e) OnContent(Block{rest, blk.e, Marker{}, rest, blk.para});
      continue;
    }
    OnContent(blk);
  }
  Enter(Sec::kOther);  // drops unconfirmed trailing paragraphs of a duty list
  Review();
  return std::move(out_);
}

}  // namespace

SectionFacts ExtractSections(const DocText& doc, size_t from) {
  if (from == std::string::npos) from = 0;
  SectionReader reader(doc, from);
  return reader.Run();
}

std::vector<DutyClause> ExtractDutyList(const DocText& doc) {
  // A text with a recognisable 主要职责 section (a whole 三定, or a list under its heading cue)
  // reads as a regulation; anything else as a bare list.
  SectionFacts regular = ExtractSections(doc, 0);
  if (!regular.duties.empty()) return std::move(regular.duties);
  SectionReader reader(doc, 0, /*list=*/true);
  return reader.Run().duties;
}

int ParseCount(std::string_view s) {
  const CpText t = Decode(s);
  U32 clean;
  for (char32_t c : t.s)
    if (!IsSpace(c)) clean.push_back(c);
  return ParseCountU32(clean);
}

bool IsBoilerplateDuty(std::string_view clause) {
  U32 t = Decode(clause).s;
  t.erase(std::remove_if(t.begin(), t.end(), [](char32_t c) { return IsSpace(c); }), t.end());
  while (!t.empty() && (IsSentenceEnd(t.back()) || IsStray(t.back()))) t.pop_back();
  const U32View v = t;
  static constexpr U32View kGiven[] = {U"交办", U"交给", U"交付", U"布置", U"部署"};
  static constexpr U32View kEnds[] = {U"事项", U"任务", U"工作", U"事宜"};
  for (U32View g : kGiven) {
    const size_t p = v.rfind(g);
    if (p == U32View::npos) continue;
    U32View after = v.substr(p + g.size());
    if (StartsWith(after, U"的")) after.remove_prefix(1);
    if (StartsWith(after, U"其他") || StartsWith(after, U"其它")) after.remove_prefix(2);
    for (U32View e : kEnds)
      if (after == e) return true;
  }
  return false;
}

}  // namespace sanding::extract
