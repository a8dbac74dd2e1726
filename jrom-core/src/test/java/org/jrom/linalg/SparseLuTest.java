package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.jrom.operators.MatrixOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sparse LU against dense LU with partial pivoting (LAPACK, an independent factorization of the
 * same matrix): solutions to 1e-12 and residuals at round-off, on positive real matrices (a
 * Laplacian plus convection, the kind it is for) and on random patterns made positive real.
 */
class SparseLuTest {
    /**
     * The 5-point Laplacian plus central-difference convection {@code c (u_{i+1} - u_{i-1}) / 2} in
     * both directions: positive real (symmetric part the Laplacian), non-symmetric for c != 0.
     */
    static CsrMatrix convectionDiffusion(int nx, int ny, double cx, double cy) {
        CsrMatrix laplace = GridLaplacian.poisson2d(nx, ny);
        int n = nx * ny;
        int[] r = new int[4 * n];
        int[] c = new int[4 * n];
        double[] v = new double[4 * n];
        int t = 0;
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int i = x + nx * y;
                int[][] nbrs = {{x + 1, y, 1}, {x - 1, y, -1}, {x, y + 1, 2}, {x, y - 1, -2}};
                for (int[] q : nbrs) {
                    if (q[0] >= 0 && q[0] < nx && q[1] >= 0 && q[1] < ny) {
                        r[t] = i;
                        c[t] = q[0] + nx * q[1];
                        v[t++] = Math.signum(q[2]) * (Math.abs(q[2]) == 1 ? cx : cy) / 2;
                    }
                }
            }
        }
        return laplace.plus(1.0, CsrMatrix.fromTriplets(n, n, r, c, v, t));
    }

    /** A random SPD matrix plus a random skew-symmetric part on its pattern, plus entries without mirror. */
    static CsrMatrix randomPositiveReal(int n, SparseCholeskyTest.Pattern pattern, long seed) {
        CsrMatrix spd = SparseCholeskyTest.randomSpd(n, 3, pattern, seed);
        Random rnd = new Random(seed + 1000);
        int[] r = new int[spd.nnz() + n];
        int[] c = new int[r.length];
        double[] v = new double[r.length];
        int t = 0;
        for (int i = 0; i < n; i++) {
            for (int p = spd.rowPtr()[i]; p < spd.rowPtr()[i + 1]; p++) {
                int j = spd.colIdx()[p];
                if (j > i) {
                    double s = 5 * rnd.nextGaussian(); // skew: strong enough to make pivoting matter
                    r[t] = i;
                    c[t] = j;
                    v[t++] = s;
                    r[t] = j;
                    c[t] = i;
                    v[t++] = -s;
                }
            }
        }
        for (int i = 0; i + 1 < n; i += 5) { // one-sided entries: the pattern is not symmetric
            r[t] = i;
            c[t] = (i * 7 + 3) % n;
            v[t++] = 0.01 * rnd.nextGaussian();
        }
        return spd.plus(1.0, CsrMatrix.fromTriplets(n, n, r, c, v, t));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> randomCases() {
        return SparseCholeskyTest.randomCases();
    }

    private static void assertSolvesLikeDenseLu(CsrMatrix a, LinearSolver lu, String what) {
        double[] b = SparseCholeskyTest.randomVector(a.rows(), 7);
        double[] x = lu.solve(b);
        double[] reference = a.toDense().lu().solve(b);
        assertThat(SparseCholeskyTest.relativeDifference(x, reference)).as(what).isLessThan(1e-12);
        assertThat(SparseCholeskyTest.relativeResidual(a, x, b)).as(what).isLessThan(1e-13);
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("randomCases")
    void randomPositiveRealMatricesSolveLikeDenseLu(SparseCholeskyTest.Pattern pattern, int n, int perRow, long seed) {
        CsrMatrix a = randomPositiveReal(n, pattern, seed);
        assertSolvesLikeDenseLu(a, SparseLu.factor(a), "default fronts");
        CsrMatrix s = SparseLu.withSymmetricPattern(a);
        CholeskySymbolic sym = SparseLu.analyze(a);
        assertSolvesLikeDenseLu(a, SparseLu.numeric(sym, s, 0), "every front through BLAS");
        assertSolvesLikeDenseLu(a, SparseLu.numeric(sym, s, Long.MAX_VALUE), "every front in Java");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, 20, 200})
    void convectionDiffusionSolvesLikeDenseLuAtAnyPeclet(double c) {
        CsrMatrix a = convectionDiffusion(24, 17, c, -0.5 * c);
        assertSolvesLikeDenseLu(a, SparseLu.factor(a), "c = " + c);
    }

    @Test
    void supernodeFactorizationsAgreeBetweenJavaAndBlasOnALargerGrid() {
        CsrMatrix a = convectionDiffusion(60, 60, 3, 1);
        CholeskySymbolic sym = SparseLu.analyze(a);
        double[] b = SparseCholeskyTest.randomVector(a.rows(), 3);
        double[] blas = SparseLu.numeric(sym, a, 0).solve(b);
        double[] java = SparseLu.numeric(sym, a, Long.MAX_VALUE).solve(b);
        assertThat(SparseCholeskyTest.relativeDifference(blas, java)).isLessThan(1e-13);
        assertThat(SparseCholeskyTest.relativeResidual(a, blas, b)).isLessThan(1e-14);
    }

    @Test
    void pivotingWithinASupernodeHandlesAZeroDiagonal() {
        // dense, so one supernode: a zero leading diagonal needs the row interchange
        DenseMatrix d = DenseMatrix.ofRows(
                new double[] {0, 2, 1, 0}, new double[] {-2, 0, 3, 1}, new double[] {-1, -3, 1, 2}, new double[] {
                    0, -1, -2, 4
                });
        CsrMatrix a = CsrMatrix.fromDense(d);
        CholeskySymbolic sym = SparseLu.analyze(a);
        assertSolvesLikeDenseLu(a, SparseLu.numeric(sym, a, 0), "BLAS");
        assertSolvesLikeDenseLu(a, SparseLu.numeric(sym, a, Long.MAX_VALUE), "Java");
    }

    @Test
    void anAnalysisIsReusedForAnotherMatrixOfThePattern() {
        CsrMatrix a = convectionDiffusion(15, 15, 2, 2);
        CsrMatrix b = convectionDiffusion(15, 15, -7, 1);
        CholeskySymbolic sym = SparseLu.analyze(a);
        assertSolvesLikeDenseLu(b, sym.factorLu(b), "reused analysis");
        assertThatThrownBy(() -> sym.factorLu(GridLaplacian.poisson2d(15, 14)))
                .isInstanceOf(InvalidMatrixException.class);
    }

    @Test
    void singularAndNonFiniteMatricesAreRefused() {
        CsrMatrix singular = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[] {1, 2}, new double[] {2, 4}));
        assertThatThrownBy(() -> SparseLu.factor(singular))
                .isInstanceOf(SingularMatrixException.class)
                .hasMessageContaining("no nonzero pivot");
        CsrMatrix nan = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[] {1, Double.NaN}, new double[] {0, 1}));
        assertThatThrownBy(() -> SparseLu.factor(nan))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("entry (0, 1)");
    }

    /**
     * A well-conditioned matrix that is far from positive real: random couplings of a grid, diagonal
     * 0.5, and every 7th diagonal entry 1e-16, a pivot that restricted pivoting must take.
     */
    static CsrMatrix tinyPivots(int side, long seed) {
        Random rnd = new Random(seed);
        int n = side * side;
        int[] r = new int[5 * n];
        int[] c = new int[5 * n];
        double[] v = new double[5 * n];
        int t = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = x + side * y;
                r[t] = i;
                c[t] = i;
                v[t++] = i % 7 == 0 ? 1e-16 : 0.5;
                int[][] nbrs = {{x + 1, y}, {x - 1, y}, {x, y + 1}, {x, y - 1}};
                for (int[] q : nbrs) {
                    if (q[0] >= 0 && q[0] < side && q[1] >= 0 && q[1] < side) {
                        r[t] = i;
                        c[t] = q[0] + side * q[1];
                        v[t++] = rnd.nextGaussian();
                    }
                }
            }
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, t);
    }

    @Test
    void aMatrixFarFromPositiveRealIsRefusedRatherThanAnsweredWrongly() {
        CsrMatrix a = tinyPivots(20, 3);
        double[] b = SparseCholeskyTest.randomVector(a.rows(), 7);
        double[] reference = a.toDense().lu().solve(b);
        assertThat(SparseCholeskyTest.relativeResidual(a, reference, b)).isLessThan(1e-13); // LU with pivoting can
        assertThatThrownBy(() -> SparseLu.factor(a).solve(b))
                .isInstanceOf(SingularMatrixException.class)
                .hasMessageContaining("backward error");
    }

    @Test
    void theDefaultSolverOfANonSymmetricMatrixIsLuAndOfASymmetricOneCholesky() {
        CsrMatrix a = convectionDiffusion(12, 9, 4, 0);
        assertThat(MatrixOperator.of(a).solver()).isInstanceOf(SparseLu.class);
        assertThat(MatrixOperator.of(GridLaplacian.poisson2d(12, 9)).solver()).isInstanceOf(SparseCholesky.class);
        assertSolvesLikeDenseLu(a, MatrixOperator.of(a).solver(), "operator's solver");
    }

    @Test
    void skewSymmetryIsExactAndTheSymmetricPartHalvesTheSum() {
        CsrMatrix c = convectionDiffusion(6, 5, 3, 1).plus(-1.0, GridLaplacian.poisson2d(6, 5));
        assertThat(c.isSkewSymmetric()).isTrue();
        assertThat(c.symmetricPart().normMax()).isZero();
        CsrMatrix a = convectionDiffusion(6, 5, 3, 1);
        assertThat(a.isSkewSymmetric()).isFalse();
        assertThat(a.symmetricPart().plus(-1.0, GridLaplacian.poisson2d(6, 5)).normMax())
                .isZero();
        CsrMatrix laplace = GridLaplacian.poisson2d(6, 5);
        assertThat(laplace.symmetricPart()).isSameAs(laplace);
    }
}
