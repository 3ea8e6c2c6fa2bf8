#include "query/lineage/provenance.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "indexer/history/index_rows.h"
#include "store/text.h"

namespace sanding::lineage {
namespace {

using history::Card;
using history::ChainEvent;
using history::Citation;
using history::Version;

// ---- Matching ---------------------------------------------------------------------------------
//
// A text is cut into runs at every character that is neither Han nor a letter or digit
// (punctuation, spaces), each run is NameKey-normalised (繁 → 简, 全角 → 半角), and its
// character bigrams (and single characters) are collected. The asked phrase is further cut at
// the function characters 和/与/及/的/并 and at boilerplate words (负责, 承担, 全市, 工作, 职责,
// ...), so that a whole clause asked about ("负责全市价格监督检查工作") is scored by its content
// words only; when nothing is left after that cut, the phrase is scored uncut. The score is the
// share of the asked phrase's distinct bigrams found in the clause (of its characters when it
// has no bigram: a one-character key), each bigram weighted 1 except the generic words of
// duty clauses (监督, 管理, 检查, 组织, 实施, ...), weighted 1/2: "负责药品生产、经营企业的许可和监督
// 检查" shares 3 of the 5 bigrams of 价格监督检查 but not the ones that say what is inspected.

struct Grams {
  std::map<std::string, double> bi, uni;  // gram → weight
};

// Characters that belong to a run (everything else separates runs).
bool InRun(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) return true;
  return text::IsCjkIdeograph(c);
}

constexpr std::string_view kFunctionChars[] = {"和", "与", "及", "的", "并"};
constexpr std::string_view kGeneric[] = {"监督", "管理", "检查", "组织", "实施", "指导", "协调",
                                         "拟订", "制定", "政策", "综合", "统筹", "推进", "开展",
                                         "落实", "执行", "研究", "审核", "审批", "服务"};
constexpr std::string_view kBoilerplate[] = {"负责", "承担", "全市", "全县", "全省", "全区", "全国",
                                             "本市", "工作", "职责", "有关", "相关", "依法"};

// NameKey-normalised runs of `text`, each as code points.
std::vector<std::vector<std::string>> Runs(const std::string& phrase) {
  std::vector<std::vector<std::string>> out;
  std::string run;
  auto flush = [&] {
    if (run.empty()) return;
    const std::string key = history::NameKey(run);
    run.clear();
    if (key.empty()) return;
    std::vector<std::string> cps;
    for (std::string_view c : text::Utf8Chars(key)) cps.emplace_back(c);
    out.push_back(std::move(cps));
  };
  for (std::string_view c : text::Utf8Chars(phrase)) {
    if (InRun(text::DecodeUtf8(c)[0])) {
      run += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// The runs cut at function characters and boilerplate words.
std::vector<std::vector<std::string>> Strip(const std::vector<std::vector<std::string>>& runs) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : runs) {
    std::vector<std::string> cur;
    auto cut = [&] {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    };
    for (size_t i = 0; i < r.size();) {
      if (i + 1 < r.size()) {
        const std::string two = r[i] + r[i + 1];
        if (std::find(std::begin(kBoilerplate), std::end(kBoilerplate), two) != std::end(kBoilerplate)) {
          cut();
          i += 2;
          continue;
        }
      }
      if (std::find(std::begin(kFunctionChars), std::end(kFunctionChars), r[i]) != std::end(kFunctionChars)) {
        cut();
        ++i;
        continue;
      }
      cur.push_back(r[i]);
      ++i;
    }
    cut();
  }
  return out;
}

Grams GramsOf(const std::vector<std::vector<std::string>>& runs) {
  Grams g;
  for (const auto& r : runs) {
    for (size_t i = 0; i < r.size(); ++i) {
      g.uni.emplace(r[i], 1.0);
      if (i + 1 < r.size()) {
        std::string two = r[i] + r[i + 1];
        const bool generic = std::find(std::begin(kGeneric), std::end(kGeneric), two) != std::end(kGeneric);
        g.bi.emplace(std::move(two), generic ? 0.5 : 1.0);
      }
    }
  }
  return g;
}

// `phrase`: the side whose share is measured (the asked duty), stripped of boilerplate.
Grams Analyze(const std::string& text, bool phrase) {
  const auto runs = Runs(text);
  if (phrase) {
    Grams g = GramsOf(Strip(runs));
    if (!g.uni.empty()) return g;
  }
  return GramsOf(runs);
}

// The weighted share of `a`'s grams found in `b`.
double Containment(const std::map<std::string, double>& a, const std::map<std::string, double>& b) {
  double found = 0, total = 0;
  for (const auto& [g, w] : a) {
    total += w;
    if (b.count(g)) found += w;
  }
  return total > 0 ? found / total : 0;
}

double Score(const Grams& asked, const Grams& clause) {
  if (!asked.bi.empty()) return Containment(asked.bi, clause.bi);
  return Containment(asked.uni, clause.uni);
}

// ---- Tracing ----------------------------------------------------------------------------------

constexpr size_t kMaxHoldings = 50;

// A stretch of a body's life that can hold the duty: a version, else a period of its card, else
// its whole lifetime (a body the chain knows only from events).
struct Slot {
  std::string from, to, name;
  int version = -1;  // index into Body::versions
};

struct Body {
  Card card;
  std::vector<Version> versions;
  std::vector<Slot> slots;
  std::map<size_t, Holding> held;  // by slot
};

Citation VersionCite(const Version& v) {
  auto it = v.cites.find("duties");
  if (it != v.cites.end()) return it->second;
  return v.sources.empty() ? Citation{} : v.sources.front();
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Events through which a duty can pass from one body to another besides duty_transferred.
bool IsStructural(const std::string& type) {
  return type == "merged" || type == "split" || type == "established" || type == "abolished" ||
         type == "renamed";
}

class Tracer {
 public:
  Tracer(Source& source, const std::string& duty) : source_(source), duty_(duty) {
    asked_ = Analyze(duty, true);
  }

  bool Empty() const { return asked_.uni.empty(); }

  // Both directions: the asked duty in the event's phrase, or the phrase in the asked duty
  // (a whole clause asked about, the event naming its key phrase).
  double EventScore(const ChainEvent& e) {
    if (e.type != "duty_transferred" || e.duty.empty()) return 0;
    return std::max(Score(asked_, Clause(e.duty)), Score(Phrase(e.duty), Clause(duty_)));
  }

  // Loads a body (once): its slots and the slots holding the duty. nullptr when unknown.
  Result<Body*> Load(const std::string& id) {
    auto it = bodies_.find(id);
    if (it != bodies_.end()) return it->second.get();
    auto card = source_.GetCard(id);
    if (!card.ok()) return card.status();
    if (!card->has_value()) {
      bodies_[id] = nullptr;
      return static_cast<Body*>(nullptr);
    }
    auto versions = source_.Versions(id);
    if (!versions.ok()) return versions.status();
    auto b = std::make_unique<Body>();
    b->card = std::move(**card);
    b->versions = std::move(*versions);
    BuildSlots(*b);
    FindHoldings(*b);
    Body* out = b.get();
    bodies_[id] = std::move(b);
    return out;
  }

  // The slot of `b` that gives the duty away on `date`: the one in force just before it.
  static int GiverSlot(const Body& b, const std::string& date) {
    for (size_t i = b.slots.size(); i-- > 0;) {
      const Slot& s = b.slots[i];
      if ((s.from.empty() || s.from < date) && (s.to.empty() || date <= s.to)) return static_cast<int>(i);
    }
    return ReceiverSlot(b, date);
  }
  // The slot of `b` that receives the duty on `date`: the one in force on it, else the first
  // starting after it.
  static int ReceiverSlot(const Body& b, const std::string& date) {
    for (size_t i = 0; i < b.slots.size(); ++i) {
      if (history::InForce(b.slots[i].from, b.slots[i].to, date)) return static_cast<int>(i);
    }
    for (size_t i = 0; i < b.slots.size(); ++i) {
      if (!b.slots[i].from.empty() && b.slots[i].from > date) return static_cast<int>(i);
    }
    return -1;
  }

  // For a merge, split, rename or establishment: the holding slot on the giving side (the slot
  // before the date must hold the duty) ...
  static int HeldGiver(const Body& b, const std::string& date) {
    const int g = GiverSlot(b, date);
    return g >= 0 && b.held.count(static_cast<size_t>(g)) ? g : -1;
  }
  // ... and on the receiving side: the slot in force on the date, or, when its duties (and those
  // of the slots after it) are not recorded, the first later slot that prints the duty.
  int HeldReceiver(const Body& b, const std::string& date) const {
    const int r = ReceiverSlot(b, date);
    if (r < 0) return -1;
    for (size_t i = static_cast<size_t>(r); i < b.slots.size(); ++i) {
      if (b.held.count(i)) return static_cast<int>(i);
      if (HasDuties(b, i)) return -1;
    }
    return -1;
  }

 private:
  const Grams& Clause(const std::string& text) { return Cached(clauses_, text, false); }
  const Grams& Phrase(const std::string& text) { return Cached(phrases_, text, true); }
  static const Grams& Cached(std::unordered_map<std::string, Grams>& cache, const std::string& text,
                             bool phrase) {
    auto it = cache.find(text);
    if (it == cache.end()) it = cache.emplace(text, Analyze(text, phrase)).first;
    return it->second;
  }

  static bool HasDuties(const Body& b, size_t slot) {
    const int v = b.slots[slot].version;
    return v >= 0 && !b.versions[static_cast<size_t>(v)].duties.empty();
  }

  static void BuildSlots(Body& b) {
    for (size_t i = 0; i < b.versions.size(); ++i) {
      const Version& v = b.versions[i];
      b.slots.push_back(Slot{v.valid_from, v.valid_to, v.name, static_cast<int>(i)});
    }
    if (!b.slots.empty()) return;
    for (const auto& p : b.card.periods) b.slots.push_back(Slot{p.from, p.to, p.name, -1});
    if (!b.slots.empty()) return;
    const auto& inst = b.card.institution;
    b.slots.push_back(Slot{inst.valid_from, inst.valid_to, inst.names.empty() ? inst.id : inst.names.back(), -1});
  }

  void FindHoldings(Body& b) {
    const std::string& id = b.card.institution.id;
    // The phrases the body's own duty transfers use for the duty asked about, when they name a
    // part of it (a whole clause asked about, the events naming its key phrase): a later clause
    // worded differently but printing that phrase holds the duty too.
    std::vector<std::pair<const Grams*, double>> probes;
    for (const auto& e : b.card.events) {
      if (e.type != "duty_transferred" || e.duty.empty()) continue;
      const double rel = Score(Phrase(e.duty), Clause(duty_));
      if (rel >= kDutyMatchThreshold) probes.emplace_back(&Phrase(e.duty), rel);
    }
    // Clauses.
    for (size_t i = 0; i < b.slots.size(); ++i) {
      const int vi = b.slots[i].version;
      if (vi < 0) continue;
      const Version& v = b.versions[static_cast<size_t>(vi)];
      double best = 0;
      const std::string* clause = nullptr;
      for (const auto& d : v.duties) {
        const Grams& g = Clause(d);
        double s = Score(asked_, g);
        for (const auto& [p, rel] : probes) s = std::max(s, Score(*p, g) * rel);
        if (s > best) {
          best = s;
          clause = &d;
        }
      }
      if (clause == nullptr || best < kDutyMatchThreshold) continue;
      Holding h;
      h.institution = id;
      h.name = v.name;
      h.valid_from = v.valid_from;
      h.valid_to = v.valid_to;
      h.clause = *clause;
      h.score = best;
      h.source = VersionCite(v);
      b.held.emplace(i, std::move(h));
    }
    // Transfers naming the duty: the body held it on that day even when no clause says so.
    for (const auto& e : b.card.events) {
      const double s = EventScore(e);
      if (s < kDutyMatchThreshold) continue;
      std::vector<int> slots;
      if (Contains(e.from, id)) slots.push_back(GiverSlot(b, e.date));
      if (Contains(e.to, id)) slots.push_back(ReceiverSlot(b, e.date));
      for (int si : slots) {
        if (si < 0 || b.held.count(static_cast<size_t>(si))) continue;
        const Slot& sl = b.slots[static_cast<size_t>(si)];
        Holding h;
        h.institution = id;
        h.name = sl.name;
        h.valid_from = sl.from;
        h.valid_to = sl.to;
        h.score = s;
        h.source = e.source;
        b.held.emplace(static_cast<size_t>(si), std::move(h));
      }
    }
  }

  Source& source_;
  std::string duty_;
  Grams asked_;
  std::unordered_map<std::string, Grams> clauses_, phrases_;
  std::map<std::string, std::unique_ptr<Body>> bodies_;
};

// A move between two holdings found through an event, before indexes are known.
struct PendingMove {
  ChainEvent event;
  bool transfer = false;  // a duty_transferred naming the duty (preferred over a structural event)
};
using HoldingKey = std::pair<std::string, size_t>;  // institution, slot

std::string Trimmed(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

}  // namespace

double DutyMatch(const std::string& asked, const std::string& clause) {
  return Score(Analyze(asked, true), Analyze(clause, false));
}

Result<Provenance> TraceDuty(Source& source, const std::string& id, const std::string& raw_duty,
                             const std::string& as_of) {
  const std::string duty = Trimmed(raw_duty);
  Tracer tracer(source, duty);
  if (duty.empty() || tracer.Empty()) return Status::InvalidArgument("要追溯的职责为空");
  auto start = tracer.Load(id);
  if (!start.ok()) return start.status();
  if (*start == nullptr) return Status::NotFound("没有找到机构“" + id + "”");
  if ((*start)->held.empty()) {
    const Card& card = (*start)->card;
    std::string name = card.institution.id;
    if (!as_of.empty()) name = NameOn(card, as_of);
    else if (!card.periods.empty()) name = card.periods.back().name;
    else if (!card.institution.names.empty()) name = card.institution.names.back();
    return Status::NotFound("“" + name + "”的职责中没有与“" + duty + "”相符的条款，相关事件也未提及");
  }

  // Breadth-first over the bodies the duty passed through, each explored both ways.
  std::vector<std::string> explored{id};
  std::set<std::string> seen{id};
  size_t held_total = (*start)->held.size();
  std::map<std::pair<HoldingKey, HoldingKey>, PendingMove> pending;
  for (size_t qi = 0; qi < explored.size(); ++qi) {
    auto self = tracer.Load(explored[qi]);
    if (!self.ok()) return self.status();
    const std::string here = explored[qi];
    const std::vector<ChainEvent> events = (*self)->card.events;
    for (const auto& e : events) {
      const bool transfer = tracer.EventScore(e) >= kDutyMatchThreshold;
      if (!transfer && !IsStructural(e.type)) continue;
      for (const auto& f : e.from) {
        for (const auto& t : e.to) {
          if (f == t || (f != here && t != here)) continue;
          auto fb = tracer.Load(f);
          if (!fb.ok()) return fb.status();
          auto tb = tracer.Load(t);
          if (!tb.ok()) return tb.status();
          if (*fb == nullptr || *tb == nullptr) continue;
          const int gi = transfer ? Tracer::GiverSlot(**fb, e.date) : Tracer::HeldGiver(**fb, e.date);
          const int ri = transfer ? Tracer::ReceiverSlot(**tb, e.date) : tracer.HeldReceiver(**tb, e.date);
          if (gi < 0 || ri < 0 || !(*fb)->held.count(static_cast<size_t>(gi)) ||
              !(*tb)->held.count(static_cast<size_t>(ri)))
            continue;
          const std::string& other = f == here ? t : f;
          if (!seen.count(other)) {
            if (held_total >= kMaxHoldings) continue;
            seen.insert(other);
            explored.push_back(other);
            held_total += (other == f ? *fb : *tb)->held.size();
          }
          const auto key = std::make_pair(HoldingKey{f, static_cast<size_t>(gi)}, HoldingKey{t, static_cast<size_t>(ri)});
          auto it = pending.find(key);
          const bool better =
              it == pending.end() || (transfer && !it->second.transfer) ||
              (transfer == it->second.transfer &&
               std::tie(e.date, e.id) < std::tie(it->second.event.date, it->second.event.id));
          if (better) pending[key] = PendingMove{e, transfer};
        }
      }
    }
  }

  // Holdings, oldest first.
  Provenance p;
  p.duty = duty;
  p.institution = id;
  std::vector<std::pair<HoldingKey, Holding>> all;
  for (const auto& b : explored) {
    auto body = tracer.Load(b);
    if (!body.ok()) return body.status();
    for (const auto& [slot, h] : (*body)->held) all.emplace_back(HoldingKey{b, slot}, h);
  }
  auto open_end = [](const std::string& to) { return to.empty() ? std::string("\xff") : to; };
  std::sort(all.begin(), all.end(), [&](const auto& a, const auto& b) {
    return std::make_tuple(a.second.valid_from, open_end(a.second.valid_to), a.first.first, a.first.second) <
           std::make_tuple(b.second.valid_from, open_end(b.second.valid_to), b.first.first, b.first.second);
  });
  std::map<HoldingKey, int> index;
  for (auto& [key, h] : all) {
    index[key] = static_cast<int>(p.holdings.size());
    p.holdings.push_back(std::move(h));
  }

  // The same body's consecutive holdings.
  for (const auto& b : explored) {
    auto body = tracer.Load(b);
    if (!body.ok()) return body.status();
    const auto& held = (*body)->held;
    for (auto it = held.begin(); it != held.end(); ++it) {
      auto next = std::next(it);
      if (next == held.end()) break;
      Move m;
      m.from = index.at({b, it->first});
      m.to = index.at({b, next->first});
      m.type = "version";
      m.date = next->second.valid_from;
      m.source = next->second.source;
      p.moves.push_back(std::move(m));
    }
  }
  // Between bodies.
  for (const auto& [key, pm] : pending) {
    auto fi = index.find(key.first);
    auto ti = index.find(key.second);
    if (fi == index.end() || ti == index.end()) continue;  // beyond the bound
    Move m;
    m.from = fi->second;
    m.to = ti->second;
    m.type = pm.event.type;
    m.date = pm.event.date;
    m.event_id = pm.event.id;
    if (pm.event.type == "duty_transferred") m.duty = pm.event.duty;
    m.source = pm.event.source;
    p.moves.push_back(std::move(m));
  }
  std::sort(p.moves.begin(), p.moves.end(), [](const Move& a, const Move& b) {
    return std::tie(a.date, a.from, a.to, a.type, a.event_id) < std::tie(b.date, b.from, b.to, b.type, b.event_id);
  });

  // The holding asked about: in force on as_of, else the body's latest.
  for (size_t i = 0; i < p.holdings.size(); ++i) {
    if (p.holdings[i].institution == id) p.asked = static_cast<int>(i);
  }
  if (!as_of.empty()) {
    for (size_t i = 0; i < p.holdings.size(); ++i) {
      const Holding& h = p.holdings[i];
      if (h.institution == id && history::InForce(h.valid_from, h.valid_to, as_of)) {
        p.asked = static_cast<int>(i);
        break;
      }
    }
  }
  return p;
}

// ---- Text -------------------------------------------------------------------------------------

namespace {

std::string Cite(const Citation& c) {
  if (c == Citation{}) return "";
  const std::string t = CitationText(c);
  return t.rfind("（", 0) == 0 ? t : "（" + t + "）";
}

std::string ScoreText(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", s);
  return buf;
}

}  // namespace

std::string RenderProvenance(const Provenance& p) {
  std::string out;
  const std::string subject =
      p.asked >= 0 && p.asked < static_cast<int>(p.holdings.size()) ? p.holdings[static_cast<size_t>(p.asked)].name
                                                                    : p.institution;
  out += "职责溯源：“" + p.duty + "”（" + subject + "）\n";
  if (p.holdings.empty()) {
    out += "没有找到持有该职责的机构。\n";
    return out;
  }
  out += "持有该职责的机构（共" + std::to_string(p.holdings.size()) + "个版本，按时间先后）：\n";
  for (size_t i = 0; i < p.holdings.size(); ++i) {
    const Holding& h = p.holdings[i];
    out += "  " + std::to_string(i + 1) + ". " + h.name + "　" + PeriodText(h.valid_from, h.valid_to);
    if (static_cast<int>(i) == p.asked) out += "　← 所查机构";
    out += "\n";
    if (!h.clause.empty()) {
      const std::string cite = h.source == Citation{} ? std::string() : "；" + CitationText(h.source);
      out += "     条款：" + h.clause + "（相符程度 " + ScoreText(h.score) + cite + "）\n";
    } else {
      out += "     未载明相应职责条款，据职责划转事件认定" + Cite(h.source) + "\n";
    }
  }
  if (p.moves.empty()) return out;
  out += "职责流转（共" + std::to_string(p.moves.size()) + "次）：\n";
  for (const auto& m : p.moves) {
    const bool ok = m.from >= 0 && m.to >= 0 && m.from < static_cast<int>(p.holdings.size()) &&
                    m.to < static_cast<int>(p.holdings.size());
    if (!ok) continue;
    const std::string label = m.type == "version" ? std::string("版本更替") : std::string(EventLabel(m.type));
    out += "  " + (m.date.empty() ? std::string("（日期不详）") : m.date) + " " + label + "：" +
           p.holdings[static_cast<size_t>(m.from)].name + " → " + p.holdings[static_cast<size_t>(m.to)].name +
           Cite(m.source);
    if (!m.duty.empty()) out += "，划转职责：" + m.duty;
    out += "\n";
  }
  return out;
}

// ---- JSON -------------------------------------------------------------------------------------

void to_json(nlohmann::json& j, const Holding& v) {
  j = {{"institution", v.institution}, {"name", v.name},   {"valid_from", v.valid_from},
       {"valid_to", v.valid_to},       {"clause", v.clause}, {"score", v.score},
       {"source", v.source}};
}
void to_json(nlohmann::json& j, const Move& v) {
  j = {{"from", v.from},
       {"to", v.to},
       {"type", v.type},
       {"label", v.type == "version" ? "版本更替" : EventLabel(v.type)},
       {"date", v.date},
       {"event_id", v.event_id},
       {"duty", v.duty},
       {"source", v.source}};
}
void to_json(nlohmann::json& j, const Provenance& v) {
  j = {{"duty", v.duty},         {"institution", v.institution}, {"holdings", v.holdings},
       {"moves", v.moves},       {"asked", v.asked}};
}

}  // namespace sanding::lineage
