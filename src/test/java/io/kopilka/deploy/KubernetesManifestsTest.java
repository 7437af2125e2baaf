package io.kopilka.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests of deploy/kubernetes as an operator would apply them: every file parses, the pods run the one
 * image with the jar its Dockerfile installs, the API's probes ask the health endpoints the service serves, every
 * container is sized, the budget and the Service hold the API pods, the worker stops cleanly, and every variable
 * the pods get is a setting of docs/operations.md. No Quarkus boot: the files are read as they are.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
    private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "API_KEY");

    private static final Map<String, List<JsonNode>> byFile = new TreeMap<>();
    private static final List<JsonNode> all = new ArrayList<>();

    @BeforeAll
    static void readManifests() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<JsonNode> docs = new ArrayList<>();
                try (Reader reader = Files.newBufferedReader(file)) {
                    Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(reader);
                    it.forEachRemaining(d -> { if (d != null && !d.isEmpty()) docs.add(d); });
                }
                assertFalse(docs.isEmpty(), file + " holds no object");
                byFile.put(file.getFileName().toString(), docs);
                all.addAll(docs);
            }
        }
    }

    @Test
    void kustomizationAppliesEveryManifestButTheExampleSecret() {
        Set<String> listed = new TreeSet<>();
        only("Kustomization", null).path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> expected = new TreeSet<>(byFile.keySet());
        expected.remove("kustomization.yaml");
        expected.remove("secret.example.yaml");
        assertEquals(expected, listed, "kustomization.yaml resources");
    }

    @Test
    void everyPodRunsTheOneTaggedImageWithJavaAsProcessOne() throws IOException {
        String jar = dockerfileJar();
        Set<String> images = new TreeSet<>();
        for (JsonNode container : containers()) {
            String image = container.path("image").asText();
            images.add(image);
            assertTrue((image.matches(".+:[^:/]+") || image.matches(".+@sha256:[0-9a-f]{64}")) && !image.endsWith(":latest"),
                    container.path("name") + ": image " + image + " has no fixed tag");
            List<String> command = texts(container.path("command"));
            assertEquals("java", command.isEmpty() ? null : command.get(0),
                    container.path("name") + ": java must be process 1 so that SIGTERM reaches the JVM");
            assertEquals(jar, command.get(command.indexOf("-jar") + 1), container.path("name") + ": the jar");
        }
        assertEquals(1, images.size(), "the API, the worker and housekeeping run the same build: " + images);
    }

    @Test
    void apiProbesAskTheServicesHealthEndpoints() throws IOException {
        Properties app = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            app.load(r);
        }
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<artifactId>quarkus-smallrye-health</artifactId>"));
        String health = "/" + app.getProperty("quarkus.http.non-application-root-path", "q") + "/"
                + app.getProperty("quarkus.smallrye-health.root-path", "health") + "/";
        JsonNode api = container(deployment("api"), "api");
        assertEquals(health + app.getProperty("quarkus.smallrye-health.readiness-path", "ready"),
                api.at("/readinessProbe/httpGet/path").asText(), "readiness");
        assertEquals(health + app.getProperty("quarkus.smallrye-health.liveness-path", "live"),
                api.at("/livenessProbe/httpGet/path").asText(), "liveness (never the database's readiness)");
        assertEquals(health + app.getProperty("quarkus.smallrye-health.startup-path", "started"),
                api.at("/startupProbe/httpGet/path").asText(), "startup");
        int httpPort = Integer.parseInt(app.getProperty("quarkus.http.port").replaceAll(".*:(\\d+)}$", "$1"));
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertEquals(httpPort, containerPort(api, api.path(probe).path("httpGet").path("port")), probe + " port");
        }
        assertFalse(only("ConfigMap", null).path("data").has("KOPILKA_HTTP_PORT"), "the probes assume port " + httpPort);
    }

    @Test
    void everyContainerIsSizedAndItsHeapFitsItsMemory() {
        for (JsonNode container : containers()) {
            String name = container.path("name").asText();
            JsonNode resources = container.path("resources");
            assertFalse(resources.at("/requests/cpu").isMissingNode(), name + ": cpu request");
            assertFalse(resources.at("/requests/memory").isMissingNode(), name + ": memory request");
            long limit = mebibytes(resources.at("/limits/memory").asText());
            assertEquals(mebibytes(resources.at("/requests/memory").asText()), limit,
                    name + ": memory request = limit, so the pod is never the first evicted");
            String xmx = texts(container.path("command")).stream().filter(a -> a.startsWith("-Xmx")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no -Xmx"));
            long heap = heapMebibytes(xmx.substring(4));
            assertTrue(heap + 256 <= limit, name + ": heap " + heap + " MiB leaves under 256 MiB of " + limit + " MiB");
        }
    }

    @Test
    void budgetAndServiceHoldTheApiPodsOnly() {
        JsonNode api = deployment("api");
        JsonNode apiLabels = api.at("/spec/template/metadata/labels");
        JsonNode pdb = only("PodDisruptionBudget", null);
        JsonNode pdbSelector = pdb.at("/spec/selector/matchLabels");
        assertTrue(selects(pdbSelector, apiLabels), "the budget selects the API pods");
        assertTrue(pdb.at("/spec/minAvailable").asInt() >= 1, "at least one API pod stays");
        assertTrue(pdb.at("/spec/minAvailable").asInt() < api.at("/spec/replicas").asInt(),
                "a drain must be able to move one API pod");
        JsonNode service = only("Service", null);
        assertTrue(selects(service.at("/spec/selector"), apiLabels), "the Service selects the API pods");
        for (JsonNode labels : List.of(deployment("campaign-worker").at("/spec/template/metadata/labels"),
                only("CronJob", null).at("/spec/jobTemplate/spec/template/metadata/labels"))) {
            assertFalse(selects(pdbSelector, labels), "the budget holds batch pods too: " + labels);
            assertFalse(selects(service.at("/spec/selector"), labels), "the Service sends traffic to " + labels);
        }
        JsonNode apiContainer = container(api, "api");
        service.at("/spec/ports").forEach(p -> assertNotNull(containerPort(apiContainer, p.path("targetPort"))));
        assertEquals(0, api.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(), "upgrades keep every API pod");
    }

    @Test
    void campaignWorkerIsOnePodThatStopsCleanly() {
        JsonNode worker = deployment("campaign-worker");
        assertEquals(1, worker.at("/spec/replicas").asInt());
        assertEquals("Recreate", worker.at("/spec/strategy/type").asText(), "the old worker stops before the new starts");
        // docs/campaigns.md: a stopped job puts its messages back within 30 s
        assertTrue(worker.at("/spec/template/spec/terminationGracePeriodSeconds").asInt() >= 45,
                "the grace period must outlast the job's 30 s stop");
        List<String> args = texts(container(worker, "campaign-worker").path("args"));
        assertEquals(List.of("campaigns", "run"), args.subList(0, 2));
        assertTrue(args.stream().anyMatch(a -> a.startsWith("--every=")), "the worker runs with --every: " + args);

        JsonNode cron = only("CronJob", null);
        assertEquals("Forbid", cron.at("/spec/concurrencyPolicy").asText());
        JsonNode job = cron.at("/spec/jobTemplate/spec/template");
        assertEquals(List.of("housekeeping"), texts(job.at("/spec/containers/0/args")));
        assertTrue(Set.of("Never", "OnFailure").contains(job.at("/spec/restartPolicy").asText()));
    }

    @Test
    void everyVariableIsADocumentedSettingAndSecretsStayInTheSecret() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = VARIABLE.matcher(Files.readString(Path.of("docs/operations.md")));
        while (m.find()) {
            documented.add(m.group());
        }
        JsonNode configMap = only("ConfigMap", null);
        JsonNode secret = only("Secret", "secret.example.yaml");
        Set<String> given = new TreeSet<>();
        configMap.path("data").fieldNames().forEachRemaining(key -> {
            given.add(key);
            assertTrue(SECRET_WORDS.stream().noneMatch(key::contains), key + " belongs in the Secret, not the ConfigMap");
        });
        secret.path("stringData").fieldNames().forEachRemaining(given::add);
        for (JsonNode container : containers()) {
            container.path("env").forEach(e -> given.add(e.path("name").asText()));
            for (JsonNode from : container.path("envFrom")) {
                String configMapName = text(from.at("/configMapRef/name"));
                String secretName = text(from.at("/secretRef/name"));
                assertTrue(configMap.at("/metadata/name").asText().equals(configMapName)
                        || secret.at("/metadata/name").asText().equals(secretName),
                        container.path("name") + " reads a ConfigMap or Secret that is not here: " + from);
            }
        }
        Set<String> undocumented = new TreeSet<>(given);
        undocumented.removeAll(documented);
        assertEquals(Set.of(), undocumented, "variables the pods get that docs/operations.md does not describe");
        assertTrue(given.containsAll(Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "KOPILKA_CONSOLE_SESSION_SECRET")), "the settings production needs");
    }

    private static String dockerfileJar() throws IOException {
        Matcher m = Pattern.compile("ENTRYPOINT \\[.*\"-jar\", \"([^\"]+)\"\\]")
                .matcher(Files.readString(DIR.resolve("Dockerfile")));
        assertTrue(m.find(), "the Dockerfile's ENTRYPOINT runs a jar");
        return m.group(1);
    }

    private static JsonNode only(String kind, String file) {
        List<JsonNode> found = (file == null ? all : byFile.get(file)).stream()
                .filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private static JsonNode deployment(String component) {
        return all.stream().filter(d -> "Deployment".equals(d.path("kind").asText()))
                .filter(d -> component.equals(d.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment of " + component));
    }

    private static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : workload.at("/spec/template/spec/containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    private static List<JsonNode> containers() {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode d : all) {
            d.at("/spec/template/spec/containers").forEach(result::add);
            d.at("/spec/jobTemplate/spec/template/spec/containers").forEach(result::add);
        }
        assertEquals(3, result.size(), "the API, the worker and housekeeping");
        return result;
    }

    private static Integer containerPort(JsonNode container, JsonNode port) {
        for (JsonNode p : container.path("ports")) {
            if (port.isInt() ? p.path("containerPort").asInt() == port.asInt() : port.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return null;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        Set<Map.Entry<String, JsonNode>> wanted = selector.properties();
        return !wanted.isEmpty()
                && wanted.stream().allMatch(e -> e.getValue().asText().equals(text(labels.path(e.getKey()))));
    }

    /** A Kubernetes memory quantity in Mi or Gi. */
    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertTrue(m.matches(), "a memory size in Mi or Gi: " + quantity);
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }

    /** The JVM's size after -Xmx: m or g. */
    private static long heapMebibytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([mMgG])").matcher(size);
        assertTrue(m.matches(), "-Xmx in m or g: " + size);
        return Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(a -> result.add(a.asText()));
        return result;
    }
}
