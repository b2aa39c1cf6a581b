# Shared by start.sh, stop.sh and control.sh: where the throwaway services live and listen.
# Fixed, non-default ports on 127.0.0.1 so a machine's own PostgreSQL or RabbitMQ is never touched.
SERVICES_DIR="${PIXTOOLS_SERVICES_DIR:-/tmp/pixtools-services}"
SERVICES_ENV="${PIXTOOLS_SERVICES_ENV:-/tmp/pixtools-services.env}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
PG_PORT=55432
PG_DATA="$SERVICES_DIR/postgres"
RABBIT_PORT=55672
RABBIT_DIST_PORT=55673
RABBIT_DIR="$SERVICES_DIR/rabbitmq"
S3_PORT="${PIXTOOLS_S3_PORT:-54569}"
S3_DIR="$SERVICES_DIR/s3"

# RabbitMQ runs as root from its own folder: its own node name, cookie (HOME), epmd port, config and plugins,
# so neither Debian's default node nor another user's can clash with it.
export HOME="${HOME:-/root}"
export RABBITMQ_NODENAME=pixtools-test@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$RABBIT_PORT
export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT
export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
export RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
export RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
export RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf"
export RABBITMQ_PID_FILE="$RABBIT_DIR/rabbitmq.pid"
export ERL_EPMD_ADDRESS=127.0.0.1
# The distribution port listens on loopback only, like everything else here.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_PORT=54369
RABBIT_SBIN=/usr/lib/rabbitmq/bin

as_postgres() { runuser -u postgres -- "$@"; }
