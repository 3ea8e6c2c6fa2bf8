# Shared by the benchmark scripts (sourced). Sets the machine's NPROC, CPU (model name) and MEM
# (total RAM) for their section headers, and defines the functions below.
NPROC=$(nproc)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)

# write_section OUT SECTION BEGIN_MARK END_MARK WORK
# replaces the text between the two marker lines of OUT with the file SECTION (the markers are in
# SECTION too), or appends SECTION when OUT has no markers yet.
write_section() {
  local out=$1 section=$2 begin=$3 end=$4 work=$5
  touch "$out"
  if grep -qF "$begin" "$out" && grep -qF "$end" "$out"; then
    awk -v begin="$begin" -v end="$end" -v section="$section" '
      $0 == begin { while ((getline line < section) > 0) print line; skip = 1; next }
      $0 == end { skip = 0; next }
      !skip { print }
    ' "$out" >"$work/out.md"
  else
    { cat "$out"; [ -s "$out" ] && echo; cat "$section"; } >"$work/out.md"
  fi
  cat "$work/out.md" >"$out"
}

# publish_section OUT SECTION BEGIN_MARK END_MARK WORK: prints SECTION, and unless OUT is "-"
# writes it into OUT (write_section) and says so (the caller's say).
publish_section() {
  local out=$1 section=$2
  if [ "$out" != "-" ]; then write_section "$@"; fi
  cat "$section"
  if [ "$out" != "-" ]; then say "已写入 $out"; fi
}

# run_bench HINT PROGRAM ARGS...: runs the benchmark program under `timeout $TIME_LIMIT`, its
# standard output (the Markdown table) into $WORK/table.md. Sets LOAD_BEFORE, LOAD_AFTER and WALL
# (seconds); on failure says why (HINT: how to make the run smaller) and exits with its code.
# Uses the caller's say, NPROC, CPU, MEM, WORK, OUT and TIME_LIMIT.
run_bench() {
  local hint=$1 start rc=0
  shift
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  say "机器：$NPROC 核，$CPU，内存 $MEM；负载 $LOAD_BEFORE"
  start=$(date +%s)
  timeout "$TIME_LIMIT" "$@" >"$WORK/table.md" || rc=$?
  WALL=$(( $(date +%s) - start ))
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ "$rc" -ne 0 ]; then
    [ "$rc" -eq 124 ] && say "超时：${TIME_LIMIT} s 内未完成（TIME_LIMIT 可调；$hint）"
    say "基准程序失败（退出码 $rc），未写入 $OUT"
    exit "$rc"
  fi
}

# run_facts REPO BUILD: sets DATE, REV (short commit), DIRTY (" (uncommitted changes)" or "") and
# BUILD_TYPE (from BUILD's CMakeCache.txt) for a section's header.
run_facts() {
  DATE=$(date '+%Y-%m-%d %H:%M %Z')
  REV=$(git -C "$1" rev-parse --short HEAD 2>/dev/null || echo unknown)
  DIRTY=$(git -C "$1" status --porcelain 2>/dev/null | grep -q . && echo " (uncommitted changes)" || true)
  BUILD_TYPE=$(grep -m1 CMAKE_BUILD_TYPE: "$2/CMakeCache.txt" 2>/dev/null | cut -d= -f2)
}
