// sanding-history-bench: the institution history chain at archive scale.
//
// Generates (deterministically, from --seed) the extracted facts of an archive of C cities × 50
// institutions (default 200 × 50 = 10,000) with 500 chain events per city (default 100,000), then
// measures, each against raw RocksDB doing the same work in the same process:
//   (a) load: BuildChain over every document + CommitWholeChain into a fresh RocksDB store;
//   (b) peer load: the same rows (history::ToRows) as one raw rocksdb::WriteBatch;
//   (c) incremental: one more document (a rename), BuildChain + CommitWholeChain again;
//   (d) as-of reads: VersionAsOf(store, id, date) for random (institution, date) pairs, against a
//       raw point Get of the key of the version in force (and the Get plus parsing its JSON);
//   (e) as-recorded reads: VersionAsOf at transaction 1 after the incremental commit;
//   (f) peak RSS.
// Prints a Markdown table (stdout) and, with --json FILE, the figures as JSON. No assertion on
// any time: ratios against the peer are what to compare across machines. See BENCHMARKS.md.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <rocksdb/db.h>
#include <rocksdb/convenience.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "indexer/extract/facts.h"
#include "indexer/history/build.h"
#include "indexer/history/chain.h"
#include "indexer/history/store_io.h"
#include "store/chain.h"
#include "store/store.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace sanding::bench {
namespace {

using extract::DocumentFacts;
using extract::DutyClause;
using extract::Event;
using extract::Mention;
using extract::StaffingItem;
using extract::Unit;
using history::SourceDocument;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "sanding-history-bench: " << what << "\n";
  std::exit(1);
}

void CheckRocks(const rocksdb::Status& st, const std::string& what) {
  if (!st.ok()) Die(what + "：" + st.ToString());
}

// ---- deterministic randomness (mt19937_64 is specified bit for bit; no std distributions) ----
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  uint64_t Next() { return g_(); }
  size_t Below(size_t n) { return static_cast<size_t>(g_() % n); }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1))); }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  std::mt19937_64 g_;
};

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

std::string Be64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i) {
    s[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return s;
}

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
};

struct Generated {
  std::vector<SourceDocument> docs;
  size_t institutions = 0;
  size_t events = 0;  // events as generated (each should become one chain event)
  std::map<std::string, size_t> by_type;
  size_t regulations = 0;
  // For the incremental step: an alive body at the end and a name no body has had.
  std::string rename_from, rename_to, rename_city;
};

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

class Generator {
 public:
  Generator(int cities, uint64_t seed) : cities_(cities), seed_(seed), rng_(seed) {}

  Generated Run() {
    std::vector<std::string> names;
    for (const auto& a : kCityFirst) {
      for (const auto& b : kCitySecond) {
        if (a != b) names.push_back(a + b);
      }
    }
    if (static_cast<size_t>(cities_) > names.size())
      Die("--cities 最多 " + std::to_string(names.size()));
    rng_.Shuffle(names);
    names.resize(cities_);
    for (const auto& c : names) City(c);
    out_.institutions = static_cast<size_t>(cities_) * kFields.size();
    return std::move(out_);
  }

