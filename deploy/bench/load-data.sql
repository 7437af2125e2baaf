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
-- and then runs ANALYZE. Takes a few seconds.

\set ON_ERROR_STOP 1
\set stores 200
\set customers 100000
\set start_points 5000

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
       (SELECT sum(points_remaining) FROM point_lots WHERE chain_id = :chain_id) AS points_open;
