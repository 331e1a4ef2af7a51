#!/usr/bin/env bash
# A single-node Elasticsearch 8 on 127.0.0.1 for development, tests and CI.
#
#   elasticsearch.sh start   fetch (once), configure and start; return when the cluster is
#                            green or yellow. Does nothing while the node is up.
#   elasticsearch.sh stop    stop it by its pid file.
#
# The node is Elasticsearch's integration-test distribution from Maven Central
# (org.elasticsearch.distribution.integ-test-zip:elasticsearch, ES_VERSION, set in the
# Makefile): core modules only, no analysis-common, no mapper-extras, no bundled JDK. It runs
# on the default Java with security disabled, a 512 MB heap, its data and logs under
# .cache/elasticsearch/. ES_PORT (9200) chooses the HTTP port (the transport port is 100
# above it); ES_NODE_DIR puts a node's config, data, logs and pid file elsewhere, for a
# second node from the same distribution (tests start and stop one of their own).
source "$(dirname "$0")/common.sh"

: "${ES_VERSION:?ES_VERSION is not set (the Makefile pins it)}"
ES_PORT="${ES_PORT:-9200}"
HOME_DIR="$CACHE/elasticsearch"
DIST="$HOME_DIR/elasticsearch-$ES_VERSION"
NODE_DIR="${ES_NODE_DIR:-$HOME_DIR}"
CONF="$NODE_DIR/config"
PIDFILE="$NODE_DIR/elasticsearch.pid"
LOGS="$NODE_DIR/logs"
ES_USER="${ES_USER:-elasticsearch}"
URL="http://127.0.0.1:$ES_PORT"

healthy() {
    curl -fsS -m 5 "$URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'
}

fetch() {
    [ -x "$DIST/bin/elasticsearch" ] && return 0
    local zip="$HOME_DIR/elasticsearch-$ES_VERSION.zip"
    if [ ! -s "$zip" ]; then
        say "fetching Elasticsearch $ES_VERSION from Maven Central"
        mvn -q -B -Dstyle.color=never dependency:copy \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
            -DoutputDirectory="$HOME_DIR" -Dmdep.overWriteReleases=true >/dev/null
    fi
    say "unpacking $(basename "$zip")"
    rm -rf "$DIST.partial"
    mkdir -p "$DIST.partial"
    (cd "$DIST.partial" && unzip -q "$zip")
    mv "$DIST.partial/elasticsearch-$ES_VERSION" "$DIST"
    rm -rf "$DIST.partial"
}

configure() {
    mkdir -p "$CONF/jvm.options.d" "$NODE_DIR/data" "$LOGS" "$NODE_DIR/tmp"
    cp "$DIST/config/jvm.options" "$DIST/config/log4j2.properties" "$CONF/"
    cat >"$CONF/elasticsearch.yml" <<YAML
cluster.name: thinktank-local
node.name: thinktank-local
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
path.data: $NODE_DIR/data
path.logs: $LOGS
xpack.security.enabled: false
# A nearly full development disk must not turn the indexes read-only.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: true
YAML
    printf -- '-Xms512m\n-Xmx512m\n' >"$CONF/jvm.options.d/heap.options"
}

ensure_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    id "$ES_USER" >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER:" "$NODE_DIR"
}

java_home() {
    # The default Java (17); ES_JAVA_HOME overrides it for a version that needs a newer one.
    if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

start() {
    if pid_alive "$PIDFILE" && healthy; then
        say "already running on $URL"
        return 0
    fi
    if port_open "$ES_PORT"; then
        healthy && { say "a node already answers on $URL"; return 0; }
        die "port $ES_PORT is taken by something that is not a healthy Elasticsearch"
    fi
    command -v java >/dev/null || die "java is not installed"
    command -v mvn >/dev/null || die "mvn is not installed"
    command -v unzip >/dev/null || apt_install unzip
    mkdir -p "$HOME_DIR"
    fetch
    configure
    ensure_user
    rm -f "$PIDFILE"
    say "starting Elasticsearch $ES_VERSION on $URL (logs in $LOGS)"
    as_user "$ES_USER" env ES_PATH_CONF="$CONF" ES_JAVA_HOME="$(java_home)" \
        ES_TMPDIR="$NODE_DIR/tmp" "$DIST/bin/elasticsearch" -d -p "$PIDFILE" \
        >"$LOGS/startup.log" 2>&1 || {
        tail -n 40 "$LOGS/startup.log" >&2
        die "Elasticsearch did not start"
    }
    for _ in $(seq 240); do
        if healthy; then
            say "ready: $(curl -fsS "$URL/_cluster/health" | grep -Eo '"status":"[a-z]+"')"
            return 0
        fi
        pid_alive "$PIDFILE" || break
        sleep 0.5
    done
    tail -n 40 "$LOGS"/*.log >&2 || true
    die "Elasticsearch did not answer green or yellow on $URL"
}

case "${1:-}" in
    start) start ;;
    # The distribution alone (its tools, e.g. elasticsearch-certutil), no node started.
    fetch) command -v unzip >/dev/null || apt_install unzip; mkdir -p "$HOME_DIR"; fetch ;;
    stop) stop_pid "$PIDFILE" Elasticsearch ;;
    *) die "usage: $0 start|stop|fetch" ;;
esac
