package io.kopilka.customers;

/** How a register names a customer: exactly one of phone (already normalised), card or id. */
public record CustomerRef(String phone, String card, Long id) {
}
