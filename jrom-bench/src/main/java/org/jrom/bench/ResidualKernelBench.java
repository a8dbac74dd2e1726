package org.jrom.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jrom.linalg.LinalgBackend;
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
 * The kernel of the ORTHONORMAL residual norm at d = 1 + 9 N = 451 (3x3 thermal block, N = 50),
 * in one run: {@code R gamma} with R upper triangular (the packed Java column loop, BLAS {@code
 * dtpmv} on the same packed array, BLAS {@code dtrmv} on the full array), against the compressed
 * form jrom uses online, 160 leading rows of {@code W = U^T R}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResidualKernelBench {
    @Param({"451"})
    public int d;

    private double[] packed;
    private double[] full;
    private int[] start;
    private double[][] gammas;
    private int next;

    @Setup
    public void setUp() {
        Random rnd = new Random(1);
        full = new double[d * d];
        start = new int[d + 1];
        for (int k = 0; k < d; k++) {
            start[k + 1] = start[k] + k + 1;
        }
        packed = new double[start[d]];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i <= k; i++) {
                double v = rnd.nextGaussian();
                full[k * d + i] = v;
                packed[start[k] + i] = v;
            }
        }
        gammas = new double[64][d];
        for (double[] g : gammas) {
            for (int i = 0; i < d; i++) {
                g[i] = rnd.nextGaussian();
            }
        }
    }

    @Benchmark
    public double[] javaPacked() {
        double[] g = gammas[next++ & 63];
        double[] rg = new double[d];
        for (int k = 0; k < d; k++) {
            double gk = g[k];
            int from = start[k];
            int len = start[k + 1] - from;
            for (int i = 0; i < len; i++) {
                rg[i] += packed[from + i] * gk;
            }
        }
        return rg;
    }

    @Benchmark
    public double[] blasPacked() {
        double[] rg = gammas[next++ & 63].clone();
        LinalgBackend.blas().dtpmv("U", "N", "N", d, packed, rg, 1);
        return rg;
    }

    @Benchmark
    public double[] blasFull() {
        double[] rg = gammas[next++ & 63].clone();
        LinalgBackend.blas().dtrmv("U", "N", "N", d, full, d, rg, 1);
        return rg;
    }

    /** Rows of the compressed form read online at N = 50 at the greedy's accuracy (about 140 of 451). */
    private static final int ROWS = 160;

    private double[] compressed;

    /**
     * The compressed ORTHONORMAL kernel jrom uses online ({@code OrthonormalEvaluator}): {@code W
     * gamma} for the leading rows of W, 32 rows per {@code dgemv}, with the running sum of squares
     * that decides when to stop.
     */
    @Benchmark
    public double compressedRows() {
        if (compressed == null) {
            Random rnd = new Random(2);
            compressed = new double[ROWS * d];
            for (int i = 0; i < compressed.length; i++) {
                compressed[i] = rnd.nextGaussian();
            }
        }
        double[] g = gammas[next++ & 63];
        double[] y = new double[ROWS];
        double s = 0;
        for (int c = 0; c < ROWS / 32; c++) {
            LinalgBackend.blas().dgemv("N", 32, d, 1.0, compressed, c * 32 * d, 32, g, 0, 1, 0.0, y, c * 32, 1);
            for (int i = c * 32; i < (c + 1) * 32; i++) {
                s += y[i] * y[i];
            }
        }
        return s;
    }
}
