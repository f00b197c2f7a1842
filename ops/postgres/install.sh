#!/usr/bin/env bash
# Installs PostgreSQL server binaries from Debian's packages when they are missing. Idempotent.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
  exit 0
fi
echo "PostgreSQL server not found: installing it from Debian's packages..." >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq postgresql postgresql-contrib >/dev/null
# Debian's package may start its own "main" cluster; ours is private and does not need it.
$SUDO pg_ctlcluster --force "$(ls /usr/lib/postgresql | sort -V | tail -1)" main stop >/dev/null 2>&1 || true
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || { echo "PostgreSQL install failed" >&2; exit 1; }
