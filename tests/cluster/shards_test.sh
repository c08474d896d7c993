#!/usr/bin/env bash
# Cluster test (ctest label "cluster"): the bundled corpus as one index and as
# 3 shards, each served by a real xapian-tcpsrv, read by `m4d-serve --shards`;
# both answer every read identically; a dead shard gives a 503 naming it and
# answers come back by themselves when it is restarted.
#   shards_test.sh <m4d-index> <m4d-serve> <source dir>
set -euo pipefail
INDEX_BIN=$1 SERVE_BIN=$2 SRC=$3
. "$(dirname "$0")/lib.sh"

echo "shards: building the bundled corpus as one index and as 3 shards" >&2
cp -r "$SRC/corpus" "$T/corpus"
"$INDEX_BIN" --corpus "$T/corpus" --taxonomy "$SRC/taxonomy" --out "$T/single" 2>"$T/index.log"
"$INDEX_BIN" --corpus "$T/corpus" --taxonomy "$SRC/taxonomy" --out "$T/sharded" --shards 3 2>>"$T/index.log"
generation=$(readlink -f "$T/sharded")

# A shard server as an operator starts it (setsid: SIGTERM to xapian-tcpsrv
# kills its whole process group). A short idle timeout: the service must
# reconnect by itself when a shard server closes an idle connection.
start_shard() {  # k
  local port_var=PS$1
  start "shard$1" xapian-tcpsrv --interface 127.0.0.1 --port "${!port_var}" --idle-timeout 2000 "$generation/shard-$1"
  shard_pids[$1]=$last
}
read -r PS0 PS1 PS2 P_ONE P_SH < <(free_ports 5)
shard_pids=()
for k in 0 1 2; do start_shard $k; done
for k in 0 1 2; do
  port_var=PS$k
  wait_until 20 "shard $k listens" listens "${!port_var}"
done

start single "$SERVE_BIN" --index "$T/single" --corpus "$T/corpus" --port "$P_ONE" --web "$SRC/web"
# The sharded server's own directory: the stub it writes, and the spelling
# database (here the generation's; on another machine a replica of it).
mkdir -p "$T/front"
ln -s "$generation/spelling" "$T/front/spelling"
start front "$SERVE_BIN" --index "$T/front" --shards "127.0.0.1:$PS0,127.0.0.1:$PS1,127.0.0.1:$PS2" \
  --port "$P_SH" --web "$SRC/web" --cache-mb 0
ONE=http://127.0.0.1:$P_ONE SH=http://127.0.0.1:$P_SH
wait_until 20 "the single index answers" curl -sf "$ONE/healthz"
wait_until 20 "the sharded server answers" curl -sf "$SH/healthz"
grep -q "remote 127.0.0.1:$PS1" "$T/front/XAPIANDB" || fail "the stub does not name shard 1"

echo "shards: 38 reads answer identically from one index and from 3 remote shards" >&2
paths=(
  "/api/search?q=remittances" "/api/search?q=remittances&page=2" "/api/search?q=Marruecos"
  "/api/search?q=transferts%20de%20fonds" "/api/search?q=emploi%20des%20jeunes&theme=capacities"
  "/api/search?q=remesas&country=SN,ML" "/api/search?q=diaspora&goal=10&type=case_study"
  "/api/search?q=migrtion" "/api/search?q=remitances" "/api/search?q=%22local%20authorities%22"
  "/api/search?q=women%20-children" "/api/search?q=health&sort=date" "/api/search?q=health&sort=date&facets=false"
  "/api/search?theme=remittances&sort=title" "/api/search?sdg=10.7&region=011" "/api/search?sdg=10.7&type=case_study"
  "/api/search?q=ODS%2010" "/api/search?q=meta%2010.7&expand=false" "/api/search?q=%D8%A7%D9%84%D8%AA%D8%AD%D9%88%D9%8A%D9%84%D8%A7%D8%AA"
  "/api/search?q=remesas%20familiares&per_page=50&snippets=false" "/api/search?q=xyzzyq" "/api/search?q=senegal&theme=remittances&theme=health"
  "/api/documents/ss-01" "/api/documents/hb-tb-14" "/api/documents/nope"
  "/api/documents/ss-01/similar" "/api/documents/prj-mali-24/similar"
  "/api/suggest?q=remi" "/api/suggest?q=sen" "/api/suggest?q=dia&ui_lang=fr"
  "/api/export?format=json&q=diaspora" "/api/export?format=csv&sdg=10.7" "/api/export?format=json&country=SN"
  "/api/facets?q=migration" "/api/taxonomy" "/api/search?q=salud&lang=en"
  "/api/search?type=case_study&sdg=10.7&sdg_provenance=stated" "/api/search?q=migration&country=SN&country_role=primary"
)
[ "${#paths[@]}" -ge 30 ] || fail "fewer than 30 requests"
same_answers "$ONE" "$SH" "${paths[@]}"

echo "shards: an idle connection closed by a shard server is reopened" >&2
sleep 3
[ "$(status_of "$SH/api/search?q=diaspora%20bonds")" = 200 ] || fail "search after the shards' idle timeout"

echo "shards: writes are refused" >&2
[ "$(status_of -X POST -H 'Content-Type: application/json' -d '{}' "$SH/api/documents")" = 403 ] || fail "POST to a sharded server"

echo "shards: a dead shard gives a 503 naming it, and answers come back when it returns" >&2
kill -9 -- "-${shard_pids[1]}"
dead=$(curl -s -D "$T/headers" -w '\n%{http_code}' "$SH/api/search?q=remittances%20costs")
[ "$(tail -n1 <<<"$dead")" = 503 ] || fail "search with shard 1 dead: $dead"
grep -q "shard_unavailable" <<<"$dead" || fail "no shard_unavailable code: $dead"
grep -q "127.0.0.1:$PS1" <<<"$dead" || fail "the 503 does not name shard 1 (127.0.0.1:$PS1): $dead"
grep -qi "^retry-after:" "$T/headers" || fail "the 503 has no Retry-After"
[ "$(status_of "$SH/healthz")" = 503 ] || fail "/healthz is ok with a dead shard"
start_shard 1
back() { [ "$(status_of "$SH/api/search?q=remittances%20costs")" = 200 ]; }
wait_until 20 "answers after shard 1 restarted" back
same_answers "$ONE" "$SH" "/api/search?q=remittances"
echo "shards: OK" >&2
