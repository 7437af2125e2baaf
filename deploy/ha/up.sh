#!/usr/bin/env bash
# Kopilka's high-availability deployment on one machine, on free ports of 127.0.0.1 (docs/operations.md, "High
# availability"; docs/adr/0042-high-availability.md): one etcd (three in production), three PostgreSQL 15 nodes
# under Patroni with synchronous replication, HAProxy routing the database address to the Patroni primary and the
# API address to two Kopilka API nodes. Everything comes from Debian's packages (deploy/ha/install.sh) and the
# packaged service (./mvnw package -DskipTests). Writes the PIDs, ports and passwords of this run to a state file
# (HA_STATE, default /tmp/kopilka-ha.state) for down.sh and failover.sh; every file of the run is under one
# temporary directory. Run as root (PostgreSQL and Patroni run as the user postgres).
#   HA_STATE      the state file (default /tmp/kopilka-ha.state)
#   HA_API_HEAP   heap of each API node (default 512m)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
STATE=${HA_STATE:-/tmp/kopilka-ha.state}
JAR=target/quarkus-app/quarkus-run.jar
[ "$(id -u)" = 0 ] || { echo "up.sh: run as root (PostgreSQL runs as the user postgres)"; exit 1; }
[ -e "$STATE" ] && { echo "up.sh: $STATE exists: already up (bash deploy/ha/down.sh stops it)"; exit 1; }
[ -f "$JAR" ] || { echo "up.sh: $JAR missing: ./mvnw -B -ntp package -DskipTests first"; exit 1; }
HA_NO_SERVICES=1 bash deploy/ha/install.sh >/dev/null

HA_DIR=$(mktemp -d /tmp/kopilka-ha.XXXXXX)
chmod 755 "$HA_DIR"
umask 077
say() { echo "   $(date +%T) $*"; }
# the state file grows as processes start, so that down.sh stops what started even when up.sh fails half-way
state() { echo "$1=$2" >>"$STATE"; }
state HA_DIR "$HA_DIR"
ok=
trap '[ -n "$ok" ] || { echo "up.sh: failed; logs in $HA_DIR; stopping what started"; HA_KEEP_LOGS=1 bash deploy/ha/down.sh >/dev/null 2>&1 || true; }' EXIT

# ---- free ports, chosen together so that no two are the same
read -r ETCD_PORT ETCD_PEER_PORT PG1 PG2 PG3 REST1 REST2 REST3 HAPROXY_PG_PORT HAPROXY_API_PORT HAPROXY_STATS_PORT API1 API2 < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(13)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
secret() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }
for v in ETCD_PORT ETCD_PEER_PORT PG1 PG2 PG3 REST1 REST2 REST3 HAPROXY_PG_PORT HAPROXY_API_PORT HAPROXY_STATS_PORT API1 API2; do state "$v" "${!v}"; done
export PG_SUPERUSER_PASSWORD=$(secret) PG_REPLICATION_PASSWORD=$(secret) PG_REWIND_PASSWORD=$(secret) PATRONI_REST_PASSWORD=$(secret)
export KOPILKA_DB_PASSWORD=$(secret) KOPILKA_ADMIN_PASSWORD=$(secret) KOPILKA_CONSOLE_SESSION_SECRET=$(secret)$(secret)
export KOPILKA_ADMIN_EMAIL=ha@kopilka.local
for v in PG_SUPERUSER_PASSWORD KOPILKA_DB_PASSWORD KOPILKA_ADMIN_EMAIL KOPILKA_ADMIN_PASSWORD; do state "$v" "${!v}"; done
chmod 600 "$STATE"

# ---- etcd: one member here; three in production (one per machine), so that losing a machine keeps a quorum
echo "== etcd on 127.0.0.1:$ETCD_PORT"
etcd --name etcd1 --data-dir "$HA_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "etcd1=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-token kopilka-ha \
    --initial-cluster-state new >"$HA_DIR/etcd.log" 2>&1 &
state ETCD_PID $!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$ETCD_PORT/health" >/dev/null 2>&1 && break; sleep 0.25; done
curl -fs "http://127.0.0.1:$ETCD_PORT/health" >/dev/null || { tail -20 "$HA_DIR/etcd.log"; exit 1; }

# ---- three PostgreSQL nodes under Patroni, as the user postgres
cp deploy/postgres/kopilka.conf "$HA_DIR/kopilka.conf"
chmod 644 "$HA_DIR/kopilka.conf"
export HA_SCOPE=kopilka NODE_ADDR=127.0.0.1 ETCD_HOSTS="127.0.0.1:$ETCD_PORT" CLIENT_NET=127.0.0.1/32
export KOPILKA_CONF="$HA_DIR/kopilka.conf"
# kopilka.conf's memory is for a database machine of its own; three nodes and two API nodes share this one
export PG_SHARED_BUFFERS=128MB PG_EFFECTIVE_CACHE_SIZE=1GB PG_MAINTENANCE_WORK_MEM=64MB
PG_PORTS=("$PG1" "$PG2" "$PG3"); REST_PORTS=("$REST1" "$REST2" "$REST3")
echo "== PostgreSQL 15 under Patroni: nodes pg1, pg2, pg3 on 127.0.0.1:$PG1, $PG2, $PG3 (REST $REST1, $REST2, $REST3)"
for i in 1 2 3; do
    node=$HA_DIR/pg$i
    mkdir -p "$node"
    chown postgres:postgres "$node"
    export NODE_NAME=pg$i PG_PORT=${PG_PORTS[$((i - 1))]} PATRONI_REST_PORT=${REST_PORTS[$((i - 1))]}
    export PG_DATA=$node/data PGPASS_FILE=$node/pgpass SOCKET_DIR=$node
    bash deploy/ha/render.sh deploy/ha/patroni.yml.in >"$node/patroni.yml"
    chown postgres:postgres "$node/patroni.yml"
    HOME=$node setpriv --reuid=postgres --regid=postgres --init-groups -- patroni "$node/patroni.yml" >"$node/patroni.log" 2>&1 &
    state "PATRONI${i}_PID" $!
    # the first node bootstraps the cluster alone; the others then clone it
    if [ "$i" = 1 ]; then
        for _ in $(seq 1 120); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REST1/primary")" = 200 ] && break; sleep 0.5; done
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REST1/primary")" = 200 ] || { tail -30 "$node/patroni.log"; exit 1; }
        say "pg1 is the primary"
    fi
