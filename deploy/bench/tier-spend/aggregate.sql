-- before V19: customers/TierSpend's 365-day aggregate, run by ConfirmedEffects.due for a tiered programme
SELECT coalesce(sum(r.total_minor - r.discount_minor), 0)
     - coalesce((SELECT sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty))
                   FROM return_lines x
                   JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id
                                        AND rl.line_index = x.line_index
                   JOIN receipts r2 ON r2.chain_id = x.chain_id AND r2.id = x.receipt_id
                  WHERE r2.chain_id = 1 AND r2.customer_id = :customer AND r2.status = 'confirmed'
                    AND r2.occurred_at > now() - interval '365 days'), 0)
  FROM receipts r
 WHERE r.chain_id = 1 AND r.customer_id = :customer AND r.status = 'confirmed'
   AND r.occurred_at > now() - interval '365 days';
COMMIT;
