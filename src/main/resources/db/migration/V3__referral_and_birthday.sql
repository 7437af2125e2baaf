-- Birthday bonus points: at most one grant per customer and birthday year.
CREATE TABLE birthday_bonuses (
    chain_id      bigint  NOT NULL,
    customer_id   bigint  NOT NULL,
    year          int     NOT NULL,
    entry_id      bigint,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, customer_id, year)
);

-- The referrer's reward for a friend: created by the friend's first qualifying receipt, paid by a job once
-- that receipt has left the return window, reversed if the receipt is returned after payment.
CREATE TABLE referral_rewards (
    chain_id      bigint       NOT NULL,
    friend_id     bigint       NOT NULL,
    referrer_id   bigint       NOT NULL,
    receipt_id    bigint       NOT NULL,
    points        bigint       NOT NULL,
    due_at        timestamptz  NOT NULL,
    status        varchar(16)  NOT NULL CHECK (status IN ('pending', 'granted', 'capped', 'void', 'reversed')),
    entry_id      bigint,
    decided_at    timestamptz,
    PRIMARY KEY (chain_id, friend_id)
);
CREATE INDEX referral_rewards_due ON referral_rewards (due_at) WHERE status = 'pending';
CREATE INDEX referral_rewards_receipt ON referral_rewards (chain_id, receipt_id);
CREATE INDEX referral_rewards_referrer ON referral_rewards (chain_id, referrer_id, decided_at) WHERE status = 'granted';
