#!/usr/bin/env bash
# Duty-overlap benchmark for sanding (run by hand; not part of CI). See BENCHMARKS.md.
#
#   bench/overlap_bench.sh [BUILD_DIR]
#
# Builds bench/overlap/sanding-overlap-bench in BUILD_DIR (default: <repo>/build-bench; configured
# RelWithDebInfo with Ninja and without the test suites when it has no CMakeCache.txt; built with
# ninja -j2; NO_BUILD=1 skips the build), runs it under a time bound, writes its section of OUT and
# prints it. Environment:
#   BODIES       bodies of the generated region                 (default 5000)
#   CLAUSES      duty clauses per body and per draft            (default 20)
#   SAMPLE       bodies of the recall sample (0 skips it)       (default 1000)
#   DRAFTS       drafts checked with CheckDraft (0 skips them)  (default 200)
#   PEER_DRAFTS  drafts scanned by the brute-force peer         (default 50)
#   THREADS      threads of CheckRegion and all-pairs scoring   (default 2)
#   SEED         generator seed                                 (default 1)
#   TIME_LIMIT   seconds before the run is killed               (default 1800)
#   EXTRA_ARGS   more flags for the program (e.g. --skip-region, --as-of D, --threshold T)
#   OUT          Markdown file to update (default: <repo>/BENCHMARKS.md; OUT=- prints only)
# A smoke run takes seconds: BODIES=200 SAMPLE=100 DRAFTS=10 PEER_DRAFTS=5 OUT=- bench/overlap_bench.sh
#
# Writes its section of OUT between <!-- overlap-bench:begin --> and <!-- overlap-bench:end -->
# (appended when the markers are absent); the rest of the file is left as it is.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD_ARG=${1:-$REPO/build-bench}
BODIES=${BODIES:-5000}
CLAUSES=${CLAUSES:-20}
SAMPLE=${SAMPLE:-1000}
DRAFTS=${DRAFTS:-200}
PEER_DRAFTS=${PEER_DRAFTS:-50}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
TIME_LIMIT=${TIME_LIMIT:-1800}
OUT=${OUT:-$REPO/BENCHMARKS.md}
BEGIN_MARK='<!-- overlap-bench:begin -->'
END_MARK='<!-- overlap-bench:end -->'

say() { echo "overlap_bench: $*" >&2; }
. "$(dirname "${BASH_SOURCE[0]}")/section.sh"

if [ "${NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$BUILD_ARG/CMakeCache.txt" ]; then
    say "配置 $BUILD_ARG（RelWithDebInfo，Ninja）"
    cmake -S "$REPO" -B "$BUILD_ARG" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANDING_BUILD_TESTS=OFF >&2
  fi
  say "构建 sanding-overlap-bench"
  ninja -C "$BUILD_ARG" -j2 sanding-overlap-bench >&2
