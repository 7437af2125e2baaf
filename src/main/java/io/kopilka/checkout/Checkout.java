package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.customers.BirthdayBonus;
import io.kopilka.customers.Customer;
import io.kopilka.customers.Customers;
import io.kopilka.ledger.Balance;
import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.rules.Calculation;
import io.kopilka.rules.Programme;
import io.kopilka.rules.ReceiptCalculator;
import io.kopilka.rules.ReceiptInput;
import io.kopilka.rules.RuleRefusal;

/**
 * Calculate and record a receipt: one transaction, the customer's row locked only when points are
 * spent, the programme from memory, the rules evaluated purely, the ledger written last.
 */
@ApplicationScoped
public class Checkout {

    @Inject
    ReceiptEvents events;

    @Inject
    Transactions transactions;

    @Inject
    Customers customers;

    @Inject
    Ledger ledger;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    ReceiptRows receipts;

    @Inject
    HoldReleases holdReleases;

    @Inject
    ConfirmedEffects confirmed;

    @Inject
    PromoCodes promoCodes;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    /** A dry run: writes nothing. */
    public ReceiptResult calculate(TerminalIdentity till, ReceiptCommand cmd, Instant now) {
        Programme p = programmes.active(till.chainId(), cmd.occurredAt().toInstant());
        try {
            return transactions.read(c -> calculateIn(c, p, till, cmd, now));
        } catch (RuleRefusal r) {
            throw Refusals.of(r);
        }
    }

    private ReceiptResult calculateIn(Connection c, Programme p, TerminalIdentity till, ReceiptCommand cmd, Instant now)
            throws SQLException {
        Customers.WithBalance found = cmd.customer() == null ? null : requireCustomerWithBalance(c, till, cmd, now);
        Customer customer = found == null ? null : found.customer();
        Balance before = found == null ? null : found.balance();
        PromoCodes.Resolved promos = promoCodes.resolve(c, till, cmd.promoCodes(), customer,
                cmd.occurredAt().toInstant(), false);
        Calculation calc = evaluate(till, p, cmd, customer, before, promos);
        return result(cmd, p, customer, calc, "calculated", null, before, now, promos);
    }

    /**
     * Records the receipt in one transaction. A replay rolls the transaction back before it reads the stored
     * result (what commits afterwards is empty). The programme is resolved before a connection is taken.
     *
     * @throws SQLException never; declared for callers outside the package that still catch it
     */
    public Recorded record(TerminalIdentity till, ReceiptCommand cmd, Instant now) throws SQLException {
        Programme p = programmes.active(till.chainId(), cmd.occurredAt().toInstant());
        return transactions.inTransaction(c -> {
            try {
                return recordIn(c, p, till, cmd, now);
            } catch (RuleRefusal r) {
                c.rollback();
                // A register retrying after a time-out must get its stored result, not a refusal.
                Recorded replay = replay(c, till, cmd);
                if (replay != null) {
                    return replay;
                }
                throw Refusals.of(r);
            }
        });
    }

    private Recorded recordIn(Connection c, Programme p, TerminalIdentity till, ReceiptCommand cmd, Instant now)
            throws SQLException {
        boolean spends = cmd.redeem() != null && cmd.redeem().requested();
        Customer customer = null;
        Balance before = null;
        if (cmd.customer() != null && spends) {
            // the balance is read only once the customer's row is locked: it decides what may be spent
            customer = requireCustomer(c, till, cmd, true);
            holdReleases.releaseExpired(c, till.chainId(), customer.id(), now);
            before = ledger.balance(c, till.chainId(), customer.id(), now);
        } else if (cmd.customer() != null) {
            Customers.WithBalance found = requireCustomerWithBalance(c, till, cmd, now);
            customer = found.customer();
            before = found.balance();
        }
        PromoCodes.Resolved promos = promoCodes.resolve(c, till, cmd.promoCodes(), customer,
                cmd.occurredAt().toInstant(), true);
        Calculation calc = evaluate(till, p, cmd, customer, before, promos);
        String status = cmd.hold() ? "held" : "confirmed";
        OffsetDateTime holdExpiresAt = cmd.hold()
                ? Ledger.odt(now.plus(p.holdTtlMinutes(), ChronoUnit.MINUTES))
                : null;
        ConfirmedEffects.Due due = customer != null && !cmd.hold()
                ? confirmed.due(c, p, customer, cmd.occurredAt().toInstant(), calc.totalMinor() - calc.discountMinor(),
                        till.storeZone())
                : ConfirmedEffects.Due.NONE;
        ReceiptResult result = due.announce(result(cmd, p, customer, calc, status, holdExpiresAt, before, now, promos));
        String resultJson = json(result);
        Long id = receipts.insert(c, till.chainId(), till.storeId(), till.terminalId(), cmd,
                customer == null ? null : customer.id(), status, holdExpiresAt, p.version(), calc, resultJson, now);
        if (id == null) {
            c.rollback();
            return replay(c, till, cmd);
        }
        promoCodes.recordUse(c, till.chainId(), promos.promoIds(), id, customer == null ? null : customer.id(), now);
        if (customer != null) {
            Posting posting = Posting.forReceipt(till.chainId(), customer.id(), till.storeId(), id, now);
            if (calc.pointsRedeemed() > 0) {
                ledger.debit(c, posting, cmd.hold() ? EntryKind.hold : EntryKind.redeem, calc.pointsRedeemed(), null, null, false);
            }
            if (!cmd.hold()) {
                confirmed.apply(c, p, customer, due, posting, cmd.occurredAt().toInstant(), calc.totalMinor(),
                        calc.pointsEarned(), till.storeZone());
            }
        }
        ReceiptResult recorded = result.withIdentity(id, status);
        if (!cmd.hold()) {
            events.confirmed(c, till.chainId(), till.storeId(), recorded, cmd.occurredAt(), now);
        }
        // the stored JSON has no receipt_id (the row's id is known only now): prepend it
        return new Recorded(recorded, false, "{\"receipt_id\":" + id + "," + resultJson.substring(1));
    }

