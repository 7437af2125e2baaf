package io.kopilka.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.kopilka.platform.ProblemException;
import io.kopilka.platform.StaffAuth;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.StaffSessions;

/**
 * The web console's pages. They are rendered on the server with the user's name, language and navigation;
 * their data comes from the JSON APIs, which the page's JavaScript calls with the session cookie, so every
 * rule about who sees what is enforced in one place (docs/adr/0019-console.md).
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    @Inject
    StaffAuth staffAuth;

    @Inject
    StaffSessions sessions;

    @Inject
    ConsoleLanguage languages;

    @Inject
    ConsoleViews views;

    @GET
    @Operation(hidden = true)
    public Response dashboard(@CookieParam(StaffSessions.COOKIE) String session,
            @CookieParam(ConsoleLanguage.COOKIE) String lang, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        return page(ConsolePage.DASHBOARD, session, languages.choose(lang, accept));
    }

    @GET
    @Path("/{page}")
    @Operation(hidden = true)
    public Response page(@PathParam("page") String slug, @CookieParam(StaffSessions.COOKIE) String session,
            @CookieParam(ConsoleLanguage.COOKIE) String lang, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        String language = languages.choose(lang, accept);
        return ConsolePage.bySlug(slug).filter(p -> !p.slug.isEmpty())
                .map(p -> page(p, session, language))
                .orElseGet(() -> signedIn(session).isEmpty()
                        ? toLogin("/console")
                        : html(404, views.notFound(language)));
    }

    @GET
    @Path("/login")
    @Operation(hidden = true)
    public Response loginForm(@QueryParam("next") String next, @CookieParam(ConsoleLanguage.COOKIE) String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        return html(200, views.login(languages.choose(lang, accept), safeNext(next), null, false));
    }

    @POST
    @Path("/login")
    @Operation(hidden = true)
    public Response login(@FormParam("email") String email, @FormParam("password") String password,
            @FormParam("next") String next, @CookieParam(ConsoleLanguage.COOKIE) String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept,
            @HeaderParam("X-Forwarded-Proto") String forwardedProto, @Context UriInfo uri) {
        String language = languages.choose(lang, accept);
        StaffIdentity who;
        try {
            who = staffAuth.check(email == null ? "" : email.trim(), password == null ? "" : password);
        } catch (ProblemException e) {
            if (e.status() == 429) {
                // too many wrong passwords for this email: say so, and when to come back
                Response locked = html(429, views.loginLocked(language, safeNext(next), email,
                        Long.parseLong(e.headers().get("Retry-After"))));
                return Response.fromResponse(locked).header("Retry-After", e.headers().get("Retry-After")).build();
            }
            return html(401, views.login(language, safeNext(next), email, true));
        }
        String cookie = sessions.encode(sessions.open(who));
        return Response.seeOther(URI.create(safeNext(next)))
                .header(HttpHeaders.SET_COOKIE, sessions.setCookie(cookie, secure(forwardedProto, uri))).build();
    }

    @POST
    @Path("/logout")
    @Operation(hidden = true)
    public Response logout(@HeaderParam("X-Forwarded-Proto") String forwardedProto,
            @Context UriInfo uri) {
        // Logging out needs no CSRF token: the worst a forged request can do is end a session.
        return Response.seeOther(URI.create("/console/login"))
                .header(HttpHeaders.SET_COOKIE, StaffSessions.clearCookie(secure(forwardedProto, uri))).build();
    }

    @GET
    @Path("/language/{to}")
    @Operation(hidden = true)
    public Response switchLanguage(@PathParam("to") String to, @QueryParam("back") String back) {
        String language = ConsoleLanguage.LANGUAGES.contains(to) ? to : ConsoleLanguage.LANGUAGES.get(0);
        return Response.seeOther(URI.create(safeNext(back)))
                .header(HttpHeaders.SET_COOKIE, ConsoleLanguage.COOKIE + "=" + language
                        + "; Path=/; Max-Age=31536000; SameSite=Lax").build();
    }

    private Response page(ConsolePage page, String session, String language) {
        var signedIn = signedIn(session);
        if (signedIn.isEmpty()) {
            return toLogin(page.href());
        }
        StaffIdentity who = signedIn.get().identity();
        if (!page.openTo(who)) {
            return html(404, views.notFound(language));
        }
        return html(200, views.page(page, who, signedIn.get().session().csrf(), language));
    }

    private record SignedIn(StaffSessions.Session session, StaffIdentity identity) {
    }

    private Optional<SignedIn> signedIn(String cookie) {
        return sessions.decode(cookie).flatMap(s -> {
            try {
                return Optional.of(new SignedIn(s, staffAuth.bySession(s)));
            } catch (ProblemException e) {
                return Optional.empty();
            }
        });
    }

    private static Response toLogin(String next) {
        return Response.seeOther(URI.create("/console/login?next=" + URLEncoder.encode(next,
                StandardCharsets.UTF_8))).build();
    }

    private static Response html(int status, String body) {
        return Response.status(status).type(HTML).entity(body).build();
    }

    /** Only a console path is a place to go back to: never another site (an open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console") || next.startsWith("//") || next.contains("\\")
                || next.contains("\r") || next.contains("\n")) {
            return "/console";
        }
        return next;
    }

    private static boolean secure(String forwardedProto, UriInfo uri) {
        return "https".equalsIgnoreCase(forwardedProto) || "https".equalsIgnoreCase(uri.getBaseUri().getScheme());
    }
}
