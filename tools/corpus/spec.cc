#include "tools/corpus/spec.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace sanding::corpus {
namespace {

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*m <= 2));
}

Staffing ParseStaffing(const Json& j) {
  Staffing s;
  if (j.contains("行政编制")) s.admin = j["行政编制"].get<int>();
  if (j.contains("事业编制")) s.career = j["事业编制"].get<int>();
  if (j.contains("leaders")) {
    for (const auto& l : j["leaders"])
      s.leaders.push_back({l[0].get<std::string>(), l[1].get<int>()});
  }
  return s;
}

std::vector<Unit> ParseUnits(const Json& j) {
  std::vector<Unit> units;
  for (const auto& u : j) {
    Unit unit{u["name"].get<std::string>(), {}};
    for (const auto& d : u["duties"]) unit.duties.push_back(d.get<std::string>());
    units.push_back(std::move(unit));
  }
  return units;
}

std::vector<std::string> Strings(const Json& j, const char* field) {
  std::vector<std::string> out;
  if (j.contains(field)) {
    for (const auto& s : j[field]) out.push_back(s.get<std::string>());
  }
  return out;
}

// Resolves "@key#n" against the shared duties; plain text passes through.
Result<DutyClause> ResolveDuty(const std::map<std::string, SharedDuty>& duties,
                               const std::string& ref, const std::string& where) {
  if (ref.empty() || ref[0] != '@') return DutyClause{ref, ""};
  const size_t hash = ref.find('#');
  const std::string key = ref.substr(1, hash == std::string::npos ? std::string::npos : hash - 1);
  const int n = hash == std::string::npos ? 0 : std::atoi(ref.c_str() + hash + 1);
  auto it = duties.find(key);
  if (it == duties.end() || n < 0 || n >= static_cast<int>(it->second.variants.size())) {
    return Status::InvalidArgument("语料规格 institutions.json：" + where + " 引用了不存在的职责 " +
                                   ref);
  }
  return DutyClause{it->second.variants[n], key};
}

}  // namespace

bool Staffing::operator==(const Staffing& o) const {
  if (admin != o.admin || career != o.career || leaders.size() != o.leaders.size()) return false;
  for (size_t i = 0; i < leaders.size(); ++i) {
    if (leaders[i].post != o.leaders[i].post || leaders[i].count != o.leaders[i].count)
      return false;
  }
  return true;
}

const Version* Institution::At(const std::string& date) const {
  for (const auto& v : versions) {
    if (v.from <= date && (v.to.empty() || date < v.to)) return &v;
  }
  return nullptr;
}

const Version* Institution::Before(const std::string& date) const { return At(AddDays(date, -1)); }

bool Institution::AliveOn(const std::string& date) const {
  return !versions.empty() && versions.front().from <= date && (end.empty() || date <= end);
}

std::string Issuer::NameOn(const std::string& date) const {
  std::string name;
  for (const auto& n : names) {
    if (n.from <= date) name = n.name;
  }
  return name;
}

