package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.customers.TierSpend;
import io.kopilka.customers.BirthdayBonus;
import io.kopilka.customers.Customer;
import io.kopilka.customers.Referrals;
import io.kopilka.ledger.Balance;
import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.rules.Programme;

/**
 * What a customer's receipt sets off once it is confirmed — the earn, a tier upgrade, the birthday bonus and
 * the referral reward — the same whether it was recorded confirmed or held and confirmed later. Decided
 * ({@link #due}) before the receipt counts as confirmed, so that the receipt's own spend is added once;
 * written ({@link #apply}) after its redeemed points are taken, so that the earn is never spent by them.
 */
@ApplicationScoped
public class ConfirmedEffects {

    @Inject
    Ledger ledger;

    @Inject
    TierProgress tiers;

    @Inject
    Referrals referrals;

    @Inject
    BirthdayBonus birthdays;

    /** A tier upgrade (or null) and birthday points (or 0) the receipt brings. */
    public record Due(Programme.Tier upgrade, long birthdayPoints) {

        static final Due NONE = new Due(null, 0);

        /** The cashier's messages, and the birthday points in the balance the result shows. */
        ReceiptResult announce(ReceiptResult result) {
            if (this == NONE) {
                return result;
            }
            List<String> messages = new ArrayList<>(result.messages());
            if (birthdayPoints > 0) {
                messages.add("Happy birthday! +" + birthdayPoints + " points");
                Balance b = result.balance();
                result = result.withBalance(new Balance(b.available() + birthdayPoints, b.pending(), b.held()));
            }
            if (upgrade != null) {
                messages.add("Welcome to " + upgrade.name() + "! "
                        + upgrade.ratePct().stripTrailingZeros().toPlainString() + "% from the next purchase");
            }
            return result.withMessages(messages);
        }
    }

    /**
     * @param spendMinor what the customer paid on this receipt (total less discount), not yet counted as confirmed
     */
    Due due(Connection c, Programme p, Customer customer, Instant occurredAt, long spendMinor, ZoneId storeZone)
            throws SQLException {
        Programme.Tier upgrade = null;
        if (p.tiers().size() > 1) {
            long spend = TierSpend.of(c, customer.chainId(), customer.id(), occurredAt) + spendMinor;
            Programme.Tier deserved = TierProgress.tierFor(p, spend);
            if (TierProgress.above(p, deserved, customer.tierCode())) {
                upgrade = deserved;
            }
        }
        long birthdayPoints = birthdays.due(c, customer, p, occurredAt, storeZone);
        return upgrade == null && birthdayPoints == 0 ? Due.NONE : new Due(upgrade, birthdayPoints);
    }

    /** Writes what {@link #due} decided, the earn and the referral reward; {@code posting} names the receipt. */
    void apply(Connection c, Programme p, Customer customer, Due due, Posting posting, Instant occurredAt,
            long totalMinor, long pointsEarned, ZoneId storeZone) throws SQLException {
        if (due.upgrade() != null) {
            tiers.set(c, customer.chainId(), customer.id(), customer.tierCode(), due.upgrade().code(), posting.at());
        }
        if (pointsEarned > 0) {
            Instant availableAt = earnAvailableAt(p, occurredAt);
            ledger.credit(c, posting, EntryKind.earn, pointsEarned, null, availableAt,
                    availableAt.plus(p.expiryDays(), ChronoUnit.DAYS));
        }
        referrals.onConfirmedReceipt(c, customer, p, posting.receiptId(), totalMinor, occurredAt);
        if (due.birthdayPoints() > 0) {
            birthdays.grant(c, customer, p, posting.storeId(), posting.receiptId(), occurredAt, storeZone);
        }
    }

    /** Earned points wait out the programme's accrual delay (returns within it take them back before use). */
    static Instant earnAvailableAt(Programme p, Instant occurredAt) {
        return occurredAt.plus(p.accrualDelayDays(), ChronoUnit.DAYS);
    }
}
