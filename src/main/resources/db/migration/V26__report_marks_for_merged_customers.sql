-- A merge moves the duplicate's receipts to the survivor (CustomerMerges). Until now nothing marked them: head
-- office's customer rollup kept the duplicate as a customer of its own, and the survivor's row lacked the moved
-- receipts until its next receipt. Each moved receipt now marks both customers, so the next refresh recomputes
-- both rows (the duplicate's goes) and both customers' campaign messages (docs/adr/0047-merged-customers-in-reports.md).
CREATE FUNCTION report_mark_receipt_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_days (chain_id, store_id, occurred_at, customer_id)
    VALUES (OLD.chain_id, OLD.store_id, OLD.occurred_at, OLD.customer_id),
           (NEW.chain_id, NEW.store_id, NEW.occurred_at, NEW.customer_id);
    RETURN NULL;
END $$;

-- Row-level with a column list: the checkout's own updates of receipts (confirm, cancel) never fire it.
CREATE TRIGGER report_receipt_moved AFTER UPDATE OF customer_id ON receipts
    FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id) EXECUTE FUNCTION report_mark_receipt_moved();

-- Merges made before this migration: mark every receipt of a survivor for the survivor and for each customer merged
-- into it, so that the first refresh after the upgrade mends the rows they left.
INSERT INTO report_dirty_days (chain_id, store_id, occurred_at, customer_id)
SELECT r.chain_id, r.store_id, r.occurred_at, x.customer_id
  FROM customers d
  JOIN receipts r ON r.chain_id = d.chain_id AND r.customer_id = d.merged_into
 CROSS JOIN LATERAL (VALUES (d.id), (d.merged_into)) AS x (customer_id)
 WHERE d.merged_into IS NOT NULL;
