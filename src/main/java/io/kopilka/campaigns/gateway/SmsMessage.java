package io.kopilka.campaigns.gateway;

public record SmsMessage(long outboxId, String phone, String text) {
}
