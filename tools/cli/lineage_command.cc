// `sanding lineage`: an institution's whole history for researchers — name resolution, timeline,
// predecessors and successors (text, JSON, DOT, SVG, EAC-CPF), its state as of a date, what
// changed between two versions or dates, where a duty came from and went, and region views.
#include <ctime>
#include <iostream>

#include "query/lineage/diff.h"
#include "query/lineage/lineage.h"
#include "query/lineage/provenance.h"
#include "query/lineage/render.h"
#include "tools/cli/cli.h"

namespace sanding::cli {
namespace {

using lineage::CitationText;
using lineage::EventLabel;
using lineage::PeriodText;

struct LineageOptions {
  GlobalOptions g;
  std::string name;
  std::string as_of;
  int64_t tx = -1;
  bool dot = false, svg = false, eac = false;
  std::vector<std::string> diff;
  std::string duty;
  std::string region;
  int year = 0;
  bool regions = false;
  std::string agency = "sanding 机构编制档案库";
};

bool IsDate(const std::string& s) { return lineage::IsIsoDate(s); }

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Cite(const history::Version& v, const char* field) {
  auto it = v.cites.find(field);
  return it == v.cites.end() ? std::string() : "（" + CitationText(it->second) + "）";
}

void PrintCandidates(const lineage::Resolution& r, std::ostream& out) {
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    const auto& c = r.candidates[i];
    out << "  " << i + 1 << ". " << c.current_name << "  [" << c.institution << "]  存续 "
        << PeriodText(c.valid_from, c.valid_to);
    if (c.matched != c.current_name) {
      out << "；" << (c.how == "abbreviation" ? "简称" : c.how == "guess" ? "可能的简称" : "曾用名")
          << "“" << c.matched << "”使用于 " << PeriodText(c.name_from, c.name_to);
    }
    if (!c.region.empty()) out << "；" << c.region;
    out << "\n";
  }
}

void PrintState(const lineage::Lineage& l) {
  std::cout << "\n【" << l.as_of << " 的状态】\n";
  if (!l.state) {
    std::cout << "  该日期不在此机构的任何版本内（存续 " << PeriodText(l.institution.valid_from, l.institution.valid_to)
              << "）\n";
    return;
  }
  const auto& v = *l.state;
  std::cout << "  版本：" << PeriodText(v.valid_from, v.valid_to) << Cite(v, "start") << "\n";
  std::cout << "  名称：" << v.name << Cite(v, "name") << "\n";
  if (!v.abbreviations.empty()) {
    std::cout << "  简称：";
    for (size_t i = 0; i < v.abbreviations.size(); ++i) std::cout << (i ? "、" : "") << v.abbreviations[i];
    std::cout << Cite(v, "abbreviations") << "\n";
  }
  // A source is shown only beside a stated value.
  auto field = [&](const char* label, const std::string& value, const char* key) {
    std::cout << "  " << label << "：" << (value.empty() ? "未见记载" : value + Cite(v, key)) << "\n";
  };
  field("规格", v.rank, "rank");
  field("机构类型", v.kind, "kind");
  field("上级", v.parent.empty() ? "" : l.state_parent_name, "parent");
  std::cout << "  主要职责" << (v.duties.empty() ? "：未见记载" : Cite(v, "duties") + "：") << "\n";
  for (size_t i = 0; i < v.duties.size(); ++i) std::cout << "    " << i + 1 << ". " << v.duties[i] << "\n";
  std::cout << "  内设机构" << (v.units.empty() ? "：未见记载" : Cite(v, "units") + "：") << "\n";
  for (const auto& u : v.units) std::cout << "    " << u.name << "\n";
  std::cout << "  人员编制" << (v.staffing.empty() ? "" : Cite(v, "staffing")) << "：";
  if (v.staffing.empty()) std::cout << "未见记载";
  for (size_t i = 0; i < v.staffing.size(); ++i) {
    const auto& e = v.staffing[i];
    std::cout << (i ? "，" : "") << (e.post.empty() ? e.type : e.post) << e.count << "名";
  }
  std::cout << "\n";
}

void PrintLineage(const lineage::Lineage& l) {
  const auto& inst = l.institution;
  std::cout << l.subject.name << "  [" << inst.id << "]\n";
  std::cout << "  存续：" << PeriodText(inst.valid_from, inst.valid_to);
  if (!l.subject.region.empty()) std::cout << "；地区：" << l.subject.region;
  std::cout << "\n";
  if (l.subject.names.size() > 1) {
    std::cout << "  名称沿革：";
    for (size_t i = 0; i < l.subject.names.size(); ++i) std::cout << (i ? " → " : "") << l.subject.names[i];
    std::cout << "\n";
  }
  std::cout << "\n【大事记】" << (l.timeline.empty() ? "未见记载" : "") << "\n";
  for (const auto& t : l.timeline) {
    const auto& e = t.event;
    std::cout << "  " << e.date << "  " << EventLabel(e.type) << "  ";
    auto names = [](const std::vector<lineage::Ref>& refs) {
      std::string s;
      for (const auto& r : refs) s += (s.empty() ? "" : "、") + r.name;
      return s;
    };
    if (!t.from.empty()) std::cout << names(t.from);
    if (!t.from.empty() && !t.to.empty()) std::cout << " → ";
    if (!t.to.empty()) std::cout << names(t.to);
    if (!e.duty.empty()) std::cout << "（" << e.duty << "）";
    if (!e.detail.empty()) std::cout << "（" << e.detail << "）";
    std::cout << "\n      来源：" << CitationText(e.source);
    if (!e.source.title.empty() && !e.source.doc_number.empty()) std::cout << "《" << e.source.title << "》";
    std::cout << "\n";
  }
  std::cout << "\n【沿革关系】\n" << lineage::RenderTree(l);
  if (!l.parents.empty() || !l.children.empty()) std::cout << "\n【隶属关系】\n";
  for (const auto& p : l.parents) std::cout << "  上级：" << p.name << "  " << PeriodText(p.from, p.to) << "\n";
  for (const auto& c : l.children) std::cout << "  下属：" << c.name << "  " << PeriodText(c.from, c.to) << "\n";
  if (!l.conflicts.empty())
    std::cout << "\n有 " << l.conflicts.size() << " 处来源不一致，见 sanding conflicts\n";
  if (!l.as_of.empty()) PrintState(l);
}

int RunRegion(const LineageOptions& o, lineage::Source& source) {
  auto region = lineage::ResolveRegion(source, o.region);
  if (!region.ok()) return ReportError(region.status());
  if (o.year != 0) {
    auto y = lineage::RegionChanges(source, *region, o.year);
    if (!y.ok()) return ReportError(y.status());
    if (o.g.json) {
      PrintJson(*y);
      return kExitOk;
    }
    std::cout << *region << " " << o.year << " 年的机构变动：共 " << y->events.size() << " 项";
    for (const auto& [type, n] : y->counts) std::cout << "，" << EventLabel(type) << " " << n;
    std::cout << "\n";
    for (const auto& t : y->events) {
      std::cout << "  " << t.event.date << "  " << EventLabel(t.event.type) << "  ";
      std::string from, to;
      for (const auto& r : t.from) from += (from.empty() ? "" : "、") + r.name;
      for (const auto& r : t.to) to += (to.empty() ? "" : "、") + r.name;
      std::cout << from << (!from.empty() && !to.empty() ? " → " : "") << to;
      if (!t.event.duty.empty()) std::cout << "（" << t.event.duty << "）";
      std::cout << "  " << CitationText(t.event.source) << "\n";
    }
    return kExitOk;
  }
  if (o.as_of.empty()) {
    std::cerr << "错误：--region 需要 --as-of 日期（组织机构图）或 --year 年份（当年的变动）\n";
    return kExitUsage;
  }
  auto chart = lineage::RegionAsOf(source, *region, o.as_of);
  if (!chart.ok()) return ReportError(chart.status());
  if (o.g.json) {
    PrintJson(*chart);
    return kExitOk;
  }
  std::cout << *region << " " << o.as_of << " 的机构设置：共 " << chart->bodies.size() << " 个\n";
  for (const auto& b : chart->bodies) {
    std::cout << std::string(2 + 4 * b.depth, ' ') << b.name;
    std::string tags;
    for (const auto* t : {&b.kind, &b.rank}) {
      if (!t->empty()) tags += (tags.empty() ? "" : "，") + *t;
    }
    if (b.staffing > 0) tags += (tags.empty() ? "" : "，") + std::string("编制 ") + std::to_string(b.staffing) + " 名";
    if (!tags.empty()) std::cout << "（" << tags << "）";
    if (b.depth == 0 && !b.parent_name.empty()) std::cout << "  上级：" << b.parent_name;
    std::cout << "\n";
  }
  return kExitOk;
}

int Run(const LineageOptions& o) {
  auto dir = DataDir::Open(o.g.data_dir);
  if (!dir.ok()) return ReportError(dir.status());
  Store& store = (*dir)->store();
  std::optional<uint64_t> tx;
  if (o.tx >= 0) tx = static_cast<uint64_t>(o.tx);
  auto source = lineage::StoreSource(store, tx);
  if (!source.ok()) return ReportError(source.status());
  lineage::Source& src = **source;

  if (!o.as_of.empty() && !IsDate(o.as_of)) {
    std::cerr << "错误：--as-of 应为日期，如 2010-01-01\n";
    return kExitUsage;
  }
  if (o.regions) {
    auto regions = lineage::Regions(src);
    if (!regions.ok()) return ReportError(regions.status());
    if (o.g.json) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& [r, n] : *regions) j.push_back({{"region", r}, {"institutions", n}});
      PrintJson(j);
    } else {
      for (const auto& [r, n] : *regions) std::cout << r << "  " << n << " 个机构\n";
    }
    return kExitOk;
  }
  if (!o.region.empty()) return RunRegion(o, src);
  if (o.name.empty()) {
    std::cerr << "错误：请给出机构名称（或 --region 地区）\n";
    return kExitUsage;
  }

  auto resolution = lineage::Resolve(src, o.name, o.as_of);
  if (!resolution.ok()) return ReportError(resolution.status());
  if (resolution->candidates.empty()) {
    // A store written before the lookup rows existed has institutions but no cards.
    bool institutions = false, cards = false;
    auto last = store.LastChainTx();
    const uint64_t at = tx ? *tx : (last.ok() ? *last : 0);
    (void)store.ScanChain(ChainKind::kInstitution, "", at, [&](const ChainRow&) { return !(institutions = true); });
    (void)store.ScanChain(ChainKind::kCard, "", at, [&](const ChainRow&) { return !(cards = true); });
    if (institutions && !cards)
      return ReportError(Status::NotFound("沿革的查询索引尚未建立（运行 sanding extract 可补建）"));
    return ReportError(Status::NotFound("沿革中没有名为“" + o.name + "”的机构（可用 sanding history 查看全部机构）"));
  }
  if (resolution->ambiguous) {
    if (o.g.json) {
      PrintJson(*resolution);
    } else {
      std::cerr << "“" << o.name << "”可指多个机构，请用全称或编号再查：\n";
      PrintCandidates(*resolution, std::cerr);
    }
    return kExitError;
  }
  const auto& chosen = resolution->candidates.front();
  if (chosen.how == "guess" && !o.g.json)
    std::cerr << "提示：没有名为“" << o.name << "”的机构，按简称推测为“" << chosen.matched << "”\n";
  const std::string id = chosen.institution;

  if (o.diff.size() == 2) {
    auto a = lineage::DiffPointDate(src, id, o.diff[0]);
    if (!a.ok()) return ReportError(a.status());
    auto b = lineage::DiffPointDate(src, id, o.diff[1]);
    if (!b.ok()) return ReportError(b.status());
    auto d = lineage::DiffDates(src, id, *a, *b);
    if (!d.ok()) return ReportError(d.status());
    if (o.g.json) PrintJson(*d);
    else std::cout << lineage::RenderDiff(*d);
    return kExitOk;
  }
  if (!o.duty.empty()) {
    auto p = lineage::TraceDuty(src, id, o.duty, o.as_of);
    if (!p.ok()) return ReportError(p.status());
    if (o.g.json) PrintJson(*p);
    else std::cout << lineage::RenderProvenance(*p);
    return kExitOk;
  }

  lineage::LineageOptions lo;
  lo.as_of = o.as_of;
  auto l = lineage::BuildLineage(src, id, lo);
  if (!l.ok()) return ReportError(l.status());
  if (o.dot) {
    std::cout << lineage::RenderDot(*l);
  } else if (o.svg) {
    auto svg = lineage::RenderSvg(*l);
    if (!svg.ok()) return ReportError(svg.status());
    std::cout << *svg;
  } else if (o.eac) {
    std::cout << lineage::RenderEacCpf(*l, o.agency, NowIso());
  } else if (o.g.json) {
    nlohmann::json j = *l;
    j["resolution"] = *resolution;
    PrintJson(j);
  } else {
    PrintLineage(*l);
  }
  return kExitOk;
}

}  // namespace

