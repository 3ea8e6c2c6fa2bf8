// The declarative history of the sample city (corpus/spec/*.json) and its resolved form.
//
// The spec is hand-written: institutions with dated versions (later versions inherit every field
// they do not set, and may add or drop duty clauses and internal units), documents that enact
// events, shared duty clauses (one key, several wordings) and search queries. LoadSpec() reads
// and resolves it: inheritance applied, '@key#n' duty references replaced by their text, each
// version's valid_to filled in. Dates are "YYYY-MM-DD" strings throughout (they compare as text).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/status.h"

namespace sanding::corpus {

using Json = nlohmann::ordered_json;

struct DutyClause {
  std::string text;
  std::string key;  // empty when the clause is not a shared duty
};

struct Unit {
  std::string name;
  std::vector<std::string> duties;
};

struct Leader {
  std::string post;
  int count = 0;
};

struct Staffing {
  int admin = -1;   // 行政编制, -1 when none
  int career = -1;  // 事业编制, -1 when none
  std::vector<Leader> leaders;
  bool empty() const { return admin < 0 && career < 0 && leaders.empty(); }
  bool operator==(const Staffing& o) const;
};

struct Version {
  std::string from;
  std::string to;  // empty: still valid at the end of the corpus (or at the institution's end)
  std::string name;
  std::vector<std::string> abbr;
  std::string rank;
  std::string kind;
  std::string parent;  // institution id, empty when none
  std::vector<DutyClause> duties;
  std::vector<Unit> units;
  Staffing staffing;
  std::string sanding;  // date of this version's 三定 document, empty when none
  // "内部" when that 三定 document is marked internal (not inherited); its mark as printed:
  // a 附注 such as "（此件不公开）" after the date, anything else (内部, 秘密★1年) above the 红头.
  std::string sanding_access;
  std::string sanding_access_mark;
};

struct Institution {
  std::string id;
  std::string level;  // "city" | "county" | "national"
  std::vector<Version> versions;
  std::string end;  // last day of existence (the abolishing event's date), empty when alive

  const Version* At(const std::string& date) const;      // version valid on date (from <= d < to)
  const Version* Before(const std::string& date) const;  // version valid the day before date
  bool AliveOn(const std::string& date) const;
};

struct SharedDuty {
  std::string label;
  std::vector<std::string> near;
  std::vector<std::string> variants;
};

struct EventSpec {
  std::string type;
  std::vector<std::string> from;
  std::vector<std::string> to;
  std::string duty_key;    // shared duty key, when the moved duty is one
  std::string duty_label;  // the duty as named in the text
};

struct DocSpec {
  std::string issuer;
  std::string kind;
  std::string date;
  int serial = 0;          // 0: assigned in date order
  std::string bracket;     // "" (seeded choice), "〔〕", "[]", "【】", "()"
  std::string date_style;  // "" (by period), "cn", "arabic"
  std::string script = "simplified";
  std::optional<bool> is_public;
  // "内部" for a document marked internal, else ""; the mark as printed (see Version).
  std::string access;
  std::string access_mark;
  std::string title;  // without the issuer; empty: composed from the events
  std::string trap;
  int stated_before = -1;  // a staffing base that disagrees with the earlier 三定 (trap)
  bool national = false;
  std::vector<EventSpec> events;
};

struct IssuerName {
  std::string from;
  std::string name;
};

struct Issuer {
  std::vector<IssuerName> names;
  std::string redhead;
  std::string prefix;  // 文号 prefix, "{c}" replaced by the city abbreviation
  std::string NameOn(const std::string& date) const;
};

struct QuerySpec {
  std::string q;
  std::vector<std::string> institutions;  // relevant: documents about any of them
  std::string duty;                       // relevant: documents holding a clause of this duty
  std::string note;
};

struct Spec {
  std::string city;        // 清河市
  std::string city_short;  // 清河
  std::string abbr;        // 清
  std::string province;
  std::map<std::string, Issuer> issuers;
  std::vector<std::pair<std::string, std::string>> sanding_issuers;  // (from date, issuer id)
  std::string county_sanding_issuer;
  std::string seal_issuer;
  std::map<std::string, SharedDuty> duties;
  std::vector<Institution> institutions;
  std::vector<DocSpec> documents;
  std::vector<QuerySpec> queries;

  const Institution* Find(const std::string& id) const;
};

// Reads <dir>/{city,duties,institutions,documents,queries}.json and resolves them.
Result<Spec> LoadSpec(const std::string& dir);

// Resolves the spec from parsed JSON (LoadSpec's work, without the files).
Result<Spec> ParseSpec(const Json& city, const Json& duties, const Json& institutions,
                       const Json& documents, const Json& queries);

// Derives a different city from `base` for the scale generator: every "清河" becomes
// `city_short`, the 文号 abbreviation becomes `abbr`, the county 临川 becomes `county_short`,
// institution ids get `id_prefix`, and national institutions and documents are left out.
Spec DeriveCity(const Spec& base, const std::string& city_short, const std::string& abbr,
                const std::string& county_short, const std::string& id_prefix);

// The mark printed on an internal document when the spec names none.
inline constexpr char kDefaultInternalMark[] = "（此件不公开）";
// True when an access mark is a 附注 printed after the 落款 date (it starts with a bracket);
// otherwise it is printed at the top left of the first page, above the 红头.
bool IsTailAccessMark(const std::string& mark);

// Date helpers on "YYYY-MM-DD".
bool ValidDate(const std::string& date);
std::string AddDays(const std::string& date, int days);

}  // namespace sanding::corpus
