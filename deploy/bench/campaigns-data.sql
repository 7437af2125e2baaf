-- Data for the campaign job benchmark (deploy/bench/campaigns.sh runs it with psql -v ON_ERROR_STOP=1).
-- On a freshly migrated database with its one bootstrapped chain it creates 200 stores in 11 time zones,
-- 1,000,000 customers (birthdays spread over the year, 85% with SMS consent, languages ru/uk/bg/en,
-- 12% in tier 'silver'), a point lot for every third customer, and one promo campaign due now whose
-- audience is tier 'silver' (about 100,000 recipients with consent). Then ANALYZE (autovacuum is off here).

\set ON_ERROR_STOP 1
-- psql -v customers=N loads fewer (the sending phase on its own needs only as many as it sends to)
\if :{?customers}
\else
\set customers 1000000
\endif
SELECT id AS chain_id FROM chains ORDER BY id LIMIT 1 \gset

BEGIN;
INSERT INTO stores (chain_id, code, name, timezone)
SELECT :chain_id, 'C-' || lpad(n::text, 3, '0'), 'Store ' || n,
       (ARRAY['Europe/Moscow', 'Europe/Kaliningrad', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk',
              'Asia/Novosibirsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Vladivostok', 'Europe/Kyiv',
              'Europe/Sofia'])[1 + n % 11]
  FROM generate_series(1, 200) AS n;

INSERT INTO customers (chain_id, phone, name, birth_date, language, home_store_id, tier_code, referral_code,
                       sms_consent, consent_at, created_at)
SELECT :chain_id, '+7901' || lpad(n::text, 7, '0'),
       (ARRAY['Анна', 'Иван', 'Olena', 'Maria', 'John', 'Пётр'])[1 + n % 6],
       date '1950-01-01' + ((n::bigint * 7919) % 20000)::int,
       (ARRAY['ru', 'ru', 'ru', 'uk', 'bg', 'en'])[1 + (n / 7) % 6],
       s.id,
       CASE WHEN n % 25 < 3 THEN 'silver' ELSE 'base' END,
       'CB' || lpad(n::text, 8, '0'),
       n % 20 < 17, now() - interval '400 days', now() - interval '400 days'
  FROM generate_series(1, :customers) AS n
  JOIN stores s ON s.chain_id = :chain_id AND s.code = 'C-' || lpad((1 + n % 200)::text, 3, '0');

WITH e AS (
    INSERT INTO ledger_entries (chain_id, customer_id, kind, points, reason, available_at, expires_at)
    SELECT chain_id, id, 'adjustment', 100 + id % 900, 'bench', now() - interval '30 days',
           now() + ((id % 60) || ' days')::interval
      FROM customers WHERE chain_id = :chain_id AND id % 3 = 0
    RETURNING id, chain_id, customer_id, points, available_at, expires_at)
INSERT INTO point_lots (chain_id, id, customer_id, points_initial, points_remaining, available_at, expires_at)
SELECT chain_id, id, customer_id, points, points, available_at, expires_at FROM e;

INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, send_at, launched_at)
VALUES (:chain_id, 'promo', 'Silver weekend', 'scheduled', '{"tiers": ["silver"]}'::jsonb,
        '{"ru": "{name}, только для вас: -15% на всё в выходные в {store}! Баланс: {balance} бонусов.",
          "uk": "{name}, лише для вас: -15% на все у вихідні в {store}! Баланс: {balance} бонусів.",
          "bg": "{name}, само за вас: -15% за всичко през уикенда в {store}! Баланс: {balance} точки.",
          "en": "{name}, just for you: 15% off everything this weekend at {store}! Balance: {balance} points."}'::jsonb,
        now() - interval '1 minute', now());
COMMIT;
ANALYZE;
SELECT count(*) AS customers_with_consent FROM customers WHERE sms_consent;
