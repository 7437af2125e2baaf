#!/usr/bin/env bash
# Reports benchmark, one command: bash deploy/bench/reports.sh   (see docs/benchmark.md, section Reports)
#
# Recreates the database kopilka_reports on the local PostgreSQL (127.0.0.1:5432, trust auth), lets the
# packaged service migrate it and bootstrap its chain, loads 10 franchisees, 200 stores, 1,000,000 customers
# and 10,000,000 receipts over 400 days (deploy/bench/reports-data.sql, about 4.5 GB), times the first refresh
# of the rollups (everything is dirty), then an incremental one after 2,000 new receipts, then starts the
# service and times every report endpoint over the last 365 days for a franchisee and for head office with
# curl (one warm-up, best of 3), and prints a table. Then the uplift report (issue 22) of a campaign to all
# 1,000,000 customers sent 40 days ago, a tenth of them held out (added once, by SQL, to a loaded database, then
# rolled up by a timed refresh).
# Settings: REUSE_DATA=1 keeps a loaded database (and its rollups), REPORTS_BENCH_BUILD [auto|always|never],
# PGHOST/PGPORT/PGUSER, BENCH_PORT (default 8097), REPORTS_BENCH_JAR (another build's quarkus-run.jar, e.g. a
# copy of the previous commit's, for a before/after on the same data), UPLIFT_ONLY=1 (time only the refresh
# after the campaign and the uplift report).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=kopilka_reports
JAR=${REPORTS_BENCH_JAR:-target/quarkus-app/quarkus-run.jar}
PORT=${BENCH_PORT:-8097}
BUILD=${REPORTS_BENCH_BUILD:-auto}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; }; }; then
    echo "== building (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" QUARKUS_DATASOURCE_USERNAME=$PGUSER \
    QUARKUS_DATASOURCE_PASSWORD= KOPILKA_ADMIN_EMAIL=bench@kopilka.local KOPILKA_ADMIN_PASSWORD=bench-password \
    QUARKUS_LOG_CONSOLE_LEVEL=WARN KOPILKA_REPORTS_REFRESH_EVERY=off
seconds() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'; }
loaded=$(psql -X -qAt -d "$DB" -c "SELECT count(*) > 0 FROM report_refreshes" 2>/dev/null || echo f)
if [ "${REUSE_DATA:-0}" = 1 ] && [ "$loaded" = t ]; then
    echo "== reusing the loaded database $DB"
else
    psql -X -qAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    echo "== migrating and bootstrapping (a refresh of the empty database)"
    java -jar "$JAR" reports refresh >/dev/null
    echo "== loading 10,000,000 receipts (deploy/bench/reports-data.sql)"
    t0=$(date +%s.%N)
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f deploy/bench/reports-data.sql
    echo "   loaded in $(seconds "$t0") s"
    if [ "${UPLIFT_ONLY:-0}" != 1 ]; then # else the refresh after the campaign is the first one
    echo "== first refresh: every store day and customer"
    t0=$(date +%s.%N)
    java -jar "$JAR" reports refresh
    echo "   whole process (JVM start included): $(seconds "$t0") s"
    fi
fi
if [ "${UPLIFT_ONLY:-0}" != 1 ]; then
echo "== incremental refresh after 2,000 new receipts today, 100 of them late by 20 days, and 50 returns"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
WITH c AS (SELECT min(id) AS c0 FROM customers WHERE phone LIKE '+7902%'),
     s AS (SELECT array_agg(id ORDER BY id) AS ids FROM stores WHERE code LIKE 'R-%')
INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at, status,
                      rules_version, total_minor, discount_minor, paid_by_points_minor, to_pay_minor, points_redeemed,
                      points_earned, result)
SELECT 1, s.ids[1 + n % 200], 1, 'INC-' || extract(epoch FROM now())::bigint || '-' || n, '\x00', c.c0 + n * 397 % 1000000,
       now() - CASE WHEN n % 20 = 0 THEN interval '20 days' ELSE (n % 600) * interval '1 minute' END,
       'confirmed', 1, 20000, 0, 0, 20000, 0, 10, '{}'
  FROM generate_series(1, 2000) n, c, s;
WITH l AS (SELECT chain_id, receipt_id FROM receipt_lines ORDER BY receipt_id DESC LIMIT 50),
     r AS (INSERT INTO receipt_returns (chain_id, receipt_id, return_no, request_hash, store_id, terminal_id,
                                        points_reversed, points_refunded, result)
           SELECT l.chain_id, l.receipt_id, 'INC-' || extract(epoch FROM now())::bigint, '\x00', r.store_id, 1, 0, 0, '{}'
             FROM l JOIN receipts r ON r.chain_id = l.chain_id AND r.id = l.receipt_id
           ON CONFLICT DO NOTHING RETURNING chain_id, id, receipt_id)
INSERT INTO return_lines (chain_id, return_id, receipt_id, line_index, qty) SELECT chain_id, id, receipt_id, 0, 1 FROM r;
SQL
t0=$(date +%s.%N)
java -jar "$JAR" reports refresh
echo "   whole process (JVM start included): $(seconds "$t0") s"
fi

echo "== uplift: a campaign to every one of the 1,000,000 customers, sent 40 days ago, every tenth held out"
CAMPAIGN=$(psql -X -qAt -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
WITH chain AS (SELECT id FROM chains ORDER BY id LIMIT 1),
     made AS (INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, send_at, launched_at, finished_at)
              SELECT id, 'promo', 'Bench uplift', 'done', '{}', '{"ru": "Ждём вас!"}', now() - interval '40 days',
                     now() - interval '40 days', now() - interval '40 days' FROM chain
               WHERE NOT EXISTS (SELECT 1 FROM campaigns WHERE name = 'Bench uplift')
              RETURNING id)
