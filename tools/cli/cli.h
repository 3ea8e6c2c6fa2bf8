// Shared pieces of the `sanding` command line: the data directory and its two halves (the RocksDB
// store and the derived Lucene++ index), output helpers, and the registration of each subcommand.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "indexer/extract/run.h"
#include "indexer/history/store_io.h"
#include "indexer/indexer.h"
#include "query/archive.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::cli {

// Exit codes: 0 done, 1 error, 2 usage (CLI11's own code for bad arguments is 106+; main maps it).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;

// Options every subcommand shares.
struct GlobalOptions {
  std::string data_dir;  // --data; default $SANDING_DATA, else ./sanding-data
  bool json = false;     // --json: one JSON document on stdout
};

// The data directory: DIR/store (RocksDB, source of truth), DIR/index and DIR/clauses (derived).
using DataDir = query::Archive;

std::string DefaultDataDir();
// Adds --data and --json to a subcommand.
void AddGlobalOptions(CLI::App* cmd, GlobalOptions& g, bool with_json = true);

// Prints "错误：<message>" to stderr and returns kExitError.
int ReportError(const Status& st);
void PrintJson(const nlohmann::json& j);
bool StdoutIsTty();
bool StderrIsTty();

// Resolves a full sha256 or a unique prefix of at least 8 hex digits.
inline Result<std::string> ResolveSha(Store& store, const std::string& prefix) {
  return query::ResolveSha(store, prefix);
}

// Subcommand registration: each adds itself to `app` and sets `run` to its action.
using Action = std::function<int()>;
void RegisterIngest(CLI::App& app, Action& run);
void RegisterStatus(CLI::App& app, Action& run);
void RegisterShow(CLI::App& app, Action& run);
void RegisterOriginal(CLI::App& app, Action& run);
void RegisterSearch(CLI::App& app, Action& run);
void RegisterReindex(CLI::App& app, Action& run);
void RegisterExtract(CLI::App& app, Action& run);
void RegisterCorrect(CLI::App& app, Action& run);
void RegisterHistory(CLI::App& app, Action& run);
void RegisterConflicts(CLI::App& app, Action& run);
void RegisterCurate(CLI::App& app, Action& run);
void RegisterBackup(CLI::App& app, Action& run);
void RegisterRestore(CLI::App& app, Action& run);
void RegisterCheck(CLI::App& app, Action& run);
void RegisterLineage(CLI::App& app, Action& run);

// Forwarders to query::Archive (kept for the subcommands' brevity).
inline Result<extract::ExtractRunReport> RunExtraction(DataDir& dir, bool all) { return dir.RunExtraction(all); }
inline Result<history::RebuildReport> RebuildHistory(DataDir& dir, const std::string& reason) {
  return dir.RebuildHistory(reason);
}
inline Status SyncClauseIndex(DataDir& dir, bool rebuild = false) { return dir.SyncClauseIndex(rebuild); }
// The extraction part of `show`: printed, or added to *json_out as "extraction".
Status PrintFactsSection(Store& store, const std::string& sha, nlohmann::json* json_out);

}  // namespace sanding::cli
