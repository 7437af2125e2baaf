#!/usr/bin/env bash
# Campaign job benchmark, one command: bash deploy/bench/campaigns.sh   (see docs/benchmark.md)
#
# Recreates the database kopilka_campaigns on the local PostgreSQL (127.0.0.1:5432, trust auth), lets the
# packaged service migrate it and bootstrap its chain, loads 1,000,000 customers and a promo campaign for
# about 100,000 of them (deploy/bench/campaigns-data.sql), then times one run of the batch job that plans
# today's birthday greetings over all 1,000,000 customers and queues the campaign (no housekeeping, no
# sending), then a second run (which must queue nothing new), then a dry run.
# Then the sending phase: N one-part messages (deploy/bench/campaigns-send.sql) sent by one `campaigns run`
# through the HTTP gateway to a local stand-in (deploy/bench/GatewayStandIn.java) that answers after 50 ms and
# logs each message; reported: messages/s of the sending step, and the duplicates and the missing messages
# counted from the stand-in's log against the outbox (both must be 0).
# Hold both locks for a timing run (docs/benchmark.md):
#   flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock bash deploy/bench/campaigns.sh
# Settings (environment, defaults in brackets):
#   CAMPAIGN_BENCH_PHASES ["plan send"]        which phases; "send" alone loads only the customers it needs
#   CAMPAIGN_BENCH_SEND_MESSAGES [110000]      N; shorten it while developing (e.g. 5000)
#   CAMPAIGN_BENCH_SMS_PER_SECOND [200]        kopilka.sms.max-per-second of the sending run
#   CAMPAIGN_BENCH_GATEWAY_DELAY_MS [50]       the stand-in's answer time
#   CAMPAIGN_BENCH_GATEWAY_PORT [18090]        the stand-in's port on 127.0.0.1
#   CAMPAIGN_BENCH_SEND_ENV []                 more VAR=value settings for the sending run (e.g. KOPILKA_SMS_IN_FLIGHT=8)
#   CAMPAIGN_BENCH_CHECKOUT [0]                1: afterwards, the checkout's p99 at 150 receipts/s with the job
#                                              sending through the stand-in at the same rate against without it
#                                              (deploy/bench/job-impact.sh, BENCH_JOB_PHASE=send; its own settings apply)
#   CAMPAIGN_BENCH_DB [kopilka_campaigns]      the database (dropped and made again)
#   CAMPAIGN_BENCH_BUILD [auto|always|never], PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${CAMPAIGN_BENCH_DB:-kopilka_campaigns}
JAR=target/quarkus-app/quarkus-run.jar
BUILD=${CAMPAIGN_BENCH_BUILD:-auto}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; }; }; then
    echo "== building (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi
