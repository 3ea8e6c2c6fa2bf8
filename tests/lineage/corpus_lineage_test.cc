// Data-driven lineage tests over the sample corpus: the chain built from the corpus texts
// (corpus/docs/*.txt, as in tests/history/corpus_truth_test.cc), read through ChainSource, must
// answer every query of tests/lineage/data/lineage_queries.json as written there. The expected
// answers come from the corpus truth (corpus/truth/institutions.json, lineage.json) and, for the
// national bodies, are checked against the real zh.wikipedia article 国务院机构改革
// (NationalFacts below), so the national answers are grounded in real text.
//
// A second, generated part is exhaustive: for every truth institution, every one of its names
// resolves to it, and its predecessors, successors and timeline equal what lineage.json gives
// by the rule documented in query/lineage/lineage.h.
//
// Each comparison collects its failures as text (naming the query id) so that a test can also
// check that a broken chain is caught.
//
// An entry may carry "known_bug": a defect found in the code under test. Such an entry still
// runs and still fails; the note is printed with its failures.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/history/build.h"
#include "query/lineage/diff.h"
#include "query/lineage/lineage.h"
#include "query/lineage/provenance.h"
#include "tests/extract/corpus_util.h"

namespace sanding::lineage {
namespace {

using nlohmann::json;

std::string S(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }
std::string S(const json& j, const char* key) {
  return j.is_object() && j.contains(key) ? S(j[key]) : "";
}

std::string Join(const std::vector<std::string>& v, const char* sep = "、") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return "[" + s + "]";
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> Strings(const json& j) {
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& x : j) out.push_back(S(x));
  }
  return out;
}

// ---- The corpus chain -------------------------------------------------------------------------

struct Corpus {
  json truth;    // institutions.json
  json events;   // lineage.json
  json queries;  // lineage_queries.json
  history::Chain chain;

  Corpus() {
    const std::string dir = testing::SourceDir();
    truth = testing::LoadCorpusInstitutions();
    events = json::parse(testing::ReadFileOrEmpty(dir + "/corpus/truth/lineage.json"));
    queries = json::parse(
        testing::ReadFileOrEmpty(dir + "/tests/lineage/data/lineage_queries.json"));
    std::vector<history::SourceDocument> docs;
    for (const auto& d : testing::LoadCorpusDocs()) {
      history::SourceDocument s;
      s.sha256 = S(d.truth["id"]);
      s.facts = extract::Extract(extract::DocText::FromText(d.text));
      docs.push_back(std::move(s));
    }
    chain = history::BuildChain(docs, {});
  }
};

const Corpus& Get() {
  static const Corpus* c = new Corpus();
  return *c;
}

// ---- Running one query ------------------------------------------------------------------------

class Checker {
 public:
  explicit Checker(const history::Chain& chain) : source_(ChainSource(chain)) {}

  std::vector<std::string> Run(const json& q) {
    fails_.clear();
    id_ = S(q, "id");
    const std::string kind = S(q, "kind");
    if (kind == "lineage") {
      CheckLineage(q);
    } else if (kind == "ambiguous") {
      CheckAmbiguous(q);
    } else if (kind == "diff") {
      CheckDiff(q);
    } else if (kind == "provenance") {
      CheckProvenance(q);
    } else if (kind == "region_chart") {
      CheckChart(q);
    } else if (kind == "region_year") {
      CheckYear(q);
    } else {
      Fail("未知的查询类型 unknown kind “" + kind + "”");
    }
    if (!fails_.empty() && q.contains("known_bug")) {
      fails_.insert(fails_.begin(), "[" + id_ + "] 已知缺陷 known bug: " + S(q["known_bug"]));
    }
    return fails_;
  }

  Source& source() { return *source_; }

 private:
  void Fail(const std::string& what) { fails_.push_back("[" + id_ + "] " + what); }

  template <typename T>
  bool Ok(const Result<T>& r, const std::string& what) {
    if (r.ok()) return true;
    Fail(what + " 出错 failed: " + r.status().ToString());
    return false;
  }

  // The id the query resolves to (unambiguously), or "" after recording a failure.
  std::string ResolveOne(const std::string& query, const std::string& as_of) {
    auto r = Resolve(*source_, query, as_of);
    if (!Ok(r, "Resolve(“" + query + "”)")) return "";
    if (r->candidates.empty()) {
      Fail("“" + query + "” 无法解析 resolves to nothing");
      return "";
    }
    if (r->ambiguous) {
      std::vector<std::string> names;
      for (const auto& c : r->candidates) names.push_back(c.current_name);
      Fail("“" + query + "” 解析有歧义 is ambiguous: " + Join(names));
    }
    return r->candidates[0].institution;
  }

