package io.kopilka.campaigns.gateway;

/** The words stored with a message the gateway did not clearly take: what was said, and what lay beneath it. */
public final class GatewayErrors {

    private GatewayErrors() {
    }

    /** The exception's own message, then its deepest cause when that says something the message does not. */
    public static String describe(Throwable e) {
        String said = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            String beneath = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
            if (!said.contains(beneath)) {
                said += " (" + beneath + ")";
            }
        }
        return said;
    }
}
