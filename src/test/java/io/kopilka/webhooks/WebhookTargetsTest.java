package io.kopilka.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import io.kopilka.platform.webhooks.WebhookSettings;
import io.kopilka.platform.webhooks.WebhookTargets;

/** Where webhooks may go when private targets are not allowed (production's default). */
class WebhookTargetsTest {

    private final WebhookTargets production = WebhookTargetsTest.targets(false);

    static WebhookTargets targets(boolean allowPrivate) {
        WebhookSettings settings = (WebhookSettings) Proxy.newProxyInstance(WebhookTargetsTest.class.getClassLoader(),
                new Class<?>[] {WebhookSettings.class}, (proxy, method, args) -> {
                    if (method.getName().equals("allowPrivateTargets")) {
                        return allowPrivate;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return WebhookTargets.with(settings);
    }

    @Test
    void plainHttpIsRefused() {
        assertEquals(WebhookTargets.NOT_HTTPS, production.refusal("http://93.184.215.14/hook"));
    }

    @Test
    void loopbackPrivateLinkLocalAndLocalNamesAreRefused() {
        for (String url : new String[] {"https://127.0.0.1/h", "https://localhost:8443/h", "https://10.1.2.3/h",
                "https://172.16.0.1/h", "https://192.168.1.10/h", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/h", "https://[fd00::1]/h", "https://[fe80::1]/h", "https://0.0.0.0/h",
                "https://100.64.0.1/h", "https://[::ffff:10.0.0.1]/h"}) {
            assertEquals(WebhookTargets.NOT_PUBLIC, production.refusal(url), url);
        }
    }

    @Test
    void httpsToAPublicAddressIsAccepted() {
        assertNull(production.refusal("https://93.184.215.14/hooks/kopilka"));
        assertNull(production.refusal("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/h"));
    }

    @Test
    void notAnHttpUrlIsRefusedWhateverTheSetting() {
        WebhookTargets tests = targets(true);
        assertEquals("must be an http(s) URL of at most 2048 characters", tests.refusal("ftp://example.com/x"));
        assertEquals("must be an http(s) URL of at most 2048 characters", tests.refusal("https://user:pw@example.com/"));
        assertNull(tests.refusal("http://127.0.0.1:8089/hook"));
    }
}
