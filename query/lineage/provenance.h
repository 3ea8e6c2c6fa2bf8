// Duty provenance: where a duty clause came from and where it went across reforms — inside one
// body from version to version, and between bodies through the events that moved it (职责划转,
// 合并, 分设, 更名) — e.g. 价格监督检查 moving from the 物价局 to the 发改委 in 2010 and on to
// the 市场监督管理局 in 2019.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/history/chain.h"
#include "query/lineage/lineage.h"
#include "store/status.h"

namespace sanding::lineage {

// One body's version holding the duty.
struct Holding {
  std::string institution;
  std::string name;               // the version's name
  std::string valid_from, valid_to;
  std::string clause;             // the matching duty clause ("" when only an event names the duty)
  double score = 0;               // how well it matches the duty asked about, in [0, 1]
  history::Citation source;       // where the clause is printed (the version's "duties" cite;
                                  // the event's source when only an event names the duty)
  bool operator==(const Holding&) const = default;
};

// A step of the duty between holdings: an event, or the same body's next version.
struct Move {
  int from = -1, to = -1;  // indexes into Provenance::holdings
  std::string type;        // an event type, or "version" (same body, next version)
  std::string date;
  std::string event_id;    // "" for "version"
  std::string duty;        // duty_transferred: the duty as the event names it
  history::Citation source;
  bool operator==(const Move&) const = default;
};

struct Provenance {
  std::string duty;         // as asked
  std::string institution;  // the body asked about
  std::vector<Holding> holdings;  // oldest first
  std::vector<Move> moves;        // by date
  int asked = -1;                 // the holding of the body asked about (as_of, else its latest)
};

// How well `clause` (or an event's duty phrase) matches the duty asked about, in [0, 1]: the
// share of the asked duty's character bigrams found in it (containment), NameKey-normalised,
// bigrams never crossing punctuation; boilerplate (负责, 全市, 工作 …) is cut from the asked phrase
// and bigrams of generic duty words (监督, 管理, 检查, 组织 …) weigh half, so 药品…监督检查 does not
// match 价格监督检查.
double DutyMatch(const std::string& asked, const std::string& clause);

// Clauses and event duties at or above this match are the same duty.
inline constexpr double kDutyMatchThreshold = 0.6;

// Traces `duty` (a clause or a key phrase such as 价格监督检查) for institution `id`: its
// versions holding it, then backwards through the events that brought it (a duty_transferred
// naming it, a merge or rename into the body) to the bodies that held it before, and forwards
// through the events that took it away, transitively, checking each body's versions for the
// clause. NotFound (Chinese) when neither the body's duties nor its events mention the duty.
Result<Provenance> TraceDuty(Source& source, const std::string& id, const std::string& duty,
                             const std::string& as_of = "");

// Text report (Chinese).
std::string RenderProvenance(const Provenance& p);

void to_json(nlohmann::json& j, const Holding& v);
void to_json(nlohmann::json& j, const Move& v);
void to_json(nlohmann::json& j, const Provenance& v);

}  // namespace sanding::lineage
