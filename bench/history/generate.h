// The generated archive of the history and lineage benchmarks (sanding-history-bench,
// sanding-lineage-bench): the extracted facts (no text, no OCR) of C cities × 50 bodies,
// deterministic from a seed.
//
// Per city: one 1983 notice establishing its 50 bodies; one reform notice per year 1984–2023
// (renamed, rank_changed, placed_under, duty_transferred, merged into an existing body); one 批复
// per staffing change (its stated total consistent with the delta); one 三定 per body (5–8
// duties, 3–6 units, staffing; citing that year's reform notice as its basis when there is one).
// With `revisions`, bodies also get 1–2 revised 三定 in later reform years (duties reworded,
// dropped and added, units renamed, added and removed, 领导职数 changed), drawn from a random
// stream of their own: the archive without revisions is unchanged by them, document for document.
// Mentions carry names only, so BuildChain resolves every name itself.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "indexer/extract/facts.h"
#include "indexer/history/build.h"

namespace sanding::bench {

// Deterministic randomness (mt19937_64 is specified bit for bit; no std distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  uint64_t Next() { return g_(); }
  size_t Below(size_t n) { return static_cast<size_t>(g_() % n); }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1))); }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  std::mt19937_64 g_;
};

uint64_t SplitMix(uint64_t x);
// A stand-in for a file's sha256: 64 hex digits derived from the document's serial.
std::string FakeSha(uint64_t seed, uint64_t serial);
// "YYYY-MM-DD".
std::string Date(int y, int m, int d);

extract::Mention M(const std::string& text);
extract::Event Ev(const std::string& type, std::vector<extract::Mention> from,
                  std::vector<extract::Mention> to, const std::string& text);
extract::Field F(const std::string& value);

struct GenerateOptions {
  int cities = 200;
  uint64_t seed = 1;
  bool revisions = false;  // revised 三定 (see above); off: sanding-history-bench's archive
  std::string program = "sanding-history-bench";  // prefix of warnings on stderr
};

struct Generated {
  std::vector<history::SourceDocument> docs;
  size_t institutions = 0;
  size_t events = 0;  // events as generated (each should become one chain event)
  std::map<std::string, size_t> by_type;
  size_t regulations = 0;  // 三定, revisions included
  size_t revisions = 0;    // revised 三定
  // For the incremental step: an alive body at the end and a name no body has had.
  std::string rename_from, rename_to, rename_city;
};

// Most cities Generate accepts.
size_t MaxCities();

// Throws std::runtime_error (Chinese message) when options.cities exceeds MaxCities().
Generated Generate(const GenerateOptions& options);

}  // namespace sanding::bench
