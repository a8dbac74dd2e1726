package org.jrom.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs NumPy and SciPy scripts for the interoperability tests of every module (tag {@code
 * interop}, profile {@code -Pinterop}) with the interpreter named by the system property {@code
 * jrom.python}, by default {@code /usr/bin/python3}. NumPy and SciPy are their requirement (Debian
 * {@code python3-numpy}, {@code python3-scipy}): without them these tests fail, they do not skip.
 * Shared with the other modules' tests through jrom-core's test jar.
 */
public final class Python {
    public static final String INTERPRETER = System.getProperty("jrom.python", "/usr/bin/python3");

    private Python() {}

    /** Runs the script in the classpath resource {@code name} with {@code args} as sys.argv[1:]. */
    public static String runResource(String name, String... args) {
        try (InputStream in = Python.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return run(new String(in.readAllBytes(), StandardCharsets.UTF_8), args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code script} with {@code args} as sys.argv[1:]; returns its standard output. */
    public static String run(String script, String... args) {
        return runWith(INTERPRETER, script, args);
    }

    /**
     * Runs {@code script} by another interpreter that takes {@code -c} (ParaView's {@code pvpython});
     * returns its standard output.
     */
    public static String runWith(String interpreter, String script, String... args) {
        List<String> command = new ArrayList<>(List.of(interpreter, "-c", script));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(interpreter + " did not finish within 120 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                for (String module : List.of("numpy", "scipy")) {
                    if (text.contains("No module named '" + module + "'")) {
                        fail("the interoperability tests need NumPy and SciPy, but '" + interpreter
                                + "' cannot import " + module + ": install python3-" + module
                                + " (apt-get install python3-numpy python3-scipy) or name another interpreter"
                                + " with -Djrom.python=...");
                    }
                }
                fail(interpreter + " exited with " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            fail("cannot run " + interpreter + " (" + e.getMessage()
                    + "); the interoperability tests need Python 3 with NumPy and SciPy"
                    + " (apt-get install python3-numpy python3-scipy)");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + interpreter);
            return null;
        }
    }
}
