#!/usr/bin/env bash
# jikenbo serve over real HTTP: headers, errors and limits with curl, then the UI in headless
# Chromium driven by playwright-core (installed from npm into build/, never committed).
# Screenshots: build/screenshots/. Usage: web_test.sh path/to/jikenbo path/to/repo
set -uo pipefail
JK=$(realpath "$1")
ROOT=$(realpath "$2")
TMP=$(mktemp -d)
BUILD=$(dirname "$JK")
SHOTS="$BUILD/screenshots"
mkdir -p "$SHOTS"
export JIKENBO_DB="$TMP/case.db"
source "$ROOT/tests/check.sh"
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT

"$JK" ingest -q "$ROOT/examples" > /dev/null
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$TMP/token"
EDITOR_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '# name token\nbrowser-editor %s\n' "$EDITOR_TOKEN" > "$TMP/editors"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$TMP/taxii-token"
"$JK" serve --port 0 --token-file "$TMP/token" --taxii-token-file "$TMP/taxii-token" --editors "$TMP/editors" --max-body 4096 2> "$TMP/serve.log" &
SERVER=$!
for _ in $(seq 50); do grep -q 'serving' "$TMP/serve.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$TMP/serve.log" | head -1 | cut -d: -f2)
BASE="http://127.0.0.1:$PORT"
check "serve listens on loopback (port $PORT)" test -n "$PORT"
printf 'kai short\n' > "$TMP/bad-editors"
check "serve refuses an editors file with a short token" bash -c "'$JK' serve --port 0 --editors '$TMP/bad-editors' 2>&1 | grep -q 'at least 16 characters'"
check "serve --help" bash -c "'$JK' serve --help | grep -q -- '--bind'"