  void Eq(const std::string& what, const std::string& expected, const std::string& got) {
    if (expected != got) Fail(what + ": 应为 expected “" + expected + "”，实为 got “" + got + "”");
  }
  void EqList(const std::string& what, const std::vector<std::string>& expected,
              const std::vector<std::string>& got) {
    if (expected != got) Fail(what + ": 应为 expected " + Join(expected) + "，实为 got " + Join(got));
  }

  void CheckLineage(const json& q) {
    const json& ex = q["expect"];
    const std::string query = S(q, "query"), as_of = S(q, "as_of");
    auto r = Resolve(*source_, query, as_of);
    if (!Ok(r, "Resolve(“" + query + "”)")) return;
    if (r->candidates.empty()) {
      Fail("“" + query + "” 无法解析 resolves to nothing; expected “" + S(ex, "resolves_to") + "”");
      return;
    }
    const Candidate& best = r->candidates[0];
    if (r->ambiguous) Fail("“" + query + "” 解析有歧义 is ambiguous");
    Eq("解析结果 resolves_to", S(ex, "resolves_to"), best.current_name);
    Eq("匹配方式 how", S(ex, "how"), best.how);
    if (ex.contains("valid_from")) Eq("存续起始 valid_from", S(ex["valid_from"]), best.valid_from);

    LineageOptions opt;
    opt.as_of = as_of;
    auto l = BuildLineage(*source_, best.institution, opt);
    if (!Ok(l, "BuildLineage(" + best.institution + ")")) return;
    std::vector<std::string> pred, succ;
    std::map<std::string, std::string> name_of;  // node id -> latest name
    for (const auto& n : l->nodes) {
      name_of[n.id] = n.name;
      if (n.relation == "predecessor") pred.push_back(n.name);
      if (n.relation == "successor") succ.push_back(n.name);
    }
    EqList("前身 predecessors", Sorted(Strings(ex["predecessors"])), Sorted(pred));
    EqList("后继 successors", Sorted(Strings(ex["successors"])), Sorted(succ));
    if (ex.contains("names")) EqList("曾用名 names", Strings(ex["names"]), l->subject.names);

    // Timeline: the (type, date) multiset exactly; the duty of each event that names one.
    std::vector<std::string> want, got;
    for (const auto& e : ex["timeline"]) want.push_back(S(e[0]) + "@" + S(e[1]));
    for (const auto& t : l->timeline) got.push_back(t.event.type + "@" + t.event.date);
    EqList("沿革 timeline", Sorted(want), Sorted(got));
    for (const auto& e : ex["timeline"]) {
      if (e.size() < 3) continue;
      const bool found = std::any_of(l->timeline.begin(), l->timeline.end(), [&](const auto& t) {
        return t.event.type == S(e[0]) && t.event.date == S(e[1]) && t.event.duty == S(e[2]);
      });
      if (!found) Fail("沿革缺少 timeline lacks " + S(e[0]) + " " + S(e[1]) + " 职责 duty “" + S(e[2]) + "”");
    }

    if (ex.contains("node_names")) {
      for (const auto& [name, names] : ex["node_names"].items()) {
        const auto want_names = Strings(names);
        const bool found = std::any_of(l->nodes.begin(), l->nodes.end(), [&](const Node& n) {
          return n.name == name && n.names == want_names;
        });
        if (!found) {
          std::string seen;
          for (const auto& n : l->nodes) seen += " " + n.name + Join(n.names) + "(" + n.relation + ")";
          Fail("图中没有名称为 no node named “" + name + "” with names " + Join(want_names) + "; nodes:" + seen);
        }
      }
    }
    if (ex.contains("edges")) {
      for (const auto& we : ex["edges"]) {
        const bool found = std::any_of(l->edges.begin(), l->edges.end(), [&](const Edge& e) {
          return e.type == S(we, "type") && e.date == S(we, "date") && name_of[e.from] == S(we, "from") &&
                 name_of[e.to] == S(we, "to") && (!we.contains("duty") || e.duty == S(we, "duty"));
        });
        if (!found) {
          std::string seen;
          for (const auto& e : l->edges) seen += " " + name_of[e.from] + "-" + e.type + "(" + e.duty + ")->" + name_of[e.to] + "@" + e.date;
          Fail("图中缺少边 missing edge " + we.dump() + "; edges:" + seen);
        }
      }
    }
    if (ex.contains("state")) {
      const json& st = ex["state"];
      if (!l->state) {
        Fail(as_of + " 无在用版本 no state as of that date");
      } else {
        if (st.contains("name")) Eq("当日名称 state.name", S(st["name"]), l->state->name);
        if (st.contains("rank")) Eq("当日规格 state.rank", S(st["rank"]), l->state->rank);
        if (st.contains("kind")) Eq("当日性质 state.kind", S(st["kind"]), l->state->kind);
        if (st.contains("parent_name")) Eq("当日主管 state.parent_name", S(st["parent_name"]), l->state_parent_name);
      }
    }
  }

