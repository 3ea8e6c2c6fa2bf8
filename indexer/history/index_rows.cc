#include "indexer/history/index_rows.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "indexer/extract/doc_text.h"
#include "store/text.h"

namespace sanding::history {
namespace {

constexpr char kSep = '\x1f';

template <typename T>
void Get(const nlohmann::json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) *out = it->template get<T>();
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Names of the nation-wide organs: a body whose name starts so is national.
constexpr std::string_view kNational[] = {"国务院", "国家", "中华人民共和国", "中央", "全国",
                                          "最高人民", "中国共产党中央", "中共中央"};

// The suffixes of administrative divisions, longest first where one ends another.
constexpr std::string_view kDivisionSuffix[] = {"特别行政区", "自治区", "自治州", "自治县", "自治旗",
                                                "地区",       "省",     "市",     "州",     "盟",
                                                "县",         "旗",     "区"};

// Words ending in a division suffix that are not divisions.
constexpr std::string_view kNotDivision[] = {"社区", "园区", "小区", "景区", "库区",
                                             "城区", "矿区", "林区", "辖区", "开发区"};

// The division at the start of `s` (1–7 characters then a suffix), or "".
std::string LeadingDivision(std::string_view s) {
  const auto chars = text::Utf8Chars(s);
  std::string prefix;
  for (size_t n = 0; n < chars.size() && n < 9; ++n) {
    prefix += chars[n];
    if (n == 0) continue;  // at least one character before the suffix
    for (std::string_view suffix : kDivisionSuffix) {
      if (!EndsWith(prefix, suffix)) continue;
      if (prefix.size() == suffix.size()) continue;
      bool excluded = false;
      for (std::string_view w : kNotDivision) excluded = excluded || EndsWith(prefix, w);
      if (excluded) return "";
      // The body itself must follow: "清河市" alone names the city, not a body in it.
      if (prefix.size() == s.size()) return "";
      return prefix;
    }
  }
  return "";
}

// NameKey and RegionOf of the names of one chain, computed once per distinct name (a body keeps
// its name across most of its versions).
class NameCache {
 public:
  const std::string& Key(const std::string& name) {
    auto it = keys_.find(name);
    if (it == keys_.end()) it = keys_.emplace(name, NameKey(name)).first;
    return it->second;
  }
  const std::string& Region(const std::string& name, const std::string& level) {
    const std::string k = level + '\x1f' + name;
    auto it = regions_.find(k);
    if (it == regions_.end()) it = regions_.emplace(k, RegionOf(name, level)).first;
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::string> keys_, regions_;
};

void AddName(std::map<std::string, NameEntry>* out, NameCache& cache, const std::string& institution,
             const std::string& name, const std::string& how, const std::string& from,
             const std::string& to) {
  const std::string& key = cache.Key(name);
  if (key.empty()) return;
  NameEntry e{institution, name, how, from, to};
  auto [it, inserted] = out->emplace(key + kSep + institution, e);
  if (inserted) return;
  // The same name borne in several periods: one entry spanning them (a name given up and taken
  // again keeps one row; the periods are the lifetime's business).
  NameEntry& have = it->second;
  if (!from.empty() && !have.from.empty() && from < have.from) have.from = from;
  if (from.empty()) have.from = "";
  if (to.empty() || (!have.to.empty() && to > have.to)) have.to = to;
  if (have.how != "name" && how == "name") have.how = "name";
}

template <typename T>
ChainRow Row(ChainKind kind, std::string id, const T& value) {
  ChainRow r;
  r.kind = kind;
  r.id = std::move(id);
  r.body = EncodeIndexBody(nlohmann::json(value));
  return r;
}

}  // namespace

std::string NameKey(std::string_view name) {
  const std::string simplified = extract::ToSimplified(text::Nfkc(name));
  std::string out;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(simplified);
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (text::IsCjkIdeograph(static_cast<char32_t>(c))) {
      icu::UnicodeString one(c);
      one.toUTF8String(out);
    } else if (c < 0x80 && std::isalnum(static_cast<int>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<int>(c))));
    }
  }
  return out;
}

std::vector<std::string> NameVariants(const std::string& name) {
  std::vector<std::string> out;
  constexpr std::string_view kPrc = "中华人民共和国";
  constexpr std::string_view kParty = "中国共产党";
  if (StartsWith(name, kPrc) && name.size() > kPrc.size() + 3) out.push_back(name.substr(kPrc.size()));
  if (StartsWith(name, kParty) && name.size() > kParty.size() + 3)
    out.push_back("中共" + name.substr(kParty.size()));
  return out;
}

