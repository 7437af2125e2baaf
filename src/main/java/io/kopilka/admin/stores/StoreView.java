package io.kopilka.admin.stores;

import java.time.Instant;

public record StoreView(long id, String code, String name, String timezone, Long franchiseeId, Instant createdAt) {

    static StoreView of(Store s) {
        return new StoreView(s.id, s.code, s.name, s.timezone, s.franchiseeId, s.createdAt);
    }
}
