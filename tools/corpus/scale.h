// The scale generator: structurally realistic archives of 10k to 1M documents for benchmarks.
//
// Each synthetic city is the sample city's history with another name (DeriveCity), rendered
// with its own seed, so wording, serial numbers, bracket styles and dates as written vary while
// every city keeps a consistent history. Cities are rendered and written one at a time and the
// truth files are streamed, so memory stays bounded by one city whatever N is. The last city is
// cut after the N-th document; events whose source document was cut are left out of the truth.
#pragma once

#include <cstdint>
#include <string>

#include "store/status.h"
#include "tools/corpus/spec.h"

namespace sanding::corpus {

struct ScaleOptions {
  int64_t docs = 10000;
  uint64_t seed = 1;
  std::string out_dir;
};

struct ScaleStats {
  int64_t documents = 0;
  int64_t institutions = 0;
  int64_t events = 0;
  int cities = 0;
};

// Writes <out>/docs/<id>.txt and <out>/truth/{documents,institutions,lineage}.json.
Result<ScaleStats> WriteScaleArchive(const Spec& base, const ScaleOptions& options);

}  // namespace sanding::corpus
