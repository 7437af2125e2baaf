-- Kopilka core schema. Distribution key for Citus: chain_id (see docs/adr/0002-distribution-key.md).
-- The tables written by every receipt (receipts, receipt_lines, ledger_entries, point_lots) carry no
-- foreign keys: their parents are written or locked in the same transaction, and a per-row FK check was
-- measured as the largest cost of a receipt (docs/adr/0004-jdbc-on-the-hot-path.md).
-- Every business table carries chain_id and every primary/unique key and foreign key includes it,
-- so the same DDL can be distributed with create_distributed_table(..., 'chain_id') unchanged.

CREATE TABLE chains (
    id              bigserial PRIMARY KEY,
    name            varchar(128) NOT NULL,
    currency        char(3)      NOT NULL,
    phone_region    char(2)      NOT NULL DEFAULT 'RU',
    created_at      timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE franchisees (
    chain_id        bigint       NOT NULL REFERENCES chains(id),
    id              bigserial,
    name            varchar(128) NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id)
);

CREATE TABLE stores (
    chain_id        bigint       NOT NULL REFERENCES chains(id),
    id              bigserial,
    code            varchar(64)  NOT NULL,
    name            varchar(128) NOT NULL,
    timezone        varchar(64)  NOT NULL,
    franchisee_id   bigint,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id),
    UNIQUE (chain_id, code),
    FOREIGN KEY (chain_id, franchisee_id) REFERENCES franchisees(chain_id, id)
);

CREATE TABLE terminals (
    chain_id        bigint       NOT NULL,
    id              bigserial,
    store_id        bigint       NOT NULL,
    name            varchar(128) NOT NULL,
    key_hash        bytea        NOT NULL,
    key_prefix      varchar(16)  NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    PRIMARY KEY (chain_id, id),
    FOREIGN KEY (chain_id, store_id) REFERENCES stores(chain_id, id)
);
-- Keys are random 160-bit secrets, so a plain SHA-256 is a safe and fast lookup hash.
CREATE UNIQUE INDEX terminals_key_hash ON terminals (key_hash);

CREATE TABLE users (
    chain_id        bigint       NOT NULL REFERENCES chains(id),
    id              bigserial,
    email           varchar(128) NOT NULL,
    password_hash   varchar(100) NOT NULL,
    role            varchar(16)  NOT NULL CHECK (role IN ('head_office', 'franchisee')),
    franchisee_id   bigint,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    disabled_at     timestamptz,
    PRIMARY KEY (chain_id, id),
    FOREIGN KEY (chain_id, franchisee_id) REFERENCES franchisees(chain_id, id),
    CHECK (role <> 'franchisee' OR franchisee_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE program_versions (
    chain_id        bigint       NOT NULL REFERENCES chains(id),
    version         int          NOT NULL,
    effective_from  timestamptz  NOT NULL,
    document        jsonb        NOT NULL,
    created_by      bigint,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, version)
);

CREATE TABLE audit_log (
    chain_id        bigint       NOT NULL REFERENCES chains(id),
    id              bigserial,
    user_id         bigint,
    action          varchar(64)  NOT NULL,
    entity          varchar(64)  NOT NULL,
    entity_id       varchar(64),
    before          jsonb,
    after           jsonb,
    at              timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id)
);

CREATE TABLE customers (
    chain_id            bigint       NOT NULL REFERENCES chains(id),
    id                  bigserial,
    phone               varchar(20)  NOT NULL,
    card                varchar(64),
    name                varchar(128),
    birth_date          date,
    language            varchar(2)   NOT NULL DEFAULT 'ru',
    home_store_id       bigint,
    tier_code           varchar(32)  NOT NULL DEFAULT 'base',
    referral_code       varchar(16)  NOT NULL,
    referred_by         bigint,
    sms_consent         boolean      NOT NULL DEFAULT false,
    consent_at          timestamptz,
    consent_store_id    bigint,
    consent_terminal_id bigint,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id),
    UNIQUE (chain_id, phone),
    UNIQUE (chain_id, card),
    UNIQUE (chain_id, referral_code),
    FOREIGN KEY (chain_id, home_store_id) REFERENCES stores(chain_id, id)
);

CREATE TABLE receipts (
    chain_id              bigint       NOT NULL,
    id                    bigserial,
    store_id              bigint       NOT NULL,
    terminal_id           bigint       NOT NULL,
    receipt_no            varchar(64)  NOT NULL,
    request_hash          bytea        NOT NULL,
    customer_id           bigint,
    occurred_at           timestamptz  NOT NULL,
    recorded_at           timestamptz  NOT NULL DEFAULT now(),
    status                varchar(16)  NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled')),
    hold_expires_at       timestamptz,
    offline               boolean      NOT NULL DEFAULT false,
    rules_version         int          NOT NULL,
    total_minor           bigint       NOT NULL,
    discount_minor        bigint       NOT NULL,
    paid_by_points_minor  bigint       NOT NULL,
    to_pay_minor          bigint       NOT NULL,
    points_redeemed       bigint       NOT NULL,
    points_earned         bigint       NOT NULL,
    result                jsonb        NOT NULL,
    PRIMARY KEY (chain_id, id),
    UNIQUE (chain_id, store_id, receipt_no)
);
CREATE INDEX receipts_customer ON receipts (chain_id, customer_id, occurred_at) WHERE customer_id IS NOT NULL;
CREATE INDEX receipts_held ON receipts (hold_expires_at) WHERE status = 'held';
CREATE INDEX receipts_customer_held ON receipts (chain_id, customer_id) WHERE status = 'held';
CREATE INDEX receipts_store_day ON receipts (chain_id, store_id, occurred_at);

