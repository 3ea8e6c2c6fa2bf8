// sanding-scansim: renders corpus texts the way archivists receive them.
//
//   sanding-scansim archive --corpus corpus --out sample.zip [--seed S] [--scan-share 0.6]
//                           [--dpi-range 150-300] [--manifest m.json] [--limit N] [--jobs N]
//   sanding-scansim render --text FILE --style typewriter|mimeograph|laser --out X.pdf|X.tif|X.jpg
//                          [--dpi N] [--seed S] [--letterhead T] [--seal T] [--seal-at T]
//                          [--clean] [--text-layer]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tools/scansim/archive.h"
#include "tools/scansim/scanner.h"

namespace {

using sanding::Result;
using sanding::Status;
namespace ss = sanding::scansim;

int Fail(const Status& s) {
  std::fprintf(stderr, "错误：%s\n", s.message().c_str());
  return 1;
}

Status WriteFile(const std::string& path, const std::string& data) {
  std::error_code ec;
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  f.close();
  if (!f) return Status::IOError("无法写入文件 " + path);
  return Status::Ok();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<std::pair<int, int>> ParseDpiRange(const std::string& s) {
  const size_t dash = s.find('-');
  try {
    int lo = std::stoi(s.substr(0, dash));
    int hi = dash == std::string::npos ? lo : std::stoi(s.substr(dash + 1));
    if (lo < 72 || hi > 600 || lo > hi) throw std::out_of_range("dpi");
    return std::make_pair(lo, hi);
  } catch (const std::exception&) {
    return Status::InvalidArgument("分辨率范围“" + s + "”无效（例如 150-300，取值 72–600）");
  }
}

struct ArchiveArgs {
  std::string corpus = "corpus";
  std::string out;
  uint32_t seed = 1;
  double scan_share = 0.6;
  std::string dpi_range = "150-300";
  std::string manifest;
  size_t limit = 0;
  int jobs = 1;
};

int RunArchive(const ArchiveArgs& a) {
  Result<ss::ArchiveFormat> format = ss::ArchiveFormatFor(a.out);
  if (!format.ok()) return Fail(format.status());
  Result<std::pair<int, int>> dpi = ParseDpiRange(a.dpi_range);
  if (!dpi.ok()) return Fail(dpi.status());
  if (a.scan_share < 0 || a.scan_share > 1) {
    return Fail(Status::InvalidArgument("--scan-share 应在 0 到 1 之间"));
  }
  Result<std::vector<ss::CorpusDocument>> docs = ss::LoadCorpus(a.corpus);
  if (!docs.ok()) return Fail(docs.status());
  if (a.limit > 0 && docs->size() > a.limit) docs->resize(a.limit);
  if (docs->empty()) return Fail(Status::InvalidArgument("语料 " + a.corpus + " 中没有文件"));
  ss::ArchiveOptions opt;
  opt.seed = a.seed;
  opt.scan_share = a.scan_share;
  opt.dpi_min = dpi->first;
  opt.dpi_max = dpi->second;
  const std::vector<ss::PlannedDocument> plan = ss::PlanArchive(*docs, opt);

  // Render documents on `jobs` threads (each document has its own Pango/Cairo objects).
  std::vector<std::vector<ss::ArchiveMember>> rendered(plan.size());
  std::vector<Status> errors(plan.size());
  std::atomic<size_t> next{0}, done{0};
  std::mutex log_mu;
  auto worker = [&] {
    for (size_t i = next++; i < plan.size(); i = next++) {
      Result<std::vector<ss::ArchiveMember>> m = ss::RenderMembers((*docs)[plan[i].index], plan[i]);
      if (m.ok()) {
        rendered[i] = std::move(m.value());
      } else {
        errors[i] = m.status();
      }
      const size_t d = ++done;
      if (d % 10 == 0 || d == plan.size()) {
        std::lock_guard<std::mutex> lock(log_mu);
        std::fprintf(stderr, "已渲染 %zu/%zu 份文件\n", d, plan.size());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::clamp(a.jobs, 1, 16); ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  for (const Status& s : errors) {
    if (!s.ok()) return Fail(s);
  }

  std::vector<ss::ArchiveMember> members;
  nlohmann::json manifest = nlohmann::json::array();
  size_t scans = 0;
  for (size_t i = 0; i < plan.size(); ++i) {
    const ss::PlannedDocument& p = plan[i];
    const ss::CorpusDocument& d = (*docs)[p.index];
    nlohmann::json names = nlohmann::json::array();
    for (auto& m : rendered[i]) {
      names.push_back(m.name);
      members.push_back(std::move(m));
    }
    scans += p.scanned ? 1 : 0;
    manifest.push_back({{"id", d.id},
                        {"period", d.period},
                        {"scanned", p.scanned},
                        {"style", p.scanned ? ss::StyleName(p.style) : "text_layer"},
                        {"format", ss::MemberFormatName(p.format)},
                        {"dpi", p.dpi},
                        {"members", names}});
  }
  Result<std::string> bytes = ss::WriteGbkArchive(*format, members);
  if (!bytes.ok()) return Fail(bytes.status());
  if (Status s = WriteFile(a.out, *bytes); !s.ok()) return Fail(s);
  if (!a.manifest.empty()) {
    if (Status s = WriteFile(a.manifest, manifest.dump(1) + "\n"); !s.ok()) return Fail(s);
  }
  std::fprintf(stderr,
               "已写入 %s：%zu 份文件（扫描件 %zu 份，文本层 PDF %zu 份），%zu 个成员，%.1f MB\n",
               a.out.c_str(), plan.size(), scans, plan.size() - scans, members.size(),
               static_cast<double>(bytes->size()) / 1e6);
  return 0;
}

struct RenderArgs {
  std::string text;
  std::string style = "laser";
  std::string out;
  int dpi = 300;
  uint32_t seed = 1;
  std::string letterhead;
  std::string seal;
  std::string seal_at;
  bool clean = false;
  bool text_layer = false;
};

int RunRender(const RenderArgs& a) {
  Result<ss::Style> style = ss::ParseStyle(a.style);
  if (!style.ok()) return Fail(style.status());
  std::ifstream in(a.text, std::ios::binary);
  if (!in) return Fail(Status::NotFound("无法读取文本文件 " + a.text));
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  ss::ScanOptions opt = ss::TypicalOptions(*style, a.seed, a.dpi);
  if (a.clean) {
    opt.skew_degrees = opt.blur = opt.fade = opt.speckle = 0;
  }
  opt.letterhead = a.letterhead;
  opt.seal_text = a.seal;
  opt.seal_anchor = a.seal_at;
  const std::string lower = Lower(a.out);
  auto with_file = [&](const Status& s) {
    return Status(s.code(), "文本文件 " + a.text + "：" + s.message());
  };
  if (EndsWith(lower, ".pdf") && a.text_layer) {
    Result<std::string> pdf = ss::RenderTextPdf(text, opt);
    if (!pdf.ok()) return Fail(with_file(pdf.status()));
    if (Status s = WriteFile(a.out, *pdf); !s.ok()) return Fail(s);
    return 0;
  }
  const bool pdf = EndsWith(lower, ".pdf");
  const bool tif = EndsWith(lower, ".tif") || EndsWith(lower, ".tiff");
  const bool jpg = EndsWith(lower, ".jpg") || EndsWith(lower, ".jpeg");
  if (!pdf && !tif && !jpg) {
    return Fail(Status::InvalidArgument("输出文件 " + a.out + " 的扩展名应为 .pdf、.tif 或 .jpg"));
  }
  Result<std::vector<ss::Raster>> pages = ss::RenderPages(text, opt);
  if (!pages.ok()) return Fail(with_file(pages.status()));
  if (pdf || tif) {
    Result<std::string> bytes = pdf ? ss::EncodeScannedPdf(*pages) : ss::EncodeTiff(*pages);
    if (!bytes.ok()) return Fail(bytes.status());
    if (Status s = WriteFile(a.out, *bytes); !s.ok()) return Fail(s);
  } else {
    // One JPEG per page: X.jpg, then X-2.jpg, X-3.jpg, ...
    const size_t dot = a.out.rfind('.');
    for (size_t i = 0; i < pages->size(); ++i) {
      Result<std::string> bytes = ss::EncodeJpeg((*pages)[i]);
      if (!bytes.ok()) return Fail(bytes.status());
      const std::string path =
          i == 0 ? a.out : a.out.substr(0, dot) + "-" + std::to_string(i + 1) + a.out.substr(dot);
      if (Status s = WriteFile(path, *bytes); !s.ok()) return Fail(s);
    }
  }
  std::fprintf(stderr, "已写入 %s（%zu 页，%s，%d dpi）\n", a.out.c_str(), pages->size(),
               ss::StyleName(*style), a.dpi);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sanding-scansim：把语料文本渲染成档案员收到的样子（扫描件、文本层 PDF、GBK 压缩包）"};
  app.require_subcommand(1);

  ArchiveArgs aa;
  CLI::App* archive =
      app.add_subcommand("archive", "把语料渲染并打包成压缩包（GBK 文件名，按年份分文件夹）");
  archive->add_option("--corpus", aa.corpus, "语料目录（含 truth/documents.json）");
  archive->add_option("--out", aa.out, "输出压缩包（.zip、.tar、.tar.gz）")->required();
  archive->add_option("--seed", aa.seed, "随机种子");
  archive->add_option("--scan-share", aa.scan_share, "扫描件的基准比例（0–1）");
  archive->add_option("--dpi-range", aa.dpi_range, "扫描分辨率范围，如 150-300");
  archive->add_option("--manifest", aa.manifest,
                      "另写一份清单（JSON：每份文件的渲染方式和成员名）");
  archive->add_option("--limit", aa.limit, "只取前 N 份文件");
  archive->add_option("--jobs", aa.jobs, "渲染线程数");

  RenderArgs ra;
  CLI::App* render = app.add_subcommand("render", "把一份文本渲染成扫描件（PDF、TIFF、JPEG）");
  render->add_option("--text", ra.text, "UTF-8 文本文件（\\f 分页）")->required();
  render->add_option("--style", ra.style, "typewriter、mimeograph 或 laser");
  render->add_option("--out", ra.out, "输出文件（.pdf、.tif、.jpg）")->required();
  render->add_option("--dpi", ra.dpi, "分辨率");
  render->add_option("--seed", ra.seed, "随机种子");
  render->add_option("--letterhead", ra.letterhead, "红头文字，如“某市机构编制委员会文件”");
  render->add_option("--seal", ra.seal, "公章环形文字（发文机关名称）");
  render->add_option("--seal-at", ra.seal_at, "公章盖在含此文字的行上（落款日期）");
  render->add_flag("--clean", ra.clean, "不加歪斜、模糊、褪色和噪点");
  render->add_flag("--text-layer", ra.text_layer, "输出带文本层的 PDF（非扫描件）");

  CLI11_PARSE(app, argc, argv);
  if (archive->parsed()) return RunArchive(aa);
  return RunRender(ra);
}