fi
BUILD=$(cd "$BUILD_ARG" && pwd)
BENCH=$BUILD/bench/overlap/sanding-overlap-bench
[ -x "$BENCH" ] || { say "找不到程序 $BENCH"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanding-overlap-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The domain vocabulary: the subjects of the national statutes' titles in the real regulation corpus
# (中华人民共和国食品安全法 → 食品安全), when ../shared/realdata is there; else the built-in nouns.
LAWS=${LAWS:-$REPO/../shared/realdata/lawrefbook/national_laws_md.tar.gz}
VOCAB_ARGS=()
VOCAB_NOTE="the generator's built-in domain nouns, two per object (农村|供水|设施 …)"
if [ -f "$LAWS" ]; then
  tar tzf "$LAWS" | sed 's|.*/||; s|(.*||; s|\.md$||; s/^中华人民共和国//' |
    sed -E 's/(实施细则|实施条例|实施办法|管理办法|管理条例|管理规定|暂行条例|暂行规定|暂行办法|若干规定|条例|规定|办法|法|规则|细则)$//' |
    LC_ALL=C.UTF-8 grep -xP '\p{Han}{2,8}' | LC_ALL=C sort -u >"$WORK/vocab.txt" || true
  if [ -s "$WORK/vocab.txt" ]; then
    VOCAB_ARGS=(--vocab "$WORK/vocab.txt")
    VOCAB_NOTE="$(wc -l <"$WORK/vocab.txt") domain phrases, the subjects of the titles of the national statutes in ../shared/realdata/lawrefbook (中华人民共和国食品安全法 → 食品安全; 水污染防治, 退役军人保障 …), half of the objects with a qualifier (农村, 港区 …)"
  fi
fi

run_bench "BODIES/SAMPLE/DRAFTS 可减小" "$BENCH" --bodies "$BODIES" --clauses "$CLAUSES" \
  --sample "$SAMPLE" --drafts "$DRAFTS" --peer-drafts "$PEER_DRAFTS" --threads "$THREADS" \
  --seed "$SEED" --dir "$WORK/run" --json "$WORK/result.json" "${VOCAB_ARGS[@]}" ${EXTRA_ARGS:-}
say "用时 ${WALL} s；负载 $LOAD_AFTER"

run_facts "$REPO" "$BUILD"

SECTION=$WORK/section.md
cat >"$SECTION" <<SECTION_EOF
$BEGIN_MARK
## Duty overlap (职能交叉)

The duty-overlap checks (\`query/overlap\`) on a generated region, measured by
\`bench/overlap_bench.sh\` (\`sanding-overlap-bench\`). Targets: a 20-clause draft against
≥ 100,000 indexed clauses in p50 ≤ 100 ms; the region report of 5,000 bodies × 20 clauses in
≤ 60 s on 2 cores; candidate recall ≥ 99% of the pairs exact all-pairs scoring finds. Peers: a
brute-force scan of every clause in force for the draft check, naive all-pairs scoring for the
region report. Re-run the script to refresh this section (it rewrites only the text between its
markers).

- Date: $DATE; sanding revision $REV$DIRTY, build \`$(basename "$BUILD")\` ($BUILD_TYPE)
- Machine: $NPROC cores ($CPU), $MEM RAM; load average before/after: $LOAD_BEFORE / $LOAD_AFTER
  (the machine is shared; other work running at the same time slows every row alike; the CPU
  figure of the draft check is the thread's own CPU time); whole run ${WALL} s

$(cat "$WORK/table.md")

Inputs: \`sanding-overlap-bench --bodies $BODIES --clauses $CLAUSES --sample $SAMPLE --drafts $DRAFTS
--peer-drafts $PEER_DRAFTS --threads $THREADS --seed $SEED${EXTRA_ARGS:+ $EXTRA_ARGS}\` generates one city (\`bench/overlap/duty_generate.h\`):
$BODIES city-level bodies named 清河市…, each with one open version valid from 2000-01-01 holding
$CLAUSES 主要职责 clauses in the language of 三定 regulations — an object (vocabulary: $VOCAB_NOTE)
with a generic head (管理, 建设 …) or an aspect (安全, 质量, 设施 …) and sometimes a specific function
(许可, 执法, 监测 …), in one of a dozen templates of boilerplate actions and fillers (负责全市…工作,
拟订…政策措施并组织实施 …). Each body writes about a portfolio of three objects; bodies whose
portfolios share an object hold the same duty in other words. **The region is far denser than a
real one**: with a few hundred domain phrases for thousands of bodies, phrases and their words
(保护, 安全, 城市 …) recur across hundreds of bodies, and at the default threshold a short clause
sharing one such word with another already counts (the partners-per-body figure above; in the sample
corpus a body of 清河市 overlaps about one other). The region report's time and memory grow with the
number of overlapping pairs it must list, so rows (1) and (2) measure a much heavier load than a
city archive's. No events, so nothing is reported as moved. The chain is indexed with
\`ClauseIndex::Rebuild\` into a fresh folder and read through \`lineage::ChainSource\`; every call
uses the region of the bodies, as of 2020-01-01 and the default threshold
(\`history::kOverlapThreshold\`).

- (0) \`ClauseIndex::Rebuild(chain, 1)\` of every clause.
- (1) \`CheckDraft(index, source, draft, {}, {as_of, region})\` for $DRAFTS drafts of $CLAUSES
  clauses (drawn like the bodies' duties, from a stream of their own; each overlaps a few bodies),
  after one untimed call. Peer: for $PEER_DRAFTS of the same drafts, each draft clause analysed
  and weighed (\`AnalyzeDuty\` + \`Weigh\` with the index's weights) and scored with
  \`history::ScoreOnly\` against every clause of the region, weighed beforehand in memory, keeping
  each body's best; the ratio is CheckDraft p50 / brute-force p50. The share of the brute force's
  (draft clause, body) matches that CheckDraft reports is the draft check's recall.
- (2) \`CheckRegion(index, source, {as_of, region}, $THREADS)\` over the whole region, first after
  the index build; clause pairs count those in \`moved\` too; peak RSS by \`getrusage\`.
- (3) the first $SAMPLE bodies indexed on their own; \`CheckRegion\` over them against exact
  all-pairs scoring (\`ScoreOnly\` over every pair of clauses of different bodies, the clauses
  \`Weigh(AnalyzeDuty(text), weights)\` with the sample index's \`Weights()\`, $THREADS threads);
  recall = reported ∩ exact / exact; the ratio is CheckRegion's time / the all-pairs time.
- (4) \`getrusage\` maximum resident set size of the whole process.

Reproduce with \`bench/overlap_bench.sh [build-dir]\` (BODIES, CLAUSES, SAMPLE, DRAFTS, PEER_DRAFTS,
THREADS, SEED, TIME_LIMIT change the run).
$END_MARK
SECTION_EOF

publish_section "$OUT" "$SECTION" "$BEGIN_MARK" "$END_MARK" "$WORK"
