package io.kopilka.admin.users;

import java.time.Instant;

/** A user as the API shows it: never the password or its hash. */
public record UserView(long id, String email, String role, Long franchiseeId, Instant createdAt, Instant disabledAt) {

    static UserView of(StaffUser u) {
        return new UserView(u.id, u.email, u.role, u.franchiseeId, u.createdAt, u.disabledAt);
    }
}
