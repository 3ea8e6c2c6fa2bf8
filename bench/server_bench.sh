#!/usr/bin/env bash
# Load test of `sanding serve` with wrk (run by hand; not part of CI). See BENCHMARKS.md.
#
#   bench/server_bench.sh [--quick] [BUILD_DIR]
#
# Builds sanding, sanding-scansim, sanding-fixtures and sanding-corpus in BUILD_DIR (default:
# <repo>/build-bench; configured RelWithDebInfo with Ninja and without the test suites when it
# has no CMakeCache.txt; built with ninja -j2; NO_BUILD=1 skips the build). Needs wrk (Debian
# package `wrk`), curl and python3. Everything runs on loopback (127.0.0.1) under a time bound.
#
# Data: the sample corpus texts (corpus/docs, 189 documents) plus a generated scale archive
# (`sanding-corpus scale`, text documents of the same kinds for more cities), ingested with
# `sanding ingest`; an archivist account `bench`. Then `sanding serve --listen 127.0.0.1:0` and,
# each for DURATION seconds with `wrk -t2 -cCONNECTIONS --latency -s bench/server/paths.lua`:
#   status   GET /api/status (the server's floor: HTTP and a small JSON answer, no work)
#   search   GET /api/search?q=… rotating over the sample corpus's truth queries and a few more
#   lineage  GET /api/institutions/{id} rotating over institutions resolved by name
#   graph    GET /api/institutions/{id}/graph.svg, the same institutions
# once on the idle server, then again while an upload of scanned documents (`sanding-scansim
# archive`, POST /api/ingest) is being OCRed by the server's background job. Fails (exit 1) when a
# scenario has a non-2xx answer or a socket error, or when the job was not running throughout.
# Then stops the server with SIGTERM (it must exit 0 and mark the job interrupted), starts it
# again (the job must resume) and stops it again.
#
# Environment:
#   DURATION     seconds of each wrk run            (default 30; --quick 5)
#   CONNECTIONS  wrk connections                    (default 32)
#   SCALE_DOCS   documents of the scale archive     (default 10000; --quick 1000; 0 = none)
#   SCAN_DOCS    sample documents rendered as scans for the upload (default 0 = all 189; --quick 40)
#   SCAN_DPI_RANGE  their resolution, e.g. 300-300 (default: sanding-scansim's, by period); a
#                higher one makes the upload last longer (the job must outlast the runs under ingest)
#   TIME_LIMIT   seconds before the whole run is killed (default 900)
#   OUT          Markdown file to update (default: <repo>/BENCHMARKS.md; with --quick: OUT=- prints only)
#   KEEP=1       keeps the scratch folder (data folder, upload, wrk outputs, server log)
#
# Writes its section of OUT between <!-- server-bench:begin --> and <!-- server-bench:end -->
# (appended when the markers are absent); the rest of the file is left as it is.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SELF=$REPO/bench/server_bench.sh
QUICK=0
INNER=0
BUILD_ARG=""
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --inner) INNER=1 ;;  # internal: the measured part, run by this script under `timeout`
    -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
    *) BUILD_ARG=$arg ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  DURATION=${DURATION:-5}; SCALE_DOCS=${SCALE_DOCS:-1000}; SCAN_DOCS=${SCAN_DOCS:-40}; OUT=${OUT:--}
else
  DURATION=${DURATION:-30}; SCALE_DOCS=${SCALE_DOCS:-10000}; SCAN_DOCS=${SCAN_DOCS:-0}
  OUT=${OUT:-$REPO/BENCHMARKS.md}
fi
CONNECTIONS=${CONNECTIONS:-32}
SCAN_DPI_RANGE=${SCAN_DPI_RANGE:-}
WRK_THREADS=2
TIME_LIMIT=${TIME_LIMIT:-900}
BEGIN_MARK='<!-- server-bench:begin -->'
END_MARK='<!-- server-bench:end -->'

