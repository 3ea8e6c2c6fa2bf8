// sanding-search-bench: search quality and latency of sanding against Xapian on real data.
//
// Corpus: the Chinese national laws of ../shared/realdata/lawrefbook/national_laws_md.tar.gz, split
// into one document per article (bench/search/split.h); the text of each document,
// "<law title> <第X条>\n<article>", is the same for both engines. Queries and judgements: the 308
// STARD dev questions (../shared/realdata/stard/dev_queries.json), each passed as-is to the
// engine's query parser; Recall@10 and nDCG@10 over article keys (bench/search/metrics.h).
//
//   (1) split     read the archive with libarchive and split it (timed).
//   (2) ingest    every article written as NNNNNN.txt to a folder and stored by the real
//                 `sanding ingest --data DIR folder -q` (setup: storing, extraction, history and
//                 its own index; timed, reported apart).
//   (3) sanding   the index build: indexer::Index::Rebuild of the ingested store into a fresh
//                 folder (timed; size = disk usage of that folder).
//   (4) Xapian    the peer: one document per article (data = key) through Xapian::TermGenerator with
//                 FLAG_CJK_NGRAM, no stemmer, into a fresh WritableDatabase, committed once (timed;
//                 size = disk usage of the database folder).
//   (5) queries   per engine, in process, single thread: one untimed pass over every query, then
//                 --passes timed passes. sanding: Index::Search({query, 0, 10}, facets as a user
//                 gets them, snippets included); Xapian: QueryParser (FLAG_DEFAULT | FLAG_CJK_NGRAM,
//                 default operator OR, BM25 by default) + Enquire::get_mset(0, 10) + each hit's data.
//                 A query an engine refuses counts as an empty result (the refusals are counted).
// Prints a Markdown table (stdout), progress on stderr; --json FILE writes the figures,
// --per-query FILE one TSV row per query. No assertion on any figure. See bench/search_bench.sh.
#include <sys/stat.h>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/history/bench_util.h"
#include "bench/search/metrics.h"
#include "bench/search/split.h"
#include "indexer/indexer.h"
#include "store/store.h"
#include "store/text.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace sanding::bench::search {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "sanding-search-bench：" << what << "\n";
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + "：" + r.status().ToString());
  return std::move(r).value();
}

void MustOk(const Status& st, const std::string& what) {
  if (!st.ok()) Die(what + "：" + st.ToString());
}

void Say(const std::string& s) { std::cerr << "search_bench: " << s << std::endl; }

// Disk usage of a folder, as du counts it (allocated blocks).
uint64_t DiskUsage(const fs::path& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    struct stat st {};
    if (::lstat(e.path().c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) total += static_cast<uint64_t>(st.st_blocks) * 512;
  }
  return total;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}

struct Args {
  std::string laws;
  std::string queries;
  std::string work;
  std::string sanding_bin;
  bool quick = false;
  size_t max_articles = 0;  // 0 = all
  size_t max_queries = 0;   // 0 = all
  int passes = 3;
  int workers = 0;          // sanding ingest --workers (0 = its default)
  unsigned seed = 1;
  std::string json_out;
  std::string per_query;
  bool reuse = false;       // keep an earlier run's ingested data folder (tuning; not for figures)
  bool no_xapian = false;   // skip the peer (tuning only)
  bool reuse_index = false; // keep an earlier run's sanding index (tuning only)
};

// What one engine answered for every query, and how fast.
struct EngineRun {
  std::vector<std::vector<std::string>> keys;  // per query, the keys of the top 10
  std::vector<bool> error;
  std::vector<std::string> messages;           // first few refusals
  std::vector<double> latency_ms;              // every timed call
  size_t errors = 0;
  double wall_s = 0;                           // warm pass + timed passes
  double recall = 0, ndcg = 0;
  std::vector<QueryScore> scores;
  double build_s = 0;
  uint64_t size_bytes = 0;
};

