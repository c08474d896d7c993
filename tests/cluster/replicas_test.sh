#!/usr/bin/env bash
# Cluster test (ctest label "cluster"): a primary m4d-serve, Xapian's
# replication server, two replicas kept current by xapian-replicate, and nginx
# in front (deploy/nginx/m4d-search.conf), all real processes on 127.0.0.1
# with free ports.
#   replicas_test.sh <m4d-index> <m4d-serve> <source dir>
set -euo pipefail
INDEX_BIN=$1 SERVE_BIN=$2 SRC=$3
. "$(dirname "$0")/lib.sh"
TOKEN=cluster-editor-token

echo "cluster: building the primary's index" >&2
cp -r "$SRC/corpus" "$T/corpus"
"$INDEX_BIN" --corpus "$T/corpus" --taxonomy "$SRC/taxonomy" --out "$T/primary/index" 2>"$T/index.log"

read -r P_REPL P0 P1 P2 PN < <(free_ports 5)
start replicate-server xapian-replicate-server -I 127.0.0.1 -p "$P_REPL" "$T/primary"
M4D_EDITOR_TOKEN=$TOKEN start primary "$SERVE_BIN" --index "$T/primary/index" --corpus "$T/corpus" \
  --port "$P0" --web "$SRC/web" --replication-changesets 100
PRIMARY=http://127.0.0.1:$P0
wait_until 20 "the primary answers" curl -sf "$PRIMARY/healthz"

# Each replica copies the databases of the primary's current generation
# through its link ("index/shard-0"): a rebuild is a new database there, which
# xapian-replicate copies in full.
replica_pids=()
for r in 1 2; do
  dir=$T/replica$r
  mkdir -p "$dir"
  echo "auto shard-0" >"$dir/XAPIANDB"
  for db in shard-0 spelling; do
    xapian-replicate -h 127.0.0.1 -p "$P_REPL" -m "index/$db" -o -q "$dir/$db" || fail "first copy of $db"
    start "replicate$r-$db" xapian-replicate -h 127.0.0.1 -p "$P_REPL" -m "index/$db" -i 1 -r 1 -q "$dir/$db"
  done
  port_var=P$r
  start "replica$r" "$SERVE_BIN" --index "$dir" --port "${!port_var}" --web "$SRC/web" --primary "$PRIMARY"
  replica_pids+=("$last")
  wait_until 20 "replica $r answers" curl -sf "http://127.0.0.1:${!port_var}/healthz"
done
R1=http://127.0.0.1:$P1 R2=http://127.0.0.1:$P2

mkdir -p "$T/nginx"
sed -e "s|@LISTEN@|127.0.0.1:$PN|" -e "s|@PRIMARY@|127.0.0.1:$P0|" \
  -e "s|@REPLICAS@|server 127.0.0.1:$P1 max_fails=1 fail_timeout=10s; server 127.0.0.1:$P2 max_fails=1 fail_timeout=10s;|" \
  "$SRC/deploy/nginx/m4d-search.conf" >"$T/nginx/site.conf"
cat >"$T/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 256; }
http {
  access_log $T/nginx/access.log;
  client_body_temp_path $T/nginx/body;
  proxy_temp_path $T/nginx/proxy;
  fastcgi_temp_path $T/nginx/fastcgi;
  uwsgi_temp_path $T/nginx/uwsgi;
  scgi_temp_path $T/nginx/scgi;
  include $T/nginx/site.conf;
}
EOF
start nginx nginx -p "$T/nginx" -c "$T/nginx/nginx.conf"
LB=http://127.0.0.1:$PN
wait_until 20 "nginx answers" curl -sf "$LB/healthz"

echo "cluster: reads through nginx answer as the primary does" >&2
same_answers "$PRIMARY" "$LB" "/api/search?q=remittances" "/api/search?q=emploi%20des%20jeunes&theme=capacities" \
  "/api/search?sdg=10.7&type=case_study" "/api/search?q=remitances" "/api/documents/ss-01" \
  "/api/documents/ss-01/similar" "/api/suggest?q=dia" "/api/export?format=json&country=SN" "/api/taxonomy"
