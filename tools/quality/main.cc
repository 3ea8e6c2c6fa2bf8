// sanding-quality: how well sanding understands documents, against a corpus's truth.
//
//   sanding-quality --corpus corpus                      # clean texts
//   sanding-quality --corpus corpus --data build/demo/data   # + what sanding read from the scans
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "tools/quality/history_score.h"
#include "tools/quality/quality.h"

namespace {

using sanding::quality::Report;

std::string Pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
  return buf;
}

void PrintReport(const std::string& title, const Report& r, bool verbose) {
  std::cout << "== " << title << "（" << r.documents << " 份文件）==\n";
  static const std::pair<const char*, const char*> kFields[] = {
      {"doc_number", "文号"}, {"date", "日期"},     {"kind", "类型"},
      {"issuer", "发文机关"}, {"title", "标题"},   {"access", "公开属性"},
      {"subjects", "涉及机构"}};
  for (const auto& [key, label] : kFields) {
    auto it = r.fields.find(key);
    if (it == r.fields.end()) continue;
    std::cout << "  " << label << " 准确率 " << Pct(it->second.Rate()) << "（" << it->second.correct << "/"
              << it->second.total << "）\n";
  }
  auto f1 = [](const char* label, const sanding::quality::F1& f) {
    std::cout << "  " << label << " F1 " << Pct(f.Score()) << "（准确率 " << Pct(f.Precision()) << "，召回率 "
              << Pct(f.Recall()) << "；提取 " << f.predicted << "，真值 " << f.truth << "，吻合 " << f.matched << "）\n";
  };
  f1("职责条款切分", r.duties);
  f1("内设机构", r.units);
  f1("机构变动事件", r.events);
  std::cout << "  编制数字完全正确 " << Pct(r.StaffingExact()) << "（" << r.staffing_exact << "/" << r.staffing_truth
            << "；多提取 " << (r.staffing.predicted - r.staffing.matched) << " 项）\n";
  std::cout << "  待复核：" << r.documents_flagged << " 份文件，" << r.review_flags << " 项；未标记待复核的字段错误 "
            << r.silent_misses << " 处\n";
  if (verbose) {
    for (const auto& m : r.misses) std::cout << "    - " << m << "\n";
  }
}

}  // namespace

void PrintHistory(const sanding::quality::HistoryReport& h, bool verbose) {
  std::cout << "== 由扫描件推导的机构沿革（与真值对照）==\n";
  std::cout << "  机构：真值 " << h.truth_institutions << " 个，沿革 " << h.chain_institutions << " 个，对应上 "
            << h.matched_institutions << " 个\n";
  auto line = [](const char* label, const sanding::quality::Counts& c) {
    std::cout << "  " << label << " " << Pct(c.Rate()) << "（" << c.correct << "/" << c.total << "）\n";
  };
  line("存续期正确", h.lifetimes);
  line("版本数正确的机构", h.version_counts);
  line("版本（起止与名称）正确", h.versions);
  line("规格、类型、上级（有值者）正确", h.stated);
  line("有三定的版本：职责、内设机构、编制全对", h.content);
  std::cout << "  事件 F1 " << Pct(h.events.Score()) << "（准确率 " << Pct(h.events.Precision()) << "，召回率 "
            << Pct(h.events.Recall()) << "）\n";
  if (verbose) {
    for (const auto& d : h.diffs) std::cout << "    - " << d << "\n";
  }
}

int main(int argc, char** argv) {
  CLI::App app{"sanding-quality：对照语料真值评估结构化提取的质量"};
  app.set_help_flag("-h,--help", "显示帮助");
  std::string corpus = "corpus", data;
  bool json = false, verbose = false;
  app.add_option("--corpus", corpus, "语料目录（含 truth/ 与 docs/，默认 corpus）");
  app.add_option("--data", data, "已导入该语料扫描件的数据目录（如 tools/demo.sh 的 build/demo/data）");
  app.add_flag("--json", json, "以 JSON 输出");
  app.add_flag("-v,--verbose", verbose, "列出每个错误");
  CLI11_PARSE(app, argc, argv);

  auto truth = sanding::quality::LoadTruth(corpus);
  if (!truth.ok()) {
    std::cerr << "错误：" << truth.status().message() << std::endl;
    return 1;
  }
  nlohmann::json out;
  for (bool correction : {true, false}) {
    sanding::quality::RunOptions ro;
    ro.correction = correction;
    auto clean = sanding::quality::ScoreCleanText(*truth, ro);
    if (!clean.ok()) {
      std::cerr << "错误：" << clean.status().message() << std::endl;
      return 1;
    }
    const std::string suffix = correction ? "" : "_without_correction";
    out["clean_text" + suffix] = clean->ToJson();
    if (!json && correction) PrintReport("原始文本", *clean, verbose);
    if (data.empty()) continue;
    auto store = sanding::Store::OpenRocksDb(data + "/store");
    if (!store.ok()) {
      std::cerr << "错误：" << store.status().message() << std::endl;
      return 1;
    }
    uint64_t unmatched = 0;
    sanding::history::Chain chain;
    std::map<std::string, std::string> source_ids;
    auto scans = sanding::quality::ScoreStore(*truth, **store, ro, &unmatched, &chain, &source_ids);
    if (!scans.ok()) {
      std::cerr << "错误：" << scans.status().message() << std::endl;
      return 1;
    }
    out["scans" + suffix] = scans->ToJson();
    out["scans" + suffix]["unmatched_documents"] = unmatched;
    if (!json) {
      PrintReport(correction ? "扫描件（OCR 与文本层，含名称与文号校正）" : "扫描件（不做名称与文号校正）", *scans,
                  verbose && correction);
      if (unmatched > 0) std::cout << "  另有 " << unmatched << " 份文件未能对应到真值\n";
    }
    const auto hist = sanding::quality::ScoreChain(chain, truth->institutions, truth->lineage,
                                                   truth->documents, source_ids);
    out["history" + suffix] = hist.ToJson();
    if (!json && correction) PrintHistory(hist, verbose);
  }
  if (json) std::cout << out.dump(2) << std::endl;
  return 0;
}
