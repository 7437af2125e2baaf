#!/usr/bin/env bash
# Does the campaign batch job slow the checkout?  bash deploy/bench/job-impact.sh   (see docs/benchmark.md)
#
# One service and one database (kopilka_bench, recreated, the same 200 stores / 100,000 customers as run.sh),
# then BENCH_ROUNDS pairs of scored open-model windows at BENCH_OPEN_RATE receipts/s, alternating:
#   alone     the checkout only;
#   with-job  the same load, and `campaigns run` is started as the window starts (its start-up, the queueing
#             of a promo campaign to every customer with consent, then sending through the log gateway),
#             and stopped when the window ends.
# Each pair starts from the same state: before every window the outbox is vacuumed and a checkpoint taken, so
# the job's leftovers (dead rows, dirty pages) are not charged to the next "alone" window. The order inside a
# pair alternates (alone first in odd rounds, with-job first in even ones) so a drift of the machine does not
# favour one side. The summary gives each pair and the ratio of the medians of p99; the target is <= 1.20.
#
# Settings (environment, defaults in brackets):
#   BENCH_ROUNDS [3]                    pairs of windows
#   BENCH_OPEN_RATE [500]               arrival rate, receipts/s
#   BENCH_OPEN_SECONDS [30]             scored window
#   BENCH_CAMPAIGN_SMS_PER_SECOND [100] the job's gateway throughput in SMS parts/s (kopilka.sms.max-per-second,
#                                       product default 10); the bench's messages have 2 parts each
#   BENCH_CAMPAIGN_JOB_PREFIX [deploy/bench/lowest-priority.sh]  how the job is started: as the systemd unit
#                                       does, in the lowest-weight CPU group at the idle policy (empty: plain)
#   BENCH_CAMPAIGN_JOB_JAVA_OPTS ["-Xmx512m -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1 -XX:+UseSerialGC"]
#                                       the job's JVM options, as in deploy/systemd/kopilka-campaigns.service
#   BENCH_CAMPAIGN_JOB_ARGS [--no-housekeeping]  arguments after `campaigns run`
#   BENCH_CAMPAIGN [1]                  0: no campaign is due, so the window measures the job's start-up alone
#   BENCH_JOB_PHASE [all]               send: the campaign is queued before the window (not scored), so the
#                                       window holds the job's start-up and its sending, the longest part of a run
#   BENCH_JOB_MODE [run]                worker: the job runs as the long-lived worker of the systemd unit
#                                       (`campaigns run --every=BENCH_WORKER_EVERY`, default 5s). It is started before
#                                       each with-job window, so its JVM start is not scored (it happens once per
#                                       deployment), polls during the window and picks up the campaign that falls due
#                                       as the scored window starts; it is stopped with SIGTERM after the window.
#                                       With BENCH_JOB_PHASE=send the campaign is queued before the worker starts,
#                                       so the worker is already sending when the window starts.
#   BENCH_CAMPAIGN_JOB_ENV [as the systemd unit: QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_DATASOURCE_JDBC_MIN_SIZE=0
#                           QUARKUS_DATASOURCE_JDBC_INITIAL_SIZE=0]  VAR=value settings for the job, e.g. add
#                           KOPILKA_CAMPAIGNS_QUEUE_PAUSE_FACTOR=2
#   BENCH_HTTP_PORT [18080] BENCH_BUILD [auto] BENCH_SERVICE_JAVA_OPTS [] PGHOST PGPORT PGUSER   as in run.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH_DIR=$ROOT/deploy/bench
# shellcheck source=deploy/bench/service.sh
. "$BENCH_DIR/service.sh"
bench_log job-impact

ROUNDS=${BENCH_ROUNDS:-3}
OPEN_RATE=${BENCH_OPEN_RATE:-500}
OPEN_SECONDS=${BENCH_OPEN_SECONDS:-30}
SMS_PER_SECOND=${BENCH_CAMPAIGN_SMS_PER_SECOND:-100}
[ "${BENCH_CAMPAIGN:-1}" = 1 ] || echo "(BENCH_CAMPAIGN=0: no campaign is queued; the job starts and finds nothing to do)" >&2
JOB_PREFIX=${BENCH_CAMPAIGN_JOB_PREFIX-$BENCH_DIR/lowest-priority.sh}
JOB_ENV=${BENCH_CAMPAIGN_JOB_ENV-QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_DATASOURCE_JDBC_MIN_SIZE=0 QUARKUS_DATASOURCE_JDBC_INITIAL_SIZE=0}
JOB_ARGS=${BENCH_CAMPAIGN_JOB_ARGS:---no-housekeeping}
JOB_JAVA_OPTS=${BENCH_CAMPAIGN_JOB_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1 -XX:+UseSerialGC}
CAMPAIGN=${BENCH_CAMPAIGN:-1}
PHASE=${BENCH_JOB_PHASE:-all}
MODE=${BENCH_JOB_MODE:-run}
WORKER_EVERY=${BENCH_WORKER_EVERY:-5s}

