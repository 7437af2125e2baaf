-- Head office's retention and segments without reading every customer (issue 19, docs/adr/0037-retention-grids.md).
-- All four tables are written by ReportRollups.refresh from report_customers, in the same transaction.

-- Per chain: the activity window the grids were built with and their first day (x index 1). A report uses the
-- grids only when this row exists with its own window; a refresher rebuilds them when it is missing or differs.
CREATE TABLE report_activity_grids (
    chain_id     bigint  NOT NULL PRIMARY KEY,
    window_days  int     NOT NULL,
    base_day     int     NOT NULL  -- epoch day
);

-- One row per scope (0 = chain, else a franchisee), figure and day y: the summed rectangle corners of the
-- scope's customers at that y, by x (int32 big-endian; index 0 is "before every day", index k the day
-- base_day + k − 1). A figure over (s, e) is the sum of the weights at x ≤ s, y ≤ e.
CREATE TABLE report_activity_cells (
    chain_id  bigint    NOT NULL,
    scope_id  bigint    NOT NULL,
    kind      smallint  NOT NULL,  -- ActivityCorners.Kind ordinal
    day       int       NOT NULL,  -- y, epoch day
    weights   bytea     NOT NULL,
    PRIMARY KEY (chain_id, scope_id, kind, day)
);
ALTER TABLE report_activity_cells ALTER COLUMN weights SET STORAGE EXTERNAL; -- read whole, never compressed

-- Per scope: its customers, their spend after returns and the sum of their lifespans (last − first + 1 day).
CREATE TABLE report_customer_totals (
    chain_id       bigint  NOT NULL,
    scope_id       bigint  NOT NULL,
    customers      bigint  NOT NULL,
    net_sales      bigint  NOT NULL,
    lifespan_days  bigint  NOT NULL,
    PRIMARY KEY (chain_id, scope_id)
);

-- The segments report of a scope as of the refresh: customers, spend and receipts per RFM cell and segment,
-- and the customers with the highest spend.
CREATE TABLE report_segment_cells (
    chain_id   bigint    NOT NULL,
    scope_id   bigint    NOT NULL,
    r          smallint  NOT NULL,
    f          smallint  NOT NULL,
    m          smallint  NOT NULL,
    segment    text      NOT NULL,
    customers  bigint    NOT NULL,
    net_sales  bigint    NOT NULL,
    receipts   bigint    NOT NULL,
    PRIMARY KEY (chain_id, scope_id, r, f, m, segment)
);

CREATE TABLE report_segment_top (
    chain_id     bigint    NOT NULL,
    scope_id     bigint    NOT NULL,
    rank         int       NOT NULL,
    customer_id  bigint    NOT NULL,
    r            smallint  NOT NULL,
    f            smallint  NOT NULL,
    m            smallint  NOT NULL,
    segment      text      NOT NULL,
    net_sales    bigint    NOT NULL,
    PRIMARY KEY (chain_id, scope_id, rank)
);
