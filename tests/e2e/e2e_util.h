// Helpers shared by the end-to-end tests: running the real `sanding` binary (path in $SANDING_BIN,
// else <build>/tools/sanding next to the test binary), capturing its output, and picking search
// phrases from ground truth. Header-only; failures throw std::runtime_error, which GoogleTest
// reports as a test failure.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/text.h"
#include "tests/util/paths.h"

namespace sanding::e2e {

// The `sanding` binary under test.
inline std::string SandingBin() { return sanding::testing::SandingBinPath(); }

struct RunResult {
  int exit_code = -1;  // exit status when the process exited normally
  int signal = 0;      // the signal that ended it, else 0
  std::string out;     // stdout
  std::string err;     // stderr
  std::string Describe() const {
    std::ostringstream s;
    s << "exit=" << exit_code << " signal=" << signal << "\n--- stdout ---\n"
      << out.substr(0, 4000) << "\n--- stderr ---\n"
      << err.substr(err.size() > 6000 ? err.size() - 6000 : 0);
    return s.str();
  }
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts `sanding args...` with stdout/stderr redirected to files; returns the child's pid.
// The child runs with OMP_THREAD_LIMIT=1 (Tesseract).
inline pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path,
                   const std::string& err_path) {
  std::string bin = SandingBin();
  std::vector<std::string> full;
  full.push_back(bin);
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // A test process that dies (an assertion abort, a sanitizer report) takes its children with
    // it: a `sanding serve` must not outlive the test that started it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) _exit(127);
    dup2(out, 1);
    dup2(err, 2);
    close(out);
    close(err);
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for `pid` and collects its output files.
inline RunResult Wait(pid_t pid, const std::string& out_path, const std::string& err_path) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  RunResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = Slurp(out_path);
  r.err = Slurp(err_path);
  return r;
}

// Runs `sanding args...` to completion; output files go to `work_dir`.
inline RunResult RunSanding(const std::vector<std::string>& args, const std::string& work_dir) {
  std::string out = work_dir + "/last.stdout";
  std::string err = work_dir + "/last.stderr";
  return Wait(Spawn(args, out, err), out, err);
}

// Runs a command that must succeed and print one JSON document.
inline nlohmann::json RunJson(const std::vector<std::string>& args, const std::string& work_dir) {
  RunResult r = RunSanding(args, work_dir);
  std::string cmd;
  for (const auto& a : args) cmd += a + " ";
  if (r.exit_code != 0) throw std::runtime_error("sanding " + cmd + "failed: " + r.Describe());
  try {
    return nlohmann::json::parse(r.out);
  } catch (const std::exception& e) {
    throw std::runtime_error("sanding " + cmd + "printed no JSON (" + e.what() +
                             "): " + r.Describe());
  }
}

inline std::vector<char32_t> DecodeUtf8(const std::string& s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += static_cast<size_t>(n);
  }
  return out;
}

inline std::string EncodeUtf8(const std::vector<char32_t>& cps) {
  std::string out;
  for (char32_t cp : cps) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

// A phrase of `len` consecutive CJK ideographs taken from `truth`: from the run of ideographs
// (no punctuation or spaces inside) that is at least `len` long and starts nearest to the middle
// of the text. Empty when the text has no such run.
inline std::string PickPhrase(const std::string& truth, size_t len = 8) {
  std::vector<char32_t> cps = DecodeUtf8(truth);
  size_t middle = cps.size() / 2;
  size_t best = cps.size();
  size_t best_dist = static_cast<size_t>(-1);
  for (size_t i = 0; i < cps.size();) {
    if (!text::IsCjkIdeograph(cps[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && text::IsCjkIdeograph(cps[j])) ++j;
    if (j - i >= len) {
      size_t start = i + (j - i - len) / 2;  // the middle of the run
      size_t dist = start > middle ? start - middle : middle - start;
      if (dist < best_dist) {
        best_dist = dist;
        best = start;
      }
    }
    i = j;
  }
  if (best == cps.size()) return "";
  return EncodeUtf8(std::vector<char32_t>(cps.begin() + static_cast<long>(best),
                                          cps.begin() + static_cast<long>(best + len)));
}

// True when `search_json` lists `sha256` with `page` among its matching pages.
inline bool SearchFinds(const nlohmann::json& search_json, const std::string& sha256,
                        uint32_t page) {
  for (const auto& hit : search_json.at("hits")) {
    if (hit.at("sha256").get<std::string>() != sha256) continue;
    for (const auto& p : hit.at("matching_pages")) {
      if (p.get<uint32_t>() == page) return true;
    }
    return hit.at("page").get<uint32_t>() == page;
  }
  return false;
}

}  // namespace sanding::e2e
