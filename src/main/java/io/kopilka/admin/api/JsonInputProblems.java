package io.kopilka.admin.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.kopilka.platform.ProblemMappers;

/**
 * quarkus-rest-jackson ships a mapper for {@link MismatchedInputException} (a JSON value of the wrong
 * type) that answers plain JSON; being more specific than platform's JsonProcessingException mapper it
 * wins. This one is as specific and turns it into the problem+json naming the field.
 * It belongs in platform/ProblemMappers; remove it from here once it is there.
 */
public class JsonInputProblems {

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return ProblemMappers.toResponse(ProblemMappers.fromJackson(e));
    }
}
