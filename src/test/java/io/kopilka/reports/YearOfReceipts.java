package io.kopilka.reports;

import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;

import java.util.List;
import java.util.Random;

import io.kopilka.support.Fixtures;

/** Test data for the retention figures: customers buying over more than a year, mostly at a home store. */
public final class YearOfReceipts {

    private YearOfReceipts() {
    }

    /** A chain with the franchisees Alfa and Beta, a till of each and one of head office, and Alfa's user. */
    public record Shop(Fixtures.Chain chain, long alfa, List<Fixtures.Till> tills, String alfaUser) {

        public static final String ALFA_PASSWORD = "alfa-password";

        public static Shop open(Fixtures fixtures) {
            Fixtures.Chain chain = fixtures.chain();
            long alfa = fixtures.franchisee(chain.id(), "Alfa");
            long beta = fixtures.franchisee(chain.id(), "Beta");
            List<Fixtures.Till> tills = List.of(fixtures.till(chain.id(), "Europe/Moscow", alfa),
                    fixtures.till(chain.id(), "Europe/Moscow", beta), fixtures.till(chain.id(), "Europe/Moscow", null));
            return new Shop(chain, alfa, tills, fixtures.franchiseeUser(chain.id(), alfa, ALFA_PASSWORD));
        }
    }

    /**
     * {@code customers} customers, each at home at one of the tills (the first one for half of them) and now and
     * then at another, 1–5 receipts on days up to 480 days back (the POS takes today's receipts; they are moved
     * back here). The same seed gives the same purchases relative to today.
     */
    public static void buy(Fixtures fixtures, long chainId, List<Fixtures.Till> tills, int customers, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < customers; i++) {
            String phone = newPhone();
            int home = random.nextInt(4) < 2 ? 0 : 1 + random.nextInt(tills.size() - 1);
            enrol(tills.get(home), phone);
            int receipts = 1 + random.nextInt(5);
            for (int r = 0; r < receipts; r++) {
                Fixtures.Till till = random.nextInt(5) == 0 ? tills.get(random.nextInt(tills.size())) : tills.get(home);
                String no = newReceiptNo();
                record(till, receipt(no, phone, null, 10000 + random.nextInt(90000))).statusCode(201);
                fixtures.execute("UPDATE receipts SET occurred_at = occurred_at - make_interval(days => ?) "
                        + "WHERE chain_id = ? AND store_id = ? AND receipt_no = ?", random.nextInt(480), chainId,
                        till.storeId(), no);
            }
        }
    }
}
