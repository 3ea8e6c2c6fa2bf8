// sanding-overlap-bench: duty-overlap checks (query/overlap) over a generated region.
//
// Generates one city of --bodies bodies with --clauses duty clauses each (bench/overlap/
// duty_generate.h; default 5,000 × 20 = 100,000 clauses), indexes them with
// indexer::ClauseIndex::Rebuild (timed), and measures:
//   (1) draft check   overlap::CheckDraft of --drafts generated drafts (20 clauses each) against the
//                     index, warm, through lineage::ChainSource: p50 / p99 latency and the thread's
//                     CPU time. Peer: a brute-force scan scoring every draft clause against every
//                     clause in force with history::ScoreOnly (the clauses weighed beforehand, in
//                     memory), over --peer-drafts of the same drafts; also how many of the
//                     brute-force (draft clause, body) matches CheckDraft reports.
//   (2) region report overlap::CheckRegion over the whole region on one date with --threads
//                     threads: wall time, candidate pairs, body and clause pairs found, peak RSS.
//   (3) recall        on the first --sample bodies (their own index): the clause pairs of different
//                     bodies exact all-pairs scoring finds at the threshold (history::ScoreOnly over
//                     every pair of history::Weigh(AnalyzeDuty(text), index weights), --threads
//                     threads) against the pairs CheckRegion reports; and the all-pairs time (the
//                     peer) against CheckRegion's.
// Prints a Markdown table (stdout), progress on stderr, and with --json FILE the figures as JSON.
// No assertion on any time. See BENCHMARKS.md and bench/overlap_bench.sh.
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/history/bench_util.h"
#include "bench/overlap/duty_generate.h"
#include "indexer/clause_index.h"
#include "indexer/history/chain.h"
#include "indexer/history/duty_terms.h"
#include "indexer/history/index_rows.h"
#include "query/lineage/lineage.h"
#include "query/overlap/overlap.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace sanding::bench {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "sanding-overlap-bench: " << what << "\n";
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + "：" + r.status().ToString());
  return std::move(*r);
}

void Must(const Status& st, const std::string& what) {
  if (!st.ok()) Die(what + "：" + st.ToString());
}

Clock::time_point g_start;

void Say(const std::string& what) {
  std::cerr << "sanding-overlap-bench [" << Fmt(Seconds(g_start, Clock::now()), 1) << " s] " << what
            << std::endl;
}

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Resident set size now (MiB).
double RssMiB() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

double PeakMiB() { return static_cast<double>(PeakRssKb()) / 1024.0; }

struct Dist {
  size_t count = 0;
  double p50 = 0, p99 = 0, max = 0, mean = 0;
};

Dist Summarise(std::vector<double> v) {
  Dist d;
  d.count = v.size();
  if (v.empty()) return d;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  d.mean = sum / static_cast<double>(v.size());
  d.p50 = v[v.size() / 2];
  d.p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
  d.max = v.back();
  return d;
}

nlohmann::json ToJson(const Dist& d) {
  return {{"count", d.count}, {"p50_ms", d.p50}, {"p99_ms", d.p99}, {"max_ms", d.max}, {"mean_ms", d.mean}};
}

uint64_t DirBytes(const fs::path& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  return n;
}

// Runs fn(t) on `threads` threads (t = 0 … threads-1) and joins them.
template <typename Fn>
void OnThreads(unsigned threads, Fn fn) {
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back([&fn, t] { fn(t); });
  for (auto& th : pool) th.join();
}

// The clauses of a set of bodies, weighed: clause k belongs to body body_of[k], position index_of[k].
struct Weighed {
  std::vector<history::WeightedClause> w;
  std::vector<uint32_t> body_of, index_of;
  std::unordered_map<std::string, uint32_t> body_index;  // institution id → body
};

