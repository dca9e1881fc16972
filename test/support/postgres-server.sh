#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 only.
#
#   eval "$(bash test/support/postgres-server.sh start)"   # exports PROGEVAL_TEST_POSTGRES_URL (and PGSERVER_DIR)
#   bash test/support/postgres-server.sh stop               # stops it and removes its folder
#
# Uses the server binaries under /usr/lib/postgresql/*/bin when present, else installs Debian's
# `postgresql`. Runs initdb in a temporary folder (trust authentication, loopback only) and
# pg_ctl start on a free port. As root, the server runs as the `postgres` user (created if absent),
# since PostgreSQL refuses to run as root.
set -euo pipefail

bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    echo "installing postgresql …" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >/dev/null
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$d"
}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    BIN=$(bin_dir)
    DIR=$(mktemp -d /tmp/progeval-pg-XXXXXX)
    chmod 755 "$DIR"
    [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown postgres "$DIR"; }
    PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_server_user "$BIN/initdb" -D "$DIR/data" -U progeval --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
    as_server_user "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
    echo "export PROGEVAL_TEST_POSTGRES_URL=postgres://progeval@127.0.0.1:$PORT/postgres"
    echo "export PGSERVER_DIR=$DIR"
    ;;
  stop)
    DIR=${PGSERVER_DIR:?PGSERVER_DIR is not set: start the server with this script first}
    BIN=$(bin_dir)
    as_server_user "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
