package io.kopilka.platform;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query values are names, numbers, phones, cards and dates: a control character or NUL in one is a client's
 * mistake (PlainText), refused before any resource sees it rather than in each one.
 */
public class QueryText {

    @ServerRequestFilter
    public Response refuseControlCharacters(UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        for (Map.Entry<String, List<String>> param : uri.getQueryParameters().entrySet()) {
            String keyProblem = PlainText.notALabel(param.getKey());
            if (keyProblem != null) {
                errors.add("query", "a parameter name " + keyProblem);
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
        return errors.isEmpty() ? null : ProblemMappers.toResponse(errors.problem());
    }
}
