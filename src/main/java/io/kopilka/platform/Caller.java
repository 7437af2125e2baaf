package io.kopilka.platform;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated head-office or franchisee user of the current request. */
@RequestScoped
public class Caller {

    private StaffIdentity identity;

    void set(StaffIdentity identity) {
        this.identity = identity;
    }

    public StaffIdentity identity() {
        if (identity == null) {
            throw Problems.unauthorized("Send user credentials with HTTP Basic authentication");
        }
        return identity;
    }
}
