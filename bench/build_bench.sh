#!/usr/bin/env bash
# Prints the wall time and peak memory (max RSS) of a full index build of the
# bundled corpus. Target: under 5 s and under 300 MB.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build/bin/m4d-index}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for run in 1 2 3; do
  /usr/bin/time -f "build run $run: %e s wall, %M KiB peak RSS" \
    "$BIN" --corpus "$ROOT/corpus" --taxonomy "$ROOT/taxonomy" --out "$OUT/index" 2>&1 |
    grep -E "build run|built"
done
