#include "query/lineage/lineage.h"

#include <algorithm>
#include <array>
#include <deque>
#include <set>
#include <tuple>
#include <unordered_map>

#include "indexer/history/store_io.h"
#include "store/text.h"

namespace sanding::lineage {
namespace {

using history::Card;
using history::ChainEvent;
using history::NameEntry;
using history::Version;

constexpr char kSep = '\x1f';

template <typename T>
Status ParseRow(const ChainRow& row, T* out) {
  try {
    const bool derived = row.kind == ChainKind::kName || row.kind == ChainKind::kCard || row.kind == ChainKind::kRegion;
    nlohmann::json j = derived ? history::DecodeIndexBody(row.body) : nlohmann::json::parse(row.body);
    if (j.is_discarded()) throw std::runtime_error("not CBOR");
    j.get_to(*out);
  } catch (const std::runtime_error& e) {
    return Status::Corruption(std::string("沿革查询索引（") + ChainKindName(row.kind) + " " + row.id +
                              "）已损坏：" + e.what());
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("沿革查询索引（") + ChainKindName(row.kind) + " " + row.id +
                              "）已损坏：" + e.what());
  }
  return Status::Ok();
}

template <typename T>
Status ScanParsed(Store& store, ChainKind kind, const std::string& prefix, uint64_t tx,
                  const std::function<bool(const ChainRow&, T&&)>& fn) {
  Status inner = Status::Ok();
  Status st = store.ScanChain(kind, prefix, tx, [&](const ChainRow& row) {
    T v;
    inner = ParseRow(row, &v);
    if (!inner.ok()) return false;
    return fn(row, std::move(v));
  });
  if (!st.ok()) return st;
  return inner;
}

class StoreSourceImpl final : public Source {
 public:
  StoreSourceImpl(Store& store, uint64_t tx) : store_(store), tx_(tx) {}

  Result<std::vector<NameEntry>> NamesByKey(const std::string& key) override {
    std::vector<NameEntry> out;
    if (key.empty()) return out;
    SANDING_RETURN_IF_ERROR(ScanParsed<NameEntry>(store_, ChainKind::kName, key + kSep, tx_,
                                                  [&](const ChainRow&, NameEntry&& e) {
                                                    out.push_back(std::move(e));
                                                    return true;
                                                  }));
    return out;
  }

  Status ForEachName(const std::function<bool(const NameEntry&)>& fn) override {
    return ScanParsed<NameEntry>(store_, ChainKind::kName, "", tx_,
                                 [&](const ChainRow&, NameEntry&& e) { return fn(e); });
  }

  Result<std::optional<Card>> GetCard(const std::string& id) override {
    // One question reads a card once (resolution and the lineage share it).
    auto cached = cards_.find(id);
    if (cached != cards_.end()) return cached->second;
    std::optional<Card> out;
    if (id.empty()) return out;
    Status inner = Status::Ok();
    SANDING_RETURN_IF_ERROR(store_.ScanChain(ChainKind::kCard, id, tx_, [&](const ChainRow& row) {
      if (row.id != id) return row.id.size() > id.size() && row.id.compare(0, id.size(), id) == 0;
      Card c;
      inner = ParseRow(row, &c);
      if (inner.ok()) out = std::move(c);
      return false;
    }));
    SANDING_RETURN_IF_ERROR(inner);
    if (cards_.size() < kMaxCachedCards) cards_.emplace(id, out);
    return out;
  }

  Result<std::vector<Version>> Versions(const std::string& id) override {
    std::vector<Version> out;
    SANDING_RETURN_IF_ERROR(ScanParsed<Version>(store_, ChainKind::kVersion, id + kSep, tx_,
                                                [&](const ChainRow&, Version&& v) {
                                                  out.push_back(std::move(v));
                                                  return true;
                                                }));
    return out;
  }

  Result<std::optional<Version>> VersionAt(const std::string& id, const std::string& date) override {
    return history::VersionAsOf(store_, id, date, tx_);
  }

  Result<std::vector<history::RegionEntry>> RegionEntries(const std::string& region) override {
    std::vector<history::RegionEntry> out;
    SANDING_RETURN_IF_ERROR(ScanParsed<history::RegionEntry>(
        store_, ChainKind::kRegion, region.empty() ? std::string() : region + kSep, tx_,
        [&](const ChainRow&, history::RegionEntry&& e) {
          out.push_back(std::move(e));
          return true;
        }));
    return out;
  }

