#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on a free loopback port in a temporary folder.
#   eval "$(scripts/pg-throwaway.sh start)"   sets TONGBAN_TEST_PG and TONGBAN_PG_DIR
#   scripts/pg-throwaway.sh stop "$TONGBAN_PG_DIR"
#   PG_DURABLE=1 scripts/pg-throwaway.sh start   fsync and synchronous commit on (benchmarks of durable writes)
#   PG_DURABLE=1 scripts/pg-throwaway.sh resume DIR PORT   starts a stopped cluster again (a kept bench database)
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
serve() { # dir port
  # fsync off for tests: the data is thrown away after the run, so durability costs only time there.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = 1 ] && durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=2GB -c max_wal_size=8GB"
  as_pg "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 300 \
    -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 $durability -c max_connections=300" start >/dev/null
}
case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/tongban-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    port=""
    for _ in $(seq 1 50); do
      candidate=$((20000 + RANDOM % 30000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
    done
    [ -n "$port" ] || { echo "no free port found" >&2; exit 1; }
    serve "$dir" "$port"
    echo "export TONGBAN_PG_DIR=$dir"
    echo "export TONGBAN_TEST_PG='Host=127.0.0.1;Port=$port;Username=postgres;Password=unused'"
    ;;
  resume)
    serve "${2:?folder}" "${3:?port}"
    ;;
  stop)
    dir=${2:?folder}
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR | resume DIR PORT" >&2; exit 2 ;;
esac
