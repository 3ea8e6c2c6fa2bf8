#include "indexer/history/build.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace sanding::history {
namespace {

using extract::DocumentFacts;
using extract::Mention;

// FNV-1a, 64 bits: short stable ids (event and conflict ids are not secrets).
uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// The level a body's name places it at.
std::string LevelOfName(const std::string& name) {
  for (const char* p : {"国家", "国务院", "中华人民共和国", "全国", "中央", "中国"}) {
    if (StartsWith(name, p)) return "national";
  }
  size_t best = std::string::npos;
  std::string level;
  for (const auto& [mark, lvl] : std::vector<std::pair<std::string, std::string>>{
           {"省", "province"}, {"自治区", "province"}, {"市", "city"}, {"县", "county"},
           {"区", "county"}}) {
    size_t at = name.find(mark);
    if (at != std::string::npos && at < best) {
      best = at;
      level = lvl;
    }
  }
  return level;
}

// A full name (region or national prefix), as opposed to an abbreviation such as 市编办.
bool LooksLikeFullName(const std::string& name) {
  if (LevelOfName(name) == "national") return true;
  for (const char* p : {"省", "市", "县", "区", "自治区", "州", "盟", "旗"}) {
    size_t at = name.find(p);
    // At least a two-character place name before the mark (清河市, 临川县).
    if (at != std::string::npos && at >= 6) return true;
  }
  return false;
}

// One assignment made from one source at one valid time.
struct Point {
  std::string date;       // valid time ("" for before anything known)
  bool boundary = false;  // starts a new version on `date`
  size_t order = 0;       // fold order
  Citation cite;
  std::string sha;        // the source document's file ("" for curations)
  std::optional<std::string> name, rank, kind, parent;
  std::vector<std::string> abbreviations;
  std::optional<std::vector<std::string>> duties;
  std::optional<std::vector<UnitEntry>> units;
  std::optional<std::vector<StaffingEntry>> staffing;
  std::optional<int> staffing_delta;
  std::string delta_type = "行政编制";
  std::optional<int> staffing_total;
  std::vector<StaffingEntry> staffing_stated;  // other items a staffing change states (领导职数)
};

struct Inst {
  std::string id;
  std::string first_name;
  std::string start, end;  // lifetime; "" unknown / open
  bool seen = false;       // some event or fact has placed it
  std::vector<Point> points;
};

struct Correction {
  std::string institution, date, field;
  nlohmann::json value;
  Citation cite;
};

class Builder {
 public:
  Builder(const std::vector<SourceDocument>& docs, const std::vector<ChainCuration>& curations)
      : docs_(docs) {
    ReadCurations(curations);
  }