std::string RegionOf(const std::string& raw_name, const std::string& level) {
  const std::string name = extract::ToSimplified(text::Nfkc(raw_name));
  std::string_view s = name;
  for (std::string_view w : kNational) {
    if (StartsWith(s, w)) return "全国";
  }
  if (level == "national") return "全国";
  for (std::string_view p : {std::string_view("中国共产党"), std::string_view("中共")}) {
    if (StartsWith(s, p)) {
      s.remove_prefix(p.size());
      break;
    }
  }
  std::string region;
  while (true) {
    const std::string d = LeadingDivision(s);
    if (d.empty()) break;
    region += d;
    s.remove_prefix(d.size());
  }
  return region;
}

std::string EncodeIndexBody(const nlohmann::json& j) {
  std::string out;
  nlohmann::json::to_cbor(j, out);
  return out;
}

nlohmann::json DecodeIndexBody(std::string_view body) {
  return nlohmann::json::from_cbor(body.begin(), body.end(), /*strict=*/true, /*allow_exceptions=*/false);
}

std::vector<Period> NamePeriods(const std::vector<Period>& periods) {
  std::vector<Period> out;
  for (const auto& p : periods) {
    if (!out.empty() && out.back().name == p.name && out.back().to == p.from) {
      out.back().to = p.to;
      continue;
    }
    out.push_back(Period{p.from, p.to, p.name, "", "", ""});
  }
  return out;
}

std::string NameRowId(const NameEntry& e) { return NameKey(e.name) + kSep + e.institution; }
std::string RegionRowId(const RegionEntry& e) { return e.region + kSep + e.institution; }

std::vector<ChainRow> IndexRows(const Chain& chain) {
  std::map<std::string, NameEntry> names;
  std::map<std::string, Card> cards;
  std::map<std::string, RegionEntry> regions;
  std::map<std::string, std::vector<ChildLink>> children;
  NameCache cache;

  for (const auto& inst : chain.institutions) {
    Card& card = cards[inst.id];
    card.institution = inst;
  }
  for (const auto& v : chain.versions) {
    auto it = cards.find(v.institution);
    if (it == cards.end()) continue;
    Card& card = it->second;
    card.periods.push_back(Period{v.valid_from, v.valid_to, v.name, v.rank, v.kind, v.parent});
    AddName(&names, cache, v.institution, v.name, "name", v.valid_from, v.valid_to);
    for (const auto& variant : NameVariants(v.name))
      AddName(&names, cache, v.institution, variant, "variant", v.valid_from, v.valid_to);
    for (const auto& a : v.abbreviations)
      AddName(&names, cache, v.institution, a, "abbreviation", v.valid_from, v.valid_to);
    if (!v.parent.empty()) {
      auto& kids = children[v.parent];
      // Consecutive versions under the same parent make one link.
      if (!kids.empty() && kids.back().institution == v.institution && kids.back().to == v.valid_from &&
          !v.valid_from.empty()) {
        kids.back().to = v.valid_to;
      } else {
        kids.push_back(ChildLink{v.institution, v.name, v.valid_from, v.valid_to});
      }
    }
    const std::string& region = cache.Region(v.name, card.institution.level);
    if (!region.empty()) {
      RegionEntry e{region, v.institution, v.valid_from, v.valid_to};
      auto [rit, inserted] = regions.emplace(RegionRowId(e), e);
      if (!inserted) {
        RegionEntry& have = rit->second;
        if (v.valid_from.empty() || (!have.from.empty() && v.valid_from < have.from)) have.from = v.valid_from;
        if (v.valid_to.empty() || (!have.to.empty() && v.valid_to > have.to)) have.to = v.valid_to;
      }
    }
  }
  // Names no version carries (a body known only by the names list) still resolve.
  for (const auto& inst : chain.institutions) {
    for (const auto& n : inst.names) {
      if (names.count(cache.Key(n) + kSep + inst.id) == 0)
        AddName(&names, cache, inst.id, n, "name", inst.valid_from, inst.valid_to);
    }
  }
  for (const auto& e : chain.events) {
    std::set<std::string> ids(e.from.begin(), e.from.end());
    ids.insert(e.to.begin(), e.to.end());
    for (const auto& id : ids) {
      auto it = cards.find(id);
      if (it != cards.end()) it->second.events.push_back(e);
    }
  }
  for (const auto& c : chain.conflicts) {
    auto it = cards.find(c.institution);
    if (it != cards.end()) it->second.conflicts.push_back(c);
  }
  for (auto& [id, card] : cards) {
    std::stable_sort(card.events.begin(), card.events.end(), [](const ChainEvent& a, const ChainEvent& b) {
      return std::tie(a.date, a.id) < std::tie(b.date, b.id);
    });
    auto kit = children.find(id);
    if (kit != children.end()) {
      card.children = kit->second;
      std::stable_sort(card.children.begin(), card.children.end(), [](const ChildLink& a, const ChildLink& b) {
        return std::tie(a.from, a.institution) < std::tie(b.from, b.institution);
      });
    }
    if (!card.periods.empty()) card.region = cache.Region(card.periods.back().name, card.institution.level);
    else if (!card.institution.names.empty())
      card.region = cache.Region(card.institution.names.back(), card.institution.level);
  }

  // Peers: headings of the other bodies each card's events and parents name.
  std::map<std::string, Peer> headings;
  for (const auto& [id, card] : cards) {
    Peer p;
    p.id = id;
    p.valid_from = card.institution.valid_from;
    p.valid_to = card.institution.valid_to;
    p.region = card.region;
    p.names = card.institution.names;
    p.periods = NamePeriods(card.periods);
    headings.emplace(id, std::move(p));
  }
  for (auto& [id, card] : cards) {
    std::set<std::string> named;
    for (const auto& e : card.events) {
      named.insert(e.from.begin(), e.from.end());
      named.insert(e.to.begin(), e.to.end());
    }
    for (const auto& per : card.periods) {
      if (!per.parent.empty()) named.insert(per.parent);
    }
    named.erase(id);
    for (const auto& other : named) {
      auto h = headings.find(other);
      if (h != headings.end()) card.peers.push_back(h->second);
    }
  }

  std::vector<ChainRow> rows;
  rows.reserve(names.size() + cards.size() + regions.size());
  for (const auto& [id, e] : names) rows.push_back(Row(ChainKind::kName, id, e));
  for (const auto& [id, c] : cards) rows.push_back(Row(ChainKind::kCard, id, c));
  for (const auto& [id, r] : regions) rows.push_back(Row(ChainKind::kRegion, id, r));
  return rows;
}

