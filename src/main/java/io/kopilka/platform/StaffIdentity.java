package io.kopilka.platform;

/** A head-office or franchisee user of one chain. */
public record StaffIdentity(long chainId, long userId, String email, String role, Long franchiseeId) {

    public static final String HEAD_OFFICE = "head_office";
    public static final String FRANCHISEE = "franchisee";

    public boolean isHeadOffice() {
        return HEAD_OFFICE.equals(role);
    }

    /** Head-office only operations: a franchisee user is refused without learning anything. */
    public void requireHeadOffice() {
        if (!isHeadOffice()) {
            throw Problems.forbidden("This operation is for head-office users");
        }
    }
}