void RegisterLineage(CLI::App& app, Action& run) {
  auto o = std::make_shared<LineageOptions>();
  CLI::App* cmd = app.add_subcommand(
      "lineage", "机构沿革：名称（现名、曾用名、简称、繁体均可）、大事记、前身与后继、某日的状态、版本比较、职责来龙去脉、地区机构图");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("name", o->name, "机构名称或编号");
  cmd->add_option("--as-of", o->as_of, "查看该日期（如 2010-01-01）的状态");
  cmd->add_option("--tx", o->tx, "按第 N 次沿革记录时的样子回答");
  auto* fmt = cmd->add_option_group("格式");
  fmt->add_flag("--dot", o->dot, "以 Graphviz DOT 输出沿革关系图");
  fmt->add_flag("--svg", o->svg, "以 SVG 输出沿革关系图（Graphviz 排版）");
  fmt->add_flag("--eac", o->eac, "以 EAC-CPF 2010 XML 输出（供档案系统交换）");
  fmt->require_option(0, 1);
  cmd->add_option("--diff", o->diff, "比较两个日期或版本（如 --diff 2001-01-01 2019-06-01 或 --diff v1 v3）")
      ->expected(2);
  cmd->add_option("--duty", o->duty, "追溯一项职责的来龙去脉（如 价格监督检查）");
  cmd->add_option("--region", o->region, "地区（如 清河市）：配合 --as-of 给出机构图，配合 --year 给出当年变动");
  cmd->add_option("--year", o->year, "改革年份（配合 --region）");
  cmd->add_flag("--regions", o->regions, "列出沿革中的地区");
  cmd->add_option("--agency", o->agency, "EAC-CPF 中的维护机构名称");
  cmd->callback([o, &run] { run = [o] { return Run(*o); }; });
}

}  // namespace sanding::cli
