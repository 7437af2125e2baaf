import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tills selling at a steady rate through a database fault (deploy/faults/db-restart.sh): every receipt is sent
 * once at its planned time; afterwards every receipt that got no 2xx is sent again with the same body, as a
 * register does, until it gets one (bounded). Prints what the tills saw and writes the acknowledged receipt
 * numbers, one a line, for the script to compare with the database.
 *
 * java SteadyTill.java BASE_URL KEYS_FILE RUN_ID RATE_PER_S SECONDS ACKED_OUT
 */
public class SteadyTill {

    record Sent(String receiptNo, String key, String body) {
    }

    record Answer(int status, long millis, long atMillis) {
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    static final java.util.concurrent.atomic.AtomicReference<String> FIRST_REFUSAL = new java.util.concurrent.atomic.AtomicReference<>();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> keys = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
        String run = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        Path ackedOut = Path.of(args[5]);

        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String phone = "+7999" + String.format("%07d", Math.floorMod((run + i).hashCode(), 10_000_000));
            Answer a = post(base + "/api/pos/v1/customers", keys.get(i % keys.size()),
                    "{\"phone\":\"" + phone + "\",\"sms_consent\":false}");
            if (a.status() != 201 && a.status() != 409) {
                System.out.println("enrolment of " + phone + " answered " + a.status());
                System.exit(1);
            }
            phones.add(phone);
        }

        Map<String, Sent> sent = new ConcurrentHashMap<>();
        Map<String, Answer> first = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Answer> all = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(64, rate * 12));
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        AtomicLong seq = new AtomicLong();
        long total = (long) rate * seconds;
        long startMillis = System.currentTimeMillis();
        clock.scheduleAtFixedRate(() -> {
            long n = seq.incrementAndGet();
            if (n > total) {
                return;
            }
            String no = "F-" + run + "-" + n;
            String key = keys.get((int) (n % keys.size()));
            String phone = phones.get((int) (n % phones.size()));
            String body = "{\"receipt_no\":\"" + no + "\",\"occurred_at\":\""
                    + OffsetDateTime.now(ZoneOffset.UTC).withNano(0) + "\",\"customer\":{\"phone\":\"" + phone
                    + "\"},\"lines\":[{\"sku\":\"1\",\"name\":\"Bread\",\"qty\":\"1\",\"amount_minor\":" + (5000 + n % 1000)
                    + "}]}";
            Sent s = new Sent(no, key, body);
            sent.put(no, s);
            pool.execute(() -> {
                Answer a = post(base + "/api/pos/v1/receipts", key, body);
                first.put(no, a);
                all.add(a);
            });
        }, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
        long deadline = System.currentTimeMillis() + seconds * 1000L + 15_000;
        while (first.size() < Math.min(total, seq.get()) || seq.get() < total) {
            if (System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        clock.shutdownNow();
        pool.shutdown();
        pool.awaitTermination(15, TimeUnit.SECONDS);

        // the registers send again, with the same body, what got no 2xx
        List<String> acked = new ArrayList<>();
        int retried = 0;
        long retryUntil = System.currentTimeMillis() + 60_000;
        for (Sent s : sent.values()) {
            Answer a = first.get(s.receiptNo());
            boolean ok = a != null && a.status() / 100 == 2;
            if (!ok) {
                retried++;
            }
            while (!ok && System.currentTimeMillis() < retryUntil) {
                Answer again = post(base + "/api/pos/v1/receipts", s.key(), s.body());
                all.add(again);
                ok = again.status() / 100 == 2;
                if (!ok) {
                    Thread.sleep(500);
                }
            }
            if (ok) {
                acked.add(s.receiptNo());
            }
        }
        Files.write(ackedOut, acked);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        first.values().forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        long longest = all.stream().mapToLong(Answer::millis).max().orElse(0);
        long outageSeconds = all.stream().filter(a -> a.status() / 100 != 2)
                .mapToLong(a -> (a.atMillis() - startMillis) / 1000).distinct().count();
        System.out.println("sent=" + sent.size());
        System.out.println("first_answers_by_status=" + byStatus);
        System.out.println("retried=" + retried);
        System.out.println("acknowledged=" + acked.size());
        System.out.println("outage_seconds=" + outageSeconds);
        System.out.println("longest_answer_ms=" + longest);
        System.exit(0);
    }

    /** status 0: no answer at all (connection refused, or the client's own 10 s time-out) */
    static Answer post(String url, String key, String body) {
        long start = System.nanoTime();
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(CLIENT_TIMEOUT)
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            if (status / 100 != 2 && status != 503 && FIRST_REFUSAL.compareAndSet(null, status + " " + response.body())) {
                System.out.println("first refusal: " + FIRST_REFUSAL.get());
            }
        } catch (Exception e) {
            status = 0;
        }
        return new Answer(status, (System.nanoTime() - start) / 1_000_000, System.currentTimeMillis());
    }
}
