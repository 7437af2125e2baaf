#!/usr/bin/env bash
# The cost of one receipt (docs/benchmark.md, "The cost of a receipt"): CPU of the service and of the database
# per receipt, statements per receipt, rows, index entries and WAL written per receipt.
#
#   flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock bash deploy/bench/receipt-cost.sh
#
# Uses the same database, data and service start as run.sh (deploy/bench/service.sh, load-data.sql, database
# kopilka_bench on the local PostgreSQL): recreates the database, starts the packaged service, loads the data,
# warms up, then
#   1. a closed loop of COST_PEAK_SECONDS [20] with 32 connections: receipts/s and the cores the service and the
#      database used (LoadGen's /proc accounting), so CPU ms per receipt = cores * 1000 / rate; rows inserted
#      (pg_stat_user_tables) and WAL bytes (pg_current_wal_lsn) over the phase, per receipt;
#   then the report refresher (the batch command, service stopped) over those receipts, timed;
#   2. 40 receipts at 10/s with log_statement = 'all' on kopilka_bench (reset afterwards): every statement the
#      service sent, counted per receipt from the server log.
# Settings: COST_PEAK_SECONDS, COST_WARMUP_SECONDS [120], COST_JAR (default target/quarkus-app/quarkus-run.jar), COST_PG_LOG (the server log,
# default /var/log/postgresql/postgresql-15-main.log), BENCH_SERVICE_JAVA_OPTS (e.g. a JFR recording), BENCH_BUILD, as run.sh;
# COST_PROFILER: the path of async-profiler's libasyncProfiler.so (deploy/bench/profiler.sh fetches it) to sample the
# service's CPU during the closed loop only (attached by deploy/bench/ProfilerControl.java, so start-up and JIT warm-up are not in it), into
# results/cost-profile-STAMP.collapsed (one line per stack, for deploy/bench/profile-summary.py); COST_PROFILE_INTERVAL [2ms].
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH_DIR=$ROOT/deploy/bench
# shellcheck source=deploy/bench/service.sh
. "$BENCH_DIR/service.sh"
bench_log cost
PEAK_SECONDS=${COST_PEAK_SECONDS:-20}
WARMUP_SECONDS=${COST_WARMUP_SECONDS:-120}
PG_LOG=${COST_PG_LOG:-/var/log/postgresql/postgresql-15-main.log}
# another build's jar (e.g. a copy of target/quarkus-app made before a change), so before and after can alternate
JAR=${COST_JAR:-$JAR}

# The report refresher is measured on its own (below): inside the service it would run 30 s after the start,
# in the middle of the closed loop, over the 100,000 history receipts of load-data.sql.
export KOPILKA_REPORTS_REFRESH_EVERY=off

SERVICE_PID=
cleanup() {
    local rc=$?
    psql_q -d postgres -c "ALTER DATABASE $DB RESET log_statement" 2>/dev/null || true
    stop_service
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== receipt cost $STAMP repo $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+changes') jar $JAR"
require_free_port "$HTTP_PORT"
[ -n "${COST_JAR:-}" ] || build_if_needed "$BUILD" "$JAR"
recreate_database
start_service "$JAR" "$RESULTS/cost-service0-$STAMP.log"
echo "== loading data"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/load-data.sql"
# refresh_reports: one run of the report refresher (the batch command), printing the ms it says it took
refresh_reports() {
    # shellcheck disable=SC2046
    env $(datasource_env) KOPILKA_ADMIN_EMAIL=bench@kopilka.local KOPILKA_ADMIN_PASSWORD=bench-password KOPILKA_HTTP_PORT=0 \
        QUARKUS_LOG_CONSOLE_LEVEL=WARN java -jar "$JAR" reports refresh \
        | sed -nE 's/^reports: .* in ([0-9]+) ms$/\1/p'
}
stop_service
echo "   first report refresh (the history): $(refresh_reports) ms"
start_service "$JAR" "$RESULTS/cost-service-$STAMP.log"
psql_q -d "$DB" -c "CHECKPOINT"

LG="java -Xms1g -Xmx1g -Xmn512m -XX:+UseParallelGC $BENCH_DIR/LoadGen.java --host 127.0.0.1 --port $HTTP_PORT --stores $STORES --customers $CUSTOMERS --service-pid $SERVICE_PID"
OUT=$RESULTS/cost-loadgen-$STAMP.txt
timeout $((WARMUP_SECONDS + 120)) $LG warmup --warmup-seconds "$WARMUP_SECONDS" --receipt-prefix W >/dev/null

counts() { # inserted rows per table (the tables a receipt writes) and the WAL position
    psql_q -d "$DB" -c "SELECT string_agg(relname || '=' || n_tup_ins, ' ' ORDER BY relname) FROM pg_stat_user_tables WHERE n_tup_ins > 0"
    psql_q -d "$DB" -c "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"
}
psql_q -d "$DB" -c "SELECT pg_stat_force_next_flush()" >/dev/null 2>&1 || true
sleep 1
mapfile -t BEFORE < <(counts)
# the JIT compilers' time so far (nothing where the JDK's jstat is missing)
jit_seconds() { { jstat -compiler "$SERVICE_PID" 2>/dev/null || true; } | awk 'NR == 2 { print $4 }'; }
JIT0=$(jit_seconds)
PROFILE=$RESULTS/cost-profile-$STAMP.collapsed
[ -z "${COST_PROFILER:-}" ] || java "$BENCH_DIR/ProfilerControl.java" "$SERVICE_PID" "$COST_PROFILER" \
    "start,event=cpu,interval=${COST_PROFILE_INTERVAL:-2ms},cstack=vm" >/dev/null
timeout $((PEAK_SECONDS + 60)) $LG peak --peak-seconds "$PEAK_SECONDS" --receipt-prefix C | tee "$OUT"
if [ -n "${COST_PROFILER:-}" ]; then
    java "$BENCH_DIR/ProfilerControl.java" "$SERVICE_PID" "$COST_PROFILER" "stop,collapsed,file=$PROFILE" >/dev/null
    echo "   service CPU profile of the closed loop: $PROFILE"
fi
JIT1=$(jit_seconds)
sleep 1
mapfile -t AFTER < <(counts)
OK=$(field "$OUT" peak ok)
[ -n "$OK" ] || OK=$(psql_q -d "$DB" -c "SELECT count(*) FROM receipts WHERE receipt_no LIKE 'C%'")
echo "== per receipt over the closed loop ($OK receipts)"
awk '$1 == "RESULT" && $2 == "peak" { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
     r = v["receipts_per_s"]; printf "   rate=%s/s service_cores=%s db_cores=%s -> service_cpu_ms=%.2f db_cpu_ms=%.2f per receipt\n", r, v["service_cores"], v["db_cores"], 1000 * v["service_cores"] / r, 1000 * v["db_cores"] / r }' "$OUT"
