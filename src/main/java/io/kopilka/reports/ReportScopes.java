package io.kopilka.reports;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.StaffIdentity;

/** Turns the caller and the store_id parameter into a {@link ReportScope}. */
@ApplicationScoped
public class ReportScopes {

    @Inject
    ReportDatabase db;

    /** A store of another chain or another franchisee is answered exactly like a store that does not exist. */
    public ReportScope resolve(StaffIdentity who, String rawStoreId) {
        if (rawStoreId == null || rawStoreId.isBlank()) {
            return ReportScope.of(who, null, null);
        }
        long storeId;
        try {
            storeId = Long.parseLong(rawStoreId.strip());
        } catch (NumberFormatException e) {
            throw Problems.invalid("store_id", "must be a store id (a positive integer)");
        }
        if (storeId <= 0) {
            throw Problems.invalid("store_id", "must be a store id (a positive integer)");
        }
        List<Object> args = new ArrayList<>(List.of(who.chainId(), storeId));
        String sql = "SELECT name FROM stores WHERE chain_id = ? AND id = ?";
        if (!who.isHeadOffice()) {
            sql += " AND franchisee_id = ?";
            args.add(who.franchiseeId());
        }
        String name = db.one(sql, args, rs -> rs.getString(1));
        if (name == null) {
            throw new ProblemException(404, "store-not-found", "Store not found",
                    "Store " + storeId + " was not found");
        }
        return ReportScope.of(who, storeId, name);
    }
}
