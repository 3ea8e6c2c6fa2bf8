// sanding-history-bench: the institution history chain at archive scale.
//
// Generates (deterministically, from --seed; generate.h) the extracted facts of an archive of C
// cities × 50 institutions (default 200 × 50 = 10,000) with 500 chain events per city (default
// 100,000), then measures, each against raw RocksDB doing the same work in the same process:
//   (a) load: BuildChain over every document + CommitWholeChain into a fresh RocksDB store;
//   (b) peer load: the same rows (history::ToRows) as one raw rocksdb::WriteBatch;
//   (c) incremental: one more document (a rename), BuildChain + CommitWholeChain again;
//   (d) as-of reads: VersionAsOf(store, id, date) for random (institution, date) pairs, against a
//       raw point Get of the key of the version in force (and the Get plus parsing its JSON);
//   (e) as-recorded reads: VersionAsOf at transaction 1 after the incremental commit;
//   (f) peak RSS.
// Prints a Markdown table (stdout) and, with --json FILE, the figures as JSON. No assertion on
// any time: ratios against the peer are what to compare across machines. See BENCHMARKS.md.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <rocksdb/db.h>
#include <rocksdb/convenience.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "bench/history/generate.h"
#include "bench/history/bench_util.h"
#include "indexer/extract/facts.h"
#include "indexer/history/build.h"
#include "indexer/history/chain.h"
#include "indexer/history/store_io.h"
#include "store/chain.h"
#include "store/store.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace sanding::bench {
namespace {

using history::SourceDocument;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "sanding-history-bench: " << what << "\n";
  std::exit(1);
}

void CheckRocks(const rocksdb::Status& st, const std::string& what) {
  if (!st.ok()) Die(what + "：" + st.ToString());
}

// ---- measurements ----
struct Latency {
  double seconds = 0;
  double p50_us = 0, p99_us = 0;
  size_t found = 0, mismatched = 0;
};

void Percentiles(std::vector<double>& us, Latency* l) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  l->p50_us = us[us.size() / 2];
  l->p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
}

rocksdb::Options PeerOptions() {
  // The options sanding's store opens its column families with (store/internal/rocksdb_kv.cc):
  // the comparison is of what the store adds, not of RocksDB tuning.
  rocksdb::Options o;
  o.create_if_missing = true;
  o.max_background_jobs = 2;
  o.keep_log_file_num = 3;
  o.db_write_buffer_size = size_t{128} << 20;
  o.max_total_wal_size = uint64_t{256} << 20;
  const auto supported = rocksdb::GetSupportedCompressions();
  auto has = [&](rocksdb::CompressionType t) {
    return std::find(supported.begin(), supported.end(), t) != supported.end();
  };
  o.compression = has(rocksdb::kLZ4Compression)      ? rocksdb::kLZ4Compression
                  : has(rocksdb::kSnappyCompression) ? rocksdb::kSnappyCompression
                                                     : rocksdb::kNoCompression;
  if (has(rocksdb::kZSTD)) o.bottommost_compression = rocksdb::kZSTD;
  o.write_buffer_size = size_t{32} << 20;
  return o;
}

std::string PeerKey(ChainKind kind, const std::string& id, uint64_t tx) {
  std::string k(1, static_cast<char>(kind));
  k += id;
  k.push_back('\0');
  k += Be64(tx);
  return k;
}

