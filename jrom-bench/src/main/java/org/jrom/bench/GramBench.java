package org.jrom.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
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
 * The Gram matrix {@code V^T V} of 200 snapshots of dimension 10^6 ({@link VectorArray#gram}, the
 * first step of the method of snapshots for POD; V takes 1.6 GB), against NumPy's {@code V.T @ V}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class GramBench {
    /** Dimension of each snapshot. */
    static final int DIM = 1_000_000;
    /** Number of snapshots. */
    static final int COUNT = 200;

    private VectorArray v;

    @Setup
    public void setUp() {
        double[] data = new double[DIM * COUNT];
        Random rnd = new Random(3);
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextDouble() - 0.5;
        }
        v = VectorArray.wrap(DIM, COUNT, data);
    }

    @Benchmark
    public DenseMatrix gram() {
        return v.gram();
    }
}
