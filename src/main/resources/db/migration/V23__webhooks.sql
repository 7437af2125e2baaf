-- Webhooks (product-spec section 14, docs/webhooks.md, docs/adr/0041-webhooks-outbox-and-dispatcher.md).
-- An endpoint head office registered, and one row per event per subscribed endpoint: the outbox, written in the
-- transaction of the change that caused the event, and the delivery's state, updated by the dispatcher.
CREATE TABLE webhook_endpoints (
    chain_id                bigint        NOT NULL REFERENCES chains (id),
    id                      bigserial,
    url                     varchar(2048) NOT NULL,
    events                  text[]        NOT NULL,
    -- the signing secret, sealed (AES-GCM under kopilka.webhooks.secrets-key when set); never answered again
    secret_sealed           text          NOT NULL,
    -- while a secret rotates, the old one signs too until previous_secret_until
    previous_secret_sealed  text,
    previous_secret_until   timestamptz,
    enabled                 boolean       NOT NULL DEFAULT true,
    disabled_reason         varchar(256),
    disabled_at             timestamptz,
    created_at              timestamptz   NOT NULL DEFAULT now(),
    updated_at              timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id)
);

CREATE TABLE webhook_deliveries (
    chain_id         bigint        NOT NULL,
    id               bigserial,
    endpoint_id      bigint        NOT NULL,
    -- the webhook-id header: the event's id, the same on every attempt and for every endpoint
    event_id         varchar(40)   NOT NULL,
    type             varchar(64)   NOT NULL,
    -- deliveries of one customer to one endpoint go in id order (null: no order to keep)
    customer_id      bigint,
    body             text          NOT NULL,
    status           varchar(16)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         int           NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz   NOT NULL DEFAULT now(),
    -- the retry schedule counts from here: the event's time, or the moment head office asked to send it again
    schedule_from    timestamptz   NOT NULL DEFAULT now(),
    leased_until     timestamptz,
    last_attempt_at  timestamptz,
    last_status      int,
    last_response    varchar(512),
    last_error       varchar(256),
    delivered_at     timestamptz,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, id),
    FOREIGN KEY (chain_id, endpoint_id) REFERENCES webhook_endpoints (chain_id, id) ON DELETE CASCADE
);

-- the dispatcher's claim: each enabled endpoint's due pending deliveries, oldest first
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at, id) WHERE status = 'pending';
-- the order per (endpoint, customer): is an earlier one still pending?
CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (endpoint_id, customer_id, id) WHERE status = 'pending';
-- the deliveries page of an endpoint, newest first
CREATE INDEX webhook_deliveries_of_endpoint ON webhook_deliveries (chain_id, endpoint_id, id);

-- points.expiring: the days whose expiring points were announced, one row per chain and day (whichever node
-- inserts it announces that day)
CREATE TABLE webhook_expiry_scans (
    chain_id  bigint  NOT NULL REFERENCES chains (id),
    day       date    NOT NULL,
    PRIMARY KEY (chain_id, day)
);
