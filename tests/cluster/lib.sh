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
# free_ports N: N distinct free ports on one line (one python3 start: each costs ~0.4 s here).
free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}
# Whether something accepts connections on 127.0.0.1:$1.
listens() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
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

# same_answers BASE_A BASE_B PATH...: fails naming the first PATH whose status
# or body differs between the two servers. JSON bodies are compared canonical,
# without their timing; a server's base URL (page links in exports) becomes
# BASE; a body that is not JSON (CSV) is compared as it is. The answers are
# fetched first and compared by one python3 process.
same_answers() {
  local a=$1 b=$2 i=0 path
  shift 2
  for path in "$@"; do
    curl -s -w '\n%{http_code}' "$a$path" >"$T/answer.$i.a" || true
    curl -s -w '\n%{http_code}' "$b$path" >"$T/answer.$i.b" || true
    i=$((i + 1))
  done
  python3 - "$T" "$a" "$b" "$@" <<'PY' >"$T/differs" || fail "$(cat "$T/differs")"
import json, sys
scratch, base_a, base_b, *paths = sys.argv[1:]
def canonical(name, base):
    *body, status = open(name, encoding="utf-8").read().split("\n")
    text = "\n".join(body).replace(base, "BASE")
    try:
        d = json.loads(text)
        if isinstance(d, dict): d.pop("took_ms", None)
        return status + " " + json.dumps(d, sort_keys=True)
    except ValueError:
        return status + " " + text
for i, path in enumerate(paths):
    a = canonical("%s/answer.%d.a" % (scratch, i), base_a)
    b = canonical("%s/answer.%d.b" % (scratch, i), base_b)
    if a != b:
        print("%s differs: %s / %s" % (path, a[:200], b[:200]))
        sys.exit(1)
PY
}
