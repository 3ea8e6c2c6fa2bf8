// The lineage renderers on a hand-made lineage of 国家发展和改革委员会: the text tree, DOT
// (escaping included), SVG laid out by Graphviz (well-formed, naming every body, safe across
// threads) and EAC-CPF 2010 (valid against a faithful subset of the official schema, one
// cpfRelation per predecessor, successor, parent and child).
#include "query/lineage/render.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace sanding::lineage {
namespace {

// ---- The lineage ------------------------------------------------------------------------------

history::Citation Cite(const std::string& number, const std::string& date, uint32_t page = 1) {
  history::Citation c;
  c.file = "sha-" + number;
  c.doc_number = number;
  c.title = "关于机构设置的通知";
  c.date = date;
  c.page = page;
  c.begin = 10;
  c.end = 40;
  return c;
}

Node MakeNode(const std::string& id, std::vector<std::string> names, const std::string& from,
              const std::string& to, const std::string& relation, int distance) {
  Node n;
  n.id = id;
  n.name = names.back();
  n.names = std::move(names);
  n.valid_from = from;
  n.valid_to = to;
  n.region = "全国";
  n.relation = relation;
  n.distance = distance;
  return n;
}

Edge MakeEdge(const std::string& from, const std::string& to, const std::string& type,
              const std::string& date, const history::Citation& source,
              const std::string& duty = "") {
  Edge e;
  e.from = from;
  e.to = to;
  e.type = type;
  e.date = date;
  e.duty = duty;
  e.event_id = "ev-" + from + "-" + to;
  e.source = source;
  return e;
}

history::Version MakeVersion(const std::string& name, const std::string& from,
                             const std::string& to) {
  history::Version v;
  v.institution = "ndrc";
  v.valid_from = from;
  v.valid_to = to;
  v.name = name;
  v.kind = "行政机关";
  v.rank = "正部级";
  v.parent = "sc";
  v.sources = {Cite("国发〔1998〕5号", "1998-03-10")};
  return v;
}

TimelineEntry Entry(const std::string& type, const std::string& date, std::vector<Ref> from,
                    std::vector<Ref> to, const history::Citation& source,
                    const std::string& duty = "") {
  TimelineEntry t;
  t.event.id = "ev-" + type + "-" + date;
  t.event.type = type;
  t.event.date = date;
  for (const auto& r : from) t.event.from.push_back(r.id);
  for (const auto& r : to) t.event.to.push_back(r.id);
  t.event.duty = duty;
  t.event.source = source;
  t.from = std::move(from);
  t.to = std::move(to);
  return t;
}

// 国家计划委员会 → (1998-03-10 更名) 国家发展计划委员会 → (2003-03-10 更名) 国家发展和改革委员会,
// with 国务院经济体制改革办公室 (itself established from 国家经济体制改革委员会) merged in,
// 国家能源局 split off, 价格监督检查与反垄断执法 transferred to 国家市场监督管理总局, under 国务院,
// over two bureaus.
Lineage Ndrc() {
  Lineage l;
  l.subject = MakeNode("ndrc", {"国家计划委员会", "国家发展计划委员会", "国家发展和改革委员会"},
                       "1952-11-15", "", "subject", 0);
  l.institution.id = "ndrc";
  l.institution.level = "national";
  l.institution.valid_from = "1952-11-15";
  l.institution.names = l.subject.names;
  l.versions = {MakeVersion("国家计划委员会", "1952-11-15", "1998-03-10"),
                MakeVersion("国家发展计划委员会", "1998-03-10", "2003-03-10"),
                MakeVersion("国家发展和改革委员会", "2003-03-10", "")};
  l.versions.back().duties = {"拟订并组织实施国民经济和社会发展战略、中长期规划和年度计划",
                              "综合分析经济运行形势，协调解决经济运行中的重大问题"};
  l.versions.back().cites["duties"] = Cite("国办发〔2008〕102号", "2008-07-10", 2);

  l.nodes = {
      l.subject,
      MakeNode("scres", {"国务院经济体制改革办公室"}, "1998-03-24", "2003-03-10", "predecessor", 1),
      MakeNode("scrs", {"国家经济体制改革委员会"}, "1982-05-04", "1998-03-24", "predecessor", 2),
      MakeNode("nea", {"国家能源局"}, "2008-03-15", "", "successor", 1),
      MakeNode("samr", {"国家市场监督管理总局"}, "2018-03-21", "", "related", 1)};
  l.edges = {
      MakeEdge("scrs", "scres", "established", "1998-03-24", Cite("国发〔1998〕5号", "1998-03-24")),
      MakeEdge("scres", "ndrc", "merged", "2003-03-10", Cite("国发〔2003〕8号", "2003-03-10")),
      MakeEdge("ndrc", "nea", "split", "2008-03-15", Cite("国发〔2008〕11号", "2008-03-15")),
      MakeEdge("ndrc", "samr", "duty_transferred", "2018-03-17",
               Cite("中发〔2018〕11号", "2018-03-17", 3), "价格监督检查与反垄断执法")};
  l.timeline = {Entry("renamed", "1998-03-10", {{"ndrc", "国家计划委员会"}},
                      {{"ndrc", "国家发展计划委员会"}}, Cite("国发〔1998〕5号", "1998-03-10")),
                Entry("renamed", "2003-03-10", {{"ndrc", "国家发展计划委员会"}},
                      {{"ndrc", "国家发展和改革委员会"}}, Cite("国发〔2003〕8号", "2003-03-10")),
                Entry("merged", "2003-03-10", {{"scres", "国务院经济体制改革办公室"}},
                      {{"ndrc", "国家发展和改革委员会"}}, Cite("国发〔2003〕8号", "2003-03-10")),
                Entry("split", "2008-03-15", {{"ndrc", "国家发展和改革委员会"}},
                      {{"nea", "国家能源局"}}, Cite("国发〔2008〕11号", "2008-03-15")),
                Entry("duty_transferred", "2018-03-17", {{"ndrc", "国家发展和改革委员会"}},
                      {{"samr", "国家市场监督管理总局"}}, Cite("中发〔2018〕11号", "2018-03-17", 3),
                      "价格监督检查与反垄断执法")};
  l.parents = {{"sc", "国务院", "1952-11-15", ""}};
  l.children = {{"grain", "国家粮食局", "2000-02-25", "2018-03-17"},
                {"reserve", "国家物资储备局", "2003-03-10", "2018-03-17"}};
  return l;
}

// ---- XML helpers ------------------------------------------------------------------------------

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

DocPtr Parse(const std::string& xml) {
  return DocPtr(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "render.xml", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

std::string Text(xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

std::string Prop(xmlNode* n, const char* name, const char* ns = nullptr) {
  xmlChar* c = ns ? xmlGetNsProp(n, BAD_CAST name, BAD_CAST ns) : xmlGetProp(n, BAD_CAST name);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

bool HasProp(xmlNode* n, const char* name) { return xmlHasProp(n, BAD_CAST name) != nullptr; }

constexpr const char* kEac = "urn:isbn:1-931666-33-4";
constexpr const char* kXlink = "http://www.w3.org/1999/xlink";

// The nodes an XPath (prefixes e: EAC-CPF, x: xlink, s: SVG) selects, relative to `at` (the
// document when null).
std::vector<xmlNode*> Select(xmlDoc* doc, const std::string& path, xmlNode* at = nullptr) {
  std::vector<xmlNode*> out;
  xmlXPathContext* ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(ctx, BAD_CAST "e", BAD_CAST kEac);
  xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST kXlink);
  xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
  if (at) ctx->node = at;
  xmlXPathObject* r = xmlXPathEvalExpression(BAD_CAST path.c_str(), ctx);
  if (r && r->nodesetval)
    for (int i = 0; i < r->nodesetval->nodeNr; ++i) out.push_back(r->nodesetval->nodeTab[i]);
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(ctx);
  return out;
}

std::string DataDir() { return (std::filesystem::path(__FILE__).parent_path() / "data").string(); }

void CollectError(void* ctx, const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  *static_cast<std::string*>(ctx) += buf;
}

// Validates `xml` against tests/lineage/data/eac-cpf-2010-required.xsd; "" when valid, else the
// validator's messages.
std::string SchemaErrors(const std::string& xml) {
  const std::string xsd = DataDir() + "/eac-cpf-2010-required.xsd";
  std::string errors;
  xmlSchemaParserCtxt* pctx = xmlSchemaNewParserCtxt(xsd.c_str());
  if (!pctx) return "cannot open " + xsd;
  xmlSchemaSetParserErrors(pctx, CollectError, CollectError, &errors);
  xmlSchema* schema = xmlSchemaParse(pctx);
  xmlSchemaFreeParserCtxt(pctx);
  if (!schema) return "schema does not parse: " + errors;
  DocPtr doc = Parse(xml);
  std::string result;
  if (!doc) {
    result = "not well-formed";
  } else {
    xmlSchemaValidCtxt* vctx = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidErrors(vctx, CollectError, CollectError, &errors);
    const int rc = xmlSchemaValidateDoc(vctx, doc.get());
    xmlSchemaFreeValidCtxt(vctx);
    if (rc != 0) result = "invalid (" + std::to_string(rc) + "): " + errors;
  }
  xmlSchemaFree(schema);
  return result;
}

std::string Eac(const Lineage& l) {
  return RenderEacCpf(l, "清河市档案馆", "2024-05-06T09:30:00+08:00");
}

// ---- Text tree --------------------------------------------------------------------------------

TEST(RenderTree, PredecessorsAboveSubjectAboveSuccessors) {
  const std::string t = RenderTree(Ndrc());
  const size_t far =
      t.find("国家经济体制改革委员会（" + PeriodText("1982-05-04", "1998-03-24") + "）");
  const size_t near =
      t.find("国务院经济体制改革办公室（" + PeriodText("1998-03-24", "2003-03-10") + "）");
  const size_t subject = t.find("★ 国家发展和改革委员会（" + PeriodText("1952-11-15", "") + "）");
  const size_t merged =
      t.find(std::string(EventLabel("merged")) + " 2003-03-10 → 国家发展和改革委员会");
  const size_t split =
      t.find(std::string(EventLabel("split")) + " 2008-03-15 ← 国家发展和改革委员会");
  const size_t after = t.find("国家能源局（" + PeriodText("2008-03-15", "") + "）");
  ASSERT_NE(far, std::string::npos) << t;
  ASSERT_NE(near, std::string::npos) << t;
  ASSERT_NE(subject, std::string::npos) << t;
  ASSERT_NE(merged, std::string::npos) << t;
  ASSERT_NE(split, std::string::npos) << t;
  ASSERT_NE(after, std::string::npos) << t;
  EXPECT_LT(far, near) << t;
  EXPECT_LT(near, merged) << t;
  EXPECT_LT(merged, subject) << t;
  EXPECT_LT(subject, split) << t;
  EXPECT_LT(split, after) << t;
  // Established-from links the oldest predecessor to the next one.
  EXPECT_NE(
      t.find(std::string(EventLabel("established")) + " 1998-03-24 → 国务院经济体制改革办公室"),
      std::string::npos)
      << t;
}

TEST(RenderTree, NamesDutyTransfersAndHierarchyUnderTheSubject) {
  const std::string t = RenderTree(Ndrc());
  // Every name with its period, in order.
  const size_t a = t.find("国家计划委员会（" + PeriodText("1952-11-15", "1998-03-10") + "）");
  const size_t b = t.find("国家发展计划委员会（" + PeriodText("1998-03-10", "2003-03-10") + "）");
  ASSERT_NE(a, std::string::npos) << t;
  ASSERT_NE(b, std::string::npos) << t;
  EXPECT_LT(a, b);
  // The duty transfer is indented under the subject, before the successors.
  const size_t subject = t.find("★ 国家发展和改革委员会");
  const size_t duty = t.find("价格监督检查与反垄断执法");
  const size_t successors = t.find("【后继】");
  ASSERT_NE(duty, std::string::npos) << t;
  EXPECT_LT(subject, duty);
  EXPECT_LT(duty, successors);
  const size_t line_start = t.rfind('\n', duty) + 1;
  const std::string line = t.substr(line_start, t.find('\n', duty) - line_start);
  EXPECT_EQ(line.rfind("    ", 0), 0u) << line;  // indented deeper than the subject line
  EXPECT_NE(line.find(EventLabel("duty_transferred")), std::string::npos) << line;
  EXPECT_NE(line.find("2018-03-17"), std::string::npos) << line;
  EXPECT_NE(line.find("→ 国家市场监督管理总局（" + PeriodText("2018-03-21", "") + "）"),
            std::string::npos)
      << line;
  EXPECT_NE(t.find("上级：国务院（" + PeriodText("1952-11-15", "") + "）"), std::string::npos) << t;
  EXPECT_NE(t.find("下属：国家粮食局（" + PeriodText("2000-02-25", "2018-03-17") + "）"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("下属：国家物资储备局"), std::string::npos) << t;
}

TEST(RenderTree, SubjectAloneAndNotes) {
  Lineage l;
  l.subject = MakeNode("x", {"清河市物价局"}, "", "2002-06-18", "subject", 0);
  l.nodes = {l.subject};
  std::string t = RenderTree(l);
  EXPECT_NE(t.find("★ 清河市物价局（" + PeriodText("", "2002-06-18") + "）"), std::string::npos)
      << t;
  size_t none = 0;
  for (size_t at = t.find("（无记载）"); at != std::string::npos; at = t.find("（无记载）", at + 1))
    ++none;
  EXPECT_EQ(none, 2u) << t;
  EXPECT_EQ(t.find("上限"), std::string::npos) << t;

  l.truncated = true;
  l.conflicts.resize(2);
  t = RenderTree(l);
  EXPECT_NE(t.find("上限"), std::string::npos) << t;
  EXPECT_NE(t.find("2 处记载存在冲突"), std::string::npos) << t;
}

// ---- DOT --------------------------------------------------------------------------------------

TEST(RenderDot, EveryBodyAndEveryEdge) {
  const Lineage l = Ndrc();
  const std::string dot = RenderDot(l);
  EXPECT_EQ(dot.rfind("digraph", 0), 0u) << dot;
  EXPECT_NE(dot.find("rankdir=LR"), std::string::npos);
  EXPECT_NE(dot.find("Noto Sans CJK SC"), std::string::npos);
  for (const auto& n : l.nodes) {
    const size_t at = dot.find("\"" + n.id + "\" [");
    ASSERT_NE(at, std::string::npos) << n.id << "\n" << dot;
    const std::string line = dot.substr(at, dot.find('\n', at) - at);
    EXPECT_NE(line.find(n.name), std::string::npos) << line;
    EXPECT_NE(line.find(PeriodText(n.valid_from, n.valid_to)), std::string::npos) << line;
    EXPECT_EQ(line.find("filled,bold") != std::string::npos, n.id == "ndrc") << line;
  }
  // The subject's former names are in its label.
  const size_t subject = dot.find("\"ndrc\" [");
  EXPECT_NE(dot.substr(subject, dot.find('\n', subject) - subject).find("国家计划委员会"),
            std::string::npos);
  for (const auto& e : l.edges) {
    const size_t at = dot.find("\"" + e.from + "\" -> \"" + e.to + "\"");
    ASSERT_NE(at, std::string::npos) << e.from << "->" << e.to << "\n" << dot;
    const std::string line = dot.substr(at, dot.find('\n', at) - at);
    EXPECT_NE(line.find(std::string(EventLabel(e.type)) + " " + e.date), std::string::npos) << line;
    EXPECT_EQ(line.find("dashed") != std::string::npos, e.type == "duty_transferred") << line;
    if (!e.duty.empty()) {
      EXPECT_NE(line.find(e.duty), std::string::npos) << line;
    }
  }
}

TEST(RenderDot, EscapesQuotesBackslashesAndControls) {
  Lineage l = Ndrc();
  l.nodes[1].name = "\"某\"办公室\\";
  l.nodes[1].names = {"\"某\"办公室\\"};
  l.nodes[2].name = "换行\n名称";
  l.nodes[2].names = {l.nodes[2].name};
  l.edges[3].duty = "价格监督\\";  // a label ending in a backslash
  const std::string dot = RenderDot(l);
  EXPECT_NE(dot.find("label=\"\\\"某\\\"办公室\\\\\\n"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("换行\n"), std::string::npos) << dot;  // a raw line break in a name is gone
  EXPECT_NE(dot.find("换行 名称"), std::string::npos) << dot;
  // Graphviz reads it back: the SVG names the body exactly, quotes and backslash included.
  auto svg = RenderSvg(l);
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  DocPtr doc = Parse(*svg);
  ASSERT_TRUE(doc);
  bool found = false, duty = false;
  for (xmlNode* t : Select(doc.get(), "//s:text")) {
    if (Text(t) == "\"某\"办公室\\") found = true;
    if (Text(t) == "价格监督\\") duty = true;
  }
  EXPECT_TRUE(found) << *svg;
  EXPECT_TRUE(duty) << *svg;
  EXPECT_EQ(Select(doc.get(), "//s:g[@class='edge']").size(), l.edges.size());
}

// ---- SVG --------------------------------------------------------------------------------------

TEST(RenderSvg, WellFormedAndNamesEveryBody) {
  const Lineage l = Ndrc();
  auto svg = RenderSvg(l);
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  DocPtr doc = Parse(*svg);
  ASSERT_TRUE(doc) << "not well-formed:\n" << *svg;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  ASSERT_TRUE(root);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "svg");
  std::vector<std::string> texts;
  for (xmlNode* t : Select(doc.get(), "//s:text")) texts.push_back(Text(t));
  ASSERT_FALSE(texts.empty()) << *svg;
  auto has = [&](const std::string& s) {
    return std::find(texts.begin(), texts.end(), s) != texts.end();
  };
  for (const auto& n : l.nodes) EXPECT_TRUE(has(n.name)) << n.name;
  EXPECT_TRUE(has(std::string(EventLabel("merged")) + " 2003-03-10"));
  EXPECT_TRUE(has("价格监督检查与反垄断执法"));
  // One Graphviz node group per body, one edge group per edge.
  EXPECT_EQ(Select(doc.get(), "//s:g[@class='node']").size(), l.nodes.size());
  EXPECT_EQ(Select(doc.get(), "//s:g[@class='edge']").size(), l.edges.size());
}

TEST(RenderSvg, SafeAcrossThreads) {
  const Lineage l = Ndrc();
  std::vector<std::thread> threads;
  std::vector<int> ok(6, 0);
  for (size_t i = 0; i < ok.size(); ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 3; ++k) {
        auto svg = RenderSvg(l);
        if (svg.ok() && svg->find("国家能源局") != std::string::npos) ++ok[i];
      }
    });
  for (auto& t : threads) t.join();
  for (int n : ok) EXPECT_EQ(n, 3);
}

// ---- EAC-CPF ----------------------------------------------------------------------------------

TEST(RenderEacCpf, ValidAgainstTheSchema) {
  const std::string xml = Eac(Ndrc());
  EXPECT_EQ(SchemaErrors(xml), "") << xml;
}

TEST(RenderEacCpf, SchemaSubsetRejectsWrongOrderAndTypes) {
  // The subset is strict enough to catch what it is there for.
  const std::string xml = Eac(Ndrc());
  ASSERT_EQ(SchemaErrors(xml), "");
  std::string swapped = xml;
  const size_t agency = swapped.find("<maintenanceAgency>");
  const size_t agency_end = swapped.find("</maintenanceAgency>") + strlen("</maintenanceAgency>");
  ASSERT_NE(agency, std::string::npos);
  const std::string block = swapped.substr(agency, agency_end - agency);
  swapped.erase(agency, agency_end - agency);
  swapped.insert(swapped.find("</maintenanceHistory>") + strlen("</maintenanceHistory>"), block);
  EXPECT_NE(SchemaErrors(swapped), "");
  std::string bad_type = xml;
  const size_t at = bad_type.find("temporal-earlier");
  ASSERT_NE(at, std::string::npos);
  bad_type.replace(at, strlen("temporal-earlier"), "predecessor");
  EXPECT_NE(SchemaErrors(bad_type), "");
  std::string bad_date = xml;
  const size_t date = bad_date.find("standardDate=\"1952-11-15\"");
  ASSERT_NE(date, std::string::npos);
  bad_date.replace(date, strlen("standardDate=\"1952-11-15\""), "standardDate=\"1952-13-15\"");
  EXPECT_NE(SchemaErrors(bad_date), "");
}

TEST(RenderEacCpf, ControlAndIdentity) {
  const std::string xml = Eac(Ndrc());
  DocPtr doc = Parse(xml);
  ASSERT_TRUE(doc) << xml;
  auto one = [&](const std::string& path) {
    auto v = Select(doc.get(), path);
    EXPECT_EQ(v.size(), 1u) << path;
    return v.empty() ? std::string() : Text(v[0]);
  };
  EXPECT_EQ(one("/e:eac-cpf/e:control/e:maintenanceStatus"), "new");
  EXPECT_EQ(one("/e:eac-cpf/e:control/e:maintenanceAgency/e:agencyName"), "清河市档案馆");
  EXPECT_EQ(one("//e:maintenanceEvent/e:agentType"), "machine");
  auto when = Select(doc.get(), "//e:maintenanceEvent/e:eventDateTime");
  ASSERT_EQ(when.size(), 1u);
  EXPECT_EQ(Prop(when[0], "standardDateTime"), "2024-05-06T09:30:00+08:00");
  EXPECT_NE(one("/e:eac-cpf/e:control/e:recordId").find("ndrc"), std::string::npos);
  EXPECT_EQ(one("//e:identity/e:entityType"), "corporateBody");

  // Every name, oldest first, each with the period it was borne.
  auto names = Select(doc.get(), "//e:identity/e:nameEntry");
  ASSERT_EQ(names.size(), 3u) << xml;
  const std::vector<std::vector<std::string>> want = {
      {"国家计划委员会", "1952-11-15", "1998-03-10"},
      {"国家发展计划委员会", "1998-03-10", "2003-03-10"},
      {"国家发展和改革委员会", "2003-03-10", ""}};
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(Text(Select(doc.get(), "e:part", names[i]).at(0)), want[i][0]);
    auto from = Select(doc.get(), "e:useDates/e:dateRange/e:fromDate", names[i]);
    ASSERT_EQ(from.size(), 1u);
    EXPECT_EQ(Prop(from[0], "standardDate"), want[i][1]);
    auto to = Select(doc.get(), "e:useDates/e:dateRange/e:toDate", names[i]);
    if (want[i][2].empty()) {
      EXPECT_TRUE(to.empty()) << "an open end has no toDate";
    } else {
      ASSERT_EQ(to.size(), 1u);
      EXPECT_EQ(Prop(to[0], "standardDate"), want[i][2]);
    }
  }

  // Lifetime and current duties.
  auto exist = Select(doc.get(), "//e:description/e:existDates/e:dateRange/e:fromDate");
  ASSERT_EQ(exist.size(), 1u);
  EXPECT_EQ(Prop(exist[0], "standardDate"), "1952-11-15");
  EXPECT_TRUE(Select(doc.get(), "//e:description/e:existDates/e:dateRange/e:toDate").empty());
  auto terms = Select(doc.get(), "//e:description/e:functions/e:function/e:term");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(Text(terms[0]), "拟订并组织实施国民经济和社会发展战略、中长期规划和年度计划");
  // The chronology has every timeline event.
  EXPECT_EQ(Select(doc.get(), "//e:biogHist/e:chronList/e:chronItem").size(), 5u);
}

TEST(RenderEacCpf, OneRelationPerPredecessorSuccessorParentAndChild) {
  const std::string xml = Eac(Ndrc());
  DocPtr doc = Parse(xml);
  ASSERT_TRUE(doc) << xml;
  struct Want {
    std::string type, id, name, from, to;
  };
  const std::vector<Want> wants = {
      {"temporal-earlier", "scres", "国务院经济体制改革办公室", "1998-03-24", "2003-03-10"},
      {"temporal-earlier", "scrs", "国家经济体制改革委员会", "1982-05-04", "1998-03-24"},
      {"temporal-later", "nea", "国家能源局", "2008-03-15", ""},
      {"hierarchical-parent", "sc", "国务院", "1952-11-15", ""},
      {"hierarchical-child", "grain", "国家粮食局", "2000-02-25", "2018-03-17"},
      {"hierarchical-child", "reserve", "国家物资储备局", "2003-03-10", "2018-03-17"}};
  auto relations = Select(doc.get(), "/e:eac-cpf/e:cpfDescription/e:relations/e:cpfRelation");
  ASSERT_EQ(relations.size(), wants.size()) << xml;  // the related 国家市场监督管理总局 is not one
  for (const auto& w : wants) {
    SCOPED_TRACE(w.id);
    xmlNode* found = nullptr;
    for (xmlNode* r : relations)
      if (Prop(r, "href", kXlink) == "sanding:institution:" + w.id) found = r;
    ASSERT_TRUE(found);
    EXPECT_EQ(Prop(found, "cpfRelationType"), w.type);
    EXPECT_EQ(Text(Select(doc.get(), "e:relationEntry", found).at(0)), w.name);
    auto from = Select(doc.get(), "e:dateRange/e:fromDate", found);
    ASSERT_EQ(from.size(), 1u);
    EXPECT_EQ(Prop(from[0], "standardDate"), w.from);
    auto to = Select(doc.get(), "e:dateRange/e:toDate", found);
    if (w.to.empty()) {
      EXPECT_TRUE(to.empty());
    } else {
      ASSERT_EQ(to.size(), 1u);
      EXPECT_EQ(Prop(to[0], "standardDate"), w.to);
    }
    EXPECT_FALSE(Select(doc.get(), "e:descriptiveNote/e:p", found).empty());
  }
  // The notes name the linking event, its date and its source.
  std::string merged_note, split_note;
  for (xmlNode* r : relations) {
    const std::string href = Prop(r, "href", kXlink);
    std::string note;
    for (xmlNode* p : Select(doc.get(), "e:descriptiveNote/e:p", r)) note += Text(p);
    if (href == "sanding:institution:scres") merged_note = note;
    if (href == "sanding:institution:nea") split_note = note;
  }
  EXPECT_NE(merged_note.find(EventLabel("merged")), std::string::npos) << merged_note;
  EXPECT_NE(merged_note.find("2003-03-10"), std::string::npos) << merged_note;
  EXPECT_NE(merged_note.find("国发〔2003〕8号"), std::string::npos) << merged_note;
  EXPECT_NE(split_note.find(EventLabel("split")), std::string::npos) << split_note;
  EXPECT_NE(split_note.find("国发〔2008〕11号"), std::string::npos) << split_note;
}

TEST(RenderEacCpf, EscapesTextAndLeavesUnknownDatesUnstandardised) {
  Lineage l = Ndrc();
  l.subject.name = "A&B <局> \"甲\"\x01";
  l.subject.names = {l.subject.name};
  l.subject.valid_from = "";
  l.institution = {};
  l.versions.clear();
  l.nodes[1].valid_from = "1998年";  // not an ISO date: text only
  l.nodes[1].valid_to = "";
  l.children.clear();
  const std::string xml = RenderEacCpf(l, "档案馆 & 研究室", "2024年5月6日");
  EXPECT_EQ(SchemaErrors(xml), "") << xml;
  DocPtr doc = Parse(xml);
  ASSERT_TRUE(doc) << xml;
  auto parts = Select(doc.get(), "//e:identity/e:nameEntry/e:part");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(Text(parts[0]), "A&B <局> \"甲\" ");
  EXPECT_TRUE(Select(doc.get(), "//e:identity/e:nameEntry/e:useDates").empty());
  EXPECT_EQ(Text(Select(doc.get(), "//e:agencyName").at(0)), "档案馆 & 研究室");
  EXPECT_FALSE(HasProp(Select(doc.get(), "//e:eventDateTime").at(0), "standardDateTime"));
  // Neither end of the lifetime known: no existDates at all.
  EXPECT_TRUE(Select(doc.get(), "//e:existDates").empty());
  for (xmlNode* r : Select(doc.get(), "//e:cpfRelation")) {
    if (Prop(r, "href", kXlink) != "sanding:institution:scres") continue;
    auto from = Select(doc.get(), "e:dateRange/e:fromDate", r);
    ASSERT_EQ(from.size(), 1u);
    EXPECT_EQ(Text(from[0]), "1998年");
    EXPECT_FALSE(HasProp(from[0], "standardDate"));
    EXPECT_TRUE(Select(doc.get(), "e:dateRange/e:toDate", r).empty());
  }
}

TEST(RenderEacCpf, IdsBecomeValidRecordIdsAndHrefs) {
  Lineage l = Ndrc();
  l.subject.id = "org:清河市物价局（旧） #1";
  l.nodes[0].id = l.subject.id;
  l.parents = {{"org:清河 市政府", "清河市人民政府", "1983-10-20", ""}};
  const std::string xml = Eac(l);
  EXPECT_EQ(SchemaErrors(xml), "") << xml;
  DocPtr doc = Parse(xml);
  ASSERT_TRUE(doc);
  const std::string record = Text(Select(doc.get(), "//e:recordId").at(0));
  EXPECT_EQ(record.find(' '), std::string::npos) << record;
  EXPECT_NE(record.find("清河市物价局"), std::string::npos) << record;
  auto parent = Select(doc.get(), "//e:cpfRelation[@cpfRelationType='hierarchical-parent']");
  ASSERT_EQ(parent.size(), 1u);
  EXPECT_EQ(Prop(parent[0], "href", kXlink), "sanding:institution:org:清河%20市政府");
}

}  // namespace
}  // namespace sanding::lineage
