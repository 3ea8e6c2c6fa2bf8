// Profiles and basis. The text is cut into sentences as the event reader does (paragraphs joined
// where a sentence runs on, split at 。；！？), each sentence into clauses at ，：； outside brackets.
// A sentence states a body's standing when a subject clause (组建X / X是… / X为…) is followed by
// standing clauses (为市政府工作部门 / 正处级 / 由Z管理); failing that, a list item "X（正处级）".
#include "indexer/extract/profiles.h"

#include <map>

#include "indexer/extract/fields.h"
#include "indexer/extract/internal/events_text.h"
#include "indexer/extract/internal/fields_util.h"

namespace sanding::extract {
namespace {

namespace ev = internal::events;
using ev::Contains;
using ev::HasInstitutionEnding;
using ev::Range;

constexpr size_t kNpos = std::string::npos;

// ---------------------------------------------------------------------------------------------
// Word lists: the language of the documents, never particular bodies.

constexpr std::string_view kEstablishCues[] = {"重新组建", "新组建", "组建", "设立", "成立",
                                               "新设", "增设", "单设", "设置", "新建"};
constexpr std::string_view kLeadingWords[] = {"经研究", "研究决定", "同意", "决定", "并", "另",
                                              "同时", "现", "拟", "正式", "将", "把", "“", "《"};
// Words before a standing phrase: 为市政府工作部门, 机构规格为副县级, 作为由Z管理的事业单位.
constexpr std::string_view kStandingLeads[] = {"机构规格为", "机构规格是", "规格为", "规格是",
                                               "级别为", "明确为", "确定为", "定为", "列为",
                                               "作为", "为", "是", "系", "属", "按"};
// A name's trailing words before 是/为: X的机构规格为… -> X.
constexpr std::string_view kSubjectTails[] = {"的机构规格", "机构规格", "的规格", "规格",
                                              "的级别", "级别"};
// Sentences about a change of rank: rank_changed events, not profiles.
constexpr std::string_view kRankChange[] = {"升格", "降格", "规格由", "规格调整", "原为",
                                            "调整为", "调整到", "相应调整"};
// Kind phrases, most specific first.
constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
    {"议事协调机构", "议事协调机构"}, {"事业单位", "事业单位"},
    {"政府工作机关", "行政机关"},     {"工作机关", "党委工作机关"},
    {"委工作部门", "党委工作机关"},   {"政府工作部门", "行政机关"},
    {"组成部门", "行政机关"},         {"直属机构", "行政机关"},
    {"特设机构", "行政机关"},         {"部门管理机构", "行政机关"},
    {"行政机构", "行政机关"},         {"办事机构", "行政机关"},
    {"政府部门", "行政机关"}};

// ---------------------------------------------------------------------------------------------
// Sentences.

struct Sentence {
  std::string text;
  std::vector<size_t> pos;  // norm() offset of every byte
};

bool EndsSentence(std::string_view p) {
  for (std::string_view w : {"。", "；", "！", "？", "："}) {
    if (p.ends_with(w)) return true;
  }
  return false;
}

void SplitInto(const Sentence& unit, std::vector<Sentence>* out) {
  const std::string& t = unit.text;
  size_t start = 0;
  size_t i = 0;
  while (i <= t.size()) {
    size_t sep = 0;
    if (i < t.size()) {
      for (std::string_view w : {"。", "；", "！", "？"}) {
        if (std::string_view(t).substr(i).starts_with(w)) sep = w.size();
      }
    }
    if (sep > 0 || i == t.size()) {
      if (i > start) {
        Sentence s;
        s.text = t.substr(start, i - start);
        s.pos.assign(unit.pos.begin() + start, unit.pos.begin() + i);
        out->push_back(std::move(s));
      }
      if (i == t.size()) break;
      i += sep;
      start = i;
      continue;
    }
    size_t len = 0;
    ev::CodePointAt(t, i, &len);
    i += len;
  }
}

// The sentences of norm()[from, to): a paragraph runs on into the next unless it ends a sentence
// or the next starts a numbered item (list items stay apart).
std::vector<Sentence> Sentences(const DocText& doc, size_t from, size_t to) {
  std::vector<Range> ps;
  for (const Paragraph& p : doc.paragraphs()) {
    const size_t b = std::max(p.begin, from), e = std::min(p.end, to);
    if (b < e) ps.emplace_back(b, e);
  }
  auto text = [&](Range r) { return std::string_view(doc.norm()).substr(r.first, r.second - r.first); };
  std::vector<Sentence> out;
  Sentence unit;
  for (size_t k = 0; k < ps.size(); ++k) {
    for (size_t i = ps[k].first; i < ps[k].second; ++i) {
      unit.text.push_back(doc.norm()[i]);
      unit.pos.push_back(i);
    }
    const bool last = k + 1 == ps.size();
    if (last || EndsSentence(text(ps[k])) || ev::ItemMarkerLength(text(ps[k + 1])) > 0 ||
        ev::StartsWithHeadingMarker(text(ps[k + 1])) || unit.text.size() > 3000) {
      SplitInto(unit, &out);
      unit = Sentence{};
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One statement read from a sentence, before abbreviations are linked.

struct Statement {
  std::vector<Range> names;  // the bodies described (ranges into the sentence)
  std::string abbreviation;  // defined with them: X（以下简称Y）
  std::string rank, kind;
  Range parent{0, 0};
};

// The reader of one sentence.
class SentenceReader {
 public:
  // `known`: the abbreviations the document defines (a subject may be one of them).
  SentenceReader(const Sentence& s, const std::map<std::string, Mention>* known)
      : t_(s.text), known_(known) {}

  std::vector<Statement> Run() {
    for (std::string_view w : kRankChange) {
      if (Contains(t_, w)) return {};
    }
    SplitClauses();
    ReadClauses();
    if (out_.empty()) ReadListItems();
    return std::move(out_);
  }

  // Every X（以下简称Y） / X（简称Y） in the sentence: {X, Y} ranges.
  std::vector<std::pair<Range, Range>> Abbreviations() {
    std::vector<std::pair<Range, Range>> out;
    if (clauses_.empty()) SplitClauses();
    for (Range c : clauses_) {
      for (size_t q = Find(c, "简称"); q != kNpos; q = Find(c, "简称", q + 1)) {
        const size_t open = RFind(Range(c.first, q), "（");
        const size_t close = Find(Range(q, c.second), "）");
        if (open == kNpos || close == kNpos) continue;
        const Range y = Strip(Range(q + std::string_view("简称").size(), close));
        const Range x = CleanName(Range(c.first, open));
        if (IsName(x) && y.second > y.first) out.emplace_back(x, y);
      }
    }
    return out;
  }

 private:
  std::string_view View(Range r) const { return std::string_view(t_).substr(r.first, r.second - r.first); }
  size_t Find(Range r, std::string_view w, size_t from = 0) const {
    const size_t p = t_.find(w, std::max(r.first, from));
    return (p == kNpos || p + w.size() > r.second) ? kNpos : p;
  }
  size_t RFind(Range r, std::string_view w) const {
    if (r.second < r.first + w.size()) return kNpos;
    const size_t p = t_.rfind(w, r.second - w.size());
    return (p == kNpos || p < r.first) ? kNpos : p;
  }
  bool Starts(Range r, std::string_view w) const { return View(r).starts_with(w); }

  // Trims spaces and quote marks.
  Range Strip(Range r) const {
    bool changed = true;
    while (changed && r.first < r.second) {
      changed = false;
      for (std::string_view w : {" ", "“", "”", "\"", "《", "》", "「", "」"}) {
        if (View(r).starts_with(w)) r.first += w.size(), changed = true;
        if (r.second - r.first >= w.size() && View(r).ends_with(w)) r.second -= w.size(), changed = true;
      }
      // A full stop OCR read as a dot.
      for (std::string_view w : {".", "．"}) {
        if (View(r).ends_with(w)) r.second -= w.size(), changed = true;
      }
    }
    return r;
  }

  // Clauses at ，：； outside （） and 《》.
  void SplitClauses() {
    for (const auto& [b, e] : ev::SplitOutsideBrackets(t_, {"（", "《"}, {"）", "》"}, {"，", "：", "；"}))
      PushClause(b, e);
  }
  void PushClause(size_t b, size_t e) {
    Range r = Strip(Range(b, e));
    if (r.second > r.first) clauses_.push_back(r);
  }

  // A clause without its item marker and leading connectives.
  Range Body(Range r) const {
    bool changed = true;
    while (changed && r.first < r.second) {
      changed = false;
      const size_t m = ev::ItemMarkerLength(View(r));
      if (m > 0 && m < r.second - r.first) r.first += m, changed = true;
      for (std::string_view w : kLeadingWords) {
        if (Starts(r, w) && r.second - r.first > w.size()) r.first += w.size(), changed = true;
      }
      r = Strip(r);
    }
    return r;
  }

  // A name with what surrounds it removed: markers, connectives, an establishing verb, a trailing
  // bracket, OCR digits left of a lost item marker.
  Range CleanName(Range r) const {
    r = Body(r);
    while (r.first < r.second && ((t_[r.first] >= '0' && t_[r.first] <= '9') ||
                                  t_[r.first] == '.' || t_[r.first] == ' ')) {
      ++r.first;
    }
    for (std::string_view cue : kEstablishCues) {
      if (Starts(r, cue)) {
        r.first += cue.size();
        break;
      }
    }
    const size_t open = Find(r, "（");
    if (open != kNpos) r.second = open;
    if (View(r).ends_with("的")) r.second -= 3;
    return Strip(r);
  }

  static bool IsPronoun(std::string_view s) {
    for (std::string_view w : {"你", "贵", "该", "本", "其", "此", "各"}) {
      if (s.starts_with(w)) return true;
    }
    return false;
  }

  // Han characters only, two at least, ending like a body (or a known abbreviation: checked later).
  bool IsName(Range r) const {
    const std::string_view v = View(r);
    if (v.size() < 6 || v.size() > 120 || IsPronoun(v)) return false;
    size_t i = 0;
    while (i < v.size()) {
      size_t len = 0;
      if (!ev::IsHan(ev::CodePointAt(v, i, &len))) return false;
      i += len;
    }
    return HasInstitutionEnding(v);
  }

  // ----- standing -----------------------------------------------------------------------------

  // A rank stated by the clause: "正处级", "机构规格为副县级", "为正处级", "副处级规格",
  // "正处级的市政府工作部门".
  std::string RankOf(Range c) const {
    for (std::string_view w : kStandingLeads) {
      if (Starts(c, w) && c.second - c.first > w.size()) {
        c.first += w.size();
        break;
      }
    }
    const size_t n = RankWordAt(View(c));
    if (n == 0) return "";
    const Range rest(c.first + n, c.second);
    if (rest.first == rest.second || Starts(rest, "规格") || Starts(rest, "）") ||
        !KindOfStanding(View(rest)).empty()) {
      return ev::RemoveSpaces(View(Range(c.first, c.first + n)));
    }
    return "";
  }

  // The body of 由Z管理 / 由Z归口管理 / 由Z代管 / 由Z领导 in the clause.
  Range ParentOf(Range c) const {
    const size_t you = Find(c, "由");
    if (you == kNpos) return {0, 0};
    for (std::string_view w : {"归口管理", "管理", "代管", "领导"}) {
      const size_t p = Find(c, w, you);
      if (p == kNpos) continue;
      const Range z = CleanName(Range(you + std::string_view("由").size(), p));
      return IsName(z) ? z : Range(0, 0);
    }
    return {0, 0};
  }

  // Reads a standing clause (or the part of a subject clause after 是/为) into the statement.
  void ReadStanding(Range c, Statement* st) const {
    if (st->rank.empty()) st->rank = RankOf(c);
    if (st->kind.empty()) {
      for (std::string_view w : kStandingLeads) {
        if (Starts(c, w)) {
          st->kind = KindOfStanding(View(c));
          break;
        }
      }
    }
    if (st->parent.second == 0) st->parent = ParentOf(c);
  }

  // The bracket after a subject name: （以下简称Y）, （正处级）, （正处级，市政府工作部门）.
  void ReadBracket(Range c, Statement* st) const {
    const size_t open = Find(c, "（");
    if (open == kNpos) return;
    size_t close = Find(Range(open, c.second), "）");
    if (close == kNpos) close = c.second;
    const Range in = Strip(Range(open + std::string_view("（").size(), close));
    const size_t q = Find(in, "简称");
    if (q != kNpos) {
      st->abbreviation = ev::RemoveSpaces(View(Strip(Range(q + std::string_view("简称").size(), in.second))));
      return;
    }
    if (const size_t n = RankWordAt(View(in)); n > 0) st->rank = ev::RemoveSpaces(View(Range(in.first, in.first + n)));
    st->kind = KindOfStanding(View(in));
  }

  // ----- subjects -----------------------------------------------------------------------------

  // 组建X / 设立A和B / 设置X（简称Y）: the statement with its names; nullopt otherwise.
  bool Establishing(Range c, Statement* st) const {
    const Range b = Body(c);
    for (std::string_view cue : kEstablishCues) {
      if (!Starts(b, cue)) continue;
      Range rest(b.first + cue.size(), b.second);
      *st = Statement{};
      ReadBracket(rest, st);
      const size_t open = Find(rest, "（");
      if (open != kNpos) rest.second = open;
      for (Range n : ev::SplitNameList(t_, rest)) {
        n = CleanName(n);
        if (IsName(n)) st->names.push_back(n);
      }
      return !st->names.empty();
    }
    return false;
  }

  // X是… / X（以下简称Y）是… / X为市政府工作部门 / X的机构规格为副县级: the statement, its subject
  // either a name or (`known` decides later) an abbreviation.
  bool Declaring(Range c, Statement* out) const {
    const Range b = Body(c);
    for (std::string_view verb : {"是", "为"}) {
      size_t v = Find(b, verb);
      // Outside the name's bracket: X（以下简称Y）是….
      const size_t close = Find(b, "）");
      if (close != kNpos && v != kNpos && v < close) v = Find(b, verb, close);
      if (v == kNpos) continue;
      Range subject(b.first, v);
      Statement st;
      ReadBracket(subject, &st);
      const size_t open = Find(subject, "（");
      if (open != kNpos) subject.second = open;
      if (View(subject).ends_with("作")) continue;  // 作为: no subject before it
      for (std::string_view w : kSubjectTails) {
        if (View(subject).ends_with(w) && subject.second - subject.first > w.size()) {
          subject.second -= w.size();
          break;
        }
      }
      subject = CleanName(subject);
      const bool known = known_ != nullptr && known_->count(ev::RemoveSpaces(View(subject))) > 0;
      if (!known && !IsName(subject)) continue;
      // The rest keeps the verb (a standing lead). "X为…" must state standing to be a subject.
      ReadStanding(Range(v, b.second), &st);
      if (verb == std::string_view("为") && st.rank.empty() && st.kind.empty()) continue;
      st.names.push_back(subject);
      *out = std::move(st);
      return true;
    }
    return false;
  }

  // Keeps the statement when it states a rank or a kind; starts a new one.
  void Flush(Statement* st) {
    if (!st->names.empty() && (!st->rank.empty() || !st->kind.empty())) out_.push_back(*st);
    *st = Statement{};
  }

  void ReadClauses() {
    Statement st;
    for (Range c : clauses_) {
      Statement next;
      if (Establishing(c, &next) || Declaring(c, &next)) {
        Flush(&st);
        st = std::move(next);
      } else if (!st.names.empty()) {
        ReadStanding(c, &st);
      }
    }
    Flush(&st);
  }

  // "5．X（正处级）" and inline lists "A（正处级）、B（副处级）": a name right before a bracket that
  // starts with a rank.
  void ReadListItems() {
    for (size_t open = t_.find("（"); open != kNpos; open = t_.find("（", open + 1)) {
      const size_t in = open + std::string_view("（").size();
      if (RankWordAt(std::string_view(t_).substr(in)) == 0) continue;
      size_t b = 0;
      for (std::string_view sep : {"，", "、", "：", "；", "。", "）"}) {
        const size_t p = RFind(Range(0, open), sep);
        if (p != kNpos) b = std::max(b, p + sep.size());
      }
      const Range name = CleanName(Range(b, open));
      if (!IsName(name)) continue;
      Statement st;
      st.names.push_back(name);
      ReadBracket(Range(open, t_.size()), &st);
      out_.push_back(std::move(st));
    }
  }

  const std::string& t_;
  const std::map<std::string, Mention>* known_;
  std::vector<Range> clauses_;
  std::vector<Statement> out_;
};

// ---------------------------------------------------------------------------------------------

Mention MakeMention(const DocText& doc, const Sentence& s, Range r) {
  Mention m;
  m.text = ev::RemoveSpaces(std::string_view(s.text).substr(r.first, r.second - r.first));
  if (r.second > r.first) m.span = doc.SpanOf(s.pos[r.first], s.pos[r.second - 1] + 1);
  return m;
}

// Abbreviations defined in the document: Y -> X, and X's key -> Y.
struct Abbreviations {
  std::map<std::string, Mention> body_of;
  std::map<std::string, std::string> of_body;
};

Abbreviations ReadAbbreviations(const DocText& doc, const std::vector<Sentence>& sentences) {
  Abbreviations a;
  for (const Sentence& s : sentences) {
    for (const auto& [x, y] : SentenceReader(s, nullptr).Abbreviations()) {
      const Mention m = MakeMention(doc, s, x);
      const std::string abbr = ev::RemoveSpaces(std::string_view(s.text).substr(y.first, y.second - y.first));
      a.body_of.emplace(abbr, m);
      a.of_body.emplace(ev::HanKey(m.text), abbr);
    }
  }
  return a;
}

// Fills what `into` lacks from `from` (two statements about one body).
void MergeProfile(const Profile& from, Profile* into) {
  if (into->rank.empty()) into->rank = from.rank;
  if (into->kind.empty()) into->kind = from.kind;
  if (into->abbreviation.empty()) into->abbreviation = from.abbreviation;
  if (into->parent.text.empty()) into->parent = from.parent;
}

}  // namespace

size_t RankWordAt(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (!(s.substr(i).starts_with("正") || s.substr(i).starts_with("副"))) return 0;
  i += std::string_view("正").size();
  for (std::string_view level : ev::kRankLevels) {
    if (s.substr(i).starts_with(level) && s.substr(i + level.size()).starts_with("级")) {
      return i + level.size() + std::string_view("级").size();
    }
  }
  return 0;
}

std::string KindOfStanding(std::string_view s) {
  const std::string t = ev::RemoveSpaces(s);
  for (const auto& [phrase, kind] : kKinds) {
    if (Contains(t, phrase)) return std::string(kind);
  }
  return "";
}

std::vector<Profile> ExtractProfiles(const DocText& doc, size_t from, size_t to) {
  const std::vector<Sentence> sentences = Sentences(doc, from, std::min(to, doc.norm().size()));
  const Abbreviations abbr = ReadAbbreviations(doc, sentences);
  std::vector<Profile> out;
  std::map<std::string, size_t> by_key;
  for (const Sentence& s : sentences) {
    for (const Statement& st : SentenceReader(s, &abbr.body_of).Run()) {
      for (Range n : st.names) {
        Profile p;
        p.institution = MakeMention(doc, s, n);
        // A statement about Y where X（以下简称Y）: about X.
        if (auto it = abbr.body_of.find(p.institution.text); it != abbr.body_of.end()) {
          p.abbreviation = it->first;
          p.institution = it->second;
        }
        if (p.abbreviation.empty()) p.abbreviation = st.abbreviation;
        if (auto it = abbr.of_body.find(ev::HanKey(p.institution.text));
            p.abbreviation.empty() && it != abbr.of_body.end()) {
          p.abbreviation = it->second;
        }
        p.rank = st.rank;
        p.kind = st.kind;
        if (st.parent.second > st.parent.first) p.parent = MakeMention(doc, s, st.parent);
        p.text = s.text;
        p.span = doc.SpanOf(s.pos.front(), s.pos.back() + 1);
        const auto [it, fresh] = by_key.emplace(ev::HanKey(p.institution.text), out.size());
        if (fresh) {
          out.push_back(std::move(p));
        } else {
          MergeProfile(p, &out[it->second]);
        }
      }
    }
  }
  return out;
}

Field ExtractBasis(const DocText& doc, size_t from) {
  for (const Paragraph& para : doc.paragraphs()) {
    if (para.end <= from) continue;
    const size_t base = std::max(para.begin, from);
    const std::string_view p = std::string_view(doc.norm()).substr(base, para.end - base);
    const bool cites = Contains(p, "根据") || Contains(p, "依据");
    if (!cites && !Contains(p, "。")) continue;
    // The opening paragraph: its 根据/依据 clauses in order, each up to ，。； outside brackets.
    for (size_t i = 0; i < p.size();) {
      const size_t a = p.find("根据", i), b = p.find("依据", i);
      const size_t cue = std::min(a, b);
      if (cue == std::string_view::npos) break;
      size_t end = cue;
      int depth = 0;
      while (end < p.size()) {
        const std::string_view rest = p.substr(end);
        if (rest.starts_with("（") || rest.starts_with("《") || rest.starts_with("〔")) ++depth;
        if ((rest.starts_with("）") || rest.starts_with("》") || rest.starts_with("〕")) && depth > 0) --depth;
        if (depth == 0 && (rest.starts_with("，") || rest.starts_with("。") || rest.starts_with("；"))) break;
        size_t len = 0;
        ev::CodePointAt(p, end, &len);
        end += len;
      }
      const auto numbers = internal::FindDocNumbers(p.substr(cue, end - cue));
      if (!numbers.empty()) {
        const auto& m = numbers.front();
        Field f;
        f.value = m.number.Normalised();
        f.as_written = doc.Original(base + cue + m.begin, base + cue + m.end);
        f.span = doc.SpanOf(base + cue + m.begin, base + cue + m.end);
        f.confidence = m.repaired ? 0.7 : 1.0;
        return f;
      }
      i = std::max(end, cue + 1);
    }
    return {};
  }
  return {};
}

}  // namespace sanding::extract
