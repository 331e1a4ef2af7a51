# Shared by the local service scripts: where their state lives, and small helpers.
# Everything they start listens on 127.0.0.1 only and keeps its files under .cache/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${SERVICES_CACHE:-$ROOT/.cache}"
# The servers run as their own users (they refuse root), who must reach the cache. In a
# checkout they cannot reach (under /root, say), the cache lives in /var/tmp instead, and
# .cache points there.
if [ -z "${SERVICES_CACHE:-}" ] && [ "$(id -u)" -eq 0 ] &&
    ! runuser -u nobody -- test -x "$ROOT" 2>/dev/null; then
    CACHE="/var/tmp/thinktank-services/$(printf %s "$ROOT" | md5sum | cut -c1-12)"
    mkdir -p "$CACHE"
    chmod 755 /var/tmp/thinktank-services "$CACHE"
    [ -e "$ROOT/.cache" ] || ln -s "$CACHE" "$ROOT/.cache"
fi
mkdir -p "$CACHE"

say() { printf '%s: %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { say "$*"; exit 1; }

# Install Debian packages that are missing; apt-get needs root.
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing ${missing[*]}"
    local sudo="" policy=/usr/sbin/policy-rc.d own_policy=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # Debian starts a server as it installs it (PostgreSQL on 5432 with a cluster of its
    # own, Redis on 6379); these scripts start their own, so the packages must not.
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod +x "$policy"
        own_policy=1
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || { [ -n "$own_policy" ] && $sudo rm -f "$policy"; return 1; }
    [ -n "$own_policy" ] && $sudo rm -f "$policy"
    return 0
}

# Whether something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Whether the process in pid file $1 is alive.
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Run a command as user $1 (the servers refuse to run as root); as ourselves when not root.
as_user() {
    local user="$1"; shift
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

# Stop the process in pid file $1 (SIGTERM, then wait up to 30 s).
stop_pid() {
    local pidfile="$1" name="$2"
    if ! pid_alive "$pidfile"; then
        say "$name is not running"
        rm -f "$pidfile"
        return 0
    fi
    local pid
    pid="$(cat "$pidfile")"
    kill "$pid"
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; say "$name stopped"; return 0; }
        sleep 0.5
    done
    die "$name (pid $pid) did not stop within 30 s"
}