done
sync_ready() {
    local r=0 s=0
    for p in "$REST2" "$REST3"; do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/replica")" = 200 ] && r=$((r + 1))
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/sync")" = 200 ] && s=$((s + 1))
    done
    [ "$r" = 2 ] && [ "$s" = 1 ]
}
for _ in $(seq 1 240); do sync_ready && break; sleep 0.5; done
sync_ready || { echo "up.sh: the standbys did not come up"; tail -20 "$HA_DIR"/pg[23]/patroni.log; exit 1; }
say "pg2 and pg3 stream from pg1, one of them synchronous"

# ---- HAProxy: the database address (the Patroni primary) and the API address (two nodes)
export HAPROXY_ADDR=127.0.0.1 HAPROXY_PG_PORT HAPROXY_API_PORT HAPROXY_STATS_PORT
HAPROXY_PG_SERVERS=$(for i in 1 2 3; do echo "    server pg$i 127.0.0.1:${PG_PORTS[$((i - 1))]} check port ${REST_PORTS[$((i - 1))]}"; done)
HAPROXY_API_SERVERS=$(printf '    server api1 127.0.0.1:%s check\n    server api2 127.0.0.1:%s check' "$API1" "$API2")
export HAPROXY_PG_SERVERS HAPROXY_API_SERVERS
bash deploy/ha/render.sh deploy/ha/haproxy.cfg.in >"$HA_DIR/haproxy.cfg"
haproxy -c -q -f "$HA_DIR/haproxy.cfg"
echo "== HAProxy: database 127.0.0.1:$HAPROXY_PG_PORT (the primary), API 127.0.0.1:$HAPROXY_API_PORT"
haproxy -db -f "$HA_DIR/haproxy.cfg" >"$HA_DIR/haproxy.log" 2>&1 &
state HAPROXY_PID $!

# the service's role and database, through HAProxy (so on whichever node is the primary)
psql_super() { PGPASSWORD=$PG_SUPERUSER_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$HAPROXY_PG_PORT" -U postgres "$@"; }
# HAProxy starts with every server up until its checks say otherwise: wait until only the primary is
up_servers() { curl -s "http://127.0.0.1:$HAPROXY_STATS_PORT/stats;csv" | awk -F, -v b="$1" '$1 == b && $2 != "FRONTEND" && $2 != "BACKEND" && $18 ~ /^UP/ {print $2}' | paste -sd' ' -; }
for _ in $(seq 1 40); do [ "$(up_servers postgres)" = pg1 ] && break; sleep 0.25; done
[ "$(up_servers postgres)" = pg1 ] || { echo "up.sh: HAProxy does not route the database to pg1 alone: $(up_servers postgres)"; exit 1; }
psql_super -d postgres -c "CREATE ROLE kopilka LOGIN PASSWORD '$KOPILKA_DB_PASSWORD'" -c "CREATE DATABASE kopilka OWNER kopilka"
psql_super -d kopilka -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'

# ---- two API nodes, one after the other (the first migrates the schema and creates the chain)
API_PORTS=("$API1" "$API2")
export KOPILKA_PUBLIC_BASE_URL="http://127.0.0.1:$HAPROXY_API_PORT"
for i in 1 2; do
    port=${API_PORTS[$((i - 1))]}
    export KOPILKA_HTTP_PORT=$port
    bash deploy/ha/render.sh deploy/ha/kopilka.env.in >"$HA_DIR/api$i.env"
    echo "== API node api$i on 127.0.0.1:$port"
    mkdir -p "$HA_DIR/api$i"
    (set -a; . "$HA_DIR/api$i.env"; export KOPILKA_DATA_DIR="$HA_DIR/api$i/pg"
     exec java "-Xmx${HA_API_HEAP:-512m}" -jar "$ROOT/$JAR" >"$HA_DIR/api$i.log" 2>&1) &
    pid=$!
    state "API${i}_PID" "$pid"
    for _ in $(seq 1 480); do
        [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" || true)" = 200 ] && break
        kill -0 "$pid" 2>/dev/null || { tail -30 "$HA_DIR/api$i.log"; exit 1; }
        sleep 0.25
    done
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" = 200 ] || { tail -30 "$HA_DIR/api$i.log"; exit 1; }
    say "api$i ready"
done
for _ in $(seq 1 40); do [ "$(up_servers kopilka_api)" = "api1 api2" ] && break; sleep 0.25; done
[ "$(up_servers kopilka_api)" = "api1 api2" ] || { echo "up.sh: HAProxy does not see both API nodes: $(up_servers kopilka_api)"; exit 1; }
ok=1
echo "== up: the API at http://127.0.0.1:$HAPROXY_API_PORT (head office $KOPILKA_ADMIN_EMAIL, password in $STATE);"
echo "   the database at 127.0.0.1:$HAPROXY_PG_PORT; patronictl -c $HA_DIR/pg1/patroni.yml list; bash deploy/ha/down.sh stops it"
