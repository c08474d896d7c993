#!/usr/bin/env bash
# One local index against the same units as 3 shards, each behind its own
# xapian-tcpsrv on loopback and read by `m4d-serve --shards`: wrk on the
# search mix (bench/queries.lua, response cache off) against both, in one
# run, for the bundled corpus and for N synthetic units (bench/synthetic.cpp).
# Prints requests/s and p50/p99 latency of each.
# Usage: bench/cluster.sh [N] [SECONDS]   (default 100000 units, 15 s; needs wrk, xapian-tools)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-100000}"
SECONDS_RUN="${2:-15}"
for tool in wrk xapian-tcpsrv; do
  command -v $tool >/dev/null || { echo "cluster.sh: $tool is not installed (apt-get install wrk xapian-tools)" >&2; exit 2; }
done
[ -x "$ROOT/build/bin/synthetic" ] || { echo "cluster.sh: build first (cmake --build build)" >&2; exit 2; }
W=$(mktemp -d /tmp/m4d-cluster-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$W"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
summary() {
  awk -v name="$1" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "  %-28s requests/s %9s   p50 %8s   p99 %8s   non-2xx %s\n", name, rps, p50, p99, (bad==""?0:bad)}'
}
# serve LABEL ARGS...: m4d-serve with ARGS, 3 s of warm-up, then the measured run.
serve() {
  local label=$1 port
  shift
  port=$(free_port)
  setsid "$ROOT/build/bin/m4d-serve" "$@" --port "$port" --threads 16 --cache-mb 0 2>"$W/serve.log" &
  local pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "cluster.sh: $label did not start" >&2; cat "$W/serve.log" >&2; exit 1; }
  wrk -t2 -c16 -d3s -s "$ROOT/bench/queries.lua" "http://127.0.0.1:$port" >/dev/null
  wrk -t2 -c16 -d"${SECONDS_RUN}s" --latency -s "$ROOT/bench/queries.lua" "http://127.0.0.1:$port" | summary "$label"
  kill -- "-$pid"
  wait "$pid" 2>/dev/null || true
}
# compare NAME SINGLE_INDEX SHARDED_INDEX: the single index, then its 3 shards over loopback.
compare() {
  echo "$1"
  serve "one local index" --index "$2"
  local shards=() k port
  for k in 0 1 2; do
    port=$(free_port)
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$(readlink -f "$3")/shard-$k" >"$W/tcpsrv$k.log" 2>&1 &
    pids+=($!)
    shards+=("127.0.0.1:$port")
  done
  sleep 1
  mkdir -p "$W/front-$1"
  [ -d "$3/spelling" ] && ln -sfn "$(readlink -f "$3")/spelling" "$W/front-$1/spelling"
  serve "3 shards over xapian-tcpsrv" --index "$W/front-$1" --shards "$(IFS=,; echo "${shards[*]}")"
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done
  pids=()
}
echo "wrk: 2 threads, 16 connections, ${SECONDS_RUN}s each, cache off, 16 worker threads; machine: $(nproc) cores"
"$ROOT/build/bin/m4d-index" --corpus "$ROOT/corpus" --taxonomy "$ROOT/taxonomy" --out "$W/bundled1" 2>/dev/null
"$ROOT/build/bin/m4d-index" --corpus "$ROOT/corpus" --taxonomy "$ROOT/taxonomy" --out "$W/bundled3" --shards 3 2>/dev/null
compare bundled "$W/bundled1" "$W/bundled3"
echo "building $N synthetic units, as one index and as 3 shards" >&2
M4D_SYNTH_KEEP=1 M4D_SYNTH_SPELLING=1 "$ROOT/build/bin/synthetic" "$N" "$W/synth1" >/dev/null 2>&1
M4D_SYNTH_KEEP=1 M4D_SYNTH_SPELLING=1 M4D_SHARDS=3 "$ROOT/build/bin/synthetic" "$N" "$W/synth3" >/dev/null 2>&1
compare "synthetic-$N" "$W/synth1/index" "$W/synth3/index"