CREATE TABLE receipt_lines (
    chain_id              bigint        NOT NULL,
    receipt_id            bigint        NOT NULL,
    line_index            int           NOT NULL,
    sku                   varchar(128)  NOT NULL,
    name                  varchar(128),
    category              varchar(128),
    qty                   numeric(13,3) NOT NULL,
    amount_minor          bigint        NOT NULL,
    discount_minor        bigint        NOT NULL,
    paid_by_points_minor  bigint        NOT NULL,
    final_amount_minor    bigint        NOT NULL,
    points_earned         bigint        NOT NULL,
    PRIMARY KEY (chain_id, receipt_id, line_index)
);

CREATE TABLE receipt_returns (
    chain_id          bigint       NOT NULL,
    id                bigserial,
    receipt_id        bigint       NOT NULL,
    return_no         varchar(64)  NOT NULL,
    request_hash      bytea        NOT NULL,
    store_id          bigint       NOT NULL,
    terminal_id       bigint       NOT NULL,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    points_reversed   bigint       NOT NULL,
    points_refunded   bigint       NOT NULL,
    result            jsonb        NOT NULL,
    PRIMARY KEY (chain_id, id),
    UNIQUE (chain_id, receipt_id, return_no),
    FOREIGN KEY (chain_id, receipt_id) REFERENCES receipts(chain_id, id)
);

CREATE TABLE return_lines (
    chain_id      bigint        NOT NULL,
    return_id     bigint        NOT NULL,
    receipt_id    bigint        NOT NULL,
    line_index    int           NOT NULL,
    qty           numeric(13,3) NOT NULL,
    PRIMARY KEY (chain_id, return_id, line_index),
    FOREIGN KEY (chain_id, return_id) REFERENCES receipt_returns(chain_id, id)
);
CREATE INDEX return_lines_receipt ON return_lines (chain_id, receipt_id);

-- The ledger: append-only. Corrections are new entries referencing what they correct.
CREATE TABLE ledger_entries (
    chain_id        bigint       NOT NULL,
    id              bigserial,
    customer_id     bigint       NOT NULL,
    kind            varchar(16)  NOT NULL CHECK (kind IN ('earn', 'redeem', 'hold', 'release', 'earn_reversal',
                        'redeem_refund', 'expire', 'welcome', 'birthday', 'referral', 'promo', 'adjustment')),
    points          bigint       NOT NULL,
    store_id        bigint,
    receipt_id      bigint,
    return_id       bigint,
    ref_entry_id    bigint,
    reason          varchar(256),
    user_id         bigint,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    available_at    timestamptz  NOT NULL,
    expires_at      timestamptz,
    flagged         boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (chain_id, id)
);
CREATE INDEX ledger_customer ON ledger_entries (chain_id, customer_id, id);
CREATE INDEX ledger_receipt ON ledger_entries (chain_id, receipt_id) WHERE receipt_id IS NOT NULL;

CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only';
END $$;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();

-- A customer's balance is held as lots: each crediting entry opens a lot that redemptions, holds,
-- reversals and expiry consume oldest-expiring first. Balance = sum of lots = sum of ledger entries.
CREATE TABLE point_lots (
    chain_id          bigint       NOT NULL,
    id                bigint       NOT NULL,  -- = the crediting ledger entry's id
    customer_id       bigint       NOT NULL,
    store_id          bigint,
    points_initial    bigint       NOT NULL,
    points_remaining  bigint       NOT NULL,
    available_at      timestamptz  NOT NULL,
    expires_at        timestamptz,
    PRIMARY KEY (chain_id, id)
);
CREATE INDEX point_lots_open ON point_lots (chain_id, customer_id, expires_at, id) WHERE points_remaining <> 0;
CREATE INDEX point_lots_expiring ON point_lots (expires_at) WHERE points_remaining > 0;

-- Which lots a debiting entry took its points from: restores holds exactly and feeds the
-- inter-store settlement report (redeemed at store B, earned at store A).
CREATE TABLE lot_consumptions (
    chain_id      bigint  NOT NULL,
    entry_id      bigint  NOT NULL,
    lot_id        bigint  NOT NULL,
    customer_id   bigint  NOT NULL,
    points        bigint  NOT NULL,
    PRIMARY KEY (chain_id, entry_id, lot_id)
);

-- Debits that went below zero (a return reversing points already spent). The entry itself cannot be
-- updated, so the flag of spec section 5 lives here, beside the negative lot it opened.
CREATE TABLE ledger_debts (
    chain_id      bigint  NOT NULL,
    entry_id      bigint  NOT NULL,
    customer_id   bigint  NOT NULL,
    points        bigint  NOT NULL,
    PRIMARY KEY (chain_id, entry_id)
);
