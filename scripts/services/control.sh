#!/usr/bin/env bash
# Fault injection for the tests: control.sh stop|start postgres|rabbitmq. Data is kept (unlike stop.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

case "$1 $2" in
    "stop postgres") as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop >/dev/null ;;
    "start postgres") as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null ;;
    # stop_app/start_app closes every client connection and restarts the broker inside the running node.
    "stop rabbitmq") "$RABBIT_SBIN/rabbitmqctl" -q stop_app ;;
    "start rabbitmq") "$RABBIT_SBIN/rabbitmqctl" -q start_app && "$RABBIT_SBIN/rabbitmqctl" -q await_startup --timeout 30 ;;
    *) echo "usage: control.sh stop|start postgres|rabbitmq" >&2; exit 2 ;;
esac
