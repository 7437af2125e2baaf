import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A register's loyalty calls to Kopilka, done the way docs/integration.md describes: plain Java 17, the JDK's
 * HttpClient, no framework. One file, so it runs as it is:
 *
 * <pre>java RegisterClient.java http://localhost:8080 kpk_demo_store_0001_till_1 +79001234567</pre>
 *
 * It looks the customer up, calculates a sale, holds it, confirms it after the "payment", returns one item, then
 * sells while Kopilka is unreachable (without loyalty, queued) and uploads the queue through the offline batch.
 */
public final class RegisterClient {

    /** The register's own bound on one call: above Kopilka's 2 s answer time-out, so Kopilka's 503 comes first. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** At the till: three tries, and never a wait longer than this, before the sale goes on without loyalty. */
    static final int ATTEMPTS_AT_TILL = 3;
    static final Duration LONGEST_WAIT_AT_TILL = Duration.ofSeconds(5);
    /** Offline receipts go up in chunks small enough to be answered within the 2 s time-out. */
    static final int BATCH_CHUNK = 50;

    private final Kopilka kopilka;
    private final PrintStream out;
    /** Receipts sold without loyalty, waiting for the offline batch (in a real register: on disk). */
    private final List<Map<String, Object>> offlineQueue = new ArrayList<>();
    /** Held receipts whose confirmation did not get through; retried until their hold runs out. */
    private final List<Long> unconfirmed = new ArrayList<>();

