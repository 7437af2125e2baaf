package io.kopilka.app.demo;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.checkout.Checkout;
import io.kopilka.checkout.ReceiptCommand;
import io.kopilka.checkout.Recorded;
import io.kopilka.checkout.ReturnCommand;
import io.kopilka.checkout.Returns;
import io.kopilka.customers.Customer;
import io.kopilka.customers.CustomerRef;
import io.kopilka.customers.Enrolment;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.rules.ReceiptInput;

/**
 * A year of shopping: customers enrol at a till and come back at their own rhythm (loyal, regular,
 * occasional, or gone after a few months), some anonymous shoppers, a few returns. Every receipt goes
 * through the checkout use case with the clock set to the moment it happened, so the ledger, lots and
 * receipts are exactly what the POS API would have produced over that year.
 */
@ApplicationScoped
public class DemoHistory {

    private static final Logger LOG = Logger.getLogger(DemoHistory.class);

    public record Summary(int customers, long customerReceipts, long anonymousReceipts, long returns, long failures,
            Duration took) {
    }

    private enum Segment {
        LOYAL(0.20, 8, 0), REGULAR(0.40, 21, 0), OCCASIONAL(0.30, 55, 0), GONE(0.10, 10, 120);

        final double share;
        final double meanDaysBetweenVisits;
        final int activeDaysMax;

        Segment(double share, double meanDaysBetweenVisits, int activeDaysMax) {
            this.share = share;
            this.meanDaysBetweenVisits = meanDaysBetweenVisits;
            this.activeDaysMax = activeDaysMax;
        }
    }

    private record Visit(Instant at, DemoChain.Store store) {
    }

    private record Plan(int index, long seed, DemoChain.Store home, Segment segment, List<Visit> visits) {
    }

    @Inject
    Enrolment enrolment;

    @Inject
    Checkout checkout;

    @Inject
    Returns returns;

    private final AtomicLong receiptSeq = new AtomicLong();
    private final AtomicLong customerReceipts = new AtomicLong();
    private final AtomicLong anonymousReceipts = new AtomicLong();
    private final AtomicLong returnCount = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public Summary load(DemoChain chain, int customers, Instant start, Instant end, int threads, long seed)
            throws Exception {
        long began = System.nanoTime();
        customerReceipts.set(0);
        anonymousReceipts.set(0);
        returnCount.set(0);
        failures.set(0);

        List<Plan> plans = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            plans.add(plan(chain, i, seed, start, end));
        }
        plans.removeIf(p -> p.visits().isEmpty());
        plans.sort(Comparator.comparing(p -> p.visits().get(0).at()));
        long[] customerIds = enrolAll(plans);
        LOG.infof("Demo: %d customers enrolled, recording a year of receipts (%d threads)", plans.size(), threads);

