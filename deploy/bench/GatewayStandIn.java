// A stand-in for an SMS.ru-style HTTP gateway, for deploy/bench/campaigns.sh (docs/benchmark.md):
//   java deploy/bench/GatewayStandIn.java PORT DELAY_MS LOG
// Answers every POST /sms/send after DELAY_MS with {"status": "OK", "sms": {"<to>": {"status": "OK", "sms_id": "<id>"}}},
// many requests at once, and writes one line per accepted message to LOG: "<sms_id> <to> <parts-of-msg-length>".
// The bench counts duplicates and missing messages from that log. Stops on SIGTERM, the log flushed.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class GatewayStandIn {

    private static final AtomicLong IDS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long delayMs = Long.parseLong(args[1]);
        BufferedWriter log = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8);
        // answers are delayed on a timer, not by a sleeping thread, so any number may wait at once
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/sms/send", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String to = form.getOrDefault("to", "");
            String id = "stand-in-" + IDS.incrementAndGet();
            synchronized (log) {
                log.write(id + " " + to + " " + form.getOrDefault("msg", "").length());
                log.newLine();
                log.flush();
            }
            String body = "{\"status\": \"OK\", \"status_code\": 100, \"sms\": {\"" + to + "\": {\"status\": \"OK\","
                    + " \"status_code\": 100, \"sms_id\": \"" + id + "\"}}}";
            timer.schedule(() -> answer(exchange, body), delayMs, TimeUnit.MILLISECONDS);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            synchronized (log) {
                try {
                    log.close();
                } catch (IOException e) {
                    // nothing more to write
                }
            }
        }));
        server.start();
        System.out.println("gateway stand-in on 127.0.0.1:" + port + ", answering after " + delayMs + " ms");
    }

    private static void answer(HttpExchange exchange, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            System.err.println("answer not written: " + e);
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
