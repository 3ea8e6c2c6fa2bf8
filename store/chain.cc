// The JSON form of the chain's transaction and curation records (field names as in chain.h).
// from_json requires the identity field (number, seq) and takes every other field as optional, so
// records written before a field was added still load; a wrong JSON type throws
// nlohmann::json::exception, which the store reports as corruption.
#include "store/chain.h"

#include <nlohmann/json.hpp>

namespace sanding {
namespace {

using nlohmann::json;

template <typename T>
void Optional(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(out);
}

}  // namespace

const char* ChainKindName(ChainKind k) {
  switch (k) {
    case ChainKind::kInstitution:
      return "institution";
    case ChainKind::kVersion:
      return "version";
    case ChainKind::kEvent:
      return "event";
    case ChainKind::kConflict:
      return "conflict";
    case ChainKind::kName:
      return "name";
    case ChainKind::kCard:
      return "card";
    case ChainKind::kRegion:
      return "region";
  }
  return "unknown";
}

void to_json(json& j, const ChainTx& v) {
  j = json{{"number", v.number}, {"at_ms", v.at_ms}, {"kind", v.kind},    {"by", v.by},
           {"reason", v.reason}, {"added", v.added}, {"closed", v.closed}};
}

void from_json(const json& j, ChainTx& v) {
  v = ChainTx{};
  j.at("number").get_to(v.number);
  Optional(j, "at_ms", v.at_ms);
  Optional(j, "kind", v.kind);
  Optional(j, "by", v.by);
  Optional(j, "reason", v.reason);
  Optional(j, "added", v.added);
  Optional(j, "closed", v.closed);
}

void to_json(json& j, const ChainCuration& v) {
  j = json{{"seq", v.seq},
           {"op", v.op},
           {"target", v.target},
           {"value", v.value},
           {"withdraws", v.withdraws},
           {"by", v.by},
           {"reason", v.reason},
           {"at_ms", v.at_ms}};
}

void from_json(const json& j, ChainCuration& v) {
  v = ChainCuration{};
  j.at("seq").get_to(v.seq);
  j.at("op").get_to(v.op);
  Optional(j, "target", v.target);
  Optional(j, "value", v.value);
  Optional(j, "withdraws", v.withdraws);
  Optional(j, "by", v.by);
  Optional(j, "reason", v.reason);
  Optional(j, "at_ms", v.at_ms);
}

}  // namespace sanding
