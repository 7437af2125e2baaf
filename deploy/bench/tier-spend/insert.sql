-- the receipt row as ReceiptRows.insert writes it (lines left out: both variants write the same ones)
\set customer random(1, :customers)
\set total random(20000, 400000)
BEGIN;
INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at, status,
                      rules_version, total_minor, discount_minor, paid_by_points_minor, to_pay_minor, points_redeemed,
                      points_earned, result)
VALUES (1, 1, 1, md5(random()::text), '\x00', :customer, now(), 'confirmed', 1, :total, 0, 0, :total, 0, 0, '{}');
