// CheckChain finds broken invariants and passes a sound chain.
#include "indexer/history/check.h"

#include <gtest/gtest.h>

#include "tests/util/store_util.h"

namespace sanding::history {
namespace {

Version V(const std::string& inst, const std::string& from, const std::string& to,
          const std::string& name) {
  Version v;
  v.institution = inst;
  v.valid_from = from;
  v.valid_to = to;
  v.name = name;
  return v;
}

struct Fixture {
  std::unique_ptr<Store> store = Store::NewInMemory();
  std::string sha;
  Chain chain;
  Fixture() {
    SourceRef src;
    src.path = "/a.txt";
    sha = testing::AddCompleteFile(*store, "a.txt", "a", {"清河市计划委员会"}, {src});
    Citation cite;
    cite.file = sha;
    chain.institutions = {{"a", "city", "1983-10-20", "", {"清河市计划委员会"}},
                          {"b", "city", "1983-10-20", "2002-06-18", {"清河市物价局"}}};
    Version a1 = V("a", "1983-10-20", "2002-06-18", "清河市计划委员会");
    Version a2 = V("a", "2002-06-18", "", "清河市发展计划委员会");
    Version b1 = V("b", "1983-10-20", "2002-06-18", "清河市物价局");
    a1.sources = {cite};
    chain.versions = {a1, a2, b1};
    ChainEvent e;
    e.id = "e1";
    e.type = "merged";
    e.date = "2002-06-18";
    e.from = {"b"};
    e.to = {"a"};
    e.source = cite;
    chain.events = {e};
  }
};

TEST(CheckChain, ASoundChainPasses) {
  Fixture f;
  auto p = CheckChain(*f.store, f.chain);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->empty()) << (*p)[0];
}

TEST(CheckChain, FindsEachKindOfProblem) {
  Fixture f;
  f.chain.versions[1].valid_from = "2002-07-01";                  // gap after version 1
  f.chain.versions[2].parent = "zz";                              // unknown parent
  f.chain.events[0].date = "2003-01-01";                          // after b ended
  f.chain.events[0].source.file = std::string(64, 'f');           // not in the store
  f.chain.institutions.push_back({"c", "city", "", "", {"某局"}});  // no version
  auto p = CheckChain(*f.store, f.chain);
  ASSERT_TRUE(p.ok());
  std::string all;
  for (const auto& s : *p) all += s + "\n";
  EXPECT_NE(all.find("不衔接"), std::string::npos) << all;
  EXPECT_NE(all.find("上级机构 zz"), std::string::npos) << all;
  EXPECT_NE(all.find("不在存续期"), std::string::npos) << all;
  EXPECT_NE(all.find("不在存储库中"), std::string::npos) << all;
  EXPECT_NE(all.find("没有任何版本"), std::string::npos) << all;
}

}  // namespace
}  // namespace sanding::history
