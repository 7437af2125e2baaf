#!/usr/bin/env bash
# Campaign job benchmark, one command: bash deploy/bench/campaigns.sh   (see docs/benchmark.md)
#
# Recreates the database kopilka_campaigns on the local PostgreSQL (127.0.0.1:5432, trust auth), lets the
# packaged service migrate it and bootstrap its chain, loads 1,000,000 customers and a promo campaign for
# about 100,000 of them (deploy/bench/campaigns-data.sql), then times one run of the batch job that plans
# today's birthday greetings over all 1,000,000 customers and queues the campaign (no housekeeping, no
# sending), then a second run (which must queue nothing new), then a dry run.
# Settings: CAMPAIGN_BENCH_BUILD [auto|always|never], PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=kopilka_campaigns
JAR=target/quarkus-app/quarkus-run.jar
BUILD=${CAMPAIGN_BENCH_BUILD:-auto}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; }; }; then
    echo "== building (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi
psql -X -qAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
job() {
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" QUARKUS_DATASOURCE_USERNAME=$PGUSER \
    QUARKUS_DATASOURCE_PASSWORD= KOPILKA_ADMIN_EMAIL=bench@kopilka.local KOPILKA_ADMIN_PASSWORD=bench-password \
    QUARKUS_LOG_CONSOLE_LEVEL=WARN java -jar "$JAR" campaigns run "$@"
}
echo "== migrating and bootstrapping (a dry run on the empty database)"
job --dry-run >/dev/null
echo "== loading 1,000,000 customers (deploy/bench/campaigns-data.sql)"
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f deploy/bench/campaigns-data.sql
echo "   loaded in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
echo "== run 1: birthday planning over 1,000,000 customers and queueing the campaign (no sending)"
t0=$(date +%s.%N)
job --no-housekeeping --no-send
echo "   whole process (JVM start, migrations check, work): $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
echo "== run 2: the same again (must queue nothing new)"
job --no-housekeeping --no-send
echo "== outbox"
psql -X -qAt -d "$DB" -c "SELECT ca.kind, count(*), sum(o.parts) FROM sms_outbox o JOIN campaigns ca ON ca.chain_id = o.chain_id AND ca.id = o.campaign_id GROUP BY 1 ORDER BY 1"
