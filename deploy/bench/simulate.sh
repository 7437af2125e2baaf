#!/usr/bin/env bash
# Measures POST /api/admin/v1/program/simulate over a month of 1,000,000 receipts (about 4.5 million lines)
# on the PostgreSQL at 127.0.0.1:5432. Usage: bash deploy/bench/simulate.sh [receipts]
# Creates (drops first) the database kopilka_sim; starts the packaged service on 127.0.0.1:18282; stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
RECEIPTS=${1:-1000000}
DB=kopilka_sim
PORT=${SIM_HTTP_PORT:-18282}
PSQL="psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -qtA"
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
$PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
LOG=$(mktemp)
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_DATASOURCE_PASSWORD=unused KOPILKA_ADMIN_EMAIL=sim@kopilka.local KOPILKA_ADMIN_PASSWORD=sim-password \
KOPILKA_HTTP_PORT=$PORT java -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
echo "== generating $RECEIPTS receipts of October 2026 over 200 stores and 100,000 customers"
start=$(date +%s)
$PSQL -d $DB <<SQL
INSERT INTO stores (chain_id, code, name, timezone)
SELECT 1, 'S' || g, 'Store ' || g, 'Europe/Moscow' FROM generate_series(1, 200) g;
INSERT INTO customers (chain_id, phone, referral_code, tier_code)
SELECT 1, '+7900' || lpad(g::text, 7, '0'), 'SIM' || g, 'base' FROM generate_series(1, 100000) g;
CREATE TEMP TABLE ids AS SELECT (SELECT min(id) FROM stores) AS s0, (SELECT min(id) FROM customers) AS c0;
INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at, recorded_at,
                      status, rules_version, total_minor, discount_minor, paid_by_points_minor, to_pay_minor,
                      points_redeemed, points_earned, result)
SELECT 1, ids.s0 + g % 200, 0, 'SIM-' || g, '\x00'::bytea,
       CASE WHEN g % 5 = 0 THEN NULL ELSE ids.c0 + g % 100000 END,
       timestamptz '2026-10-01 00:00:00+03' + (g % (31 * 86400)) * interval '1 second', now(), 'confirmed', 1,
       t.total, 0, CASE WHEN g % 10 = 1 THEN 1000 ELSE 0 END, t.total - CASE WHEN g % 10 = 1 THEN 1000 ELSE 0 END,
       CASE WHEN g % 10 = 1 THEN 10 ELSE 0 END,
       CASE WHEN g % 5 = 0 THEN 0 ELSE (t.total - CASE WHEN g % 10 = 1 THEN 1000 ELSE 0 END) * 5 / 10000 END, '{}'
  FROM ids, generate_series(1, $RECEIPTS) g,
       LATERAL (SELECT sum(10000 + (g * 37 + i * 101) % 90000) AS total FROM generate_series(0, 2 + g % 4) i) t;
INSERT INTO receipt_lines (chain_id, receipt_id, line_index, sku, category, qty, amount_minor, discount_minor,
                           paid_by_points_minor, final_amount_minor, points_earned)
SELECT 1, r.id, i, 'SKU' || i, (ARRAY['food', 'dairy', 'tobacco', 'household', 'new'])[1 + i % 5], 1,
       10000 + (g * 37 + i * 101) % 90000, 0, CASE WHEN i = 0 THEN r.paid_by_points_minor ELSE 0 END,
       10000 + (g * 37 + i * 101) % 90000 - CASE WHEN i = 0 THEN r.paid_by_points_minor ELSE 0 END, 0
  FROM receipts r, LATERAL (SELECT substr(r.receipt_no, 5)::bigint AS g) n, generate_series(0, 2 + n.g % 4) i;
ANALYZE;
SQL
echo "   generated in $(( $(date +%s) - start )) s: $($PSQL -d $DB -c 'select count(*) from receipts') receipts, $($PSQL -d $DB -c 'select count(*) from receipt_lines') lines"
DRAFT='{"point_value_minor": 100, "earn_mode": "bonus", "earn_on": "paid_amount", "max_redeem_share_pct": 30,
 "min_line_price_pct": 0, "accrual_delay_days": 14, "expiry_days": 365, "hold_ttl_minutes": 15,
 "tiers": [{"code": "base", "name": "Base", "min_spend_minor": 0, "rate_pct": 7}],
 "categories": [{"category": "tobacco", "earn": false, "redeem": false}],
 "multipliers": [{"category": "new", "factor": 2, "weekdays": [6, 7]}], "welcome_points": 0,
 "birthday": null, "referral": null, "promo_stacking": true}'
for run in 1 2; do
  OUT=$(curl -s -w '\nhttp=%{http_code} seconds=%{time_total}\n' -u sim@kopilka.local:sim-password -H 'Content-Type: application/json' \
    --max-time 300 "http://127.0.0.1:$PORT/api/admin/v1/program/simulate" \
    -d "{\"programme\": $DRAFT, \"from\": \"2026-10-01\", \"to\": \"2026-10-31\"}")
  echo "== simulate run $run: $(echo "$OUT" | tail -1)"
  echo "$OUT" | head -1 | grep -o '"total":{[^}]*}' || echo "$OUT" | head -c 600
done
