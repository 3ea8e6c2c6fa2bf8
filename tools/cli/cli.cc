#include "tools/cli/cli.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace sanding::cli {

std::string DefaultDataDir() {
  const char* env = std::getenv("SANDING_DATA");
  return env && *env ? env : "sanding-data";
}

void AddGlobalOptions(CLI::App* cmd, GlobalOptions& g, bool with_json) {
  g.data_dir = DefaultDataDir();
  cmd->add_option("--data", g.data_dir, "数据目录（默认 $SANDING_DATA，否则 ./sanding-data）");
  if (with_json) cmd->add_flag("--json", g.json, "以 JSON 输出（格式见 docs/cli.md）");
}

int ReportError(const Status& st) {
  std::cerr << "错误：" << st.message() << std::endl;
  return kExitError;
}

void PrintJson(const nlohmann::json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

bool StdoutIsTty() { return isatty(STDOUT_FILENO) == 1; }
bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace sanding::cli
