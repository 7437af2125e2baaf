#!/usr/bin/env bash
# A failover under load (docs/reliability.md, "The primary and an API node killed"): on the deployment of
# deploy/ha/up.sh (brought up here and stopped at the end, or one already running), tills send receipts through
# the API's HAProxy as a register does (FailoverTill.java: the same body again after a time-out or 503); the
# Patroni leader's postmaster is killed with kill -9, Patroni fails over to the synchronous standby, and later one
# API node is killed with kill -9 too. Then it counts: outage seconds (longest run without a 2xx), answers by
# status, receipts acknowledged (2xx) and stored (read on the new primary), lost (acknowledged, not stored: must
# be 0) and doubled (stored or earned twice for one receipt_no: must be 0); exits 1 when one of those fails, when
# a till saw a 500, or when the cluster did not fail over. Traffic only to 127.0.0.1; about 3-4 minutes.
#   HA_TILLS (default 6), HA_RATE (receipts/s per till, default 5), HA_LOAD_SECONDS (default 75),
#   HA_KILL_PRIMARY_AT (s into the load, default 15), HA_KILL_API_AT (default 45)
#   HA_PRIMARY_FAULT=postmaster (default: PostgreSQL crashes, Patroni fails over at once) or machine (the leader's
#   Patroni is killed with kill -9 too, as when its machine is lost: the others wait for its leader key to expire)
# Run it under the machine's locks: flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock bash deploy/ha/failover.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
STATE=${HA_STATE:-/tmp/kopilka-ha.state}
TILLS=${HA_TILLS:-6}
RATE=${HA_RATE:-5}
LOAD_SECONDS=${HA_LOAD_SECONDS:-75}
KILL_PRIMARY_AT=${HA_KILL_PRIMARY_AT:-15}
KILL_API_AT=${HA_KILL_API_AT:-45}
PRIMARY_FAULT=${HA_PRIMARY_FAULT:-postmaster}
case "$PRIMARY_FAULT" in postmaster|machine) ;; *) echo "HA_PRIMARY_FAULT: postmaster or machine"; exit 2;; esac
RUN=$(date +%H%M%S)
WORK=$(mktemp -d /tmp/kopilka-failover.XXXXXX)
OURS=
TILL_PID=
cleanup() {
    local rc=$?
    [ -n "$TILL_PID" ] && kill "$TILL_PID" 2>/dev/null || true
    # a failed run keeps the logs of every process (the directory is named at the end)
    if [ "$rc" != 0 ]; then cp -r "$WORK" "${HA_DIR:-/tmp}/failover-work" 2>/dev/null || true; fi
    [ -n "$OURS" ] && { [ "$rc" != 0 ] && export HA_KEEP_LOGS=1; bash deploy/ha/down.sh; } || true
    rm -rf "$WORK"
}
trap cleanup EXIT
say() { echo "   $(date +%T) $*"; }

if [ -f "$STATE" ]; then
    echo "== using the running deployment ($STATE)"
else
    OURS=1
    bash deploy/ha/up.sh
