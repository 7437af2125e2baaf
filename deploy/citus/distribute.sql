-- Run once on the Citus coordinator after Flyway has created the schema (docs/adr/0002-distribution-key.md,
-- docs/adr/0040-when-a-chain-outgrows-one-primary.md), with citus.enable_unsafe_triggers = on (see ADR 0040).
-- Every table of the schema is listed once; CitusLayoutTest reads this file and the migrated schema's catalog
-- and fails when a table is missing or a Citus rule is broken. flyway_schema_history stays on the coordinator.

-- Reference tables (a copy on every node): small, global or looked up without a chain, rarely written.
-- A reference table may only reference other reference tables, so the chain's directory goes here whole:
-- terminals (found by key hash) need their stores, users (found by e-mail) their franchisees.
SELECT create_reference_table('chains');
SELECT create_reference_table('franchisees');
SELECT create_reference_table('stores');
SELECT create_reference_table('terminals');
SELECT create_reference_table('users');
-- Login throttling is keyed by e-mail before the chain is known; written only on a failed login.
SELECT create_reference_table('login_failures');
SELECT create_reference_table('login_locks');
-- The SMS gateway's side: an account's shared rate (one row per account, booked per block of parts) and
-- delivery reports that came before their message's id was stored (matched by gateway id or phone).
SELECT create_reference_table('sms_send_rate');
SELECT create_reference_table('sms_early_reports');

-- Tenant tables: distributed by chain_id, all in one colocation group, so a receipt is one shard's transaction.
SELECT create_distributed_table('customers', 'chain_id');
SELECT create_distributed_table('program_versions', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('audit_log', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('webhook_endpoints', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('webhook_deliveries', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('webhook_expiry_scans', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('phone_changes', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('consent_events', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('receipts', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('receipt_lines', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('receipt_returns', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('return_lines', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('ledger_entries', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('point_lots', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('lot_consumptions', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('ledger_debts', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('birthday_bonuses', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('referral_rewards', 'chain_id', colocate_with => 'customers');
-- Promo codes (V4, V18): the code, its uses and the stripes of its total limit.
SELECT create_distributed_table('promo_codes', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('promo_redemptions', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('promo_limit_stripes', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('promo_customer_uses', 'chain_id', colocate_with => 'customers');
-- Campaigns and their SMS queue (V5, V8).
SELECT create_distributed_table('campaign_settings', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('campaigns', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('sms_outbox', 'chain_id', colocate_with => 'customers');
-- Report rollups (V6, V22; docs/adr/0017-report-rollups.md, 0037-retention-grids.md).
SELECT create_distributed_table('report_dirty_days', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_store_days', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_customers', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_settlement_days', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_store_liability', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_refreshes', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_activity_grids', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_activity_cells', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_customer_totals', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_segment_cells', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_segment_top', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_outbox_marks', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_campaign_sends', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_campaign_returns', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_campaign_groups', 'chain_id', colocate_with => 'customers');
SELECT create_distributed_table('report_campaign_days', 'chain_id', colocate_with => 'customers');
