package io.kopilka.campaigns.gateway;

public record Submitted(String gatewayMessageId, int parts) {
}
