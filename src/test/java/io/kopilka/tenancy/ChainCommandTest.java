package io.kopilka.tenancy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kopilka.admin.ChainSetup;
import io.kopilka.app.ChainCommand;
import io.kopilka.platform.ProblemException;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The platform operator's {@code chains create} and {@code chains list}, run in-process as KopilkaApp runs them. */
@QuarkusTest
class ChainCommandTest {

    private static final Pattern CREATED = Pattern.compile("Created chain (\\d+): ");

    @Inject
    ChainCommand command;

    @Inject
    Fixtures fixtures;

    @Inject
    ChainSetup setup;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path passwordFile(String content) throws IOException {
        Path f = dir.resolve("pw-" + UUID.randomUUID());
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static String email() {
        return "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@chain.test";
    }

    private long chains() {
        return fixtures.queryLong("SELECT count(*) FROM chains");
    }

    private Run create(String name, String email, Path password, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("create", "--name", name, "--currency", "RUB",
                "--admin-email", email, "--admin-password-file", password.toString()));
        args.addAll(Arrays.asList(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void createMakesAChainWithItsProgrammeAndAnAdminWhoSignsIn() throws IOException {
        String email = email();
        Run r = create("Аптека Плюс", email, passwordFile("operator-password\n"), "--phone-region=BG");

        assertEquals(0, r.exit(), r.err());
        Matcher m = CREATED.matcher(r.out());
        assertTrue(m.find(), r.out());
        long id = Long.parseLong(m.group(1));
        assertThat(r.out(), containsString("Аптека Плюс (RUB), head-office admin " + email));
        assertEquals("BG", fixtures.queryString("SELECT phone_region FROM chains WHERE id = ?", id));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM program_versions WHERE chain_id = ?", id));
        // the trailing line end is not part of the password
        RestAssured.given().auth().preemptive().basic(email, "operator-password").get("/api/admin/v1/program")
                .then().statusCode(200);
        RestAssured.given().auth().preemptive().basic(email, "operator-password\n").get("/api/admin/v1/program")
                .then().statusCode(401);
    }

    @Test
    void listShowsEveryChainWithItsCounts() throws IOException {
        String name = "List chain " + UUID.randomUUID().toString().substring(0, 8);
        Run created = create(name, email(), passwordFile("list-password"));
        Matcher m = CREATED.matcher(created.out());
        assertTrue(m.find(), created.out() + created.err());
        long id = Long.parseLong(m.group(1));
        Fixtures.Till till = fixtures.till(id);
        fixtures.terminal(id, till.storeId(), till.storeCode());

        Run table = run("list");
        assertEquals(0, table.exit(), table.err());
        assertThat(table.out(), containsString("customers"));
        assertThat(table.out(), containsString(name));

        Run tsv = run("list", "--format", "tsv");
        assertEquals(0, tsv.exit(), tsv.err());
        List<String> lines = tsv.out().lines().toList();
        assertEquals("id\tname\tcurrency\tcreated\tstores\tterminals\tcustomers", lines.get(0));
        assertEquals(chains() + 1, lines.size());
        String row = lines.stream().filter(l -> l.startsWith(id + "\t")).findFirst().orElseThrow();
        String[] cells = row.split("\t");
        assertEquals(List.of(String.valueOf(id), name, "RUB", "1", "2", "0"),
                List.of(cells[0], cells[1], cells[2], cells[4], cells[5], cells[6]));
    }

    @Test
    void anEmailOfAnotherChainIsRefusedWithExit1AndNothingCreated() throws IOException {
        Fixtures.Chain other = fixtures.chain();
        long before = chains();
        Run r = create("Second", other.adminEmail().toUpperCase(), passwordFile("another-password"));
        assertEquals(1, r.exit());
        assertThat(r.err(), containsString("email-taken"));
        assertEquals(before, chains());
        assertEquals("", r.out());
    }

    @Test
    void usageMistakesExitWith2AndCreateNothing() throws IOException {
        long before = chains();
        Path good = passwordFile("good-password\n");
        String email = email();
        List<Run> runs = List.of(
                run(),
                run("rename"),
                run("create", "--name", "N", "--currency", "RUB", "--admin-email", email),
                run("create", "--name", "N", "--currency", "RUB", "--admin-email", email, "--admin-password-file", good.toString(),
                        "--colour", "red"),
                run("create", "--name", "N", "--name", "M", "--currency", "RUB", "--admin-email", email,
                        "--admin-password-file", good.toString()),
                run("create", "--name"),
                run("create", "stray"),
                run("list", "--format", "xml"),
                create("N", email, dir.resolve("missing-file")),
                create("N", email, dir),
                run("create", "--name", "N", "--currency", "RUB", "--admin-email", email, "--admin-password-file", "bad\0path"),
                create("N", email, passwordFile("")),
                create("N", email, passwordFile("\n")));
        for (Run r : runs) {
            assertEquals(2, r.exit(), r.err());
            assertThat(r.err(), containsString("Usage: chains create"));
            assertEquals("", r.out());
        }
        assertEquals(before, chains());
    }

    @Test
    void refusedValuesNameTheirOptionAndExitWith2() throws IOException {
        long before = chains();
        Run currency = run("create", "--name", "N", "--currency", "rub", "--admin-email", email(), "--admin-password-file",
                passwordFile("good-password").toString());
        assertEquals(2, currency.exit());
        assertThat(currency.err(), containsString("--currency must be an ISO 4217 code"));

        Run unknownCurrency = run("create", "--name", "N", "--currency", "XYZ", "--admin-email", email(),
                "--admin-password-file", passwordFile("good-password").toString());
        assertEquals(2, unknownCurrency.exit());

        Run many = create(" ", "not-an-email", passwordFile("short"), "--phone-region", "ZZ");
        assertEquals(2, many.exit());
        assertThat(many.err(), containsString("--name is required"));
        assertThat(many.err(), containsString("--admin-email must be an email address"));
        assertThat(many.err(), containsString("--admin-password-file: the password must be at least 10 characters"));
        assertThat(many.err(), containsString("--phone-region must be an ISO 3166 region"));

        Run tooLong = create("N", email(), passwordFile("ж".repeat(129)));
        assertEquals(2, tooLong.exit());
        assertThat(tooLong.err(), containsString("at most 128"));
        assertThat(chains(), is(before));
    }

    @Test
    void twoOperatorsCreatingWithTheSameEmailAtOnceMakeOneChain() throws Exception {
        String email = email();
        long before = chains();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Long>> runs = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                String name = "Race " + i;
                runs.add(pool.submit(() -> {
                    start.await();
                    return setup.create(new ChainSetup.NewChain(name, "RUB", "RU", email, "race-password"));
                }));
            }
            start.countDown();
            int created = 0;
            for (java.util.concurrent.Future<Long> run : runs) {
                try {
                    run.get();
                    created++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof ProblemException p && "email-taken".equals(p.slug()), e.getCause().toString());
                }
            }
            assertEquals(1, created);
            assertEquals(before + 1, chains());
        } finally {
            pool.shutdownNow();
        }
    }
}
