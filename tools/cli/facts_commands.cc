// Commands over the extracted facts: extract (re-run extraction, import the authority of known
// institutions), correct (record an archivist's correction), and the facts part of `show`.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "indexer/extract/curation.h"
#include "indexer/extract/run.h"
#include "tools/cli/cli.h"

namespace sanding::cli {
namespace {

namespace fs = std::filesystem;

std::string AuthorityPath(const DataDir& dir) { return dir.AuthorityPath(); }
using query::ReadJsonFile;

const char* EventLabel(const std::string& type) {
  static const std::map<std::string, const char*> kLabels = {
      {"established", "设立"},       {"renamed", "更名"},          {"merged", "合并"},
      {"split", "分设"},             {"abolished", "撤销"},        {"placed_under", "隶属调整"},
      {"rank_changed", "规格调整"},  {"staffing_changed", "编制调整"},
      {"duty_transferred", "职责划转"}};
  auto it = kLabels.find(type);
  return it == kLabels.end() ? "其他" : it->second;
}

const char* AdjustmentLabel(const std::string& action) {
  static const std::map<std::string, const char*> kLabels = {
      {"cancelled", "取消"}, {"transferred_out", "划出"}, {"transferred_in", "划入"},
      {"strengthened", "加强"}};
  auto it = kLabels.find(action);
  return it == kLabels.end() ? "其他" : it->second;
}

std::string Where(const extract::Span& s) {
  return s.page == 0 ? "" : "［第" + std::to_string(s.page) + "页］";
}

std::string MentionText(const extract::Mention& m) {
  std::string out = m.text;
  if (!m.institution.empty() && m.name != m.text) out += "（即" + m.name + "）";
  if (m.resolution == "ambiguous") out += "（有歧义）";
  return out;
}

std::string Mentions(const std::vector<extract::Mention>& ms) {
  std::string out;
  for (const auto& m : ms) out += (out.empty() ? "" : "、") + MentionText(m);
  return out.empty() ? "—" : out;
}

std::string FormatMs(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::ostringstream os;
  os << std::put_time(&tm, "%Y-%m-%d %H:%M");
  return os.str();
}

// `show_written`: print the characters the value was read from when they differ (not for a kind,
// which is read from the whole title).
void PrintField(const char* label, const extract::Field& f, bool show_written = true) {
  std::cout << label << "：" << (f.empty() ? "（未识别）" : f.value);
  if (show_written && !f.empty() && !f.as_written.empty() && f.as_written != f.value) {
    std::cout << "（原文“" << f.as_written << "”）";
  }
  std::cout << Where(f.span) << "\n";
}

}  // namespace

Status PrintFactsSection(Store& store, const std::string& sha, nlohmann::json* json_out) {
  if (json_out != nullptr) {
    auto e = query::ExtractionJson(store, sha);
    if (!e.ok()) return e.status();
    (*json_out)["extraction"] = std::move(e).value();
    return Status::Ok();
  }
  std::string owner;
  auto facts = extract::LoadFacts(store, sha, &owner);
  if (!facts.ok()) {
    if (facts.status().code() != Status::Code::kNotFound) return facts.status();
    std::cout << "\n—— 提取结果 ——\n尚未提取（运行 sanding extract）\n";
    return Status::Ok();
  }
  auto corrections = store.ListCorrections(owner);
  if (!corrections.ok()) return corrections.status();
  const extract::CuratedFacts curated =
      extract::ApplyCorrections(nlohmann::json(*facts), *corrections);

  extract::DocumentFacts f = curated.effective.get<extract::DocumentFacts>();
  std::cout << "\n—— 提取结果（" << f.extractor << "）——\n";
  if (owner != sha) std::cout << "本文件是文件组的一页，整份文件见 " << owner << "\n";
  if (f.files.size() > 1) std::cout << "由 " << f.files.size() << " 个文件按页组成\n";
  PrintField("类型", f.kind, /*show_written=*/false);
  PrintField("标题", f.title);
  PrintField("文号", f.doc_number);
  PrintField("日期", f.date);
  PrintField("发文机关", f.issuer);
  if (!f.regulation_title.empty()) PrintField("所附规定", f.regulation_title);
  if (f.script == "traditional") std::cout << "字形：繁体（已按简体识别）\n";
  std::cout << "涉及机构：" << Mentions(f.subjects) << "\n";
  if (!f.adjustments.empty()) {
    std::cout << "职责调整（" << f.adjustments.size() << " 项）：\n";
    for (const auto& a : f.adjustments) {
      std::cout << "  [" << AdjustmentLabel(a.action) << "] " << a.text;
      if (!a.counterpart.text.empty()) std::cout << "（相关机构：" << MentionText(a.counterpart) << "）";
      std::cout << Where(a.span) << "\n";
    }
  }
  if (!f.duties.empty()) {
    std::cout << "主要职责（" << f.duties.size() << " 条）：\n";
    for (const auto& d : f.duties) {
      std::cout << "  " << d.number << d.text << (d.boilerplate ? "（兜底条款）" : "") << Where(d.span)
                << "\n";
    }
  }
  if (!f.units.empty()) {
    std::cout << "内设机构（" << f.units.size() << " 个）：\n";
    for (const auto& u : f.units) {
      std::cout << "  " << u.name;
      for (size_t i = 0; i < u.duties.size(); ++i) std::cout << (i == 0 ? "：" : "；") << u.duties[i];
      std::cout << Where(u.span) << "\n";
    }
  }
  if (!f.staffing.empty()) {
    std::cout << "人员编制：\n";
    for (const auto& s : f.staffing) {
      std::cout << "  " << s.type << (s.post.empty() ? "" : " " + s.post) << " " << s.count << " 名"
                << Where(s.span) << "\n";
    }
  }
  if (!f.events.empty()) {
    std::cout << "机构变动（" << f.events.size() << " 项）：\n";
    for (const auto& e : f.events) {
      std::cout << "  [" << EventLabel(e.type) << "] " << e.date << " " << Mentions(e.from) << " → "
                << Mentions(e.to);
      if (!e.duty.empty()) std::cout << "，职责：" << e.duty;
      if (!e.detail.empty()) std::cout << "，" << e.detail;
      std::cout << Where(e.span) << "\n";
    }
  }
  if (!f.review.empty()) {
    std::cout << "待复核（" << f.review.size() << " 项）：\n";
    for (const auto& r : f.review) std::cout << "  - " << r.message << "\n";
  }
  if (!curated.corrections.empty()) {
    std::cout << "更正记录：\n";
    for (const auto& c : curated.corrections) {
      const CorrectionRecord& r = c.record;
      std::cout << "  #" << r.seq << " " << FormatMs(r.at_ms) << " " << r.by << "：";
      if (r.op == "withdraw") {
        std::cout << "撤回更正 #" << r.withdraws;
      } else {
        std::cout << (r.op == "remove" ? "删除 " : r.op == "add" ? "添加 " : "更正 ") << r.path;
        if (r.op != "remove") std::cout << " 为 " << r.value;
        if (!c.previous.is_null()) std::cout << "（原为 " << c.previous.dump() << "）";
      }
      std::cout << "；原因：" << r.reason;
      if (c.withdrawn) std::cout << "（已撤回）";
      if (!c.problem.empty()) std::cout << "（" << c.problem << "）";
      std::cout << "\n";
    }
  }
  return Status::Ok();
}

void RegisterExtract(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    bool all = false;
    std::string authority;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "extract", "提取结构化信息：文号、日期、发文机关、职责、内设机构、编制、机构变动（导入时自动运行）");
  AddGlobalOptions(cmd, o->g);
  cmd->add_flag("--all", o->all, "重新提取全部文件（规则更新后使用；人工更正始终保留）");
  cmd->add_option("--authority", o->authority,
                  "导入已知机构名录（JSON，格式见 docs/cli.md），用于机构名称对应与 OCR 校正");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      bool all = o->all;
      if (!o->authority.empty()) {
        auto j = ReadJsonFile(o->authority);
        if (!j.ok()) return ReportError(j.status());
        auto authority = extract::Authority::FromInstitutionsJson(*j);
        if (!authority.ok()) return ReportError(authority.status());
        std::ofstream out(AuthorityPath(**dir), std::ios::binary | std::ios::trunc);
        out << authority->ToJson().dump(1);
        out.close();
        if (!out) return ReportError(Status::IOError("无法写入 " + AuthorityPath(**dir)));
        std::cerr << "已导入机构名录：" << authority->size() << " 个机构" << std::endl;
        all = true;  // names resolve differently now
      }
      auto report = RunExtraction(**dir, all);
      if (!report.ok()) return ReportError(report.status());
      auto chain = RebuildHistory(**dir, "重新提取后由文件推导");
      if (!chain.ok()) return ReportError(chain.status());
      if (Status st = (*dir)->index().Sync((*dir)->store()); !st.ok()) return ReportError(st);
      if (Status st = (*dir)->store().Sync(); !st.ok()) return ReportError(st);
      if (o->g.json) {
        PrintJson({{"documents", report->documents},
                   {"current", report->current},
                   {"flagged", report->flagged},
                   {"grouped_files", report->grouped_files}});
      } else {
        std::cout << "已提取 " << report->documents << " 份文件（其中 " << report->flagged
                  << " 份有待复核项）；" << report->current << " 份已是最新";
        if (report->grouped_files > 0) std::cout << "；" << report->grouped_files << " 个分页图像文件并入所属文件";
        std::cout << "\n";
      }
      return kExitOk;
    };
  });
}

