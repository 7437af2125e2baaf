-- Data for the reports benchmark (deploy/bench/reports.sh runs it with psql -v ON_ERROR_STOP=1).
-- On a freshly migrated database with its one bootstrapped chain: 10 franchisees with 20 stores each
-- (200 stores, Europe/Moscow), 1,000,000 customers enrolled over 400 days, 10,000,000 receipts over the
-- last 400 days (70% with a customer, 90% of those at the customer's home store; 1% cancelled; 10% spend
-- points, with the redeem entry and the lot it consumed, earned at another store for every fifth one),
-- 1% of receipts returned in full, a point lot per customer and some expired points. Written straight
-- with generate_series: the report triggers are off during the load (session_replication_role = replica)
-- and one dirty mark per store and day is added at the end, so the first refresh rebuilds everything.

\set ON_ERROR_STOP 1
\set customers 1000000
\set receipts 10000000
SELECT id AS chain_id FROM chains ORDER BY id LIMIT 1 \gset
SET session_replication_role = replica;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SELECT setseed(0.17);

BEGIN;
INSERT INTO franchisees (chain_id, name)
SELECT :chain_id, 'Franchisee ' || n FROM generate_series(1, 10) AS n;

INSERT INTO stores (chain_id, code, name, timezone, franchisee_id)
SELECT :chain_id, 'R-' || lpad(n::text, 3, '0'), 'Store ' || n, 'Europe/Moscow',
       (SELECT id FROM franchisees f WHERE f.chain_id = :chain_id ORDER BY id OFFSET (n - 1) % 10 LIMIT 1)
  FROM generate_series(1, 200) AS n;

CREATE TEMP TABLE bench_stores AS
SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM stores WHERE chain_id = :chain_id AND code LIKE 'R-%';

INSERT INTO customers (chain_id, phone, name, language, home_store_id, referral_code, referred_by, created_at)
SELECT :chain_id, '+7902' || lpad(n::text, 7, '0'), 'Customer ' || n, 'ru', s.id, 'RB' || lpad(n::text, 8, '0'),
       CASE WHEN n % 20 = 0 THEN 1 END,
       now() - interval '400 days' + (n::float / :customers) * interval '400 days'
  FROM generate_series(1, :customers) AS n
  JOIN bench_stores s ON s.k = n % 200;
COMMIT;

SELECT min(id) AS c0 FROM customers WHERE chain_id = :chain_id AND phone LIKE '+7902%' \gset

-- Receipt n: a customer for 7 in 10, shopping at the home store 9 times in 10; spread over 400 days.
BEGIN;
INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at, recorded_at,
                      status, offline, rules_version, total_minor, discount_minor, paid_by_points_minor, to_pay_minor,
                      points_redeemed, points_earned, result)
SELECT :chain_id, s.id, s.id, 'B' || n, '\x00'::bytea, g.customer_id, g.at, g.at,
       CASE WHEN n % 100 = 7 THEN 'cancelled' ELSE 'confirmed' END, false, 1, g.total, 0,
       CASE WHEN n % 10 = 3 AND g.customer_id IS NOT NULL THEN g.total / 10 ELSE 0 END,
       g.total - CASE WHEN n % 10 = 3 AND g.customer_id IS NOT NULL THEN g.total / 10 ELSE 0 END,
       CASE WHEN n % 10 = 3 AND g.customer_id IS NOT NULL THEN g.total / 1000 ELSE 0 END,
       CASE WHEN g.customer_id IS NOT NULL THEN g.total / 2000 ELSE 0 END,
       '{}'::jsonb
  FROM generate_series(1, :receipts) AS n
  CROSS JOIN LATERAL (
      SELECT CASE WHEN n % 10 < 7 THEN :c0 + (hashint4(n) & 2147483647) % :customers END AS customer_id,
             now() - (hashint4(n + 1) & 2147483647) % (400 * 86400) * interval '1 second' AS at,
             10000 + (hashint4(n + 2) & 2147483647) % 490000 AS total) g
  JOIN bench_stores s ON s.k = CASE WHEN g.customer_id IS NOT NULL AND n % 10 <> 9
                                    THEN (g.customer_id - :c0 + 1) % 200 ELSE n % 200 END;
COMMIT;

-- Returns: one line per returned receipt, returned in full.
BEGIN;
INSERT INTO receipt_lines (chain_id, receipt_id, line_index, sku, qty, amount_minor, discount_minor, paid_by_points_minor,
                           final_amount_minor, points_earned)
SELECT chain_id, id, 0, 'SKU', 1, total_minor, 0, paid_by_points_minor, to_pay_minor, points_earned
  FROM receipts WHERE chain_id = :chain_id AND id % 100 = 11 AND status = 'confirmed';
WITH r AS (
    INSERT INTO receipt_returns (chain_id, receipt_id, return_no, request_hash, store_id, terminal_id, created_at,
                                 points_reversed, points_refunded, result)
    SELECT l.chain_id, l.receipt_id, 'RET', '\x00'::bytea, r.store_id, r.store_id, r.occurred_at + interval '1 day',
           r.points_earned, r.points_redeemed, '{}'::jsonb
      FROM receipt_lines l JOIN receipts r ON r.chain_id = l.chain_id AND r.id = l.receipt_id
     WHERE l.chain_id = :chain_id
    RETURNING chain_id, id, receipt_id)
INSERT INTO return_lines (chain_id, return_id, receipt_id, line_index, qty)
SELECT chain_id, id, receipt_id, 0, 1 FROM r;
COMMIT;

-- Points: a lot per customer at the home store (the liability), a redeem entry per spending receipt taking
-- its points from a lot earned at the same store, or for every fifth at the next store (the settlement).
BEGIN;
INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining, available_at, expires_at)
SELECT chain_id, -id, id, home_store_id, 1000, 100 + id % 900, now() - interval '1 day' + (id % 30) * interval '1 day',
       now() + interval '200 days'
  FROM customers WHERE chain_id = :chain_id AND phone LIKE '+7902%';
WITH e AS (
    INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, receipt_id, created_at, available_at)
    SELECT chain_id, customer_id, 'redeem', -points_redeemed, store_id, id, occurred_at, occurred_at
      FROM receipts WHERE chain_id = :chain_id AND points_redeemed > 0 AND status = 'confirmed'
    RETURNING chain_id, id, customer_id, -points AS points, receipt_id)
INSERT INTO lot_consumptions (chain_id, entry_id, lot_id, customer_id, points)
SELECT chain_id, id, CASE WHEN receipt_id % 5 = 0 THEN -(customer_id + 1) ELSE -customer_id END, customer_id, points
  FROM e;
INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, created_at, available_at)
SELECT chain_id, id, 'expire', -(10 + id % 90), home_store_id, now() - (id % 300) * interval '1 day', now()
  FROM customers WHERE chain_id = :chain_id AND phone LIKE '+7902%' AND id % 50 = 0;
COMMIT;

-- What the triggers would have marked: every store and day.
INSERT INTO report_dirty_days (chain_id, store_id, utc_day)
SELECT DISTINCT :chain_id, s.id, d::date
  FROM bench_stores s CROSS JOIN generate_series(now() - interval '401 days', now(), interval '1 day') AS d;
RESET session_replication_role;
VACUUM ANALYZE;
SELECT count(*) AS receipts, pg_size_pretty(pg_database_size(current_database())) AS database_size
  FROM receipts WHERE chain_id = :chain_id;
