#!/usr/bin/env bash
# Browser tests: builds an index of the bundled corpus in a temporary
# directory, starts m4d-serve with the web UI on a free port, runs the
# node:test files here with playwright-core and Debian's chromium, stops the
# service. Screenshots go to build/e2e-artifacts/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
WORK="$(mktemp -d /tmp/m4d-e2e-XXXXXX)"
trap 'kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

TOKEN=e2e-editor-token
cp -r "$ROOT/corpus" "$WORK/corpus"
"$BUILD/bin/m4d-index" --corpus "$WORK/corpus" --taxonomy "$ROOT/taxonomy" --out "$WORK/index" 2>"$WORK/index.log"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
M4D_EDITOR_TOKEN="$TOKEN" "$BUILD/bin/m4d-serve" --index "$WORK/index" --web "$ROOT/web" \
  --corpus "$WORK/corpus" --port "$PORT" 2>"$WORK/serve.log" &
SERVE_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

cd "$HERE"
{ [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ]; } || npm ci --no-audit --no-fund --loglevel=error
M4D_EDITOR_TOKEN="$TOKEN" M4D_BASE_URL="http://127.0.0.1:$PORT" M4D_E2E_ARTIFACTS="$BUILD/e2e-artifacts" node --test --test-concurrency=1 ./*.test.js