Weighed WeighAll(const std::vector<overlapgen::Body>& bodies, const history::TermWeights& weights,
                 unsigned threads) {
  Weighed out;
  std::vector<const std::string*> texts;
  for (uint32_t b = 0; b < bodies.size(); ++b) {
    out.body_index[bodies[b].id] = b;
    for (uint32_t i = 0; i < bodies[b].duties.size(); ++i) {
      texts.push_back(&bodies[b].duties[i]);
      out.body_of.push_back(b);
      out.index_of.push_back(i);
    }
  }
  out.w.resize(texts.size());
  OnThreads(threads, [&](unsigned t) {
    for (size_t k = t; k < texts.size(); k += threads)
      out.w[k] = history::Weigh(history::AnalyzeDuty(*texts[k]), weights);
  });
  return out;
}

std::string YesNo(bool b) { return b ? "yes" : "**no**"; }

struct Args {
  size_t bodies = 5000;
  size_t clauses = 20;
  size_t sample = 1000;
  size_t drafts = 200;
  size_t peer_drafts = 50;
  uint64_t seed = 1;
  unsigned threads = 2;
  double threshold = history::kOverlapThreshold;
  std::string as_of = "2020-01-01";
  std::string dir;
  std::string json;
  bool skip_region = false;
  std::string vocab;  // a file of domain phrases, one per line ("" the built-in nouns)
  size_t dump = 0;  // clause pairs of the sample to print on stderr (to look at the generator)
};

