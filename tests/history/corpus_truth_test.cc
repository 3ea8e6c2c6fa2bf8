// The sample corpus, read from its texts with no list of institutions given, must yield exactly
// the institutions, versions and events of its truth (corpus/truth/institutions.json and
// lineage.json).
//
// The comparison (tools/quality/history_score.h, also used by `sanding-quality` on scans) covers:
// every institution (matched to the truth by its names and lifetime, ids
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
#include "tools/quality/history_score.h"

namespace sanding::history {
namespace {

using nlohmann::json;

std::string S(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }

struct Fixture {
  std::vector<testing::CorpusDoc> corpus = testing::LoadCorpusDocs();
  json truth = testing::LoadCorpusInstitutions();
  json lineage;
  std::map<std::string, const json*> truth_docs;
  std::vector<json> truth_doc_list;
  Chain chain;

  Fixture() {
    lineage = json::parse(testing::ReadFileOrEmpty(testing::SourceDir() +
                                                   "/corpus/truth/lineage.json"));
    std::vector<SourceDocument> docs;
    for (const auto& d : corpus) {
      truth_docs[S(d.truth["id"])] = &d.truth;
      truth_doc_list.push_back(d.truth);
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

quality::HistoryReport Score(const Fixture& f) {
  std::map<std::string, std::string> ids;
  for (const auto& [id, doc] : f.truth_docs) ids[id] = id;
  return quality::ScoreChain(f.chain, f.truth, f.lineage, json(f.truth_doc_list), ids);
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

TEST(CorpusTruth, InstitutionsVersionsAndEventsMatchExactly) {
  const Fixture& f = Get();
  const auto r = Score(f);
  EXPECT_TRUE(r.diffs.empty()) << r.diffs.size() << " 处不同：\n" << Join(r.diffs);
  EXPECT_EQ(r.truth_institutions, 68u);
  EXPECT_EQ(r.chain_institutions, 68u);
  EXPECT_EQ(r.matched_institutions, 68u);
  EXPECT_EQ(r.lifetimes.correct, 68u);
  EXPECT_EQ(r.version_counts.correct, 68u);
  EXPECT_EQ(r.versions.correct, 126u);
  EXPECT_EQ(r.versions.total, 126u);
  EXPECT_EQ(r.stated.correct, r.stated.total);
  EXPECT_EQ(r.content.correct, r.content.total);
  EXPECT_EQ(r.events.matched, 101u);
  EXPECT_EQ(r.events.predicted, 101u);
  // The comparisons are not vacuous.
  EXPECT_GT(r.stated.total, 150u);
  EXPECT_GT(r.content.total, 80u);
}

// A chain with one event dropped and one version renamed is caught.
TEST(CorpusTruth, TheComparisonSeesDifferences) {
  const Fixture& f = Get();
  Fixture* broken = new Fixture(f);
  broken->chain.events.pop_back();
  broken->chain.versions[3].name += "X";
  const auto r = Score(*broken);
  EXPECT_EQ(r.events.matched, 100u);
  EXPECT_EQ(r.versions.correct, 125u);
  EXPECT_EQ(r.diffs.size(), 2u) << Join(r.diffs);
  delete broken;
}

const Institution* ByName(const Chain& c, const std::string& name) {
  for (const auto& i : c.institutions) {
    if (std::find(i.names.begin(), i.names.end(), name) != i.names.end()) return &i;
  }
  return nullptr;
}

// The corpus's planted disagreement: 市民政局's 2010 三定 sets 行政编制 40; the 2012 批复 adds 3
// and states a total of 44. The chain keeps 43, and the conflict with both citations.
TEST(CorpusTruth, StaffingConflictIsKeptWithBothSources) {
  const Fixture& f = Get();
  const Institution* mzj = ByName(f.chain, "清河市民政局");
  ASSERT_NE(mzj, nullptr);
  const Conflict* found = nullptr;
  for (const auto& c : f.chain.conflicts) {
    if (c.institution == mzj->id && c.field == "staffing") found = &c;
  }
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->date, "2012-05-15");
  ASSERT_EQ(found->claims.size(), 2u);
  EXPECT_EQ(found->claims[0].source.file, "d20100914-1");
  EXPECT_EQ(found->claims[1].source.file, "d20120515-1");
  EXPECT_NE(found->chosen.find("43"), std::string::npos);
  const Version* v = f.chain.VersionAt(mzj->id, "2012-06-01");
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
