package io.kopilka.admin.franchisees;

import java.time.Instant;

public record FranchiseeView(long id, String name, Instant createdAt) {

    static FranchiseeView of(Franchisee f) {
        return new FranchiseeView(f.id, f.name, f.createdAt);
    }
}