SERVICE_PID=
CHILD_PID=
JOB_PID=
cleanup() {
    local rc=$?
    for pid in $CHILD_PID $JOB_PID; do
        kill "$pid" 2>/dev/null || true
    done
    stop_service
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM


loadgen() { # loadgen OUTFILE PHASE... : the open model against the service, bounded in time
    local out=$1
    shift
    timeout --kill-after=10 $((OPEN_SECONDS + 90)) java -Xms1g -Xmx1g -Xmn512m -XX:+UseParallelGC \
        "$BENCH_DIR/LoadGen.java" "$@" --host 127.0.0.1 --port "$HTTP_PORT" --connections 32 --open-connections 64 \
        --warmup-seconds 20 --peak-seconds 20 --rate "$OPEN_RATE" --open-warmup-seconds 5 --open-seconds "$OPEN_SECONDS" \
        --stores "$STORES" --customers "$CUSTOMERS" --redeem-pct 30 --redeem-points 10 \
        --service-pid "$SERVICE_PID" --timeline true >"$out" 2>&1 &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=
    return $rc
}

echo "== Kopilka job impact $STAMP: repo $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores; $ROUNDS rounds of ${OPEN_SECONDS}s at $OPEN_RATE receipts/s; job: ${JOB_PREFIX:-(plain)} ${JOB_ENV} java $JOB_JAVA_OPTS … campaigns run $JOB_ARGS, sms/s=$SMS_PER_SECOND"

build_if_needed "$BUILD" "$JAR"
require_free_port "$HTTP_PORT"

recreate_database

start_service "$JAR" "$RESULTS/job-impact-service-$STAMP.log"

echo "== loading data"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH_DIR/load-data.sql"
psql_q -d "$DB" -c "INSERT INTO campaign_settings (chain_id, document, opt_out_secret)
    SELECT id, '{\"quiet_hours_start\": \"00:00\", \"quiet_hours_end\": \"00:00\", \"birthday\": {\"enabled\": false}}', '\\x01' FROM chains
    ON CONFLICT DO NOTHING"

echo "== warming the service up (closed loop 20 s, then the open model; not scored)"
loadgen "$RESULTS/job-impact-warmup-$STAMP.txt" warmup open-warmup open || true

settle() { # the same starting state for every window
    psql_q -d "$DB" -c "VACUUM (ANALYZE) sms_outbox" -c "VACUUM (ANALYZE) receipts" -c "CHECKPOINT"
    sleep 2
}

exec_job() { # exec_job ARGS...: becomes the job, started as the systemd unit starts it (call it in a subshell)
    # shellcheck disable=SC2086,SC2046
    exec env $(datasource_env) KOPILKA_SMS_MAX_PER_SECOND=$SMS_PER_SECOND \
        QUARKUS_LOG_CATEGORY__IO_KOPILKA_CAMPAIGNS_GATEWAY__LEVEL=WARN $JOB_ENV \
        $JOB_PREFIX java $JOB_JAVA_OPTS -jar "$JAR" campaigns run $JOB_ARGS "$@"
}

launch_campaign() { # launch_campaign ROUND: a promo campaign to everyone with consent, due now
    psql_q -d "$DB" -c "INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, send_at, launched_at)
        SELECT id, 'promo', 'Bench round $1', 'scheduled', '{}', '{\"ru\": \"{name}, -15% в {store}! Баланс {balance}.\"}', now(), now() FROM chains"
}

window() { # window ROUND KIND -> prints "p99 p50 max service db others [job]"
    local round=$1 kind=$2 out="$RESULTS/job-impact-$STAMP-r$1-$2.txt" job_note="" joblog="$RESULTS/job-impact-$STAMP-r$1-job.log"
    if [ "$kind" = with-job ] && [ "$CAMPAIGN" != 0 ] && { [ "$MODE" = run ] || [ "$PHASE" = send ]; }; then
        launch_campaign "$round"
        if [ "$PHASE" = send ]; then # queued before the window: the window holds the sending
            # shellcheck disable=SC2046
            env $(datasource_env) KOPILKA_CAMPAIGNS_QUEUE_PAUSE_FACTOR=0 KOPILKA_CAMPAIGNS_QUEUE_BUSY_PAUSE_FACTOR=0 \
                java -jar "$JAR" campaigns run --no-housekeeping --no-send >"$RESULTS/job-impact-$STAMP-r$round-queue.log" 2>&1
        fi
    fi
    if [ "$kind" = with-job ] && [ "$MODE" = worker ]; then
        # the worker is up before the window (its JVM starts once per deployment, not per run); with phase all it
        # idles until the campaign it is measured on falls due with the scored window, with phase send it is
        # already sending the campaign queued above
        (exec_job "--every=$WORKER_EVERY") >"$joblog" 2>&1 &
        JOB_PID=$!
        for _ in $(seq 1 240); do
            grep -q "campaign worker: a run every" "$joblog" 2>/dev/null && break
            sleep 0.25
        done
        grep -q "campaign worker: a run every" "$joblog" || { echo "the worker did not start; its log:"; tail -20 "$joblog"; exit 1; }
    fi
    settle
    # the load generator compiles and runs a 5 s unscored open-model warm-up; the job's work starts with the scored window
    if [ "$kind" = with-job ] && [ "$MODE" = worker ]; then
        [ "$CAMPAIGN" = 0 ] || [ "$PHASE" = send ] || (sleep 6; launch_campaign "$round") &
    elif [ "$kind" = with-job ]; then
        (sleep 6; exec_job) >"$joblog" 2>&1 &
        JOB_PID=$!
    fi
    loadgen "$out" open-warmup open || echo "   (load generator failed, see $out)" >&2
    if [ -n "$JOB_PID" ]; then
        # systemctl stop: SIGTERM, and the job finishes the message at the gateway before it exits
        pkill -TERM -P "$JOB_PID" 2>/dev/null || true
        kill "$JOB_PID" 2>/dev/null || true
        wait "$JOB_PID" 2>/dev/null || true
        JOB_PID=
        job_note=$(psql_q -d "$DB" -c "SELECT count(*) || '_queued_' || count(*) FILTER (WHERE o.status = 'sent') || '_sent'
            FROM sms_outbox o JOIN campaigns c ON c.chain_id = o.chain_id AND c.id = o.campaign_id WHERE c.name = 'Bench round $round'")
        # what is left in the queue is not sent by a later round: each round measures its own campaign
        psql_q -d "$DB" -c "UPDATE sms_outbox SET status = 'skipped', skip_reason = 'bench' WHERE status IN ('queued', 'sending')" \
            -c "UPDATE campaigns SET status = 'cancelled' WHERE status <> 'cancelled'" >/dev/null
    fi
    echo "$(field "$out" open p99_ms) $(field "$out" open p50_ms) $(field "$out" open max_ms) $(field "$out" open errors) $(field "$out" open service_cores) $(field "$out" open db_cores) $(field "$out" open others_cores) $job_note"
}

ROWS=$RESULTS/job-impact-$STAMP-rows.txt
: >"$ROWS"
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="alone with-job"; else order="with-job alone"; fi
    for kind in $order; do
        echo "== round $round: $kind"
        line=$(window "$round" "$kind")
        echo "   p99_ms p50_ms max_ms errors service_cores db_cores others_cores [job] = $line"
        echo "$round $kind $line" >>"$ROWS"
    done
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ALONE=$(awk '$2 == "alone" { print $3 }' "$ROWS" | median)
WITH=$(awk '$2 == "with-job" { print $3 }' "$ROWS" | median)
RATIO=$(awk -v a="$ALONE" -v b="$WITH" 'BEGIN { printf "%.2f", b / a }')
VERDICT=$(awk -v r="$RATIO" 'BEGIN { print (r <= 1.20) ? "PASS" : "FAIL" }')
SUMMARY=$RESULTS/latest-job-impact.txt
{
    echo "Kopilka job impact $STAMP  repo $(git rev-parse --short HEAD 2>/dev/null || echo '?')  $(nproc) cores  rate=$OPEN_RATE/s  window=${OPEN_SECONDS}s  phase=$PHASE  mode=$MODE$([ "$MODE" = worker ] && echo " every=$WORKER_EVERY")  job=${JOB_PREFIX:-plain} ${JOB_ENV} java $JOB_JAVA_OPTS … campaigns run $JOB_ARGS, sms_per_s=$SMS_PER_SECOND"
    echo "round kind p99_ms p50_ms max_ms errors service_cores db_cores others_cores job"
    cat "$ROWS"
    echo "median_p99_alone_ms=$ALONE median_p99_with_job_ms=$WITH ratio=$RATIO (target <= 1.20: $VERDICT)"
} | tee "$SUMMARY"
echo "(written to $SUMMARY; full log $LOG)"