  Result<std::vector<history::Conflict>> Conflicts(const std::string& id) override {
    auto card = GetCard(id);
    if (!card.ok()) return card.status();
    if (!card->has_value()) return std::vector<history::Conflict>{};
    return (*card)->conflicts;
  }

 private:
  static constexpr size_t kMaxCachedCards = 256;
  Store& store_;
  uint64_t tx_;
  std::unordered_map<std::string, std::optional<Card>> cards_;
};

// A chain in memory, read through the very rows the store would hold.
class ChainSourceImpl final : public Source {
 public:
  explicit ChainSourceImpl(const history::Chain& chain) {
    for (const auto& row : history::IndexRows(chain)) {
      switch (row.kind) {
        case ChainKind::kName: {
          NameEntry e;
          history::DecodeIndexBody(row.body).get_to(e);
          names_.emplace(row.id, std::move(e));
          break;
        }
        case ChainKind::kCard: {
          Card c;
          history::DecodeIndexBody(row.body).get_to(c);
          cards_.emplace(row.id, std::move(c));
          break;
        }
        case ChainKind::kRegion: {
          history::RegionEntry e;
          history::DecodeIndexBody(row.body).get_to(e);
          regions_.emplace(row.id, std::move(e));
          break;
        }
        default:
          break;
      }
    }
    for (const auto& v : chain.versions) versions_[v.institution].push_back(v);
  }

