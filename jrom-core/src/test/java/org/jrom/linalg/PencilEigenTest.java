package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PencilEigenTest {
    /** Kinds of first matrix A of the pencil. */
    enum Kind {
        /** symmetric, both signs in the spectrum */
        INDEFINITE,
        /** {@code B^T B} with B of rank n/3: a large null space */
        SEMIDEFINITE,
        /** symmetric positive definite */
        DEFINITE
    }

    static Stream<Arguments> pencils() {
        return IntStream.range(0, 18).mapToObj(i -> Arguments.of(Kind.values()[i % 3], 5 + 7 * i, 100L + i));
    }

    /** A random sparse SPD matrix: a random symmetric pattern plus a diagonal that dominates it, with a random scale per row. */
    static CsrMatrix randomX(int n, Random rnd) {
        DenseMatrix x = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < 3; t++) {
                int j = rnd.nextInt(n);
                if (j != i) {
                    double v = rnd.nextGaussian();
                    x.set(i, j, v);
                    x.set(j, i, v);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.abs(x.get(i, j));
            }
            x.set(i, i, s + 0.1 + rnd.nextDouble());
        }
        return CsrMatrix.fromDense(x);
    }

    static CsrMatrix randomA(int n, Kind kind, Random rnd) {
        DenseMatrix a;
        if (kind == Kind.SEMIDEFINITE) {
            DenseMatrix b = DenseMatrix.zeros(Math.max(1, n / 3), n);
            for (int i = 0; i < b.rows(); i++) {
                for (int j = 0; j < n; j++) {
                    b.set(i, j, rnd.nextGaussian());
                }
            }
            a = b.transposeMultiply(b);
            a = a.plus(1.0, a.transpose()).scale(0.5);
        } else {
            a = DenseMatrix.zeros(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = rnd.nextGaussian();
                    a.set(i, j, v);
                    a.set(j, i, v);
                }
            }
            if (kind == Kind.DEFINITE) {
                a = a.multiply(a).plus(0.5, DenseMatrix.identity(n));
                a = a.plus(1.0, a.transpose()).scale(0.5);
            }
        }
        return CsrMatrix.fromDense(a);
    }

    /** Eigenvalues of {@code L^{-1} A L^{-T}} with {@code X = L L^T}, ascending: the pencil's spectrum by LAPACK. */
    static double[] denseSpectrum(CsrMatrix a, CsrMatrix x) {
        DenseMatrix l = x.toDense().cholesky().lower();
        // L^{-1} A L^{-T} = L^{-1} (L^{-1} A)^T, A symmetric.
        DenseMatrix linvA = triangularSolve(l, a.toDense());
        DenseMatrix c = triangularSolve(l, linvA.transpose());
        c = c.plus(1.0, c.transpose()).scale(0.5);
        return c.symmetricEigen().values();
    }

    /** {@code L^{-1} B} for lower-triangular L by forward substitution. */
    static DenseMatrix triangularSolve(DenseMatrix l, DenseMatrix b) {
        int n = l.rows();
        DenseMatrix y = b.copy();
        for (int col = 0; col < b.cols(); col++) {
            for (int i = 0; i < n; i++) {
                double s = y.get(i, col);
                for (int k = 0; k < i; k++) {
                    s -= l.get(i, k) * y.get(k, col);
                }
                y.set(i, col, s / l.get(i, i));
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("pencils")
    void lanczosExtremesAndCertificatesMatchDenseLapack(Kind kind, int n, long seed) {
        Random rnd = new Random(seed);
        CsrMatrix x = randomX(n, rnd);
        CsrMatrix a = randomA(n, kind, rnd);
        double[] lambda = denseSpectrum(a, x);
        double min = lambda[0];
        double max = lambda[n - 1];
        double scale = Math.max(Math.abs(min), Math.abs(max));

        PencilEigen.Ritz ritz =
                PencilEigen.extremes(a, x, SparseCholesky.factor(x), new PencilEigen.Options(n, 1e-12, seed));
        assertThat(ritz.converged()).isTrue();
        assertThat(ritz.smallest()).isCloseTo(min, within(1e-9 * scale));
        assertThat(ritz.largest()).isCloseTo(max, within(1e-9 * scale));
        // Ritz values lie in the spectrum's hull.
        assertThat(ritz.smallest()).isGreaterThanOrEqualTo(min - 1e-12 * scale);
        assertThat(ritz.largest()).isLessThanOrEqualTo(max + 1e-12 * scale);
        // The Ritz vectors are X-normalized eigenvectors: ||A u - theta X u|| small.
        assertEigenvector(a, x, ritz.smallestVector(), min, scale);
        assertEigenvector(a, x, ritz.largestVector(), max, scale);

        // Inertia certificates: A - s X is positive definite exactly when s < lambda_min.
        double gap = 1e-6 * scale;
        assertThat(PencilEigen.isPositiveDefinite(a, x, min - gap)).isTrue();
        assertThat(PencilEigen.isPositiveDefinite(a, x, min + gap)).isFalse();
        double lower = PencilEigen.certifiedLowerBound(a, x, ritz.smallest(), gap);
        double upper = PencilEigen.certifiedUpperBound(a, x, ritz.largest(), gap);
        assertThat(lower).isLessThan(min).isGreaterThan(min - 5 * gap);
        assertThat(upper).isGreaterThan(max).isLessThan(max + 5 * gap);

        if (kind == Kind.SEMIDEFINITE) {
            assertThat(min).isCloseTo(0.0, within(1e-12 * scale));
        }
        if (kind == Kind.DEFINITE) {
            PencilEigen.Eigenpair low = PencilEigen.smallest(a, x, new PencilEigen.Options(n, 1e-12, seed));
            assertThat(low.value()).isCloseTo(min, within(1e-11 * scale));
            // The Rayleigh quotient of any vector is an upper bound of lambda_min.
            assertThat(low.value()).isGreaterThanOrEqualTo(min - 1e-13 * scale);
            assertEigenvector(a, x, low.vector(), min, scale);
        }
    }

    private static void assertEigenvector(CsrMatrix a, CsrMatrix x, double[] u, double lambda, double scale) {
        double[] xu = x.apply(u);
        double norm = 0;
        for (int i = 0; i < u.length; i++) {
            norm += u[i] * xu[i];
        }
        assertThat(norm).isCloseTo(1.0, within(1e-10));
        double[] au = a.apply(u);
        double r = 0;
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            r = Math.max(r, Math.abs(au[i] - lambda * xu[i]));
            s = Math.max(s, Math.abs(xu[i]));
        }
        assertThat(r).isLessThanOrEqualTo(1e-6 * scale * s);
    }

    /**
     * 1D P1 finite elements on (0, 1) with Dirichlet ends, {@code K u = lambda M u}: the discrete
     * eigenvalues are {@code (6 / h^2) (1 - cos(j pi h)) / (2 + cos(j pi h))}, j = 1..n.
     */
    @Test
    void shiftInvertFindsTheSmallestFiniteElementEigenvalueAndTheCertificatesBracketTheSpectrum() {
        int n = 2000;
        double h = 1.0 / (n + 1);
        CsrMatrix k = tridiagonal(n, 2 / h, -1 / h);
        CsrMatrix m = tridiagonal(n, 4 * h / 6, h / 6);
        double lambda1 = 6 / (h * h) * (1 - Math.cos(Math.PI * h)) / (2 + Math.cos(Math.PI * h));
        double lambdaN = 6 / (h * h) * (1 - Math.cos(n * Math.PI * h)) / (2 + Math.cos(n * Math.PI * h));
        PencilEigen.Eigenpair low = PencilEigen.smallest(k, m, PencilEigen.Options.defaults());
        assertThat(low.ritz().converged()).isTrue();
        assertThat(low.ritz().steps()).isLessThan(60);
        assertThat(low.value()).isCloseTo(lambda1, within(1e-10 * lambda1));
        assertThat(low.value()).isGreaterThanOrEqualTo(lambda1 * (1 - 1e-14));
        double lower = PencilEigen.certifiedLowerBound(k, m, low.value(), 1e-6 * low.value());
        assertThat(lower).isLessThan(lambda1).isGreaterThan(lambda1 * (1 - 5e-6));
        // The top of the spectrum is clustered: Lanczos only approaches it from inside, and the
        // certificate pushes its upper bound out past the true value.
        PencilEigen.Ritz ritz =
                PencilEigen.extremes(k, m, SparseCholesky.factor(m), new PencilEigen.Options(100, 1e-10, 3));
        assertThat(ritz.largest()).isLessThanOrEqualTo(lambdaN * (1 + 1e-12));
        double upper = PencilEigen.certifiedUpperBound(k, m, ritz.largest(), 1e-6 * ritz.largest());
        assertThat(upper).isGreaterThan(lambdaN);
    }

    private static CsrMatrix tridiagonal(int n, double diag, double off) {
        int[] r = new int[3 * n];
        int[] c = new int[3 * n];
        double[] v = new double[3 * n];
        int t = 0;
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) {
                r[t] = i;
                c[t] = j;
                v[t++] = i == j ? diag : off;
            }
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, t);
    }
}
