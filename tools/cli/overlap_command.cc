// `sanding overlap`: duty overlap (职能交叉) checks for staff planning an agency — a draft 主要职责
// (a text file, stdin, or a document in the archive) clause by clause against the duties of the
// bodies in force on a date, like a 查重 report; and, without a draft, the region-wide report of
// pairs of bodies whose duties overlap. Text, JSON (docs/cli.md) or a printable HTML page.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "indexer/clause_index.h"
#include "indexer/extract/curation.h"
#include "indexer/extract/facts.h"
#include "indexer/history/index_rows.h"
#include "ocr/document.h"
#include "ocr/format.h"
#include "query/lineage/lineage.h"
#include "query/overlap/overlap.h"
#include "tools/cli/cli.h"

namespace sanding::cli {
namespace {

namespace fs = std::filesystem;

struct OverlapCliOptions {
  GlobalOptions g;
  std::string draft;
  std::string as_of;
  std::string region;
  double threshold = history::kOverlapThreshold;
  size_t per_clause = 5;
  std::vector<std::string> exclude;
  unsigned threads = 0;
  bool html = false;
  std::string out;
};

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Text documents need no OCR; Document::ExtractPage still wants an engine.
class NoOcr final : public ocr::OcrEngine {
 public:
  Result<ocr::OcrOutput> Recognize(const ocr::Image&) override {
    return Status::Unsupported("草案应为文本文件");
  }
  std::string Describe() const override { return "none"; }
};

// The bytes of a text file as UTF-8 (GBK/GB18030 and UTF-16 with a BOM decoded as ingest does),
// pages joined with form feeds.
Result<std::string> DecodeDraft(const std::string& bytes, const std::string& label) {
  if (bytes.find_first_not_of(" \t\r\n\f") == std::string::npos)
    return Status::InvalidArgument("草案“" + label + "”是空的，没有可比对的职责条款");
  const ocr::Format fmt = ocr::DetectFormat(bytes, label);
  if (fmt != ocr::Format::kText)
    return Status::InvalidArgument("草案“" + label + "”不是文本文件（识别为 " +
                                   ocr::FormatName(fmt) + "）；请提供 UTF-8、GBK 或 UTF-16 文本");
  auto doc = ocr::Document::Open(fmt, std::make_shared<const std::string>(bytes), label);
  if (!doc.ok()) return doc.status();
  NoOcr engine;
  ocr::OcrOptions options;
  std::string text;
  for (int i = 0; i < (*doc)->PageCount(); ++i) {
    auto page = (*doc)->ExtractPage(i, engine, options);
    if (!page.ok()) return page.status();
    if (i > 0) text += '\f';
    text += page->text;
  }
  return text;
}

using Archived = std::optional<std::pair<overlap::DraftSource, std::vector<overlap::DraftClause>>>;

// The duties of a document in the archive (corrections applied), by sha256 prefix or 文号;
// nullopt when `id` names none.
Result<Archived> ArchivedDraft(Store& store, const std::string& id) {
  std::string sha;
  const bool hex = id.size() >= 8 && id.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (hex) {
    auto resolved = ResolveSha(store, id);
    if (!resolved.ok()) return resolved.status();
    sha = *resolved;
  } else {
    const std::string key = history::NameKey(id);
    if (key.empty() || id.find("号") == std::string::npos) return Archived{};
    std::vector<std::string> found;
    Status st = store.ForEachFile([&](const FileRecord& f) {
      auto facts = store.GetFacts(f.sha256);
      if (!facts.ok() || !*facts) return true;
      auto j = nlohmann::json::parse(**facts, nullptr, false);
      if (j.is_discarded()) return true;
      const auto& dn = j["doc_number"];
      if (dn.is_object() && dn.value("value", "") != "" &&
          history::NameKey(dn.value("value", "")) == key)
        found.push_back(f.sha256);
      return true;
    });
    if (!st.ok()) return st;
    if (found.empty()) return Archived{};
    if (found.size() > 1)
      return Status::InvalidArgument("文号“" + id + "”对应档案中的多份文件，请改用文件标识（sha256 前缀）");
    sha = found.front();
  }
  std::string owner;
  auto facts = extract::LoadFacts(store, sha, &owner);
  if (!facts.ok()) {
    if (facts.status().code() == Status::Code::kNotFound)
      return Status::NotFound("文件“" + id + "”尚未提取（运行 sanding extract）");
    return facts.status();
  }
  auto corrections = store.ListCorrections(owner);
  if (!corrections.ok()) return corrections.status();
  const extract::DocumentFacts f =
      extract::ApplyCorrections(nlohmann::json(*facts), *corrections).effective.get<extract::DocumentFacts>();
  overlap::DraftSource from;
  from.sha256 = owner;
  from.label = f.doc_number.value;
  if (!f.title.value.empty()) from.label += (from.label.empty() ? "" : " ") + ("《" + f.title.value + "》");
  if (from.label.empty()) from.label = owner.substr(0, 12);
  std::vector<overlap::DraftClause> clauses;
  for (const auto& d : f.duties)
    if (!d.boilerplate && !d.text.empty()) clauses.push_back(overlap::DraftClause{d.number, d.text});
  if (clauses.empty())
    return Status::InvalidArgument("档案文件“" + from.label + "”中没有识别出主要职责条款，无法比对");
  return Archived(std::make_pair(std::move(from), std::move(clauses)));
}

int Emit(const OverlapCliOptions& o, const std::string& text) {
  if (o.out.empty()) {
    std::cout << text;
    std::cout.flush();
    return kExitOk;
  }
  std::ofstream out(o.out, std::ios::binary);
  out << text;
  out.close();
  if (!out) return ReportError(Status::IOError("无法写入输出文件“" + o.out + "”"));
  if (!o.g.json) std::cerr << "报告已写入 " << o.out << "\n";
  return kExitOk;
}

int Run(const OverlapCliOptions& o) {
  if (!o.as_of.empty() && !IsDate(o.as_of)) {
    std::cerr << "错误：--as-of 应为日期，如 2020-01-01（收到“" << o.as_of << "”）\n";
    return kExitUsage;
  }
  if (!(o.threshold >= 0.0 && o.threshold <= 1.0)) {
    std::cerr << "错误：--threshold 应在 0 到 1 之间（如 0.5）\n";
    return kExitUsage;
  }
  if (o.draft.empty() && o.region.empty()) {
    std::cerr << "错误：请给出草案文件（或 - 表示标准输入、档案中的文号或文件标识），"
                 "或用 --region 地区 生成地区职能交叉报告\n";
    return kExitUsage;
  }

  // A draft read before the store is opened: a missing file is reported as such.
  overlap::DraftSource from;
  std::vector<overlap::DraftClause> clauses;
  bool need_archive = false;
  if (!o.draft.empty()) {
    std::string bytes;
    if (o.draft == "-") {
      from.label = "标准输入";
      bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else if (fs::is_regular_file(o.draft)) {
      from.label = fs::path(o.draft).filename().string();
      std::ifstream in(o.draft, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      if (!in) return ReportError(Status::IOError("无法读取草案文件“" + o.draft + "”"));
      bytes = s.str();
    } else if (fs::exists(o.draft)) {
      return ReportError(Status::InvalidArgument("草案“" + o.draft + "”不是文件"));
    } else {
      need_archive = true;
    }
    if (!need_archive) {
      auto text = DecodeDraft(bytes, o.draft == "-" ? from.label : o.draft);
      if (!text.ok()) return ReportError(text.status());
      clauses = overlap::SplitDraft(*text);
      if (clauses.empty())
        return ReportError(Status::InvalidArgument(
            "草案“" + (o.draft == "-" ? from.label : o.draft) +
            "”中没有识别出职责条款（应为逐条列出的主要职责，如“（一）负责……”或每行一条）"));
    }
  }

  auto dir = DataDir::Open(o.g.data_dir);
  if (!dir.ok()) return ReportError(dir.status());
  Store& store = (*dir)->store();
  if (need_archive) {
    auto archived = ArchivedDraft(store, o.draft);
    if (!archived.ok()) return ReportError(archived.status());
    if (!*archived)
      return ReportError(Status::NotFound("找不到草案文件“" + o.draft +
                                          "”，档案中也没有这个文号或文件标识"));
    from = std::move((*archived)->first);
    clauses = std::move((*archived)->second);
  }

  auto index = indexer::ClauseIndex::Open((*dir).get()->path() + "/clauses");
  if (!index.ok()) return ReportError(index.status());
  if (Status st = (*index)->Sync(store); !st.ok()) return ReportError(st);
  auto source = lineage::StoreSource(store);
  if (!source.ok()) return ReportError(source.status());

  overlap::Options options;
  options.as_of = o.as_of;
  options.threshold = o.threshold;
  options.per_clause = o.per_clause;
  if (!o.region.empty()) {
    auto region = lineage::ResolveRegion(**source, o.region);
    if (!region.ok()) return ReportError(region.status());
    options.region = *region;
  }
  for (const std::string& name : o.exclude) {
    auto r = lineage::Resolve(**source, name, o.as_of);
    if (!r.ok()) return ReportError(r.status());
    if (r->candidates.empty())
      return ReportError(Status::NotFound("沿革中没有名为“" + name + "”的机构（--exclude）"));
    if (r->ambiguous)
      return ReportError(Status::InvalidArgument("“" + name + "”可指多个机构，请用全称或编号（--exclude）"));
    options.exclude_institutions.push_back(r->candidates.front().institution);
  }

  const bool color = o.out.empty() && StdoutIsTty();
  if (o.draft.empty()) {
    auto report = overlap::CheckRegion(**index, **source, options, o.threads);
    if (!report.ok()) return ReportError(report.status());
    if (o.g.json) return Emit(o, overlap::ToJson(*report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    if (o.html) return Emit(o, overlap::RenderHtml(*report));
    return Emit(o, overlap::RenderText(*report, color));
  }
  auto report = overlap::CheckDraft(**index, **source, clauses, from, options);
  if (!report.ok()) return ReportError(report.status());
  if (o.g.json) return Emit(o, overlap::ToJson(*report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  if (o.html) return Emit(o, overlap::RenderHtml(*report));
  return Emit(o, overlap::RenderText(*report, color));
}

}  // namespace

void RegisterOverlap(CLI::App& app, Action& run) {
  auto o = std::make_shared<OverlapCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "overlap",
      "职能交叉比对：草案主要职责逐条与现有机构职责比对（查重报告）；不给草案时，生成地区内机构职责交叉报告");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("draft", o->draft,
                  "草案：文本文件（每条一项职责，可带（一）1. 等编号），- 表示标准输入，或档案中的文号、文件标识");
  cmd->add_option("--as-of", o->as_of, "比对日期（如 2020-01-01），默认今天");
  cmd->add_option("--region", o->region, "只比对该地区的机构（如 清河市）；不给草案时生成该地区的交叉报告");
  char threshold_help[96];
  std::snprintf(threshold_help, sizeof threshold_help, "相似度阈值，0 到 1，默认 %.2f",
                history::kOverlapThreshold);
  cmd->add_option("--threshold", o->threshold, threshold_help);
  cmd->add_option("--per-clause", o->per_clause, "每条草案职责最多列出的匹配数，默认 5");
  cmd->add_option("--exclude", o->exclude, "不参与比对的机构（名称或编号，可多次给出）");
  cmd->add_option("--threads", o->threads, "地区报告的线程数，默认按 CPU 核数");
  cmd->add_flag("--html", o->html, "输出可打印的 HTML 报告（A4）");
  cmd->add_option("--out", o->out, "把报告写入文件（而不是标准输出）");
  cmd->callback([o, &run] {
    run = [o] {
      if (o->g.json && o->html) {
        std::cerr << "错误：--json 与 --html 只能选一个\n";
        return kExitUsage;
      }
      return Run(*o);
    };
  });
}

}  // namespace sanding::cli