#define SANDING_PUT(field) j[#field] = v.field
#define SANDING_GET(field) Get(j, #field, &v.field)

void to_json(nlohmann::json& j, const NameEntry& v) {
  j = nlohmann::json::object();
  SANDING_PUT(institution);
  SANDING_PUT(name);
  SANDING_PUT(how);
  SANDING_PUT(from);
  SANDING_PUT(to);
}
void from_json(const nlohmann::json& j, NameEntry& v) {
  SANDING_GET(institution);
  SANDING_GET(name);
  SANDING_GET(how);
  SANDING_GET(from);
  SANDING_GET(to);
}

void to_json(nlohmann::json& j, const Period& v) {
  j = nlohmann::json::object();
  SANDING_PUT(from);
  SANDING_PUT(to);
  SANDING_PUT(name);
  SANDING_PUT(rank);
  SANDING_PUT(kind);
  SANDING_PUT(parent);
}
void from_json(const nlohmann::json& j, Period& v) {
  SANDING_GET(from);
  SANDING_GET(to);
  SANDING_GET(name);
  SANDING_GET(rank);
  SANDING_GET(kind);
  SANDING_GET(parent);
}

void to_json(nlohmann::json& j, const ChildLink& v) {
  j = nlohmann::json::object();
  SANDING_PUT(institution);
  SANDING_PUT(name);
  SANDING_PUT(from);
  SANDING_PUT(to);
}
void from_json(const nlohmann::json& j, ChildLink& v) {
  SANDING_GET(institution);
  SANDING_GET(name);
  SANDING_GET(from);
  SANDING_GET(to);
}

void to_json(nlohmann::json& j, const Peer& v) {
  j = nlohmann::json::object();
  SANDING_PUT(id);
  SANDING_PUT(valid_from);
  SANDING_PUT(valid_to);
  SANDING_PUT(region);
  SANDING_PUT(names);
  nlohmann::json periods = nlohmann::json::array();
  for (const auto& p : v.periods) periods.push_back({{"from", p.from}, {"to", p.to}, {"name", p.name}});
  j["periods"] = std::move(periods);
}
void from_json(const nlohmann::json& j, Peer& v) {
  SANDING_GET(id);
  SANDING_GET(valid_from);
  SANDING_GET(valid_to);
  SANDING_GET(region);
  SANDING_GET(names);
  SANDING_GET(periods);
}

void to_json(nlohmann::json& j, const Card& v) {
  j = nlohmann::json::object();
  SANDING_PUT(institution);
  SANDING_PUT(region);
  SANDING_PUT(periods);
  SANDING_PUT(events);
  SANDING_PUT(children);
  if (!v.conflicts.empty()) SANDING_PUT(conflicts);
  if (!v.peers.empty()) SANDING_PUT(peers);
}
void from_json(const nlohmann::json& j, Card& v) {
  SANDING_GET(institution);
  SANDING_GET(region);
  SANDING_GET(periods);
  SANDING_GET(events);
  SANDING_GET(children);
  SANDING_GET(conflicts);
  SANDING_GET(peers);
}

void to_json(nlohmann::json& j, const RegionEntry& v) {
  j = nlohmann::json::object();
  SANDING_PUT(region);
  SANDING_PUT(institution);
  SANDING_PUT(from);
  SANDING_PUT(to);
}
void from_json(const nlohmann::json& j, RegionEntry& v) {
  SANDING_GET(region);
  SANDING_GET(institution);
  SANDING_GET(from);
  SANDING_GET(to);
}

#undef SANDING_PUT
#undef SANDING_GET

}  // namespace sanding::history
