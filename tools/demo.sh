#!/usr/bin/env bash
# README command 1: install what is needed, build, turn the bundled sample corpus (corpus/: the
# archive of the fictional 清河市, 1983-2023) into what an archivist receives — a zip of scans and
# text-layer PDFs with GBK member names, rendered by the scan simulator — load it, show example
# searches, and serve it: the web pages and the HTTP API at http://127.0.0.1:8080/ (LISTEN to
# change; SERVE=0 to stop after the examples).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh

JOBS=$(nproc)
export OMP_THREAD_LIMIT=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$JOBS" --target sanding sanding-scansim

SANDING=build/tools/sanding
SCANSIM=build/tools/scansim/sanding-scansim
DEMO=${DEMO_DIR:-build/demo}
DATA="$DEMO/data"
ARCHIVE="$DEMO/清河市机构编制档案（样例）.zip"

mkdir -p "$DEMO"
if [ ! -f "$ARCHIVE" ]; then
  echo "== 生成样例档案：扫描件与文本层 PDF =="
  "$SCANSIM" archive --corpus corpus --out "$ARCHIVE" --jobs "$JOBS"
fi

echo "== 导入机构名录（用于机构名称对应与 OCR 校正）=="
"$SANDING" extract --data "$DATA" --authority corpus/truth/institutions.json
echo
echo "== 导入 =="
"$SANDING" ingest --data "$DATA" "$ARCHIVE"
echo
echo "== 档案库概况 =="
"$SANDING" status --data "$DATA" | head -20
for q in 价格监督检查 市编办 清河市市场监督管理局 "核增 行政编制" "类型:批复 年份:2010.." "機構編制 -撤销"; do
  echo
  echo "== 检索：$q =="
  "$SANDING" search --data "$DATA" --limit 3 "$q"
done
echo
echo "== 一份文件的提取结果：清河市市场监督管理局的三定规定 =="
SHA=$("$SANDING" search --data "$DATA" --limit 1 --json "清河市市场监督管理局职能配置" |
  grep -m1 '"sha256"' | sed 's/.*"sha256": *"\([0-9a-f]*\)".*/\1/')
"$SANDING" show --data "$DATA" "$SHA" | sed -n '/—— 提取结果/,/—— 第1页/p' | head -60 || true
echo
echo "== 机构沿革：市发改委（由文件推导的版本、事件与出处）=="
"$SANDING" history --data "$DATA" 市发改委 | head -40 || true
echo
echo "== 机构谱系：国家计委（按简称推测）的前身、后继与职责划转 =="
"$SANDING" lineage --data "$DATA" 国家计委 | sed -n '/【沿革关系】/,$p' | head -30 || true
echo
echo "== 职责溯源：价格监督检查（市发改委）=="
"$SANDING" lineage --data "$DATA" 市发改委 --duty 价格监督检查 | head -20 || true
echo
echo "== 职能交叉比对：拟设机构的职责草案（今日在职机构）=="
DRAFT="$DEMO/职责草案.txt"
cat > "$DRAFT" <<'DRAFT_EOF'
清河市市场综合执法局主要职责（草案）
（一）负责全市价格监督检查工作，依法查处价格违法和不正当价格行为。
（二）负责全市食品安全监督管理，组织查处食品安全违法案件。
（三）组织实施全市统计调查，收集、汇总和发布统计资料。
（四）负责全市低空飞行器起降场地的布局建设。
DRAFT_EOF
"$SANDING" overlap --data "$DATA" "$DRAFT" | head -60 || true
echo
echo "== 来源不一致之处 =="
"$SANDING" conflicts --data "$DATA" | head -10 || true
echo
echo "== 存储库检查 =="
"$SANDING" check --data "$DATA" || true
echo
echo "数据目录：$DATA"
echo "继续检索：$SANDING search --data $DATA 关键词"
echo "查看文件：$SANDING show --data $DATA <标识>    取回原件：$SANDING original --data $DATA <标识> -o 文件"
echo "机构沿革：$SANDING history --data $DATA <名称> [--as-of 日期]    修订沿革：$SANDING curate …    备份：$SANDING backup --data $DATA <目录>"
echo "机构谱系：$SANDING lineage --data $DATA <名称> [--as-of 日期] [--svg|--eac] [--diff 日期 日期] [--duty 职责]    地区机构图：$SANDING lineage --data $DATA --region 清河市 --as-of 日期"
echo "职能交叉：$SANDING overlap --data $DATA <草案.txt> [--as-of 日期] [--html --out 报告.html]    地区交叉报告：$SANDING overlap --data $DATA --region 清河市"
echo "更正提取结果：$SANDING correct --data $DATA <标识> --field 文号 --value … --by 姓名 --reason 原因"
echo "提取质量：cmake --build build --target sanding-quality && build/tools/quality/sanding-quality --corpus corpus --data $DATA"

if [ "${SERVE:-1}" = "0" ]; then exit 0; fi

# An archivist account for the web pages' 档案管理 page (upload, jobs, corrections): made once,
# its password kept beside the data.
PASSWORD_FILE="$DEMO/档案管理员密码.txt"
if [ ! -f "$PASSWORD_FILE" ]; then
  head -c 12 /dev/urandom | base64 | tr -d '/+=' > "$PASSWORD_FILE"
  "$SANDING" user add archivist --role archivist --display-name 档案管理员 --password-stdin --data "$DATA" < "$PASSWORD_FILE"
fi
echo
echo "== 网页服务 =="
echo "档案管理员账户：archivist，密码见 $PASSWORD_FILE（$(cat "$PASSWORD_FILE")）"
echo "浏览器打开 http://${LISTEN:-127.0.0.1:8080}/ ：检索、文件查看、机构沿革、职能比对、档案导入；按 Ctrl+C 停止。"
exec "$SANDING" serve --data "$DATA" --listen "${LISTEN:-127.0.0.1:8080}"
