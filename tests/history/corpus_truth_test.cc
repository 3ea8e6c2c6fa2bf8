// The sample corpus, read from its texts with no list of institutions given, must yield exactly
// the institutions, versions and events of its truth (corpus/truth/institutions.json and
// lineage.json).
//
// What "exactly" covers: every institution (matched to the truth by its names and lifetime, ids
// being the builder's own), its lifetime, every version's period and name, rank, kind and
// supervising body wherever a document states them, every version's duties, internal units and
// staffing wherever a 三定 of the archive sets them (directly or by inheritance), and every event
// with its type, date, bodies, duty and source document. The truth also records what the corpus
// spec knows but no document prints: the duties of bodies that never got a 三定 in the archive,
// the start dates of national bodies founded before the archive begins, and kinds/ranks/parents
// never written down. Those are compared as "unknown": the chain must leave them empty, not
// guess.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/history/build.h"
#include "tests/extract/corpus_util.h"

namespace sanding::history {
namespace {

using nlohmann::json;

std::string S(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }

struct Fixture {
  std::vector<testing::CorpusDoc> corpus = testing::LoadCorpusDocs();
  json truth = testing::LoadCorpusInstitutions();
  json lineage;
  std::map<std::string, const json*> truth_docs;
  Chain chain;

  Fixture() {
    lineage = json::parse(testing::ReadFileOrEmpty(testing::SourceDir() +
                                                   "/corpus/truth/lineage.json"));
    std::vector<SourceDocument> docs;
    for (const auto& d : corpus) {
      truth_docs[S(d.truth["id"])] = &d.truth;
      SourceDocument s;
      s.sha256 = S(d.truth["id"]);  // the citation's file is the document id here
      s.facts = extract::Extract(extract::DocText::FromText(d.text));
      docs.push_back(std::move(s));
    }
    chain = BuildChain(docs, {});
  }
};

const Fixture& Get() {
  static const Fixture* f = new Fixture();
  return *f;
}

// Truth id -> chain id: the chain institution that bore the truth's first name on the truth's
// first version's start (or, for a start before the archive, right after) and ends when the
// truth's ends.
std::map<std::string, std::string> MapIds(const Fixture& f, std::vector<std::string>* problems) {
  std::map<std::string, std::string> out;
  std::set<std::string> used;
  for (const auto& t : f.truth) {
    const std::string tid = S(t["id"]);
    std::string found;
    for (const auto& i : f.chain.institutions) {
      if (used.contains(i.id) || i.valid_to != S(t["valid_to"])) continue;
      const auto versions = f.chain.VersionsOf(i.id);
      std::set<std::string> names(i.names.begin(), i.names.end());
      bool all = true;
      for (const auto& v : t["versions"]) all &= names.contains(S(v["name"]));
      if (all && names.size() <= t["versions"].size()) {
        found = i.id;
        break;
      }
    }
    if (found.empty()) {
      problems->push_back("真值机构 " + tid + "（" + S(t["versions"][0]["name"]) + "）在沿革中找不到");
      continue;
    }
    used.insert(found);
    out[tid] = found;
  }
  for (const auto& i : f.chain.institutions) {
    if (!used.contains(i.id))
      problems->push_back("沿革中多出机构 " + i.id + "（" + (i.names.empty() ? "" : i.names[0]) + "）");
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "，") + x;
  return s;
}

TEST(CorpusTruth, InstitutionsMatchOneToOne) {
  const Fixture& f = Get();
  std::vector<std::string> problems;
  const auto ids = MapIds(f, &problems);
  EXPECT_EQ(f.chain.institutions.size(), f.truth.size());
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

// Institutions the archive shows being set up (by an established, merged or split event on the
// day their life begins).
std::set<std::string> FoundedInArchive(const Fixture& f) {
  std::map<std::string, std::string> start;
  for (const auto& t : f.truth) start[S(t["id"])] = S(t["valid_from"]);
  std::set<std::string> out;
  for (const auto& e : f.lineage) {
    const std::string type = S(e["type"]);
    if (type == "established" || type == "merged" || type == "split") {
      for (const auto& x : e["to"]) {
        if (start[S(x)] == S(e["date"])) out.insert(S(x));
      }
    }
  }
  return out;
}

TEST(CorpusTruth, LifetimesAndVersionsMatch) {
  const Fixture& f = Get();
  std::vector<std::string> problems;
  const auto ids = MapIds(f, &problems);
  const auto founded = FoundedInArchive(f);
  std::vector<std::string> diffs;
  int compared_rank = 0, compared_content = 0;
  for (const auto& t : f.truth) {
    const std::string tid = S(t["id"]);
    if (!ids.contains(tid)) continue;
    const std::string cid = ids.at(tid);
    const Institution* inst = f.chain.FindInstitution(cid);
    const std::string want_from = founded.contains(tid) ? S(t["valid_from"]) : "";
    if (inst->valid_from != want_from)
      diffs.push_back(tid + " 起始 " + inst->valid_from + " ≠ " + want_from);
    if (inst->valid_to != S(t["valid_to"]))
      diffs.push_back(tid + " 终止 " + inst->valid_to + " ≠ " + S(t["valid_to"]));
    if (inst->level != S(t["level"])) diffs.push_back(tid + " 层级 " + inst->level);
    const auto versions = f.chain.VersionsOf(cid);
    if (versions.size() != t["versions"].size()) {
      std::string got;
      for (const auto* v : versions) got += v->valid_from + "/" + v->name + " ";
      diffs.push_back(tid + " 版本数 " + std::to_string(versions.size()) + " ≠ " +
                      std::to_string(t["versions"].size()) + "：" + got);
      continue;
    }
    bool documented = false;  // some 三定 has set this body's content by now
    for (size_t k = 0; k < versions.size(); ++k) {
      const Version& v = *versions[k];
      const json& tv = t["versions"][k];
      const std::string at = tid + " 版本" + std::to_string(k + 1) + "（" + S(tv["valid_from"]) + "）";
      const std::string want_vf = k == 0 ? want_from : S(tv["valid_from"]);
      if (v.valid_from != want_vf) diffs.push_back(at + " 起 " + v.valid_from);
      if (v.valid_to != S(tv["valid_to"])) diffs.push_back(at + " 止 " + v.valid_to);
      if (v.name != S(tv["name"])) diffs.push_back(at + " 名称 " + v.name);
      // Stated fields: the chain either has the truth's value or, when no document states it,
      // nothing.
      auto stated = [&](const char* field, const std::string& got, const std::string& want) {
        if (got.empty()) return;
        if (got != want) diffs.push_back(at + " " + field + " " + got + " ≠ " + want);
      };
      stated("规格", v.rank, S(tv["rank"]));
      stated("类型", v.kind, S(tv["kind"]));
      std::string parent;
      if (!S(tv["parent"]).empty()) parent = ids.contains(S(tv["parent"])) ? ids.at(S(tv["parent"])) : "?";
      stated("上级", v.parent, parent);
      if (!v.rank.empty()) ++compared_rank;
      for (const auto& src : tv["sources"]) {
        const json& d = *f.truth_docs.at(S(src));
        if (S(d["kind"]) == "三定规定") documented = true;
      }
      if (!documented) {
        if (!v.duties.empty() || !v.units.empty())
          diffs.push_back(at + " 没有三定，却有职责或内设机构");
        continue;
      }
      ++compared_content;
      if (v.duties != tv["duties"].get<std::vector<std::string>>())
        diffs.push_back(at + " 职责不同：" + json(v.duties).dump());
      std::vector<UnitEntry> units;
      for (const auto& u : tv["units"])
        units.push_back(UnitEntry{S(u["name"]), u["duties"].get<std::vector<std::string>>()});
      if (v.units != units) diffs.push_back(at + " 内设机构不同：" + json(v.units).dump());
      std::vector<StaffingEntry> staffing;
      for (const auto& s : tv["staffing"])
        staffing.push_back(StaffingEntry{S(s["type"]), S(s.value("post", json(""))), s["count"].get<int>()});
      if (v.staffing != staffing) diffs.push_back(at + " 编制不同：" + json(v.staffing).dump() + " ≠ " + json(staffing).dump());
    }
  }
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " 处不同：\n" << Join(diffs);
  // The comparisons above are not vacuous.
  EXPECT_GT(compared_rank, 100);
  EXPECT_GT(compared_content, 80);
}

TEST(CorpusTruth, EventsMatch) {
  const Fixture& f = Get();
  std::vector<std::string> problems;
  const auto ids = MapIds(f, &problems);
  auto key = [](const std::string& type, const std::string& date, std::vector<std::string> from,
                std::vector<std::string> to, const std::string& duty, const std::string& src) {
    std::sort(from.begin(), from.end());
    std::sort(to.begin(), to.end());
    return type + " " + date + " " + json(from).dump() + "→" + json(to).dump() + " " + duty + " @" + src;
  };
  std::multiset<std::string> want, got;
  for (const auto& e : f.lineage) {
    std::vector<std::string> from, to;
    for (const auto& x : e["from"]) from.push_back(ids.contains(S(x)) ? ids.at(S(x)) : S(x));
    for (const auto& x : e["to"]) to.push_back(ids.contains(S(x)) ? ids.at(S(x)) : S(x));
    want.insert(key(S(e["type"]), S(e["date"]), from, to, S(e.value("duty", json(""))), S(e["source"])));
  }
  for (const auto& e : f.chain.events) got.insert(key(e.type, e.date, e.from, e.to, e.duty, e.source.file));
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  EXPECT_EQ(f.chain.events.size(), f.lineage.size());
  EXPECT_TRUE(missing.empty()) << "缺少：\n" << Join(missing);
  EXPECT_TRUE(extra.empty()) << "多出：\n" << Join(extra);
}

// The corpus's planted disagreement: 市民政局's 2010 三定 sets 行政编制 40; the 2012 批复 adds 3
// and states a total of 44. The chain keeps 43, and the conflict with both citations.
TEST(CorpusTruth, StaffingConflictIsKeptWithBothSources) {
  const Fixture& f = Get();
  std::vector<std::string> problems;
  const auto ids = MapIds(f, &problems);
  ASSERT_TRUE(ids.contains("qh-mzj"));
  const Conflict* found = nullptr;
  for (const auto& c : f.chain.conflicts) {
    if (c.institution == ids.at("qh-mzj") && c.field == "staffing") found = &c;
  }
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->date, "2012-05-15");
  ASSERT_EQ(found->claims.size(), 2u);
  EXPECT_EQ(found->claims[0].source.file, "d20100914-1");
  EXPECT_EQ(found->claims[1].source.file, "d20120515-1");
  EXPECT_NE(found->chosen.find("43"), std::string::npos);
  const Version* v = f.chain.VersionAt(ids.at("qh-mzj"), "2012-06-01");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->staffing.front().count, 43);
}

// Loading order does not matter: the chain built from the documents in reverse (and shuffled)
// order is identical.
TEST(CorpusTruth, OrderOfArrivalDoesNotMatter) {
  const Fixture& f = Get();
  std::vector<SourceDocument> docs;
  for (const auto& d : f.corpus) {
    SourceDocument s;
    s.sha256 = S(d.truth["id"]);
    s.facts = extract::Extract(extract::DocText::FromText(d.text));
    docs.push_back(std::move(s));
  }
  std::reverse(docs.begin(), docs.end());
  const Chain reversed = BuildChain(docs, {});
  std::rotate(docs.begin(), docs.begin() + docs.size() / 3, docs.end());
  const Chain rotated = BuildChain(docs, {});
  for (const Chain* c : {&reversed, &rotated}) {
    EXPECT_EQ(c->institutions, f.chain.institutions);
    EXPECT_EQ(c->versions, f.chain.versions);
    EXPECT_EQ(c->events, f.chain.events);
    EXPECT_EQ(c->conflicts, f.chain.conflicts);
  }
}

}  // namespace
}  // namespace sanding::history
