package io.kopilka.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The register vendor's example client (deploy/examples/register-client) compiled as a vendor would compile it,
 * with the JDK's compiler and nothing else on its class path, and driven through its public methods.
 */
final class RegisterClientSource {

    static final Path SOURCE = Path.of("deploy/examples/register-client/RegisterClient.java");
    private static Class<?> compiled;

    private RegisterClientSource() {
    }

    static synchronized Class<?> load() throws IOException, ClassNotFoundException {
        if (compiled == null) {
            Path classes = Files.createTempDirectory("register-client");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = javac.run(null, errors, errors, "--release", "17", "-classpath", "", "-d", classes.toString(),
                    SOURCE.toString());
            assertEquals(0, rc, "the example compiles with javac alone: " + errors.toString(StandardCharsets.UTF_8));
            ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            compiled = loader.loadClass("RegisterClient");
        }
        return compiled;
    }

    /** A register pointed at {@code base}; what it prints lands in {@code printed}. */
    static Object register(URI base, String terminalKey, ByteArrayOutputStream printed) throws ReflectiveOperationException, IOException {
        return load().getConstructor(URI.class, String.class, PrintStream.class)
                .newInstance(base, terminalKey, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    static Object invoke(Object register, String method, Class<?>[] types, Object... args) throws Exception {
        try {
            return load().getMethod(method, types).invoke(register, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    static List<String> lines(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
