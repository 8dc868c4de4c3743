#!/usr/bin/env bash
# The shared casebook end to end, on a real PostgreSQL server this script starts and stops
# (tests/pg_server.sh): the CLI gives the same answers on PostgreSQL as on SQLite; several
# ingest processes at once; migrate both ways; the work queue with workers, one killed mid-job;
# the server stopped mid-ingest; bad addresses and foreign databases.
#   Usage: pg_cli_test.sh path/to/jikenbo repo_root
set -uo pipefail
JK=$(realpath "$1")
ROOT=$(realpath "$2")
TMP=$(mktemp -d)
PGDIR=$(mktemp -d -u /tmp/jikenbo-pgcli.XXXXXX)
source "$ROOT/tests/check.sh"
ADMIN=$(bash "$ROOT/tests/pg_server.sh" start "$PGDIR") || { echo "FAIL: PostgreSQL did not start"; exit 1; }
python3 "$ROOT/tests/http_fixture.py" > "$TMP/port" &
HTTP=$!
trap 'kill $HTTP 2>/dev/null; bash "$ROOT/tests/pg_server.sh" stop "$PGDIR"; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
B="http://127.0.0.1:$(head -1 "$TMP/port")"
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS=(); [ "$(id -u)" = 0 ] && AS=(runuser -u nobody --)

# A new database on the test server; prints its URI (called in $(...): the name comes from a
# counter file, not a variable).
echo 0 > "$TMP/dbs"
newdb() {
  local n=$(($(cat "$TMP/dbs") + 1))
  echo $n > "$TMP/dbs"
  psql -q "$ADMIN" -c "CREATE DATABASE t$n TEMPLATE template0 ENCODING 'UTF8'" >/dev/null || return 1
  echo "${ADMIN/\/postgres\?//t$n?}"
}
sql() { psql -qAt "$1" -c "$2"; }
export -f sql

# --- the same answers on both backends ----------------------------------------------------------
PG=$(newdb)
LITE="$TMP/lite.db"
"$JK" --db "$LITE" ingest -q "$ROOT/examples" > /dev/null
check "ingest into PostgreSQL" bash -c "'$JK' --db '$PG' ingest '$ROOT/examples' | grep -qE '^[0-9]+ documents, [0-9]+ articles ingested; 0 duplicates, 0 skipped, 0 errors'"
check "…again: every document a duplicate, nothing written" bash -c "'$JK' --db '$PG' ingest -q '$ROOT/examples' | grep -qE '^0 documents, 0 articles ingested; [1-9][0-9]* duplicates'"
# Times of ingest (and STIX objects dated by them) differ between the two ingests.
norm() { grep -vE 'ingested_at|"(created|modified|published|valid_from)": "20'; }
export -f norm
for c in "export --format jsonl" "list --format json" "search 紛失 --format json" "search 個人情報 --format json" \
         "search 情 --format json" "search ransomware --format json" "stats --format json" "show 2 --format json" \
         "case review --format json" "digest" "export --format stix" "export --format veris" "archive show 2031-001 --format json"; do
  check "same answer on both backends: $c" bash -c "set -o pipefail; diff <('$JK' --db '$LITE' $c 2>&1 | norm) <(JIKENBO_DB='$PG' '$JK' $c 2>&1 | norm) | cut -c1-300"
done
check "corrections on PostgreSQL are logged" bash -c "'$JK' --db '$PG' edit 1 --set type=misdelivery --by ana >/dev/null && '$JK' --db '$PG' log --format json | jq -e 'any(.[]; .who == \"ana\")' >/dev/null"

W=$(newdb)
check "watch a feed into PostgreSQL: every item taken" bash -c "'$JK' --db '$W' watch --allow-private --once '$B/feed.rss' | grep -q '2 items, 2 new; 2 documents, 2 articles ingested; 0 errors'"
check "…the feed's state is kept: unchanged at the next poll" bash -c "'$JK' --db '$W' watch --allow-private --once '$B/feed.rss' | grep -q 'unchanged'"

# --- several writers at once --------------------------------------------------------------------
CON=$(newdb)
"$JK" --db "$CON" list > /dev/null  # the tables, once
pids=()
for w in 1 2 3; do
  "$JK" --db "$CON" ingest -q "$ROOT/examples" "$ROOT/tests/fixtures/cases" > "$TMP/w$w.out" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
