#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) with libFuzzer, seeded from the repository's
# own fixtures; new inputs go to build-fuzz/corpus/TARGET, crashes to fuzz/corpus/TARGET/ (commit
# them: make test replays every file there). Usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]
set -uo pipefail
BUILD=$1
SECS=${2:-60}
shift 2 || shift $#
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGETS=${*:-prepare decode extract ioc rules serve}
declare -A SEEDS=(
  [prepare]="examples tests/notices tests/fixtures fuzz/corpus/prepare"
  [decode]="examples tests/fixtures fuzz/corpus/decode"
  [extract]="examples tests/notices fuzz/corpus/extract"
  [ioc]="examples tests/notices fuzz/corpus/ioc"
  [rules]="rules fuzz/corpus/rules"
  [serve]="fuzz/corpus/serve"
)
status=0
for t in $TARGETS; do
  mkdir -p "$BUILD/corpus/$t" "$ROOT/fuzz/corpus/$t"
  seeds=()
  for d in ${SEEDS[$t]}; do seeds+=("$ROOT/$d"); done
  echo "== fuzz_$t for ${SECS} s"
  "$BUILD/fuzz_$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$ROOT/fuzz/corpus/$t/" -print_final_stats=1 \
    "$BUILD/corpus/$t" "${seeds[@]}" > "$BUILD/fuzz_$t.log" 2>&1 || status=1
  grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|ERROR|SUMMARY' "$BUILD/fuzz_$t.log" | head -5
done
exit $status