// Runs `ask(query, keys, error_message) -> ok` once untimed (the answers that are scored) and
// `passes` times timed.
template <typename Ask>
void RunQueries(const std::vector<Query>& queries, int passes, EngineRun& run, Ask ask) {
  const auto t0 = Clock::now();
  run.keys.assign(queries.size(), {});
  run.error.assign(queries.size(), false);
  for (size_t i = 0; i < queries.size(); ++i) {
    std::string msg;
    if (!ask(queries[i].text, run.keys[i], msg)) {
      run.error[i] = true;
      ++run.errors;
      run.keys[i].clear();
      if (run.messages.size() < 3) run.messages.push_back("query " + std::to_string(queries[i].id) + ": " + msg);
    }
  }
  std::vector<std::string> sink;
  std::string msg;
  for (int p = 0; p < passes; ++p) {
    for (const Query& q : queries) {
      sink.clear();
      const auto a = Clock::now();
      (void)ask(q.text, sink, msg);
      run.latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
    }
  }
  run.wall_s = Seconds(t0, Clock::now());
  run.scores.clear();
  for (size_t i = 0; i < queries.size(); ++i) run.scores.push_back(Score(run.keys[i], queries[i].relevant, 10));
  double r = 0, n = 0;
  for (const QueryScore& s : run.scores) {
    r += s.recall;
    n += s.ndcg;
  }
  run.recall = queries.empty() ? 0 : r / static_cast<double>(queries.size());
  run.ndcg = queries.empty() ? 0 : n / static_cast<double>(queries.size());
}

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::string Ratio(double a, double b, int decimals = 2) { return b > 0 ? Fmt(a / b, decimals) + " ×" : "–"; }

