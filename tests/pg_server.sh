#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: Debian's postgresql (installed by `make deps`),
# initdb in DIR, listening only on a Unix socket in DIR, trust authentication, UTF8, locale C.
# PostgreSQL refuses to run as root, so under root it runs as the unprivileged user `nobody`.
#   pg_server.sh start DIR   prints the admin URI (database postgres, user jikenbo)
#   pg_server.sh stop DIR    stops the server and removes DIR
set -euo pipefail
cmd=${1:?usage: pg_server.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: pg_server.sh start|stop DIR}")
cd /  # the server's user (nobody) may not be allowed into the caller's directory
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg_server.sh: PostgreSQL server not installed (make deps installs Debian's postgresql)" >&2
  exit 1
fi
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u nobody --); fi

case "$cmd" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgresql:///postgres?host=$dir&user=jikenbo"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 700 "$dir"
    if [ "$(id -u)" = 0 ]; then chown nobody "$dir"; fi
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U jikenbo -A trust -E UTF8 --locale=C \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # The role jk_pw signs in with a password (the tests' wrong-password case); others are trusted.
    { echo "local all jk_pw scram-sha-256"; cat "$dir/data/pg_hba.conf"; } > "$dir/hba.tmp"
    mv "$dir/hba.tmp" "$dir/data/pg_hba.conf"
    if [ "$(id -u)" = 0 ]; then chown nobody "$dir/data/pg_hba.conf"; fi
    # fsync off: a test server's data need not survive a power cut (PG_FSYNC=on for benchmarks).
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=${PG_FSYNC:-off} -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$dir&user=jikenbo"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
