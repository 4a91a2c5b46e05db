#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests, on a free 127.0.0.1 port with trust auth.
#
#   url=$(scripts/start-postgres.sh)      # starts it; prints postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/start-postgres.sh stop "$url" # stops it and deletes its files
#
# Uses Debian's server binaries (scripts/setup-system.sh installs them). initdb refuses to run
# as root, so as root the server runs as the postgres user. Durability is off (fsync): the data
# lives only as long as the tests.
set -euo pipefail

bin_dir() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
    done
    echo "start-postgres: no PostgreSQL server binaries in /usr/lib/postgresql (run scripts/setup-system.sh)" >&2
    exit 1
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

state_dir() { echo "${TMPDIR:-/tmp}/tessera-postgres-$1"; }

if [ "${1:-start}" = "stop" ]; then
    port=$(echo "${2:?usage: start-postgres.sh stop URL}" | sed -E 's#.*:([0-9]+)/.*#\1#')
    dir=$(state_dir "$port")
    [ -d "$dir" ] || { echo "start-postgres: no server of ours on port $port" >&2; exit 1; }
    as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    rm -rf "$dir"
    exit 0
fi

bin=$(bin_dir)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(state_dir "$port")
mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "\
    -c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' \
    -c max_connections=500 -c shared_buffers=128MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
echo "postgres://postgres@127.0.0.1:$port/postgres"