  Result<std::vector<NameEntry>> NamesByKey(const std::string& key) override {
    std::vector<NameEntry> out;
    if (key.empty()) return out;
    const std::string prefix = key + kSep;
    for (auto it = names_.lower_bound(prefix); it != names_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
      out.push_back(it->second);
    return out;
  }
  Status ForEachName(const std::function<bool(const NameEntry&)>& fn) override {
    for (const auto& [id, e] : names_) {
      if (!fn(e)) break;
    }
    return Status::Ok();
  }
  Result<std::optional<Card>> GetCard(const std::string& id) override {
    auto it = cards_.find(id);
    if (it == cards_.end()) return std::optional<Card>();
    return std::optional<Card>(it->second);
  }
  Result<std::vector<Version>> Versions(const std::string& id) override {
    auto it = versions_.find(id);
    if (it == versions_.end()) return std::vector<Version>{};
    return it->second;
  }
  Result<std::optional<Version>> VersionAt(const std::string& id, const std::string& date) override {
    auto it = versions_.find(id);
    if (it != versions_.end()) {
      for (const auto& v : it->second) {
        if (history::InForce(v.valid_from, v.valid_to, date)) return std::optional<Version>(v);
      }
    }
    return std::optional<Version>();
  }
  Result<std::vector<history::RegionEntry>> RegionEntries(const std::string& region) override {
    std::vector<history::RegionEntry> out;
    const std::string prefix = region.empty() ? std::string() : region + kSep;
    for (auto it = regions_.lower_bound(prefix); it != regions_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
      out.push_back(it->second);
    return out;
  }
  Result<std::vector<history::Conflict>> Conflicts(const std::string& id) override {
    auto it = cards_.find(id);
    if (it == cards_.end()) return std::vector<history::Conflict>{};
    return it->second.conflicts;
  }

 private:
  std::map<std::string, NameEntry> names_;
  std::map<std::string, Card> cards_;
  std::map<std::string, history::RegionEntry> regions_;
  std::map<std::string, std::vector<Version>> versions_;
};

// ---- Resolution -------------------------------------------------------------------------------

int HowRank(const std::string& how) {
  if (how == "id") return 0;
  if (how == "name") return 1;
  if (how == "abbreviation") return 2;
  if (how == "variant") return 3;
  return 4;
}

// How well `query` abbreviates `name` (both NameKeys): its characters taken in order from the
// name, the way Chinese short names are made (发展和改革委员会 → 发改委, 国家计划委员会 → 国家计委).
// Cost: the runs of skipped characters between taken ones (function characters 和/与/及/的 are
// free), then the characters left out. nullopt when the query is not a subsequence.
std::optional<std::pair<int, int>> AbbreviationCost(const std::vector<std::string_view>& q,
                                                    const std::vector<std::string_view>& n) {
  const size_t m = q.size(), len = n.size();
  if (m < 2 || len <= m) return std::nullopt;
  constexpr int kInf = 1 << 20;
  auto is_function = [](std::string_view c) { return c == "和" || c == "与" || c == "及" || c == "的"; };
  // dp[j] = {runs when name[j-1] was skipped, runs when it was taken}, for query[0..i) matched
  // within name[0..j). Characters skipped before the first taken one (the region prefix) and
  // after the last (委员会 → 委) are free.
  std::vector<std::array<int, 2>> prev(len + 1, {0, kInf}), cur(len + 1);
  for (size_t i = 1; i <= m; ++i) {
    cur[0] = {kInf, kInf};
    for (size_t j = 1; j <= len; ++j) {
      const int start_run = cur[j - 1][1] >= kInf ? kInf : cur[j - 1][1] + (is_function(n[j - 1]) ? 0 : 1);
      cur[j][0] = std::min(cur[j - 1][0], start_run);
      cur[j][1] = q[i - 1] == n[j - 1] ? std::min(prev[j - 1][0], prev[j - 1][1]) : kInf;
    }
    std::swap(prev, cur);
  }
  int best = kInf;
  for (size_t j = m; j <= len; ++j) best = std::min(best, prev[j][1]);
  if (best >= kInf) return std::nullopt;
  return std::make_pair(best, static_cast<int>(len - m));
}

std::string LatestName(const Card& c) {
  if (!c.periods.empty()) return c.periods.back().name;
  return c.institution.names.empty() ? c.institution.id : c.institution.names.back();
}

Candidate MakeCandidate(const Card& card, const std::string& matched, const std::string& how,
                        const std::string& from, const std::string& to) {
  Candidate c;
  c.institution = card.institution.id;
  c.matched = matched;
  c.how = how;
  c.name_from = from;
  c.name_to = to;
  c.current_name = LatestName(card);
  c.valid_from = card.institution.valid_from;
  c.valid_to = card.institution.valid_to;
  c.region = card.region;
  return c;
}

// The name borne on `date` by a body with these periods: the period in force; before the first,
// the first name; after the end (or on the day it ends) the name it ended with.
std::string NameIn(const std::vector<history::Period>& periods, const std::vector<std::string>& names,
                   const std::string& id, const std::string& date) {
  if (periods.empty()) return names.empty() ? id : names.back();
  for (const auto& p : periods) {
    if (history::InForce(p.from, p.to, date)) return p.name;
  }
  const auto& first = periods.front();
  if (!first.from.empty() && date < first.from) return first.name;
  for (auto it = periods.rbegin(); it != periods.rend(); ++it) {
    if (!it->to.empty() && it->to <= date) return it->name;
  }
  return periods.back().name;
}

// The name borne just before `date`.
std::string NameBeforeIn(const std::vector<history::Period>& periods, const std::vector<std::string>& names,
                         const std::string& id, const std::string& date) {
  const history::Period* best = nullptr;
  for (const auto& p : periods) {
    if ((p.from.empty() || p.from < date) && (p.to.empty() || p.to >= date)) best = &p;
  }
  return best != nullptr ? best->name : NameIn(periods, names, id, date);
}

history::Peer HeadingOf(const Card& c) {
  history::Peer p;
  p.id = c.institution.id;
  p.valid_from = c.institution.valid_from;
  p.valid_to = c.institution.valid_to;
  p.region = c.region;
  p.names = c.institution.names;
  p.periods = history::NamePeriods(c.periods);
  return p;
}

// Cards read once per question, and the headings of every body they name, so that naming a
// counterpart reads nothing more.
class CardCache {
 public:
  explicit CardCache(Source& s) : source_(s) {}
  Result<const Card*> Get(const std::string& id) {
    auto it = cards_.find(id);
    if (it != cards_.end()) return it->second ? &*it->second : nullptr;
    auto c = source_.GetCard(id);
    if (!c.ok()) return c.status();
    auto& slot = cards_[id];
    slot = std::move(*c);
    if (slot) {
      headings_[id] = HeadingOf(*slot);
      for (const auto& peer : slot->peers) headings_.emplace(peer.id, peer);
    }
    return slot ? &*slot : nullptr;
  }
  // The heading of `id` (null when unknown), from a card already read when possible.
  Result<const history::Peer*> Heading(const std::string& id) {
    auto it = headings_.find(id);
    if (it != headings_.end()) return &it->second;
    auto c = Get(id);
    if (!c.ok()) return c.status();
    if (*c == nullptr) return nullptr;
    return &headings_.at(id);
  }
  // The name of `id` on / just before `date` (the id itself when unknown).
  Result<std::string> NameOnDate(const std::string& id, const std::string& date) {
    auto h = Heading(id);
    if (!h.ok()) return h.status();
    return *h == nullptr ? id : NameIn((*h)->periods, (*h)->names, id, date);
  }
  Result<std::string> NameBeforeDate(const std::string& id, const std::string& date) {
    auto h = Heading(id);
    if (!h.ok()) return h.status();
    return *h == nullptr ? id : NameBeforeIn((*h)->periods, (*h)->names, id, date);
  }

 private:
  Source& source_;
  std::unordered_map<std::string, std::optional<Card>> cards_;
  std::unordered_map<std::string, history::Peer> headings_;
};

Result<TimelineEntry> Named(CardCache& cards, const ChainEvent& e) {
  TimelineEntry t;
  t.event = e;
  // The bodies before the event are named as they were the day before (a rename's old name), the
  // bodies after it as on the day.
  for (const auto& id : e.from) {
    auto n = cards.NameBeforeDate(id, e.date);
    if (!n.ok()) return n.status();
    t.from.push_back(Ref{id, *n});
  }
  for (const auto& id : e.to) {
    auto n = cards.NameOnDate(id, e.date);
    if (!n.ok()) return n.status();
    t.to.push_back(Ref{id, *n});
  }
  return t;
}

// Events that link one body to another in the graph, and whether lineage follows them.
bool IsLink(const ChainEvent& e) {
  return e.type == "merged" || e.type == "split" || e.type == "established" || e.type == "abolished" ||
         e.type == "renamed" || e.type == "duty_transferred";
}
bool IsFollowed(const ChainEvent& e) { return IsLink(e) && e.type != "duty_transferred"; }

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

Node MakeNode(const history::Peer& h, const std::string& relation, int distance) {
  Node n;
  n.id = h.id;
  n.name = h.periods.empty() ? (h.names.empty() ? h.id : h.names.back()) : h.periods.back().name;
  n.names = h.names;
  if (n.names.empty()) {
    for (const auto& p : h.periods) {
      if (n.names.empty() || n.names.back() != p.name) n.names.push_back(p.name);
    }
  }
  n.valid_from = h.valid_from;
  n.valid_to = h.valid_to;
  n.region = h.region;
  n.relation = relation;
  n.distance = distance;
  return n;
}

int RelationRank(const std::string& r) {
  if (r == "subject") return 0;
  if (r == "predecessor") return 1;
  if (r == "successor") return 2;
  return 3;
}

}  // namespace

Result<std::unique_ptr<Source>> StoreSource(Store& store, std::optional<uint64_t> tx) {
  uint64_t at = 0;
  if (tx) {
    at = *tx;
  } else {
    auto last = store.LastChainTx();
    if (!last.ok()) return last.status();
    at = *last;
  }
  return std::unique_ptr<Source>(new StoreSourceImpl(store, at));
}

std::unique_ptr<Source> ChainSource(const history::Chain& chain) {
  return std::make_unique<ChainSourceImpl>(chain);
}

// ---- Helpers ----------------------------------------------------------------------------------

const char* EventLabel(const std::string& type) {
  static const std::map<std::string, const char*> kLabels = {
      {"established", "设立"},      {"renamed", "更名"},        {"merged", "合并"},
      {"split", "分设"},            {"abolished", "撤销"},      {"placed_under", "改变隶属"},
      {"rank_changed", "规格调整"}, {"staffing_changed", "编制调整"},
      {"duty_transferred", "职责划转"}};
  auto it = kLabels.find(type);
  return it == kLabels.end() ? "事件" : it->second;
}

std::string PeriodText(const std::string& from, const std::string& to) {
  return (from.empty() ? "（起始不详）" : from) + "—" + (to.empty() ? "今" : to);
}

std::string CitationText(const history::Citation& c) {
  if (c.curation != 0) return "更正记录 #" + std::to_string(c.curation);
  std::string s = c.doc_number.empty() ? (c.title.empty() ? std::string("（来源不详）") : "《" + c.title + "》")
                                       : c.doc_number;
  if (c.page > 0) s += " 第" + std::to_string(c.page) + "页";
  return s;
}

std::string NameOn(const Card& card, const std::string& date) {
  const history::Peer h = HeadingOf(card);
  return NameIn(h.periods, h.names, h.id, date);
}

// ---- Resolution -------------------------------------------------------------------------------

Result<Resolution> Resolve(Source& source, const std::string& raw_query, const std::string& as_of) {
  Resolution r;
  std::string query = raw_query;
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.back()))) query.pop_back();
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.front()))) query.erase(0, 1);
  r.query = query;
  if (query.empty()) return Status::InvalidArgument("机构名称为空");

  // An id.
  auto by_id = source.GetCard(query);
  if (!by_id.ok()) return by_id.status();
  if (by_id->has_value()) {
    const Card& c = **by_id;
    r.candidates.push_back(MakeCandidate(c, query, "id", c.institution.valid_from, c.institution.valid_to));
    return r;
  }

  const std::string key = history::NameKey(query);
  if (key.empty()) return Status::InvalidArgument("“" + query + "”不是机构名称");
  auto entries = source.NamesByKey(key);
  if (!entries.ok()) return entries.status();

  struct Scored {
    Candidate c;
    std::tuple<int, int, int> rank;  // (not in force on as_of, how, guess cost) lower is better
    std::string sort_from;
  };
  std::map<std::string, Scored> best;  // by institution
  auto offer = [&](const Card& card, const NameEntry& e, const std::string& how, int cost) {
    const bool covers = as_of.empty() || history::InForce(e.from, e.to, as_of);
    Scored s{MakeCandidate(card, e.name, how, e.from, e.to),
             {covers ? 0 : 1, HowRank(how), cost}, e.from};
    auto it = best.find(card.institution.id);
    if (it == best.end() || s.rank < it->second.rank) best[card.institution.id] = std::move(s);
  };

  CardCache cards(source);
  for (const auto& e : *entries) {
    auto c = cards.Get(e.institution);
    if (!c.ok()) return c.status();
    if (*c == nullptr) continue;
    // Same characters in another script or width than the name as written: a variant.
    const std::string how = e.how == "name" && e.name != query ? "variant" : e.how;
    offer(**c, e, how, 0);
  }
  if (best.empty()) {
    // Guesses: the query's characters taken in order from a longer name.
    const auto q = text::Utf8Chars(key);
    std::vector<std::tuple<std::pair<int, int>, NameEntry>> guesses;
    SANDING_RETURN_IF_ERROR(source.ForEachName([&](const NameEntry& e) {
      const std::string name_key = history::NameKey(e.name);
      const auto cost = AbbreviationCost(q, text::Utf8Chars(name_key));
      if (cost) guesses.emplace_back(*cost, e);
      return true;
    }));
    for (const auto& [cost, e] : guesses) {
      auto c = cards.Get(e.institution);
      if (!c.ok()) return c.status();
      if (*c == nullptr) continue;
      offer(**c, e, "guess", cost.first * 1000 + cost.second);
    }
  }
  std::vector<Scored> all;
  for (auto& [id, s] : best) all.push_back(std::move(s));
  std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) {
    return std::tie(a.rank, a.sort_from, a.c.institution) < std::tie(b.rank, b.sort_from, b.c.institution);
  });
  constexpr size_t kMaxCandidates = 20;
  if (all.size() > kMaxCandidates) all.resize(kMaxCandidates);
  for (const auto& s : all) r.candidates.push_back(s.c);
  if (all.size() > 1) {
    const auto& a = all[0].rank;
    const auto& b = all[1].rank;
    // Exact matches of equal standing are ambiguous; a guess is ambiguous unless clearly best.
    r.ambiguous = std::get<0>(a) == std::get<0>(b) && std::get<1>(a) == std::get<1>(b) &&
                  std::get<2>(a) == std::get<2>(b);
    if (all[0].c.how == "guess" && std::get<2>(b) / 1000 == std::get<2>(a) / 1000 &&
        std::get<0>(a) == std::get<0>(b))
      r.ambiguous = std::get<2>(b) - std::get<2>(a) < 2;
  }
  return r;
}

