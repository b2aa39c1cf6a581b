#!/usr/bin/env bash
# Installs what the benchmark needs and runs every PixTools.Bench command: engines (PixTools vs sharp vs
# ImageMagick), pipeline (job overhead) and memory (RSS over many jobs). Numbers, not CI: nothing runs this
# automatically. bench/README.md explains the output. Settings by environment variable:
#   PHOTOS=DIR (default tests/testdata/photos)   EXTRA_PHOTOS=DIR   a larger folder, run after it
#   RUNS=3 AVIF_RUNS=1 PIPELINE_JOBS=200 MEMORY_JOBS=2000 OUT=file (default /tmp/pixtools-bench-<time>.md)
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's ImageMagick, called by absolute path: /usr/local/bin/convert on the dev machines is a stand-in.
if ! { [ -x /usr/bin/magick ] || { [ -x /usr/bin/convert ] && /usr/bin/convert -version | grep -q ImageMagick; }; }; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y imagemagick
fi

# sharp, pinned in bench/sharp/package.json and package-lock.json; its npm packages carry a prebuilt libvips.
(cd bench/sharp && npm ci --no-audit --no-fund)

dotnet build -c Release bench/PixTools.Bench
bench=(dotnet bench/PixTools.Bench/bin/Release/net10.0/PixTools.Bench.dll)
photos=(--photos "${PHOTOS:-tests/testdata/photos}")
[ -n "${EXTRA_PHOTOS:-}" ] && photos+=(--photos "$EXTRA_PHOTOS")
out=${OUT:-/tmp/pixtools-bench-$(date -u +%Y%m%dT%H%M).md}

{
  # ImageMagick pinned to one core: its AV1 encoder otherwise runs libheif's own threads, and every other engine has one.
  "${bench[@]}" engines "${photos[@]}" --runs "${RUNS:-3}" --avif-runs "${AVIF_RUNS:-1}" --csv "${out%.md}-engines.csv" --magick-cpus 0
  "${bench[@]}" pipeline --jobs "${PIPELINE_JOBS:-200}"
  "${bench[@]}" memory --jobs "${MEMORY_JOBS:-2000}"
} | tee "$out"
echo "tables: $out" >&2
