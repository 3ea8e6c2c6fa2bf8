// The national answers of tests/lineage/data/lineage_queries.json, grounded in real text: the
// zh.wikipedia article 国务院机构改革 (../shared/realdata/wikipedia_zh, CC BY-SA; read at run
// time, not copied). Each national entry lists under "wiki" the sentences of the article that
// state its facts, with the reform-year section they are in and the event of the entry's
// expected timeline they establish. The test strips the wiki markup and checks that each
// sentence is in that year's section, that the section states the date, that the event is one
// the entry expects (of that year), and that the bodies the sentence names are the bodies the
// entry expects.
//
// Then the 2018 paragraph on 国家市场监督管理总局, made into a document text, is run through the
// extractor and the chain builder: the chain must hold the merger and the NDRC's duty transfer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "indexer/extract/doc_text.h"
#include "indexer/extract/extractor.h"
#include "indexer/history/build.h"
#include "indexer/history/index_rows.h"
#include "query/lineage/lineage.h"
#include "tests/extract/corpus_util.h"

namespace sanding::lineage {
namespace {

using nlohmann::json;

std::string S(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }
std::string S(const json& j, const char* key) { return j.is_object() && j.contains(key) ? S(j[key]) : ""; }

const std::string kArticle = "wikipedia_zh/国务院机构改革.wikitext";

// Wiki markup removed: [[target|label]] → label, [[target]] → target, {{templates}} and ''' / ''
// dropped.
std::string StripWiki(std::string s) {
  s = std::regex_replace(s, std::regex(R"(\{\{[^{}]*\}\})"), "");
  s = std::regex_replace(s, std::regex(R"(\[\[[^\[\]|]*\|([^\[\]]*)\]\])"), "$1");
  s = std::regex_replace(s, std::regex(R"(\[\[([^\[\]]*)\]\])"), "$1");
  s = std::regex_replace(s, std::regex("'''"), "");
  s = std::regex_replace(s, std::regex("''"), "");
  return s;
}

// The stripped text of each reform-year section ("=== 李克强时期——2018年 ===" → "2018").
std::map<std::string, std::string> Sections(const std::string& wikitext) {
  std::map<std::string, std::string> out;
  std::string current;
  const std::regex heading(R"(^=+\s*[^=]*?(\d{4})年\s*=+\s*$)");
  const std::regex other_heading(R"(^=+[^=].*=+\s*$)");
  size_t pos = 0;
  while (pos <= wikitext.size()) {
    size_t nl = wikitext.find('\n', pos);
    if (nl == std::string::npos) nl = wikitext.size();
    const std::string line = wikitext.substr(pos, nl - pos);
    std::smatch m;
    if (std::regex_match(line, m, heading)) {
      current = m[1];
    } else if (std::regex_match(line, other_heading)) {
      current.clear();
    } else if (!current.empty()) {
      out[current] += StripWiki(line) + "\n";
    }
    pos = nl + 1;
  }
  return out;
}

struct Article {
  bool present = false;
  std::map<std::string, std::string> sections;
  json queries;
};

const Article& GetArticle() {
  static const Article* a = [] {
    auto* a = new Article();
    const std::string path = testing::RealData(kArticle);
    a->queries = json::parse(testing::ReadFileOrEmpty(testing::SourceDir() +
                                                      "/tests/lineage/data/lineage_queries.json"));
    if (std::filesystem::exists(path)) {
      a->present = true;
      a->sections = Sections(testing::ReadFileOrEmpty(path));
    }
    return a;
  }();
  return *a;
}

#define REQUIRE_ARTICLE()                                                                       \
  if (!GetArticle().present) {                                                                  \
    GTEST_SKIP() << "真实资料缺失 real data absent: " << testing::RealData(kArticle);            \
  }

TEST(NationalFacts, TheArticleIsReadAndStripped) {
  REQUIRE_ARTICLE();
  const auto& s = GetArticle().sections;
  for (const char* y : {"1998", "2003", "2013", "2018"}) {
    ASSERT_TRUE(s.count(y)) << "缺少年份章节 no section for " << y;
    EXPECT_EQ(s.at(y).find("[["), std::string::npos) << y;
    EXPECT_EQ(s.at(y).find("'''"), std::string::npos) << y;
  }
  // A fact is found only in its own year's section.
  EXPECT_NE(s.at("2018").find("组建国家市场监督管理总局"), std::string::npos);
  EXPECT_EQ(s.at("2013").find("组建国家市场监督管理总局"), std::string::npos);
  EXPECT_EQ(StripWiki("将[[中华人民共和国卫生部|卫生部]]的'''职责'''[[国家铁路局]]"), "将卫生部的职责国家铁路局");
}

// Every name an entry's expectations mention.
std::set<std::string> ExpectedNames(const json& q) {
  std::set<std::string> names{S(q, "query")};
  const json& ex = q["expect"];
  auto add_all = [&](const json& j) {
    if (!j.is_array()) return;
    for (const auto& x : j) names.insert(S(x));
  };
  names.insert(S(ex, "resolves_to"));
  for (const char* k : {"names", "predecessors", "successors", "holders"}) {
    if (ex.contains(k)) add_all(ex[k]);
  }
  if (ex.contains("node_names")) {
    for (const auto& [k, v] : ex["node_names"].items()) {
      names.insert(k);
      add_all(v);
    }
  }
  if (ex.contains("edges")) {
    for (const auto& e : ex["edges"]) {
      names.insert(S(e, "from"));
      names.insert(S(e, "to"));
    }
  }
  if (ex.contains("state")) names.insert(S(ex["state"], "name"));
  names.erase("");
  // The shorter forms names are commonly written in (中华人民共和国卫生部 → 卫生部).
  for (const auto& n : std::set<std::string>(names)) {
    for (const auto& v : history::NameVariants(n)) names.insert(v);
  }
  return names;
}

bool HasEvent(const json& q, const json& event) {
  const json& ex = q["expect"];
  if (ex.contains("timeline")) {
    for (const auto& e : ex["timeline"]) {
      if (S(e[0]) == S(event[0]) && S(e[1]) == S(event[1])) return true;
    }
  }
  if (ex.contains("edges")) {
    for (const auto& e : ex["edges"]) {
      if (S(e, "type") == S(event[0]) && S(e, "date") == S(event[1])) return true;
    }
  }
  for (const auto& m : ex.value("moves", json::array())) {
    if (S(m[0]) == S(event[0]) && S(m[1]) == S(event[1])) return true;
  }
  return false;
}

TEST(NationalFacts, ExpectationsOfNationalEntriesAreStatedByTheArticle) {
  REQUIRE_ARTICLE();
  const Article& a = GetArticle();
  size_t facts = 0, entries = 0;
  std::set<std::string> years;
  for (const auto& q : a.queries) {
    if (!q.contains("wiki")) continue;
    ++entries;
    const std::string id = S(q, "id");
    const auto names = ExpectedNames(q);
    for (const auto& w : q["wiki"]) {
      ++facts;
      const std::string year = S(w, "section"), fact = S(w, "fact");
      years.insert(year);
      const std::string where = "[" + id + "] " + year + "年: “" + fact + "”";
      ASSERT_TRUE(a.sections.count(year)) << where << " 文中没有该年份章节 no such section";
      const std::string& text = a.sections.at(year);
      EXPECT_NE(text.find(fact), std::string::npos) << where << " 不在该年份章节中 not in the section";
      if (w.contains("date_text")) {
        EXPECT_NE(text.find(S(w["date_text"])), std::string::npos)
            << where << " 章节未载明日期 section does not state " << S(w["date_text"]);
      }
      std::set<std::string> allowed = names;
      if (w.contains("node")) {
        // A fact about a body of the entry's graph: the names it states are that node's names.
        const json& nn = q["expect"].value("node_names", json::object());
        ASSERT_TRUE(nn.contains(S(w["node"]))) << where << " 预期答案中没有该机构 the entry expects no node " << S(w["node"]);
        allowed.clear();
        for (const auto& n : nn[S(w["node"])]) allowed.insert(S(n));
      } else {
        ASSERT_TRUE(w.contains("event") && w["event"].size() == 2) << where;
        EXPECT_TRUE(HasEvent(q, w["event"])) << where << " 预期答案中没有该事件 the entry does not expect "
                                             << w["event"].dump();
        EXPECT_EQ(S(w["event"][1]).substr(0, 4), year) << where << " 事件年份不符 event year";
      }
      for (const auto& n : w["names"]) {
        EXPECT_NE(fact.find(S(n)), std::string::npos) << where << " 句中没有 sentence lacks “" << S(n) << "”";
        EXPECT_TRUE(allowed.count(S(n))) << where << " 预期答案未提及 the entry's answers do not name “" << S(n) << "”";
      }
    }
  }
  EXPECT_GE(entries, 10u);
  EXPECT_GE(facts, 25u);
  EXPECT_EQ(years, (std::set<std::string>{"1998", "2003", "2013", "2018"}));
}

// Facts the article does not support are caught: a fact moved to the wrong year, or a sentence
// the article does not contain.
TEST(NationalFacts, AFactNotInTheArticleIsCaught) {
  REQUIRE_ARTICLE();
  const auto& s = GetArticle().sections;
  EXPECT_EQ(s.at("2013").find("国家发展和改革委员会的价格监督检查与反垄断执法职责"), std::string::npos);
  EXPECT_EQ(s.at("2018").find("国家卫生和计划生育委员会更名为国家卫生健康委员会"), std::string::npos);
  EXPECT_EQ(s.at("1998").find("国家发展计划委员会改组为国家发展和改革委员会"), std::string::npos);
}

// The real 2018 paragraph on 国家市场监督管理总局 as a document: extracted and built into a chain,
// it must yield the merger of the three bodies into 国家市场监督管理总局 and the NDRC's
// 价格监督检查与反垄断执法 moving to it.
TEST(NationalFacts, The2018ParagraphBuildsTheMergerAndTheDutyTransfer) {
  REQUIRE_ARTICLE();
  const std::string& text = GetArticle().sections.at("2018");
  size_t begin = text.find("组建国家市场监督管理总局");
  ASSERT_NE(begin, std::string::npos);
  begin = text.rfind('\n', begin);
  begin = begin == std::string::npos ? 0 : begin + 1;
  const size_t end = text.find('\n', begin);
  std::string para = text.substr(begin, end - begin);
  while (!para.empty() && (para[0] == '#' || para[0] == ' ')) para.erase(0, 1);
  const std::string doc = "国务院机构改革方案\n\n（2018年3月17日第十三届全国人民代表大会第一次会议批准）\n\n　　" +
                          para + "\n";
  history::SourceDocument sd;
  sd.sha256 = "wiki-2018";
  sd.facts = extract::Extract(extract::DocText::FromText(doc));
  const history::Chain chain = history::BuildChain({sd}, {});

  auto name_of = [&](const std::string& id) {
    const auto* inst = chain.FindInstitution(id);
    return inst == nullptr || inst->names.empty() ? id : inst->names.back();
  };
  std::string seen;
  for (const auto& e : chain.events) {
    seen += "\n  " + e.type + " " + e.date + " 从";
    for (const auto& f : e.from) seen += " " + name_of(f);
    seen += " 至";
    for (const auto& t : e.to) seen += " " + name_of(t);
    if (!e.duty.empty()) seen += " 职责 " + e.duty;
  }
  const history::ChainEvent* merger = nullptr;
  const history::ChainEvent* transfer = nullptr;
  for (const auto& e : chain.events) {
    if (e.type == "merged" && e.to.size() == 1 && name_of(e.to[0]) == "国家市场监督管理总局") merger = &e;
    if (e.type == "duty_transferred" && e.from.size() == 1 && e.to.size() == 1 &&
        name_of(e.from[0]) == "国家发展和改革委员会" && name_of(e.to[0]) == "国家市场监督管理总局" &&
        e.duty.find("价格监督检查与反垄断执法") != std::string::npos)
      transfer = &e;
  }
  ASSERT_NE(merger, nullptr) << "链中没有并入国家市场监督管理总局的合并 no merger into 国家市场监督管理总局; events:" << seen;
  EXPECT_EQ(merger->date, "2018-03-17");
  std::set<std::string> from;
  for (const auto& f : merger->from) from.insert(name_of(f));
  EXPECT_EQ(from, (std::set<std::string>{"国家工商行政管理总局", "国家质量监督检验检疫总局", "国家食品药品监督管理总局"}))
      << "events:" << seen;
  ASSERT_NE(transfer, nullptr) << "链中没有发改委价格监督检查与反垄断执法职责划转 no duty transfer from the NDRC; events:" << seen;
  EXPECT_EQ(transfer->date, "2018-03-17");
}

}  // namespace
}  // namespace sanding::lineage
