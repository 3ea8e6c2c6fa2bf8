#include "query/lineage/render.h"
#include "store/text.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace sanding::lineage {

namespace {

// ---- Text hygiene -----------------------------------------------------------------------------

// Valid UTF-8 without characters XML 1.0 forbids; every control character (line breaks
// included) becomes a space, so a value is always one line.
std::string Clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : text::DecodeUtf8(s)) {
    if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) cp = ' ';
    text::AppendUtf8(cp, &out);
  }
  return out;
}

std::string DateOr(const std::string& date) { return date.empty() ? "日期不详" : Clean(date); }

// ---- Lineage lookups --------------------------------------------------------------------------

const Node* FindNode(const Lineage& l, const std::string& id) {
  if (l.subject.id == id) return &l.subject;
  for (const auto& n : l.nodes)
    if (n.id == id) return &n;
  return nullptr;
}

std::string NameOf(const Lineage& l, const std::string& id) {
  if (const Node* n = FindNode(l, id); n && !n->name.empty()) return Clean(n->name);
  for (const auto* links : {&l.parents, &l.children})
    for (const auto& k : *links)
      if (k.id == id && !k.name.empty()) return Clean(k.name);
  return Clean(id);
}

std::string Relation(const Lineage& l, const std::string& id) {
  if (id == l.subject.id) return "subject";
  const Node* n = FindNode(l, id);
  return n ? n->relation : "";
}

// "合并 2003-03-10" / "职责划转 2018-03-17「价格监督检查」".
std::string EdgeWords(const Edge& e) {
  std::string s = std::string(EventLabel(e.type)) + " " + DateOr(e.date);
  if (!e.duty.empty()) s += "「" + Clean(e.duty) + "」";
  return s;
}

std::string SourceWords(const history::Citation& c) {
  if (c == history::Citation{}) return "";
  return Clean(CitationText(c));
}

// One name the subject bore and when.
struct NameSpan {
  std::string name, from, to;
  bool dated = false;
};

// The subject's names, oldest first: runs of versions bearing one name, then names known only
// from the institution's or node's name list.
std::vector<NameSpan> NameSpans(const Lineage& l) {
  std::vector<NameSpan> out;
  for (const auto& v : l.versions) {
    if (v.name.empty()) continue;
    if (!out.empty() && out.back().name == v.name) {
      out.back().to = v.valid_to;
      continue;
    }
    out.push_back({v.name, v.valid_from, v.valid_to, true});
  }
  auto add_missing = [&](const std::vector<std::string>& names) {
    for (const auto& n : names) {
      if (n.empty()) continue;
      if (std::none_of(out.begin(), out.end(), [&](const NameSpan& s) { return s.name == n; }))
        out.push_back({n, "", "", false});
    }
  };
  add_missing(l.institution.names);
  add_missing(l.subject.names);
  if (out.empty() && !l.subject.name.empty()) out.push_back({l.subject.name, "", "", false});
  return out;
}

// The subject's lifetime.
std::pair<std::string, std::string> Lifetime(const Lineage& l) {
  std::string from = l.subject.valid_from, to = l.subject.valid_to;
  if (from.empty()) from = l.institution.valid_from;
  if (to.empty()) to = l.institution.valid_to;
  return {from, to};
}

// ---- Text tree --------------------------------------------------------------------------------

std::string NodeLine(const Node& n) {
  return Clean(n.name) + "（" + PeriodText(n.valid_from, n.valid_to) + "）";
}

// Where each edge is shown in the tree.
struct TreePlan {
  std::map<std::string, std::vector<const Edge*>> below;  // "↓ … → next" under a predecessor
  std::map<std::string, std::vector<const Edge*>> above;  // "↓ … ← previous" over a successor
  std::map<std::string, std::vector<const Edge*>> aside;  // related bodies, duty transfers
  std::vector<const Edge*> other;
};

bool IsMain(const std::string& rel) {
  return rel == "subject" || rel == "predecessor" || rel == "successor";
}

