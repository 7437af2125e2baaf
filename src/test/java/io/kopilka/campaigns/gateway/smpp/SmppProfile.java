package io.kopilka.campaigns.gateway.smpp;

import java.util.Map;

import io.kopilka.campaigns.gateway.GatewayScenario;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The SMPP gateway against {@link TestSmsc} on a free port, with fault tolerance shortened by configuration. */
public class SmppProfile implements QuarkusTestProfile {

    /** Kept in a system property: the profile and the test class are loaded by different class loaders. */
    static final int PORT = GatewayScenario.freePort("kopilka.test.smsc-port");
    private static final String FT = "quarkus.fault-tolerance.\"io.kopilka.campaigns.gateway.FaultTolerantGateway/submit\".";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("kopilka.sms.gateway", "smpp"),
                Map.entry("kopilka.sms.max-per-second", "500"),
                Map.entry("kopilka.sms.smpp.port", Integer.toString(PORT)),
                Map.entry("kopilka.sms.smpp.system-id", "kopilka-test"),
                Map.entry("kopilka.sms.smpp.password", "secret"),
                Map.entry("kopilka.sms.smpp.response-timeout", "1s"),
                Map.entry("kopilka.sms.smpp.reconnect-delay", "100ms"),
                Map.entry("kopilka.sms.smpp.enquire-link-interval", "2s"),
                Map.entry(FT + "retry.max-retries", "2"),
                Map.entry(FT + "retry.delay", "20"),
                Map.entry(FT + "retry.jitter", "0"),
                Map.entry(FT + "exponential-backoff.max-delay", "100"),
                Map.entry(FT + "circuit-breaker.request-volume-threshold", "4"),
                Map.entry(FT + "timeout.value", "3000"));
    }
}
