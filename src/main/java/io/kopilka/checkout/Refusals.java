package io.kopilka.checkout;

import io.kopilka.platform.ProblemException;
import io.kopilka.rules.RuleRefusal;

/** Business refusals of the programme as problem types with stable URIs. */
final class Refusals {

    private Refusals() {
    }

    static ProblemException of(RuleRefusal r) {
        String title = switch (r.code()) {
            case INSUFFICIENT_POINTS -> "Not enough points";
            case REDEEM_LIMIT_EXCEEDED -> "More points than the programme allows on this receipt";
            case CUSTOMER_REQUIRED -> "A customer is required";
            case MODE_NOT_AVAILABLE -> "Mode not available";
            case OFFLINE_REDEEM -> "Offline receipts cannot redeem";
        };
        return new ProblemException(r.code().status, r.code().slug, title, r.getMessage());
    }

    static ProblemException customerNotFound() {
        return new ProblemException(422, "customer-not-found", "Unknown customer",
                "No customer of this chain matches the receipt's customer; enrol them or send the receipt without a customer");
    }
}
