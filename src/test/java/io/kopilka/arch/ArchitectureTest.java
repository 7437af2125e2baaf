package io.kopilka.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

import io.kopilka.console.ConsoleViews;
import io.kopilka.ledger.Ledger;

/**
 * Data flows one way: resource → use case → rules (pure) → ledger (writes) → database (docs/architecture.md).
 * The packages in layers, top down (what each may import: {@link #LAYERS}):
 * <pre>
 * app        entry point, batch commands, demo loader: wires the features from above
 * pos        the till's API (resources only)
 * console    the web console's pages (data through the JSON APIs)
 * campaigns  the campaign job, SMS, nightly housekeeping
 * reports    reports, rollups, RFM segments
 * admin      the head-office API, the programme's editor, audit log, bootstrap
 * checkout   the receipt use cases
 * customers  the cashier's view, enrolment, referrals, the birthday bonus
 * programme  the programme in force (versions, in-memory cache)
 * ledger     the only writer of points
 * rules      the programme's pure evaluation
 * platform   problem+json, authentication, transactions, database: imports no feature
 * </pre>
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kopilka");

    /** Each package, top down, and the packages it may import (the table in docs/architecture.md). */
    private static final Map<String, List<String>> LAYERS = layers(
            "app", "pos console campaigns reports admin checkout customers programme ledger rules platform",
            "pos", "checkout customers programme ledger rules platform",
            "console", "platform",
            "campaigns", "reports admin checkout customers programme ledger rules platform",
            "reports", "customers programme ledger rules platform",
            "admin", "customers programme ledger rules platform",
            "checkout", "customers programme ledger rules platform",
            "customers", "programme ledger rules platform",
            "programme", "rules platform",
            "ledger", "platform",
            "rules", "",
            "platform", "");

    @Test
    void noPackageCycles() {
        slices().matching("io.kopilka.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageImportsDownwardOnly() {
        LayeredArchitecture layered = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS.keySet()) {
            layered = layered.layer(layer).definedBy(packageOf(layer));
        }
        for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
            layered = layer.getValue().isEmpty() ? layered.whereLayer(layer.getKey()).mayNotAccessAnyLayer()
                    : layered.whereLayer(layer.getKey()).mayOnlyAccessLayers(layer.getValue().toArray(String[]::new));
        }
        layered.because("features import downward only, and platform at the bottom imports no feature").check(MAIN);
    }

    @Test
    void everyPackageIsInTheLayers() {
        classes().should().resideInAnyPackage(LAYERS.keySet().stream().map(ArchitectureTest::packageOf)
                .toArray(String[]::new))
                .because("a new package is placed in the layers above and in docs/architecture.md")
                .check(MAIN);
    }

    @Test
    void rulesArePure() {
        noClasses().that().resideInAPackage("io.kopilka.rules..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "javax.sql..", "java.sql..", "org.hibernate..", "io.quarkus..",
                        "com.fasterxml..", "io.vertx..", "org.jboss..")
                .because("the programme's rules are evaluated without I/O, frameworks, injection or a clock")
                .check(MAIN);
    }

    @Test
    void useCasesAndLedgerKnowNoHttp() {
        noClasses().that().resideInAnyPackage("io.kopilka.ledger..", "io.kopilka.programme..", "io.kopilka.customers..",
                "io.kopilka.checkout..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx.core.http..")
                .because("use cases are called by resources, never the other way round, and the ledger never knows HTTP")
                .check(MAIN);
    }

    @Test
    void resourcesTranslateHttpOnly() {
        noClasses().that().haveSimpleNameEndingWith("Resource").or().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .or().haveSimpleNameEndingWith("Page").or().belongToAnyOf(ConsoleViews.class)
                .should().dependOnClassesThat(assignableTo(DataSource.class).or(assignableTo(Connection.class))
                        .or(assignableTo(Statement.class)).or(assignableTo(ResultSet.class)).or(assignableTo(Ledger.class)))
                .because("a resource translates HTTP to a use case and back: SQL and the ledger are the use case's")
                .check(MAIN);
    }

    private static Map<String, List<String>> layers(String... packageAndImports) {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        for (int i = 0; i < packageAndImports.length; i += 2) {
            String imports = packageAndImports[i + 1];
            layers.put(packageAndImports[i], imports.isEmpty() ? List.of() : List.of(imports.split(" ")));
        }
        return layers;
    }

    private static String packageOf(String layer) {
        return "io.kopilka." + layer + "..";
    }

    /** SQL lives in strings ArchUnit cannot see: the sources are searched instead. */
    @Test
    void onlyTheLedgerWritesPoints() throws IOException {
        Pattern write = Pattern.compile(
                "(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(ledger_entries|point_lots|lot_consumptions|ledger_debts)\\b",
                Pattern.CASE_INSENSITIVE);
        Path root = Path.of("src/main/java/io/kopilka");
        Path ledger = root.resolve("ledger");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> !f.startsWith(ledger))
                    .filter(f -> {
                        try {
                            return write.matcher(Files.readString(f)).find();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "only io.kopilka.ledger may write the ledger's tables");
        try (Stream<Path> files = Files.walk(ledger)) {
            // the check itself must see the ledger's own writes, or it proves nothing
            assertEquals(true, files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return write.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
    }
}
