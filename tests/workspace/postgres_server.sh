#!/usr/bin/env bash
# A throwaway PostgreSQL server for the workspace tests (Debian's postgresql package).
#   postgres_server.sh start DIR PORT   initdb + start on 127.0.0.1:PORT; prints the URL
#   postgres_server.sh stop DIR         fast shutdown (the tests then delete DIR)
#   postgres_server.sh restart DIR      stop + start again (same data, same port)
#   postgres_server.sh resume DIR       start again after stop
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` system
# user (runuser), otherwise as the calling user. Trust authentication on loopback only,
# fsync off unless GOVMETRICS_PG_FSYNC=on (the tests are about the workspace, not about
# PostgreSQL's durability; the latency bench turns it on).
set -euo pipefail
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
cmd="${1:?usage: postgres_server.sh start|stop|restart DIR [PORT]}"
dir="${2:?DIR}"
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
start_server() {
  local port
  port="$(cat "$dir/port")"
  as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=${GOVMETRICS_PG_FSYNC:-off} -c max_connections=200" \
    start >/dev/null
}
case "$cmd" in
  start)
    port="${3:?PORT}"
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres "$dir"
      chmod o+x "$(dirname "$dir")"  # a 0700 mktemp parent would hide DIR from postgres
    fi
    echo "$port" | as_owner tee "$dir/port" >/dev/null
    as_owner "$BIN/initdb" -D "$dir/data" -A trust -U gm >/dev/null
    start_server
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U gm workspace
    echo "postgresql://127.0.0.1:$port/workspace?user=gm"
    ;;
  stop)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  restart)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    start_server
    ;;
  resume)
    start_server
    ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
