// Commands of the institution history chain: history (read, as of a date, as recorded at a time),
// curate (add / correct / retract with a reason), conflicts; and the store's backup, restore and
// check.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>

#include "indexer/clause_index.h"
#include "indexer/history/check.h"
#include "indexer/history/index_rows.h"
#include "indexer/history/store_io.h"
#include "query/lineage/lineage.h"
#include "tools/cli/cli.h"

namespace sanding::cli {
namespace fs = std::filesystem;
using history::Chain;
using history::Citation;
using history::Version;

namespace {

const char* FieldLabel(const std::string& field) {
  static const std::map<std::string, const char*> kLabels = {
      {"name", "名称"},   {"rank", "规格"},          {"kind", "机构类型"},
      {"parent", "上级"}, {"duties", "职责"},        {"units", "内设机构"},
      {"staffing", "编制"}, {"abbreviations", "简称"}, {"event", "事件"}};
  auto it = kLabels.find(field);
  return it == kLabels.end() ? "字段" : it->second;
}

std::string StaffingText(const std::vector<history::StaffingEntry>& staffing) {
  std::string s;
  for (const auto& e : staffing) {
    if (!s.empty()) s += "，";
    s += (e.post.empty() ? e.type : e.post) + std::to_string(e.count) + "名";
  }
  return s;
}

// "2026-11-21", "2026-11-21T10:30:00" or "2026-11-21 10:30" (UTC) -> Unix ms of the last
// millisecond it names (a date: its end), so "as recorded at 10:30:00" includes what was
// committed during that second.
Result<int64_t> ParseTime(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr || *end != '\0') {
    tm = {};
    end = strptime(s.c_str(), "%Y-%m-%d %H:%M", &tm);
    tm.tm_sec = 59;
  }
  if (end == nullptr || *end != '\0') {
    tm = {};
    end = strptime(s.c_str(), "%Y-%m-%d", &tm);
    if (end != nullptr && *end == '\0') {
      tm.tm_hour = 23;
      tm.tm_min = 59;
      tm.tm_sec = 59;
    }
  }
  if (end == nullptr || *end != '\0')
    return Status::InvalidArgument("无法识别的时间“" + s + "”（应为 2026-11-21 或 2026-11-21T10:30:00）");
  return static_cast<int64_t>(timegm(&tm)) * 1000 + 999;
}

std::string FormatTx(const ChainTx& tx) {
  std::time_t t = static_cast<std::time_t>(tx.at_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return "#" + std::to_string(tx.number) + "（" + buf + " UTC，" + tx.by + "：" + tx.reason + "）";
}

// The institutions a name or id designates in `chain`.
std::vector<const history::Institution*> FindByName(const Chain& chain, const std::string& q) {
  std::vector<const history::Institution*> out;
  if (const auto* i = chain.FindInstitution(q)) return {i};
  for (const auto& inst : chain.institutions) {
    for (const Version* v : chain.VersionsOf(inst.id)) {
      const bool abbr = std::find(v->abbreviations.begin(), v->abbreviations.end(), q) !=
                        v->abbreviations.end();
      if (v->name == q || abbr) {
        out.push_back(&inst);
        break;
      }
    }
  }
  return out;
}

nlohmann::json RecordedJson(Store& store, uint64_t tx) {
  auto txs = store.ListChainTx();
  if (!txs.ok()) return nullptr;
  for (const auto& t : *txs) {
    if (t.number == tx) return t;
  }
  return nullptr;
}

void PrintVersion(const Chain& chain, const Version& v, bool full) {
  auto name_of = [&](const std::string& id) {
    const auto* i = chain.FindInstitution(id);
    if (i == nullptr) return id;
    const Version* pv = chain.VersionAt(id, v.valid_from.empty() ? "0000" : v.valid_from);
    return pv != nullptr ? pv->name : (i->names.empty() ? id : i->names.back());
  };
  std::cout << "  " << lineage::PeriodText(v.valid_from, v.valid_to) << "  " << v.name;
  if (!v.rank.empty()) std::cout << "  " << v.rank;
  if (!v.kind.empty()) std::cout << "  " << v.kind;
  if (!v.parent.empty()) std::cout << "  上级：" << name_of(v.parent);
  std::cout << "\n";
  if (!v.abbreviations.empty()) {
    std::cout << "      简称：";
    for (size_t i = 0; i < v.abbreviations.size(); ++i) std::cout << (i ? "、" : "") << v.abbreviations[i];
    std::cout << "\n";
  }
  if (full) {
    auto src = [&](const char* field) {
      auto it = v.cites.find(field);
      return it == v.cites.end() ? std::string() : "（" + lineage::CitationText(it->second) + "）";
    };
    std::cout << "      主要职责" << src("duties") << "：" << (v.duties.empty() ? "未见记载" : "") << "\n";
    for (size_t i = 0; i < v.duties.size(); ++i) std::cout << "        " << i + 1 << ". " << v.duties[i] << "\n";
    std::cout << "      内设机构" << src("units") << "：" << (v.units.empty() ? "未见记载" : "") << "\n";
    for (const auto& u : v.units) std::cout << "        " << u.name << "\n";
    std::cout << "      人员编制" << src("staffing") << "："
              << (v.staffing.empty() ? "未见记载" : StaffingText(v.staffing)) << "\n";
  } else {
    std::cout << "      职责 " << v.duties.size() << " 条；内设机构 " << v.units.size() << " 个";
    if (!v.staffing.empty()) std::cout << "；" << StaffingText(v.staffing);
    std::cout << "\n";
  }
  std::cout << "      来源：";
  for (size_t i = 0; i < v.sources.size(); ++i) std::cout << (i ? "；" : "") << lineage::CitationText(v.sources[i]);
  std::cout << "\n";
}

std::string Names(const Chain& chain, const std::vector<std::string>& ids, const std::string& date) {
  std::string s;
  for (const auto& id : ids) {
    if (!s.empty()) s += "、";
    const Version* v = chain.VersionAt(id, date);
    if (v == nullptr) {
      // On the day a body ends, name it by its last version.
      const auto vs = chain.VersionsOf(id);
      v = vs.empty() ? nullptr : vs.back();
    }
    s += v != nullptr ? v->name : id;
  }
  return s;
}

int ShowInstitution(Store& store, const Chain& chain, const history::Institution& inst,
                    const std::string& as_of, uint64_t tx, bool json) {
  std::vector<const Version*> versions = chain.VersionsOf(inst.id);
  if (!as_of.empty()) {
    const Version* v = chain.VersionAt(inst.id, as_of);
    versions = v == nullptr ? std::vector<const Version*>{} : std::vector<const Version*>{v};
  }
  std::vector<const history::ChainEvent*> events;
  for (const auto& e : chain.events) {
    if (std::find(e.from.begin(), e.from.end(), inst.id) != e.from.end() ||
        std::find(e.to.begin(), e.to.end(), inst.id) != e.to.end())
      events.push_back(&e);
  }
  std::vector<const history::Conflict*> conflicts;
  for (const auto& c : chain.conflicts) {
    if (c.institution == inst.id) conflicts.push_back(&c);
  }
  if (json) {
    nlohmann::json j;
    j["institution"] = inst;
    j["as_of"] = as_of.empty() ? nlohmann::json(nullptr) : nlohmann::json(as_of);
    j["versions"] = nlohmann::json::array();
    for (const auto* v : versions) j["versions"].push_back(*v);
    j["events"] = nlohmann::json::array();
    for (const auto* e : events) j["events"].push_back(*e);
    j["conflicts"] = nlohmann::json::array();
    for (const auto* c : conflicts) j["conflicts"].push_back(*c);
    j["as_recorded"] = RecordedJson(store, tx);
    PrintJson(j);
    return kExitOk;
  }
  std::cout << "机构：" << (inst.names.empty() ? inst.id : inst.names.back()) << "（" << inst.id << "）\n";
  static const std::map<std::string, std::string> kLevels = {
      {"national", "国家级"}, {"province", "省级"}, {"city", "市级"}, {"county", "县级"}};
  auto lv = kLevels.find(inst.level);
  std::cout << "层级：" << (lv == kLevels.end() ? "不详" : lv->second)
            << "；存续：" << lineage::PeriodText(inst.valid_from, inst.valid_to) << "\n";
  if (!as_of.empty()) {
    std::cout << as_of << " 时的状态：" << (versions.empty() ? "该日不存在\n" : "\n");
  } else {
    std::cout << "版本（" << versions.size() << "）：\n";
  }
  for (const auto* v : versions) PrintVersion(chain, *v, !as_of.empty());
  std::cout << "事件（" << events.size() << "）：\n";
  for (const auto* e : events) {
    std::cout << "  " << e->date << "  " << lineage::EventLabel(e->type) << "  ";
    if (e->type == "renamed") {
      // The name it had until that day, then the new one.
      std::string old_name;
      for (const Version* v : chain.VersionsOf(inst.id)) {
        if (v->valid_to == e->date) old_name = v->name;
      }
      std::cout << (old_name.empty() ? "" : old_name + " → ") << Names(chain, e->to, e->date);
    } else {
      auto side = [&](const std::vector<std::string>& ids) {
        // A long list (a city's founding notice) is shown by this body and a count.
        if (ids.size() > 4 && std::find(ids.begin(), ids.end(), inst.id) != ids.end())
          return Names(chain, {inst.id}, e->date) + " 等 " + std::to_string(ids.size()) + " 个机构";
        return Names(chain, ids, e->date);
      };
      if (!e->from.empty()) std::cout << side(e->from);
      if (!e->to.empty() && e->to != e->from) std::cout << (e->from.empty() ? "" : " → ") << side(e->to);
    }
    if (!e->duty.empty()) std::cout << "  职责：" << e->duty;
    if (!e->detail.empty()) std::cout << "  " << e->detail;
    std::cout << "  〔" << lineage::CitationText(e->source) << "；" << e->id << "〕\n";
  }
  if (!conflicts.empty()) {
    std::cout << "来源不一致（" << conflicts.size() << "）：\n";
    for (const auto* c : conflicts) {
      std::cout << "  " << c->date << " " << FieldLabel(c->field) << "：";
      for (size_t i = 0; i < c->claims.size(); ++i)
        std::cout << (i ? "；" : "") << c->claims[i].value << "（" << lineage::CitationText(c->claims[i].source) << "）";
      std::cout << "。采用 " << c->chosen << "：" << c->note << "\n";
    }
  }
  auto rec = RecordedJson(store, tx);
  if (!rec.is_null()) std::cout << "记录状态：截至更改 " << FormatTx(rec.get<ChainTx>()) << "\n";
  return kExitOk;
}

}  // namespace

void RegisterHistory(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string name, as_of, recorded_at;
    uint64_t tx = 0;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "history", "机构沿革：某机构的全部版本、事件与来源；可查某日的状态，或某一时刻档案中的记录");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("name", o->name, "机构名称、简称或编号；省略时列出全部机构");
  cmd->add_option("--as-of", o->as_of, "只看该日（YYYY-MM-DD）时的状态");
  cmd->add_option("--recorded-at", o->recorded_at, "按该时刻档案中的记录回答（如 2026-11-21T10:30:00，UTC）");
  cmd->add_option("--tx", o->tx, "按第 N 次沿革更改后的记录回答");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      Store& store = (*dir)->store();
      uint64_t tx = o->tx;
      if (!o->recorded_at.empty()) {
        auto ms = ParseTime(o->recorded_at);
        if (!ms.ok()) return ReportError(ms.status());
        auto at = history::TxAtTime(store, *ms);
        if (!at.ok()) return ReportError(at.status());
        tx = *at;
      } else if (tx == 0) {
        auto last = store.LastChainTx();
        if (!last.ok()) return ReportError(last.status());
        tx = *last;
      }
      auto chain = history::LoadChain(store, tx);
      if (!chain.ok()) return ReportError(chain.status());
      if (o->name.empty()) {
        if (o->g.json) {
          nlohmann::json j;
          j["institutions"] = chain->institutions;
          j["events"] = chain->events.size();
          j["conflicts"] = chain->conflicts.size();
          j["as_recorded"] = RecordedJson(store, tx);
          PrintJson(j);
          return kExitOk;
        }
        std::cout << "机构 " << chain->institutions.size() << " 个，版本 " << chain->versions.size()
                  << " 个，事件 " << chain->events.size() << " 个，来源不一致 " << chain->conflicts.size()
                  << " 处\n";
        for (const auto& inst : chain->institutions) {
          std::cout << "  " << inst.id << "  " << (inst.names.empty() ? "" : inst.names.back()) << "  "
                    << lineage::PeriodText(inst.valid_from, inst.valid_to) << "\n";
        }
        return kExitOk;
      }
      const auto found = FindByName(*chain, o->name);
      if (found.empty()) return ReportError(Status::NotFound("沿革中没有名为“" + o->name + "”的机构"));
      if (found.size() > 1) {
        std::cerr << "错误：名称“" << o->name << "”对应多个机构，请用编号指定：\n";
        for (const auto* i : found)
          std::cerr << "  " << i->id << "  " << lineage::PeriodText(i->valid_from, i->valid_to) << "\n";
        return kExitError;
      }
      return ShowInstitution(store, *chain, *found.front(), o->as_of, tx, o->g.json);
    };
  });
}

