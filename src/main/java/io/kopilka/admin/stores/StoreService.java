package io.kopilka.admin.stores;

import java.time.Instant;
import java.time.ZoneId;
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
import io.kopilka.platform.StaffIdentity;

@ApplicationScoped
public class StoreService {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

    @Inject
    AuditLog audit;

    @Transactional
    public StoreView create(StaffIdentity who, StoreRequest request) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        if (errors.text("code", request.code(), true, 64) && !CODE.matcher(request.code()).matches()) {
            errors.add("code", "may contain only letters, digits and . _ / -");
        }
        errors.text("name", request.name(), true, 128);
        if (errors.text("timezone", request.timezone(), true, 64)
                && !ZoneId.getAvailableZoneIds().contains(request.timezone())) {
            errors.add("timezone", "must be an IANA time zone such as Europe/Moscow");
        }
        if (request.franchiseeId() != null && !Franchisee.existsInChain(who.chainId(), request.franchiseeId())) {
            errors.add("franchisee_id", "no such franchisee in this chain");
        }
        errors.throwIfAny();
        if (Store.codeTaken(who.chainId(), request.code())) {
            throw codeTaken(request.code());
        }

        Store s = new Store();
        s.chainId = who.chainId();
        s.code = request.code();
        s.name = request.name().strip();
        s.timezone = request.timezone();
        s.franchiseeId = request.franchiseeId();
        s.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            s.persist();
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw codeTaken(request.code()); // a concurrent create of the same code won the race
            }
            throw e;
        }
        StoreView view = StoreView.of(s);
        audit.record(who, "create", "store", s.id, null, view);
        return view;
    }

    @Transactional
    public List<StoreView> list(StaffIdentity who) {
        return Store.listVisibleTo(who).stream().map(StoreView::of).toList();
    }

    @Transactional
    public StoreView get(StaffIdentity who, long id) {
        Store s = Store.visibleTo(who, id);
        if (s == null) {
            throw Problems.notFound("Store " + id);
        }
        return StoreView.of(s);
    }

    private static ProblemException codeTaken(String code) {
        return Problems.conflict("store-code-taken", "The store code is taken",
                "The chain already has a store with code " + code);
    }
}
