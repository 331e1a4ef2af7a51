#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1:5432 for tests and CI: Debian's server, a cluster of its own under
# .cache/postgres/, the role "postgres" trusted on loopback only (no password).
#
#   postgres.sh start | stop
source "$(dirname "$0")/common.sh"

PG_PORT="${PG_PORT:-5432}"
DATA="$CACHE/postgres/data"
LOG="$CACHE/postgres/postgres.log"
PG_USER=postgres

bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$dir" ] || die "no PostgreSQL server under /usr/lib/postgresql"
    echo "$dir"
}

answers() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

start() {
    if answers; then
        say "already answering on 127.0.0.1:$PG_PORT"
        return 0
    fi
    port_open "$PG_PORT" && die "port $PG_PORT is taken, but not by a PostgreSQL that trusts the role postgres on loopback"
    apt_install postgresql postgresql-client
    local bin
    bin="$(bindir)"
    mkdir -p "$(dirname "$DATA")"
    [ "$(id -u)" -eq 0 ] && chown "$PG_USER:" "$(dirname "$DATA")"
    if [ ! -s "$DATA/PG_VERSION" ]; then
        say "creating a cluster in $DATA"
        as_user "$PG_USER" "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >/dev/null
    fi
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    # The socket goes beside the data: /var/run/postgresql may not exist or be writable.
    as_user "$PG_USER" "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DATA -c fsync=off" >/dev/null ||
        { tail -n 20 "$LOG" >&2; die "PostgreSQL did not start"; }
    answers || die "PostgreSQL started but does not answer on 127.0.0.1:$PG_PORT"
    say "ready"
}

stop() {
    if [ ! -s "$DATA/postmaster.pid" ]; then
        say "PostgreSQL (ours) is not running"
        return 0
    fi
    as_user "$PG_USER" "$(bindir)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    say "PostgreSQL stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) die "usage: $0 start|stop" ;;
esac
