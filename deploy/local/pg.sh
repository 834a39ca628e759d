#!/bin/sh
# pg.sh - the embedded-default PostgreSQL 15 cluster of a local ncirt (README) and of the
# integration tests (tests/support/pg_cluster.cpp). One private cluster per directory; the
# system cluster and /etc/postgresql are never touched.
#
#   pg.sh start  DIR   initdb into DIR if it holds no cluster yet, then start it (idempotent)
#   pg.sh stop   DIR   fast shutdown (idempotent)
#   pg.sh status DIR   exit 0 if running, 3 if stopped, 4 if DIR holds no cluster
#   pg.sh env    DIR   print KEY='value' lines for `eval "$(pg.sh env DIR)"`
#   pg.sh destroy DIR  stop at once, without a shutdown checkpoint, and delete DIR: for
#                      throwaway clusters (tests), whose data nobody will read again
#
# Layout of DIR (all owned by the account that runs the server):
#   data/       the cluster (PGDATA)
#   run/        the unix socket directory (PGHOST)
#   port        the TCP port on 127.0.0.1 of the last start (kept across restarts while free)
#   password    the password of role `ncirt` (TCP logins), mode 0600
#   server.log  the server log
#
# Authentication: trust on the unix socket (DIR is mode 0700, so only its owner and root can
# reach the socket), scram-sha-256 on TCP. Role `ncirt` (LOGIN CREATEDB) owns database `ncirt`;
# the bootstrap superuser is `postgres`.
#
# PostgreSQL refuses to run as root. When this script runs as root it runs a new cluster as
# the system account `ncirt` (created if missing) and hands DIR to it; an existing cluster runs
# as the account that owns it.
set -eu

PG_BIN=${NCIRT_PG_BIN:-/usr/lib/postgresql/15/bin}
APP_ROLE=ncirt
APP_DB=ncirt
SERVICE_ACCOUNT=ncirt
START_TIMEOUT=30
# A fast stop still writes a shutdown checkpoint, which can take a while on a busy disk.
STOP_TIMEOUT=120

die() {
  printf 'pg.sh: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat >&2 <<'EOF'
usage: pg.sh start|stop|status|env|destroy DIR
  start   initdb into DIR if needed, start the cluster, wait until it accepts connections
  stop    stop the cluster in DIR (fast shutdown)
  status  exit 0 if running, 3 if stopped, 4 if DIR holds no cluster
  env     print PGHOST, PGPORT, PGUSER, PGDATABASE and NCIRT_DATABASE_URL as shell assignments
  destroy stop the cluster immediately and delete DIR (test clusters only)
EOF
  exit 2
}

# Runs a command as the account that owns the server: ourselves; or, when root, the owner of
# an existing cluster (so root can also stop a cluster a user started), else `ncirt`.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$RUN_AS" -- "$@"
  else
    "$@"
  fi
}

