#!/usr/bin/env bash
# Ingest benchmark for sanding (run by hand; not part of CI). See BENCHMARKS.md.
#
#   bench/ingest_bench.sh [BUILD_DIR]
#
# BUILD_DIR holds tools/sanding and tools/sanding-fixtures (default: <repo>/build). Environment:
#   OCR_PAGES   scanned pages for (a) and (b)            (default 24)
#   TEXT_PAGES  text-PDF pages for (c)                   (default 2000)
#   RSS_PAGES   text-PDF pages for the peak-RSS run (d)  (default 5000)
#   WORK        scratch folder (default: a fresh mktemp -d, removed at the end unless KEEP=1)
#   OUT         Markdown file to write (default: <repo>/BENCHMARKS.md; OUT=- prints only)
#
# Measures, on this machine:
#   (a) raw `tesseract` CLI, one process per core, on N PNG scans vs `sanding ingest` of the same files
#   (b) `ocrmypdf --jobs $(nproc)` on a scanned PDF of the same pages vs `sanding ingest` of that PDF
#   (c) `sanding ingest` (store + index) of an archive of text-PDF pages
#   (d) peak RSS of `sanding ingest` on a RSS_PAGES-page archive (/usr/bin/time -v)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$REPO/build}" && pwd)
SANDING=$BUILD/tools/sanding
FIXTURES=$BUILD/tools/sanding-fixtures
OCR_PAGES=${OCR_PAGES:-24}
TEXT_PAGES=${TEXT_PAGES:-2000}
RSS_PAGES=${RSS_PAGES:-5000}
OUT=${OUT:-$REPO/BENCHMARKS.md}
NPROC=$(nproc)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
export OMP_THREAD_LIMIT=1

for bin in "$SANDING" "$FIXTURES" tesseract ocrmypdf /usr/bin/time; do
  command -v "$bin" >/dev/null || { echo "ingest_bench: 找不到程序 $bin" >&2; exit 1; }
done

if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanding-bench.XXXXXX")
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
LOG=$WORK/log
mkdir -p "$LOG"

