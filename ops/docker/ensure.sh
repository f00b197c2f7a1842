#!/usr/bin/env bash
# Makes sure a Docker engine answers (for the integration tests' Testcontainers) and that debootstrap is there (for
# ops/postgres/image). Installs Debian's docker.io and debootstrap when missing and starts dockerd in the background
# (log in .local/dockerd.log) when no engine answers. Idempotent; prints progress on stderr only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "ops/docker/ensure.sh: unknown argument '$1'" >&2; exit 64 ;;
esac
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

missing=()
command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # Why the retry: a fresh machine's package lists may be empty or stale; update only when the install needs it.
  if ! $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

if docker info >/dev/null 2>&1; then exit 0; fi

# Two callers at once (ops/test and ops/postgres/image) start one engine.
mkdir -p "$ROOT/.local"
exec 9>"$ROOT/.local/dockerd.lock"
flock 9
if docker info >/dev/null 2>&1; then exit 0; fi

log="$ROOT/.local/dockerd.log"
echo "No Docker engine answers: starting dockerd (log: $log)" >&2
# Why setsid/nohup: the engine outlives this script and the test run that needed it; fd 9 (the lock) is not passed on.
$SUDO setsid nohup dockerd >>"$log" 2>&1 </dev/null 9>&- &
pid=$!
for _ in $(seq 60); do
  if docker info >/dev/null 2>&1; then exit 0; fi
  if ! kill -0 "$pid" 2>/dev/null && ! pgrep -x dockerd >/dev/null; then
    echo "dockerd exited while starting; the end of $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  sleep 1
done
echo "Docker's engine did not answer 'docker info' within 60 s; the end of $log:" >&2
tail -n 20 "$log" >&2
exit 1
