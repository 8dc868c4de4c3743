#!/usr/bin/env bash
# Whole-process throughput of `jikenbo ingest` into a fresh SQLite casebook.
# Generates a deterministic corpus of about $MB megabytes (the example notices with varied names
# and years, as one-notice files and 40-item digest pages), then times the ingest and a second,
# duplicate-only ingest.   Usage: bench/ingest_throughput.sh [path/to/jikenbo] [MB]
# MB defaults to 200; STORE=0 measures only the analysis (normalise, segment, classify, extract),
# once on one analysis thread (the per-core figure) and once on every core.
set -euo pipefail
JK=$(realpath "${1:-./build/jikenbo}")
MB=${2:-200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/corpus"

bash "$ROOT/bench/notice_corpus.sh" "$MB" "$WORK/corpus" "$ROOT"/examples/*.txt "$ROOT"/examples/*.md
bytes=$(du -sb "$WORK/corpus" | cut -f1)
files=$(ls "$WORK/corpus" | wc -l)
echo "corpus: $files files, $((bytes / 1024 / 1024)) MB"

run() {  # run LABEL [FLAGS]: time one ingest of the corpus
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$JK" --db "$WORK/bench.db" ingest -q "$@" "$WORK/corpus" > "$WORK/out"
  end=$(date +%s.%N)
  awk -v b="$bytes" -v s="$start" -v e="$end" -v l="$label" -v out="$(cat "$WORK/out")" \
    'BEGIN { t = e - s; printf "%-40s %7.2f s  %7.2f MB/s   (%s)\n", l, t, b / t / 1048576, out }'
}
run "analyse only, one thread (--jobs 1)" --dry-run --jobs 1
run "analyse only, all cores" --dry-run
[ "${STORE:-1}" = 0 ] && exit 0
run "ingest (new casebook)"
run "re-ingest (no-op)"
echo "casebook size: $(($(stat -c %s "$WORK/bench.db") / 1024 / 1024)) MB"
