// `sanding ingest`: load archives, folders and files; then bring the search index up to date.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "ocr/ingest.h"
#include "store/text.h"
#include "tools/cli/cli.h"

namespace sanding::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void OnSignal(int) { g_interrupted = 1; }

std::string Clock(double seconds) {
  if (seconds < 0) return "--:--";
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

// Shows progress: a redrawn bar on a terminal, plain log lines every few seconds otherwise.
class ProgressPrinter : public ocr::IngestObserver {
 public:
  ProgressPrinter(bool tty, bool quiet) : tty_(tty), quiet_(quiet) {}

  void OnProgress(const ocr::IngestProgress& p) override {
    if (quiet_) return;
    double rate = p.elapsed_s > 0 ? p.pages_done / p.elapsed_s : 0;
    double eta = -1;
    if (!p.walking && rate > 0 && p.pages_total >= p.pages_done) {
      eta = (p.pages_total - p.pages_done) / rate;
    }
    if (tty_) {
      const int width = 24;
      double frac = p.pages_total ? static_cast<double>(p.pages_done) / p.pages_total : 0;
      int filled = static_cast<int>(frac * width);
      std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '-') + "]";
      char line[256];
      std::snprintf(line, sizeof line,
                    "\r%s 文件 %llu%s  页 %llu/%llu  %.1f 页/秒  剩余 %s  重复 %llu  失败 %llu   ",
                    bar.c_str(), static_cast<unsigned long long>(p.files_done),
                    p.walking ? "+" : "", static_cast<unsigned long long>(p.pages_done),
                    static_cast<unsigned long long>(p.pages_total), rate, Clock(eta).c_str(),
                    static_cast<unsigned long long>(p.duplicates),
                    static_cast<unsigned long long>(p.failed));
      std::fputs(line, stderr);
      std::fflush(stderr);
      drawn_ = true;
    } else if (p.elapsed_s - last_log_ >= 5.0) {
      last_log_ = p.elapsed_s;
      spdlog::info("进度：已完成文件 {}，页 {}/{}，{:.1f} 页/秒，重复 {}，失败 {}，预计剩余 {}",
                   p.files_done, p.pages_done, p.pages_total, rate, p.duplicates, p.failed,
                   Clock(eta));
    }
  }

  void OnFailure(const FailureRecord& f) override {
    if (quiet_) return;
    EndLine();
    spdlog::warn("{}", f.message);
  }

  void OnDuplicate(const ocr::DuplicateEntry& d) override {
    if (quiet_ || tty_) return;
    spdlog::info("重复文件，已跳过：{}（与 {} 相同）", d.source, d.first);
  }

  bool Cancelled() override { return g_interrupted != 0; }

  void EndLine() {
    if (drawn_) {
      std::fputs("\n", stderr);
      drawn_ = false;
    }
  }

 private:
  bool tty_;
  bool quiet_;
  bool drawn_ = false;
  double last_log_ = 0;
};

std::string ReportText(const ocr::IngestReport& r) {
  std::ostringstream out;
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "导入完成：新载入 %llu 份，续完 %llu 份，重复 %llu 份，失败 %llu 份；"
                "处理 %llu 页（OCR %llu 页，文本层 %llu 页，已有跳过 %llu 页），待复核 %zu 页，用时 %.1f 秒。\n",
                static_cast<unsigned long long>(r.loaded), static_cast<unsigned long long>(r.resumed),
                static_cast<unsigned long long>(r.duplicates), static_cast<unsigned long long>(r.failed),
                static_cast<unsigned long long>(r.pages), static_cast<unsigned long long>(r.pages_ocr),
                static_cast<unsigned long long>(r.pages_text_layer),
                static_cast<unsigned long long>(r.pages_skipped), r.review.size(), r.seconds);
  out << summary;
  if (!r.failures.empty()) {
    out << "\n失败的文件：\n";
    for (const auto& f : r.failures) out << "  - " << f.message << "\n";
  }
  if (!r.duplicate_list.empty()) {
    out << "\n重复的文件（内容已存在，未重复保存）：\n";
    for (const auto& d : r.duplicate_list) out << "  - " << d.source << "（同 " << d.first << "）\n";
  }
  if (!r.review.empty()) {
    out << "\n需要人工复核的页面：\n";
    for (const auto& v : r.review) {
      char conf[32];
      std::snprintf(conf, sizeof conf, "%.0f", v.confidence);
      out << "  - " << v.source << " 第" << v.page << "页";
      if (v.confidence >= 0) out << "（置信度 " << conf << "）";
      if (!v.note.empty()) out << "：" << v.note;
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace

void RegisterIngest(CLI::App& app, Action& run) {
  struct Opts {
    GlobalOptions g;
    std::vector<std::string> paths;
    int workers = 0;
    bool no_red_drop = false;
    bool quiet = false;
    double review = 75;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("ingest", "导入压缩包、文件夹或单个文件（PDF、TIFF、PNG、JPEG、OFD、纯文本）");
  AddGlobalOptions(cmd, o->g);
  cmd->add_option("paths", o->paths, "压缩包（zip、tar、tar.gz/bz2/xz、7z）、文件夹或文件")->required();
  cmd->add_option("--workers", o->workers, "并行处理页面的线程数（默认每个 CPU 核一个）");
  cmd->add_flag("--no-red-drop", o->no_red_drop, "OCR 前不去除红色（红头、公章）");
  cmd->add_option("--review-below", o->review, "OCR 平均置信度低于此值的页面列入复核（默认 75）");
  cmd->add_flag("-q,--quiet", o->quiet, "不显示进度");
  cmd->callback([o, &run] {
    run = [o]() -> int {
      auto dir = DataDir::Open(o->g.data_dir);
      if (!dir.ok()) return ReportError(dir.status());
      // A previous run may have been killed after storing files but before indexing them.
      if (Status st = (*dir)->index().Sync((*dir)->store()); !st.ok()) return ReportError(st);

      ocr::IngestOptions options;
      options.workers = o->workers;
      options.ocr.drop_red = !o->no_red_drop;
      options.review_confidence = o->review;
      ProgressPrinter progress(StderrIsTty(), o->quiet);
      std::signal(SIGINT, OnSignal);
      std::signal(SIGTERM, OnSignal);

      auto report = ocr::Ingest((*dir)->store(), o->paths, options, &progress);
      progress.EndLine();
      if (!report.ok()) return ReportError(report.status());
      // Understand what was loaded (fields, duties, units, staffing, events), then bring the
      // history chain and both indexes up to date.
      auto derived = (*dir)->UpdateDerived("导入后由文件推导");
      if (!derived.ok()) return ReportError(derived.status());
      const extract::ExtractRunReport* extraction = &derived->extraction;

      if (o->g.json) {
        nlohmann::json j = *report;
        j["extraction"] = {{"documents", extraction->documents}, {"flagged", extraction->flagged}};
        PrintJson(j);
      } else {
        std::cout << ReportText(*report) << "结构化提取：" << extraction->documents << " 份文件，其中 "
                  << extraction->flagged << " 份有待复核项\n";
      }
      if (g_interrupted) {
        std::cerr << "已中断：已处理的页面均已保存，再次运行同一命令即可继续。" << std::endl;
        return kExitError;
      }
      return kExitOk;
    };
  });
}

}  // namespace sanding::cli
