#!/usr/bin/env bash
# The shared casebook measured: ingest into SQLite and into PostgreSQL (one process, then two
# processes on the two halves of the corpus, then two queue workers), search latency on both,
# and migrate. PostgreSQL is a local server this script starts (tests/pg_server.sh, fsync on).
#   Usage: bench/pg_throughput.sh [path/to/jikenbo] [MB]   (MB defaults to 20)
set -euo pipefail
JK=$(realpath "${1:-./build/jikenbo}")
MB=${2:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
PGDIR=$(mktemp -d -u /tmp/jikenbo-pgbench.XXXXXX)
ADMIN=$(PG_FSYNC=on bash "$ROOT/tests/pg_server.sh" start "$PGDIR")
trap 'bash "$ROOT/tests/pg_server.sh" stop "$PGDIR"; rm -rf "$WORK"' EXIT
n=0
newdb() {
  n=$((n + 1))
  psql -q "$ADMIN" -c "CREATE DATABASE b$n TEMPLATE template0 ENCODING 'UTF8'" > /dev/null
  DB="${ADMIN/\/postgres\?//b$n?}"
}
mkdir -p "$WORK/corpus" "$WORK/a" "$WORK/b"
bash "$ROOT/bench/notice_corpus.sh" "$MB" "$WORK/corpus" "$ROOT"/examples/*.txt "$ROOT"/examples/*.md
i=0
for f in "$WORK"/corpus/*; do
  if [ $((i % 2)) = 0 ]; then cp "$f" "$WORK/a/"; else cp "$f" "$WORK/b/"; fi
  i=$((i + 1))
done
bytes=$(du -sb "$WORK/corpus" | cut -f1)
echo "corpus: $(ls "$WORK/corpus" | wc -l) files, $((bytes / 1024 / 1024)) MB; PostgreSQL $(psql -qAt "$ADMIN" -c 'SHOW server_version'), fsync on"
timed() {  # timed LABEL COMMAND...: wall time and MB/s of the corpus
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$@" > "$WORK/out" 2>&1
  end=$(date +%s.%N)
  awk -v b="$bytes" -v s="$start" -v e="$end" -v l="$label" \
    'BEGIN { t = e - s; printf "%-52s %7.2f s  %6.2f MB/s\n", l, t, b / t / 1048576 }'
}
timed "ingest into SQLite, one process" "$JK" --db "$WORK/lite.db" ingest -q "$WORK/corpus"
newdb
PG1=$DB
timed "ingest into PostgreSQL, one process" "$JK" --db "$PG1" ingest -q "$WORK/corpus"
newdb
"$JK" --db "$DB" list > /dev/null
both() { "$JK" --db "$DB" ingest -q "$WORK/a" & "$JK" --db "$DB" ingest -q "$WORK/b"; wait; }
timed "ingest into PostgreSQL, two processes at once" both
newdb
"$JK" --db "$DB" enqueue "$WORK/corpus" > /dev/null
workers() {
  "$JK" --db "$DB" worker --exit-when-idle --poll 0.2 & "$JK" --db "$DB" worker --exit-when-idle --poll 0.2
  wait
}
timed "PostgreSQL work queue, two workers" workers
newdb
timed "migrate SQLite -> PostgreSQL" "$JK" migrate --from "$WORK/lite.db" --to "$DB"
for q in 紛失 個人情報 情 ランサムウェア "不正アクセス 漏えい"; do
  for db in "$WORK/lite.db" "$PG1"; do
    start=$(date +%s.%N)
    for _ in 1 2 3 4 5; do "$JK" --db "$db" search --limit 20 "$q" > /dev/null; done
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v q="$q" -v b="$([ "$db" = "$PG1" ] && echo PostgreSQL || echo SQLite)" \
      'BEGIN { printf "search %-24s %-10s %7.1f ms per query (whole process)\n", q, b, (e - s) / 5 * 1000 }'
  done
done