fi
# shellcheck disable=SC1090
. "$STATE"
REST_PORTS=("$REST1" "$REST2" "$REST3")
API_PIDS=("$API1_PID" "$API2_PID")
BASE=http://127.0.0.1:$HAPROXY_API_PORT
leader() { for i in 1 2 3; do [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:${REST_PORTS[$((i - 1))]}/primary")" = 200 ] && echo "pg$i"; done; return 0; }
cluster() { patronictl -c "$HA_DIR/pg1/patroni.yml" list 2>/dev/null | sed 's/^/   /' || true; }
psql_q() { PGPASSWORD=$PG_SUPERUSER_PASSWORD psql -X -qAt -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$HAPROXY_PG_PORT" -U postgres -d kopilka -c "$1"; }

# ---- a store and its tills, through the API's HAProxy
ADMIN=(-s -m 10 -u "$KOPILKA_ADMIN_EMAIL:$KOPILKA_ADMIN_PASSWORD" -H 'Content-Type: application/json')
STORE=$(curl "${ADMIN[@]}" "$BASE/api/admin/v1/stores" -d "{\"code\":\"HA$RUN\",\"name\":\"Failover store $RUN\",\"timezone\":\"Europe/Moscow\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
: >"$WORK/keys"
for i in $(seq 1 "$TILLS"); do
    curl "${ADMIN[@]}" "$BASE/api/admin/v1/stores/$STORE/terminals" -d "{\"name\":\"Till $i\"}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])' >>"$WORK/keys"
done
OLD_LEADER=$(leader)
[ -n "$OLD_LEADER" ] || { echo "FAIL: no Patroni leader before the load"; exit 1; }
echo "== the cluster before:"; cluster

echo "== $TILLS tills, $RATE receipts/s each, for $LOAD_SECONDS s through $BASE; kill -9 of the primary ($PRIMARY_FAULT) at ${KILL_PRIMARY_AT} s, of API node api1 at ${KILL_API_AT} s"
java deploy/ha/FailoverTill.java "$BASE" "$WORK/keys" "$RUN" "$RATE" "$LOAD_SECONDS" "$WORK/acked" >"$WORK/till.out" 2>&1 &
TILL_PID=$!
STARTED=$(date +%s)
sleep "$KILL_PRIMARY_AT"
n=${OLD_LEADER#pg}
POSTMASTER=$(head -1 "$HA_DIR/pg$n/data/postmaster.pid")
grep -qF -- "$HA_DIR/pg$n/data" "/proc/$POSTMASTER/cmdline" || { echo "FAIL: pid $POSTMASTER is not $OLD_LEADER's postmaster"; exit 1; }
KILLED_AT=$(date +%s.%N)
if [ "$PRIMARY_FAULT" = machine ]; then
    PATRONI_PIDS=("$PATRONI1_PID" "$PATRONI2_PID" "$PATRONI3_PID")
    kill -9 "${PATRONI_PIDS[$((n - 1))]}" "$POSTMASTER"
    say "kill -9 of $OLD_LEADER's Patroni (pid ${PATRONI_PIDS[$((n - 1))]}) and postmaster (pid $POSTMASTER), as if its machine were lost"
else
    kill -9 "$POSTMASTER"
    say "kill -9 of $OLD_LEADER's postmaster (pid $POSTMASTER)"
fi
NEW_LEADER=
for _ in $(seq 1 240); do
    l=$(leader)
    if [ -n "$l" ] && [ "$l" != "$OLD_LEADER" ]; then NEW_LEADER=$l; break; fi
    sleep 0.25
done
[ -n "$NEW_LEADER" ] || { echo "FAIL: no new primary within 60 s"; cluster; exit 1; }
PROMOTED_IN=$(python3 -c "import time; print(f'{time.time() - $KILLED_AT:.1f}')")
say "$NEW_LEADER is the primary, ${PROMOTED_IN} s after the kill"
now=$(($(date +%s) - STARTED))
[ "$now" -lt "$KILL_API_AT" ] && sleep $((KILL_API_AT - now))
kill -9 "${API_PIDS[0]}"
say "kill -9 of API node api1 (pid ${API_PIDS[0]}); api2 carries the load"
wait "$TILL_PID" || true
TILL_PID=
echo "== the cluster after:"; cluster
echo "== what the tills saw"
cat "$WORK/till.out"

# ---- counted on the new primary, through HAProxy
ACKED=$(wc -l <"$WORK/acked")
LIKE="HA-$RUN-%"
STORED=$(psql_q "SELECT count(DISTINCT receipt_no) FROM receipts WHERE store_id = $STORE AND receipt_no LIKE '$LIKE'")
DOUBLED=$(psql_q "SELECT count(*) FROM (SELECT receipt_no FROM receipts WHERE store_id = $STORE AND receipt_no LIKE '$LIKE' GROUP BY receipt_no HAVING count(*) > 1) d")
DOUBLED_EARN=$(psql_q "SELECT count(*) FROM (SELECT receipt_id FROM ledger_entries WHERE kind = 'earn' AND receipt_id IN (SELECT id FROM receipts WHERE store_id = $STORE AND receipt_no LIKE '$LIKE') GROUP BY receipt_id HAVING count(*) > 1) d")
LOST=0
if [ "$ACKED" -gt 0 ]; then
    LIST=$(sed "s/.*/('&')/" "$WORK/acked" | paste -sd, -)
    LOST=$(psql_q "SELECT count(*) FROM (VALUES $LIST) a(receipt_no) WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.store_id = $STORE AND r.receipt_no = a.receipt_no)")
fi
echo "== counted on the new primary ($NEW_LEADER)"
echo "primary_failover_seconds=$PROMOTED_IN ($OLD_LEADER killed, $NEW_LEADER promoted)"
echo "acknowledged=$ACKED stored=$STORED lost=$LOST doubled=$((DOUBLED + DOUBLED_EARN))"
FAIL=0
[ "$LOST" = 0 ] || { echo "FAIL: $LOST acknowledged receipts are not stored"; FAIL=1; }
[ "$((DOUBLED + DOUBLED_EARN))" = 0 ] || { echo "FAIL: receipts stored or earned twice"; FAIL=1; }
grep -q '^answers_by_status=.*\b500=' "$WORK/till.out" && { echo "FAIL: the tills saw a 500"; FAIL=1; }
[ "$ACKED" -gt 0 ] || { echo "FAIL: nothing was acknowledged"; FAIL=1; }
[ "$FAIL" = 0 ] && echo "PASS"
exit "$FAIL"
