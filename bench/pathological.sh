#!/usr/bin/env bash
# Documents shaped to hit super-linear behaviour: one 24 MB line, a line of half a million
# counts or dates, 300,000 bullet lines, 10,000 articles, 300,000 HTML paragraphs, a 26 MB HTML
# text node, deep nesting, a 9,000-item feed, 300,000 URLs in one line. Prints the seconds each
# takes through `jikenbo ingest --dry-run --jobs 1 --time-limit 0` (decode, normalise, segment,
# classify, extract; no store). Every shape should take seconds, in proportion to its size; one
# that takes minutes is a regression (the watchdog, --time-limit, would skip it in real use).
# Usage: bench/pathological.sh path/to/jikenbo
set -euo pipefail
JK=$(realpath "$1")
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 - "$DIR" <<'PY'
import sys, os
d = sys.argv[1]
def w(name, text): open(os.path.join(d, name), "w", encoding="utf-8").write(text)
unit = "不正アクセスにより顧客情報1,234件が漏えい 2031年5月1日 http://a.example.com/x 株式会社テスト "
w("one_line_24MB.txt", unit * 200000)
w("one_line_counts.txt", "●見出し\nお客様" + "1,234名、" * 500000 + "の情報が漏えい\n")
w("one_line_dates.txt", "●見出し\n" + "2031年5月1日、" * 500000 + "\n")
w("one_line_no_stop.txt", "●見出し\n" + "不正アクセスにより顧客1,234名の氏名が漏えい " * 150000 + "\n")
w("bullets_300k.txt", "お客様情報の漏えいについて\n" + "".join(f"・氏名、住所、電話番号 {i}件\n" for i in range(300000)))
w("lines_300k.txt", "".join(f"不正アクセスにより顧客{i}名の情報が漏えい。個人情報保護委員会へ報告。\n" for i in range(300000)))
w("articles_10k.txt", "".join(f"●見出し{i}\n株式会社テスト{i}は2031年5月{i % 28 + 1}日、顧客{i}名の氏名が漏えいしたと発表した。\n\n" for i in range(10000)))
w("urls_300k.txt", "●見出し\n" + "".join(f"http://a{i}.example.com/x " for i in range(300000)) + "\n")
w("html_paragraphs.html", "<html><body>" + "".join(f"<p>段落{i}：不正アクセスにより顧客{i}名</p>" for i in range(300000)) + "</body></html>")
w("html_text_node.html", "<html><body><p>" + "不正アクセスにより顧客情報が漏えい " * 500000 + "</p></body></html>")
w("html_deep.html", "<html><body>" + "<div>" * 1990 + "text" + "</div>" * 1990 + "</body></html>")
w("feed_9000.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + "".join(f"<item><title>件{i}</title><link>http://example.com/{i}</link><description>顧客{i}名の情報漏えい</description></item>" for i in range(9000)) + "</channel></rss>")
PY
printf '%-24s %10s %8s  %s\n' shape bytes seconds result
for f in "$DIR"/*; do
  start=$(date +%s.%N)
  out=$("$JK" --db "$DIR/bench.db" ingest --dry-run --jobs 1 --time-limit 0 "$f" 2>&1 | tail -1)
  end=$(date +%s.%N)
  printf '%-24s %10s %8.2f  %s\n' "$(basename "$f")" "$(stat -c %s "$f")" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "${out%%;*}"
done