[ "$(curl -s "$R1/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["role"])')" = replica ] ||
  fail "replica 1 does not say it is a replica"

echo "cluster: nginx holds slow clients and refuses an oversized body at once" >&2
python3 - "$PN" <<'PY' || fail "nginx in front did not hold slow clients"
import socket, sys, threading, time
port = int(sys.argv[1])
def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=15)
    return s
# A declared 25 MiB body, never sent: 413 without waiting for it.
s = connect()
t0 = time.time()
s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: 26214400\r\n\r\n")
answer = s.recv(200)
assert answer.startswith(b"HTTP/1.1 413") and time.time() - t0 < 1.0, (answer, time.time() - t0)
# Clients sending one header line a second: cut at the 5 s header deadline,
# while a new client is answered at once.
closed = []
def drip():
    c = connect()
    c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    start = time.time()
    try:
        for i in range(20):
            c.sendall(b"X-Slow-%d: y\r\n" % i)
            time.sleep(1)
    except OSError:
        pass
    closed.append(time.time() - start)
drippers = [threading.Thread(target=drip) for _ in range(32)]
for d in drippers:
    d.start()
time.sleep(1)
t0 = time.time()
s = connect()
s.sendall(b"GET /api/search?q=diaspora HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
assert s.recv(12) == b"HTTP/1.1 200" and time.time() - t0 < 2.0, time.time() - t0
for d in drippers:
    d.join()
assert len(closed) == 32 and max(closed) < 9, closed
print("nginx: 413 at once; 32 slow header clients cut after %.1f-%.1f s" % (min(closed), max(closed)), file=sys.stderr)
PY

echo "cluster: a write sent to a replica is refused, naming the primary" >&2
doc='{"title":"Cluster test: seaweed cooperatives of returnees in Zanzibar","type":"case_study","text":"Returning migrants in Zanzibar, Tanzania, founded seaweed cooperatives with the district council and bought drying racks and boats with their savings."}'
refused=$(curl -s -w '\n%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "$doc" "$R1/api/documents")
[ "$(tail -n1 <<<"$refused")" = 403 ] || fail "POST to a replica: $refused"
grep -q "$PRIMARY" <<<"$refused" || fail "the refusal does not name the primary: $refused"

echo "cluster: a document posted through nginx reaches both replicas" >&2
created=$(curl -s -w '\n%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "$doc" "$LB/api/documents")
[ "$(tail -n1 <<<"$created")" = 201 ] || fail "POST through nginx: $created"
id=$(head -n1 <<<"$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for replica in "$R1" "$R2"; do
  wait_until 15 "$id on $replica" curl -sf "$replica/api/documents/$id"
  curl -s "$replica/api/search?q=zanzibar%20seaweed" | grep -q "\"$id\"" || fail "$replica does not find $id"
done

echo "cluster: a dead replica leaves nginx serving" >&2
kill -9 -- "-${replica_pids[0]}"
for i in $(seq 20); do
  [ "$(status_of "$LB/api/search?q=diaspora&page=$((i % 3 + 1))")" = 200 ] || fail "request $i through nginx without replica 1"
done

echo "cluster: a rebuild of the primary reaches the replica as a full copy" >&2
"$INDEX_BIN" --corpus "$T/corpus" --taxonomy "$SRC/taxonomy" --out "$T/primary/index" 2>>"$T/index.log"
revision_is_one() { [ "$(curl -sf "$R2/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["index_revision"])')" = 1 ]; }
wait_until 20 "replica 2 serves the rebuilt index" revision_is_one
curl -sf "$R2/api/documents/$id" >/dev/null || fail "the rebuilt index on replica 2 lacks $id"
same_answers "$PRIMARY" "$R2" "/api/search?q=remittances"
echo "cluster: replicas OK" >&2
