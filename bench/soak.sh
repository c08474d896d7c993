#!/usr/bin/env bash
# Soak test: 10 minutes (SECONDS, default 600) of wrk at 32 connections on the
# search mix, 1,000 editor writes (POST/PUT/DELETE) from 4 clients, 3 kill -9
# restarts in the middle of writes, idle and slow clients, then a rebuild from
# corpus/. Prints requests, non-2xx, acknowledged writes lost or duplicated
# (must be 0), RSS and open fds before and after. Exit 1 if anything was lost.
# Usage: bench/soak.sh [SECONDS] [WRITES] [RESTARTS]   (needs wrk)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v wrk >/dev/null || { echo "soak.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/m4d-soak.XXXXXX)
trap 'pkill -f "m4d-serve --index $WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cp -r "$ROOT/corpus" "$WORK/corpus"
"$ROOT/build/bin/m4d-index" --corpus "$WORK/corpus" --taxonomy "$ROOT/taxonomy" --out "$WORK/index" 2>/dev/null
python3 "$ROOT/bench/soak.py" "$ROOT" "$WORK" "${1:-600}" "${2:-1000}" "${3:-3}"