PHASES=${CAMPAIGN_BENCH_PHASES:-plan send}
SEND_N=${CAMPAIGN_BENCH_SEND_MESSAGES:-110000}
SMS_PER_SECOND=${CAMPAIGN_BENCH_SMS_PER_SECOND:-200}
GATEWAY_DELAY_MS=${CAMPAIGN_BENCH_GATEWAY_DELAY_MS:-50}
GATEWAY_PORT=${CAMPAIGN_BENCH_GATEWAY_PORT:-18090}
has_phase() { case " $PHASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
psql -X -qAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
job() {
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" QUARKUS_DATASOURCE_USERNAME=$PGUSER \
    QUARKUS_DATASOURCE_PASSWORD= KOPILKA_ADMIN_EMAIL=bench@kopilka.local KOPILKA_ADMIN_PASSWORD=bench-password \
    QUARKUS_LOG_CONSOLE_LEVEL=WARN java -jar "$JAR" campaigns run "$@"
}
echo "== migrating and bootstrapping (a dry run on the empty database)"
job --dry-run >/dev/null
if has_phase plan; then
    CUSTOMERS=1000000
else
    CUSTOMERS=$(( SEND_N * 100 / 80 + 1000 )) # 85% have consent
fi
echo "== loading $CUSTOMERS customers (deploy/bench/campaigns-data.sql)"
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -v customers="$CUSTOMERS" -d "$DB" -f deploy/bench/campaigns-data.sql
echo "   loaded in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
if has_phase plan; then
    echo "== run 1: birthday planning over 1,000,000 customers and queueing the campaign (no sending)"
    t0=$(date +%s.%N)
    job --no-housekeeping --no-send
    echo "   whole process (JVM start, migrations check, work): $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
    echo "== run 2: the same again (must queue nothing new)"
    job --no-housekeeping --no-send
    echo "== outbox"
    psql -X -qAt -d "$DB" -c "SELECT ca.kind, count(*), sum(o.parts) FROM sms_outbox o JOIN campaigns ca ON ca.chain_id = o.chain_id AND ca.id = o.campaign_id GROUP BY 1 ORDER BY 1"
fi
if has_phase send; then
    echo "== sending $SEND_N one-part messages at $SMS_PER_SECOND parts/s to a stand-in answering after $GATEWAY_DELAY_MS ms"
    psql -X -q -v ON_ERROR_STOP=1 -v messages="$SEND_N" -d "$DB" -f deploy/bench/campaigns-send.sql
    LOG_FILE=$(mktemp /tmp/kopilka-gateway-stand-in.XXXXXX)
    java deploy/bench/GatewayStandIn.java "$GATEWAY_PORT" "$GATEWAY_DELAY_MS" "$LOG_FILE" &
    STAND_IN=$!
    trap 'kill $STAND_IN 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do
        (exec 3<>/dev/tcp/127.0.0.1/"$GATEWAY_PORT") 2>/dev/null && break
        sleep 0.2
    done
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    OUT=$( (export KOPILKA_SMS_GATEWAY=http KOPILKA_SMS_HTTP_URL="http://127.0.0.1:$GATEWAY_PORT" KOPILKA_SMS_HTTP_API_KEY=bench \
        KOPILKA_SMS_MAX_PER_SECOND="$SMS_PER_SECOND" ${CAMPAIGN_BENCH_SEND_ENV:-}; job --no-housekeeping) 2>&1 | tee /dev/stderr)
    whole=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
    kill "$STAND_IN"; wait "$STAND_IN" 2>/dev/null || true
    trap - EXIT
    sending_ms=$(sed -n 's/^sending: .*(\([0-9]*\) ms)$/\1/p' <<<"$OUT" | tail -1)
    psql -X -q -d "$DB" -c "CREATE TEMP TABLE x (gateway_id text, phone text, length int)" \
        -c "\\copy x FROM '$LOG_FILE' WITH (DELIMITER ' ')" -c "CREATE TABLE bench_stand_in_log AS SELECT * FROM x" >/dev/null
    read -r sent unknown failed other <<<"$(psql -X -qAt -F ' ' -d "$DB" -c "
        SELECT count(*) FILTER (WHERE o.status = 'sent'), count(*) FILTER (WHERE o.status = 'unknown'),
               count(*) FILTER (WHERE o.status = 'failed'), count(*) FILTER (WHERE o.status NOT IN ('sent', 'unknown', 'failed'))
          FROM sms_outbox o JOIN campaigns ca ON ca.chain_id = o.chain_id AND ca.id = o.campaign_id WHERE ca.name = 'Bench sending'")"
    read -r logged duplicates missing mismatched <<<"$(psql -X -qAt -F ' ' -d "$DB" -c "
        WITH o AS (SELECT o.* FROM sms_outbox o JOIN campaigns ca ON ca.chain_id = o.chain_id AND ca.id = o.campaign_id
                    WHERE ca.name = 'Bench sending')
        SELECT (SELECT count(*) FROM bench_stand_in_log),
               (SELECT count(*) - count(DISTINCT phone) FROM bench_stand_in_log),
               (SELECT count(*) FROM o WHERE NOT EXISTS (SELECT 1 FROM bench_stand_in_log l WHERE '+' || l.phone = o.phone)),
               (SELECT count(*) FROM o WHERE o.status = 'sent' AND NOT EXISTS (
                    SELECT 1 FROM bench_stand_in_log l WHERE l.gateway_id = o.gateway_message_id AND '+' || l.phone = o.phone))")"
    rate=$(awk -v n="$sent" -v ms="${sending_ms:-0}" 'BEGIN {if (ms > 0) printf "%.1f", n * 1000 / ms; else print "?"}')
    echo "== sending result"
    echo "messages=$SEND_N sms_per_second=$SMS_PER_SECOND gateway_delay_ms=$GATEWAY_DELAY_MS sending_ms=${sending_ms:-?} messages_per_s=$rate share_of_rate=$(awk -v r="$rate" -v s="$SMS_PER_SECOND" 'BEGIN {if (r != "?") printf "%.3f", r / s; else print "?"}') whole_run_s=$whole"
    echo "outbox: sent=$sent unknown=$unknown failed=$failed other=$other; stand-in log: lines=$logged duplicates=$duplicates missing=$missing sent_without_matching_log_line=$mismatched"
    rm -f "$LOG_FILE"
fi
if [ "${CAMPAIGN_BENCH_CHECKOUT:-0}" = 1 ]; then
    echo "== the checkout at 150 receipts/s with the job sending through the stand-in at $SMS_PER_SECOND parts/s (job-impact.sh)"
    LOG_FILE=$(mktemp /tmp/kopilka-gateway-stand-in.XXXXXX)
    java deploy/bench/GatewayStandIn.java "$GATEWAY_PORT" "$GATEWAY_DELAY_MS" "$LOG_FILE" &
    STAND_IN=$!
    trap 'kill $STAND_IN 2>/dev/null || true' EXIT
    BENCH_OPEN_RATE=${BENCH_OPEN_RATE:-150} BENCH_JOB_PHASE=${BENCH_JOB_PHASE:-send} \
    BENCH_CAMPAIGN_SMS_PER_SECOND=${BENCH_CAMPAIGN_SMS_PER_SECOND:-$SMS_PER_SECOND} \
    BENCH_CAMPAIGN_JOB_ENV="${BENCH_CAMPAIGN_JOB_ENV-QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_DATASOURCE_JDBC_MIN_SIZE=0 QUARKUS_DATASOURCE_JDBC_INITIAL_SIZE=0} KOPILKA_SMS_GATEWAY=http KOPILKA_SMS_HTTP_URL=http://127.0.0.1:$GATEWAY_PORT KOPILKA_SMS_HTTP_API_KEY=bench" \
        bash deploy/bench/job-impact.sh
    kill "$STAND_IN"; wait "$STAND_IN" 2>/dev/null || true
    trap - EXIT
    echo "   the stand-in took $(wc -l <"$LOG_FILE") messages during the with-job windows"
    rm -f "$LOG_FILE"
fi
