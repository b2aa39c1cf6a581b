#!/usr/bin/env bash
# Stops the services start.sh started and deletes their data and settings file. Safe to run twice.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

if [ -f "$PG_DATA/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 20 stop >/dev/null 2>&1
fi
if [ -d "$RABBIT_DIR" ]; then
    # rabbitmqctl stop waits for the node; bounded, as a node already killed with the rest can leave it waiting.
    timeout 30 "$RABBIT_SBIN/rabbitmqctl" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    if [ -f "$RABBITMQ_PID_FILE" ]; then kill -9 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null || true; fi
fi
# epmd on our private port outlives the node; stop only ours.
[ -x "$(command -v epmd)" ] && epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
if [ -f "$SERVICES_DIR/s3rver.pid" ]; then kill "$(cat "$SERVICES_DIR/s3rver.pid")" 2>/dev/null || true; fi
rm -rf "$SERVICES_DIR" "$SERVICES_ENV"
echo "services: stopped"
