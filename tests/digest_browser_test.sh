#!/usr/bin/env bash
# The HTML digest in a real browser: headless Chromium renders the digest of examples/, and the
# test checks what a reader would see — every item laid out as an article, the chart drawn, no
# script, text in a CJK font rather than boxes of missing glyphs — and keeps a screenshot under
# build/ for a person to look at. Usage: digest_browser_test.sh path/to/jikenbo path/to/repo
set -uo pipefail
JK=$(realpath "$1")
ROOT=$(realpath "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export JIKENBO_DB="$TMP/case.db"
source "$ROOT/tests/check.sh"
SHOTS=$(dirname "$JK")/screenshots
mkdir -p "$SHOTS"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "FAIL: chromium is not installed (make deps installs Debian's chromium)"
  exit 1
fi
browse() {  # browse OUTFLAG URL: headless, no sandbox (root in CI), no GPU, no network chatter
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --hide-scrollbars --window-size=1000,2600 "$@"
}

"$JK" ingest -q "$ROOT/examples" > /dev/null
"$JK" digest --format html -o "$TMP/digest.html"
items=$(grep -o '<article ' "$TMP/digest.html" | wc -l)
check "the digest holds at least 20 items" test "$items" -ge 20

browse --dump-dom "file://$TMP/digest.html" > "$TMP/dom.html" 2> "$TMP/browser.log"
check "the browser lays out every item as an article" \
  test "$(grep -o '<article ' "$TMP/dom.html" | wc -l)" -eq "$items"
check "the rendered page has its chart and no script" \
  bash -c "grep -q '<svg' '$TMP/dom.html' && ! grep -qi '<script' '$TMP/dom.html'"

browse --screenshot="$SHOTS/digest.png" "file://$TMP/digest.html" > /dev/null 2>> "$TMP/browser.log"
echo '<!DOCTYPE html><html><body></body></html>' > "$TMP/blank.html"
browse --screenshot="$TMP/blank.png" "file://$TMP/blank.html" > /dev/null 2>> "$TMP/browser.log"
# What is on the screen: the share of non-white pixels and the number of distinct colours,
# decoded from the PNG with the standard library (zlib and the five PNG row filters).
cat > "$TMP/ink.py" <<'PY'
import struct, sys, zlib
def pixels(path):
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            bpp = {2: 3, 6: 4}[ctype]
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw, stride, prev, rows = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows
w, h, bpp, rows = pixels(sys.argv[1])
ink, colours = 0, set()
for row in rows[::4]:
    for x in range(0, w * bpp, 4 * bpp):
        px = row[x:x + 3]
        colours.add(px)
        ink += px != b'\xff\xff\xff' and px != b'\xf6\xf6\xf3'
print(w, h, ink / ((h // 4 + 1) * (w // 4 + 1)), len(colours))
PY
read -r w h ink colours < <(python3 "$TMP/ink.py" "$SHOTS/digest.png")
read -r _ _ blank_ink _ < <(python3 "$TMP/ink.py" "$TMP/blank.png")
check "the screenshot is the window's size ($w x $h)" test "$w" -eq 1000 -a "$h" -eq 2600
check "the page shows text and colour ($ink of pixels inked, $colours colours)" \
  python3 -c "import sys; sys.exit(not (float('$ink') > 0.04 and int('$colours') > 20 and float('$blank_ink') < 0.01))"
# Glyphs missing from every font render as hollow boxes: Chromium logs nothing, but the text
# would be far narrower in ink; the CJK font must be installed.
check "a Japanese font is installed (fc-list :lang=ja)" bash -c "fc-list :lang=ja | grep -q ."

echo "digest in a browser: $pass passed, $fail failed (screenshot: $SHOTS/digest.png)"
[ "$fail" -eq 0 ]
