package org.jrom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jrom.JromException;

/**
 * The property every fuzz test of a reader checks (docs/reliability.md, "Fuzzing"): on any input
 * the reader returns, or throws a {@link JromException} with a message that says what went wrong;
 * anything else it throws (a {@link RuntimeException} of the JDK, a {@link StackOverflowError}, an
 * {@link OutOfMemoryError} under the fuzz profile's small heap) escapes to Jazzer as a finding. A
 * hang is caught by the per-input timeout of the profile (JUnit's test-template timeout, which
 * Jazzer passes to libFuzzer as {@code -timeout}).
 *
 * <p>Readers of files get the input through {@link #file}: one temporary folder per fuzz JVM,
 * overwritten for each input, so the fuzz loop does not fill the disk. Shared with the other
 * modules' fuzz tests through jrom-core's test jar.
 */
public final class FuzzProperty {
    private static Path folder;

    private FuzzProperty() {}

    /** A reader call; what it returns is dropped, the property is about how it ends. */
    @FunctionalInterface
    public interface Reader {
        Object read() throws IOException;
    }

    /**
     * Runs {@code reader} and passes when it returns or throws a {@link JromException} whose
     * message is not blank; anything else propagates (an {@link IOException} as an {@link
     * UncheckedIOException}, so that Jazzer sees it as a finding too).
     *
     * @throws AssertionError when the reader throws a {@link JromException} without a message
     */
    public static void check(Reader reader) {
        try {
            reader.read();
        } catch (JromException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a JromException without a message", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an IOException escaped the reader", e);
        }
    }

    /** Writes {@code bytes} as the file {@code name} in this JVM's fuzz folder and returns its path. */
    public static Path file(String name, byte[] bytes) {
        try {
            return Files.write(folder().resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's fuzz folder, created on first use and deleted when the JVM exits. */
    public static synchronized Path folder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("jrom-fuzz");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path created = folder;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created)));
        }
        return folder;
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is no test failure
        }
    }
}
