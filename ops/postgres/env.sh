# Sourced by the other scripts: where the private cluster lives and how to reach its binaries.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CAREERS_PG_DIR="${CAREERS_PG_DIR:-$REPO_ROOT/.local/pg}"
PGDATA_DIR="$CAREERS_PG_DIR/data"
PGSOCK_DIR="$CAREERS_PG_DIR/sock"
PGLOG_FILE="$CAREERS_PG_DIR/server.log"
PGPORT_FILE="$CAREERS_PG_DIR/port"
pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$dir" ] || { echo "PostgreSQL binaries not found; run ops/postgres/install.sh" >&2; return 1; }
  echo "$dir"
}
# Runs a server binary as the cluster's owner: 'postgres' when we are root (initdb refuses root).
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