// ---- Lineage ----------------------------------------------------------------------------------

Result<Lineage> BuildLineage(Source& source, const std::string& id, const LineageOptions& options) {
  CardCache cards(source);
  auto subject_card = cards.Get(id);
  if (!subject_card.ok()) return subject_card.status();
  if (*subject_card == nullptr) return Status::NotFound("没有编号为“" + id + "”的机构");
  const Card& subject = **subject_card;  // stable: the cache's nodes never move

  Lineage out;
  out.institution = subject.institution;
  out.subject = MakeNode(HeadingOf(subject), "subject", 0);
  auto versions = source.Versions(id);
  if (!versions.ok()) return versions.status();
  out.versions = std::move(*versions);
  out.conflicts = subject.conflicts;

  for (const auto& e : subject.events) {
    auto t = Named(cards, e);
    if (!t.ok()) return t.status();
    out.timeline.push_back(std::move(*t));
  }

  // Predecessors and successors, transitively.
  std::map<std::string, Node> nodes;
  nodes.emplace(id, out.subject);
  for (const bool forward : {false, true}) {
    std::deque<std::pair<std::string, int>> todo{{id, 0}};
    while (!todo.empty()) {
      auto [at, dist] = todo.front();
      todo.pop_front();
      auto c = cards.Get(at);
      if (!c.ok()) return c.status();
      if (*c == nullptr) continue;
      for (const auto& e : (*c)->events) {
        if (!IsFollowed(e)) continue;
        const auto& here = forward ? e.from : e.to;
        const auto& there = forward ? e.to : e.from;
        if (!Contains(here, at)) continue;
        for (const auto& next : there) {
          if (next == at || nodes.count(next)) continue;
          if (nodes.size() >= options.max_nodes) {
            out.truncated = true;
            continue;
          }
          auto h = cards.Heading(next);
          if (!h.ok()) return h.status();
          if (*h == nullptr) continue;
          nodes.emplace(next, MakeNode(**h, forward ? "successor" : "predecessor", dist + 1));
          todo.emplace_back(next, dist + 1);
        }
      }
    }
  }
  // Counterparts of the followed bodies in merges, splits and duty transfers: named from the
  // followed bodies' cards, not read.
  std::vector<std::string> core;
  for (const auto& [nid, n] : nodes) core.push_back(nid);
  for (const auto& nid : core) {
    auto c = cards.Get(nid);
    if (!c.ok()) return c.status();
    if (*c == nullptr) continue;
    for (const auto& e : (*c)->events) {
      if (!IsLink(e)) continue;
      if (!Contains(e.from, nid) && !Contains(e.to, nid)) continue;
      for (const auto* side : {&e.from, &e.to}) {
        for (const auto& other : *side) {
          if (nodes.count(other)) continue;
          if (nodes.size() >= options.max_nodes) {
            out.truncated = true;
            continue;
          }
          auto h = cards.Heading(other);
          if (!h.ok()) return h.status();
          if (*h == nullptr) continue;
          nodes.emplace(other, MakeNode(**h, "related", nodes.at(nid).distance + 1));
        }
      }
    }
  }
  // Edges among the nodes with at least one followed end (the followed bodies' cards hold them).
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const auto& nid : core) {
    auto c = cards.Get(nid);
    if (!c.ok()) return c.status();
    if (*c == nullptr) continue;
    for (const auto& e : (*c)->events) {
      if (!IsLink(e)) continue;
      for (const auto& f : e.from) {
        for (const auto& t : e.to) {
          if (f == t || !nodes.count(f) || !nodes.count(t)) continue;
          if (!seen.insert({e.id, f, t}).second) continue;
          out.edges.push_back(Edge{f, t, e.type, e.date, e.duty, e.id, e.source});
        }
      }
    }
  }
  std::sort(out.edges.begin(), out.edges.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.date, a.event_id, a.from, a.to) < std::tie(b.date, b.event_id, b.from, b.to);
  });
  for (auto& [nid, n] : nodes) out.nodes.push_back(std::move(n));
  std::sort(out.nodes.begin(), out.nodes.end(), [](const Node& a, const Node& b) {
    return std::make_tuple(RelationRank(a.relation), a.distance, a.valid_from, a.id) <
           std::make_tuple(RelationRank(b.relation), b.distance, b.valid_from, b.id);
  });

  // Supervising bodies over time, from the versions' parents.
  for (const auto& p : subject.periods) {
    if (p.parent.empty()) continue;
    if (!out.parents.empty() && out.parents.back().id == p.parent && out.parents.back().to == p.from &&
        !p.from.empty()) {
      out.parents.back().to = p.to;
      continue;
    }
    auto n = cards.NameOnDate(p.parent, p.from.empty() ? subject.institution.valid_from : p.from);
    if (!n.ok()) return n.status();
    out.parents.push_back(Link{p.parent, *n, p.from, p.to});
  }
  for (const auto& ch : subject.children) out.children.push_back(Link{ch.institution, ch.name, ch.from, ch.to});

  if (!options.as_of.empty()) {
    out.as_of = options.as_of;
    for (const auto& v : out.versions) {
      if (history::InForce(v.valid_from, v.valid_to, options.as_of)) {
        out.state = v;
        break;
      }
    }
    if (out.state && !out.state->parent.empty()) {
      auto n = cards.NameOnDate(out.state->parent, options.as_of);
      if (!n.ok()) return n.status();
      out.state_parent_name = *n;
    }
  }
  return out;
}

