#!/usr/bin/env bash
# A private PostgreSQL server: ./scripts/test-postgres.sh start|stop|restart
# For the tests it lives in a temporary folder, without fsync, and is thrown away on stop. With
# CERTORLEANS_PG_KEEP=1 (./run.sh --cluster) its data folder is kept across starts and stops, with fsync;
# CERTORLEANS_PG_FSYNC=on asks for fsync without keeping (the fault test). restart is an immediate
# (crash-like) stop and a start on the same data, for the fault test.
# It listens on 127.0.0.1 only and trusts local connections; CERTORLEANS_PG_BRIDGE=10.213.0.1/24 (the fault
# test's namespaces, scripts/netns.sh) also listens on that address and trusts that network.
# CERTORLEANS_PG_ARCHIVE=DIR archives every WAL segment into DIR, a segment at least every 5 s (the restore drill).
set -euo pipefail
DIR="${CERTORLEANS_PG_DIR:-/tmp/certorleans-test-pg}"
PORT="${CERTORLEANS_PG_PORT:-55432}"
KEEP="${CERTORLEANS_PG_KEEP:-0}"
FSYNC=off
[ "$KEEP" = 1 ] && FSYNC=on
FSYNC="${CERTORLEANS_PG_FSYNC:-$FSYNC}"
BRIDGE="${CERTORLEANS_PG_BRIDGE:-}"
ARCHIVE="${CERTORLEANS_PG_ARCHIVE:-}"
LISTEN=127.0.0.1
[ -n "$BRIDGE" ] && LISTEN="127.0.0.1,${BRIDGE%/*}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$PGBIN" ]; then echo "error: PostgreSQL server binaries not found (install the Debian package postgresql)" >&2; exit 1; fi

as_owner() {
  # initdb refuses to run as root: use the postgres account when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

server() {
  as_owner "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $DIR -c listen_addresses=$LISTEN -c fsync=$FSYNC -c synchronous_commit=$FSYNC -c full_page_writes=$FSYNC -c max_connections=300" start >/dev/null
}

case "${1:-}" in
  restart)
    as_owner "$PGBIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null
    server
    ;;
  start)
    if [ -f "$DIR/postmaster.pid" ]; then as_owner "$PGBIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null 2>&1 || true; fi
    if [ "$KEEP" != 1 ] || [ ! -f "$DIR/PG_VERSION" ]; then
      rm -rf "$DIR"
      mkdir -p "$DIR"
      if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DIR"; fi
      as_owner "$PGBIN/initdb" -D "$DIR" -U postgres -A trust -E UTF8 --no-locale >"$DIR.initdb.log" 2>&1 \
        || { cat "$DIR.initdb.log" >&2; exit 1; }
      if [ -n "$BRIDGE" ]; then echo "host all all ${BRIDGE%.*}.0/24 trust" >>"$DIR/pg_hba.conf"; fi
      if [ -n "$ARCHIVE" ]; then
        printf "archive_mode = on\narchive_command = 'test ! -f %s/%%f && cp %%p %s/%%f'\narchive_timeout = 5\n" "$ARCHIVE" "$ARCHIVE" >>"$DIR/postgresql.conf"
      fi
    fi
    server
    echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
    ;;
  stop)
    if [ -f "$DIR/postmaster.pid" ]; then as_owner "$PGBIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null || true; fi
    if [ "$KEEP" != 1 ]; then rm -rf "$DIR" "$DIR.initdb.log"; fi
    ;;
  *)
    echo "usage: $0 start|stop|restart" >&2
    exit 2
    ;;
esac
