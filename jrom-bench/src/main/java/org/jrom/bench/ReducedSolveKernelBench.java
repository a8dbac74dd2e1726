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
        CholeskyDecomposition.solveInPlace(spd.clone(), n, x);
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

    private double[] stacked;

    @Benchmark
    public double[] assembleDgemv() {
        if (stacked == null) {
            stacked = new double[9 * n * n];
            for (int k = 0; k < 9; k++) {
                System.arraycopy(terms[k], 0, stacked, k * n * n, n * n);
            }
        }
        double[] theta = new double[9];
        for (int k = 0; k < 9; k++) {
            theta[k] = 0.5 + k;
        }
        double[] a = new double[n * n];
        org.jrom.linalg.LinalgBackend.blas().dgemv("N", n * n, 9, 1.0, stacked, n * n, theta, 1, 0.0, a, 1);
        return a;
    }

    @Benchmark
    public double[] lapackCholeskyNoCopy() {
        double[] x = b.clone();
        double[] a = scratch;
        System.arraycopy(spd, 0, a, 0, a.length);
        org.netlib.util.intW info = new org.netlib.util.intW(0);
        org.jrom.linalg.LinalgBackend.lapack().dpotrf("L", n, a, n, info);
        org.jrom.linalg.LinalgBackend.lapack().dpotrs("L", n, 1, a, n, x, n, info);
        return x;
    }

    private double[] scratch = new double[2500];

    @Benchmark
    public double[] choleskyPanel4() {
        double[] x = b.clone();
        double[] a = scratch;
        System.arraycopy(spd, 0, a, 0, a.length);
        panel4(a, n, x);
        return x;
    }

    /** Right-looking Cholesky (lower, column-major) with rank-4 trailing updates. */
    static boolean panel4(double[] a, int n, double[] b) {
        int j0 = 0;
        while (j0 < n) {
            int jb = Math.min(4, n - j0);
            // factor the panel columns j0..j0+jb (updates within the panel)
            for (int j = j0; j < j0 + jb; j++) {
                int cj = j * n;
                double d = a[cj + j];
                if (!(d > 0)) {
                    return false;
                }
                double l = Math.sqrt(d);
                a[cj + j] = l;
                double inv = 1.0 / l;
                for (int i = j + 1; i < n; i++) {
                    a[cj + i] *= inv;
                }
                for (int k = j + 1; k < j0 + jb; k++) {
                    double lkj = a[cj + k];
                    int ck = k * n;
                    for (int i = k; i < n; i++) {
                        a[ck + i] -= a[cj + i] * lkj;
                    }
                }
            }
            int e = j0 + jb;
            if (jb == 4) {
                int c0 = j0 * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                for (int k = e; k < n; k++) {
                    double l0 = a[c0 + k];
                    double l1 = a[c1 + k];
                    double l2 = a[c2 + k];
                    double l3 = a[c3 + k];
                    int ck = k * n;
                    for (int i = k; i < n; i++) {
                        a[ck + i] -= a[c0 + i] * l0 + a[c1 + i] * l1 + a[c2 + i] * l2 + a[c3 + i] * l3;
                    }
                }
            } else {
                for (int j = j0; j < e; j++) {
                    int cj = j * n;
                    for (int k = e; k < n; k++) {
                        double lkj = a[cj + k];
                        int ck = k * n;
                        for (int i = k; i < n; i++) {
                            a[ck + i] -= a[cj + i] * lkj;
                        }
                    }
                }
            }
            j0 = e;
        }
        for (int j = 0; j < n; j++) {
            int cj = j * n;
            double yj = b[j] / a[cj + j];
            b[j] = yj;
            for (int i = j + 1; i < n; i++) {
                b[i] -= a[cj + i] * yj;
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            int cj = j * n;
            double s = b[j];
            for (int i = j + 1; i < n; i++) {
                s -= a[cj + i] * b[i];
            }
            b[j] = s / a[cj + j];
        }
        return true;
    }
    /** Right-looking Cholesky (lower, column-major) with rank-8 trailing updates. */
    static boolean panel8(double[] a, int n, double[] b) {
        int j0 = 0;
        while (j0 < n) {
            int jb = Math.min(8, n - j0);
            // factor the panel columns j0..j0+jb (updates within the panel)
            for (int j = j0; j < j0 + jb; j++) {
                int cj = j * n;
                double d = a[cj + j];
                if (!(d > 0)) {
                    return false;
                }
                double l = Math.sqrt(d);
                a[cj + j] = l;
                double inv = 1.0 / l;
                for (int i = j + 1; i < n; i++) {
                    a[cj + i] *= inv;
                }
                for (int k = j + 1; k < j0 + jb; k++) {
                    double lkj = a[cj + k];
                    int ck = k * n;
                    for (int i = k; i < n; i++) {
                        a[ck + i] -= a[cj + i] * lkj;
                    }
                }
            }
            int e = j0 + jb;
            if (jb == 8) {
                int c0 = j0 * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                int c4 = c3 + n;
                int c5 = c4 + n;
                int c6 = c5 + n;
                int c7 = c6 + n;
                for (int k = e; k < n; k++) {
                    double l0 = a[c0 + k];
                    double l1 = a[c1 + k];
                    double l2 = a[c2 + k];
                    double l3 = a[c3 + k];
                    double l4 = a[c4 + k];
                    double l5 = a[c5 + k];
                    double l6 = a[c6 + k];
                    double l7 = a[c7 + k];
                    int ck = k * n;
                    for (int i = k; i < n; i++) {
                        a[ck + i] -= (a[c0 + i] * l0 + a[c1 + i] * l1 + a[c2 + i] * l2 + a[c3 + i] * l3)
                                + (a[c4 + i] * l4 + a[c5 + i] * l5 + a[c6 + i] * l6 + a[c7 + i] * l7);
                    }
                }
            } else {
                for (int j = j0; j < e; j++) {
                    int cj = j * n;
                    for (int k = e; k < n; k++) {
                        double lkj = a[cj + k];
                        int ck = k * n;
                        for (int i = k; i < n; i++) {
                            a[ck + i] -= a[cj + i] * lkj;
                        }
                    }
                }
            }
            j0 = e;
        }
        for (int j = 0; j < n; j++) {
            int cj = j * n;
            double yj = b[j] / a[cj + j];
            b[j] = yj;
            for (int i = j + 1; i < n; i++) {
                b[i] -= a[cj + i] * yj;
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            int cj = j * n;
            double s = b[j];
            for (int i = j + 1; i < n; i++) {
                s -= a[cj + i] * b[i];
            }
            b[j] = s / a[cj + j];
        }
        return true;
    }

    @Benchmark
    public double[] choleskyPanel8() {
        double[] x = b.clone();
        double[] a = scratch;
        System.arraycopy(spd, 0, a, 0, a.length);
        panel8(a, n, x);
        return x;
    }
}
