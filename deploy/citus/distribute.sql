-- Run once on the Citus coordinator after Flyway has created the schema (docs/adr/0002-distribution-key.md).
-- Not tested on this project's CI (no Citus here); it lists the intended layout.
SELECT create_reference_table('chains');
SELECT create_reference_table('terminals');   -- looked up by key hash without a chain
SELECT create_reference_table('users');       -- looked up by e-mail without a chain
SELECT create_distributed_table('franchisees', 'chain_id');
SELECT create_distributed_table('stores', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('program_versions', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('audit_log', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('customers', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('receipts', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('receipt_lines', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('receipt_returns', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('return_lines', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('ledger_entries', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('point_lots', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('lot_consumptions', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('ledger_debts', 'chain_id', colocate_with => 'franchisees');
-- Report rollups (V6, docs/adr/0017-report-rollups.md): all keyed by chain_id, colocated with the receipts.
SELECT create_distributed_table('report_dirty_days', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('report_store_days', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('report_customers', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('report_settlement_days', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('report_store_liability', 'chain_id', colocate_with => 'franchisees');
SELECT create_distributed_table('report_refreshes', 'chain_id', colocate_with => 'franchisees');