TreePlan PlanTree(const Lineage& l) {
  TreePlan p;
  for (const auto& e : l.edges) {
    const std::string rf = Relation(l, e.from), rt = Relation(l, e.to);
    const bool mf = IsMain(rf), mt = IsMain(rt);
    if (e.type == "duty_transferred" || !mf || !mt) {
      if (mf) {
        p.aside[e.from].push_back(&e);
      } else if (mt) {
        p.aside[e.to].push_back(&e);
      } else {
        p.other.push_back(&e);
      }
    } else if (rf == "predecessor" && (rt == "subject" || rt == "predecessor")) {
      p.below[e.from].push_back(&e);
    } else if (rt == "successor" && (rf == "subject" || rf == "successor")) {
      p.above[e.to].push_back(&e);
    } else {
      p.other.push_back(&e);
    }
  }
  return p;
}

void AsideLines(const Lineage& l, const TreePlan& p, const std::string& id, const std::string& pad,
                std::string& out) {
  auto it = p.aside.find(id);
  if (it == p.aside.end()) return;
  for (const Edge* e : it->second) {
    const bool outgoing = e->from == id;
    const std::string other = outgoing ? e->to : e->from;
    std::string line = pad + "├ " + EdgeWords(*e) + (outgoing ? " → " : " ← ");
    if (const Node* n = FindNode(l, other)) {
      line += NodeLine(*n);
    } else {
      line += NameOf(l, other);
    }
    out += line + "\n";
  }
}

}  // namespace

std::string RenderTree(const Lineage& l) {
  const TreePlan plan = PlanTree(l);
  std::vector<const Node*> preds, succs, related;
  for (const auto& n : l.nodes) {
    if (n.id == l.subject.id) continue;
    if (n.relation == "predecessor") preds.push_back(&n);
    if (n.relation == "successor") succs.push_back(&n);
    if (n.relation == "related") related.push_back(&n);
  }
  // Farthest predecessors first (the top of the page is the oldest), nearest successors first.
  std::stable_sort(preds.begin(), preds.end(),
                   [](const Node* a, const Node* b) { return a->distance > b->distance; });
  std::stable_sort(succs.begin(), succs.end(),
                   [](const Node* a, const Node* b) { return a->distance < b->distance; });

  std::string out = Clean(l.subject.name) + " 沿革谱系\n";

  out += "【前身】\n";
  if (preds.empty()) out += "  （无记载）\n";
  for (const Node* n : preds) {
    out += "  " + NodeLine(*n) + "\n";
    AsideLines(l, plan, n->id, "    ", out);
    if (auto it = plan.below.find(n->id); it != plan.below.end())
      for (const Edge* e : it->second)
        out += "    ↓ " + EdgeWords(*e) + " → " + NameOf(l, e->to) + "\n";
  }

  out += "【本机构】\n";
  const auto [from, to] = Lifetime(l);
  out += "  ★ " + Clean(l.subject.name) + "（" + PeriodText(from, to) + "）\n";
  const std::vector<NameSpan> spans = NameSpans(l);
  if (spans.size() > 1) {
    std::string line = "    名称沿革：";
    for (size_t i = 0; i < spans.size(); ++i) {
      if (i) line += " → ";
      line += Clean(spans[i].name);
      if (spans[i].dated) line += "（" + PeriodText(spans[i].from, spans[i].to) + "）";
    }
    out += line + "\n";
  }
  if (!l.as_of.empty()) {
    std::string line = "    " + Clean(l.as_of) + " 时：";
    if (l.state) {
      line += Clean(l.state->name);
      if (!l.state->rank.empty()) line += "，" + Clean(l.state->rank);
      if (!l.state_parent_name.empty()) line += "，隶属 " + Clean(l.state_parent_name);
    } else {
      line += "不存在或无记载";
    }
    out += line + "\n";
  }
  AsideLines(l, plan, l.subject.id, "    ", out);
  for (const auto& k : l.parents)
    out += "    上级：" + Clean(k.name) + "（" + PeriodText(k.from, k.to) + "）\n";
  for (const auto& k : l.children)
    out += "    下属：" + Clean(k.name) + "（" + PeriodText(k.from, k.to) + "）\n";

  out += "【后继】\n";
  if (succs.empty()) out += "  （无记载）\n";
  for (const Node* n : succs) {
    if (auto it = plan.above.find(n->id); it != plan.above.end())
      for (const Edge* e : it->second)
        out += "    ↓ " + EdgeWords(*e) + " ← " + NameOf(l, e->from) + "\n";
    out += "  " + NodeLine(*n) + "\n";
    AsideLines(l, plan, n->id, "    ", out);
  }

  // Related bodies no edge placed, and edges between bodies outside the followed lines.
  std::set<std::string> shown;
  for (const auto& [id, edges] : plan.aside)
    for (const Edge* e : edges) shown.insert(e->from == id ? e->to : e->from);
  std::vector<std::string> extra;
  for (const Node* n : related)
    if (!shown.count(n->id)) extra.push_back("  " + NodeLine(*n));
  for (const Edge* e : plan.other)
    extra.push_back("  " + NameOf(l, e->from) + " → " + NameOf(l, e->to) + "：" + EdgeWords(*e));
  if (!extra.empty()) {
    out += "【其他相关机构】\n";
    for (const auto& x : extra) out += x + "\n";
  }

  if (l.truncated) out += "注：图谱已达机构数上限，部分机构未列出。\n";
  if (!l.conflicts.empty())
    out += "注：有 " + std::to_string(l.conflicts.size()) + " 处记载存在冲突。\n";
  return out;
}

