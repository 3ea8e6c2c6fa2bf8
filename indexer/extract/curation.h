// Archivists' corrections over machine facts: building a validated correction from what a person
// types (`sanding correct`), and the facts a reader sees — the machine extraction with every
// correction applied in order. The machine extraction itself is never changed, so it stays
// readable next to the corrected view, and re-running extraction never overrides a correction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/records.h"
#include "store/status.h"

namespace sanding::extract {

// What a person asks to change. `field` is a field name (kind/类型, title/标题, doc_number/文号,
// date/日期, issuer/发文机关, access/公开属性) or a JSON Pointer into the facts ("/staffing/0/count",
// "/events/-" to add). `op` is "replace" (default), "add", "remove" or "withdraw".
struct CorrectionRequest {
  std::string sha256;
  std::string op = "replace";
  std::string field;
  std::string value;       // for replace/add: a field's text, or JSON for pointer paths
  uint64_t withdraws = 0;  // for withdraw
  std::string by;
  std::string reason;
};

// Validates the request against the current facts (the path must exist for replace/remove, a
// 文号 or date must parse and is stored normalised, a kind must be one of the labels, a withdrawn
// correction must exist) and returns the record to store. Errors are Chinese.
Result<CorrectionRecord> MakeCorrection(const CorrectionRequest& req,
                                        const nlohmann::json& current_facts,
                                        const std::vector<CorrectionRecord>& existing);

struct AppliedCorrection {
  CorrectionRecord record;
  bool applied = false;      // took effect in the current view
  bool withdrawn = false;    // cancelled by a later withdraw
  nlohmann::json previous;   // the value it replaced or removed (null when none)
  std::string problem;       // Chinese; why it could not be applied (e.g. the path is gone)
};

struct CuratedFacts {
  nlohmann::json machine;    // as extracted
  nlohmann::json effective;  // with corrections applied
  std::vector<AppliedCorrection> corrections;
};

CuratedFacts ApplyCorrections(const nlohmann::json& machine,
                              const std::vector<CorrectionRecord>& corrections);

}  // namespace sanding::extract
