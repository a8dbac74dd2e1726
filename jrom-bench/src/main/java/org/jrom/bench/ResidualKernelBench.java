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
 * The kernel of the ORTHONORMAL residual norm, {@code R gamma} with R upper triangular (d x d,
 * d = 1 + 9 N: 451 for the 3x3 thermal block at N = 50), three ways in one run: the packed Java
 * column loop jrom uses online, BLAS {@code dtpmv} on the same packed array, and BLAS {@code dtrmv}
 * on the full array.
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

    /** Rows of the compressed form computed online at N = 50 (about 140 of 451 at the demo's accuracy). */
    private static final int ROWS = 144;

    private double[] chunk16;
    private double[] chunk32;

    private double[] chunks(int b) {
        Random rnd = new Random(2);
        double[] w = new double[ROWS * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian();
        }
        return w;
    }

    @Benchmark
    public double[] chunked16() {
        if (chunk16 == null) {
            chunk16 = chunks(16);
        }
        return chunked(chunk16, 16, gammas[next++ & 63]);
    }

    @Benchmark
    public double[] chunked32() {
        if (chunk32 == null) {
            chunk32 = chunks(32);
        }
        return chunked(chunk32, 32, gammas[next++ & 63]);
    }

    @Benchmark
    public double[] chunked16Pairs() {
        if (chunk16 == null) {
            chunk16 = chunks(16);
        }
        double[] g = gammas[next++ & 63];
        double[] y = new double[ROWS];
        int per = 16 * d;
        for (int c = 0; c < ROWS / 16; c++) {
            double[] acc = new double[16];
            int base = c * per;
            int t = 0;
            for (; t + 1 < d; t += 2) {
                double g0 = g[t];
                double g1 = g[t + 1];
                int o = base + t * 16;
                for (int i = 0; i < 16; i++) {
                    acc[i] += chunk16[o + i] * g0 + chunk16[o + 16 + i] * g1;
                }
            }
            for (; t < d; t++) {
                double g0 = g[t];
                int o = base + t * 16;
                for (int i = 0; i < 16; i++) {
                    acc[i] += chunk16[o + i] * g0;
                }
            }
            System.arraycopy(acc, 0, y, c * 16, 16);
        }
        return y;
    }

    private double[] chunked(double[] w, int b, double[] g) {
        double[] y = new double[ROWS];
        int per = b * d;
        for (int c = 0; c < ROWS / b; c++) {
            double[] acc = new double[b];
            int base = c * per;
            for (int t = 0; t < d; t++) {
                double gt = g[t];
                int o = base + t * b;
                for (int i = 0; i < b; i++) {
                    acc[i] += w[o + i] * gt;
                }
            }
            System.arraycopy(acc, 0, y, c * b, b);
        }
        return y;
    }

    @Benchmark
    public double[] dgemvRows() {
        if (chunk16 == null) {
            chunk16 = chunks(16);
        }
        double[] y = new double[ROWS];
        LinalgBackend.blas().dgemv("N", ROWS, d, 1.0, chunk16, ROWS, gammas[next++ & 63], 1, 0.0, y, 1);
        return y;
    }

    @Benchmark
    public double[] dgemvChunks16() {
        return dgemvChunks(16);
    }

    @Benchmark
    public double[] dgemvChunks32() {
        return dgemvChunks(32);
    }

    private double[] dgemvChunks(int b) {
        if (chunk16 == null) {
            chunk16 = chunks(16);
        }
        double[] g = gammas[next++ & 63];
        double[] y = new double[ROWS];
        double s = 0;
        for (int c = 0; c < ROWS / b; c++) {
            LinalgBackend.blas().dgemv("N", b, d, 1.0, chunk16, c * b * d, b, g, 0, 1, 0.0, y, c * b, 1);
            for (int i = c * b; i < (c + 1) * b; i++) {
                s += y[i] * y[i];
            }
        }
        y[0] += s * 0;
        return y;
    }
}
