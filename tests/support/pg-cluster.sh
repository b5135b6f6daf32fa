#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test run, on 127.0.0.1 only.
#   eval "$(bash tests/support/pg-cluster.sh start DIR)"   # exports NEEDLEBOOK_TEST_PG
#   bash tests/support/pg-cluster.sh stop DIR
# Uses Debian's `postgresql` package. initdb refuses to run as root, so as root the cluster
# belongs to the `postgres` account the package creates. Nothing here is for real data: fsync is
# off and every local connection is trusted.
set -euo pipefail
# runuser lives in sbin, which a minimal PATH may leave out.
export PATH="$PATH:/usr/sbin:/sbin"
cmd="${1:?start|stop}"
dir="${2:?a folder for the cluster}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (Debian package postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    # A free loopback port, asked of the OS through Node (which the project needs anyway).
    port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
    as_owner "$bin/initdb" -D "$dir/data" -U needlebook --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U needlebook needlebook_test
    echo "export NEEDLEBOOK_TEST_PG=postgres://needlebook@127.0.0.1:$port/needlebook_test"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
