#!/usr/bin/env bash
# Stops the private cluster (fast shutdown). Safe when it is not running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ -s "$PGDATA_DIR/PG_VERSION" ] || exit 0
BIN="$(pg_bin)"
as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
