package io.kopilka.campaigns.gateway.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

/**
 * The send call of an SMS.ru-style HTTP API: a form post answered with JSON
 * {@code {"status": "OK", "sms": {"79001234567": {"status": "OK", "sms_id": "…"}}}}; a refused number has
 * {@code "status": "ERROR"} and a {@code status_text} in its entry. The answer's body comes back as text, read by
 * the client while the call is in progress (a later {@code Response.readEntity} failed now and then under many
 * concurrent calls, inside the client), and the gateway parses it.
 */
@Path("/sms")
public interface SmsHttpApi {

    @POST
    @Path("/send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    RestResponse<String> send(@FormParam("api_id") String apiKey, @FormParam("login") String login, @FormParam("to") String to,
            @FormParam("msg") String text, @FormParam("from") String sender, @FormParam("json") int json);
}
