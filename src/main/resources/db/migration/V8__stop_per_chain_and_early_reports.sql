-- Issue 15, parts 4 and 5: a STOP reaches the chain of the message it answers; a message cut off at the gateway is
-- resolved by its delivery report or resent by head office; a report that comes before its message's id is kept.

-- Delivery reports that found no message with their gateway id: the report came before the id was stored, or the
-- id was never stored because the job died at the gateway. Matched when the id is stored, or to an unknown message
-- by phone and submit time; kept 30 days (docs/sms-gateways.md).
CREATE TABLE sms_early_reports (
    id                  bigserial     PRIMARY KEY,
    gateway_message_id  varchar(64)   NOT NULL,
    status              varchar(16)   NOT NULL CHECK (status IN ('delivered', 'failed')),
    error               varchar(256),
    at                  timestamptz   NOT NULL,
    phone               varchar(20),
    submitted_at        timestamptz,
    received_at         timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX sms_early_reports_gateway_id ON sms_early_reports (gateway_message_id);
CREATE INDEX sms_early_reports_phone ON sms_early_reports (phone, submitted_at) WHERE phone IS NOT NULL;
CREATE INDEX sms_early_reports_received ON sms_early_reports (received_at);

-- The message a STOP answers is the latest one attempted to that phone.
CREATE INDEX sms_outbox_phone_attempted ON sms_outbox (phone, attempted_at) WHERE attempted_at IS NOT NULL;
-- Unknown messages without a gateway id: those a report may still resolve, and head office's list.
CREATE INDEX sms_outbox_unknown ON sms_outbox (chain_id, campaign_id, id) WHERE status = 'unknown';

-- Head office's resend of an unknown message: who asked and when (the row goes back to the queue).
ALTER TABLE sms_outbox ADD COLUMN resent_at timestamptz;
ALTER TABLE sms_outbox ADD COLUMN resent_by bigint;
