package io.kopilka.campaigns.gateway.http;

import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.campaigns.gateway.GatewayErrors;
import io.kopilka.campaigns.gateway.GatewayUnavailable;
import io.kopilka.campaigns.gateway.SmsConfig;
import io.kopilka.campaigns.gateway.SmsEncoding;
import io.kopilka.campaigns.gateway.SmsGateway;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsRejected;
import io.kopilka.campaigns.gateway.Submitted;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.common.annotation.Identifier;

/**
 * An HTTP SMS provider (SMS.ru / SMSC style) through the Quarkus REST client. What the answer means for the message:
 * a per-number error or a 4xx is a refusal of this message; 5xx, 429, 401/403 (the account, not the message) and a
 * refused connection mean nothing was taken; no answer in time or a connection lost mid-answer may hide an
 * acceptance, so the message becomes unknown. Delivery statuses and replies come back through
 * {@link HttpCallbackResource}.
 */
@ApplicationScoped
@Identifier("http")
public class HttpGateway implements SmsGateway {

    @Inject
    SmsConfig config;

    @Inject
    ObjectMapper mapper;

    private SmsHttpApi api;

    @PostConstruct
    void connect() {
        SmsConfig.Http c = config.http();
        api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(c.baseUrl()))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(c.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(SmsHttpApi.class);
    }

    @Override
    public Submitted submit(SmsMessage m) {
        SmsConfig.Http c = config.http();
        String to = m.phone().startsWith("+") ? m.phone().substring(1) : m.phone();
        RestResponse<String> answered;
        try {
            answered = api.send(c.apiKey().orElse(""), c.login().orElse(null), to, m.text(), c.sender().orElse(null), 1);
        } catch (WebApplicationException e) {
            try (Response refused = e.getResponse()) {
                throw refusal(m, refused.getStatus(), body(refused));
            }
        } catch (ProcessingException e) {
            throw notAnswered(m, e);
        }
        if (answered.getStatus() >= 300) {
            throw refusal(m, answered.getStatus(), text(answered.getEntity()));
        }
        return answer(m, to, answered.getStatus(), answered.getEntity());
    }

    /** A status of 300 or more: nothing was sent (the account, the provider's load) or this message was refused. */
    private static RuntimeException refusal(SmsMessage m, int status, String said) {
        if (status >= 500 || status == 429 || status == 401 || status == 403 || status == 408) {
            return new GatewayUnavailable("message " + m.outboxId() + ": HTTP gateway answered " + status + said);
        }
        return new SmsRejected("HTTP gateway refused the message with " + status + said);
    }

    private Submitted answer(SmsMessage m, String to, int status, String text) {
        JsonNode body;
        try {
            body = text == null ? null : mapper.readTree(text);
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
        } catch (RuntimeException | JsonProcessingException e) {
            throw new TimeoutException("message " + m.outboxId() + ": unreadable answer " + status
                    + ", the provider may have taken it: " + e.getMessage());
        }
        if (!"OK".equals(body.path("status").asText())) {
            // the request as a whole was refused (account, balance, api key): nothing was sent
            throw new GatewayUnavailable("message " + m.outboxId() + ": HTTP gateway refused the request: "
                    + body.path("status_text").asText(body.toString()));
        }
        JsonNode numbers = body.path("sms");
        JsonNode sms = numbers.has(to) || numbers.size() != 1 ? numbers.path(to) : numbers.elements().next();
        if ("ERROR".equals(sms.path("status").asText())) {
            throw new SmsRejected("HTTP gateway refused the number: " + sms.path("status_text").asText(sms.toString()));
        }
        String id = sms.path("sms_id").asText("");
        if (!"OK".equals(sms.path("status").asText()) || id.isBlank()) {
            throw new TimeoutException("message " + m.outboxId() + ": request accepted without a clear answer for the number,"
                    + " the provider may have taken it: " + body);
        }
        return new Submitted(id, SmsEncoding.parts(m.text()));
    }

    private static RuntimeException notAnswered(SmsMessage m, ProcessingException e) {
        if (causedBy(e, ConnectException.class)) {
            return new GatewayUnavailable("message " + m.outboxId() + ": HTTP gateway not reachable: "
                    + GatewayErrors.describe(e), e);
        }
        // the request may have reached the provider before the connection broke or the answer timed out
        return new TimeoutException("message " + m.outboxId() + ": no answer from the HTTP gateway, "
                + (causedBy(e, java.util.concurrent.TimeoutException.class) || causedBy(e, java.net.SocketTimeoutException.class)
                        ? "the client's read time-out passed: " : "the connection broke first: ")
                + GatewayErrors.describe(e));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** ": " and the start of the answer's body, or nothing when it has none. */
    private static String body(Response response) {
        try {
            return text(response.readEntity(String.class));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String text(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + (body.length() > 200 ? body.substring(0, 200) : body);
    }
}