void RegisterCorrect(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::string id;
    extract::CorrectionRequest req;
    bool remove = false, add = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "correct", "记录对提取结果的人工更正（写明更正人和原因；机器提取结果保留可查，重新提取不会覆盖更正）");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("id", o->id, "文件标识（SHA-256，或至少 8 位的前缀）")->required();
  cmd->add_option("--field", o->req.field,
                  "字段：文号、日期、类型、发文机关、标题，或以 / 开头的路径（如 /staffing/0/count、/events/-）");
  cmd->add_option("--value", o->req.value, "新的值（路径字段可写 JSON）");
  cmd->add_flag("--remove", o->remove, "删除该字段或条目（提取有误）");
  cmd->add_flag("--add", o->add, "添加条目（路径以 /- 结尾时追加到列表）");
  cmd->add_option("--withdraw", o->req.withdraws, "撤回编号为 N 的更正");
  cmd->add_option("--by", o->req.by, "更正人")->required();
  cmd->add_option("--reason", o->req.reason, "更正原因")->required();
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      Store& store = (*dir)->store();
      auto sha = ResolveSha(store, o->id);
      if (!sha.ok()) return ReportError(sha.status());
      extract::CorrectionRequest req = o->req;
      req.sha256 = *sha;
      req.op = o->req.withdraws > 0 ? "withdraw" : o->remove ? "remove" : o->add ? "add" : "replace";
      if (req.op != "withdraw" && req.field.empty()) {
        std::cerr << "错误：请用 --field 指明要更正的字段，或用 --withdraw 撤回更正" << std::endl;
        return kExitUsage;
      }
      auto corrected = (*dir)->Correct(req);
      if (!corrected.ok()) return ReportError(corrected.status());
      const CorrectionRecord* stored = &corrected->record;
      if (o->g.json) {
        PrintJson(*stored);
      } else {
        std::cout << "已记录更正 #" << stored->seq << "（" << stored->by << "，" << FormatMs(stored->at_ms)
                  << "）\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace sanding::cli
