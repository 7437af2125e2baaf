#!/usr/bin/env bash
# Kopilka benchmark, one command: bash deploy/bench/run.sh   (see docs/benchmark.md)
#
# Builds the service if needed, recreates the database kopilka_bench on the local PostgreSQL
# (127.0.0.1:5432, trust auth, user postgres), starts the packaged service against it, loads 200 stores /
# 100,000 customers, drives POST /api/pos/v1/receipts (closed-loop peak, then a constant 500 receipts/s
# open model), stops the service, runs pgbench with the same SQL transaction, prints the summary and writes
# it to deploy/bench/results/latest.txt. All traffic goes to 127.0.0.1; every phase is bounded in time.
#
# Settings (environment, defaults in brackets):
#   BENCH_CONNECTIONS [32]        closed-loop connections of the peak phase = pgbench clients
#   BENCH_WARMUP_SECONDS [10]     unscored closed-loop warm-up before the peak phase
#   BENCH_PEAK_SECONDS [30]       peak phase
#   BENCH_OPEN_RATE [500]         open-model arrival rate, receipts/s
#   BENCH_OPEN_WARMUP_SECONDS [5] unscored open-model run before the scored one
#   BENCH_OPEN_SECONDS [30]       scored open-model phase
#   BENCH_OPEN_CONNECTIONS [64]   connections (workers) available to the open model
#   BENCH_PGBENCH_SECONDS [30]    pgbench run
#   BENCH_HTTP_PORT [18080]       port of the service under test
#   BENCH_BUILD [auto]            auto: build when the jar is missing or older than src/ or pom.xml;
#                                 always / never
#   BENCH_SERVICE_JAVA_OPTS []    extra JVM options for the service (empty: the JVM's defaults)
#   (the checkout while the campaign job runs: deploy/bench/job-impact.sh)
#   PGHOST [127.0.0.1] PGPORT [5432] PGUSER [postgres]
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH_DIR=$ROOT/deploy/bench
# shellcheck source=deploy/bench/service.sh
. "$BENCH_DIR/service.sh"
bench_log run

CONNECTIONS=${BENCH_CONNECTIONS:-32}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
PEAK_SECONDS=${BENCH_PEAK_SECONDS:-30}
OPEN_RATE=${BENCH_OPEN_RATE:-500}
OPEN_WARMUP_SECONDS=${BENCH_OPEN_WARMUP_SECONDS:-5}
OPEN_SECONDS=${BENCH_OPEN_SECONDS:-30}
OPEN_CONNECTIONS=${BENCH_OPEN_CONNECTIONS:-64}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-30}
REDEEM_PCT=30
REDEEM_POINTS=10
PGBENCH=/usr/lib/postgresql/15/bin/pgbench
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench || true)

