// 文号, dates, title kinds and instrument names. ExtractHead lives in internal/fields_head.cc.
#include "indexer/extract/fields.h"

#include <algorithm>

#include "indexer/extract/internal/fields_util.h"

namespace sanding::extract {

using internal::DecodeUtf8;
using internal::EncodeUtf8;
using internal::EndsWith;
using internal::RemoveSpaces;
using internal::StartsWith;

namespace {

// Publication verbs of a covering notice or order.
constexpr std::u32string_view kPublishVerbs[] = {U"印发", U"发布", U"公布", U"颁布", U"转发",
                                                 U"下发"};
// Generic words ending the name of a legal or normative instrument.
constexpr std::u32string_view kInstrumentWords[] = {U"条例", U"规定", U"办法", U"细则", U"规则",
                                                    U"规范", U"准则", U"章程", U"规程"};
// Markers that start the fixed part of a 三定 title after the institution's name.
constexpr std::u32string_view kSandingMarkers[] = {
    U"主要职责内设机构", U"主要职责、内设机构", U"职能配置、内设机构", U"职能配置内设机构",
    U"职能配置，内设机构", U"职责配置、内设机构", U"主要职能、内设机构", U"“三定”", U"\"三定\"",
    U"‘三定’", U"「三定」", U"三定方案", U"三定规定", U"机构职能编制方案", U"机构编制方案"};

bool EndsWithU(std::u32string_view s, std::u32string_view w) {
  return s.size() >= w.size() && s.substr(s.size() - w.size()) == w;
}
bool StartsWithU(std::u32string_view s, std::u32string_view w) {
  return s.size() >= w.size() && s.substr(0, w.size()) == w;
}

// Removes a short bracketed qualifier at the end: （试行） （暂行） （修订） （草案） （2021年修订）.
std::u32string_view StripQualifier(std::u32string_view s) {
  if (s.empty() || (s.back() != U'）' && s.back() != U')')) return s;
  const size_t open = s.find_last_of(U"（(");
  if (open == std::u32string_view::npos || s.size() - open > 12) return s;
  return s.substr(0, open);
}

bool EndsWithInstrumentWord(std::u32string_view s) {
  for (std::u32string_view w : kInstrumentWords)
    if (EndsWithU(s, w)) return true;
  return false;
}

// The name of one instrument (…条例, …办法（试行）, …法, a 三定 方案).
bool IsInstrumentName(std::u32string_view s) {
  const std::u32string_view core = StripQualifier(s);
  if (core.size() < 4) return false;
  if (EndsWithInstrumentWord(core)) return true;
  if (EndsWithU(core, U"法") && !EndsWithU(core, U"方法") && !EndsWithU(core, U"做法")) return true;
  return internal::IsSandingRegulationTitle(EncodeUtf8(core));
}

// How many instrument names `s` (no spaces) is a concatenation of: it is cut after an instrument
// word (and its qualifier) when both sides are long enough to be names and the word is not part
// of a longer phrase (规范性文件, 准则与…, …条例实施细则, 《…条例》, 促进和规范…).
size_t CountInstruments(std::u32string_view s) {
  size_t count = 1;
  size_t seg_start = 0;
  for (size_t i = 0; i + 2 <= s.size(); ++i) {
    bool word = false;
    for (std::u32string_view w : kInstrumentWords) word = word || s.substr(i, 2) == w;
    if (!word) continue;
    size_t end = i + 2;
    if (end < s.size() && (s[end] == U'（' || s[end] == U'(')) {
      const size_t close = s.find_first_of(U"）)", end);
      if (close != std::u32string_view::npos && close - end <= 8) end = close + 1;
    }
    if (end >= s.size()) break;
    const std::u32string_view next = s.substr(end);
    const char32_t before = i > 0 ? s[i - 1] : 0;
    const bool continues = std::u32string_view(U"性化的与和及、》”）》").find(next[0]) !=
                               std::u32string_view::npos ||
                           StartsWithU(next, U"实施") || StartsWithU(next, U"细则") ||
                           StartsWithU(next, U"补充") || StartsWithU(next, U"修正");
    const bool verb_use = std::u32string_view(U"和与及、并").find(before) != std::u32string_view::npos;
    // The rest up to its own instrument word must be long enough to be a name.
    size_t next_len = next.size();
    for (size_t k = 0; k + 2 <= next.size(); ++k) {
      bool w2 = false;
      for (std::u32string_view w : kInstrumentWords) w2 = w2 || next.substr(k, 2) == w;
      if (w2) {
        next_len = k + 2;
        break;
      }
    }
    if (continues || verb_use || end - seg_start < 6 || next_len < 8) continue;
    ++count;
    seg_start = end;
    i = end - 1;
  }
  return count;
}

// Cuts an order or announcement header: …令（第631号） / …公告（2013年第143号） / …令（〔2024〕第1号）.
std::u32string_view StripOrderHeader(std::u32string_view s) {
  for (std::u32string_view head : {std::u32string_view(U"令"), std::u32string_view(U"公告")}) {
    for (size_t pos = s.find(head); pos != std::u32string_view::npos; pos = s.find(head, pos + 1)) {
      size_t k = pos + head.size();
      while (k < s.size() && s[k] == U'　') ++k;
      if (k >= s.size() || (s[k] != U'（' && s[k] != U'(')) continue;
      const size_t close = s.find_first_of(U"）)", k);
      if (close == std::u32string_view::npos) continue;
      if (s.substr(k, close - k).find(U'号') == std::u32string_view::npos) continue;
      return s.substr(close + 1);
    }
  }
  return s;
}

std::u32string WithoutSpaces(std::u32string_view s) {
  std::u32string out;
  for (char32_t c : s)
    if (!internal::IsSpaceChar(c)) out.push_back(c);
  return out;
}

// The first 《…》 in s (nested 《》 allowed), or npos.
bool FirstQuoted(std::u32string_view s, size_t from, size_t* b, size_t* e) {
  const size_t open = s.find(U'《', from);
  if (open == std::u32string_view::npos) return false;
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == U'《') ++depth;
    if (s[i] == U'》' && --depth == 0) {
      *b = open + 1;
      *e = i;
      return true;
    }
  }
  return false;
}

