package io.kopilka.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Puts the examples of {@code src/main/resources/openapi-examples/} into the OpenAPI document (docs/integration.md,
 * "The OpenAPI document"): per operation ({@code "POST /api/pos/v1/receipts"}) its request bodies and its answers
 * by status ({@code pos.json}, {@code admin.json}, {@code reports.json}, {@code other.json}), and for every problem
 * answer one named example per problem type it can carry, built from {@code problems.json}.
 * <p>
 * Which problem types a problem answer carries: the slugs its description names (the resources already write
 * "409 receipt-conflict or insufficient-points"), else the one its status implies (404 {@code not-found}, 429
 * {@code too-many-requests}, ...). Every operation of the APIs also gets the answers every request may meet
 * (401, 429, 503, and a {@code default} for 500 and the HTTP-level problems), and one with a body 400 and 413; an
 * operation's {@code "problems": {"422": ["self-referral"]}} in its examples file adds types its annotations do not name.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class OpenApiExamples implements OASFilter {

    static final String FOLDER = "openapi-examples/";
    static final List<String> OPERATION_FILES = List.of("pos.json", "admin.json", "reports.json", "other.json");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Pattern SLUG = Pattern.compile("[a-z]+(?:-[a-z]+)+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The problem type a problem answer carries when its description names none. */
    private static final Map<String, List<String>> BY_STATUS = Map.ofEntries(
            Map.entry("400", List.of("validation-failed")),
            Map.entry("401", List.of("unauthorized")),
            Map.entry("403", List.of("forbidden")),
            Map.entry("404", List.of("not-found")),
            Map.entry("410", List.of("phone-change-expired")),
            Map.entry("413", List.of("body-too-large")),
            Map.entry("414", List.of("uri-too-long")),
            Map.entry("429", List.of("too-many-requests")),
            Map.entry("500", List.of("server-error")),
            Map.entry("503", List.of("unavailable")),
            Map.entry("default", List.of("server-error", "method-not-allowed", "not-acceptable",
                    "unsupported-media-type", "uri-too-long")));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        // the staff problem answers first, whichever order the filters run in (it adds only what is missing)
        new StaffApiProblemResponses().filterOpenAPI(openAPI);
        JsonNode operations = operations();
        JsonNode problems = read(FOLDER + "problems.json");
        Properties titles = titles();
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.getOperations().entrySet()) {
                String name = e.getKey().name() + " " + path;
                if (METHODS.contains(e.getKey().name())) {
                    describe(path, e.getValue(), operations.path(name), problems, titles);
                }
            }
        });
    }

    private static void describe(String path, Operation operation, JsonNode examples, JsonNode problems, Properties titles) {
        boolean api = path.startsWith("/api/");
        boolean hasBody = operation.getRequestBody() != null;
        if (hasBody && operation.getRequestBody().getContent() != null) {
            for (MediaType media : operation.getRequestBody().getContent().getMediaTypes().values()) {
                named(examples.path("request")).forEach(media::addExample);
            }
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        examples.path("responses").fields().forEachRemaining(status -> success(responses, status.getKey(), status.getValue()));
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("2") && response.getContent() != null) {
                response.getContent().removeMediaType(ProblemMappers.PROBLEM_JSON); // a @Produces of the errors, no success body
            }
        });
        if (!api) {
            return;
        }
        addIfAbsent(responses, "401", path.startsWith("/api/sms/") ? "unauthorized: a missing or wrong callback secret"
                : "unauthorized: a missing, unknown or revoked terminal key");
        if (!path.startsWith("/api/sms/")) {
            addIfAbsent(responses, "429", "too-many-requests: a rate limit was reached; wait Retry-After seconds");
        }
        addIfAbsent(responses, "503", "unavailable: the database is away or no answer was ready in time; "
                + "send the same request again after Retry-After");
        addIfAbsent(responses, "default", "Any other problem: server-error (500, nothing written, safe to retry) and the "
                + "HTTP-level method-not-allowed, not-acceptable, unsupported-media-type, uri-too-long");
        examples.path("problems").fields().forEachRemaining(listed -> {
            List<String> slugs = new ArrayList<>();
            listed.getValue().forEach(slug -> slugs.add(slug.asText()));
            addIfAbsent(responses, listed.getKey(), String.join(", ", slugs));
        });
        if (hasBody) {
            addIfAbsent(responses, "400", "validation-failed or malformed-json");
            addIfAbsent(responses, "413", "body-too-large");
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5") || status.equals("default")) {
                problemExamples(status, response, hasBody, examples.path("problems").path(status), problems, titles);
            }
        });
    }

    /** A success answer's examples; an answer the annotations do not declare (or declare without a body) gets one. */
    private static void success(APIResponses responses, String status, JsonNode byName) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(reason(status));
            responses.addAPIResponse(status, response);
        }
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            boolean html = byName.elements().hasNext() && byName.elements().next().asText().startsWith("<!doctype html");
            response.setContent(OASFactory.createContent().addMediaType(html ? "text/html" : "application/json",
                    OASFactory.createMediaType()));
        }
        Map<String, Example> named = named(byName);
        for (Map.Entry<String, MediaType> media : response.getContent().getMediaTypes().entrySet()) {
            boolean binary = media.getKey().contains("spreadsheetml") || media.getKey().equals("application/octet-stream");
            if (!media.getKey().equals(ProblemMappers.PROBLEM_JSON) && !binary) {
                named.forEach(media.getValue()::addExample);
            }
        }
    }

    private static void problemExamples(String status, APIResponse response, boolean hasBody, JsonNode listed,
            JsonNode problems, Properties titles) {
        Content content = response.getContent();
        if (content != null && content.getMediaTypes() != null && !content.getMediaTypes().isEmpty()
                && !content.hasMediaType(ProblemMappers.PROBLEM_JSON)) {
            return; // an HTML page's "not found" (opt-out links) is no problem+json
        }
        if (content == null || !content.hasMediaType(ProblemMappers.PROBLEM_JSON)) {
            response.setContent(OASFactory.createContent().addMediaType(ProblemMappers.PROBLEM_JSON,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
        }
        MediaType media = response.getContent().getMediaType(ProblemMappers.PROBLEM_JSON);
        for (String slug : slugs(status, response.getDescription(), hasBody, listed, problems)) {
            media.addExample(slug, OASFactory.createExample().summary(problems.path(slug).path("status").asText() + " " + slug)
                    .value(problem(slug, problems.path(slug), titles)));
        }
    }

    /** The slugs named in the description (or listed in the examples file), else the status's own. */
    static Set<String> slugs(String status, String description, boolean hasBody, JsonNode listed, JsonNode problems) {
        Set<String> slugs = new LinkedHashSet<>();
        listed.forEach(s -> slugs.add(s.asText()));
        if (description != null) {
            Matcher m = SLUG.matcher(description);
            while (m.find()) {
                String slug = m.group();
                boolean sameStatus = problems.path(slug).path("status").asText().equals(status) || status.equals("default");
                if (problems.has(slug) && sameStatus) {
                    slugs.add(slug);
                }
            }
        }
        if (slugs.isEmpty()) {
            slugs.addAll(BY_STATUS.getOrDefault(status, List.of()));
        }
        if (status.equals("400") && hasBody) {
            slugs.add("malformed-json");
        }
        return slugs;
    }

    private static Map<String, Object> problem(String slug, JsonNode example, Properties titles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_BASE + slug);
        body.put("title", example.has("title") ? example.get("title").asText() : titles.getProperty("title." + slug, slug));
        example.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("title")) {
                body.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class));
            }
        });
        return body;
    }

    private static Map<String, Example> named(JsonNode byName) {
        Map<String, Example> named = new LinkedHashMap<>();
        byName.fields().forEachRemaining(e -> named.put(e.getKey(),
                OASFactory.createExample().summary(e.getKey().replace('-', ' ')).value(JSON.convertValue(e.getValue(), Object.class))));
        return named;
    }

    private static void addIfAbsent(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    private static String reason(String status) {
        jakarta.ws.rs.core.Response.Status s = jakarta.ws.rs.core.Response.Status.fromStatusCode(Integer.parseInt(status));
        return s == null ? status : s.getReasonPhrase();
    }

    static JsonNode operations() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        List<String> twice = new ArrayList<>();
        for (String file : OPERATION_FILES) {
            read(FOLDER + file).fields().forEachRemaining(e -> {
                if (all.put(e.getKey(), e.getValue()) != null) {
                    twice.add(e.getKey());
                }
            });
        }
        if (!twice.isEmpty()) {
            throw new IllegalStateException("Operations with examples in two files: " + twice);
        }
        return JSON.valueToTree(all);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = open(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    private static Properties titles() {
        Properties p = new Properties();
        try (InputStream in = open("problems/messages_en.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static InputStream open(String resource) throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            in = OpenApiExamples.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IOException(resource + " is not on the class path");
        }
        return in;
    }
}
