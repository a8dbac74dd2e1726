package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile model files given to {@code jrom query} and {@code jrom info}: a ZIP bomb, a truncated
 * file, a FIFO, a coercivity constant of -1 with its checksum recomputed. Each ends with exit code
 * 2 and one line on stderr, {@code jrom: } and what is wrong, never a stack trace.
 */
class HostileModelFileTest {
    private static final String MU = "diffusion=0.5,0.5,0.5,0.5";

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void buildModel() {
        model = SmallModel.thermalBlock();
    }

    /** rhs_0.npy followed by 256 MiB of zeros: ~256 KiB in the archive. */
    static Path bomb() {
        byte[] zeros = new byte[1 << 20];
        return SmallModel.withEntries(model, dir.resolve("bomb.jrom"), (name, bytes, out) -> {
            out.write(bytes);
            if (name.equals("rhs_0.npy")) {
                for (int k = 0; k < 256; k++) {
                    out.write(zeros);
                }
            }
        });
    }

    private static void assertRefused(Path file, String message) {
        for (List<String> args :
                List.of(List.of("query", file.toString(), "--mu", MU), List.of("info", file.toString()))) {
            Run r = JromCommandTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .as(String.join(" ", args))
                    .startsWith("jrom: " + file)
                    .contains(message);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void aBombIsRefusedAtTheSizeItsShapeDeclares() {
        Path bomb = bomb();
        assertThat(bomb.toFile().length()).isLessThan(2 << 20);
        assertRefused(bomb, "entry 'rhs_0.npy': the archive says it is ");
    }

    /** The bomb in a JVM of 256 MiB heap: refused, not an OutOfMemoryError. */
    @Test
    void aBombIsRefusedInASmallHeap() throws Exception {
        Path bomb = bomb();
        Process child =
                ChildProcess.jrom("256m", "query", bomb.toString(), "--mu", MU).start();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(err).isEqualTo(2);
        assertThat(err).startsWith("jrom: " + bomb + ": entry 'rhs_0.npy': ");
        assertThat(err.strip().lines()).hasSize(1);
    }

    @Test
    void aTruncatedFileSaysSo() throws Exception {
        byte[] bytes = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.jrom"), Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(cut, ": not a complete model file (truncated: no ZIP end record)");
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("fifo.jrom");
        ChildProcess.mkfifo(fifo);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(30), () -> assertRefused(fifo, ": not a regular file"));
    }

    /** alpha = -1 with the checksums recomputed would certify negative bounds. */
    @Test
    void aNegativeCoercivityConstantIsRefused() throws Exception {
        Path negative = SmallModel.withArray(
                model, dir.resolve("alpha.jrom"), "coercivity_reference_alpha", DenseMatrix.ofRows(new double[] {-1}));
        assertRefused(
                negative,
                "entry 'coercivity_reference_alpha.npy': element (0, 0) is -1.0; the coercivity constant must be > 0");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
