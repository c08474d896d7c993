# Helpers of the cluster tests (sourced): a scratch directory, real processes
# in their own process groups killed at exit, free ports, waiting, JSON bodies.
# shellcheck shell=bash
T=$(mktemp -d /tmp/m4d-cluster.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$T"/*.log; do echo "--- $f" >&2; tail -n 5 "$f" >&2; done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Starts a command in its own process group (killed whole at the end); its pid is in $last.
start() {
  local log=$1
  shift
  setsid "$@" >"$T/$log.log" 2>&1 &
  last=$!
  pids+=("$last")
}
wait_until() {  # seconds, description, command...
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq $((seconds * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "$what (waited ${seconds}s)"
}
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# The status and JSON body (canonical, without its timing) of GET $1; a body
# that is not JSON (CSV) as it is.
# Page links in exports name the server: its base URL becomes BASE.
reply() {
  curl -s -w '\n%{http_code}' "$1" | python3 -c '
import json, sys
*body, status = sys.stdin.read().split("\n")
text = "\n".join(body).replace(sys.argv[1], "BASE")
try:
    d = json.loads(text)
    if isinstance(d, dict): d.pop("took_ms", None)
    print(status, json.dumps(d, sort_keys=True))
except ValueError:
    print(status, text)' "$(grep -o '^http://[^/]*' <<<"$1")"
}
# The same for comparing answers of two servers.
body() { reply "$1"; }
