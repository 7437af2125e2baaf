#!/usr/bin/env bash
# The tier spend as today's 365-day aggregate and as the running figure measured for ADR 0035
# (tier-spend/running-figure.sql, not a migration), on the database side of a receipt: the receipt's insert with
# and without the running figure's trigger, with the aggregate or the months' read, and the plain programme
# (no tiers: no read) both ways. Needs both locks:
#   flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock bash deploy/bench/tier-spend.sh
# Settings: PGHOST/PGPORT/PGUSER (127.0.0.1:5432 postgres), TS_DB (kopilka_tier_spend, dropped and made again),
# TS_CUSTOMERS (5000 50000: one round per figure, about 73 and 7 receipts per customer in the 365 days),
# TS_RECEIPTS (400000, spread over 400 days), TS_SECONDS (20), TS_CLIENTS (8).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
migrations="$here/../../src/main/resources/db/migration"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
db=${TS_DB:-kopilka_tier_spend}
customers_list=${TS_CUSTOMERS:-5000 50000}
receipts=${TS_RECEIPTS:-400000}
seconds=${TS_SECONDS:-20}
clients=${TS_CLIENTS:-8}
sql() { psql -q -X -v ON_ERROR_STOP=1 -d "$db" "$@"; }

round() { # customers
customers=$1
echo "== $customers customers, $receipts receipts over 400 days"
dropdb --if-exists "$db"
createdb "$db"
for f in $(ls "$migrations" | sort -t_ -k1.2 -n); do
  sql -f "$migrations/$f" >/dev/null
done
sql -c "INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at,
               status, rules_version, total_minor, discount_minor, paid_by_points_minor, to_pay_minor,
               points_redeemed, points_earned, result)
        SELECT 1, 1, 1, 'h' || g, '\x00', 1 + g % $customers, now() - random() * interval '400 days', 'confirmed', 1,
               t, 0, 0, t, 0, 0, '{}'
          FROM generate_series(1, $receipts) g, LATERAL (SELECT 1000 + (random() * 100000)::bigint + g * 0 AS t) x"
start=$(date +%s.%N)
sql -f "$here/tier-spend/running-figure.sql"
echo "running figure's backfill of $receipts receipts: $(echo "$(date +%s.%N) - $start" | bc) s"
sql -c "VACUUM ANALYZE"

run() { # name, trigger on|off, scripts...
  local name=$1 trigger=$2; shift 2
  if [[ $trigger == on ]]; then
    sql -c "ALTER TABLE receipts ENABLE TRIGGER tier_spend_receipt_recorded"
  else
    sql -c "ALTER TABLE receipts DISABLE TRIGGER tier_spend_receipt_recorded"
  fi
  sql -c "CHECKPOINT"
  local args=()
  for s in "$@"; do args+=(-f "$s"); done
  local out
  out=$(pgbench -n -M prepared -c "$clients" -j 2 -T "$seconds" -D customers="$customers" "${args[@]}" "$db" 2>&1)
  printf '%-34s tps=%s latency_ms_avg=%s\n' "$name" \
    "$(grep -oP 'tps = \K[0-9.]+' <<<"$out" | head -1)" "$(grep -oP 'latency average = \K[0-9.]+' <<<"$out")"
}
t="$here/tier-spend"
# the files are one transaction: insert.sql begins it, the others end it (pgbench joins -f files by weight, so
# each variant is one script made of the two)
cat "$t/insert.sql" "$t/aggregate.sql" > "$t/.tiered-before.sql"
cat "$t/insert.sql" "$t/running.sql" > "$t/.tiered-after.sql"
cat "$t/insert.sql" "$t/commit.sql" > "$t/.plain.sql"
run "tiered, before (aggregate)" off "$t/.tiered-before.sql"
run "tiered, after (running figure)" on "$t/.tiered-after.sql"
run "plain, before (no tier read)" off "$t/.plain.sql"
run "plain, after (trigger only)" on "$t/.plain.sql"
rm -f "$t"/.tiered-before.sql "$t"/.tiered-after.sql "$t"/.plain.sql
sql -c "SELECT count(*) AS customers, round(avg(n), 1) AS months_per_customer FROM
        (SELECT customer_id, count(*) n FROM tier_spend_months GROUP BY customer_id) m" 
dropdb "$db"
}
for n in $customers_list; do round "$n"; done