int Main(int argc, char** argv) {
  CLI::App app{"sanding-history-bench：机构沿革链的载入与按日期读取基准（与直接使用 RocksDB 对比）"};
  int cities = 200;
  uint64_t seed = 1;
  size_t reads = 200000;
  std::string dir;
  std::string json_out;
  app.add_option("--cities", cities, "城市数（每市 50 个机构、500 个事件）")->check(CLI::Range(1, 570));
  app.add_option("--seed", seed, "生成档案的随机种子");
  app.add_option("--reads", reads, "按日期读取的次数")->check(CLI::Range(1, 100000000));
  app.add_option("--dir", dir, "工作目录（默认在 /tmp 下新建，结束时删除）");
  app.add_option("--json", json_out, "把结果另写为 JSON 文件（- 为标准输出）");
  CLI11_PARSE(app, argc, argv);

  bool remove_dir = false;
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "sanding-history-bench.XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) Die("无法创建临时目录 " + tmpl);
    dir = tmpl;
    remove_dir = true;
  } else {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) Die("无法创建目录 " + dir + "：" + ec.message());
    if (fs::exists(fs::path(dir) / "store") || fs::exists(fs::path(dir) / "peer"))
      Die("目录 " + dir + " 里已有上次的 store/ 或 peer/，请换一个空目录");
  }
  struct Cleanup {
    std::string dir;
    bool on;
    ~Cleanup() {
      if (on) {
        std::error_code ec;
        fs::remove_all(dir, ec);
      }
    }
  } cleanup{dir, remove_dir};
  nlohmann::json J;
  J["cities"] = cities;
  J["seed"] = seed;

  // ---- generate ----
  auto t0 = Clock::now();
  Generated gen;
  try {
    gen = Generate(GenerateOptions{cities, seed, false, "sanding-history-bench"});
  } catch (const std::exception& e) {
    Die(e.what());
  }
  const double gen_s = Seconds(t0, Clock::now());
  std::map<std::string, long> rss;  // peak RSS (KiB) after each phase
  rss["after_generate"] = PeakRssKb();
  std::cerr << "生成：" << gen.docs.size() << " 份文件（" << gen.regulations << " 份三定规定），"
            << gen.institutions << " 个机构，" << gen.events << " 个事件，用时 " << Fmt(gen_s) << " s\n";

  // ---- (a) load ----
  t0 = Clock::now();
  history::Chain chain = history::BuildChain(gen.docs, {});
  const double build_s = Seconds(t0, Clock::now());
  std::cerr << "沿革链：" << chain.institutions.size() << " 个机构，" << chain.versions.size()
            << " 个版本，" << chain.events.size() << " 个事件，" << chain.conflicts.size()
            << " 处冲突，" << chain.notes.size() << " 条说明；构建用时 " << Fmt(build_s) << " s\n";
  for (size_t i = 0; i < chain.notes.size() && i < 5; ++i) std::cerr << "  说明：" << chain.notes[i] << "\n";
  for (size_t i = 0; i < chain.conflicts.size() && i < 3; ++i)
    std::cerr << "  冲突：" << nlohmann::json(chain.conflicts[i]).dump() << "\n";
  rss["after_build"] = PeakRssKb();
  std::map<std::string, size_t> chain_by_type;
  for (const auto& e : chain.events) ++chain_by_type[e.type];

  auto opened = Store::OpenRocksDb((fs::path(dir) / "store").string());
  if (!opened.ok()) Die("无法打开存储库：" + opened.status().ToString());
  std::unique_ptr<Store> store = std::move(*opened);
  ChainTx meta;
  meta.kind = "build";
  meta.by = "sanding";
  meta.reason = "基准测试：首次构建";
  t0 = Clock::now();
  auto tx1 = history::CommitWholeChain(*store, chain, meta);
  const double commit_s = Seconds(t0, Clock::now());
  if (!tx1.ok()) Die("提交沿革链失败：" + tx1.status().ToString());
  const size_t rows = tx1->added;
  rss["after_commit"] = PeakRssKb();
  std::cerr << "提交：事务 " << tx1->number << "，" << rows << " 行，用时 " << Fmt(commit_s) << " s\n";

  // ---- (b) peer load ----
  std::unique_ptr<rocksdb::DB> peer;
  {
    rocksdb::DB* raw = nullptr;
    CheckRocks(rocksdb::DB::Open(PeerOptions(), (fs::path(dir) / "peer").string(), &raw),
               "无法打开对照 RocksDB");
    peer.reset(raw);
  }
  t0 = Clock::now();
  size_t peer_rows = 0;
  double to_rows_s = 0;
  {
    const std::vector<ChainRow> all = history::ToRows(chain);
    to_rows_s = Seconds(t0, Clock::now());
    rocksdb::WriteBatch batch;
    for (const auto& r : all) CheckRocks(batch.Put(PeerKey(r.kind, r.id, 1), r.body), "写批次");
    CheckRocks(peer->Write(rocksdb::WriteOptions(), &batch), "对照写入失败");
    peer_rows = all.size();
  }
  const double peer_load_s = Seconds(t0, Clock::now());
  std::cerr << "对照写入：" << peer_rows << " 行，用时 " << Fmt(peer_load_s) << " s（其中 ToRows "
            << Fmt(to_rows_s) << " s）\n";
  rss["after_peer_load"] = PeakRssKb();

  // ---- (c) incremental: one more document renaming one body ----
  {
    SourceDocument d;
    d.sha256 = FakeSha(seed, 999999999);
    d.facts.extractor = "history-bench";
    d.facts.files = {d.sha256};
    d.facts.kind = F("通知");
    d.facts.doc_number = F(gen.rename_city + "发〔2024〕1号");
    d.facts.date = F("2024-03-01");
    d.facts.title = F(gen.rename_city + "市人民政府关于" + gen.rename_from + "更名的通知");
    d.facts.events.push_back(Ev("renamed", {M(gen.rename_from)}, {M(gen.rename_to)},
                                gen.rename_from + "更名为" + gen.rename_to));
    gen.docs.push_back(std::move(d));
  }
  meta.reason = "基准测试：增加一份更名文件";
  t0 = Clock::now();
  history::Chain chain2 = history::BuildChain(gen.docs, {});
  const double inc_build_s = Seconds(t0, Clock::now());
  auto tx2 = history::CommitWholeChain(*store, chain2, meta);
  const double inc_s = Seconds(t0, Clock::now());
  if (!tx2.ok()) Die("增量提交失败：" + tx2.status().ToString());
  rss["after_incremental"] = PeakRssKb();
  std::cerr << "增量：事务 " << tx2->number << "，新增 " << tx2->added << " 行，关闭 " << tx2->closed
            << " 行，用时 " << Fmt(inc_s) << " s（其中构建 " << Fmt(inc_build_s) << " s）\n";

  // ---- (d) as-of reads ----
  // The version in force for each (institution, date), from the in-memory chain of the first
  // build (for reads at transaction 1) and of the second (latest).
  auto index_versions = [](const history::Chain& c) {
    std::unordered_map<std::string, std::pair<size_t, size_t>> idx;
    for (size_t i = 0; i < c.versions.size(); ++i) {
      auto [it, fresh] = idx.try_emplace(c.versions[i].institution, i, i + 1);
      if (!fresh) it->second.second = i + 1;
    }
    return idx;
  };
  const auto idx1 = index_versions(chain), idx2 = index_versions(chain2);
  auto expected = [](const history::Chain& c, const auto& idx, const std::string& id,
                     const std::string& date) -> const history::Version* {
    auto it = idx.find(id);
    if (it == idx.end()) return nullptr;
    for (size_t i = it->second.first; i < it->second.second; ++i) {
      if (history::InForce(c.versions[i].valid_from, c.versions[i].valid_to, date)) return &c.versions[i];
    }
    return nullptr;
  };
  struct Query {
    std::string id, date;
  };
  std::vector<Query> queries;
  queries.reserve(reads);
  {
    Rng rng(seed * 7919 + 17);
    for (size_t i = 0; i < reads; ++i) {
      const auto& inst = chain.institutions[rng.Below(chain.institutions.size())];
      queries.push_back({inst.id, Date(rng.Between(1983, 2024), rng.Between(1, 12), rng.Between(1, 28))});
    }
  }
  auto run_store = [&](std::optional<uint64_t> tx, const history::Chain& c, const auto& idx,
                       size_t n, Latency* l) {
    std::vector<double> us;
    us.reserve(n);
    const auto start = Clock::now();
    for (size_t i = 0; i < n; ++i) {
      const Query& q = queries[i % queries.size()];
      const auto a = Clock::now();
      auto v = history::VersionAsOf(*store, q.id, q.date, tx);
      const auto b = Clock::now();
      if (!v.ok()) Die("读取失败：" + v.status().ToString());
      us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
      if (l == nullptr) continue;
      const history::Version* want = expected(c, idx, q.id, q.date);
      if (v->has_value()) ++l->found;
      if ((want == nullptr) != !v->has_value() ||
          (want != nullptr && (*v)->valid_from != want->valid_from))
        ++l->mismatched;
    }
    if (l != nullptr) {
      l->seconds = Seconds(start, Clock::now());
      Percentiles(us, l);
    }
  };
  // Peer: the exact key of the version in force (computed beforehand), one Get; optionally the
  // body parsed into a Version as VersionAsOf returns it.
  std::vector<std::string> peer_keys;
  peer_keys.reserve(queries.size());
  for (const auto& q : queries) {
    const history::Version* want = expected(chain, idx1, q.id, q.date);
    // A date no version covers reads a key that is absent, as a miss would.
    peer_keys.push_back(PeerKey(ChainKind::kVersion,
                                history::VersionRowId(q.id, want ? want->valid_from : "~none"), 1));
  }
  auto run_peer = [&](bool parse, size_t n, Latency* l) {
    std::vector<double> us;
    us.reserve(n);
    std::string value;
    const rocksdb::ReadOptions ro;
    const auto start = Clock::now();
    for (size_t i = 0; i < n; ++i) {
      const auto a = Clock::now();
      rocksdb::Status s = peer->Get(ro, peer_keys[i % peer_keys.size()], &value);
      if (!s.ok() && !s.IsNotFound()) CheckRocks(s, "对照读取失败");
      if (s.ok() && parse) {
        history::Version v = nlohmann::json::parse(value).get<history::Version>();
        if (v.institution.empty()) Die("对照读取的版本为空");
      }
      const auto b = Clock::now();
      us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
      if (l != nullptr && s.ok()) ++l->found;
    }
    if (l != nullptr) {
      l->seconds = Seconds(start, Clock::now());
      Percentiles(us, l);
    }
  };
  // Diagnostic: the store's scan of the same rows with VersionAsOf's stop rule, bodies left
  // unparsed: how much of a read is the store and how much the parsing above it.
  auto run_scan = [&](size_t n, Latency* l) {
    std::vector<double> us;
    us.reserve(n);
    const auto last = store->LastChainTx();
    if (!last.ok()) Die("读取失败：" + last.status().ToString());
    const auto start = Clock::now();
    for (size_t i = 0; i < n; ++i) {
      const Query& q = queries[i % queries.size()];
      const std::string prefix = history::VersionRowId(q.id, "");
      const auto a = Clock::now();
      bool any = false;
      Status st = store->ScanChain(ChainKind::kVersion, prefix, *last, [&](const ChainRow& r) {
        const std::string from = r.id.substr(prefix.size());
        if (!from.empty() && from > q.date) return false;
        any = true;
        return true;
      });
      const auto b = Clock::now();
      if (!st.ok()) Die("读取失败：" + st.ToString());
      us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
      if (any) ++l->found;
    }
    l->seconds = Seconds(start, Clock::now());
    Percentiles(us, l);
  };
  const size_t warm = std::min<size_t>(reads, 20000);
  std::cerr << "读取：先各预热 " << warm << " 次\n";
  run_store(std::nullopt, chain2, idx2, warm, nullptr);
  run_peer(false, warm, nullptr);
  Latency asof, peer_get, peer_parse, recorded, scan_only;
  run_store(std::nullopt, chain2, idx2, reads, &asof);
  std::cerr << "按日期读取（最新）：" << Fmt(asof.seconds) << " s\n";
  run_scan(reads, &scan_only);
  std::cerr << "仅 ScanChain（不解析版本）：" << Fmt(scan_only.seconds) << " s\n";
  run_peer(false, reads, &peer_get);
  run_peer(true, reads, &peer_parse);
  std::cerr << "对照读取：" << Fmt(peer_get.seconds) << " s，含解析 " << Fmt(peer_parse.seconds) << " s\n";
  // ---- (e) as recorded at transaction 1 ----
  run_store(uint64_t{1}, chain, idx1, reads, &recorded);
  std::cerr << "按日期读取（事务 1）：" << Fmt(recorded.seconds) << " s\n";

  const long rss_kb = PeakRssKb();
  rss["end"] = rss_kb;
  uintmax_t store_bytes = 0, peer_bytes = 0;
  for (const auto& [sub, out] : {std::pair<const char*, uintmax_t*>{"store", &store_bytes}, {"peer", &peer_bytes}}) {
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(dir) / sub, ec)) {
      if (e.is_regular_file(ec)) *out += e.file_size(ec);
    }
  }
  peer.reset();
  store.reset();

  // ---- report ----
  const size_t n_events = chain.events.size();
  const double load_s = build_s + commit_s;
  const double rows_s = static_cast<double>(rows) / commit_s;
  const double peer_rows_s = static_cast<double>(peer_rows) / peer_load_s;
  auto rps = [](const Latency& l, size_t n) { return static_cast<double>(n) / l.seconds; };
  const double asof_rps = rps(asof, reads), get_rps = rps(peer_get, reads),
               parse_rps = rps(peer_parse, reads), rec_rps = rps(recorded, reads),
               scan_rps = rps(scan_only, reads);

  std::cout << "Archive: " << cities << " cities, " << Int(static_cast<double>(gen.docs.size() - 1))
            << " documents (" << Int(static_cast<double>(gen.regulations)) << " 三定), chain of "
            << Int(static_cast<double>(chain.institutions.size())) << " institutions, "
            << Int(static_cast<double>(chain.versions.size())) << " versions, "
            << Int(static_cast<double>(n_events)) << " events, " << chain.conflicts.size()
            << " conflicts, " << chain.notes.size() << " notes; " << Int(static_cast<double>(rows))
            << " rows (" << Fmt(static_cast<double>(store_bytes) / 1048576.0, 0) << " MiB store, "
            << Fmt(static_cast<double>(peer_bytes) / 1048576.0, 0) << " MiB peer on disk)\n\n";
  std::cout << "| Benchmark | Tool | Count | Wall time (s) | Rate | Ratio |\n"
            << "|---|---|---:|---:|---:|---:|\n";
  std::cout << "| (a) load: build | `BuildChain` | " << Int(n_events) << " events | " << Fmt(build_s)
            << " | " << Int(n_events / build_s) << " events/s | |\n";
  std::cout << "| (a) load: commit | `CommitWholeChain` (RocksDB store) | " << Int(rows) << " rows | "
            << Fmt(commit_s) << " | " << Int(rows_s) << " rows/s | " << Fmt(rows_s / peer_rows_s)
            << " × peer |\n";
  std::cout << "| (a) load: total | build + commit | " << Int(n_events) << " events | " << Fmt(load_s)
            << " | **" << Int(n_events / load_s) << " events/s** | |\n";
  std::cout << "| (b) peer load | `ToRows` + one raw `rocksdb::WriteBatch` | " << Int(peer_rows)
            << " rows | " << Fmt(peer_load_s) << " | " << Int(peer_rows_s) << " rows/s (ToRows "
            << Fmt(to_rows_s) << " s, write " << Fmt(peer_load_s - to_rows_s) << " s) | 1.00 |\n";
  std::cout << "| (c) incremental: +1 rename | `BuildChain` + `CommitWholeChain` | "
            << tx2->added + tx2->closed << " rows changed (" << tx2->added << " added, "
            << tx2->closed << " closed) | " << Fmt(inc_s) << " | build " << Fmt(inc_build_s)
            << " s, commit " << Fmt(inc_s - inc_build_s) << " s | " << Fmt(inc_s / load_s)
            << " × full load |\n";
  auto lat = [](const Latency& l) { return "p50 " + Fmt(l.p50_us, 1) + " µs, p99 " + Fmt(l.p99_us, 1) + " µs"; };
  std::cout << "| (d) as-of reads (latest) | `VersionAsOf` | " << Int(reads) << " | " << Fmt(asof.seconds)
            << " | **" << Int(asof_rps) << " reads/s**; " << lat(asof) << " | " << Fmt(asof_rps / get_rps)
            << " × peer Get |\n";
  std::cout << "| (d) peer | raw `DB::Get` of the version's key | " << Int(reads) << " | "
            << Fmt(peer_get.seconds) << " | " << Int(get_rps) << " reads/s; " << lat(peer_get)
            << " | 1.00 |\n";
  std::cout << "| (d) peer + JSON | raw `DB::Get` + parse into `Version` | " << Int(reads) << " | "
            << Fmt(peer_parse.seconds) << " | " << Int(parse_rps) << " reads/s; " << lat(peer_parse)
            << " | " << Fmt(parse_rps / get_rps) << " × peer Get |\n";
  std::cout << "| (d) diagnostic | `Store::ScanChain` of the same rows, bodies not parsed | " << Int(reads)
            << " | " << Fmt(scan_only.seconds) << " | " << Int(scan_rps) << " reads/s; " << lat(scan_only)
            << " | " << Fmt(scan_rps / get_rps) << " × peer Get |\n";
  std::cout << "| (e) as-recorded reads (tx 1) | `VersionAsOf(…, tx = 1)` | " << Int(reads) << " | "
            << Fmt(recorded.seconds) << " | " << Int(rec_rps) << " reads/s; " << lat(recorded) << " | "
            << Fmt(rec_rps / get_rps) << " × peer Get |\n";
  std::cout << "| (f) peak RSS | whole run | | | **" << Fmt(rss_kb / 1024.0, 0) << " MiB** | after generate "
            << Fmt(rss["after_generate"] / 1024.0, 0) << ", build " << Fmt(rss["after_build"] / 1024.0, 0)
            << ", commit " << Fmt(rss["after_commit"] / 1024.0, 0) << ", peer load "
            << Fmt(rss["after_peer_load"] / 1024.0, 0) << ", incremental "
            << Fmt(rss["after_incremental"] / 1024.0, 0) << " MiB |\n";
  std::cout << "\nReads found a version for " << asof.found << " (latest) / " << recorded.found
            << " (tx 1) / " << peer_get.found << " (peer) of " << reads
            << " pairs; answers differing from the in-memory chain: " << asof.mismatched
            << " (latest), " << recorded.mismatched << " (tx 1).\n";

  J["documents"] = gen.docs.size() - 1;
  J["regulations"] = gen.regulations;
  J["generated_events"] = gen.events;
  J["generated_events_by_type"] = gen.by_type;
  J["chain"] = {{"institutions", chain.institutions.size()}, {"versions", chain.versions.size()},
                {"events", n_events}, {"events_by_type", chain_by_type},
                {"conflicts", chain.conflicts.size()}, {"notes", chain.notes.size()}};
  J["generate_s"] = gen_s;
  J["load"] = {{"build_s", build_s}, {"commit_s", commit_s}, {"rows", rows},
               {"events_per_s", n_events / load_s}, {"rows_per_s", rows_s},
               {"store_bytes", store_bytes}};
  J["peer_load"] = {{"seconds", peer_load_s}, {"to_rows_s", to_rows_s}, {"rows", peer_rows}, {"rows_per_s", peer_rows_s},
                    {"ratio", rows_s / peer_rows_s}, {"peer_bytes", peer_bytes}};
  J["incremental"] = {{"seconds", inc_s}, {"build_s", inc_build_s}, {"added", tx2->added},
                      {"closed", tx2->closed}, {"tx", tx2->number}};
  auto lj = [](const Latency& l, double r) {
    return nlohmann::json{{"seconds", l.seconds}, {"reads_per_s", r}, {"p50_us", l.p50_us},
                          {"p99_us", l.p99_us}, {"found", l.found}, {"mismatched", l.mismatched}};
  };
  J["reads"] = reads;
  J["asof"] = lj(asof, asof_rps);
  J["asof"]["ratio"] = asof_rps / get_rps;
  J["peer_get"] = lj(peer_get, get_rps);
  J["peer_get_parse"] = lj(peer_parse, parse_rps);
  J["as_recorded"] = lj(recorded, rec_rps);
  J["peak_rss_kb"] = rss_kb;
  J["peak_rss_kb_by_phase"] = rss;
  J["scan_only"] = lj(scan_only, scan_rps);
  if (!json_out.empty()) {
    if (json_out == "-") {
      std::cout << J.dump(2) << "\n";
    } else {
      std::ofstream f(json_out);
      f << J.dump(2) << "\n";
      if (!f) Die("无法写入 " + json_out);
    }
  }
  return 0;
}

}  // namespace
}  // namespace sanding::bench

int main(int argc, char** argv) { return sanding::bench::Main(argc, argv); }
