-- Holdout (control) groups: every campaign, the standing birthday and trigger campaigns included, keeps this share
-- of its eligible audience out of the sending. A held-out customer is recorded in sms_outbox under the key the
-- message would have had, with status 'skipped' and skip_reason 'held_out', text '' and no promo code, so reruns
-- and second workers agree and the uplift report finds both groups. See docs/adr/0043-holdout-groups.md.
ALTER TABLE campaigns
    ADD COLUMN holdout_percent smallint NOT NULL DEFAULT 10 CHECK (holdout_percent BETWEEN 0 AND 50);
