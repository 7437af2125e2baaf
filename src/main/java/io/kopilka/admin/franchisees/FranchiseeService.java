package io.kopilka.admin.franchisees;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.StaffIdentity;

@ApplicationScoped
public class FranchiseeService {

    @Inject
    AuditLog audit;

    @Transactional
    public FranchiseeView create(StaffIdentity who, FranchiseeRequest request) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        errors.text("name", request.name(), true, 128);
        errors.throwIfAny();

        Franchisee f = new Franchisee();
        f.chainId = who.chainId();
        f.name = request.name().strip();
        f.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        f.persist();
        FranchiseeView view = FranchiseeView.of(f);
        audit.record(who, "create", "franchisee", f.id, null, view);
        return view;
    }

    /** Head office sees every franchisee; a franchisee user sees only its own. */
    @Transactional
    public List<FranchiseeView> list(StaffIdentity who) {
        if (!who.isHeadOffice()) {
            Franchisee own = Franchisee.ofChain(who.chainId(), who.franchiseeId());
            return own == null ? List.of() : List.of(FranchiseeView.of(own));
        }
        return Franchisee.listOfChain(who.chainId()).stream().map(FranchiseeView::of).toList();
    }
}
