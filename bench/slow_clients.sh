#!/usr/bin/env bash
# Availability under idle and slow clients: m4d-serve (cache off, default
# threads) while wrk runs 16 connections of the search mix and
# bench/slow_clients.py holds 64 idle keep-alive and 32 slowloris
# connections; prints what a new client's /api/search sees (target: p99 under
# 100 ms, no failure) and wrk's own numbers.
# Usage: bench/slow_clients.sh [INDEX] [SECONDS]   (needs wrk)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INDEX="${1:-$ROOT/var/index}"
SECONDS_RUN="${2:-30}"
command -v wrk >/dev/null || { echo "slow_clients.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -e "$INDEX/XAPIANDB" ] || "$ROOT/build/bin/m4d-index" --corpus "$ROOT/corpus" --taxonomy "$ROOT/taxonomy" --out "$INDEX"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$ROOT/build/bin/m4d-serve" --index "$INDEX" --port "$PORT" --cache-mb 0 2>/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
wrk -t1 -c16 -d"$((SECONDS_RUN + 2))s" --latency -s "$ROOT/bench/queries.lua" "http://127.0.0.1:$PORT" >/tmp/slow_clients.wrk &
WRK=$!
python3 "$ROOT/bench/slow_clients.py" "$PORT" "$SECONDS_RUN" 64 32
wait $WRK
awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
  END {printf "wrk alongside (16 connections): requests/s %s  p99 %s  non-2xx %s\n", rps, p99, (bad==""?0:bad)}' /tmp/slow_clients.wrk
