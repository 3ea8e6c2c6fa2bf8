// Duty overlap checks: a draft's clauses against the duty-clause index, and the region-wide report
// of bodies whose duties in force overlap (prefix-filtered candidates, scored exactly).
#include "query/overlap/overlap.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/sections.h"
#include "query/lineage/provenance.h"

namespace sanding::overlap {
namespace {

using history::Card;
using history::ChainEvent;
using history::WeightedClause;

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string Today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Fills in the defaults and checks the options.
Result<Options> Checked(Options o) {
  if (o.as_of.empty()) o.as_of = Today();
  if (!IsDate(o.as_of))
    return Status::InvalidArgument("比对日期“" + o.as_of + "”格式不对，应为 YYYY-MM-DD，如 2020-01-01");
  if (!(o.threshold >= 0.0 && o.threshold <= 1.0))
    return Status::InvalidArgument("相似度阈值应在 0 到 1 之间（如 0.5）");
  if (o.per_clause == 0) o.per_clause = 1;
  if (o.candidates == 0) o.candidates = 1;
  return o;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Cards read once per question.
class Cards {
 public:
  explicit Cards(lineage::Source& source) : source_(source) {}
  Result<const Card*> Get(const std::string& id) {
    auto it = cache_.find(id);
    if (it != cache_.end()) return it->second ? &*it->second : nullptr;
    auto card = source_.GetCard(id);
    if (!card.ok()) return card.status();
    auto& slot = cache_[id];
    slot = std::move(*card);
    return slot ? &*slot : nullptr;
  }
  // The name of `id` on `date` (its id when the chain does not know it).
  Result<std::string> NameOn(const std::string& id, const std::string& date) {
    auto card = Get(id);
    if (!card.ok()) return card.status();
    if (*card == nullptr) return id;
    return lineage::NameOn(**card, date);
  }

 private:
  lineage::Source& source_;
  std::map<std::string, std::optional<Card>> cache_;
};

// Whether a duty_transferred event's duty phrase names `clause` (either way round).
bool NamesDuty(const ChainEvent& e, const std::string& clause) {
  if (e.duty.empty() || clause.empty()) return false;
  return lineage::DutyMatch(e.duty, clause) >= lineage::kDutyMatchThreshold ||
         lineage::DutyMatch(clause, e.duty) >= lineage::kDutyMatchThreshold;
}

bool Structural(const std::string& type) {
  return type == "merged" || type == "split" || type == "abolished";
}

// An event that took `clause` (printed in `giver`'s version from `version_from`) away from the
// giver on or before `as_of`: a duty transfer naming it, or a merger / split / abolition ending the
// giver. With `receiver`, only events moving it to that body count. The first by date, then id.
const ChainEvent* MovedBy(const Card& giver_card, const std::string& giver,
                          const std::string& version_from, const std::string& as_of,
                          const std::vector<const std::string*>& clauses,
                          const std::string* receiver) {
  for (const ChainEvent& e : giver_card.events) {
    if (e.date.empty() || e.date > as_of) continue;
    if (!version_from.empty() && e.date < version_from) continue;
    if (!Contains(e.from, giver)) continue;
    if (receiver != nullptr && !Contains(e.to, *receiver)) continue;
    if (e.type == "duty_transferred") {
      for (const std::string* c : clauses)
        if (NamesDuty(e, *c)) return &e;
    } else if (Structural(e.type) && !Contains(e.to, giver)) {
      return &e;
    }
  }
  return nullptr;
}

Result<MovedMatch> MakeMoved(ClauseMatch match, const ChainEvent& e, Cards& cards) {
  MovedMatch m;
  m.match = std::move(match);
  m.event_id = e.id;
  m.event_type = e.type;
  m.date = e.date;
  m.source = e.source;
  for (const std::string& t : e.to) {
    if (t == m.match.institution) continue;
    auto name = cards.NameOn(t, e.date);
    if (!name.ok()) return name.status();
    m.to.push_back(t);
    m.to_names.push_back(*name);
  }
  return m;
}

// The index query of a draft clause: its content terms (no boilerplate actions, whose postings
// are long and which never make an overlap alone), heaviest first, at most kQueryTerms.
constexpr size_t kQueryTerms = 24;
std::vector<std::pair<std::string, double>> QueryTerms(const WeightedClause& w) {
  std::vector<std::pair<std::string, double>> q;
  q.reserve(w.terms.size());
  for (const auto& t : w.terms)
    if (t.weight > 0 && t.role != history::TermRole::kAction) q.emplace_back(t.key, t.weight);
  std::sort(q.begin(), q.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (q.size() > kQueryTerms) q.resize(kQueryTerms);
  return q;
}

bool BetterMatch(const ClauseMatch& a, const ClauseMatch& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.institution != b.institution) return a.institution < b.institution;
  return a.clause_index < b.clause_index;
}

unsigned ThreadCount(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return std::min(threads, 64u);
}

// Runs fn(chunk, begin, end) over [0, n) cut into `threads` contiguous chunks.
template <typename Fn>
void ParallelChunks(size_t n, unsigned threads, Fn fn) {
  const size_t chunks = std::max<size_t>(1, std::min<size_t>(threads, n));
  if (chunks == 1) {
    fn(0, 0, n);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t c = 0; c < chunks; ++c) {
    const size_t b = n * c / chunks, e = n * (c + 1) / chunks;
    pool.emplace_back([&fn, c, b, e] { fn(c, b, e); });
  }
  for (auto& t : pool) t.join();
}

}  // namespace

// ---- Draft --------------------------------------------------------------------------------------

std::vector<DraftClause> SplitDraft(const std::string& text) {
  const extract::DocText doc = extract::DocText::FromText(text);
  std::vector<DraftClause> out;
  for (const extract::DutyClause& d : extract::ExtractDutyList(doc)) {
    if (d.boilerplate || d.text.empty()) continue;
    out.push_back(DraftClause{d.number, d.text});
  }
  return out;
}

Result<DraftReport> CheckDraft(indexer::ClauseIndex& index, lineage::Source& source,
                               const std::vector<DraftClause>& draft, const DraftSource& from,
                               const Options& raw_options) {
  auto options = Checked(raw_options);
  if (!options.ok()) return options.status();
  const Options& o = *options;
  DraftReport report;
  report.options = o;
  report.source = from;

  auto weights = index.Weights();
  if (!weights.ok()) return weights.status();
  const indexer::ClauseFilter filter{o.as_of, o.region, o.exclude_institutions};
  auto considered = index.Count(filter);
  if (!considered.ok()) return considered.status();
  report.indexed_clauses = *considered;

  Cards cards(source);
  std::map<std::string, BodyOverlap> bodies;
  for (const DraftClause& clause : draft) {
    DraftClauseResult result;
    result.clause = clause;
    const WeightedClause dw = history::Weigh(history::AnalyzeDuty(clause.text), *weights);
    const auto query = QueryTerms(dw);
    std::vector<ClauseMatch> all;
    std::vector<MovedMatch> moved;
    if (!query.empty()) {
      auto candidates = index.Candidates(query, filter, o.candidates);
      if (!candidates.ok()) return candidates.status();
      // Exact scores; one (the best) clause per body.
      std::map<std::string, ClauseMatch> best;
      for (const auto& cand : *candidates) {
        const indexer::ClauseDoc& doc = cand.doc;
        if (!from.sha256.empty() && doc.source.file == from.sha256) continue;
        if (Contains(o.exclude_institutions, doc.institution)) continue;
        const WeightedClause cw = history::Weigh(doc.terms, *weights);
        history::DutyOverlap ov = history::ScoreDuties(dw, cw, clause.text, doc.text);
        if (ov.score < o.threshold) continue;
        ClauseMatch m;
        m.institution = doc.institution;
        m.version_from = doc.valid_from;
        m.version_to = doc.valid_to;
        m.clause_index = doc.index;
        m.text = doc.text;
        m.score = ov.score;
        m.shared = std::move(ov.shared);
        m.draft_marks = std::move(ov.a_marks);
        m.marks = std::move(ov.b_marks);
        m.source = doc.source;
        auto it = best.find(m.institution);
        if (it == best.end() || BetterMatch(m, it->second)) best[m.institution] = std::move(m);
      }
      for (auto& [id, m] : best) {
        auto name = cards.NameOn(id, o.as_of);
        if (!name.ok()) return name.status();
        m.name = *name;
        auto card = cards.Get(id);
        if (!card.ok()) return card.status();
        const ChainEvent* e = *card == nullptr
                                  ? nullptr
                                  : MovedBy(**card, id, m.version_from, o.as_of,
                                            {&m.text, &clause.text}, nullptr);
        if (e != nullptr) {
          auto mm = MakeMoved(std::move(m), *e, cards);
          if (!mm.ok()) return mm.status();
          moved.push_back(std::move(*mm));
        } else {
          all.push_back(std::move(m));
        }
      }
    }
    std::sort(all.begin(), all.end(), BetterMatch);
    std::sort(moved.begin(), moved.end(),
              [](const MovedMatch& a, const MovedMatch& b) { return BetterMatch(a.match, b.match); });
    for (const ClauseMatch& m : all) {
      BodyOverlap& b = bodies[m.institution];
      b.institution = m.institution;
      b.name = m.name;
      ++b.clauses;
      b.best = std::max(b.best, m.score);
    }
    if (!all.empty()) ++report.overlapping;
    if (all.size() > o.per_clause) all.resize(o.per_clause);
    if (moved.size() > o.per_clause) moved.resize(o.per_clause);
    result.matches = std::move(all);
    result.moved = std::move(moved);
    report.clauses.push_back(std::move(result));
  }
  for (auto& [id, b] : bodies) {
    b.share = draft.empty() ? 0.0 : static_cast<double>(b.clauses) / static_cast<double>(draft.size());
    report.bodies.push_back(std::move(b));
  }
  std::sort(report.bodies.begin(), report.bodies.end(), [](const BodyOverlap& a, const BodyOverlap& b) {
    if (a.clauses != b.clauses) return a.clauses > b.clauses;
    if (a.best != b.best) return a.best > b.best;
    return a.institution < b.institution;
  });
  return report;
}

// ---- Region -------------------------------------------------------------------------------------

namespace {

struct RegionClause {
  uint32_t body = 0;  // index into bodies
  const indexer::ClauseDoc* doc = nullptr;
  WeightedClause w;
  std::vector<uint32_t> prefix;  // indexes into w.terms: the probing prefix
};

// The probing prefix of a clause for threshold t: its terms by weight (heaviest first, ties by key)
// up to the shortest run whose remaining suffix weighs less than t × the clause's mass M (the sum of
// its term weights, WeightedClause::object_mass). The bound relied on, from history::ScoreDuties:
// with S = Σ over shared keys of min(w_a, w_b) and m = min(M_a, M_b),
//   score = (½·S/(m + prior) + ½·2S/(M_a + M_b)) × (function-mismatch factor ≤ 1) ≤ S/m,
// so score ≥ t ⇒ S ≥ t·m. For the clause c of smaller mass, Σ of its own weights over the shared
// keys ≥ S ≥ t·M_c, while its suffix weighs < t·M_c: some shared key lies in c's prefix. Probing
// every clause's prefix against an index of every clause's terms therefore finds every pair at or
// above t (recall 1 up to rounding, for which the prefix is kept a hair longer).
// The clause's prefix for candidate generation: its heaviest terms, up to where the rest weighs less
// than history::MinSharedMass. A pair reaching the threshold shares at least that much weight,
// all of it within the lighter clause's terms, so it shares a term of the lighter clause's prefix:
// probing each clause's prefix against heavier clauses finds every such pair (exactly once).
std::vector<uint32_t> Prefix(const WeightedClause& w, double t) {
  std::vector<uint32_t> order(w.terms.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (w.terms[a].weight != w.terms[b].weight) return w.terms[a].weight > w.terms[b].weight;
    return w.terms[a].key < w.terms[b].key;
  });
  double mass = 0;
  for (const auto& term : w.terms) mass += std::max(0.0, term.weight);
  const double bound = history::MinSharedMass(mass, t);
  // suffix[k]: weight of order[k..]
  std::vector<double> suffix(order.size() + 1, 0.0);
  for (size_t k = order.size(); k-- > 0;) suffix[k] = suffix[k + 1] + std::max(0.0, w.terms[order[k]].weight);
  size_t len = 0;
  // Keep a margin against rounding: stop only when the suffix is clearly below the bound.
  while (len < order.size() && !(suffix[len] < bound * (1 - 1e-9))) ++len;
  order.resize(len);
  return order;
}

}  // namespace

Result<RegionReport> CheckRegion(indexer::ClauseIndex& index, lineage::Source& source,
                                 const Options& raw_options, unsigned threads) {
  auto options = Checked(raw_options);
  if (!options.ok()) return options.status();
  const Options& o = *options;
  const unsigned nthreads = ThreadCount(threads);
  RegionReport report;
  report.options = o;

  auto docs = index.All(indexer::ClauseFilter{o.as_of, o.region, o.exclude_institutions});
  if (!docs.ok()) return docs.status();
  auto weights = index.Weights();
  if (!weights.ok()) return weights.status();

  // One version per body: the one in force (the latest start if the index holds several).
  std::map<std::string, std::string> version_of;
  for (const auto& d : *docs) {
    if (Contains(o.exclude_institutions, d.institution)) continue;
    auto it = version_of.find(d.institution);
    if (it == version_of.end() || d.valid_from > it->second) version_of[d.institution] = d.valid_from;
  }
  std::vector<std::string> body_ids;
  std::map<std::string, uint32_t> body_index;
  for (const auto& [id, from] : version_of) {
    body_index[id] = static_cast<uint32_t>(body_ids.size());
    body_ids.push_back(id);
  }
  std::vector<RegionClause> clauses;
  for (const auto& d : *docs) {
    auto it = version_of.find(d.institution);
    if (it == version_of.end() || it->second != d.valid_from || d.text.empty()) continue;
    RegionClause c;
    c.body = body_index[d.institution];
    c.doc = &d;
    clauses.push_back(std::move(c));
  }
  std::sort(clauses.begin(), clauses.end(), [](const RegionClause& a, const RegionClause& b) {
    if (a.body != b.body) return a.body < b.body;
    return a.doc->index < b.doc->index;
  });
  report.bodies = body_ids.size();
  report.clauses = clauses.size();

  ParallelChunks(clauses.size(), nthreads, [&](size_t, size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      clauses[i].w = history::Weigh(clauses[i].doc->terms, *weights);
      clauses[i].prefix = Prefix(clauses[i].w, o.threshold);
    }
  });