const Institution* Spec::Find(const std::string& id) const {
  for (const auto& i : institutions) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

bool ValidDate(const std::string& date) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  if (std::sscanf(date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  int y2 = 0;
  unsigned m2 = 0, d2 = 0;
  CivilFromDays(DaysFromCivil(y, m, d), &y2, &m2, &d2);
  return y2 == y && m2 == m && d2 == d;
}

std::string AddDays(const std::string& date, int days) {
  int y = 0;
  unsigned m = 0, d = 0;
  std::sscanf(date.c_str(), "%4d-%2u-%2u", &y, &m, &d);
  CivilFromDays(DaysFromCivil(y, m, d) + days, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

Result<Spec> ParseSpec(const Json& city, const Json& duties, const Json& institutions,
                       const Json& documents, const Json& queries) {
  Spec spec;
  try {
    spec.city = city["city"].get<std::string>();
    spec.city_short = city["city_short"].get<std::string>();
    spec.abbr = city["abbr"].get<std::string>();
    spec.province = city.value("province", "");
    for (const auto& [id, j] : city["issuers"].items()) {
      Issuer is;
      for (const auto& n : j["names"])
        is.names.push_back({n["from"].get<std::string>(), n["name"].get<std::string>()});
      is.redhead = j.value("redhead", "");
      is.prefix = j.value("prefix", "");
      spec.issuers[id] = is;
    }
    for (const auto& s : city["sanding_issuers"]) {
      spec.sanding_issuers.emplace_back(s["from"].get<std::string>(),
                                        s["issuer"].get<std::string>());
    }
    spec.county_sanding_issuer = city.value("county_sanding_issuer", "");
    spec.seal_issuer = city.value("seal_issuer", "");

    for (const auto& [key, j] : duties.items()) {
      if (key.starts_with("_")) continue;
      SharedDuty d;
      d.label = j["label"].get<std::string>();
      d.near = Strings(j, "near");
      d.variants = Strings(j, "variants");
      spec.duties[key] = d;
    }

    std::set<std::string> ids;
    for (const auto& ij : institutions) {
      Institution inst;
      inst.id = ij["id"].get<std::string>();
      if (!ids.insert(inst.id).second) {
        return Status::InvalidArgument("语料规格 institutions.json：机构编号重复 " + inst.id);
      }
      inst.level = ij.value("level", "city");
      if (ij.contains("end") && !ij["end"].is_null()) inst.end = ij["end"].get<std::string>();
      for (const auto& vj : ij["versions"]) {
        Version v = inst.versions.empty() ? Version{} : inst.versions.back();
        v.sanding.clear();
        v.sanding_access.clear();
        v.sanding_access_mark.clear();
        v.from = vj["from"].get<std::string>();
        const std::string where = inst.id + " 自 " + v.from + " 的版本";
        if (vj.contains("name")) v.name = vj["name"].get<std::string>();
        if (vj.contains("abbr")) v.abbr = Strings(vj, "abbr");
        if (vj.contains("rank")) v.rank = vj["rank"].get<std::string>();
        if (vj.contains("kind")) v.kind = vj["kind"].get<std::string>();
        if (vj.contains("parent"))
          v.parent = vj["parent"].is_null() ? "" : vj["parent"].get<std::string>();
        if (vj.contains("sanding")) v.sanding = vj["sanding"].get<std::string>();
        v.sanding_access = vj.value("sanding_access", "");
        v.sanding_access_mark = vj.value("sanding_access_mark", "");
        if (!v.sanding_access.empty() && v.sanding_access != "内部") {
          return Status::InvalidArgument("语料规格 institutions.json：" + where +
                                         " 的 sanding_access 只能是“内部”");
        }
        if (v.sanding_access == "内部" && v.sanding.empty()) {
          return Status::InvalidArgument("语料规格 institutions.json：" + where +
                                         " 没有三定文件，不能标为内部");
        }
        if (v.sanding_access == "内部" && v.sanding_access_mark.empty())
          v.sanding_access_mark = kDefaultInternalMark;
        if (vj.contains("staffing")) v.staffing = ParseStaffing(vj["staffing"]);
        if (vj.contains("units")) v.units = ParseUnits(vj["units"]);
        for (const auto& drop : Strings(vj, "units_drop")) {
          std::erase_if(v.units, [&](const Unit& u) { return u.name == drop; });
        }
        if (vj.contains("units_add")) {
          for (auto& u : ParseUnits(vj["units_add"])) v.units.push_back(std::move(u));
        }
        if (vj.contains("duties")) {
          v.duties.clear();
          for (const auto& ref : Strings(vj, "duties")) {
            auto d = ResolveDuty(spec.duties, ref, where);
            if (!d.ok()) return d.status();
            v.duties.push_back(*d);
          }
        }
        for (const auto& drop : Strings(vj, "duties_drop")) {
          const size_t before = v.duties.size();
          std::erase_if(v.duties, [&](const DutyClause& d) {
            return drop[0] == '@' ? d.key == drop.substr(1) : d.text == drop;
          });
          if (v.duties.size() == before) {
            return Status::InvalidArgument("语料规格 institutions.json：" + where +
                                           " 要删除的职责不存在：" + drop);
          }
        }
        for (const auto& ref : Strings(vj, "duties_add")) {
          auto d = ResolveDuty(spec.duties, ref, where);
          if (!d.ok()) return d.status();
          v.duties.push_back(*d);
        }
        if (!inst.versions.empty()) inst.versions.back().to = v.from;
        inst.versions.push_back(std::move(v));
      }
      if (inst.versions.empty()) {
        return Status::InvalidArgument("语料规格 institutions.json：机构 " + inst.id +
                                       " 没有任何版本");
      }
      inst.versions.back().to = inst.end;
      spec.institutions.push_back(std::move(inst));
    }

    for (const auto& dj : documents) {
      DocSpec d;
      d.issuer = dj["issuer"].get<std::string>();
      d.kind = dj["kind"].get<std::string>();
      d.date = dj["date"].get<std::string>();
      d.serial = dj.value("serial", 0);
      d.bracket = dj.value("bracket", "");
      d.date_style = dj.value("date_style", "");
      d.script = dj.value("script", "simplified");
      if (dj.contains("public")) d.is_public = dj["public"].get<bool>();
      d.access = dj.value("access", "");
      d.access_mark = dj.value("access_mark", "");
      if (!d.access.empty() && d.access != "内部") {
        return Status::InvalidArgument("语料规格 documents.json：" + d.date +
                                       " 的文件的 access 只能是“内部”");
      }
      if (d.access == "内部" && d.is_public.value_or(false)) {
        return Status::InvalidArgument("语料规格 documents.json：" + d.date +
                                       " 的文件不能既公开发布又标为内部");
      }
      if (d.access == "内部" && d.access_mark.empty()) d.access_mark = kDefaultInternalMark;
      d.title = dj.value("title", "");
      d.trap = dj.value("trap", "");
      d.stated_before = dj.value("stated_before", -1);
      d.national = dj.value("national", false);
      if (!spec.issuers.contains(d.issuer)) {
        return Status::InvalidArgument("语料规格 documents.json：" + d.date +
                                       " 的文件使用了未定义的发文机关 " + d.issuer);
      }
      for (const auto& ej : dj["events"]) {
        EventSpec e;
        e.type = ej["type"].get<std::string>();
        e.from = Strings(ej, "from");
        e.to = Strings(ej, "to");
        if (ej.contains("duty")) {
          const std::string duty = ej["duty"].get<std::string>();
          if (duty[0] == '@') {
            e.duty_key = duty.substr(1);
            auto it = spec.duties.find(e.duty_key);
            if (it == spec.duties.end()) {
              return Status::InvalidArgument("语料规格 documents.json：" + d.date +
                                             " 的事件引用了不存在的职责 " + duty);
            }
            e.duty_label = it->second.label;
          } else {
            e.duty_label = duty;
          }
        }
        for (const auto* list : {&e.from, &e.to}) {
          for (const auto& id : *list) {
            if (!ids.contains(id)) {
              return Status::InvalidArgument("语料规格 documents.json：" + d.date +
                                             " 的事件引用了不存在的机构 " + id);
            }
          }
        }
        d.events.push_back(std::move(e));
      }
      spec.documents.push_back(std::move(d));
    }

    for (const auto& qj : queries) {
      QuerySpec q;
      q.q = qj["q"].get<std::string>();
      q.institutions = Strings(qj, "institutions");
      q.duty = qj.value("duty", "");
      q.note = qj.value("note", "");
      spec.queries.push_back(std::move(q));
    }
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(std::string("语料规格格式错误：") + e.what());
  }
  return spec;
}

Result<Spec> LoadSpec(const std::string& dir) {
  Json parts[5];
  const char* names[5] = {"city.json", "duties.json", "institutions.json", "documents.json",
                          "queries.json"};
  for (int i = 0; i < 5; ++i) {
    const std::string path = dir + "/" + names[i];
    std::ifstream in(path);
    if (!in) return Status::NotFound("无法打开语料规格文件 " + path);
    try {
      parts[i] = Json::parse(in);
    } catch (const Json::exception& e) {
      return Status::InvalidArgument("语料规格文件 " + path + " 不是合法的 JSON：" + e.what());
    }
  }
  return ParseSpec(parts[0], parts[1], parts[2], parts[3], parts[4]);
}

bool IsTailAccessMark(const std::string& mark) {
  return mark.starts_with("（") || mark.starts_with("(");
}

Spec DeriveCity(const Spec& base, const std::string& city_short, const std::string& abbr,
                const std::string& county_short, const std::string& id_prefix) {
  auto tr = [&](const std::string& s) {
    return ReplaceAll(ReplaceAll(s, base.city_short, city_short), "临川", county_short);
  };
  auto tr_id = [&](const std::string& id) { return id.empty() ? id : id_prefix + id; };
  Spec s;
  s.city = tr(base.city);
  s.city_short = city_short;
  s.abbr = abbr;
  s.province = base.province;
  for (const auto& [id, is] : base.issuers) {
    Issuer c = is;
    for (auto& n : c.names) n.name = tr(n.name);
    c.redhead = tr(c.redhead);
    c.prefix = ReplaceAll(c.prefix, "临", county_short.substr(0, 3));
    s.issuers[id] = c;
  }
  s.sanding_issuers = base.sanding_issuers;
  s.county_sanding_issuer = base.county_sanding_issuer;
  s.seal_issuer = base.seal_issuer;
  s.duties = base.duties;
  for (const auto& inst : base.institutions) {
    if (inst.level == "national") continue;
    Institution c = inst;
    c.id = tr_id(c.id);
    for (auto& v : c.versions) {
      v.name = tr(v.name);
      for (auto& a : v.abbr) a = tr(a);
      v.parent = tr_id(v.parent);
      for (auto& d : v.duties) d.text = tr(d.text);
      for (auto& u : v.units) {
        for (auto& d : u.duties) d = tr(d);
      }
    }
    s.institutions.push_back(std::move(c));
  }
  for (const auto& doc : base.documents) {
    if (doc.national) continue;
    DocSpec c = doc;
    c.title = tr(c.title);
    for (auto& e : c.events) {
      for (auto& id : e.from) id = tr_id(id);
      for (auto& id : e.to) id = tr_id(id);
    }
    s.documents.push_back(std::move(c));
  }
  return s;
}

}  // namespace sanding::corpus
