-- Probe behind docs/adr/0037-retention-grids.md: what per-customer work in SQL costs, on 200,000 synthetic
-- customers with 7 purchase days each over 400 days (like deploy/bench/reports-data.sql's customers).
-- Run on a scratch database of your own, holding the locks of docs/benchmark.md:
--   createdb reports_probe && flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock \
--       psql -X -d reports_probe -f deploy/bench/reports-sql-probe.sql; dropdb reports_probe
\set ON_ERROR_STOP 1
DROP TABLE IF EXISTS probe_customers;
CREATE TABLE probe_customers AS
SELECT n AS id,
       (SELECT array_agg(d ORDER BY d) FROM (SELECT 20000 + ((hashint4(n * 10 + k) & 2147483647) % 400) AS d
                                               FROM generate_series(1, 7) k) x) AS purchase_days
  FROM generate_series(1, 200000) n;
-- the activity days as a bit string: bit i set when the customer bought within the 90 days ending on day 20000 + i
ALTER TABLE probe_customers ADD activity varbit;
UPDATE probe_customers SET activity = (
    SELECT string_agg(CASE WHEN EXISTS (SELECT 1 FROM unnest(purchase_days) p WHERE p BETWEEN 20000 + i - 89 AND 20000 + i)
                           THEN '1' ELSE '0' END, '' ORDER BY i) FROM generate_series(0, 499) i)::varbit;
VACUUM ANALYZE probe_customers;
SET max_parallel_workers_per_gather = 0;
\timing on
-- 1. a plain scan
SELECT count(*) FROM probe_customers;
-- 2. ten width_bucket calls per customer (a day's activity is two of them)
SELECT sum(width_bucket(20100, purchase_days) + width_bucket(20010, purchase_days) + width_bucket(20101, purchase_days)
         + width_bucket(20011, purchase_days) + width_bucket(20102, purchase_days) + width_bucket(20012, purchase_days)
         + width_bucket(20103, purchase_days) + width_bucket(20013, purchase_days) + width_bucket(20104, purchase_days)
         + width_bucket(20014, purchase_days))
  FROM probe_customers;
-- 3. customers grouped by their activity on three days (bit string AND a mask)
SELECT count(*) FROM (
    SELECT activity & (repeat('0', 100) || '1' || repeat('0', 29) || '1' || repeat('0', 29) || '1' || repeat('0', 339))::varbit,
           count(*)
      FROM probe_customers GROUP BY 1) g;
\timing off
DROP TABLE probe_customers;
