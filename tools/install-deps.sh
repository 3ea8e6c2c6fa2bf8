#!/usr/bin/env bash
# Installs every Debian package sanding needs to build, test, benchmark and run.
# Idempotent: packages already present are skipped by apt; safe to run again.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # fixed choices
  liblucene++-dev libboost-dev libboost-system-dev libboost-filesystem-dev
  libboost-thread-dev libboost-iostreams-dev libboost-regex-dev libboost-date-time-dev
  libpoppler-cpp-dev libpoppler-glib-dev
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-chi-sim
  libarchive-dev
  librocksdb-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # well-kept helpers
  libicu-dev libopencc-dev opencc libssl-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libgraphviz-dev libxml2-dev
  # test fixtures: Chinese text rendered to PDF/PNG/TIFF/JPEG
  libpango1.0-dev libcairo2-dev fonts-noto-cjk
  # browser test of the web pages (Debian's Chromium, driven by playwright-core from npm)
  chromium
  # benchmark peers and load generator
  ocrmypdf xapian-tools poppler-utils time wrk
)
# Node.js and npm (for the browser test's playwright-core): the machine's own when present.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
