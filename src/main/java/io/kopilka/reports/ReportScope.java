package io.kopilka.reports;

import java.util.ArrayList;
import java.util.List;

import io.kopilka.platform.StaffIdentity;

/**
 * Whose data a report may read: the caller's chain, narrowed to a franchisee's stores and/or one store.
 * Reports put {@link #storeCondition} into their SQL, so nothing outside the scope is ever read.
 */
public record ReportScope(long chainId, Long franchiseeId, Long storeId, String storeName, boolean headOffice) {

    static ReportScope of(StaffIdentity who, Long storeId, String storeName) {
        return new ReportScope(who.chainId(), who.isHeadOffice() ? null : who.franchiseeId(), storeId, storeName,
                who.isHeadOffice());
    }

    /**
     * An SQL condition on a store id column, in parentheses so that it can be glued to the next keyword (PostgreSQL 15
     * refuses "$1OR"); its arguments come from {@link #storeArgs}.
     */
    String storeCondition(String column) {
        if (storeId != null) {
            return "(" + column + " = ?)";
        }
        if (franchiseeId != null) {
            return "(" + column + " IN (SELECT id FROM stores WHERE chain_id = ? AND franchisee_id = ?))";
        }
        return "TRUE";
    }

    List<Object> storeArgs() {
        List<Object> args = new ArrayList<>();
        if (storeId != null) {
            args.add(storeId);
        } else if (franchiseeId != null) {
            args.add(chainId);
            args.add(franchiseeId);
        }
        return args;
    }

    /** The scope of the per-customer rollup: 0 for the chain, else the franchisee; null when one store is asked. */
    Long customerScope() {
        if (storeId != null) {
            return null;
        }
        return franchiseeId == null ? 0L : franchiseeId;
    }

    boolean wholeChain() {
        return storeId == null && franchiseeId == null;
    }

    boolean masksPhones() {
        return !headOffice;
    }
}
