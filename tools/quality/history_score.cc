#include "tools/quality/history_score.h"

#include <algorithm>
#include <set>

namespace sanding::quality {
namespace {

using nlohmann::json;

std::string S(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }

// Truth institutions the archive shows being set up: the `to` of an established, merged or split
// event on the day their life begins. Others began before the archive: their start is unknown.
std::set<std::string> FoundedInArchive(const json& institutions, const json& lineage) {
  std::map<std::string, std::string> start;
  for (const auto& t : institutions) start[S(t["id"])] = S(t["valid_from"]);
  std::set<std::string> out;
  for (const auto& e : lineage) {
    const std::string type = S(e["type"]);
    if (type != "established" && type != "merged" && type != "split") continue;
    for (const auto& x : e["to"]) {
      if (start[S(x)] == S(e["date"])) out.insert(S(x));
    }
  }
  return out;
}

// Truth id -> chain id: the chain institution sharing most of the truth's names, its end date
// breaking ties (two bodies may bear one name in different periods).
std::map<std::string, std::string> MapIds(const history::Chain& chain, const json& institutions,
                                          HistoryReport* r) {
  std::map<std::string, std::string> out;
  std::set<std::string> used;
  for (const auto& t : institutions) {
    std::set<std::string> names;
    for (const auto& v : t["versions"]) names.insert(S(v["name"]));
    int best_score = 0;
    std::string best;
    for (const auto& i : chain.institutions) {
      if (used.contains(i.id)) continue;
      int score = 0;
      for (const auto& n : i.names) score += names.contains(n) ? 2 : 0;
      if (score == 0) continue;
      if (i.valid_to == S(t["valid_to"])) ++score;
      if (score > best_score) {
        best_score = score;
        best = i.id;
      }
    }
    if (best.empty()) {
      r->diffs.push_back("真值机构 " + S(t["id"]) + "（" + S(t["versions"][0]["name"]) + "）在沿革中找不到");
      continue;
    }
    used.insert(best);
    out[S(t["id"])] = best;
  }
  for (const auto& i : chain.institutions) {
    if (!used.contains(i.id))
      r->diffs.push_back("沿革中多出机构 " + i.id);
  }
  return out;
}

void CompareVersions(const history::Chain& chain, const json& t, const std::string& cid,
                     const std::string& want_from, const std::map<std::string, std::string>& ids,
                     const std::map<std::string, const json*>& docs, HistoryReport* r) {
  const std::string tid = S(t["id"]);
  const auto versions = chain.VersionsOf(cid);
  ++r->version_counts.total;
  r->versions.total += t["versions"].size();
  if (versions.size() != t["versions"].size()) {
    std::string got;
    for (const auto* v : versions) got += (v->valid_from.empty() ? "?" : v->valid_from) + "/" + v->name + " ";
    r->diffs.push_back(tid + " 版本数 " + std::to_string(versions.size()) + " ≠ " +
                       std::to_string(t["versions"].size()) + "：" + got);
    return;
  }
  ++r->version_counts.correct;
  bool documented = false;  // a 三定 has set this body's content by now
  for (size_t k = 0; k < versions.size(); ++k) {
    const history::Version& v = *versions[k];
    const json& tv = t["versions"][k];
    const std::string at = tid + " 版本" + std::to_string(k + 1) + "（" + S(tv["valid_from"]) + "）";
    const std::string want_vf = k == 0 ? want_from : S(tv["valid_from"]);
    bool ok = true;
    if (v.valid_from != want_vf) ok = false, r->diffs.push_back(at + " 起 " + v.valid_from);
    if (v.valid_to != S(tv["valid_to"])) ok = false, r->diffs.push_back(at + " 止 " + v.valid_to);
    if (v.name != S(tv["name"])) ok = false, r->diffs.push_back(at + " 名称 " + v.name);
    if (ok) ++r->versions.correct;
    // Stated fields: the truth's value, or nothing when no document states it.
    std::string parent;
    if (!S(tv["parent"]).empty()) parent = ids.contains(S(tv["parent"])) ? ids.at(S(tv["parent"])) : "?";
    for (const auto& [label, got, want] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"规格", v.rank, S(tv["rank"])}, {"类型", v.kind, S(tv["kind"])}, {"上级", v.parent, parent}}) {
      if (got.empty()) continue;
      ++r->stated.total;
      if (got == want) {
        ++r->stated.correct;
      } else {
        r->diffs.push_back(at + " " + label + " " + got + " ≠ " + want);
      }
    }
    for (const auto& src : tv["sources"]) {
      auto it = docs.find(S(src));
      if (it != docs.end() && S((*it->second)["kind"]) == "三定规定") documented = true;
    }
    if (!documented) {
      if (!v.duties.empty() || !v.units.empty())
        r->diffs.push_back(at + " 没有三定，却有职责或内设机构");
      continue;
    }
    ++r->content.total;
    bool same = true;
    if (v.duties != tv["duties"].get<std::vector<std::string>>()) {
      same = false;
      r->diffs.push_back(at + " 职责不同：" + json(v.duties).dump());
    }
    std::vector<history::UnitEntry> units;
    for (const auto& u : tv["units"])
      units.push_back(history::UnitEntry{S(u["name"]), u["duties"].get<std::vector<std::string>>()});
    if (v.units != units) {
      same = false;
      r->diffs.push_back(at + " 内设机构不同：" + json(v.units).dump());
    }
    std::vector<history::StaffingEntry> staffing;
    for (const auto& s : tv["staffing"])
      staffing.push_back(history::StaffingEntry{S(s["type"]), S(s.value("post", json(""))), s["count"].get<int>()});
    if (v.staffing != staffing) {
      same = false;
      r->diffs.push_back(at + " 编制不同：" + json(v.staffing).dump() + " ≠ " + json(staffing).dump());
    }
    if (same) ++r->content.correct;
  }
}

}  // namespace

