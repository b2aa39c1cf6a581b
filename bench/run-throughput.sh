#!/usr/bin/env bash
# The throughput benchmark (issue 3): jobs/s with 1 and 2 workers on the distributed profile (api and worker
# processes apart on PostgreSQL + RabbitMQ + s3rver) and on the embedded default, and the accept latency of
# POST /api/process with 32 clients at once. Starts the services with scripts/services/start.sh (fixed ports
# 55432, 55672, 54569) and stops them (data deleted) however it ends. Numbers, not CI; bench/README.md explains
# the output. Arguments go to the command, e.g. `bench/run-throughput.sh --profiles embedded --jobs 50`.
# OUT=file (default /tmp/pixtools-throughput-<time>.md). On a shared machine run it under the machine's lock for
# the fixed ports, e.g. `flock /tmp/pixtools-heavy.lock bench/run-throughput.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/pixtools-throughput-$(date -u +%Y%m%dT%H%M).md}

dotnet build -c Release bench/PixTools.Bench
scripts/services/start.sh
trap scripts/services/stop.sh EXIT
set -a; . "${PIXTOOLS_SERVICES_ENV:-/tmp/pixtools-services.env}"; set +a

dotnet bench/PixTools.Bench/bin/Release/net10.0/PixTools.Bench.dll throughput "$@" | tee "$out"
echo "tables: $out" >&2