now() { date +%s.%N; }
# elapsed START END -> seconds with 2 decimals
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
# rate COUNT SECONDS -> per second with 2 decimals
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.2f", (s > 0 ? n / s : 0)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
say() { echo "ingest_bench: $*" >&2; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "机器：$NPROC 核，$CPU，内存 $MEM；负载 $LOAD_BEFORE；工作目录 $WORK"

# ---- fixtures --------------------------------------------------------------------------------
say "生成 $OCR_PAGES 页扫描图像（PNG）和同样内容的扫描 PDF"
"$FIXTURES" pages --count "$OCR_PAGES" --kind png --seed 1 --out "$WORK/png" 2>>"$LOG/fixtures"
"$FIXTURES" document --pages "$OCR_PAGES" --kind scanned-pdf --seed 1 --out "$WORK/pdf/scan.pdf" \
  2>>"$LOG/fixtures"
say "生成 $TEXT_PAGES 页和 $RSS_PAGES 页的文本 PDF 压缩包"
t0=$(now)
"$FIXTURES" archive --pages "$TEXT_PAGES" --kind text-pdf --pages-per-file 4 --seed 1000 \
  --out "$WORK/text-$TEXT_PAGES.zip" 2>>"$LOG/fixtures"
"$FIXTURES" archive --pages "$RSS_PAGES" --kind text-pdf --pages-per-file 4 --seed 20000 \
  --out "$WORK/text-$RSS_PAGES.zip" 2>>"$LOG/fixtures"
say "压缩包生成用时 $(elapsed "$t0" "$(now)") s"

# ---- (a) tesseract CLI vs sanding on PNG scans ------------------------------------------------
say "(a) tesseract 命令行，每核一个进程"
mkdir -p "$WORK/tess"
t0=$(now)
find "$WORK/png" -maxdepth 1 -name '*.png' -print0 | sort -z |
  xargs -0 -P "$NPROC" -I{} sh -c 'tesseract "$1" "$2/$(basename "$1" .png)" -l chi_sim >/dev/null 2>&1' _ {} "$WORK/tess"
TESS_S=$(elapsed "$t0" "$(now)")
TESS_DONE=$(find "$WORK/tess" -name '*.txt' | wc -l)
[ "$TESS_DONE" -eq "$OCR_PAGES" ] || { say "tesseract 只输出了 $TESS_DONE 页"; exit 1; }
TESS_PPS=$(rate "$OCR_PAGES" "$TESS_S")

say "(a) sanding ingest，同样的 PNG"
t0=$(now)
"$SANDING" ingest --data "$WORK/data-a" --workers "$NPROC" --json "$WORK"/png/*.png \
  >"$WORK/a.json" 2>"$LOG/a.stderr"
SAND_A_S=$(elapsed "$t0" "$(now)")
SAND_A_PAGES=$(json_field "$WORK/a.json" pages_ocr)
[ "$SAND_A_PAGES" -eq "$OCR_PAGES" ] || { say "sanding 只 OCR 了 $SAND_A_PAGES 页"; exit 1; }
SAND_A_PPS=$(rate "$OCR_PAGES" "$SAND_A_S")

# ---- (b) ocrmypdf vs sanding on a scanned PDF -------------------------------------------------
say "(b) ocrmypdf --jobs $NPROC"
OCRMYPDF_CMD=(ocrmypdf --jobs "$NPROC" -l chi_sim --output-type pdf --optimize 0 --quiet
  "$WORK/pdf/scan.pdf" "$WORK/scan-ocrmypdf.pdf")
t0=$(now)
"${OCRMYPDF_CMD[@]}" 2>"$LOG/ocrmypdf.stderr"
OMP_S=$(elapsed "$t0" "$(now)")
OMP_PPS=$(rate "$OCR_PAGES" "$OMP_S")

say "(b) sanding ingest，同一个扫描 PDF"
t0=$(now)
"$SANDING" ingest --data "$WORK/data-b" --workers "$NPROC" --json "$WORK/pdf/scan.pdf" \
  >"$WORK/b.json" 2>"$LOG/b.stderr"
SAND_B_S=$(elapsed "$t0" "$(now)")
SAND_B_PAGES=$(json_field "$WORK/b.json" pages_ocr)
[ "$SAND_B_PAGES" -eq "$OCR_PAGES" ] || { say "sanding 只 OCR 了 $SAND_B_PAGES 页"; exit 1; }
SAND_B_PPS=$(rate "$OCR_PAGES" "$SAND_B_S")

# ---- (c) text-layer pages end to end ----------------------------------------------------------
say "(c) sanding ingest，$TEXT_PAGES 页文本 PDF"
t0=$(now)
"$SANDING" ingest --data "$WORK/data-c" --workers "$NPROC" --json "$WORK/text-$TEXT_PAGES.zip" \
  >"$WORK/c.json" 2>"$LOG/c.stderr"
SAND_C_S=$(elapsed "$t0" "$(now)")
SAND_C_PAGES=$(json_field "$WORK/c.json" pages_text_layer)
[ "$SAND_C_PAGES" -eq "$TEXT_PAGES" ] || { say "sanding 只读了 $SAND_C_PAGES 页文本层"; exit 1; }
SAND_C_PPS=$(rate "$TEXT_PAGES" "$SAND_C_S")

# ---- (d) peak RSS on a large archive ----------------------------------------------------------
say "(d) sanding ingest，$RSS_PAGES 页，/usr/bin/time -v"
t0=$(now)
/usr/bin/time -v -o "$LOG/d.time" "$SANDING" ingest --data "$WORK/data-d" --workers "$NPROC" \
  --json "$WORK/text-$RSS_PAGES.zip" >"$WORK/d.json" 2>"$LOG/d.stderr"
SAND_D_S=$(elapsed "$t0" "$(now)")
SAND_D_PAGES=$(json_field "$WORK/d.json" pages)
[ "$SAND_D_PAGES" -eq "$RSS_PAGES" ] || { say "sanding 只读了 $SAND_D_PAGES 页"; exit 1; }
RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$LOG/d.time")
RSS_MB=$(awk -v k="$RSS_KB" 'BEGIN {printf "%.0f", k / 1024}')
SAND_D_PPS=$(rate "$RSS_PAGES" "$SAND_D_S")
ARCHIVE_D_MB=$(du -m "$WORK/text-$RSS_PAGES.zip" | cut -f1)
DATA_D_MB=$(du -sm "$WORK/data-d" | cut -f1)

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
DATE=$(date '+%Y-%m-%d %H:%M %Z')
REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo " (uncommitted changes)" || true)

TABLE=$(cat <<EOF
| Benchmark | Tool | Pages | Wall time (s) | Pages/s | Ratio |
|---|---|---:|---:|---:|---:|
| (a) OCR, PNG scans | \`tesseract\` CLI × $NPROC processes | $OCR_PAGES | $TESS_S | $TESS_PPS | 1.00 |
| (a) OCR, PNG scans | \`sanding ingest\` | $OCR_PAGES | $SAND_A_S | $SAND_A_PPS | $(ratio "$SAND_A_PPS" "$TESS_PPS") × tesseract |
| (b) OCR, scanned PDF | \`ocrmypdf --jobs $NPROC\` | $OCR_PAGES | $OMP_S | $OMP_PPS | 1.00 |
| (b) OCR, scanned PDF | \`sanding ingest\` | $OCR_PAGES | $SAND_B_S | $SAND_B_PPS | $(ratio "$SAND_B_PPS" "$OMP_PPS") × ocrmypdf |
| (c) text-layer PDFs, ingest + index | \`sanding ingest\` | $TEXT_PAGES | $SAND_C_S | $SAND_C_PPS | |
| (d) text-layer PDFs, ingest + index | \`sanding ingest\` | $RSS_PAGES | $SAND_D_S | $SAND_D_PPS | peak RSS **$RSS_MB MiB** |
EOF
)

echo "$TABLE"

[ "$OUT" = "-" ] && exit 0
# Keep the section bench/history_bench.sh maintains (between its markers), appended below.
HISTORY_SECTION=$( [ -f "$OUT" ] && awk '/^<!-- history-bench:begin -->$/ {on = 1} on {print} /^<!-- history-bench:end -->$/ {on = 0}' "$OUT" || true)
cat >"$OUT" <<EOF
# Benchmarks

Ingest throughput of \`sanding\` against the usual tools, measured by \`bench/ingest_bench.sh\`.
Figures come from a real run; re-run the script to refresh this file (it rewrites it).

- Date: $DATE; sanding revision $REV$DIRTY, build \`$(basename "$BUILD")\` ($(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" 2>/dev/null | cut -d= -f2))
- Machine: $NPROC cores ($CPU), $MEM RAM; load average before/after: $LOAD_BEFORE / $LOAD_AFTER
  (the machine is shared; other work running at the same time slows every row alike)
- Tesseract $(tesseract --version 2>&1 | head -1 | awk '{print $2}') (Debian tessdata_fast chi_sim), ocrmypdf $(ocrmypdf --version 2>/dev/null), OMP_THREAD_LIMIT=1

$TABLE

Wall time is measured around the whole command (process start to exit), so sanding's figures
include opening the store, storing originals and page texts, and writing the search index.

## Inputs

Generated by \`sanding-fixtures\` (Chinese text in the register of 三定 documents, Noto CJK, A4):

- (a) $OCR_PAGES PNG pages at 300 dpi: \`sanding-fixtures pages --count $OCR_PAGES --kind png --seed 1 --out png\`
- (b) the same $OCR_PAGES texts as one image-only PDF:
  \`sanding-fixtures document --pages $OCR_PAGES --kind scanned-pdf --seed 1 --out pdf/scan.pdf\`
- (c) \`sanding-fixtures archive --pages $TEXT_PAGES --kind text-pdf --pages-per-file 4 --seed 1000 --out text-$TEXT_PAGES.zip\`
- (d) \`sanding-fixtures archive --pages $RSS_PAGES --kind text-pdf --pages-per-file 4 --seed 20000 --out text-$RSS_PAGES.zip\`
  (${ARCHIVE_D_MB} MiB zip; the data folder after ingest: ${DATA_D_MB} MiB)

## Commands

\`\`\`sh
export OMP_THREAD_LIMIT=1
# (a)
find png -maxdepth 1 -name '*.png' -print0 | xargs -0 -P $NPROC -I{} sh -c 'tesseract "\$1" "tess/\$(basename "\$1" .png)" -l chi_sim' _ {}
sanding ingest --data data-a --workers $NPROC --json png/*.png
# (b)
${OCRMYPDF_CMD[*]//$WORK\//}
sanding ingest --data data-b --workers $NPROC --json pdf/scan.pdf
# (c)
sanding ingest --data data-c --workers $NPROC --json text-$TEXT_PAGES.zip
# (d)
/usr/bin/time -v sanding ingest --data data-d --workers $NPROC --json text-$RSS_PAGES.zip   # "Maximum resident set size"
\`\`\`

Reproduce everything with \`bench/ingest_bench.sh <build-dir>\` (OCR_PAGES, TEXT_PAGES, RSS_PAGES
change the sizes; KEEP=1 keeps the scratch folder).
EOF
[ -z "$HISTORY_SECTION" ] || printf '\n%s\n' "$HISTORY_SECTION" >>"$OUT"
say "已写入 $OUT"