HistoryReport ScoreChain(const history::Chain& chain, const json& truth_institutions,
                         const json& lineage, const json& documents,
                         const std::map<std::string, std::string>& source_ids) {
  HistoryReport r;
  r.truth_institutions = truth_institutions.size();
  r.chain_institutions = chain.institutions.size();
  std::map<std::string, const json*> docs;
  for (const auto& d : documents) docs[S(d["id"])] = &d;
  const auto ids = MapIds(chain, truth_institutions, &r);
  r.matched_institutions = ids.size();
  const auto founded = FoundedInArchive(truth_institutions, lineage);
  for (const auto& t : truth_institutions) {
    const std::string tid = S(t["id"]);
    ++r.lifetimes.total;
    if (!ids.contains(tid)) continue;
    const std::string cid = ids.at(tid);
    const history::Institution* inst = chain.FindInstitution(cid);
    const std::string want_from = founded.contains(tid) ? S(t["valid_from"]) : "";
    bool ok = true;
    if (inst->valid_from != want_from) ok = false, r.diffs.push_back(tid + " 起始 " + inst->valid_from + " ≠ " + want_from);
    if (inst->valid_to != S(t["valid_to"])) ok = false, r.diffs.push_back(tid + " 终止 " + inst->valid_to + " ≠ " + S(t["valid_to"]));
    if (inst->level != S(t["level"])) ok = false, r.diffs.push_back(tid + " 层级 " + inst->level);
    if (ok) ++r.lifetimes.correct;
    CompareVersions(chain, t, cid, want_from, ids, docs, &r);
  }
  // Events as comparable keys, bodies in chain ids.
  auto key = [](const std::string& type, const std::string& date, std::vector<std::string> from,
                std::vector<std::string> to, const std::string& duty, const std::string& src) {
    std::sort(from.begin(), from.end());
    std::sort(to.begin(), to.end());
    return type + " " + date + " " + json(from).dump() + "→" + json(to).dump() + " " + duty + " @" + src;
  };
  std::multiset<std::string> want, got;
  for (const auto& e : lineage) {
    std::vector<std::string> from, to;
    for (const auto& x : e["from"]) from.push_back(ids.contains(S(x)) ? ids.at(S(x)) : S(x));
    for (const auto& x : e["to"]) to.push_back(ids.contains(S(x)) ? ids.at(S(x)) : S(x));
    want.insert(key(S(e["type"]), S(e["date"]), from, to, S(e.value("duty", json(""))), S(e["source"])));
  }
  for (const auto& e : chain.events) {
    auto it = source_ids.find(e.source.file);
    got.insert(key(e.type, e.date, e.from, e.to, e.duty, it == source_ids.end() ? e.source.file : it->second));
  }
  std::vector<std::string> missing, extra;
  std::set_intersection(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  r.events.matched = missing.size();
  r.events.truth = want.size();
  r.events.predicted = got.size();
  missing.clear();
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  for (const auto& m : missing) r.diffs.push_back("缺少事件 " + m);
  for (const auto& x : extra) r.diffs.push_back("多出事件 " + x);
  return r;
}

nlohmann::json HistoryReport::ToJson() const {
  auto counts = [](const Counts& c) { return json{{"correct", c.correct}, {"total", c.total}, {"rate", c.Rate()}}; };
  return {{"truth_institutions", truth_institutions},
          {"chain_institutions", chain_institutions},
          {"matched_institutions", matched_institutions},
          {"lifetimes", counts(lifetimes)},
          {"version_counts", counts(version_counts)},
          {"versions", counts(versions)},
          {"stated", counts(stated)},
          {"content", counts(content)},
          {"events", {{"matched", events.matched}, {"predicted", events.predicted}, {"truth", events.truth},
                      {"precision", events.Precision()}, {"recall", events.Recall()}, {"f1", events.Score()}}},
          {"differences", diffs.size()}};
}

}  // namespace sanding::quality