// ---- DOT --------------------------------------------------------------------------------------

namespace {

constexpr const char* kFont = "Noto Sans CJK SC";

// A DOT quoted string: quotes and backslashes escaped, control characters dropped to spaces.
// `\n` in a label is written by the caller between escaped lines.
std::string Q(std::string_view s) {
  std::string out = "\"";
  for (char c : Clean(s)) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// A label of several centred lines.
std::string Lines(const std::vector<std::string>& lines) {
  std::string body;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) body += "\n";
    body += Clean(lines[i]);
  }
  std::string out = "\"";
  for (char c : body) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::string RenderDot(const Lineage& l) {
  std::string out = "digraph lineage {\n";
  out += "  graph [rankdir=LR, charset=\"UTF-8\", fontname=" + Q(kFont) +
         ", labelloc=t, fontsize=14, label=" +
         Q(l.subject.name + " 沿革谱系" + (l.truncated ? "（已达机构数上限，未全部列出）" : "")) +
         "];\n";
  out += "  node [shape=box, style=rounded, fontname=" + Q(kFont) + ", fontsize=11];\n";
  out += "  edge [fontname=" + Q(kFont) + ", fontsize=10];\n";

  std::vector<const Node*> nodes;
  bool subject_listed = false;
  for (const auto& n : l.nodes) {
    nodes.push_back(&n);
    if (n.id == l.subject.id) subject_listed = true;
  }
  if (!subject_listed && !l.subject.id.empty()) nodes.insert(nodes.begin(), &l.subject);

  std::set<std::string> declared;
  for (const Node* n : nodes) {
    if (!declared.insert(n->id).second) continue;
    std::vector<std::string> lines = {n->name};
    std::string others;
    for (const auto& name : n->names) {
      if (name == n->name || name.empty()) continue;
      others += (others.empty() ? "" : "、") + name;
    }
    if (!others.empty()) lines.push_back("曾用名：" + others);
    lines.push_back(PeriodText(n->valid_from, n->valid_to));
    std::string attrs = "label=" + Lines(lines);
    if (n->id == l.subject.id) {
      attrs += ", style=\"rounded,filled,bold\", fillcolor=\"#fde9a9\", penwidth=2";
    } else if (n->relation == "predecessor") {
      attrs += ", style=\"rounded,filled\", fillcolor=\"#e3edf7\"";
    } else if (n->relation == "successor") {
      attrs += ", style=\"rounded,filled\", fillcolor=\"#e4f2e1\"";
    } else {
      attrs += ", style=\"rounded,dashed\", color=\"#888888\", fontcolor=\"#555555\"";
    }
    out += "  " + Q(n->id) + " [" + attrs + "];\n";
  }
  for (const auto& e : l.edges) {
    std::vector<std::string> lines = {std::string(EventLabel(e.type)) + " " + DateOr(e.date)};
    if (!e.duty.empty()) lines.push_back(e.duty);
    std::string attrs = "label=" + Lines(lines);
    if (e.type == "duty_transferred") attrs += ", style=dashed";
    out += "  " + Q(e.from) + " -> " + Q(e.to) + " [" + attrs + "];\n";
  }
  out += "}\n";
  return out;
}

// ---- SVG --------------------------------------------------------------------------------------

namespace {

std::mutex g_graphviz_mu;  // Graphviz keeps global state: one caller at a time
std::string* g_gv_errors;  // where the error callback writes (under g_graphviz_mu)

int CollectGraphvizError(char* msg) {
  if (g_gv_errors && msg) {
    std::string m = Clean(msg);
    while (!m.empty() && m.back() == ' ') m.pop_back();
    if (!m.empty()) *g_gv_errors += (g_gv_errors->empty() ? "" : "；") + m;
  }
  return 0;
}

}  // namespace

Result<std::string> RenderSvg(const Lineage& l) {
  const std::string dot = RenderDot(l);
  std::lock_guard<std::mutex> lock(g_graphviz_mu);
  std::string errors;
  g_gv_errors = &errors;
  const agusererrf old_errf = agseterrf(CollectGraphvizError);
  const agerrlevel_t old_level = agseterr(AGERR);  // warnings (missing glyph widths) dropped
  struct Restore {
    agusererrf f;
    agerrlevel_t level;
    ~Restore() {
      agseterrf(f);
      agseterr(level);
      g_gv_errors = nullptr;
    }
  } restore{old_errf, old_level};
  auto fail = [&](const std::string& what) {
    return Status::Internal("Graphviz " + what + "失败" +
                            (errors.empty() ? std::string() : "：" + errors));
  };

  // One context for the process, never freed: Graphviz 2.42's pango plugin caches the last font
  // name it measured in a static, which dangles once the context that owned it is freed (a
  // use-after-free on the next layout, seen under AddressSanitizer).
  static GVC_t* gvc = gvContext();
  if (!gvc) return fail("初始化");
  Agraph_t* g = agmemread(dot.c_str());
  if (!g) return fail("读取谱系图");
  if (gvLayout(gvc, g, "dot") != 0) {
    agclose(g);
    return fail("布局（dot）");
  }
  char* data = nullptr;
  unsigned int len = 0;
  const int rc = gvRenderData(gvc, g, "svg", &data, &len);
  std::string svg;
  if (rc == 0 && data) svg.assign(data, len);
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, g);
  agclose(g);
  if (rc != 0 || svg.empty()) return fail("输出 SVG ");
  return svg;
}

