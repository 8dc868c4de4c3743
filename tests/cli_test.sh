#!/usr/bin/env bash
# End-to-end test of the jikenbo CLI: ingest, re-ingest, bad inputs, list/show/search/export and
# their JSON forms. Usage: cli_test.sh path/to/jikenbo path/to/repo
set -uo pipefail
JK=$(realpath "$1")
ROOT=$(realpath "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# JIKENBO_TEST_BACKEND=postgres runs every check on PostgreSQL, on a server this script starts
# (tests/pg_server.sh): each casebook below is then a database of its own.
BACKEND=${JIKENBO_TEST_BACKEND:-sqlite}
if [ "$BACKEND" = postgres ]; then
  PGDIR=$(mktemp -d -u /tmp/jikenbo-clitest.XXXXXX)
  ADMIN=$(bash "$ROOT/tests/pg_server.sh" start "$PGDIR") || { echo "FAIL: PostgreSQL did not start"; exit 1; }
  trap 'bash "$ROOT/tests/pg_server.sh" stop "$PGDIR"; rm -rf "$TMP"' EXIT
fi
casebook() {  # casebook NAME: the --db value of this run's casebook NAME
  if [ "$BACKEND" = postgres ]; then
    psql -q "$ADMIN" -c "CREATE DATABASE cb_$1 TEMPLATE template0 ENCODING 'UTF8'" >/dev/null 2>&1
    echo "${ADMIN/\/postgres\?//cb_$1?}"
  else
    echo "$TMP/$1.db"
  fi
}
export JIKENBO_DB="$(casebook case)"
source "$ROOT/tests/check.sh"

# --- help on every subcommand ---------------------------------------------------------------
for cmd in ingest list show search export eval digest stats ioc log reanalyze publish; do
  check "$cmd --help" bash -c "'$JK' $cmd --help | grep -q -- '--format'"
done
check "top-level --help lists subcommands" bash -c "'$JK' --help | grep -q search"
check "unknown subcommand exits 2" bash -c "'$JK' frobnicate; test \$? -eq 2"

# --- ingest the sample corpus, then again --------------------------------------------------------
check "ingest examples" bash -c "'$JK' ingest '$ROOT/examples' > '$TMP/sum1' && grep -qE '^[0-9]+ documents, [0-9]+ articles ingested; 0 duplicates, 0 skipped, 0 errors' '$TMP/sum1'"
n1=$("$JK" export | wc -l)
check "examples give at least 12 articles" test "$n1" -ge 12
check "re-ingest is a no-op and says so" bash -c "'$JK' ingest '$ROOT/examples' 2>'$TMP/dup' | grep -q '^0 documents, 0 articles ingested' && grep -q 'already archived' '$TMP/dup'"
n2=$("$JK" export | wc -l)
check "article count unchanged after re-ingest ($n1 -> $n2)" test "$n1" -eq "$n2"
# Any number of analysis threads gives the same casebook (ids, numbers, links, evidence).
for j in 1 3; do
  JIKENBO_DB="$(casebook jobs$j)" "$JK" ingest -q --jobs $j "$ROOT/examples" > /dev/null
  JIKENBO_DB="$(casebook jobs$j)" "$JK" export --format jsonl | jq -c 'del(.doc)' > "$TMP/jobs$j.jsonl"
done
check "ingest --jobs 1 and --jobs 3 store identical casebooks" diff "$TMP/jobs1.jsonl" "$TMP/jobs3.jsonl"
check "ingest --jobs 3 stores every example article" test "$(wc -l < "$TMP/jobs3.jsonl")" -eq "$n1"

# --- search, list, show, export --------------------------------------------------------------
check "search 紛失 finds a loss notice" bash -c "'$JK' search 紛失 | grep -q '紛失'"
check "search English finds English text" bash -c "'$JK' search ransomware --format json | jq -e 'length >= 1 and (.[0].snippet | test(\"(?i)ransomware\"))'"
check "search with no hits says so" bash -c "'$JK' search 該当しない語句 | grep -q '^0 matches'"
check "search of punctuation only is an error" bash -c "'$JK' search '、。'; test \$? -eq 2"
check "list shows a header and rows" bash -c "'$JK' list | head -1 | grep -q TITLE && test \$('$JK' list --limit 0 | wc -l) -gt $n1"
check "list --format json is an array" bash -c "'$JK' list --format json | jq -e 'type == \"array\" and length > 0'"
check "show --format json has the text" bash -c "'$JK' show 1 --format json | jq -e '.text | length > 0'"
check "show of a missing id fails" bash -c "'$JK' show 999999; test \$? -eq 2"
check "export has every key on every line" bash -c "'$JK' export --format jsonl | jq -e -s 'all(.[]; has(\"doc\") and has(\"line\") and has(\"title\") and has(\"kind\") and has(\"type\") and has(\"case_no\") and has(\"source_ref\") and has(\"title_org\") and has(\"victim_orgs\") and has(\"org_kind\") and has(\"announce_date\") and has(\"incident_date\") and has(\"affected\") and has(\"data_items\") and has(\"reported_to\") and has(\"compensation_jpy_per_person\") and has(\"source_urls\") and has(\"indicators\") and has(\"summary\") and has(\"evidence\"))'"
check "export --format json is one array" bash -c "'$JK' export --format json | jq -e 'type == \"array\"'"
check "export -o writes a file" bash -c "'$JK' export -o '$TMP/x.jsonl' && test \$(wc -l < '$TMP/x.jsonl') -eq $n1"

# --- extraction on the examples ---------------------------------------------------------------
check "show lists indicators with their role and why" bash -c "id=\$('$JK' list --indicator kasora-bank-login.example.net --format json | jq -r '.[0].id'); '$JK' show \$id | grep -q 'domain kasora-bank-login.example.net  malicious (written defanged)'"
check "show explains the type with cues and a runner-up" bash -c "'$JK' show 4 | grep -q 'because' && '$JK' show 4 | grep -q 'runner-up'"
check "incidents get case numbers YYYY-NNN" bash -c "'$JK' export | jq -e -s '[.[] | select(.kind == \"incident\") | .case_no | test(\"^[0-9]{4}-[0-9]{3}$\")] | all'"
check "list --type filters" bash -c "test \$('$JK' list --type ransomware --format json | jq length) -ge 2"
check "fictional notices meet the quality bar" "$JK" eval "$ROOT/tests/notices/expected.jsonl" --check
check "eval prints both splits and the confusion matrices" bash -c "'$JK' eval '$ROOT/tests/notices/expected.jsonl' | grep -q 'TUNE.*CHECK' && '$JK' eval '$ROOT/tests/notices/expected.jsonl' | grep -q 'type confusion'"
check "eval --verbose --split check lists only check items" bash -c "'$JK' eval '$ROOT/tests/notices/expected.jsonl' -v --split check 2>&1 | grep -q 'mismatches (check split)'"
check "eval refuses a floor outside 0..1" bash -c "'$JK' eval '$ROOT/tests/notices/expected.jsonl' --floor kind=7; test \$? -eq 2"
jq -c 'if .key == "n01" then .kind = "advisory" else . end' "$ROOT/tests/notices/expected.jsonl" > "$TMP/wrong.jsonl"
check "eval --check fails (exit 1) when a metric falls under its floor" bash -c "'$JK' eval '$TMP/wrong.jsonl' --texts '$ROOT/tests/notices' --floor kind=0.99 --check >/dev/null; test \$? -eq 1"
check "a lower floor lets the same score pass" "$JK" eval "$TMP/wrong.jsonl" --texts "$ROOT/tests/notices" --floor kind=0.9 --check
check "eval without the texts says where it looked" bash -c "'$JK' eval '$ROOT/tests/notices/expected.jsonl' --texts '$TMP/nowhere' 2>&1 | grep -q 'texts folder'"
check "eval --casebook scores an existing casebook" bash -c "JIKENBO_DB='$(casebook notices)' '$JK' ingest '$ROOT/tests/notices' >/dev/null && JIKENBO_DB='$(casebook notices)' '$JK' eval '$ROOT/tests/notices/expected.jsonl' --casebook --check"
check "ingest --dry-run stores nothing" bash -c "JIKENBO_DB='$(casebook dry)' '$JK' ingest --dry-run '$ROOT/examples' | grep -q 'analysed (dry run)' && test \$(JIKENBO_DB='$(casebook dry)' '$JK' export | wc -l) -eq 0"

# --- formats and the archive -------------------------------------------------------------------
html="$ROOT/examples/15_kasora_pref_water_sjis.html"
sha=$(sha256sum "$html" | cut -c1-64)
check "a Shift_JIS page is archived with its encoding" bash -c "'$JK' archive show ${sha:0:12} --format json | jq -e '.[0].encoding == \"Shift_JIS\" and .[0].content_type == \"text/html\" and .[0].sha256 == \"$sha\"'"
check "archive show writes the original bytes" bash -c "'$JK' archive show $sha > '$TMP/orig' && cmp '$TMP/orig' '$html'"
check "archive show -o writes a file" bash -c "'$JK' archive show $sha -o '$TMP/orig2' && cmp '$TMP/orig2' '$html'"
check "the page's text was read from the HTML" bash -c "'$JK' export | jq -e -s 'any(.[]; .title == \"水道料金システムへの不正アクセスについて\" and .type == \"unauthorized_access\" and (.reported_to | index(\"police\")))'"
check "the PDF, the e-mail and both feed items were ingested" bash -c "'$JK' export | jq -e -s '[.[] | .doc] | (any(endswith(\".pdf\")) and any(endswith(\".eml\")) and any(endswith(\".rss#1\")) and any(endswith(\".rss#2\")))'"
case_no=$("$JK" export | jq -r 'select(.doc | endswith(".pdf")) | .case_no')
check "archive show CASE_NO finds the PDF ($case_no)" bash -c "'$JK' archive show '$case_no' --format json | jq -e 'any(.[]; .content_type == \"application/pdf\")'"
check "archive show of an unknown key fails" bash -c "'$JK' archive show 2099-999; test \$? -eq 2"
check "archive show of a non-key is an error" bash -c "'$JK' archive show 'x;y'; test \$? -eq 2"

mkdir -p "$TMP/badfmt"
head -c 700 "$ROOT/examples/16_kasora_town_school_letter.pdf" > "$TMP/badfmt/truncated.pdf"
printf '<rss><channel><item><title>unclosed' > "$TMP/badfmt/broken.rss"
printf 'Subject: x\nContent-Type: multipart/mixed; boundary=nope\n\nbody\n' > "$TMP/badfmt/broken.eml"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<div>" }' > "$TMP/badfmt/deep.html"
printf '●架空村 正常な文書\n本文です。\n' > "$TMP/badfmt/good.txt"
JIKENBO_DB="$(casebook badfmt)" "$JK" ingest "$TMP/badfmt" > "$TMP/badfmt.out" 2> "$TMP/badfmt.err"
check "truncated PDF named" grep -q "truncated.pdf" "$TMP/badfmt.err"
check "broken feed named" grep -q "not well-formed XML.*broken.rss" "$TMP/badfmt.err"
check "broken MIME named" grep -q "boundary.*broken.eml" "$TMP/badfmt.err"
check "deep HTML named" grep -q "nested deeper.*deep.html" "$TMP/badfmt.err"
check "the good file of that batch is ingested" grep -q "^1 documents, 1 articles ingested; 0 duplicates, 0 skipped, 4 errors" "$TMP/badfmt.out"
# The watchdog: a limit no document can meet skips each one by name; the batch goes on, nothing is
# half-stored, and without the limit the same batch is taken whole.
JIKENBO_DB="$(casebook watchdog)" "$JK" ingest --time-limit 0.000000001 "$ROOT/examples" > "$TMP/wd.out" 2> "$TMP/wd.err"
check "--time-limit skips every document over it, naming each" bash -c "test \$(grep -c 'error: DeadlineExceeded: skipped: .*time limit.*examples/' '$TMP/wd.err') -ge 18"
check "…stores nothing of them" bash -c "grep -q '^0 documents, 0 articles ingested' '$TMP/wd.out' && JIKENBO_DB='$(casebook watchdog)' '$JK' list --format json | jq -e 'length == 0'"
check "…and the batch without it is taken whole" bash -c "JIKENBO_DB='$(casebook watchdog)' '$JK' ingest '$ROOT/examples' | grep -qE '^[0-9]+ documents, $n1 articles ingested; 0 duplicates, 0 skipped, 0 errors'"
check "ingest --help explains --time-limit and --allow-private" bash -c "'$JK' ingest --help | grep -q -- '--time-limit' && '$JK' ingest --help | grep -q -- '--allow-private'"
check "watch --help explains --time-limit and --allow-private" bash -c "'$JK' watch --help | grep -q -- '--time-limit' && '$JK' watch --help | grep -q -- '--allow-private'"

# --- indicators ---------------------------------------------------------------------------------
printf 'C2は hxxps://evil-site[.]net/gate.php と 203.0.113.5、連絡先 info[@]evil-site.net。\nExfil: https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOp\n' > "$TMP/report.txt"
check "ioc streams stdin to JSON Lines with offsets into the input" bash -c "'$JK' ioc --format jsonl < '$TMP/report.txt' | jq -e -s --rawfile t '$TMP/report.txt' 'length == 6 and (.[0] | .type == \"url\" and .value == \"https://evil-site.net/gate.php\" and .found == \"hxxps://evil-site[.]net/gate.php\")'"
check "ioc offsets are byte offsets of what was found" bash -c "'$JK' ioc --format jsonl '$TMP/report.txt' | head -1 | jq -r .offset | xargs -I{} dd if='$TMP/report.txt' bs=1 skip={} count=8 status=none | grep -q '^hxxps://'"
check "ioc --types filters" bash -c "test \$('$JK' ioc --types ipv4,email --format jsonl '$TMP/report.txt' | wc -l) -eq 2"
check "ioc masks webhook tokens unless --reveal" bash -c "'$JK' ioc '$TMP/report.txt' | grep -q 'discord_webhook' && ! '$JK' ioc '$TMP/report.txt' | grep -q 'EfGh' && '$JK' ioc --reveal '$TMP/report.txt' | grep -q 'AbCdEfGhIjKlMnOp'"
check "ioc --defang writes safe forms" bash -c "'$JK' ioc --defang --types url '$TMP/report.txt' | grep -q 'hxxps://evil-site\[.\]net/gate.php'"
check "ioc --format csv has a header" bash -c "'$JK' ioc --format csv '$TMP/report.txt' | head -1 | grep -qx 'type,value,found,offset,tags,role,role_reason'"
check "ioc --format json is one array" bash -c "'$JK' ioc --format json '$TMP/report.txt' | jq -e 'type == \"array\" and length == 6'"
check "ioc --format stix is a STIX 2.1 bundle with patterns" bash -c "'$JK' ioc --format stix '$TMP/report.txt' | jq -e '.type == \"bundle\" and any(.objects[]; .pattern == \"[url:value = '\"'\"'https://evil-site.net/gate.php'\"'\"']\") and any(.objects[]; .pattern | test(\"LIKE .*webhooks/123456789012345678/%\"))'"
check "ioc --format misp is an event; documentation addresses not for IDS" bash -c "'$JK' ioc --format misp '$TMP/report.txt' | jq -e '.Event.Attribute | any(.[]; .type == \"ip-dst\" and .to_ids == false) and any(.[]; .type == \"url\" and .to_ids == true)'"
check "ioc --format sigma writes proxy and DNS rules without the service's bare host" bash -c "'$JK' ioc --format sigma '$TMP/report.txt' > '$TMP/sigma.yml' && grep -q 'category: proxy' '$TMP/sigma.yml' && grep -q 'category: dns' '$TMP/sigma.yml' && grep -q \"discord.com/api/webhooks/123456789012345678/'\" '$TMP/sigma.yml' && ! grep -q \"^      - 'discord.com'\" '$TMP/sigma.yml'"
check "ioc judges roles: the defanged C2 and the webhook endpoint are malicious, discord.com itself benign" bash -c "'$JK' ioc --format jsonl '$TMP/report.txt' | jq -e -s 'any(.[]; .value == \"https://evil-site.net/gate.php\" and .role == \"malicious\") and any(.[]; .type == \"url\" and (.tags | index(\"discord_webhook\")) and .role == \"malicious\") and any(.[]; .value == \"discord.com\" and .role == \"benign\")'"
printf '出典: https://news.example.jp/a/1\n当社の公式サイト https://www.kaku-seiki.co.jp/ をご確認ください。\n■ 偽サイトのURL:\n- hxxps://kaku-seiki-login[.]top/\n- kaku-seiki-shop.top\n' > "$TMP/roles.txt"
check "ioc roles from context: source, the victim's site, a list under a fake-site heading" bash -c "'$JK' ioc --format jsonl '$TMP/roles.txt' | jq -e -s '(map(select(.type == \"url\")) | map(.role)) == [\"reference\", \"victim\", \"malicious\"] and any(.[]; .value == \"kaku-seiki-shop.top\" and .role == \"malicious\" and (.role_reason | test(\"heading\")))'"
check "ioc of an unknown type is an error" bash -c "'$JK' ioc --types nope '$TMP/report.txt'; test \$? -eq 2"
check "ingested articles carry their indicators" bash -c "'$JK' export | jq -e -s 'any(.[]; any(.indicators[]; .value == \"kasora-bank-login.example.net\"))'"
check "list --indicator finds the case" bash -c "'$JK' list --indicator kasora-bank-login.example.net --format json | jq -e 'length >= 1'"

# --- standard input ---------------------------------------------------------------------------
check "ingest - reads stdin" bash -c "printf '●架空町 標準入力の項目\n本文です。\n' | '$JK' ingest - | grep -q '^1 documents, 1 articles'"
check "stdin document is listed as -" bash -c "'$JK' export | jq -e -s 'any(.[]; .doc == \"-\")'"

# --- bad input: each named, the rest ingested, exit status 1 ----------------------------------
mkdir -p "$TMP/bad/sub"
head -c 4096 /dev/urandom > "$TMP/bad/binary.txt"
printf 'GIF89a\0\0\0' >> "$TMP/bad/binary.txt"
: > "$TMP/bad/empty.txt"
truncate -s 200M "$TMP/bad/huge.txt"
printf '●架空村 正常な文書\n本文です。\n' > "$TMP/bad/sub/good.txt"
printf '●架空村 読めない文書\n本文です。\n' > "$TMP/bad/sub/locked.txt"
chmod 000 "$TMP/bad/sub/locked.txt"
printf 'ok \xff\xfe bytes\n' > "$TMP/bad/invalid.txt"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  # root reads anything: run this batch as nobody so the unreadable file really is unreadable
  chmod -R a+rwX "$TMP" && chmod 000 "$TMP/bad/sub/locked.txt"
  AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups env JIKENBO_DB="$(casebook bad)")
