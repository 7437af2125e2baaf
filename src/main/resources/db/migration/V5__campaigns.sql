-- The campaign batch job: per-chain settings, campaigns (head office's and the system ones for birthdays and
-- triggers), the SMS outbox and the consent history. See docs/campaigns.md and docs/adr/0014-sms-outbox.md.

CREATE TABLE campaign_settings (
    chain_id        bigint       NOT NULL REFERENCES chains(id),
    document        jsonb        NOT NULL,
    opt_out_secret  bytea        NOT NULL,
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id)
);

CREATE TABLE campaigns (
    chain_id        bigint       NOT NULL REFERENCES chains(id),
    id              bigserial,
    kind            varchar(16)  NOT NULL CHECK (kind IN ('promo', 'birthday', 'expiring', 'win_back', 'welcome')),
    name            varchar(128) NOT NULL,
    status          varchar(16)  NOT NULL CHECK (status IN ('draft', 'scheduled', 'queueing', 'sending', 'done', 'cancelled')),
    audience        jsonb        NOT NULL,
    templates       jsonb        NOT NULL,
    personal_promo  jsonb,
    send_at         timestamptz,
    weekly_cap      int,
    queued_count    int,
    created_by      bigint,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    launched_at     timestamptz,
    queued_at       timestamptz,
    finished_at     timestamptz,
    PRIMARY KEY (chain_id, id)
);
-- Birthdays and each trigger have one standing campaign per chain, which carries their statistics.
CREATE UNIQUE INDEX campaigns_standing ON campaigns (chain_id, kind) WHERE kind <> 'promo';
CREATE INDEX campaigns_due ON campaigns (send_at) WHERE status IN ('scheduled', 'queueing');

-- One row per message. (campaign, customer, occasion) is unique, so a message is queued once whatever
-- reruns or workers do: the occasion is the birthday year, the expiry date, the last purchase date or ''.
CREATE TABLE sms_outbox (
    chain_id            bigint        NOT NULL,
    id                  bigserial,
    campaign_id         bigint        NOT NULL,
    customer_id         bigint        NOT NULL,
    occasion            varchar(32)   NOT NULL DEFAULT '',
    phone               varchar(20)   NOT NULL,
    language            varchar(2)    NOT NULL,
    text                varchar(2000) NOT NULL,
    parts               int           NOT NULL,
    status              varchar(16)   NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'skipped')),
    skip_reason         varchar(32),
    not_before          timestamptz   NOT NULL,
    attempts            int           NOT NULL DEFAULT 0,
    claimed_by          bigint,
    claimed_at          timestamptz,
    attempted_at        timestamptz,
    sent_at             timestamptz,
    gateway             varchar(16),
    gateway_message_id  varchar(64),
    delivered_at        timestamptz,
    error               varchar(256),
    promo_code          varchar(64),
    created_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id),
    UNIQUE (chain_id, campaign_id, customer_id, occasion)
);
CREATE INDEX sms_outbox_due ON sms_outbox (not_before, id) WHERE status = 'queued';
CREATE INDEX sms_outbox_sending ON sms_outbox (claimed_by) WHERE status = 'sending';
-- the messages of a run that wait for their delivery receipt (CampaignJob's receipt wait)
CREATE INDEX sms_outbox_awaiting_receipt ON sms_outbox (claimed_by) WHERE status = 'sent';
CREATE INDEX sms_outbox_customer ON sms_outbox (chain_id, customer_id, claimed_at) WHERE claimed_at IS NOT NULL;
CREATE INDEX sms_outbox_gateway_id ON sms_outbox (gateway_message_id) WHERE gateway_message_id IS NOT NULL;
CREATE INDEX sms_outbox_phone ON sms_outbox (phone, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX sms_outbox_campaign ON sms_outbox (chain_id, campaign_id, status);

-- Every change of a customer's SMS consent after enrolment, with its time and source
-- ('stop-reply', 'link', 'pos', 'admin'); the message it answered where known.
CREATE TABLE consent_events (
    chain_id      bigint       NOT NULL,
    id            bigserial,
    customer_id   bigint       NOT NULL,
    consent       boolean      NOT NULL,
    source        varchar(32)  NOT NULL,
    campaign_id   bigint,
    outbox_id     bigint,
    at            timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id)
);
CREATE INDEX consent_events_campaign ON consent_events (chain_id, campaign_id) WHERE campaign_id IS NOT NULL;

-- Each run of the batch job takes a worker number and holds an advisory lock on it for its lifetime; rows
-- claimed by a worker whose lock is free belong to a run that died and are recovered by the next run.
CREATE SEQUENCE campaign_worker_ids;