    private String json(ReceiptResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a receipt result that Jackson cannot write", e);
        }
    }

    /** The stored result of an identical earlier request, a conflict for a different body, or null. */
    private Recorded replay(Connection c, TerminalIdentity till, ReceiptCommand cmd) throws SQLException {
        ReceiptRows.Stored existing = receipts.byNumber(c, till.chainId(), till.storeId(), cmd.receiptNo());
        if (existing == null) {
            return null;
        }
        if (!Arrays.equals(existing.requestHash(), cmd.requestHash())) {
            throw Problems.conflict("receipt-conflict", "Receipt number already used",
                    "Receipt " + cmd.receiptNo() + " was already recorded at this store with a different body",
                    Map.of("receipt_id", existing.id()));
        }
        return new Recorded(existing.result(), true);
    }

    private Customer requireCustomer(Connection c, TerminalIdentity till, ReceiptCommand cmd, boolean lock)
            throws SQLException {
        Customer customer = customers.find(c, till.chainId(), cmd.customer(), lock);
        if (customer == null) {
            throw Refusals.customerNotFound();
        }
        return customer;
    }

    private Customers.WithBalance requireCustomerWithBalance(Connection c, TerminalIdentity till, ReceiptCommand cmd,
            Instant now) throws SQLException {
        Customers.WithBalance found = customers.findWithBalance(c, till.chainId(), cmd.customer(), now);
        if (found == null) {
            throw Refusals.customerNotFound();
        }
        return found;
    }

    private static Calculation evaluate(TerminalIdentity till, Programme p, ReceiptCommand cmd, Customer customer, Balance before,
            PromoCodes.Resolved promos) {
        List<ReceiptInput.Line> lines = new ArrayList<>(cmd.lines().size());
        for (ReceiptCommand.Line l : cmd.lines()) {
            lines.add(new ReceiptInput.Line(l.amountMinor(), l.qty(), l.category()));
        }
        ReceiptInput input = new ReceiptInput(lines, customer != null, customer == null ? null : customer.tierCode(),
                cmd.redeem(), cmd.mode(), before == null ? 0 : before.available(), cmd.offline(),
                occasion(till, cmd, customer, p), preferredMode(customer), promos.offers());
        return ReceiptCalculator.calculate(p, input);
    }

    /** Store-local time of the receipt; the birthday window in the customer's (home store's) time zone. */
    static ReceiptInput.Occasion occasion(TerminalIdentity till, ReceiptCommand cmd, Customer customer, Programme p) {
        java.time.LocalDateTime local = cmd.occurredAt().atZoneSameInstant(till.storeZone()).toLocalDateTime();
        boolean birthday = customer != null && p.birthday() != null
                && BirthdayBonus.inWindow(customer, p, cmd.occurredAt().toInstant(), till.storeZone());
        return new ReceiptInput.Occasion(till.storeCode(), local, birthday);
    }

    private static ReceiptInput.Mode preferredMode(Customer customer) {
        if (customer == null || customer.preferredMode() == null) {
            return ReceiptInput.Mode.auto;
        }
        return ReceiptInput.Mode.valueOf(customer.preferredMode());
    }

    private static ReceiptResult result(ReceiptCommand cmd, Programme p, Customer customer, Calculation calc,
            String status, OffsetDateTime holdExpiresAt, Balance before, Instant now, PromoCodes.Resolved promos) {
        Balance after = null;
        OffsetDateTime earnAt = null;
        List<String> messages = new ArrayList<>(calc.messages());
        if (customer != null) {
            long available = before.available() - calc.pointsRedeemed();
            long pending = before.pending();
            long held = before.held() + ("held".equals(status) ? calc.pointsRedeemed() : 0);
            if (calc.pointsEarned() > 0) {
                Instant at = ConfirmedEffects.earnAvailableAt(p, cmd.occurredAt().toInstant());
                earnAt = at.atOffset(cmd.occurredAt().getOffset());
                if (!"held".equals(status)) {
                    if (at.isAfter(now)) {
                        pending += calc.pointsEarned();
                    } else {
                        available += calc.pointsEarned();
                    }
                }
            }
            after = new Balance(available, pending, held);
        }
        messages.addAll(promos.messages());
        return new ReceiptResult(null, cmd.receiptNo(), status, p.version(), calc.appliedMode().name(),
                customer == null ? null : customer.id(), calc.totalMinor(), calc.discountMinor(),
                calc.paidByPointsMinor(), calc.toPayMinor(), calc.pointsRedeemed(), calc.pointsEarned(), earnAt,
                calc.redeemablePoints(), holdExpiresAt, calc.lines(), after, calc.applied(), List.copyOf(messages));
    }
}