// ---- EAC-CPF 2010 -----------------------------------------------------------------------------

namespace {

constexpr const char* kEacNs = "urn:isbn:1-931666-33-4";
constexpr const char* kXlinkNs = "http://www.w3.org/1999/xlink";

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// YYYY, YYYY-MM or YYYY-MM-DD, 0001..2099 (EAC-CPF's standardDate).
bool IsStandardDate(std::string_view s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  if (!AllDigits(s.substr(0, 4))) return false;
  const int year = std::stoi(std::string(s.substr(0, 4)));
  if (year < 1 || year > 2099) return false;
  if (s.size() == 4) return true;
  if (s[4] != '-' || !AllDigits(s.substr(5, 2))) return false;
  const int month = std::stoi(std::string(s.substr(5, 2)));
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) return true;
  if (s[7] != '-' || !AllDigits(s.substr(8, 2))) return false;
  const int day = std::stoi(std::string(s.substr(8, 2)));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day >= 1 && day <= max;
}

// xs:date or xs:dateTime (seconds, optional fraction and zone), year at most 2099.
bool IsStandardDateTime(std::string_view s) {
  if (s.size() == 10) return IsStandardDate(s);
  if (s.size() < 19 || !IsStandardDate(s.substr(0, 10)) || s[10] != 'T') return false;
  auto two = [&](size_t at, int max) {
    return AllDigits(s.substr(at, 2)) && std::stoi(std::string(s.substr(at, 2))) <= max;
  };
  if (!two(11, 23) || s[13] != ':' || !two(14, 59) || s[16] != ':' || !two(17, 59)) return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t j = i + 1;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i + 1) return false;
    i = j;
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if ((s[i] == '+' || s[i] == '-') && s.size() == i + 6 && two(i + 1, 14) && s[i + 3] == ':' &&
      two(i + 4, 59))
    return true;
  return false;
}

