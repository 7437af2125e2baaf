#!/usr/bin/env bash
# What the service costs around the receipt's SQL (docs/benchmark.md, "What the two ratios ask of each side"):
# the CPU per request of four requests that share the receipt's HTTP path and do less and less of its work,
# each a closed loop of 32 connections from the same load generator as run.sh, on the benchmark's own cluster.
#
#   flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock bash deploy/bench/service-floor.sh
#
#   not-found   POST of a receipt to a path no endpoint has: HTTP, routing and a problem+json answer (404)
#   refused     POST /receipts of a receipt 400 days old: the till's key, the body read and parsed into a
#               receipt (phone, lines, hash), refused with 400 validation-failed before any SQL
#   calculate   POST /receipts/calculate: all of the above, the customer read with the balance, the rules; no write
#   record      POST /receipts: the receipt as run.sh's peak sends it (30 % redeeming)
#
#   group-RATE  (FLOOR_GROUP_RATES, e.g. "1000 1500"; none by default) what a write path that merges the receipts
#               of many tills would ask of this machine, simulated: POST /receipts/calculate at RATE a second (open
#               model, every receipt's service work up to its write, and the customer read) while pgbench writes the
#               same number of earn-only receipts eight to a transaction (receipt-merged8.pgbench, -R RATE/8). If
#               both keep up, the two halves of such a receipt fit on the machine at that rate; the writer's own
#               client work (one round trip per batch) and its wait are not in it. Then, for the yardstick in the
#               same run, the service stopped: pgbench's TPC-B-like transaction (-i -s 32, -c 32 -j 2, FLOOR_SECONDS)
#
# Per phase: requests/s and, per request, the CPU milliseconds of the service, the database, the load generator
# and everything else (LoadGen's /proc accounting: cores * 1000 / rate). First a warm-up of the receipt's path
# (FLOOR_WARMUP_SECONDS [120], as run.sh), then per phase FLOOR_PHASE_WARMUP_SECONDS [20] unscored and
# FLOOR_SECONDS [20] scored. BENCH_BUILD, BENCH_HTTP_PORT and the cluster's settings as run.sh.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH_DIR=$ROOT/deploy/bench
# shellcheck source=deploy/bench/service.sh
. "$BENCH_DIR/service.sh"
# shellcheck source=deploy/bench/cluster.sh
. "$BENCH_DIR/cluster.sh"
bench_log floor
WARMUP_SECONDS=${FLOOR_WARMUP_SECONDS:-120}
PHASE_WARMUP_SECONDS=${FLOOR_PHASE_WARMUP_SECONDS:-20}
SECONDS_SCORED=${FLOOR_SECONDS:-20}
# the refresher would run inside a phase; it is not part of any request's cost
export KOPILKA_REPORTS_REFRESH_EVERY=off

SERVICE_PID=
PGBENCH_PID=
cleanup() {
    local rc=$?
    [ -z "$PGBENCH_PID" ] || kill "$PGBENCH_PID" 2>/dev/null || true
    stop_service
    stop_cluster
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== service floor $STAMP repo $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+changes')"
require_free_port "$HTTP_PORT"
build_if_needed "$BUILD" "$JAR"
start_cluster
recreate_database
start_service "$JAR" "$RESULTS/floor-service-$STAMP.log"
echo "== loading data"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/load-data.sql"
psql_q -d "$DB" -c "VACUUM (ANALYZE)"
psql_q -d "$DB" -c "CHECKPOINT"

LG=(java -Xms1g -Xmx1g -Xmn512m -XX:+UseParallelGC "$BENCH_DIR/LoadGen.java" --host 127.0.0.1 --port "$HTTP_PORT"
    --stores "$STORES" --customers "$CUSTOMERS" --service-pid "$SERVICE_PID" --db-pid "$PG_PID")
echo "== warm-up: ${WARMUP_SECONDS}s of receipts"
timeout $((WARMUP_SECONDS + 120)) "${LG[@]}" warmup --warmup-seconds "$WARMUP_SECONDS" --receipt-prefix W >/dev/null

OUT=$RESULTS/floor-loadgen-$STAMP.txt
: >"$OUT"
# phase NAME LOADGEN-OPTIONS...: one unscored and one scored closed loop, and the scored one's line per request
phase() {
    local name=$1
    shift
    timeout $((PHASE_WARMUP_SECONDS + SECONDS_SCORED + 120)) "${LG[@]}" warmup peak --warmup-seconds "$PHASE_WARMUP_SECONDS" \
        --peak-seconds "$SECONDS_SCORED" --receipt-prefix "$name-" "$@" 2>>"$OUT.err" | sed "s/^RESULT peak /RESULT $name /" >>"$OUT"
    per_request "$name"
}
per_request() {
    awk -v p="$1" '$1 == "RESULT" && $2 == p {
        for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        n = v["requests"] / v["seconds"]
        if (n <= 0) { print p ": no answers"; exit }
        s = v["service_cores"] * 1000 / n; d = v["db_cores"] * 1000 / n
        l = v["loadgen_cpu_pct"] * 10 / n; o = v["others_cores"] * 1000 / n
        printf "%-10s requests_per_s=%.1f statuses=%s  ms CPU per request: service=%.3f db=%.3f generator=%.3f others=%.3f total=%.3f  machine_busy_pct=%s p50_ms=%s\n",
            p, n, v["statuses"], s, d, l, o, s + d + l + o, v["machine_busy_pct"], v["p50_ms"]
    }' "$OUT"
}

