-- Promo limits without a hot row (ADR 0034). A code without limits has no rows here and takes no lock.
-- A total limit is split into up to 32 stripes of free uses: a receipt takes one use from a stripe no other
-- receipt holds (FOR UPDATE SKIP LOCKED); the sum of free over the stripes is always total_limit - uses.
-- A negative free (a limit lowered below the uses already made) sits on one stripe while every other is 0,
-- and a released use goes to the stripe with the least free, so it pays that debt first.
CREATE TABLE promo_limit_stripes (
    chain_id  bigint  NOT NULL,
    promo_id  bigint  NOT NULL,
    stripe    int     NOT NULL,
    free      int     NOT NULL,
    PRIMARY KEY (chain_id, promo_id, stripe)
);

-- A per-customer limit: one guarded counter per code and customer (only for codes with that limit).
CREATE TABLE promo_customer_uses (
    chain_id     bigint  NOT NULL,
    promo_id     bigint  NOT NULL,
    customer_id  bigint  NOT NULL,
    uses         int     NOT NULL CHECK (uses >= 0),
    PRIMARY KEY (chain_id, promo_id, customer_id)
);

-- Sets a code's stripes to its total limit (none: no stripes) and the uses recorded so far. Locks the stripes
-- first, so that receipts holding one finish and are counted; a receipt waiting for one sees the new free.
CREATE FUNCTION promo_reset_total_limit(p_chain bigint, p_promo bigint, p_limit int) RETURNS void AS $$
DECLARE
    n        int := least(32, coalesce(p_limit, 0));
    unused   bigint;
BEGIN
    PERFORM 1 FROM promo_limit_stripes WHERE chain_id = p_chain AND promo_id = p_promo FOR UPDATE;
    DELETE FROM promo_limit_stripes WHERE chain_id = p_chain AND promo_id = p_promo AND stripe >= n;
    IF n = 0 THEN
        RETURN;
    END IF;
    SELECT p_limit - count(*) INTO unused
      FROM promo_redemptions WHERE chain_id = p_chain AND promo_id = p_promo AND NOT released;
    INSERT INTO promo_limit_stripes (chain_id, promo_id, stripe, free)
    SELECT p_chain, p_promo, s,
           CASE WHEN unused <= 0 THEN CASE WHEN s = 0 THEN unused ELSE 0 END
                ELSE unused / n + CASE WHEN s < unused % n THEN 1 ELSE 0 END END
      FROM generate_series(0, n - 1) s
    ON CONFLICT (chain_id, promo_id, stripe) DO UPDATE SET free = excluded.free;
END
$$ LANGUAGE plpgsql;

-- Counts each customer's uses of a code from its history (a per-customer limit just set), or forgets them.
CREATE FUNCTION promo_reset_customer_limit(p_chain bigint, p_promo bigint, p_limit int) RETURNS void AS $$
BEGIN
    DELETE FROM promo_customer_uses WHERE chain_id = p_chain AND promo_id = p_promo;
    IF p_limit IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO promo_customer_uses (chain_id, promo_id, customer_id, uses)
    SELECT chain_id, promo_id, customer_id, count(*)
      FROM promo_redemptions
     WHERE chain_id = p_chain AND promo_id = p_promo AND NOT released AND customer_id IS NOT NULL
     GROUP BY chain_id, promo_id, customer_id;
END
$$ LANGUAGE plpgsql;

-- Every code inserted with a total limit gets its stripes, whoever inserts it (head office's API, the campaign
-- job's personal codes, a data load): a limited code without stripes would read as fully used.
CREATE FUNCTION promo_stripes_for_new_code() RETURNS trigger AS $$
BEGIN
    PERFORM promo_reset_total_limit(NEW.chain_id, NEW.id, NEW.total_limit);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER promo_code_inserted AFTER INSERT ON promo_codes
    FOR EACH ROW WHEN (NEW.total_limit IS NOT NULL) EXECUTE FUNCTION promo_stripes_for_new_code();

SELECT promo_reset_total_limit(chain_id, id, total_limit) FROM promo_codes WHERE total_limit IS NOT NULL;
SELECT promo_reset_customer_limit(chain_id, id, per_customer_limit) FROM promo_codes WHERE per_customer_limit IS NOT NULL;

-- Nothing counts a customer's uses from the history any more (the counters do); a release looks the receipt's
-- uses up by receipt, which only the primary key's third column could find before (a scan of the chain's uses).
DROP INDEX promo_redemptions_customer;
CREATE INDEX promo_redemptions_receipt ON promo_redemptions (chain_id, receipt_id);
