-- Benchmark data for Kopilka (deploy/bench/run.sh runs this with psql -v ON_ERROR_STOP=1).
--
-- Runs against a freshly migrated database on which the service has bootstrapped its one chain.
-- Creates, in that chain:
--   200 stores (Europe/Moscow), codes BENCH-001 .. BENCH-200
--   one terminal per store; the terminal of store n has the raw key 'bench-key-<n>' (n = 1..200),
--     stored as SHA-256 over the key's UTF-8 bytes, as the service hashes Bearer keys
--   100,000 customers, phones +79000000001 .. +79000100000 (customer n: '+7900' || lpad(n, 7, '0'), id n),
--     referral codes BENCH000001 .., home store round-robin
--   per customer one 'adjustment' ledger entry of 5,000 points (available, expiring in a year)
--     and its point lot (id = the entry's id), so redeeming receipts succeed
--   history: 100,000 confirmed receipts of the last 60 days (receipt_no H<n>, 2..8 lines each, a short
--     stored result), each with its 'earn' entry and lot (pending for the 14-day return window, then
--     available), so receipts, their lines and the ledger are not empty when the run starts
-- and then runs ANALYZE. Takes about 15 s.
--
-- Why a history: the planner must see tables of realistic size. Planned against a just-analysed empty
-- receipts table, a backend's cached plan for the receipt_lines -> receipts foreign-key check is a
-- sequential scan, kept for the life of the connection; with autovacuum off (as on the reference machine)
-- nothing re-analyses the table and every line of every receipt then scans all receipts.

\set ON_ERROR_STOP 1
\set stores 200
\set customers 100000
\set start_points 5000
\set history_receipts 100000

-- The service bootstraps exactly one chain on an empty database before this runs.
SELECT count(*) AS chain_count FROM chains \gset
SELECT (:chain_count = 1) AS one_chain \gset
\if :one_chain
\else
  \echo 'load-data.sql: expected exactly one row in chains (the service bootstraps it), found' :chain_count
  SELECT 1/0 AS abort_load;
\endif
SELECT id AS chain_id FROM chains \gset
\echo 'load-data.sql: chain_id =' :chain_id

BEGIN;

INSERT INTO stores (chain_id, code, name, timezone)
SELECT :chain_id, 'BENCH-' || lpad(n::text, 3, '0'), 'Bench store ' || n, 'Europe/Moscow'
  FROM generate_series(1, :stores) AS n;

INSERT INTO terminals (chain_id, store_id, name, key_hash, key_prefix)
SELECT s.chain_id, s.id, 'Bench till ' || n,
       sha256(convert_to('bench-key-' || n, 'UTF8')), left('bench-key-' || n, 16)
  FROM generate_series(1, :stores) AS n
  JOIN stores s ON s.chain_id = :chain_id AND s.code = 'BENCH-' || lpad(n::text, 3, '0');

-- Customers in id order, so customer n of the load generator is the n-th row inserted.
INSERT INTO customers (chain_id, phone, name, birth_date, home_store_id, tier_code, referral_code,
                       sms_consent, consent_at, created_at)
SELECT :chain_id,
       '+7900' || lpad(n::text, 7, '0'),
       'Bench customer ' || n,
       date '1950-01-01' + (n * 7919) % 20000,
       s.id,
       'base',
       'BENCH' || lpad(n::text, 6, '0'),
       n % 3 <> 0,
       CASE WHEN n % 3 <> 0 THEN now() - interval '400 days' END,
       now() - interval '400 days'
  FROM generate_series(1, :customers) AS n
  JOIN stores s ON s.chain_id = :chain_id AND s.code = 'BENCH-' || lpad((1 + n % :stores)::text, 3, '0')
 ORDER BY n;

-- Starting balance: one adjustment entry per customer and the lot it opens (lot id = entry id).
WITH bench_customers AS (
    SELECT id, home_store_id FROM customers
     WHERE chain_id = :chain_id AND referral_code LIKE 'BENCH%'
), entries AS (
    INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, reason, created_at,
                                available_at, expires_at)
    SELECT :chain_id, id, 'adjustment', :start_points, home_store_id, 'benchmark starting balance',
           now() - interval '30 days', now() - interval '30 days', now() + interval '365 days'
      FROM bench_customers
    RETURNING id, customer_id, store_id, points, available_at, expires_at
)
INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining,
                        available_at, expires_at)
SELECT :chain_id, id, customer_id, store_id, points, points, available_at, expires_at
  FROM entries;