echo "== phases (${PHASE_WARMUP_SECONDS}s unscored + ${SECONDS_SCORED}s scored each, 32 connections)"
phase not-found --path /api/pos/v1/no-such-endpoint
phase refused --occurred-days-ago 400
phase calculate --path /api/pos/v1/receipts/calculate
phase record
PGBENCH=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}/pgbench
for rate in ${FLOOR_GROUP_RATES:-}; do
    echo "-- group-$rate: calculate at $rate/s (open model) + receipt-merged8.pgbench at $((rate / 8)) transactions/s, ${SECONDS_SCORED}s"
    "$PGBENCH" -n -M prepared -c 8 -j 1 -R $((rate / 8)) -T $((SECONDS_SCORED + 8)) --max-tries=10 -f "$BENCH_DIR/receipt-merged8.pgbench" \
        -D stores="$STORES" -D customers="$CUSTOMERS" -D seq=0 -D run="$(date +%s%N)" -D result="$(tr -d '\n' <"$BENCH_DIR/receipt-result.json")" \
        "$DB" >"$RESULTS/floor-pgbench-$STAMP-$rate.txt" 2>&1 &
    PGBENCH_PID=$!
    timeout $((SECONDS_SCORED + 120)) "${LG[@]}" open-warmup open --rate "$rate" --open-warmup-seconds 4 --open-seconds "$SECONDS_SCORED" \
        --path /api/pos/v1/receipts/calculate 2>>"$OUT.err" | sed "s/^RESULT open /RESULT group-$rate /" >>"$OUT"
    wait "$PGBENCH_PID" || echo "   (pgbench exited with $?)"
    PGBENCH_PID=
    echo -n "   calculate:"
    for k in achieved_per_s p50_ms p99_ms statuses machine_busy_pct service_cores db_cores others_cores; do
        echo -n " $k=$(field "$OUT" "group-$rate" "$k")"
    done
    echo
    awk -v r="$rate" '/^tps = / { t = $3 } /^latency average/ { l = $4 } /^rate limit schedule lag/ { lag = $0 } /failed transactions/ { f = $0 }
        END { printf "   merged8: receipts_per_s=%.1f (asked %d) latency_avg_ms=%s; %s; %s\n", t * 8, r, l, lag, f }' "$RESULTS/floor-pgbench-$STAMP-$rate.txt"
done
if [ -n "${FLOOR_GROUP_RATES:-}" ]; then
    stop_service
    psql_q -d postgres -c "DROP DATABASE IF EXISTS ${DB}_tpcb WITH (FORCE)"
    psql_q -d postgres -c "CREATE DATABASE ${DB}_tpcb"
    "$PGBENCH" -i -q -s 32 "${DB}_tpcb" >/dev/null 2>&1
    psql_q -d "${DB}_tpcb" -c "CHECKPOINT"
    echo "-- tpcb: pgbench -c 32 -j 2 -T $SECONDS_SCORED (the service stopped): $("$PGBENCH" -c 32 -j 2 -T "$SECONDS_SCORED" "${DB}_tpcb" 2>&1 | awk '/^tps = / { printf "%.1f transactions/s", $3 }')"
    psql_q -d postgres -c "DROP DATABASE ${DB}_tpcb WITH (FORCE)"
fi
echo "(lines: $OUT; the service's log: $RESULTS/floor-service-$STAMP.log)"
