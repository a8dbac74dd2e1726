package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.junit.jupiter.api.Test;
import org.netlib.util.intW;

/**
 * The live backend (native OpenBLAS when installed) and the pure-Java netlib port give the same
 * results up to round-off. When no native library is present both sides are the Java port and the
 * test still checks the kernels against each other's definitions.
 */
class BackendConsistencyTest {
    private final BLAS live = LinalgBackend.blas();
    private final BLAS java = LinalgBackend.javaBlas();
    private final LAPACK liveLapack = LinalgBackend.lapack();
    private final LAPACK javaLapack = LinalgBackend.javaLapack();

    @Test
    void gemmAgrees() {
        int m = 67;
        int n = 45;
        int k = 81;
        double[] a = DenseMatrixTest.random(m, k, 11).data();
        double[] b = DenseMatrixTest.random(k, n, 12).data();
        double[] c1 = new double[m * n];
        double[] c2 = new double[m * n];
        live.dgemm("N", "N", m, n, k, 1.0, a, m, b, k, 0.0, c1, m);
        java.dgemm("N", "N", m, n, k, 1.0, a, m, b, k, 0.0, c2, m);
        assertThat(maxDiff(c1, c2)).isLessThan(1e-12);
    }

    @Test
    void choleskyAndSymmetricEigenAgree() {
        int n = 50;
        double[] a = DenseMatrixTest.randomSpd(n, 13).data();
        double[] l1 = a.clone();
        double[] l2 = a.clone();
        intW info = new intW(0);
        liveLapack.dpotrf("L", n, l1, n, info);
        assertThat(info.val).isZero();
        javaLapack.dpotrf("L", n, l2, n, info);
        assertThat(info.val).isZero();
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                assertThat(Math.abs(l1[i + j * n] - l2[i + j * n])).isLessThan(1e-11);
            }
        }
        double[] w1 = eigenvalues(liveLapack, a, n);
        double[] w2 = eigenvalues(javaLapack, a, n);
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(w1[i] - w2[i])).isLessThan(1e-11 * Math.abs(w1[n - 1]));
        }
    }

    private static double[] eigenvalues(LAPACK lapack, double[] a, int n) {
        double[] v = a.clone();
        double[] w = new double[n];
        double[] work = new double[3 * n];
        intW info = new intW(0);
        lapack.dsyev("N", "L", n, v, n, w, work, work.length, info);
        assertThat(info.val).isZero();
        return w;
    }

    private static double maxDiff(double[] x, double[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }
}
