package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OpenBLAS's threaded LAPACK overflows the JVM's default 1 MB thread stack (a segmentation fault,
 * not an exception): a child JVM started without {@code -Xss} factors a 3D convection-diffusion
 * matrix by {@link SparseLu} and a 400 x 400 dense matrix by LU, which {@link LapackStack} runs on a
 * thread with a large stack.
 */
class LapackStackTest {
    /** The child: exits 0 when both factorizations answer accurately. */
    public static void main(String[] args) {
        CsrMatrix a = convectionDiffusion3d(13, 40);
        double[] b = SparseCholeskyTest.randomVector(a.rows(), 1);
        double[] x = SparseLu.factor(a).solve(b);
        DenseMatrix d = DenseMatrixTest.random(400, 400, 2).plus(40.0, DenseMatrix.identity(400));
        double[] e = SparseCholeskyTest.randomVector(400, 3);
        double[] y = d.lu().solve(e);
        double[] dy = d.multiply(DenseMatrix.wrap(400, 1, y)).data();
        boolean ok = SparseCholeskyTest.relativeResidual(a, x, b) < 1e-13
                && SparseCholeskyTest.relativeDifference(dy, e) < 1e-12;
        System.out.println(ok ? "accurate" : "inaccurate");
        System.exit(ok ? 0 : 1);
    }

    /** The 7-point Laplacian of an n^3 grid plus central convection c (u_{x+1} - u_{x-1}) / 2. */
    static CsrMatrix convectionDiffusion3d(int n, double c) {
        CsrMatrix laplace = GridLaplacian.poisson3d(n, n, n);
        int size = n * n * n;
        int[] r = new int[2 * size];
        int[] col = new int[2 * size];
        double[] v = new double[2 * size];
        int t = 0;
        for (int i = 0; i < size; i++) {
            int x = i % n;
            if (x + 1 < n) {
                r[t] = i;
                col[t] = i + 1;
                v[t++] = c / 2;
            }
            if (x > 0) {
                r[t] = i;
                col[t] = i - 1;
                v[t++] = -c / 2;
            }
        }
        return laplace.plus(1.0, CsrMatrix.fromTriplets(size, size, r, col, v, t));
    }

    @Test
    void factorizationsSurviveTheDefaultThreadStack() throws Exception {
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LapackStackTest.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("accurate");
    }
}
