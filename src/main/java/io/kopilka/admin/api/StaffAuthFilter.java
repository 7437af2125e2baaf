package io.kopilka.admin.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import io.kopilka.platform.StaffAuth;

/**
 * HTTP Basic for every {@link StaffOnly} resource. Runs before the body is deserialised, so a caller
 * without valid credentials learns nothing about the request's shape: 401 comes first.
 */
@Provider
@StaffOnly
@Priority(Priorities.AUTHENTICATION)
public class StaffAuthFilter implements ContainerRequestFilter {

    @Inject
    StaffAuth staffAuth;

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        caller.set(staffAuth.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }
}