check "three ingest processes at once: no errors" bash -c "grep -h 'ingested' $TMP/w?.out | grep -c ' 0 errors$' | grep -qx 3 && ! grep -q 'error:' $TMP/w?.out"
check "…each document archived once" bash -c "test \$(sql '$CON' 'SELECT count(*) FROM documents') -eq \$(sql '$CON' 'SELECT count(DISTINCT sha256) FROM documents') && test \$(sql '$CON' 'SELECT count(*) FROM documents') -gt 20"
check "…each stored by exactly one process, the others reported duplicates" bash -c "test \$(sed -nE 's/^([0-9]+) documents.*/\1/p' $TMP/w?.out | paste -sd+ | bc) -eq \$(sql '$CON' 'SELECT count(*) FROM documents') && test \$(sed -nE 's/.*; ([0-9]+) duplicates.*/\1/p' $TMP/w?.out | paste -sd+ | bc) -ge 40"
"$JK" --db "$TMP/seq.db" ingest -q "$ROOT/examples" "$ROOT/tests/fixtures/cases" > /dev/null
cases() { "$JK" --db "$1" export --format jsonl | jq -r '[.case_no, .title] | @tsv' | sort | awk -F'\t' '{a[$1] = a[$1] "|" $2} END {for (k in a) print a[k]}' | sort; }
export JK
export -f cases
check "…the reports share cases as when ingested by one process" bash -c "test \$(cases '$TMP/seq.db' | wc -l) -gt 5 && diff <(cases '$TMP/seq.db') <(cases '$CON')"
check "…no case number given to two incidents, every incident numbered" bash -c "test \$(sql '$CON' \"SELECT count(*) FROM pending_cases\") -eq 0"

# --- migrate ------------------------------------------------------------------------------------
MIG=$(newdb)
check "migrate SQLite -> PostgreSQL" bash -c "'$JK' migrate --from '$LITE' --to '$MIG' | grep -q '^copied [1-9][0-9]* documents'"
check "…the exports are identical" bash -c "diff <('$JK' --db '$LITE' export --format jsonl) <('$JK' --db '$MIG' export --format jsonl)"
check "…search works on the copy" bash -c "diff <('$JK' --db '$LITE' search 誤送信 --format json) <('$JK' --db '$MIG' search 誤送信 --format json)"
check "…the archived bytes are the same" bash -c "for k in \$('$JK' --db '$LITE' export --format jsonl | jq -r .case_no | sort -u | grep -v null); do cmp <('$JK' --db '$LITE' archive show \$k --format json | jq -r '.[].sha256' | head -1 | xargs '$JK' --db '$LITE' archive show) <('$JK' --db '$LITE' export --format jsonl >/dev/null; '$JK' --db '$MIG' archive show \$('$JK' --db '$LITE' archive show \$k --format json | jq -r '.[].sha256' | head -1)) || exit 1; done"
check "…into a casebook that is not empty: refused" bash -c "'$JK' migrate --from '$LITE' --to '$MIG' 2>&1 | grep -q 'not empty'"
check "migrate PostgreSQL (with corrections) -> SQLite, then compare" bash -c "'$JK' migrate --from '$PG' --to '$TMP/back.db' >/dev/null && diff <('$JK' --db '$PG' export --format jsonl) <('$JK' --db '$TMP/back.db' export --format jsonl) && diff <('$JK' --db '$PG' log --format json) <('$JK' --db '$TMP/back.db' log --format json)"
check "…and a new ingest after it continues the numbering" bash -c "'$JK' --db '$MIG' ingest -q '$ROOT/tests/fixtures/cases' | grep -q 'documents' && test \$(sql '$MIG' 'SELECT count(*) FROM documents') -gt \$(sqlite3 '$LITE' 'SELECT count(*) FROM documents')"

# --- the work queue -----------------------------------------------------------------------------
Q=$(newdb)
check "enqueue a directory (one job per file)" bash -c "'$JK' --db '$Q' enqueue '$ROOT/examples' | grep -qE '^[1-9][0-9]* jobs enqueued, 0 already waiting'"
check "…again: already waiting" bash -c "'$JK' --db '$Q' enqueue '$ROOT/examples' | grep -qE '^0 jobs enqueued, [1-9][0-9]* already waiting'"
"$JK" --db "$Q" worker --exit-when-idle --poll 0.2 > "$TMP/q1.out" 2>&1 &
q1=$!
"$JK" --db "$Q" worker --exit-when-idle --poll 0.2 > "$TMP/q2.out" 2>&1 &
wait $q1 $!
check "two workers drain the queue" bash -c "'$JK' --db '$Q' queue --format json | jq -e '.pending == 0 and .running == 0 and .failed == 0 and .done > 10' >/dev/null"
check "…both worked" bash -c "grep -q '^job ' '$TMP/q1.out' && grep -q '^job ' '$TMP/q2.out'"
check "…each job done once: the casebook holds what an ingest gives (in the workers' order)" bash -c "diff <('$JK' --db '$LITE' export --format jsonl | jq -c 'del(.doc, .id, .case_no)' | sort) <('$JK' --db '$Q' export --format jsonl | jq -c 'del(.doc, .id, .case_no)' | sort) >/dev/null && test \$(sql '$Q' 'SELECT count(*) FROM documents') -eq \$(sqlite3 '$LITE' 'SELECT count(*) FROM documents')"
check "a missing file fails after its attempts, its error kept" bash -c "'$JK' --db '$Q' enqueue --max-attempts 2 '$B/missing' >/dev/null && '$JK' --db '$Q' worker --exit-when-idle --poll 0.1 --allow-private >/dev/null 2>&1; '$JK' --db '$Q' queue --state failed --format json | jq -e '.jobs[0].attempts == 2 and (.jobs[0].error | test(\"404\"))' >/dev/null"

