#!/usr/bin/env bash
# package_test.sh BUILD_DIR
# The installed jikenbo, as a user gets it:
#  1. make install into a temporary PREFIX: binary, rules under share/jikenbo, man pages for the
#     command and every subcommand, systemd units that name PREFIX/bin/jikenbo and pass
#     systemd-analyze (verify, and the sandbox's exposure), settings kept on a re-install; the
#     installed binary, run from elsewhere with no rules option, analyses the installed
#     examples exactly as the build does.
#  2. As root: make deb, install the .deb with dpkg, run the installed /usr/bin/jikenbo on the
#     examples as the service user jikenbo in its state directory, purge the package. Skipped
#     (with a message) when not root, or when a jikenbo package is already installed.
set -euo pipefail
build=$(realpath "$1")
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
deb_installed=0
cleanup() {
  if [[ $deb_installed == 1 ]]; then dpkg --purge jikenbo >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "package_test: FAIL: $*" >&2
  exit 1
}
pass() { echo "package_test: ok: $*"; }

# What the build's own binary makes of the examples: the reference (paths cut to file names).
list_json() { # BIN DB
  "$1" --db "$2" list --format json | sed 's|"doc":"[^"]*/|"doc":"|g'
}
unset JIKENBO_RULES JIKENBO_DB
"$build/jikenbo" --db "$tmp/ref.db" ingest "$src/examples" >/dev/null 2>&1
list_json "$build/jikenbo" "$tmp/ref.db" > "$tmp/ref.json"
[[ $(grep -o '"case_no"' "$tmp/ref.json" | wc -l) -gt 5 ]] || fail "reference list is empty"

