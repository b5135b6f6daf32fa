#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test run, on 127.0.0.1 only.
#   eval "$(bash tests/support/pg-cluster.sh start DIR)"   # exports NEEDLEBOOK_TEST_PG
#   bash tests/support/pg-cluster.sh stop DIR
# Uses Debian's `postgresql` package. initdb refuses to run as root, so as root the cluster
# belongs to the `postgres` account the package creates. Nothing here is for real data: fsync is
# off and the cluster's superuser `needlebook` is trusted. Every other login (the clinic seats the
# tests create) signs in with its password, as on a clinic's server, and TLS is on with a CA made
# here, so a test can connect with sslmode=verify-full (NEEDLEBOOK_TEST_PG_CA names the CA).
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
    printf '%s\n' 'local all needlebook trust' 'host all needlebook 127.0.0.1/32 trust' \
      'local all all scram-sha-256' 'host all all 127.0.0.1/32 scram-sha-256' >"$dir/pg_hba.conf"
    # A CA of the run's own and the server's certificate for 127.0.0.1, signed by it.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=needlebook-test-ca -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=IP:127.0.0.1\n' >"$dir/san.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 -extfile "$dir/san.ext" -out "$dir/server.crt" >/dev/null 2>&1
    chmod 600 "$dir/server.key"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pg_hba.conf" "$dir/server.key" "$dir/server.crt"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c hba_file=$dir/pg_hba.conf -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U needlebook needlebook_test
    echo "export NEEDLEBOOK_TEST_PG=postgres://needlebook@127.0.0.1:$port/needlebook_test"
    echo "export NEEDLEBOOK_TEST_PG_CA=$dir/ca.crt"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
