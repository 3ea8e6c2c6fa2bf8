#!/usr/bin/env bash
# Institution history chain benchmark for sanding (run by hand; not part of CI). See BENCHMARKS.md.
#
#   bench/history_bench.sh [BUILD_DIR]
#
# BUILD_DIR holds bench/history/sanding-history-bench (default: <repo>/build); this script builds
# nothing (cmake --build BUILD_DIR --target sanding-history-bench). Environment:
#   CITIES  cities of 50 institutions and 500 events each  (default 200: 10,000 / 100,000)
#   READS   as-of reads                                     (default 200000)
#   SEED    generator seed                                  (default 1)
#   OUT     Markdown file to update (default: <repo>/BENCHMARKS.md; OUT=- prints only)
#
# Writes its section of OUT between <!-- history-bench:begin --> and <!-- history-bench:end -->
# (appended when the markers are absent); the rest of the file is left as it is.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$REPO/build}" && pwd)
BENCH=$BUILD/bench/history/sanding-history-bench
CITIES=${CITIES:-200}
READS=${READS:-200000}
SEED=${SEED:-1}
OUT=${OUT:-$REPO/BENCHMARKS.md}
BEGIN_MARK='<!-- history-bench:begin -->'
END_MARK='<!-- history-bench:end -->'

say() { echo "history_bench: $*" >&2; }
. "$(dirname "${BASH_SOURCE[0]}")/section.sh"
[ -x "$BENCH" ] || { say "找不到程序 $BENCH（先构建：cmake --build $BUILD --target sanding-history-bench）"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanding-history-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "机器：$NPROC 核，$CPU，内存 $MEM；负载 $LOAD_BEFORE"
START=$(date +%s)
"$BENCH" --cities "$CITIES" --reads "$READS" --seed "$SEED" --dir "$WORK/run" \
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
cat >"$SECTION" <<EOF
$BEGIN_MARK
## Institution history chain

Loading and reading the institution history chain (\`indexer/history\`) at archive scale, measured
by \`bench/history_bench.sh\` (\`sanding-history-bench\`); each sanding figure is compared with raw
RocksDB doing the same work in the same process. Re-run the script to refresh this section (it
rewrites only the text between its markers).

- Date: $DATE; sanding revision $REV$DIRTY, build \`$(basename "$BUILD")\` ($BUILD_TYPE); RocksDB $ROCKSDB
- Machine: $NPROC cores ($CPU), $MEM RAM; load average before/after: $LOAD_BEFORE / $LOAD_AFTER
  (the machine is shared; other work running at the same time slows every row alike); whole run ${WALL} s

$(cat "$WORK/table.md")

Inputs: \`sanding-history-bench --cities $CITIES --seed $SEED --reads $READS\` generates the
extracted facts (no text, no OCR) of $CITIES cities × 50 bodies: one 1983 notice per city
establishing its 50 bodies, one reform notice per city and year 1984–2023 (renamed, rank_changed,
placed_under, duty_transferred, merged into an existing body), one 批复 per staffing change (its
stated total consistent with the delta) and one 三定 per body (5–8 duties, 3–6 units, staffing;
citing that year's reform notice as its basis when there is one). Mentions carry names only, so
\`BuildChain\` resolves every name itself, as it does without an authority.

- (a) \`BuildChain\` over all documents, then \`CommitWholeChain\` into a fresh \`Store::OpenRocksDb\`;
  events/s = chain events / (build + commit).
- (b) peer: \`history::ToRows\` of the same chain written as one \`rocksdb::WriteBatch\` (key = kind ‖ id ‖
  \\0 ‖ be64(tx), value = the row's JSON body) to a DB opened with the store's options.
- (c) one more document renaming one body; \`BuildChain\` + \`CommitWholeChain\` again (what
  \`RebuildChain\` does after a new document).
- (d) \`history::VersionAsOf(store, id, date)\` for $READS random (institution, date) pairs, after a
  warm-up; peer: \`DB::Get\` of the exact key of the version in force (computed beforehand), and
  the same Get plus parsing the body into a \`Version\` (what \`VersionAsOf\` returns).
- (e) the same pairs read as recorded at transaction 1, after the incremental commit.
- (f) \`getrusage\` maximum resident set size of the whole process at the end.

Reproduce with \`bench/history_bench.sh <build-dir>\` (CITIES, READS, SEED change the run).
$END_MARK
EOF

publish_section "$OUT" "$SECTION" "$BEGIN_MARK" "$END_MARK" "$WORK"
