import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver that answers every POST after sleeping (deploy/bench/webhooks.sh): the slow receiver a
 * checkout must not notice. java deploy/bench/SlowReceiver.java PORT SLEEP_MS; GET /count answers how many
 * deliveries it has answered.
 */
public class SlowReceiver {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long sleepMillis = Long.parseLong(args[1]);
        AtomicLong answered = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answered.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/count", exchange -> {
            byte[] text = Long.toString(answered.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, text.length);
            exchange.getResponseBody().write(text);
            exchange.close();
        });
        server.start();
        System.out.println("slow receiver on 127.0.0.1:" + port + ", " + sleepMillis + " ms per answer");
    }
}
