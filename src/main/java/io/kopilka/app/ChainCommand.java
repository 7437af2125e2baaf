package io.kopilka.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.admin.ChainSetup;
import io.kopilka.platform.ProblemException;

/**
 * The platform operator's {@code chains create} and {@code chains list} (docs/operations.md, "Chains (tenants)"):
 * no HTTP, because no chain user may create or see another chain. Exit 0 when done, 1 for a refusal (an email
 * already used), 2 for a wrong command line, an unreadable or empty password file or a refused value.
 */
@ApplicationScoped
public class ChainCommand {

    static final int REFUSED = 1;
    static final int USAGE = 2;
    private static final String USAGE_TEXT = """
            Usage: chains create --name NAME --currency CODE --admin-email EMAIL --admin-password-file FILE [--phone-region RU]
                   chains list [--format table|tsv]""";
    private static final Set<String> CREATE_OPTIONS = Set.of("name", "currency", "admin-email", "admin-password-file",
            "phone-region");
    private static final Set<String> LIST_OPTIONS = Set.of("format");
    /** More than the longest password allowed (128 characters of 4 bytes) plus a line end. */
    private static final int MAX_PASSWORD_FILE_BYTES = 1024;

    @Inject
    ChainSetup chains;

    /** A wrong command line: the message goes to stderr with the usage. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    public int run(PrintStream out, PrintStream err, String... args) {
        try {
            if (args.length >= 1 && "create".equals(args[0])) {
                return create(options(args, CREATE_OPTIONS), out, err);
            }
            if (args.length >= 1 && "list".equals(args[0])) {
                return list(options(args, LIST_OPTIONS), out);
            }
            throw new UsageException(args.length == 0 ? "chains: say create or list" : "chains: unknown command '" + args[0] + "'");
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
    }

    private int create(Map<String, String> options, PrintStream out, PrintStream err) throws UsageException {
        for (String required : List.of("name", "currency", "admin-email", "admin-password-file")) {
            if (!options.containsKey(required)) {
                throw new UsageException("chains create: --" + required + " is required");
            }
        }
        String password = readPassword(options.get("admin-password-file"));
        ChainSetup.NewChain chain = new ChainSetup.NewChain(options.get("name"), options.get("currency"),
                options.getOrDefault("phone-region", "RU"), options.get("admin-email"), password);
        long id;
        try {
            id = chains.create(chain);
        } catch (ProblemException e) {
            if (e.errors().isEmpty()) {
                err.println("chains create: refused: " + e.getMessage() + " (" + e.slug() + ")");
                return REFUSED;
            }
            StringBuilder why = new StringBuilder("chains create: refused values:");
            e.errors().forEach(f -> why.append("\n  ").append(option(f.field())).append(' ').append(f.message()));
            throw new UsageException(why.toString());
        }
        out.println("Created chain " + id + ": " + chain.name().strip() + " (" + chain.currency()
                + "), head-office admin " + chain.adminEmail().strip());
        return 0;
    }

    private int list(Map<String, String> options, PrintStream out) throws UsageException {
        String format = options.getOrDefault("format", "table");
        if (!format.equals("table") && !format.equals("tsv")) {
            throw new UsageException("chains list: --format must be table or tsv");
        }
        TextTable table = new TextTable(List.of("id", "name", "currency", "created", "stores", "terminals", "customers"));
        for (ChainSetup.ChainSummary c : chains.list()) {
            table.add(String.valueOf(c.id()), c.name(), c.currency(), c.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    String.valueOf(c.stores()), String.valueOf(c.terminals()), String.valueOf(c.customers()));
        }
        table.print(out, format.equals("tsv"));
        return 0;
    }

    /** {@code --name N} or {@code --name=N}, each at most once, only the known ones, after the subcommand. */
    static Map<String, String> options(String[] args, Set<String> known) throws UsageException {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("chains " + args[0] + ": unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!known.contains(name)) {
                throw new UsageException("chains " + args[0] + ": unknown option --" + name);
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("chains " + args[0] + ": --" + name + " needs a value");
            }
            if (options.put(name, value) != null) {
                throw new UsageException("chains " + args[0] + ": --" + name + " is given twice");
            }
        }
        return options;
    }

    /** The file's UTF-8 text without its trailing line end, so {@code echo secret > file} works. */
    static String readPassword(String file) throws UsageException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            bytes = in.readNBytes(MAX_PASSWORD_FILE_BYTES + 1);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new UsageException("chains create: cannot read the password file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_PASSWORD_FILE_BYTES) {
            throw new UsageException("chains create: the password file " + file + " is longer than a password");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException("chains create: the password file " + file + " is not UTF-8 text");
        }
        String password = text.replaceFirst("\\r?\\n$", "");
        if (password.isEmpty()) {
            throw new UsageException("chains create: the password file " + file + " is empty");
        }
        return password;
    }

    /** The use case's field name as the option that carried it. */
    private static String option(String field) {
        return "admin_password".equals(field) ? "--admin-password-file: the password" : "--" + field.replace('_', '-');
    }
}
