package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseMatrixTest {
    static DenseMatrix random(int m, int n, long seed) {
        Random rnd = new Random(seed);
        DenseMatrix a = DenseMatrix.zeros(m, n);
        for (int i = 0; i < a.data().length; i++) {
            a.data()[i] = rnd.nextGaussian();
        }
        return a;
    }

    static DenseMatrix randomSpd(int n, long seed) {
        DenseMatrix b = random(n, n, seed);
        return b.transposeMultiply(b).plus(n, DenseMatrix.identity(n));
    }

    @Test
    void backendFollowsTheSystemProperty() {
        if ("java".equals(System.getProperty("jrom.blas"))) {
            assertThat(LinalgBackend.isNative()).isFalse();
            assertThat(LinalgBackend.describe()).startsWith("BLAS pure Java");
        }
        assertThat(LinalgBackend.describe())
                .contains(LinalgBackend.blas().getClass().getSimpleName());
    }

    @Test
    void productMatchesTheDefinition() {
        DenseMatrix a = random(7, 5, 1);
        DenseMatrix b = random(5, 3, 2);
        DenseMatrix c = a.multiply(b);
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 5; k++) {
                    s += a.get(i, k) * b.get(k, j);
                }
                assertThat(c.get(i, j)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-13));
            }
        }
        assertThat(a.transposeMultiply(a.multiply(b))
                        .minus(a.transpose().multiply(c))
                        .normMax())
                .isLessThan(1e-12);
        assertThat(a.multiplyTranspose(a).minus(a.multiply(a.transpose())).normMax())
                .isLessThan(1e-12);
    }

    @Test
    void choleskyAndLuSolveRandomSystemsToRoundOff() {
        DenseMatrix a = randomSpd(40, 3);
        DenseMatrix b = random(40, 3, 4);
        DenseMatrix x1 = a.cholesky().solve(b);
        DenseMatrix x2 = a.lu().solve(b);
        assertThat(a.multiply(x1).minus(b).normMax()).isLessThan(1e-10);
        assertThat(x1.minus(x2).normMax()).isLessThan(1e-12);
        DenseMatrix l = a.cholesky().lower();
        assertThat(l.multiplyTranspose(l).minus(a).normMax()).isLessThan(1e-10);
    }

    @Test
    void inPlaceLuAgreesWithLapack() {
        for (int n : new int[] {1, 2, 5, 17, 60}) {
            DenseMatrix a = random(n, n, 100 + n);
            double[] b = random(n, 1, 200 + n).data();
            double[] x = b.clone();
            LuDecomposition.solveInPlace(a.data().clone(), n, x);
            double[] expected = a.lu().solve(b);
            for (int i = 0; i < n; i++) {
                assertThat(x[i])
                        .isCloseTo(
                                expected[i], org.assertj.core.data.Offset.offset(1e-10 * (1 + Math.abs(expected[i]))));
            }
        }
        // A zero leading entry needs the row exchange.
        double[] x = {3, 4};
        LuDecomposition.solveInPlace(new double[] {0, 1, 1, 0}, 2, x);
        assertThat(x).containsExactly(4, 3);
        assertThatThrownBy(() -> LuDecomposition.solveInPlace(new double[4], 2, new double[2]))
                .isInstanceOf(SingularMatrixException.class);
    }

    @Test
    void inPlaceCholeskySolvesSpdSystemsAndRefusesIndefiniteOnes() {
        // sizes below, at and between multiples of the 4-column panel
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 17, 50, 60}) {
            DenseMatrix g = random(n, n, 300 + n);
            DenseMatrix a = g.transposeMultiply(g).plus(1.0, DenseMatrix.identity(n)); // SPD
            double[] b = random(n, 1, 400 + n).data();
            double[] x = b.clone();
            assertThat(CholeskyDecomposition.solveInPlace(columns(a), x)).isTrue();
            // Residual check against the matrix itself, not against another solver's output.
            double[] r = a.multiply(DenseMatrix.wrap(n, 1, x)).data();
            for (int i = 0; i < n; i++) {
                assertThat(r[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-11 * (1 + Math.abs(b[i]))));
            }
        }
        // Only the lower triangle is read: garbage above the diagonal changes nothing.
        double[] x = {1, 2};
        assertThat(CholeskyDecomposition.solveInPlace(new double[][] {{4, 2}, {99, 3}}, x))
                .isTrue();
        assertThat(x[0] * 4 + x[1] * 2).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-14));
        assertThat(x[0] * 2 + x[1] * 3).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-14));
        assertThat(CholeskyDecomposition.solveInPlace(new double[][] {{1, 2}, {2, 1}}, new double[2]))
                .isFalse();
        // an indefinite pivot in the second panel, reached only through the trailing update
        DenseMatrix g = random(6, 6, 7);
        DenseMatrix indefinite = g.transposeMultiply(g).plus(1.0, DenseMatrix.identity(6));
        indefinite.set(5, 5, indefinite.get(5, 5) - 1e3);
        assertThat(CholeskyDecomposition.solveInPlace(columns(indefinite), new double[6]))
                .isFalse();
    }

    private static double[][] columns(DenseMatrix a) {
        double[][] c = new double[a.cols()][];
        for (int j = 0; j < c.length; j++) {
            c[j] = a.column(j);
        }
        return c;
    }

    @Test
    void choleskyNamesTheFailingPivot() {
        DenseMatrix a = DenseMatrix.diagonal(4, 1, -2, 5);
        assertThatThrownBy(a::cholesky)
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("pivot 2");
    }

    @Test
    void qrGivesOrthonormalQAndTriangularR() {
        DenseMatrix a = random(30, 8, 5);
        QrDecomposition qr = a.qr();
        assertThat(qr.q()
                        .transposeMultiply(qr.q())
                        .minus(DenseMatrix.identity(8))
                        .normMax())
                .isLessThan(1e-14);
        assertThat(qr.q().multiply(qr.r()).minus(a).normMax()).isLessThan(1e-13);
        assertThat(qr.r().get(5, 2)).isZero();
    }

    @Test
    void qrLeastSquaresSolutionHasAResidualOrthogonalToTheColumns() {
        DenseMatrix a = random(30, 8, 6);
        double[] b = random(30, 1, 7).data();
        double[] x = a.qr().solveLeastSquares(b);
        double[] r = new double[30];
        a.apply(x, 0, r, 0);
        for (int i = 0; i < r.length; i++) {
            r[i] = b[i] - r[i];
        }
        // Normal equations A^T (b - A x) = 0, to round-off.
        for (double w : a.applyTranspose(r)) {
            assertThat(Math.abs(w)).isLessThan(1e-13);
        }
        // A consistent system is solved exactly.
        double[] y = {1, -2, 3, -4, 5, -6, 7, -8};
        double[] ay = new double[30];
        a.apply(y, 0, ay, 0);
        double[] solved = new double[8];
        a.qr().solveLeastSquares(ay, solved);
        for (int j = 0; j < 8; j++) {
            assertThat(solved[j]).isCloseTo(y[j], within(1e-13));
        }
        DenseMatrix deficient = a.copy();
        Arrays.fill(deficient.data(), 2 * 30, 3 * 30, 0.0);
        assertThatThrownBy(() -> deficient.qr().solveLeastSquares(b))
                .isInstanceOf(SingularMatrixException.class)
                .hasMessage("least squares: R(2, 2) is exactly zero, the 30x8 matrix is rank deficient");
    }

    @Test
    void selectedRowsAndColumnsAreCopiedInTheOrderGiven() {
        DenseMatrix a = DenseMatrix.ofRows(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertThat(a.selectColumns(2, 0).data()).containsExactly(3, 6, 1, 4);
        assertThat(a.selectRows(1, 1, 0).data()).containsExactly(4, 4, 1, 5, 5, 2, 6, 6, 3);
        assertThatThrownBy(() -> a.selectColumns(3)).hasMessage("column 3 outside a 2x3 matrix");
        assertThatThrownBy(() -> a.selectRows(-1)).hasMessage("row -1 outside a 2x3 matrix");
    }

    @Test
    void symmetricEigenAndSvdReconstructTheMatrix() {
        DenseMatrix a = randomSpd(12, 6);
        SymmetricEigen e = a.symmetricEigen();
        DenseMatrix v = e.vectors();
        DenseMatrix rebuilt = v.multiply(DenseMatrix.diagonal(e.values())).multiplyTranspose(v);
        assertThat(rebuilt.minus(a).normMax()).isLessThan(1e-11);
        double[] w = e.values();
        for (int i = 1; i < w.length; i++) {
            assertThat(w[i]).isGreaterThanOrEqualTo(w[i - 1]);
        }
        DenseMatrix b = random(20, 9, 7);
        Svd svd = b.svd();
        DenseMatrix us = svd.u().multiply(DenseMatrix.diagonal(svd.singularValues()));
        assertThat(us.multiply(svd.vt()).minus(b).normMax()).isLessThan(1e-13);
    }

    @Test
    void theSvdOfAMatrixWhereDgesddFailsComesFromDgesvd() throws java.io.IOException {
        // the R of a residual basis of the convection-diffusion greedy (81 x 81), on which LAPACK's
        // dgesdd returns info = 1 with OpenBLAS 0.3.21; dgesvd's QR iteration converges
        DenseMatrix a;
        try (var in = new java.io.DataInputStream(getClass().getResourceAsStream("dgesdd-fails-81.bin"))) {
            int n = in.readInt();
            a = DenseMatrix.zeros(n, n);
            for (int k = 0; k < n * n; k++) {
                a.data()[k] = in.readDouble();
            }
        }
        Svd svd = a.svd();
        DenseMatrix us = svd.u().multiply(DenseMatrix.diagonal(svd.singularValues()));
        double scale = svd.singularValues()[0];
        assertThat(us.multiply(svd.vt()).minus(a).normMax()).isLessThan(1e-13 * scale);
        int n = a.rows();
        assertThat(svd.u()
                        .transposeMultiply(svd.u())
                        .minus(DenseMatrix.identity(n))
                        .normMax())
                .isLessThan(1e-13);
        assertThat(svd.vt()
                        .multiplyTranspose(svd.vt())
                        .minus(DenseMatrix.identity(n))
                        .normMax())
                .isLessThan(1e-13);
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> random(3, 4, 1).multiply(random(5, 2, 1)))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 4, found 5");
        DenseMatrix nan = DenseMatrix.identity(3);
        nan.set(1, 2, Double.NaN);
        assertThatThrownBy(nan::lu).isInstanceOf(NonFiniteValueException.class).hasMessageContaining("entry 7");
        assertThatThrownBy(() -> DenseMatrix.zeros(2, 2).lu()).isInstanceOf(SingularMatrixException.class);
        assertThatThrownBy(() -> random(3, 4, 1).qr()).isInstanceOf(DimensionMismatchException.class);
    }
}
