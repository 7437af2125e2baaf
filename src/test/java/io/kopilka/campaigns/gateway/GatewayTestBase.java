package io.kopilka.campaigns.gateway;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import io.kopilka.campaigns.CampaignJob;
import io.kopilka.support.Fixtures;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** What the tests of a real gateway share: the job, the sender, a fresh chain and a closed circuit breaker. */
public abstract class GatewayTestBase {

    private static final String FT = "quarkus.fault-tolerance.\"io.kopilka.campaigns.gateway.FaultTolerantGateway/submit\".";

    @Inject
    protected Fixtures fixtures;

    @Inject
    protected CampaignJob job;

    @Inject
    protected SmsSender sender;

    @Inject
    protected CircuitBreakerMaintenance breakers;

    protected GatewayScenario scenario;

    @BeforeEach
    void closeTheBreakerAndStartAChain() {
        breakers.resetAll();
        scenario = new GatewayScenario(fixtures);
    }

    /** The profile of a gateway test: its own settings plus quick retries, a fast rate and this timeout. */
    public static Map<String, String> profile(String gateway, long timeoutMs, Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("kopilka.sms.gateway", gateway);
        config.put("kopilka.sms.max-per-second", "500");
        config.put(FT + "retry.delay", "20");
        config.put(FT + "retry.jitter", "0");
        config.put(FT + "exponential-backoff.max-delay", "100");
        config.put(FT + "timeout.value", Long.toString(timeoutMs));
        return config;
    }

    public static String faultTolerance(String key) {
        return FT + key;
    }
}
