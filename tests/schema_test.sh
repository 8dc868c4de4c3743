#!/usr/bin/env bash
# Every export format, validated against the official schemas in ../shared/schemas (STIX 2.1,
# MISP, VERIS 1.4.0; read from there, never copied): the exports of the examples, of the seeds
# and, when the real texts have been pulled ($JIKENBO_REAL_TEXTS or /tmp/jikenbo-real/texts), of
# the real corpus; also `jikenbo ioc --format stix|misp` on the seeds and examples.
# usage: schema_test.sh JIKENBO_BINARY SOURCE_DIR
set -euo pipefail
JK="$1"
ROOT="$2"
SHARED="$ROOT/../shared"
if [ ! -d "$SHARED/schemas" ]; then
  echo "SKIP: ../shared is absent: schema validation skipped"
  exit 0
fi
# Debian's python3-jsonschema (make deps) serves /usr/bin/python3; another python3 first on the
# PATH may have its own.
PY=""
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import jsonschema' 2>/dev/null; then PY="$p"; break; fi
done
[ -n "$PY" ] || { echo "FAIL: python3-jsonschema missing (make deps installs it)"; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
checks=()
export_all() {  # name, inputs...
  local name="$1"; shift
  "$JK" --db "$WORK/$name.db" ingest "$@" >/dev/null 2>&1 || true  # bad inputs are reported, not fatal
  for f in stix misp veris; do
    "$JK" --db "$WORK/$name.db" export --format "$f" -o "$WORK/$name.$f.json"
    checks+=("$f:$WORK/$name.$f.json")
  done
  "$JK" --db "$WORK/$name.db" export --format misp-feed -o "$WORK/$name.feed"
  checks+=("misp-feed:$WORK/$name.feed")
  # no local path of the ingesting machine in any export
  if grep -rl -- "$ROOT" "$WORK/$name".*.json "$WORK/$name.feed" >/dev/null; then
    echo "FAIL: a local path in the $name exports"; exit 1
  fi
}
export_all examples "$ROOT/examples"
export_all seeds "$SHARED/seeds"
REAL="${JIKENBO_REAL_TEXTS:-/tmp/jikenbo-real/texts}"
if [ -d "$REAL" ] && [ -n "$(ls -A "$REAL" 2>/dev/null)" ]; then
  export_all real "$REAL"
else
  echo "SKIP: real texts not pulled ($REAL): real-corpus exports not validated"
fi
for f in stix misp; do
  cat "$SHARED"/seeds/* "$ROOT/examples/13_threat_report_webhooks.md" |
    "$JK" ioc --format "$f" > "$WORK/ioc.$f.json"
  checks+=("$f:$WORK/ioc.$f.json")
done
# an empty window: valid too (a STIX bundle without objects, no events, no incidents)
for f in stix misp veris; do
  "$JK" --db "$WORK/examples.db" export --format "$f" --from 1990-01-01 --to 1990-12-31 \
    -o "$WORK/empty.$f.json"
  checks+=("$f:$WORK/empty.$f.json")
done
"$PY" "$ROOT/tests/validate_exports.py" "$SHARED/schemas" "${checks[@]}"
# The validator itself fails on broken exports: a report without `published`, a VERIS incident
# of the year 2100 and with malware but no software installation, a MISP type in a wrong category.
jq '(.objects[] | select(.type == "report") | .published) |= empty' "$WORK/examples.stix.json" \
  > "$WORK/bad.stix.json"
jq '.[0].timeline.incident.year = 2100 | .[1].action = {"malware": {"variety": ["Ransomware"], "vector": ["Unknown"]}} | .[1].attribute = {"confidentiality": {"data_disclosure": "Unknown"}}' \
  "$WORK/examples.veris.json" > "$WORK/bad.veris.json"
jq '.[0].Event.Attribute += [{"type": "md5", "category": "Targeting data", "value": "x", "timestamp": "1"}]' \
  "$WORK/examples.misp.json" > "$WORK/bad.misp.json"
for bad in stix veris misp; do
  if "$PY" "$ROOT/tests/validate_exports.py" "$SHARED/schemas" "$bad:$WORK/bad.$bad.json" > "$WORK/bad.out"; then
    echo "FAIL: the validator accepted a broken $bad export"; exit 1
  fi
done
echo "PASS: every export validates; broken ones do not"
