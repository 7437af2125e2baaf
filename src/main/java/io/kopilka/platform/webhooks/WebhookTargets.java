package io.kopilka.platform.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where webhooks may go: https to a public address, unless {@code kopilka.webhooks.allow-private-targets} lets
 * http and loopback, private and link-local addresses in (tests, receivers inside the chain's network). Checked
 * when an endpoint is registered and again before every attempt, on the addresses the name resolves to then
 * (a name that pointed outside at registration may point inside later).
 */
@ApplicationScoped
public class WebhookTargets {

    public static final int MAX_URL_LENGTH = 2048;
    public static final String NOT_HTTPS = "must be an https URL";
    public static final String NOT_PUBLIC = "must not be a loopback, private or link-local address";

    @Inject
    WebhookSettings settings;

    /** Targets checked under the given settings (outside CDI: tests of the production rules). */
    public static WebhookTargets with(WebhookSettings settings) {
        WebhookTargets t = new WebhookTargets();
        t.settings = settings;
        return t;
    }

    /** Why the URL cannot be registered (a field message), or null; names that do not resolve yet are let in. */
    public String refusal(String url) {
        URI uri = parse(url);
        if (uri == null) {
            return "must be an http(s) URL of at most " + MAX_URL_LENGTH + " characters";
        }
        if (!"https".equals(uri.getScheme()) && !settings.allowPrivateTargets()) {
            return NOT_HTTPS;
        }
        if (settings.allowPrivateTargets()) {
            return null;
        }
        try {
            return anyPrivate(InetAddress.getAllByName(uri.getHost())) ? NOT_PUBLIC : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Before an attempt: the reason not to call the URL now, or null. */
    String refusalAtSendTime(URI uri) {
        if (settings.allowPrivateTargets()) {
            return null;
        }
        if (!"https".equals(uri.getScheme())) {
            return "the URL is not https";
        }
        try {
            return anyPrivate(InetAddress.getAllByName(uri.getHost()))
                    ? "the host resolves to a loopback, private or link-local address" : null;
        } catch (UnknownHostException e) {
            return "the host does not resolve";
        }
    }

    static URI parse(String url) {
        if (url == null || url.length() > MAX_URL_LENGTH) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static boolean anyPrivate(InetAddress[] addresses) {
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                return true;
            }
        }
        return false;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean mappedV4 = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mappedV4 &= b[i] == 0;
            }
            if (mappedV4 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
