package io.kopilka.rules;

/** A receipt the programme refuses, with a stable code the API turns into a problem type. */
public class RuleRefusal extends RuntimeException {

    public enum Code {
        INSUFFICIENT_POINTS("insufficient-points", 409),
        REDEEM_LIMIT_EXCEEDED("redeem-limit-exceeded", 422),
        CUSTOMER_REQUIRED("customer-required", 422),
        MODE_NOT_AVAILABLE("mode-not-available", 422),
        OFFLINE_REDEEM("offline-redeem-not-allowed", 422);

        public final String slug;
        public final int status;

        Code(String slug, int status) {
            this.slug = slug;
            this.status = status;
        }
    }

    private final Code code;

    public RuleRefusal(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
