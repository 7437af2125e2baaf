-- Promo codes of head office, and their uses by receipts.
CREATE TABLE promo_codes (
    chain_id            bigint        NOT NULL REFERENCES chains(id),
    id                  bigserial,
    code                varchar(64)   NOT NULL,
    kind                varchar(8)    NOT NULL CHECK (kind IN ('percent', 'fixed', 'points')),
    percent             numeric(5,2),
    amount_minor        bigint,
    points              bigint,
    valid_from          timestamptz,
    valid_to            timestamptz,
    store_codes         text[],
    total_limit         int,
    per_customer_limit  int,
    active              boolean       NOT NULL DEFAULT true,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id)
);
CREATE UNIQUE INDEX promo_codes_code ON promo_codes (chain_id, upper(code));

-- One row per receipt that used a code; a cancelled receipt gives its use back (released).
CREATE TABLE promo_redemptions (
    chain_id      bigint       NOT NULL,
    promo_id      bigint       NOT NULL,
    receipt_id    bigint       NOT NULL,
    customer_id   bigint,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    released      boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (chain_id, promo_id, receipt_id)
);
CREATE INDEX promo_redemptions_customer ON promo_redemptions (chain_id, promo_id, customer_id) WHERE NOT released;
