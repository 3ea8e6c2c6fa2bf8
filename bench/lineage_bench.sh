#!/usr/bin/env bash
# Lineage query benchmark for sanding (run by hand; not part of CI). See BENCHMARKS.md.
#
#   bench/lineage_bench.sh [BUILD_DIR]
#
# BUILD_DIR holds bench/lineage/sanding-lineage-bench (default: <repo>/build); this script builds
# nothing (cmake --build BUILD_DIR --target sanding-lineage-bench). Environment:
#   CITIES   cities of 50 institutions and 500 events each  (default 200: 10,000 / 100,000)
#   QUERIES  questions of each kind                          (default 2000)
#   SEED     generator and question seed                     (default 1)
#   OUT      Markdown file to update (default: <repo>/BENCHMARKS.md; OUT=- prints only)
#
# Writes its section of OUT between <!-- lineage-bench:begin --> and <!-- lineage-bench:end -->
# (appended when the markers are absent); the rest of the file is left as it is.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$REPO/build}" && pwd)
BENCH=$BUILD/bench/lineage/sanding-lineage-bench
CITIES=${CITIES:-200}
QUERIES=${QUERIES:-2000}
SEED=${SEED:-1}
OUT=${OUT:-$REPO/BENCHMARKS.md}
BEGIN_MARK='<!-- lineage-bench:begin -->'
END_MARK='<!-- lineage-bench:end -->'

say() { echo "lineage_bench: $*" >&2; }
. "$(dirname "${BASH_SOURCE[0]}")/section.sh"
[ -x "$BENCH" ] || { say "找不到程序 $BENCH（先构建：cmake --build $BUILD --target sanding-lineage-bench）"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanding-lineage-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "机器：$NPROC 核，$CPU，内存 $MEM；负载 $LOAD_BEFORE"
START=$(date +%s)
"$BENCH" --cities "$CITIES" --queries "$QUERIES" --seed "$SEED" --dir "$WORK/run" \
  --json "$WORK/result.json" >"$WORK/table.md"
WALL=$(( $(date +%s) - START ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$WORK/table.md"
say "用时 ${WALL} s；负载 $LOAD_AFTER"

DATE=$(date '+%Y-%m-%d %H:%M %Z')
REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo " (uncommitted changes)" || true)
BUILD_TYPE=$(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" 2>/dev/null | cut -d= -f2)
ROCKSDB=$(awk '/^#define ROCKSDB_(MAJOR|MINOR|PATCH) / {v = v (v ? "." : "") $3} END {print (v ? v : "unknown")}' \
  /usr/include/rocksdb/version.h 2>/dev/null || echo unknown)

SECTION=$WORK/section.md
cat >"$SECTION" <<SECTION_EOF
$BEGIN_MARK
## Lineage queries

Latency of the lineage questions (\`query/lineage\`) on the generated 10,000-institution archive,
measured by \`bench/lineage_bench.sh\` (\`sanding-lineage-bench\`); each is compared with raw
RocksDB reading and parsing exactly the rows the question read, in the same process. Targets
(p99): lineage and as-of questions ≤ 5 ms, diff ≤ 20 ms. Re-run the script to refresh this
section (it rewrites only the text between its markers).

- Date: $DATE; sanding revision $REV$DIRTY, build \`$(basename "$BUILD")\` ($BUILD_TYPE); RocksDB $ROCKSDB
- Machine: $NPROC cores ($CPU), $MEM RAM; load average before/after: $LOAD_BEFORE / $LOAD_AFTER
  (the machine is shared; with more runnable work than cores, the wall-clock tail is the
  scheduler's: the CPU column is the thread's own CPU time per question); whole run ${WALL} s

$(cat "$WORK/table.md")

Inputs: \`sanding-lineage-bench --cities $CITIES --queries $QUERIES --seed $SEED\` generates the archive of
\`sanding-history-bench\` (\`bench/history/generate.h\`: $CITIES cities × 50 bodies, 1983–2023, one
reform notice per city and year, one 批复 per staffing change, one 三定 per body) plus revised
三定 (1–2 per body, in later reform years: duty clauses reworded, dropped and added, units
renamed, added and removed, 领导职数 changed; drawn from a random stream of their own, so the
rest of the archive is the history benchmark's document for document), builds the chain and
commits it with its lookup rows (\`CommitWholeChain\`) into a fresh \`Store::OpenRocksDb\`, drops the
generated chain and reopens the store (as a server process started on the archive). Then,
for $QUERIES random questions of each kind (deterministic from the seed), each on a fresh
\`lineage::StoreSource\` (opening it is timed, as a server request would do it):

- (1) \`Resolve(source, name)\`, the name a random current or old name of a random institution.
- (2) the same names: \`Resolve\`, then \`BuildLineage(source, id)\` of the best candidate (graph of
  predecessors, successors and related bodies, timeline, parents and children).
- (3) \`BuildLineage(source, id, {as_of})\` of a random institution on a random date 1983–2024; and
  \`Source::VersionAt(id, date)\` alone for the same pairs.
- (4) \`DiffDates(source, id, a, b)\`, a and b the start dates of two random versions of a random
  institution having at least two.
- (5) \`TraceDuty(source, id, clause)\`, the clause a random duty of a random version (report only).
- (6) \`RegionAsOf(source, city, date)\`, a random city on a random date (report only).
- Peer: after the store is closed, its directory opened with \`rocksdb::DB::OpenForReadOnly\`; for
  each question, the reads it made through its \`Source\` (recorded in a separate pass) replayed
  on the \`chain\` column family — a point \`Get\` per card, a prefix iterator per version list,
  name key and region, \`VersionAsOf\`'s rule for \`VersionAt\` — and every row parsed into the same
  struct. Ratios are sanding / peer latency (× slower). Each loop is run once untimed first.
- (7) \`getrusage\` maximum resident set size of the whole process.

Reproduce with \`bench/lineage_bench.sh <build-dir>\` (CITIES, QUERIES, SEED change the run).
$END_MARK
SECTION_EOF

publish_section "$OUT" "$SECTION" "$BEGIN_MARK" "$END_MARK" "$WORK"
