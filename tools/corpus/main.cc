// sanding-corpus: writes the sample archive from its spec, generates scale archives, and checks
// a corpus directory's truth for consistency.
//
//   sanding-corpus write --spec corpus/spec --out corpus [--seed S]
//   sanding-corpus scale --docs N --seed S --out DIR [--spec corpus/spec]
//   sanding-corpus check --dir corpus [--sample]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "tools/corpus/check.h"
#include "tools/corpus/render.h"
#include "tools/corpus/scale.h"
#include "tools/corpus/spec.h"

namespace {

constexpr uint64_t kDefaultSeed = 20240601;

int Fail(const sanding::Status& st) {
  std::fprintf(stderr, "错误：%s\n", st.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sanding::corpus;
  CLI::App app{"sanding-corpus：生成样例档案及其标准答案，生成规模测试档案，检查标准答案的一致性"};
  app.require_subcommand(1);

  std::string spec_dir = "corpus/spec", out_dir = "corpus", check_dir = "corpus";
  uint64_t seed = kDefaultSeed;
  int64_t docs = 10000;
  bool sample = false;

  auto* write = app.add_subcommand("write", "按规格生成样例档案（docs/ 与 truth/）");
  write->add_option("--spec", spec_dir, "规格目录")->check(CLI::ExistingDirectory);
  write->add_option("--out", out_dir, "输出目录");
  write->add_option("--seed", seed, "随机种子");

  auto* scale = app.add_subcommand("scale", "生成大规模测试档案（文本形式，流式写盘）");
  scale->add_option("--docs", docs, "文件数")
      ->required()
      ->check(CLI::Range(int64_t{1}, int64_t{100000000}));
  scale->add_option("--seed", seed, "随机种子");
  scale->add_option("--out", out_dir, "输出目录")->required();
  scale->add_option("--spec", spec_dir, "规格目录")->check(CLI::ExistingDirectory);

  auto* check = app.add_subcommand("check", "检查语料目录的标准答案是否自洽");
  check->add_option("--dir", check_dir, "语料目录")->check(CLI::ExistingDirectory);
  check->add_flag("--sample", sample,
                  "按样例档案的全部要求检查（机构数、文件数、事件类型、陷阱、条款对、检索词）");

  CLI11_PARSE(app, argc, argv);

  if (write->parsed() || scale->parsed()) {
    auto spec = LoadSpec(spec_dir);
    if (!spec.ok()) return Fail(spec.status());
    if (write->parsed()) {
      RenderOptions opt;
      opt.seed = seed;
      auto archive = RenderArchive(*spec, opt);
      if (!archive.ok()) return Fail(archive.status());
      auto st = WriteArchive(*archive, out_dir);
      if (!st.ok()) return Fail(st);
      std::printf(
          "已生成 %zu 份文件、%zu 个机构、%zu 个事件、%zu 对职责条款、%zu 个检索词，输出到 %s\n",
          archive->docs.size(), archive->institutions.size(), archive->lineage.size(),
          archive->overlap_pairs.size(), archive->queries.size(), out_dir.c_str());
      return 0;
    }
    ScaleOptions opt;
    opt.docs = docs;
    opt.seed = seed;
    opt.out_dir = out_dir;
    auto stats = WriteScaleArchive(*spec, opt);
    if (!stats.ok()) return Fail(stats.status());
    std::printf("已生成 %lld 份文件（%d 个城市、%lld 个机构、%lld 个事件），输出到 %s\n",
                static_cast<long long>(stats->documents), stats->cities,
                static_cast<long long>(stats->institutions), static_cast<long long>(stats->events),
                out_dir.c_str());
    return 0;
  }

  CheckOptions opt;
  if (sample) opt = CheckOptions{40, 150, true, true, 40, 30};
  const auto problems = CheckCorpus(check_dir, opt);
  for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
  if (!problems.empty()) {
    std::fprintf(stderr, "共发现 %zu 处不一致\n", problems.size());
    return 1;
  }
  std::printf("语料 %s 的标准答案自洽\n", check_dir.c_str());
  return 0;
}