 private:
  SourceDocument& NewDoc(const std::string& kind, const std::string& number,
                         const std::string& date, const std::string& title) {
    out_.docs.emplace_back();
    SourceDocument& d = out_.docs.back();
    d.sha256 = FakeSha(seed_, serial_++);
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
    Die("更名用的名称不够");
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
    for (int i = 0; i < n_duties; ++i) {
      DutyClause c;
      c.number = kNum[i];
      c.text = Fill(kDutyTemplates[duty_idx[i]], field);
      f.duties.push_back(std::move(c));
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
    for (int i = 0; i < n_units; ++i) {
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
      std::cerr << "sanding-history-bench: " << city << " 有 " << carry.size() << " 个事件未能安排\n";
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

  int cities_;
  uint64_t seed_;
  Rng rng_;
  uint64_t serial_ = 0;
  Generated out_;
};

// ---- measurements ----
struct Latency {
  double seconds = 0;
  double p50_us = 0, p99_us = 0;
  size_t found = 0, mismatched = 0;
};

void Percentiles(std::vector<double>& us, Latency* l) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  l->p50_us = us[us.size() / 2];
  l->p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
}

rocksdb::Options PeerOptions() {
  // The options sanding's store opens its column families with (store/internal/rocksdb_kv.cc):
  // the comparison is of what the store adds, not of RocksDB tuning.
  rocksdb::Options o;
  o.create_if_missing = true;
  o.max_background_jobs = 2;
  o.keep_log_file_num = 3;
  o.db_write_buffer_size = size_t{128} << 20;
  o.max_total_wal_size = uint64_t{256} << 20;
  const auto supported = rocksdb::GetSupportedCompressions();
  auto has = [&](rocksdb::CompressionType t) {
    return std::find(supported.begin(), supported.end(), t) != supported.end();
  };
  o.compression = has(rocksdb::kLZ4Compression)      ? rocksdb::kLZ4Compression
                  : has(rocksdb::kSnappyCompression) ? rocksdb::kSnappyCompression
                                                     : rocksdb::kNoCompression;
  if (has(rocksdb::kZSTD)) o.bottommost_compression = rocksdb::kZSTD;
  o.write_buffer_size = size_t{32} << 20;
  return o;
}

std::string PeerKey(ChainKind kind, const std::string& id, uint64_t tx) {
  std::string k(1, static_cast<char>(kind));
  k += id;
  k.push_back('\0');
  k += Be64(tx);
  return k;
}

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string Fmt(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Int(double v) {
  // Thousands separated by commas, for the table.
  std::string s = std::to_string(static_cast<long long>(v + 0.5));
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

int Main(int argc, char** argv) {
  CLI::App app{"sanding-history-bench：机构沿革链的载入与按日期读取基准（与直接使用 RocksDB 对比）"};
  int cities = 200;
  uint64_t seed = 1;
  size_t reads = 200000;
  std::string dir;
  std::string json_out;
  app.add_option("--cities", cities, "城市数（每市 50 个机构、500 个事件）")->check(CLI::Range(1, 570));
  app.add_option("--seed", seed, "生成档案的随机种子");
  app.add_option("--reads", reads, "按日期读取的次数")->check(CLI::Range(1, 100000000));
  app.add_option("--dir", dir, "工作目录（默认在 /tmp 下新建，结束时删除）");
  app.add_option("--json", json_out, "把结果另写为 JSON 文件（- 为标准输出）");
  CLI11_PARSE(app, argc, argv);

  bool remove_dir = false;
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "sanding-history-bench.XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) Die("无法创建临时目录 " + tmpl);
    dir = tmpl;
    remove_dir = true;
  } else {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) Die("无法创建目录 " + dir + "：" + ec.message());
    if (fs::exists(fs::path(dir) / "store") || fs::exists(fs::path(dir) / "peer"))
      Die("目录 " + dir + " 里已有上次的 store/ 或 peer/，请换一个空目录");
  }
  struct Cleanup {
    std::string dir;
    bool on;
    ~Cleanup() {
      if (on) {
        std::error_code ec;
        fs::remove_all(dir, ec);
      }
    }
  } cleanup{dir, remove_dir};
  nlohmann::json J;
  J["cities"] = cities;
  J["seed"] = seed;

  // ---- generate ----
  auto t0 = Clock::now();
  Generated gen = Generator(cities, seed).Run();
  const double gen_s = Seconds(t0, Clock::now());
  std::map<std::string, long> rss;  // peak RSS (KiB) after each phase
  rss["after_generate"] = PeakRssKb();
  std::cerr << "生成：" << gen.docs.size() << " 份文件（" << gen.regulations << " 份三定规定），"
            << gen.institutions << " 个机构，" << gen.events << " 个事件，用时 " << Fmt(gen_s) << " s\n";

  // ---- (a) load ----
  t0 = Clock::now();
  history::Chain chain = history::BuildChain(gen.docs, {});
  const double build_s = Seconds(t0, Clock::now());
  std::cerr << "沿革链：" << chain.institutions.size() << " 个机构，" << chain.versions.size()
            << " 个版本，" << chain.events.size() << " 个事件，" << chain.conflicts.size()
            << " 处冲突，" << chain.notes.size() << " 条说明；构建用时 " << Fmt(build_s) << " s\n";
  for (size_t i = 0; i < chain.notes.size() && i < 5; ++i) std::cerr << "  说明：" << chain.notes[i] << "\n";
  for (size_t i = 0; i < chain.conflicts.size() && i < 3; ++i)
    std::cerr << "  冲突：" << nlohmann::json(chain.conflicts[i]).dump() << "\n";
  rss["after_build"] = PeakRssKb();
  std::map<std::string, size_t> chain_by_type;
  for (const auto& e : chain.events) ++chain_by_type[e.type];

  auto opened = Store::OpenRocksDb((fs::path(dir) / "store").string());
  if (!opened.ok()) Die("无法打开存储库：" + opened.status().ToString());
  std::unique_ptr<Store> store = std::move(*opened);
  ChainTx meta;
  meta.kind = "build";
  meta.by = "sanding";
  meta.reason = "基准测试：首次构建";
  t0 = Clock::now();
  auto tx1 = history::CommitWholeChain(*store, chain, meta);
  const double commit_s = Seconds(t0, Clock::now());
  if (!tx1.ok()) Die("提交沿革链失败：" + tx1.status().ToString());
  const size_t rows = tx1->added;
  rss["after_commit"] = PeakRssKb();
  std::cerr << "提交：事务 " << tx1->number << "，" << rows << " 行，用时 " << Fmt(commit_s) << " s\n";

  // ---- (b) peer load ----
  std::unique_ptr<rocksdb::DB> peer;
  {
    rocksdb::DB* raw = nullptr;
    CheckRocks(rocksdb::DB::Open(PeerOptions(), (fs::path(dir) / "peer").string(), &raw),
               "无法打开对照 RocksDB");
    peer.reset(raw);
  }
  t0 = Clock::now();
  size_t peer_rows = 0;
  double to_rows_s = 0;
  {
    const std::vector<ChainRow> all = history::ToRows(chain);
    to_rows_s = Seconds(t0, Clock::now());
    rocksdb::WriteBatch batch;
    for (const auto& r : all) CheckRocks(batch.Put(PeerKey(r.kind, r.id, 1), r.body), "写批次");
    CheckRocks(peer->Write(rocksdb::WriteOptions(), &batch), "对照写入失败");
    peer_rows = all.size();
  }
  const double peer_load_s = Seconds(t0, Clock::now());
  std::cerr << "对照写入：" << peer_rows << " 行，用时 " << Fmt(peer_load_s) << " s（其中 ToRows "
            << Fmt(to_rows_s) << " s）\n";
  rss["after_peer_load"] = PeakRssKb();

  // ---- (c) incremental: one more document renaming one body ----
  {
    SourceDocument d;
    d.sha256 = FakeSha(seed, 999999999);
    d.facts.extractor = "history-bench";
    d.facts.files = {d.sha256};
    d.facts.kind = F("通知");
    d.facts.doc_number = F(gen.rename_city + "发〔2024〕1号");
    d.facts.date = F("2024-03-01");
    d.facts.title = F(gen.rename_city + "市人民政府关于" + gen.rename_from + "更名的通知");
    d.facts.events.push_back(Ev("renamed", {M(gen.rename_from)}, {M(gen.rename_to)},
                                gen.rename_from + "更名为" + gen.rename_to));
    gen.docs.push_back(std::move(d));
  }
  meta.reason = "基准测试：增加一份更名文件";
  t0 = Clock::now();
  history::Chain chain2 = history::BuildChain(gen.docs, {});
  const double inc_build_s = Seconds(t0, Clock::now());
  auto tx2 = history::CommitWholeChain(*store, chain2, meta);
  const double inc_s = Seconds(t0, Clock::now());
  if (!tx2.ok()) Die("增量提交失败：" + tx2.status().ToString());
  rss["after_incremental"] = PeakRssKb();
  std::cerr << "增量：事务 " << tx2->number << "，新增 " << tx2->added << " 行，关闭 " << tx2->closed
            << " 行，用时 " << Fmt(inc_s) << " s（其中构建 " << Fmt(inc_build_s) << " s）\n";

  // ---- (d) as-of reads ----
  // The version in force for each (institution, date), from the in-memory chain of the first
  // build (for reads at transaction 1) and of the second (latest).
  auto index_versions = [](const history::Chain& c) {
    std::unordered_map<std::string, std::pair<size_t, size_t>> idx;
    for (size_t i = 0; i < c.versions.size(); ++i) {
      auto [it, fresh] = idx.try_emplace(c.versions[i].institution, i, i + 1);
      if (!fresh) it->second.second = i + 1;
    }
    return idx;
  };
  const auto idx1 = index_versions(chain), idx2 = index_versions(chain2);
  auto expected = [](const history::Chain& c, const auto& idx, const std::string& id,
                     const std::string& date) -> const history::Version* {
    auto it = idx.find(id);
    if (it == idx.end()) return nullptr;
    for (size_t i = it->second.first; i < it->second.second; ++i) {
      if (history::InForce(c.versions[i].valid_from, c.versions[i].valid_to, date)) return &c.versions[i];
    }
    return nullptr;
  };
  struct Query {
    std::string id, date;
  };
  std::vector<Query> queries;
  queries.reserve(reads);
  {
    Rng rng(seed * 7919 + 17);
    for (size_t i = 0; i < reads; ++i) {
      const auto& inst = chain.institutions[rng.Below(chain.institutions.size())];
      queries.push_back({inst.id, Date(rng.Between(1983, 2024), rng.Between(1, 12), rng.Between(1, 28))});
    }
  }
  auto run_store = [&](std::optional<uint64_t> tx, const history::Chain& c, const auto& idx,
                       size_t n, Latency* l) {
    std::vector<double> us;
    us.reserve(n);
    const auto start = Clock::now();
    for (size_t i = 0; i < n; ++i) {
      const Query& q = queries[i % queries.size()];
      const auto a = Clock::now();
      auto v = history::VersionAsOf(*store, q.id, q.date, tx);
      const auto b = Clock::now();
      if (!v.ok()) Die("读取失败：" + v.status().ToString());
      us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
      if (l == nullptr) continue;
      const history::Version* want = expected(c, idx, q.id, q.date);
      if (v->has_value()) ++l->found;
      if ((want == nullptr) != !v->has_value() ||
          (want != nullptr && (*v)->valid_from != want->valid_from))
        ++l->mismatched;
    }
    if (l != nullptr) {
      l->seconds = Seconds(start, Clock::now());
      Percentiles(us, l);
    }
  };
  // Peer: the exact key of the version in force (computed beforehand), one Get; optionally the
  // body parsed into a Version as VersionAsOf returns it.
  std::vector<std::string> peer_keys;
  peer_keys.reserve(queries.size());
  for (const auto& q : queries) {
    const history::Version* want = expected(chain, idx1, q.id, q.date);
    // A date no version covers reads a key that is absent, as a miss would.
    peer_keys.push_back(PeerKey(ChainKind::kVersion,
                                history::VersionRowId(q.id, want ? want->valid_from : "~none"), 1));
  }
  auto run_peer = [&](bool parse, size_t n, Latency* l) {
    std::vector<double> us;
    us.reserve(n);
    std::string value;
    const rocksdb::ReadOptions ro;
    const auto start = Clock::now();
    for (size_t i = 0; i < n; ++i) {
      const auto a = Clock::now();
      rocksdb::Status s = peer->Get(ro, peer_keys[i % peer_keys.size()], &value);
      if (!s.ok() && !s.IsNotFound()) CheckRocks(s, "对照读取失败");
      if (s.ok() && parse) {
        history::Version v = nlohmann::json::parse(value).get<history::Version>();
        if (v.institution.empty()) Die("对照读取的版本为空");
      }
      const auto b = Clock::now();
      us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
      if (l != nullptr && s.ok()) ++l->found;
    }
    if (l != nullptr) {
      l->seconds = Seconds(start, Clock::now());
      Percentiles(us, l);
    }
  };
  // Diagnostic: the store's scan of the same rows with VersionAsOf's stop rule, bodies left
  // unparsed: how much of a read is the store and how much the parsing above it.
  auto run_scan = [&](size_t n, Latency* l) {
    std::vector<double> us;
    us.reserve(n);
    const auto last = store->LastChainTx();
    if (!last.ok()) Die("读取失败：" + last.status().ToString());
    const auto start = Clock::now();
    for (size_t i = 0; i < n; ++i) {
      const Query& q = queries[i % queries.size()];
      const std::string prefix = history::VersionRowId(q.id, "");
      const auto a = Clock::now();
      bool any = false;
      Status st = store->ScanChain(ChainKind::kVersion, prefix, *last, [&](const ChainRow& r) {
        const std::string from = r.id.substr(prefix.size());
        if (!from.empty() && from > q.date) return false;
        any = true;
        return true;
      });
      const auto b = Clock::now();
      if (!st.ok()) Die("读取失败：" + st.ToString());
      us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
      if (any) ++l->found;
    }
    l->seconds = Seconds(start, Clock::now());
    Percentiles(us, l);
  };
  const size_t warm = std::min<size_t>(reads, 20000);
  std::cerr << "读取：先各预热 " << warm << " 次\n";
  run_store(std::nullopt, chain2, idx2, warm, nullptr);
  run_peer(false, warm, nullptr);
  Latency asof, peer_get, peer_parse, recorded, scan_only;
  run_store(std::nullopt, chain2, idx2, reads, &asof);
  std::cerr << "按日期读取（最新）：" << Fmt(asof.seconds) << " s\n";
  run_scan(reads, &scan_only);
  std::cerr << "仅 ScanChain（不解析版本）：" << Fmt(scan_only.seconds) << " s\n";
  run_peer(false, reads, &peer_get);
  run_peer(true, reads, &peer_parse);
  std::cerr << "对照读取：" << Fmt(peer_get.seconds) << " s，含解析 " << Fmt(peer_parse.seconds) << " s\n";
  // ---- (e) as recorded at transaction 1 ----
  run_store(uint64_t{1}, chain, idx1, reads, &recorded);
  std::cerr << "按日期读取（事务 1）：" << Fmt(recorded.seconds) << " s\n";

  const long rss_kb = PeakRssKb();
  rss["end"] = rss_kb;
  uintmax_t store_bytes = 0, peer_bytes = 0;
  for (const auto& [sub, out] : {std::pair<const char*, uintmax_t*>{"store", &store_bytes}, {"peer", &peer_bytes}}) {
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(dir) / sub, ec)) {
      if (e.is_regular_file(ec)) *out += e.file_size(ec);
    }
  }
  peer.reset();
  store.reset();

