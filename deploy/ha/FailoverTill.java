import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tills selling through a failover (deploy/ha/failover.sh), each as docs/integration.md tells a register to:
 * one sale after another at a steady rate; a receipt that gets 503, 429, 5xx or no answer within the register's
 * 3 s is sent again with the same body after Retry-After (or ½ s, then 1 s), three tries at the till and never
 * more than 5 s of waiting; then the sale goes on without loyalty and the receipt is uploaded later, again with
 * the same body, until it is acknowledged (bounded). Prints what the tills saw and writes the acknowledged
 * receipt numbers, one a line, for the script to compare with the database.
 *
 * java FailoverTill.java BASE_URL KEYS_FILE RUN_ID RECEIPTS_PER_S_PER_TILL SECONDS ACKED_OUT
 */
public class FailoverTill {

    record Receipt(String receiptNo, String key, String body) {
    }

    record Answer(int status, long millis, long atMillis, String retryAfter) {
        boolean acknowledged() {
            return status / 100 == 2;
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    static final int ATTEMPTS_AT_TILL = 3;
    static final long LONGEST_WAIT_AT_TILL_MS = 5_000;
    static final long UPLOAD_FOR_MS = 60_000;
    static final ConcurrentLinkedQueue<Answer> ANSWERS = new ConcurrentLinkedQueue<>();
    static final AtomicReference<String> FIRST_SERVER_ERROR = new AtomicReference<>();
    static final Map<String, Integer> NO_ANSWER_REASONS = new java.util.concurrent.ConcurrentSkipListMap<>();
    static final java.util.concurrent.atomic.AtomicInteger BARE_503 = new java.util.concurrent.atomic.AtomicInteger();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> keys = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
        String run = args[2];
        double ratePerTill = Double.parseDouble(args[3]);
        int seconds = Integer.parseInt(args[4]);
        Path ackedOut = Path.of(args[5]);
        // a customer of each till's own, so that the tills do not queue on one customer's balance
        List<String> phones = new ArrayList<>();
        for (int t = 0; t < keys.size(); t++) {
            String phone = "+7999" + String.format("%07d", Math.floorMod((run + "-" + t).hashCode(), 10_000_000));
            Answer enrolled = post(base + "/api/pos/v1/customers", keys.get(t), "{\"phone\":\"" + phone + "\",\"sms_consent\":false}");
            if (enrolled.status() != 201 && enrolled.status() != 409) {
                System.out.println("enrolment answered " + enrolled.status());
                System.exit(1);
            }
            phones.add(phone);
        }
        ANSWERS.clear();

        long start = System.currentTimeMillis();
        long end = start + seconds * 1000L;
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        List<Receipt> later = Collections.synchronizedList(new ArrayList<>());
        List<Receipt> sold = Collections.synchronizedList(new ArrayList<>());
        List<Thread> tills = new ArrayList<>();
        for (int t = 0; t < keys.size(); t++) {
            int till = t;
            Thread thread = new Thread(() -> sell(base, keys.get(till), run + "-" + (till + 1), phones.get(till), ratePerTill, end, sold,
                    acked, later));
            thread.start();
            tills.add(thread);
        }
        for (Thread till : tills) {
            till.join();
        }
        long loadEnded = System.currentTimeMillis();
        int uploadedLater = 0;
        long uploadUntil = System.currentTimeMillis() + UPLOAD_FOR_MS;
        for (Receipt r : later) {
            while (System.currentTimeMillis() < uploadUntil) {
                if (post(base + "/api/pos/v1/receipts", r.key(), r.body()).acknowledged()) {
                    acked.add(r.receiptNo());
                    uploadedLater++;
                    break;
                }
                Thread.sleep(500);
            }
        }
        Files.write(ackedOut, acked);

        List<Answer> during = ANSWERS.stream().filter(a -> a.atMillis() <= loadEnded).sorted((a, b) -> Long.compare(a.atMillis(), b.atMillis())).toList();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        ANSWERS.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        long longestGap = 0;
        long gapStart = start;
        long previous = start;
        for (Answer a : during) {
            if (a.acknowledged()) {
                if (a.atMillis() - previous > longestGap) {
                    longestGap = a.atMillis() - previous;
                    gapStart = previous;
                }
                previous = a.atMillis();
            }
        }
        if (loadEnded - previous > longestGap) {
            longestGap = loadEnded - previous;
            gapStart = previous;
        }
        System.out.println("receipts_sold=" + sold.size());
        System.out.println("answers_by_status=" + byStatus + " (0 = no answer within 3 s)");
        System.out.println("no_answer_reasons=" + NO_ANSWER_REASONS);
        System.out.println("answers_503_without_problem_json=" + BARE_503.get());
        System.out.println("acknowledged_at_till=" + (acked.size() - uploadedLater));
        System.out.println("sold_without_loyalty_then_uploaded=" + uploadedLater + " of " + later.size());
        System.out.println("acknowledged=" + acked.size());
        System.out.printf("outage_seconds=%.1f (longest run without a 2xx, %s to %s)%n", longestGap / 1000.0,
                clock(gapStart), clock(gapStart + longestGap));
        System.out.println("longest_answer_ms=" + ANSWERS.stream().mapToLong(Answer::millis).max().orElse(0));
        System.out.println("timeline (seconds with an answer other than 2xx):");
        Map<Long, Map<Integer, Integer>> bySecond = new TreeMap<>();
        for (Answer a : during) {
            bySecond.computeIfAbsent((a.atMillis() - start) / 1000, k -> new TreeMap<>()).merge(a.status(), 1, Integer::sum);
        }
        bySecond.forEach((second, counts) -> {
            if (counts.keySet().stream().anyMatch(s -> s / 100 != 2)) {
                System.out.println("  " + clock(start + second * 1000) + " +" + second + "s " + counts);
            }
        });
        if (FIRST_SERVER_ERROR.get() != null) {
            System.out.println("first 5xx other than 503: " + FIRST_SERVER_ERROR.get());
        }
        System.exit(0);
    }