void RegisterConflicts(CLI::App& app, Action& run) {
  auto g = std::make_shared<GlobalOptions>();
  CLI::App* cmd = app.add_subcommand("conflicts", "列出来源之间不一致之处（两份来源及其出处，沿革采用的值及理由）");
  AddGlobalOptions(cmd, *g);
  cmd->callback([g, &run] {
    run = [g]() -> int {
      auto dir = DataDir::Open(g->data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      auto chain = history::LoadChain((*dir)->store());
      if (!chain.ok()) return ReportError(chain.status());
      if (g->json) {
        PrintJson(nlohmann::json{{"conflicts", chain->conflicts}});
        return kExitOk;
      }
      std::cout << "来源不一致 " << chain->conflicts.size() << " 处\n";
      for (const auto& c : chain->conflicts) {
        const Version* v = chain->VersionAt(c.institution, c.date);
        std::cout << "  " << (v != nullptr ? v->name : c.institution) << " " << c.date << " "
                  << FieldLabel(c.field) << "：";
        for (size_t i = 0; i < c.claims.size(); ++i)
          std::cout << (i ? "；" : "") << c.claims[i].value << "（" << lineage::CitationText(c.claims[i].source) << "）";
        std::cout << "。采用 " << c.chosen << "\n";
      }
      return kExitOk;
    };
  });
}

void RegisterCurate(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    ChainCuration c;
    std::string type, date, duty, detail, institution, field, value, source;
    std::vector<std::string> from, to;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "curate", "人工修订机构沿革：补充、更正或撤回事实与事件（写明修订人和原因；原记录保留，可按时刻回看）");
  cmd->require_subcommand(1);
  auto common = [&](CLI::App* sub) {
    AddGlobalOptions(sub, o->g);
    sub->add_option("--by", o->c.by, "修订人")->required();
    sub->add_option("--reason", o->c.reason, "修订原因")->required();
  };
  CLI::App* add = cmd->add_subcommand("add-event", "补充一个事件（文件中没有或未能识别）");
  common(add);
  add->add_option("--type", o->type, "事件类型：established renamed merged split abolished placed_under "
                                     "rank_changed staffing_changed duty_transferred")->required();
  add->add_option("--date", o->date, "日期 YYYY-MM-DD")->required();
  add->add_option("--from", o->from, "事件前的机构（编号或全称，可多个）");
  add->add_option("--to", o->to, "事件后的机构（编号或全称，可多个）");
  add->add_option("--duty", o->duty, "划转的职责");
  add->add_option("--detail", o->detail, "说明，如 副处级→正处级、+3");
  CLI::App* retract = cmd->add_subcommand("retract-event", "撤回一个事件（如识别有误）");
  common(retract);
  retract->add_option("event", o->c.target, "事件编号（见 sanding history）")->required();
  CLI::App* set = cmd->add_subcommand("set", "自某日起某机构的某项事实（开始新版本）");
  CLI::App* correct = cmd->add_subcommand("correct", "更正某日所在版本的某项事实（不开始新版本）");
  for (CLI::App* sub : {set, correct}) {
    common(sub);
    sub->add_option("institution", o->institution, "机构编号")->required();
    sub->add_option("--date", o->date, "日期 YYYY-MM-DD")->required();
    sub->add_option("--field", o->field, "name rank kind parent abbreviations duties units staffing")->required();
    sub->add_option("--value", o->value, "新的值（列表类字段写 JSON）")->required();
  }
  CLI::App* rfact = cmd->add_subcommand("retract-fact", "撤回某份文件关于某机构某项事实的记载");
  common(rfact);
  rfact->add_option("institution", o->institution, "机构编号")->required();
  rfact->add_option("--field", o->field, "字段")->required();
  rfact->add_option("--source", o->source, "文件标识（SHA-256 或前缀）")->required();
  CLI::App* withdraw = cmd->add_subcommand("withdraw", "撤回编号为 N 的修订");
  common(withdraw);
  withdraw->add_option("seq", o->c.withdraws, "修订编号")->required();

  auto make = [o, add, retract, set, correct, rfact, withdraw](Store& store) -> Result<ChainCuration> {
    ChainCuration c = o->c;
    // What a curation names must exist in the chain as it stands.
    if (set->parsed() || correct->parsed() || rfact->parsed()) {
      auto inst = history::LoadInstitution(store, o->institution);
      if (!inst.ok()) return inst.status();
    }
    if (retract->parsed()) {
      auto last = store.LastChainTx();
      if (!last.ok()) return last.status();
      bool found = false;
      SANDING_RETURN_IF_ERROR(store.ScanChain(ChainKind::kEvent, o->c.target, *last, [&](const ChainRow& r) {
        found = r.id == o->c.target;
        return false;
      }));
      if (!found) return Status::NotFound("沿革中没有编号为 " + o->c.target + " 的事件");
    }
    static const std::set<std::string> kFields = {"name",   "rank",   "kind",  "parent",
                                                  "abbreviations", "duties", "units", "staffing"};
    if (add->parsed()) {
      static const std::set<std::string> kTypes = {
          "established", "renamed", "merged", "split", "abolished", "placed_under",
          "rank_changed", "staffing_changed", "duty_transferred"};
      if (!kTypes.contains(o->type)) return Status::InvalidArgument("未知的事件类型“" + o->type + "”");
      if (o->from.empty() && o->to.empty()) return Status::InvalidArgument("事件至少要有 --from 或 --to");
      c.op = "add_event";
      nlohmann::json v{{"type", o->type}, {"date", o->date}, {"from", o->from}, {"to", o->to}};
      if (!o->duty.empty()) v["duty"] = o->duty;
      if (!o->detail.empty()) v["detail"] = o->detail;
      c.value = v.dump();
    } else if (retract->parsed()) {
      c.op = "retract_event";
    } else if (set->parsed() || correct->parsed()) {
      if (!kFields.contains(o->field)) return Status::InvalidArgument("未知的字段“" + o->field + "”");
      nlohmann::json value = o->value;
      if (o->field == "duties" || o->field == "units" || o->field == "staffing" ||
          o->field == "abbreviations") {
        value = nlohmann::json::parse(o->value, nullptr, false);
        if (value.is_discarded() || !value.is_array())
          return Status::InvalidArgument("字段 " + o->field + " 的值应为 JSON 列表");
      }
      c.op = set->parsed() ? "set" : "correct";
      c.value = nlohmann::json{{"institution", o->institution}, {"date", o->date},
                               {"field", o->field}, {"value", value}}.dump();
    } else if (rfact->parsed()) {
      auto sha = ResolveSha(store, o->source);
      if (!sha.ok()) return sha.status();
      c.op = "retract_fact";
      c.value = nlohmann::json{{"institution", o->institution}, {"field", o->field}, {"source", *sha}}.dump();
    } else if (withdraw->parsed()) {
      c.op = "withdraw";
    }
    return c;
  };
  for (CLI::App* sub : {add, retract, set, correct, rfact, withdraw}) {
    sub->callback([o, make, &run] {
      run = [o, make]() -> int {
        auto dir = DataDir::Open(o->g.data_dir);
        if (!dir.ok()) return ReportError(dir.status());
        Store& store = (*dir)->store();
        auto c = make(store);
        if (!c.ok()) return ReportError(c.status());
        auto stored = store.AddChainCuration(*c);
        if (!stored.ok()) return ReportError(stored.status());
        auto report = history::RebuildChain(store, stored->by, "修订 #" + std::to_string(stored->seq) + "：" + stored->reason);
        if (!report.ok()) return ReportError(report.status());
        if (Status st = SyncClauseIndex(**dir); !st.ok()) return ReportError(st);
        if (Status st = store.Sync(); !st.ok()) return ReportError(st);
        if (o->g.json) {
          PrintJson({{"curation", *stored}, {"tx", report->tx}});
        } else {
          std::cout << "已记录修订 #" << stored->seq << "；";
          if (report->tx.number == 0) {
            std::cout << "沿革没有变化\n";
          } else {
            std::cout << "沿革更改 #" << report->tx.number << "：新增或更新 " << report->tx.added << " 条、"
                      << "停用 " << report->tx.closed << " 条记录\n";
          }
        }
        return kExitOk;
      };
    });
  }
}

