package io.kopilka.customers;

/**
 * Sends a one-time code by SMS right away, outside the campaign job's queue. Implemented where the SMS gateways
 * live (campaigns); customers may not import them. A gateway that does not take the message is a 503
 * {@code unavailable} problem.
 */
public interface VerificationTexts {

    /** The code that confirms a phone change, sent to the new phone in the customer's language. */
    void sendPhoneChangeCode(long chainId, long customerId, String newPhone, String language, String code, int validMinutes);
}
