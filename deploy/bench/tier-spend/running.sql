-- after V19: customers/TierSpend over tier_spend_months plus the first month's part from the receipts
SELECT coalesce((SELECT sum(m.spend_minor) FROM tier_spend_months m
                  WHERE m.chain_id = 1 AND m.customer_id = :customer
                    AND m.month >= (date_trunc('month', (now() - interval '365 days') AT TIME ZONE 'UTC')
                                    + interval '1 month')::date), 0)
     + coalesce((SELECT sum(r.total_minor - r.discount_minor
                        - coalesce((SELECT sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty))
                                      FROM return_lines x
                                      JOIN receipt_lines rl ON rl.chain_id = x.chain_id
                                           AND rl.receipt_id = x.receipt_id AND rl.line_index = x.line_index
                                     WHERE x.chain_id = r.chain_id AND x.receipt_id = r.id), 0))
                   FROM receipts r
                  WHERE r.chain_id = 1 AND r.customer_id = :customer AND r.status = 'confirmed'
                    AND r.occurred_at > now() - interval '365 days'
                    AND r.occurred_at < (date_trunc('month', (now() - interval '365 days') AT TIME ZONE 'UTC')
                                         + interval '1 month') AT TIME ZONE 'UTC'), 0);
COMMIT;
