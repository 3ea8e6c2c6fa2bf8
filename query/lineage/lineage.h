// Lineage queries over the institution history chain: resolve a name (current, old, abbreviated,
// 繁体), an institution's timeline, its predecessors and successors through renames, merges and
// splits, its state as of a date, the region's bodies on a day and the changes of a reform year.
//
// Everything reads through a Source: the store as recorded at a transaction (the lookup rows of
// indexer/history/index_rows.h, a few prefix reads per question) or a chain in memory.
// Renderers (DOT, SVG, EAC-CPF, text) are in render.h; version diffs in diff.h; duty provenance
// in provenance.h.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/history/chain.h"
#include "indexer/history/index_rows.h"
#include "store/status.h"
#include "store/store.h"

namespace sanding::lineage {

// Where lineage reads the chain from.
class Source {
 public:
  virtual ~Source() = default;
  // Name entries whose key is exactly `key` (history::NameKey).
  virtual Result<std::vector<history::NameEntry>> NamesByKey(const std::string& key) = 0;
  // Every name entry (for abbreviation guesses); stops when fn returns false.
  virtual Status ForEachName(const std::function<bool(const history::NameEntry&)>& fn) = 0;
  // The card of an institution; nullopt when the id is unknown.
  virtual Result<std::optional<history::Card>> GetCard(const std::string& id) = 0;
  // Every version of an institution, oldest first.
  virtual Result<std::vector<history::Version>> Versions(const std::string& id) = 0;
  // The version in force on `date`, or nullopt.
  virtual Result<std::optional<history::Version>> VersionAt(const std::string& id,
                                                            const std::string& date) = 0;
  // The entries of one region ("" every region), by institution.
  virtual Result<std::vector<history::RegionEntry>> RegionEntries(const std::string& region) = 0;
  // The conflicts recorded about one institution.
  virtual Result<std::vector<history::Conflict>> Conflicts(const std::string& id) = 0;
};

// The store as recorded at `tx` (nullopt: the latest transaction, fixed at construction so
// every read of one question sees one state).
Result<std::unique_ptr<Source>> StoreSource(Store& store, std::optional<uint64_t> tx = std::nullopt);
// A chain in memory (tests, tools): answers exactly as StoreSource over the same chain.
std::unique_ptr<Source> ChainSource(const history::Chain& chain);

// ---- Name resolution --------------------------------------------------------------------------

struct Candidate {
  std::string institution;
  std::string matched;    // the name or abbreviation that matched
  std::string how;        // "id", "name", "abbreviation", "variant", "guess" (characters in order)
  std::string name_from, name_to;      // when it bore `matched`
  std::string current_name;            // its latest name
  std::string valid_from, valid_to;    // its lifetime
  std::string region;
  bool operator==(const Candidate&) const = default;
};

struct Resolution {
  std::string query;
  std::vector<Candidate> candidates;  // best first; one per institution
  // True when the best candidates are more than one institution equally well matched (the user
  // must choose); false when candidates[0] is the answer (or there is none).
  bool ambiguous = false;
};

// Resolves a name, an old name, an abbreviation, a 繁体 or 全角 spelling, or an id. With
// `as_of`, a name borne on that date wins over the same name borne at another time.
// Guesses (市发改委 → 清河市发展和改革委员会: the query's characters in order, first character
// equal) are offered only when nothing matches exactly.
Result<Resolution> Resolve(Source& source, const std::string& query, const std::string& as_of = "");

// ---- Lineage ----------------------------------------------------------------------------------

// A reference to an institution, named as it was named at some date.
struct Ref {
  std::string id;
  std::string name;
  bool operator==(const Ref&) const = default;
};

struct TimelineEntry {
  history::ChainEvent event;
  std::vector<Ref> from, to;  // event.from / event.to named as on the event's date
  bool operator==(const TimelineEntry&) const = default;
};

// A body in the lineage graph.
struct Node {
  std::string id;
  std::string name;                 // latest name
  std::vector<std::string> names;   // every name, oldest first
  std::string valid_from, valid_to; // lifetime
  std::string region;
  // "subject", "predecessor", "successor", or "related" (a counterpart of a subject, predecessor
  // or successor in a merge, split or duty transfer, not followed further).
  std::string relation;
  int distance = 0;  // edges from the subject along the followed direction (0 for the subject)
  bool operator==(const Node&) const = default;
};

// An edge of the lineage graph: one event linking two different bodies.
struct Edge {
  std::string from, to;  // institution ids
  std::string type;      // merged, split, established, abolished, renamed, duty_transferred
  std::string date;
  std::string duty;      // duty_transferred: the duty
  std::string event_id;
  history::Citation source;
  bool operator==(const Edge&) const = default;
};

// A hierarchical link (parent = supervising body) over a period.
struct Link {
  std::string id;
  std::string name;  // as named at `from` (or its latest name)
  std::string from, to;
  bool operator==(const Link&) const = default;
};

struct Lineage {
  Node subject;
  history::Institution institution;
  std::vector<history::Version> versions;  // every version, oldest first
  std::vector<TimelineEntry> timeline;     // every event naming the subject, oldest first
  std::vector<Node> nodes;                 // subject first, then by relation, distance, date
  std::vector<Edge> edges;                 // between nodes, by date
  bool truncated = false;                  // the graph reached max_nodes
  std::vector<Link> parents;               // its supervising bodies over time
  std::vector<Link> children;              // bodies it supervised over time
  std::vector<history::Conflict> conflicts;
  std::string as_of;                       // "" when no date was asked
  std::optional<history::Version> state;   // the version in force on as_of
  std::string state_parent_name;           // the state's parent, named as on as_of
};

struct LineageOptions {
  std::string as_of;       // "" none
  size_t max_nodes = 300;  // graph bound; truncated is set when reached
};

// The whole lineage of institution `id`: predecessors and successors followed transitively
// through merged, split, established-from, abolished-into and renamed-into-another-body edges
// (duty transfers are shown, not followed).
Result<Lineage> BuildLineage(Source& source, const std::string& id, const LineageOptions& options = {});

// ---- Region views -----------------------------------------------------------------------------

// Every region the chain knows, with how many bodies it ever had.
Result<std::vector<std::pair<std::string, size_t>>> Regions(Source& source);

// The region named by `query` (exact, or the one region whose name starts with it or with its
// 简体 form: 临川 → 临川县); NotFound / InvalidArgument (ambiguous, listing them) otherwise.
Result<std::string> ResolveRegion(Source& source, const std::string& query);

struct ChartEntry {
  std::string id;
  std::string name, rank, kind;
  std::string parent;       // institution id ("" none)
  std::string parent_name;  // as on the chart's date
  int depth = 0;            // 0 for bodies whose parent is not in the chart
  size_t duties = 0, units = 0;
  int staffing = 0;         // 行政编制 + 事业编制 + 其他编制 in force
  history::Citation source; // where its name (or its version's start) is cited
  bool operator==(const ChartEntry&) const = default;
};

// An organisation chart: every body of the region in force on `as_of`, as a tree by parent
// (depth-first, siblings by kind then name).
struct OrgChart {
  std::string region;
  std::string as_of;
  std::vector<ChartEntry> bodies;
};
Result<OrgChart> RegionAsOf(Source& source, const std::string& region, const std::string& as_of);

// The changes made in a region in one year: every event naming one of its bodies dated that
// year, oldest first, with counts by type.
struct RegionYear {
  std::string region;
  int year = 0;
  std::vector<TimelineEntry> events;
  std::map<std::string, size_t> counts;  // by event type
};
Result<RegionYear> RegionChanges(Source& source, const std::string& region, int year);

// ---- Naming helpers shared by the renderers ---------------------------------------------------

// Chinese label of an event type (设立, 更名, 合并, 分设, 撤销, 改变隶属, 规格调整, 编制调整,
// 职责划转).
const char* EventLabel(const std::string& type);
// "1998-03-10—2003-03-10", "（起始不详）—今".
std::string PeriodText(const std::string& from, const std::string& to);
// "清发〔2010〕3号 第2页", "《标题》", "更正记录 #4".
std::string CitationText(const history::Citation& c);
// The name of a card's institution as on `date` (its latest name when not in force then).
std::string NameOn(const history::Card& card, const std::string& date);

void to_json(nlohmann::json& j, const Candidate& v);
void to_json(nlohmann::json& j, const Resolution& v);
void to_json(nlohmann::json& j, const Ref& v);
void to_json(nlohmann::json& j, const TimelineEntry& v);
void to_json(nlohmann::json& j, const Node& v);
void to_json(nlohmann::json& j, const Edge& v);
void to_json(nlohmann::json& j, const Link& v);
void to_json(nlohmann::json& j, const Lineage& v);
void to_json(nlohmann::json& j, const ChartEntry& v);
void to_json(nlohmann::json& j, const OrgChart& v);
void to_json(nlohmann::json& j, const RegionYear& v);

}  // namespace sanding::lineage
