#!/usr/bin/env bash
# manpages.sh BIN OUTDIR VERSION RULES_DIR
# Writes jikenbo.1.gz and jikenbo-SUBCOMMAND.1.gz for every subcommand into OUTDIR, generated
# by help2man from --help, so that the man pages say exactly what the binary does. RULES_DIR is
# the rules directory the installed binary will use (its --help shows that default).
set -euo pipefail
if [[ $# -ne 4 ]]; then
  echo "usage: manpages.sh BIN OUTDIR VERSION RULES_DIR" >&2
  exit 2
fi
bin=$(realpath "$1")
out=$2
version=$3
if ! command -v help2man >/dev/null; then
  echo "manpages.sh: help2man is missing (apt-get install help2man, or make deps)" >&2
  exit 1
fi
# The defaults an installed binary shows, whoever runs this.
export JIKENBO_RULES=$4
unset JIKENBO_DB
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

subs=$("$bin" --help | awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
if [[ -z $subs ]]; then
  echo "manpages.sh: $bin --help lists no subcommands" >&2
  exit 1
fi

# What a page's NAME line says: the subcommand's first sentence without its brackets, cut at a
# word before 70 characters.
summary() {
  "$bin" "$1" --help | awk '
    /^Usage:/ { exit }
    { text = text (text == "" ? "" : " ") $0 }
    END {
      out = ""; depth = 0
      for (i = 1; i <= length(text); i++) {
        c = substr(text, i, 1)
        if (c == "(") { depth++; continue }
        if (c == ")") { if (depth > 0) depth--; continue }
        if (depth == 0) out = out c
      }
      gsub(/  +/, " ", out); gsub(/ ,/, ",", out)
      sub(/\. .*/, "", out); sub(/\.$/, "", out); sub(/:.*/, "", out)
      if (length(out) > 70) { out = substr(out, 1, 70); sub(/ [^ ]*$/, "", out) }
      sub(/[ ,]+$/, "", out)
      print out
    }'
}

{
  echo "[SEE ALSO]"
  first=1
  for s in $subs; do
    [[ $first == 1 ]] || printf ',\n'
    printf '.BR jikenbo-%s (1)' "$s"
    first=0
  done
  printf '\n\nThe rules: %s (one file per stage; each says its format in its header).\n' "$4"
} > "$tmp/see-also.h2m"

help2man --no-info --no-discard-stderr --section=1 --version-string="$version" \
  --name="security-incident casebook: ingest notices, search, export" \
  --include="$tmp/see-also.h2m" --output="$tmp/jikenbo.1" "$bin"

for s in $subs; do
  # help2man runs a program; this one is BIN SUBCOMMAND, named as the page is.
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$bin" "$s" > "$tmp/jikenbo-$s"
  chmod +x "$tmp/jikenbo-$s"
  printf '[SEE ALSO]\n.BR jikenbo (1)\n' > "$tmp/sub.h2m"
  help2man --no-info --no-discard-stderr --section=1 --version-string="$version" \
    --name="$(summary "$s")" --include="$tmp/sub.h2m" --output="$tmp/jikenbo-$s.1" \
    "$tmp/jikenbo-$s"
done

for page in "$tmp"/*.1; do
  gzip -9n -c "$page" > "$out/$(basename "$page").gz"
done
