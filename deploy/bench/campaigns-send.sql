-- The sending phase of deploy/bench/campaigns.sh (psql -v messages=N -v ON_ERROR_STOP=1): on the loaded
-- database, whatever earlier runs queued is set aside (skipped, so it is never queued again), quiet hours and
-- the birthday greeting are switched off for the chain (the bench runs at any hour), and a promo campaign
-- 'Bench sending' gets one queued message for each of the first N customers with consent: a short Latin text,
-- one SMS part, so N messages are N parts for the gateway's rate.

\set ON_ERROR_STOP 1
SELECT id AS chain_id FROM chains ORDER BY id LIMIT 1 \gset

BEGIN;
UPDATE sms_outbox SET status = 'skipped', skip_reason = 'bench' WHERE status = 'queued';
UPDATE campaigns SET status = 'done', finished_at = now()
 WHERE kind = 'promo' AND status IN ('scheduled', 'queueing', 'sending');

INSERT INTO campaign_settings (chain_id, document, opt_out_secret)
VALUES (:chain_id, '{"quiet_hours_start": "00:00", "quiet_hours_end": "00:00", "birthday": {"enabled": false}}',
        decode(md5(random()::text) || md5(random()::text), 'hex'))
ON CONFLICT (chain_id) DO UPDATE
   SET document = campaign_settings.document || '{"quiet_hours_start": "00:00", "quiet_hours_end": "00:00"}'::jsonb
                  || jsonb_build_object('birthday', coalesce(campaign_settings.document -> 'birthday', '{}'::jsonb)
                                                    || '{"enabled": false}'::jsonb);

WITH c AS (
    INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, send_at, launched_at, queued_at)
    VALUES (:chain_id, 'promo', 'Bench sending', 'sending', '{}'::jsonb, '{"en": "Bench {name}"}'::jsonb,
            now() - interval '1 minute', now(), now())
    RETURNING id)
INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, not_before)
SELECT :chain_id, c.id, cu.id, cu.phone, 'en', 'Kopilka bench message to customer ' || cu.id, 1, 'queued',
       now() - interval '1 minute'
  FROM c, (SELECT id, phone FROM customers WHERE chain_id = :chain_id AND sms_consent ORDER BY id LIMIT :messages) cu;
COMMIT;
ANALYZE sms_outbox;
SELECT count(*) AS queued_for_sending FROM sms_outbox WHERE status = 'queued';
