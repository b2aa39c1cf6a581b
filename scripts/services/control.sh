#!/usr/bin/env bash
# Fault injection for the tests and bench chaos: control.sh stop|start postgres|rabbitmq|s3. Data is kept (unlike stop.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

# A service started here must not inherit the caller's descriptors beyond stdin/out/err (a lock file held by the
# caller would stay held by the service for as long as it runs).
for fd in /proc/$$/fd/*; do
    n="${fd##*/}"
    if [ "$n" -gt 2 ] 2>/dev/null; then eval "exec $n>&-" 2>/dev/null || true; fi
done

case "$1 $2" in
    "stop postgres") as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop >/dev/null ;;
    "start postgres") as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null ;;
    # stop_app/start_app closes every client connection and restarts the broker inside the running node.
    "stop rabbitmq") "$RABBIT_SBIN/rabbitmqctl" -q stop_app ;;
    "start rabbitmq") "$RABBIT_SBIN/rabbitmqctl" -q start_app && "$RABBIT_SBIN/rabbitmqctl" -q await_startup --timeout 30 ;;
    # s3rver is one node process: stopped with SIGTERM (its port refuses connections at once), started as start.sh does.
    "stop s3") if [ -f "$SERVICES_DIR/s3rver.pid" ]; then kill "$(cat "$SERVICES_DIR/s3rver.pid")" 2>/dev/null || true; fi
        for _ in $(seq 50); do curl -sf "http://127.0.0.1:$S3_PORT/" >/dev/null 2>&1 || break; sleep 0.1; done ;;
    "start s3") nohup "$here/node_modules/.bin/s3rver" --directory "$S3_DIR" --address 127.0.0.1 --port "$S3_PORT" --silent >>"$SERVICES_DIR/s3rver.log" 2>&1 &
        echo $! >"$SERVICES_DIR/s3rver.pid"
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$S3_PORT/" >/dev/null 2>&1 && break; sleep 0.2; done ;;
    *) echo "usage: control.sh stop|start postgres|rabbitmq|s3" >&2; exit 2 ;;
esac