int Run(const Args& a) {
  g_start = Clock::now();
  nlohmann::json out;
  out["args"] = {{"bodies", a.bodies}, {"clauses", a.clauses}, {"sample", a.sample}, {"drafts", a.drafts},
                 {"peer_drafts", a.peer_drafts}, {"seed", a.seed}, {"threads", a.threads},
                 {"threshold", a.threshold}, {"as_of", a.as_of}};
  const fs::path dir = a.dir.empty() ? fs::temp_directory_path() / ("sanding-overlap-bench-" + std::to_string(getpid()))
                                     : fs::path(a.dir);
  fs::remove_all(dir);
  fs::create_directories(dir);

  // ---- generate ----
  if (!a.vocab.empty()) {
    std::ifstream in(a.vocab);
    if (!in) {
      std::cerr << "无法读取词表 " << a.vocab << "\n";
      return 1;
    }
    std::vector<std::string> phrases;
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty()) phrases.push_back(line);
    }
    overlapgen::SetDomainVocabulary(std::move(phrases));
    out["args"]["vocabulary"] = overlapgen::DomainVocabularySize();
  }
  auto t0 = Clock::now();
  overlapgen::RegionOptions ro;
  ro.bodies = a.bodies;
  ro.clauses = a.clauses;
  ro.seed = a.seed;
  const std::vector<overlapgen::Body> bodies = overlapgen::GenerateBodies(ro);
  const history::Chain chain = overlapgen::MakeChain(bodies, ro.city);
  const auto drafts = overlapgen::GenerateDrafts(a.drafts, a.clauses, a.seed);
  const double gen_s = Seconds(t0, Clock::now());
  const std::string region = history::RegionOf(bodies.front().name, "city");
  size_t other_region = 0;
  for (const auto& b : bodies)
    if (history::RegionOf(b.name, "city") != region) ++other_region;
  if (other_region != 0) Say("警告：" + std::to_string(other_region) + " 个机构的地区不是 " + region);
  const size_t total_clauses = bodies.size() * a.clauses;
  Say("生成 " + Int(bodies.size()) + " 个机构、" + Int(total_clauses) + " 条职责（地区 " + region + "），" +
      Fmt(gen_s) + " s");
  out["generate"] = {{"seconds", gen_s}, {"region", region}, {"bodies", bodies.size()}, {"clauses", total_clauses}};

  // ---- index build ----
  auto index = Must(indexer::ClauseIndex::Open((dir / "clauses").string()), "打开职责索引失败");
  t0 = Clock::now();
  Must(index->Rebuild(chain, 1), "重建职责索引失败");
  const double build_s = Seconds(t0, Clock::now());
  const auto stats = Must(index->Stats(), "读取索引统计失败");
  const uint64_t index_bytes = DirBytes(dir / "clauses");
  Say("索引 " + Int(static_cast<double>(stats.clauses)) + " 条职责，" + Fmt(build_s) + " s，" +
      Fmt(static_cast<double>(index_bytes) / 1048576.0, 1) + " MiB");
  out["index"] = {{"seconds", build_s}, {"clauses", stats.clauses}, {"versions", stats.versions},
                  {"bytes", index_bytes}};
  auto source = lineage::ChainSource(chain);

  overlap::Options opt;
  opt.as_of = a.as_of;
  opt.region = region;
  opt.threshold = a.threshold;

  // ---- (2) region report over everything ----
  overlap::RegionReport full;
  double region_s = 0, rss_before = 0, peak_before = 0, peak_after = 0;
  size_t full_clause_pairs = 0, full_moved = 0;
  if (!a.skip_region) {
    malloc_trim(0);
    rss_before = RssMiB();
    peak_before = PeakMiB();
    Say("地区比对（" + std::to_string(a.threads) + " 线程）开始；RSS " + Fmt(rss_before, 0) + " MiB");
    t0 = Clock::now();
    full = Must(overlap::CheckRegion(*index, *source, opt, a.threads), "地区比对失败");
    region_s = Seconds(t0, Clock::now());
    peak_after = PeakMiB();
    // Counted, not listed: the report lists the best --per-clause clause pairs of each body pair.
    full_clause_pairs = full.clause_pairs;
    for (const auto& p : full.pairs) full_moved += p.moved.size();
    for (const auto& p : full.moved) full_moved += p.moved.size();
    Say("地区比对 " + Fmt(region_s) + " s：候选 " + Int(static_cast<double>(full.candidate_pairs)) + " 对，" +
        Int(static_cast<double>(full.pairs.size())) + " 对机构，" + Int(static_cast<double>(full_clause_pairs)) +
        " 对职责；峰值 RSS " + Fmt(peak_after, 0) + " MiB");
  }
  std::vector<size_t> partners(bodies.size(), 0);
  {
    std::unordered_map<std::string, size_t> at;
    for (size_t b = 0; b < bodies.size(); ++b) at[bodies[b].id] = b;
    for (const auto& p : full.pairs) {
      ++partners[at[p.a]];
      ++partners[at[p.b]];
    }
  }
  std::vector<size_t> sorted_partners = partners;
  std::sort(sorted_partners.begin(), sorted_partners.end());
  const double mean_partners = full.bodies == 0 ? 0.0 : 2.0 * static_cast<double>(full.pairs.size()) /
                                                             static_cast<double>(bodies.size());
  const size_t median_partners = sorted_partners.empty() ? 0 : sorted_partners[sorted_partners.size() / 2];
  const size_t max_partners = sorted_partners.empty() ? 0 : sorted_partners.back();
  const size_t no_partner =
      static_cast<size_t>(std::count(sorted_partners.begin(), sorted_partners.end(), size_t{0}));
  out["region"] = {{"seconds", region_s},
                   {"threads", a.threads},
                   {"bodies", full.bodies},
                   {"clauses", full.clauses},
                   {"candidate_pairs", full.candidate_pairs},
                   {"body_pairs", full.pairs.size()},
                   {"moved_body_pairs", full.moved.size()},
                   {"clause_pairs", full_clause_pairs},
                   {"partners_mean", mean_partners},
                   {"partners_median", median_partners},
                   {"partners_max", max_partners},
                   {"bodies_without_partner", no_partner},
                   {"rss_before_mib", rss_before},
                   {"peak_rss_before_mib", peak_before},
                   {"peak_rss_after_mib", peak_after}};
  full = overlap::RegionReport{};

  // ---- (1) drafts ----
  std::vector<std::vector<overlap::DraftClause>> draft_clauses;
  for (const auto& d : drafts) {
    std::vector<overlap::DraftClause> v;
    for (size_t i = 0; i < d.size(); ++i) v.push_back(overlap::DraftClause{"（" + std::to_string(i + 1) + "）", d[i]});
    draft_clauses.push_back(std::move(v));
  }
  std::vector<double> draft_ms, draft_cpu;
  std::vector<std::map<std::string, size_t>> check_bodies(drafts.size());  // body → draft clauses matched
  size_t overlapping_clauses = 0, matched_bodies = 0;
  uint64_t considered = 0;
  if (!drafts.empty()) {
    Say("草案比对：" + std::to_string(drafts.size()) + " 份草案");
    // Warm-up (untimed): loads the reader, the weights and the cards.
    (void)Must(overlap::CheckDraft(*index, *source, draft_clauses[0], overlap::DraftSource{"预热", ""}, opt),
               "草案比对失败");
    for (size_t d = 0; d < drafts.size(); ++d) {
      const double c0 = ThreadCpuMs();
      const auto w0 = Clock::now();
      auto rep = Must(overlap::CheckDraft(*index, *source, draft_clauses[d],
                                          overlap::DraftSource{"草案" + std::to_string(d + 1), ""}, opt),
                      "草案比对失败");
      draft_ms.push_back(Ms(w0, Clock::now()));
      draft_cpu.push_back(ThreadCpuMs() - c0);
      overlapping_clauses += rep.overlapping;
      matched_bodies += rep.bodies.size();
      considered = rep.indexed_clauses;
      for (const auto& b : rep.bodies) check_bodies[d][b.institution] = b.clauses;
    }
  }
  const Dist draft_d = Summarise(draft_ms), draft_cpu_d = Summarise(draft_cpu);
  Say("草案比对 p50 " + Fmt(draft_d.p50, 1) + " ms，p99 " + Fmt(draft_d.p99, 1) + " ms");

  // Where a draft check's time goes: the calls CheckDraft makes once per draft.
  const indexer::ClauseFilter filter{opt.as_of, opt.region, {}};
  std::vector<double> all_ms, weights_ms;
  for (int r = 0; r < 5; ++r) {
    auto w0 = Clock::now();
    (void)Must(index->Count(filter), "读取职责失败");
    all_ms.push_back(Ms(w0, Clock::now()));
    w0 = Clock::now();
    auto w = Must(index->Weights(), "读取词频失败");
    weights_ms.push_back(Ms(w0, Clock::now()));
  }
  const Dist all_d = Summarise(all_ms), weights_d = Summarise(weights_ms);
  // … and the index's candidate search alone (per draft: one Candidates call per clause).
  std::vector<double> cand_ms;
  const auto weights_full = Must(index->Weights(), "读取词频失败");
  for (size_t d = 0; d < std::min<size_t>(drafts.size(), 50); ++d) {
    const auto w0 = Clock::now();
    for (const auto& c : draft_clauses[d]) {
      const auto dw = history::Weigh(history::AnalyzeDuty(c.text), weights_full);
      std::vector<std::pair<std::string, double>> q;
      for (const auto& t : dw.terms)
        if (t.weight > 0) q.emplace_back(t.key, t.weight);
      (void)Must(index->Candidates(q, filter, opt.candidates), "检索候选失败");
    }
    cand_ms.push_back(Ms(w0, Clock::now()));
  }
  const Dist cand_d = Summarise(cand_ms);

  // ---- (1) peer: brute force over every clause in force ----
  Say("暴力比对：预先称重全部职责");
  t0 = Clock::now();
  const Weighed all_w = WeighAll(bodies, weights_full, a.threads);
  const double preweigh_s = Seconds(t0, Clock::now());
  std::vector<double> brute_ms;
  size_t brute_matches = 0, brute_found_by_check = 0;
  const size_t peer_drafts = std::min(a.peer_drafts, drafts.size());
  for (size_t d = 0; d < peer_drafts; ++d) {
    const auto w0 = Clock::now();
    std::map<uint32_t, size_t> hit;  // body → draft clauses it matches
    for (const auto& text : drafts[d]) {
      const history::WeightedClause dw = history::Weigh(history::AnalyzeDuty(text), weights_full);
      double best = 0;
      uint32_t body = all_w.body_of.empty() ? 0 : all_w.body_of[0];
      for (size_t k = 0; k < all_w.w.size(); ++k) {
        if (all_w.body_of[k] != body) {
          if (best >= a.threshold) ++hit[body];
          body = all_w.body_of[k];
          best = 0;
        }
        best = std::max(best, history::ScoreOnly(dw, all_w.w[k]));
      }
      if (best >= a.threshold) ++hit[body];
    }
    brute_ms.push_back(Ms(w0, Clock::now()));
    for (const auto& [b, n] : hit) {
      brute_matches += n;
      auto it = check_bodies[d].find(bodies[b].id);
      if (it != check_bodies[d].end()) brute_found_by_check += std::min(n, it->second);
    }
  }
  const Dist brute_d = Summarise(brute_ms);
  const double draft_recall =
      brute_matches == 0 ? 1.0 : static_cast<double>(brute_found_by_check) / static_cast<double>(brute_matches);
  Say("暴力比对 p50 " + Fmt(brute_d.p50, 1) + " ms（" + std::to_string(peer_drafts) + " 份）");
  out["draft"] = {{"latency", ToJson(draft_d)},
                  {"cpu", ToJson(draft_cpu_d)},
                  {"indexed_clauses_considered", considered},
                  {"overlapping_clauses_per_draft",
                   drafts.empty() ? 0.0 : static_cast<double>(overlapping_clauses) / static_cast<double>(drafts.size())},
                  {"bodies_per_draft",
                   drafts.empty() ? 0.0 : static_cast<double>(matched_bodies) / static_cast<double>(drafts.size())},
                  {"index_all", ToJson(all_d)},
                  {"index_weights", ToJson(weights_d)},
                  {"index_candidates_per_draft", ToJson(cand_d)},
                  {"peer", ToJson(brute_d)},
                  {"peer_drafts", peer_drafts},
                  {"peer_preweigh_seconds", preweigh_s},
                  {"peer_matches", brute_matches},
                  {"peer_matches_reported", brute_found_by_check},
                  {"recall_vs_peer", draft_recall}};

  // ---- (3) recall on a sample ----
  const size_t sample = std::min(a.sample, bodies.size());
  double sample_region_s = 0, allpairs_s = 0, sample_weigh_s = 0, recall = 1;
  size_t exact_pairs = 0, found_pairs = 0, found_exact = 0, found_not_exact = 0, sample_moved = 0;
  uint64_t sample_candidates = 0, sample_pairs_total = 0;
  if (sample >= 2) {
    const std::vector<overlapgen::Body> sb(bodies.begin(), bodies.begin() + static_cast<std::ptrdiff_t>(sample));
    const history::Chain schain = overlapgen::MakeChain(sb, ro.city);
    auto sindex = Must(indexer::ClauseIndex::Open((dir / "sample").string()), "打开样本索引失败");
    Must(sindex->Rebuild(schain, 1), "重建样本索引失败");
    auto ssource = lineage::ChainSource(schain);
    Say("召回率：样本 " + std::to_string(sample) + " 个机构，地区比对");
    t0 = Clock::now();
    overlap::Options every = opt;
    every.per_clause = std::numeric_limits<size_t>::max();  // list every clause pair to compare
    const auto srep = Must(overlap::CheckRegion(*sindex, *ssource, every, a.threads), "样本地区比对失败");
    sample_region_s = Seconds(t0, Clock::now());
    sample_candidates = srep.candidate_pairs;
    for (size_t k = 0, step = std::max<size_t>(1, srep.pairs.size() / std::max<size_t>(a.dump, 1));
         k < srep.pairs.size() && a.dump > 0; k += step) {
      const auto& p = srep.pairs[k];
      const auto& cp = p.pairs.front();
      std::string shared;
      for (const auto& s : cp.shared) shared += s + "|";
      std::cerr << Fmt(cp.score, 3) << "  " << p.a_name << "：" << cp.a_text << "\n       " << p.b_name << "："
                << cp.b_text << "\n       共有 " << shared << "（" << p.pairs.size() << " 对）\n";
    }

    const auto sweights = Must(sindex->Weights(), "读取样本词频失败");
    t0 = Clock::now();
    const Weighed sw = WeighAll(sb, sweights, a.threads);
    sample_weigh_s = Seconds(t0, Clock::now());
    const size_t n = sw.w.size();
    sample_pairs_total = static_cast<uint64_t>(n) * (n - 1) / 2;
    Say("召回率：精确两两比对 " + Int(static_cast<double>(sample_pairs_total)) + " 对（" + std::to_string(a.threads) +
        " 线程）");
    std::vector<std::vector<uint64_t>> found(a.threads);
    t0 = Clock::now();
    OnThreads(a.threads, [&](unsigned t) {
      // Rows interleaved so both threads get the same share of the triangle.
      for (size_t i = t; i < n; i += a.threads) {
        const auto& wi = sw.w[i];
        const uint32_t bi = sw.body_of[i];
        for (size_t j = i + 1; j < n; ++j) {
          if (sw.body_of[j] == bi) continue;
          if (history::ScoreOnly(wi, sw.w[j]) >= a.threshold) found[t].push_back(uint64_t{i} << 32 | j);
        }
      }
    });
    allpairs_s = Seconds(t0, Clock::now());
    std::vector<uint64_t> exact;
    for (auto& f : found) exact.insert(exact.end(), f.begin(), f.end());
    std::sort(exact.begin(), exact.end());
    exact_pairs = exact.size();

    // CheckRegion's clause pairs, as (clause number, clause number).
    std::vector<size_t> first_clause(sb.size() + 1, 0);
    for (size_t b = 0; b < sb.size(); ++b) first_clause[b + 1] = first_clause[b] + sb[b].duties.size();
    auto number = [&](const std::string& id, uint32_t index) -> uint64_t {
      auto it = sw.body_index.find(id);
      if (it == sw.body_index.end()) Die("比对结果中有未知机构 " + id);
      return first_clause[it->second] + index;
    };
    std::vector<uint64_t> reported;
    for (const auto& p : srep.pairs) {
      for (const auto& cp : p.pairs) {
        uint64_t x = number(p.a, cp.a_index), y = number(p.b, cp.b_index);
        if (x > y) std::swap(x, y);
        reported.push_back(x << 32 | y);
      }
      sample_moved += p.moved.size();
    }
    for (const auto& p : srep.moved) sample_moved += p.moved.size();
    std::sort(reported.begin(), reported.end());
    reported.erase(std::unique(reported.begin(), reported.end()), reported.end());
    found_pairs = reported.size() + sample_moved;
    std::vector<uint64_t> both;
    std::set_intersection(exact.begin(), exact.end(), reported.begin(), reported.end(), std::back_inserter(both));
    found_exact = both.size();
    found_not_exact = reported.size() - both.size();
    // A moved pair (none in this region: it has no events) names only the giver's clause: it is
    // counted as found when the giver's clause has an exact pair with the other body.
    recall = exact_pairs == 0 ? 1.0
                              : static_cast<double>(std::min(exact_pairs, found_exact + sample_moved)) /
                                    static_cast<double>(exact_pairs);
    Say("召回率 " + Fmt(100 * recall, 3) + "%（精确 " + Int(static_cast<double>(exact_pairs)) + " 对，报告 " +
        Int(static_cast<double>(found_pairs)) + " 对）；两两比对 " + Fmt(allpairs_s) + " s，CheckRegion " +
        Fmt(sample_region_s) + " s");
  }
  out["recall"] = {{"sample_bodies", sample},
                   {"sample_clauses", sample * a.clauses},
                   {"pairs_scored_by_peer", sample_pairs_total},
                   {"exact_pairs", exact_pairs},
                   {"reported_pairs", found_pairs},
                   {"reported_and_exact", found_exact},
                   {"reported_not_exact", found_not_exact},
                   {"moved", sample_moved},
                   {"recall", recall},
                   {"check_region_seconds", sample_region_s},
                   {"check_region_candidates", sample_candidates},
                   {"peer_weigh_seconds", sample_weigh_s},
                   {"peer_allpairs_seconds", allpairs_s}};
  const double peak_end = PeakMiB();
  out["peak_rss_mib"] = peak_end;
  out["whole_run_seconds"] = Seconds(g_start, Clock::now());

  // ---- the table ----
  const auto vocab = overlapgen::Vocabulary();
  std::ostringstream md;
  md << "Region: " << Int(static_cast<double>(bodies.size())) << " bodies of " << region << " × " << a.clauses
     << " duty clauses = " << Int(static_cast<double>(total_clauses)) << " clauses (generated in " << Fmt(gen_s)
     << " s; vocabulary "
     << (overlapgen::DomainVocabularySize() > 0
             ? Int(static_cast<double>(overlapgen::DomainVocabularySize())) +
                   " domain phrases (the subjects of the national statutes' titles), half with one of " +
                   std::to_string(vocab.qualifiers) + " qualifiers, "
             : std::to_string(vocab.qualifiers) + " qualifiers × " + std::to_string(vocab.nouns) +
                   " domain nouns (two per object), ")
     << vocab.aspects
     << " aspects, " << vocab.functions << " functions, " << vocab.actions << " actions, " << vocab.templates
     << " clause templates); as of " << a.as_of << ", threshold " << Fmt(a.threshold, 2) << "; "
     << a.threads << " threads where parallel\n\n";
  md << "| Benchmark | Call | Count | Wall time | Result | Target | Met? | Peer ratio |\n";
  md << "|---|---|---:|---:|---|---:|:---:|---:|\n";
  md << "| (0) index build | `ClauseIndex::Rebuild` | " << Int(static_cast<double>(stats.clauses)) << " clauses | "
     << Fmt(build_s) << " s | " << Int(static_cast<double>(stats.clauses) / std::max(build_s, 1e-9))
     << " clauses/s; " << Fmt(static_cast<double>(index_bytes) / 1048576.0, 1) << " MiB on disk | | | |\n";
  if (!drafts.empty()) {
    const double ratio = brute_d.p50 > 0 ? draft_d.p50 / brute_d.p50 : 0;
    md << "| (1) draft check | `CheckDraft` (" << a.clauses << " clauses, warm) | " << drafts.size()
       << " drafts | p50 **" << Fmt(draft_d.p50, 1) << " ms**, p99 " << Fmt(draft_d.p99, 1) << " ms, max "
       << Fmt(draft_d.max, 1) << " ms | CPU p50 " << Fmt(draft_cpu_d.p50, 1) << " ms; "
       << Fmt(static_cast<double>(overlapping_clauses) / static_cast<double>(drafts.size()), 1)
       << " clauses overlapping, " << Fmt(static_cast<double>(matched_bodies) / static_cast<double>(drafts.size()), 1)
       << " bodies per draft; " << Fmt(100 * draft_recall, 1) << "% of the peer's (clause, body) matches"
       << " | p50 ≤ 100 ms | " << YesNo(draft_d.p50 <= 100) << " | " << Fmt(ratio, 3) << " × |\n";
    md << "| (1) peer | brute force: `ScoreOnly` × " << Int(static_cast<double>(all_w.w.size()))
       << " clauses in memory | " << peer_drafts << " drafts | p50 " << Fmt(brute_d.p50, 1) << " ms, p99 "
       << Fmt(brute_d.p99, 1) << " ms | " << Int(static_cast<double>(brute_matches) / std::max<size_t>(peer_drafts, 1))
       << " (clause, body) matches per draft; clauses weighed beforehand in " << Fmt(preweigh_s) << " s | | | 1.00 |\n";
  }
  if (!a.skip_region) {
    md << "| (2) region report | `CheckRegion` (" << a.threads << " threads) | "
       << Int(static_cast<double>(bodies.size())) << " bodies, " << Int(static_cast<double>(total_clauses))
       << " clauses | **" << Fmt(region_s, 2) << " s** | " << Int(static_cast<double>(out["region"]["candidate_pairs"].get<uint64_t>()))
       << " candidate pairs; " << Int(static_cast<double>(out["region"]["body_pairs"].get<size_t>())) << " body pairs, "
       << Int(static_cast<double>(full_clause_pairs)) << " clause pairs found (" << full_moved << " moved); partners per body mean "
       << Fmt(mean_partners, 1) << ", median " << median_partners << ", max " << max_partners << ", none "
       << no_partner << " | ≤ 60 s | " << YesNo(region_s <= 60) << " | |\n";
  }
  if (sample >= 2) {
    const double ratio = allpairs_s > 0 ? sample_region_s / allpairs_s : 0;
    md << "| (3) recall | `CheckRegion` (" << a.threads << " threads) on a sample | "
       << Int(static_cast<double>(sample)) << " bodies, " << Int(static_cast<double>(sample * a.clauses))
       << " clauses | " << Fmt(sample_region_s, 2) << " s | recall **" << Fmt(100 * recall, 2) << "%** ("
       << Int(static_cast<double>(found_exact)) << " of " << Int(static_cast<double>(exact_pairs))
       << " exact clause pairs; " << found_not_exact << " reported not exact); "
       << Int(static_cast<double>(sample_candidates)) << " candidate pairs | ≥ 99% | " << YesNo(recall >= 0.99)
       << " | " << Fmt(ratio, 3) << " × |\n";
    md << "| (3) peer | naive all-pairs: `ScoreOnly` over every pair (" << a.threads << " threads) | "
       << Int(static_cast<double>(sample_pairs_total)) << " pairs | " << Fmt(allpairs_s, 2) << " s | "
       << Int(static_cast<double>(exact_pairs)) << " clause pairs ≥ threshold; clauses weighed beforehand in "
       << Fmt(sample_weigh_s, 2) << " s (not counted) | | | 1.00 |\n";
  }
  md << "| (4) peak RSS | `getrusage` | | | **" << Fmt(peak_end, 0) << " MiB** at the end; ";
  if (!a.skip_region)
    md << "before the region report " << Fmt(peak_before, 0) << " MiB (RSS " << Fmt(rss_before, 0)
       << "), after it " << Fmt(peak_after, 0) << " MiB";
  md << " | | | |\n";
  if (!drafts.empty()) {
    md << "\nWhere a draft check's time goes (each is called once per draft by `CheckDraft`, or once per clause "
          "for the candidates): `ClauseIndex::Count` of the region on the date (the clauses considered) p50 "
       << Fmt(all_d.p50, 1) << " ms; `ClauseIndex::Weights` p50 " << Fmt(weights_d.p50, 1)
       << " ms; `Candidates` for the " << a.clauses << " clauses p50 " << Fmt(cand_d.p50, 1)
       << " ms per draft; the rest (exact scoring of the candidates, names) is the remainder of "
       << Fmt(draft_d.p50, 1) << " ms.\n";
  }
  std::cout << md.str();
  if (!a.json.empty()) {
    std::ofstream j(a.json);
    j << out.dump(2) << "\n";
  }
  if (a.dir.empty()) fs::remove_all(dir);
  Say("完成，峰值 RSS " + Fmt(peak_end, 0) + " MiB");
  return 0;
}

}  // namespace
}  // namespace sanding::bench

