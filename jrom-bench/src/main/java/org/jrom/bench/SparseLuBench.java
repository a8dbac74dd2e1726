package org.jrom.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jrom.linalg.CholeskySymbolic;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.SparseLu;
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
 * Sparse LU factorization plus one solve of a non-symmetric convection-diffusion matrix (the
 * 5-point Laplacian plus central convection {@code (0.5, 0.25)} on a 300 x 300 grid, 90,000
 * unknowns), against SciPy's {@code splu} (factor + one solve) on the same matrix. {@code
 * refactorSolve} reuses the symbolic analysis, as the high-fidelity solves of a non-symmetric
 * reduced-basis offline stage do across parameters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx6g", "-Xss16m"})
public class SparseLuBench {
    @Param({"convection-diffusion2d-300"})
    public String matrix;

    private CsrMatrix a;
    private double[] b;
    private CholeskySymbolic symbolic;

    @Setup
    public void setUp() {
        a = PoissonMatrices.convectionDiffusion2d(300, 0.5, 0.25);
        b = new double[a.rows()];
        Arrays.fill(b, 1.0);
        symbolic = SparseLu.analyze(a);
    }

    @Benchmark
    public double[] factorSolve() {
        return SparseLu.factor(a).solve(b);
    }

    @Benchmark
    public double[] refactorSolve() {
        return symbolic.factorLu(a).solve(b);
    }
}
