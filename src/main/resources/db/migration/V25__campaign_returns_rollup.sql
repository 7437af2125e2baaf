-- The uplift report's rollup (docs/reports.md "Uplift", docs/adr/0045-uplift-rollup.md). Read live, the report joined
-- every message of a campaign with the customers' receipts: 3.5-5 s over 1,000,000 messages and 10,000,000
-- receipts. These tables hold what it needs per message, and head office's and each franchisee's figures per group,
-- week of sends and day after the send, kept current by ReportRollups (CampaignReturnsRollup) like the other rollups.

-- What changed in the outbox: a message written, or one whose group, send time or counted parts changed (not the
-- claim and release of a queued message, which change none). The refresher deletes what it has read.
CREATE TABLE report_outbox_marks (
    chain_id     bigint  NOT NULL,
    campaign_id  bigint  NOT NULL,
    outbox_id    bigint  NOT NULL
);
CREATE INDEX report_outbox_marks_chain ON report_outbox_marks (chain_id);

CREATE FUNCTION report_mark_new_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_outbox_marks (chain_id, campaign_id, outbox_id)
    SELECT chain_id, campaign_id, id FROM new_messages;
    RETURN NULL;
END $$;

CREATE FUNCTION report_mark_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_outbox_marks (chain_id, campaign_id, outbox_id) VALUES (NEW.chain_id, NEW.campaign_id, NEW.id);
    RETURN NULL;
END $$;

-- Weeks of sends are Mondays in the chain's campaign time zone: a new zone re-marks the chain's messages.
CREATE FUNCTION report_mark_chain_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.document->>'default_timezone' IS DISTINCT FROM NEW.document->>'default_timezone' THEN
        INSERT INTO report_outbox_marks (chain_id, campaign_id, outbox_id)
        SELECT chain_id, campaign_id, id FROM sms_outbox WHERE chain_id = NEW.chain_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_campaign_zone_changed AFTER INSERT OR UPDATE OF document ON campaign_settings
    FOR EACH ROW EXECUTE FUNCTION report_mark_chain_messages();
CREATE TRIGGER report_messages_written AFTER INSERT ON sms_outbox
    REFERENCING NEW TABLE AS new_messages FOR EACH STATEMENT EXECUTE FUNCTION report_mark_new_messages();
CREATE TRIGGER report_message_changed AFTER UPDATE ON sms_outbox FOR EACH ROW
    WHEN ((OLD.status = 'skipped' AND OLD.skip_reason = 'held_out') IS DISTINCT FROM (NEW.status = 'skipped' AND NEW.skip_reason = 'held_out')
          OR OLD.sent_at IS DISTINCT FROM NEW.sent_at OR OLD.not_before IS DISTINCT FROM NEW.not_before
          OR (OLD.status IN ('sent', 'delivered', 'unknown')) IS DISTINCT FROM (NEW.status IN ('sent', 'delivered', 'unknown')))
    EXECUTE FUNCTION report_mark_message();

-- One row per message (assignment): its group, its send (sent_at, else the planned not_before; the planned one for
-- the held out), what it cost, and the stores where the customer had bought before it (a franchisee's or a store's
-- report counts the customers who had bought there before their send).
CREATE TABLE report_campaign_sends (
    chain_id       bigint       NOT NULL,
    campaign_id    bigint       NOT NULL,
    outbox_id      bigint       NOT NULL,
    customer_id    bigint       NOT NULL,
    control        boolean      NOT NULL,
    sent_at        timestamptz  NOT NULL,
    week           date         NOT NULL,  -- Monday of sent_at's week in the chain's campaign time zone
    sms_parts      int          NOT NULL,
    points_given   bigint       NOT NULL,
    stores_before  bigint[]     NOT NULL,
    PRIMARY KEY (chain_id, campaign_id, outbox_id)
);
-- A campaign's first and last send, read from the ends of this index.
CREATE INDEX report_campaign_sends_sent_at ON report_campaign_sends (chain_id, campaign_id, sent_at);
-- A customer's new receipts find the messages whose returns they change.
CREATE INDEX report_campaign_sends_customer ON report_campaign_sends (chain_id, customer_id);

-- A message's confirmed receipts in the 365 days after its send, per store and day after the send (0: the first 24
-- hours). Group and send time are repeated here so one store's report sums its messages from this table's key alone.
CREATE TABLE report_campaign_returns (
    chain_id     bigint       NOT NULL,
    campaign_id  bigint       NOT NULL,
    outbox_id    bigint       NOT NULL,
    day          smallint     NOT NULL CHECK (day BETWEEN 0 AND 364),
    store_id     bigint       NOT NULL,
    control      boolean      NOT NULL,
    sent_at      timestamptz  NOT NULL,
    receipts     int          NOT NULL,
    revenue      bigint       NOT NULL,
    points       bigint       NOT NULL,
    -- one store's report reads a campaign's returns in message order from this index alone (no sort, no table)
    PRIMARY KEY (chain_id, campaign_id, outbox_id, day, store_id) INCLUDE (control, sent_at, receipts, revenue, points)
);
-- Head office's and each franchisee's figures (scope_id 0: the chain; else the franchisee, whose messages are those to
-- customers who had bought at its stores before the send, and whose returns are purchases at its stores), added up
-- as messages are rolled up (each recomputed message's old share is taken away and its new one added): per group
-- and week of sends, the messages, SMS parts and campaign points...
CREATE TABLE report_campaign_groups (
    chain_id      bigint   NOT NULL,
    campaign_id   bigint   NOT NULL,
    scope_id      bigint   NOT NULL,
    control       boolean  NOT NULL,
    week          date     NOT NULL,
    messages      bigint   NOT NULL,
    sms_parts     bigint   NOT NULL,
    points_given  bigint   NOT NULL,
    PRIMARY KEY (chain_id, campaign_id, scope_id, control, week)
);
-- ...and per day after the send (0: the first 24 hours): the customers who first came back that day, and the
-- receipts, revenue and points of that day. revenue_squares adds, per message, the growth that day of the square of
-- its revenue since the send, so that its sum over days < N is the sum of each message's squared revenue within N
-- days (Welch's interval); numeric, so that taking a share away and adding it back is exact.
CREATE TABLE report_campaign_days (
    chain_id         bigint   NOT NULL,
    campaign_id      bigint   NOT NULL,
    scope_id         bigint   NOT NULL,
    control          boolean  NOT NULL,
    week             date     NOT NULL,
    day              smallint NOT NULL,
    returned         bigint   NOT NULL,
    receipts         bigint   NOT NULL,
    revenue          bigint   NOT NULL,
    revenue_squares  numeric  NOT NULL,
    points           bigint   NOT NULL,
    PRIMARY KEY (chain_id, campaign_id, scope_id, control, week, day)
);
ALTER TABLE report_campaign_sends SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE report_campaign_returns SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- The messages written before this migration are rolled up by the next refresh.
INSERT INTO report_outbox_marks (chain_id, campaign_id, outbox_id) SELECT chain_id, campaign_id, id FROM sms_outbox;
