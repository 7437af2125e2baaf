package io.kopilka.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Data flows one way: resource → use case → rules (pure) → ledger (writes) → database (engineering.md). */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kopilka");

    @Test
    void rulesArePure() {
        noClasses().that().resideInAPackage("io.kopilka.rules..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "javax.sql..", "java.sql..", "org.hibernate..", "io.quarkus..",
                        "com.fasterxml..", "io.vertx..", "org.jboss..")
                .because("the programme's rules are evaluated without I/O, frameworks or a clock")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.kopilka.rules..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.kopilka.admin..", "io.kopilka.checkout..", "io.kopilka.customers..", "io.kopilka.ledger..",
                        "io.kopilka.platform..", "io.kopilka.pos..")
                .because("rules depend on no other part of Kopilka")
                .check(MAIN);
    }

    @Test
    void ledgerKnowsNoHttpAndNoCallers() {
        noClasses().that().resideInAPackage("io.kopilka.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.kopilka.pos..",
                        "io.kopilka.checkout..", "io.kopilka.admin..")
                .because("the ledger never knows HTTP nor the use cases that call it")
                .check(MAIN);
    }

    @Test
    void checkoutDoesNotDependOnResources() {
        noClasses().that().resideInAPackage("io.kopilka.checkout..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kopilka.pos..", "jakarta.ws.rs..")
                .because("use cases are called by resources, never the other way round")
                .check(MAIN);
    }

    @Test
    void customersDoNotDependOnResources() {
        noClasses().that().resideInAPackage("io.kopilka.customers..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kopilka.pos..", "io.kopilka.checkout..",
                        "jakarta.ws.rs..")
                .check(MAIN);
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