int main(int argc, char** argv) {
  sanding::bench::Args a;
  CLI::App app{"sanding-overlap-bench：职能交叉比对基准（生成的地区，草案比对、地区比对与召回率）"};
  app.add_option("--bodies", a.bodies, "机构数（默认 5000）");
  app.add_option("--clauses", a.clauses, "每个机构的职责条数，也是每份草案的条数（默认 20）");
  app.add_option("--sample", a.sample, "召回率样本的机构数（默认 1000；0 跳过）");
  app.add_option("--drafts", a.drafts, "草案份数（默认 200；0 跳过）");
  app.add_option("--peer-drafts", a.peer_drafts, "暴力比对的草案份数（默认 50）");
  app.add_option("--seed", a.seed, "随机种子（默认 1）");
  app.add_option("--threads", a.threads, "地区比对与两两比对的线程数（默认 2）")->check(CLI::Range(1u, 64u));
  app.add_option("--threshold", a.threshold, "相似度阈值（默认 history::kOverlapThreshold）");
  app.add_option("--as-of", a.as_of, "比对日期（默认 2020-01-01）");
  app.add_option("--dir", a.dir, "索引目录（默认临时目录，结束时删除）");
  app.add_option("--json", a.json, "把结果写成 JSON 文件");
  app.add_flag("--skip-region", a.skip_region, "不做全地区比对");
  app.add_option("--vocab", a.vocab, "领域词表文件（每行一个，如法规标题的主题：食品安全、水污染防治）");
  app.add_option("--dump", a.dump, "在标准错误上列出样本中的若干对重叠职责（检查生成器用）");
  CLI11_PARSE(app, argc, argv);
  if (a.clauses == 0 || a.bodies < 2) {
    std::cerr << "sanding-overlap-bench: 至少需要 2 个机构、每个 1 条职责\n";
    return 1;
  }
  return sanding::bench::Run(a);
}
