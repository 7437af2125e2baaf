package io.kopilka.app.demo;

/** The text printed after the demo starts: where to go and how to sign in. */
final class DemoReport {

    private DemoReport() {
    }

    static String render(DemoChain demo, String baseUrl, String samplePhone) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n');
        sb.append("==================== Kopilka demo ====================\n");
        sb.append("API base URL:      ").append(baseUrl).append('\n');
        sb.append("API documentation: ").append(baseUrl).append("/q/swagger-ui\n");
        sb.append("Head-office API:   ").append(baseUrl).append("/api/admin/v1 (HTTP Basic)\n");
        sb.append("POS API:           ").append(baseUrl).append("/api/pos/v1 (Authorization: Bearer <terminal key>)\n");
        sb.append("\nUsers:\n");
        for (DemoChain.User u : demo.users()) {
            sb.append(String.format("  %-26s password %-15s %s%n", u.email(), u.password(),
                    u.franchisee() == null ? "head office" : "franchisee " + u.franchisee()));
        }
        sb.append("\nStores and their till keys:\n");
        for (DemoChain.Store s : demo.stores()) {
            sb.append(String.format("  %s  %-26s %-19s %-16s key %s%n", s.code(), s.name(), s.timezone(),
                    s.franchisee() == null ? "head office" : s.franchisee(), s.terminalKey()));
        }
        DemoChain.Store first = demo.stores().get(0);
        sb.append("\nTry:\n");
        sb.append("  curl -u ").append(demo.users().get(0).email()).append(':').append(demo.users().get(0).password())
                .append(' ').append(baseUrl).append("/api/admin/v1/stores\n");
        sb.append("  curl -H 'Authorization: Bearer ").append(first.terminalKey()).append("' '").append(baseUrl)
                .append("/api/pos/v1/customers/lookup?phone=")
                .append((samplePhone == null ? "+79161000000" : samplePhone).replace("+", "%2B"))
                .append("'\n");
        sb.append("======================================================\n");
        return sb.toString();
    }
}
