// Renderings of overlap reports (Chinese): terminal text, the JSON of docs/cli.md, and one
// self-contained HTML page that prints on A4.
#include <algorithm>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "query/lineage/lineage.h"
#include "query/overlap/overlap.h"

namespace sanding::overlap {
namespace {

using Marks = std::vector<std::pair<uint32_t, uint32_t>>;
using lineage::CitationText;
using lineage::EventLabel;
using lineage::PeriodText;

std::string Percent(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", score * 100.0);
  return buf;
}

// Sorted, merged, clipped to the text and to UTF-8 character starts.
Marks Clean(const std::string& text, Marks marks) {
  auto char_start = [&](uint32_t p) {
    while (p > 0 && p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
    return p;
  };
  auto char_end = [&](uint32_t p) {
    while (p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) ++p;
    return p;
  };
  Marks out;
  std::sort(marks.begin(), marks.end());
  for (auto [b, e] : marks) {
    b = char_start(std::min<uint32_t>(b, static_cast<uint32_t>(text.size())));
    e = char_end(std::min<uint32_t>(e, static_cast<uint32_t>(text.size())));
    if (b >= e) continue;
    if (!out.empty() && b <= out.back().second) out.back().second = std::max(out.back().second, e);
    else out.emplace_back(b, e);
  }
  return out;
}

// `text` with each mark wrapped in open/close; every piece passed through `esc`.
template <typename Esc>
std::string Marked(const std::string& text, const Marks& raw, const std::string& open,
                   const std::string& close, Esc esc) {
  std::string out;
  uint32_t at = 0;
  for (auto [b, e] : Clean(text, raw)) {
    out += esc(text.substr(at, b - at));
    out += open;
    out += esc(text.substr(b, e - b));
    out += close;
    at = e;
  }
  out += esc(text.substr(at));
  return out;
}

std::string Plain(const std::string& s) { return s; }

std::string Html(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string TextMarked(const std::string& text, const Marks& marks, bool color) {
  return color ? Marked(text, marks, "\x1b[1;33m", "\x1b[0m", Plain)
               : Marked(text, marks, "【", "】", Plain);
}

std::string HtmlMarked(const std::string& text, const Marks& marks) {
  return Marked(text, marks, "<mark>", "</mark>", Html);
}

std::string Joined(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// "清编〔2019〕3号 第2页《关于…》"
std::string SourceText(const history::Citation& c) {
  std::string s = CitationText(c);
  if (!c.doc_number.empty() && !c.title.empty()) s += "《" + c.title + "》";
  return s;
}

std::string ThresholdText(double t) { return Percent(t); }

std::string MovedLine(const MovedMatch& m) {
  std::string s = m.date + " " + EventLabel(m.event_type);
  if (!m.to_names.empty()) s += " → " + Joined(m.to_names, "、");
  s += "（" + SourceText(m.source) + "）";
  return s;
}

nlohmann::json MarksJson(const Marks& marks) {
  nlohmann::json j = nlohmann::json::array();
  for (auto [b, e] : marks) j.push_back({b, e});
  return j;
}

nlohmann::json OptionsJson(const Options& o) {
  return {{"as_of", o.as_of},
          {"region", o.region},
          {"threshold", o.threshold},
          {"per_clause", o.per_clause},
          {"candidates", o.candidates},
          {"exclude", o.exclude_institutions}};
}

nlohmann::json MatchJson(const ClauseMatch& m) {
  return {{"institution", m.institution},  {"name", m.name},
          {"version_from", m.version_from}, {"version_to", m.version_to},
          {"clause_index", m.clause_index}, {"text", m.text},
          {"score", m.score},               {"shared", m.shared},
          {"draft_marks", MarksJson(m.draft_marks)}, {"marks", MarksJson(m.marks)},
          {"source", m.source}};
}

nlohmann::json MovedJson(const MovedMatch& m) {
  nlohmann::json to = nlohmann::json::array();
  for (size_t i = 0; i < m.to.size(); ++i)
    to.push_back({{"id", m.to[i]}, {"name", i < m.to_names.size() ? m.to_names[i] : m.to[i]}});
  return {{"match", MatchJson(m.match)}, {"event_id", m.event_id},
          {"event_type", m.event_type},  {"label", EventLabel(m.event_type)},
          {"date", m.date},              {"to", to},
          {"source", m.source}};
}

nlohmann::json PairJson(const PairOverlap& p) {
  nlohmann::json clauses = nlohmann::json::array();
  for (const auto& c : p.pairs) {
    clauses.push_back({{"a_index", c.a_index}, {"b_index", c.b_index}, {"a_text", c.a_text},
                       {"b_text", c.b_text}, {"score", c.score}, {"shared", c.shared},
                       {"a_marks", MarksJson(c.a_marks)}, {"b_marks", MarksJson(c.b_marks)}});
  }
  nlohmann::json moved = nlohmann::json::array();
  for (const auto& m : p.moved) moved.push_back(MovedJson(m));
  return {{"a", p.a},
          {"b", p.b},
          {"a_name", p.a_name},
          {"b_name", p.b_name},
          {"a_version", p.a_version},
          {"b_version", p.b_version},
          {"a_source", p.a_source},
          {"b_source", p.b_source},
          {"best", p.best},
          {"clause_pair_count", p.clause_pairs},
          {"clause_pairs", clauses},
          {"moved", moved}};
}

// ---- HTML frame ---------------------------------------------------------------------------------

const char* kCss = R"CSS(
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif;
       color: #111; background: #fff; margin: 0 auto; max-width: 190mm; padding: 8mm 0;
       font-size: 11pt; line-height: 1.6; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 13pt; border-bottom: 1px solid #888; padding-bottom: 1mm; margin: 7mm 0 3mm;
     page-break-after: avoid; break-after: avoid; }
.meta { color: #333; font-size: 10pt; margin: 0 0 2mm; }
.meta span { margin-right: 6mm; }
.clause { border: 1px solid #bbb; border-radius: 2mm; padding: 3mm 4mm; margin: 0 0 4mm;
          page-break-inside: avoid; break-inside: avoid; }
.clause .draft { font-weight: bold; margin-bottom: 2mm; }
.match { border-top: 1px dashed #ccc; padding: 2mm 0 1mm; }
.match:first-of-type { border-top: none; }
.score { display: inline-block; min-width: 12mm; font-weight: bold; }
.high { color: #a40000; } .mid { color: #8a5a00; } .low { color: #335; }
.body { font-weight: bold; }
.small { font-size: 9.5pt; color: #444; }
.none { color: #555; font-style: italic; }
.moved { color: #555; font-size: 9.5pt; }
mark { background: #fff2a8; color: inherit; padding: 0 0.5pt;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; margin: 0 0 4mm; }
th, td { border: 1px solid #999; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
th { background: #f1f1f1; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
.pair { page-break-inside: avoid; break-inside: avoid; margin: 0 0 5mm; }
footer { margin-top: 8mm; font-size: 9pt; color: #555; border-top: 1px solid #ccc; padding-top: 2mm; }
@media print {
  body { padding: 0; max-width: none; }
  h2 { page-break-after: avoid; }
  .clause, .pair { page-break-inside: avoid; }
}
)CSS";

std::string Head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         Html(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
}

std::string ScoreClass(double s) { return s >= 0.8 ? "high" : s >= 0.65 ? "mid" : "low"; }

std::string Foot() {
  return "<footer>相似度为职责条款的加权要点重合程度（0–100%），仅供比对分析参考；"
         "“已划出”的条款因有职责划转或机构撤并的记录，不计入交叉。由 sanding 机构编制档案库生成。"
         "</footer>\n</body>\n</html>\n";
}

}  // namespace

// ---- Text ---------------------------------------------------------------------------------------

std::string RenderText(const DraftReport& r, bool color) {
  const Options& o = r.options;
  std::string s;
  s += "职能交叉比对报告（查重）\n";
  s += "草案：" + (r.source.label.empty() ? std::string("（未命名）") : r.source.label);
  if (!r.source.sha256.empty()) s += "  [" + r.source.sha256.substr(0, 12) + "]";
  s += "\n比对日期：" + o.as_of + "；地区：" + (o.region.empty() ? std::string("全部") : o.region) +
       "；相似度阈值：" + ThresholdText(o.threshold) + "\n";
  s += "比对范围：该日在职的职责条款 " + std::to_string(r.indexed_clauses) + " 条；草案共 " +
       std::to_string(r.clauses.size()) + " 条，其中 " + std::to_string(r.overlapping) +
       " 条与现有职责交叉\n";
  for (size_t i = 0; i < r.clauses.size(); ++i) {
    const DraftClauseResult& c = r.clauses[i];
    const std::string number = c.clause.number.empty() ? std::to_string(i + 1) + "." : c.clause.number;
    s += "\n" + number + " " + c.clause.text + "\n";
    if (c.matches.empty()) s += "    未发现交叉\n";
    for (size_t k = 0; k < c.matches.size(); ++k) {
      const ClauseMatch& m = c.matches[k];
      s += "    " + std::to_string(k + 1) + ") " + Percent(m.score) + "  " + m.name + "（版本 " +
           PeriodText(m.version_from, m.version_to) + "，第" + std::to_string(m.clause_index + 1) +
           "条）\n";
      s += "       草案：" + TextMarked(c.clause.text, m.draft_marks, color) + "\n";
      s += "       现有：" + TextMarked(m.text, m.marks, color) + "\n";
      if (!m.shared.empty()) s += "       共同要点：" + Joined(m.shared, "、") + "\n";
      s += "       来源：" + SourceText(m.source) + "\n";
    }
    if (!c.moved.empty()) {
      s += "    已划出，不计入：\n";
      for (const MovedMatch& m : c.moved) {
        s += "      " + Percent(m.match.score) + "  " + m.match.name + "（版本 " +
             PeriodText(m.match.version_from, m.match.version_to) + "）：" +
             TextMarked(m.match.text, m.match.marks, color) + "\n";
        s += "        " + MovedLine(m) + "\n";
      }
    }
  }
  s += "\n按机构汇总：";
  if (r.bodies.empty()) s += "未发现与现有机构职责交叉\n";
  else s += "\n";
  for (const BodyOverlap& b : r.bodies) {
    s += "  " + b.name + "：交叉 " + std::to_string(b.clauses) + " 条，占草案 " + Percent(b.share) +
         "，最高相似度 " + Percent(b.best) + "\n";
  }
  return s;
}

std::string RenderText(const RegionReport& r, bool color) {
  const Options& o = r.options;
  std::string s;
  s += "地区职能交叉报告：" + (o.region.empty() ? std::string("全部地区") : o.region) + "，" + o.as_of +
       "\n";
  s += "在职机构 " + std::to_string(r.bodies) + " 个，职责条款 " + std::to_string(r.clauses) +
       " 条；精确比对候选条款对 " + std::to_string(r.candidate_pairs) + " 对；相似度阈值 " +
       ThresholdText(o.threshold) + "\n";
  s += "职责交叉的机构：" + std::to_string(r.pairs.size()) + " 对\n";
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const PairOverlap& p = r.pairs[i];
    s += "\n" + std::to_string(i + 1) + ". " + p.a_name + " ⇄ " + p.b_name + "：交叉条款 " +
         std::to_string(p.clause_pairs) + " 对" +
         (p.clause_pairs > p.pairs.size() ? "（列出最相似的 " + std::to_string(p.pairs.size()) + " 对）"
                                          : std::string()) +
         "，最高相似度 " + Percent(p.best) + "\n";
    for (const ClausePair& c : p.pairs) {
      s += "    " + Percent(c.score) + "\n";
      s += "      " + p.a_name + " 第" + std::to_string(c.a_index + 1) + "条：" +
           TextMarked(c.a_text, c.a_marks, color) + "\n";
      s += "      " + p.b_name + " 第" + std::to_string(c.b_index + 1) + "条：" +
           TextMarked(c.b_text, c.b_marks, color) + "\n";
    }
    s += "    来源：" + p.a_name + " " + SourceText(p.a_source) + "；" + p.b_name + " " +
         SourceText(p.b_source) + "\n";
    for (const MovedMatch& m : p.moved)
      s += "    已划出，不计入：" + m.match.name + "“" + m.match.text + "”，" + MovedLine(m) + "\n";
  }
  if (!r.moved.empty()) {
    s += "\n已划出，不计入（条款相似，但有职责划转或机构撤并的记录）：\n";
    for (const PairOverlap& p : r.moved) {
      for (const MovedMatch& m : p.moved) {
        s += "  " + p.a_name + " ⇄ " + p.b_name + "：" + Percent(m.match.score) + " " +
             m.match.name + "“" + m.match.text + "”，" + MovedLine(m) + "\n";
      }
    }
  }
  return s;
}

// ---- JSON ---------------------------------------------------------------------------------------

nlohmann::json ToJson(const DraftReport& r) {
  nlohmann::json clauses = nlohmann::json::array();
  for (const auto& c : r.clauses) {
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& m : c.matches) matches.push_back(MatchJson(m));
    nlohmann::json moved = nlohmann::json::array();
    for (const auto& m : c.moved) moved.push_back(MovedJson(m));
    clauses.push_back({{"number", c.clause.number},
                       {"text", c.clause.text},
                       {"matches", matches},
                       {"moved", moved}});
  }
  nlohmann::json bodies = nlohmann::json::array();
  for (const auto& b : r.bodies) {
    bodies.push_back({{"institution", b.institution},
                      {"name", b.name},
                      {"clauses", b.clauses},
                      {"share", b.share},
                      {"best", b.best}});
  }
  return {{"source", {{"label", r.source.label}, {"sha256", r.source.sha256}}},
          {"options", OptionsJson(r.options)},
          {"as_of", r.options.as_of},
          {"indexed_clauses", r.indexed_clauses},
          {"draft_clauses", r.clauses.size()},
          {"overlapping", r.overlapping},
          {"clauses", clauses},
          {"bodies", bodies}};
}

nlohmann::json ToJson(const RegionReport& r) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& p : r.pairs) pairs.push_back(PairJson(p));
  nlohmann::json moved = nlohmann::json::array();
  for (const auto& p : r.moved) moved.push_back(PairJson(p));
  return {{"options", OptionsJson(r.options)},
          {"as_of", r.options.as_of},
          {"region", r.options.region},
          {"bodies", r.bodies},
          {"clauses", r.clauses},
          {"candidate_pairs", r.candidate_pairs},
          {"clause_pairs_found", r.clause_pairs},
          {"pairs", pairs},
          {"moved", moved}};
}

// ---- HTML ---------------------------------------------------------------------------------------

std::string RenderHtml(const DraftReport& r) {
  const Options& o = r.options;
  const std::string label = r.source.label.empty() ? std::string("（未命名）") : r.source.label;
  std::string h = Head("职能交叉比对报告：" + label);
  h += "<h1>职能交叉比对报告</h1>\n<p class=\"meta\"><span>草案：" + Html(label) + "</span>";
  if (!r.source.sha256.empty()) h += "<span>档案编号：" + Html(r.source.sha256.substr(0, 12)) + "</span>";
  h += "</p>\n<p class=\"meta\"><span>比对日期：" + Html(o.as_of) + "</span><span>地区：" +
       Html(o.region.empty() ? std::string("全部") : o.region) + "</span><span>相似度阈值：" +
       ThresholdText(o.threshold) + "</span></p>\n";
  h += "<p class=\"meta\">比对范围：该日在职的职责条款 " + std::to_string(r.indexed_clauses) +
       " 条；草案共 " + std::to_string(r.clauses.size()) + " 条，其中 <b>" +
       std::to_string(r.overlapping) + "</b> 条与现有职责交叉。</p>\n";

  h += "<h2>按机构汇总</h2>\n";
  if (r.bodies.empty()) {
    h += "<p class=\"none\">未发现与现有机构职责交叉。</p>\n";
  } else {
    h += "<table>\n<thead><tr><th>机构</th><th>交叉条数</th><th>占草案比例</th><th>最高相似度</th>"
         "</tr></thead>\n<tbody>\n";
    for (const BodyOverlap& b : r.bodies) {
      h += "<tr><td>" + Html(b.name) + "</td><td class=\"num\">" + std::to_string(b.clauses) +
           "</td><td class=\"num\">" + Percent(b.share) + "</td><td class=\"num\">" + Percent(b.best) +
           "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
  }

  h += "<h2>逐条比对</h2>\n";
  for (size_t i = 0; i < r.clauses.size(); ++i) {
    const DraftClauseResult& c = r.clauses[i];
    const std::string number = c.clause.number.empty() ? std::to_string(i + 1) + "." : c.clause.number;
    h += "<section class=\"clause\">\n<div class=\"draft\">" + Html(number) + " " + Html(c.clause.text) +
         "</div>\n";
    if (c.matches.empty()) h += "<div class=\"none\">未发现交叉</div>\n";
    for (const ClauseMatch& m : c.matches) {
      h += "<div class=\"match\"><span class=\"score " + ScoreClass(m.score) + "\">" + Percent(m.score) +
           "</span> <span class=\"body\">" + Html(m.name) + "</span> <span class=\"small\">版本 " +
           Html(PeriodText(m.version_from, m.version_to)) + "，第" + std::to_string(m.clause_index + 1) +
           "条</span><br>\n";
      h += "草案：" + HtmlMarked(c.clause.text, m.draft_marks) + "<br>\n";
      h += "现有：" + HtmlMarked(m.text, m.marks) + "<br>\n";
      if (!m.shared.empty()) h += "<span class=\"small\">共同要点：" + Html(Joined(m.shared, "、")) + "</span><br>\n";
      h += "<span class=\"small\">来源：" + Html(SourceText(m.source)) + "</span></div>\n";
    }
    if (!c.moved.empty()) {
      h += "<div class=\"moved\">已划出，不计入：<ul>\n";
      for (const MovedMatch& m : c.moved) {
        h += "<li>" + Percent(m.match.score) + " " + Html(m.match.name) + "（版本 " +
             Html(PeriodText(m.match.version_from, m.match.version_to)) + "）：" +
             HtmlMarked(m.match.text, m.match.marks) + "<br>" + Html(MovedLine(m)) + "</li>\n";
      }
      h += "</ul></div>\n";
    }
    h += "</section>\n";
  }
  h += Foot();
  return h;
}

std::string RenderHtml(const RegionReport& r) {
  const Options& o = r.options;
  const std::string region = o.region.empty() ? std::string("全部地区") : o.region;
  std::string h = Head("地区职能交叉报告：" + region + " " + o.as_of);
  h += "<h1>地区职能交叉报告</h1>\n<p class=\"meta\"><span>地区：" + Html(region) +
       "</span><span>日期：" + Html(o.as_of) + "</span><span>相似度阈值：" + ThresholdText(o.threshold) +
       "</span></p>\n";
  h += "<p class=\"meta\">在职机构 " + std::to_string(r.bodies) + " 个，职责条款 " +
       std::to_string(r.clauses) + " 条，精确比对候选条款对 " + std::to_string(r.candidate_pairs) +
       " 对；职责交叉的机构 <b>" + std::to_string(r.pairs.size()) + "</b> 对。</p>\n";
  h += "<h2>交叉机构一览</h2>\n";
  if (r.pairs.empty()) {
    h += "<p class=\"none\">未发现职责交叉的机构。</p>\n";
  } else {
    h += "<table>\n<thead><tr><th>序号</th><th>机构甲</th><th>机构乙</th><th>交叉条款</th>"
         "<th>最高相似度</th></tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < r.pairs.size(); ++i) {
      const PairOverlap& p = r.pairs[i];
      h += "<tr><td class=\"num\">" + std::to_string(i + 1) + "</td><td>" + Html(p.a_name) + "</td><td>" +
           Html(p.b_name) + "</td><td class=\"num\">" + std::to_string(p.clause_pairs) +
           "</td><td class=\"num\">" + Percent(p.best) + "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
  }
  h += "<h2>交叉条款</h2>\n";
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const PairOverlap& p = r.pairs[i];
    h += "<section class=\"pair\">\n<div class=\"draft\"><b>" + std::to_string(i + 1) + ". " +
         Html(p.a_name) + " ⇄ " + Html(p.b_name) + "</b></div>\n";
    h += "<table>\n<thead><tr><th>相似度</th><th>" + Html(p.a_name) + "</th><th>" + Html(p.b_name) +
         "</th></tr></thead>\n<tbody>\n";
    for (const ClausePair& c : p.pairs) {
      h += "<tr><td class=\"num\"><span class=\"score " + ScoreClass(c.score) + "\">" + Percent(c.score) +
           "</span></td><td>" + HtmlMarked(c.a_text, c.a_marks) + "</td><td>" +
           HtmlMarked(c.b_text, c.b_marks) + "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n<p class=\"small\">来源：" + Html(p.a_name + " " + SourceText(p.a_source)) +
         "；" + Html(p.b_name + " " + SourceText(p.b_source)) + "</p>\n";
    for (const MovedMatch& m : p.moved) {
      h += "<p class=\"moved\">已划出，不计入：" + Html(m.match.name) + "“" + Html(m.match.text) + "”，" +
           Html(MovedLine(m)) + "</p>\n";
    }
    h += "</section>\n";
  }
  if (!r.moved.empty()) {
    h += "<h2>已划出，不计入</h2>\n<ul class=\"moved\">\n";
    for (const PairOverlap& p : r.moved) {
      for (const MovedMatch& m : p.moved) {
        h += "<li>" + Html(p.a_name) + " ⇄ " + Html(p.b_name) + "：" + Percent(m.match.score) + " " +
             Html(m.match.name) + "“" + HtmlMarked(m.match.text, m.match.marks) + "”，" +
             Html(MovedLine(m)) + "</li>\n";
      }
    }
    h += "</ul>\n";
  }
  h += Foot();
  return h;
}

}  // namespace sanding::overlap