  // The inverted index: every positive-weight term of every clause → clauses, ascending.
  std::unordered_map<std::string_view, std::vector<uint32_t>> postings;
  for (uint32_t i = 0; i < clauses.size(); ++i)
    for (const auto& t : clauses[i].w.terms)
      if (t.weight > 0) postings[t.key].push_back(i);

  // Probe each clause's prefix against the clauses heavier than it (by mass, then position), each
  // candidate once per probe, and score it at once: nothing but the pairs kept is stored.
  auto lighter = [&](uint32_t a, uint32_t b) {
    const double ma = clauses[a].w.object_mass, mb = clauses[b].w.object_mass;
    return ma != mb ? ma < mb : a < b;
  };
  const size_t chunks = std::max<size_t>(1, std::min<size_t>(nthreads, clauses.size()));
  std::vector<std::vector<std::pair<uint64_t, double>>> kept(chunks);
  std::vector<uint64_t> scored(chunks, 0);
  ParallelChunks(clauses.size(), nthreads, [&](size_t chunk, size_t b, size_t e) {
    std::vector<uint32_t> stamp(clauses.size(), UINT32_MAX);
    auto& out = kept[chunk];
    uint64_t n = 0;
    for (size_t i = b; i < e; ++i) {
      const RegionClause& c = clauses[i];
      const uint32_t ii = static_cast<uint32_t>(i);
      for (uint32_t k : c.prefix) {
        auto it = postings.find(c.w.terms[k].key);
        if (it == postings.end()) continue;
        for (uint32_t j : it->second) {
          if (stamp[j] == ii || clauses[j].body == c.body || !lighter(ii, j)) continue;
          stamp[j] = ii;
          ++n;
          const double s = history::ScoreOnly(c.w, clauses[j].w);
          if (s >= o.threshold) {
            const uint64_t lo = std::min(ii, j), hi = std::max(ii, j);
            out.emplace_back(lo << 32 | hi, s);
          }
        }
      }
    }
    scored[chunk] = n;
  });
  for (uint64_t n : scored) report.candidate_pairs += n;
  for (auto& k : kept) std::sort(k.begin(), k.end());

