package org.jrom.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jrom.linalg.DenseMatrix;
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
 * Dense matrix product {@code C = A B} of two 2000 x 2000 matrices through {@link
 * DenseMatrix#multiply} (one DGEMM on the live backend), against NumPy's {@code A @ B}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class DgemmBench {
    /** Order of the square matrices. */
    static final int N = 2000;

    private DenseMatrix a;
    private DenseMatrix b;

    @Setup
    public void setUp() {
        a = randomMatrix(N, N, 1);
        b = randomMatrix(N, N, 2);
    }

    /** A matrix of standard normal entries, seeded. */
    static DenseMatrix randomMatrix(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        double[] data = new double[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextGaussian();
        }
        return DenseMatrix.wrap(rows, cols, data);
    }

    @Benchmark
    public DenseMatrix multiply() {
        return a.multiply(b);
    }
}
