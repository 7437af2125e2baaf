#!/usr/bin/env bash
# Kopilka benchmark, one command: bash deploy/bench/run.sh   (see docs/benchmark.md)
#
# Builds the service if needed, starts its own PostgreSQL 15 cluster on a free port with the production
# configuration deploy/postgres/kopilka.conf (deploy/bench/cluster.sh), and for each programme asked for:
# creates kopilka_bench, starts the packaged service against it, loads 200 stores / 100,000 customers with a
# history, publishes the programme (realistic), drives POST /api/pos/v1/receipts (closed-loop peak, then the
# open model at 500 receipts/s BENCH_REPEAT times in a row) while collecting evidence (deploy/bench/evidence.sh),
# stops the service and checks what it stored. Then pgbench with the service's own SQL transaction
# (receipt.pgbench) and the built-in TPC-B-like pgbench in the same cluster, each after a CHECKPOINT. Prints the
# summary and writes it to deploy/bench/results/latest.txt. All traffic goes to 127.0.0.1; every phase is
# bounded in time; the cluster is stopped and deleted on every exit.
#
# Settings (environment, defaults in brackets):
#   BENCH_PROGRAMME [plain]       plain: the default programme (one tier, no categories, no promo code), 30 %
#                                 of receipts redeeming; realistic: deploy/bench/realistic-programme.json and
#                                 realistic-promo.json (three tiers, tobacco earns nothing, x2 at weekends,
#                                 promo code BENCH-CHAIN5 on 30 % of receipts, 20 % redeeming);
#                                 both: plain then realistic, and realistic_ratio= (realistic / plain peak)
#   BENCH_REPEAT [1]              scored open-model runs in a row, each judged on its own (5 for the target)
#   BENCH_PG [own]                own: a cluster of its own (cluster.sh: BENCH_PG_PORT, BENCH_PG_DIR,
#                                 BENCH_PG_SETTINGS, BENCH_KEEP_DB); shared: the machine's server at
#                                 PGHOST/PGPORT/PGUSER [127.0.0.1:5432 postgres], as before issue 19
#   BENCH_DB [kopilka_bench]      the database dropped and created for each programme (and <name>_tpcb for the
#                                 TPC-B-like run): on a shared server give it a name of your own
#   BENCH_CONNECTIONS [32]        closed-loop connections of the peak phase = pgbench clients
#   BENCH_WARMUP_SECONDS [120]    unscored closed-loop warm-up before the peak phase: long enough for the JIT
#                                 compilers to have compiled the receipt's path (ADR 0049; 10 before 2026-12-08)
#   BENCH_PEAK_SECONDS [30]       peak phase
#   BENCH_OPEN_RATE [500]         open-model arrival rate, receipts/s
#   BENCH_OPEN_WARMUP_SECONDS [5] unscored open-model run before the scored ones
#   BENCH_OPEN_SECONDS [30]       each scored open-model run
#   BENCH_OPEN_CONNECTIONS [64]   connections (workers) available to the open model
#   BENCH_PGBENCH_SECONDS [30]    pgbench with receipt.pgbench (0: skipped)
#   BENCH_TPCB_SECONDS [30]       built-in TPC-B-like pgbench, scale BENCH_TPCB_SCALE [32] (0: skipped)
#   BENCH_HTTP_PORT [18080]       port of the service under test
#   BENCH_BUILD [auto]            auto: build when the jar is missing or older than src/ or pom.xml; always / never
#   BENCH_SERVICE_JAVA_OPTS []    extra JVM options for the service (empty: the JVM's defaults)
#   BENCH_WAL_RECYCLE [1]         1: min_wal_size of WAL files ready for reuse before the phases, as on a server that
#                                 has been running (own cluster only); 0: only the data load's (a new cluster's)
#   (the checkout while the campaign job runs: deploy/bench/job-impact.sh)
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH_DIR=$ROOT/deploy/bench
# shellcheck source=deploy/bench/service.sh
. "$BENCH_DIR/service.sh"
# shellcheck source=deploy/bench/cluster.sh
. "$BENCH_DIR/cluster.sh"
# shellcheck source=deploy/bench/evidence.sh
. "$BENCH_DIR/evidence.sh"
bench_log run

