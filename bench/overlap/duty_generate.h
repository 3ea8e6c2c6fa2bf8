// The generated region of the duty-overlap benchmark (sanding-overlap-bench): B bodies of one
// city (清河市), each with one open version valid from 2000-01-01 holding C 主要职责 clauses written
// in the language of 三定 regulations, deterministic from a seed.
//
// Vocabulary: an object is a qualifier and a domain noun (农村|供水, 港区|危险化学品 …; ~40 × ~170
// = several thousand objects), followed by an aspect (安全, 质量, 市场, 设施 …) and often a specific
// function (许可, 执法, 监测, 规划 …), wrapped in boilerplate actions (负责, 组织实施, 拟订 …) and
// fillers (全市, 有关, 工作) by one of a dozen clause templates. Each body holds a small portfolio
// of objects (its domain: three of them, the first naming the body) and writes its clauses about
// them. Bodies whose portfolios share an object hold the same duty in other words (the overlaps to
// find); bodies sharing only a domain noun, a qualifier, an aspect or the boilerplate mostly do not
// reach the overlap threshold. With the default sizes each body overlaps a handful of others.
//
// Randomness: std::mt19937_64 (specified bit for bit) with our own integer reduction, so the region
// is the same on every platform and standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "indexer/history/chain.h"

namespace sanding::bench::overlapgen {

class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  uint64_t Next() { return g_(); }
  // Uniform in [0, n) (n > 0); rejection sampling, no modulo bias.
  size_t Below(size_t n);
  // True with probability num / den.
  bool Chance(uint32_t num, uint32_t den) { return Below(den) < num; }

 private:
  std::mt19937_64 g_;
};

struct Body {
  std::string id;    // "org:<name>"
  std::string name;  // 清河市…局
  std::vector<std::string> objects;  // its portfolio (qualifier + domain noun)
  std::vector<std::string> duties;   // its 主要职责 clauses
};

struct RegionOptions {
  size_t bodies = 5000;
  size_t clauses = 20;  // per body
  uint64_t seed = 1;
  std::string city = "清河市";
};

// Real domain phrases to write the objects with instead of the built-in nouns (the bench reads the
// subjects of the national statutes' titles from ../shared/realdata when it is there). Call before
// generating; "" phrases are ignored.
void SetDomainVocabulary(std::vector<std::string> phrases);
size_t DomainVocabularySize();

// The bodies in generation order (names unique).
std::vector<Body> GenerateBodies(const RegionOptions& options);

// The chain of `bodies`: one city-level institution per body (valid from 2000-01-01, open), one
// version each with its duties, cited to a generated 三定 regulation. Institutions and versions
// sorted by id, as BuildChain leaves them.
history::Chain MakeChain(const std::vector<Body>& bodies, const std::string& city = "清河市");

// `count` drafts of `clauses` clauses each: the duties of a body about to be set up, drawn like the
// region's bodies (portfolios from the same objects) from a random stream of their own.
std::vector<std::vector<std::string>> GenerateDrafts(size_t count, size_t clauses, uint64_t seed);

// Vocabulary sizes, for the report.
struct VocabularySizes {
  size_t qualifiers, nouns, aspects, functions, actions, templates;
};
VocabularySizes Vocabulary();

}  // namespace sanding::bench::overlapgen
