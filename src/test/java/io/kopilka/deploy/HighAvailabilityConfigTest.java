package io.kopilka.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The templates of deploy/ha as the scripts fill them: Patroni runs in synchronous mode and fails a crashed
 * primary over to its synchronous standby, HAProxy sends the database's connections to the node whose Patroni
 * answers /primary and cuts them when it stops, the API's nodes are checked on readiness, and the production
 * files give every placeholder a value. Only reads files; deploy/ha/failover.sh is what runs them.
 */
class HighAvailabilityConfigTest {

    private static final Path HA = Path.of("deploy/ha");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    @Test
    void patroniKeepsEveryAcknowledgedCommitOnASynchronousStandby() throws IOException {
        JsonNode patroni = new ObjectMapper(new YAMLFactory()).readTree(HA.resolve("patroni.yml.in").toFile());
        JsonNode dcs = patroni.path("bootstrap").path("dcs");
        assertTrue(dcs.path("synchronous_mode").asBoolean(false), "bootstrap.dcs.synchronous_mode");
        assertEquals(0, dcs.path("primary_start_timeout").asInt(-1), "a crashed primary fails over rather than restart");
        assertTrue(dcs.path("postgresql").path("use_pg_rewind").asBoolean(false), "the old primary rejoins by pg_rewind");
        JsonNode parameters = dcs.path("postgresql").path("parameters");
        assertEquals("on", parameters.path("synchronous_commit").asText());
        assertTrue(parameters.path("max_connections").asInt() >= 2 * 32 + 32, "two API pools and the batch job fit");
        assertTrue(dcs.path("ttl").asInt() >= dcs.path("loop_wait").asInt() + 2 * dcs.path("retry_timeout").asInt(),
                "Patroni needs ttl >= loop_wait + 2 x retry_timeout");
        assertEquals("${KOPILKA_CONF}", patroni.path("postgresql").path("custom_conf").asText(),
                "the nodes run deploy/postgres/kopilka.conf");
        assertTrue(patroni.has("etcd3"), "etcd's v3 API");
    }

    @Test
    void haproxyRoutesTheDatabaseToThePrimaryAndTheTillsToReadyNodes() throws IOException {
        Map<String, List<String>> sections = sections(Files.readString(HA.resolve("haproxy.cfg.in")));
        List<String> postgres = sections.get("listen postgres");
        assertTrue(postgres.contains("mode tcp"), "postgres: " + postgres);
        assertTrue(postgres.contains("option httpchk"), "postgres: " + postgres);
        assertTrue(postgres.contains("http-check send meth GET uri /primary"), "postgres: " + postgres);
        assertTrue(postgres.contains("http-check expect status 200"), "postgres: " + postgres);
        assertTrue(postgres.stream().anyMatch(l -> l.startsWith("default-server") && l.contains("on-marked-down shutdown-sessions")),
                "connections to a node that stops being the primary are cut: " + postgres);
        List<String> api = sections.get("listen kopilka_api");
        assertTrue(api.contains("option httpchk"), "kopilka_api: " + api);
        assertTrue(api.contains("http-check send meth GET uri /q/health/ready"), "kopilka_api: " + api);
        assertTrue(api.contains("http-request disable-l7-retry unless { path_beg /api/pos/ }"),
                "only the POS API, whose receipts are idempotent, is resent to the other node: " + api);
        assertTrue(api.stream().anyMatch(l -> l.startsWith("default-server") && l.matches(".*\\bslowstart [1-9][0-9]*[sm]\\b.*")),
                "a node back from a restart gets its share of the tills gradually, while its JIT warms up: " + api);
    }

    @Test
    void everyPlaceholderHasAValueOnEveryProductionMachine() throws IOException {
        Set<String> defined = new TreeSet<>(keys(HA.resolve("production/cluster.env")));
        defined.addAll(keys(HA.resolve("production/secrets.example.env")));
        // set by configure.sh itself: the machine's paths, and HAProxy on the machine's address
        defined.addAll(List.of("HAPROXY_ADDR", "PG_DATA", "PGPASS_FILE", "SOCKET_DIR", "KOPILKA_CONF"));
        for (String machine : List.of("machine1.env", "machine2.env", "machine3.env")) {
            Set<String> values = new TreeSet<>(defined);
            values.addAll(keys(HA.resolve("production").resolve(machine)));
            for (String template : List.of("patroni.yml.in", "haproxy.cfg.in", "etcd.env.in", "kopilka.env.in")) {
                Set<String> missing = new TreeSet<>(placeholders(HA.resolve(template)));
                missing.removeAll(values);
                assertEquals(Set.of(), missing, machine + " leaves " + template + " without");
            }
        }
    }

    @Test
    void theApiNodesSettingsAreDocumented() throws IOException {
        String operations = Files.readString(Path.of("docs/operations.md"));
        for (String line : Files.readAllLines(HA.resolve("kopilka.env.in"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String variable = line.substring(0, line.indexOf('='));
                assertTrue(operations.contains(variable), variable + " is not in docs/operations.md");
            }
        }
    }

    private static Map<String, List<String>> sections(String config) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : config.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                current = new ArrayList<>();
                sections.put(line.strip(), current);
            } else if (current != null) {
                current.add(line.strip().replaceAll("\\s+", " "));
            }
        }
        return sections;
    }

    private static Set<String> keys(Path envFile) throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(envFile)) {
            Matcher m = Pattern.compile("^([A-Z][A-Z0-9_]*)=").matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static Set<String> placeholders(Path template) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(Files.readString(template));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