  void CheckAmbiguous(const json& q) {
    const json& ex = q["expect"];
    auto r = Resolve(*source_, S(q, "query"), S(q, "as_of"));
    if (!Ok(r, "Resolve(“" + S(q, "query") + "”)")) return;
    if (!r->ambiguous) Fail("“" + S(q, "query") + "” 应有歧义 should be ambiguous");
    std::vector<std::string> names, froms;
    for (const auto& c : r->candidates) {
      names.push_back(c.current_name);
      froms.push_back(c.valid_from);
    }
    EqList("候选 candidates", Sorted(Strings(ex["candidates"])), Sorted(names));
    if (ex.contains("valid_froms")) EqList("候选起始 candidates' valid_from", Sorted(Strings(ex["valid_froms"])), Sorted(froms));
  }

  void CheckDiff(const json& q) {
    const json& ex = q["expect"];
    const std::string id = ResolveOne(S(q, "query"), "");
    if (id.empty()) return;
    auto d = DiffDates(*source_, id, S(q, "date_a"), S(q, "date_b"));
    if (!Ok(d, "DiffDates")) return;
    Eq("前版本名称 before_name", S(ex, "before_name"), d->before_name);
    Eq("后版本名称 after_name", S(ex, "after_name"), d->after_name);
    for (const char* k : {"added", "removed", "reworded", "same"}) {
      const size_t got = k == std::string("added") ? d->added : k == std::string("removed") ? d->removed
                         : k == std::string("reworded") ? d->reworded : d->same;
      if (ex.contains(k) && ex[k].get<size_t>() != got) {
        Fail(std::string("职责条数 ") + k + ": 应为 expected " + std::to_string(ex[k].get<size_t>()) +
             "，实为 got " + std::to_string(got));
      }
    }
    auto has = [&](const std::string& change, const std::string& before, const std::string& after) {
      return std::any_of(d->duties.begin(), d->duties.end(), [&](const ClauseChange& c) {
        return c.change == change && (before.empty() || c.before == before) && (after.empty() || c.after == after);
      });
    };
    for (const auto& c : Strings(ex.value("removed_clauses", json::array())))
      if (!has("removed", c, "")) Fail("应删除的职责 clause not removed: “" + c + "”");
    for (const auto& c : Strings(ex.value("added_clauses", json::array())))
      if (!has("added", "", c)) Fail("应新增的职责 clause not added: “" + c + "”");
    for (const auto& p : ex.value("reworded_pairs", json::array()))
      if (!has("reworded", S(p[0]), S(p[1]))) Fail("应为改写 not reworded: “" + S(p[0]) + "” → “" + S(p[1]) + "”");
    if (ex.contains("fields")) {
      for (const auto& [field, ba] : ex["fields"].items()) {
        const bool found = std::any_of(d->fields.begin(), d->fields.end(), [&](const FieldChange& f) {
          return f.field == field && f.before == S(ba[0]) && f.after == S(ba[1]);
        });
        if (!found) Fail("字段变化缺失 missing field change " + field + ": " + ba.dump());
      }
    }
  }

