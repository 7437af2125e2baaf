package io.kopilka.platform;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query values and path segments are names, numbers, phones, cards, tokens and dates: a control character
 * or NUL in one is a client's mistake (PlainText), refused here rather than in each resource, before any of
 * them reaches the database.
 */
public class UrlText {

    @ServerRequestFilter
    public Response refuseControlCharacters(UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        check(uri.getPathParameters(), errors);
        check(uri.getQueryParameters(), errors);
        return errors.isEmpty() ? null : ProblemMappers.toResponse(errors.problem());
    }

    private static void check(MultivaluedMap<String, String> parameters, FieldErrors errors) {
        for (Map.Entry<String, List<String>> param : parameters.entrySet()) {
            if (PlainText.notALabel(param.getKey()) != null) {
                errors.add("query", "a parameter name " + PlainText.notALabel(param.getKey()));
                continue;
            }
            for (String value : param.getValue()) {
                String why = PlainText.notALabel(value);
                if (why != null) {
                    errors.add(param.getKey(), why);
                    break;
                }
            }
        }
    }
}