  // ---- report ----
  const size_t n_events = chain.events.size();
  const double load_s = build_s + commit_s;
  const double rows_s = static_cast<double>(rows) / commit_s;
  const double peer_rows_s = static_cast<double>(peer_rows) / peer_load_s;
  auto rps = [](const Latency& l, size_t n) { return static_cast<double>(n) / l.seconds; };
  const double asof_rps = rps(asof, reads), get_rps = rps(peer_get, reads),
               parse_rps = rps(peer_parse, reads), rec_rps = rps(recorded, reads),
               scan_rps = rps(scan_only, reads);

  std::cout << "Archive: " << cities << " cities, " << Int(static_cast<double>(gen.docs.size() - 1))
            << " documents (" << Int(static_cast<double>(gen.regulations)) << " 三定), chain of "
            << Int(static_cast<double>(chain.institutions.size())) << " institutions, "
            << Int(static_cast<double>(chain.versions.size())) << " versions, "
            << Int(static_cast<double>(n_events)) << " events, " << chain.conflicts.size()
            << " conflicts, " << chain.notes.size() << " notes; " << Int(static_cast<double>(rows))
            << " rows (" << Fmt(static_cast<double>(store_bytes) / 1048576.0, 0) << " MiB store, "
            << Fmt(static_cast<double>(peer_bytes) / 1048576.0, 0) << " MiB peer on disk)\n\n";
  std::cout << "| Benchmark | Tool | Count | Wall time (s) | Rate | Ratio |\n"
            << "|---|---|---:|---:|---:|---:|\n";
  std::cout << "| (a) load: build | `BuildChain` | " << Int(n_events) << " events | " << Fmt(build_s)
            << " | " << Int(n_events / build_s) << " events/s | |\n";
  std::cout << "| (a) load: commit | `CommitWholeChain` (RocksDB store) | " << Int(rows) << " rows | "
            << Fmt(commit_s) << " | " << Int(rows_s) << " rows/s | " << Fmt(rows_s / peer_rows_s)
            << " × peer |\n";
  std::cout << "| (a) load: total | build + commit | " << Int(n_events) << " events | " << Fmt(load_s)
            << " | **" << Int(n_events / load_s) << " events/s** | |\n";
  std::cout << "| (b) peer load | `ToRows` + one raw `rocksdb::WriteBatch` | " << Int(peer_rows)
            << " rows | " << Fmt(peer_load_s) << " | " << Int(peer_rows_s) << " rows/s (ToRows "
            << Fmt(to_rows_s) << " s, write " << Fmt(peer_load_s - to_rows_s) << " s) | 1.00 |\n";
  std::cout << "| (c) incremental: +1 rename | `BuildChain` + `CommitWholeChain` | "
            << tx2->added + tx2->closed << " rows changed (" << tx2->added << " added, "
            << tx2->closed << " closed) | " << Fmt(inc_s) << " | build " << Fmt(inc_build_s)
            << " s, commit " << Fmt(inc_s - inc_build_s) << " s | " << Fmt(inc_s / load_s)
            << " × full load |\n";
  auto lat = [](const Latency& l) { return "p50 " + Fmt(l.p50_us, 1) + " µs, p99 " + Fmt(l.p99_us, 1) + " µs"; };
  std::cout << "| (d) as-of reads (latest) | `VersionAsOf` | " << Int(reads) << " | " << Fmt(asof.seconds)
            << " | **" << Int(asof_rps) << " reads/s**; " << lat(asof) << " | " << Fmt(asof_rps / get_rps)
            << " × peer Get |\n";
  std::cout << "| (d) peer | raw `DB::Get` of the version's key | " << Int(reads) << " | "
            << Fmt(peer_get.seconds) << " | " << Int(get_rps) << " reads/s; " << lat(peer_get)
            << " | 1.00 |\n";
  std::cout << "| (d) peer + JSON | raw `DB::Get` + parse into `Version` | " << Int(reads) << " | "
            << Fmt(peer_parse.seconds) << " | " << Int(parse_rps) << " reads/s; " << lat(peer_parse)
            << " | " << Fmt(parse_rps / get_rps) << " × peer Get |\n";
  std::cout << "| (d) diagnostic | `Store::ScanChain` of the same rows, bodies not parsed | " << Int(reads)
            << " | " << Fmt(scan_only.seconds) << " | " << Int(scan_rps) << " reads/s; " << lat(scan_only)
            << " | " << Fmt(scan_rps / get_rps) << " × peer Get |\n";
  std::cout << "| (e) as-recorded reads (tx 1) | `VersionAsOf(…, tx = 1)` | " << Int(reads) << " | "
            << Fmt(recorded.seconds) << " | " << Int(rec_rps) << " reads/s; " << lat(recorded) << " | "
            << Fmt(rec_rps / get_rps) << " × peer Get |\n";
  std::cout << "| (f) peak RSS | whole run | | | **" << Fmt(rss_kb / 1024.0, 0) << " MiB** | after generate "
            << Fmt(rss["after_generate"] / 1024.0, 0) << ", build " << Fmt(rss["after_build"] / 1024.0, 0)
            << ", commit " << Fmt(rss["after_commit"] / 1024.0, 0) << ", peer load "
            << Fmt(rss["after_peer_load"] / 1024.0, 0) << ", incremental "
            << Fmt(rss["after_incremental"] / 1024.0, 0) << " MiB |\n";
  std::cout << "\nReads found a version for " << asof.found << " (latest) / " << recorded.found
            << " (tx 1) / " << peer_get.found << " (peer) of " << reads
            << " pairs; answers differing from the in-memory chain: " << asof.mismatched
            << " (latest), " << recorded.mismatched << " (tx 1).\n";

