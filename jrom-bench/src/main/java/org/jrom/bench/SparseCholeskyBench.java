package org.jrom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jrom.linalg.CholeskySymbolic;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.SparseCholesky;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sparse Cholesky factorization plus one solve of the Poisson matrices of a 500 x 500 grid (250k
 * unknowns) and a 50^3 grid (125k unknowns), against SciPy's {@code splu} (factor + one solve) on
 * the same matrices. {@code refactorSolve} reuses the symbolic analysis (ordering, elimination
 * tree, pattern of L), as a reduced-basis offline stage does across parameters. The plate
 * matrices are P1 {@code K + M} on an unstructured Gmsh mesh of about 20k and 80k nodes ({@link
 * PlateMatrices}): the small and medium high-fidelity solves, where fixed costs weigh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class SparseCholeskyBench {
    @Param({"poisson2d-500", "poisson3d-50", "plate2d-20k", "plate2d-80k"})
    public String matrix;

    private CsrMatrix a;
    private double[] b;
    private CholeskySymbolic symbolic;

    @Setup
    public void setUp() throws IOException {
        a = switch (matrix) {
            case "poisson2d-500" -> PoissonMatrices.grid2d(500);
            case "poisson3d-50" -> PoissonMatrices.grid3d(50);
            case "plate2d-20k", "plate2d-80k" -> PlateMatrices.matrix(matrix);
            default -> throw new IllegalArgumentException("unknown matrix " + matrix);
        };
        b = new double[a.rows()];
        Arrays.fill(b, 1.0);
        symbolic = SparseCholesky.analyze(a);
        // nnz(L) is a property of the ordering, not a timing: the report reads it from this file,
        // written in the working directory of the run (run-benchmarks.sh runs JMH in bench-results/).
        String line = "SparseCholeskyBench." + matrix + ".nnzFactor="
                + SparseCholesky.factor(a).nnzFactor() + "\n";
        Files.writeString(
                Path.of("jmh-aux.properties"),
                line,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Benchmark
    public double[] factorSolve() {
        return SparseCholesky.factor(a).solve(b);
    }

    @Benchmark
    public double[] refactorSolve() {
        return symbolic.factor(a).solve(b);
    }
}