say() { echo "server_bench: $*" >&2; }
. "$(dirname "${BASH_SOURCE[0]}")/section.sh"

# ------------------------------------------------------------------------------------------------
# The measured part (run as `server_bench.sh --inner` under timeout by the outer part below):
# prints the Markdown table on standard output and the figures for the prose into $WORK/facts.sh.
# ------------------------------------------------------------------------------------------------
# shellcheck disable=SC2034  # the figures are written to facts.sh through ${!v}
inner() {
  local sanding=$BUILD/tools/sanding scansim=$BUILD/tools/scansim/sanding-scansim
  local corpus_tool=$BUILD/tools/corpus/sanding-corpus
  local data=$WORK/data lua=$REPO/bench/server/paths.lua
  server_pid="" base="" token=""  # global: the EXIT trap runs after this function has returned

  stop_server_now() {  # on any exit: no server left behind
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
      kill -TERM "$server_pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  }
  trap stop_server_now EXIT
  trap 'exit 143' TERM INT

  json() {  # json EXPR: evaluates EXPR over the JSON document `d` read from standard input
    python3 -c 'import json, sys; d = json.load(sys.stdin); v = eval(sys.argv[1]); print(v if v is not None else "")' "$1"
  }
  api() {  # api PATH [curl args…]: the body of a signed-in GET (fails on a non-2xx answer)
    local path=$1
    shift
    curl -sS --fail-with-body -H "Authorization: Bearer $token" "$@" "$base$path"
  }
  urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

  start_server() {  # start_server LOG: starts `sanding serve` on a free port, waits for /api/status
    local log=$1 port=""
    "$sanding" serve --data "$data" --listen 127.0.0.1:0 >"$log.out" 2>"$log.err" &
    server_pid=$!
    for _ in $(seq 1 300); do
      kill -0 "$server_pid" 2>/dev/null || { say "服务未能启动："; cat "$log.out" "$log.err" >&2; exit 1; }
      port=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log.out" 2>/dev/null | head -1 | sed 's/.*://' || true)
      if [ -n "$port" ] && curl -sf -o /dev/null "http://127.0.0.1:$port/api/status"; then
        base=http://127.0.0.1:$port
        return 0
      fi
      sleep 0.1
    done
    say "服务 30 s 内未应答 /api/status"; cat "$log.out" "$log.err" >&2; exit 1
  }
  stop_server() {  # stop_server: SIGTERM, at most 120 s for a graceful stop; exit status must be 0
    local rc=0
    kill -TERM "$server_pid"
    for _ in $(seq 1 1200); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$server_pid" 2>/dev/null; then
      say "服务收到 SIGTERM 后 120 s 未退出"; kill -KILL "$server_pid"; exit 1
    fi
    wait "$server_pid" || rc=$?
    server_pid=""
    [ "$rc" -eq 0 ] || { say "服务收到 SIGTERM 后以退出码 $rc 结束（应为 0）"; exit 1; }
  }
  sign_in() {
    token=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
      -d '{"name": "bench", "password": "pw-12345678"}' "$base/api/login" | json 'd["token"]')
    [ -n "$token" ] || { say "登录失败"; exit 1; }
  }

  # ---- data ------------------------------------------------------------------------------------
  local inputs=("$REPO/corpus/docs")
  if [ "$SCALE_DOCS" -gt 0 ]; then
    say "生成规模测试档案：$SCALE_DOCS 份文本文件"
    "$corpus_tool" scale --docs "$SCALE_DOCS" --seed 1 --spec "$REPO/corpus/spec" --out "$WORK/scale" >&2
    inputs+=("$WORK/scale/docs")
  fi
  say "导入样例语料（corpus/docs）与规模测试档案"
  local t0
  t0=$(date +%s.%N)
  "$sanding" ingest --data "$data" --json -q "${inputs[@]}" >"$WORK/ingest.json"
  INGEST_WALL=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$t0" "$(date +%s.%N)")
  DOCS=$(json 'd["loaded"]' <"$WORK/ingest.json")
  PAGES=$(json 'd["pages"]' <"$WORK/ingest.json")
  printf 'pw-12345678\n' | "$sanding" user add bench --role archivist --password-stdin --data "$data" >&2

  say "渲染扫描件压缩包（上传用）"
  local scan_args=(archive --corpus "$REPO/corpus" --out "$WORK/scans.zip" --scan-share 1 --seed 1
    --jobs "$NPROC" --manifest "$WORK/scans.json")
  if [ "$SCAN_DOCS" -gt 0 ]; then scan_args+=(--limit "$SCAN_DOCS"); fi
  if [ -n "$SCAN_DPI_RANGE" ]; then scan_args+=(--dpi-range "$SCAN_DPI_RANGE"); fi
  "$scansim" "${scan_args[@]}" >"$WORK/scansim.log" 2>&1 || { cat "$WORK/scansim.log" >&2; exit 1; }
  SCAN_FILES=$(json 'len(d)' <"$WORK/scans.json")
  SCAN_MIB=$(du -m "$WORK/scans.zip" | cut -f1)
  SCAN_KINDS=$(json '", ".join(f"{n} {k}" for k, n in sorted(__import__("collections").Counter(m["format"] for m in d).items(), key=lambda x: -x[1]))' <"$WORK/scans.json")
  SCAN_DPI=$(json 'str(min(m["dpi"] for m in d)) + "–" + str(max(m["dpi"] for m in d))' <"$WORK/scans.json")

  # ---- server, requests ------------------------------------------------------------------------
  say "启动服务"
  start_server "$WORK/serve1"
  sign_in
  local status
  status=$(api /api/status)
  FILES=$(json 'd["files"]' <<<"$status")
  SERVED_PAGES=$(json 'd["pages"]' <<<"$status")

  # Search: the sample corpus's truth queries, and a few with the query syntax of docs/cli.md.
  python3 - "$REPO/corpus/truth/queries.json" >"$WORK/search.paths" <<'PY'
import json, sys, urllib.parse
queries = [q["q"] for q in json.load(open(sys.argv[1]))]
queries += ["机构编制", "核增 行政编制", "类型:批复 年份:2010..", "价格监督检查 年份:..2005",
            "机构:市场监督管理局 职责", "三定 内设机构 领导职数"]
for q in queries:
    print("/api/search?q=" + urllib.parse.quote(q, safe=""))
PY
  # Lineage: names (current and original) of every third institution of the sample corpus and of
  # 20 institutions spread over the scale archive, resolved through GET /api/institutions?q=.
  python3 - "$REPO/corpus/truth/institutions.json" "$WORK/scale/truth/institutions.json" \
    >"$WORK/names.txt" <<'PY'
import json, os, sys
names = []
sample = json.load(open(sys.argv[1]))
for i, inst in enumerate(sample[::3]):
    names.append(inst["versions"][-1 if i % 2 else 0]["name"])
if os.path.exists(sys.argv[2]):
    scale = json.load(open(sys.argv[2]))
    step = max(1, len(scale) // 20)
    for i, inst in enumerate(scale[::step][:20]):
        names.append(inst["versions"][-1 if i % 2 else 0]["name"])
print("\n".join(dict.fromkeys(names)))
PY
  : >"$WORK/ids.txt"
  local name
  while IFS= read -r name; do
    api "/api/institutions?q=$(urlencode "$name")" | json '"\n".join(c["institution"] for c in d["candidates"])' \
      >>"$WORK/ids.txt"
  done <"$WORK/names.txt"
  sort -u "$WORK/ids.txt" | sed '/^$/d' >"$WORK/ids.sorted"
  NAMES=$(wc -l <"$WORK/names.txt")
  INSTITUTIONS=$(wc -l <"$WORK/ids.sorted")
  [ "$INSTITUTIONS" -gt 0 ] || { say "按名称没有找到任何机构"; exit 1; }
  : >"$WORK/lineage.paths"
  : >"$WORK/graph.paths"
  local id
  while IFS= read -r id; do
    echo "/api/institutions/$(urlencode "$id")" >>"$WORK/lineage.paths"
    echo "/api/institutions/$(urlencode "$id")/graph.svg" >>"$WORK/graph.paths"
  done <"$WORK/ids.sorted"
  for _ in $(seq 1 20); do echo /api/status; done >"$WORK/status.paths"  # 20 timed alone
  SEARCH_QUERIES=$(wc -l <"$WORK/search.paths")

  # Every request is asked twice before the load, one at a time: each must answer 200, so that a
  # non-2xx answer under load is the load's doing; the second pass times a request alone.
  say "逐个请求两遍（检查应答并计时）"
  local kind path code seconds pass
  : >"$WORK/alone.tsv"
  for pass in 1 2; do
    for kind in status search lineage graph; do
      while IFS= read -r path; do
        read -r code seconds < <(curl -s -o "$WORK/probe.body" -w '%{http_code} %{time_total}\n' "$base$path")
        if [ "$code" != 200 ]; then
          say "单独请求 $path 得到 HTTP $code：$(head -c 300 "$WORK/probe.body")"; exit 1
        fi
        if [ "$pass" = 2 ]; then printf '%s\t%s\n' "$kind" "$seconds" >>"$WORK/alone.tsv"; fi
      done <"$WORK/$kind.paths"
    done
  done

  # ---- load -----------------------------------------------------------------------------------
  local rows=$WORK/rows.tsv
  : >"$rows"
  FAILED=""
  run_wrk() {  # run_wrk SCENARIO KIND: one wrk run; appends SCENARIO, KIND and its figures to rows
    local scenario=$1 kind=$2 out
    out=$WORK/wrk-$kind-$(echo "$scenario" | tr -c 'a-z0-9' '-').txt
    say "wrk：$scenario / $kind（$DURATION s，$CONNECTIONS 个连接）"
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$lua" \
      "$base" -- "$WORK/$kind.paths" >"$out" 2>&1 || { cat "$out" >&2; say "wrk 失败"; exit 1; }
    local line
    line=$(grep '^WRK_RESULT ' "$out") || { cat "$out" >&2; say "wrk 输出中没有结果行"; exit 1; }
    # shellcheck disable=SC2086  # key=value words
    local requests duration_us bytes p50_us p90_us p99_us max_us non2xx connect read write timeout
    local kv
    for kv in ${line#WRK_RESULT }; do local "${kv%%=*}=${kv#*=}"; done
    local errors=$((connect + read + write + timeout))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$kind" "$requests" "$duration_us" \
      "$p50_us" "$p99_us" "$max_us" "$non2xx" "$errors" >>"$rows"
    if [ "$non2xx" -gt 0 ] || [ "$errors" -gt 0 ]; then
      say "$scenario / $kind：非 2xx 应答 $non2xx 个，套接字错误 $errors 个（connect $connect, read $read, write $write, timeout $timeout）"
      FAILED+=" $kind($scenario)"
    fi
  }

  LOAD_IDLE_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  for kind in status search lineage graph; do run_wrk idle "$kind"; done
  LOAD_IDLE_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

  # ---- the same load while an upload is OCRed --------------------------------------------------
  say "上传扫描件压缩包（$SCAN_FILES 份文件，$SCAN_MIB MiB），等待导入任务开始处理页面"
  local answer job_id state pages_done
  answer=$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$WORK/scans.zip" \
    "$base/api/ingest?name=bench-scans.zip")
  job_id=$(json 'd["job"]["id"]' <<<"$answer")
  job() { api "/api/jobs/$job_id" | json "$1"; }
  for _ in $(seq 1 600); do
    state=$(job 'd["job"]["state"]')
    pages_done=$(job '(d["job"].get("progress") or {}).get("pages_done", 0)')
    [ "$state" = running ] && [ "${pages_done:-0}" -ge 1 ] && break
    case "$state" in done|failed|interrupted) say "导入任务 $job_id 在测量前已结束（$state）"; exit 1 ;; esac
    sleep 0.2
  done
  [ "$state" = running ] || { say "导入任务 $job_id 120 s 内未开始处理页面（$state）"; exit 1; }
  local window_start pages_start
  window_start=$(date +%s.%N)
  pages_start=$pages_done
  LOAD_INGEST_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  NOT_RUNNING=""
  for kind in status search lineage graph; do
    state=$(job 'd["job"]["state"]')
    [ "$state" = running ] || NOT_RUNNING+=" $kind 之前（$state）"
    run_wrk "during ingest" "$kind"
    state=$(job 'd["job"]["state"]')
    [ "$state" = running ] || NOT_RUNNING+=" $kind 之后（$state）"
  done
  LOAD_INGEST_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
  local jobjson
  jobjson=$(api "/api/jobs/$job_id")
  WINDOW_S=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$window_start" "$(date +%s.%N)")
  WINDOW_PAGES=$(( $(json '(d["job"].get("progress") or {}).get("pages_done", 0)' <<<"$jobjson") - pages_start ))
  JOB_PAGES_DONE=$(json '(d["job"].get("progress") or {}).get("pages_done", 0)' <<<"$jobjson")
  JOB_PAGES_TOTAL=$(json '(d["job"].get("progress") or {}).get("pages_total", 0)' <<<"$jobjson")
  JOB_FILES_DONE=$(json '(d["job"].get("progress") or {}).get("files_done", 0)' <<<"$jobjson")
  JOB_STARTED_PAGES=$pages_start
  SERVER_RSS_MIB=$(awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")

  # ---- graceful stop, resume ---------------------------------------------------------------------
  say "SIGTERM：服务应在安全点停止导入任务并以 0 退出"
  local t_stop
  t_stop=$(date +%s.%N)
  stop_server
  STOP_S=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t_stop" "$(date +%s.%N)")
  STOPPED_STATE=$(json 'd["state"]' <"$data/server/jobs/$job_id.json")
  STOPPED_PAGES=$(json 'd["progress"]["pages_done"]' <"$data/server/jobs/$job_id.json")
  say "导入任务 $job_id：$STOPPED_STATE，已处理 $STOPPED_PAGES 页"
  RESUMED_STATE=""
  RESUMED_PAGES=""
  RESUMED_DUPLICATES=""
  if [ "$STOPPED_STATE" = interrupted ]; then
    say "重新启动服务：导入任务应继续"
    start_server "$WORK/serve2"
    sign_in
    # Resumed once it runs again and has read a page or finished; at most 120 s.
    for _ in $(seq 1 600); do
      RESUMED_STATE=$(job 'd["job"]["state"]')
      RESUMED_PAGES=$(job '(d["job"].get("progress") or {}).get("pages_done", 0)')
      RESUMED_DUPLICATES=$(job '(d["job"].get("progress") or {}).get("duplicates", 0)')
      [ "$RESUMED_STATE" = running ] && [ "${RESUMED_PAGES:-0}" -ge 1 ] && break
      case "$RESUMED_STATE" in done|failed) break ;; esac
      sleep 0.2
    done
    stop_server
    say "导入任务续做：$RESUMED_STATE，已处理 $RESUMED_PAGES 页；服务再次以 0 退出"
    case "$RESUMED_STATE" in running|done) ;; *) say "导入任务重新启动后未继续（$RESUMED_STATE）"; exit 1 ;; esac
  elif [ "$STOPPED_STATE" != "done" ]; then
    say "服务停止后导入任务的状态为 $STOPPED_STATE（应为 interrupted 或 done）"; exit 1
  fi

  # ---- table -------------------------------------------------------------------------------------
  python3 - "$rows" "$WORK/kept.sh" "$WORK/alone.tsv" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
