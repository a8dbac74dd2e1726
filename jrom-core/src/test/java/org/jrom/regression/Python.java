package org.jrom.regression;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SciPy scripts for the interoperability tests (tag {@code interop}, profile {@code -Pinterop})
 * with the interpreter named by the system property {@code jrom.python}, by default {@code
 * /usr/bin/python3}. SciPy is their requirement (Debian {@code python3-scipy}): without it these
 * tests fail, they do not skip.
 */
final class Python {
    static final String INTERPRETER = System.getProperty("jrom.python", "/usr/bin/python3");

    private Python() {}

    /** Runs the script in the classpath resource {@code name} with {@code args} as sys.argv[1:]. */
    static String runResource(String name, String... args) {
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
    static String run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(INTERPRETER, "-c", script));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(INTERPRETER + " did not finish within 120 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                if (text.contains("No module named 'scipy'") || text.contains("No module named 'numpy'")) {
                    fail("SciPy is required by the interoperability tests but '" + INTERPRETER
                            + "' cannot import it: install python3-scipy (apt-get install python3-scipy)");
                }
                fail(INTERPRETER + " exited with " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            fail("cannot run " + INTERPRETER + " (" + e.getMessage()
                    + "); the interoperability tests need Python 3 with SciPy (apt-get install python3-scipy)");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + INTERPRETER);
            return null;
        }
    }
}