else
  AS=(env JIKENBO_DB="$(casebook bad)")
fi
"${AS[@]}" "$JK" ingest "$TMP/bad" >"$TMP/bad.out" 2>"$TMP/bad.err"
rc=$?
check "bad batch exits 1" test "$rc" -eq 1
check "binary file named" grep -q "binary file.*binary.txt" "$TMP/bad.err"
check "empty file named" grep -q "empty document.*empty.txt" "$TMP/bad.err"
check "huge file named" grep -q "too large.*huge.txt" "$TMP/bad.err"
check "unreadable file named" grep -q "locked.txt" "$TMP/bad.err"
check "invalid UTF-8 warned with offset" grep -q "invalid.txt: invalid UTF-8 byte 0xFF at byte offset 3" "$TMP/bad.err"
check "good files still ingested" grep -q "^2 documents, 2 articles ingested; 0 duplicates, 0 skipped, 4 errors" "$TMP/bad.out"
check "ingest --format json reports each failure" bash -c "JIKENBO_DB='$(casebook bad2)' '$JK' ingest '$TMP/bad/empty.txt' '$TMP/bad/sub/good.txt' --format json | jq -e '.errors == 1 and .documents == 1 and (.results | map(select(.outcome == \"failed\")) | length) == 1'"
printf 'not a database, just text that is long enough to look like a file header........' > "$TMP/notadb"
check "a foreign --db file is refused" bash -c "'$JK' --db '$TMP/notadb' list 2>&1 | grep -q 'not a jikenbo casebook'"