        long planned = plans.stream().mapToLong(p -> p.visits().size()).sum();
        long anonymous = Math.round(planned * 0.35);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                Plan p = plans.get(i);
                long customerId = customerIds[i];
                work.add(pool.submit(() -> {
                    shop(p, customerId, end);
                    return null;
                }));
            }
            int chunks = 20;
            for (int k = 0; k < chunks; k++) {
                long from = anonymous * k / chunks;
                long to = anonymous * (k + 1) / chunks;
                long chunkSeed = seed * 7919 + k;
                work.add(pool.submit(() -> {
                    anonymous(chain, to - from, chunkSeed, start, end);
                    return null;
                }));
            }
            long step = Math.max(1, (planned + anonymous) / 10);
            long nextReport = step;
            for (Future<?> f : work) {
                f.get();
                long done = customerReceipts.get() + anonymousReceipts.get();
                if (done >= nextReport) {
                    LOG.infof("Demo: %d of about %d receipts recorded", done, planned + anonymous);
                    nextReport = (done / step + 1) * step;
                }
            }
        } finally {
            pool.shutdown();
        }
        return new Summary(plans.size(), customerReceipts.get(), anonymousReceipts.get(), returnCount.get(),
                failures.get(), Duration.ofNanos(System.nanoTime() - began));
    }

    private static Plan plan(DemoChain chain, int index, long seed, Instant start, Instant end) {
        Random rnd = new Random(seed * 1_000_003L + index);
        Segment segment = pick(rnd);
        DemoChain.Store home = byShare(chain.stores(), rnd.nextDouble());
        double spanDays = Duration.between(start, end).toSeconds() / 86400.0;
        // more members joined early in the year than late: the programme had a launch
        double enrolDay = Math.pow(rnd.nextDouble(), 1.5) * spanDays;
        Instant last = segment.activeDaysMax > 0
                ? min(end, start.plusSeconds((long) ((enrolDay + 20 + rnd.nextInt(segment.activeDaysMax)) * 86400)))
                : end;
        List<Visit> visits = new ArrayList<>();
        double day = enrolDay;
        while (true) {
            DemoChain.Store store = rnd.nextDouble() < 0.88 ? home : chain.stores().get(rnd.nextInt(chain.stores().size()));
            Instant at = shoppingTime(store.till(), start.plusSeconds((long) (day * 86400)), rnd);
            if (at.isAfter(last) || at.isAfter(end)) {
                break;
            }
            if (visits.isEmpty() || at.isAfter(visits.get(visits.size() - 1).at().plusSeconds(3600))) {
                visits.add(new Visit(at, store));
            }
            day += 0.5 - Math.log(1 - rnd.nextDouble()) * segment.meanDaysBetweenVisits;
        }
        return new Plan(index, seed * 1_000_003L + index, home, segment, visits);
    }

    /** Enrolled one after another in the order they joined, so a friend's referral code already exists. */
    private long[] enrolAll(List<Plan> plans) throws SQLException {
        long[] ids = new long[plans.size()];
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            Random rnd = new Random(p.seed() ^ 0x5DEECE66DL);
            Visit first = p.visits().get(0);
            String phone = "+7916" + String.format("%07d", 1_000_000 + (p.index() * 7_919L) % 9_000_000);
            String card = rnd.nextDouble() < 0.6 ? "2000" + String.format("%09d", 100_000_000L + p.index()) : null;
            String name = DemoCatalogue.FIRST_NAMES.get(rnd.nextInt(DemoCatalogue.FIRST_NAMES.size())) + " "
                    + DemoCatalogue.LAST_INITIALS.get(rnd.nextInt(DemoCatalogue.LAST_INITIALS.size()));
            LocalDate birth = LocalDate.of(1955 + rnd.nextInt(50), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
            String referral = !codes.isEmpty() && rnd.nextDouble() < 0.06 ? codes.get(rnd.nextInt(codes.size())) : null;
            Customer c = enrolment.enrol(first.store().till(), new Enrolment.Application(phone, card, name, birth,
                    rnd.nextDouble() < 0.8, referral, "ru"), first.at().minusSeconds(120));
            ids[i] = c.id();
            codes.add(c.referralCode());
        }
        return ids;
    }

    private void shop(Plan p, long customerId, Instant end) {
        Random rnd = new Random(p.seed() ^ 0x2545F4914F6CDD1DL);
        double appetite = switch (p.segment()) {
            case LOYAL -> 1.3;
            case REGULAR -> 1.0;
            case OCCASIONAL -> 1.6;
            case GONE -> 0.8;
        };
        for (int v = 0; v < p.visits().size(); v++) {
            Visit visit = p.visits().get(v);
            boolean redeem = v >= 3 && rnd.nextDouble() < 0.3;
            List<ReceiptCommand.Line> lines = DemoCatalogue.basket(rnd, appetite);
            Recorded r = record(visit.store().till(), visit.at(), new CustomerRef(null, null, customerId), lines,
                    redeem ? new ReceiptInput.Redeem(true, 0) : ReceiptInput.Redeem.NONE);
            if (r == null) {
                continue;
            }
            customerReceipts.incrementAndGet();
            Instant next = v + 1 < p.visits().size() ? p.visits().get(v + 1).at() : end;
            Instant returnAt = visit.at().plus(Duration.ofHours(20 + rnd.nextInt(96)));
            if (rnd.nextDouble() < 0.02 && returnAt.isBefore(next)) {
                giveBack(visit.store().till(), r.result().receiptId(), lines.get(0).qty(), returnAt);
            }
        }
    }

    private void anonymous(DemoChain chain, long count, long seed, Instant start, Instant end) {
        Random rnd = new Random(seed);
        long span = Duration.between(start, end).toSeconds();
        for (long i = 0; i < count; i++) {
            DemoChain.Store store = byShare(chain.stores(), rnd.nextDouble());
            Instant at = shoppingTime(store.till(), start.plusSeconds((long) (rnd.nextDouble() * span)), rnd);
            if (at.isAfter(end)) {
                continue;
            }
            if (record(store.till(), at, null, DemoCatalogue.basket(rnd, 0.8), ReceiptInput.Redeem.NONE) != null) {
                anonymousReceipts.incrementAndGet();
            }
        }
    }

    private Recorded record(TerminalIdentity till, Instant at, CustomerRef customer, List<ReceiptCommand.Line> lines,
            ReceiptInput.Redeem redeem) {
        String receiptNo = "D" + till.storeCode() + "-" + receiptSeq.incrementAndGet();
        ReceiptCommand cmd = new ReceiptCommand(receiptNo, at.atZone(till.storeZone()).toOffsetDateTime(), customer,
                lines, redeem, ReceiptInput.Mode.auto, null, false, false,
                Secrets.sha256((till.storeId() + "/" + receiptNo).getBytes(StandardCharsets.UTF_8)));
        try {
            return checkout.record(till, cmd, at.plusSeconds(15));
        } catch (SQLException | RuntimeException e) {
            failed("receipt " + receiptNo, e);
            return null;
        }
    }

    private void giveBack(TerminalIdentity till, long receiptId, java.math.BigDecimal qty, Instant at) {
        ReturnCommand cmd = new ReturnCommand("R1", List.of(new ReturnCommand.Line(0, qty)),
                Secrets.sha256(("return/" + receiptId).getBytes(StandardCharsets.UTF_8)));
        try {
            returns.create(till, receiptId, cmd, at);
            returnCount.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            failed("return of receipt " + receiptId, e);
        }
    }

    private void failed(String what, Exception e) {
        if (failures.incrementAndGet() <= 5) {
            LOG.warnf(e, "Demo: %s failed", what);
        }
    }

    /** Local shopping hours of the store: mostly after work, some in the morning, none at night. */
    private static Instant shoppingTime(TerminalIdentity till, Instant day, Random rnd) {
        LocalDate date = day.atZone(till.storeZone()).toLocalDate();
        int hour = rnd.nextDouble() < 0.55 ? 17 + rnd.nextInt(4) : 8 + rnd.nextInt(9);
        LocalTime time = LocalTime.of(hour, rnd.nextInt(60), rnd.nextInt(60));
        return ZonedDateTime.of(date, time, till.storeZone()).toInstant();
    }

    private static Segment pick(Random rnd) {
        double x = rnd.nextDouble();
        for (Segment s : Segment.values()) {
            x -= s.share;
            if (x < 0) {
                return s;
            }
        }
        return Segment.REGULAR;
    }

    private static DemoChain.Store byShare(List<DemoChain.Store> stores, double x) {
        for (DemoChain.Store s : stores) {
            x -= s.shareOfCustomers();
            if (x < 0) {
                return s;
            }
        }
        return stores.get(stores.size() - 1);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