// ---- Region views -----------------------------------------------------------------------------

Result<std::vector<std::pair<std::string, size_t>>> Regions(Source& source) {
  auto entries = source.RegionEntries("");
  if (!entries.ok()) return entries.status();
  std::map<std::string, std::set<std::string>> by;
  for (const auto& e : *entries) by[e.region].insert(e.institution);
  std::vector<std::pair<std::string, size_t>> out;
  for (const auto& [r, ids] : by) out.emplace_back(r, ids.size());
  return out;
}

Result<std::string> ResolveRegion(Source& source, const std::string& query) {
  auto regions = Regions(source);
  if (!regions.ok()) return regions.status();
  const std::string key = history::NameKey(query);
  if (key.empty()) return Status::InvalidArgument("地区名称为空");
  std::vector<std::string> starts;
  for (const auto& [r, n] : *regions) {
    const std::string rk = history::NameKey(r);
    if (rk == key) return r;
    if (rk.compare(0, key.size(), key) == 0) starts.push_back(r);
  }
  if (starts.size() == 1) return starts[0];
  if (starts.empty()) {
    std::string known;
    for (size_t i = 0; i < regions->size() && i < 10; ++i) known += (i ? "、" : "") + (*regions)[i].first;
    return Status::NotFound("没有名为“" + query + "”的地区" + (known.empty() ? "" : "（已知地区：" + known + "）"));
  }
  std::string list;
  for (size_t i = 0; i < starts.size(); ++i) list += (i ? "、" : "") + starts[i];
  return Status::InvalidArgument("“" + query + "”可指多个地区：" + list + "，请写全");
}