    public RegisterClient(URI base, String terminalKey, PrintStream out) {
        this.kopilka = new Kopilka(base, terminalKey);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java RegisterClient.java <base url> <terminal key> <customer phone>");
            System.exit(2);
        }
        String receiptPrefix = "EX-" + System.currentTimeMillis() / 1000;
        RegisterClient register = new RegisterClient(URI.create(args[0]), args[1], System.out);
        register.demo(args[2], receiptPrefix, URI.create("http://127.0.0.1:9"));
    }

    /**
     * The whole example: a loyalty sale with hold and confirm, a return, and two sales while Kopilka is away
     * (simulated by {@code unreachable}, an address nobody answers at) uploaded afterwards.
     */
    public void demo(String phone, String receiptPrefix, URI unreachable) {
        Map<String, Object> customer = lookup(phone);
        if (customer == null) {
            return;
        }
        Map<String, Object> sale = receipt(receiptPrefix + "-1", phone);
        sale.put("redeem_points", "max");
        Map<String, Object> calculated = calculate(sale);
        if (calculated == null) {
            return;
        }
        sale.put("redeem_points", Json.num(calculated, "redeemable_points"));
        Map<String, Object> held = hold(sale);
        if (held == null) {
            return;
        }
        long receiptId = Json.num(held, "receipt_id");
        // The register's own time-out fired before the answer came: the same body again is safe.
        retrySameBody(sale);
        confirm(receiptId);
        returnOne(receiptId, "RT-" + receiptPrefix + "-1", 0);

        RegisterClient cutOff = new RegisterClient(unreachable, kopilka.key, out);
        cutOff.hold(receipt(receiptPrefix + "-2", phone));
        cutOff.hold(receipt(receiptPrefix + "-3", null));
        offlineQueue.addAll(cutOff.offlineQueue);
        List<Map<String, Object>> sent = new ArrayList<>(offlineQueue);
        uploadOffline();
        out.println("batch again: the same receipts answer " + statuses(kopilka.batch(sent)));
    }

    /** The customer as the cashier sees it; null when unknown or when Kopilka is away (sell without loyalty). */
    public Map<String, Object> lookup(String phone) {
        try {
            Answer a = kopilka.call("GET", "/api/pos/v1/customers/lookup?phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8), null);
            if (a.status() != 200) {
                out.println("lookup: refused " + a.status() + " " + a.problem() + ": sell without loyalty");
                return null;
            }
            out.println("lookup: customer " + Json.num(a.body(), "customer_id") + ", " + Json.num(a.body(), "balance.available")
                    + " points available");
            return a.body();
        } catch (KopilkaAway e) {
            out.println("lookup: Kopilka away (" + e.getMessage() + "): sell without loyalty");
            return null;
        }
    }

    /** The dry run: what the customer pays and how many points the receipt could take. */
    public Map<String, Object> calculate(Map<String, Object> receipt) {
        try {
            Answer a = kopilka.call("POST", "/api/pos/v1/receipts/calculate", receipt);
            if (a.status() != 200) {
                out.println("calculate: refused " + a.status() + " " + a.problem());
                return null;
            }
            out.println("calculate: total " + Json.num(a.body(), "total_minor") + ", up to "
                    + Json.num(a.body(), "redeemable_points") + " points, to pay " + Json.num(a.body(), "to_pay_minor"));
            return a.body();
        } catch (KopilkaAway e) {
            out.println("calculate: Kopilka away (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Records the receipt as held before the payment. When Kopilka cannot be reached the sale goes on without
     * loyalty and the receipt is queued for the offline batch (which may earn but not redeem): null then.
     */
    public Map<String, Object> hold(Map<String, Object> receipt) {
        Map<String, Object> body = new LinkedHashMap<>(receipt);
        body.put("hold", true);
        try {
            Answer a = kopilka.call("POST", "/api/pos/v1/receipts", body);
            if (a.status() != 201 && a.status() != 200) {
                out.println("hold: refused " + a.status() + " " + a.problem());
                return null;
            }
            out.println("hold: receipt " + Json.num(a.body(), "receipt_id") + " " + a.body().get("status") + ", "
                    + Json.num(a.body(), "points_redeemed") + " points reserved until " + a.body().get("hold_expires_at"));
            return a.body();
        } catch (KopilkaAway e) {
            Map<String, Object> offline = new LinkedHashMap<>(receipt);
            offline.remove("redeem_points");
            offline.remove("hold");
            offlineQueue.add(offline);
            out.println("offline: Kopilka away (" + e.getMessage() + "), " + receipt.get("receipt_no")
                    + " sold without loyalty and queued");
            return null;
        }
    }

    private void retrySameBody(Map<String, Object> sale) {
        Map<String, Object> body = new LinkedHashMap<>(sale);
        body.put("hold", true);
        try {
            Answer a = kopilka.call("POST", "/api/pos/v1/receipts", body);
            out.println("retry: same body answered " + a.status() + (a.replayed() ? " (replayed)" : "") + ", receipt "
                    + Json.num(a.body(), "receipt_id"));
        } catch (KopilkaAway e) {
            out.println("retry: Kopilka away (" + e.getMessage() + ")");
        }
    }

    /** The payment went through. A confirmation that cannot get through is kept and sent again later. */
    public Map<String, Object> confirm(long receiptId) {
        try {
            Answer a = kopilka.call("POST", "/api/pos/v1/receipts/" + receiptId + "/confirm", null);
            if (a.status() != 200) {
                out.println("confirm: refused " + a.status() + " " + a.problem());
                return null;
            }
            out.println("confirm: receipt " + receiptId + " " + a.body().get("status") + ", "
                    + Json.num(a.body(), "points_redeemed") + " points redeemed, " + Json.num(a.body(), "points_earned")
                    + " points earned");
            return a.body();
        } catch (KopilkaAway e) {
            unconfirmed.add(receiptId);
            out.println("confirm: Kopilka away (" + e.getMessage() + "), receipt " + receiptId + " kept to confirm later");
            return null;
        }
    }

    /** The payment did not go through (or the sale went on without loyalty): the hold is released. */
    public Map<String, Object> cancel(long receiptId) {
        try {
            Answer a = kopilka.call("POST", "/api/pos/v1/receipts/" + receiptId + "/cancel", null);
            if (a.status() != 200) {
                out.println("cancel: refused " + a.status() + " " + a.problem());
                return null;
            }
            out.println("cancel: receipt " + receiptId + " " + a.body().get("status"));
            return a.body();
        } catch (KopilkaAway e) {
            out.println("cancel: Kopilka away (" + e.getMessage() + "), the hold runs out by itself");
            return null;
        }
    }

    /** Returns one piece of a line of a confirmed receipt. */
    public Map<String, Object> returnOne(long receiptId, String returnNo, int lineIndex) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("line_index", lineIndex);
        line.put("qty", "1");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("return_no", returnNo);
        body.put("lines", List.of(line));
        try {
            Answer a = kopilka.call("POST", "/api/pos/v1/receipts/" + receiptId + "/returns", body);
            if (a.status() != 201 && a.status() != 200) {
                out.println("return: refused " + a.status() + " " + a.problem());
                return null;
            }
            out.println("return: " + returnNo + " took back " + Json.num(a.body(), "points_reversed")
                    + " points earned, gave back " + Json.num(a.body(), "points_refunded") + " points redeemed");
            return a.body();
        } catch (KopilkaAway e) {
            out.println("return: Kopilka away (" + e.getMessage() + "): take the goods back, send the return later");
            return null;
        }
    }

    /**
     * Sends what waited while Kopilka was away: confirmations first (a hold runs out), then the offline receipts in
     * chunks. An item answered 2xx is done, 4xx is refused for good (a person looks at it), 5xx or 429 stays queued.
     */
    public void uploadOffline() {
        for (Iterator<Long> it = unconfirmed.iterator(); it.hasNext();) {
            if (confirm(it.next()) != null) {
                it.remove();
            }
        }
        List<Map<String, Object>> keep = new ArrayList<>();
        for (int from = 0; from < offlineQueue.size(); from += BATCH_CHUNK) {
            List<Map<String, Object>> chunk = offlineQueue.subList(from, Math.min(offlineQueue.size(), from + BATCH_CHUNK));
            List<Map<String, Object>> results = kopilka.batch(chunk);
            if (results == null) {
                keep.addAll(chunk);
                continue;
            }
            for (Map<String, Object> item : results) {
                int index = (int) Json.num(item, "index");
                long status = Json.num(item, "status");
                String no = String.valueOf(item.get("receipt_no"));
                if (status == 200 || status == 201) {
                    Map<?, ?> result = (Map<?, ?>) item.get("result");
                    out.println("batch: " + no + " " + status + ", " + result.get("points_earned") + " points earned");
                } else if (status == 429 || status >= 500) {
                    keep.add(chunk.get(index));
                    out.println("batch: " + no + " " + status + ", kept for the next upload");
                } else {
                    Map<?, ?> problem = (Map<?, ?>) item.get("problem");
                    out.println("batch: " + no + " refused " + status + " " + Answer.slug(problem));
                    if ("receipt-conflict".equals(Answer.slug(problem)) && problem.get("receipt_id") instanceof Number id) {
                        // A hold whose answer never came was recorded after all; the sale went on without loyalty.
                        cancel(id.longValue());
                    }
                }
            }
        }
        offlineQueue.clear();
        offlineQueue.addAll(keep);
    }

    public List<Map<String, Object>> offlineQueue() {
        return offlineQueue;
    }

    private static String statuses(List<Map<String, Object>> results) {
        if (results == null) {
            return "nothing (Kopilka away)";
        }
        List<Object> s = new ArrayList<>();
        for (Map<String, Object> item : results) {
            s.add(item.get("status"));
        }
        return s.toString();
    }

    /** A sale of two lines (two bottles of milk and a bread); an anonymous one without a phone. */
    static Map<String, Object> receipt(String receiptNo, String phone) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("receipt_no", receiptNo);
        r.put("occurred_at", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        if (phone != null) {
            r.put("customer", Map.of("phone", phone));
        }
        r.put("lines", List.of(line("4607001234", "Milk 1l", "dairy", "2", 17980), line("4600000042", "Bread", "bakery", "1", 4500)));
        return r;
    }

    private static Map<String, Object> line(String sku, String name, String category, String qty, long amountMinor) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("sku", sku);
        l.put("name", name);
        l.put("category", category);
        l.put("qty", qty);
        l.put("amount_minor", amountMinor);
        return l;
    }

    /** Kopilka could not be reached, or answered only 503/429/5xx, within the register's patience. */
    static final class KopilkaAway extends Exception {
        KopilkaAway(String why) {
            super(why);
        }
    }

    /** One HTTP answer: status, JSON body (a result or a problem) and whether it was a replay. */
    record Answer(int status, Map<String, Object> body, boolean replayed) {
        String problem() {
            return slug(body);
        }

        static String slug(Map<?, ?> problem) {
            Object type = problem == null ? null : problem.get("type");
            return type == null ? "" : type.toString().substring(type.toString().lastIndexOf('/') + 1);
        }
    }

    /** The transport: time-outs, and retries of the very same bytes after 503, 429, 5xx or no answer. */
    static final class Kopilka {
        private final URI base;
        private final String key;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1).build();

        Kopilka(URI base, String key) {
            this.base = base;
            this.key = key;
        }

        Answer call(String method, String path, Map<String, Object> body) throws KopilkaAway {
            String json = body == null ? "" : Json.write(body);
            return call(method, path, json, ATTEMPTS_AT_TILL, LONGEST_WAIT_AT_TILL);
        }

        /** The offline batch's results in the order sent; null when Kopilka did not take it (keep it queued). */
        List<Map<String, Object>> batch(List<Map<String, Object>> receipts) {
            try {
                Answer a = call("POST", "/api/pos/v1/receipts/batch", Json.write(Map.of("receipts", receipts)),
                        ATTEMPTS_AT_TILL, LONGEST_WAIT_AT_TILL);
                if (a.status() != 200) {
                    return null;
                }
                List<Map<String, Object>> results = new ArrayList<>();
                for (Object item : (List<?>) a.body().get("results")) {
                    results.add(Json.object(item));
                }
                return results;
            } catch (KopilkaAway e) {
                return null;
            }
        }

        private Answer call(String method, String path, String json, int attempts, Duration longestWait) throws KopilkaAway {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT)
                    .header("Authorization", "Bearer " + key).header("Accept", "application/json");
            if ("POST".equals(method)) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            }
            String trouble = "";
            for (int attempt = 1;; attempt++) {
                Duration wait = backoff(attempt);
                try {
                    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    Map<String, Object> answer = Json.objectOrEmpty(r.body());
                    Answer a = new Answer(r.statusCode(), answer, r.headers().firstValue("Idempotent-Replayed").isPresent());
                    if (r.statusCode() != 429 && r.statusCode() < 500) {
                        return a;
                    }
                    trouble = r.statusCode() + " " + a.problem();
                    wait = retryAfter(r).orElse(wait);
                } catch (HttpTimeoutException e) {
                    trouble = "no answer within " + CALL_TIMEOUT.toMillis() + " ms";
                } catch (IOException e) {
                    trouble = "cannot connect: " + e.getClass().getSimpleName();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KopilkaAway("interrupted");
                }
                if (attempt >= attempts || wait.compareTo(longestWait) > 0) {
                    throw new KopilkaAway(trouble + " after " + attempt + " tries");
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KopilkaAway("interrupted");
                }
            }
        }

        /** Half a second, then a second, ..., with jitter so a store's registers do not come back all at once. */
        private static Duration backoff(int attempt) {
            return Duration.ofMillis(500L * attempt + ThreadLocalRandom.current().nextLong(250));
        }

        private static Optional<Duration> retryAfter(HttpResponse<?> r) {
            try {
                return r.headers().firstValue("Retry-After").map(s -> Duration.ofSeconds(Long.parseLong(s.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** Just enough JSON for the POS API: objects, arrays, strings, integers, decimals, booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json p = new Json(text);
            Object v = p.value();
            p.space();
            if (p.i != text.length()) {
                throw new IllegalArgumentException("trailing data at " + p.i);
            }
            return v;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(Object v) {
            return v instanceof Map ? (Map<String, Object>) v : Map.of();
        }

        /** The JSON object in an answer; empty when there is none (a bare 413 or 414 from the HTTP server). */
        static Map<String, Object> objectOrEmpty(String text) {
            try {
                return text.isBlank() ? Map.of() : object(parse(text));
            } catch (RuntimeException e) {
                return Map.of();
            }
        }

        /** A number at a dotted path ("balance.available"); 0 when absent (the API leaves out nulls). */
        static long num(Map<?, ?> m, String path) {
            Object v = m;
            for (String name : path.split("\\.")) {
                v = v instanceof Map<?, ?> map ? map.get(name) : null;
            }
            return v instanceof Number n ? n.longValue() : 0;
        }

        static String write(Object v) {
            StringBuilder b = new StringBuilder();
            write(v, b);
            return b.toString();
        }

        private static void write(Object v, StringBuilder b) {
            if (v == null) {
                b.append("null");
            } else if (v instanceof Map<?, ?> m) {
                b.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(sep);
                    write(String.valueOf(e.getKey()), b);
                    b.append(':');
                    write(e.getValue(), b);
                    sep = ",";
                }
                b.append('}');
            } else if (v instanceof List<?> l) {
                b.append('[');
                for (int k = 0; k < l.size(); k++) {
                    b.append(k > 0 ? "," : "");
                    write(l.get(k), b);
                }
                b.append(']');
            } else if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else {
                b.append('"');
                for (char c : v.toString().toCharArray()) {
                    switch (c) {
                        case '"' -> b.append("\\\"");
                        case '\\' -> b.append("\\\\");
                        case '\n' -> b.append("\\n");
                        case '\r' -> b.append("\\r");
                        case '\t' -> b.append("\\t");
                        default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                    }
                }
                b.append('"');
            }
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                do {
                    space();
                    String name = string();
                    space();
                    expect(':');
                    m.put(name, value());
                    space();
                } while (s.charAt(i++) == ',');
                expectPrevious('}');
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (s.charAt(i++) == ',');
                expectPrevious(']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            BigDecimal n = new BigDecimal(s.substring(start, i));
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                return n;
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            for (char c = s.charAt(i++); c != '"'; c = s.charAt(i++)) {
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }

        private void expectPrevious(char c) {
            if (s.charAt(i - 1) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }
    }
}