  Chain Run() {
    // Documents by number, for the decisions regulations cite.
    for (const auto& d : docs_) {
      if (!d.facts.doc_number.value.empty() && !d.facts.date.value.empty())
        date_of_number_.emplace(d.facts.doc_number.value, d.facts.date.value);
    }
    struct Item {
      std::string date, number, key;
      const SourceDocument* doc = nullptr;
      const ChainCuration* cur = nullptr;
    };
    std::vector<Item> items;
    for (const auto& d : docs_) {
      if (!d.facts.part_of.empty()) continue;
      std::string date = d.facts.date.value;
      if (date.empty()) {
        // An undated regulation implementing a decision of the archive still sets the version
        // that decision starts; anything else waits for its date (a review item) to be corrected.
        auto basis = date_of_number_.find(d.facts.basis.value);
        if (IsRegulation(d.facts) && basis != date_of_number_.end()) {
          date = basis->second;
          chain_.notes.push_back("文件 " + Label(d) + " 的成文日期不明，仅按其所依据的 " +
                                 d.facts.basis.value + " 计入三定内容");
        } else {
          chain_.notes.push_back("文件 " + Label(d) + " 的成文日期不明，未计入沿革");
          continue;
        }
      }
      items.push_back({date, d.facts.doc_number.value, d.sha256, &d, nullptr});
    }
    for (const auto& c : added_events_) {
      items.push_back({c.second.value("date", ""), "", "~" + Hex(c.first->seq), nullptr, c.first});
    }
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return std::tie(a.date, a.number, a.key) < std::tie(b.date, b.number, b.key);
    });
    for (const auto& it : items) {
      if (it.doc != nullptr) {
        FoldDocument(*it.doc);
      } else {
        FoldCuratedEvent(*it.cur);
      }
    }
    ApplySets();
    Assemble();
    ApplyCorrections();
    Finish();
    return std::move(chain_);
  }

 private:
  // ---- curations ----
  void ReadCurations(const std::vector<ChainCuration>& curations) {
    std::set<uint64_t> withdrawn;
    for (const auto& c : curations) {
      if (c.op == "withdraw") withdrawn.insert(c.withdraws);
    }
    for (const auto& c : curations) {
      if (c.op == "withdraw" || withdrawn.contains(c.seq)) continue;
      nlohmann::json v = nlohmann::json::parse(c.value.empty() ? "null" : c.value, nullptr, false);
      if (c.op == "add_event" && v.is_object()) {
        added_events_.push_back({&c, v});
      } else if (c.op == "retract_event") {
        retracted_events_.insert(c.target);
      } else if ((c.op == "set" || c.op == "correct") && v.is_object()) {
        Correction k{v.value("institution", ""), v.value("date", ""), v.value("field", ""),
                     v.contains("value") ? v["value"] : nlohmann::json(), CurationCite(c)};
        (c.op == "set" ? sets_ : corrections_).push_back(std::move(k));
      } else if (c.op == "retract_fact" && v.is_object()) {
        retracted_facts_.insert({v.value("institution", ""), v.value("field", ""),
                                 v.value("source", "")});
      }
    }
  }

  static Citation CurationCite(const ChainCuration& c) {
    Citation cite;
    cite.curation = c.seq;
    cite.title = "档案人员更正：" + c.reason;
    return cite;
  }

  // ---- identity ----
  std::string Canon(std::string id) const {
    for (int guard = 0; guard < 16; ++guard) {
      auto it = alias_.find(id);
      if (it == alias_.end()) break;
      id = it->second;
    }
    return id;
  }

  Inst& Ensure(const std::string& id, const std::string& name) {
    Inst& in = insts_[id];
    if (in.id.empty()) {
      in.id = id;
      in.first_name = name;
    }
    if (in.first_name.empty()) in.first_name = name;
    return in;
  }

  void AddName(const std::string& id, const std::string& name) {
    if (name.empty()) return;
    auto& ids = by_name_[name];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }

  bool Alive(const Inst& in, const std::string& date) const {
    return (in.start.empty() || in.start <= date) && (in.end.empty() || date <= in.end);
  }

  enum class Mode { kRef, kNew };

  // The institution a mention names on `date`, "" when it cannot be placed.
  std::string Resolve(const Mention& m, const std::string& date, Mode mode, bool* created) {
    if (created != nullptr) *created = false;
    const std::string text = m.name.empty() ? m.text : m.name;
    if (!m.institution.empty()) {
      const std::string id = Canon(m.institution);
      const bool fresh = !insts_.contains(id) || !insts_[id].seen;
      Inst& in = Ensure(id, text);
      AddName(id, text);
      if (mode == Mode::kNew && fresh && created != nullptr) *created = true;
      in.seen = true;
      return id;
    }
    if (text.empty()) return "";
    std::string alive, dead;
    std::string dead_end;
    if (auto it = by_name_.find(text); it != by_name_.end()) {
      for (const auto& raw : it->second) {
        const std::string id = Canon(raw);
        const Inst& in = insts_.at(id);
        if (Alive(in, date)) {
          if (alive.empty()) alive = id;
        } else if (in.end >= dead_end) {
          dead = id;
          dead_end = in.end;
        }
      }
    }
    if (!alive.empty()) return alive;
    if (mode == Mode::kRef && !dead.empty()) return dead;
    if (!LooksLikeFullName(text)) return "";
    std::string id = "org:" + text;
    if (insts_.contains(id)) id += "@" + date;
    Ensure(id, text).seen = true;
    AddName(id, text);
    if (created != nullptr) *created = true;
    return id;
  }

  // ---- folding documents ----
  Citation DocCite(const SourceDocument& d, const extract::Span& span) const {
    Citation c;
    c.file = d.sha256;
    c.doc_number = d.facts.doc_number.value;
    c.title = d.facts.title.value;
    c.date = d.facts.date.value;
    c.page = span.page;
    c.begin = span.begin;
    c.end = span.end;
    return c;
  }

  static std::string Label(const SourceDocument& d) {
    if (!d.facts.doc_number.value.empty()) return d.facts.doc_number.value;
    if (!d.facts.title.value.empty()) return "《" + d.facts.title.value + "》";
    return d.sha256.substr(0, 12);
  }

  Point& AddPoint(const std::string& id, const std::string& date, bool boundary,
                  const Citation& cite, const std::string& sha) {
    Inst& in = insts_.at(id);
    in.points.push_back(Point{});
    Point& p = in.points.back();
    p.date = date;
    p.boundary = boundary;
    p.order = order_++;
    p.cite = cite;
    p.sha = sha;
    return p;
  }

  struct EventInput {
    std::string type, date, duty, detail, text;
    std::vector<Mention> from, to;
    Citation cite;
    std::string sha;
    std::optional<int> stated_total;  // staffing_changed: the document's total 行政编制
    std::vector<StaffingEntry> stated_items;  // staffing_changed: the document's other items
  };

  static bool IsRegulation(const DocumentFacts& f) {
    return f.kind.value == "三定规定" ||
           (!f.regulation_title.value.empty() && (!f.duties.empty() || !f.units.empty()));
  }

  void FoldDocument(const SourceDocument& d) {
    const DocumentFacts& f = d.facts;
    const std::string date = f.date.value;
    for (const auto& e : f.events) {
      if (date.empty() && e.date.empty()) continue;  // undated: only its regulation counts
      EventInput in{e.type, e.date.empty() ? date : e.date, e.duty, e.detail, e.text,
                    e.from, e.to, DocCite(d, e.span), d.sha256, std::nullopt, {}};
      // The document's staffing figures belong to its staffing change only when it makes one (a
      // 批复 adjusting several bodies states figures that cannot be told apart here).
      const auto changes = std::count_if(f.events.begin(), f.events.end(), [](const auto& x) {
        return x.type == "staffing_changed";
      });
      if (e.type == "staffing_changed" && changes == 1) {
        for (const auto& s : f.staffing) {
          if (s.type == "行政编制" && !in.stated_total) {
            in.stated_total = s.count;
          } else {
            in.stated_items.push_back(StaffingEntry{s.type, s.post, s.count});
          }
        }
      }
      FoldEvent(in);
    }
    FoldRegulation(d);
    FoldProfiles(d);
  }

  void FoldCuratedEvent(const ChainCuration& c) {
    const nlohmann::json v = nlohmann::json::parse(c.value, nullptr, false);
    EventInput in;
    in.type = v.value("type", "");
    in.date = v.value("date", "");
    in.duty = v.value("duty", "");
    in.detail = v.value("detail", "");
    in.text = v.value("text", "");
    in.cite = CurationCite(c);
    for (const char* side : {"from", "to"}) {
      if (!v.contains(side) || !v[side].is_array()) continue;
      for (const auto& x : v[side]) {
        Mention m;
        const std::string s = x.is_string() ? x.get<std::string>() : "";
        // An id the chain knows, else a name.
        if (insts_.contains(Canon(s)) || s.find(':') != std::string::npos ||
            !LooksLikeFullName(s)) {
          m.institution = s;
          m.text = s;
        } else {
          m.text = s;
        }
        (std::string(side) == "from" ? in.from : in.to).push_back(m);
      }
    }
    if (v.contains("staffing_total") && v["staffing_total"].is_number_integer())
      in.stated_total = v["staffing_total"].get<int>();
    FoldEvent(in);
  }

  static std::vector<std::string> Texts(const std::vector<Mention>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.name.empty() ? m.text : m.name);
    return out;
  }

  void FoldEvent(const EventInput& e) {
    const std::string id =
        EventId(e.type, e.date, Texts(e.from), Texts(e.to), e.duty, e.cite);
    if (retracted_events_.contains(id)) return;
    ChainEvent out;
    out.id = id;
    out.type = e.type;
    out.date = e.date;
    out.duty = e.duty;
    out.detail = e.detail;
    out.text = e.text;
    out.source = e.cite;
    auto place = [&](const Mention& m, Mode mode, bool* created) {
      std::string r = Resolve(m, e.date, mode, created);
      if (r.empty())
        chain_.notes.push_back("无法确定“" + (m.text.empty() ? m.name : m.text) + "”所指机构（" +
                               e.type + "，" + e.date + "，" + Describe(e.cite) + "）");
      return r;
    };
    const std::string& t = e.type;
    if (t == "established") {
      for (const auto& m : e.to) {
        bool created = false;
        const std::string x = place(m, Mode::kNew, &created);
        if (x.empty()) continue;
        Inst& in = insts_.at(x);
        if (in.start.empty() || e.date < in.start) in.start = e.date;
        Point& p = AddPoint(x, e.date, true, e.cite, e.sha);
        p.name = m.name.empty() ? m.text : m.name;
        AddName(x, *p.name);
        out.to.push_back(x);
      }
    } else if (t == "renamed") {
      if (e.from.empty() || e.to.empty()) return Skip(e, "缺少更名前后的名称");
      const std::string x = place(e.from[0], Mode::kRef, nullptr);
      if (x.empty()) return;
      const std::string new_name = e.to[0].name.empty() ? e.to[0].text : e.to[0].name;
      if (!e.to[0].institution.empty() && Canon(e.to[0].institution) != x)
        alias_[e.to[0].institution] = x;
      AddName(x, new_name);
      Point& p = AddPoint(x, e.date, true, e.cite, e.sha);
      p.name = new_name;
      out.from = {x};
      out.to = {x};
    } else if (t == "merged" || t == "split" || t == "abolished") {
      for (const auto& m : e.from) {
        const std::string x = place(m, Mode::kRef, nullptr);
        if (x.empty()) continue;
        Inst& in = insts_.at(x);
        if (in.end.empty() || e.date < in.end) in.end = e.date;
        out.from.push_back(x);
      }
      for (const auto& m : e.to) {
        bool created = false;
        const std::string x = place(m, Mode::kNew, &created);
        if (x.empty()) continue;
        Inst& in = insts_.at(x);
        if (created && (in.start.empty() || e.date < in.start)) in.start = e.date;
        Point& p = AddPoint(x, e.date, true, e.cite, e.sha);
        if (created) {
          p.name = m.name.empty() ? m.text : m.name;
          AddName(x, *p.name);
        }
        out.to.push_back(x);
      }
    } else if (t == "placed_under" || t == "rank_changed" || t == "staffing_changed") {
      if (e.from.empty()) return Skip(e, "缺少所涉机构");
      const std::string x = place(e.from[0], Mode::kRef, nullptr);
      if (x.empty()) return;
      Point& p = AddPoint(x, e.date, true, e.cite, e.sha);
      out.from = {x};
      if (t == "placed_under") {
        if (e.to.empty()) return Skip(e, "缺少上级机构");
        const std::string parent = place(e.to[0], Mode::kRef, nullptr);
        if (parent.empty()) return;
        insts_.at(x).points.back().parent = parent;
        out.to = {parent};
      } else {
        out.to = {x};
        if (t == "rank_changed") {
          const size_t arrow = e.detail.find("→");
          const std::string rank =
              arrow == std::string::npos ? e.detail : e.detail.substr(arrow + 3);
          if (!rank.empty()) p.rank = rank;
        } else {
          if (auto delta = ParseDelta(e.detail)) p.staffing_delta = *delta;
          p.staffing_total = e.stated_total;
          p.staffing_stated = e.stated_items;
        }
      }
    } else if (t == "duty_transferred") {
      for (const auto& m : e.from) {
        const std::string x = place(m, Mode::kRef, nullptr);
        if (!x.empty()) out.from.push_back(x);
      }
      for (const auto& m : e.to) {
        const std::string x = place(m, Mode::kRef, nullptr);
        if (!x.empty()) out.to.push_back(x);
      }
    } else {
      return Skip(e, "未知的事件类型 " + t);
    }
    if (out.from.empty() && out.to.empty()) return;  // no body could be placed (noted above)
    chain_.events.push_back(std::move(out));
  }

  void Skip(const EventInput& e, const std::string& why) {
    chain_.notes.push_back("事件未计入（" + e.type + "，" + e.date + "，" + Describe(e.cite) +
                           "）：" + why);
  }

  static std::string Describe(const Citation& c) {
    if (c.curation != 0) return "更正记录 " + std::to_string(c.curation);
    if (!c.doc_number.empty()) return c.doc_number;
    return "《" + c.title + "》";
  }

  // "+3", "-2", "核增3名", "核减2名" -> the signed delta.
  static std::optional<int> ParseDelta(const std::string& detail) {
    int sign = 0;
    size_t i = 0;
    if (StartsWith(detail, "+")) {
      sign = 1;
      i = 1;
    } else if (StartsWith(detail, "-")) {
      sign = -1;
      i = 1;
    } else if (StartsWith(detail, "核增") || StartsWith(detail, "增加")) {
      sign = 1;
      i = 6;
    } else if (StartsWith(detail, "核减") || StartsWith(detail, "减少")) {
      sign = -1;
      i = 6;
    }
    if (sign == 0) return std::nullopt;
    int n = 0;
    bool any = false;
    for (; i < detail.size() && detail[i] >= '0' && detail[i] <= '9'; ++i) {
      n = n * 10 + (detail[i] - '0');
      any = true;
    }
    if (!any) return std::nullopt;
    return sign * n;
  }

  // The body a regulation is about: the subject whose name its title carries.
  std::string RegulationSubject(const SourceDocument& d, const std::string& date) {
    const DocumentFacts& f = d.facts;
    const Mention* chosen = nullptr;
    for (const auto& m : f.subjects) {
      if (!f.regulation_title.value.empty() &&
          f.regulation_title.value.find(m.text) != std::string::npos) {
        chosen = &m;
        break;
      }
    }
    if (chosen == nullptr && f.subjects.size() == 1) chosen = &f.subjects[0];
    if (chosen == nullptr) return "";
    return Resolve(*chosen, date, Mode::kRef, nullptr);
  }

  void FoldRegulation(const SourceDocument& d) {
    const DocumentFacts& f = d.facts;
    if (!IsRegulation(f)) return;
    // Undated (see Run): the date of the decision it implements.
    const std::string date =
        f.date.value.empty() ? date_of_number_.at(f.basis.value) : f.date.value;
    std::string anchor = date;
    bool boundary = false;
    if (!f.basis.value.empty()) {
      auto it = date_of_number_.find(f.basis.value);
      if (it != date_of_number_.end() && it->second <= date) {
        anchor = it->second;
        boundary = true;
      } else {
        boundary = true;
        chain_.notes.push_back("文件 " + Label(d) + " 所依据的 " + f.basis.value +
                               " 不在档案中，其规定自本文件日期起算");
      }
    }
    const std::string x = RegulationSubject(d, date);
    if (x.empty()) {
      chain_.notes.push_back("文件 " + Label(d) + " 的三定规定无法确定所属机构");
      return;
    }
    regulation_anchor_[d.sha256] = {x, anchor};
    Point& p = AddPoint(x, anchor, boundary, DocCite(d, f.regulation_start), d.sha256);
    std::vector<std::string> duties;
    for (const auto& c : f.duties) {
      if (!c.boilerplate) duties.push_back(c.text);
    }
    std::vector<UnitEntry> units;
    for (const auto& u : f.units) units.push_back(UnitEntry{u.name, u.duties});
    std::vector<StaffingEntry> staffing;
    for (const auto& s : f.staffing) staffing.push_back(StaffingEntry{s.type, s.post, s.count});
    if (!duties.empty()) p.duties = std::move(duties);
    if (!units.empty()) p.units = std::move(units);
    if (!staffing.empty()) p.staffing = std::move(staffing);
  }

  void FoldProfiles(const SourceDocument& d) {
    const DocumentFacts& f = d.facts;
    std::string doc_date = f.date.value;
    if (doc_date.empty()) {  // an undated regulation: the date it was placed at
      auto it = regulation_anchor_.find(d.sha256);
      if (it == regulation_anchor_.end()) return;
      doc_date = it->second.second;
    }
    for (const auto& pr : f.profiles) {
      const std::string x = Resolve(pr.institution, doc_date, Mode::kRef, nullptr);
      if (x.empty()) continue;
      // A regulation's statement about its own body holds for the version it sets.
      std::string date = doc_date;
      if (auto it = regulation_anchor_.find(d.sha256);
          it != regulation_anchor_.end() && it->second.first == x)
        date = it->second.second;
      Point& p = AddPoint(x, date, false, DocCite(d, pr.span), d.sha256);
      if (!pr.rank.empty()) p.rank = pr.rank;
      if (!pr.kind.empty()) p.kind = pr.kind;
      if (!pr.parent.text.empty()) {
        const std::string parent = Resolve(pr.parent, doc_date, Mode::kRef, nullptr);
        if (!parent.empty()) p.parent = parent;
      } else if (!pr.kind.empty()) {
        // "X是市政府工作部门": a standing of its own, under no other body.
        p.parent = std::string();
      }
      if (!pr.abbreviation.empty()) {
        p.abbreviations.push_back(pr.abbreviation);
        AddName(x, pr.abbreviation);
      }
    }
  }

  void ApplySets() {
    for (const auto& s : sets_) {
      const std::string x = Canon(s.institution);
      if (!insts_.contains(x)) {
        chain_.notes.push_back("更正记录 " + std::to_string(s.cite.curation) + " 所指机构 " +
                               s.institution + " 不存在");
        continue;
      }
      Point& p = AddPoint(x, s.date, true, s.cite, "");
      SetField(p, s.field, s.value);
    }
  }

  static void SetField(Point& p, const std::string& field, const nlohmann::json& v) {
    try {
      if (field == "name") p.name = v.get<std::string>();
      else if (field == "rank") p.rank = v.get<std::string>();
      else if (field == "kind") p.kind = v.get<std::string>();
      else if (field == "parent") p.parent = v.get<std::string>();
      else if (field == "abbreviations") p.abbreviations = v.get<std::vector<std::string>>();
      else if (field == "duties") p.duties = v.get<std::vector<std::string>>();
      else if (field == "units") p.units = v.get<std::vector<UnitEntry>>();
      else if (field == "staffing") p.staffing = v.get<std::vector<StaffingEntry>>();
    } catch (const nlohmann::json::exception&) {
      // Validated when the curation was recorded (tools/cli); an unreadable value changes nothing.
    }
  }

  // ---- assembly ----
  bool Retracted(const std::string& inst, const std::string& field, const Point& p) const {
    return !p.sha.empty() && retracted_facts_.contains({inst, field, p.sha});
  }

  void AddConflict(const std::string& inst, const std::string& field, const std::string& date,
                   std::vector<ConflictClaim> claims, const std::string& chosen,
                   const std::string& note) {
    Conflict c;
    c.institution = inst;
    c.field = field;
    c.date = date;
    c.claims = std::move(claims);
    c.chosen = chosen;
    c.note = note;
    std::string key = inst + "|" + field + "|" + date;
    for (const auto& cl : c.claims) key += "|" + cl.source.file + Hex(cl.source.curation);
    c.id = "c" + Hex(Fnv1a(key));
    chain_.conflicts.push_back(std::move(c));
  }

  template <typename T>
  static std::string Show(const T& v) {
    return nlohmann::json(v).dump();
  }

  // Applies one scalar field, recording a conflict when an earlier source of the same version
  // said otherwise.
  template <typename T>
  void Apply(Version& v, const std::string& field, T& slot, const std::optional<T>& value,
             const Point& p, std::map<std::string, Citation>& set_here) {
    if (!value || Retracted(v.institution, field, p)) return;
    auto it = set_here.find(field);
    if (it != set_here.end() && slot != *value && it->second.file != p.cite.file) {
      AddConflict(v.institution, field, v.valid_from,
                  {{Show(slot), it->second}, {Show(*value), p.cite}}, Show(*value),
                  "同一版本的两份来源不一致，采用日期较晚的来源");
    }
    slot = *value;
    v.cites[field] = p.cite;
    set_here[field] = p.cite;
  }

  void Assemble() {
    for (auto& [id, in] : insts_) {
      std::stable_sort(in.points.begin(), in.points.end(), [](const Point& a, const Point& b) {
        return std::tie(a.date, a.order) < std::tie(b.date, b.order);
      });
      std::set<std::string> starts;
      for (const auto& p : in.points) {
        if (p.boundary && (in.start.empty() || p.date > in.start) &&
            (in.end.empty() || p.date < in.end))
          starts.insert(p.date);
      }
      std::vector<std::string> bounds{in.start};
      for (const auto& s : starts) {
        if (s != in.start) bounds.push_back(s);
      }
      Version state;
      state.institution = id;
      state.name = in.first_name;
      size_t next = 0;
      for (size_t k = 0; k < bounds.size(); ++k) {
        Version v = state;
        v.valid_from = bounds[k];
        v.valid_to = k + 1 < bounds.size() ? bounds[k + 1] : in.end;
        v.sources.clear();
        std::map<std::string, Citation> set_here;
        for (; next < in.points.size(); ++next) {
          const Point& p = in.points[next];
          if (!v.valid_to.empty() && p.date >= v.valid_to) break;
          if (!in.end.empty() && p.date > in.end) continue;
          ApplyPoint(v, p, set_here);
          if (std::find(v.sources.begin(), v.sources.end(), p.cite) == v.sources.end()) {
            bool same_doc = false;
            for (const auto& s : v.sources)
              same_doc |= s.file == p.cite.file && s.curation == p.cite.curation;
            if (!same_doc) v.sources.push_back(p.cite);
          }
        }
        chain_.versions.push_back(v);
        state = std::move(v);
      }
      for (; next < in.points.size(); ++next) {
        chain_.notes.push_back("机构 " + id + " 于 " + in.end + " 终止后，" +
                               Describe(in.points[next].cite) + " 仍有关于它的记载（" +
                               in.points[next].date + "）");
      }
      Institution out;
      out.id = id;
      out.valid_from = in.start;
      out.valid_to = in.end;
      for (auto it = chain_.versions.end() - bounds.size(); it != chain_.versions.end(); ++it) {
        if (!it->name.empty() &&
            std::find(out.names.begin(), out.names.end(), it->name) == out.names.end())
          out.names.push_back(it->name);
      }
      out.level = LevelOfName(out.names.empty() ? in.first_name : out.names.front());
      chain_.institutions.push_back(std::move(out));
    }
  }

  void ApplyPoint(Version& v, const Point& p, std::map<std::string, Citation>& set_here) {
    Apply(v, "name", v.name, p.name, p, set_here);
    Apply(v, "rank", v.rank, p.rank, p, set_here);
    Apply(v, "kind", v.kind, p.kind, p, set_here);
    Apply(v, "parent", v.parent, p.parent, p, set_here);
    Apply(v, "duties", v.duties, p.duties, p, set_here);
    Apply(v, "units", v.units, p.units, p, set_here);
    Apply(v, "staffing", v.staffing, p.staffing, p, set_here);
    if (!Retracted(v.institution, "abbreviations", p)) {
      for (const auto& a : p.abbreviations) {
        if (std::find(v.abbreviations.begin(), v.abbreviations.end(), a) == v.abbreviations.end()) {
          v.abbreviations.push_back(a);
          v.cites["abbreviations"] = p.cite;
        }
      }
    }
    if ((p.staffing_delta || p.staffing_total || !p.staffing_stated.empty()) &&
        !Retracted(v.institution, "staffing", p))
      ApplyStaffingChange(v, p);
  }

  void ApplyStaffingChange(Version& v, const Point& p) {
    auto it = std::find_if(v.staffing.begin(), v.staffing.end(),
                           [&](const StaffingEntry& s) { return s.type == p.delta_type; });
    const Citation before = v.cites.count("staffing") ? v.cites["staffing"] : Citation{};
    if (p.staffing_delta && it != v.staffing.end()) {
      const int computed = it->count + *p.staffing_delta;
      if (p.staffing_total && *p.staffing_total != computed) {
        AddConflict(v.institution, "staffing", v.valid_from,
                    {{p.delta_type + std::to_string(computed) + "名（" +
                          std::to_string(it->count) + (*p.staffing_delta >= 0 ? "+" : "") +
                          std::to_string(*p.staffing_delta) + "）",
                      before},
                     {p.delta_type + std::to_string(*p.staffing_total) + "名", p.cite}},
                    p.delta_type + std::to_string(computed) + "名",
                    "批复所述调整后总数与此前核定数加核增（减）数不符，按核定数加核增（减）数记");
      }
      it->count = computed;
    } else if (p.staffing_total) {
      if (it == v.staffing.end()) {
        v.staffing.push_back(StaffingEntry{p.delta_type, "", *p.staffing_total});
      } else {
        it->count = *p.staffing_total;
      }
    }
    // Other items the change states (领导职数相应调整为…) replace the same type and post.
    for (const auto& s : p.staffing_stated) {
      auto same = std::find_if(v.staffing.begin(), v.staffing.end(), [&](const StaffingEntry& e) {
        return e.type == s.type && e.post == s.post;
      });
      if (same == v.staffing.end()) {
        v.staffing.push_back(s);
      } else {
        same->count = s.count;
      }
    }
    v.cites["staffing"] = p.cite;
  }

  void ApplyCorrections() {
    for (const auto& c : corrections_) {
      const std::string x = Canon(c.institution);
      Version* target = nullptr;
      for (auto& v : chain_.versions) {
        if (v.institution == x && InForce(v.valid_from, v.valid_to, c.date)) target = &v;
      }
      if (target == nullptr) {
        chain_.notes.push_back("更正记录 " + std::to_string(c.cite.curation) + " 所指的 " +
                               c.institution + " 在 " + c.date + " 没有版本");
        continue;
      }
      Point p;
      SetField(p, c.field, c.value);
      std::map<std::string, Citation> none;
      p.cite = c.cite;
      ApplyPoint(*target, p, none);
      target->sources.push_back(c.cite);
    }
  }

  void Finish() {
    // Parents and event bodies may name ids later merged by renames: canonicalise.
    for (auto& v : chain_.versions) v.parent = v.parent.empty() ? "" : Canon(v.parent);
    for (auto& e : chain_.events) {
      for (auto* list : {&e.from, &e.to}) {
        for (auto& x : *list) x = Canon(x);
      }
    }
    std::sort(chain_.institutions.begin(), chain_.institutions.end(),
              [](const Institution& a, const Institution& b) { return a.id < b.id; });
    std::stable_sort(chain_.versions.begin(), chain_.versions.end(),
                     [](const Version& a, const Version& b) {
                       return std::tie(a.institution, a.valid_from) <
                              std::tie(b.institution, b.valid_from);
                     });
    std::sort(chain_.events.begin(), chain_.events.end(), [](const auto& a, const auto& b) {
      return std::tie(a.date, a.id) < std::tie(b.date, b.id);
    });
    // One event may be stated by one document only once; a repeat (same id) is the same event.
    chain_.events.erase(std::unique(chain_.events.begin(), chain_.events.end(),
                                    [](const auto& a, const auto& b) { return a.id == b.id; }),
                        chain_.events.end());
    std::sort(chain_.conflicts.begin(), chain_.conflicts.end(), [](const auto& a, const auto& b) {
      return std::tie(a.institution, a.field, a.date, a.id) <
             std::tie(b.institution, b.field, b.date, b.id);
    });
    std::sort(chain_.notes.begin(), chain_.notes.end());
    chain_.notes.erase(std::unique(chain_.notes.begin(), chain_.notes.end()), chain_.notes.end());
  }

  const std::vector<SourceDocument>& docs_;
  Chain chain_;
  std::map<std::string, Inst> insts_;
  std::map<std::string, std::vector<std::string>> by_name_;
  std::map<std::string, std::string> alias_;
  std::map<std::string, std::string> date_of_number_;
  std::map<std::string, std::pair<std::string, std::string>> regulation_anchor_;
  size_t order_ = 0;
  std::vector<std::pair<const ChainCuration*, nlohmann::json>> added_events_;
  std::set<std::string> retracted_events_;
  std::vector<Correction> sets_, corrections_;
  std::set<std::tuple<std::string, std::string, std::string>> retracted_facts_;
};

}  // namespace

std::string EventId(const std::string& type, const std::string& date,
                    const std::vector<std::string>& from, const std::vector<std::string>& to,
                    const std::string& duty, const Citation& source) {
  std::string key = type + "|" + date + "|";
  for (const auto& x : from) key += x + ",";
  key += "|";
  for (const auto& x : to) key += x + ",";
  key += "|" + duty + "|" + source.file + "|" + std::to_string(source.curation);
  return "e" + Hex(Fnv1a(key));
}

Chain BuildChain(const std::vector<SourceDocument>& documents,
                 const std::vector<ChainCuration>& curations) {
  return Builder(documents, curations).Run();
}

}  // namespace sanding::history