Result<OrgChart> RegionAsOf(Source& source, const std::string& region, const std::string& as_of) {
  OrgChart chart;
  chart.region = region;
  chart.as_of = as_of;
  auto entries = source.RegionEntries(region);
  if (!entries.ok()) return entries.status();
  std::map<std::string, ChartEntry> in;
  std::set<std::string> ids;
  for (const auto& e : *entries) {
    if (!history::InForce(e.from, e.to, as_of) || !ids.insert(e.institution).second) continue;
    auto v = source.VersionAt(e.institution, as_of);
    if (!v.ok()) return v.status();
    if (!v->has_value()) continue;
    const Version& ver = **v;
    // The entry spans the versions named in this region; the one in force must be one of them.
    if (history::RegionOf(ver.name, "") != region && region != "全国") continue;
    ChartEntry c;
    c.id = e.institution;
    c.name = ver.name;
    c.rank = ver.rank;
    c.kind = ver.kind;
    c.parent = ver.parent;
    c.duties = ver.duties.size();
    c.units = ver.units.size();
    for (const auto& s : ver.staffing) {
      if (s.type != "领导职数") c.staffing += s.count;
    }
    auto cite = ver.cites.find("name");
    if (cite != ver.cites.end()) c.source = cite->second;
    else if (!ver.sources.empty()) c.source = ver.sources.front();
    in.emplace(c.id, std::move(c));
  }
  CardCache cards(source);
  for (auto& [id, c] : in) {
    if (c.parent.empty()) continue;
    auto pit = in.find(c.parent);
    if (pit != in.end()) {
      c.parent_name = pit->second.name;
    } else {
      auto n = cards.NameOnDate(c.parent, as_of);
      if (!n.ok()) return n.status();
      c.parent_name = *n;
    }
  }
  // Depth-first from the bodies whose parent is not on the chart.
  std::map<std::string, std::vector<const ChartEntry*>> kids;
  std::vector<const ChartEntry*> roots;
  for (const auto& [id, c] : in) {
    if (!c.parent.empty() && c.parent != id && in.count(c.parent)) kids[c.parent].push_back(&c);
    else roots.push_back(&c);
  }
  auto order = [](std::vector<const ChartEntry*>& v) {
    std::sort(v.begin(), v.end(), [](const ChartEntry* a, const ChartEntry* b) {
      return std::tie(a->kind, a->name, a->id) < std::tie(b->kind, b->name, b->id);
    });
  };
  order(roots);
  std::set<std::string> placed;
  std::function<void(const ChartEntry*, int)> visit = [&](const ChartEntry* c, int depth) {
    if (!placed.insert(c->id).second) return;
    ChartEntry e = *c;
    e.depth = depth;
    chart.bodies.push_back(std::move(e));
    auto it = kids.find(c->id);
    if (it == kids.end()) return;
    order(it->second);
    for (const auto* k : it->second) visit(k, depth + 1);
  };
  for (const auto* r : roots) visit(r, 0);
  // A cycle of parents (a data error) still shows every body.
  for (const auto& [id, c] : in) {
    if (!placed.count(id)) visit(&c, 0);
  }
  return chart;
}