# --- digest, stats, exports -----------------------------------------------------------------------
for cmd in digest stats; do
  check "$cmd --help" bash -c "'$JK' $cmd --help | grep -q -- '--from'"
done
check "digest (Markdown) has three bullets and a comment per incident" bash -c "'$JK' digest > '$TMP/digest.md' && test \$(grep -c '^### このニュースをザックリ言うと' '$TMP/digest.md') -ge 20 && grep -q '^### 所感' '$TMP/digest.md' && grep -q '事件簿#2031-' '$TMP/digest.md' && grep -q 'JNSA' '$TMP/digest.md'"
check "digest --from/--to keeps the window" bash -c "'$JK' digest --from 2031-05-01 --to 2031-05-31 | grep '^事件簿#' | grep -v '発表 2031年5月' | wc -l | grep -qx 0"
check "digest --type narrows to one type" bash -c "'$JK' digest --type ransomware | grep '^事件簿#' | grep -v 'ランサムウェア' | wc -l | grep -qx 0"
check "digest --format html -o writes a page with a chart and a CSP" bash -c "'$JK' digest --format html -o '$TMP/digest.html' && grep -q '<svg' '$TMP/digest.html' && grep -q 'Content-Security-Policy' '$TMP/digest.html' && ! grep -q '<script' '$TMP/digest.html'"
check "digest --format json: three bullets per item" bash -c "'$JK' digest --format json | jq -e '(.items | length) >= 20 and all(.items[]; (.summary | length) == 3)'"
check "digest with a bad date is an error" bash -c "'$JK' digest --from yesterday; test \$? -eq 2"
check "stats table has a total row" bash -c "'$JK' stats | grep -qE '^total +[0-9]+'"
check "stats --format json: counts add up" bash -c "'$JK' stats --format json | jq -e '([.rows[].incidents] | add) == .total.incidents and .share_reported_to_ppc >= 0'"
check "stats --by month --format csv" bash -c "'$JK' stats --by month --format csv | head -1 | grep -qx 'month,incidents,persons,records,cards,reported_to_ppc'"
check "stats --format svg is well-formed XML" bash -c "'$JK' stats --by month --format svg | python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'"
check "stats --by nonsense is a usage error" bash -c "'$JK' stats --by colour; test \$? -eq 2"
check "export --format csv --bom starts with a BOM and has a row per article" bash -c "'$JK' export --format csv --bom > '$TMP/cases.csv' && head -c 3 '$TMP/cases.csv' | od -An -tx1 | grep -q 'ef bb bf' && python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding=\"utf-8-sig\"))); assert len(r) == int(sys.argv[2]) + 1, len(r); assert all(len(x) == len(r[0]) for x in r)' '$TMP/cases.csv' \$('$JK' export | wc -l)"
check "export jsonl carries the three-bullet summary" bash -c "'$JK' export | jq -e -s 'map(select(.kind == \"incident\")) | all(.summary | length == 3)'"
check "export --format stix is a bundle with incidents, reports and identities" bash -c "'$JK' export --format stix | jq -e '.type == \"bundle\" and ([.objects[].type] | (index(\"incident\") and index(\"report\") and index(\"identity\") and index(\"relationship\")))'"
check "export --case narrows STIX to one case" bash -c "'$JK' export --format stix --case 2031-004 | jq -e '[.objects[] | select(.type == \"incident\")] | length == 1 and .[0].x_jikenbo_case_no == \"2031-004\"'"
check "export --format misp: one event per case" bash -c "'$JK' export --format misp | jq -e 'length > 10 and all(.[]; (.Event.info | length > 0) and (.Event.date | length == 10) and (.Event.timestamp | length > 8))'"
check "export --format misp: only malicious indicators for IDS" bash -c "'$JK' export --format misp | jq -e '[.[].Event.Attribute[] | select(.to_ids)] | length > 0 and all(.[]; .comment | startswith(\"malicious\"))'"
check "export --format misp-feed -o DIR writes a MISP feed" bash -c "'$JK' export --format misp-feed -o '$TMP/feed' && jq -e 'length > 10' '$TMP/feed/manifest.json' >/dev/null && test -s '$TMP/feed/hashes.csv' && test \$(ls '$TMP/feed' | grep -c '\.json$') -gt 10"
check "export --format misp-feed without -o is an error" bash -c "'$JK' export --format misp-feed 2>/dev/null; test \$? -ne 0"
check "the digest names archived originals by file and hash, never by local path" bash -c "'$JK' digest --from 2031 --to 2031 | grep -q 'misdelivery.txt(sha256:' && ! '$JK' digest --from 2031 --to 2031 | grep -q -- '$ROOT' && ! '$JK' digest --from 2031 --to 2031 --format html | grep -q -- '$ROOT'"
check "exports never carry the ingesting machine's path" bash -c "! '$JK' export --format stix | grep -q -- '$ROOT' && ! '$JK' export --format misp | grep -q -- '$ROOT' && ! '$JK' export --format veris | grep -q -- '$ROOT'"
check "export --format veris: schema fields" bash -c "'$JK' export --format veris | jq -e 'length > 10 and all(.[]; has(\"action\") and has(\"victim\") and .timeline.incident.year > 2000)'"
# --- cases and analysts' corrections -------------------------------------------------------------
inc_id=$("$JK" export | jq -r 'select(.kind == "incident") | .id' | head -1)
inc_case=$("$JK" export | jq -r "select(.id == $inc_id) | .case_no")
check "show --case prints the timeline" bash -c "'$JK' show --case $inc_case | grep -q '^timeline'"
check "show --case --format json has fields, from and timeline" bash -c "'$JK' show --case $inc_case --format json | jq -e '.case_no == \"$inc_case\" and (.timeline | length >= 1) and (.fields | has(\"type\"))'"
check "show --case of an unknown case fails" bash -c "'$JK' show --case 1999-999; test \$? -eq 2"
check "edit with an unknown field is refused" bash -c "'$JK' edit $inc_id --set colour=red; test \$? -eq 2"
check "edit with an invalid value changes nothing" bash -c "before=\$('$JK' show $inc_id --format json | jq -r .type); '$JK' edit $inc_id --set type=ddos --set incident_date=2031-02-30; test \$? -eq 2 && test \"\$('$JK' show $inc_id --format json | jq -r .type)\" = \"\$before\""
check "edit sets a field" bash -c "'$JK' edit $inc_id --set type=ddos --set data_items+=health --by tester >/dev/null && '$JK' show $inc_id --format json | jq -e '.type == \"ddos\" and (.data_items | index(\"health\"))'"
check "log names who changed what" bash -c "'$JK' log | grep -q 'tester.*edit.*type'"
check "eval --corrections scores the rules against the corrections" bash -c "'$JK' eval --corrections --format json | jq -e '.fields.type.corrected == 1 and .fields.type.agree == 0'"
check "reanalyze keeps the corrections and the case number" bash -c "'$JK' reanalyze >/dev/null && '$JK' show $inc_id --format json | jq -e '.type == \"ddos\" and .case_no == \"$inc_case\"'"
check "case review --format json is a list of pairs" bash -c "'$JK' case review --format json | jq -e 'type == \"array\" and all(.[]; has(\"case_no\") and has(\"other_case_no\") and has(\"reason\"))'"
check "case dismiss of an unknown case is refused and logs nothing" bash -c "'$JK' case dismiss $inc_case 1999-999; test \$? -eq 2 && ! '$JK' log | grep -q dismiss"
check "publish writes the entry with its archive" bash -c "'$JK' publish $inc_case > '$TMP/entry.md' && head -1 '$TMP/entry.md' | grep -q '^【事件簿#$inc_case】' && grep -q 'SHA-256: [0-9a-f]\\{64\\}' '$TMP/entry.md'"
check "publish --format html escapes and is one article" bash -c "'$JK' publish $inc_case --format html | grep -q '<article class=\"entry\">'"
check "publish of an unknown case fails" bash -c "'$JK' publish 1999-999; test \$? -eq 2"
# --- the visible dev set ------------------------------------------------------------------------
SHARED="$ROOT/../shared"
if [ -d "$SHARED/seeds" ] && [ -f "$SHARED/gold/seeds.jsonl" ]; then
  export JIKENBO_DB="$(casebook seeds)"
  check "ingest seeds" "$JK" ingest "$SHARED/seeds"
  "$JK" export --format jsonl | jq -r '"\(.doc | split("/") | last):\(.line)"' | sort > "$TMP/got"
  jq -r '"\(.file):\(.line)"' "$SHARED/gold/seeds.jsonl" | sort > "$TMP/want"
  check "seed export is exactly the gold articles" diff "$TMP/want" "$TMP/got"
  check "search 紛失 finds the USB-stick item" bash -c "'$JK' search 紛失 --format json | jq -e 'any(.[]; .title | test(\"USB\"))'"
  check "seed quality bar (jikenbo eval --check)" "$JK" eval "$SHARED/gold/seeds.jsonl" --texts "$SHARED/seeds" --check
  check "seed quality bar on the ingested casebook" "$JK" eval "$SHARED/gold/seeds.jsonl" --casebook --check
  check "eval --format json reports every metric, split and confusion" bash -c "'$JK' eval '$SHARED/gold/seeds.jsonl' --texts '$SHARED/seeds' --format json | jq -e '.passed and (.metrics | has(\"kind\") and has(\"data_items_f1\")) and (.splits | has(\"tune\") and has(\"check\")) and (.confusion | has(\"type\")) and (.confidence | has(\"type\"))'"
  check "the two notices of one incident share a case number" bash -c "'$JK' export | jq -r 'select(.source_ref == \"2023-214\") | .case_no' | sort -u | wc -l | grep -qx 1"
  "$JK" ingest "$SHARED/seeds" >/dev/null 2>&1
  check "seed re-ingest keeps 28 articles" test "$("$JK" export | wc -l)" -eq "$(wc -l < "$SHARED/gold/seeds.jsonl")"
else
  echo "SKIP: ../shared is absent: seed checks skipped"
fi

echo "cli ($BACKEND): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
