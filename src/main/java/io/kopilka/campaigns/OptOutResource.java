package io.kopilka.campaigns;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The opt-out link of a message. Opening it shows a button; only the button (a POST) withdraws consent,
 * because messengers open links in SMS to draw a preview and must not unsubscribe anyone by doing so.
 */
@Path("/u/{token}")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Opt-out", description = "The unsubscribe link in promotional SMS")
public class OptOutResource {

    @Inject
    OptOuts optOuts;

    @GET
    @Operation(summary = "The confirmation page of an opt-out link")
    public Response page(@PathParam("token") String token) {
        OptOuts.LinkTarget t = optOuts.resolve(token);
        if (t == null) {
            return notFound();
        }
        OptOutPage.Text text = OptOutPage.text(t.language());
        return Response.ok(OptOutPage.html(t.language(), text.question(),
                "<form method=\"post\"><button type=\"submit\">" + text.button() + "</button></form>")).build();
    }

    @POST
    @Operation(summary = "Withdraw SMS consent (takes effect for every later message)")
    public Response optOut(@PathParam("token") String token) {
        OptOuts.LinkTarget t = optOuts.resolve(token);
        if (t == null) {
            return notFound();
        }
        optOuts.byLink(t, Instant.now());
        return Response.ok(OptOutPage.html(t.language(), OptOutPage.text(t.language()).done(), "")).build();
    }

    private static Response notFound() {
        return Response.status(404).entity(OptOutPage.html("en", "This link is not valid.", "")).build();
    }
}
