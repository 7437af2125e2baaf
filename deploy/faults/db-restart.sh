#!/usr/bin/env bash
# The checkout through a database restart and a crash (docs/reliability.md). On a throw-away PostgreSQL cluster of
# its own (a free port on 127.0.0.1, never the machine's shared server), with the packaged service in front:
# tills send receipts at a steady rate; PostgreSQL is restarted fast, then its postmaster is killed with kill -9
# and started again; every receipt that got no 2xx is sent again with the same body. Prints the outage in
# seconds, answers by status, acknowledged, stored, lost (must be 0), doubled (must be 0) and the longest answer
# (must be at most the till's time-out + 0.5 s), and exits non-zero when one of those fails.
#   FAULT_RATE (receipts/s, default 60), FAULT_SECONDS (default 40), FAULT_TERMINALS (default 6)
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${FAULT_RATE:-60}
SECONDS_TOTAL=${FAULT_SECONDS:-40}
TERMINALS=${FAULT_TERMINALS:-6}
ANSWER_TIMEOUT_MS=2000
JAR=target/quarkus-app/quarkus-run.jar
WORK=$(mktemp -d /tmp/kopilka-faults.XXXXXX)
RUN=$(date +%H%M%S)
SERVICE_PID=
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# PostgreSQL's own binaries (Debian's package); installed when missing
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when the script runs as root
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

PGPORT=$(free_port)
HTTP_PORT=$(free_port)
DATA=$WORK/pg
mkdir -p "$DATA"
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
cleanup() {
    [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

pg_start() { as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$WORK/postgres.log" -w -t 60 -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null; }
postmaster_pid() { head -1 "$DATA/postmaster.pid"; }

echo "== a throw-away PostgreSQL cluster on 127.0.0.1:$PGPORT ($PGBIN)"
as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust >/dev/null
pg_start

if [ ! -f "$JAR" ]; then
    echo "== building the service (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi
echo "== the service on 127.0.0.1:$HTTP_PORT"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_DATASOURCE_PASSWORD= KOPILKA_ADMIN_EMAIL=faults@kopilka.local KOPILKA_ADMIN_PASSWORD=faults-password \
KOPILKA_HTTP_PORT=$HTTP_PORT KOPILKA_REPORTS_REFRESH_EVERY=off \
    java -Xmx512m -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
BASE=http://127.0.0.1:$HTTP_PORT
for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$BASE/q/health/ready" || true)" = 200 ] && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log"; exit 1; }
    sleep 0.25
done

ADMIN=(-s -u faults@kopilka.local:faults-password -H 'Content-Type: application/json')
STORE=$(curl "${ADMIN[@]}" "$BASE/api/admin/v1/stores" -d '{"code":"F1","name":"Fault store","timezone":"Europe/Moscow"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
: >"$WORK/keys"
for i in $(seq 1 "$TERMINALS"); do
    curl "${ADMIN[@]}" "$BASE/api/admin/v1/stores/$STORE/terminals" -d "{\"name\":\"Till $i\"}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])' >>"$WORK/keys"
done

echo "== $RATE receipts/s for $SECONDS_TOTAL s from $TERMINALS tills; restart at 10 s, kill -9 at 25 s"
java deploy/faults/SteadyTill.java "$BASE" "$WORK/keys" "$RUN" "$RATE" "$SECONDS_TOTAL" "$WORK/acked" >"$WORK/till.out" 2>&1 &
TILL_PID=$!
sleep 10
echo "   $(date +%T) pg_ctl restart -m fast"
as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
pg_start
sleep 15
echo "   $(date +%T) kill -9 of the postmaster (pid $(postmaster_pid))"
kill -9 "$(postmaster_pid)"
sleep 2
# the orphaned backends end by themselves once their postmaster is gone; a start before that is refused
for _ in $(seq 1 40); do pg_start 2>/dev/null && break; sleep 0.5; done
echo "   $(date +%T) PostgreSQL started again (crash recovery)"
wait "$TILL_PID" || true
cat "$WORK/till.out"

psql_q() { "$PGBIN/psql" -X -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt -c "$1" postgres; }
ACKED=$(wc -l <"$WORK/acked")
STORED=$(psql_q "SELECT count(DISTINCT receipt_no) FROM receipts WHERE receipt_no LIKE 'F-$RUN-%'")
DOUBLED=$(psql_q "SELECT count(*) FROM (SELECT receipt_no FROM receipts WHERE receipt_no LIKE 'F-$RUN-%' GROUP BY store_id, receipt_no HAVING count(*) > 1) d")
DOUBLED_EARN=$(psql_q "SELECT count(*) FROM (SELECT receipt_id FROM ledger_entries WHERE kind = 'earn' AND receipt_id IN (SELECT id FROM receipts WHERE receipt_no LIKE 'F-$RUN-%') GROUP BY receipt_id HAVING count(*) > 1) d")
LIST=$(sed "s/.*/'&'/" "$WORK/acked" | paste -sd, -)
LOST=0
if [ -n "$LIST" ]; then
    LOST=$(psql_q "SELECT $ACKED - count(DISTINCT receipt_no) FROM receipts WHERE receipt_no IN ($LIST)")
fi
LONGEST=$(sed -n 's/^longest_answer_ms=//p' "$WORK/till.out")
echo "acknowledged=$ACKED stored=$STORED lost=$LOST doubled=$((DOUBLED + DOUBLED_EARN)) longest_answer_ms=$LONGEST"
FAIL=0
[ "$LOST" = 0 ] || { echo "FAIL: $LOST acknowledged receipts are not stored"; FAIL=1; }
[ "$((DOUBLED + DOUBLED_EARN))" = 0 ] || { echo "FAIL: receipts stored or earned twice"; FAIL=1; }
[ "${LONGEST:-99999}" -le $((ANSWER_TIMEOUT_MS + 500)) ] || { echo "FAIL: an answer took ${LONGEST} ms"; FAIL=1; }
grep -q '^first_answers_by_status=.*500=' "$WORK/till.out" && { echo "FAIL: the tills saw a 500"; FAIL=1; }
grep -q '^first_answers_by_status=.*\b0=' "$WORK/till.out" && { echo "FAIL: a till got no answer at all"; FAIL=1; }
[ "$ACKED" -gt 0 ] || { echo "FAIL: nothing was acknowledged"; FAIL=1; }
[ "$FAIL" = 0 ] && echo "PASS"
exit "$FAIL"