// recordId is an xs:NMTOKEN: letters, digits and ". - _ :"; CJK ideographs kept, anything else
// written as _uXXXX.
std::string NmToken(std::string_view s) {
  std::string out;
  for (char32_t cp : text::DecodeUtf8(s)) {
    const bool ascii_ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                          (cp >= '0' && cp <= '9') || cp == '.' || cp == '-' || cp == ':';
    const bool cjk = (cp >= 0x4E00 && cp <= 0x9FA5) || (cp >= 0x3400 && cp <= 0x4DB5);
    if (ascii_ok || cjk) {
      text::AppendUtf8(cp, &out);
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "_u%04X", static_cast<unsigned>(cp));
      out += buf;
    }
  }
  return out;
}

// "sanding:institution:<id>" with characters URIs forbid percent-encoded (non-ASCII kept: an IRI).
std::string Href(const std::string& id) {
  static const std::string kAllowed = "-._~:@/!$&'()*+,;=";
  std::string out = "sanding:institution:";
  for (char c : Clean(id)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u) || kAllowed.find(c) != std::string::npos) {
      out.push_back(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  return out;
}

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* X(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

// A child element in the parent's namespace, with text content when `text` is non-empty.
xmlNodePtr Add(xmlNodePtr parent, const char* name, const std::string& text = "") {
  const std::string t = Clean(text);
  return xmlNewTextChild(parent, nullptr, X(name), t.empty() ? nullptr : X(t));
}

void Attr(xmlNodePtr node, const char* name, const std::string& value) {
  xmlNewProp(node, X(name), X(Clean(value)));
}

// <fromDate|toDate|date standardDate="…">text</…>
void AddDate(xmlNodePtr parent, const char* name, const std::string& date) {
  xmlNodePtr d = Add(parent, name, date.empty() ? "日期不详" : date);
  if (IsStandardDate(date)) Attr(d, "standardDate", date);
}

// A dateRange with the known ends; nothing when neither end is known.
bool AddDateRange(xmlNodePtr parent, const std::string& from, const std::string& to) {
  if (from.empty() && to.empty()) return false;
  xmlNodePtr r = Add(parent, "dateRange");
  if (!from.empty()) AddDate(r, "fromDate", from);
  if (!to.empty()) AddDate(r, "toDate", to);
  return true;
}

void AddNote(xmlNodePtr parent, const std::vector<std::string>& paragraphs) {
  if (paragraphs.empty()) return;
  xmlNodePtr note = Add(parent, "descriptiveNote");
  for (const auto& p : paragraphs) Add(note, "p", p);
}

// "合并，2003-03-10：国务院经济体制改革办公室 → 国家发展和改革委员会。依据：国发〔2003〕8号"
std::string EdgeNote(const Lineage& l, const Edge& e) {
  std::string s = std::string(EventLabel(e.type)) + "，" + DateOr(e.date) + "：" +
                  NameOf(l, e.from) + " → " + NameOf(l, e.to);
  if (!e.duty.empty()) s += "（职责：" + Clean(e.duty) + "）";
  s += "。";
  const std::string src = SourceWords(e.source);
  if (!src.empty()) s += "依据：" + src + "。";
  return s;
}

// The words of a timeline entry for the chronology.
std::string TimelineWords(const TimelineEntry& t) {
  auto names = [](const std::vector<Ref>& refs) {
    std::string s;
    for (const auto& r : refs) s += (s.empty() ? "" : "、") + Clean(r.name.empty() ? r.id : r.name);
    return s;
  };
  std::string s = EventLabel(t.event.type);
  const std::string from = names(t.from), to = names(t.to);
  if (!from.empty() || !to.empty()) s += "：" + from + (to.empty() ? "" : " → " + to);
  if (!t.event.duty.empty()) s += "（职责：" + Clean(t.event.duty) + "）";
  if (!t.event.detail.empty()) s += "（" + Clean(t.event.detail) + "）";
  const std::string src = SourceWords(t.event.source);
  if (!src.empty()) s += "。依据：" + src;
  return s;
}

void AddRelation(xmlNodePtr relations, xmlNsPtr xlink, const char* type, const std::string& id,
                 const std::string& name, const std::string& from, const std::string& to,
                 const std::vector<std::string>& notes) {
  xmlNodePtr r = Add(relations, "cpfRelation");
  Attr(r, "cpfRelationType", type);
  xmlNewNsProp(r, xlink, X("type"), X("simple"));
  xmlNewNsProp(r, xlink, X("href"), X(Href(id)));
  Add(r, "relationEntry", name.empty() ? id : name);
  AddDateRange(r, from, to);
  AddNote(r, notes);
}

}  // namespace

std::string RenderEacCpf(const Lineage& l, const std::string& agency,
                         const std::string& record_time) {
  xmlDocPtr doc = xmlNewDoc(X("1.0"));
  xmlNodePtr root = xmlNewNode(nullptr, X("eac-cpf"));
  xmlDocSetRootElement(doc, root);
  xmlNsPtr ns = xmlNewNs(root, X(kEacNs), nullptr);
  xmlSetNs(root, ns);
  xmlNsPtr xlink = xmlNewNs(root, X(kXlinkNs), X("xlink"));

  // control
  xmlNodePtr control = Add(root, "control");
  Add(control, "recordId", NmToken("sanding-institution-" + l.subject.id));
  Add(control, "maintenanceStatus", "new");
  xmlNodePtr agency_node = Add(control, "maintenanceAgency");
  Add(agency_node, "agencyName", agency.empty() ? "sanding" : agency);
  xmlNodePtr lang = Add(control, "languageDeclaration");
  Attr(Add(lang, "language", "中文"), "languageCode", "chi");
  Attr(Add(lang, "script", "简体中文"), "scriptCode", "Hans");
  xmlNodePtr history = Add(control, "maintenanceHistory");
  xmlNodePtr event = Add(history, "maintenanceEvent");
  Add(event, "eventType", "created");
  xmlNodePtr when = Add(event, "eventDateTime", record_time);
  if (IsStandardDateTime(record_time)) Attr(when, "standardDateTime", record_time);
  Add(event, "agentType", "machine");
  Add(event, "agent", "sanding");
  Add(event, "eventDescription", "依据机构沿革链自动生成");
  // sources: every document the versions and events cite, once each
  std::vector<std::string> sources;
  auto add_source = [&](const history::Citation& c) {
    const std::string s = SourceWords(c);
    if (!s.empty() && std::find(sources.begin(), sources.end(), s) == sources.end())
      sources.push_back(s);
  };
  for (const auto& v : l.versions)
    for (const auto& c : v.sources) add_source(c);
  for (const auto& t : l.timeline) add_source(t.event.source);
  if (!sources.empty()) {
    xmlNodePtr srcs = Add(control, "sources");
    for (const auto& s : sources) Add(Add(srcs, "source"), "sourceEntry", s);
  }

  xmlNodePtr cpf = Add(root, "cpfDescription");

  // identity
  xmlNodePtr identity = Add(cpf, "identity");
  Add(identity, "entityId", Href(l.subject.id));
  Add(identity, "entityType", "corporateBody");
  for (const auto& span : NameSpans(l)) {
    xmlNodePtr entry = Add(identity, "nameEntry");
    Add(entry, "part", span.name);
    if (span.dated && (!span.from.empty() || !span.to.empty())) {
      AddDateRange(Add(entry, "useDates"), span.from, span.to);
    }
  }

  // description
  xmlNodePtr description = Add(cpf, "description");
  const auto [life_from, life_to] = Lifetime(l);
  if (!life_from.empty() || !life_to.empty()) {
    AddDateRange(Add(description, "existDates"), life_from, life_to);
  }
  if (!l.subject.region.empty()) {
    xmlNodePtr place = Add(description, "place");
    Add(place, "placeRole", "所属行政区域");
    Add(place, "placeEntry", l.subject.region);
  }
  const history::Version* latest = l.versions.empty() ? nullptr : &l.versions.back();
  if (latest && !latest->kind.empty()) {
    xmlNodePtr status = Add(description, "legalStatus");
    Add(status, "term", latest->kind);
  }
  if (latest && !latest->duties.empty()) {
    xmlNodePtr functions = Add(description, "functions");
    std::string cite;
    if (auto it = latest->cites.find("duties"); it != latest->cites.end())
      cite = SourceWords(it->second);
    for (const auto& duty : latest->duties) {
      xmlNodePtr f = Add(functions, "function");
      Add(f, "term", duty);
      AddDateRange(f, latest->valid_from, latest->valid_to);
      if (!cite.empty()) Add(f, "citation", cite);
    }
  }
  if (!l.timeline.empty()) {
    xmlNodePtr chron = Add(Add(description, "biogHist"), "chronList");
    for (const auto& t : l.timeline) {
      xmlNodePtr item = Add(chron, "chronItem");
      AddDate(item, "date", t.event.date);
      Add(item, "event", TimelineWords(t));
    }
  }

  // relations
  std::vector<const Node*> preds, succs;
  for (const auto& n : l.nodes) {
    if (n.id == l.subject.id) continue;
    if (n.relation == "predecessor") preds.push_back(&n);
    if (n.relation == "successor") succs.push_back(&n);
  }
  if (!preds.empty() || !succs.empty() || !l.parents.empty() || !l.children.empty()) {
    xmlNodePtr relations = Add(cpf, "relations");
    auto temporal = [&](const Node& n, bool earlier) {
      // The events linking it toward the subject: out of a predecessor, into a successor.
      std::vector<std::string> notes;
      for (const auto& e : l.edges) {
        if (e.type == "duty_transferred") continue;
        const std::string& near = earlier ? e.to : e.from;
        if ((earlier ? e.from : e.to) != n.id) continue;
        const std::string rel = Relation(l, near);
        if (rel == "subject" || rel == (earlier ? "predecessor" : "successor"))
          notes.push_back(EdgeNote(l, e));
      }
      if (n.distance > 1)
        notes.push_back(std::string(earlier ? "间接前身" : "间接后继") + "，相隔 " +
                        std::to_string(n.distance) + " 次变更。");
      if (notes.empty()) notes.push_back(earlier ? "前身机构。" : "后继机构。");
      AddRelation(relations, xlink, earlier ? "temporal-earlier" : "temporal-later", n.id,
                  Clean(n.name), n.valid_from, n.valid_to, notes);
    };
    for (const Node* n : preds) temporal(*n, true);
    for (const Node* n : succs) temporal(*n, false);
    auto hierarchical = [&](const Link& k, bool parent) {
      std::vector<std::string> notes = {std::string(parent ? "上级主管机关" : "下属机构") + "，" +
                                        PeriodText(k.from, k.to) + "。"};
      // The placing under that starts the link, when the timeline has it.
      for (const auto& t : l.timeline) {
        if (t.event.type != "placed_under" || t.event.date != k.from || k.from.empty()) continue;
        const auto& ids = parent ? t.event.to : t.event.from;
        if (std::find(ids.begin(), ids.end(), k.id) == ids.end()) continue;
        std::string s = std::string(EventLabel(t.event.type)) + "，" + DateOr(t.event.date) + "。";
        const std::string src = SourceWords(t.event.source);
        if (!src.empty()) s += "依据：" + src + "。";
        notes.push_back(s);
      }
      AddRelation(relations, xlink, parent ? "hierarchical-parent" : "hierarchical-child", k.id,
                  Clean(k.name), k.from, k.to, notes);
    };
    for (const auto& k : l.parents) hierarchical(k, true);
    for (const auto& k : l.children) hierarchical(k, false);
  }

  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
  std::string out;
  if (mem) out.assign(reinterpret_cast<const char*>(mem), static_cast<size_t>(size));
  xmlFree(mem);
  xmlFreeDoc(doc);
  return out;
}

}  // namespace sanding::lineage
