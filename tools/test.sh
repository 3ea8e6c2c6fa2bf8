#!/usr/bin/env bash
# README command 2: install what is needed, build, and run every test — once in the normal build
# and once under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh

JOBS=$(nproc)
export OMP_THREAD_LIMIT=1

# The browser test's driver (playwright-core, pinned in tests/browser/package-lock.json; it never
# downloads a browser: Debian's chromium is used).
echo "== npm ci (tests/browser) =="
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

echo "== build (RelWithDebInfo) =="
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$JOBS"
echo "== tests (RelWithDebInfo) =="
ctest --test-dir build --output-on-failure -j"$JOBS" --timeout 900

echo "== build (ASan + UBSan) =="
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSANDING_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$JOBS"
echo "== tests (ASan + UBSan) =="
# Leaks inside system libraries (fontconfig, Tesseract's globals) are not ours to fix; the
# suppressions file names them one by one.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=0"
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan --output-on-failure -j"$JOBS" --timeout 1800
