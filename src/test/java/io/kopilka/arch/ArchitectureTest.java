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
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.kopilka.console.ConsoleViews;
import io.kopilka.ledger.Ledger;

/**
 * Data flows one way: resource → use case → rules (pure) → ledger (writes) → database (docs/architecture.md).
 * The packages in layers, top down; each may use only the packages named after it:
 * <pre>
 * app        entry point, batch commands, housekeeping wiring, demo   → every package below
 * pos        the till's API (resources only)                          → checkout, customers, programme, ledger, rules, platform
 * console    the web console's pages (data through the JSON APIs)     → platform
 * campaigns  the campaign job, SMS, nightly housekeeping              → reports, admin, checkout, customers, programme, ledger, rules, platform
 * reports    reports, rollups, RFM segments                           → customers, programme, ledger, rules, platform
 * admin      the head-office API, the programme's editor, bootstrap   → customers, programme, ledger, rules, platform
 * checkout   the receipt use cases                                    → customers, programme, ledger, rules, platform
 * customers  lookup, enrolment, referrals, the birthday bonus         → programme, ledger, rules, platform
 * programme  the programme in force (versions, in-memory cache)       → rules, platform
 * ledger     the only writer of points                                → platform
 * rules      the programme's pure evaluation                          → nothing
 * platform   problem+json, authentication, transactions, database     → nothing
 * </pre>
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kopilka");

    private static final String[] LAYERS = { "App", "Pos", "Console", "Campaigns", "Reports", "Admin", "Checkout",
            "Customers", "Programme", "Ledger", "Rules", "Platform" };

    @Test
    void noPackageCycles() {
        slices().matching("io.kopilka.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageImportsDownwardOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("App").definedBy("io.kopilka.app..")
                .layer("Pos").definedBy("io.kopilka.pos..")
                .layer("Console").definedBy("io.kopilka.console..")
                .layer("Campaigns").definedBy("io.kopilka.campaigns..")
                .layer("Reports").definedBy("io.kopilka.reports..")
                .layer("Admin").definedBy("io.kopilka.admin..")
                .layer("Checkout").definedBy("io.kopilka.checkout..")
                .layer("Customers").definedBy("io.kopilka.customers..")
                .layer("Programme").definedBy("io.kopilka.programme..")
                .layer("Ledger").definedBy("io.kopilka.ledger..")
                .layer("Rules").definedBy("io.kopilka.rules..")
                .layer("Platform").definedBy("io.kopilka.platform..")
                .whereLayer("App").mayOnlyAccessLayers(below("App"))
                .whereLayer("Pos").mayOnlyAccessLayers("Checkout", "Customers", "Programme", "Ledger", "Rules", "Platform")
                .whereLayer("Console").mayOnlyAccessLayers("Platform")
                .whereLayer("Campaigns").mayOnlyAccessLayers("Reports", "Admin", "Checkout", "Customers", "Programme",
                        "Ledger", "Rules", "Platform")
                .whereLayer("Reports").mayOnlyAccessLayers("Customers", "Programme", "Ledger", "Rules", "Platform")
                .whereLayer("Admin").mayOnlyAccessLayers("Customers", "Programme", "Ledger", "Rules", "Platform")
                .whereLayer("Checkout").mayOnlyAccessLayers("Customers", "Programme", "Ledger", "Rules", "Platform")
                .whereLayer("Customers").mayOnlyAccessLayers("Programme", "Ledger", "Rules", "Platform")
                .whereLayer("Programme").mayOnlyAccessLayers("Rules", "Platform")
                .whereLayer("Ledger").mayOnlyAccessLayers("Platform")
                .whereLayer("Rules").mayNotAccessAnyLayer()
                .whereLayer("Platform").mayNotAccessAnyLayer()
                .because("features import downward only, and platform at the bottom imports no feature")
                .check(MAIN);
    }

    @Test
    void everyPackageIsInTheLayers() {
        classes().should().resideInAnyPackage(Stream.of(LAYERS).map(l -> "io.kopilka." + l.toLowerCase() + "..")
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

    private static String[] below(String layer) {
        List<String> order = List.of(LAYERS);
        return order.subList(order.indexOf(layer) + 1, order.size()).toArray(String[]::new);
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
