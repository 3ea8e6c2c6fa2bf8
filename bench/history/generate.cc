// The generated archive of the benchmarks: see generate.h.
#include "bench/history/generate.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <stdexcept>

namespace sanding::bench {

using extract::DocumentFacts;
using extract::DutyClause;
using extract::Event;
using extract::Mention;
using extract::StaffingItem;
using extract::Unit;
using history::SourceDocument;

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A stand-in for a file's sha256: 64 hex digits derived from the document's serial.
std::string FakeSha(uint64_t seed, uint64_t serial) {
  std::string out;
  char buf[17];
  uint64_t x = seed * 0x100000001b3ULL + serial;
  for (int i = 0; i < 4; ++i) {
    x = SplitMix(x);
    std::snprintf(buf, sizeof buf, "%016" PRIx64, x);
    out += buf;
  }
  return out;
}

std::string Date(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

Mention M(const std::string& text) {
  Mention m;
  m.text = text;
  return m;
}

Event Ev(const std::string& type, std::vector<Mention> from, std::vector<Mention> to,
         const std::string& text) {
  Event e;
  e.type = type;
  e.from = std::move(from);
  e.to = std::move(to);
  e.text = text;
  return e;
}

extract::Field F(const std::string& value) {
  extract::Field f;
  f.value = value;
  f.as_written = value;
  f.confidence = 1;
  return f;
}

namespace {

// ---- vocabulary ----
const std::vector<std::string> kCityFirst = {
    "清", "临", "安", "长", "永", "平", "宁", "江", "新", "东", "西", "南", "北", "兴", "龙",
    "云", "泰", "华", "德", "凤", "宜", "丰", "广", "武", "常", "嘉", "金", "玉", "青", "白"};
const std::vector<std::string> kCitySecond = {
    "河", "川", "阳", "山", "安", "平", "源", "宁", "江", "城", "口", "水", "丰", "乐", "林",
    "溪", "陵", "原", "泉", "湖"};

// Policy fields; an institution's name is field + suffix. The first 50 (with their usual
// suffix) are each city's bodies in 1983; renames draw unused field/suffix combinations.
struct Field {
  const char* field;
  const char* suffix;
};
const std::vector<Field> kFields = {
    {"发展和改革", "委员会"}, {"财政", "局"},       {"民政", "局"},       {"教育", "局"},
    {"科学技术", "局"},       {"工业和信息化", "局"}, {"公安", "局"},    {"司法", "局"},
    {"人力资源和社会保障", "局"}, {"自然资源", "局"}, {"生态环境", "局"}, {"住房和城乡建设", "局"},
    {"交通运输", "局"},       {"水利", "局"},       {"农业农村", "局"},   {"商务", "局"},
    {"文化和旅游", "局"},     {"卫生健康", "委员会"}, {"退役军人事务", "局"}, {"应急管理", "局"},
    {"审计", "局"},           {"市场监督管理", "局"}, {"统计", "局"},    {"医疗保障", "局"},
    {"林业", "局"},           {"体育", "局"},       {"信访", "局"},       {"机关事务管理", "局"},
    {"地方金融监督管理", "局"}, {"国有资产监督管理", "委员会"}, {"粮食", "局"}, {"档案", "局"},
    {"人民防空", "办公室"},   {"城市管理", "局"},   {"外事", "办公室"},   {"侨务", "办公室"},
    {"民族宗教事务", "局"},   {"大数据", "局"},     {"行政审批服务", "局"}, {"扶贫开发", "办公室"},
    {"供销合作", "社"},       {"物价", "局"},       {"广播电视", "局"},   {"新闻出版", "局"},
    {"旅游发展", "委员会"},   {"环境保护", "局"},   {"安全生产监督管理", "局"}, {"食品药品监督管理", "局"},
    {"编制", "委员会办公室"}, {"地方志编纂", "办公室"}};
const std::vector<std::string> kSuffixes = {"局", "委员会", "办公室", "管理局", "事务中心"};
const std::vector<std::string> kRanks = {"副科级", "正科级", "副处级", "正处级", "副厅级", "正厅级"};
const std::vector<std::string> kUnits = {"办公室",     "政策法规科", "综合规划科", "财务审计科",
                                         "人事科",     "监督检查科", "信息化科",   "行政审批科",
                                         "宣传教育科", "安全保卫科"};
const std::vector<std::string> kDutyTemplates = {
    "贯彻执行国家和省有关{F}工作的方针政策和法律法规，拟订全市{F}工作的政策措施并组织实施",
    "负责全市{F}工作的统筹规划，编制{F}事业发展中长期规划和年度计划",
    "负责{F}领域的行政许可和相关审批事项的办理",
    "负责{F}领域的监督检查，依法查处违法违规行为",
    "组织开展{F}领域的调查研究和统计分析，发布有关信息",
    "负责{F}领域的标准化和信息化建设",
    "指导县（市、区）{F}工作，组织{F}队伍的业务培训",
    "负责{F}领域的对外交流与合作",
    "负责{F}领域的应急处置和风险防范工作",
    "承担{F}领域资金的监督管理"};
const std::vector<std::string> kDutyTransfers = {
    "{F}行业管理", "{F}规划编制", "{F}统计监测", "{F}行政执法", "{F}审批服务",
    "{F}资金管理", "{F}信息发布", "{F}标准制定"};

std::string Fill(std::string tmpl, const std::string& f) {
  for (size_t at; (at = tmpl.find("{F}")) != std::string::npos;) tmpl.replace(at, 3, f);
  return tmpl;
}

// ---- the generator ----
struct Body {
  std::string name;  // current full name
  size_t field = 0;  // its current policy field (for duties)
  int rank = 3;      // index into kRanks
  int staffing = 0;  // 行政编制 in force
  int reg_year = 0;  // the year of its 三定
  bool alive = true;
  bool merged_to_ok = true;
  // Revisions only: the years of its revised 三定 and what its latest 三定 printed.
  std::vector<int> rev_years;
  std::vector<size_t> duty_tmpl;            // kDutyTemplates indexes of its template clauses
  std::vector<std::string> extra_duties;    // clauses added by revisions (already filled)
  std::vector<size_t> reworded;             // duty_tmpl positions reworded so far (kept)
  std::vector<size_t> units;                // kUnits indexes
};


class Generator {
 public:
  explicit Generator(const GenerateOptions& o)
      : opt_(o), cities_(o.cities), seed_(o.seed), rng_(o.seed), rev_(SplitMix(o.seed ^ 0x7265766973696f6eULL)) {}

  Generated Run() {
    std::vector<std::string> names;
    for (const auto& a : kCityFirst) {
      for (const auto& b : kCitySecond) {
        if (a != b) names.push_back(a + b);
      }
    }
    if (static_cast<size_t>(cities_) > names.size())
      throw std::runtime_error("--cities 最多 " + std::to_string(names.size()));
    rng_.Shuffle(names);
    names.resize(cities_);
    for (const auto& c : names) City(c);
    out_.institutions = static_cast<size_t>(cities_) * kFields.size();
    return std::move(out_);
  }

 private:
  SourceDocument& NewDoc(const std::string& kind, const std::string& number,
                         const std::string& date, const std::string& title,
                         const std::string& sha = "") {
    out_.docs.emplace_back();
    SourceDocument& d = out_.docs.back();
    d.sha256 = sha.empty() ? FakeSha(seed_, serial_++) : sha;
    d.facts.extractor = "history-bench";
    d.facts.files = {d.sha256};
    d.facts.script = "simplified";
    d.facts.kind = F(kind);
    d.facts.doc_number = F(number);
    d.facts.date = F(date);
    d.facts.title = F(title);
    return d;
  }

  void Add(SourceDocument& d, Event e) {
    ++out_.events;
    ++out_.by_type[e.type];
    d.facts.events.push_back(std::move(e));
  }

  std::string FreshName(const std::string& city, std::set<std::string>& used, size_t* field) {
    for (int tries = 0; tries < 10000; ++tries) {
      const size_t f = rng_.Below(kFields.size());
      const std::string& suffix = kSuffixes[rng_.Below(kSuffixes.size())];
      std::string name = city + "市" + kFields[f].field + suffix;
      if (used.insert(name).second) {
        *field = f;
        return name;
      }
    }
    throw std::runtime_error("更名用的名称不够");
  }

  void Regulation(const std::string& city, Body& b, int year, const std::string& basis,
                  const std::string& basis_date, int serial) {
    // Dated within 40 days of the reform decision (before July, when the year's staffing
    // approvals start), or in spring when there is none.
    std::string date;
    if (!basis_date.empty()) {
      int m = std::stoi(basis_date.substr(5, 2)), d = std::stoi(basis_date.substr(8, 2));
      d += rng_.Between(5, 40);
      while (d > 28) {
        d -= 28;
        ++m;
      }
      date = Date(year, m, d);
    } else {
      date = Date(year, rng_.Between(3, 6), rng_.Between(1, 28));
    }
    const std::string reg = b.name + "主要职责内设机构和人员编制规定";
    SourceDocument& d =
        NewDoc("三定规定", city + "政办发〔" + std::to_string(year) + "〕" + std::to_string(serial) + "号",
               date, city + "市人民政府办公室关于印发《" + reg + "》的通知");
    DocumentFacts& f = d.facts;
    f.regulation_title = F(reg);
    f.subjects = {M(b.name)};
    if (!basis.empty()) f.basis = F(basis);
    const std::string field = kFields[b.field].field;
    std::vector<size_t> duty_idx(kDutyTemplates.size());
    for (size_t i = 0; i < duty_idx.size(); ++i) duty_idx[i] = i;
    rng_.Shuffle(duty_idx);
    const int n_duties = rng_.Between(5, 8);
    static const char* kNum[] = {"（一）", "（二）", "（三）", "（四）", "（五）",
                                 "（六）", "（七）", "（八）", "（九）"};
    b.duty_tmpl.clear();
    for (int i = 0; i < n_duties; ++i) {
      DutyClause c;
      c.number = kNum[i];
      c.text = Fill(kDutyTemplates[duty_idx[i]], field);
      f.duties.push_back(std::move(c));
      b.duty_tmpl.push_back(duty_idx[i]);
    }
    DutyClause catchall;
    catchall.number = kNum[n_duties];
    catchall.text = "完成市委、市政府交办的其他任务";
    catchall.boilerplate = true;
    f.duties.push_back(std::move(catchall));
    std::vector<size_t> unit_idx(kUnits.size());
    for (size_t i = 0; i < unit_idx.size(); ++i) unit_idx[i] = i;
    rng_.Shuffle(unit_idx);
    const int n_units = rng_.Between(3, 6);
    b.units.clear();
    for (int i = 0; i < n_units; ++i) {
      b.units.push_back(unit_idx[i]);
      Unit u;
      u.name = kUnits[unit_idx[i]];
      u.duties = {Fill("负责" + u.name.substr(0, u.name.size() - 3) + "方面的{F}工作", field)};
      f.units.push_back(std::move(u));
    }
    // The 行政编制 restates the count in force (so staffing changes never disagree with it).
    f.staffing.push_back(StaffingItem{"行政编制", "", b.staffing, "", {}});
    f.staffing.push_back(StaffingItem{"领导职数", kFields[b.field].suffix == std::string("局") ? "局长" : "主任", 1, "", {}});
    f.staffing.push_back(StaffingItem{"领导职数", "副职", rng_.Between(2, 4), "", {}});
    ++out_.regulations;
  }

  // A revised 三定 of `b`, implementing decision `basis`: its template clauses in the body's
  // current field, some reworded, some dropped, one or two added (some naming the duties that
  // duty_transferred events move); units renamed, added and removed; 领导职数 changed. Every draw
  // is from rev_.
  void Revision(const std::string& city, Body& b, int year, const std::string& basis,
                const std::string& basis_date, int serial) {
    int m = std::stoi(basis_date.substr(5, 2)), dd = std::stoi(basis_date.substr(8, 2));
    dd += rev_.Between(5, 40);
    while (dd > 28) {
      dd -= 28;
      ++m;
    }
    const std::string reg = b.name + "主要职责内设机构和人员编制规定";
    SourceDocument& d =
        NewDoc("三定规定", city + "政办发〔" + std::to_string(year) + "〕" + std::to_string(serial) + "号",
               Date(year, m, dd), city + "市人民政府办公室关于印发《" + reg + "》的通知",
               FakeSha(seed_, (uint64_t{1} << 40) + rev_serial_++));
    DocumentFacts& f = d.facts;
    f.regulation_title = F(reg);
    f.subjects = {M(b.name)};
    f.basis = F(basis);
    const std::string field = kFields[b.field].field;
    static const std::vector<std::string> kRewordings = {
        "，推动{F}工作高质量发展", "，健全{F}工作长效机制", "，依法履行{F}领域监管责任",
        "，加强{F}领域数字化建设"};
    // Template clauses: a quarter dropped (at least three kept), some reworded for good.
    std::vector<size_t> tmpl;
    std::vector<size_t> reworded;
    for (size_t i = 0; i < b.duty_tmpl.size(); ++i) {
      if (tmpl.size() + (b.duty_tmpl.size() - i - 1) >= 3 && rev_.Below(4) == 0) continue;
      const bool was = std::find(b.reworded.begin(), b.reworded.end(), i) != b.reworded.end();
      if (was || rev_.Below(3) == 0) reworded.push_back(tmpl.size());
      tmpl.push_back(b.duty_tmpl[i]);
    }
    // One or two new template clauses not yet printed.
    std::vector<size_t> unused;
    for (size_t t = 0; t < kDutyTemplates.size(); ++t) {
      if (std::find(tmpl.begin(), tmpl.end(), t) == tmpl.end()) unused.push_back(t);
    }
    rev_.Shuffle(unused);
    const size_t n_new = std::min<size_t>(unused.size(), static_cast<size_t>(rev_.Between(1, 2)));
    for (size_t i = 0; i < n_new; ++i) tmpl.push_back(unused[i]);
    std::vector<std::string> clauses;
    for (size_t i = 0; i < tmpl.size(); ++i) {
      std::string c = Fill(kDutyTemplates[tmpl[i]], field);
      if (std::find(reworded.begin(), reworded.end(), i) != reworded.end()) {
        c = (c.rfind("负责", 0) == 0 ? "统筹" : "") + c +
            Fill(kRewordings[(tmpl[i] + static_cast<size_t>(year)) % kRewordings.size()], field);
      }
      clauses.push_back(std::move(c));
    }
    // A transferred-duty clause now and then (what duty_transferred events name).
    std::vector<std::string> extra = b.extra_duties;
    if (rev_.Below(2) == 0) {
      extra.push_back("承担" + Fill(kDutyTransfers[rev_.Below(kDutyTransfers.size())], field) + "相关工作");
    }
    if (extra.size() > 3) extra.erase(extra.begin());
    for (const auto& e : extra) clauses.push_back(e);
    static const char* kNum[] = {"（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）",
                                 "（八）", "（九）", "（十）", "（十一）", "（十二）", "（十三）", "（十四）", "（十五）"};
    for (size_t i = 0; i < clauses.size() && i + 1 < std::size(kNum); ++i) {
      DutyClause c;
      c.number = kNum[i];
      c.text = clauses[i];
      f.duties.push_back(std::move(c));
    }
    DutyClause catchall;
    catchall.number = kNum[std::min(clauses.size(), std::size(kNum) - 1)];
    catchall.text = "完成市委、市政府交办的其他任务";
    catchall.boilerplate = true;
    f.duties.push_back(std::move(catchall));
    // Units: one renamed (half the time), one added (half), one removed (a third; two kept).
    std::vector<size_t> units = b.units;
    auto unused_unit = [&]() -> std::optional<size_t> {
      std::vector<size_t> c;
      for (size_t u = 0; u < kUnits.size(); ++u) {
        if (std::find(units.begin(), units.end(), u) == units.end()) c.push_back(u);
      }
      if (c.empty()) return std::nullopt;
      return c[rev_.Below(c.size())];
    };
    if (rev_.Below(2) == 0) {
      if (auto u = unused_unit()) units[rev_.Below(units.size())] = *u;
    }
    if (rev_.Below(2) == 0) {
      if (auto u = unused_unit()) units.push_back(*u);
    }
    if (units.size() > 2 && rev_.Below(3) == 0) units.erase(units.begin() + static_cast<long>(rev_.Below(units.size())));
    for (size_t ui : units) {
      Unit u;
      u.name = kUnits[ui];
      u.duties = {Fill("负责" + u.name.substr(0, u.name.size() - 3) + "方面的{F}工作", field)};
      f.units.push_back(std::move(u));
    }
    f.staffing.push_back(StaffingItem{"行政编制", "", b.staffing, "", {}});
    f.staffing.push_back(StaffingItem{"领导职数", kFields[b.field].suffix == std::string("局") ? "局长" : "主任", 1, "", {}});
    f.staffing.push_back(StaffingItem{"领导职数", "副职", rev_.Between(2, 5), "", {}});
    b.duty_tmpl = tmpl;
    b.reworded = reworded;
    b.extra_duties = extra;
    b.units = units;
    ++out_.regulations;
    ++out_.revisions;
  }

  void City(const std::string& city) {
    std::set<std::string> used;  // every name a body of this city has had
    std::vector<Body> bodies;
    const int first = 1984, last = 2023;
    for (size_t i = 0; i < kFields.size(); ++i) {
      Body b;
      b.name = city + "市" + kFields[i].field + kFields[i].suffix;
      b.field = i;
      b.rank = rng_.Between(1, 3);
      b.staffing = rng_.Between(10, 60);
      b.reg_year = rng_.Between(first, last);
      used.insert(b.name);
      bodies.push_back(b);
    }
    if (opt_.revisions) {
      // A revised 三定 4–12 years after the first, and a third one for a third of them.
      for (auto& b : bodies) {
        const int r1 = b.reg_year + rev_.Between(4, 12);
        const bool second = rev_.Below(3) == 0;
        const int r2 = r1 + rev_.Between(4, 10);
        if (r1 <= last) b.rev_years.push_back(r1);
        if (second && r2 <= last) b.rev_years.push_back(r2);
      }
    }
    {
      SourceDocument& d = NewDoc("通知", city + "发〔1983〕1号", Date(1983, rng_.Between(1, 12), rng_.Between(1, 28)),
                                 city + "市人民政府关于设立市政府工作部门的通知");
      for (const auto& b : bodies) Add(d, Ev("established", {}, {M(b.name)}, "设立" + b.name));
    }
    // 450 events per city besides the establishments, by type; each gets a year.
    const std::vector<std::pair<std::string, int>> mix = {
        {"merged", 2},          {"renamed", 45},       {"rank_changed", 75},
        {"staffing_changed", 125}, {"placed_under", 50}, {"duty_transferred", 153}};
    std::map<int, std::vector<std::string>> by_year;
    for (const auto& [type, n] : mix) {
      for (int i = 0; i < n; ++i) {
        // Merges in the later decades, when most bodies already have their 三定.
        const int y = type == "merged" ? rng_.Between(2005, last) : rng_.Between(first, last);
        by_year[y].push_back(type);
      }
    }
    std::vector<std::string> carry;  // events that found no body in their year
    for (int y = first; y <= last; ++y) {
      std::vector<std::string> todo = std::move(carry);
      carry.clear();
      for (auto& t : by_year[y]) todo.push_back(t);
      rng_.Shuffle(todo);
      // Merges first, so the bodies they end take no part in the rest of the year.
      std::stable_partition(todo.begin(), todo.end(), [](const std::string& t) { return t == "merged"; });
      const std::string ydate = Date(y, rng_.Between(1, 5), rng_.Between(1, 28));
      const std::string ynumber = city + "发〔" + std::to_string(y) + "〕" + std::to_string(rng_.Between(1, 9)) + "号";
      SourceDocument* yd = nullptr;  // created on the first event of the year
      std::set<size_t> busy;         // bodies with an event in this year's document
      auto pick = [&](auto&& ok) -> std::optional<size_t> {
        std::vector<size_t> c;
        for (size_t i = 0; i < bodies.size(); ++i) {
          if (bodies[i].alive && !busy.contains(i) && ok(i)) c.push_back(i);
        }
        if (c.empty()) return std::nullopt;
        return c[rng_.Below(c.size())];
      };
      auto any_alive_except = [&](size_t x) -> size_t {
        for (;;) {
          size_t i = rng_.Below(bodies.size());
          if (i != x && bodies[i].alive) return i;
        }
      };
      auto doc = [&]() -> SourceDocument& {
        if (yd == nullptr) {
          yd = &NewDoc("通知", ynumber, ydate,
                       city + "市人民政府关于" + std::to_string(y) + "年市政府机构调整的通知");
        }
        return *yd;
      };
      std::vector<size_t> staffing_bodies;
      for (const auto& t : todo) {
        if (t == "staffing_changed") {
          // Its own approval (批复), dated in the second half of the year: see below.
          auto x = pick([&](size_t) { return true; });
          if (!x) {
            carry.push_back(t);
            continue;
          }
          staffing_bodies.push_back(*x);
          continue;
        }
        if (t == "merged") {
          auto a = pick([&](size_t i) { return bodies[i].reg_year < y; });
          if (a) busy.insert(*a);
          auto b = pick([&](size_t i) { return bodies[i].reg_year < y; });
          if (b) busy.insert(*b);
          auto c = pick([&](size_t) { return true; });
          if (!a || !b || !c) {
            if (a) busy.erase(*a);
            if (b) busy.erase(*b);
            carry.push_back(t);
            continue;
          }
          busy.insert(*c);
          Add(doc(), Ev("merged", {M(bodies[*a].name), M(bodies[*b].name)}, {M(bodies[*c].name)},
                        "将" + bodies[*a].name + "、" + bodies[*b].name + "并入" + bodies[*c].name));
          bodies[*a].alive = bodies[*b].alive = false;
          continue;
        }
        auto x = pick([&](size_t) { return true; });
        if (!x) {
          carry.push_back(t);
          continue;
        }
        busy.insert(*x);
        Body& b = bodies[*x];
        if (t == "renamed") {
          size_t field = 0;
          const std::string to = FreshName(city, used, &field);
          Add(doc(), Ev("renamed", {M(b.name)}, {M(to)}, b.name + "更名为" + to));
          b.name = to;
          b.field = field;
        } else if (t == "rank_changed") {
          int next = b.rank + (rng_.Below(3) == 0 ? -1 : 1);  // mostly upgrades
          if (b.rank == 0) next = 1;
          if (b.rank + 1 == static_cast<int>(kRanks.size())) next = b.rank - 1;
          Event e = Ev("rank_changed", {M(b.name)}, {}, b.name + "机构规格由" + kRanks[b.rank] + "调整为" + kRanks[next]);
          e.detail = kRanks[b.rank] + "→" + kRanks[next];
          Add(doc(), std::move(e));
          b.rank = next;
        } else if (t == "placed_under") {
          const size_t p = any_alive_except(*x);
          Add(doc(), Ev("placed_under", {M(b.name)}, {M(bodies[p].name)}, b.name + "改由" + bodies[p].name + "管理"));
        } else if (t == "duty_transferred") {
          const size_t p = any_alive_except(*x);
          Event e = Ev("duty_transferred", {M(b.name)}, {M(bodies[p].name)}, "");
          e.duty = Fill(kDutyTransfers[rng_.Below(kDutyTransfers.size())], kFields[b.field].field);
          e.text = "将" + b.name + "的" + e.duty + "职责划入" + bodies[p].name;
          Add(doc(), std::move(e));
        }
      }
      // This year's 三定 regulations, after the decision (its 文号 is their basis).
      int reg_serial = 1;
      for (auto& b : bodies) {
        if (b.alive && b.reg_year == y) {
          Regulation(city, b, y, yd != nullptr ? ynumber : "", yd != nullptr ? ydate : "", reg_serial++);
        }
      }
      // Revised 三定, only in years with a reform decision to implement (so each starts a
      // version of its own instead of contradicting the 三定 already in force).
      if (opt_.revisions && yd != nullptr) {
        for (auto& b : bodies) {
          if (b.alive && !b.duty_tmpl.empty() && b.reg_year < y &&
              std::find(b.rev_years.begin(), b.rev_years.end(), y) != b.rev_years.end()) {
            Revision(city, b, y, ynumber, ydate, reg_serial++);
          }
        }
      }
      // Staffing approvals, July to December, one document each (a document's stated total
      // applies to every staffing event in it).
      // Distinct dates in order, so that one body's approvals of one year fold in the order
      // their totals were computed in.
      std::set<std::pair<int, int>> days;
      while (days.size() < staffing_bodies.size()) days.insert({rng_.Between(7, 12), rng_.Between(1, 28)});
      auto day = days.begin();
      int serial = 1;
      for (size_t i : staffing_bodies) {
        const auto [month, mday] = *day++;
        Body& b = bodies[i];
        if (!b.alive) {
          carry.push_back("staffing_changed");
          continue;
        }
        int delta = rng_.Between(1, 5);
        if (b.staffing > 20 && rng_.Below(3) == 0) delta = -delta;
        b.staffing += delta;
        SourceDocument& d =
            NewDoc("批复", city + "编〔" + std::to_string(y) + "〕" + std::to_string(serial++) + "号",
                   Date(y, month, mday), "关于调整" + b.name + "行政编制的批复");
        d.facts.subjects = {M(b.name)};
        Event e = Ev("staffing_changed", {M(b.name)}, {},
                     "核" + std::string(delta > 0 ? "增" : "减") + b.name + "行政编制" +
                         std::to_string(std::abs(delta)) + "名");
        e.detail = (delta > 0 ? "+" : "") + std::to_string(delta);
        Add(d, std::move(e));
        d.facts.staffing.push_back(StaffingItem{"行政编制", "", b.staffing, "", {}});
      }
    }
    if (!carry.empty()) {
      std::cerr << opt_.program << ": " << city << " 有 " << carry.size() << " 个事件未能安排\n";
    }
    for (auto& b : bodies) {
      if (b.alive && out_.rename_from.empty()) {
        out_.rename_from = b.name;
        out_.rename_city = city;
        size_t field = 0;
        out_.rename_to = FreshName(city, used, &field);
      }
    }
  }

  GenerateOptions opt_;
  int cities_;
  uint64_t seed_;
  Rng rng_;
  Rng rev_;  // revisions only: never drawn from without them, so the rest stays as it is
  uint64_t serial_ = 0;
  uint64_t rev_serial_ = 0;
  Generated out_;
};
}  // namespace

size_t MaxCities() {
  size_t n = 0;
  for (const auto& a : kCityFirst) {
    for (const auto& b : kCitySecond) n += a != b ? 1 : 0;
  }
  return n;
}

Generated Generate(const GenerateOptions& options) { return Generator(options).Run(); }

}  // namespace sanding::bench
