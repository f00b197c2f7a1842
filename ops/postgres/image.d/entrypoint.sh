#!/bin/bash
# Entrypoint of the local test image, behaving like the official postgres image for what the tests use:
# POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required), POSTGRES_DB (default: the user) on first start,
# scram-sha-256 over TCP, listening on 0.0.0.0:5432, postgres in the foreground as the postgres user.
set -euo pipefail

if [ "${1:0:1}" = "-" ]; then set -- postgres "$@"; fi
if [ "$1" != "postgres" ]; then exec "$@"; fi

PGDATA="${PGDATA:-/var/lib/postgresql/data}"

if [ "$(id -u)" = "0" ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  # Why setpriv rather than su/runuser: it execs in place (postgres stays PID 1 and gets the stop signal), no PAM.
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: POSTGRES_PASSWORD is not set; the superuser needs a password (scram-sha-256 over TCP)." >&2
    exit 1
  fi
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  # Why --no-sync (and fsync off below): a test database is thrown away with its container; syncing only slows the start.
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # Why these: a throwaway database for tests, so durability is traded for speed (fsync, synchronous_commit and
  # full_page_writes off); 300 connections for parallel test classes each with its own pools; the private cluster's
  # time zone and idle-transaction limit so tests see the same server; dynamic shared memory in files because
  # Docker's /dev/shm is 64 MB by default, too small for parallel hash joins.
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
port = 5432
max_connections = 300
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
dynamic_shared_memory_type = mmap
idle_in_transaction_session_timeout = '5min'
timezone = 'UTC'
log_timezone = 'UTC'
CONF
  if [ "$POSTGRES_DB" != "postgres" ]; then
    # Why single-user mode: no temporary server, so the only "ready to accept connections" line is the real one.
    printf 'CREATE DATABASE "%s";\n' "${POSTGRES_DB//\"/\"\"}" | postgres --single -j -c fsync=off -D "$PGDATA" postgres >/dev/null
  fi
fi

exec postgres -D "$PGDATA" "${@:2}"