size_t FindPublishVerb(std::u32string_view s) {
  size_t best = std::u32string_view::npos;
  for (std::u32string_view v : kPublishVerbs) best = std::min(best, s.find(v));
  return best;
}

}  // namespace

namespace internal {

bool IsSandingRegulationTitle(std::string_view title) { return !SandingSubject(title).empty(); }

std::string SandingSubject(std::string_view title) {
  std::u32string t = WithoutSpaces(DecodeUtf8(title).cps);
  std::u32string_view v = StripQualifier(t);
  if (!(EndsWithU(v, U"规定") || EndsWithU(v, U"方案"))) return "";
  size_t best = std::u32string::npos;
  for (std::u32string_view m : kSandingMarkers) best = std::min(best, v.find(m));
  if (best == std::u32string::npos) return "";
  // The rest must be about functions, units and staffing (or be a “三定” 方案/规定).
  const std::u32string_view rest = v.substr(best);
  const bool fixed = rest.find(U"编制") != std::u32string_view::npos ||
                     rest.find(U"三定") != std::u32string_view::npos;
  if (!fixed) return "";
  std::u32string_view subject = v.substr(0, best);
  while (!subject.empty() && (subject.back() == U'的' || subject.back() == U'、')) subject.remove_suffix(1);
  if (subject.size() < 2) return "";
  return EncodeUtf8(subject);
}

std::string PublishedInstrument(std::string_view title) {
  const std::u32string t = DecodeUtf8(title).cps;
  const size_t verb = FindPublishVerb(t);
  if (verb == std::u32string::npos) return "";
  const size_t after = verb + 2;
  size_t b = 0, e = 0;
  // 印发《X》: the first quoted name right after the verb.
  size_t k = after;
  while (k < t.size() && internal::IsSpaceChar(t[k])) ++k;
  if (k < t.size() && t[k] == U'《' && FirstQuoted(t, k, &b, &e))
    return EncodeUtf8(WithoutSpaces(std::u32string_view(t).substr(b, e - b)));
  // 印发X的通知: up to the notice's generic word.
  size_t end = std::u32string::npos;
  for (std::u32string_view w : {U"的通知", U"的公告", U"的决定", U"的命令", U"的令", U"的函"}) {
    const size_t pos = t.find(w, after);
    if (pos != std::u32string::npos) end = std::min(end, pos);
  }
  if (end == std::u32string::npos || end <= after) return "";
  // Quote marks left at the ends when OCR lost one of a pair (印发清河市民政局“三定”方案》的通知).
  std::u32string x = WithoutSpaces(std::u32string_view(t).substr(after, end - after));
  while (!x.empty() && std::u32string_view(U"《》（").find(x.front()) != std::u32string_view::npos) x.erase(0, 1);
  while (!x.empty() && std::u32string_view(U"《》）").find(x.back()) != std::u32string_view::npos) x.pop_back();
  return EncodeUtf8(x);
}

}  // namespace internal

std::string DocNumber::Normalised() const {
  return prefix + "〔" + std::to_string(year) + "〕" + std::to_string(serial) + "号";
}