-- History. Receipt n: customer 1 + (n * 7919) % customers, a store of 200, 2 + n % 7 lines,
-- occurred n * 60 days / history_receipts ago (spread over the last 60 days).
INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at,
                      recorded_at, status, hold_expires_at, offline, rules_version, total_minor, discount_minor,
                      paid_by_points_minor, to_pay_minor, points_redeemed, points_earned, result)
SELECT :chain_id, t.store_id, t.id, 'H' || n, sha256(convert_to('H' || n, 'UTF8')), 1 + (n * 7919) % :customers,
       h.at, h.at, 'confirmed', NULL, false, 1, h.total, 0, 0, h.total, 0, h.total * 5 / 10000,
       jsonb_build_object('receipt_no', 'H' || n, 'status', 'confirmed', 'total_minor', h.total,
                          'points_earned', h.total * 5 / 10000, 'history', true)
  FROM generate_series(1, :history_receipts) AS n
  CROSS JOIN LATERAL (SELECT now() - (n * interval '60 days') / :history_receipts AS at,
                             20000 + (n::bigint * 104729) % 380000 AS total) AS h
  JOIN stores s ON s.chain_id = :chain_id AND s.code = 'BENCH-' || lpad((1 + n % :stores)::text, 3, '0')
  JOIN terminals t ON t.chain_id = :chain_id AND t.store_id = s.id
 ORDER BY n;

INSERT INTO receipt_lines (chain_id, receipt_id, line_index, sku, name, category, qty, amount_minor,
                           discount_minor, paid_by_points_minor, final_amount_minor, points_earned)
SELECT r.chain_id, r.id, g, (4600000000 + (r.id * 31 + g) % 997)::text, 'Product ' || ((r.id * 31 + g) % 997),
       (ARRAY['dairy', 'bakery', 'produce', 'meat', 'grocery', 'drinks', 'household', 'sweets'])[1 + (r.id + g) % 8],
       1, r.total_minor / k.lines + CASE WHEN g = 0 THEN r.total_minor % k.lines ELSE 0 END, 0, 0,
       r.total_minor / k.lines + CASE WHEN g = 0 THEN r.total_minor % k.lines ELSE 0 END,
       r.points_earned / k.lines + CASE WHEN g = 0 THEN r.points_earned % k.lines ELSE 0 END
  FROM receipts r
  CROSS JOIN LATERAL (SELECT 2 + substr(r.receipt_no, 2)::int % 7 AS lines) AS k
  CROSS JOIN LATERAL generate_series(0, k.lines - 1) AS g
 WHERE r.chain_id = :chain_id AND r.receipt_no LIKE 'H%';

WITH entries AS (
    INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, receipt_id, created_at,
                                available_at, expires_at)
    SELECT chain_id, customer_id, 'earn', points_earned, store_id, id, recorded_at,
           occurred_at + interval '14 days', occurred_at + interval '379 days'
      FROM receipts
     WHERE chain_id = :chain_id AND receipt_no LIKE 'H%' AND points_earned > 0
     ORDER BY id
    RETURNING id, customer_id, store_id, points, available_at, expires_at
)
INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining,
                        available_at, expires_at)
SELECT :chain_id, id, customer_id, store_id, points, points, available_at, expires_at
  FROM entries;

COMMIT;

-- receipt.pgbench relies on customer n having id n (the service looks customers up by phone).
SELECT count(*) = 0 AS ids_match FROM customers
 WHERE chain_id = :chain_id AND referral_code LIKE 'BENCH%' AND id <> substr(phone, 6)::bigint \gset
\if :ids_match
\else
  \echo 'load-data.sql: customer ids do not match their phone numbers; receipt.pgbench needs id n for phone n'
  SELECT 1/0 AS abort_load;
\endif

ANALYZE;

SELECT (SELECT count(*) FROM stores WHERE chain_id = :chain_id)         AS stores,
       (SELECT count(*) FROM terminals WHERE chain_id = :chain_id)      AS terminals,
       (SELECT count(*) FROM customers WHERE chain_id = :chain_id)      AS customers,
       (SELECT count(*) FROM ledger_entries WHERE chain_id = :chain_id) AS ledger_entries,
       (SELECT count(*) FROM point_lots WHERE chain_id = :chain_id)     AS point_lots,
       (SELECT sum(points_remaining) FROM point_lots WHERE chain_id = :chain_id) AS points_open,
       (SELECT count(*) FROM receipts WHERE chain_id = :chain_id)       AS receipts,
       (SELECT count(*) FROM receipt_lines WHERE chain_id = :chain_id)  AS receipt_lines,
       pg_size_pretty(pg_database_size(current_database()))             AS database_size;