  J["documents"] = gen.docs.size() - 1;
  J["regulations"] = gen.regulations;
  J["generated_events"] = gen.events;
  J["generated_events_by_type"] = gen.by_type;
  J["chain"] = {{"institutions", chain.institutions.size()}, {"versions", chain.versions.size()},
                {"events", n_events}, {"events_by_type", chain_by_type},
                {"conflicts", chain.conflicts.size()}, {"notes", chain.notes.size()}};
  J["generate_s"] = gen_s;
  J["load"] = {{"build_s", build_s}, {"commit_s", commit_s}, {"rows", rows},
               {"events_per_s", n_events / load_s}, {"rows_per_s", rows_s},
               {"store_bytes", store_bytes}};
  J["peer_load"] = {{"seconds", peer_load_s}, {"to_rows_s", to_rows_s}, {"rows", peer_rows}, {"rows_per_s", peer_rows_s},
                    {"ratio", rows_s / peer_rows_s}, {"peer_bytes", peer_bytes}};
  J["incremental"] = {{"seconds", inc_s}, {"build_s", inc_build_s}, {"added", tx2->added},
                      {"closed", tx2->closed}, {"tx", tx2->number}};
  auto lj = [](const Latency& l, double r) {
    return nlohmann::json{{"seconds", l.seconds}, {"reads_per_s", r}, {"p50_us", l.p50_us},
                          {"p99_us", l.p99_us}, {"found", l.found}, {"mismatched", l.mismatched}};
  };
  J["reads"] = reads;
  J["asof"] = lj(asof, asof_rps);
  J["asof"]["ratio"] = asof_rps / get_rps;
  J["peer_get"] = lj(peer_get, get_rps);
  J["peer_get_parse"] = lj(peer_parse, parse_rps);
  J["as_recorded"] = lj(recorded, rec_rps);
  J["peak_rss_kb"] = rss_kb;
  J["peak_rss_kb_by_phase"] = rss;
  J["scan_only"] = lj(scan_only, scan_rps);
  if (!json_out.empty()) {
    if (json_out == "-") {
      std::cout << J.dump(2) << "\n";
    } else {
      std::ofstream f(json_out);
      f << J.dump(2) << "\n";
      if (!f) Die("无法写入 " + json_out);
    }
  }
  return 0;
}

}  // namespace
}  // namespace sanding::bench

int main(int argc, char** argv) { return sanding::bench::Main(argc, argv); }