void RegisterBackup(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string dir;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("backup", "备份存储库（文件、页面、提取结果、沿革与全部更正；索引可由存储库重建）");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("dir", o->dir, "备份目录（可多次备份到同一目录）")->required();
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      if (Status st = (*dir)->store().Backup(o->dir); !st.ok()) return ReportError(st);
      std::error_code ec;
      const fs::path authority = fs::path((*dir)->path()) / "authority.json";
      if (fs::exists(authority))
        fs::copy_file(authority, fs::path(o->dir) / "authority.json", fs::copy_options::overwrite_existing, ec);
      if (ec) return ReportError(Status::IOError("无法复制机构名录到 " + o->dir + "：" + ec.message()));
      if (o->g.json) {
        PrintJson({{"backup", o->dir}});
      } else {
        std::cout << "已备份到 " << o->dir << "\n";
      }
      return kExitOk;
    };
  });
}

void RegisterRestore(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string dir;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("restore", "由备份恢复到一个新的数据目录（并重建索引）");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("dir", o->dir, "备份目录")->required();
  cmd->callback([o, &run] {
    run = [o]() -> int {
      const std::string data = o->g.data_dir;
      std::error_code ec;
      if (fs::exists(fs::path(data) / "store") && !fs::is_empty(fs::path(data) / "store", ec))
        return ReportError(Status::AlreadyExists("数据目录 " + data + " 已有存储库；请恢复到新的数据目录"));
      fs::create_directories(data, ec);
      if (Status st = Store::RestoreRocksDb(o->dir, data + "/store"); !st.ok()) return ReportError(st);
      if (fs::exists(fs::path(o->dir) / "authority.json"))
        fs::copy_file(fs::path(o->dir) / "authority.json", fs::path(data) / "authority.json",
                      fs::copy_options::overwrite_existing, ec);
      fs::remove_all(fs::path(data) / "index", ec);
      auto dir = DataDir::Open(data);
      if (!dir.ok()) return ReportError(dir.status());
      if (Status st = (*dir)->index().Rebuild((*dir)->store()); !st.ok()) return ReportError(st);
      if (Status st = SyncClauseIndex(**dir, /*rebuild=*/true); !st.ok()) return ReportError(st);
      auto stats = (*dir)->index().Stats();
      if (!stats.ok()) return ReportError(stats.status());
      if (o->g.json) {
        PrintJson({{"restored", data}, {"indexed_documents", stats->documents}});
      } else {
        std::cout << "已恢复到 " << data << "，并重建索引（" << stats->documents << " 份文件）\n";
      }
      return kExitOk;
    };
  });
}

