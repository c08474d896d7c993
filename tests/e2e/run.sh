#!/usr/bin/env bash
# Browser tests: builds an index of the bundled corpus in a temporary
# directory, starts m4d-serve with the web UI on a free port, runs the
# node:test files here with playwright-core and Debian's chromium, stops the
# service. The journeys (search.test.js) run twice, at a desktop width and at
# a phone width, each against a fresh copy of the corpus (they add
# documents); the axe audit covers both widths itself. Screenshots go to
# build/e2e-artifacts/ (phone ones end in -phone).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
WORK="$(mktemp -d /tmp/m4d-e2e-XXXXXX)"
SERVE_PID=""
stop_service() {
  [ -n "$SERVE_PID" ] || return 0
  kill "$SERVE_PID" 2>/dev/null || true
  wait "$SERVE_PID" 2>/dev/null || true
  SERVE_PID=""
}
trap 'stop_service; rm -rf "$WORK"' EXIT

TOKEN=e2e-editor-token
# Starts m4d-serve over a fresh copy of the corpus in $WORK/$1; sets PORT.
start_service() {
  local dir="$WORK/$1"
  mkdir -p "$dir"
  cp -r "$ROOT/corpus" "$dir/corpus"
  "$BUILD/bin/m4d-index" --corpus "$dir/corpus" --taxonomy "$ROOT/taxonomy" --out "$dir/index" 2>"$dir/index.log"
  PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  M4D_EDITOR_TOKEN="$TOKEN" "$BUILD/bin/m4d-serve" --index "$dir/index" --web "$ROOT/web" \
    --corpus "$dir/corpus" --port "$PORT" 2>"$dir/serve.log" &
  SERVE_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
}

cd "$HERE"
{ [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ]; } || npm ci --no-audit --no-fund --loglevel=error
export M4D_EDITOR_TOKEN="$TOKEN" M4D_E2E_ARTIFACTS="$BUILD/e2e-artifacts"
start_service desktop
echo "== browser tests at 1280x900, and the axe audit at both widths" >&2
M4D_BASE_URL="http://127.0.0.1:$PORT" M4D_E2E_VIEWPORT=1280x900 node --test --test-concurrency=1 ./*.test.js
stop_service
start_service phone
echo "== the journeys again at 375x800" >&2
M4D_BASE_URL="http://127.0.0.1:$PORT" M4D_E2E_VIEWPORT=375x800 node --test --test-concurrency=1 ./search.test.js
