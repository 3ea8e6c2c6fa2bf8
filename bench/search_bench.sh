#!/usr/bin/env bash
# Search benchmark for sanding against Xapian on real data (run by hand; not part of CI). See
# BENCHMARKS.md.
#
#   bench/search_bench.sh [--quick] [BUILD_DIR]
#
# Installs Xapian's development package when it is missing (libxapian-dev, Debian; Xapian is the
# peer only, never a dependency of sanding), builds sanding and bench/search/sanding-search-bench in
# BUILD_DIR (default: <repo>/build-bench; configured RelWithDebInfo with Ninja and without the test
# suites when it has no CMakeCache.txt; built with ninja -j2; NO_BUILD=1 skips the build), runs it
# under a time bound, writes its section of OUT and prints it.
#
# Data (from REALDATA, default <repo>/../shared/realdata): the Chinese national laws
# lawrefbook/national_laws_md.tar.gz, split into one document per article, and the STARD questions
# stard/dev_queries.json with the articles they need. Environment:
#   PASSES      timed passes over the queries              (default 3)
#   WORKERS     threads of `sanding ingest`                (default: its own, one per core)
#   TIME_LIMIT  seconds before the run is killed           (default 3600)
#   EXTRA_ARGS  more flags for the program (--max-articles N, --max-queries N, --seed S)
#   OUT         Markdown file to update (default: <repo>/BENCHMARKS.md; with --quick: OUT=- prints only)
#   KEEP=1      keeps the scratch folder (text files, data folder, both indexes)
# --quick: 3,000 articles (every article the queries need, the others a seeded random sample) and
# the first 50 questions; a smoke run of a minute or so.
#
# Per-query results (query_id, relevant keys, Recall@10 and nDCG@10 of each engine, refusals, the
# keys of each top 10, the question) go to BUILD_DIR/bench/search/results/per-query.tsv, the
# figures to result.json beside it (not committed).
#
# Writes its section of OUT between <!-- search-bench:begin --> and <!-- search-bench:end -->
# (appended when the markers are absent); the rest of the file is left as it is.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0
BUILD_ARG=""
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) BUILD_ARG=$arg ;;
  esac
done
BUILD_ARG=${BUILD_ARG:-$REPO/build-bench}
PASSES=${PASSES:-3}
WORKERS=${WORKERS:-0}
TIME_LIMIT=${TIME_LIMIT:-3600}
if [ "$QUICK" = 1 ]; then OUT=${OUT:--}; else OUT=${OUT:-$REPO/BENCHMARKS.md}; fi
REALDATA=${REALDATA:-$REPO/../shared/realdata}
LAWS=$REALDATA/lawrefbook/national_laws_md.tar.gz
QUERIES=$REALDATA/stard/dev_queries.json
BEGIN_MARK='<!-- search-bench:begin -->'
END_MARK='<!-- search-bench:end -->'

say() { echo "search_bench: $*" >&2; }
. "$(dirname "${BASH_SOURCE[0]}")/section.sh"

for f in "$LAWS" "$QUERIES"; do
  [ -f "$f" ] || { say "找不到真实数据 $f（REALDATA 可指定 realdata 目录）"; exit 1; }
done

if [ "${NO_BUILD:-0}" != 1 ]; then
  if ! pkg-config --exists xapian-core 2>/dev/null; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    say "安装 Xapian（libxapian-dev，仅作对照）"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y -q --no-install-recommends libxapian-dev >&2 ||
      { $SUDO apt-get update -q >&2 && $SUDO apt-get install -y -q --no-install-recommends libxapian-dev >&2; }
  fi
  if [ ! -f "$BUILD_ARG/CMakeCache.txt" ]; then
    say "配置 $BUILD_ARG（RelWithDebInfo，Ninja）"
    cmake -S "$REPO" -B "$BUILD_ARG" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANDING_BUILD_TESTS=OFF >&2
  else
    cmake "$BUILD_ARG" >/dev/null  # finds Xapian when it was installed after the first configure
  fi
  say "构建 sanding、sanding-search-bench"
  ninja -C "$BUILD_ARG" -j2 sanding sanding-search-bench >&2
