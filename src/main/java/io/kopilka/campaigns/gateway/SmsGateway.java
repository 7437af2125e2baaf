package io.kopilka.campaigns.gateway;

/**
 * One way to hand an SMS to an operator, chosen by {@code kopilka.sms.gateway} and registered under that name
 * with {@code @Identifier}. It throws {@link SmsRejected} for a permanent refusal, {@link GatewayUnavailable}
 * when the message was certainly not taken, and
 * {@link org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException} when it may have been.
 */
public interface SmsGateway {

    Submitted submit(SmsMessage message);
}