awk -v a="$JIT0" -v b="$JIT1" -v s="$PEAK_SECONDS" -v w="$WARMUP_SECONDS" \
    'BEGIN { if (a == "" || b == "") print "   JIT compilers during the loop: n/a (no jstat)"
             else printf "   JIT compilers during the loop: %.1f s of compilation in %d s (jstat -compiler; after a %d s warm-up)\n", b - a, s, w }'
awk -v n="$OK" -v a="${BEFORE[0]}" -v b="${AFTER[0]}" -v wa="${BEFORE[1]}" -v wb="${AFTER[1]}" 'BEGIN {
    split(a, x, " "); for (i in x) { split(x[i], kv, "="); before[kv[1]] = kv[2] }
    split(b, y, " "); for (i in y) { split(y[i], kv, "="); d = kv[2] - before[kv[1]]; if (d > 0) printf "   rows inserted into %s: %.2f\n", kv[1], d / n }
    printf "   WAL bytes: %.0f\n", (wb - wa) / n }'
echo "== indexes of the tables a receipt writes (every insert adds one entry to each, partial ones when they match)"
psql_q -d "$DB" -c "SELECT tablename || ': ' || count(*) || ' (' || string_agg(indexname, ', ' ORDER BY indexname) || ')' FROM pg_indexes WHERE tablename IN (SELECT relname FROM pg_stat_user_tables WHERE n_tup_ins > 0) GROUP BY tablename ORDER BY tablename" | sed 's/^/   /'
echo "== the report refresher over the closed loop's receipts (run alone, service stopped)"
stop_service
R0=$(refresh_reports)
R1=$(refresh_reports)
awk -v a="$R0" -v b="$R1" -v n="$OK" 'BEGIN { printf "   refresh: %d ms; again with nothing new (its fixed cost): %d ms -> %.3f ms per receipt\n", a, b, (a - b) / n }'
echo "== triggers on those tables"
psql_q -d "$DB" -c "SELECT tgrelid::regclass || ': ' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1" | sed 's/^/   /'

echo "== statements: 40 receipts at 10/s with log_statement = 'all'"
psql_q -d postgres -c "ALTER DATABASE $DB SET log_statement = 'all'"
# the pool's connections read the setting when they start: new ones are needed, so the service restarts
BENCH_SERVICE_JAVA_OPTS= start_service "$JAR" "$RESULTS/cost-service2-$STAMP.log"
LG="java $BENCH_DIR/LoadGen.java --host 127.0.0.1 --port $HTTP_PORT --stores $STORES --customers $CUSTOMERS"
timeout 60 $LG warmup --warmup-seconds 2 --connections 2 --receipt-prefix V >/dev/null
START_LINE=$(($(wc -l <"$PG_LOG") + 1))
timeout 60 $LG open --rate 10 --open-seconds 4 --open-connections 4 --receipt-prefix S | grep '^RESULT' | sed 's/^/   /'
sleep 1
psql_q -d postgres -c "ALTER DATABASE $DB RESET log_statement"
N=$(psql_q -d "$DB" -c "SELECT count(*) FROM receipts WHERE receipt_no LIKE 'S%'")
NR=$(psql_q -d "$DB" -c "SELECT count(*) FROM receipts WHERE receipt_no LIKE 'S%' AND points_redeemed > 0")
STMTS=$RESULTS/cost-statements-$STAMP.txt
tail -n +"$START_LINE" "$PG_LOG" | grep " postgres@$DB " | grep -E 'LOG: +(statement|execute [^:]*):' \
    | sed -E 's/.*LOG: +(statement|execute [^:]*): *//' >"$STMTS" || true
echo "   $N receipts stored ($NR redeeming); statements by kind (first 60 characters), per receipt:"
cut -c1-60 "$STMTS" | sed -E 's/[0-9]+/N/g' | sort | uniq -c | sort -rn \
    | awk -v n="$N" '{ c = $1; $1 = ""; printf "   %6.2f %s\n", c / n, $0 }'
TOTAL=$(wc -l <"$STMTS")
BEGINS=$(grep -c '^BEGIN' "$STMTS" || true)
awk -v t="$TOTAL" -v b="$BEGINS" -v n="$N" 'BEGIN { printf "   statements per receipt: %.2f; round trips (BEGIN travels with the next statement): %.2f\n", t / n, (t - b) / n }'
