#!/usr/bin/env bash
# Redis on 127.0.0.1:6379 for development, tests and CI: Debian's server, its pid, log and
# (unsaved) data under .cache/redis/.
#
#   redis.sh start | stop
source "$(dirname "$0")/common.sh"

REDIS_PORT="${REDIS_PORT:-6379}"
DIR="$CACHE/redis"
PIDFILE="$DIR/redis.pid"

answers() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

start() {
    if command -v redis-cli >/dev/null && answers; then
        say "already answering on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not Redis"
    apt_install redis-server redis-tools
    mkdir -p "$DIR"
    say "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$PIDFILE" \
        --dir "$DIR" --logfile "$DIR/redis.log" --save "" --appendonly no
    for _ in $(seq 40); do
        answers && { say "ready"; return 0; }
        sleep 0.25
    done
    tail -n 20 "$DIR/redis.log" >&2 || true
    die "Redis did not answer on 127.0.0.1:$REDIS_PORT"
}

case "${1:-}" in
    start) start ;;
    stop) stop_pid "$PIDFILE" Redis ;;
    *) die "usage: $0 start|stop" ;;
esac
