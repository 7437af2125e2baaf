package io.kopilka.campaigns.gateway;

public enum DeliveryStatus {
    DELIVERED, FAILED, EXPIRED, REJECTED, UNKNOWN
}
