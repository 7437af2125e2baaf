-- Returns at any store of the chain (issue 17, docs/reports.md). A return counts in the sales report at the store
-- that took it, on the day it was taken, and the redeemed points it gives back come off the settlement of the
-- store where they had been spent, on that same day. So a return marks two more store days for the refresher:
-- (the returning store, the return's time) and (the receipt's store, the return's time). The receipt's own day,
-- marked by report_receipt_returned (V6), still feeds the customer's summary.
CREATE FUNCTION report_mark_return_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_days (chain_id, store_id, occurred_at, customer_id)
    SELECT NEW.chain_id, m.store_id, NEW.created_at, r.customer_id
      FROM receipts r CROSS JOIN LATERAL (VALUES (NEW.store_id), (r.store_id)) m (store_id)
     WHERE r.chain_id = NEW.chain_id AND r.id = NEW.receipt_id;
    RETURN NULL;
END $$;

CREATE TRIGGER report_return_days AFTER INSERT ON receipt_returns
    FOR EACH ROW EXECUTE FUNCTION report_mark_return_days();

-- The returns one store took on one day (sales by store), and the points returns gave back on one day (settlement).
CREATE INDEX receipt_returns_store_day ON receipt_returns (chain_id, store_id, created_at);
CREATE INDEX ledger_refunds_at ON ledger_entries (chain_id, created_at) WHERE kind = 'redeem_refund' AND return_id IS NOT NULL;

-- What became of a lot's points (the economics report follows each earned lot to its redemptions and expiry).
CREATE INDEX lot_consumptions_lot ON lot_consumptions (chain_id, lot_id);

-- Days rolled up before this change counted returns on the original receipt's day: mark every past return's day
-- at its store, and its receipt's day, so that the next refresh recomputes both under the new rule.
INSERT INTO report_dirty_days (chain_id, store_id, occurred_at, customer_id)
SELECT x.chain_id, m.store_id, m.at, r.customer_id
  FROM receipt_returns x
  JOIN receipts r ON r.chain_id = x.chain_id AND r.id = x.receipt_id
 CROSS JOIN LATERAL (VALUES (x.store_id, x.created_at), (r.store_id, r.occurred_at)) m (store_id, at);