alone = {}
for line in open(sys.argv[3]):
    kind, seconds = line.split()
    alone.setdefault(kind, []).append(float(seconds) * 1000)
names = {"status": "`GET /api/status`", "search": "`GET /api/search?q=…`",
         "lineage": "`GET /api/institutions/{id}`", "graph": "`GET /api/institutions/{id}/graph.svg`"}
rate = {}
for scenario, kind, requests, duration_us, *_ in rows:
    rate[(scenario, kind)] = int(requests) / (int(duration_us) / 1e6)
print("| Server | Request | Requests | Requests/s | p50 (ms) | p99 (ms) | max (ms) | non-2xx | Socket errors | Share of the floor | Alone: p50 (ms) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for scenario, kind, requests, duration_us, p50, p99, mx, non2xx, errors in rows:
    r = rate[(scenario, kind)]
    floor = rate[(scenario, "status")]
    share = 100 * r / floor
    ratio = "100 % (floor)" if kind == "status" else f"{share:.2f} %" if share < 10 else f"{share:.1f} %"
    label = "idle" if scenario == "idle" else "**during ingest**"
    cell = f"{statistics.median(alone[kind]):.1f}" if scenario == "idle" else ""
    print(f"| {label} | {names[kind]} | {int(requests):,} | {r:,.1f} | {int(p50) / 1000:.1f} | "
          f"**{int(p99) / 1000:.1f}** | {int(mx) / 1000:,.1f} | {non2xx} | {errors} | {ratio} | {cell} |")
with open(sys.argv[2], "w") as kept:  # share of the idle throughput kept during the ingest
    for kind in names:
        if ("idle", kind) in rate and ("during ingest", kind) in rate:
            kept.write(f"KEPT_{kind.upper()}={100 * rate[('during ingest', kind)] / rate[('idle', kind)]:.0f}\n")
    times = [rate[("idle", "status")] / rate[("idle", k)] for k in names if k != "status" and ("idle", k) in rate]
    kept.write(f"FLOOR_TIMES_MIN={min(times):.0f}\nFLOOR_TIMES_MAX={max(times):.0f}\n")
PY

  {
    cat "$WORK/kept.sh"
    for v in DOCS PAGES INGEST_WALL FILES SERVED_PAGES SCAN_FILES SCAN_MIB SCAN_KINDS SCAN_DPI NAMES INSTITUTIONS \
      SEARCH_QUERIES LOAD_IDLE_BEFORE LOAD_IDLE_AFTER LOAD_INGEST_BEFORE LOAD_INGEST_AFTER WINDOW_S \
      WINDOW_PAGES JOB_PAGES_DONE JOB_PAGES_TOTAL JOB_FILES_DONE JOB_STARTED_PAGES SERVER_RSS_MIB \
      STOP_S STOPPED_STATE STOPPED_PAGES RESUMED_STATE RESUMED_PAGES RESUMED_DUPLICATES; do
      printf '%s=%q\n' "$v" "${!v}"
    done
  } >"$WORK/facts.sh"

  if [ -n "$FAILED" ]; then
    say "有错误应答或套接字错误：$FAILED；服务日志的最后几行："
    tail -20 "$WORK/serve1.err" >&2
    say "（KEEP=1 保留 wrk 输出与服务日志）"
    exit 1
  fi
  if [ -n "$NOT_RUNNING" ]; then
    say "导入任务在测量窗口内未一直运行：$NOT_RUNNING（上传的扫描件不够多时：减小 DURATION，或 SCAN_DPI_RANGE=300-300）"
    exit 1
  fi
  if [ "$WINDOW_PAGES" -le 0 ]; then say "测量窗口内导入任务没有处理任何页面"; exit 1; fi
}

