package org.jrom.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jrom.linalg.CholeskyDecomposition;
import org.jrom.linalg.LuDecomposition;
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

/** The dense kernels of the online reduced solve at N = 50: affine assembly of 9 terms, Cholesky (Java and LAPACK dposv), LU. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReducedSolveKernelBench {
    @Param({"50"})
    public int n;

    private double[][] terms;
    private double[] spd;
    private double[] b;

    @Setup
    public void setUp() {
        Random rnd = new Random(1);
        terms = new double[9][n * n];
        for (double[] t : terms) {
            for (int i = 0; i < t.length; i++) {
                t[i] = rnd.nextGaussian();
            }
        }
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        spd = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) {
                    s += g[k + i * n] * g[k + j * n];
                }
                spd[i + j * n] = s;
            }
        }
        b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rnd.nextGaussian();
        }
    }

    @Benchmark
    public double[] assemble() {
        double[] a = new double[n * n];
        for (int k = 0; k < 9; k++) {
            double tk = 0.5 + k;
            double[] t = terms[k];
            for (int i = 0; i < a.length; i++) {
                a[i] += tk * t[i];
            }
        }
        return a;
    }

    @Benchmark
    public double[] cholesky() {
        double[] x = b.clone();
        double[][] columns = new double[n][];
        for (int j = 0; j < n; j++) {
            columns[j] = java.util.Arrays.copyOfRange(spd, j * n, (j + 1) * n);
        }
        CholeskyDecomposition.solveInPlace(columns, x);
        return x;
    }

    @Benchmark
    public double[] lapackCholesky() {
        double[] x = b.clone();
        org.netlib.util.intW info = new org.netlib.util.intW(0);
        org.jrom.linalg.LinalgBackend.lapack().dposv("U", n, 1, spd.clone(), n, x, n, info);
        return x;
    }

    @Benchmark
    public double[] lu() {
        double[] x = b.clone();
        LuDecomposition.solveInPlace(spd.clone(), n, x);
        return x;
    }
}
