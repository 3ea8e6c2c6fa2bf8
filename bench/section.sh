# Shared by the benchmark scripts (sourced): write_section OUT SECTION BEGIN_MARK END_MARK WORK
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