  // Grouped by body pair (clauses are ordered by body, so i < j means body(i) < body(j)), best
  // first; only the pairs shown get their display fields.
  std::vector<std::pair<uint64_t, double>> found;
  {
    size_t total = 0;
    for (const auto& k : kept) total += k.size();
    found.reserve(total);
    for (auto& k : kept) {
      found.insert(found.end(), k.begin(), k.end());
      std::vector<std::pair<uint64_t, double>>().swap(k);
    }
  }
  auto body_pair = [&](uint64_t key) {
    return std::make_pair(clauses[key >> 32].body, clauses[key & 0xffffffffu].body);
  };
  std::sort(found.begin(), found.end(), [&](const auto& x, const auto& y) {
    const auto bx = body_pair(x.first), by = body_pair(y.first);
    if (bx != by) return bx < by;
    if (x.second != y.second) return x.second > y.second;
    return x.first < y.first;
  });
  Cards cards(source);
  // Whether `giver` has an event up to as_of moving something to `receiver` (else no pair of the
  // two can be a moved duty, and the per-pair check is skipped).
  auto may_move = [&](const std::string& giver, const std::string& receiver) -> Result<bool> {
    auto card = cards.Get(giver);
    if (!card.ok()) return card.status();
    if (*card == nullptr) return false;
    for (const ChainEvent& e : (*card)->events) {
      if (!e.date.empty() && e.date <= o.as_of && Contains(e.from, giver) && Contains(e.to, receiver)) {
        return true;
      }
    }
    return false;
  };
  for (size_t g0 = 0; g0 < found.size();) {
    size_t g1 = g0;
    const auto bp = body_pair(found[g0].first);
    while (g1 < found.size() && body_pair(found[g1].first) == bp) ++g1;
    PairOverlap g;
    g.a = body_ids[bp.first];
    g.b = body_ids[bp.second];
    const RegionClause& first_a = clauses[found[g0].first >> 32];
    const RegionClause& first_b = clauses[found[g0].first & 0xffffffffu];
    g.a_version = first_a.doc->valid_from;
    g.b_version = first_b.doc->valid_from;
    g.a_source = first_a.doc->source;
    g.b_source = first_b.doc->source;
    auto an = cards.NameOn(g.a, o.as_of);
    if (!an.ok()) return an.status();
    auto bn = cards.NameOn(g.b, o.as_of);
    if (!bn.ok()) return bn.status();
    g.a_name = *an;
    g.b_name = *bn;
    auto ab = may_move(g.a, g.b);
    if (!ab.ok()) return ab.status();
    auto ba = may_move(g.b, g.a);
    if (!ba.ok()) return ba.status();
    for (size_t k = g0; k < g1; ++k) {
      const auto [key, score] = found[k];
      const RegionClause& ca = clauses[key >> 32];
      const RegionClause& cb = clauses[key & 0xffffffffu];
      // The moved rule, either direction.
      const ChainEvent* e = nullptr;
      const RegionClause* giver = nullptr;
      const RegionClause* receiver = nullptr;
      if (*ab || *ba) {
        const std::vector<const std::string*> texts{&ca.doc->text, &cb.doc->text};
        for (int dir = 0; dir < 2 && e == nullptr; ++dir) {
          if (!(dir == 0 ? *ab : *ba)) continue;
          giver = dir == 0 ? &ca : &cb;
          receiver = dir == 0 ? &cb : &ca;
          auto card = cards.Get(giver->doc->institution);
          if (!card.ok()) return card.status();
          if (*card == nullptr) continue;
          e = MovedBy(**card, giver->doc->institution, giver->doc->valid_from, o.as_of, texts,
                      &receiver->doc->institution);
        }
      }
      const bool shown = e != nullptr ? g.moved.size() < o.per_clause : g.pairs.size() < o.per_clause;
      if (e == nullptr) {
        ++g.clause_pairs;
        g.best = std::max(g.best, score);
      }
      if (!shown) continue;
      history::DutyOverlap ov = history::ScoreDuties(ca.w, cb.w, ca.doc->text, cb.doc->text);
      if (e != nullptr) {
        ClauseMatch m;
        m.institution = giver->doc->institution;
        m.name = giver == &ca ? g.a_name : g.b_name;
        m.version_from = giver->doc->valid_from;
        m.version_to = giver->doc->valid_to;
        m.clause_index = giver->doc->index;
        m.text = giver->doc->text;
        m.score = score;
        m.shared = ov.shared;
        m.marks = giver == &ca ? ov.a_marks : ov.b_marks;
        m.draft_marks = giver == &ca ? ov.b_marks : ov.a_marks;
        m.source = giver->doc->source;
        auto mm = MakeMoved(std::move(m), *e, cards);
        if (!mm.ok()) return mm.status();
        g.moved.push_back(std::move(*mm));
        continue;
      }
      ClausePair p;
      p.a_index = ca.doc->index;
      p.b_index = cb.doc->index;
      p.a_text = ca.doc->text;
      p.b_text = cb.doc->text;
      p.score = score;
      p.shared = std::move(ov.shared);
      p.a_marks = std::move(ov.a_marks);
      p.b_marks = std::move(ov.b_marks);
      g.pairs.push_back(std::move(p));
    }
    report.clause_pairs += g.clause_pairs;
    if (g.pairs.empty()) {
      report.moved.push_back(std::move(g));
    } else {
      report.pairs.push_back(std::move(g));
    }
    g0 = g1;
  }
  std::sort(report.pairs.begin(), report.pairs.end(), [](const PairOverlap& x, const PairOverlap& y) {
    if (x.clause_pairs != y.clause_pairs) return x.clause_pairs > y.clause_pairs;
    if (x.best != y.best) return x.best > y.best;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return report;
}

}  // namespace sanding::overlap
