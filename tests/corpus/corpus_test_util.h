// Helpers shared by the corpus tests: the source tree, temporary directories, file reading.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace sanding::corpus::testing {

inline std::string SourceDir() {
  const char* env = std::getenv("SANDING_SOURCE_DIR");
  return env != nullptr ? env : SANDING_CORPUS_SOURCE_DIR;
}

inline std::string SpecDir() { return SourceDir() + "/corpus/spec"; }
inline std::string CorpusDir() { return SourceDir() + "/corpus"; }

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::filesystem::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("sanding-corpus-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace sanding::corpus::testing