# 1. make install into a temporary prefix.
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
[[ -x $prefix/bin/jikenbo ]] || fail "no $prefix/bin/jikenbo"
for f in "$src"/rules/*.rules; do
  cmp -s "$f" "$prefix/share/jikenbo/rules/$(basename "$f")" ||
    fail "rules/$(basename "$f") not installed under share/jikenbo/rules"
done
pass "binary and $(ls "$prefix/share/jikenbo/rules" | wc -l) rules files installed"

# (each output is read whole before grep -q looks at it: with pipefail, a grep that stops at
# its first match would let the writer die of SIGPIPE and fail the pipeline at random)
grep -q -- "--rules TEXT=$prefix/share/jikenbo/rules" <<< "$("$prefix/bin/jikenbo" --help)" ||
  fail "the installed binary does not default to its installed rules"
subs=$("$prefix/bin/jikenbo" --help | awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
pages=0
for s in "" $subs; do
  page=$prefix/share/man/man1/jikenbo${s:+-$s}.1.gz
  [[ -f $page ]] || fail "no man page $page"
  grep -q '^\.SH OPTIONS' <<< "$(zcat "$page")" || fail "man page $page has no OPTIONS"
  pages=$((pages + 1))
done
grep -q 'bind' <<< "$(zcat "$prefix/share/man/man1/jikenbo-serve.1.gz")" || fail "jikenbo-serve(1) lacks --bind"
pass "$pages man pages, one per subcommand"

units=$prefix/lib/systemd/system
for unit in jikenbo-serve.service jikenbo-watch.service jikenbo-worker@.service; do
  [[ -f $units/$unit ]] || fail "no unit $unit"
  grep -q "^ExecStart=$prefix/bin/jikenbo " "$units/$unit" || fail "$unit does not run $prefix/bin/jikenbo"
  grep -q '^User=jikenbo$' "$units/$unit" || fail "$unit does not run as jikenbo"
  grep -q '^ProtectSystem=strict$' "$units/$unit" || fail "$unit lacks its sandbox"
  if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify --man=no "$units/$unit" || fail "systemd-analyze verify $unit"
    # Exposure 0-100 (systemd shows it as 0.0-10.0): "OK" is below 30; ours must stay below 20.
    systemd-analyze security --offline=yes --threshold=20 "$units/$unit" >/dev/null ||
      fail "$unit: exposure above 2.0 (systemd-analyze security --offline=yes)"
  fi
done
command -v systemd-analyze >/dev/null && pass "units verified, exposure below 2.0" ||
  echo "package_test: note: systemd-analyze missing, units not verified"

grep -q "^WATCH_OPTS=.*$prefix/etc/jikenbo/feeds.txt" "$prefix/etc/default/jikenbo" ||
  fail "the settings do not name $prefix/etc/jikenbo/feeds.txt"
echo 'SERVE_OPTS="--port 9999"' >> "$prefix/etc/default/jikenbo"
cmake --install "$build" --prefix "$prefix" >/dev/null
grep -q 'port 9999' "$prefix/etc/default/jikenbo" || fail "a re-install overwrote the settings"
pass "settings under PREFIX/etc, kept on re-install"

(cd "$tmp" && "$prefix/bin/jikenbo" --db "$tmp/installed.db" ingest "$prefix/share/doc/jikenbo/examples" \
  >/dev/null 2>&1)
list_json "$prefix/bin/jikenbo" "$tmp/installed.db" > "$tmp/installed.json"
diff -u "$tmp/ref.json" "$tmp/installed.json" >&2 ||
  fail "the installed binary analyses the examples differently from the build"
pass "installed binary: $(grep -o '"case_no"' "$tmp/installed.json" | wc -l) articles, as the build"

# 2. The Debian package.
if [[ $(id -u) != 0 ]] || ! command -v dpkg >/dev/null; then
  echo "package_test: SKIP the .deb install (needs root and dpkg)"
  exit 0
fi
if dpkg -s jikenbo >/dev/null 2>&1; then
  echo "package_test: SKIP the .deb install: a jikenbo package is installed on this machine"
  exit 0
fi
deb=$(bash "$src/packaging/build-deb.sh" "$build" "$tmp/deb")
grep -q 'libre2' <<< "$(dpkg-deb -f "$deb" Depends)" || fail "the package does not depend on libre2"
deb_installed=1
dpkg -i "$deb" >/dev/null || fail "dpkg -i $deb"
[[ $(dpkg-query -W -f='${Status}' jikenbo) == "install ok installed" ]] || fail "not installed"
[[ $(/usr/bin/jikenbo --version) == $("$build/jikenbo" --version) ]] || fail "wrong version installed"
getent passwd jikenbo >/dev/null || fail "no jikenbo user"
[[ $(stat -c %U /var/lib/jikenbo) == jikenbo ]] || fail "/var/lib/jikenbo is not the jikenbo user's"
[[ -f /etc/default/jikenbo && -f /usr/lib/systemd/system/jikenbo-serve.service ]] ||
  fail "settings or units missing"
grep -q '^ExecStart=/usr/bin/jikenbo serve' /usr/lib/systemd/system/jikenbo-serve.service ||
  fail "the packaged unit does not run /usr/bin/jikenbo"
db=/var/lib/jikenbo/package-test.db
(cd /var/lib/jikenbo && runuser -u jikenbo -- /usr/bin/jikenbo --db "$db" ingest \
  /usr/share/doc/jikenbo/examples >/dev/null 2>&1) || fail "the jikenbo user cannot ingest"
list_json /usr/bin/jikenbo "$db" > "$tmp/deb.json"
rm -f "$db" "$db-wal" "$db-shm"
diff -u "$tmp/ref.json" "$tmp/deb.json" >&2 ||
  fail "the packaged binary analyses the examples differently from the build"
pass "package installed: /usr/bin/jikenbo as user jikenbo analyses the examples as the build"
dpkg --purge jikenbo >/dev/null || fail "dpkg --purge jikenbo"
deb_installed=0
[[ ! -e /usr/bin/jikenbo && ! -e /etc/default/jikenbo ]] || fail "purge left files behind"
pass "package purged"
