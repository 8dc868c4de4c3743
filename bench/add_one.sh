#!/usr/bin/env bash
# Time to add one document to a large casebook: case numbering reads only the cases the new
# report can touch (its organisation, publisher number, cited URLs, same-type neighbours), so it
# should not grow with the casebook. Builds a casebook from MB megabytes of generated notices
# (about 1,000 articles per MB), then ingests three new notices one at a time: a new incident, a
# follow-up of an existing organisation's incident, and a duplicate. Prints seconds for each.
# Usage: bench/add_one.sh [path/to/jikenbo] [MB]   (default 300 MB = about 300,000 articles)
set -euo pipefail
JK=$(realpath "${1:-./build/jikenbo}")
MB=${2:-300}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
bash "$ROOT/bench/notice_corpus.sh" "$MB" "$WORK/corpus" "$ROOT"/examples/*.txt "$ROOT"/examples/*.md
start=$(date +%s.%N)
"$JK" --db "$WORK/big.db" ingest -q "$WORK/corpus" > "$WORK/ingest.out" 2> /dev/null || true
articles=$(sqlite3 "$WORK/big.db" 'SELECT count(*) FROM articles')
echo "casebook: $articles articles ($(cat "$WORK/ingest.out")) in $(echo "$(date +%s.%N) - $start" | bc) s"
cat > "$WORK/new.txt" << 'NOTICE'
ノートパソコンの紛失について

2041年5月12日
株式会社ベンチ計測商事

2041年5月10日、当社従業員がお客様35名の氏名と電話番号を記録したノートパソコンを紛失しました。
NOTICE
org=$(sqlite3 "$WORK/big.db" "SELECT title_org FROM articles WHERE kind = 'incident' AND title_org IS NOT NULL AND announce_date IS NOT NULL ORDER BY id DESC LIMIT 1")
date=$(sqlite3 "$WORK/big.db" "SELECT announce_date FROM articles WHERE title_org = '$org' ORDER BY id DESC LIMIT 1")
cat > "$WORK/followup.txt" << NOTICE
不正アクセスに関するお知らせ（第2報）

${date:0:4}年12月20日
${org}

先般お知らせいたしました不正アクセスについて、調査結果をご報告いたします。
NOTICE
for f in new.txt followup.txt new.txt; do
  t0=$(date +%s.%N)
  "$JK" --db "$WORK/big.db" ingest -q "$WORK/$f" > /dev/null 2>&1 || true
  printf "add %-13s %.2f s\n" "$f" "$(echo "$(date +%s.%N) - $t0" | bc)"
done
"$JK" --db "$WORK/big.db" list --limit 0 --format json |
  jq -r --arg org "$org" '[.[] | select(.title_org == $org)] | "reports of \($org): \(length), cases: \([.[].case_no] | unique | length)"'