int Run(const Args& a) {
  const fs::path work(a.work);
  fs::create_directories(work);
  nlohmann::json out;

  // (1) split
  auto t0 = Clock::now();
  LawCorpus corpus;
  try {
    corpus = ReadLawArchive(a.laws);
  } catch (const std::exception& e) {
    Die(e.what());
  }
  const double split_s = Seconds(t0, Clock::now());
  Say("切分：" + std::to_string(corpus.files_used) + " 部法律，" + std::to_string(corpus.articles.size()) +
      " 条，" + Fmt(split_s) + " s");

  std::vector<Query> queries;
  try {
    queries = LoadStardQueries(a.queries);
  } catch (const std::exception& e) {
    Die(e.what());
  }
  if (a.max_queries > 0 && queries.size() > a.max_queries) queries.resize(a.max_queries);

  // The articles to index: all, or (--max-articles) every article some query finds relevant plus
  // a seeded random sample of the others, in corpus order.
  std::vector<Article> articles;
  {
    std::set<std::string> wanted;
    for (const Query& q : queries) wanted.insert(q.relevant.begin(), q.relevant.end());
    if (a.max_articles == 0 || corpus.articles.size() <= a.max_articles) {
      articles = std::move(corpus.articles);
    } else {
      std::vector<size_t> keep, rest;
      for (size_t i = 0; i < corpus.articles.size(); ++i) {
        (wanted.contains(corpus.articles[i].Key()) ? keep : rest).push_back(i);
      }
      std::mt19937 rng(a.seed);
      std::shuffle(rest.begin(), rest.end(), rng);
      for (size_t i = 0; i < rest.size() && keep.size() < a.max_articles; ++i) keep.push_back(rest[i]);
      std::sort(keep.begin(), keep.end());
      for (size_t i : keep) articles.push_back(std::move(corpus.articles[i]));
    }
  }
  std::set<std::string> corpus_keys;
  for (const Article& art : articles) corpus_keys.insert(art.Key());
  size_t judged = 0, missing = 0;
  std::set<std::string> distinct_relevant;
  for (const Query& q : queries) {
    judged += q.relevant.size();
    for (const std::string& k : q.relevant) {
      distinct_relevant.insert(k);
      if (!corpus_keys.contains(k)) ++missing;
    }
  }
  Say(std::to_string(articles.size()) + " 条（" + std::to_string(corpus_keys.size()) + " 个键），" +
      std::to_string(queries.size()) + " 个问题，" + std::to_string(judged) + " 条相关判断（" +
      std::to_string(missing) + " 条不在语料中）");

  // (2) the articles as text files, then the real `sanding ingest`
  const fs::path folder = work / "articles";
  const fs::path data = work / "data";
  const bool reuse = a.reuse && fs::exists(data / "store");
  if (!reuse) {
    fs::remove_all(folder);
    fs::remove_all(data);
    fs::create_directories(folder);
  }
  t0 = Clock::now();
  std::unordered_map<std::string, std::string> key_of_sha;
  std::unordered_map<std::string, std::string> key_of_name;
  std::vector<std::string> texts;
  texts.reserve(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%06zu.txt", i);
    texts.push_back(articles[i].DocumentText());
    const std::string key = articles[i].Key();
    if (!reuse) {
      std::ofstream f(folder / name, std::ios::binary);
      f << texts.back();
      if (!f) Die("无法写入 " + (folder / name).string());
    }
    key_of_sha[text::Sha256Hex(texts.back())] = key;
    key_of_name[name] = key;
  }
  const double write_s = Seconds(t0, Clock::now());
  Say("写出 " + std::to_string(articles.size()) + " 个文本文件（" + std::to_string(key_of_sha.size()) +
      " 种内容），" + Fmt(write_s) + " s；sanding ingest …");

  const fs::path ingest_log = work / "ingest.log";
  std::string cmd = ShellQuote(a.sanding_bin) + " ingest --data " + ShellQuote(data.string()) + " " +
                    ShellQuote(folder.string()) + " -q";
  if (a.workers > 0) cmd += " --workers " + std::to_string(a.workers);
  cmd += " >" + ShellQuote(ingest_log.string()) + " 2>&1";
  t0 = Clock::now();
  const int rc = reuse ? 0 : std::system(cmd.c_str());
  const double ingest_s = Seconds(t0, Clock::now());
  if (rc != 0) Die("sanding ingest 失败（" + std::to_string(rc) + "），见 " + ingest_log.string());
  Say("ingest " + Fmt(ingest_s) + " s");

  // (3) sanding: Rebuild of the ingested store into a fresh index folder
  EngineRun sanding;
  auto store = Must(Store::OpenRocksDb((data / "store").string()), "打开存储失败");
  const StoreStats sstats = Must(store->Stats(), "读取存储统计失败");
  const fs::path sdir = work / "sanding-index";
  const bool reuse_index = a.reuse_index && fs::exists(sdir);
  if (!reuse_index) fs::remove_all(sdir);
  auto index = Must(indexer::Index::Open(sdir.string()), "打开索引失败");
  t0 = Clock::now();
  if (!reuse_index) MustOk(index->Rebuild(*store), "重建索引失败");
  sanding.build_s = Seconds(t0, Clock::now());
  sanding.size_bytes = DiskUsage(sdir);
  const indexer::IndexStats istats = Must(index->Stats(), "读取索引统计失败");
  Say("sanding 索引：" + std::to_string(istats.documents) + " 份文件，" + std::to_string(istats.pages) + " 页，" +
      Fmt(sanding.build_s) + " s，" + Fmt(static_cast<double>(sanding.size_bytes) / 1048576.0, 1) + " MiB");

  // (4) Xapian
  EngineRun xap;
  const fs::path xdir = work / "xapian";
  fs::remove_all(xdir);
  try {
    t0 = Clock::now();
    if (!a.no_xapian) {
      Xapian::WritableDatabase db(xdir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
      Xapian::TermGenerator tg;
      tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
      for (size_t i = 0; i < articles.size(); ++i) {
        Xapian::Document doc;
        doc.set_data(articles[i].Key());
        tg.set_document(doc);
        tg.index_text(texts[i]);
        db.add_document(doc);
      }
      db.commit();
      db.close();
    }
    xap.build_s = Seconds(t0, Clock::now());
  } catch (const Xapian::Error& e) {
    Die("Xapian 建索引失败：" + e.get_description());
  }
  xap.size_bytes = a.no_xapian ? 0 : DiskUsage(xdir);
  Say("Xapian 索引：" + std::to_string(articles.size()) + " 份文档，" + Fmt(xap.build_s) + " s，" +
      Fmt(static_cast<double>(xap.size_bytes) / 1048576.0, 1) + " MiB");

  // (5) queries
  size_t unknown_hits = 0;
  RunQueries(queries, a.passes, sanding, [&](const std::string& q, std::vector<std::string>& keys, std::string& msg) {
    indexer::SearchRequest req;
    req.query = q;
    req.offset = 0;
    req.limit = 10;
    auto r = index->Search(req);
    if (!r.ok()) {
      msg = r.status().ToString();
      return false;
    }
    for (const indexer::DocumentHit& h : r.value().hits) {
      auto it = key_of_sha.find(h.sha256);
      if (it == key_of_sha.end()) {
        auto jt = key_of_name.find(h.name);
        if (jt == key_of_name.end()) {
          ++unknown_hits;
          keys.emplace_back();
          continue;
        }
        keys.push_back(jt->second);
      } else {
        keys.push_back(it->second);
      }
    }
    return true;
  });
  Say("sanding 查询：" + Fmt(sanding.wall_s) + " s，Recall@10 " + Fmt(sanding.recall, 4) + "，拒绝 " +
      std::to_string(sanding.errors));

  if (a.no_xapian) {
    RunQueries(queries, 1, xap, [](const std::string&, std::vector<std::string>&, std::string&) { return true; });
  } else try {
    Xapian::Database db(xdir.string());
    Xapian::Enquire enquire(db);
    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_default_op(Xapian::Query::OP_OR);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
    RunQueries(queries, a.passes, xap, [&](const std::string& q, std::vector<std::string>& keys, std::string& msg) {
      try {
        enquire.set_query(qp.parse_query(q, flags));
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it) keys.push_back(it.get_document().get_data());
        return true;
      } catch (const Xapian::QueryParserError& e) {
        msg = e.get_description();
        return false;
      }
    });
  } catch (const Xapian::Error& e) {
    Die("Xapian 查询失败：" + e.get_description());
  }
  Say("Xapian 查询：" + Fmt(xap.wall_s) + " s，Recall@10 " + Fmt(xap.recall, 4) + "，拒绝 " + std::to_string(xap.errors));
  for (const auto& m : sanding.messages) Say("sanding 拒绝：" + m);
  for (const auto& m : xap.messages) Say("Xapian 拒绝：" + m);

  if (!a.per_query.empty()) {
    std::ofstream tsv(a.per_query);
    tsv << "query_id\trelevant\tsanding_recall\tsanding_ndcg\txapian_recall\txapian_ndcg\tsanding_error\txapian_error\t"
           "sanding_top10\txapian_top10\tquery\n";
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (size_t i = 0; i < v.size(); ++i) s += (i ? "|" : "") + v[i];
      return s;
    };
    for (size_t i = 0; i < queries.size(); ++i) {
      tsv << queries[i].id << '\t' << queries[i].relevant.size() << '\t' << Fmt(sanding.scores[i].recall, 4) << '\t'
          << Fmt(sanding.scores[i].ndcg, 4) << '\t' << Fmt(xap.scores[i].recall, 4) << '\t' << Fmt(xap.scores[i].ndcg, 4)
          << '\t' << (sanding.error[i] ? 1 : 0) << '\t' << (xap.error[i] ? 1 : 0) << '\t' << join(sanding.keys[i]) << '\t'
          << join(xap.keys[i]) << '\t' << queries[i].text << '\n';
    }
  }

  auto mib = [](uint64_t b) { return static_cast<double>(b) / 1048576.0; };
  const double s50 = Percentile(sanding.latency_ms, 50), s99 = Percentile(sanding.latency_ms, 99);
  const double x50 = Percentile(xap.latency_ms, 50), x99 = Percentile(xap.latency_ms, 99);
  std::ostringstream md;
  md << "| Engine | Recall@10 | nDCG@10 | Index build (s) | Index size (MiB) | p50 (ms) | p99 (ms) | mean (ms) |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  md << "| sanding (`Index::Rebuild` / `Index::Search`) | " << Fmt(sanding.recall, 4) << " | " << Fmt(sanding.ndcg, 4)
     << " | " << Fmt(sanding.build_s) << " | " << Fmt(mib(sanding.size_bytes), 1) << " | " << Fmt(s50, 2) << " | "
     << Fmt(s99, 2) << " | " << Fmt(Mean(sanding.latency_ms), 2) << " |\n";
  md << "| Xapian " << XAPIAN_VERSION << " (TermGenerator / QueryParser, CJK n-grams, OR, BM25) | " << Fmt(xap.recall, 4)
     << " | " << Fmt(xap.ndcg, 4) << " | " << Fmt(xap.build_s) << " | " << Fmt(mib(xap.size_bytes), 1) << " | "
     << Fmt(x50, 2) << " | " << Fmt(x99, 2) << " | " << Fmt(Mean(xap.latency_ms), 2) << " |\n";
  md << "| **sanding / Xapian** | " << Ratio(sanding.recall, xap.recall) << " | " << Ratio(sanding.ndcg, xap.ndcg) << " | "
     << Ratio(sanding.build_s, xap.build_s) << " | " << Ratio(mib(sanding.size_bytes), mib(xap.size_bytes)) << " | "
     << Ratio(s50, x50) << " | " << Ratio(s99, x99) << " | " << Ratio(Mean(sanding.latency_ms), Mean(xap.latency_ms))
     << " |\n";
  md << "\n";
  md << "Corpus: " << Int(static_cast<double>(corpus.files_used)) << " laws (of " << Int(static_cast<double>(corpus.files_read))
     << " Markdown files read), **" << Int(static_cast<double>(articles.size())) << " articles** indexed ("
     << Int(static_cast<double>(corpus_keys.size())) << " distinct keys, " << Int(static_cast<double>(key_of_sha.size()))
     << " distinct texts: sanding stores identical files once, so it holds " << Int(static_cast<double>(istats.documents))
     << " documents); **" << queries.size() << " queries** with " << judged << " judgements ("
     << distinct_relevant.size() << " distinct relevant keys, " << missing << " not in the corpus). Queries refused "
     << "(counted as empty results): sanding " << sanding.errors << ", Xapian " << xap.errors << ".\n\n";
  md << "Stages (wall time): split " << Fmt(split_s) << " s; writing the text files " << Fmt(write_s)
     << " s; `sanding ingest` (setup, not the index build) " << Fmt(ingest_s) << " s; sanding index build "
     << Fmt(sanding.build_s) << " s; Xapian index build " << Fmt(xap.build_s) << " s; queries (1 warm + " << a.passes
     << " timed passes) sanding " << Fmt(sanding.wall_s) << " s, Xapian " << Fmt(xap.wall_s) << " s.\n";
  std::cout << md.str();

  out["corpus"] = {{"files_read", corpus.files_read},
                   {"laws", corpus.files_used},
                   {"articles", articles.size()},
                   {"keys", corpus_keys.size()},
                   {"distinct_texts", key_of_sha.size()},
                   {"queries", queries.size()},
                   {"judgements", judged},
                   {"relevant_keys", distinct_relevant.size()},
                   {"judgements_missing", missing}};
  out["stages_s"] = {{"split", split_s},
                     {"write_files", write_s},
                     {"ingest", ingest_s},
                     {"sanding_build", sanding.build_s},
                     {"xapian_build", xap.build_s},
                     {"sanding_queries", sanding.wall_s},
                     {"xapian_queries", xap.wall_s}};
  out["store"] = {{"files_complete", sstats.files_complete}, {"pages", sstats.pages}, {"failures", sstats.failures}};
  out["sanding_index"] = {{"documents", istats.documents}, {"pages", istats.pages}};
  auto engine = [&](const EngineRun& e) {
    return nlohmann::json{{"recall_at_10", e.recall},
                          {"ndcg_at_10", e.ndcg},
                          {"build_s", e.build_s},
                          {"size_bytes", e.size_bytes},
                          {"p50_ms", Percentile(e.latency_ms, 50)},
                          {"p99_ms", Percentile(e.latency_ms, 99)},
                          {"mean_ms", Mean(e.latency_ms)},
                          {"timed_calls", e.latency_ms.size()},
                          {"refused", e.errors},
                          {"refusals", e.messages}};
  };
  out["sanding"] = engine(sanding);
  out["sanding"]["unknown_hits"] = unknown_hits;
  out["xapian"] = engine(xap);
  out["xapian"]["version"] = XAPIAN_VERSION;
  out["passes"] = a.passes;
  if (!a.json_out.empty()) {
    std::ofstream j(a.json_out);
    j << out.dump(2) << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace sanding::bench::search

int main(int argc, char** argv) {
  sanding::bench::search::Args a;
  CLI::App app{"sanding-search-bench：sanding 与 Xapian 的法条检索对比（STARD 问题）"};
  app.add_option("--laws", a.laws, "法律 Markdown 压缩包（national_laws_md.tar.gz）")->required();
  app.add_option("--queries", a.queries, "STARD 问题（dev_queries.json）")->required();
  app.add_option("--work", a.work, "工作目录（文本文件、数据目录、两个索引）")->required();
  app.add_option("--sanding", a.sanding_bin, "sanding 程序（用于 sanding ingest）")->required();
  app.add_flag("--quick", a.quick, "快速试跑：3000 条法条、前 50 个问题");
  app.add_option("--max-articles", a.max_articles, "最多法条数（相关法条优先，其余随机；0 = 全部）");
  app.add_option("--max-queries", a.max_queries, "最多问题数（0 = 全部）");
  app.add_option("--passes", a.passes, "计时轮数（默认 3）");
  app.add_option("--workers", a.workers, "sanding ingest 的线程数（默认其自身默认值）");
  app.add_option("--seed", a.seed, "随机抽样种子");
  app.add_option("--json", a.json_out, "结果 JSON 文件");
  app.add_option("--per-query", a.per_query, "逐问题结果 TSV 文件");
  app.add_flag("--reuse", a.reuse, "沿用工作目录中已导入的数据目录（仅用于调试，不用于正式数据）");
  app.add_flag("--no-xapian", a.no_xapian, "不运行 Xapian（仅用于调试）");
  app.add_flag("--reuse-index", a.reuse_index, "沿用已建好的 sanding 索引（仅用于调试）");
  CLI11_PARSE(app, argc, argv);
  if (a.quick) {
    if (a.max_articles == 0) a.max_articles = 3000;
    if (a.max_queries == 0) a.max_queries = 50;
  }
  return sanding::bench::search::Run(a);
}