void RegisterCheck(CLI::App& app, Action& run) {
  auto g = std::make_shared<GlobalOptions>();
  CLI::App* cmd = app.add_subcommand("check", "检查存储库：沿革的完整性、沿革与文件是否一致、索引与存储库是否一致");
  AddGlobalOptions(cmd, *g);
  cmd->callback([g, &run] {
    run = [g]() -> int {
      auto dir = DataDir::Open(g->data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      Store& store = (*dir)->store();
      std::vector<std::string> problems;
      auto chain = history::LoadChain(store);
      if (!chain.ok()) return ReportError(chain.status());
      auto chain_problems = history::CheckChain(store, *chain);
      if (!chain_problems.ok()) return ReportError(chain_problems.status());
      problems = *chain_problems;
      // The stored chain is what the documents and curations give now.
      auto docs = history::LoadSourceDocuments(store);
      if (!docs.ok()) return ReportError(docs.status());
      auto curations = store.ListChainCurations();
      if (!curations.ok()) return ReportError(curations.status());
      const auto rebuilt = history::ToRows(history::BuildChain(*docs, *curations));
      const auto stored = history::ToRows(*chain);
      std::set<std::tuple<char, std::string, std::string>> a, b;
      // Fact rows are JSON text (compared by value), the derived lookup rows CBOR (by bytes).
      auto canonical = [](const ChainRow& r) {
        const auto j = nlohmann::json::parse(r.body, nullptr, false);
        return j.is_discarded() ? r.body : j.dump();
      };
      for (const auto& r : rebuilt) a.insert({static_cast<char>(r.kind), r.id, canonical(r)});
      for (const auto& r : stored) b.insert({static_cast<char>(r.kind), r.id, canonical(r)});
      if (a != b) problems.push_back("存储的沿革与由文件重新推导的不一致（运行 sanding extract 可更新）");
      // The stored lookup rows (names, cards, regions) are those of the stored chain.
      auto index_rows = history::LoadIndexRows(store);
      if (!index_rows.ok()) return ReportError(index_rows.status());
      std::set<std::tuple<char, std::string, std::string>> derived, kept;
      for (const auto& r : history::IndexRows(*chain)) derived.insert({static_cast<char>(r.kind), r.id, r.body});
      for (const auto& r : *index_rows) kept.insert({static_cast<char>(r.kind), r.id, r.body});
      if (derived != kept) problems.push_back("沿革的查询索引（名称、卡片、地区）与存储的沿革不一致（运行 sanding extract 可更新）");
      // The index agrees with the store.
      auto stats = store.Stats();
      if (!stats.ok()) return ReportError(stats.status());
      auto istats = (*dir)->index().Stats();
      if (!istats.ok()) return ReportError(istats.status());
      if (stats->index_pending > 0)
        problems.push_back("有 " + std::to_string(stats->index_pending) + " 份文件尚未建索引");
      if (istats->documents != stats->files_complete)
        problems.push_back("索引中的文件数 " + std::to_string(istats->documents) + " 与存储库中已完成的文件数 " +
                           std::to_string(stats->files_complete) + " 不一致（运行 sanding reindex 可重建）");
      if (g->json) {
        PrintJson({{"ok", problems.empty()},
                   {"problems", problems},
                   {"institutions", chain->institutions.size()},
                   {"versions", chain->versions.size()},
                   {"events", chain->events.size()},
                   {"files", stats->files_complete},
                   {"indexed", istats->documents}});
      } else {
        std::cout << "机构 " << chain->institutions.size() << " 个，版本 " << chain->versions.size() << " 个，事件 "
                  << chain->events.size() << " 个；文件 " << stats->files_complete << " 份，索引 "
                  << istats->documents << " 份\n";
        if (problems.empty()) std::cout << "检查通过\n";
        for (const auto& p : problems) std::cout << "问题：" << p << "\n";
      }
      return problems.empty() ? kExitOk : kExitError;
    };
  });
}

}  // namespace sanding::cli
