-- Report rollups (docs/reports.md, docs/adr/0017-report-rollups.md). Reports read these tables, never a scan of
-- all receipts. They are kept current by ReportRollups.refresh, which recomputes what a receipt, a status change
-- or a return marked dirty; the checkout itself only appends one row to report_dirty_days (a trigger).

-- What changed since the last refresh: (store, UTC date of the receipt's occurred_at). Append-only without a
-- key, so a checkout never waits on another one here; the refresher deletes what it has read, and a mark
-- committed after its snapshot simply stays for the next run.
CREATE TABLE report_dirty_days (
    chain_id    bigint  NOT NULL,
    store_id    bigint  NOT NULL,
    utc_day     date    NOT NULL
);
CREATE INDEX report_dirty_days_chain ON report_dirty_days (chain_id);

CREATE FUNCTION report_mark_receipt_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_days (chain_id, store_id, utc_day)
    VALUES (NEW.chain_id, NEW.store_id, (NEW.occurred_at AT TIME ZONE 'UTC')::date);
    RETURN NULL;
END $$;

CREATE FUNCTION report_mark_returned_receipt_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_days (chain_id, store_id, utc_day)
    SELECT r.chain_id, r.store_id, (r.occurred_at AT TIME ZONE 'UTC')::date
      FROM receipts r WHERE r.chain_id = NEW.chain_id AND r.id = NEW.receipt_id;
    RETURN NULL;
END $$;

CREATE TRIGGER report_receipt_recorded AFTER INSERT ON receipts
    FOR EACH ROW EXECUTE FUNCTION report_mark_receipt_day();
CREATE TRIGGER report_receipt_status AFTER UPDATE OF status ON receipts
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION report_mark_receipt_day();
CREATE TRIGGER report_receipt_returned AFTER INSERT ON receipt_returns
    FOR EACH ROW EXECUTE FUNCTION report_mark_returned_receipt_day();

-- Expiry entries (written by the nightly job) and enrolments are found by time, not by marks: the first index
-- of each finds what is new since the last refresh, the second counts one store's day.
CREATE INDEX ledger_expired_at ON ledger_entries (chain_id, created_at) WHERE kind = 'expire';
CREATE INDEX ledger_expired_store_day ON ledger_entries (chain_id, store_id, created_at) WHERE kind = 'expire';
CREATE INDEX customers_enrolled_at ON customers (chain_id, created_at);
CREATE INDEX customers_enrolled_store_day ON customers (chain_id, home_store_id, created_at);

-- One row per store and local calendar day (the store's time zone). Receipts count when confirmed; sales and
-- points are net of later returns of that day's receipts.
CREATE TABLE report_store_days (
    chain_id          bigint  NOT NULL,
    store_id          bigint  NOT NULL,
    day               date    NOT NULL,
    receipts          bigint  NOT NULL DEFAULT 0,
    loyalty_receipts  bigint  NOT NULL DEFAULT 0,
    sales             bigint  NOT NULL DEFAULT 0,
    loyalty_sales     bigint  NOT NULL DEFAULT 0,
    returns           bigint  NOT NULL DEFAULT 0,
    discount          bigint  NOT NULL DEFAULT 0,
    points_earned     bigint  NOT NULL DEFAULT 0,
    points_redeemed   bigint  NOT NULL DEFAULT 0,
    points_expired    bigint  NOT NULL DEFAULT 0,
    new_members       bigint  NOT NULL DEFAULT 0,
    referrals         bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (chain_id, store_id, day)
);

-- One row per customer and scope: scope 0 is the whole chain, any other value a franchisee (its stores only).
-- purchase_days holds the local day number (days since 1970-01-01) of every confirmed receipt, sorted, so
-- retention windows are answered without touching receipts.
CREATE TABLE report_customers (
    chain_id        bigint  NOT NULL,
    scope_id        bigint  NOT NULL,
    customer_id     bigint  NOT NULL,
    first_day       date    NOT NULL,
    last_day        date    NOT NULL,
    receipts        int     NOT NULL,
    sales           bigint  NOT NULL,
    returns         bigint  NOT NULL,
    purchase_days   int[]   NOT NULL,
    PRIMARY KEY (chain_id, customer_id, scope_id)
);
CREATE INDEX report_customers_last_day ON report_customers (chain_id, scope_id, last_day);

-- Points spent at one store that were earned at another, by the day and store of the spending receipt.
CREATE TABLE report_settlement_days (
    chain_id          bigint  NOT NULL,
    redeemed_store_id bigint  NOT NULL,
    day               date    NOT NULL,
    earned_store_id   bigint  NOT NULL,
    points            bigint  NOT NULL,
    PRIMARY KEY (chain_id, redeemed_store_id, day, earned_store_id)
);

-- Outstanding points by the store where they were earned, as of the last refresh.
CREATE TABLE report_store_liability (
    chain_id            bigint       NOT NULL,
    store_id            bigint       NOT NULL,
    points_outstanding  bigint       NOT NULL,
    points_pending      bigint       NOT NULL,
    as_of               timestamptz  NOT NULL,
    PRIMARY KEY (chain_id, store_id)
);

-- Per chain: when the rollups were last refreshed (the time-based parts resume from here).
CREATE TABLE report_refreshes (
    chain_id        bigint       NOT NULL,
    refreshed_at    timestamptz  NOT NULL,
    PRIMARY KEY (chain_id)
);
