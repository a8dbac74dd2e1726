package org.jrom.bench;

import java.util.concurrent.TimeUnit;
import org.jrom.linalg.Parallel;
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
 * The STREAM "copy" bandwidth of this machine (McCalpin, "Memory bandwidth and machine balance in
 * current high performance computers", IEEE TCCA newsletter, 1995): copying an array of 2^25
 * doubles (256 MiB, far beyond any cache), counted as 16 bytes (one read, one write) per element.
 * It is the roof against which the memory-bound SpMV is judged. Measured on one thread and on the
 * {@link Parallel} pool the kernels use; the report takes the faster.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class MemoryBandwidthBench {
    /** Doubles per array: 256 MiB, far larger than the caches. */
    static final int LENGTH = 1 << 25;

    private double[] source;
    private double[] target;
    private int[] pieces;

    @Setup
    public void setUp() {
        source = new double[LENGTH];
        target = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            source[i] = i;
        }
        pieces = Parallel.evenBounds(LENGTH, Parallel.threads());
    }

    @Benchmark
    public double[] copySerial() {
        System.arraycopy(source, 0, target, 0, LENGTH);
        return target;
    }

    @Benchmark
    public double[] copyParallel() {
        Parallel.forPieces(pieces, (from, to) -> System.arraycopy(source, from, target, from, to - from));
        return target;
    }
}
