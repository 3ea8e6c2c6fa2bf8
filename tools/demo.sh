#!/usr/bin/env bash
# README command 1: install what is needed, build, load the sample archive and run example searches.
#
# Until the hand-written sample corpus lands (corpus/), the sample archive is generated here by
# sanding-fixtures: 三定-style documents rendered as text PDFs, scanned pages with a red letterhead
# and seal (PNG, multi-page TIFF, scanned PDF), packed in a zip with Chinese member names.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh

JOBS=$(nproc)
export OMP_THREAD_LIMIT=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANDING_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$JOBS" --target sanding sanding-fixtures

SANDING=build/tools/sanding
FIX=build/tools/sanding-fixtures
DEMO=${DEMO_DIR:-build/demo}
DATA="$DEMO/data"
INBOX="$DEMO/收件箱"

if [ ! -d "$INBOX" ]; then
  echo "== 生成示例档案 =="
  mkdir -p "$INBOX/扫描件"
  "$FIX" archive --pages 60 --kind text-pdf --pages-per-file 3 --seed 100 --out "$INBOX/电子公文.zip"
  "$FIX" pages --count 4 --kind png --red --seed 500 --out "$INBOX/扫描件/红头批复"
  "$FIX" document --pages 3 --kind tiff --seed 600 --out "$INBOX/扫描件/三定规定（多页）.tif"
  "$FIX" document --pages 2 --kind scanned-pdf --seed 700 --out "$INBOX/扫描件/扫描通知.pdf"
  rm -rf "$INBOX/扫描件/红头批复/truth"
fi

echo "== 导入 =="
"$SANDING" ingest --data "$DATA" "$INBOX"
echo
echo "== 档案库概况 =="
"$SANDING" status --data "$DATA"
for q in 价格监督检查 "机构编制" 人员编制 "内设机构 办公室"; do
  echo
  echo "== 检索：$q =="
  "$SANDING" search --data "$DATA" --limit 3 "$q"
done
echo
echo "数据目录：$DATA。继续检索：$SANDING search --data $DATA 关键词"
