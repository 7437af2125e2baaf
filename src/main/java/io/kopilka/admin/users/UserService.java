package io.kopilka.admin.users;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.kopilka.platform.AuditLog;
import io.kopilka.admin.franchisees.Franchisee;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.StaffIdentity;

@ApplicationScoped
public class UserService {

    static final int MIN_PASSWORD = 10;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @Inject
    AuditLog audit;

    @Transactional
    public UserView create(StaffIdentity who, UserRequest request) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        if (errors.text("email", request.email(), true, 128) && !EMAIL.matcher(request.email().strip()).matches()) {
            errors.add("email", "must be an email address");
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add("password", "is required");
        } else if (request.password().length() < MIN_PASSWORD) {
            errors.add("password", "must be at least " + MIN_PASSWORD + " characters");
        } else if (Secrets.passwordTooLong(request.password())) {
            errors.add("password", "must be at most " + Secrets.MAX_PASSWORD_CHARS + " characters");
        }
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
            throw emailTaken();
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
                throw emailTaken();
            }
            throw e;
        }
        UserView view = UserView.of(u);
        audit.record(who, "create", "user", u.id, null, view);
        return view;
    }

    @Transactional
    public List<UserView> list(StaffIdentity who) {
        who.requireHeadOffice();
        return StaffUser.<StaffUser>list("chainId = ?1 order by id", who.chainId()).stream().map(UserView::of).toList();
    }

    private static ProblemException emailTaken() {
        return Problems.conflict("email-taken", "The email is taken", "A user with this email already exists");
    }
}
