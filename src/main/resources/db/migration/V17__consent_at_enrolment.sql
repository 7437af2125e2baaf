-- The consent history starts with the answer given at enrolment (docs/customers.md). Customers enrolled before
-- this change get that event only where nothing changed their consent since: then the customer's row still holds
-- the enrolment's answer (its store is the home store, where they enrolled; the terminal is known when they consented).
INSERT INTO consent_events (chain_id, customer_id, consent, source, store_id, terminal_id, at)
SELECT c.chain_id, c.id, c.sms_consent, 'enrolment', c.home_store_id, c.consent_terminal_id, c.created_at
  FROM customers c
 WHERE c.erased_at IS NULL AND c.merged_into IS NULL
   AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.chain_id = c.chain_id AND e.customer_id = c.id);
