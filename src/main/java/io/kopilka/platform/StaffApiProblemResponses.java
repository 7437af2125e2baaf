package io.kopilka.platform;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Every operation of the staff APIs (security {@value #STAFF_BASIC}) answers a wrong login with 401, and every error
 * it describes with a problem+json body: the resources name the status and the reason, and this adds the rest
 * once, as each of them used to spell out.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class StaffApiProblemResponses implements OASFilter {

    static final String STAFF_BASIC = "staff-basic";

    /** What Quarkus adds by itself to an operation with a body; it was never described as a problem. */
    private static final String AUTOMATIC_BAD_REQUEST = "Bad Request";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (isStaff(operation) && operation.getResponses() != null) {
                    describeProblems(operation.getResponses());
                }
            }
        }
    }

    private static boolean isStaff(Operation operation) {
        return operation.getSecurity() != null && operation.getSecurity().stream().anyMatch(s -> s.hasScheme(STAFF_BASIC));
    }

    private static void describeProblems(APIResponses responses) {
        if (!responses.hasAPIResponse("401")) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse().description("Missing or wrong credentials"));
        }
        Map<String, APIResponse> byStatus = responses.getAPIResponses();
        byStatus.forEach((status, response) -> {
            if (status.startsWith("4") && response.getContent() == null
                    && !AUTOMATIC_BAD_REQUEST.equals(response.getDescription())) {
                response.setContent(OASFactory.createContent().addMediaType(ProblemMappers.PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
            }
        });
    }
}
