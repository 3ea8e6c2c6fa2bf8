// sanding: one binary, many subcommands (ingest, search, status, show, extract, history, check ...).
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "tools/cli/cli.h"

namespace sanding::cli {
void RegisterOverlap(CLI::App& app, Action& run);  // tools/cli/overlap_command.cc
void RegisterServe(CLI::App& app, Action& run);    // tools/cli/server_commands.cc
void RegisterUser(CLI::App& app, Action& run);
void RegisterAudit(CLI::App& app, Action& run);
}  // namespace sanding::cli

namespace {

// libgomp reads OMP_THREAD_LIMIT when it is loaded, before main() runs; Tesseract with OpenMP
// threads is several times slower when every worker also spawns threads. If the variable is not
// set, set it and re-execute this binary once so the runtime sees it.
void EnsureSingleThreadedOpenMp(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr) return;
  setenv("OMP_THREAD_LIMIT", "1", 1);
  execv("/proc/self/exe", argv);
  // execv failed: go on; only speed suffers.
}

}  // namespace

int main(int argc, char** argv) {
  EnsureSingleThreadedOpenMp(argv);

  auto logger = spdlog::stderr_color_mt("sanding");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S %^%l%$ %v");
  if (const char* lvl = std::getenv("SANDING_LOG")) spdlog::set_level(spdlog::level::from_str(lvl));

  CLI::App app{"sanding：机构编制档案库与检索引擎（批量导入扫描件、OCR、全文检索）", "sanding"};
  app.require_subcommand(1);
  app.set_help_flag("-h,--help", "显示帮助");

  sanding::cli::Action run;
  sanding::cli::RegisterIngest(app, run);
  sanding::cli::RegisterStatus(app, run);
  sanding::cli::RegisterSearch(app, run);
  sanding::cli::RegisterShow(app, run);
  sanding::cli::RegisterOriginal(app, run);
  sanding::cli::RegisterReindex(app, run);
  sanding::cli::RegisterExtract(app, run);
  sanding::cli::RegisterCorrect(app, run);
  sanding::cli::RegisterHistory(app, run);
  sanding::cli::RegisterLineage(app, run);
  sanding::cli::RegisterOverlap(app, run);
  sanding::cli::RegisterConflicts(app, run);
  sanding::cli::RegisterCurate(app, run);
  sanding::cli::RegisterBackup(app, run);
  sanding::cli::RegisterRestore(app, run);
  sanding::cli::RegisterCheck(app, run);
  sanding::cli::RegisterServe(app, run);
  sanding::cli::RegisterUser(app, run);
  sanding::cli::RegisterAudit(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return sanding::cli::kExitUsage;
  }
  return run ? run() : sanding::cli::kExitUsage;
}
