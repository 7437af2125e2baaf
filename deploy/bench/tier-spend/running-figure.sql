-- NOT A MIGRATION. The running figure that was measured as a candidate for issue 19 (ADR 0035) and rejected by
-- the figures: deploy/bench/tier-spend.sh applies it to its own database to measure it against the aggregate.
-- The tier spend as a running figure (ADR 0035): what each customer paid on confirmed receipts (total less
-- discount) less returns of them, per calendar month of the receipt's occurred_at in UTC. Kept by triggers in the
-- transaction that changes a receipt, so every path (a receipt recorded or confirmed, a cancel, a return, an
-- offline batch, a merge of customers) keeps it right without knowing of it. customers/TierSpend adds the months
-- after the one the 365 days start in, and reads that one month's part from the receipts themselves.
CREATE TABLE tier_spend_months (
    chain_id     bigint  NOT NULL,
    customer_id  bigint  NOT NULL,
    month        date    NOT NULL,
    spend_minor  bigint  NOT NULL,
    PRIMARY KEY (chain_id, customer_id, month)
);

-- PL/pgSQL rather than SQL functions: PL/pgSQL keeps its statements' plans for the session, a SQL function
-- called from a trigger is planned again on every call (measured: deploy/bench/tier-spend.sh).
CREATE FUNCTION tier_spend_add(p_chain bigint, p_customer bigint, p_at timestamptz, p_minor bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tier_spend_months AS t (chain_id, customer_id, month, spend_minor)
    VALUES (p_chain, p_customer, date_trunc('month', p_at AT TIME ZONE 'UTC')::date, p_minor)
    ON CONFLICT (chain_id, customer_id, month) DO UPDATE SET spend_minor = t.spend_minor + excluded.spend_minor;
END $$;

-- What was returned of a receipt, rounded line by line as customers/TierSpend rounds it.
CREATE FUNCTION tier_spend_returned(p_chain bigint, p_receipt bigint) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce(sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty)), 0)::bigint
              FROM return_lines x
              JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id
                                   AND rl.line_index = x.line_index
             WHERE x.chain_id = p_chain AND x.receipt_id = p_receipt);
END $$;

CREATE FUNCTION tier_spend_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'confirmed' AND OLD.customer_id IS NOT NULL THEN
        PERFORM tier_spend_add(OLD.chain_id, OLD.customer_id, OLD.occurred_at,
                tier_spend_returned(OLD.chain_id, OLD.id) - (OLD.total_minor - OLD.discount_minor));
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'confirmed' AND NEW.customer_id IS NOT NULL THEN
        PERFORM tier_spend_add(NEW.chain_id, NEW.customer_id, NEW.occurred_at, NEW.total_minor - NEW.discount_minor
                - CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE tier_spend_returned(NEW.chain_id, NEW.id) END);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION tier_spend_return_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    x return_lines;
BEGIN
    IF TG_OP = 'DELETE' THEN
        x := OLD;
    ELSE
        x := NEW;
    END IF;
    PERFORM tier_spend_add(r.chain_id, r.customer_id, r.occurred_at,
            round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty)::bigint
            * CASE WHEN TG_OP = 'DELETE' THEN 1 ELSE -1 END)
       FROM receipts r
       JOIN receipt_lines rl ON rl.chain_id = r.chain_id AND rl.receipt_id = r.id AND rl.line_index = x.line_index
      WHERE r.chain_id = x.chain_id AND r.id = x.receipt_id AND r.status = 'confirmed' AND r.customer_id IS NOT NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER tier_spend_receipt_recorded AFTER INSERT ON receipts
    FOR EACH ROW WHEN (NEW.status = 'confirmed' AND NEW.customer_id IS NOT NULL) EXECUTE FUNCTION tier_spend_receipt();
CREATE TRIGGER tier_spend_receipt_changed AFTER UPDATE OF status, customer_id, occurred_at, total_minor, discount_minor
    ON receipts FOR EACH ROW
    WHEN ((OLD.status = 'confirmed' OR NEW.status = 'confirmed')
          AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
               OR OLD.occurred_at <> NEW.occurred_at OR OLD.total_minor <> NEW.total_minor
               OR OLD.discount_minor <> NEW.discount_minor))
    EXECUTE FUNCTION tier_spend_receipt();
CREATE TRIGGER tier_spend_receipt_removed AFTER DELETE ON receipts
    FOR EACH ROW WHEN (OLD.status = 'confirmed' AND OLD.customer_id IS NOT NULL) EXECUTE FUNCTION tier_spend_receipt();
CREATE TRIGGER tier_spend_return_line AFTER INSERT OR DELETE ON return_lines
    FOR EACH ROW EXECUTE FUNCTION tier_spend_return_line();

INSERT INTO tier_spend_months (chain_id, customer_id, month, spend_minor)
SELECT chain_id, customer_id, month, sum(minor)
  FROM (SELECT r.chain_id, r.customer_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date AS month,
               r.total_minor - r.discount_minor AS minor
          FROM receipts r WHERE r.status = 'confirmed' AND r.customer_id IS NOT NULL
        UNION ALL
        SELECT r.chain_id, r.customer_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date,
               -round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty)::bigint
          FROM return_lines x
          JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id AND rl.line_index = x.line_index
          JOIN receipts r ON r.chain_id = x.chain_id AND r.id = x.receipt_id
         WHERE r.status = 'confirmed' AND r.customer_id IS NOT NULL) spend
 GROUP BY chain_id, customer_id, month;