CONNECTIONS=${BENCH_CONNECTIONS:-32}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-120}
PEAK_SECONDS=${BENCH_PEAK_SECONDS:-30}
OPEN_RATE=${BENCH_OPEN_RATE:-500}
OPEN_WARMUP_SECONDS=${BENCH_OPEN_WARMUP_SECONDS:-5}
OPEN_SECONDS=${BENCH_OPEN_SECONDS:-30}
OPEN_CONNECTIONS=${BENCH_OPEN_CONNECTIONS:-64}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-30}
TPCB_SECONDS=${BENCH_TPCB_SECONDS:-30}
TPCB_SCALE=${BENCH_TPCB_SCALE:-32}
REPEAT=${BENCH_REPEAT:-1}
PG_MODE=${BENCH_PG:-own}
REDEEM_POINTS=10
PROMO_CODE=BENCH-CHAIN5 # the code of realistic-promo.json
case "${BENCH_PROGRAMME:-plain}" in
    plain) PROGRAMMES="plain" ;;
    realistic) PROGRAMMES="realistic" ;;
    both) PROGRAMMES="plain realistic" ;;
    *) echo "BENCH_PROGRAMME must be plain, realistic or both"; exit 2 ;;
esac
case "$PG_MODE" in own | shared) ;; *) echo "BENCH_PG must be own or shared"; exit 2 ;; esac
[[ "$REPEAT" =~ ^[1-9][0-9]?$ ]] || { echo "BENCH_REPEAT must be 1..99"; exit 2; }
PGBENCH=/usr/lib/postgresql/15/bin/pgbench
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench || true)

