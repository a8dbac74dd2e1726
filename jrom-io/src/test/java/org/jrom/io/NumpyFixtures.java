package org.jrom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.testing.Python;

/**
 * Files written by NumPy and SciPy, by {@code src/test/resources/fixtures/numpy/make_fixtures.py}:
 * the committed ones for the default tests, or the same script run now with {@link Python}'s
 * interpreter for the interop tests, so that both check the same files against the same values.
 */
final class NumpyFixtures {
    private static final String ROOT = "/fixtures/numpy/";

    private NumpyFixtures() {}

    /** The committed files of one section of the script: npy, npz, snapshots or mtx. */
    static Path committed(String section) {
        URL url = NumpyFixtures.class.getResource(ROOT + section);
        if (url == null) {
            throw new IllegalStateException("no fixtures " + ROOT + section + " on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a file. */
    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script for one section into {@code dir}; returns the folder it wrote. */
    static Path written(Path dir, String section) {
        Python.runResource(ROOT + "make_fixtures.py", dir.toString(), section);
        return dir.resolve(section);
    }
}