  void CheckProvenance(const json& q) {
    const json& ex = q["expect"];
    const std::string id = ResolveOne(S(q, "query"), "");
    if (id.empty()) return;
    auto p = TraceDuty(*source_, id, S(q, "duty"), S(q, "as_of"));
    if (!Ok(p, "TraceDuty(“" + S(q, "duty") + "”)")) return;
    // The bodies holding the duty, in order of their first holding, each named as then.
    std::vector<std::string> holders;
    std::set<std::string> seen;
    for (const auto& h : p->holdings) {
      if (seen.insert(h.institution).second) holders.push_back(h.name);
    }
    EqList("职责承担者 holders", Strings(ex["holders"]), holders);
    for (const auto& m : ex.value("moves", json::array())) {
      const bool found = std::any_of(p->moves.begin(), p->moves.end(), [&](const Move& mv) {
        return mv.type == S(m[0]) && mv.date == S(m[1]) && (m.size() < 3 || mv.duty == S(m[2]));
      });
      if (!found) Fail("职责流转缺少 missing move " + m.dump());
    }
    if (ex.contains("asked")) {
      if (p->asked < 0 || p->asked >= static_cast<int>(p->holdings.size())) {
        Fail("asked 越界 out of range: " + std::to_string(p->asked));
      } else {
        Eq("所问机构 asked", S(ex["asked"]), p->holdings[p->asked].name);
      }
    }
  }

  void CheckChart(const json& q) {
    const json& ex = q["expect"];
    auto region = ResolveRegion(*source_, S(q, "region"));
    if (!Ok(region, "ResolveRegion(“" + S(q, "region") + "”)")) return;
    auto c = RegionAsOf(*source_, *region, S(q, "date"));
    if (!Ok(c, "RegionAsOf")) return;
    std::vector<std::string> names;
    for (const auto& b : c->bodies) names.push_back(b.name);
    if (ex.contains("count") && ex["count"].get<size_t>() != names.size()) {
      Fail("机构数 count: 应为 expected " + std::to_string(ex["count"].get<size_t>()) + "，实为 got " +
           std::to_string(names.size()) + " " + Join(names));
    }
    for (const auto& n : Strings(ex.value("includes", json::array())))
      if (std::find(names.begin(), names.end(), n) == names.end()) Fail("机构表缺少 chart lacks “" + n + "”");
    for (const auto& n : Strings(ex.value("excludes", json::array())))
      if (std::find(names.begin(), names.end(), n) != names.end()) Fail("机构表不应有 chart should not have “" + n + "”");
  }

  void CheckYear(const json& q) {
    const json& ex = q["expect"];
    auto region = ResolveRegion(*source_, S(q, "region"));
    if (!Ok(region, "ResolveRegion(“" + S(q, "region") + "”)")) return;
    auto y = RegionChanges(*source_, *region, q["year"].get<int>());
    if (!Ok(y, "RegionChanges")) return;
    std::map<std::string, size_t> want;
    for (const auto& [k, v] : ex["counts"].items()) want[k] = v.get<size_t>();
    std::map<std::string, size_t> got;
    for (const auto& [k, v] : y->counts) {
      if (v != 0) got[k] = v;
    }
    if (want != got) Fail("按类型计数 counts: 应为 expected " + json(want).dump() + "，实为 got " + json(got).dump());
    if (ex.contains("total") && ex["total"].get<size_t>() != y->events.size()) {
      Fail("事件总数 total: 应为 expected " + std::to_string(ex["total"].get<size_t>()) + "，实为 got " +
           std::to_string(y->events.size()));
    }
  }

  std::unique_ptr<Source> source_;
  std::string id_;
  std::vector<std::string> fails_;
};

