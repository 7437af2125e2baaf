import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for Kopilka's {@code POST /api/pos/v1/receipts}. Single file, JDK 17, no dependencies:
 * {@code java deploy/bench/LoadGen.java PHASE... [--option value]...}
 *
 * <p>HTTP/1.1 over plain blocking sockets with keep-alive, one connection per worker thread. That keeps
 * the generator's own cost per request to a few microseconds (no HttpClient selector thread, no
 * CompletableFuture hand-offs), which matters on a 2-core machine shared with the service and PostgreSQL.
 *
 * <p>Phases (run in the order given, in one JVM):
 * <ul>
 * <li>{@code warmup}: closed loop, {@code --connections} workers for {@code --warmup-seconds}; not scored.
 * <li>{@code peak}: closed loop, {@code --connections} workers each sending its next receipt as soon as the
 * previous answer arrived, for {@code --peak-seconds}; reports confirmed (2xx) receipts per second.
 * <li>{@code open}: open model, a constant arrival rate of {@code --rate} receipts/s for
 * {@code --open-seconds}. Receipt i is scheduled at start + i/rate whatever happened before; a pool of
 * {@code --open-connections} workers takes receipts in order, waits for the scheduled instant, sends, and
 * records latency = answer time - scheduled time. A stalled server therefore shows up as latency of every
 * receipt that should have been sent during the stall (coordinated omission corrected), not as a gap.
 * <li>{@code open-warmup}: the open model for {@code --open-warmup-seconds}, not scored: lets both JVMs
 * compile the open-model code paths and settle after the peak phase before the scored open phase.
 * <li>{@code selftest}: starts an in-process HTTP sink (canned 201 answer) on a loopback port and runs a
 * closed-loop phase and an open-model phase against it: measures what the generator itself sustains.
 * <li>{@code sink}: only the HTTP sink, on {@code --port}, for {@code --sink-seconds}, so the generator
 * can be measured against a separate process.
 * <li>{@code cpu-watch}: writes {@code --ready-file}, waits 1 s, then reports where the CPU went over the next
 * {@code --watch-seconds} (run.sh starts pgbench when the file appears, so the window lies inside pgbench's run).
 * </ul>
 * Every phase also reports where the machine's CPU went meanwhile, from /proc: {@code machine_busy_pct} (all
 * cores), and in cores: {@code service_cores} ({@code --service-pid}), {@code db_cores} (PostgreSQL's
 * background processes and its backends of {@code --db-name}, or every process of the postmaster {@code --db-pid}),
 * {@code pgbench_cores}, {@code others_cores} (everything else but this generator; a lower bound, as processes that
 * start and end inside the phase are not seen). The machine is shared by design of this workplace: a run with
 * others_cores well above zero measured the neighbours too.
 *
 * <p>Each scored phase prints one line {@code RESULT <phase> key=value ...}; deploy/bench/run.sh parses these.
 * Only loopback targets are accepted.
 */
public class LoadGen {

    // ------------------------------------------------------------------ options

    static final Map<String, String> OPTS = new LinkedHashMap<>();

    static {
        OPTS.put("host", "127.0.0.1");
        OPTS.put("port", "18080");
        OPTS.put("path", "/api/pos/v1/receipts");
        OPTS.put("connections", "32");
        OPTS.put("open-connections", "64");
        OPTS.put("warmup-seconds", "10");
        OPTS.put("peak-seconds", "30");
        OPTS.put("open-seconds", "30");
        OPTS.put("open-warmup-seconds", "5");
        OPTS.put("rate", "500");
        OPTS.put("stores", "200");
        OPTS.put("customers", "100000");
        OPTS.put("redeem-pct", "30");
        OPTS.put("redeem-points", "10");
        OPTS.put("timeout-ms", "10000");
        OPTS.put("max-requests", "5000000");
        OPTS.put("sink-seconds", "120");
        OPTS.put("pause-seconds", "2");
        OPTS.put("receipt-prefix", "");
        OPTS.put("service-pid", "0");
        OPTS.put("ready-file", "");
        OPTS.put("watch-seconds", "10");
        OPTS.put("label", "pgbench");
        OPTS.put("db-name", "kopilka_bench");
        OPTS.put("timeline", "false");
        OPTS.put("timeline-file", "");
        OPTS.put("db-pid", "0");
        OPTS.put("promo-pct", "0");
        OPTS.put("promo-code", "");
        OPTS.put("redeem-min-total-minor", "10000");
        OPTS.put("occurred-days-ago", "0");
        OPTS.put("unanswered-file", "");
    }

    static String opt(String k) {
        return OPTS.get(k);
    }

    static int intOpt(String k) {
        return Integer.parseInt(OPTS.get(k));
    }

