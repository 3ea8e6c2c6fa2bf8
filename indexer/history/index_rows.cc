#include "indexer/history/index_rows.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "indexer/extract/doc_text.h"

namespace sanding::history {
namespace {

constexpr char kSep = '\x1f';

template <typename T>
void Get(const nlohmann::json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) *out = it->template get<T>();
}

bool IsHan(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

std::string Nfkc(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  if (U_FAILURE(err)) return std::string(s);
  icu::UnicodeString n = nfkc->normalize(u, err);
  if (U_FAILURE(err)) return std::string(s);
  std::string out;
  n.toUTF8String(out);
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// UTF-8 code points of `s`.
std::vector<std::string> Chars(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
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
  const auto chars = Chars(s);
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

void AddName(std::map<std::string, NameEntry>* out, const std::string& institution,
             const std::string& name, const std::string& how, const std::string& from,
             const std::string& to) {
  if (NameKey(name).empty()) return;
  NameEntry e{institution, name, how, from, to};
  const std::string id = NameRowId(e);
  auto [it, inserted] = out->emplace(id, e);
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
  r.body = nlohmann::json(value).dump();
  return r;
}

}  // namespace

std::string NameKey(std::string_view name) {
  const std::string simplified = extract::ToSimplified(Nfkc(name));
  std::string out;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(simplified);
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (IsHan(c)) {
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
  const std::string name = extract::ToSimplified(Nfkc(raw_name));
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

std::string NameRowId(const NameEntry& e) { return NameKey(e.name) + kSep + e.institution; }
std::string RegionRowId(const RegionEntry& e) { return e.region + kSep + e.institution; }

std::vector<ChainRow> IndexRows(const Chain& chain) {
  std::map<std::string, NameEntry> names;
  std::map<std::string, Card> cards;
  std::map<std::string, RegionEntry> regions;
  std::map<std::string, std::vector<ChildLink>> children;

  for (const auto& inst : chain.institutions) {
    Card& card = cards[inst.id];
    card.institution = inst;
  }
  for (const auto& v : chain.versions) {
    auto it = cards.find(v.institution);
    if (it == cards.end()) continue;
    Card& card = it->second;
    card.periods.push_back(Period{v.valid_from, v.valid_to, v.name, v.rank, v.kind, v.parent});
    AddName(&names, v.institution, v.name, "name", v.valid_from, v.valid_to);
    for (const auto& variant : NameVariants(v.name))
      AddName(&names, v.institution, variant, "variant", v.valid_from, v.valid_to);
    for (const auto& a : v.abbreviations)
      AddName(&names, v.institution, a, "abbreviation", v.valid_from, v.valid_to);
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
    const std::string region = RegionOf(v.name, card.institution.level);
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
      if (names.count(NameKey(n) + kSep + inst.id) == 0)
        AddName(&names, inst.id, n, "name", inst.valid_from, inst.valid_to);
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
    if (!card.periods.empty()) card.region = RegionOf(card.periods.back().name, card.institution.level);
    else if (!card.institution.names.empty())
      card.region = RegionOf(card.institution.names.back(), card.institution.level);
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

void to_json(nlohmann::json& j, const Card& v) {
  j = nlohmann::json::object();
  SANDING_PUT(institution);
  SANDING_PUT(region);
  SANDING_PUT(periods);
  SANDING_PUT(events);
  SANDING_PUT(children);
  if (!v.conflicts.empty()) SANDING_PUT(conflicts);
}
void from_json(const nlohmann::json& j, Card& v) {
  SANDING_GET(institution);
  SANDING_GET(region);
  SANDING_GET(periods);
  SANDING_GET(events);
  SANDING_GET(children);
  SANDING_GET(conflicts);
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