std::vector<std::string> RunAll(const history::Chain& chain, const json& queries) {
  Checker checker(chain);
  std::vector<std::string> out;
  for (const auto& q : queries) {
    auto f = checker.Run(q);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

TEST(CorpusLineage, QueryFileIsSubstantial) {
  const Corpus& c = Get();
  ASSERT_TRUE(c.queries.is_array());
  std::map<std::string, int> kinds;
  std::set<std::string> ids;
  for (const auto& q : c.queries) {
    kinds[S(q, "kind")]++;
    EXPECT_TRUE(ids.insert(S(q, "id")).second) << "重复的查询编号 duplicate id " << S(q, "id");
    EXPECT_TRUE(q.contains("expect")) << S(q, "id");
  }
  EXPECT_GE(c.queries.size(), 50u);
  for (const char* k : {"lineage", "ambiguous", "diff", "provenance", "region_chart", "region_year"}) {
    EXPECT_GE(kinds[k], 2) << "查询类型太少 too few queries of kind " << k;
  }
}

TEST(CorpusLineage, EveryQueryOfTheFileIsAnsweredAsExpected) {
  const Corpus& c = Get();
  size_t failed_queries = 0;
  Checker checker(c.chain);
  for (const auto& q : c.queries) {
    const auto f = checker.Run(q);
    if (f.empty()) continue;
    ++failed_queries;
    std::string msg;
    for (const auto& x : f) msg += x + "\n";
    ADD_FAILURE() << msg;
  }
  EXPECT_EQ(failed_queries, 0u) << "of " << c.queries.size() << " queries";
}

// The comparisons are not vacuous: a chain without the 2018 merger into 国家市场监督管理总局, and
// with one city body renamed, fails the queries that depend on them (and only answers differently
// there).
TEST(CorpusLineage, ABrokenChainIsCaught) {
  const Corpus& c = Get();
  history::Chain broken = c.chain;
  const auto before = broken.events.size();
  std::erase_if(broken.events, [](const history::ChainEvent& e) {
    return e.type == "merged" && e.date == "2018-03-17";
  });
  ASSERT_EQ(broken.events.size(), before - 1);
  for (auto& v : broken.versions) {
    if (v.name == "清河市物价局") v.name = "清河市物价管理局";
  }
  const auto fails = RunAll(broken, c.queries);
  std::string all;
  for (const auto& f : fails) all += f + "\n";
  EXPECT_NE(all.find("[samr]"), std::string::npos) << all;
  EXPECT_NE(all.find("[cfda]"), std::string::npos) << all;
  EXPECT_NE(all.find("[city-price-bureau]"), std::string::npos) << all;
  EXPECT_NE(all.find("[year-national-2018]"), std::string::npos) << all;
}

// ---- The exhaustive part, generated from the truth ------------------------------------------

struct TruthIndex {
  std::map<std::string, const json*> by_id;          // truth id -> institution
  std::map<std::string, std::string> chain_id;       // truth id -> chain id
  std::map<std::string, std::vector<std::string>> bearers;  // name -> truth ids that bore it
};

std::vector<std::string> TruthNames(const json& inst) {
  std::vector<std::string> names;
  for (const auto& v : inst["versions"]) {
    const std::string n = S(v["name"]);
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  return names;
}

TruthIndex Index(const Corpus& c) {
  TruthIndex t;
  for (const auto& inst : c.truth) {
    const std::string id = S(inst["id"]);
    t.by_id[id] = &inst;
    const auto names = TruthNames(inst);
    for (const auto& n : names) t.bearers[n].push_back(id);
    for (const auto& ci : c.chain.institutions) {
      if (Sorted(ci.names) == Sorted(names) && ci.valid_to == S(inst["valid_to"])) t.chain_id[id] = ci.id;
    }
  }
  return t;
}

// Predecessors (forward=false) or successors of `id` by the rule of lineage.h: merged, split,
// established, abolished and renamed events followed from `from` to `to`; duty transfers not.
std::set<std::string> Closure(const json& events, const std::string& id, bool forward) {
  std::set<std::string> seen;
  std::vector<std::string> todo{id};
  while (!todo.empty()) {
    const std::string at = todo.back();
    todo.pop_back();
    for (const auto& e : events) {
      const std::string type = S(e["type"]);
      if (type != "merged" && type != "split" && type != "established" && type != "abolished" &&
          type != "renamed")
        continue;
      const auto here = Strings(forward ? e["from"] : e["to"]);
      const auto there = Strings(forward ? e["to"] : e["from"]);
      if (std::find(here.begin(), here.end(), at) == here.end()) continue;
      for (const auto& n : there) {
        if (n != id && n != at && seen.insert(n).second) todo.push_back(n);
      }
    }
  }
  return seen;
}

TEST(CorpusLineage, EveryTruthInstitutionIsMatchedInTheChain) {
  const Corpus& c = Get();
  const TruthIndex t = Index(c);
  EXPECT_EQ(t.by_id.size(), 68u);
  for (const auto& [id, inst] : t.by_id) {
    EXPECT_TRUE(t.chain_id.count(id)) << "真值机构在链中找不到 truth institution not in chain: " << id
                                      << " " << Join(TruthNames(*inst));
  }
}

TEST(CorpusLineage, EveryNameOfEveryInstitutionResolvesToIt) {
  const Corpus& c = Get();
  const TruthIndex t = Index(c);
  auto source = ChainSource(c.chain);
  size_t checked = 0;
  for (const auto& [id, inst] : t.by_id) {
    if (!t.chain_id.count(id)) continue;
    const std::string cid = t.chain_id.at(id);
    for (const auto& name : TruthNames(*inst)) {
      auto r = Resolve(*source, name);
      ASSERT_TRUE(r.ok()) << name << ": " << r.status().ToString();
      ++checked;
      std::vector<std::string> ids, names;
      for (const auto& cand : r->candidates) {
        ids.push_back(cand.institution);
        names.push_back(cand.current_name);
      }
      const bool shared = t.bearers.at(name).size() > 1;
      if (shared) {
        // Two bodies bore this name: the user must choose, and this one is offered.
        EXPECT_TRUE(r->ambiguous) << "[" << id << "] “" << name << "” 为多个机构共用，应有歧义 shared name should be ambiguous";
        EXPECT_NE(std::find(ids.begin(), ids.end(), cid), ids.end())
            << "[" << id << "] “" << name << "” 候选中没有它 not among candidates " << Join(names);
      } else {
        ASSERT_FALSE(r->candidates.empty()) << "[" << id << "] “" << name << "” 无法解析 resolves to nothing";
        EXPECT_FALSE(r->ambiguous) << "[" << id << "] “" << name << "” 不应有歧义 should not be ambiguous: " << Join(names);
        EXPECT_EQ(r->candidates[0].institution, cid)
            << "[" << id << "] “" << name << "” 解析为 resolves to " << r->candidates[0].current_name;
        EXPECT_EQ(r->candidates[0].how, "name") << "[" << id << "] “" << name << "”";
      }
    }
  }
  EXPECT_GE(checked, 90u);
}

TEST(CorpusLineage, EveryInstitutionsLineageMatchesTheTruthEvents) {
  const Corpus& c = Get();
  const TruthIndex t = Index(c);
  auto source = ChainSource(c.chain);
  auto latest = [&](const std::string& tid) { return S(t.by_id.at(tid)->at("versions").back()["name"]); };
  size_t with_links = 0;
  for (const auto& [id, inst] : t.by_id) {
    if (!t.chain_id.count(id)) continue;
    auto l = BuildLineage(*source, t.chain_id.at(id));
    ASSERT_TRUE(l.ok()) << id << ": " << l.status().ToString();
    const std::string who = "[" + id + " " + latest(id) + "] ";
    for (const bool forward : {false, true}) {
      std::vector<std::string> want, got, want_ids, got_ids;
      for (const auto& tid : Closure(c.events, id, forward)) {
        want.push_back(latest(tid));
        want_ids.push_back(t.chain_id.count(tid) ? t.chain_id.at(tid) : "?" + tid);
      }
      for (const auto& n : l->nodes) {
        if (n.relation != (forward ? "successor" : "predecessor")) continue;
        got.push_back(n.name);
        got_ids.push_back(n.id);
      }
      if (!want.empty()) ++with_links;
      EXPECT_EQ(Sorted(want), Sorted(got)) << who << (forward ? "后继 successors" : "前身 predecessors")
                                           << ": 应为 expected " << Join(Sorted(want)) << "，实为 got " << Join(Sorted(got));
      EXPECT_EQ(Sorted(want_ids), Sorted(got_ids)) << who << (forward ? "successor ids" : "predecessor ids");
    }
    std::vector<std::string> want, got;
    for (const auto& e : c.events) {
      const auto from = Strings(e["from"]), to = Strings(e["to"]);
      if (std::find(from.begin(), from.end(), id) == from.end() && std::find(to.begin(), to.end(), id) == to.end())
        continue;
      want.push_back(S(e["type"]) + "@" + S(e["date"]) + "@" + S(e, "duty"));
    }
    for (const auto& te : l->timeline) got.push_back(te.event.type + "@" + te.event.date + "@" + te.event.duty);
    EXPECT_EQ(Sorted(want), Sorted(got)) << who << "沿革 timeline: 应为 expected " << Join(Sorted(want), "\n  ")
                                         << "\n实为 got " << Join(Sorted(got), "\n  ");
    // The timeline is oldest first.
    for (size_t i = 1; i < l->timeline.size(); ++i) {
      EXPECT_LE(l->timeline[i - 1].event.date, l->timeline[i].event.date) << who << "timeline order";
    }
  }
  EXPECT_GE(with_links, 40u);
}

}  // namespace
}  // namespace sanding::lineage
