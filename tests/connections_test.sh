#!/usr/bin/env bash
# connections_test.sh JIKENBO SOURCE_DIR
# 1,000 connections at once on `jikenbo serve` (wrk, 3 s, on the examples' casebook): not one
# is refused or reset. The server holds up to --max-connections open (here 200, so that most
# of them wait) and leaves the rest in the listen queue until a connection closes; wrk's
# timeout is long, so that only a dropped connection can fail this. Prints the figures.
set -euo pipefail
JK=$(realpath "$1")
SRC=$(realpath "$2")
command -v wrk >/dev/null || { echo "connections_test: wrk is missing (make deps installs it)"; exit 1; }
ulimit -n 8192 2>/dev/null || true
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
"$JK" --db "$WORK/c.db" ingest "$SRC/examples" >/dev/null 2>&1
"$JK" --db "$WORK/c.db" serve --port 0 --rate 0 --max-connections 200 2> "$WORK/serve.log" &
SERVER=$!
for _ in $(seq 300); do grep -q serving "$WORK/serve.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f2)
[[ -n $PORT ]] || { echo "connections_test: serve did not start"; cat "$WORK/serve.log"; exit 1; }
status=0
for path in /api/cases /cases/2031-001; do
  wrk -t2 -c1000 -d3s --timeout 60s "http://127.0.0.1:$PORT$path" > "$WORK/wrk.out" 2>&1 || true
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  problems=$(grep -E 'Socket errors|Non-2xx|unable to connect' "$WORK/wrk.out" | tr -s ' ' | tr '\n' ' ' || true)
  echo "connections_test: $path, 1000 connections: ${requests:-0} requests ${problems:-no errors}"
  if [[ -n $problems || -z $requests || $requests == 0 ]]; then
    cat "$WORK/wrk.out"
    status=1
  fi
done
kill -0 "$SERVER" || { echo "connections_test: serve died"; exit 1; }
exit $status
