-- Customer lifecycle (issue 17): head office merges duplicates and erases customers on request.
-- An erased customer keeps its row (receipts and ledger point at it) but loses its phone, so the phone may be null.
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;
-- A merged duplicate keeps its phone and card: a lookup by them follows merged_into to the survivor.
ALTER TABLE customers ADD COLUMN merged_into bigint;
ALTER TABLE customers ADD COLUMN merged_at timestamptz;
ALTER TABLE customers ADD COLUMN erased_at timestamptz;
ALTER TABLE customers ADD CONSTRAINT customers_merged_into FOREIGN KEY (chain_id, merged_into) REFERENCES customers (chain_id, id);
ALTER TABLE customers ADD CONSTRAINT customers_phone_unless_erased CHECK (phone IS NOT NULL OR erased_at IS NOT NULL);
CREATE INDEX customers_merged ON customers (chain_id, merged_into) WHERE merged_into IS NOT NULL;

-- A merge moves points lot by lot (transfer_out on the duplicate, transfer_in on the survivor); an erasure
-- cancels what is left (erasure). docs/ledger.md
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN ('earn', 'redeem', 'hold', 'release',
    'earn_reversal', 'redeem_refund', 'expire', 'welcome', 'birthday', 'referral', 'promo', 'adjustment',
    'transfer_out', 'transfer_in', 'erasure'));
