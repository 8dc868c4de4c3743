#!/usr/bin/env bash
# serve without its cache: wrk with 50 connections for SECONDS per kind of request, every request
# different (bench/web_distinct.lua): one-word searches (common words that match most of the
# casebook, and rare ones), two-word searches, deep pages of the whole list, filtered lists,
# case pages. Prints requests/s, p50, p99 and errors per kind, and serve's resident memory at
# start, after the run and at its peak.
# Usage: bench/web_distinct.sh [path/to/jikenbo] [MB] [SECONDS] [DB]
#   MB of generated notices (default 100, about 100,000 articles); DB: a casebook to reuse
#   (a SQLite file or a PostgreSQL URI; built from the corpus when it is empty or absent).
set -euo pipefail
JK=$(realpath "${1:-./build/jikenbo}")
MB=${2:-100}
SECS=${3:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
DB=${4:-$WORK/web.db}
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "wrk is missing (make deps installs it)"; exit 1; }

# (the text list's rows, a line an article: not one JSON array of the whole casebook)
count() { "$JK" --db "$DB" list --limit 0 2>/dev/null | grep -cE '^ *[0-9]+ ' || true; }
articles=$(count)
if [[ $articles == 0 ]]; then
  bash "$ROOT/bench/notice_corpus.sh" "$MB" "$WORK/corpus"
  "$JK" --db "$DB" ingest -q "$WORK/corpus" >/dev/null 2>&1 || true
  rm -rf "$WORK/corpus"
  articles=$(count)
fi
echo "casebook: $articles articles"

"$JK" --db "$DB" serve --port 0 --rate 0 --threads "${THREADS:-8}" 2>"$WORK/serve.log" &
SERVER=$!
for _ in $(seq 3000); do grep -q serving "$WORK/serve.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f2)
BASE="http://127.0.0.1:$PORT"
rss() { awk -v k="$1" '$1 == k":" {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status"; }
echo "serve RSS at start: $(rss VmRSS)"

total=$(curl -s "$BASE/api/cases?per_page=1" | jq .total)
pages=$(( (total + 49) / 50 ))
for p in 1 $(( pages / 3 )) $(( pages * 2 / 3 )) $pages; do
  curl -s "$BASE/api/cases?per_page=200&page=$(( p * 50 / 200 + 1 ))" | jq -r '.cases[].case_no // empty'
done | sort -u > "$WORK/cases.txt"

printf "\n%-10s %12s %10s %10s %s\n" request "requests/s" p50 p99 errors
for kind in search1 search2 deep filtered case; do
  CASES=$WORK/cases.txt wrk -t2 -c50 -d"${SECS}s" --timeout 10s --latency \
    -s "$ROOT/bench/web_distinct.lua" "$BASE" -- "$kind" "$pages" >"$WORK/wrk.out"
  printf "%-10s %12s %10s %10s %s\n" "$kind" "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")" \
    "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")" "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")" \
    "$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk.out" | tr -s ' ' | tr '\n' ' ' || true)"
done
echo
echo "serve RSS after the run: $(rss VmRSS), peak $(rss VmHWM)"
