// Duty-clause analysis and overlap scoring: how much two 主要职责 clauses describe the same duty.
//
// A clause is read as the reader of a 三定 reads it: boilerplate actions (负责, 组织实施, 拟订,
// 承担, 指导 …) and fillers (全市, 有关, 工作, 的 …) say little; the object of the duty (价格监督检查,
// 食品安全, 水资源) says most; a specific function (审计, 统计, 登记, 许可, 执法 …) tells two duties
// on the same object apart (预算的编制 vs 预算执行的审计). Evidence is ICU dictionary words and
// character bigrams (which survive OCR noise and unseen compounds), NFKC + 繁→简 normalised.
//
// Scores are in [0, 1] and calibrated for length: the smaller clause's share found in the other
// (containment, so a short clause inside a longer one counts), blended with the two-way share,
// shrunk by a prior mass so a clause of one or two content words cannot reach a high score by
// chance. Two clauses sharing only a function (调解, 处罚 …) and nothing of the object score half.
// One threshold (kOverlapThreshold) means the same for short and long clauses.
//
// Thread safety: pure functions (per-thread ICU break iterators); TermWeights is read-only after
// construction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sanding::history {

enum class TermRole : uint8_t {
  kObject = 0,    // what the duty is about (食品, 价格, 水资源, 就业)
  kFunction = 1,  // a specific function (审计, 统计, 登记, 许可, 执法, 标准, 规划, 救助 …)
  kAction = 2,    // a boilerplate action or generic nominal (负责, 组织实施, 管理, 监督管理 …)
};

// One term of a clause: an ICU word ("w:" prefix in `key`) or a character bigram ("b:").
struct DutyTerm {
  std::string key;        // "w:食品安全" / "b:食品"; NFKC + 繁→简 normalised
  TermRole role = TermRole::kObject;
  float head = 0;         // 0..1: position in its content run (1 = last, the head of a noun phrase)
  uint32_t begin = 0;     // byte span in the analysed clause text (first occurrence)
  uint32_t end = 0;
  bool operator==(const DutyTerm&) const = default;
};

// The analysed clause: unique terms (by key), fillers dropped.
struct DutyTerms {
  std::vector<DutyTerm> terms;
};

// Analyses one clause (any script or width).
DutyTerms AnalyzeDuty(std::string_view clause);

// Document frequencies of term keys over a collection of clauses (the clause index, or the clauses
// at hand), for inverse document frequency. Terms absent from the collection count as rare.
class TermWeights {
 public:
  TermWeights() = default;
  TermWeights(uint64_t clauses, std::unordered_map<std::string, uint32_t> df)
      : n_(clauses),
        df_(std::make_shared<const std::unordered_map<std::string, uint32_t>>(std::move(df))) {}
  // Counts every clause once per term.
  static TermWeights FromClauses(const std::vector<DutyTerms>& clauses);
  uint64_t clauses() const { return n_; }
  uint32_t DocFreq(const std::string& key) const;
  // The weight of a term: its role's factor × smoothed idf × a head bonus.
  double Weight(const DutyTerm& t) const;

 private:
  uint64_t n_ = 0;
  // Shared and immutable: copies are cheap (one map serves every question on an index state).
  std::shared_ptr<const std::unordered_map<std::string, uint32_t>> df_;
};

// A clause ready for fast scoring: its terms with weights, sorted by key.
struct WeightedTerm {
  std::string key;
  double weight = 0;
  TermRole role = TermRole::kObject;
  uint32_t begin = 0, end = 0;
};
struct WeightedClause {
  std::vector<WeightedTerm> terms;  // sorted by key, unique
  double object_mass = 0;           // Σ weight of object and function terms
  double function_mass = 0;         // Σ weight of function terms
};
WeightedClause Weigh(const DutyTerms& terms, const TermWeights& weights);

// The result of comparing two clauses.
struct DutyOverlap {
  double score = 0;                   // [0, 1]
  std::vector<std::string> shared;    // the shared phrases as printed in `a` (merged runs of
                                      // shared content terms), in order of position
  std::vector<std::pair<uint32_t, uint32_t>> a_marks;  // byte spans of shared terms in a, merged
  std::vector<std::pair<uint32_t, uint32_t>> b_marks;  // and in b
};

// Scores clause `a` against clause `b` (symmetric in score). `a_text`/`b_text` are the texts the
// terms were analysed from (for `shared`); pass "" to skip the display fields.
DutyOverlap ScoreDuties(const WeightedClause& a, const WeightedClause& b,
                        std::string_view a_text = {}, std::string_view b_text = {});

// Score only (no display fields): the hot path of region-wide comparison.
double ScoreOnly(const WeightedClause& a, const WeightedClause& b);

// The least shared weight a clause of `mass` (WeightedClause::object_mass) must have with a clause
// at least as heavy for ScoreOnly to reach `threshold`: the bound candidate generation relies on
// (a pair whose shared weight is below it for the lighter clause cannot overlap).
double MinSharedMass(double mass, double threshold);

// Clauses at or above this score overlap (the default of `sanding overlap --threshold`).
inline constexpr double kOverlapThreshold = 0.26;

}  // namespace sanding::history
