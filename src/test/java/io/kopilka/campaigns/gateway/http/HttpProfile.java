package io.kopilka.campaigns.gateway.http;

import static io.kopilka.campaigns.gateway.GatewayTestBase.faultTolerance;

import java.util.Map;

import io.kopilka.campaigns.gateway.GatewayScenario;
import io.kopilka.campaigns.gateway.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The HTTP gateway against WireMock on a free port, with a 3 s timeout set by configuration. */
public class HttpProfile implements QuarkusTestProfile {

    static final int PORT = GatewayScenario.freePort("kopilka.test.wiremock-port");
    static final String SECRET = "callback-s3cret";

    @Override
    public Map<String, String> getConfigOverrides() {
        return GatewayTestBase.profile("http", 3000, Map.of(
                "kopilka.sms.http.base-url", "http://localhost:" + PORT,
                "kopilka.sms.http.api-key", "test-api-key",
                "kopilka.sms.http.sender", "Kopilka",
                "kopilka.sms.callback-secret", SECRET,
                faultTolerance("retry.max-retries"), "3"));
    }
}