Result<RegionYear> RegionChanges(Source& source, const std::string& region, int year) {
  RegionYear out;
  out.region = region;
  out.year = year;
  const std::string y = std::to_string(year);
  const std::string first = y + "-01-01", last = y + "-12-31";
  auto entries = source.RegionEntries(region);
  if (!entries.ok()) return entries.status();
  CardCache cards(source);
  std::set<std::string> seen_bodies, seen_events;
  std::vector<ChainEvent> events;
  for (const auto& e : *entries) {
    if (!e.from.empty() && e.from > last) continue;
    if (!e.to.empty() && e.to < first) continue;
    if (!seen_bodies.insert(e.institution).second) continue;
    auto c = cards.Get(e.institution);
    if (!c.ok()) return c.status();
    if (*c == nullptr) continue;
    for (const auto& ev : (*c)->events) {
      if (ev.date.compare(0, 4, y) != 0) continue;
      if (seen_events.insert(ev.id).second) events.push_back(ev);
    }
  }
  std::sort(events.begin(), events.end(), [](const ChainEvent& a, const ChainEvent& b) {
    return std::tie(a.date, a.id) < std::tie(b.date, b.id);
  });
  for (const auto& ev : events) {
    auto t = Named(cards, ev);
    if (!t.ok()) return t.status();
    ++out.counts[ev.type];
    out.events.push_back(std::move(*t));
  }
  return out;
}

