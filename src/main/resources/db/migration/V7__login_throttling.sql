-- Login throttling (issue 15, docs/operations.md "Abuse limits"): wrong passwords per email, kept in the database so
-- that every API node counts the same tries and honours the same lock. Not per chain: an email signs in before its
-- chain is known, and one that belongs to no user is counted too.
CREATE TABLE login_failures (
    email       varchar(128) NOT NULL,
    failed_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_at ON login_failures (failed_at);

CREATE TABLE login_locks (
    email         varchar(128) PRIMARY KEY,
    locked_until  timestamptz  NOT NULL
);
