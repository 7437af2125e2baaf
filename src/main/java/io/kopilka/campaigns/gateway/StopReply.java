package io.kopilka.campaigns.gateway;

import java.time.Instant;

/** A customer's STOP. {@code answersMessageId}: the gateway's id of the message it answers, when the gateway says so. */
public record StopReply(String phone, String source, Instant at, String answersMessageId) {
}
