// The fixture the end-to-end suites share: a fresh temporary root with a data directory per test
// (kept when SANDING_E2E_KEEP is set), Tesseract limited to one thread, and runners for
// `sanding <cmd> --data <data> …`.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/e2e/e2e_util.h"
#include "tests/fixtures/archive.h"

namespace sanding::e2e {

template <typename Base = ::testing::Test>
class SandingDataTest : public Base {
 protected:
  void SetUp() override {
    setenv("OMP_THREAD_LIMIT", "1", 1);
    root_ = std::filesystem::weakly_canonical(fixtures::MakeTempDir("sanding-e2e-")).string();
    data_ = root_ + "/data";
  }
  void TearDown() override {
    if (!std::getenv("SANDING_E2E_KEEP")) {
      std::error_code ec;
      std::filesystem::remove_all(root_, ec);
    }
  }

  // `sanding <cmd> --data <data_> rest...`
  std::vector<std::string> Args(const std::string& cmd, std::vector<std::string> rest) const {
    std::vector<std::string> a = {cmd, "--data", data_};
    a.insert(a.end(), rest.begin(), rest.end());
    return a;
  }
  // Runs a command that must succeed, with --json (added when `rest` lacks it).
  nlohmann::json Json(const std::string& cmd, std::vector<std::string> rest) {
    if (std::find(rest.begin(), rest.end(), "--json") == rest.end()) rest.push_back("--json");
    return RunJson(Args(cmd, std::move(rest)), root_);
  }
  RunResult Raw(const std::string& cmd, std::vector<std::string> rest) {
    return RunSanding(Args(cmd, std::move(rest)), root_);
  }

  std::string root_;
  std::string data_;
};

}  // namespace sanding::e2e
