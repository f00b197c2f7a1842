#!/usr/bin/env bash
# Starts this project's private PostgreSQL cluster on loopback, creating it on first use. Idempotent.
#   ops/postgres/start.sh                      start (install if needed), print nothing but progress on stderr
#   ops/postgres/start.sh --connection-string [DB]   also print the Npgsql connection string (default DB careers)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
PRINT_DB=""
if [ "${1:-}" = "--connection-string" ]; then PRINT_DB="${2:-careers}"; fi

exec 9>"${TMPDIR:-/tmp}/careers-pg-start.lock"
flock 9   # concurrent callers (tests, CLI, web) wait for one start

"$(dirname "${BASH_SOURCE[0]}")/install.sh"
BIN="$(pg_bin)"
mkdir -p "$CAREERS_PG_DIR" "$PGSOCK_DIR"
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$CAREERS_PG_DIR" "$PGSOCK_DIR"
  # postgres must be able to reach the folder through its parents.
  d="$CAREERS_PG_DIR"; while [ "$d" != "/" ]; do d="$(dirname "$d")"; chmod o+x "$d" 2>/dev/null || true; done
fi

if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
  echo "Creating the private PostgreSQL cluster in $PGDATA_DIR" >&2
  pwfile="$(mktemp)"; echo "careers" >"$pwfile"; chmod 644 "$pwfile"
  as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U careers --pwfile="$pwfile" --auth-local=scram-sha-256 \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGSOCK_DIR'
max_connections = 200
shared_buffers = 256MB
idle_in_transaction_session_timeout = '5min'
log_min_messages = warning
timezone = 'UTC'
CONF
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  port="$(cat "$PGPORT_FILE" 2>/dev/null || echo 54329)"
  while ! port_free "$port"; do port=$((port + 1)); done
  echo "$port" >"$PGPORT_FILE"
  echo "Starting PostgreSQL on 127.0.0.1:$port" >&2
  as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG_FILE" -o "-p $port" -w -t 60 start >/dev/null 9>&-
fi
port="$(cat "$PGPORT_FILE")"

export PGPASSWORD=careers
for db in careers careers_tests; do
  if ! "$BIN/psql" -h 127.0.0.1 -p "$port" -U careers -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    "$BIN/psql" -h 127.0.0.1 -p "$port" -U careers -d postgres -qc "create database $db" >/dev/null
  fi
done

if [ -n "$PRINT_DB" ]; then
  echo "Host=127.0.0.1;Port=$port;Database=$PRINT_DB;Username=careers;Password=careers"
fi
