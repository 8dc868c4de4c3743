#!/usr/bin/env bash
# A deterministic corpus of incident notices for the benchmarks: about MB megabytes in DIR.
# Usage: bench/notice_corpus.sh MB DIR [EXAMPLE...]   (default: every file of examples/; the
# ingest benchmark passes the text and Markdown ones, since the others do not survive the edits)
set -euo pipefail
MB=$1
DIR=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DIR"
shift 2
[ $# -gt 0 ] || set -- "$ROOT"/examples/*
# Deterministic: notice i is example (i mod n) with its organisation names and years varied by i.
# Two files in three hold a single notice; every third is a digest page of 40 ●-items (each item
# with its own organisation names and year).
awk -v target=$((MB * 1024 * 1024)) -v dir="$DIR" '
  FNR == 1 { n++ }
  { ex[n] = ex[n] $0 "\n" }
  END {
    size = 0
    for (i = 0; size < target; i++) {
      body = ex[i % n + 1]
      gsub(/2031/, 2000 + i % 40, body)
      gsub(/架空/, "架空" i, body)
      if (i % 3 == 0) {
        f = sprintf("%s/page_%06d.md", dir, i)
        for (k = 0; k < 40; k++) {
          # each item its own organisations and year, as each single notice has (items that all
          # named the same organisations made cases of thousands of reports)
          item = ex[(i + k) % n + 1]
          gsub(/2031/, 2000 + (i + k) % 40, item)
          gsub(/架空/, "架空" (i * 40 + k), item)
          printf "\n●第%d-%d号 架空%dの事案の続報\n\n%s", i, k, i * 40 + k, item > f
          size += length(item) + 40
        }
        close(f)
      } else {
        f = sprintf("%s/notice_%06d.txt", dir, i)
        printf "%s\n文書番号: 架空-%d\n", body, i > f
        close(f)
        size += length(body)
      }
    }
  }' "$@"
