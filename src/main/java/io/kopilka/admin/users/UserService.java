package io.kopilka.admin.users;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.kopilka.platform.AuditLog;
import io.kopilka.admin.franchisees.Franchisee;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.StaffIdentity;

@ApplicationScoped
public class UserService {

    @Inject
    AuditLog audit;

    @Transactional
    public UserView create(StaffIdentity who, UserRequest request) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        Credentials.check(errors, "email", request.email(), "password", request.password());
        String role = request.role();
        if (role == null || role.isBlank()) {
            errors.add("role", "is required");
        } else if (StaffIdentity.FRANCHISEE.equals(role)) {
            if (request.franchiseeId() == null) {
                errors.add("franchisee_id", "is required for a franchisee user");
            } else if (!Franchisee.existsInChain(who.chainId(), request.franchiseeId())) {
                errors.add("franchisee_id", "no such franchisee in this chain");
            }
        } else if (StaffIdentity.HEAD_OFFICE.equals(role)) {
            if (request.franchiseeId() != null) {
                errors.add("franchisee_id", "must be absent for a head-office user");
            }
        } else {
            errors.add("role", "must be head_office or franchisee");
        }
        errors.throwIfAny();
        String email = request.email().strip();
        if (StaffUser.emailTaken(email)) {
            throw Credentials.emailTaken();
        }

        StaffUser u = new StaffUser();
        u.chainId = who.chainId();
        u.email = email;
        u.passwordHash = Secrets.hashPassword(request.password());
        u.role = role;
        u.franchiseeId = request.franchiseeId();
        u.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            u.persist();
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw Credentials.emailTaken();
            }
            throw e;
        }
        UserView view = UserView.of(u);
        audit.record(who, "create", "user", u.id, null, view);
        return view;
    }

    /**
     * Takes a user's access away: they can no longer sign in and their console session ends at its next request.
     * The row stays (the audit log names its actions); revoking again changes nothing. Nobody revokes themselves,
     * so a chain cannot lock out its last head-office user by accident.
     */
    @Transactional
    public UserView revoke(StaffIdentity who, long id) {
        who.requireHeadOffice();
        StaffUser u = StaffUser.<StaffUser>find("chainId = ?1 and id = ?2", who.chainId(), id).firstResultOptional()
                .orElseThrow(() -> Problems.notFound("User " + id));
        if (u.id == who.userId()) {
            throw Problems.conflict("revoke-self", "You cannot revoke yourself",
                    "Another head-office user must revoke this user");
        }
        if (u.disabledAt != null) {
            return UserView.of(u);
        }
        UserView before = UserView.of(u);
        u.disabledAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UserView after = UserView.of(u);
        audit.record(who, "revoke", "user", u.id, before, after);
        return after;
    }

    @Transactional
    public List<UserView> list(StaffIdentity who) {
        who.requireHeadOffice();
        return StaffUser.<StaffUser>list("chainId = ?1 order by id", who.chainId()).stream().map(UserView::of).toList();
    }
}
