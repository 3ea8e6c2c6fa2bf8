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

Result<std::unique_ptr<DataDir>> DataDir::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status::IOError("无法创建数据目录 " + dir + "：" + ec.message());
  }
  auto store = Store::OpenRocksDb(dir + "/store");
  if (!store.ok()) return store.status();
  auto index = indexer::Index::Open(dir + "/index");
  if (!index.ok()) return index.status();
  auto d = std::unique_ptr<DataDir>(new DataDir());
  d->path_ = dir;
  d->store_ = std::move(store).value();
  d->index_ = std::move(index).value();
  return d;
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

Result<std::string> ResolveSha(Store& store, const std::string& prefix) {
  std::string p;
  for (char c : prefix) p.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (p.size() < 8 || p.size() > 64 || p.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Status::InvalidArgument("文件标识“" + prefix + "”无效：需要至少 8 位十六进制的 SHA-256 前缀");
  }
  if (p.size() == 64) return p;
  std::vector<std::string> found;
  Status st = store.ForEachFile([&](const FileRecord& f) {
    if (f.sha256.compare(0, p.size(), p) == 0) found.push_back(f.sha256);
    return found.size() < 2;
  });
  if (!st.ok()) return st;
  if (found.empty()) return Status::NotFound("没有找到标识以“" + prefix + "”开头的文件");
  if (found.size() > 1) return Status::InvalidArgument("标识前缀“" + prefix + "”对应多个文件，请输入更长的前缀");
  return found.front();
}

}  // namespace sanding::cli