std::optional<DocNumber> ParseDocNumber(std::string_view s) {
  const std::string_view t = internal::TrimSpaces(s);
  size_t b = 0, e = 0;
  auto n = FindDocNumber(t, &b, &e);
  if (!n || b != 0 || !internal::TrimSpaces(t.substr(e)).empty()) return std::nullopt;
  return n;
}

std::optional<DocNumber> FindDocNumber(std::string_view s, size_t* begin, size_t* end) {
  const auto all = internal::FindDocNumbers(s);
  if (all.empty()) return std::nullopt;
  if (begin != nullptr) *begin = all.front().begin;
  if (end != nullptr) *end = all.front().end;
  return all.front().number;
}

std::optional<std::string> ParseDate(std::string_view s) {
  const std::string_view t = internal::TrimSpaces(s);
  for (const auto& m : internal::FindDates(t))
    if (m.begin == 0 && m.end == t.size()) return m.iso;
  return std::nullopt;
}

std::optional<std::string> FindDate(std::string_view s, size_t* begin, size_t* end, bool last) {
  const auto all = internal::FindDates(s);
  if (all.empty()) return std::nullopt;
  const auto& m = last ? all.back() : all.front();
  if (begin != nullptr) *begin = m.begin;
  if (end != nullptr) *end = m.end;
  return m.iso;
}

std::string KindOfTitle(std::string_view title) {
  std::u32string t = WithoutSpaces(DecodeUtf8(ToSimplified(title)).cps);
  while (!t.empty() && std::u32string_view(U"。．.；;").find(t.back()) != std::u32string_view::npos)
    t.pop_back();
  const std::string utf8 = EncodeUtf8(t);
  const std::string published = internal::PublishedInstrument(utf8);
  if (!published.empty() && internal::IsSandingRegulationTitle(published)) return "三定规定";
  if (published.empty() && internal::IsSandingRegulationTitle(utf8)) return "三定规定";
  const std::u32string_view v = StripQualifier(t);
  // A covering notice whose quoted name OCR damaged still shows the 三定 wording.
  if (EndsWithU(v, U"的通知") && FindPublishVerb(v) != std::u32string::npos) {
    const size_t sanding = v.find(U"三定");
    if (v.find(U"编制方案") != std::u32string::npos || v.find(U"编制规定") != std::u32string::npos ||
        (sanding != std::u32string::npos && v.find_first_of(U"方规", sanding) <= sanding + 4))
      return "三定规定";
  }
  if (EndsWithU(v, U"批复") || EndsWithU(v, U"批覆")) return "批复";
  if (EndsWithU(v, U"通知")) return "通知";
  if (EndsWithU(v, U"决定")) return "决定";
  if (EndsWithU(v, U"意见")) return "意见";
  return "其他";
}

std::string InstrumentName(std::string_view entry) {
  std::u32string all = DecodeUtf8(ToSimplified(entry)).cps;
  std::u32string_view s = all;
  while (!s.empty() && (internal::IsSpaceChar(s.front()) ||
                        std::u32string_view(U"…．.·─—").find(s.front()) != std::u32string_view::npos))
    s.remove_prefix(1);
  s = StripOrderHeader(s);
  const std::u32string compact = WithoutSpaces(s);
  if (compact.empty()) return "";

  // A notice or order publishing instruments: the (first) one it publishes.
  // (A verb inside a name, as in …信息发布管理规定, publishes nothing and falls through.)
  const std::u32string x = DecodeUtf8(internal::PublishedInstrument(EncodeUtf8(s))).cps;
  if (!x.empty()) return IsInstrumentName(x) ? EncodeUtf8(x) : "";
  // A decision amending or repealing: the amended instrument only when its full text follows.
  const size_t decision = compact.find(U"的决定");
  if (decision != std::u32string::npos &&
      (compact.find(U"修改") < decision || compact.find(U"废止") < decision ||
       compact.find(U"修订") < decision)) {
    size_t b = 0, e = 0;
    if (!FirstQuoted(compact, 0, &b, &e) || e > decision) return "";
    const std::u32string x = compact.substr(b, e - b);
    size_t b2 = 0, e2 = 0;
    if (FirstQuoted(compact, e + 1, &b2, &e2) && e2 < decision) return "";  // several amended
    const std::u32string rest = compact.substr(decision + 3);
    return rest == x && IsInstrumentName(x) ? EncodeUtf8(x) : "";
  }
  // Otherwise the entry is itself one instrument's name (or not an instrument at all).
  if (!IsInstrumentName(compact) || CountInstruments(compact) != 1) return "";
  return EncodeUtf8(compact);
}

}  // namespace sanding::extract
