#!/usr/bin/env bash
# Indicator extraction throughput: jikenbo ioc against ioc-extractor (npm), same input.
# Generates a deterministic mixed Japanese/English report corpus of about $MB megabytes (prose
# with indicators on about one line in five, a third of them defanged), installs ioc-extractor
# into a temporary folder with npm (never into the repository), and prints MB/s, the ratio and
# the peak memory of each.   Usage: bench/ioc_throughput.sh [path/to/jikenbo] [MB]   (MB: 256)
set -euo pipefail
JK=$(realpath "${1:-./build/jikenbo}")
MB=${2:-256}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

awk -v target=$((MB * 1024 * 1024)) 'BEGIN {
  ja[0] = "当社のサーバーが外部から不正アクセスを受け、攻撃者は次の通信先を使用していました。"
  ja[1] = "調査の結果、業務用端末からマルウェアが見つかり、ファイルの一部が暗号化されていました。"
  ja[2] = "不審なメールの添付ファイルを開いたことが感染のきっかけとみられます。"
  en[0] = "The actor staged payloads on the following infrastructure before moving laterally."
  en[1] = "Analysts observed beaconing at regular intervals and exfiltration over HTTPS."
  size = 0
  for (i = 1; size < target; i++) {
    r = (i * 7919) % 100
    if (r < 45) line = ja[i % 3]
    else if (r < 80) line = en[i % 2]
    else {
      k = i % 8
      if (k == 0) line = sprintf("C2: hxxps://cdn%d[.]bad-example.net/gate.php と 203.0.113.%d", i, i % 250)
      else if (k == 1) line = sprintf("SHA-256 %08x%08x%08x%08x%08x%08x%08x%08x を確認", i, i * 3, i * 5, i * 7, i * 11, i * 13, i * 17, i * 19)
      else if (k == 2) line = sprintf("連絡先 user%d[@]mail.bad-example.org、CVE-2024-%05d を悪用", i, i % 99999)
      else if (k == 3) line = sprintf("Exfil: https://discord.com/api/webhooks/%d/Tok%dXyzAbc", 100000000 + i, i)
      else if (k == 4) line = sprintf("Domain: host%d.bad-example.com (T1059.001)", i)
      else if (k == 5) line = sprintf("IP 198.51.100.%d:8080 から接続があった。", i % 250)
      else if (k == 6) line = sprintf("Download from http://files%d.bad-example.net/p/%d.exe then run", i, i)
      else line = sprintf("ｈｔｔｐｓ：／／ｐｈｉｓｈ%d．ｂａｄ－ｅｘａｍｐｌｅ．ｊｐ／ｌｏｇｉｎ へ誘導", i % 1000)
    }
    print line
    size += length(line) + 1
  }
}' > "$WORK/corpus.txt"
bytes=$(stat -c %s "$WORK/corpus.txt")
echo "corpus: $((bytes / 1024 / 1024)) MB, $(wc -l < "$WORK/corpus.txt") lines"

measure() {  # measure LABEL COMMAND...: MB/s and peak memory
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" < "$WORK/corpus.txt" > "$WORK/out"
  read -r secs kb < "$WORK/time"
  awk -v l="$label" -v b="$bytes" -v s="$secs" -v kb="$kb" -v n="$(wc -l < "$WORK/out")" \
    'BEGIN { printf "%-34s %8.2f s %8.1f MB/s   peak %6.0f MB   (%d output lines)\n", l, s, b / s / 1048576, kb / 1024, n }'
  echo "$secs" > "$WORK/secs.$label"
}
measure "jikenbo ioc (jsonl)" "$JK" ioc --format jsonl
measure "jikenbo ioc --no-roles (jsonl)" "$JK" ioc --no-roles --format jsonl
measure "jikenbo ioc (count only: --types cve)" "$JK" ioc --types cve --format jsonl

if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -q npm >/dev/null 2>&1 || true  # Debian's npm, for ioc-extractor only
fi
if command -v npm >/dev/null; then
  (cd "$WORK" && npm install --silent --no-audit --no-fund --prefix "$WORK/npm" ioc-extractor >/dev/null 2>&1) || true
  IE="$WORK/npm/node_modules/.bin/ioc-extractor"
  if [ -x "$IE" ]; then
    measure "ioc-extractor (npm)" "$IE"
    awk -v a="$(cat "$WORK/secs.jikenbo ioc (jsonl)")" -v b="$(cat "$WORK/secs.ioc-extractor (npm)")" \
      'BEGIN { printf "jikenbo is %.1f times as fast as ioc-extractor\n", b / a }'
  else
    echo "ioc-extractor could not be installed from npm: comparison skipped"
  fi
else
  echo "npm is missing: comparison with ioc-extractor skipped"
fi