# Makes DIR absolute and refuses characters that would need quoting in postgres options.
resolve_dir() {
  [ -n "$1" ] || usage
  case "$1" in
    /*) dir=$1 ;;
    *) dir=$(pwd)/$1 ;;
  esac
  case "$dir" in
    *[!A-Za-z0-9._/+-]*)
      die "directory '$dir' contains characters other than letters, digits and ._/+-; choose a plainer path" ;;
  esac
  # The socket path (DIR/run/.s.PGSQL.NNNNN) must fit in sun_path (107 bytes).
  if [ "${#dir}" -gt 80 ]; then
    die "directory '$dir' is longer than 80 characters; the unix socket path would not fit"
  fi
  DIR=$dir
  DATA=$DIR/data
  RUN=$DIR/run
  RUN_AS=$SERVICE_ACCOUNT
  if [ "$(id -u)" -eq 0 ] && [ -d "$DATA" ]; then
    RUN_AS=$(stat -c %U "$DATA")
    if [ "$RUN_AS" = root ]; then
      die "'$DATA' belongs to root, and PostgreSQL refuses to run as root; chown -R it to $SERVICE_ACCOUNT"
    fi
  elif [ -e "$DIR" ] && [ ! -O "$DIR" ]; then
    die "'$DIR' belongs to $(stat -c %U "$DIR"); run pg.sh as that account or as root"
  fi
}

ensure_service_account() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! getent passwd "$SERVICE_ACCOUNT" >/dev/null; then
    useradd --system --user-group --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin "$SERVICE_ACCOUNT" ||
      die "cannot create the system account '$SERVICE_ACCOUNT' to run PostgreSQL as"
  fi
}

# A TCP port on 127.0.0.1 that the kernel reports free right now. perl-base is Essential on
# Debian, so this works on a fresh machine. Another process may take the port before postgres
# binds it; start() retries with a new port when that happens.
free_port() {
  perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0,
                                  Proto => "tcp") or die "cannot bind 127.0.0.1:0: $!\n";
    print $s->sockport, "\n";'
}

# True when 127.0.0.1:$1 can be bound now.
port_is_free() {
  perl -MIO::Socket::INET -e '
    exit(IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
                               Proto => "tcp", ReuseAddr => 1) ? 0 : 1);' "$1"
}

is_cluster() {
  [ -f "$DATA/PG_VERSION" ]
}

is_running() {
  is_cluster && as_owner "$PG_BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

log_tail() {
  if [ -f "$DIR/server.log" ]; then
    printf 'pg.sh: last lines of %s:\n' "$DIR/server.log" >&2
    tail -n 25 "$DIR/server.log" >&2
  fi
}

prepare_dir() {
  mkdir -p "$DIR" || die "cannot create '$DIR'"
  chmod 0700 "$DIR"
  # Files this script writes itself exist before the chown, so that they belong to the server's
  # account too and a later run as that account can write them.
  touch "$DIR/.lock" "$DIR/initdb.log" "$DIR/bootstrap.log"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$RUN_AS:" "$DIR"
    as_owner test -w "$DIR" -a -x "$DIR" ||
      die "account '$RUN_AS' cannot reach '$DIR'; make its parent directories searchable (chmod o+x) or use another directory"
  fi
  as_owner mkdir -p "$RUN"
}

init_cluster() {
  printf 'pg.sh: creating a new PostgreSQL cluster in %s\n' "$DATA"
  # Generated before initdb so that a half-finished init is redone entirely next time.
  umask 077
  rm -f "$DIR/password"
  od -An -tx1 -N18 /dev/urandom | tr -d ' \n' >"$DIR/password.new"
  if [ "$(id -u)" -eq 0 ]; then chown "$RUN_AS:" "$DIR/password.new"; fi
  rm -rf "$DATA"
  if ! as_owner "$PG_BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1; then
    tail -n 25 "$DIR/initdb.log" >&2
    die "initdb failed (full output in $DIR/initdb.log)"
  fi
  # Settings for a small private server. fsync and synchronous_commit stay on: an
  # acknowledged write must survive a crash here just as in production.
  as_owner sh -c "cat >>'$DATA/postgresql.conf'" <<'EOF'

# --- ncirt local cluster (deploy/local/pg.sh) ---
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 32MB
fsync = on
synchronous_commit = on
full_page_writes = on
password_encryption = scram-sha-256
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

start_server() {
  attempt=1
  # The port of the previous start while it is still free, so that whoever holds the old address
  # (running services, var/ncirt.env) reconnects after a restart or a crash.
  port=""
  if [ -s "$DIR/port" ] && port_is_free "$(cat "$DIR/port")"; then
    port=$(cat "$DIR/port")
  fi
  while :; do
    [ -n "$port" ] || port=$(free_port)
    as_owner sh -c "printf '%s\n' '$port' >'$DIR/port'"
    # 9>&-: the server must not inherit the lock on DIR, or it would hold it until it stops.
    if out=$(as_owner "$PG_BIN/pg_ctl" start -D "$DATA" -l "$DIR/server.log" -w \
        -t "$START_TIMEOUT" -o "-p $port -k $RUN" 2>&1 9>&-); then
      return 0
    fi
    if [ "$attempt" -lt 3 ] && tail -n 5 "$DIR/server.log" 2>/dev/null | grep -q 'already in use'; then
      attempt=$((attempt + 1))
      port=""
      continue
    fi
    printf '%s\n' "$out" >&2
    log_tail
    die "PostgreSQL did not start in $DATA"
  done
}

wait_ready() {
  port=$(cat "$DIR/port")
  i=0
  while ! "$PG_BIN/pg_isready" -q -h "$RUN" -p "$port" -U postgres -d postgres -t 1; do
    i=$((i + 1))
    if [ "$i" -ge "$START_TIMEOUT" ]; then
      log_tail
      die "PostgreSQL in $DATA does not answer pg_isready after ${START_TIMEOUT}s"
    fi
    sleep 1
  done
}

# Creates role and database `ncirt` once; DIR/password appears only when both exist.
bootstrap() {
  [ -f "$DIR/password" ] && return 0
  port=$(cat "$DIR/port")
  pw=$(cat "$DIR/password.new")
  if ! as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$RUN" -p "$port" -U postgres \
      -d postgres -v role="$APP_ROLE" -v pw="$pw" >"$DIR/bootstrap.log" 2>&1 <<'EOF'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') AS create_role \gset
\if :create_role
CREATE ROLE :"role" LOGIN CREATEDB;
\endif
ALTER ROLE :"role" PASSWORD :'pw';
SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') AS create_db \gset
\if :create_db
CREATE DATABASE :"role" OWNER :"role";
\endif
EOF
  then
    cat "$DIR/bootstrap.log" >&2
    die "could not create role and database '$APP_ROLE'"
  fi
  as_owner mv "$DIR/password.new" "$DIR/password"
}

cmd_start() {
  ensure_service_account
  prepare_dir
  exec 9>>"$DIR/.lock"
  flock -w 60 9 || die "another pg.sh is busy with $DIR"
  if ! is_cluster; then
    init_cluster
  fi
  if is_running; then
    bootstrap
    printf 'pg.sh: PostgreSQL already running in %s (port %s)\n' "$DIR" "$(cat "$DIR/port")"
    return 0
  fi
  start_server
  wait_ready
  bootstrap
  printf 'pg.sh: PostgreSQL running in %s (socket %s, 127.0.0.1 port %s)\n' \
    "$DIR" "$RUN" "$(cat "$DIR/port")"
}

cmd_stop() {
  if ! is_cluster; then
    printf 'pg.sh: no cluster in %s; nothing to stop\n' "$DIR"
    return 0
  fi
  if ! is_running; then
    printf 'pg.sh: PostgreSQL in %s is not running\n' "$DIR"
    return 0
  fi
  if ! out=$(as_owner "$PG_BIN/pg_ctl" stop -D "$DATA" -m fast -w -t "$STOP_TIMEOUT" 2>&1); then
    printf '%s\n' "$out" >&2
    log_tail
    die "PostgreSQL in $DATA did not stop"
  fi
  printf 'pg.sh: PostgreSQL in %s stopped\n' "$DIR"
}

# A fast stop writes a shutdown checkpoint that fsyncs every file touched since the last one;
# with the many databases of a test run on a busy disk that takes long, and the data is about
# to be deleted anyway. An immediate stop skips it.
cmd_destroy() {
  if [ ! -f "$DIR/.lock" ]; then
    die "'$DIR' was not made by pg.sh start (no .lock file); not deleting it"
  fi
  if is_running; then
    if ! out=$(as_owner "$PG_BIN/pg_ctl" stop -D "$DATA" -m immediate -w -t "$START_TIMEOUT" 2>&1)
    then
      printf '%s\n' "$out" >&2
      die "PostgreSQL in $DATA did not stop; $DIR is left in place"
    fi
  fi
  rm -rf -- "$DIR"
  printf 'pg.sh: PostgreSQL in %s stopped and the directory deleted\n' "$DIR"
}

cmd_status() {
  if ! is_cluster; then
    printf 'pg.sh: no cluster in %s\n' "$DIR"
    exit 4
  fi
  if is_running; then
    printf 'pg.sh: PostgreSQL running in %s (port %s)\n' "$DIR" "$(cat "$DIR/port")"
    exit 0
  fi
  printf 'pg.sh: PostgreSQL in %s is stopped\n' "$DIR"
  exit 3
}

cmd_env() {
  if [ ! -f "$DIR/port" ] || [ ! -f "$DIR/password" ]; then
    die "no started cluster in $DIR; run: pg.sh start $DIR"
  fi
  port=$(cat "$DIR/port")
  pw=$(cat "$DIR/password")
  # Paths were restricted to shell-safe characters by resolve_dir and the password is hex, so
  # single quotes suffice.
  printf "PGHOST='%s'\n" "$RUN"
  printf "PGPORT='%s'\n" "$port"
  printf "PGUSER='%s'\n" "$APP_ROLE"
  printf "PGDATABASE='%s'\n" "$APP_DB"
  printf "NCIRT_DATABASE_URL='postgresql://%s:%s@127.0.0.1:%s/%s'\n" "$APP_ROLE" "$pw" "$port" \
    "$APP_DB"
}

[ $# -eq 2 ] || usage
[ -x "$PG_BIN/pg_ctl" ] ||
  die "PostgreSQL 15 not found in $PG_BIN; install it: apt-get install -y postgresql-15"
resolve_dir "$2"
case "$1" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  destroy) cmd_destroy ;;
  *) usage ;;
esac