    public static void main(String[] args) throws Exception {
        List<String> phases = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a.substring(2);
                String value;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else {
                    if (i + 1 >= args.length) {
                        usage("missing value for --" + key);
                    }
                    value = args[++i];
                }
                if (!OPTS.containsKey(key)) {
                    usage("unknown option --" + key);
                }
                OPTS.put(key, value);
            } else {
                phases.add(a);
            }
        }
        if (phases.isEmpty()) {
            usage("no phase given");
        }
        InetAddress target = InetAddress.getByName(opt("host"));
        if (!target.isLoopbackAddress()) {
            usage("refusing non-loopback target " + opt("host") + ": this benchmark only loads this machine");
        }
        for (String phase : phases) {
            // Start every phase with an empty young generation: with run.sh's -Xmn512m the open model
            // (a few MB/s of garbage) then runs without a single collection of the generator's heap.
            if (!phase.startsWith("cpu-")) {
                System.gc();
            }
            switch (phase) {
                case "warmup" -> closedLoop("warmup", target, intOpt("port"), intOpt("warmup-seconds"));
                case "peak" -> closedLoop("peak", target, intOpt("port"), intOpt("peak-seconds"));
                case "open-warmup" -> openModel("open-warmup", target, intOpt("port"), intOpt("rate"),
                        intOpt("open-warmup-seconds"));
                case "open" -> openModel("open", target, intOpt("port"), intOpt("rate"), intOpt("open-seconds"));
                case "selftest" -> selfTest();
                case "cpu-watch" -> {
                    // Compiled and started: say so, let the measured program start, then watch.
                    java.nio.file.Files.writeString(java.nio.file.Path.of(opt("ready-file")), "ready\n");
                    Thread.sleep(1000);
                    Cpu before = Cpu.take();
                    Thread.sleep(1000L * intOpt("watch-seconds"));
                    System.out.println("RESULT " + opt("label") + "-cpu " + before.reportUntil(Cpu.take()));
                }
                case "sink" -> {
                    Sink sink = Sink.start(intOpt("port"));
                    System.out.println("sink listening on 127.0.0.1:" + sink.port() + " for " + opt("sink-seconds") + " s");
                    Thread.sleep(1000L * intOpt("sink-seconds"));
                    sink.close();
                }
                default -> {
                    if (phase.matches("open-[0-9]+")) { // one of BENCH_REPEAT consecutive scored open-model runs
                        openModel(phase, target, intOpt("port"), intOpt("rate"), intOpt("open-seconds"));
                    } else {
                        usage("unknown phase " + phase);
                    }
                }
            }
            if (!phase.equals("sink") && !phase.startsWith("cpu-")) {
                Thread.sleep(1000L * intOpt("pause-seconds"));
            }
        }
        if (SEQ.get() > 0) {
            System.out.println("TOTAL ok=" + TOTAL_OK.sum() + " receipt_numbers_used=" + SEQ.get()
                    + (opt("unanswered-file").isEmpty() ? "" : " unanswered=" + UNANSWERED.size()));
            if (!opt("unanswered-file").isEmpty()) {
                Files.write(Path.of(opt("unanswered-file")), UNANSWERED);
            }
        }
        System.exit(0);
    }

    static void usage(String problem) {
        System.err.println("LoadGen: " + problem);
        System.err.println("usage: java deploy/bench/LoadGen.java [warmup] [peak] [open-warmup] [open] [selftest] [sink] [--option value]...");
        System.err.println("options (defaults): " + OPTS);
        System.exit(2);
    }

    static void selfTest() throws Exception {
        Sink sink = Sink.start(0);
        InetAddress lo = InetAddress.getLoopbackAddress();
        System.out.println("selftest: generator against an in-process HTTP sink on 127.0.0.1:" + sink.port()
                + " (generator and sink share this JVM and the machine's cores)");
        closedLoop("selftest-peak", lo, sink.port(), intOpt("peak-seconds"));
        Thread.sleep(1000);
        openModel("selftest-open-warmup", lo, sink.port(), intOpt("rate"), intOpt("open-warmup-seconds"));
        System.gc();
        openModel("selftest-open", lo, sink.port(), intOpt("rate"), intOpt("open-seconds"));
        sink.close();
    }

    // ------------------------------------------------------------------ receipts

    /** A product of a small grocery catalogue: sku, name, category, price (minor units), sold by weight. */
    record Product(String sku, String name, String category, long priceMinor, boolean weighed) {
    }

    static final Product[] CATALOGUE = {
            new Product("4607001234", "Milk 3.2% 1l", "dairy", 8990, false),
            new Product("4607001235", "Kefir 1% 900g", "dairy", 7490, false),
            new Product("4607001236", "Cottage cheese 5% 200g", "dairy", 11990, false),
            new Product("4607001237", "Butter 82.5% 180g", "dairy", 21990, false),
            new Product("4607001238", "Сыр Российский", "dairy", 89900, true),
            new Product("4600002001", "Хлеб Бородинский", "bakery", 6490, false),
            new Product("4600002002", "Baguette", "bakery", 5990, false),
            new Product("4600002003", "Croissant", "bakery", 7990, false),
            new Product("2000003001", "Bananas", "produce", 15990, true),
            new Product("2000003002", "Apples Golden", "produce", 17990, true),
            new Product("2000003003", "Tomatoes", "produce", 29990, true),
            new Product("2000003004", "Potatoes", "produce", 4990, true),
            new Product("2000003005", "Cucumbers", "produce", 19990, true),
            new Product("2000004001", "Chicken breast", "meat", 44990, true),
            new Product("2000004002", "Pork neck", "meat", 59990, true),
            new Product("4600005001", "Sausage Doktorskaya 400g", "meat", 32990, false),
            new Product("4600006001", "Buckwheat 900g", "grocery", 10990, false),
            new Product("4600006002", "Pasta 450g", "grocery", 8990, false),
            new Product("4600006003", "Sunflower oil 1l", "grocery", 13990, false),
            new Product("4600006004", "Sugar 1kg", "grocery", 8990, false),
            new Product("4600006005", "Coffee beans 1kg", "grocery", 149990, false),
            new Product("4600006006", "Tea 100 bags", "grocery", 29990, false),
            new Product("4600007001", "Mineral water 1.5l", "drinks", 6990, false),
            new Product("4600007002", "Orange juice 1l", "drinks", 17990, false),
            new Product("4600007003", "Cola 2l", "drinks", 15990, false),
            new Product("4600008001", "Beer 0.5l", "alcohol", 10990, false),
            new Product("4600008002", "Wine red 0.75l", "alcohol", 69990, false),
            new Product("4600009001", "Cigarettes", "tobacco", 25000, false),
            new Product("4600010001", "Dish soap 500ml", "household", 14990, false),
            new Product("4600010002", "Toilet paper 8 rolls", "household", 39990, false),
            new Product("4600010003", "Laundry gel 1l", "household", 54990, false),
            new Product("4600011001", "Chocolate 90g", "sweets", 10990, false),
            new Product("4600011002", "Cookies 300g", "sweets", 15990, false),
    };

    static final DateTimeFormatter OCCURRED = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    static final ZoneOffset MOSCOW = ZoneOffset.ofHours(3);
    static final AtomicLong SEQ = new AtomicLong();
    static final String RUN_ID = Long.toString(System.currentTimeMillis(), 36);
    static final LongAdder REDEEMING = new LongAdder();
    static final LongAdder PROMO = new LongAdder();
    /** 2xx answers over all phases of this run: run.sh compares it with the receipts stored. */
    static final LongAdder TOTAL_OK = new LongAdder();
    /**
     * The receipt numbers of requests without a 2xx answer. A 503 "no answer within 2000 ms" or a timeout may still
     * be recorded a moment later (a till's retry would get that result), so run.sh checks the receipts stored
     * outside this list against the 2xx answers, and says how many of these were recorded.
     */
    static final Queue<String> UNANSWERED = new ConcurrentLinkedQueue<>();

    /** Keeps the receipt_no of one of nextRequest's requests, when --unanswered-file asks for them. */
    static void unanswered(byte[] request) {
        if (opt("unanswered-file").isEmpty()) {
            return;
        }
        String text = new String(request, StandardCharsets.UTF_8);
        int from = text.indexOf("\"receipt_no\":\"") + 14;
        UNANSWERED.add(text.substring(from, text.indexOf('"', from)));
    }

    /** One complete HTTP request for a random receipt at a random store, with a unique receipt_no. */
    static byte[] nextRequest(String host, int port) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int store = 1 + r.nextInt(intOpt("stores"));
        int customer = 1 + r.nextInt(intOpt("customers"));
        boolean redeem = r.nextInt(100) < intOpt("redeem-pct");
        boolean promo = r.nextInt(100) < intOpt("promo-pct");
        long totalMinor = 0;
        long seq = SEQ.incrementAndGet();
        String receiptNo = opt("receipt-prefix") + "L" + RUN_ID + "-" + seq;
        String occurredAt = OffsetDateTime.now(MOSCOW).minusDays(intOpt("occurred-days-ago"))
                .truncatedTo(ChronoUnit.SECONDS).format(OCCURRED);

        StringBuilder b = new StringBuilder(1024);
        b.append("{\"receipt_no\":\"").append(receiptNo).append("\",\"occurred_at\":\"").append(occurredAt)
                .append("\",\"customer\":{\"phone\":\"+7900").append(String.format(Locale.ROOT, "%07d", customer))
                .append("\"},\"lines\":[");
        int lines = 2 + r.nextInt(7); // 2..8
        for (int i = 0; i < lines; i++) {
            Product p = CATALOGUE[r.nextInt(CATALOGUE.length)];
            String qty;
            long amount;
            if (p.weighed()) {
                int grams = 150 + r.nextInt(1850);
                qty = String.format(Locale.ROOT, "%d.%03d", grams / 1000, grams % 1000);
                amount = (p.priceMinor() * grams + 500) / 1000;
            } else {
                int q = r.nextInt(10) < 8 ? 1 : 2 + r.nextInt(2);
                qty = Integer.toString(q);
                amount = p.priceMinor() * q;
            }
            totalMinor += amount;
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"sku\":\"").append(p.sku()).append("\",\"name\":\"").append(p.name())
                    .append("\",\"category\":\"").append(p.category()).append("\",\"qty\":\"").append(qty)
                    .append("\",\"amount_minor\":").append(amount).append('}');
        }
        b.append(']');
        // A receipt of two small weighed lines cannot carry 10 points under a 30 % share cap (422
        // redeem-limit-exceeded): such receipts do not ask to redeem, so that the generator provokes no refusal.
        redeem &= totalMinor >= Long.parseLong(opt("redeem-min-total-minor"));
        if (promo) {
            b.append(",\"promo_codes\":[\"").append(opt("promo-code")).append("\"]");
            PROMO.increment();
        }
        if (redeem) {
            b.append(",\"redeem_points\":").append(opt("redeem-points"));
            REDEEMING.increment();
        }
        b.append('}');
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        String head = "POST " + opt("path") + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Authorization: Bearer bench-key-" + store + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] req = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, req, h.length, body.length);
        return req;
    }

    // ------------------------------------------------------------------ HTTP/1.1 client connection

    /** One keep-alive connection; reconnects after an error or a "Connection: close". Not thread-safe. */
    static final class Conn {
        final InetAddress addr;
        final int port;
        final int timeoutMs;
        Socket socket;
        InputStream in;
        OutputStream out;
        final byte[] lineBuf = new byte[8192];
        final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        static final List<Conn> ALL = new ArrayList<>();

        Conn(InetAddress addr, int port, int timeoutMs) {
            this.addr = addr;
            this.port = port;
            this.timeoutMs = timeoutMs;
            synchronized (ALL) {
                ALL.add(this);
            }
        }

        void open() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.setSoTimeout(timeoutMs);
            s.connect(new InetSocketAddress(addr, port), Math.min(timeoutMs, 3000));
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 16384);
            out = new BufferedOutputStream(s.getOutputStream(), 16384);
        }

        void close() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        /** Sends one request, reads the whole answer; returns the status code. Body kept in {@link #body}. */
        int exchange(byte[] request) throws IOException {
            if (socket == null) {
                open();
            }
            try {
                out.write(request);
                out.flush();
                String status = readLine();
                if (status == null || !status.startsWith("HTTP/1.")) {
                    throw new IOException("bad status line: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = status.startsWith("HTTP/1.0");
                String line;
                while ((line = readLine()) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        continue;
                    }
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                        chunked = true;
                    } else if (name.equalsIgnoreCase("Connection")) {
                        close = value.equalsIgnoreCase("close");
                    }
                }
                if (line == null) {
                    throw new IOException("connection closed in headers");
                }
                body.reset();
                if (chunked) {
                    while (true) {
                        String size = readLine();
                        if (size == null) {
                            throw new IOException("connection closed in chunked body");
                        }
                        int semi = size.indexOf(';');
                        long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                        if (n == 0) {
                            while ((line = readLine()) != null && !line.isEmpty()) {
                                // trailers
                            }
                            break;
                        }
                        readBody(n);
                        readLine();
                    }
                } else if (length >= 0) {
                    readBody(length);
                } else if (code != 204 && code != 304) {
                    // no length: body until close
                    readBody(Long.MAX_VALUE);
                    close = true;
                }
                if (close) {
                    close();
                }
                return code;
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        private void readBody(long n) throws IOException {
            byte[] buf = lineBuf;
            long left = n;
            while (left > 0) {
                int got = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (got < 0) {
                    if (n == Long.MAX_VALUE) {
                        return;
                    }
                    throw new IOException("connection closed in body");
                }
                if (body.size() < 65536) {
                    body.write(buf, 0, got);
                }
                left -= got;
            }
        }

        private String readLine() throws IOException {
            int len = 0;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return len == 0 ? null : new String(lineBuf, 0, len, StandardCharsets.ISO_8859_1);
                }
                if (c == '\n') {
                    if (len > 0 && lineBuf[len - 1] == '\r') {
                        len--;
                    }
                    return new String(lineBuf, 0, len, StandardCharsets.ISO_8859_1);
                }
                if (len == lineBuf.length) {
                    throw new IOException("header line too long");
                }
                lineBuf[len++] = (byte) c;
            }
        }

        static void closeAll() {
            synchronized (ALL) {
                for (Conn c : ALL) {
                    c.close();
                }
                ALL.clear();
            }
        }
    }

    // ------------------------------------------------------------------ outcome bookkeeping

    static final class Outcomes {
        final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
        final LongAdder ok = new LongAdder();
        final AtomicInteger samples = new AtomicInteger();
        final List<String> errorSamples = new ArrayList<>();

        void record(int status, Conn conn, byte[] request) {
            byStatus.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
            if (status >= 200 && status < 300) {
                ok.increment();
                TOTAL_OK.increment();
                return;
            }
            unanswered(request);
            if (samples.getAndIncrement() < 5) {
                String body = conn.body.toString(StandardCharsets.UTF_8);
                synchronized (errorSamples) {
                    errorSamples.add(status + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body));
                }
            }
        }

        void recordFailure(String kind, Exception e, byte[] request) {
            byStatus.computeIfAbsent(kind, k -> new LongAdder()).increment();
            unanswered(request);
            if (samples.getAndIncrement() < 5) {
                synchronized (errorSamples) {
                    errorSamples.add(kind + " " + e);
                }
            }
        }

        long errors() {
            long n = 0;
            for (Map.Entry<String, LongAdder> e : byStatus.entrySet()) {
                char c = e.getKey().charAt(0);
                if (c != '2') {
                    n += e.getValue().sum();
                }
            }
            return n;
        }

        String statusSummary() {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, LongAdder> e : new TreeMap<>(byStatus).entrySet()) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(e.getKey()).append(':').append(e.getValue().sum());
            }
            return b.length() == 0 ? "none" : b.toString();
        }

        void printErrorSamples(String phase) {
            synchronized (errorSamples) {
                for (String s : errorSamples) {
                    System.out.println("  " + phase + " error sample: " + s.replace('\n', ' '));
                }
            }
        }
    }

    /** Growable long array, one per worker (no sharing while recording). */
    static final class Longs {
        long[] a = new long[1024];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }
    }

    static double cpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** Nearest-rank percentile of a sorted array. */
    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String latencySummary(long[] sorted) {
        return "p50_ms=" + ms(pct(sorted, 0.50)) + " p90_ms=" + ms(pct(sorted, 0.90)) + " p99_ms="
                + ms(pct(sorted, 0.99)) + " p999_ms=" + ms(pct(sorted, 0.999)) + " max_ms="
                + ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    static void joinAll(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread t : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        boolean stuck = false;
        for (Thread t : threads) {
            stuck |= t.isAlive();
        }
        if (stuck) {
            System.out.println("  some workers still busy at the hard deadline: closing their connections");
            Conn.closeAll();
            for (Thread t : threads) {
                t.join(2000);
            }
        }
    }

    // ------------------------------------------------------------------ closed loop (warmup, peak)

    static void closedLoop(String phase, InetAddress addr, int port, int seconds) throws Exception {
        int n = intOpt("connections");
        int timeoutMs = intOpt("timeout-ms");
        long maxRequests = Long.parseLong(opt("max-requests"));
        String host = addr.getHostAddress();
        Outcomes out = new Outcomes();
        AtomicLong budget = new AtomicLong(maxRequests);
        Longs[] lat = new Longs[n];
        List<Thread> threads = new ArrayList<>();
        long redeemBefore = REDEEMING.sum();
        long promoBefore = PROMO.sum();
        double cpu0 = cpuSeconds();
        Cpu machine0 = Cpu.take();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int i = 0; i < n; i++) {
            Longs mine = lat[i] = new Longs();
            Thread t = new Thread(() -> {
                Conn c = new Conn(addr, port, timeoutMs);
                try {
                    while (System.nanoTime() < end && budget.decrementAndGet() >= 0) {
                        byte[] req = nextRequest(host, port);
                        long t0 = System.nanoTime();
                        try {
                            int status = c.exchange(req);
                            mine.add(System.nanoTime() - t0);
                            out.record(status, c, req);
                        } catch (SocketTimeoutException e) {
                            out.recordFailure("timeout", e, req);
                        } catch (IOException e) {
                            out.recordFailure("io", e, req);
                            LockSupport.parkNanos(10_000_000L); // do not spin on a refused connection
                        }
                    }
                } finally {
                    c.close();
                }
            }, phase + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        joinAll(threads, end + (timeoutMs + 5000L) * 1_000_000L);
        long elapsed = System.nanoTime() - start;
        double cpu = cpuSeconds() - cpu0;
        String machine = machine0.reportUntil(Cpu.take());
        int total = 0;
        for (Longs l : lat) {
            total += l.n;
        }
        long[] all = new long[total];
        int k = 0;
        for (Longs l : lat) {
            System.arraycopy(l.a, 0, all, k, l.n);
            k += l.n;
        }
        Arrays.sort(all);
        double secs = elapsed / 1e9;
        long ok = out.ok.sum();
        System.out.println("RESULT " + phase + " connections=" + n + " seconds=" + String.format(Locale.ROOT, "%.2f", secs)
                + " requests=" + (total + out.byStatus.getOrDefault("io", new LongAdder()).sum()
                        + out.byStatus.getOrDefault("timeout", new LongAdder()).sum())
                + " ok=" + ok + " receipts_per_s=" + String.format(Locale.ROOT, "%.1f", ok / secs)
                + " errors=" + out.errors() + " statuses=" + out.statusSummary()
                + " redeeming=" + (REDEEMING.sum() - redeemBefore) + " promo=" + (PROMO.sum() - promoBefore)
                + " " + latencySummary(all)
                + " loadgen_cpu_pct=" + String.format(Locale.ROOT, "%.0f", 100 * cpu / secs) + " " + machine);
        out.printErrorSamples(phase);
    }

    // ------------------------------------------------------------------ open model

    static void openModel(String phase, InetAddress addr, int port, int rate, int seconds) throws Exception {
        int workers = intOpt("open-connections");
        int timeoutMs = intOpt("timeout-ms");
        String host = addr.getHostAddress();
        int total = rate * seconds;
        double intervalNanos = 1e9 / rate;
        long[] latency = new long[total];
        long[] sendLag = new long[total];
        boolean[] done = new boolean[total];
        Outcomes out = new Outcomes();
        AtomicInteger next = new AtomicInteger();
        LongAdder notSent = new LongAdder();
        long redeemBefore = REDEEMING.sum();
        long promoBefore = PROMO.sum();
        // Pre-open the connections so connect() does not land inside the measurement.
        Conn[] conns = new Conn[workers];
        for (int i = 0; i < workers; i++) {
            conns[i] = new Conn(addr, port, timeoutMs);
            try {
                conns[i].open();
            } catch (IOException e) {
                // retried on first use
            }
        }
        double cpu0 = cpuSeconds();
        Cpu machine0 = Cpu.take();
        long start = System.nanoTime() + 50_000_000L;
        long startEpochMillis = System.currentTimeMillis() + 50;
        long lastScheduled = start + (long) ((total - 1) * intervalNanos);
        // Receipts whose scheduled time is more than this far in the past are not sent any more: the
        // phase must end; they are reported as not_sent errors.
        long sendDeadline = lastScheduled + 10_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Conn c = conns[w];
            Thread t = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        long scheduled = start + (long) (i * intervalNanos);
                        byte[] req = nextRequest(host, port);
                        long now;
                        while ((now = System.nanoTime()) < scheduled) {
                            LockSupport.parkNanos(scheduled - now);
                        }
                        if (now > sendDeadline) {
                            notSent.increment();
                            continue;
                        }
                        sendLag[i] = now - scheduled;
                        try {
                            int status = c.exchange(req);
                            latency[i] = System.nanoTime() - scheduled;
                            done[i] = true;
                            out.record(status, c, req);
                        } catch (SocketTimeoutException e) {
                            latency[i] = System.nanoTime() - scheduled;
                            done[i] = true;
                            out.recordFailure("timeout", e, req);
                        } catch (IOException e) {
                            latency[i] = System.nanoTime() - scheduled;
                            done[i] = true;
                            out.recordFailure("io", e, req);
                        }
                    }
                } finally {
                    c.close();
                }
            }, phase + "-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        joinAll(threads, sendDeadline + (timeoutMs + 5000L) * 1_000_000L);
        long elapsed = System.nanoTime() - start;
        double cpu = cpuSeconds() - cpu0;
        String machine = machine0.reportUntil(Cpu.take());
        int measured = 0;
        for (boolean d : done) {
            measured += d ? 1 : 0;
        }
        long[] lat = new long[measured];
        long[] lag = new long[measured];
        int k = 0;
        for (int i = 0; i < total; i++) {
            if (done[i]) {
                lat[k] = latency[i];
                lag[k++] = sendLag[i];
            }
        }
        Arrays.sort(lat);
        Arrays.sort(lag);
        long unsent = notSent.sum() + Math.max(0, total - next.get());
        long unfinished = Math.max(0, total - measured - unsent); // still in flight at the hard deadline
        long errors = out.errors() + unsent + unfinished;
        double secs = elapsed / 1e9;
        String worstSecond = timeline(phase, latency, done, rate, startEpochMillis);
        System.out.println("RESULT " + phase + " rate_per_s=" + rate + " seconds=" + seconds + " scheduled=" + total
                + " measured=" + measured + " ok=" + out.ok.sum() + " errors=" + errors + " not_sent=" + unsent + " unfinished=" + unfinished
                + " statuses=" + out.statusSummary() + " redeeming=" + (REDEEMING.sum() - redeemBefore)
                + " promo=" + (PROMO.sum() - promoBefore)
                + " achieved_per_s=" + String.format(Locale.ROOT, "%.1f", measured / secs)
                + " " + latencySummary(lat)
                + " send_lag_p99_ms=" + ms(pct(lag, 0.99)) + " send_lag_max_ms=" + ms(lag.length == 0 ? 0 : lag[lag.length - 1])
                + " loadgen_cpu_pct=" + String.format(Locale.ROOT, "%.0f", 100 * cpu / secs) + " " + worstSecond + " " + machine);
        out.printErrorSamples(phase);
    }

    /**
     * p99 and max of each second of the phase, by scheduled time (UTC clock, to match with the GC and PostgreSQL
     * logs): printed with --timeline true, appended to --timeline-file when given. Returns the worst second.
     */
    static String timeline(String phase, long[] latency, boolean[] done, int rate, long startEpochMillis)
            throws IOException {
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
        StringBuilder lines = new StringBuilder();
        long worstP99 = -1;
        String worstAt = "n/a";
        for (int from = 0; from < latency.length; from += rate) {
            int to = Math.min(latency.length, from + rate);
            long[] second = new long[to - from];
            int n = 0;
            for (int i = from; i < to; i++) {
                if (done[i]) {
                    second[n++] = latency[i];
                }
            }
            long[] lat = Arrays.copyOf(second, n);
            Arrays.sort(lat);
            String at = clock.format(java.time.Instant.ofEpochMilli(startEpochMillis + 1000L * from / rate));
            long p99 = pct(lat, 0.99);
            if (p99 > worstP99) {
                worstP99 = p99;
                worstAt = at;
            }
            lines.append("TIMELINE ").append(phase).append(" at=").append(at).append(" p99_ms=").append(ms(p99))
                    .append(" max_ms=").append(ms(n == 0 ? 0 : lat[n - 1])).append(" answered=").append(n).append('\n');
        }
        if (Boolean.parseBoolean(opt("timeline"))) {
            System.out.print(lines);
        }
        if (!opt("timeline-file").isEmpty()) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(opt("timeline-file")), lines,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        return "worst_second_p99_ms=" + ms(Math.max(0, worstP99)) + " worst_second_at=" + worstAt;
    }

    // ------------------------------------------------------------------ where the CPU went

    /** A snapshot of /proc: machine jiffies and each process's CPU ticks (Linux only; empty elsewhere). */
    static final class Cpu {
        static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux build that matters
        long wallMillis;
        long total;
        long idle;
        /** pid -> {starttime, ticks, kind: 1 database process of this benchmark, 2 pgbench, 0 other} */
        final Map<Long, long[]> procs = new java.util.HashMap<>();

        static Cpu take() {
            Cpu c = new Cpu();
            c.wallMillis = System.currentTimeMillis();
            try {
                String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 1; i < f.length && i <= 8; i++) {
                    c.total += Long.parseLong(f[i]);
                }
                c.idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                try (java.nio.file.DirectoryStream<java.nio.file.Path> dirs =
                        java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"), "[0-9]*")) {
                    for (java.nio.file.Path d : dirs) {
                        try {
                            String stat = java.nio.file.Files.readString(d.resolve("stat"));
                            String[] r = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            // after "pid (comm) ": r[0] = state (field 3); utime = field 14, stime 15, starttime 22
                            long ticks = Long.parseLong(r[11]) + Long.parseLong(r[12]);
                            long startTime = Long.parseLong(r[19]);
                            int uid = (Integer) java.nio.file.Files.getAttribute(d, "unix:uid");
                            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            long pid = Long.parseLong(d.getFileName().toString());
                            long parent = Long.parseLong(r[1]);
                            long kind = ourDatabaseProcess(d, uid, pid, parent) ? 1 : comm.equals("pgbench") ? 2 : 0;
                            c.procs.put(Long.parseLong(d.getFileName().toString()), new long[] {startTime, ticks, kind});
                        } catch (IOException | RuntimeException e) {
                            // the process ended meanwhile
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: the report says n/a
            }
            return c;
        }

        static final int PG_UID = postgresUid();

        /**
         * A PostgreSQL process working for the benchmark: with --db-pid, the process of that postmaster and its
         * children; else (a shared server) a client backend of --db-name, or a background process (walwriter,
         * checkpointer, ...). Backends of other databases are other work.
         */
        static boolean ourDatabaseProcess(java.nio.file.Path proc, int uid, long pid, long parent) {
            long postmaster = Long.parseLong(opt("db-pid"));
            if (postmaster > 0) { // the benchmark's own cluster: its postmaster and every process it started
                return pid == postmaster || parent == postmaster;
            }
            if (uid != PG_UID) {
                return false;
            }
            try {
                String cmd = new String(java.nio.file.Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').trim();
                String[] t = cmd.split(" +");
                // client backend title: "postgres: <user> <database> <host(port)|[local]> <state>"
                boolean clientBackend = t.length >= 4 && t[0].equals("postgres:") && (t[3].contains("(") || t[3].equals("[local]"));
                return !clientBackend || t[2].equals(opt("db-name"));
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }

        static int postgresUid() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/etc/passwd"))) {
                    String[] f = line.split(":");
                    if (f.length > 2 && f[0].equals("postgres")) {
                        return Integer.parseInt(f[2]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unknown
            }
            return -1;
        }

        /** machine_busy_pct, service_cores, db_cores, others_cores between this snapshot and a later one. */
        String reportUntil(Cpu after) {
            double seconds = (after.wallMillis - wallMillis) / 1000.0;
            long dt = after.total - total;
            if (seconds <= 0 || dt <= 0) {
                return "machine_busy_pct=n/a";
            }
            long self = ProcessHandle.current().pid();
            java.util.Set<Long> mine = new java.util.HashSet<>();
            mine.add(self);
            ProcessHandle.current().parent().ifPresent(p -> {
                mine.add(p.pid());
                p.parent().ifPresent(pp -> mine.add(pp.pid()));
            });
            long service = Long.parseLong(opt("service-pid"));
            long serviceTicks = 0;
            long dbTicks = 0;
            long pgbenchTicks = 0;
            long otherTicks = 0;
            for (Map.Entry<Long, long[]> e : after.procs.entrySet()) {
                long[] now = e.getValue();
                long[] then = procs.get(e.getKey());
                long ticks = then != null && then[0] == now[0] ? now[1] - then[1] : now[1];
                if (e.getKey() == service) {
                    serviceTicks += ticks;
                } else if (now[2] == 1) {
                    dbTicks += ticks;
                } else if (now[2] == 2) {
                    pgbenchTicks += ticks;
                } else if (!mine.contains(e.getKey())) {
                    otherTicks += ticks;
                }
            }
            double busy = 100.0 * (dt - (after.idle - idle)) / dt;
            return String.format(Locale.ROOT,
                    "machine_busy_pct=%.0f service_cores=%.2f db_cores=%.2f pgbench_cores=%.2f others_cores=%.2f",
                    busy, serviceTicks / TICKS_PER_SECOND / seconds, dbTicks / TICKS_PER_SECOND / seconds,
                    pgbenchTicks / TICKS_PER_SECOND / seconds, otherTicks / TICKS_PER_SECOND / seconds);
        }
    }

    // ------------------------------------------------------------------ HTTP sink for the self-test

    /** Minimal HTTP/1.1 server that answers every request with a canned 201 receipt result. */
    static final class Sink {
        final ServerSocket server;
        final List<Socket> sockets = new ArrayList<>();
        static final byte[] ANSWER;

        static {
            String json = "{\"receipt_id\":\"123456\",\"status\":\"confirmed\",\"rules_version\":1,\"total_minor\":42980,"
                    + "\"discount_minor\":0,\"paid_by_points_minor\":1000,\"to_pay_minor\":41980,\"points_redeemed\":10,"
                    + "\"points_earned\":20,\"points_earned_available_at\":\"2026-12-06T10:15:00+03:00\",\"lines\":["
                    + "{\"line_index\":0,\"discount_minor\":0,\"paid_by_points_minor\":500,\"final_amount_minor\":17480,\"points_earned\":8},"
                    + "{\"line_index\":1,\"discount_minor\":0,\"paid_by_points_minor\":500,\"final_amount_minor\":24500,\"points_earned\":12}],"
                    + "\"balance\":{\"available\":4990,\"pending\":20,\"held\":0},\"applied\":[{\"rule\":\"tier:base\",\"text\":\"Base: 5% back\"}],"
                    + "\"messages\":[]}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            ANSWER = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, ANSWER, h.length, body.length);
        }

        Sink(ServerSocket server) {
            this.server = server;
        }

        static Sink start(int port) throws IOException {
            ServerSocket ss = new ServerSocket();
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            Sink sink = new Sink(ss);
            Thread acceptor = new Thread(sink::acceptLoop, "sink-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return sink;
        }

        int port() {
            return server.getLocalPort();
        }

        void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    synchronized (sockets) {
                        sockets.add(s);
                    }
                    Thread t = new Thread(() -> serve(s), "sink-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16384);
                byte[] line = new byte[8192];
                byte[] skip = new byte[8192];
                while (true) {
                    long length = 0;
                    int len;
                    boolean first = true;
                    while (true) {
                        len = 0;
                        int c;
                        while ((c = in.read()) >= 0 && c != '\n') {
                            if (len < line.length) {
                                line[len++] = (byte) c;
                            }
                        }
                        if (c < 0) {
                            return;
                        }
                        if (len > 0 && line[len - 1] == '\r') {
                            len--;
                        }
                        if (len == 0) {
                            if (first) {
                                continue;
                            }
                            break;
                        }
                        first = false;
                        String h = new String(line, 0, len, StandardCharsets.ISO_8859_1);
                        if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                            length = Long.parseLong(h.substring(15).trim());
                        }
                    }
                    while (length > 0) {
                        int got = in.read(skip, 0, (int) Math.min(skip.length, length));
                        if (got < 0) {
                            return;
                        }
                        length -= got;
                    }
                    out.write(ANSWER);
                    out.flush();
                }
            } catch (IOException e) {
                // client went away
            }
        }

        void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }
}