check "pages carry a strict CSP and nosniff" bash -c "curl -sI '$BASE/' | grep -qi \"content-security-policy: default-src 'none'; script-src 'self'\" && curl -sI '$BASE/' | grep -qi 'x-content-type-options: nosniff'"
check "API errors are JSON with a status" bash -c "curl -s -w '%{http_code}' -o '$TMP/e.json' '$BASE/api/cases?from=soon' | grep -qx 400 && jq -e '.error.status == 400' '$TMP/e.json'"
check "unknown endpoints are 404 JSON" bash -c "curl -s -w '%{http_code}' -o '$TMP/e.json' '$BASE/api/x' | grep -qx 404 && jq -e '.error.status == 404' '$TMP/e.json'"
check "no path traversal under /static/" bash -c "test \$(curl -s --path-as-is -o /dev/null -w '%{http_code}' '$BASE/static/../../etc/passwd') -eq 404"
check "a body over --max-body is refused with 413" bash -c "head -c 8192 /dev/zero | tr '\\\\0' a | curl -s -o /dev/null -w '%{http_code}' -X POST -H \"Authorization: Bearer \$(cat '$TMP/token')\" --data-binary @- '$BASE/api/ingest' | grep -qx 413"
check "ingest without the token is 401" bash -c "curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary x '$BASE/api/ingest' | grep -qx 401"
printf 'USBメモリの紛失について\n\n2031年12月20日\n株式会社テスト物流\n\n当社従業員が、お客様30名の氏名と住所を保存したUSBメモリを紛失しました。\n' > "$TMP/new.txt"
check "ingest with the token adds the document" bash -c "curl -s -X POST -H \"Authorization: Bearer \$(cat '$TMP/token')\" --data-binary @'$TMP/new.txt' '$BASE/api/ingest?name=new.txt' | jq -e '.documents == 1' && curl -s '$BASE/api/cases?from=2031-12-20' | jq -e '.total == 1'"
check "a correction without signing in is 401" bash -c "curl -s -o /dev/null -w '%{http_code}' -X POST -d 'field=cause&value=x' '$BASE/articles/1/edit' | grep -qx 401"
check "a wrong editor token is 401 and sets no cookie" bash -c "curl -s -D '$TMP/h' -o /dev/null -w '%{http_code}' -X POST -d 'token=wrong-token-wrong-token' '$BASE/signin' | grep -qx 401 && ! grep -qi '^set-cookie' '$TMP/h'"
check "a signed-in form from another origin is 403" bash -c "c=\$(curl -s -D - -o /dev/null -X POST -d \"token=$EDITOR_TOKEN\" '$BASE/signin' | grep -io 'jikenbo_session=[0-9a-f]*'); test -n \"\$c\" && curl -s -o /dev/null -w '%{http_code}' -X POST -H \"Cookie: \$c\" -H 'Origin: http://evil.example' -d 'csrf=x&field=cause&value=x' '$BASE/articles/1/edit' | grep -qx 403"
# TAXII 2.1 over HTTP: the spec's media type both ways, the reader token, paging with `next`
TX="Accept: application/taxii+json;version=2.1"
TA="Authorization: Bearer $(cat "$TMP/taxii-token")"
check "TAXII discovery answers with the TAXII media type" bash -c "curl -s -D '$TMP/th' -o '$TMP/d.json' -H '$TX' -H '$TA' '$BASE/taxii2/' && grep -qi '^content-type: application/taxii+json;version=2.1' '$TMP/th' && jq -e '.api_roots | length == 1' '$TMP/d.json'"
check "TAXII without the reader token is 401, with another media type 406" bash -c "test \$(curl -s -o /dev/null -w '%{http_code}' -H '$TX' '$BASE/taxii2/') -eq 401 && test \$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' -H '$TA' '$BASE/taxii2/') -eq 406"
check "TAXII objects page with next and the date-added headers until every object is read" bash -c "
  col=\$(curl -s -H '$TX' -H '$TA' '$BASE/taxii2/casebook/collections/' | jq -r '.collections[0].id')
  url='$BASE/taxii2/casebook/collections/'\$col'/objects/?limit=5'; n=0; pages=0
  while :; do
    curl -s -D '$TMP/oh' -o '$TMP/o.json' -H '$TX' -H '$TA' \"\$url\" || exit 1
    grep -qi '^x-taxii-date-added-first:' '$TMP/oh' || exit 1
    n=\$((n + \$(jq '.objects | length' '$TMP/o.json'))); pages=\$((pages + 1))
    [ \"\$(jq -r .more '$TMP/o.json')\" = true ] || break
    url='$BASE/taxii2/casebook/collections/'\$col'/objects/?limit=5&next='\$(jq -r .next '$TMP/o.json')
  done
  all=\$(curl -s -H '$TX' -H '$TA' '$BASE/taxii2/casebook/collections/'\$col'/objects/?limit=1000' | jq '.objects | length')
  test \$pages -gt 3 && test \$n -eq \$all"
check "HEAD answers without a body" bash -c "test \$(curl -s -I -o /dev/null -w '%{size_download}' '$BASE/') -eq 0"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
DEPS="$BUILD/web-test-deps"
if [ -z "$CHROMIUM" ] || ! command -v npm > /dev/null || ! command -v node > /dev/null; then
  echo "FAIL: the browser tests need chromium (make deps installs it) and node with npm"
  fail=$((fail + 1))
else
  if [ ! -d "$DEPS/node_modules/playwright-core" ]; then
    npm install --silent --no-audit --no-fund --prefix "$DEPS" playwright-core@1 > "$TMP/npm.log" 2>&1 \
      || { echo "npm install failed:"; tail -5 "$TMP/npm.log"; }
  fi
  check "the UI in a browser (list, filter, case, highlight, search, dashboard, digest, indicators, editing)" \
    node "$ROOT/tests/web_browser_test.cjs" "$DEPS/node_modules/playwright-core" "$BASE" "$SHOTS" "$CHROMIUM" "$EDITOR_TOKEN"
  [ "$fail" -gt 0 ] && cat "$TMP/out"
fi

echo "web: $pass passed, $fail failed (screenshots: $SHOTS)"
[ "$fail" -eq 0 ]
