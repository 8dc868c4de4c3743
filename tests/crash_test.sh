#!/usr/bin/env bash
# Crash consistency: `jikenbo ingest` killed with SIGKILL at random points of a large batch, 20
# times, and a power cut simulated by truncating the write-ahead log. After each: the casebook
# opens, passes PRAGMA integrity_check, holds only whole documents (each with exactly the
# articles a full ingest gives it), and re-running the batch completes it with no duplicate.
# Usage: crash_test.sh path/to/jikenbo path/to/repo [ROUNDS]
set -uo pipefail
JK=$(realpath "$1")
ROOT=$(realpath "$2")
ROUNDS=${3:-20}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
source "$ROOT/tests/check.sh"

bash "$ROOT/bench/notice_corpus.sh" 3 "$TMP/corpus"
# The reference: one uninterrupted ingest.
"$JK" --db "$TMP/ref.db" ingest -q "$TMP/corpus" > /dev/null 2>&1
cat > "$TMP/inspect.py" <<'PY'
import sqlite3, sys
# Prints: integrity, then one line per document "sha256 articles", sorted.
db = sqlite3.connect(sys.argv[1])
print(db.execute("PRAGMA integrity_check").fetchone()[0])
# killed before the schema was created: an empty casebook, which jikenbo completes on open
if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
    sys.exit(0)
for sha, n in db.execute(
        "SELECT d.sha256, count(a.id) FROM documents d LEFT JOIN articles a"
        " ON a.document_id = d.id GROUP BY d.id ORDER BY d.sha256"):
    print(sha, n)
PY
python3 "$TMP/inspect.py" "$TMP/ref.db" | tail -n +2 > "$TMP/ref.docs"
docs=$(wc -l < "$TMP/ref.docs")
check "the reference ingest stored documents ($docs)" test "$docs" -gt 100
# How long a full ingest takes, to kill at random points inside it.
start=$(date +%s%N)
"$JK" --db "$TMP/timing.db" ingest -q "$TMP/corpus" > /dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
measured_ms=$full_ms

consistent() {  # consistent DB: it opens, integrity ok, every document whole and known
  "$JK" --db "$1" list --limit 1 > /dev/null || { echo "jikenbo cannot open it"; return 1; }
  python3 "$TMP/inspect.py" "$1" > "$TMP/got" || return 1
  [ "$(head -1 "$TMP/got")" = ok ] || { echo "integrity: $(head -1 "$TMP/got")"; return 1; }
  tail -n +2 "$TMP/got" > "$TMP/got.docs"
  # every stored document is in the reference with the same number of articles
  comm -23 "$TMP/got.docs" "$TMP/ref.docs" | head -3 > "$TMP/extra"
  [ ! -s "$TMP/extra" ] || { echo "not whole: $(cat "$TMP/extra")"; return 1; }
}

killed_mid=0
for round in $(seq "$ROUNDS"); do
  rm -f "$TMP/crash.db" "$TMP/crash.db-wal" "$TMP/crash.db-shm"
  at=$(( (RANDOM * 32768 + RANDOM) % (full_ms > 50 ? full_ms : 50) ))
  "$JK" --db "$TMP/crash.db" ingest -q "$TMP/corpus" > /dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v ms="$at" 'BEGIN { printf "%.3f", ms / 1000 }')"
  if kill -9 "$pid" 2>/dev/null; then
    killed_mid=$((killed_mid + 1))
  else
    # The ingest finished before the kill: the timing run was slower than this one (the machine
    # was busier then). Aim the next kills inside the time this run needed at most.
    full_ms=$at
  fi
  wait "$pid" 2>/dev/null
  if [ $((round % 4)) = 0 ] && [ -f "$TMP/crash.db-wal" ]; then
    # a power cut: the last frames of the log never reached the disk
    size=$(stat -c %s "$TMP/crash.db-wal")
    truncate -s $(( size > 4096 ? size - (RANDOM % 4096) - 1 : size / 2 )) "$TMP/crash.db-wal"
  fi
  check "round $round (killed at ${at} ms): the casebook is consistent" consistent "$TMP/crash.db"
  "$JK" --db "$TMP/crash.db" ingest -q "$TMP/corpus" > /dev/null 2>&1
  python3 "$TMP/inspect.py" "$TMP/crash.db" | tail -n +2 > "$TMP/after.docs"
  check "round $round: re-running the batch completes it, with no duplicate" \
    diff -q "$TMP/ref.docs" "$TMP/after.docs"
done
check "most kills landed inside the ingest ($killed_mid of $ROUNDS)" test "$killed_mid" -ge $((ROUNDS / 2))

echo "crash: $pass passed, $fail failed (a full ingest took ${measured_ms} ms)"
[ "$fail" -eq 0 ]