fi
BUILD=$(cd "$BUILD_ARG" && pwd)
BENCH=$BUILD/bench/search/sanding-search-bench
SANDING=$BUILD/tools/sanding
[ -x "$BENCH" ] || { say "找不到程序 $BENCH（未找到 Xapian 时不构建）"; exit 1; }
[ -x "$SANDING" ] || { say "找不到程序 $SANDING"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanding-search-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then say "保留工作目录 $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
RESULTS=$BUILD/bench/search/results
mkdir -p "$RESULTS"

ARGS=(--laws "$LAWS" --queries "$QUERIES" --passes "$PASSES")
if [ "$QUICK" = 1 ]; then ARGS+=(--quick); fi
if [ "$WORKERS" != 0 ]; then ARGS+=(--workers "$WORKERS"); fi
# shellcheck disable=SC2206
if [ -n "${EXTRA_ARGS:-}" ]; then ARGS+=($EXTRA_ARGS); fi

run_bench "--quick 试跑" "$BENCH" "${ARGS[@]}" --work "$WORK/run" --sanding "$SANDING" \
  --json "$RESULTS/result.json" --per-query "$RESULTS/per-query.tsv"
say "用时 ${WALL} s；负载 $LOAD_AFTER；逐问题结果 $RESULTS/per-query.tsv"

run_facts "$REPO" "$BUILD"
XAPIAN_VERSION=$(pkg-config --modversion xapian-core 2>/dev/null || echo unknown)
COMMAND="bench/search_bench.sh"
if [ "$QUICK" = 1 ]; then COMMAND+=" --quick"; fi
PROGRAM="sanding-search-bench ${ARGS[*]//$REALDATA/REALDATA}"
if [ "$QUICK" = 1 ]; then
  SCOPE="**Smoke run (\`--quick\`)**: 3,000 articles (every article the queries need, the others a seeded random sample) and the first 50 questions; not comparable with a full run."
else
  SCOPE="Every article of the corpus and every question."
fi

SECTION=$WORK/section.md
cat >"$SECTION" <<SECTION_EOF
$BEGIN_MARK
## Search quality and latency (STARD, national laws)

sanding's search against Xapian on real data, measured by \`bench/search_bench.sh\`
(\`sanding-search-bench\`): laypeople's legal questions (the 308 STARD dev questions) against the
articles of the Chinese national laws, each engine fed the same text and the question as typed.
Re-run the script to refresh this section (it rewrites only the text between its markers).

- Date: $DATE; sanding revision $REV$DIRTY, build \`$(basename "$BUILD")\` ($BUILD_TYPE); Xapian $XAPIAN_VERSION (Debian)
- Machine: $NPROC cores ($CPU), $MEM RAM; load average before/after: $LOAD_BEFORE / $LOAD_AFTER
  (the machine is shared; other work running at the same time slows every row alike); whole run ${WALL} s
- $SCOPE

$(cat "$WORK/table.md")

Data (\`../shared/realdata\`): \`lawrefbook/national_laws_md.tar.gz\`, read with libarchive; in every
Markdown law (not \`_index.md\`, \`README.md\`, \`法律法规模版.md\`, nor files without a \`# \` heading)
the title is the first \`# \` heading and an article is a line starting with 第X条 (Chinese
numerals, optionally 之一 …) and a space or full-width space, up to the next article or heading.
One document per article with the text \`<law title> <第X条>\\n<article>\`. Questions:
\`stard/dev_queries.json\` (\`问题\`); the relevant articles are its \`match_name\`s. An article's key is
its law title with every 中华人民共和国 removed followed by its number, the judgements normalised
the same way. Several documents may share a key (versions of one law): in a ranked list only the
first document of each key can count. Recall@10 = distinct relevant keys in the top 10 / relevant
keys; nDCG@10 with binary gains, log2 discount and an ideal of min(relevant keys, 10) hits; both
are means over the questions.

- sanding: each article written as \`NNNNNN.txt\` and stored by the real \`sanding ingest --data DIR
  FOLDER -q\` (storing, extraction, history chain and its own index — setup, timed apart above);
  the index build is \`indexer::Index::Rebuild\` of that store into a fresh folder, in process
  (it reads every document back from RocksDB, analyses documents on min(4, cores) threads — $NPROC
  here — and merges the index into one segment at the end; Xapian's \`TermGenerator\` runs on one
  thread);
  queries are \`Index::Search\` (offset 0, limit 10, relevance order, facets with the default
  \`facet_limit\` of 20, snippets), hits mapped back to keys by the file's SHA-256.
- Xapian: \`TermGenerator\` with \`FLAG_CJK_NGRAM\`, no stemmer, one document per article (data =
  key) into a fresh \`WritableDatabase\`, committed once; queries are \`QueryParser\`
  (\`FLAG_DEFAULT | FLAG_CJK_NGRAM\`, default operator OR, no stemmer) over the reopened database,
  \`Enquire::get_mset(0, 10)\` with the default BM25 weighting, and each hit's data fetched. Xapian
  1.4 parses each run of CJK characters between punctuation into an AND of its unigrams and bigrams
  (the default OR only joins the runs and Latin words), so a clause of a question matches only
  articles holding every one of its characters.
- Latency: in process, one thread, one untimed pass over every question, then $PASSES timed passes;
  p50/p99/mean over every timed call (parsing included for both). Index size is the disk usage
  (\`du\`) of the index folder after the build.

Reproduce with \`$COMMAND\` (runs \`$PROGRAM\`; PASSES, WORKERS, TIME_LIMIT, EXTRA_ARGS change the
run; per-question results in \`<build>/bench/search/results/per-query.tsv\`).
$END_MARK
SECTION_EOF

publish_section "$OUT" "$SECTION" "$BEGIN_MARK" "$END_MARK" "$WORK"
