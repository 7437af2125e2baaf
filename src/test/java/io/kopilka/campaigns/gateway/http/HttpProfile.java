package io.kopilka.campaigns.gateway.http;

import java.util.Map;

import io.kopilka.campaigns.gateway.GatewayScenario;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The HTTP gateway against WireMock on a free port; a 2 s timeout and quick retries set by configuration. */
public class HttpProfile implements QuarkusTestProfile {

    static final int PORT = GatewayScenario.freePort("kopilka.test.wiremock-port");
    static final String SECRET = "callback-s3cret";
    private static final String FT = "quarkus.fault-tolerance.\"io.kopilka.campaigns.gateway.FaultTolerantGateway/submit\".";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("kopilka.sms.gateway", "http"),
                Map.entry("kopilka.sms.max-per-second", "500"),
                Map.entry("kopilka.sms.http.base-url", "http://localhost:" + PORT),
                Map.entry("kopilka.sms.http.api-key", "test-api-key"),
                Map.entry("kopilka.sms.http.sender", "Kopilka"),
                Map.entry("kopilka.sms.callback-secret", SECRET),
                Map.entry(FT + "retry.max-retries", "3"),
                Map.entry(FT + "retry.delay", "20"),
                Map.entry(FT + "retry.jitter", "0"),
                Map.entry(FT + "exponential-backoff.max-delay", "100"),
                Map.entry(FT + "timeout.value", "2000"));
    }
}