if [ "$INNER" = 1 ]; then
  inner
  exit 0
fi

# ------------------------------------------------------------------------------------------------
# Outer part: build, run the measured part under a time bound, write the section.
# ------------------------------------------------------------------------------------------------
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { say "找不到 $tool（Debian：apt-get install wrk curl python3）"; exit 1; }
done
BUILD_ARG=${BUILD_ARG:-$REPO/build-bench}
if [ "${NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$BUILD_ARG/CMakeCache.txt" ]; then
    say "配置 $BUILD_ARG（RelWithDebInfo，Ninja）"
    cmake -S "$REPO" -B "$BUILD_ARG" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANDING_BUILD_TESTS=OFF >&2
  fi
  say "构建 sanding、sanding-scansim、sanding-fixtures、sanding-corpus"
  ninja -C "$BUILD_ARG" -j2 sanding sanding-scansim sanding-fixtures sanding-corpus >&2
fi
BUILD=$(cd "$BUILD_ARG" && pwd)
for p in tools/sanding tools/scansim/sanding-scansim tools/corpus/sanding-corpus; do
  [ -x "$BUILD/$p" ] || { say "找不到程序 $BUILD/$p"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanding-server-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then say "保留工作目录 $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
export BUILD WORK DURATION CONNECTIONS SCALE_DOCS SCAN_DOCS SCAN_DPI_RANGE

run_bench "--quick 试跑，或减小 DURATION、SCALE_DOCS" "$SELF" --inner
cat "$WORK/table.md"
say "用时 ${WALL} s；负载 $LOAD_AFTER"
. "$WORK/facts.sh"

run_facts "$REPO" "$BUILD"
WRK_VERSION=$(wrk --version 2>&1 | head -1 | awk '{print $2}' || true)
COMMAND="bench/server_bench.sh"
if [ "$QUICK" = 1 ]; then COMMAND+=" --quick"; fi
num() { printf "%'d" "$1"; }
if [ "$SCALE_DOCS" -gt 0 ]; then
  DATA_TEXT="the 189 sample documents of \`corpus/docs\` and a generated scale archive of $(num "$SCALE_DOCS") text
  documents (\`sanding-corpus scale --docs $SCALE_DOCS --seed 1\`: the same kinds of documents for more cities)"
else
  DATA_TEXT="the 189 sample documents of \`corpus/docs\`"
fi
SCOPE=""
if [ "$QUICK" = 1 ]; then
  SCOPE="- **Smoke run (\`--quick\`)**: ${DURATION} s per run, a smaller archive and upload; not comparable
  with a full run.
"
fi
if [ "$STOPPED_STATE" = interrupted ]; then
  STOP_TEXT="SIGTERM after the last run: the server exited 0 in $STOP_S s and left the job
\`interrupted\` at $STOPPED_PAGES pages; started again, it resumed the job by itself from the stored
upload (\`$RESUMED_STATE\` when checked: $RESUMED_DUPLICATES files already stored skipped as duplicates,
new pages read: $RESUMED_PAGES) and again exited 0 on SIGTERM."
else
  STOP_TEXT="SIGTERM after the last run: the server exited 0 in $STOP_S s; the job had finished
(\`$STOPPED_STATE\`, $STOPPED_PAGES pages)."
fi

SECTION=$WORK/section.md
cat >"$SECTION" <<SECTION_EOF
$BEGIN_MARK
## HTTP server under load

Throughput and latency of \`sanding serve\` under a closed-loop load of $CONNECTIONS connections (wrk
$WRK_VERSION, $WRK_THREADS threads, loopback), measured by \`bench/server_bench.sh\`: search, lineage and
the lineage graph, on the idle server and again while the server's background job OCRs an
uploaded archive of scans. The peer is the server's own floor, \`GET /api/status\` under the same
load (HTTP parsing, routing, a small JSON answer; no store or index work): the last column is
each row's requests/s as a share of the floor's in the same phase. It shows what the HTTP layer
costs next to the work behind it; it is not a competing engine. Re-run the script to refresh this
section (it rewrites only the text between its markers).

- Date: $DATE; sanding revision $REV$DIRTY, build \`$(basename "$BUILD")\` ($BUILD_TYPE)
- Machine: $NPROC cores ($CPU), $MEM RAM; load average before/after the idle runs:
  $LOAD_IDLE_BEFORE / $LOAD_IDLE_AFTER, the runs during ingest: $LOAD_INGEST_BEFORE / $LOAD_INGEST_AFTER
  (the machine is shared, and wrk runs on the same $NPROC cores as the server, so every row is lower
  than on a machine of its own); whole run ${WALL} s
${SCOPE}- Data: $DATA_TEXT;
  stored by \`sanding ingest\` in ${INGEST_WALL} s: $(num "$FILES") documents, $(num "$SERVED_PAGES") pages
- Each run: \`wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s --timeout 10s --latency -s bench/server/paths.lua\`;
  anonymous requests (public documents only); server peak RSS over the whole run **$SERVER_RSS_MIB MiB**

$(cat "$WORK/table.md")

During the four runs under ingest (${WINDOW_S} s) the upload — $SCAN_FILES sample documents rendered by
\`sanding-scansim archive --scan-share 1 --seed 1\` ($SCAN_MIB MiB: $SCAN_KINDS; $SCAN_DPI dpi),
sent with \`POST /api/ingest\` — was \`running\` before and after every run (\`GET /api/jobs/{id}\`)
and OCRed **$WINDOW_PAGES pages** (from $JOB_STARTED_PAGES to $JOB_PAGES_DONE of $JOB_PAGES_TOTAL). $STOP_TEXT

What the figures mean:

- The load is closed-loop: each connection waits for its answer before asking again, so with the
  cores saturated a request's latency is mostly its wait behind the other $((CONNECTIONS - 1))
  connections (p50 ≈ $CONNECTIONS / requests/s), and p99 adds the slowest questions and the
  scheduler. Requests/s is what the machine serves; the last column is the median latency of the
  same requests asked one at a time on the idle server (curl, after one untimed pass).
- The floor shows how little of the time HTTP, routing and JSON take: on the idle server the
  floor answers ${FLOOR_TIMES_MIN}–${FLOOR_TIMES_MAX} × as many requests per second as the real ones, so their rate is the
  work behind them — the search index (ranking, facets, snippets), the lineage reads from the
  store, Graphviz's layout.
- During the ingest, OCR (one worker per core by default, and Tesseract) takes its share of the
  same cores: search kept ${KEPT_SEARCH} % of its idle throughput, lineage ${KEPT_LINEAGE} %, the
  graph ${KEPT_GRAPH} % and the floor ${KEPT_STATUS} %, with no failed request, while the job kept
  reading pages.
- The graph is laid out by Graphviz in process one layout at a time (Graphviz keeps global
  state), so that row cannot use more than one core.

Requests (each asked alone twice before the load, and answering 200):

- search: $SEARCH_QUERIES queries, rotating — the questions of \`corpus/truth/queries.json\` (short names,
  old names, abbreviations, duties, document numbers) and six with the query syntax
  (\`类型:批复 年份:2010..\`, \`核增 行政编制\` …); the first page of 10 hits with facets and snippets.
- lineage: the lineage JSON (\`GET /api/institutions/{id}\`) of $INSTITUTIONS institutions, found by resolving
  $NAMES names (current or original) with \`GET /api/institutions?q=\`: every third institution of
  the sample corpus and 20 spread over the scale archive.
- graph: \`GET /api/institutions/{id}/graph.svg\` of the same institutions.

Reproduce with \`$COMMAND <build-dir>\` (DURATION, CONNECTIONS, SCALE_DOCS, SCAN_DOCS,
SCAN_DPI_RANGE, TIME_LIMIT change the run; KEEP=1 keeps the data folder, wrk outputs and server
logs).
$END_MARK
SECTION_EOF

publish_section "$OUT" "$SECTION" "$BEGIN_MARK" "$END_MARK" "$WORK"
