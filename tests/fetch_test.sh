#!/usr/bin/env bash
# Fetching and watching against a local HTTP server (tests/http_fixture.py on 127.0.0.1).
# No other address is contacted.   Usage: fetch_test.sh path/to/jikenbo repo_root
set -uo pipefail
JK=$(realpath "$1")
ROOT=$(realpath "$2")
TMP=$(mktemp -d)
export JIKENBO_DB="$TMP/case.db"
source "$ROOT/tests/check.sh"

python3 "$ROOT/tests/http_fixture.py" > "$TMP/port" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$TMP/port")
[ -n "$PORT" ] || { echo "FAIL: test server did not start"; exit 1; }
B="http://127.0.0.1:$PORT"
get() { python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"; }

# --- ingest URL ---------------------------------------------------------------------------------
check "ingest a URL" bash -c "'$JK' ingest --allow-private '$B/notice/1.html' | grep -q '^1 documents, 1 articles ingested'"
check "the fetched page keeps its URL, fetch time and encoding" bash -c "'$JK' archive show \$('$JK' export | jq -r '.case_no' | head -1) --format json | jq -e '.[0].url == \"$B/notice/1.html\" and (.[0].fetched_at | test(\"^20[0-9]{2}-\")) and .[0].encoding == \"Shift_JIS\"'"
check "the page was read: type and count" bash -c "'$JK' export | jq -e -s '.[0].type == \"unauthorized_access\" and .[0].affected[0].count == 640'"
check "a redirect to the same page is a duplicate" bash -c "'$JK' ingest --allow-private '$B/redirect' 2>&1 | grep -q '1 duplicates'"
check "a slow server times out, named" bash -c "'$JK' ingest --allow-private --timeout 1 '$B/slow' 2>&1 | grep -q 'error: .*Timeout.*$B/slow'"
check "a redirect loop is an error" bash -c "'$JK' ingest --allow-private '$B/loop' 2>&1 | grep -qi 'error: .*redirect'"
check "an oversized body is refused" bash -c "'$JK' ingest --allow-private --max-bytes 1000000 '$B/big' 2>&1 | grep -q 'larger than 1000000 bytes'"
check "HTTP errors are named with their status" bash -c "'$JK' ingest --allow-private '$B/missing' 2>&1 | grep -q 'HTTP 404.*$B/missing'"
check "a 503 is retried" bash -c "'$JK' ingest --allow-private '$B/flaky' | grep -q '^1 documents'"
ua=$(get "$B/admin/ua")
check "jikenbo names itself in the User-Agent ($ua)" bash -c "echo '$ua' | grep -q '^jikenbo/'"
check "a failed URL fails the run (exit 1)" bash -c "'$JK' ingest --allow-private '$B/missing'; test \$? -eq 1"
check "a URL on a loopback address is refused without --allow-private (SSRF guard), named" bash -c "'$JK' ingest '$B/notice/1.html' 2>&1 | grep -q 'error: .*refused: the server.s address 127.0.0.1 .*--allow-private.*$B/notice/1.html'"
check "…and the server never saw the request" bash -c "test \$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' '$B/admin/count?path=/notice/2.html' | cut -d' ' -f1) -eq 0; '$JK' ingest '$B/notice/2.html' >/dev/null 2>&1; test \$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' '$B/admin/count?path=/notice/2.html' | cut -d' ' -f1) -eq 0"
check "watch refuses a feed on a loopback address too" bash -c "JIKENBO_DB='$TMP/guard.db' '$JK' watch --once '$B/feed.rss' 2>&1 | grep -q 'refused: the server.s address 127.0.0.1'"

# --- watch --------------------------------------------------------------------------------------
export JIKENBO_DB="$TMP/watch.db"
check "first poll takes every item" bash -c "'$JK' watch --allow-private --once '$B/feed.rss' | grep -q '2 items, 2 new; 2 documents, 2 articles ingested; 0 errors'"
check "the items' full notices were fetched" bash -c "'$JK' export | jq -e -s 'length == 2 and all(.[]; .doc | startswith(\"$B/notice/\"))'"
check "an unchanged feed is not read again" bash -c "'$JK' watch --allow-private --once '$B/feed.rss' | grep -q 'unchanged'"
not_modified=$(get "$B/admin/count?path=/feed.rss" | cut -d' ' -f2)
check "the server answered 304 ($not_modified times)" test "$not_modified" -ge 1
get "$B/admin/next" > /dev/null
check "a new item is picked up within one poll" bash -c "'$JK' watch --allow-private --once --format json '$B/feed.rss' | jq -e '.items == 3 and .new_items == 1 and .documents == 1'"
check "no item was ingested twice" bash -c "test \$('$JK' export | wc -l) -eq 3"
check "a feed that fails is named and the exit status is 1" bash -c "'$JK' watch --allow-private --once --retries 0 '$B/fail' 2>&1 | grep -q 'HTTP 500'; '$JK' watch --allow-private --once --retries 0 '$B/fail' >/dev/null 2>&1; test \$? -eq 1"
"$JK" watch --allow-private --once --retries 0 "$B/feed-broken.rss" > /dev/null 2>&1
before=$(get "$B/admin/count?path=/fail" | cut -d' ' -f1)
check "an item whose notice failed is tried again at the next poll" bash -c "'$JK' watch --allow-private --once --retries 0 '$B/feed-broken.rss' 2>&1 | grep -q '1 items, 0 new'"
after=$(get "$B/admin/count?path=/fail" | cut -d' ' -f1)
check "…and fetched again ($before -> $after)" test "$after" -gt "$before"
printf '# feeds to watch\n\n%s\n' "$B/feed.rss" > "$TMP/sources"
check "--sources reads a feed list" bash -c "'$JK' watch --allow-private --once --sources '$TMP/sources' | grep -q 'unchanged'"
printf 'not a url\n' > "$TMP/bad_sources"
check "a bad sources file names its line" bash -c "'$JK' watch --allow-private --once --sources '$TMP/bad_sources' 2>&1 | grep -q 'bad_sources:1'"
check "watch --max-bytes refuses a large feed" bash -c "JIKENBO_DB='$TMP/fresh.db' '$JK' watch --allow-private --once --max-bytes 100 '$B/feed.rss' 2>&1 | grep -q 'larger than 100 bytes'"
check "watch --help explains the loop" bash -c "'$JK' watch --help | grep -q -- '--every'"

echo "fetch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
