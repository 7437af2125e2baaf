package io.kopilka.admin.terminals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.kopilka.platform.AuditLog;
import io.kopilka.admin.stores.Store;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.TerminalAuth;

@ApplicationScoped
public class TerminalService {

    static final int KEY_PREFIX_LENGTH = 8;

    @Inject
    AuditLog audit;

    @Inject
    TerminalAuth terminalAuth;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Transactional
    public CreatedTerminal create(StaffIdentity who, long storeId, TerminalRequest request) {
        who.requireHeadOffice();
        Store store = Store.visibleTo(who, storeId);
        if (store == null) {
            throw Problems.notFound("Store " + storeId);
        }
        FieldErrors errors = new FieldErrors();
        errors.text("name", request.name(), true, 128);
        errors.throwIfAny();

        String key = Secrets.newTerminalKey();
        Terminal t = new Terminal();
        t.chainId = who.chainId();
        t.storeId = store.id;
        t.name = request.name().strip();
        t.keyHash = Secrets.sha256(key);
        t.keyPrefix = key.substring(0, KEY_PREFIX_LENGTH);
        t.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        t.persist();
        audit.record(who, "create", "terminal", t.id, null, TerminalView.of(t));
        return new CreatedTerminal(t.id, t.id, t.storeId, t.name, key, t.keyPrefix, t.createdAt);
    }

    /** Terminals of a store the caller may see; a franchisee's foreign store is as unknown as a missing one. */
    @Transactional
    public List<TerminalView> listOfStore(StaffIdentity who, long storeId) {
        Store store = Store.visibleTo(who, storeId);
        if (store == null) {
            throw Problems.notFound("Store " + storeId);
        }
        return Terminal.<Terminal>list("chainId = ?1 and storeId = ?2 order by id", who.chainId(), store.id)
                .stream().map(TerminalView::of).toList();
    }

    /**
     * Revokes at once on this node (its remembered keys forget the terminal when the revocation commits); other
     * nodes stop taking the key within kopilka.pos.terminal-keys-cached-for. Revoking a revoked terminal
     * changes nothing and keeps the first revocation's time.
     */
    @Transactional
    public void revoke(StaffIdentity who, long terminalId) {
        who.requireHeadOffice();
        Terminal t = Terminal.<Terminal>find("chainId = ?1 and id = ?2", who.chainId(), terminalId).firstResult();
        if (t == null) {
            throw Problems.notFound("Terminal " + terminalId);
        }
        if (t.revokedAt != null) {
            return;
        }
        TerminalView before = TerminalView.of(t);
        t.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        t.flush();
        audit.record(who, "revoke", "terminal", t.id, before, TerminalView.of(t));
        long id = t.id;
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing: the key is forgotten once the revocation is visible to the next lookup
            }

            @Override
            public void afterCompletion(int status) {
                terminalAuth.forget(id);
            }
        });
    }
}
