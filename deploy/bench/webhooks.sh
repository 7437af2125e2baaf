#!/usr/bin/env bash
# Does a slow webhook receiver slow the checkout?  bash deploy/bench/webhooks.sh   (see docs/benchmark.md, "Webhooks")
#
# One service and one database (BENCH_DB, recreated, the 200 stores / 100,000 customers of run.sh), a receiver
# that answers every delivery after BENCH_RECEIVER_SLEEP_MS (5,000) on 127.0.0.1, then two scored open-model
# windows at BENCH_OPEN_RATE receipts/s:
#   without  no endpoint is registered (every receipt.confirmed finds no listener: no outbox row);
#   with     an endpoint subscribed to receipt.confirmed points at the slow receiver, so every receipt writes an
#            outbox row in its transaction and the dispatcher's senders spend 5 s on each delivery.
# Prints p99 (and p50, max, errors) of both and their ratio, plus how many deliveries the receiver answered and
# how many were still pending (the backlog a 5 s receiver builds: 4 senders, 2 per endpoint, cannot keep up).
# Run it as: flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock bash deploy/bench/webhooks.sh
#
# Settings (environment, defaults in brackets):
#   BENCH_DB [kopilka_webhooks]       the database dropped and created on PGHOST:PGPORT [127.0.0.1:5432] (dropped at the end)
#   BENCH_OPEN_RATE [150]             arrival rate, receipts/s
#   BENCH_OPEN_SECONDS [30]           each scored window
#   BENCH_RECEIVER_SLEEP_MS [5000]    the receiver's answer time
#   BENCH_RECEIVER_PORT [18091]       its port
#   BENCH_HTTP_PORT [18080] BENCH_BUILD [auto] BENCH_SERVICE_JAVA_OPTS []   as in run.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH_DIR=$ROOT/deploy/bench
export BENCH_DB=${BENCH_DB:-kopilka_webhooks}
# shellcheck source=deploy/bench/service.sh
. "$BENCH_DIR/service.sh"
bench_log webhooks

OPEN_RATE=${BENCH_OPEN_RATE:-150}
OPEN_SECONDS=${BENCH_OPEN_SECONDS:-30}
SLEEP_MS=${BENCH_RECEIVER_SLEEP_MS:-5000}
RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18091}
# the receiver is on loopback: the service must be allowed to call it
export KOPILKA_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true

SERVICE_PID=
CHILD_PID=
RECEIVER_PID=
cleanup() {
    local rc=$?
    for pid in $CHILD_PID $RECEIVER_PID; do
        kill "$pid" 2>/dev/null || true
    done
    stop_service
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null || true
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

loadgen() { # loadgen OUTFILE PHASE...: the open model against the service, bounded in time
    local out=$1
    shift
    timeout --kill-after=10 $((OPEN_SECONDS + 90)) java -Xms512m -Xmx512m -XX:+UseParallelGC \
        "$BENCH_DIR/LoadGen.java" "$@" --host 127.0.0.1 --port "$HTTP_PORT" --connections 32 --open-connections 64 \
        --warmup-seconds 10 --peak-seconds 10 --rate "$OPEN_RATE" --open-warmup-seconds 5 --open-seconds "$OPEN_SECONDS" \
        --stores "$STORES" --customers "$CUSTOMERS" --redeem-pct 30 --redeem-points 10 \
        --service-pid "$SERVICE_PID" >"$out" 2>&1 &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=
    return $rc
}

echo "== Kopilka webhooks beside the checkout $STAMP: repo $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores; ${OPEN_SECONDS}s windows at $OPEN_RATE receipts/s; receiver sleeps ${SLEEP_MS} ms"

build_if_needed "$BUILD" "$JAR"
require_free_port "$HTTP_PORT"
require_free_port "$RECEIVER_PORT"

java "$BENCH_DIR/SlowReceiver.java" "$RECEIVER_PORT" "$SLEEP_MS" >"$RESULTS/webhooks-receiver-$STAMP.log" 2>&1 &
RECEIVER_PID=$!

recreate_database
start_service "$JAR" "$RESULTS/webhooks-service-$STAMP.log"

echo "== loading data"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/load-data.sql"

echo "== warming the service up (closed loop 10 s, then the open model; not scored)"
loadgen "$RESULTS/webhooks-warmup-$STAMP.txt" warmup open-warmup open || true

window() { # window KIND -> prints "p99 p50 max errors"
    local out="$RESULTS/webhooks-$STAMP-$1.txt"
    psql_q -d "$DB" -c "VACUUM (ANALYZE) receipts" -c "CHECKPOINT"
    sleep 2
    loadgen "$out" open-warmup open || echo "   (load generator failed, see $out)" >&2
    echo "$(field "$out" open p99_ms) $(field "$out" open p50_ms) $(field "$out" open max_ms) $(field "$out" open errors)"
}

echo "== window without webhooks"
WITHOUT=$(window without)
echo "   p99_ms p50_ms max_ms errors = $WITHOUT"

echo "== registering an endpoint for receipt.confirmed at the slow receiver"
curl -s -f -u bench@kopilka.local:bench-password -H 'Content-Type: application/json' \
    -d "{\"url\": \"http://127.0.0.1:$RECEIVER_PORT/hook\", \"events\": [\"receipt.confirmed\"]}" \
    "http://127.0.0.1:$HTTP_PORT/api/admin/v1/webhooks" | sed -E 's/"secret":"[^"]*"/"secret":"(not shown)"/'
echo

echo "== window with webhooks"
WITH=$(window with)
echo "   p99_ms p50_ms max_ms errors = $WITH"
ANSWERED=$(curl -s "http://127.0.0.1:$RECEIVER_PORT/count" || echo '?')
BACKLOG=$(psql_q -d "$DB" -c "SELECT count(*) FILTER (WHERE status = 'pending') || ' pending, ' || count(*) FILTER (WHERE status = 'delivered') || ' delivered, ' || count(*) || ' written' FROM webhook_deliveries")

P99_WITHOUT=$(echo "$WITHOUT" | awk '{ print $1 }')
P99_WITH=$(echo "$WITH" | awk '{ print $1 }')
RATIO=$(awk -v a="$P99_WITHOUT" -v b="$P99_WITH" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "?" }')
SUMMARY=$RESULTS/latest-webhooks.txt
{
    echo "Kopilka webhooks beside the checkout $STAMP  repo $(git rev-parse --short HEAD 2>/dev/null || echo '?')  $(nproc) cores  rate=$OPEN_RATE/s  window=${OPEN_SECONDS}s  receiver_sleep_ms=$SLEEP_MS"
    echo "kind p99_ms p50_ms max_ms errors"
    echo "without $WITHOUT"
    echo "with $WITH"
    echo "p99_without_ms=$P99_WITHOUT p99_with_ms=$P99_WITH ratio=$RATIO receiver_answered=$ANSWERED outbox: $BACKLOG"
} | tee "$SUMMARY"
