package io.kopilka.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Spec section 14, "For register vendors": the OpenAPI document has an example for every request body, every answer
 * and every problem type of docs/api/problems.md, and the POS API's request examples are what the service accepts.
 * A new operation without examples fails here, naming what to add to src/main/resources/openapi-examples/.
 */
@QuarkusTest
class OpenApiExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    /** Bodies no example can show as text. */
    private static final Set<String> BINARY = Set.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/octet-stream");
    private static final String WHERE = "src/main/resources/openapi-examples/";

    @Inject
    Fixtures fixtures;

    @Test
    void everyRequestBodyAnswerAndProblemTypeHasAnExample() throws IOException {
        JsonNode paths = document().path("paths");
        Set<String> documented = documentedSlugs();
        Set<String> shown = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        paths.fields().forEachRemaining(p -> {
            for (String method : METHODS) {
                JsonNode op = p.getValue().path(method);
                if (!op.isMissingNode()) {
                    check(method.toUpperCase() + " " + p.getKey(), op, documented, shown, missing);
                }
            }
        });
        assertTrue(missing.isEmpty(), missing.size() + " examples missing or wrong (add them to " + WHERE
                + "<pos|admin|reports|other>.json under the operation's name, \"request\" and \"responses\" by status; "
                + "problem examples come from problems.json and the slugs named in the answer's description):\n"
                + String.join("\n", missing));
        Set<String> never = new TreeSet<>(documented);
        never.removeAll(shown);
        assertTrue(never.isEmpty(), "problem types of docs/api/problems.md no answer of the document shows: " + never);
    }

    private static void check(String name, JsonNode op, Set<String> documented, Set<String> shown, List<String> missing) {
        JsonNode body = op.path("requestBody").path("content");
        body.fields().forEachRemaining(m -> {
            if (!hasExample(m.getValue())) {
                missing.add(name + ": request body " + m.getKey() + " has no example (\"request\")");
            }
        });
        boolean success = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> r = it.next();
            String status = r.getKey();
            success |= status.startsWith("2");
            if (status.equals("204")) {
                continue;
            }
            JsonNode content = r.getValue().path("content");
            if (content.isEmpty()) {
                missing.add(name + " " + status + ": an answer with no body described and no example (\"responses\": {\""
                        + status + "\": {...}})");
            }
            content.fields().forEachRemaining(m -> {
                if (BINARY.contains(m.getKey())) {
                    return;
                }
                if (!hasExample(m.getValue())) {
                    missing.add(name + " " + status + " " + m.getKey() + ": no example");
                } else if (status.startsWith("2")) {
                    // a batch answers 200 with a problem per refused item: the types shown there count as shown
                    m.getValue().path("examples").forEach(e -> e.path("value").findValues("problem").forEach(
                            p -> shown.add(p.path("type").asText().replace(Problems.TYPE_BASE, ""))));
                } else if (m.getKey().equals("application/problem+json")) {
                    problems(name + " " + status, status, m.getValue().path("examples"), documented, shown, missing);
                }
            });
        }
        if (!success) {
            missing.add(name + ": no success answer is described (\"responses\": {\"200\": {\"<example name>\": {...}}})");
        }
    }

    private static void problems(String where, String status, JsonNode examples, Set<String> documented, Set<String> shown,
            List<String> missing) {
        examples.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue().path("value");
            String type = value.path("type").asText();
            String slug = type.replace(Problems.TYPE_BASE, "");
            if (!type.startsWith(Problems.TYPE_BASE) || !documented.contains(slug)) {
                missing.add(where + " example " + e.getKey() + ": type " + type + " is not in docs/api/problems.md");
            } else if (!status.equals("default") && !status.equals(value.path("status").asText())) {
                missing.add(where + " example " + e.getKey() + ": its status is " + value.path("status").asText());
            } else if (value.path("title").asText().isBlank() || value.path("detail").asText().isBlank()) {
                missing.add(where + " example " + e.getKey() + ": no title or detail");
            } else {
                shown.add(slug);
            }
        });
    }

    private static boolean hasExample(JsonNode media) {
        return media.path("examples").size() > 0 || media.has("example");
    }

    /** The slugs of the table of docs/api/problems.md. */
    static Set<String> documentedSlugs() throws IOException {
        Set<String> slugs = new LinkedHashSet<>();
        Pattern row = Pattern.compile("^\\| [0-9, ]+ \\| (.*?) \\|");
        Pattern slug = Pattern.compile("`([a-z-]+)`");
        for (String line : Files.readAllLines(Path.of("docs/api/problems.md"))) {
            Matcher r = row.matcher(line);
            if (r.find()) {
                Matcher s = slug.matcher(r.group(1));
                while (s.find()) {
                    slugs.add(s.group(1));
                }
            }
        }
        assertTrue(slugs.size() > 40, "the table of docs/api/problems.md was read: " + slugs);
        return slugs;
    }

    /**
     * Every request example of the POS API, sent as it stands to a chain where the example's customer exists, is
     * accepted (or, for the code of a phone change, refused as docs/api/pos.md says a wrong code is), and the answer
     * has the fields of the example answer. Only the time of sale is set to now: a receipt may be at most 30 days old.
     */
    @Test
    void posRequestExamplesAreWhatTheServiceAccepts() throws IOException {
        JsonNode ops = document().path("paths");
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        JsonNode held = request(ops, "post", "/api/pos/v1/receipts", "held");
        String phone = held.path("customer").path("phone").asText();
        PosApi.grant(fixtures, till.chainId(), PosApi.enrol(till, phone), 1000);
        List<String> wrong = new ArrayList<>();

        send(till, ops, "post", "/api/pos/v1/receipts/calculate", "redeem-50-points", null, 200, "calculated", wrong);
        long receipt = send(till, ops, "post", "/api/pos/v1/receipts", "held", null, 201, "held", wrong).path("receipt_id").asLong();
        send(till, ops, "post", "/api/pos/v1/receipts", "confirmed-at-once", null, 201, "confirmed", wrong);
        PosApi.as(till).post("/api/pos/v1/receipts/" + receipt + "/confirm").then().statusCode(200);
        send(till, ops, "post", "/api/pos/v1/receipts/{id}/returns", "one-item-back", receipt, 201, "returned", wrong);
        JsonNode batch = send(till, ops, "post", "/api/pos/v1/receipts/batch", "two-offline-sales", null, 200, "both-recorded", wrong);
        batch.path("results").forEach(item -> assertEquals(201, item.path("status").asInt(), "a batch example item: " + item));
        JsonNode refused = send(till, ops, "post", "/api/pos/v1/receipts/batch", "one-redeems", null, 200, "one-refused", wrong);
        assertEquals(List.of(201, 422), refused.findValues("status").stream().filter(JsonNode::isInt).map(JsonNode::asInt)
                .limit(2).toList(), "the anonymous item is recorded, the one that redeems refused: " + refused);
        assertEquals("https://kopilka.io/problems/offline-redeem-not-allowed",
                refused.path("results").path(1).path("problem").path("type").asText(), refused.toString());

        long customer = send(till, ops, "post", "/api/pos/v1/customers", "enrol", null, 201, "enrolled", wrong)
                .path("customer_id").asLong();
        send(till, ops, "post", "/api/pos/v1/customers/{id}/card", "new-card", customer, 200, "replaced", wrong);
        send(till, ops, "post", "/api/pos/v1/customers/{id}/consent", "withdraw", customer, 200, "withdrawn", wrong);
        send(till, ops, "put", "/api/pos/v1/customers/{id}/preferred-mode", "bonus", customer, 200, "kept", wrong);
        send(till, ops, "post", "/api/pos/v1/customers/{id}/phone-change", "new-phone", customer, 202, "code-sent", wrong);
        // the example's code is not the one the SMS carried: the documented refusal, with tries_left
        send(till, ops, "post", "/api/pos/v1/customers/{id}/phone-change/confirm", "code", customer, 422, "wrong-code", wrong);

        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        Set<String> sent = Set.of("/api/pos/v1/receipts/calculate", "/api/pos/v1/receipts", "/api/pos/v1/receipts/{id}/returns",
                "/api/pos/v1/receipts/batch", "/api/pos/v1/customers", "/api/pos/v1/customers/{id}/card",
                "/api/pos/v1/customers/{id}/consent", "/api/pos/v1/customers/{id}/preferred-mode",
                "/api/pos/v1/customers/{id}/phone-change", "/api/pos/v1/customers/{id}/phone-change/confirm");
        ops.fields().forEachRemaining(p -> {
            if (p.getKey().startsWith("/api/pos/")) {
                p.getValue().fields().forEachRemaining(m -> assertTrue(!m.getValue().has("requestBody") || sent.contains(p.getKey()),
                        m.getKey().toUpperCase() + " " + p.getKey() + " has a request example this test does not send yet"));
            }
        });
    }

    /**
     * The head-office request examples too, sent as they stand (ids in the path and the merge's duplicate are the
     * test's own) as head office of a new chain: each is accepted with the status of its example answer.
     */
    @Test
    void headOfficeRequestExamplesAreWhatTheServiceAccepts() throws IOException {
        JsonNode ops = document().path("paths");
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        long customer = PosApi.enrol(till, PosApi.newPhone());
        long duplicate = PosApi.enrol(till, PosApi.newPhone());
        List<String> wrong = new ArrayList<>();
        String a = "/api/admin/v1";

        send(admin(chain), ops, "post", a + "/stores/{storeId}/terminals", "new-till", till.storeId(), 201, "key-shown-once", wrong);
        send(admin(chain), ops, "post", a + "/franchisees", "new", null, 201, "created", wrong);
        send(admin(chain), ops, "post", a + "/stores", "new", null, 201, "created", wrong);
        send(admin(chain), ops, "post", a + "/users", "new", null, 201, "created", wrong);
        send(admin(chain), ops, "patch", a + "/customers/{id}", "changes", customer, 200, "changed", wrong);
        send(admin(chain), ops, "post", a + "/customers/{id}/adjustments", "goodwill", customer, 201, "adjusted", wrong);
        send(admin(chain), ops, "post", a + "/customers/{id}/merge", "duplicate", customer, Map.of("from_customer_id", duplicate), 200,
                "merged", wrong);
        send(admin(chain), ops, "put", a + "/program", "changes", null, 200, "changed", wrong);
        send(admin(chain), ops, "post", a + "/program/simulate", "draft", null, 200, "simulation", wrong);
        long promo = send(admin(chain), ops, "post", a + "/promo-codes", "new", null, 201, "created", wrong).path("id").asLong();
        send(admin(chain), ops, "put", a + "/promo-codes/{id}", "changes", promo, 200, "changed", wrong);
        long campaign = send(admin(chain), ops, "post", a + "/campaigns", "new", null, 201, "created", wrong).path("id").asLong();
        send(admin(chain), ops, "put", a + "/campaigns/settings", "changes", null, 200, "changed", wrong);
        send(admin(chain), ops, "put", a + "/campaigns/{id}", "changes", campaign, 200, "changed", wrong);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static RequestSpecification admin(Fixtures.Chain chain) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword());
    }

    /** Sends the named request example; the answer must have the status and the fields of the named answer example. */
    private static JsonNode send(Fixtures.Till till, JsonNode ops, String method, String path, String example, Long id,
            int status, String answer, List<String> wrong) throws IOException {
        return send(PosApi.as(till), ops, method, path, example, id, status, answer, wrong);
    }

    private static JsonNode send(RequestSpecification caller, JsonNode ops, String method, String path, String example, Long id,
            int status, String answer, List<String> wrong) throws IOException {
        return send(caller, ops, method, path, example, id, Map.of(), status, answer, wrong);
    }

    private static JsonNode send(RequestSpecification caller, JsonNode ops, String method, String path, String example, Long id,
            Map<String, Long> ids, int status, String answer, List<String> wrong) throws IOException {
        JsonNode body = today(request(ops, method, path, example).deepCopy());
        ids.forEach(((ObjectNode) body)::put);
        String url = id == null ? path : path.replaceFirst("\\{[A-Za-z]+\\}", id.toString());
        Response r = caller.contentType("application/json").body(JSON.writeValueAsString(body)).request(method.toUpperCase(), url);
        JsonNode got = JSON.readTree(r.asString());
        String name = method.toUpperCase() + " " + path + " example " + example;
        if (r.statusCode() != status) {
            wrong.add(name + ": answered " + r.statusCode() + " " + got + ", expected " + status);
            return got;
        }
        JsonNode responses = ops.path(path).path(method).path("responses").path(Integer.toString(status)).path("content");
        String media = status >= 400 ? "application/problem+json" : "application/json";
        JsonNode expected = responses.path(media).path("examples").path(answer).path("value");
        if (!fields(expected).equals(fields(got))) {
            wrong.add(name + ": the answer's fields " + fields(got) + " are not those of its example " + answer + " "
                    + fields(expected));
        }
        return got;
    }

    private static JsonNode request(JsonNode ops, String method, String path, String example) {
        JsonNode value = ops.path(path).path(method).path("requestBody").path("content").path("application/json")
                .path("examples").path(example).path("value");
        assertTrue(value.isObject(), method.toUpperCase() + " " + path + " has a request example " + example);
        return value;
    }

    /** The time of sale of a receipt (and of each batch item) set to now. */
    private static JsonNode today(JsonNode body) {
        String now = OffsetDateTime.now(ZoneOffset.ofHours(3)).withNano(0).toString();
        if (body.has("occurred_at")) {
            ((ObjectNode) body).put("occurred_at", now);
        }
        body.path("receipts").forEach(item -> ((ObjectNode) item).put("occurred_at", now));
        return body;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode document() throws IOException {
        return JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }
}
