package org.jrom.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jrom.io.MatrixMarket;
import org.jrom.linalg.CsrMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a Matrix Market coordinate file with 10^7 nonzeros: the 7-point Laplacian pattern of a
 * 113^3 grid (n = 1 442 897, nnz = 10 023 665), general (both triangles listed), row by row, values
 * the Laplacian's plus a random perturbation below 10^-3 printed by {@link Double#toString} (16 to
 * 17 significant digits, as solvers write them). Compared with SciPy's {@code scipy.io.mmread} on
 * the same file ({@code baseline.py} reads the file this benchmark writes, or writes it with
 * {@link #main} when it is missing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class MatrixMarketBench {
    /** Grid points per side: 7 n^3 - 6 n^2 = 10 023 665 nonzeros. */
    static final int GRID = 113;

    private Path file;

    /**
     * The benchmark file: the system property {@code jrom.bench.mtx}, else the environment variable
     * {@code JROM_BENCH_MTX}, else {@code jrom-bench-mm-10M.mtx} in the temporary directory (where
     * {@code baseline.py} looks too).
     */
    static Path file() {
        String name = System.getProperty("jrom.bench.mtx", System.getenv("JROM_BENCH_MTX"));
        return name != null ? Path.of(name) : Path.of(System.getProperty("java.io.tmpdir"), "jrom-bench-mm-10M.mtx");
    }

    @Setup
    public void setUp() {
        file = file();
        if (!Files.isRegularFile(file)) {
            write(file, GRID);
        }
    }

    @Benchmark
    public CsrMatrix readSparse() {
        return MatrixMarket.readSparse(file);
    }

    /** Writes the benchmark file: {@code java -cp benchmarks.jar org.jrom.bench.MatrixMarketBench [FILE]}. */
    public static void main(String[] args) {
        Path target = args.length > 0 ? Path.of(args[0]) : file();
        write(target, GRID);
        System.out.println(target);
    }

    /** Writes the 7-point Laplacian of an n^3 grid, perturbed, atomically (temporary file, then rename). */
    static void write(Path target, int n) {
        CsrMatrix a = PoissonMatrices.grid3d(n);
        Random rnd = new Random(7);
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".mm-", ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                w.write("%%MatrixMarket matrix coordinate real general\n");
                w.write("% jrom-bench: 7-point Laplacian of a " + n + "^3 grid, perturbed\n");
                w.write(a.rows() + " " + a.cols() + " " + a.nnz() + "\n");
                int[] ptr = a.rowPointers();
                int[] col = a.columnIndices();
                double[] val = a.nonzeroValues();
                StringBuilder line = new StringBuilder(64);
                for (int i = 0; i < a.rows(); i++) {
                    for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                        line.setLength(0);
                        line.append(i + 1).append(' ').append(col[p] + 1).append(' ');
                        line.append(val[p] + 1e-3 * rnd.nextDouble()).append('\n');
                        w.append(line);
                    }
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
