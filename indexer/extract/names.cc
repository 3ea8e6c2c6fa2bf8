// Institution names: the authority, resolution of mentions, and OCR correction of names and 文号
// prefixes.
//
// A name is read as [中共] [place…] [委] core: "中共清河市委机构编制委员会办公室" is place 清河市, a party
// organ (委), core 机构编制委员会办公室. Every full name is indexed as written; every core is indexed
// with its short forms (built from the vocabulary in internal/names_vocab.h) under its place, so a
// mention written with the place ("清河市发改委"), with the level only ("市发改委", completed with the
// document's region or any place of that level) or bare ("发改委", the region's) finds it.
// Candidates are ranked: full names first, then short and completed forms; among bodies, a name
// valid at the document's date wins, else the nearest in time; a tie is "ambiguous".
#include "indexer/extract/names.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/internal/names_vocab.h"
#include "store/text.h"

namespace sanding::extract {
namespace {

// ---- UTF-8 helpers --------------------------------------------------------------------------

std::u32string U32(std::string_view s) {
  std::u32string out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

std::string U8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) {
    uint8_t buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(c));
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
  }
  return out;
}

bool StartsWith(std::u32string_view s, std::u32string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}
bool EndsWith(std::u32string_view s, std::u32string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool Contains(std::u32string_view set, char32_t c) {
  return set.find(c) != std::u32string_view::npos;
}

int Levenshtein(std::u32string_view a, std::u32string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// ---- Dates ----------------------------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a missing month or day counts as the first).
std::optional<int64_t> ParseDate(std::string_view s) {
  if (s.size() < 4) return std::nullopt;
  int v[3] = {0, 1, 1};
  size_t pos = 0;
  for (int k = 0; k < 3 && pos < s.size(); ++k) {
    int n = 0, digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      n = n * 10 + (s[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    v[k] = n;
    if (pos < s.size()) {
      if (s[pos] != '-') return std::nullopt;
      ++pos;
    }
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return std::nullopt;
  return DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
}

bool IsDate(std::string_view s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && ParseDate(s).has_value();
}

// How far `day` lies outside [from, to] (both inclusive: an event's day belongs to the name
// before and the name after it); 0 inside. Open ends are "" or unparsable.
int64_t DistanceDays(int64_t day, const std::string& from, const std::string& to) {
  const auto f = ParseDate(from);
  const auto t = ParseDate(to);
  if (f && day < *f) return *f - day;
  if (t && day > *t) return day - *t;
  return 0;
}

// ---- Place names ----------------------------------------------------------------------------

constexpr std::u32string_view kLevelChars = U"省市县区州盟旗";
// Characters that never occur inside a place name (kinds of bodies, function words, punctuation).
constexpr std::u32string_view kNotInPlace =
    U"的委会局厅办部司处科署院、，。《》（）“”：；〔〕［］【】印发";

bool IsNationalName(std::u32string_view s) {
  static const std::u32string_view kPrefixes[] = {
      U"国务院", U"全国", U"中共中央", U"中国共产党中央", U"中央", U"中华人民共和国",
      U"国家",   U"最高人民", U"中国"};
  for (auto p : kPrefixes) {
    if (StartsWith(s, p)) return true;
  }
  // 第十届全国人民代表大会…
  if (!s.empty() && s[0] == U'第') {
    const size_t p = s.find(U"届全国");
    if (p != std::u32string_view::npos && p <= 6) return true;
  }
  return false;
}

// Length of the place name (with its 省/市/县… suffix) that `s` starts with, or 0.
size_t LeadingPlace(std::u32string_view s) {
  if (s.empty() || Contains(kLevelChars, s[0]) || Contains(kNotInPlace, s[0]) ||
      !text::IsCjkIdeograph(s[0])) {
    return 0;
  }
  const size_t limit = std::min<size_t>(s.size(), 10);
  for (size_t i = 1; i < limit; ++i) {
    const char32_t c = s[i];
    if (!text::IsCjkIdeograph(c) || Contains(kNotInPlace, c)) return 0;
    if (!Contains(kLevelChars, c)) continue;
    // One character and 市/区/省… is a word (城市, 地区), not a place; 沛县 is.
    if (i == 1 && c != U'县') continue;
    return i + 1;
  }
  return 0;
}

// The party-organ marker 委 after a place or level (清河市委组织部, 市委编办), not 委员会.
bool PartyMarkerAt(std::u32string_view s, size_t i) {
  return i < s.size() && s[i] == U'委' && !StartsWith(s.substr(i + 1), U"员会") && i + 1 < s.size();
}

size_t PartyPrefix(std::u32string_view s) {
  if (StartsWith(s, U"中国共产党")) return 5;
  if (StartsWith(s, U"中共")) return 2;
  return 0;
}

constexpr std::u32string_view kPrc = U"中华人民共和国";

// A full name split into place, party marker and core.
struct NameParts {
  std::u32string place;
  bool party = false;
  std::u32string core;
};

NameParts SplitName(std::u32string_view name) {
  NameParts parts;
  if (IsNationalName(name)) {
    parts.party = StartsWith(name, U"中共") || StartsWith(name, U"中国共产党");
    parts.core = std::u32string(StartsWith(name, kPrc) && name.size() > kPrc.size()
                                    ? name.substr(kPrc.size())
                                    : name);
    return parts;
  }
  size_t i = PartyPrefix(name);
  parts.party = i > 0;
  for (size_t n; (n = LeadingPlace(name.substr(i))) > 0; i += n) {
    parts.place = std::u32string(name.substr(i, n));
  }
  if (!parts.place.empty() && PartyMarkerAt(name, i)) {
    parts.party = true;
    ++i;
  }
  parts.core = std::u32string(name.substr(i));
  if (parts.core.empty()) {  // the name is a place (a people's government written short)
    parts.place.clear();
    parts.core = std::u32string(name);
  }
  return parts;
}

// ---- Short forms ----------------------------------------------------------------------------

bool IsGenericRule(std::string_view full) {
  return full == "委员会" || full == "办公室" || full == "办公厅" || full == "监督管理" ||
         full == "人民政府";
}

// Every short form of `core` the vocabulary allows (the core itself included).
std::set<std::u32string> ShortForms(const std::u32string& core) {
  struct Rule {
    std::u32string full;
    std::vector<std::u32string> shorts;
    bool generic;
  };
  static const std::vector<Rule> kRules = [] {
    std::vector<Rule> rules;
    for (const auto& r : internal::AbbreviationRules()) {
      Rule x{U32(r.full), {}, IsGenericRule(r.full)};
      for (auto s : r.shorts) x.shorts.push_back(U32(s));
      rules.push_back(std::move(x));
    }
    return rules;
  }();
  constexpr size_t kMaxForms = 64;
  std::set<std::u32string> out = {core};
  for (const bool generic_only : {false, true}) {
    // Segment greedily, longest rule first, and expand every combination.
    std::vector<std::u32string> forms = {U""};
    size_t i = 0;
    while (i < core.size()) {
      const Rule* best = nullptr;
      for (const Rule& r : kRules) {
        if (generic_only && !r.generic) continue;
        if (core.compare(i, r.full.size(), r.full) == 0 &&
            (best == nullptr || r.full.size() > best->full.size())) {
          best = &r;
        }
      }
      std::vector<std::u32string> next;
      if (best == nullptr) {
        for (auto& f : forms) f.push_back(core[i]);
        ++i;
        continue;
      }
      for (const auto& f : forms) {
        next.push_back(f + best->full);
        for (const auto& s : best->shorts) {
          if (next.size() < kMaxForms) next.push_back(f + s);
        }
      }
      forms = std::move(next);
      i += best->full.size();
    }
    out.insert(forms.begin(), forms.end());
  }
  // 发展和改革委员会 is also written 发展改革委员会.
  std::vector<std::u32string> extra;
  for (const auto& f : out) {
    std::u32string g;
    for (char32_t c : f) {
      if (c != U'和') g.push_back(c);
    }
    if (g != f && g.size() >= 2) extra.push_back(g);
  }
  // National bureaus drop 国家: 国家工商行政管理总局 -> 工商总局.
  if (StartsWith(core, U"国家") && EndsWith(core, U"总局")) {
    for (const auto& f : out) {
      if (StartsWith(f, U"国家") && f.size() > 4) extra.push_back(f.substr(2));
    }
  }
  out.insert(extra.begin(), extra.end());
  out.erase(U"");
  return out;
}

// ---- OCR cost -------------------------------------------------------------------------------

const std::vector<std::u32string>& Suffixes() {
  static const std::vector<std::u32string> kSuffixes = [] {
    std::vector<std::u32string> v;
    for (auto s : internal::GenericSuffixes()) v.push_back(U32(s));
    std::sort(v.begin(), v.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return v;
  }();
  return kSuffixes;
}

size_t SuffixLength(std::u32string_view s) {
  for (const auto& suf : Suffixes()) {
    if (suf.size() < s.size() && EndsWith(s, suf)) return suf.size();
  }
  return 0;
}

constexpr int kNoMatch = INT_MAX;

// Edits turning `m` (as read) into `k` (a known name), or kNoMatch when the difference is not
// a misreading: a different generic suffix (局 vs 委, 局 vs 总局: another kind of body, not a
// damaged character), or too little of the name left intact. When `m` ends with only the tail of
// k's suffix (经济和员会 for 经济委员会), the suffix is compared character by character, so that a
// dropped character before it (工商局 for 工商总局) is no misreading.
//
// Short names (up to 4 characters) are only misread character for character: a character more
// or less is another phrase (为国务院, 市政府交办). With `strict` (a bare short form, read without
// place or level), two thirds of the distinctive part must be intact instead of half.
int OcrCost(std::u32string_view m, std::u32string_view k, bool strict = false) {
  const size_t ks = SuffixLength(k);
  const size_t ms = SuffixLength(m);
  const size_t distinctive = k.size() - ks;
  if (distinctive < 2) return kNoMatch;
  if (k.size() <= 4 && m.size() != k.size()) return kNoMatch;
  int cost = 0;
  const std::u32string_view kt = k.substr(k.size() - ks);
  if (ms == 0 || (ms == ks && m.substr(m.size() - ms) == kt)) {
    cost = Levenshtein(m, k);
  } else {
    if (!EndsWith(kt, m.substr(m.size() - ms)) || m.size() < ks) return kNoMatch;
    const std::u32string_view mt = m.substr(m.size() - ks);
    for (size_t i = 0; i < ks; ++i) cost += mt[i] != kt[i] ? 1 : 0;
    cost += Levenshtein(m.substr(0, m.size() - ks), k.substr(0, distinctive));
  }
  // At least half of the distinctive part (without the suffix) must be read right.
  if (static_cast<size_t>(cost) * (strict ? 3 : 2) > distinctive) return kNoMatch;
  return cost;
}

// ---- Mentions -------------------------------------------------------------------------------

// The mention without spaces and without the punctuation and symbols that quoting or OCR put
// around and inside it (清河，市标准计量局, “市政府办); letters and digits stay (a misread character).
std::u32string CleanMention(std::string_view mention) {
  std::u32string u;
  for (char32_t c : U32(mention)) {
    const bool ascii_alnum =
        (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
    if (ascii_alnum || c == U'〇' || text::IsCjkIdeograph(c)) u.push_back(c);
  }
  return u;
}

// One reading of a mention: where its place comes from, and the rest to look up among cores.
struct Reading {
  enum Kind { kPlace, kLevel, kBare } kind = kBare;
  std::u32string place;  // kPlace
  char32_t level = 0;    // kLevel
  bool party = false;
  std::u32string rest;
};

std::vector<Reading> Readings(std::u32string_view m) {
  std::vector<Reading> out;
  size_t i = PartyPrefix(m);
  const bool party = i > 0;
  if (i >= m.size()) return out;
  // With a place: 清河市发改委, 中共清河市委编办, 江北省清河市卫生局.
  {
    size_t j = i;
    std::u32string place;
    for (size_t n; (n = LeadingPlace(m.substr(j))) > 0; j += n) place = std::u32string(m.substr(j, n));
    if (!place.empty()) {
      Reading r{Reading::kPlace, place, 0, party, U""};
      if (PartyMarkerAt(m, j)) {
        r.party = true;
        ++j;
      }
      r.rest = m.substr(j);
      if (!r.rest.empty()) out.push_back(std::move(r));
    }
  }
  // With a level: 市发改委, 县卫生局, 市委编办; 本市卫生局, 我县编办.
  if ((m[i] == U'本' || m[i] == U'我') && i + 2 < m.size() && Contains(kLevelChars, m[i + 1])) ++i;
  if (Contains(kLevelChars, m[i]) && i + 1 < m.size()) {
    Reading r{Reading::kLevel, U"", m[i], party, U""};
    size_t j = i + 1;
    if (PartyMarkerAt(m, j)) {
      r.party = true;
      ++j;
    }
    r.rest = m.substr(j);
    out.push_back(std::move(r));
  }
  // Bare: 发改委, 市场监管局, 卫生部, 中华人民共和国卫生部.
  std::u32string_view bare = m.substr(i);
  if (StartsWith(bare, kPrc) && bare.size() > kPrc.size()) bare = bare.substr(kPrc.size());
  out.push_back(Reading{Reading::kBare, U"", 0, party, std::u32string(bare)});
  return out;
}

}  // namespace

// =============================================================================================
// Authority

namespace {

Status AuthorityError(const std::string& what) {
  return Status::InvalidArgument("机构名录格式错误：" + what);
}

std::optional<std::string> OptionalDate(const nlohmann::json& obj, const char* key,
                                        std::string* error) {
  if (!obj.contains(key) || obj[key].is_null()) return std::string();
  if (!obj[key].is_string()) {
    *error = std::string(key) + " 应为日期字符串或 null";
    return std::nullopt;
  }
  std::string v = obj[key].get<std::string>();
  if (!v.empty() && !IsDate(v)) {
    *error = std::string(key) + " 的日期“" + v + "”不是 YYYY-MM-DD 格式";
    return std::nullopt;
  }
  return v;
}

}  // namespace

Result<Authority> Authority::FromInstitutionsJson(const nlohmann::json& j) {
  if (!j.is_array()) return AuthorityError("顶层应为机构数组");
  Authority a;
  for (size_t idx = 0; idx < j.size(); ++idx) {
    const nlohmann::json& e = j[idx];
    const std::string where = "第 " + std::to_string(idx + 1) + " 个机构";
    if (!e.is_object()) return AuthorityError(where + "不是对象");
    if (!e.contains("id") || !e["id"].is_string() || e["id"].get<std::string>().empty()) {
      return AuthorityError(where + "缺少 id");
    }
    AuthorityEntry entry;
    entry.id = e["id"].get<std::string>();
    if (a.by_id_.count(entry.id) > 0) return AuthorityError("机构 id 重复：" + entry.id);
    if (e.contains("level") && !e["level"].is_null()) {
      if (!e["level"].is_string()) return AuthorityError("机构 " + entry.id + " 的 level 应为字符串");
      entry.level = e["level"].get<std::string>();
    }
    if (!e.contains("versions") || !e["versions"].is_array()) {
      return AuthorityError("机构 " + entry.id + " 缺少 versions 数组");
    }
    std::vector<AuthorityName> names;
    for (size_t vi = 0; vi < e["versions"].size(); ++vi) {
      const nlohmann::json& v = e["versions"][vi];
      const std::string vwhere = "机构 " + entry.id + " 的第 " + std::to_string(vi + 1) + " 个版本";
      if (!v.is_object()) return AuthorityError(vwhere + "不是对象");
      if (!v.contains("name") || !v["name"].is_string() || v["name"].get<std::string>().empty()) {
        return AuthorityError(vwhere + "缺少名称");
      }
      AuthorityName n;
      n.name = v["name"].get<std::string>();
      std::string err;
      auto from = OptionalDate(v, "valid_from", &err);
      if (!from) return AuthorityError(vwhere + "：" + err);
      auto to = OptionalDate(v, "valid_to", &err);
      if (!to) return AuthorityError(vwhere + "：" + err);
      n.valid_from = *from;
      n.valid_to = *to;
      if (!n.valid_from.empty() && !n.valid_to.empty() && n.valid_to < n.valid_from) {
        return AuthorityError(vwhere + "的终止日期早于起始日期");
      }
      if (v.contains("abbreviations") && !v["abbreviations"].is_null()) {
        if (!v["abbreviations"].is_array()) return AuthorityError(vwhere + "的 abbreviations 应为数组");
        for (const auto& ab : v["abbreviations"]) {
          if (!ab.is_string()) return AuthorityError(vwhere + "的简称应为字符串");
          if (!ab.get<std::string>().empty()) n.abbreviations.push_back(ab.get<std::string>());
        }
      }
      names.push_back(std::move(n));
    }
    if (names.empty()) return AuthorityError("机构 " + entry.id + " 没有任何名称");
    std::stable_sort(names.begin(), names.end(), [](const auto& x, const auto& y) {
      return x.valid_from < y.valid_from;
    });
    // Consecutive versions under one name are one name (rank or staffing changed, not the name).
    for (AuthorityName& n : names) {
      if (!entry.names.empty() && entry.names.back().name == n.name &&
          entry.names.back().valid_to == n.valid_from) {
        AuthorityName& last = entry.names.back();
        last.valid_to = n.valid_to;
        for (auto& ab : n.abbreviations) {
          if (std::find(last.abbreviations.begin(), last.abbreviations.end(), ab) ==
              last.abbreviations.end()) {
            last.abbreviations.push_back(std::move(ab));
          }
        }
      } else {
        entry.names.push_back(std::move(n));
      }
    }
    a.Add(std::move(entry));
  }
  return a;
}

void Authority::Add(AuthorityEntry entry) {
  auto it = by_id_.find(entry.id);
  if (it != by_id_.end()) {
    entries_[it->second] = std::move(entry);
    return;
  }
  by_id_[entry.id] = entries_.size();
  entries_.push_back(std::move(entry));
}

const AuthorityEntry* Authority::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

nlohmann::json Authority::ToJson() const {
  auto date = [](const std::string& d) { return d.empty() ? nlohmann::json() : nlohmann::json(d); };
  nlohmann::json out = nlohmann::json::array();
  for (const AuthorityEntry& e : entries_) {
    nlohmann::json versions = nlohmann::json::array();
    for (const AuthorityName& n : e.names) {
      versions.push_back({{"valid_from", date(n.valid_from)},
                          {"valid_to", date(n.valid_to)},
                          {"name", n.name},
                          {"abbreviations", n.abbreviations}});
    }
    out.push_back({{"id", e.id},
                   {"level", e.level},
                   {"valid_from", e.names.empty() ? nlohmann::json() : date(e.names.front().valid_from)},
                   {"valid_to", e.names.empty() ? nlohmann::json() : date(e.names.back().valid_to)},
                   {"versions", std::move(versions)}});
  }
  return out;
}

// =============================================================================================
// NameResolver

namespace {

// One way to reach a name of a body.
struct Hit {
  uint32_t entry = 0;      // Index::entries
  uint32_t name = 0;       // the entry's names
  bool party = false;      // written as a party organ (中共X委…, 市委…)
  bool anywhere = false;   // an abbreviation naming the body wherever it is read (临川工商分局)
  std::u32string place;    // the name's place ("" national)
};

using HitMap = std::unordered_map<std::u32string, std::vector<Hit>>;

// A hit found for a mention, with what the mention said about party organs.
struct Found {
  const Hit* hit;
  bool mention_party;
};

}  // namespace

struct NameResolver::Index {
  std::vector<AuthorityEntry> entries;  // the authority's, then national bodies it lacks
  HitMap full;                          // full names
  HitMap core;                          // cores and their short forms, abbreviations
  std::map<size_t, std::vector<const std::u32string*>> full_by_len, core_by_len;
  std::unordered_set<std::u32string> generic;  // standard department names and short forms
  std::set<std::u32string> places;             // every place a known name starts with

  void AddFull(const std::u32string& key, const Hit& h) {
    full[key].push_back(h);
    if (!h.place.empty()) places.insert(h.place);
  }
  void AddCore(const std::u32string& key, const Hit& h) {
    if (!key.empty()) core[key].push_back(h);
  }

  void IndexEntry(uint32_t ei) {
    const AuthorityEntry& e = entries[ei];
    for (uint32_t ni = 0; ni < e.names.size(); ++ni) {
      const AuthorityName& n = e.names[ni];
      const std::u32string name = U32(ToSimplified(n.name));
      if (name.empty()) continue;
      const NameParts parts = SplitName(name);
      Hit h{ei, ni, parts.party, false, parts.place};
      AddFull(name, h);
      if (StartsWith(name, kPrc) && name.size() > kPrc.size()) AddFull(name.substr(kPrc.size()), h);
      for (const auto& f : ShortForms(parts.core)) AddCore(f, h);
      for (const std::string& ab : n.abbreviations) IndexAbbreviation(U32(ToSimplified(ab)), h);
    }
  }

  void IndexAbbreviation(std::u32string_view a, Hit h) {
    size_t i = PartyPrefix(a);
    if (i > 0) h.party = true;
    std::u32string place;
    for (size_t n; (n = LeadingPlace(a.substr(i))) > 0; i += n) place = std::u32string(a.substr(i, n));
    if (!place.empty()) {
      h.place = place;
      if (PartyMarkerAt(a, i)) {
        h.party = true;
        ++i;
      }
      AddCore(std::u32string(a.substr(i)), h);
      return;
    }
    if (i + 1 < a.size() && Contains(kLevelChars, a[i]) && !h.place.empty() &&
        h.place.back() == a[i]) {
      ++i;
      if (PartyMarkerAt(a, i)) {
        h.party = true;
        ++i;
      }
      AddCore(std::u32string(a.substr(i)), h);
      return;
    }
    h.anywhere = true;
    AddCore(std::u32string(a.substr(i)), h);
  }
};

namespace {

std::u32string StripPrc(const std::string& name) {
  std::u32string u = U32(ToSimplified(name));
  if (StartsWith(u, kPrc) && u.size() > kPrc.size()) u = u.substr(kPrc.size());
  return u;
}

// The national bodies the authority lacks; names of a body it has are added to that body.
void AddNationalBodies(std::vector<AuthorityEntry>* entries) {
  std::unordered_map<std::u32string, std::set<size_t>> known;  // name or abbreviation -> entries
  for (size_t i = 0; i < entries->size(); ++i) {
    for (const AuthorityName& n : (*entries)[i].names) {
      known[StripPrc(n.name)].insert(i);
      for (const auto& ab : n.abbreviations) known[StripPrc(ab)].insert(i);
    }
  }
  std::set<std::string> ids;
  for (const auto& e : *entries) ids.insert(e.id);
  for (const AuthorityEntry& body : internal::NationalBodies()) {
    std::set<size_t> same;
    for (const AuthorityName& n : body.names) {
      auto it = known.find(StripPrc(n.name));
      if (it != known.end()) same.insert(it->second.begin(), it->second.end());
    }
    if (same.size() > 1) continue;  // the authority splits this lineage differently
    if (same.size() == 1) {
      AuthorityEntry& target = (*entries)[*same.begin()];
      for (const AuthorityName& n : body.names) {
        if (known.count(StripPrc(n.name)) == 0) target.names.push_back(n);
      }
      std::stable_sort(target.names.begin(), target.names.end(),
                       [](const auto& x, const auto& y) { return x.valid_from < y.valid_from; });
      continue;
    }
    if (ids.insert(body.id).second) entries->push_back(body);
  }
}

}  // namespace

NameResolver::NameResolver(std::shared_ptr<const Authority> authority)
    : NameResolver(std::move(authority), ResolverOptions{}) {}

NameResolver::NameResolver(std::shared_ptr<const Authority> authority, ResolverOptions options)
    : authority_(std::move(authority)), ocr_correction_(options.ocr_correction) {
  auto index = std::make_shared<Index>();
  if (authority_ != nullptr) index->entries = authority_->entries();
  if (options.national_bodies) AddNationalBodies(&index->entries);
  for (uint32_t i = 0; i < index->entries.size(); ++i) index->IndexEntry(i);
  for (const auto& [k, v] : index->full) index->full_by_len[k.size()].push_back(&k);
  for (const auto& [k, v] : index->core) index->core_by_len[k.size()].push_back(&k);
  for (std::string_view d : internal::StandardDepartments()) {
    for (const auto& f : ShortForms(U32(d))) {
      if (f.size() >= 2) index->generic.insert(f);
    }
  }
  index_ = std::move(index);
}

namespace {

// The hits of one reading, restricted to the places it can mean.
std::vector<const Hit*> Filter(const std::vector<Hit>& hits, const Reading& r,
                               const std::u32string& region) {
  std::vector<const Hit*> out;
  switch (r.kind) {
    case Reading::kPlace:
      for (const Hit& h : hits) {
        if (!h.anywhere && h.place == r.place) out.push_back(&h);
      }
      break;
    case Reading::kLevel:
      // The region's own body when the level is the region's; else any place of that level
      // (市编办 in a county's document is the city's).
      if (!region.empty() && region.back() == r.level) {
        for (const Hit& h : hits) {
          if (!h.anywhere && h.place == region) out.push_back(&h);
        }
      }
      if (out.empty()) {
        for (const Hit& h : hits) {
          if (!h.anywhere && !h.place.empty() && h.place.back() == r.level) out.push_back(&h);
        }
      }
      break;
    case Reading::kBare:
      if (!region.empty()) {
        for (const Hit& h : hits) {
          if (!h.anywhere && h.place == region) out.push_back(&h);
        }
        if (out.empty()) {
          for (const Hit& h : hits) {
            if (h.anywhere || h.place.empty()) out.push_back(&h);
          }
        }
      } else {
        for (const Hit& h : hits) out.push_back(&h);
      }
      break;
  }
  return out;
}

}  // namespace

namespace {

struct Chosen {
  std::vector<uint32_t> entries;  // one: resolved; several: ambiguous
  const Hit* hit = nullptr;       // the winning hit (resolved)
  int64_t distance = 0;           // days between the date and the hit's name
};

// Picks among hits by date (a name valid at the date, else the nearest), then by party marker.
Chosen ChooseByDate(const std::vector<Found>& found, std::optional<int64_t> day,
                    const std::vector<AuthorityEntry>& entries) {
  struct Best {
    const Hit* hit = nullptr;
    int64_t dist = 0;
    bool party_agrees = false;
  };
  std::map<uint32_t, Best> best;
  for (const Found& f : found) {
    const AuthorityName& n = entries[f.hit->entry].names[f.hit->name];
    const int64_t d = day ? DistanceDays(*day, n.valid_from, n.valid_to) : 0;
    const bool agrees = f.hit->party == f.mention_party;
    auto [it, inserted] = best.try_emplace(f.hit->entry);
    Best& b = it->second;
    if (inserted || d < b.dist || (d == b.dist && agrees && !b.party_agrees)) {
      b = Best{f.hit, d, agrees};
    }
  }
  Chosen c;
  if (best.empty()) return c;
  int64_t min_dist = INT64_MAX;
  for (const auto& [e, b] : best) min_dist = std::min(min_dist, b.dist);
  std::vector<uint32_t> tied;
  for (const auto& [e, b] : best) {
    if (b.dist == min_dist) tied.push_back(e);
  }
  if (tied.size() > 1) {
    std::vector<uint32_t> agreeing;
    for (uint32_t e : tied) {
      if (best[e].party_agrees) agreeing.push_back(e);
    }
    if (!agreeing.empty()) tied = agreeing;
  }
  c.entries = tied;
  if (tied.size() == 1) {
    c.hit = best[tied[0]].hit;
    c.distance = min_dist;
  }
  return c;
}

// The body's full name at `day`: the matched name when valid then, else the name valid then
// (the later one on a renaming day), else the nearest.
std::string NameAt(const AuthorityEntry& e, const Hit& hit, std::optional<int64_t> day) {
  const AuthorityName& matched = e.names[hit.name];
  if (!day || DistanceDays(*day, matched.valid_from, matched.valid_to) == 0) {
    return ToSimplified(matched.name);
  }
  const AuthorityName* best = nullptr;
  int64_t best_dist = INT64_MAX;
  for (const AuthorityName& n : e.names) {
    const int64_t d = DistanceDays(*day, n.valid_from, n.valid_to);
    if (d <= best_dist) {
      best = &n;
      best_dist = d;
    }
  }
  return ToSimplified(best != nullptr ? best->name : matched.name);
}

}  // namespace

Resolution NameResolver::Resolve(std::string_view mention, std::string_view date,
                                 std::string_view region) const {
  const Index& ix = *index_;
  Resolution res;
  res.method = "unknown";
  const std::u32string original = CleanMention(mention);
  if (original.empty()) return res;
  std::u32string m = U32(ToSimplified(U8(original)));
  const bool converted = m != original;
  const std::optional<int64_t> day = ParseDate(date);
  const std::u32string reg = U32(ToSimplified(region));

  auto finish = [&](const std::vector<Found>& found, const std::string& method) -> bool {
    const Chosen c = ChooseByDate(found, day, ix.entries);
    if (c.entries.empty()) return false;
    if (c.entries.size() > 1) {
      res.method = "ambiguous";
      for (uint32_t e : c.entries) res.candidates.push_back(ix.entries[e].id);
      std::sort(res.candidates.begin(), res.candidates.end());
      return true;
    }
    const AuthorityEntry& e = ix.entries[c.entries[0]];
    res.id = e.id;
    res.name = NameAt(e, *c.hit, day);
    if (method == "ocr_corrected") {
      res.method = method;
      res.candidates = {e.id};
      res.corrected = ToSimplified(e.names[c.hit->name].name);
    } else if (converted) {
      res.method = "traditional";
    } else {
      res.method = c.distance > 0 ? "historical" : method;
    }
    return true;
  };

  // Exact names first, then short and completed forms; a leading 原 ("former") is dropped when
  // the name is not found with it.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt == 1) {
      if (m.size() < 4 || m[0] != U'原') break;
      m = m.substr(1);
    }
    std::vector<Found> found;
    for (const std::u32string& key :
         {m, StartsWith(m, kPrc) ? m.substr(kPrc.size()) : std::u32string()}) {
      auto it = ix.full.find(key);
      if (it == ix.full.end()) continue;
      const bool party = PartyPrefix(m) > 0;
      for (const Hit& h : it->second) found.push_back({&h, party});
    }
    if (finish(found, "exact")) return res;
    found.clear();
    for (const Reading& r : Readings(m)) {
      auto it = ix.core.find(r.rest);
      if (it == ix.core.end()) continue;
      for (const Hit* h : Filter(it->second, r, reg)) found.push_back({h, r.party});
    }
    if (finish(found, "abbreviation")) return res;
  }
  if (!ocr_correction_) return res;

  // A damaged place (临咱县 for 临川县, 请河市 for 清河市) is never corrected character by character
  // below, since a neighbouring county can differ by one character; it is repaired only to the
  // document's own region, a known place one character away at the same level, and the name is
  // then resolved again.
  if (!reg.empty() && ix.places.count(reg) > 0) {
    const size_t p0 = PartyPrefix(m);
    const size_t n = LeadingPlace(std::u32string_view(m).substr(p0));
    const std::u32string place = n > 0 ? m.substr(p0, n) : std::u32string();
    if (!place.empty() && ix.places.count(place) == 0 && place.size() == reg.size() &&
        place.back() == reg.back() && Levenshtein(place, reg) == 1) {
      {
        const std::u32string fixed = m.substr(0, p0) + reg + m.substr(p0 + n);
        Resolution again = Resolve(U8(fixed), date, region);
        if (!again.id.empty()) {
          again.method = "ocr_corrected";
          again.corrected = again.name;
          again.candidates = {again.id};
          return again;
        }
      }
    }
  }

  // OCR correction. A well-formed name of a body the archive does not know is left unknown.
  const std::vector<Reading> readings = Readings(m);
  for (const Reading& r : readings) {
    if (ix.generic.count(r.rest) > 0) return res;
  }
  // The best candidates of each kind: 0 full names, 1 cores under a place (a full name read
  // with a damaged character is likelier than a damaged short form of the same cost).
  int best_cost[2] = {kNoMatch, kNoMatch};
  std::vector<Found> best_found[2];
  auto consider = [&](int cost, int kind, const std::vector<Found>& hits) {
    if (cost == kNoMatch || cost == 0 || hits.empty() || cost > best_cost[kind]) return;
    if (cost < best_cost[kind]) {
      best_cost[kind] = cost;
      best_found[kind].clear();
    }
    best_found[kind].insert(best_found[kind].end(), hits.begin(), hits.end());
  };
  auto threshold = [](size_t len) { return std::max<int>(1, static_cast<int>(len / 8)); };
  auto near_lengths = [](const std::map<size_t, std::vector<const std::u32string*>>& by_len,
                         size_t len, auto&& fn) {
    const size_t lo = len > 2 ? len - 2 : 0;
    for (auto it = by_len.lower_bound(lo); it != by_len.end() && it->first <= len + 2; ++it) {
      for (const std::u32string* k : it->second) fn(*k);
    }
  };
  const bool mention_party = PartyPrefix(m) > 0;
  near_lengths(ix.full_by_len, m.size(), [&](const std::u32string& key) {
    const std::vector<Hit>& hits = ix.full.at(key);
    const std::u32string& place = hits.front().place;
    if (!place.empty() && !StartsWith(m, place) && !StartsWith(m.substr(PartyPrefix(m)), place)) {
      return;  // the place is never corrected
    }
    const int cost = OcrCost(m, key);
    if (cost > threshold(key.size())) return;
    std::vector<Found> f;
    for (const Hit& h : hits) f.push_back({&h, mention_party});
    consider(cost, 0, f);
  });
  for (const Reading& r : readings) {
    near_lengths(ix.core_by_len, r.rest.size(), [&](const std::u32string& key) {
      const std::vector<const Hit*> hits = Filter(ix.core.at(key), r, reg);
      if (hits.empty()) return;
      const int cost = OcrCost(r.rest, key, r.kind == Reading::kBare);
      const size_t full_len =
          U32(ix.entries[hits.front()->entry].names[hits.front()->name].name).size();
      if (cost > threshold(std::max(full_len, key.size()))) return;
      std::vector<Found> f;
      for (const Hit* h : hits) f.push_back({h, r.party});
      consider(cost, 1, f);
    });
  }
  const int kind = best_cost[0] <= best_cost[1] ? 0 : 1;
  std::vector<Found>& best = best_found[kind];
  if (best.empty()) return res;
  std::set<uint32_t> ids;
  for (const Found& f : best) ids.insert(f.hit->entry);
  // The best correction must be unique: one body; or one name shared by bodies of different
  // periods (the date decides as for an exact name); or, among different names, the only one
  // borne at the document's date.
  if (ids.size() > 1) {
    std::set<std::u32string> names;
    for (const Found& f : best) {
      names.insert(U32(ToSimplified(ix.entries[f.hit->entry].names[f.hit->name].name)));
    }
    if (names.size() > 1) {
      if (!day) return res;
      std::vector<Found> current;
      std::set<uint32_t> current_ids;
      for (const Found& f : best) {
        const AuthorityName& n = ix.entries[f.hit->entry].names[f.hit->name];
        if (DistanceDays(*day, n.valid_from, n.valid_to) == 0) {
          current.push_back(f);
          current_ids.insert(f.hit->entry);
        }
      }
      if (current_ids.size() != 1) return res;
      best = std::move(current);
    }
  }
  finish(best, "ocr_corrected");
  return res;
}

std::string NameResolver::RegionOf(std::string_view issuer_or_title) {
  std::u32string u = CleanMention(ToSimplified(issuer_or_title));
  std::u32string_view s = u;
  if (StartsWith(s, U"关于")) {
    s = s.substr(2);
    if (StartsWith(s, U"印发")) s = s.substr(2);
    while (!s.empty() && (s[0] == U'《' || s[0] == U'“')) s = s.substr(1);
  }
  if (IsNationalName(s)) return "";
  s = s.substr(PartyPrefix(s));
  if (IsNationalName(s)) return "";
  const size_t n = LeadingPlace(s);
  return n == 0 ? "" : U8(s.substr(0, n));
}

// =============================================================================================
// 文号 prefixes

void DocNumberPrefixes::Add(std::string_view prefix) {
  if (!prefix.empty()) counts_[std::string(prefix)]++;
}

std::string DocNumberPrefixes::Correct(std::string_view prefix, bool* changed) const {
  if (changed != nullptr) *changed = false;
  const std::string p(prefix);
  auto it = counts_.find(p);
  if (p.empty() || (it != counts_.end() && it->second > 1)) return p;
  const std::u32string u = U32(p);
  const std::string* best = nullptr;
  int best_count = 0;
  bool tie = false;
  for (const auto& [known, count] : counts_) {
    if (count < 3) continue;
    const std::u32string k = U32(known);
    // One character misread, or one stray character before the prefix (an item number or seal
    // residue OCR ran into it: 四清政办发).
    const bool misread = k.size() == u.size() && Levenshtein(k, u) == 1;
    const bool stray = u.size() == k.size() + 1 && u.compare(1, k.size(), k) == 0;
    if (!misread && !stray) continue;
    if (count > best_count) {
      best = &known;
      best_count = count;
      tie = false;
    } else if (count == best_count) {
      tie = true;
    }
  }
  if (best == nullptr || tie) return p;
  if (changed != nullptr) *changed = true;
  return *best;
}

int EditDistance(std::string_view a, std::string_view b) { return Levenshtein(U32(a), U32(b)); }

}  // namespace sanding::extract
