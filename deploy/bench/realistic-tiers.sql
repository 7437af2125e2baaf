-- BENCH_PROGRAMME=realistic, after the programme is published through the admin API: puts each customer on the
-- tier their 365-day spend (the history of load-data.sql) reaches under the programme now in force, as the
-- checkout would have left them, so that the run measures a chain in its steady state (every receipt decides
-- the tier; a few cross a threshold) and not a wave of first upgrades. Thresholds are read from the stored
-- programme document, not repeated here. The spend is TierSpend's without returns (the data has none).
\set ON_ERROR_STOP 1
SELECT id AS chain_id FROM chains \gset

WITH programme AS (
    SELECT document FROM program_versions WHERE chain_id = :chain_id ORDER BY version DESC LIMIT 1
), tiers AS (
    SELECT t->>'code' AS code, (t->>'min_spend_minor')::bigint AS min_spend_minor
      FROM programme, jsonb_array_elements(document->'tiers') AS t
), spend AS (
    SELECT customer_id, sum(total_minor - discount_minor) AS spend_minor
      FROM receipts
     WHERE chain_id = :chain_id AND status = 'confirmed' AND occurred_at > now() - interval '365 days'
     GROUP BY customer_id
)
UPDATE customers c
   SET tier_code = (SELECT code FROM tiers WHERE min_spend_minor <= coalesce(s.spend_minor, 0)
                     ORDER BY min_spend_minor DESC LIMIT 1)
  FROM customers c2 LEFT JOIN spend s ON s.customer_id = c2.id
 WHERE c.chain_id = :chain_id AND c2.chain_id = c.chain_id AND c2.id = c.id;

VACUUM ANALYZE customers;

SELECT string_agg(tier_code || '=' || n, ' ' ORDER BY tier_code) AS customers_by_tier
  FROM (SELECT tier_code, count(*) AS n FROM customers WHERE chain_id = :chain_id GROUP BY tier_code) t;