# A worker killed mid-job: its lease runs out and another worker does the job, once.
K=$(newdb)
"$JK" --db "$K" enqueue "$B/slow?s=4" > /dev/null
"$JK" --db "$K" worker --allow-private --lease 2 --poll 0.2 > "$TMP/k1.out" 2>&1 &
K1=$!
for _ in $(seq 50); do
  "$JK" --db "$K" queue --format json | jq -e '.running == 1' >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 0.5
kill -9 $K1; wait $K1 2>/dev/null
check "a worker killed with SIGKILL mid-job leaves the job running under its lease" bash -c "'$JK' --db '$K' queue --format json | jq -e '.running == 1 and .done == 0' >/dev/null && test \$(sql '$K' 'SELECT count(*) FROM documents') -eq 0"
check "…another worker takes it when the lease runs out and does it" bash -c "'$JK' --db '$K' worker --allow-private --lease 2 --poll 0.2 --exit-when-idle | grep -q 'attempt 2'"
check "…exactly once: one document, the job done on its second attempt" bash -c "'$JK' --db '$K' queue --format json | jq -e '.done == 1 and .jobs[0].attempts == 2 and .jobs[0].state == \"done\"' >/dev/null && test \$(sql '$K' 'SELECT count(*) FROM documents') -eq 1"
check "the queue refuses a SQLite casebook, clearly" bash -c "'$JK' --db '$TMP/x.db' enqueue '$ROOT/examples' 2>&1 | grep -q 'needs a shared PostgreSQL casebook'"

# --- the server goes away mid-ingest ------------------------------------------------------------
mkdir -p "$TMP/many"
for i in $(seq 1 250); do
  { echo "架空町第${i}号の書類紛失について"; echo; echo "架空町は、住民${i}名分の書類を紛失したと発表した。"; } > "$TMP/many/n$i.txt"
done
GONE=$(newdb)
"$JK" --db "$GONE" ingest -q "$TMP/many" > "$TMP/gone.out" 2> "$TMP/gone.err" &
ING=$!
for _ in $(seq 100); do
  test "$(sql "$GONE" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)" -gt 20 && break
  sleep 0.05
done
"${AS[@]}" "$BIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop > /dev/null 2>&1
wait $ING
rc=$?
check "the server stopped mid-ingest: the command fails (exit $rc)" test $rc -ne 0
check "…with a clear error naming what was not stored" bash -c "grep -qi 'lost the connection to PostgreSQL' '$TMP/gone.err' && grep -qE 'n[0-9]+\.txt|not numbered' '$TMP/gone.err'"
"${AS[@]}" "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$PGDIR' -c fsync=off -c max_connections=200" start > /dev/null
check "…nothing half-written: every stored document has all its articles" bash -c "test \$(sql '$GONE' 'SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.document_id = d.id)') -eq 0 && test \$(sql '$GONE' 'SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = a.id)') -eq 0"
check "…and a re-run completes it" bash -c "'$JK' --db '$GONE' ingest -q '$TMP/many' | grep -qE ' 0 errors' && test \$(sql '$GONE' 'SELECT count(*) FROM documents') -eq 250 && test \$(sql '$GONE' 'SELECT count(*) FROM pending_cases') -eq 0"

# --- bad addresses and other databases ----------------------------------------------------------
check "an unreachable server: a clear error, exit 2" bash -c "'$JK' --db 'postgresql:///x?host=/nonexistent&connect_timeout=2' list 2>&1 | grep -q 'cannot connect to PostgreSQL'; test \${PIPESTATUS[0]} -eq 2"
check "a password never appears in an error" bash -c "! '$JK' --db 'postgresql://jk:s3cret@127.0.0.1:1/x?connect_timeout=2' list 2>&1 | grep -q s3cret"
OTHER=$(newdb)
sql "$OTHER" "CREATE TABLE invoices (id int)"
check "a database of another application is refused and left alone" bash -c "'$JK' --db '$OTHER' list 2>&1 | grep -q 'not a jikenbo casebook' && test \$(sql '$OTHER' \"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'\") -eq 1"
sql "$PG" "UPDATE jikenbo_meta SET value = '99' WHERE key = 'schema_version'"
check "a newer schema is refused" bash -c "'$JK' --db '$PG' list 2>&1 | grep -q 'newer than this jikenbo'"

echo "pg cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
