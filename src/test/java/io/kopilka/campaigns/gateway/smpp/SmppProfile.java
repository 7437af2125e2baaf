package io.kopilka.campaigns.gateway.smpp;

import static io.kopilka.campaigns.gateway.GatewayTestBase.faultTolerance;

import java.util.Map;

import io.kopilka.campaigns.gateway.GatewayScenario;
import io.kopilka.campaigns.gateway.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The SMPP gateway against {@link TestSmsc} on a free port; the breaker opens after 4 failed attempts. */
public class SmppProfile implements QuarkusTestProfile {

    /** Kept in a system property: the profile and the test class are loaded by different class loaders. */
    static final int PORT = GatewayScenario.freePort("kopilka.test.smsc-port");

    @Override
    public Map<String, String> getConfigOverrides() {
        return GatewayTestBase.profile("smpp", 3000, Map.of(
                "kopilka.sms.smpp.port", Integer.toString(PORT),
                "kopilka.sms.smpp.system-id", "kopilka-test",
                "kopilka.sms.smpp.password", "secret",
                "kopilka.sms.smpp.response-timeout", "1s",
                "kopilka.sms.smpp.reconnect-delay", "100ms",
                "kopilka.sms.smpp.enquire-link-interval", "2s",
                faultTolerance("retry.max-retries"), "2",
                faultTolerance("circuit-breaker.request-volume-threshold"), "4"));
    }
}
