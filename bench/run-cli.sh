#!/usr/bin/env bash
# The CLI benchmark (issue 20): 200 photos made from the test photos at varied sizes, converted to WebP against a
# fresh embedded-profile server three ways: the server's workers alone (every file submitted directly, timed until
# every job is terminal), `pixtools process` (the CLI, downloads included), and a sequential curl loop
# (bench/curl-loop.sh). Numbers, not CI; bench/README.md explains them. Arguments go to the command, e.g.
# `bench/run-cli.sh --rounds 3 --files 100`. OUT=file (default /tmp/pixtools-cli-<time>.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/pixtools-cli-$(date -u +%Y%m%dT%H%M).md}

dotnet build -c Release bench/PixTools.Bench
dotnet build -c Release src/PixTools.Cli
dotnet bench/PixTools.Bench/bin/Release/net10.0/PixTools.Bench.dll cli "$@" | tee "$out"
echo "table: $out" >&2