CHILD_PID=
WATCH_PID=
cleanup() {
    local rc=$?
    for pid in $CHILD_PID $WATCH_PID $SAMPLER_PID; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
        fi
    done
    stop_service
    stop_cluster
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

verdict() { # verdict AWK-CONDITION: PASS or FAIL
    awk "BEGIN { if ($1) print \"PASS\"; else print \"FAIL\" }" 2>/dev/null || echo FAIL
}

ratio() { # ratio A B: A / B to two decimals, or n/a
    awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a != "" && b != "" && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'
}

# The postmaster whose children are "the database" in the CPU accounting (0: a shared server, by database name).
db_pid_opt() {
    echo "--db-pid ${PG_PID:-0}"
}

# run_pgbench LABEL OUTFILE PGBENCH-ARGS...: pgbench with a CPU watcher measuring a window inside its run
run_pgbench() {
    local label=$1 out=$2 seconds=$3
    shift 3
    local ready=$RESULTS/cpu-watch-ready-$STAMP
    rm -f "$ready"
    # shellcheck disable=SC2046
    timeout --kill-after=5 $((seconds + 60)) java "$BENCH_DIR/LoadGen.java" cpu-watch --label "$label" $(db_pid_opt) \
        --ready-file "$ready" --watch-seconds $((seconds > 4 ? seconds - 3 : 1)) >"$out.cpu" 2>&1 &
    WATCH_PID=$!
    for _ in $(seq 1 120); do # at most 30 s
        [ -f "$ready" ] && break
        sleep 0.25
    done
    rm -f "$ready"
    local rc=0
    run_bounded $((seconds + 120)) "$PGBENCH" "$@" > >(tee "$out") 2>&1 || rc=$?
    sleep 0.5
    [ "$rc" = 0 ] || echo "   (pgbench exited with $rc)"
    wait "$WATCH_PID" 2>/dev/null || true
    WATCH_PID=
    grep '^RESULT' "$out.cpu" >>"$out" || true
}

echo "== Kopilka benchmark $STAMP: programme(s) $PROGRAMMES, open model x$REPEAT, PostgreSQL: $PG_MODE"
echo "   repo $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
java -version 2>&1 | awk 'NR == 1 { print "   " $0 }'

[ -n "$PGBENCH" ] || { echo "pgbench not found (apt-get install postgresql-client-15)"; exit 1; }
command -v psql >/dev/null || { echo "psql not found"; exit 1; }
require_free_port "$HTTP_PORT"

# ---------------------------------------------------------------- 1. build
build_if_needed "$BUILD" "$JAR"

# ---------------------------------------------------------------- 2. PostgreSQL
if [ "$PG_MODE" = own ]; then
    start_cluster
    PG_WHERE="own cluster 127.0.0.1:$PGPORT, deploy/postgres/kopilka.conf${BENCH_PG_SETTINGS:+ + $BENCH_PG_SETTINGS}"
else
    PG_WHERE="shared server $PGHOST:$PGPORT"
    echo "== the shared PostgreSQL on $PGHOST:$PGPORT (BENCH_PG=shared): its own configuration, not deploy/postgres"
fi
print_pg_settings "$RESULTS/pg-settings-$STAMP.txt"
PG_VERSION=$(psql_q -d postgres -c "SHOW server_version")
AUTOVACUUM=$(psql_q -d postgres -c "SHOW autovacuum")

# ---------------------------------------------------------------- 3. per programme: service, data, load, checks
# publish_realistic: the programme and the promo code through the admin API, as head office would, then the tiers
publish_realistic() {
    local base="http://127.0.0.1:$HTTP_PORT/api/admin/v1" auth=(-u bench@kopilka.local:bench-password -H 'Content-Type: application/json')
    echo "== publishing the realistic programme (deploy/bench/realistic-programme.json, realistic-promo.json)"
    curl -sS --fail-with-body -m 30 "${auth[@]}" -X PUT "$base/program" --data-binary "@$BENCH_DIR/realistic-programme.json" \
        -o "$RESULTS/programme-$STAMP.json" || { echo "publishing the programme failed"; cat "$RESULTS/programme-$STAMP.json"; exit 1; }
    echo "   programme version $(sed -E 's/.*"version":([0-9]+).*/\1/' "$RESULTS/programme-$STAMP.json") effective from $(sed -E 's/.*"effective_from":"([^"]+)".*/\1/' "$RESULTS/programme-$STAMP.json")"
    curl -sS --fail-with-body -m 30 "${auth[@]}" -X POST "$base/promo-codes" --data-binary "@$BENCH_DIR/realistic-promo.json" \
        -o "$RESULTS/promo-$STAMP.json" || { echo "creating the promo code failed"; cat "$RESULTS/promo-$STAMP.json"; exit 1; }
    echo "   promo code: $(cat "$RESULTS/promo-$STAMP.json")"
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/realistic-tiers.sql" | sed 's/^/   /'
    TIERS_BEFORE=$(tiers_now)
    sleep 2 # the service reloads the programme in the background within a second
}

# stored_receipts FILE: the load generator's receipts stored, outside FILE's receipt numbers (requests without a
# 2xx answer) and among them; "? ?" when they cannot be counted
stored_receipts() {
    psql -X -qAt -F ' ' -v ON_ERROR_STOP=1 -d "$DB" 2>/dev/null <<SQL || echo '? ?'
CREATE TEMP TABLE unanswered (receipt_no text PRIMARY KEY);
\\copy unanswered FROM '$1'
SELECT count(*) FILTER (WHERE u.receipt_no IS NULL), count(*) FILTER (WHERE u.receipt_no IS NOT NULL)
  FROM receipts r LEFT JOIN unanswered u USING (receipt_no) WHERE r.receipt_no LIKE 'L%';
SQL
}

# steady_state: what a chain's database looks like between two busy minutes, not right after a bulk load: the
# report rollups up to date (one `reports refresh`, as the nightly job does; otherwise the service's first refresh,
# 30 s after its start, recomputes the whole history in the middle of the peak) and the loaded tables vacuumed and
# analysed (otherwise autovacuum's first passes over them land in the measurement)
steady_state() {
    local t0
    t0=$(date +%s.%N)
    # shellcheck disable=SC2046
    env $(datasource_env) timeout 300 java -jar "$JAR" reports refresh >"$RESULTS/reports-refresh-$STAMP.log" 2>&1 \
        || { echo "reports refresh failed:"; tail -20 "$RESULTS/reports-refresh-$STAMP.log"; exit 1; }
    psql_q -d "$DB" -c "VACUUM (ANALYZE)"
    wal_files_to_recycle
    echo "   steady state (reports refresh, VACUUM (ANALYZE), WAL files) in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
}

# wal_files_to_recycle: a server that has been running keeps min_wal_size of used WAL files, renamed at each
# checkpoint for reuse. A new cluster has only the data load's; once the run has written that much, every next
# 16 MB of WAL needs a new file, zero-filled while the commits wait (docs/benchmark.md, the ABBA pair of
# 2026-12-07). So: one WAL switch per file that min_wal_size holds, and the CHECKPOINT before the phases renames
# them for reuse. Own cluster only: the machine's shared server is left alone.
wal_files_to_recycle() {
    [ "$PG_MODE" = own ] && [ "${BENCH_WAL_RECYCLE:-1}" = 1 ] || return 0
    local files
    files=$(psql_q -d "$DB" -c "SELECT pg_size_bytes(current_setting('min_wal_size')) / pg_size_bytes(current_setting('wal_segment_size'))")
    psql_q -d "$DB" -c "CREATE TABLE bench_wal_fill (k int)"
    psql_q -d "$DB" -c "DO \$\$ BEGIN FOR k IN 1..$files LOOP INSERT INTO bench_wal_fill VALUES (k); PERFORM pg_switch_wal(); END LOOP; END \$\$" >/dev/null
    psql_q -d "$DB" -c "DROP TABLE bench_wal_fill"
}

wal_files() {
    [ "$PG_MODE" = own ] && psql_q -d "$DB" -c "SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'" 2>/dev/null || echo '?'
}

tiers_now() {
    psql_q -d "$DB" -c "SELECT string_agg(tier_code || '=' || n, ' ' ORDER BY tier_code) FROM (SELECT tier_code, count(*) n FROM customers GROUP BY 1) t" 2>/dev/null || echo '?'
}

TIERS_BEFORE=
declare -A PEAK PEAK_OUT CHECKS_OK
SUMMARY_BODY=$RESULTS/summary-body-$STAMP.txt
: >"$SUMMARY_BODY"
FIRST_PROGRAMME=${PROGRAMMES%% *}
PGBENCH_OUT=$RESULTS/pgbench-$STAMP.txt
IDLE_BEFORE=?

run_programme() {
    local name=$1 redeem_pct promo_pct label
    if [ "$name" = realistic ]; then
        redeem_pct=20 promo_pct=30
        label="realistic (deploy/bench/realistic-programme.json: 3 tiers by 365-day spend, tobacco earns nothing, x2 at weekends; promo $PROMO_CODE on $promo_pct % of receipts, $redeem_pct % redeeming)"
    else
        redeem_pct=30 promo_pct=0
        label="plain (the default programme: one tier 5 %, no categories, no promo code; $redeem_pct % redeeming)"
    fi
    echo
    echo "================================================================ programme $name"
    recreate_database
    local gc_log=$RESULTS/gc-$STAMP-$name.log jit_log=$RESULTS/jit-$STAMP-$name.log
    SERVICE_LOG_OPTS="-Xlog:gc*,safepoint:file=$gc_log:time,uptime,level,tags -Xlog:jit+compilation=debug:file=$jit_log:time"
    start_service "$JAR" "$RESULTS/service-$STAMP-$name.log"

    echo "== loading data (deploy/bench/load-data.sql)"
    local t0
    t0=$(date +%s.%N)
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/load-data.sql"
    echo "   loaded in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
    [ "$name" != realistic ] || publish_realistic
    steady_state

    psql_q -d "$DB" -c "CHECKPOINT"
    WAL_FILES_BEFORE=$(wal_files)
    echo "   WAL files after the checkpoint: $WAL_FILES_BEFORE"
    IDLE_BEFORE=$(idle_pct 3)
    echo "   machine idle before the load: ${IDLE_BEFORE}% (service and database idle, so this is other work)"
    if [ "$IDLE_BEFORE" != "?" ] && [ "$IDLE_BEFORE" -lt 90 ]; then
        echo "   WARNING: something else is using the CPU (top -bn1 | head -15); figures from this run are not comparable"
        top -bn1 | sed -n 7,12p
    fi
    local out=$RESULTS/loadgen-$STAMP-$name.txt timeline=$RESULTS/timeline-$STAMP-$name.txt opens="" k
    for k in $(seq 1 "$REPEAT"); do opens="$opens open-$k"; done
    # Fixed heap with a large young generation: no collection of the generator's heap during the open model.
    local loadgen_java_opts="-Xms1g -Xmx1g -Xmn512m -XX:+UseParallelGC"
    echo "== load generator: warm-up ${WARMUP_SECONDS}s, peak ${PEAK_SECONDS}s x $CONNECTIONS connections, open model $OPEN_RATE/s: ${OPEN_WARMUP_SECONDS}s unscored, then $REPEAT x ${OPEN_SECONDS}s"
    local unanswered_file=$RESULTS/unanswered-$STAMP-$name.txt
    local budget=$((WARMUP_SECONDS + PEAK_SECONDS + OPEN_WARMUP_SECONDS + REPEAT * (OPEN_SECONDS + 15) + 90))
    evidence_start "$name"
    local loadgen_rc=0
    # shellcheck disable=SC2046,SC2086
    run_bounded "$budget" java $loadgen_java_opts "$BENCH_DIR/LoadGen.java" warmup peak open-warmup $opens \
        --host 127.0.0.1 --port "$HTTP_PORT" --connections "$CONNECTIONS" --open-connections "$OPEN_CONNECTIONS" \
        --warmup-seconds "$WARMUP_SECONDS" --peak-seconds "$PEAK_SECONDS" --rate "$OPEN_RATE" \
        --open-warmup-seconds "$OPEN_WARMUP_SECONDS" --open-seconds "$OPEN_SECONDS" \
        --stores "$STORES" --customers "$CUSTOMERS" --redeem-pct "$redeem_pct" --redeem-points "$REDEEM_POINTS" \
        --promo-pct "$promo_pct" --promo-code "$PROMO_CODE" --timeline-file "$timeline" \
        --service-pid "$SERVICE_PID" --db-name "$DB" $(db_pid_opt) --unanswered-file "$unanswered_file" \
        > >(tee "$out") 2>&1 || loadgen_rc=$?
    sleep 0.5 # let tee flush
    [ "$loadgen_rc" = 0 ] || echo "   (load generator exited with $loadgen_rc)"
    evidence_stop "$name"
    WAL_FILES_AFTER=$(wal_files)
    stop_service

    # ---- checks: every 2xx is one stored receipt, and the ledger adds up. A request without a 2xx answer (a 503
    # "no answer within 2000 ms", a timeout) may still have been recorded a moment later, as a till's retry would
    # find: those are counted apart, by the receipt numbers the load generator wrote to $unanswered_file
    local stored late ok_total unanswered ledger checks
    read -r stored late < <(stored_receipts "$unanswered_file")
    ok_total=$(field "$out" TOTAL ok)
    unanswered=$(field "$out" TOTAL unanswered)
    ledger=$(psql_q -d "$DB" -c "SELECT (SELECT coalesce(sum(points), 0) FROM ledger_entries) = (SELECT coalesce(sum(points_remaining), 0) FROM point_lots)" 2>/dev/null || echo '?')
    if [ "$stored" = "${ok_total:-x}" ] && [ "$ledger" = t ]; then
        checks="OK"
        CHECKS_OK[$name]=yes
    else
        checks="FAILED"
        CHECKS_OK[$name]=no
    fi
    local promo_uses=""
    if [ "$name" = realistic ]; then
        promo_uses=", promo uses recorded=$(psql_q -d "$DB" -c "SELECT count(*) FROM promo_redemptions WHERE NOT released" 2>/dev/null || echo '?')"
        promo_uses="$promo_uses, customers by tier before the load $TIERS_BEFORE, after it $(tiers_now)"
    fi

    # ---- this programme's lines of the summary
    PEAK[$name]=$(field "$out" peak receipts_per_s)
    PEAK_OUT[$name]=$out
    local all_ok=PASS worst_p99=0 worst_p999=0 worst_max=0 errors_sum=0 k p99 p999 mx err v
    {
        echo "programme=$name: $label"
        echo "programme=$name: peak_receipts_per_s=${PEAK[$name]:-n/a} @PEAK_TAIL_$name@"
        for k in $(seq 1 "$REPEAT"); do
            p99=$(field "$out" "open-$k" p99_ms)
            p999=$(field "$out" "open-$k" p999_ms)
            mx=$(field "$out" "open-$k" max_ms)
            err=$(field "$out" "open-$k" errors)
            v=$( [ -n "$p99" ] && verdict "$p99 <= 10 && $p999 <= 25 && ${err:-1} == 0" || echo FAIL)
            [ "$v" = PASS ] || all_ok=FAIL
            worst_p99=$(awk -v a="$worst_p99" -v b="${p99:-999999}" 'BEGIN { print (b > a ? b : a) }')
            worst_p999=$(awk -v a="$worst_p999" -v b="${p999:-999999}" 'BEGIN { print (b > a ? b : a) }')
            worst_max=$(awk -v a="$worst_max" -v b="${mx:-999999}" 'BEGIN { print (b > a ? b : a) }')
            errors_sum=$((errors_sum + ${err:-1}))
            echo "programme=$name: open run $k/$REPEAT rate_per_s=$OPEN_RATE p50_ms=$(field "$out" "open-$k" p50_ms) p90_ms=$(field "$out" "open-$k" p90_ms) p99_ms=${p99:-n/a} p999_ms=${p999:-n/a} max_ms=${mx:-n/a} errors=${err:-n/a} worst_second_p99_ms=$(field "$out" "open-$k" worst_second_p99_ms) at $(field "$out" "open-$k" worst_second_at) UTC (p99 <= 10, p99.9 <= 25, 0 errors: $v)"
        done
        echo "programme=$name: open worst of $REPEAT: p99_ms=$worst_p99 p999_ms=$worst_p999 max_ms=$worst_max errors=$errors_sum (every run p99 <= 10 ms and p99.9 <= 25 ms, 0 errors: $all_ok)"
        echo "programme=$name: details: peak connections=$CONNECTIONS errors=$(field "$out" peak errors) statuses=$(field "$out" peak statuses) p99_ms=$(field "$out" peak p99_ms) redeeming=$(field "$out" peak redeeming) promo=$(field "$out" peak promo)" \
            "| open-1 achieved_per_s=$(field "$out" open-1 achieved_per_s) statuses=$(field "$out" open-1 statuses) loadgen_send_lag_p99_ms=$(field "$out" open-1 send_lag_p99_ms)"
        echo "programme=$name: cpu (cores, 2 = whole machine): peak service=$(field "$out" peak service_cores) db=$(field "$out" peak db_cores) loadgen=$(awk -v p="$(field "$out" peak loadgen_cpu_pct)" 'BEGIN { if (p != "") printf "%.2f", p / 100; else print "n/a" }') others=$(field "$out" peak others_cores)" \
            "| open-1 service=$(field "$out" open-1 service_cores) db=$(field "$out" open-1 db_cores) others=$(field "$out" open-1 others_cores)"
        echo "programme=$name: $(gc_summary "$gc_log") (${gc_log#"$ROOT"/}) | timeline: worst seconds in ${timeline#"$ROOT"/}"
        echo "programme=$name: $(jit_summary "$jit_log" "$timeline") (${jit_log#"$ROOT"/})"
        echo "programme=$name: $EVIDENCE | wal files: before the load=$WAL_FILES_BEFORE after it=$WAL_FILES_AFTER (more after: files created during the load, each zero-filled while commits waited)"
        echo "programme=$name: checks: receipts stored by the load generator=$stored, 2xx answers=${ok_total:-n/a} (besides: ${unanswered:-n/a} without a 2xx answer, $late of them recorded); sum(ledger_entries.points) = sum(point_lots.points_remaining): $ledger$promo_uses: $checks"
    } >>"$SUMMARY_BODY"
    # A machine that cannot carry the open model's rate measures its queue, not the tail the target is about
    if [ -n "${PEAK[$name]:-}" ] && [ "$(verdict "${PEAK[$name]} < $OPEN_RATE * 1.2")" = PASS ]; then
        echo "programme=$name: WARNING: the peak (${PEAK[$name]}/s) is not 1.2 x the open model's rate ($OPEN_RATE/s): on this machine the open-model runs measure queueing, not the tail; judge the tail on a faster machine or compare variants with a lower BENCH_OPEN_RATE (docs/benchmark.md)" >>"$SUMMARY_BODY"
    fi
    for k in peak open-1; do
        v=$(field "$out" "$k" others_cores)
        if [ -n "$v" ] && [ "$(verdict "$v > 0.15")" = PASS ]; then
            echo "programme=$name: WARNING: other processes used $v cores during $k: the figures above measured the neighbours too; rerun on a quiet machine" >>"$SUMMARY_BODY"
        fi
    done

    # ---- the service's own SQL through pgbench, beside the first programme's data
    if [ "$name" = "$FIRST_PROGRAMME" ] && [ "$PGBENCH_SECONDS" -gt 0 ]; then
        echo "== pgbench: deploy/bench/receipt.pgbench, $CONNECTIONS clients, -M prepared, ${PGBENCH_SECONDS}s (service stopped)"
        psql_q -d "$DB" -c "CHECKPOINT"
        # The stored result JSON of a redeeming receipt the service recorded in this run (the fallback file holds
        # one recorded earlier), so pgbench writes a result of the same size.
        local result_json
        result_json=$(psql_q -d "$DB" -c "SELECT result::text FROM receipts WHERE receipt_no LIKE 'L%' AND points_redeemed > 0 ORDER BY id LIMIT 1" 2>/dev/null || true)
        [ -n "$result_json" ] || result_json=$(tr -d '\n' <"$BENCH_DIR/receipt-result.json")
        run_pgbench pgbench "$PGBENCH_OUT" "$PGBENCH_SECONDS" -n -M prepared -c "$CONNECTIONS" -j 2 -T "$PGBENCH_SECONDS" -P 10 \
            -f "$BENCH_DIR/receipt.pgbench" \
            -D stores="$STORES" -D customers="$CUSTOMERS" -D redeem_pct="$redeem_pct" -D redeem_points="$REDEEM_POINTS" \
            -D seq=0 -D run="$(date +%s)" -D result="$result_json" "$DB"
    fi
}

for programme in $PROGRAMMES; do
    run_programme "$programme"
done

# ---------------------------------------------------------------- 4. the built-in TPC-B-like pgbench
TPCB_OUT=$RESULTS/tpcb-$STAMP.txt
TPCB_DB=${DB}_tpcb
if [ "$TPCB_SECONDS" -gt 0 ]; then
    echo
    echo "== built-in TPC-B-like pgbench: pgbench -i -s $TPCB_SCALE $TPCB_DB, then CHECKPOINT, then -c 32 -j 2 -T $TPCB_SECONDS"
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $TPCB_DB WITH (FORCE)" -c "CREATE DATABASE $TPCB_DB"
    t0=$(date +%s.%N)
    run_bounded 900 "$PGBENCH" -i -q -s "$TPCB_SCALE" "$TPCB_DB" >"$RESULTS/tpcb-init-$STAMP.txt" 2>&1 \
        || { echo "pgbench -i failed:"; tail -5 "$RESULTS/tpcb-init-$STAMP.txt"; }
    echo "   initialised in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
    psql_q -d postgres -c "CHECKPOINT"
    run_pgbench tpcb "$TPCB_OUT" "$TPCB_SECONDS" -c 32 -j 2 -T "$TPCB_SECONDS" -P 10 "$TPCB_DB"
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $TPCB_DB WITH (FORCE)"
fi

# ---------------------------------------------------------------- 5. summary
PGBENCH_TPS=$( [ -f "$PGBENCH_OUT" ] && awk '/^tps = / {printf "%.1f\n", $3}' "$PGBENCH_OUT" | tail -1 || true)
PGBENCH_FAILED=$( [ -f "$PGBENCH_OUT" ] && awk -F': ' '/^number of failed transactions/ {split($2, a, " "); print a[1]}' "$PGBENCH_OUT" | tail -1 || true)
PGBENCH_LAT=$( [ -f "$PGBENCH_OUT" ] && awk '/^latency average/ {print $4}' "$PGBENCH_OUT" | tail -1 || true)
TPCB_TPS=$( [ -f "$TPCB_OUT" ] && awk '/^tps = / {printf "%.1f\n", $3}' "$TPCB_OUT" | tail -1 || true)
EXIT=0
for programme in $PROGRAMMES; do
    peak=${PEAK[$programme]:-}
    tail="tpcb_tps=${TPCB_TPS:-n/a} tpcb_ratio=$(ratio "$peak" "$TPCB_TPS") (target >= 0.5: $( [ "$(ratio "$peak" "$TPCB_TPS")" != n/a ] && verdict "$(ratio "$peak" "$TPCB_TPS") >= 0.5" || echo FAIL))"
    if [ "$programme" = "$FIRST_PROGRAMME" ] && [ -n "$PGBENCH_TPS" ]; then
        r=$(ratio "$peak" "$PGBENCH_TPS")
        own="pgbench_tps=$PGBENCH_TPS ratio=$r (target >= 0.6: $( [ "$r" != n/a ] && verdict "$r >= 0.6" || echo FAIL))"
        [ "$programme" = plain ] || own="$own (receipt.pgbench is the plain programme's transaction)"
        tail="$own $tail"
    fi
    sed -i "s|@PEAK_TAIL_$programme@|$tail|" "$SUMMARY_BODY"
    [ "${CHECKS_OK[$programme]:-no}" = yes ] || EXIT=1
done

# budget_line: the two ratios as costs (docs/benchmark.md, "What the two ratios ask of each side"). CPU ms per
# receipt at the first programme's peak, per transaction of receipt.pgbench and of TPC-B, from the cores measured
# in each; at an equally busy machine a ratio of throughputs is the inverse ratio of these costs, so the receipt's
# total must come down to 2 x TPC-B's and to receipt.pgbench's / 0.6
budget_line() {
    local out=${PEAK_OUT[$FIRST_PROGRAMME]:-} peak=${PEAK[$FIRST_PROGRAMME]:-}
    [ -n "$out" ] && [ -n "$peak" ] && [ -n "$PGBENCH_TPS" ] && [ -n "$TPCB_TPS" ] || return 0
    awk -v r="$peak" -v s="$(field "$out" peak service_cores)" -v d="$(field "$out" peak db_cores)" \
        -v l="$(field "$out" peak loadgen_cpu_pct)" -v o="$(field "$out" peak others_cores)" \
        -v q="$PGBENCH_TPS" -v qd="$(field "$PGBENCH_OUT" pgbench-cpu db_cores)" -v qc="$(field "$PGBENCH_OUT" pgbench-cpu pgbench_cores)" \
        -v qo="$(field "$PGBENCH_OUT" pgbench-cpu others_cores)" \
        -v t="$TPCB_TPS" -v td="$(field "$TPCB_OUT" tpcb-cpu db_cores)" -v tc="$(field "$TPCB_OUT" tpcb-cpu pgbench_cores)" \
        -v to="$(field "$TPCB_OUT" tpcb-cpu others_cores)" -v prog="$FIRST_PROGRAMME" 'BEGIN {
        if (r <= 0 || q <= 0 || t <= 0 || s == "" || qd == "" || td == "") { exit }
        S = s * 1000 / r; D = d * 1000 / r; L = l * 10 / r; O = o * 1000 / r; R = S + D + L + O
        QD = qd * 1000 / q; QC = qc * 1000 / q; Q = QD + QC + qo * 1000 / q
        TD = td * 1000 / t; TC = tc * 1000 / t; T = TD + TC + to * 1000 / t
        printf "budget (CPU ms each, from the cores measured): %s peak receipt service=%.2f db=%.2f loadgen=%.2f others=%.2f total=%.2f", prog, S, D, L, O, R
        printf " | receipt.pgbench db=%.2f pgbench=%.2f total=%.2f | tpcb db=%.2f pgbench=%.2f total=%.2f", QD, QC, Q, TD, TC, T
        printf " | tpcb_ratio >= 0.5 needs total <= %.2f, ratio >= 0.6 needs total <= %.2f\n", 2 * T, Q / 0.6
    }'
}

SUMMARY=$RESULTS/latest.txt
{
    echo "Kopilka benchmark $STAMP  repo $(git rev-parse --short HEAD 2>/dev/null || echo '?')  $(nproc) cores  PostgreSQL $PG_VERSION ($PG_WHERE)  synchronous_commit=${SYNC_COMMIT:-?}  autovacuum=$AUTOVACUUM  machine_idle_before_pct=$IDLE_BEFORE"
    cat "$SUMMARY_BODY"
    if [ -n "$PGBENCH_TPS" ]; then
        echo "pgbench (receipt.pgbench, $CONNECTIONS clients, ${PGBENCH_SECONDS}s): tps=$PGBENCH_TPS latency_avg_ms=${PGBENCH_LAT:-n/a} failed=${PGBENCH_FAILED:-n/a} db_cores=$(field "$PGBENCH_OUT" pgbench-cpu db_cores) pgbench_cores=$(field "$PGBENCH_OUT" pgbench-cpu pgbench_cores) others=$(field "$PGBENCH_OUT" pgbench-cpu others_cores)"
    fi
    if [ -n "$TPCB_TPS" ]; then
        echo "tpcb (pgbench -i -s $TPCB_SCALE, -c 32 -j 2 -T $TPCB_SECONDS): tps=$TPCB_TPS latency_avg_ms=$(awk '/^latency average/ {print $4}' "$TPCB_OUT" | tail -1) db_cores=$(field "$TPCB_OUT" tpcb-cpu db_cores) pgbench_cores=$(field "$TPCB_OUT" tpcb-cpu pgbench_cores) others=$(field "$TPCB_OUT" tpcb-cpu others_cores)"
    fi
    budget_line
    if [ -n "${PEAK[plain]:-}" ] && [ -n "${PEAK[realistic]:-}" ]; then
        rr=$(ratio "${PEAK[realistic]}" "${PEAK[plain]}")
        echo "realistic_ratio=$rr (realistic peak ${PEAK[realistic]} / plain peak ${PEAK[plain]}, target >= 0.8: $( [ "$rr" != n/a ] && verdict "$rr >= 0.8" || echo FAIL))"
    fi
    [ "$EXIT" = 0 ] || echo "CHECKS FAILED: receipts stored differ from 2xx answers, or the ledger does not add up (see the checks lines)"
} >"$SUMMARY"
rm -f "$SUMMARY_BODY"
cp "$SUMMARY" "$RESULTS/summary-$STAMP.txt"
echo
echo "================================================================ summary"
cat "$SUMMARY"
echo "(written to deploy/bench/results/latest.txt; full log $LOG; PostgreSQL settings $RESULTS/pg-settings-$STAMP.txt)"
exit "$EXIT"
