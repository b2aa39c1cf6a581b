#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those missing (one apt-get update at most).
#   chromium                   browser tests (Playwright's own browser download needs the internet)
#   python3-prometheus-client  the reference Prometheus text parser the metrics test checks /metrics with
#   libimage-exiftool-perl     exiftool writes the EXIF the metadata and orientation tests read back (they fail without it)
#   libheif-examples           heif-convert (HEVC decoding through libde265) reads HEIC uploads; heif-enc makes the test HEICs
set -euo pipefail
packages=(chromium python3-prometheus-client libimage-exiftool-perl libheif-examples)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
