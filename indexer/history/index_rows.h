// Lookup rows derived from the history chain, so that a lineage question reads a handful of rows
// instead of the whole chain: a name index (every name and abbreviation a body had, by a key
// that ignores script and width), one card per institution (its lifetime, names, periods,
// events and children) and a region index.
//
// They are written with the chain rows in the same transaction (store_io.h), so they are exactly
// as bitemporal as the chain: the index as recorded at transaction T describes the chain at T.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/history/chain.h"
#include "store/chain.h"

namespace sanding::history {

// The key a name is looked up by: NFKC (全角 → 半角), 繁 → 简 (OpenCC), then only Han
// characters and ASCII letters and digits (lower-cased). "" when nothing is left.
std::string NameKey(std::string_view name);

// Other forms a full name is commonly written in, without the formal prefixes
// (中华人民共和国卫生部 → 卫生部, 中国共产党清河市委员会组织部 → 中共清河市委员会组织部).
// Does not include `name` itself.
std::vector<std::string> NameVariants(const std::string& name);

// The region (行政区) a body belongs to, read from its name: the administrative divisions its
// name starts with ("清河市", "临川县", "北京市海淀区"), "全国" for national bodies (level
// "national", or names starting 国务院 / 国家 / 中华人民共和国 / 中央 / 全国); "" when the name
// names no division.
std::string RegionOf(const std::string& name, const std::string& level);

// A name (or abbreviation) an institution bore, and when.
struct NameEntry {
  std::string institution;
  std::string name;  // as written
  std::string how;   // "name", "abbreviation" or "variant" (a shorter form, see NameVariants)
  std::string from;  // first day it was in use ("" unknown)
  std::string to;    // day it stopped ("" still in use)
  bool operator==(const NameEntry&) const = default;
};

// One version's heading: what a graph or a chart needs without the duties.
struct Period {
  std::string from, to;  // the version's valid time
  std::string name;
  std::string rank, kind;
  std::string parent;  // institution id ("" none)
  bool operator==(const Period&) const = default;
};

// A body that had this one as its parent (supervising body), and when.
struct ChildLink {
  std::string institution;
  std::string name;  // the child's name at `from`
  std::string from, to;
  bool operator==(const ChildLink&) const = default;
};

// Another institution as a card names it: enough to name and place it without reading its card.
struct Peer {
  std::string id;
  std::string valid_from, valid_to;  // its lifetime
  std::string region;
  std::vector<std::string> names;    // oldest first
  std::vector<Period> periods;       // NamePeriods: from, to and name only
  bool operator==(const Peer&) const = default;
};

// Everything about one institution except its versions' contents.
struct Card {
  Institution institution;
  std::string region;                // of its latest version's name
  std::vector<Period> periods;       // oldest first
  std::vector<ChainEvent> events;    // every event naming it in from or to, by date then id
  std::vector<ChildLink> children;   // by from, then institution
  std::vector<Conflict> conflicts;   // recorded about it
  // Every other institution its events or its versions' parents name, by id: a lineage names
  // its counterparts from here, one read instead of one per counterpart.
  std::vector<Peer> peers;
  bool operator==(const Card&) const = default;
};

// An institution belonging to a region over [from, to).
struct RegionEntry {
  std::string region;
  std::string institution;
  std::string from, to;
  bool operator==(const RegionEntry&) const = default;
};

// The periods of one name each: consecutive periods bearing the same name joined, only from, to
// and name kept.
std::vector<Period> NamePeriods(const std::vector<Period>& periods);

// The derived rows of `chain` (kinds kName, kCard, kRegion), in key order per kind. Their bodies
// are CBOR (RFC 8949) of the JSON of the structs above, not JSON text: a card is mostly Chinese
// text, which CBOR carries as length-prefixed bytes and reads several times faster.
std::vector<ChainRow> IndexRows(const Chain& chain);

// A derived row's body from / to its JSON value (a discarded value when the bytes are not CBOR).
std::string EncodeIndexBody(const nlohmann::json& j);
nlohmann::json DecodeIndexBody(std::string_view body);

// The row id of a name entry / region entry (prefix-searchable by NameKey(q) + '\x1f' and
// region + '\x1f').
std::string NameRowId(const NameEntry& e);
std::string RegionRowId(const RegionEntry& e);

void to_json(nlohmann::json& j, const NameEntry& v);
void from_json(const nlohmann::json& j, NameEntry& v);
void to_json(nlohmann::json& j, const Period& v);
void from_json(const nlohmann::json& j, Period& v);
void to_json(nlohmann::json& j, const ChildLink& v);
void from_json(const nlohmann::json& j, ChildLink& v);
void to_json(nlohmann::json& j, const Peer& v);
void from_json(const nlohmann::json& j, Peer& v);
void to_json(nlohmann::json& j, const Card& v);
void from_json(const nlohmann::json& j, Card& v);
void to_json(nlohmann::json& j, const RegionEntry& v);
void from_json(const nlohmann::json& j, RegionEntry& v);

}  // namespace sanding::history