SERVICE_PID=
CHILD_PID=
WATCH_PID=
cleanup() {
    local rc=$?
    for pid in $CHILD_PID $WATCH_PID; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
        fi
    done
    stop_service
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a bounded child in the background so the trap can end it; returns its exit code.
run_bounded() {
    local seconds=$1
    shift
    timeout --kill-after=10 "$seconds" "$@" &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=
    return $rc
}

# Percent of CPU time idle over the next N seconds, whole machine (other work on it skews every figure).
idle_pct() {
    local a b
    a=($(awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat))
    sleep "$1"
    b=($(awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat))
    awk -v t=$((b[0] - a[0])) -v i=$((b[1] - a[1])) 'BEGIN { if (t > 0) printf "%.0f", 100 * i / t; else print "?" }'
}


echo "== Kopilka benchmark $STAMP"
echo "   repo $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
java -version 2>&1 | head -1 | sed 's/^/   /'

[ -n "$PGBENCH" ] || { echo "pgbench not found (apt-get install postgresql-client-15)"; exit 1; }
command -v psql >/dev/null || { echo "psql not found"; exit 1; }
require_free_port "$HTTP_PORT"

# ---------------------------------------------------------------- 1. build
build_if_needed "$BUILD" "$JAR"

# ---------------------------------------------------------------- 2. database
recreate_database
PG_VERSION=$(psql_q -d "$DB" -c "SHOW server_version")
echo "   PostgreSQL $PG_VERSION, shared_buffers $(psql_q -d "$DB" -c 'SHOW shared_buffers'), max_connections $(psql_q -d "$DB" -c 'SHOW max_connections')"

# ---------------------------------------------------------------- 3. service
start_service "$JAR" "$RESULTS/service-$STAMP.log"

# ---------------------------------------------------------------- 4. data
echo "== loading data (deploy/bench/load-data.sql)"
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/load-data.sql"
echo "   loaded in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"

# ---------------------------------------------------------------- 5. HTTP load
psql_q -d "$DB" -c "CHECKPOINT"
IDLE_BEFORE=$(idle_pct 3)
echo "   machine idle before the load: ${IDLE_BEFORE}% (service and database idle, so this is other work)"
if [ "$IDLE_BEFORE" != "?" ] && [ "$IDLE_BEFORE" -lt 90 ]; then
    echo "   WARNING: something else is using the CPU (top -bn1 | head -15); figures from this run are not comparable"
    top -bn1 | head -12 | tail -6
fi
LOADGEN_OUT=$RESULTS/loadgen-$STAMP.txt
# Fixed heap with a large young generation: no collection of the generator's heap during the open model.
LOADGEN_JAVA_OPTS="-Xms1g -Xmx1g -Xmn512m -XX:+UseParallelGC"
echo "== load generator: warm-up ${WARMUP_SECONDS}s, peak ${PEAK_SECONDS}s x $CONNECTIONS connections, open model $OPEN_RATE/s for ${OPEN_SECONDS}s"
LOADGEN_BUDGET=$((WARMUP_SECONDS + PEAK_SECONDS + OPEN_WARMUP_SECONDS + OPEN_SECONDS + 90))
loadgen_rc=0
run_bounded "$LOADGEN_BUDGET" java $LOADGEN_JAVA_OPTS "$BENCH_DIR/LoadGen.java" warmup peak open-warmup open \
    --host 127.0.0.1 --port "$HTTP_PORT" --connections "$CONNECTIONS" --open-connections "$OPEN_CONNECTIONS" \
    --warmup-seconds "$WARMUP_SECONDS" --peak-seconds "$PEAK_SECONDS" --rate "$OPEN_RATE" \
    --open-warmup-seconds "$OPEN_WARMUP_SECONDS" --open-seconds "$OPEN_SECONDS" \
    --stores "$STORES" --customers "$CUSTOMERS" --redeem-pct "$REDEEM_PCT" --redeem-points "$REDEEM_POINTS" \
    --service-pid "$SERVICE_PID" > >(tee "$LOADGEN_OUT") 2>&1 || loadgen_rc=$?
sleep 0.5 # let tee flush
[ "$loadgen_rc" = 0 ] || echo "   (load generator exited with $loadgen_rc)"
stop_service

# ---------------------------------------------------------------- 6. pgbench
echo "== pgbench: deploy/bench/receipt.pgbench, $CONNECTIONS clients, -M prepared, ${PGBENCH_SECONDS}s (service stopped)"
psql_q -d "$DB" -c "CHECKPOINT"
PGBENCH_OUT=$RESULTS/pgbench-$STAMP.txt
# The stored result JSON of a redeeming receipt the service recorded in this run (the fallback file holds one
# recorded earlier), so pgbench writes a result of the same size.
RESULT_JSON=$(psql_q -d "$DB" -c "SELECT result::text FROM receipts WHERE receipt_no LIKE 'L%' AND points_redeemed > 0 ORDER BY id LIMIT 1" 2>/dev/null || true)
[ -n "$RESULT_JSON" ] || RESULT_JSON=$(tr -d '\n' <"$BENCH_DIR/receipt-result.json")
# Where the CPU goes during pgbench: a watcher that, once compiled and started, lets pgbench start and
# measures a window inside its run (pgbench's own backends exist only while it runs).
READY_FILE=$RESULTS/cpu-watch-ready-$STAMP
rm -f "$READY_FILE"
timeout --kill-after=5 $((PGBENCH_SECONDS + 60)) java "$BENCH_DIR/LoadGen.java" cpu-watch --label pgbench \
    --ready-file "$READY_FILE" --watch-seconds $((PGBENCH_SECONDS > 4 ? PGBENCH_SECONDS - 3 : 1)) \
    >"$RESULTS/pgbench-cpu-$STAMP.txt" 2>&1 &
WATCH_PID=$!
for _ in $(seq 1 120); do # at most 30 s
    [ -f "$READY_FILE" ] && break
    sleep 0.25
done
rm -f "$READY_FILE"
pgbench_rc=0
run_bounded $((PGBENCH_SECONDS + 60)) "$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j 2 -T "$PGBENCH_SECONDS" -P 10 \
    -f "$BENCH_DIR/receipt.pgbench" \
    -D stores="$STORES" -D customers="$CUSTOMERS" -D redeem_pct="$REDEEM_PCT" -D redeem_points="$REDEEM_POINTS" \
    -D seq=0 -D run="$(date +%s)" -D result="$RESULT_JSON" \
    "$DB" > >(tee "$PGBENCH_OUT") 2>&1 || pgbench_rc=$?
sleep 0.5
[ "$pgbench_rc" = 0 ] || echo "   (pgbench exited with $pgbench_rc)"
wait "$WATCH_PID" 2>/dev/null || true
WATCH_PID=
grep '^RESULT' "$RESULTS/pgbench-cpu-$STAMP.txt" | tee -a "$LOADGEN_OUT" || true

# ---------------------------------------------------------------- 7. summary
field() { # field PHASE KEY: value of KEY= on the load generator's RESULT line of PHASE
    awk -v p="$1" -v k="$2" '$1 == "RESULT" && $2 == p { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) { print substr($i, length(k) + 2) } } }' "$LOADGEN_OUT" | tail -1
}
PEAK=$(field peak receipts_per_s)
PEAK_ERRORS=$(field peak errors)
PEAK_STATUSES=$(field peak statuses)
PEAK_P99=$(field peak p99_ms)
OPEN_P50=$(field open p50_ms)
OPEN_P90=$(field open p90_ms)
OPEN_P99=$(field open p99_ms)
OPEN_P999=$(field open p999_ms)
OPEN_MAX=$(field open max_ms)
OPEN_ERRORS=$(field open errors)
OPEN_STATUSES=$(field open statuses)
OPEN_ACHIEVED=$(field open achieved_per_s)
OPEN_LAG=$(field open send_lag_p99_ms)
PGBENCH_TPS=$(awk '/^tps = / {print $3}' "$PGBENCH_OUT" | tail -1)
PGBENCH_FAILED=$(awk -F': ' '/^number of failed transactions/ {split($2, a, " "); print a[1]}' "$PGBENCH_OUT" | tail -1)
PGBENCH_LAT=$(awk '/^latency average/ {print $4}' "$PGBENCH_OUT" | tail -1)
PEAK_OTHERS=$(field peak others_cores)
OPEN_OTHERS=$(field open others_cores)
PGBENCH_OTHERS=$(field pgbench-cpu others_cores)
CPU_LINE="cpu (cores, 2 = whole machine): peak service=$(field peak service_cores) db=$(field peak db_cores) loadgen=$(awk -v p="$(field peak loadgen_cpu_pct)" 'BEGIN { if (p != "") printf "%.2f", p / 100; else print "n/a" }') others=${PEAK_OTHERS:-n/a} | open service=$(field open service_cores) db=$(field open db_cores) others=${OPEN_OTHERS:-n/a} | pgbench db=$(field pgbench-cpu db_cores) pgbench=$(field pgbench-cpu pgbench_cores) others=${PGBENCH_OTHERS:-n/a}"
SHARED=$(awk -v a="${PEAK_OTHERS:-0}" -v b="${OPEN_OTHERS:-0}" -v c="${PGBENCH_OTHERS:-0}" 'BEGIN { if (a > 0.15 || b > 0.15 || c > 0.15) print "yes"; else print "no" }')
RATIO=$(awk -v a="${PEAK:-}" -v b="${PGBENCH_TPS:-}" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2f", a / b; else print "n/a" }')
verdict() { # verdict CONDITION-AWK-EXPRESSION
    awk "BEGIN { if ($1) print \"PASS\"; else print \"FAIL\" }" 2>/dev/null || echo FAIL
}
RATIO_OK=$( [ "$RATIO" != n/a ] && verdict "$RATIO >= 0.6" || echo FAIL)
OPEN_OK=$( [ -n "$OPEN_P99" ] && verdict "$OPEN_P99 <= 10 && ${OPEN_ERRORS:-1} == 0" || echo FAIL)

RECEIPTS_STORED=$(psql_q -d "$DB" -c "SELECT count(*) FROM receipts WHERE receipt_no LIKE 'L%'" 2>/dev/null || echo '?')
LOADGEN_OK_TOTAL=$(awk '$1 == "TOTAL" { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "ok") print kv[2] } }' "$LOADGEN_OUT" | tail -1)
LEDGER_CHECK=$(psql_q -d "$DB" -c "SELECT (SELECT coalesce(sum(points), 0) FROM ledger_entries) = (SELECT coalesce(sum(points_remaining), 0) FROM point_lots)" 2>/dev/null || echo '?')

SUMMARY=$RESULTS/latest.txt
{
    echo "Kopilka benchmark $STAMP  repo $(git rev-parse --short HEAD 2>/dev/null || echo '?')  $(nproc) cores  PostgreSQL $PG_VERSION  synchronous_commit=$SYNC_COMMIT  machine_idle_before_pct=$IDLE_BEFORE"
    echo "peak_receipts_per_s=${PEAK:-n/a}  pgbench_tps=${PGBENCH_TPS:-n/a}  ratio=$RATIO  (target >= 0.6: $RATIO_OK)"
    echo "open_model_rate_per_s=$OPEN_RATE p50_ms=${OPEN_P50:-n/a} p90_ms=${OPEN_P90:-n/a} p99_ms=${OPEN_P99:-n/a} p999_ms=${OPEN_P999:-n/a} max_ms=${OPEN_MAX:-n/a} errors=${OPEN_ERRORS:-n/a} (target p99 <= 10 ms, 0 errors: $OPEN_OK)"
    echo "details: peak connections=$CONNECTIONS errors=${PEAK_ERRORS:-n/a} statuses=${PEAK_STATUSES:-n/a} p99_ms=${PEAK_P99:-n/a}" \
        "| open achieved_per_s=${OPEN_ACHIEVED:-n/a} statuses=${OPEN_STATUSES:-n/a} loadgen_send_lag_p99_ms=${OPEN_LAG:-n/a}" \
        "| pgbench clients=$CONNECTIONS latency_avg_ms=${PGBENCH_LAT:-n/a} failed=${PGBENCH_FAILED:-n/a}"
    echo "$CPU_LINE"
    if [ "$SHARED" = yes ]; then
        echo "WARNING: other processes used the CPU during the measurement (others > 0.15 cores): the figures above measured the neighbours too; rerun on a quiet machine"
    fi
    echo "checks: receipts stored by the load generator=$RECEIPTS_STORED, 2xx answers=${LOADGEN_OK_TOTAL:-n/a}; sum(ledger_entries.points) = sum(point_lots.points_remaining): $LEDGER_CHECK"
} >"$SUMMARY"
cp "$SUMMARY" "$RESULTS/summary-$STAMP.txt"
echo
echo "================================================================ summary"
cat "$SUMMARY"
echo "(written to deploy/bench/results/latest.txt; full log $LOG)"
