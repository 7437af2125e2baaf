package io.kopilka.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every {@link StaffOnly} resource: HTTP Basic, or — when no Authorization header is sent — the
 * console's session cookie. A cookie is sent by the browser on its own, so an unsafe method with it must also
 * carry the session's CSRF token in a header that another site cannot set. Runs before the body is
 * deserialised, so a caller without valid credentials learns nothing about the request's shape: 401 comes first.
 * Each authenticated request then takes one token of the user's rate limit.
 */
@Provider
@StaffOnly
@Priority(Priorities.AUTHENTICATION)
public class StaffAuthFilter implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    StaffAuth staffAuth;

    @Inject
    StaffSessions sessions;

    @Inject
    Caller caller;

    @Inject
    RateLimits limits;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Cookie cookie = request.getCookies().get(StaffSessions.COOKIE);
        if (authorization != null || cookie == null) {
            caller.set(staffAuth.authenticate(authorization));
            limits.staff(caller.identity());
            return;
        }
        StaffSessions.Session session = sessions.decode(cookie.getValue()).orElse(null);
        if (session == null) {
            request.abortWith(sessionEnded(Problems.unauthorized("The session has ended; sign in again")));
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !csrfMatches(request, session)) {
            throw Problems.forbidden("A change made with the console's session must carry the "
                    + StaffSessions.CSRF_HEADER + " header of the page");
        }
        try {
            caller.set(staffAuth.bySession(session));
        } catch (ProblemException e) {
            request.abortWith(sessionEnded(e));
            return;
        }
        limits.staff(caller.identity());
    }

    /** 401 without the Basic challenge, which would make the browser pop up its own password dialog. */
    private static Response sessionEnded(ProblemException e) {
        return Response.fromResponse(ProblemMappers.toResponse(e)).header(HttpHeaders.WWW_AUTHENTICATE, null).build();
    }

    private static boolean csrfMatches(ContainerRequestContext request, StaffSessions.Session session) {
        String given = request.getHeaderString(StaffSessions.CSRF_HEADER);
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                session.csrf().getBytes(StandardCharsets.UTF_8));
    }
}
