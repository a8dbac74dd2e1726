package org.jrom.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Sparse matrix-vector product {@code y = A x} with the 5-point Poisson matrix of a 1000 x 1000
 * grid (10^6 unknowns, about 5 10^6 nonzeros), the kernel of every Krylov iteration. Compared with
 * SciPy's {@code A @ x} and with the copy bandwidth measured by {@link MemoryBandwidthBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class SpmvBench {
    /** Grid points per side. */
    static final int GRID = 1000;

    private CsrMatrix a;
    private double[] x;
    private double[] y;

    @Setup
    public void setUp() {
        a = PoissonMatrices.grid2d(GRID);
        Random rnd = new Random(1);
        x = new double[a.cols()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
        }
        y = new double[a.rows()];
    }

    @Benchmark
    public double[] spmvPoisson2d() {
        a.apply(x, 0, y, 0);
        return y;
    }
}
