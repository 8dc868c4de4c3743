#!/usr/bin/env bash
# Requests per second and latency of `jikenbo serve` with wrk (Debian's wrk), 50 connections,
# against a generated casebook of about 100,000 articles: the list page, a case page, a search,
# the stats API and a filtered API list; first the time of each endpoint's first request. Usage: bench/web_throughput.sh [path/to/jikenbo] [MB] [SECONDS]
# (MB of notices to ingest, default 100 = about 100,000 articles; SECONDS per endpoint, 10)
set -euo pipefail
JK=$(realpath "${1:-./build/jikenbo}")
MB=${2:-100}
SECS=${3:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
command -v wrk > /dev/null || { echo "wrk is missing (apt-get install wrk; make deps installs it)"; exit 1; }

bash "$ROOT/bench/notice_corpus.sh" "$MB" "$WORK/corpus"
start=$(date +%s)
# (the corpus repeats every example, the binary ones too: some files fail, as they should)
"$JK" --db "$WORK/web.db" ingest -q "$WORK/corpus" > "$WORK/ingest.out" 2> /dev/null || true
articles=$("$JK" --db "$WORK/web.db" list --limit 0 --format json | jq length)
echo "casebook: $articles articles ($(cat "$WORK/ingest.out"); $(( $(date +%s) - start )) s)"

"$JK" --db "$WORK/web.db" serve --port 0 --rate 0 --threads "${THREADS:-8}" 2> "$WORK/serve.log" &
SERVER=$!
for _ in $(seq 600); do grep -q serving "$WORK/serve.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f2)
BASE="http://127.0.0.1:$PORT"
CASE=$(curl -s "$BASE/api/cases?per_page=1&page=500" | jq -r '.cases[0].url')

PATHS=("/" "$CASE" "/search?q=%E7%B4%9B%E5%A4%B1" "/api/stats?by=month" "/api/cases?type=ransomware")
# The first request of each endpoint is computed (a GET answer is then served from the cache
# until the casebook changes): its time is what a user sees first.
printf "%-34s %12s\n" endpoint "first (s)"
for path in "${PATHS[@]}"; do
  printf "%-34s %12s\n" "$path" "$(curl -s -o /dev/null -w '%{time_total}' "$BASE$path")"
done
printf "\n%-34s %12s %10s %10s\n" endpoint "requests/s" "p50" "p99"
for path in "${PATHS[@]}"; do
  wrk -t2 -c50 -d"${SECS}s" --latency "$BASE$path" > "$WORK/wrk.out"
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")
  errors=$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk.out" | tr -s ' ' | tr '\n' ' ' || true)
  printf "%-34s %12s %10s %10s %s\n" "$path" "$rps" "$p50" "$p99" "$errors"
done

# 1,000 connections at once on the list: every connection served (the excess waits in the
# listen queue), none refused or reset.
ulimit -n 8192 2>/dev/null || true
wrk -t2 -c1000 -d"${SECS}s" --timeout 60s --latency "$BASE/" > "$WORK/wrk.out"
printf "\n%-34s %12s %10s %10s %s\n" "/ (1000 connections)" \
  "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")" "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")" \
  "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")" \
  "$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk.out" | tr -s ' ' | tr '\n' ' ' || true)"