    static void sell(String base, String key, String tillId, String phone, double rate, long end, List<Receipt> sold,
            List<String> acked, List<Receipt> later) {
        long intervalMs = Math.round(1000 / rate);
        long next = System.currentTimeMillis();
        for (int n = 1; System.currentTimeMillis() < end; n++) {
            long sleep = next - System.currentTimeMillis();
            if (sleep > 0) {
                pause(sleep);
            }
            next += intervalMs;
            String no = "HA-" + tillId + "-" + n;
            String body = "{\"receipt_no\":\"" + no + "\",\"occurred_at\":\"" + OffsetDateTime.now(ZoneOffset.UTC).withNano(0)
                    + "\",\"customer\":{\"phone\":\"" + phone + "\"},\"lines\":[{\"sku\":\"1\",\"name\":\"Bread\",\"qty\":\"1\","
                    + "\"amount_minor\":" + (5000 + n % 1000) + "}]}";
            Receipt receipt = new Receipt(no, key, body);
            sold.add(receipt);
            long waited = 0;
            boolean ok = false;
            for (int attempt = 1; attempt <= ATTEMPTS_AT_TILL && !ok; attempt++) {
                Answer a = post(base + "/api/pos/v1/receipts", key, body);
                ok = a.acknowledged();
                if (!ok && attempt < ATTEMPTS_AT_TILL) {
                    long wait = a.retryAfter() != null ? Long.parseLong(a.retryAfter().trim()) * 1000 : attempt * 500L;
                    if (waited + wait > LONGEST_WAIT_AT_TILL_MS) {
                        break;
                    }
                    pause(wait);
                    waited += wait;
                }
            }
            if (ok) {
                acked.add(no);
            } else {
                later.add(receipt);
            }
        }
    }

    /** status 0: no answer (refused, reset, or the register's own 3 s time-out) */
    static Answer post(String url, String key, String body) {
        long start = System.nanoTime();
        int status;
        String retryAfter = null;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT)
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            retryAfter = response.headers().firstValue("Retry-After").filter(v -> v.trim().matches("\\d{1,2}")).orElse(null);
            if (status == 503 && !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                BARE_503.incrementAndGet();
            }
            if (status / 100 == 5 && status != 503) {
                FIRST_SERVER_ERROR.compareAndSet(null, status + " " + response.body());
            }
        } catch (Exception e) {
            status = 0;
            NO_ANSWER_REASONS.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        }
        Answer a = new Answer(status, (System.nanoTime() - start) / 1_000_000, System.currentTimeMillis(), retryAfter);
        ANSWERS.add(a);
        return a;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String clock(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
