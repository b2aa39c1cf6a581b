#!/bin/bash
# Server CPU while N clients follow one waiting job by Server-Sent Events: the embedded Release build with its workers
# off (Worker:Queues=ml), so the job never changes and every stream only polls. Usage: bench/sse-cost.sh [N] [ROOT]
# (ROOT: a checkout whose Release build to measure, this one by default). Port 8000 must be free.
set -u
N=${1:-200}
ROOT=${2:-$(cd "$(dirname "$0")/.." && pwd)}
DATA=$(mktemp -d)
cd "$ROOT"
PIXTOOLS_WORKER__QUEUES=ml PIXTOOLS_DATABASE__CONNECTIONSTRING="Data Source=$DATA/p.db" PIXTOOLS_STORAGE__LOCAL__ROOT="$DATA/blobs" \
  dotnet src/PixTools/bin/Release/net10.0/PixTools.dll --contentRoot "$ROOT/src/PixTools" > "$DATA/server.log" 2>&1 &
PID=$!
sleep 6
JOB=$(curl -s -F 'operations=["webp"]' -F "file=@tests/testdata/photos/rocket-orient6.jpg" http://127.0.0.1:8000/api/process | sed -E 's/.*"job_id":"([^"]+)".*/\1/')
for _ in $(seq 1 "$N"); do curl -s -N -o /dev/null --max-time 40 "http://127.0.0.1:8000/api/jobs/$JOB/events" & done
sleep 8
t0=$(awk '{print $14+$15}' /proc/$PID/stat); sleep 10; t1=$(awk '{print $14+$15}' /proc/$PID/stat)
# utime+stime are in 1/100 s: ticks over 10 s = ms of CPU per second.
echo "$N streams following a waiting job: server CPU $(( t1 - t0 )) ms per second, load $(cut -d' ' -f1 /proc/loadavg)"
kill $PID; pkill -f "max-time 40"; wait 2>/dev/null
rm -rf "$DATA"