SELECT id FROM made UNION ALL SELECT id FROM campaigns WHERE name = 'Bench uplift';
SQL
)
t0=$(date +%s.%N)
# the holdout contract (issue 22): held out = skipped with skip_reason held_out, not_before = the planned send
psql -X -q -v ON_ERROR_STOP=1 -v campaign="$CAMPAIGN" -d "$DB" <<'SQL'
INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, skip_reason,
                        not_before, sent_at, created_at)
SELECT c.chain_id, :campaign, c.id, c.phone, 'ru', 'Ждём вас!', 1,
       CASE WHEN c.id % 10 = 0 THEN 'skipped' ELSE 'delivered' END, CASE WHEN c.id % 10 = 0 THEN 'held_out' END,
       now() - interval '40 days',
       CASE WHEN c.id % 10 <> 0 THEN now() - interval '40 days' + (c.id % 3600) * interval '1 second' END,
       now() - interval '40 days'
  FROM customers c
 WHERE c.phone LIKE '+7902%'
   AND NOT EXISTS (SELECT 1 FROM sms_outbox o WHERE o.campaign_id = :campaign);
ANALYZE sms_outbox;
SQL
echo "   campaign $CAMPAIGN: $(psql -X -qAt -d "$DB" -c "SELECT count(*) || ' outbox rows, ' || count(*) FILTER (WHERE skip_reason = 'held_out') || ' held out' FROM sms_outbox WHERE campaign_id = $CAMPAIGN") (ready in $(seconds "$t0") s)"
echo "== refresh after the campaign: its 1,000,000 messages rolled up (report_campaign_sends and _returns)"
t0=$(date +%s.%N)
java -jar "$JAR" reports refresh
echo "   whole process (JVM start included): $(seconds "$t0") s"

echo "== starting the service on port $PORT"
KOPILKA_HTTP_PORT=$PORT java -jar "$JAR" >/tmp/kopilka-reports-bench.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 1; done
BASE="http://127.0.0.1:$PORT"
FRANCHISEE=$(psql -X -qAt -d "$DB" -c "SELECT id FROM franchisees ORDER BY id LIMIT 1")
curl -s -o /dev/null -u bench@kopilka.local:bench-password -H 'Content-Type: application/json' \
    -d "{\"email\": \"franchisee@kopilka.local\", \"password\": \"franchisee-password\", \"role\": \"franchisee\", \"franchisee_id\": $FRANCHISEE}" \
    "$BASE/api/admin/v1/users" || true
TO=$(date -u +%F)
FROM=$(date -u -d "$TO - 364 days" +%F)
best() { # user:password path [extra query] -> best of 3 after a warm-up, in ms
    local auth=$1 url="$BASE/api/reports/v1/$2?from=$FROM&to=$TO${3:-}" code
    code=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" "$url")
    [ "$code" = 200 ] || { echo "HTTP $code"; return; }
    for _ in 1 2 3; do curl -s -o /dev/null -w '%{time_total}\n' -u "$auth" "$url"; done \
        | sort -n | head -1 | awk '{printf "%.0f ms", $1 * 1000}'
}
if [ "${UPLIFT_ONLY:-0}" != 1 ]; then
echo "== every report over $FROM .. $TO (best of 3 after one warm-up)"
printf '| %-18s | %-22s | %-22s |\n' report "franchisee (20 stores)" "head office (200)"
printf '|%s|%s|%s|\n' "--------------------" "------------------------" "------------------------"
for r in sales liability retention segments economics settlement sales.csv sales.xlsx retention.xlsx; do
    printf '| %-18s | %-22s | %-22s |\n' "$r" "$(best franchisee@kopilka.local:franchisee-password "$r")" \
        "$(best bench@kopilka.local:bench-password "$r")"
done
printf '| %-18s | %-22s | %-22s |\n' "sales granularity=day" \
    "$(best franchisee@kopilka.local:franchisee-password sales '&granularity=day')" \
    "$(best bench@kopilka.local:bench-password sales '&granularity=day')"
fi

uplift() { # user:password days [extra query] -> best of 3 after a warm-up, in ms
    local url="$BASE/api/reports/v1/campaigns/$CAMPAIGN/uplift?days=$2${3:-}" code
    code=$(curl -s -o /dev/null -w '%{http_code}' -u "$1" "$url")
    [ "$code" = 200 ] || { echo "HTTP $code"; return; }
    for _ in 1 2 3; do curl -s -o /dev/null -w '%{time_total}\n' -u "$1" "$url"; done \
        | sort -n | head -1 | awk '{printf "%.0f ms", $1 * 1000}'
}
for days in 30 365; do
    printf '| %-18s | %-22s | %-22s |\n' "uplift days=$days" "$(uplift franchisee@kopilka.local:franchisee-password $days)" \
        "$(uplift bench@kopilka.local:bench-password $days)"
done
STORE=$(psql -X -qAt -d "$DB" -c "SELECT min(id) FROM stores WHERE franchisee_id = $FRANCHISEE")
printf '| %-18s | %-22s | %-22s |\n' "uplift one store" "$(uplift franchisee@kopilka.local:franchisee-password 30 "&store_id=$STORE")" \
    "(the franchisee's store $STORE, days=30)"
curl -s -u bench@kopilka.local:bench-password "$BASE/api/reports/v1/campaigns/$CAMPAIGN/uplift?days=30" \
    | head -c 700; echo
psql -X -qAt -d "$DB" -c "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
