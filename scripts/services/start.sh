#!/usr/bin/env bash
# Installs (if missing) and starts the distributed profile's services for the tests, on 127.0.0.1:
# PostgreSQL (port 55432), RabbitMQ (55672) and s3rver (54569), each in a throwaway folder under
# /tmp/pixtools-services, and writes their connection settings to /tmp/pixtools-services.env.
# Run as root on Debian 12. Stop them (and delete their data) with stop.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"
started=$SECONDS

install_missing() {
    local missing=()
    [ -n "$PG_BIN" ] || missing+=(postgresql)
    [ -x "$RABBIT_SBIN/rabbitmq-server" ] || missing+=(rabbitmq-server)
    command -v npm >/dev/null || missing+=(npm)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "services: installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    fi
    if [ ! -x "$here/node_modules/.bin/s3rver" ]; then
        (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

start_postgres() {
    mkdir -p "$PG_DATA"
    chown postgres: "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    # Throwaway data: durability settings off, so the tests' many small commits are cheap.
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    as_postgres "$PG_BIN/psql" -q -h "$PG_DATA" -p $PG_PORT -U postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE pixtools LOGIN CREATEDB PASSWORD 'pixtools'" -c "CREATE DATABASE pixtools OWNER pixtools" >/dev/null
}

start_rabbitmq() {
    mkdir -p "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
    : >"$RABBITMQ_CONF_ENV_FILE"
    echo '[].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
    cat >"$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBIT_PORT
default_user = pixtools
default_pass = pixtools
log.console = false
log.file.level = warning
CONF
    [ -f "$HOME/.erlang.cookie" ] || { head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$HOME/.erlang.cookie"; chmod 400 "$HOME/.erlang.cookie"; }
    nohup "$RABBIT_SBIN/rabbitmq-server" >"$RABBIT_DIR/stdout.log" 2>&1 &
}

start_s3rver() {
    mkdir -p "$S3_DIR"
    nohup "$here/node_modules/.bin/s3rver" --directory "$S3_DIR" --address 127.0.0.1 --port $S3_PORT --silent >"$SERVICES_DIR/s3rver.log" 2>&1 &
    echo $! >"$SERVICES_DIR/s3rver.pid"
}

wait_for() { # name, seconds, command...
    local name=$1 deadline=$((SECONDS + $2)); shift 2
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then echo "services: $name did not answer in time" >&2; return 1; fi
        sleep 0.5
    done
}

if [ -e "$SERVICES_DIR" ]; then "$here/stop.sh"; fi
install_missing
mkdir -p "$SERVICES_DIR"
chmod 755 "$SERVICES_DIR"
start_rabbitmq   # the slowest to boot: it starts first and boots while the others start
start_s3rver
start_postgres
wait_for s3rver 30 curl -sf "http://127.0.0.1:$S3_PORT/"
wait_for rabbitmq 60 "$RABBIT_SBIN/rabbitmqctl" -q await_startup --timeout 5

# Quoted: the values hold ';', and the file is meant to be sourced (set -a; . /tmp/pixtools-services.env).
cat >"$SERVICES_ENV" <<ENV
PIXTOOLS_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=pixtools;Password=pixtools;Database=pixtools'
PIXTOOLS_TEST_RABBITMQ='amqp://pixtools:pixtools@127.0.0.1:$RABBIT_PORT/'
PIXTOOLS_TEST_S3_SERVICEURL='http://127.0.0.1:$S3_PORT'
PIXTOOLS_TEST_S3_ACCESSKEY='S3RVER'
PIXTOOLS_TEST_S3_SECRETKEY='S3RVER'
PIXTOOLS_TEST_SERVICES_CONTROL='$here/control.sh'
ENV
echo "services: PostgreSQL :$PG_PORT, RabbitMQ :$RABBIT_PORT, s3rver :$S3_PORT up in $((SECONDS - started)) s; settings in $SERVICES_ENV"
