#!/usr/bin/env bash
# Load benchmark: wrk for 20 s against a mix of realistic search requests
# (bench/queries.lua), then against m4d-floor-server (a trivial cpp-httplib
# server tuned like m4d-serve) as the floor, in the same run.
# Run twice: with the response cache (the default; after the first pass every
# request of the mix is a cache hit) and with the cache off (--cache-mb 0:
# every request runs the engine). Each server first gets 3 s of the same mix
# (steady state). Prints requests/s and p50/p99 latency.
# Usage: bench/load.sh [INDEX] [SECONDS]   (needs: apt-get install wrk)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INDEX="${1:-$ROOT/var/index}"
SECONDS_RUN="${2:-20}"
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$ROOT/build/bin/m4d-floor-server" ] || { echo "load.sh: build first (cmake --build build)" >&2; exit 2; }
[ -e "$INDEX/XAPIANDB" ] || "$ROOT/build/bin/m4d-index" --corpus "$ROOT/corpus" --taxonomy "$ROOT/taxonomy" --out "$INDEX"
summary() {
  awk -v name="$1" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%-16s requests/s %10s   p50 %8s   p99 %8s   non-2xx %s\n", name, rps, p50, p99, (bad==""?0:bad)}'
}
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null' EXIT
run() {  # run LABEL CACHE_MB
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$ROOT/build/bin/m4d-serve" --index "$INDEX" --port "$PORT" --threads 16 --cache-mb "$2" \
    2>"${M4D_SERVE_LOG:-/dev/null}" &
  PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  # Steady state: 3 s of the same mix first (page cache, per-thread engines, response cache).
  wrk -t2 -c16 -d3s -s "$ROOT/bench/queries.lua" "http://127.0.0.1:$PORT" >/dev/null
  wrk -t2 -c16 -d"${SECONDS_RUN}s" --latency -s "$ROOT/bench/queries.lua" "http://127.0.0.1:$PORT" | summary "$1"
  kill $PID; wait $PID 2>/dev/null || true
  PID=
}
floor() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$ROOT/build/bin/m4d-floor-server" "$PORT" 16 &
  PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done
  wrk -t2 -c16 -d3s -s "$ROOT/bench/queries.lua" "http://127.0.0.1:$PORT" >/dev/null
  wrk -t2 -c16 -d"${SECONDS_RUN}s" --latency -s "$ROOT/bench/queries.lua" "http://127.0.0.1:$PORT" | summary "floor (httplib)"
  kill $PID; wait $PID 2>/dev/null || true
  PID=
}
echo "wrk: 2 threads, 16 connections, ${SECONDS_RUN}s each, server with 16 worker threads"
run "search (cache)" 64
run "search (no cache)" 0
floor
