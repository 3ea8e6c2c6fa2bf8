// The sample corpus (corpus/truth/documents.json and corpus/docs/*.txt) for data-driven extraction
// tests: every document's text and its truth record.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/util/paths.h"

namespace sanding::testing {

struct CorpusDoc {
  nlohmann::json truth;  // one entry of truth/documents.json
  std::string text;      // docs/<id>.txt, pages separated by '\f'
};

inline std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<CorpusDoc> LoadCorpusDocs() {
  const std::string dir = SourceDir() + "/corpus";
  std::vector<CorpusDoc> out;
  auto docs = nlohmann::json::parse(ReadFileOrEmpty(dir + "/truth/documents.json"));
  for (auto& d : docs) out.push_back({d, ReadFileOrEmpty(dir + "/" + d["file"].get<std::string>())});
  return out;
}

inline nlohmann::json LoadCorpusInstitutions() {
  return nlohmann::json::parse(ReadFileOrEmpty(SourceDir() + "/corpus/truth/institutions.json"));
}

}  // namespace sanding::testing
