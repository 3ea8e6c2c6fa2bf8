// Lineage events from the sentences of approval files and reform plans.
//
// The text in [from, to) is cut into sentences (paragraphs joined where a sentence runs on, split
// at 。；！？), each sentence into clauses at ， and ：. A clause is matched against the grammar of
// each kind of event, some of which take the next clause too (整合A、B的职责，组建C / 撤销A，其职责并入B
// / A分设，组建B和C). Institution names are the text between the cue words, split into lists and
// stripped of the words around them (将, 的职责, 整体 …). Document-level rules then apply: a body
// merged or split in the document is not also "abolished" by the 不再保留 that restates it, and
// the bodies set up by one document (on one date) form one "established" event.
#include "indexer/extract/events.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include "indexer/extract/fields.h"
#include "indexer/extract/internal/events_text.h"
#include "indexer/extract/sections.h"

namespace sanding::extract {
namespace ev = internal::events;
namespace {

using ev::Contains;
using ev::HasInstitutionEnding;
using ev::Range;

constexpr size_t kNpos = std::string::npos;

// One sentence of the document: its text (paragraph breaks removed) and, for every byte, the
// offset in DocText::norm() it came from.
struct Sentence {
  std::string text;
  std::vector<size_t> pos;
};

// What the document-level pass needs beyond the events themselves.
struct DocState {
  std::vector<Event> events;
  std::vector<ReviewFlag> review;
  std::set<std::string> ended;            // bodies merged or split away in this document
  std::set<std::string> created;          // merge / split targets
  // Bodies that gave some duties to a body formed by integration (将A的X职责…整合，组建C), by name
  // key, with the index of that merged/established event: a later 不再保留A makes A merged too.
  std::map<std::string, size_t> integration_sources;
  std::string title_staffing_subject;     // 关于同意核增X行政编制的批复 -> X
  Mention title_staffing_mention;
  // The giver of the last duty transfer, for the sentences right after it that list more duties
  // without naming it again (A的X职责整合到B；Y职责整合到C；Z整合到D).
  std::optional<Mention> transfer_owner;
  bool transfer_owner_fresh = false;  // set by the sentence being read
};

// ---------------------------------------------------------------------------------------------
// Word lists. They describe the language of the documents, never particular bodies.

constexpr std::string_view kLeadingWords[] = {
    "经研究", "研究决定", "同意", "决定", "并且", "并", "另行", "另", "同时", "现将", "现",
    "拟", "予以", "正式", "以及", "及", "和", "将", "把", "对", "整体", "即", "一律", "均"};

constexpr std::string_view kTrailingWords[] = {
    "的全部职责", "的职责", "的职能", "全部职责", "职责和人员", "的人员", "和人员", "整体",
    "建制", "牌子", "的", "等", "。", "，", "、", "；", "：", "”", "》", "」", " "};

constexpr std::string_view kEstablishCues[] = {"重新组建", "新组建", "组建", "设立", "成立",
                                               "新设", "增设", "单设", "设置", "新建"};
constexpr std::string_view kRenameCues[] = {"名称变更为", "名称更改为", "名称改为", "更名为",
                                            "改名为", "改称为", "更名", "改称", "改为"};
constexpr std::string_view kDutyCues[] = {"划转至", "划转给", "划转到", "划入", "划给", "划归",
                                          "移交给", "移交", "交由", "转由", "调整到", "调整至",
                                          "划转", "划出至", "整合到", "整合至", "整合进"};
constexpr std::string_view kStaffUp[] = {"核增", "增加", "调增", "增核", "追加"};
constexpr std::string_view kStaffDown[] = {"核减", "减少", "调减", "收回", "核销", "精简"};

// Words that mark a sentence as being about institutional change (for review flags).
constexpr std::string_view kFlagCues[] = {
    "更名", "改称", "名称变更", "改名", "撤销", "不再保留", "合并", "并入", "分设", "整合",
    "组建", "设立", "成立", "划入", "划给", "划转", "划归", "核增", "核减", "升格", "降格",
    "机构规格", "改由"};
// Phrases that contain a flag cue but state no change.
constexpr std::string_view kBenign[] = {"核增后", "核减后", "调整后", "划转后", "组建后",
                                        "设立后", "成立后", "撤销后", "更名后", "合并后"};


// 你单位, 你局, 贵委, 该局, 本单位: the addressee, named in the title instead.
bool IsPronounBody(std::string_view s) {
  for (std::string_view w : {"你", "贵", "该", "本"}) {
    if (s.starts_with(w)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

// The parser of one sentence: its clauses, matched against the grammar of each kind of event,
// with helpers over byte ranges of the sentence text.
class Parser {
 public:
  Parser(const DocText& doc, const Sentence& s, const std::string& date, DocState* st)
      : doc_(doc), s_(s), t_(s.text), date_(date), st_(st) {}

  // True when the sentence was understood as stating no event (a 三定 preamble).
  bool recognised() const { return recognised_; }

  // Parses the sentence; true when at least one event came from it.
  bool Run() {
    SplitClauses();
    bool any = false;
    size_t i = 0;
    while (i < clauses_.size()) {
      const size_t used = ParseAt(i);
      if (used > 0) {
        any = true;
        i += used;
      } else {
        ++i;
      }
    }
    return any;
  }

 private:
  // ----- text helpers -------------------------------------------------------------------------
  std::string_view View(Range r) const { return t_.substr(r.first, r.second - r.first); }
  size_t Find(Range r, std::string_view cue, size_t from = 0) const {
    const size_t start = std::max(r.first, from);
    if (start >= r.second) return kNpos;
    const size_t p = t_.find(cue, start);
    return (p == kNpos || p + cue.size() > r.second) ? kNpos : p;
  }
  size_t RFind(Range r, std::string_view cue) const {
    if (r.second < cue.size()) return kNpos;
    const size_t p = t_.rfind(cue, r.second - cue.size());
    return (p == kNpos || p < r.first) ? kNpos : p;
  }
  bool StartsWith(Range r, std::string_view w) const { return View(r).starts_with(w); }
  bool EndsWith(Range r, std::string_view w) const { return View(r).ends_with(w); }

  // Strips connectives and filler around a name.
  Range Clean(Range r) const {
    bool changed = true;
    while (changed && r.first < r.second) {
      changed = false;
      for (std::string_view w : kLeadingWords) {
        // Keep a word that is the whole remaining text or starts a name (将乐县 is rare enough).
        if (StartsWith(r, w) && r.second - r.first > w.size()) {
          r.first += w.size();
          changed = true;
        }
      }
      for (std::string_view w : {"“", "《", "「", "，", "、", "。", "：", " "}) {
        if (StartsWith(r, w)) {
          r.first += w.size();
          changed = true;
        }
      }
      for (std::string_view w : kTrailingWords) {
        if (EndsWith(r, w) && r.second - r.first > w.size()) {
          r.second -= w.size();
          changed = true;
        }
      }
      // A trailing parenthesis: （正处级） （以下简称…） 〈正处级）, or an unclosed one.
      for (std::string_view open : {"（", "(", "〈", "《"}) {
        const size_t p = RFind(r, open);
        if (p != kNpos && p > r.first) {
          r.second = p;
          changed = true;
        }
      }
      // Bodies spoken of as "原X" / "现X".
      for (std::string_view w : {"原", "现"}) {
        if (StartsWith(r, w) && r.second - r.first > w.size() + 6) {
          r.first += w.size();
          changed = true;
        }
      }
    }
    return r;
  }

  bool LooksLikeName(Range r) const {
    const std::string_view v = View(r);
    if (v.size() < 6) return false;  // two characters at least
    for (std::string_view bad : {"。", "，", "：", "职责"}) {
      if (Contains(v, bad)) return false;
    }
    return true;
  }

  Mention MakeMention(Range r) const {
    Mention m;
    m.text = ev::RemoveSpaces(View(r));
    if (r.second > r.first) m.span = doc_.SpanOf(s_.pos[r.first], s_.pos[r.second - 1] + 1);
    return m;
  }

  // The names listed in r (A、B和C), cleaned; empty items dropped.
  std::vector<Range> Names(Range r) const {
    std::vector<Range> out;
    for (Range p : ev::SplitNameList(t_, Clean(r))) {
      if (View(p).starts_with("其")) continue;
      const size_t with_office = Find(p, "及其");  // A及其办公室: A
      if (with_office != kNpos) p.second = with_office;
      Range c = Clean(p);
      if (!HasInstitutionEnding(View(c))) c = TrimToEnding(c);
      if (LooksLikeName(c)) out.push_back(c);
    }
    return out;
  }

  // A name followed by a few characters of debris (OCR lost the 。 before the next sentence, or
  // misread 归口 as 中口): cut after the last body ending within the final three characters.
  Range TrimToEnding(Range r) const {
    for (std::string_view generic : {"部门", "机构", "单位", "机关", "组织", "部分", "社会"}) {
      if (EndsWith(r, generic)) return r;
    }
    size_t e = r.second;
    for (int n = 0; n < 3 && e > r.first; ++n) {
      e = ev::PrevCodePoint(t_, e);
      if (e - r.first >= 9 && HasInstitutionEnding(View(Range(r.first, e)))) {
        return Range(r.first, e);
      }
    }
    return r;
  }
  std::vector<Mention> Mentions(const std::vector<Range>& rs) const {
    std::vector<Mention> out;
    for (Range r : rs) out.push_back(MakeMention(r));
    return out;
  }

  // Leading connectives of a clause (同意, 并, 决定 …) skipped.
  Range Body(size_t i) const {
    Range r = clauses_[i];
    bool changed = true;
    while (changed) {
      changed = false;
      for (std::string_view w : {"经研究", "同意", "决定", "并", "另", "同时", "现", "拟",
                                 "正式", "“"}) {
        if (StartsWith(r, w) && r.second - r.first > w.size()) {
          r.first += w.size();
          changed = true;
        }
      }
      // 自2019年3月1日起 (the date is read by the caller).
      if (StartsWith(r, "自")) {
        const size_t q = Find(r, "起");
        if (q != kNpos && q - r.first <= 60 && q + 3 < r.second &&
            ParseDate(View(Range(r.first + 3, q)))) {
          r.first = q + 3;
          changed = true;
        }
      }
    }
    return r;
  }

  // ----- events -------------------------------------------------------------------------------
  Event& Add(std::string type, std::vector<Mention> from, std::vector<Mention> to) {
    Event e;
    e.type = std::move(type);
    e.date = date_;
    e.from = std::move(from);
    e.to = std::move(to);
    e.text = std::string(t_);
    if (!s_.pos.empty()) e.span = doc_.SpanOf(s_.pos.front(), s_.pos.back() + 1);
    st_->events.push_back(std::move(e));
    return st_->events.back();
  }

  void MarkEnded(const std::vector<Mention>& ms) {
    for (const auto& m : ms) st_->ended.insert(ev::HanKey(m.text));
  }
  void MarkCreated(const std::vector<Mention>& ms) {
    for (const auto& m : ms) st_->created.insert(ev::HanKey(m.text));
  }

  // ----- clause splitting ---------------------------------------------------------------------
  void SplitClauses() {
    for (auto [b, e] : ev::SplitOutsideBrackets(t_, {"（", "("}, {"）", ")"},
                                                {"，", "：", "。", "；", "！", "？"})) {
      while (b < e && t_[b] == ' ') ++b;
      while (e > b && t_[e - 1] == ' ') --e;
      if (e > b) clauses_.emplace_back(b, e);
    }
  }

  // Tries every grammar at clause i; returns the number of clauses used (0: none matched).
  size_t ParseAt(size_t i) {
    if (size_t n = Merge(i)) return n;
    if (size_t n = AbolishWithSuccessor(i)) return n;
    if (size_t n = Split(i)) return n;
    if (size_t n = MergeInto(i)) return n;
    if (size_t n = Staffing(i)) return n;
    if (size_t n = DutyTransfer(i)) return n;
    if (size_t n = PlacedUnder(i)) return n;
    if (size_t n = Rank(i)) return n;
    if (size_t n = Rename(i)) return n;
    if (size_t n = Abolish(i)) return n;
    if (size_t n = Establish(i)) return n;
    return 0;
  }

  // Position of an establishing cue at the start of clause j (after connectives), the cue
  // length in *len; kNpos when the clause does not start with one.
  size_t EstablishCueAt(size_t j, size_t* len) const {
    const Range b = Body(j);
    for (std::string_view cue : kEstablishCues) {
      if (StartsWith(b, cue)) {
        *len = cue.size();
        return b.first;
      }
    }
    // 在A(的X职责)基础上组建B
    if (StartsWith(b, "在")) {
      const size_t p = Find(b, "基础上");
      if (p != kNpos) {
        for (std::string_view cue : kEstablishCues) {
          if (t_.compare(p + 9, cue.size(), cue) == 0) {
            *len = cue.size();
            return p + 9;
          }
        }
      }
    }
    return kNpos;
  }

  // Sources of a merge or a duty transfer: "A的职责、B的X职责、C和D的Y职责、E" -> whole bodies
  // (A, E) and (body, duty) pairs (B X, C Y, D Y).
  struct Sources {
    std::vector<Range> whole;
    std::vector<std::pair<Range, Range>> duties;  // body, duty
  };
  Sources ParseSources(Range r) const {
    Sources out;
    // Items; fragments of a duty list (行业规划、产业政策、经济运行调节职责) rejoin their item.
    std::vector<Range> items;
    for (Range p : ev::SplitNameList(t_, r)) {
      const std::string_view v = View(p);
      const bool fragment = !items.empty() && !Contains(v, "的") &&
                            !HasInstitutionEnding(View(Clean(p))) &&
                            !Contains(View(items.back()), "等");
      if (fragment && Contains(View(items.back()), "的")) {
        items.back().second = p.second;
      } else {
        items.push_back(p);
      }
    }
    std::vector<Range> pending;  // names waiting for the duty that follows them
    for (Range item : items) {
      if (View(item).starts_with("其")) continue;
      const Range owner_duty = SplitOwnerDuty(item);
      if (owner_duty.first == kNpos) {  // a bare name
        const Range c = Clean(item);
        if (LooksLikeName(c)) pending.push_back(c);
        continue;
      }
      const Range owner = Clean(Range(item.first, owner_duty.first));
      const Range duty = DutyText(Range(owner_duty.second, item.second));
      if (duty.first >= duty.second) {  // A的职责: the whole body
        for (Range p : pending) out.whole.push_back(p);
        if (LooksLikeName(owner)) out.whole.push_back(owner);
      } else {
        for (Range p : pending) out.duties.emplace_back(p, duty);
        if (LooksLikeName(owner)) out.duties.emplace_back(owner, duty);
      }
      pending.clear();
    }
    for (Range p : pending) out.whole.push_back(p);
    return out;
  }

  // For "A的X职责" / "A承担的X职责": [end of A, start of X); first == kNpos for a bare name.
  Range SplitOwnerDuty(Range item) const {
    size_t p = Find(item, "承担的");
    if (p != kNpos) return Range(p, p + 9);
    p = Find(item, "负责的");
    if (p != kNpos) return Range(p, p + 9);
    // The first 的 after a body's ending; else the first 的.
    size_t first = kNpos;
    for (size_t q = Find(item, "的"); q != kNpos; q = Find(item, "的", q + 3)) {
      if (first == kNpos) first = q;
      if (HasInstitutionEnding(View(Clean(Range(item.first, q))))) return Range(q, q + 3);
    }
    if (first != kNpos) return Range(first, first + 3);
    // "A职责" with no 的: a body name followed directly by 职责 (国家标准化管理委员会职责).
    const size_t z = Find(item, "职责");
    if (z != kNpos && HasInstitutionEnding(View(Range(item.first, z)))) return Range(z, z);
    return Range(kNpos, kNpos);
  }

  // The duty named in r: up to its last 职责/职能, without 有关/相关/等; empty for the whole.
  Range DutyText(Range r) const {
    size_t z = RFind(r, "职责");
    if (z == kNpos) z = RFind(r, "职能");
    if (z != kNpos) r.second = z;
    bool changed = true;
    while (changed && r.first < r.second) {
      changed = false;
      for (std::string_view w : {"有关", "相关", "全部", "其他", "的", "原"}) {
        if (StartsWith(r, w)) {
          r.first += w.size();
          changed = true;
        }
      }
      for (std::string_view w : {"等", "的", "相关", "有关", " "}) {
        if (EndsWith(r, w) && r.second > r.first + w.size()) {
          r.second -= w.size();
          changed = true;
        } else if (EndsWith(r, w)) {
          r.second = r.first;
          changed = true;
        }
      }
    }
    for (std::string_view whole : {"行政", "工作", "管理"}) {
      if (View(r) == whole) r.second = r.first;
    }
    return r;
  }

  void AddDuty(Range owner, Range duty, const std::vector<Mention>& to) {
    AddDuty(MakeMention(owner), duty, to);
  }
  void AddDuty(const Mention& owner, Range duty, const std::vector<Mention>& to) {
    Event& e = Add("duty_transferred", {owner}, to);
    e.duty = ev::RemoveSpaces(View(duty));
    st_->transfer_owner = owner;
    st_->transfer_owner_fresh = true;
  }

  // 整合A、B的职责，组建C / 将A、B的职责整合，组建C / 将A与B合并，组建C / A和B合并为C / 将A、B整合为C.
  size_t Merge(size_t i) {
    const Range c = clauses_[i];
    size_t cue = Find(c, "整合");
    size_t cue_len = 6;
    // X职责整合到B moves a duty (DutyTransfer), it forms no body.
    if (Find(c, "整合到") != kNpos || Find(c, "整合至") != kNpos || Find(c, "整合进") != kNpos) {
      return 0;
    }
    if (cue == kNpos) {
      cue = Find(c, "合并");
      if (cue == kNpos || Find(c, "合并后") != kNpos) return 0;
    }
    // One clause: A和B合并为C / 整合为C / 合并成立C.
    for (std::string_view tail : {"为", "成为", "成立", "组建", "设立", "组成"}) {
      if (t_.compare(cue + 6, tail.size(), tail) == 0) {
        cue_len = 6 + tail.size();
        Range src = Clean(Range(c.first, cue));
        size_t first = i;
        if (src.first >= src.second && i > 0) {
          // 将A、B和C，合并成立D: the sources are the clauses before, back to the one with 将.
          first = i - 1;
          while (first > 0 && !StartsWith(Body(first), "将") && i - first < 6) --first;
          if (!StartsWith(Body(first), "将")) first = i - 1;
          src = Clean(Range(clauses_[first].first, clauses_[i - 1].second));
        }
        const Range dst(cue + cue_len, c.second);
        return EmitMerge(ParseSources(src), dst, first, i) > 0 ? 1 : 0;
      }
    }
    // Two clauses: the target in one of the next three clauses.
    for (size_t j = i + 1; j < clauses_.size() && j <= i + 3; ++j) {
      size_t len = 0;
      const size_t p = EstablishCueAt(j, &len);
      if (p == kNpos) continue;
      // Sources: clause i (after 整合, or before it), or several clauses back to the one with 将.
      Range src;
      if (Find(Body(i), "整合") == Body(i).first) {
        src = Range(cue + 6, c.second);
      } else {
        size_t k = i;
        while (k > 0 && !StartsWith(Body(k), "将") && i - k < 6) --k;
        if (!StartsWith(Body(k), "将")) k = i;
        src = Range(clauses_[k].first, cue);
      }
      Range dst(p + len, clauses_[j].second);
      return EmitMerge(ParseSources(Clean(src)), dst, i, j) > 0 ? j - i + 1 : 0;
    }
    return 0;
  }

  size_t EmitMerge(const Sources& src, Range dst, size_t i, size_t j) {
    const std::vector<Range> targets = Names(dst);
    if (targets.empty() || (src.whole.empty() && src.duties.empty())) return 0;
    const std::vector<Mention> to = Mentions(targets);
    if (!src.whole.empty()) {
      std::vector<Mention> from = Mentions(src.whole);
      MarkEnded(from);
      Add("merged", std::move(from), to);
    } else {
      Add("established", {}, to);
    }
    const size_t formed = st_->events.size() - 1;
    MarkCreated(to);
    for (const auto& [owner, duty] : src.duties) {
      AddDuty(owner, duty, to);
      st_->integration_sources.emplace(ev::HanKey(View(owner)), formed);
    }
    return j - i + 1;
  }

  // 撤销A，其职责和人员并入B / 撤销A，分别组建B和C / 撤销A、B，合并组建C.
  size_t AbolishWithSuccessor(size_t i) {
    if (i + 1 >= clauses_.size()) return 0;
    const Range b = Body(i);
    Range names;
    if (StartsWith(b, "撤销")) {
      names = Range(b.first + 6, b.second);
    } else if (EndsWith(b, "不再保留") || EndsWith(b, "予以撤销") || EndsWith(b, "撤销")) {
      names = Range(b.first, b.second - (EndsWith(b, "不再保留") || EndsWith(b, "予以撤销") ? 12 : 6));
    } else if (StartsWith(b, "不再保留")) {
      names = Range(b.first + 12, b.second);
    } else {
      return 0;
    }
    const std::vector<Range> from = Names(names);
    if (from.empty()) return 0;
    const Range n = Body(i + 1);
    // Its duties go to a successor.
    if (StartsWith(n, "其") || StartsWith(n, "职责") || StartsWith(n, "相关职责") ||
        StartsWith(n, "人员")) {
      for (std::string_view cue : {"整体并入", "并入", "划入", "划归", "划转至", "划转给", "划给",
                                   "移交", "交由", "合并到", "并到"}) {
        const size_t p = Find(n, cue);
        if (p == kNpos) continue;
        Range dst(p + cue.size(), n.second);
        for (std::string_view w : {"管理", "承担", "负责"}) {
          if (EndsWith(dst, w)) dst.second -= w.size();
        }
        const std::vector<Range> to = Names(dst);
        if (to.empty()) return 0;
        std::vector<Mention> fm = Mentions(from);
        MarkEnded(fm);
        Add("merged", std::move(fm), Mentions(to));
        return 2;
      }
      return 0;
    }
    size_t len = 0;
    const size_t p = EstablishCueAt(i + 1, &len);
    const bool separately = StartsWith(n, "分别") || StartsWith(n, "分设");
    if (separately || StartsWith(n, "合并")) {
      Range dst(n.first, n.second);
      for (std::string_view w : {"分别", "分设为", "分设", "合并为", "合并组建", "合并成立", "合并"}) {
        if (StartsWith(dst, w)) dst.first += w.size();
      }
      for (std::string_view cue : kEstablishCues) {
        if (StartsWith(dst, cue)) dst.first += cue.size();
      }
      const std::vector<Range> to = Names(dst);
      if (to.empty()) return 0;
      std::vector<Mention> fm = Mentions(from);
      std::vector<Mention> tm = Mentions(to);
      MarkEnded(fm);
      MarkCreated(tm);
      const bool split = separately && from.size() == 1 && to.size() >= 2;
      Add(split ? "split" : "merged", std::move(fm), std::move(tm));
      return 2;
    }
    if (p != kNpos) {
      // 撤销A、B，组建C: C takes their place.
      const std::vector<Range> to = Names(Range(p + len, n.second));
      if (to.empty()) return 0;
      std::vector<Mention> fm = Mentions(from);
      std::vector<Mention> tm = Mentions(to);
      MarkEnded(fm);
      MarkCreated(tm);
      Add("merged", std::move(fm), std::move(tm));
      return 2;
    }
    return 0;
  }

  // 将A分设为B和C / A分设，组建B和C / 将A拆分为B、C.
  size_t Split(size_t i) {
    const Range c = Body(i);
    for (std::string_view cue : {"分设为", "分设成", "拆分为", "拆分成", "分拆为", "分为"}) {
      const size_t p = Find(c, cue);
      if (p == kNpos) continue;
      const std::vector<Range> from = Names(Range(c.first, p));
      const std::vector<Range> to = Names(Range(p + cue.size(), c.second));
      if (from.size() != 1 || to.size() < 2) continue;
      if (cue == "分为" && !(HasInstitutionEnding(View(from[0])) &&
                              HasInstitutionEnding(View(to[0])))) {
        continue;
      }
      EmitSplit(from, to);
      return 1;
    }
    for (std::string_view cue : {"分设", "拆分", "分开设置"}) {
      if (!EndsWith(c, cue) || i + 1 >= clauses_.size()) continue;
      Range n = Body(i + 1);
      if (StartsWith(n, "分别")) n.first += 6;
      size_t len = 0;
      const size_t p = EstablishCueAt(i + 1, &len);
      if (p == kNpos && !(View(n).size() > 0 && StartsWith(Body(i + 1), "分别"))) continue;
      const Range dst = p != kNpos ? Range(p + len, n.second) : n;
      const std::vector<Range> from = Names(Range(c.first, c.second - cue.size()));
      const std::vector<Range> to = Names(dst);
      if (from.size() != 1 || to.empty()) continue;
      EmitSplit(from, to);
      return 2;
    }
    return 0;
  }
  void EmitSplit(const std::vector<Range>& from, const std::vector<Range>& to) {
    std::vector<Mention> fm = Mentions(from), tm = Mentions(to);
    MarkEnded(fm);
    MarkCreated(tm);
    Add("split", std::move(fm), std::move(tm));
  }

  // A、B并入C / 将A整体并入B.
  size_t MergeInto(size_t i) {
    const Range c = Body(i);
    for (std::string_view cue : {"整体并入", "并入"}) {
      const size_t p = Find(c, cue);
      if (p == kNpos) continue;
      Range src(c.first, p);
      for (std::string_view w : {"的职责和人员", "职责和人员", "的机构和职责", "的职责", "整体"}) {
        if (EndsWith(src, w)) src.second -= w.size();
      }
      Range dst(p + cue.size(), c.second);
      for (std::string_view w : {"管理"}) {
        if (EndsWith(dst, w)) dst.second -= w.size();
      }
      const std::vector<Range> from = Names(src);
      const std::vector<Range> to = Names(dst);
      if (from.empty() || to.size() != 1) return 0;
      std::vector<Mention> fm = Mentions(from);
      MarkEnded(fm);
      Add("merged", std::move(fm), Mentions(to));
      return 1;
    }
    return 0;
  }

  // 同意核增A行政编制N名 / 为A核增行政编制N名 / A核减事业编制N名 / 给A增加编制N名.
  size_t Staffing(size_t i) {
    const Range c = Body(i);
    if (Find(c, "编制") == kNpos) return 0;
    int sign = 0;
    size_t cue = kNpos;
    size_t cue_len = 0;
    for (int pass = 0; pass < 2 && cue == kNpos; ++pass) {
      for (std::string_view w : pass == 0 ? std::span<const std::string_view>(kStaffUp)
                                          : std::span<const std::string_view>(kStaffDown)) {
        const size_t p = Find(c, w);
        if (p == kNpos || t_.compare(p + w.size(), 3, "后") == 0) continue;
        cue = p;
        cue_len = w.size();
        sign = pass == 0 ? 1 : -1;
        break;
      }
    }
    if (cue == kNpos) return 0;
    // The counts: every "编制N名" after the cue.
    std::vector<std::pair<std::string, int>> counts;  // type, count
    for (size_t q = Find(c, "编制", cue); q != kNpos; q = Find(c, "编制", q + 6)) {
      const size_t ming = Find(Range(q + 6, c.second), "名");
      if (ming == kNpos || ming - (q + 6) > 18) continue;
      const int n = ParseCount(View(Range(q + 6, ming)));
      if (n <= 0) continue;
      size_t tb = q;
      std::string type = "编制";
      for (std::string_view w : {"行政", "事业", "政法专项", "工勤", "机关"}) {
        if (tb >= w.size() && t_.compare(tb - w.size(), w.size(), w) == 0) {
          type = std::string(w) + "编制";
          break;
        }
      }
      counts.emplace_back(type, n);
    }
    if (counts.empty()) return 0;
    // The body: 为A核增 / A核增 / 核增A行政编制.
    Range body(kNpos, kNpos);
    const Range before(c.first, cue);
    if (!View(before).empty()) {
      Range b = before;
      if (StartsWith(b, "为") || StartsWith(b, "给") || StartsWith(b, "向")) b.first += 3;
      if (EndsWith(b, "的")) b.second -= 3;
      b = Clean(b);
      if (LooksLikeName(b) && !IsPronounBody(View(b))) body = b;
    }
    if (body.first == kNpos) {
      const size_t q = Find(c, "编制", cue);
      Range a(cue + cue_len, q);
      for (std::string_view w : {"行政", "事业", "政法专项", "工勤", "全额拨款", "机关", "的"}) {
        if (EndsWith(a, w)) a.second -= w.size();
      }
      for (std::string_view w : {"行政", "事业", "机关", "的"}) {
        if (EndsWith(a, w)) a.second -= w.size();
      }
      a = Clean(a);
      if (LooksLikeName(a) && !IsPronounBody(View(a))) body = a;
    }
    Mention m;
    if (body.first != kNpos) {
      m = MakeMention(body);
    } else if (!st_->title_staffing_subject.empty()) {
      m = st_->title_staffing_mention;
    } else {
      return 0;
    }
    std::string detail;
    for (const auto& [type, n] : counts) {
      const std::string v = (sign > 0 ? "+" : "-") + std::to_string(n);
      if (counts.size() == 1) {
        detail = v;
      } else {
        if (!detail.empty()) detail += "；";
        detail += type + v;
      }
    }
    Event& e = Add("staffing_changed", {m}, {m});
    e.detail = detail;
    return 1;
  }

  // 将A的X职责划入B / A承担的X职责划转至B / 将X职责由A划给B / A和B的X职责划入C.
  size_t DutyTransfer(size_t i) {
    const Range c = Body(i);
    if (Find(c, "职责") == kNpos && Find(c, "职能") == kNpos && !st_->transfer_owner) return 0;
    size_t cue = kNpos;
    std::string_view cue_word;
    for (std::string_view w : kDutyCues) {
      const size_t p = Find(c, w);
      if (p != kNpos && (cue == kNpos || p < cue)) {
        cue = p;
        cue_word = w;
      }
    }
    if (cue == kNpos) return 0;
    Range dst(cue + cue_word.size(), c.second);
    for (std::string_view w : {"管理", "承担", "负责", "行使"}) {
      if (EndsWith(dst, w)) dst.second -= w.size();
    }
    for (std::string_view w : {"新组建的", "重新组建的", "新设立的", "组建的"}) {
      if (StartsWith(dst, w)) {
        dst.first += w.size();
        break;
      }
    }
    const std::vector<Range> to = Names(dst);
    if (to.empty()) return 0;
    const std::vector<Mention> tm = Mentions(to);
    Range src(c.first, cue);
    if (StartsWith(src, "将")) src.first += 3;
    for (std::string_view w : {"原属于", "原属", "原由"}) {
      if (StartsWith(src, w)) {
        src.first += w.size();
        break;
      }
    }
    // 将X职责由A划给B
    const size_t you = RFind(src, "由");
    const size_t zhize = Find(src, "职责");
    if (you != kNpos && zhize != kNpos && zhize < you) {
      const Range duty = DutyText(Range(src.first, you));
      const std::vector<Range> owners = Names(Range(you + 3, src.second));
      if (owners.empty() || duty.first >= duty.second) return 0;
      for (Range o : owners) AddDuty(o, duty, tm);
      return 1;
    }
    // Y职责整合到C / Y整合到C right after A的X职责整合到B: A gives Y too (no body named in Y).
    if (st_->transfer_owner && Find(src, "的") == kNpos &&
        !HasInstitutionEnding(View(Clean(src)))) {
      const Range duty = DutyText(src);
      if (duty.first < duty.second) {
        const Mention owner = *st_->transfer_owner;
        AddDuty(owner, duty, tm);
        return 1;
      }
    }
    const Sources s = ParseSources(src);
    if (s.duties.empty()) {
      if (s.whole.empty()) {
        st_->review.push_back({"events", "职责划转未写明划出机构：" + std::string(t_)});
        return 1;
      }
      // A的职责划入B / A、B职责划入C: all of a body's duties go, so the body is merged into B.
      std::vector<Mention> fm = Mentions(s.whole);
      MarkEnded(fm);
      Add("merged", std::move(fm), tm);
      return 1;
    }
    for (const auto& [owner, duty] : s.duties) AddDuty(owner, duty, tm);
    return 1;
  }

  // A改由B管理 / A划归B管理 / A由B管理 / A设在B / A的日常工作由B承担 / A改由B代管.
  size_t PlacedUnder(size_t i) {
    const Range c = Body(i);
    Range from(kNpos, kNpos), to(kNpos, kNpos);
    const size_t she = Find(c, "设在");
    if (she != kNpos) {
      from = Range(c.first, she);
      to = Range(she + 6, c.second);
      // X指挥部办公室设在B: the 指挥部 (领导小组, 委员会) whose office it is.
      if (EndsWith(from, "办公室")) {
        const Range base(from.first, from.second - 9);
        for (std::string_view w : {"指挥部", "领导小组", "委员会"}) {
          if (EndsWith(base, w) && !EndsWith(base, "编制委员会")) from = base;
        }
      }
    } else {
      const size_t daily = Find(c, "日常工作");
      size_t end_word = kNpos;
      for (std::string_view w : {"归口管理", "管理", "代管", "领导", "承担"}) {
        if (EndsWith(c, w)) {
          end_word = c.second - w.size();
          if (w == "承担" && daily == kNpos) end_word = kNpos;
          break;
        }
      }
      size_t cue = kNpos, cue_len = 0;
      for (std::string_view w : {"改为由", "改由", "划归", "划由", "交由", "仍由", "转由", "由"}) {
        const size_t p = Find(c, w);
        if (p != kNpos) {
          cue = p;
          cue_len = w.size();
          break;
        }
      }
      if (cue == kNpos && Find(c, "划归") == kNpos) return 0;
      if (end_word == kNpos) {
        // 划归B (no 管理) still moves the body; other cues need the verb.
        if (cue == kNpos || t_.compare(cue, 6, "划归") != 0) return 0;
        end_word = c.second;
      }
      from = Range(c.first, daily != kNpos && daily < cue ? daily : cue);
      to = Range(cue + cue_len, end_word);
    }
    // Status of a body, not a move: 作为由B管理的事业单位, 是由B管理的行政机构, (组建C，)由B管理.
    std::string_view fv = View(from);
    for (std::string_view w : {"作为", "为", "是", "系"}) {
      if (fv.starts_with(w) || fv.ends_with(w)) return 0;
    }
    if (Contains(View(c), "的事业单位") || Contains(View(c), "的行政机构")) return 0;
    from = Clean(from);
    if (EndsWith(from, "的")) from.second -= 3;
    // 民政部代管的中国老龄协会: the body after its former manager.
    const size_t de = RFind(from, "的");
    if (de != kNpos && HasInstitutionEnding(View(Range(de + 3, from.second))) &&
        View(Range(de + 3, from.second)).size() >= 6) {
      from.first = de + 3;
    }
    const std::vector<Range> fr = Names(from);
    const std::vector<Range> tr = Names(to);
    if (fr.empty() || tr.size() != 1) return 0;
    Add("placed_under", Mentions(fr), Mentions(tr));
    return 1;
  }

  // The rank word ending at byte e (the 级 at e - 3): [begin, e) or kNpos.
  size_t RankStart(size_t e) const {
    if (e < 6 || t_.compare(e - 3, 3, "级") != 0) return kNpos;
    for (std::string_view lv : ev::kRankLevels) {
      const size_t b = e - 3 - lv.size();
      if (e - 3 < lv.size() || t_.compare(b, lv.size(), lv) != 0) continue;
      for (std::string_view z : {"正", "副"}) {
        if (b >= 3 && t_.compare(b - 3, 3, z) == 0) return b - 3;
      }
      return b;
    }
    return kNpos;
  }
  // Every rank word in r, in order.
  std::vector<Range> Ranks(Range r) const {
    std::vector<Range> out;
    for (size_t p = Find(r, "级"); p != kNpos; p = Find(r, "级", p + 3)) {
      const size_t b = RankStart(p + 3);
      if (b != kNpos && b >= r.first) out.emplace_back(b, p + 3);
    }
    return out;
  }

  // A的机构规格由X调整为Y / 将A的机构规格调整为Y（原为X） / A升格为Y，原X规格相应调整 / A由X升格为Y.
  size_t Rank(size_t i) {
    const Range c = Body(i);
    size_t cue = kNpos;
    for (std::string_view w : {"的机构规格", "机构规格", "的规格", "规格", "升格", "降格"}) {
      cue = Find(c, w);
      if (cue != kNpos) break;
    }
    if (cue == kNpos) {
      // A调整为正处级 / A由副处级调整为正处级.
      const size_t p = Find(c, "调整为");
      if (p == kNpos || Ranks(Range(p, c.second)).empty()) return 0;
      cue = p;
    }
    Range subject(c.first, cue);
    const size_t you = Find(subject, "由");
    if (you != kNpos && !Ranks(Range(you, c.second)).empty()) subject.second = you;
    const std::vector<Range> names = Names(subject);
    // Rank words in the clause (由X…为Y, 为Y（原为X）), then in the next (原X规格相应调整).
    const std::vector<Range> here = Ranks(Range(subject.second, c.second));
    if (names.size() != 1 || here.empty()) return 0;
    std::string old_rank, new_rank;
    const size_t wei = Find(Range(std::max(cue, subject.second), c.second), "为");
    for (Range r : here) {
      const bool marked_old = r.first >= 6 && (t_.compare(r.first - 6, 6, "原为") == 0 ||
                                               t_.compare(r.first - 3, 3, "原") == 0);
      const bool after_wei = wei != kNpos && r.first > wei;
      if (marked_old || !after_wei) {
        if (old_rank.empty()) old_rank = View(r);
      } else if (new_rank.empty()) {
        new_rank = View(r);
      }
    }
    size_t used = 1;
    if (old_rank.empty()) {
      for (size_t j = i + 1; j < clauses_.size(); ++j) {
        const Range n = clauses_[j];
        if (!StartsWith(n, "原")) continue;
        const std::vector<Range> rs = Ranks(n);
        if (!rs.empty()) {
          old_rank = View(rs.front());
          used = j - i + 1;
        }
        break;
      }
    }
    if (new_rank.empty()) return 0;
    const Mention m = MakeMention(names[0]);
    Event& e = Add("rank_changed", {m}, {m});
    e.detail = old_rank.empty() ? "→" + new_rank : old_rank + "→" + new_rank;
    return used;
  }

  // 将A更名为B / A改称B / A名称变更为B / A改为B.
  size_t Rename(size_t i) {
    const Range c = Body(i);
    for (std::string_view cue : kRenameCues) {
      const size_t p = Find(c, cue);
      if (p == kNpos) continue;
      Range src(c.first, p);
      for (std::string_view w : {"的名称", "名称"}) {
        if (EndsWith(src, w)) src.second -= w.size();
      }
      Range dst(p + cue.size(), c.second);
      const std::vector<Range> from = Names(src);
      const std::vector<Range> to = Names(dst);
      if (from.size() != 1 || to.size() != 1) return 0;
      // 改为 also says "改为国务院直属机构" / "改为正处级": only a name counts.
      if ((cue == "改为" || cue == "更名" || cue == "改称") &&
          !HasInstitutionEnding(View(to[0]))) {
        return 0;
      }
      Add("renamed", Mentions(from), Mentions(to));
      return 1;
    }
    return 0;
  }

  // 撤销A / 不再保留A、B / A不再保留 / 不再设立A / A予以撤销.
  size_t Abolish(size_t i) {
    const Range b = Body(i);
    Range names(kNpos, kNpos);
    for (std::string_view cue : {"撤销", "不再保留", "不再设立", "不再单设", "取消"}) {
      if (StartsWith(b, cue)) {
        names = Range(b.first + cue.size(), b.second);
        if (cue == "取消" && !HasInstitutionEnding(View(Clean(names)))) return 0;
        break;
      }
      if (EndsWith(b, cue) && cue != "取消") {
        names = Range(b.first, b.second - cue.size());
        for (std::string_view w : {"予以", "同时", "一并", "均"}) {
          if (EndsWith(names, w)) names.second -= w.size();
        }
        break;
      }
    }
    if (names.first == kNpos) return 0;
    const std::vector<Range> from = Names(names);
    if (from.empty()) return 0;
    Add("abolished", Mentions(from), {});
    return 1;
  }

  // 设立A / 成立A / 组建A / 同意设立A和B / 在A基础上组建B.
  size_t Establish(size_t i) {
    size_t len = 0;
    const size_t p = EstablishCueAt(i, &len);
    if (p == kNpos) return 0;
    const Range c = clauses_[i];
    Range dst(p + len, c.second);
    if (Contains(View(dst), "简称")) {
      // A 三定 preamble restating the body's existence (设立X（以下简称…）): no event.
      recognised_ = true;
      return 1;
    }
    if (Contains(View(dst), "牌子") || StartsWith(dst, "下列") || StartsWith(dst, "以下") ||
        StartsWith(dst, "如下")) {
      return 0;
    }
    std::vector<Range> to = Names(dst);
    std::erase_if(to, [&](Range r) { return !HasInstitutionEnding(View(r)); });
    if (to.empty()) return 0;
    Add("established", {}, Mentions(to));
    return 1;
  }

  const DocText& doc_;
  const Sentence& s_;
  const std::string_view t_;
  std::string date_;
  DocState* st_;
  std::vector<Range> clauses_;
  bool recognised_ = false;
};

// ---------------------------------------------------------------------------------------------
// Reading the document into sentences.

bool EndsSentence(std::string_view p) {
  while (p.ends_with(" ")) p.remove_suffix(1);
  for (std::string_view w : {"。", "；", "！", "？", "：", ";", ":"}) {
    if (p.ends_with(w)) return true;
  }
  return false;
}

// A title line: 关于…的通知/批复/决定/意见 … with no sentence in it.
bool IsTitle(std::string_view p) {
  const size_t about = p.find("关于");
  if (Contains(p, "。") || about == std::string_view::npos) return false;
  // A sentence citing a document (根据《关于…的通知》) is no title.
  const std::string_view head = p.substr(0, about);
  for (std::string_view w : {"《", "“", "根据", "按照", "依据", "经"}) {
    if (Contains(head, w)) return false;
  }
  for (std::string_view w : {"的通知", "的批复", "的批覆", "的决定", "的意见", "的请示", "的报告",
                             "的函", "的规定", "的方案"}) {
    const size_t q = p.find(w, about);
    if (q == std::string_view::npos) continue;
    const std::string_view after = p.substr(q + w.size());
    if (!after.starts_with("》") && !after.starts_with("”")) return true;
  }
  return false;
}

// A line of the head: 红头 (…文件), the 文号 line, a title.
bool IsHeadLine(std::string_view p) {
  if (Contains(p, "。")) return false;
  if (p.ends_with("文件")) return true;
  if (IsTitle(p)) return true;
  // 清编〔1999〕7号 in any brackets: short, a year and 号.
  if (p.size() <= 45 && (p.ends_with("号") || Contains(p, "号 "))) {
    for (size_t i = 0; i + 4 <= p.size(); ++i) {
      const auto digit = [&](size_t j) { return p[j] >= '0' && p[j] <= '9'; };
      if ((p.compare(i, 2, "19") == 0 || p.compare(i, 2, "20") == 0) && digit(i + 2) &&
          digit(i + 3)) {
        return true;
      }
    }
  }
  return false;
}

// Where a closing formula (特此通知, 此复, 以上…, 请…执行) starts in p; kNpos if none.
size_t ClosingFormula(std::string_view p) {
  size_t best = kNpos;
  for (std::string_view w : {"特此", "此复", "以上", "请遵照", "请认真"}) {
    const size_t q = p.find(w);
    if (q != std::string_view::npos && q > 0 && q < best) best = q;
  }
  return best;
}

// The title of a 三定 regulation printed after its covering notice.
bool IsRegulationTitle(std::string_view p) {
  if (Contains(p, "关于") || Contains(p, "《") || Contains(p, "。") || Contains(p, "，")) {
    return false;
  }
  while (p.ends_with(" ") || p.ends_with("”")) p.remove_suffix(p.ends_with(" ") ? 1 : 3);
  if (!(p.ends_with("规定") || p.ends_with("方案"))) return false;
  return Contains(p, "三定") || (Contains(p, "编制") && (Contains(p, "内设机构") ||
                                                          Contains(p, "职能配置") ||
                                                          Contains(p, "主要职责")));
}

// Where a 三定 regulation begins: its title (possibly run together with the notice's date line or
// with the preamble after it), or, when OCR damaged the title, its first section heading
// (一、主要职责 / 主要职能 / 内设机构) or the sentence "X的主要职责是：".
bool StartsRegulation(std::string_view p) {
  if (IsRegulationTitle(p)) return true;
  const size_t stop = p.find("。");
  if (stop != std::string_view::npos && IsRegulationTitle(p.substr(0, stop))) return true;
  if (ev::StartsWithHeadingMarker(p) && p.size() <= 60) {
    for (std::string_view w : {"主要职责", "主要职能", "职能配置", "内设机构"}) {
      if (Contains(p, w)) return true;
    }
  }
  return Contains(p, "的主要职责是") || Contains(p, "的主要职能是");
}

// The text stripped of a leading item marker and of OCR debris before it.
size_t ContentStart(std::string_view p) {
  size_t i = 0;
  bool changed = true;
  while (changed && i < p.size()) {
    changed = false;
    const size_t m = ev::ItemMarkerLength(p.substr(i));
    if (m > 0) {
      i += m;
      changed = true;
    }
    for (std::string_view w : {"。", "，", "、", "．", ".", ",", " ", "　"}) {
      if (p.substr(i).starts_with(w)) {
        i += w.size();
        changed = true;
      }
    }
  }
  return i;
}

// Cue of an establishment list: 机构设置如下： / 设置下列工作部门： / 设立以下机构：.
bool IsListIntro(std::string_view s) {
  if (!(s.ends_with("：") || s.ends_with(":") || Contains(s, "："))) return false;
  for (std::string_view w : {"设置如下", "设立如下", "设置下列", "设立下列", "设置以下", "设立以下",
                             "组建下列", "组建以下", "成立下列", "成立以下", "机构如下", "部门如下",
                             "机构设置明确如下", "设置明确如下", "具体设置"}) {
    if (Contains(s, w)) return true;
  }
  return false;
}

// A list item that names one body: "1．A（正处级）", OCR debris allowed around it. Returns the
// byte range of the name in p, or {0, 0}.
Range ListItemName(std::string_view p) {
  size_t b = ContentStart(p);
  // Digits that lost their dot (OCR): "4清河市…".
  while (b < p.size() && ((p[b] >= '0' && p[b] <= '9') || p[b] == '.' || p[b] == ']' ||
                          p[b] == '|' || p[b] == ' ')) {
    ++b;
  }
  size_t e = p.size();
  for (std::string_view open : {"（", "(", "〈", "《", "“", "<", "[", "【"}) {
    const size_t q = p.find(open, b);
    if (q != std::string_view::npos && q < e) e = q;
  }
  // Trailing debris: ASCII, punctuation.
  while (e > b) {
    const size_t prev = ev::PrevCodePoint(p, e);
    size_t len = 0;
    const char32_t c = ev::CodePointAt(p, prev, &len);
    if (ev::IsHan(c)) break;
    e = prev;
  }
  const std::string_view name = p.substr(b, e - b);
  if (name.size() < 6 || name.size() > 90 || !HasInstitutionEnding(name)) return {0, 0};
  size_t i = 0;
  while (i < name.size()) {
    size_t len = 0;
    if (!ev::IsHan(ev::CodePointAt(name, i, &len))) return {0, 0};
    i += len;
  }
  return {b, e};
}

bool HasHan(std::string_view p);

// An establishment-list paragraph: "1．A（正处级）", or several such items that OCR ran together
// with debris between them ("2.A（正处级）。3B（正处级）4C…"), possibly ending in the closing
// formula (特此通知).
struct ListParagraph {
  bool ok = false;      // the paragraph is (the rest of) the list
  bool closed = false;  // the closing formula ends it
  std::vector<Range> names;
};

// Two names run together ("A指挥部B爱国卫生运动委员会" where both start with the same place):
// the offset where the second begins, or 0.
size_t SecondNameStart(std::string_view name) {
  size_t k = 0, n = 0;
  while (k < name.size() && n < 3) {
    size_t len = 0;
    ev::CodePointAt(name, k, &len);
    k += len;
    ++n;
  }
  const std::string_view prefix = name.substr(0, k);
  for (size_t q = name.find(prefix, k); q != std::string_view::npos; q = name.find(prefix, q + 1)) {
    if (HasInstitutionEnding(name.substr(0, q)) && HasInstitutionEnding(name.substr(q))) return q;
  }
  return 0;
}

ListParagraph ReadListParagraph(std::string_view p) {
  ListParagraph out;
  size_t start = 0;
  size_t i = 0;
  auto piece = [&](size_t b, size_t e) {
    if (!out.ok && !out.names.empty() && out.closed) return;
    const std::string_view v = p.substr(b, e - b);
    if (out.closed || !HasHan(v)) return;
    if (ClosingFormula(std::string("。") + std::string(v)) == 3) {
      out.closed = true;
      return;
    }
    const Range n = ListItemName(v);
    if (n.second <= n.first) {
      // A rank annotation left alone ("正处级"), else text that is no list item.
      const std::string_view rest = v.substr(ContentStart(v));
      if (!(rest.ends_with("级") && rest.size() <= 18)) out.ok = false, out.closed = true;
      return;
    }
    const std::string_view name = v.substr(n.first, n.second - n.first);
    for (std::string_view cue : kFlagCues) {
      if (Contains(name, cue)) {
        out.ok = false;
        out.closed = true;
        return;
      }
    }
    const size_t second = SecondNameStart(name);
    if (second > 0) {
      out.names.emplace_back(b + n.first, b + n.first + second);
      out.names.emplace_back(b + n.first + second, b + n.second);
    } else {
      out.names.emplace_back(b + n.first, b + n.second);
    }
  };
  out.ok = true;
  while (i < p.size()) {
    size_t sep = 0;
    for (std::string_view w : {"）", ")", "，", ",", "。", "、", "；", "|", " ", "　"}) {
      if (p.substr(i).starts_with(w)) sep = w.size();
    }
    if (sep > 0) {
      piece(start, i);
      i += sep;
      start = i;
      continue;
    }
    size_t len = 0;
    ev::CodePointAt(p, i, &len);
    i += len;
  }
  piece(start, p.size());
  if (!out.ok) out.names.clear();
  return out;
}

bool HasHan(std::string_view p) {
  size_t i = 0;
  while (i < p.size()) {
    size_t len = 0;
    if (ev::IsHan(ev::CodePointAt(p, i, &len))) return true;
    i += len;
  }
  return false;
}

// The date a sentence states for itself: 自2019年3月1日起.
std::string StatedDate(std::string_view s) {
  for (size_t p = s.find("自"); p != std::string_view::npos; p = s.find("自", p + 3)) {
    const size_t q = s.find("起", p);
    if (q == std::string_view::npos || q - p > 60) continue;
    if (auto d = ParseDate(s.substr(p + 3, q - p - 3))) return *d;
  }
  return "";
}

bool HasFlagCue(std::string_view s) {
  std::string t(s);
  for (std::string_view b : kBenign) {
    for (size_t p = t.find(b); p != std::string::npos; p = t.find(b, p)) t.erase(p, b.size());
  }
  for (std::string_view c : kFlagCues) {
    if (Contains(t, c)) return true;
  }
  // "X，作为市政府工作部门" states a new body's status even when OCR garbled the verb (组奸X).
  return (Contains(t, "，作为") || Contains(t, "，为")) &&
         (Contains(t, "工作部门") || Contains(t, "直属机构") || Contains(t, "组成部门"));
}

// 关于同意核增X行政编制的批复 -> X (the body of a staffing reply that says only 你单位).
Range TitleStaffingSubject(std::string_view p) {
  for (std::string_view cue : {"核增", "核减", "增加", "调整"}) {
    const size_t c = p.find(cue);
    if (c == std::string_view::npos) continue;
    size_t e = p.find("编制", c);
    if (e == std::string_view::npos) continue;
    for (std::string_view w : {"行政", "事业", "机关", "的"}) {
      if (p.substr(0, e).ends_with(w)) e -= w.size();
    }
    const size_t b = c + cue.size();
    if (e > b + 6 && HasInstitutionEnding(p.substr(b, e - b))) return {b, e};
  }
  return {0, 0};
}

class Reader {
 public:
  Reader(const DocText& doc, const std::string& doc_date, size_t from, size_t to)
      : doc_(doc), doc_date_(doc_date), from_(from), to_(std::min(to, doc.norm().size())) {}

  EventFacts Run() {
    const auto& paras = doc_.paragraphs();
    std::vector<Range> ps;  // clipped paragraphs in range
    for (const auto& p : paras) {
      const size_t b = std::max(p.begin, from_), e = std::min(p.end, to_);
      if (b >= e) continue;
      const std::string_view v = std::string_view(doc_.norm()).substr(b, e - b);
      if (StartsRegulation(v)) break;
      ps.emplace_back(b, e);
    }
    Sentence unit;
    bool list_mode = false;
    for (size_t k = 0; k < ps.size(); ++k) {
      const std::string_view v = Text(ps[k]);
      // The head: 红头, 文号 and title lines are no sentences (a title may wrap over two lines).
      if (IsHeadLine(v)) {
        if (!unit.text.empty()) list_mode = ReadUnit(unit);
        unit = Sentence{};
        if (IsTitle(v)) {
          Sentence title;
          Append(&title, ps[k]);
          NoteTitle(title);
        }
        continue;
      }
      if (!unit.text.empty() && !Contains(unit.text, "。") && IsTitle(unit.text + std::string(v))) {
        Append(&unit, ps[k]);
        NoteTitle(unit);
        unit = Sentence{};
        continue;
      }
      if (list_mode) {
        if (!HasHan(v)) continue;  // OCR debris between items
        const ListParagraph lp = ReadListParagraph(v);
        if (lp.ok) {
          for (Range n : lp.names) AddListed(ps[k].first + n.first, ps[k].first + n.second);
          list_mode = !lp.closed;
          continue;
        }
        list_mode = false;
      }
      Append(&unit, ps[k]);
      const bool next_starts_item =
          k + 1 < ps.size() && (ev::ItemMarkerLength(Text(ps[k + 1])) > 0 ||
                                ev::StartsWithHeadingMarker(Text(ps[k + 1])));
      if (EndsSentence(v) || next_starts_item || k + 1 == ps.size() ||
          ev::StartsWithHeadingMarker(v) || unit.text.size() > 3000) {
        list_mode = ReadUnit(unit);
        unit = Sentence{};
      }
    }
    Finish();
    return {std::move(st_.events), std::move(st_.review)};
  }

 private:
  std::string_view Text(Range r) const {
    return std::string_view(doc_.norm()).substr(r.first, r.second - r.first);
  }

  void Append(Sentence* s, Range r) {
    for (size_t i = r.first; i < r.second; ++i) {
      s->text.push_back(doc_.norm()[i]);
      s->pos.push_back(i);
    }
  }

  void NoteTitle(const Sentence& title) {
    const Range sub = TitleStaffingSubject(title.text);
    if (sub.second <= sub.first) return;
    st_.title_staffing_subject = title.text.substr(sub.first, sub.second - sub.first);
    Mention m;
    m.text = ev::RemoveSpaces(st_.title_staffing_subject);
    m.span = doc_.SpanOf(title.pos[sub.first], title.pos[sub.second - 1] + 1);
    st_.title_staffing_mention = m;
  }

  // One establishment-list item.
  void AddListed(size_t b, size_t e) {
    Mention m;
    m.text = ev::RemoveSpaces(std::string_view(doc_.norm()).substr(b, e - b));
    m.span = doc_.SpanOf(b, e);
    if (list_event_ == kNpos) {
      Event ev;
      ev.type = "established";
      ev.date = doc_date_;
      ev.text = list_intro_;
      ev.span = list_span_;
      st_.events.push_back(std::move(ev));
      list_event_ = st_.events.size() - 1;
    }
    st_.events[list_event_].to.push_back(std::move(m));
  }

  // Cuts a unit into sentences and parses each; true when it ends with a list introduction.
  bool ReadUnit(const Sentence& unit) {
    bool list_intro = false;
    size_t start = 0;
    const std::string& t = unit.text;
    size_t i = 0;
    while (i <= t.size()) {
      size_t sep = 0;
      if (i < t.size()) {
        for (std::string_view w : {"。", "；", "！", "？"}) {
          if (std::string_view(t).substr(i).starts_with(w)) sep = w.size();
        }
      }
      if (sep > 0 || i == t.size()) {
        Sentence s;
        const size_t b = start + ContentStart(std::string_view(t).substr(start, i - start));
        for (size_t j = b; j < i; ++j) {
          s.text.push_back(t[j]);
          s.pos.push_back(unit.pos[j]);
        }
        if (!s.text.empty()) list_intro = ReadSentence(s);
        if (i == t.size()) break;
        i += sep;
        start = i;
        continue;
      }
      size_t len = 0;
      ev::CodePointAt(t, i, &len);
      i += len;
    }
    return list_intro;
  }

  // Parses one sentence; true when it introduces an establishment list.
  bool ReadSentence(const Sentence& s) {
    if (IsTitle(s.text)) {  // a title that OCR debris kept from being seen as a head line
      NoteTitle(s);
      return false;
    }
    if (IsListIntro(s.text)) {
      list_intro_ = s.text;
      list_span_ = doc_.SpanOf(s.pos.front(), s.pos.back() + 1);
      list_event_ = kNpos;
      // An inline list after the colon: 设置下列工作部门：A、B、C.
      const size_t colon = s.text.rfind("：");
      if (colon != std::string::npos && colon + 3 < s.text.size()) {
        const ListParagraph lp = ReadListParagraph(std::string_view(s.text).substr(colon + 3));
        for (Range n : lp.names) {
          AddListed(s.pos[colon + 3 + n.first], s.pos[colon + 3 + n.second - 1] + 1);
        }
        return lp.ok && !lp.closed;
      }
      return true;
    }
    std::string date = StatedDate(s.text);
    if (date.empty()) date = doc_date_;
    const size_t before = st_.events.size();
    const size_t flags = st_.review.size();
    Parser parser(doc_, s, date, &st_);
    st_.transfer_owner_fresh = false;
    parser.Run();
    if (!st_.transfer_owner_fresh) st_.transfer_owner.reset();
    if (st_.events.size() == before && st_.review.size() == flags && !parser.recognised() &&
        HasFlagCue(s.text)) {
      std::string shown = s.text;
      if (shown.size() > 300) shown = shown.substr(0, ev::PrevCodePoint(shown, 300));
      st_.review.push_back({"events", "无法识别的机构变动：" + shown});
    }
    return false;
  }

  // Document-level rules.
  void Finish() {
    // 不再保留A after A gave duties to a body formed by integration: A was merged into it.
    for (Event& e : st_.events) {
      if (e.type != "abolished") continue;
      std::erase_if(e.from, [&](const Mention& m) {
        const std::string key = ev::HanKey(m.text);
        auto it = st_.integration_sources.find(key);
        if (it == st_.integration_sources.end() || st_.ended.count(key) > 0) return false;
        Event& formed = st_.events[it->second];
        formed.type = "merged";
        formed.from.push_back(m);
        st_.ended.insert(key);
        return true;
      });
    }
    std::vector<Event> out;
    for (Event& e : st_.events) {
      if (e.type == "abolished") {
        std::erase_if(e.from, [&](const Mention& m) { return st_.ended.count(ev::HanKey(m.text)) > 0; });
        if (e.from.empty()) continue;
      }
      if (e.type == "established") {
        std::erase_if(e.to, [&](const Mention& m) { return st_.created.count(ev::HanKey(m.text)) > 0; });
        if (e.to.empty()) continue;
        // One event per date for all the bodies the document sets up.
        bool merged = false;
        for (Event& o : out) {
          if (o.type == "established" && o.date == e.date) {
            for (Mention& m : e.to) {
              const bool dup = std::any_of(o.to.begin(), o.to.end(),
                                           [&](const Mention& x) { return x.text == m.text; });
              if (!dup) o.to.push_back(std::move(m));
            }
            merged = true;
            break;
          }
        }
        if (merged) continue;
      }
      const bool dup = std::any_of(out.begin(), out.end(), [&](const Event& o) {
        return o.type == e.type && o.date == e.date && o.duty == e.duty &&
               SameNames(o.from, e.from) && SameNames(o.to, e.to);
      });
      if (!dup) out.push_back(std::move(e));
    }
    st_.events = std::move(out);
  }

  static bool SameNames(const std::vector<Mention>& a, const std::vector<Mention>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].text != b[i].text) return false;
    }
    return true;
  }

  const DocText& doc_;
  std::string doc_date_;
  size_t from_, to_;
  DocState st_;
  std::string list_intro_;
  Span list_span_;
  size_t list_event_ = kNpos;
};

}  // namespace

EventFacts ExtractEvents(const DocText& doc, const std::string& doc_date, size_t from, size_t to) {
  return Reader(doc, doc_date, from, to).Run();
}

}  // namespace sanding::extract