// ---- JSON -------------------------------------------------------------------------------------

void to_json(nlohmann::json& j, const Candidate& v) {
  j = {{"institution", v.institution}, {"matched", v.matched},         {"how", v.how},
       {"name_from", v.name_from},     {"name_to", v.name_to},         {"current_name", v.current_name},
       {"valid_from", v.valid_from},   {"valid_to", v.valid_to},       {"region", v.region}};
}
void to_json(nlohmann::json& j, const Resolution& v) {
  j = {{"query", v.query}, {"candidates", v.candidates}, {"ambiguous", v.ambiguous}};
}
void to_json(nlohmann::json& j, const Ref& v) { j = {{"id", v.id}, {"name", v.name}}; }
void to_json(nlohmann::json& j, const TimelineEntry& v) {
  j = v.event;
  j["from_names"] = v.from;
  j["to_names"] = v.to;
  j["label"] = EventLabel(v.event.type);
}
void to_json(nlohmann::json& j, const Node& v) {
  j = {{"id", v.id},           {"name", v.name},         {"names", v.names},
       {"valid_from", v.valid_from}, {"valid_to", v.valid_to}, {"region", v.region},
       {"relation", v.relation}, {"distance", v.distance}};
}
void to_json(nlohmann::json& j, const Edge& v) {
  j = {{"from", v.from}, {"to", v.to},     {"type", v.type},         {"label", EventLabel(v.type)},
       {"date", v.date}, {"duty", v.duty}, {"event_id", v.event_id}, {"source", v.source}};
}
void to_json(nlohmann::json& j, const Link& v) {
  j = {{"id", v.id}, {"name", v.name}, {"from", v.from}, {"to", v.to}};
}
void to_json(nlohmann::json& j, const Lineage& v) {
  j = {{"subject", v.subject},   {"institution", v.institution}, {"versions", v.versions},
       {"timeline", v.timeline}, {"nodes", v.nodes},             {"edges", v.edges},
       {"truncated", v.truncated}, {"parents", v.parents},       {"children", v.children},
       {"conflicts", v.conflicts}};
  j["as_of"] = v.as_of.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.as_of);
  j["state"] = v.state ? nlohmann::json(*v.state) : nlohmann::json(nullptr);
  if (v.state) j["state"]["parent_name"] = v.state_parent_name;
}
void to_json(nlohmann::json& j, const ChartEntry& v) {
  j = {{"id", v.id},         {"name", v.name},       {"rank", v.rank},         {"kind", v.kind},
       {"parent", v.parent}, {"parent_name", v.parent_name}, {"depth", v.depth}, {"duties", v.duties},
       {"units", v.units},   {"staffing", v.staffing}, {"source", v.source}};
}
void to_json(nlohmann::json& j, const OrgChart& v) {
  j = {{"region", v.region}, {"as_of", v.as_of}, {"bodies", v.bodies}};
}
void to_json(nlohmann::json& j, const RegionYear& v) {
  j = {{"region", v.region}, {"year", v.year}, {"events", v.events}, {"counts", v.counts}};
}

}  // namespace sanding::lineage
