-- The operator's rate, shared by every process that sends through one gateway account (docs/adr/0038).
-- next_free: the moment from which the account's next SMS part may go; a sender books a block of parts by
-- moving it forward, so two workers take turns on the one rate instead of each sending at it.
CREATE TABLE sms_send_rate (
    account   text PRIMARY KEY,
    next_free timestamptz NOT NULL
);
