package io.kopilka.fuzz;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * docs/api/pos.md#bad-input, docs/api/problems.md#strictness and issue 15: hostile input to every operation of the OpenAPI document answers 4xx
 * problem+json and changes no row. The head-office and report APIs are called as head office, the POS API as
 * a terminal; ids of another store and another chain must be as unknown as ids that do not exist.
 * Deterministic: every case is enumerated (each field × each hostile value), none is drawn at random.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
    private static final RestAssuredConfig RAW = RestAssuredConfig.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
    private static final Map<String, String> SANE_QUERY = Map.of("from", "2026-11-01", "to", "2026-11-30",
            "granularity", "day", "limit", "10");
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    private Fixtures.Chain chain;
    private Fixtures.Till till;
    private final Map<String, String> ownIds = new LinkedHashMap<>();
    private final Map<String, List<String>> foreignIds = new LinkedHashMap<>();
    private final Map<String, String> bases = new LinkedHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private JsonNode components;

    record Operation(String method, String path, JsonNode spec) {

        boolean mutating() {
            return !method.equals("get");
        }

        boolean pos() {
            return path.startsWith("/api/pos");
        }

        /** A batch answers 200 with a refusal per item: what it must not do is store a hostile item. */
        boolean refusesWhole() {
            return mutating() && !path.endsWith("/batch");
        }

        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    /** Once per class, but after Quarkus has given RestAssured its port (which @BeforeAll runs before). */
    @BeforeEach
    void setUp() {
        failures.clear();
        if (chain != null) {
            return;
        }
        chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        till = fixtures.till(chain.id());
        Fixtures.Till neighbour = fixtures.till(chain.id());
        Fixtures.Till stranger = fixtures.till(other.id());
        long customer = PosApi.enrol(till, PosApi.newPhone());
        long strangerCustomer = PosApi.enrol(stranger, PosApi.newPhone());
        String phone = PosApi.newPhone();
        PosApi.grant(fixtures, chain.id(), PosApi.enrol(till, phone), 1000);

        own("stores", till.storeId(), "customers", customer, "receipts", receipt(till, phone),
                "terminals", till.terminalId(), "promo-codes", promoCode(chain), "campaigns", campaign(chain),
                "franchisees", fixtures.franchisee(chain.id(), "Own franchisee"), "versions", 1);
        foreign("stores", stranger.storeId(), "customers", strangerCustomer, "receipts", receipt(stranger, null),
                "terminals", stranger.terminalId(), "promo-codes", promoCode(other), "campaigns", campaign(other),
                "franchisees", fixtures.franchisee(other.id(), "Their franchisee"), "versions", 999_999);
        // a till sees no receipt of another store of its own chain either
        foreignIds.get("receipts").add(String.valueOf(receipt(neighbour, null)));

        ObjectNode document = (ObjectNode) tree(admin().get("/api/admin/v1/program").then().statusCode(200).extract().asString());
        document.remove("version"); // the server numbers versions; a client's number is ignored like any unknown field
        String programme = document.toString();
        bases.put("POST /api/admin/v1/franchisees", "{\"name\": \"Fuzz franchisee\"}");
        bases.put("POST /api/admin/v1/stores", "{\"code\": \"FZ-1\", \"name\": \"Fuzz\", \"timezone\": \"Europe/Moscow\"}");
        bases.put("PUT /api/admin/v1/stores/{id}", "{\"code\": \"FZ-1\", \"name\": \"Fuzz\", \"timezone\": \"Europe/Moscow\"}");
        bases.put("POST /api/admin/v1/stores/{storeId}/terminals", "{\"name\": \"Till 9\"}");
        bases.put("POST /api/admin/v1/users", "{\"email\": \"fuzz@chain.test\", \"password\": \"a-long-password-1\", \"role\": \"head_office\"}");
        bases.put("POST /api/admin/v1/customers/{id}/adjustments", "{\"points\": 10, \"reason\": \"goodwill\"}");
        bases.put("POST /api/admin/v1/promo-codes", "{\"code\": \"FUZZ1\", \"kind\": \"points\", \"points\": 10}");
        bases.put("PUT /api/admin/v1/promo-codes/{id}", "{\"code\": \"FUZZ1\", \"kind\": \"points\", \"points\": 10}");
        bases.put("POST /api/admin/v1/campaigns", "{\"name\": \"Fuzz\", \"templates\": {\"ru\": \"Hello\"}}");
        bases.put("PUT /api/admin/v1/campaigns/{id}", "{\"name\": \"Fuzz\", \"templates\": {\"ru\": \"Hello\"}}");
        bases.put("PUT /api/admin/v1/campaigns/settings", "{\"weekly_cap\": 3, \"quiet_hours_start\": \"21:00\"}");
        bases.put("PUT /api/admin/v1/program", programme);
        bases.put("POST /api/admin/v1/program/simulate",
                "{\"programme\": " + programme + ", \"from\": \"2026-11-01\", \"to\": \"2026-11-02\"}");
        String receipt = PosApi.receipt("FZ-1", phone, 1, 10000);
        bases.put("POST /api/pos/v1/receipts", receipt);
        bases.put("POST /api/pos/v1/receipts/calculate", receipt);
        bases.put("POST /api/pos/v1/receipts/batch", "{\"receipts\": [" + PosApi.receipt("FZ-2", phone, null, 10000) + "]}");
        bases.put("POST /api/pos/v1/receipts/{id}/returns", "{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}");
        bases.put("POST /api/pos/v1/customers", "{\"phone\": \"" + PosApi.newPhone() + "\", \"name\": \"Anna\", \"sms_consent\": true}");
        bases.put("PUT /api/pos/v1/customers/{id}/preferred-mode", "{\"preferred_mode\": \"bonus\"}");

        JsonNode openapi = tree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        components = openapi.path("components").path("schemas");
        openapi.get("paths").fields().forEachRemaining(p -> {
            if (p.getKey().matches("/api/(admin|reports|pos)/.*")) {
                for (String m : METHODS) {
                    if (p.getValue().has(m)) {
                        operations.add(new Operation(m, p.getKey(), p.getValue().get(m)));
                    }
                }
            }
        });
        assertTrue(operations.size() > 30, "the OpenAPI document lists the API: " + operations.size());
    }

    @Test
    void hostileRequestsAreRefusedWithProblemsAndChangeNothing() {
        for (Operation op : operations) {
            Map<String, Long> before = rowCounts();
            hostileBodies(op);
            hostileIds(op);
            hostileQueries(op);
            Map<String, Long> after = rowCounts();
            if (!after.equals(before)) {
                failures.add(op.name() + " changed rows: " + changed(before, after));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    /**
     * The HTTP layer's limits, on every operation: a 6 KB URL is an ordinary request, a 20 KB one is 414 and a
     * body over the operation's limit (256 KiB; the offline batch 6 MiB) is 413, each as problem+json
     * (platform/HttpGuards).
     */
    @Test
    void overLongUrlsAndBodiesAreProblemsOnEveryOperation() {
        String pad = "x".repeat(6 * 1024);
        String huge = "x".repeat(20 * 1024);
        byte[] big = ("{\"name\": \"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] overBatch = ("{\"name\": \"" + "x".repeat(6 * 1024 * 1024 + 1) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (Operation op : operations) {
            Map<String, Long> before = rowCounts();
            String path = fill(op.path(), kind -> foreignIds.get(kind) == null ? "1" : foreignIds.get(kind).get(0));
            expect(op, "6 KB query", send(op, path + "?pad=" + pad, null, null), false, 0);
            expect(op, "20 KB path", send(op, path + "/" + huge, null, null), false, 414);
            expect(op, "20 KB query", send(op, path + "?pad=" + huge, null, null), false, 414);
            if (op.mutating()) {
                boolean batch = op.path().endsWith("/receipts/batch");
                expect(op, batch ? "6 MiB body" : "300 KiB body", send(op, path, batch ? overBatch : big, "application/json"),
                        true, 413);
            }
            if (!rowCounts().equals(before)) {
                failures.add(op.name() + " changed rows on over-long requests");
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    // ---- what is sent -------------------------------------------------------------------------------------

    private void hostileBodies(Operation op) {
        String base = bases.get(op.name());
        if (base == null && op.spec().has("requestBody")) {
            base = JSON.valueToTree(example(schemaOf(op), 0)).toString();
        }
        if (base == null) {
            return;
        }
        String path = fill(op.path(), this::own);
        JsonNode root = tree(base);
        List<String> pointers = new ArrayList<>();
        pointers(root, "", 0, pointers);
        for (String pointer : pointers) {
            for (JsonNode value : hostileValues(root.at(pointer))) {
                JsonNode body = replaced(root, pointer, value);
                expect(op, pointer + " = " + abbreviated(value), send(op, path, bytes(body), "application/json"),
                        op.refusesWhole(), 0);
            }
        }
        for (Map.Entry<String, byte[]> raw : rawBodies(base).entrySet()) {
            expect(op, raw.getKey(), send(op, path, raw.getValue(), "application/json"), op.mutating(), 0);
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            expect(op, "content type " + type, send(op, path, base.getBytes(StandardCharsets.UTF_8), type),
                    op.mutating(), 415);
        }
    }

    private void hostileIds(Operation op) {
        if (!op.path().contains("{")) {
            return;
        }
        String body = bases.get(op.name());
        // a return is the one change another store of the chain may make (docs/api/pos.md): for it only another
        // chain's receipt is foreign
        boolean chainWide = op.name().equals("POST /api/pos/v1/receipts/{id}/returns");
        List<Function<String, String>> choices = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = chainWide ? 0 : i;
            choices.add(kind -> {
                List<String> ids = foreignIds.get(kind);
                return ids == null ? "999999999" : ids.get(Math.min(n, ids.size() - 1));
            });
        }
        for (String hostile : List.of("0", "-1", String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE),
                "99999999999999999999", "1e308", "abc", "%00", "%07", "%ED%A0%80", "%FF", "x".repeat(2000))) {
            choices.add(kind -> hostile);
        }
        for (Function<String, String> choice : choices) {
            String path = fill(op.path(), choice);
            byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            expect(op, "path " + abbreviated(path), send(op, path, bytes, bytes == null ? null : "application/json"),
                    true, 0);
        }
    }

    private void hostileQueries(Operation op) {
        List<String> names = new ArrayList<>();
        op.spec().path("parameters").forEach(p -> {
            if ("query".equals(p.path("in").asText())) {
                names.add(p.path("name").asText());
            }
        });
        String path = fill(op.path(), op.mutating() ? kind -> foreignIds.get(kind) == null ? "999999999"
                : foreignIds.get(kind).get(0) : this::own);
        for (String name : names) {
            List<String> values = new ArrayList<>(List.of("%00", "a%00b", "%07%1B", "%ED%A0%80", "%FF", "%C3%28",
                    "-1", String.valueOf(Long.MIN_VALUE), "9223372036854775808", "2147483648", "1e308", "abc", "%25",
                    "%2B999999999-12-31", "-999999999-01-01", "0000-01-01", "2026-02-30", "x".repeat(2000)));
            values.addAll(foreignIds.get("stores"));
            // the other parameters sane, so that the hostile one is what the server must deal with
            StringBuilder others = new StringBuilder();
            for (String other : names) {
                if (!other.equals(name) && SANE_QUERY.containsKey(other)) {
                    others.append('&').append(other).append('=').append(SANE_QUERY.get(other));
                }
            }
            for (String value : values) {
                boolean foreignStore = foreignIds.get("stores").contains(value) && name.contains("store");
                expect(op, "?" + name + "=" + abbreviated(value),
                        send(op, path + "?" + name + "=" + value + others, null, null), op.mutating() || foreignStore, 0);
            }
        }
    }

    private static List<JsonNode> hostileValues(JsonNode at) {
        List<JsonNode> v = new ArrayList<>();
        v.add(NODES.textNode("\u0000"));
        v.add(NODES.textNode("a\u0000b"));
        v.add(NODES.textNode("\u0007\u001b[2J"));
        v.add(NODES.textNode("\ud800"));
        v.add(NODES.textNode("x\udc00y"));
        v.add(NODES.textNode("x".repeat(10_000)));
        v.add(NODES.numberNode(Long.MIN_VALUE));
        v.add(NODES.numberNode(Long.MAX_VALUE));
        v.add(NODES.numberNode(1e308));
        v.add(NODES.numberNode(-1e308));
        v.add(NODES.numberNode(new java.math.BigInteger("100000000000000000000000")));
        v.add(NODES.numberNode(-1));
        // where the base has null, an object or array may be the field's own shape (a section left out)
        if (at.isValueNode() && !at.isNull()) {
            v.add(NODES.objectNode().put("a", 1));
            v.add(NODES.arrayNode().add(1));
        }
        if (!at.isBoolean() && !at.isNull()) {
            v.add(NODES.booleanNode(true));
        }
        return v;
    }

    private static Map<String, byte[]> rawBodies(String base) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        byte[] loneSurrogate = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'};
        raw.put("invalid UTF-8", invalidUtf8);
        raw.put("a lone surrogate in UTF-8 bytes", loneSurrogate);
        raw.put("trailing garbage", (base + " x").getBytes(StandardCharsets.UTF_8));
        raw.put("a second JSON value", (base + " {}").getBytes(StandardCharsets.UTF_8));
        String first = base.trim().startsWith("{\"") ? base.substring(base.indexOf('"'), base.indexOf('"', base.indexOf('"') + 1) + 1) : "\"a\"";
        raw.put("a duplicate key", ("{" + first + ": null, " + base.trim().substring(1)).getBytes(StandardCharsets.UTF_8));
        raw.put("nesting 5000 deep", ("{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8));
        raw.put("truncated", base.substring(0, base.length() / 2).getBytes(StandardCharsets.UTF_8));
        raw.put("empty", new byte[0]);
        for (String other : List.of("null", "[]", "123", "\"text\"", "true")) {
            raw.put("the body " + other, other.getBytes(StandardCharsets.UTF_8));
        }
        return raw;
    }

    // ---- how answers are judged ---------------------------------------------------------------------------

    private void expect(Operation op, String what, Response r, boolean mustRefuse, int status) {
        if (r == null) {
            failures.add(op.name() + " with " + what + ": the connection ended without an answer");
            return;
        }
        int s = r.statusCode();
        String type = r.contentType() == null ? "" : r.contentType();
        String where = op.name() + " with " + what + " → " + s;
        if (s >= 500) {
            failures.add(where + " " + abbreviated(r.asString()));
        } else if (s == 429) {
            failures.add(where + ": rate-limited, so the input was never read; the test profile must lift the limits");
        } else if (s >= 400 && !type.startsWith("application/problem+json")) {
            failures.add(where + " as " + type + ", not application/problem+json");
        } else if (mustRefuse && s < 400) {
            failures.add(where + ": accepted");
        } else if (status != 0 && s != status && s >= 400) {
            failures.add(where + ", expected " + status);
        }
    }

    private Response send(Operation op, String url, byte[] body, String contentType) {
        RequestSpecification r = given().config(RAW).urlEncodingEnabled(false);
        if (op.pos()) {
            r.header("Authorization", "Bearer " + till.key());
        } else {
            r.auth().preemptive().basic(chain.adminEmail(), chain.adminPassword());
        }
        if (body != null) {
            // RestAssured encodes a form body itself, from text
            r.contentType(contentType);
            if (contentType.contains("form")) {
                r.body(new String(body, StandardCharsets.UTF_8));
            } else {
                r.body(body);
            }
        }
        try {
            return r.request(op.method().toUpperCase(), url);
        } catch (Exception e) { // the server closed the connection: reported as no answer
            return null;
        }
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    private static String changed(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder sb = new StringBuilder();
        after.forEach((table, n) -> {
            if (!n.equals(before.get(table))) {
                sb.append(table).append(' ').append(before.get(table)).append("→").append(n).append(' ');
            }
        });
        return sb.toString();
    }

    // ---- set-up and JSON helpers --------------------------------------------------------------------------

    private void own(Object... kindAndId) {
        for (int i = 0; i < kindAndId.length; i += 2) {
            ownIds.put((String) kindAndId[i], String.valueOf(kindAndId[i + 1]));
        }
    }

    private void foreign(Object... kindAndId) {
        for (int i = 0; i < kindAndId.length; i += 2) {
            foreignIds.put((String) kindAndId[i], new ArrayList<>(List.of(String.valueOf(kindAndId[i + 1]))));
        }
    }

    private String own(String kind) {
        return ownIds.getOrDefault(kind, "1");
    }

    /** The path with each {param} replaced by choice(kind), the kind being the segment before it. */
    private static String fill(String template, Function<String, String> choice) {
        StringBuilder out = new StringBuilder();
        String previous = "";
        for (String segment : template.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            out.append('/');
            if (segment.equals("{report}.{format}")) {
                out.append("sales.csv");
            } else if (segment.startsWith("{")) {
                out.append(choice.apply(previous));
            } else if (segment.endsWith(".{format}")) { // an export beside its report: /{id}/uplift.{format}
                out.append(segment, 0, segment.length() - "{format}".length()).append("csv");
            } else {
                out.append(segment);
            }
            previous = segment;
        }
        return out.toString();
    }

    private static long receipt(Fixtures.Till till, String phone) {
        return PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), phone, null, 10000)).statusCode(201)
                .extract().jsonPath().getLong("receipt_id");
    }

    private static long promoCode(Fixtures.Chain chain) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json")
                .body("{\"code\": \"OWN" + chain.id() + "\", \"kind\": \"points\", \"points\": 5}")
                .post("/api/admin/v1/promo-codes").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static long campaign(Fixtures.Chain chain) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json")
                .body("{\"name\": \"Autumn\", \"templates\": {\"ru\": \"Hello\"}}")
                .post("/api/admin/v1/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private RequestSpecification admin() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword());
    }

    private JsonNode schemaOf(Operation op) {
        JsonNode content = op.spec().path("requestBody").path("content");
        Iterator<JsonNode> types = content.elements();
        return types.hasNext() ? types.next().path("schema") : NODES.objectNode();
    }

    /** A plausible value for a schema: fields get harmless values, so that one hostile field is what is tested. */
    private Object example(JsonNode schema, int depth) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return depth > 4 ? null : example(components.path(name), depth + 1);
        }
        if (schema.has("enum")) {
            return JSON.convertValue(schema.get("enum").get(0), Object.class);
        }
        String type = schema.path("type").asText("object");
        return switch (type) {
            case "string" -> schema.path("format").asText().equals("date") ? "2026-11-01" : "Fuzz";
            case "integer", "number" -> 1;
            case "boolean" -> true;
            case "array" -> List.of(example(schema.path("items"), depth + 1));
            default -> {
                Map<String, Object> object = new LinkedHashMap<>();
                schema.path("properties").fields().forEachRemaining(p -> object.put(p.getKey(), example(p.getValue(), depth + 1)));
                yield object;
            }
        };
    }

    /** JSON pointers to every value of the body down to the fields of a line. */
    private static void pointers(JsonNode node, String at, int depth, List<String> out) {
        if (depth > 3) {
            return;
        }
        if (!at.isEmpty()) {
            out.add(at);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> pointers(node.get(name), at + "/" + name, depth + 1, out));
        } else if (node.isArray() && !node.isEmpty()) {
            pointers(node.get(0), at + "/0", depth + 1, out);
        }
    }

    private static JsonNode replaced(JsonNode root, String pointer, JsonNode value) {
        JsonNode copy = root.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        }
        return copy;
    }

    private static byte[] bytes(JsonNode body) {
        try {
            // ESCAPE_NON_ASCII writes a lone surrogate as its \\u escape, which is what a hostile client sends
            return JSON.writeValueAsString(body).getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviated(Object value) {
        String s = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + ")" : s;
    }
}
