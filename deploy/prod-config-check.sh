#!/usr/bin/env bash
# Checks the production configuration end to end: the packaged service started with the standard
# QUARKUS_DATASOURCE_* variables against the PostgreSQL on 127.0.0.1:5432 (no embedded database),
# bootstrapping its chain and admin from KOPILKA_ADMIN_*, then a store, a terminal, an enrolment and
# a receipt through the APIs, and the rows checked in that external database.
# Usage: bash deploy/prod-config-check.sh   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
DB=kopilka_prodcheck
PORT=${PRODCHECK_PORT:-18089}
PSQL="psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -qtA"
if ! $PSQL -d postgres -c 'select 1' >/dev/null 2>&1; then
  echo "prod-config-check: no PostgreSQL on 127.0.0.1:5432, skipped"
  exit 0
fi
$PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
LOG=target/prod-config-check.log
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
KOPILKA_ADMIN_EMAIL=it@prodcheck.test KOPILKA_ADMIN_PASSWORD=prodcheck-password \
KOPILKA_HTTP_PORT=$PORT KOPILKA_DATA_DIR="$(mktemp -d)" \
  java -jar target/quarkus-app/quarkus-run.jar >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  if curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 $PID 2>/dev/null; then echo "service died:"; cat "$LOG"; exit 1; fi
  sleep 0.5
done
curl -fs "$BASE/q/health/ready" >/dev/null || { echo "service not ready"; cat "$LOG"; exit 1; }
if grep -q "embedded PostgreSQL started" "$LOG"; then echo "FAIL: embedded PostgreSQL started in production configuration"; exit 1; fi
ADMIN=(-u it@prodcheck.test:prodcheck-password -H 'Content-Type: application/json')
STORE=$(curl -fs "${ADMIN[@]}" "$BASE/api/admin/v1/stores" -d '{"code":"P1","name":"Prod check","timezone":"Europe/Moscow"}' | sed -E 's/.*"id":([0-9]+).*/\1/')
TERM_JSON=$(curl -s "${ADMIN[@]}" "$BASE/api/admin/v1/stores/$STORE/terminals" -d '{"name":"Till 1"}')
KEY=$(echo "$TERM_JSON" | sed -E 's/.*"key":"([^"]+)".*/\1/')
POS=(-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json')
curl -fs "${POS[@]}" "$BASE/api/pos/v1/customers" -d '{"phone":"8 900 555-00-11","sms_consent":true}' >/dev/null
NOW=$(date -Iseconds)
OUT=$(curl -fs "${POS[@]}" "$BASE/api/pos/v1/receipts" -d '{"receipt_no":"P-1","occurred_at":"'"$NOW"'","customer":{"phone":"+79005550011"},"lines":[{"sku":"1","category":"food","qty":"1","amount_minor":100000}]}')
echo "$OUT" | grep -q '"points_earned":50' || { echo "FAIL: unexpected receipt result: $OUT"; exit 1; }
ROWS=$($PSQL -d $DB -c "select count(*) from receipts r join customers c on c.id = r.customer_id where c.phone = '+79005550011'")
[ "$ROWS" = "1" ] || { echo "FAIL: receipt not in the external database ($ROWS)"; exit 1; }
echo "prod-config-check: OK (service on external PostgreSQL $DB, chain bootstrapped, receipt recorded)"
