-- after V19: customers/TierSpend over tier_spend_months plus the first month's part from the receipts
SELECT coalesce((SELECT sum(m.spend_minor) FROM tier_spend_months m
                  WHERE m.chain_id = 1 AND m.customer_id = :customer
                    AND m.month >= (date_trunc('month', (now() - interval '365 days') AT TIME ZONE 'UTC')
                                    + interval '1 month')::date), 0)
     + coalesce((SELECT sum(r.total_minor - r.discount_minor) FROM receipts r
                  WHERE r.chain_id = 1 AND r.customer_id = :customer AND r.status = 'confirmed'
                    AND r.occurred_at > now() - interval '365 days'
                    AND r.occurred_at < (date_trunc('month', (now() - interval '365 days') AT TIME ZONE 'UTC')
                                         + interval '1 month') AT TIME ZONE 'UTC'), 0)
     - coalesce((SELECT sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty))
                   FROM receipts r2
                   JOIN return_lines x ON x.chain_id = r2.chain_id AND x.receipt_id = r2.id
                   JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id
                                        AND rl.line_index = x.line_index
                  WHERE r2.chain_id = 1 AND r2.customer_id = :customer AND r2.status = 'confirmed'
                    AND r2.occurred_at > now() - interval '365 days'
                    AND r2.occurred_at < (date_trunc('month', (now() - interval '365 days') AT TIME ZONE 'UTC')
                                          + interval '1 month') AT TIME ZONE 'UTC'), 0);
COMMIT;
