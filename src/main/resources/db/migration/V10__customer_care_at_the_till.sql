-- Issue 17, part 2 at the till: a lost card replaced, consent given or withdrawn, a phone changed by an SMS code.
-- See docs/customers.md ("At the till: card, consent, phone change").

-- The till's changes are audited too: who is then a terminal, not a user.
ALTER TABLE audit_log ADD COLUMN terminal_id bigint;

-- Consent history: where a consent given or withdrawn at a till was given (enrolment keeps its own on customers).
ALTER TABLE consent_events ADD COLUMN store_id bigint;
ALTER TABLE consent_events ADD COLUMN terminal_id bigint;
CREATE INDEX consent_events_customer ON consent_events (chain_id, customer_id, at);

-- The pending phone change of a customer (at most one: a new request replaces it). Only a salted hash of the
-- code sent to the new phone is kept; the row ends with the change, 5 wrong codes or its expiry.
CREATE TABLE phone_changes (
    chain_id      bigint       NOT NULL,
    customer_id   bigint       NOT NULL,
    new_phone     varchar(20)  NOT NULL,
    code_salt     bytea        NOT NULL,
    code_hash     bytea        NOT NULL,
    tries_left    int          NOT NULL,
    expires_at    timestamptz  NOT NULL,
    store_id      bigint       NOT NULL,
    terminal_id   bigint       NOT NULL,
    requested_at  timestamptz  NOT NULL,
    PRIMARY KEY (chain_id, customer_id),
    FOREIGN KEY (chain_id, customer_id) REFERENCES customers(chain_id, id)
);
