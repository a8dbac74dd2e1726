package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SparseCholeskyTest {
    /** Shapes of random symmetric patterns. */
    enum Pattern {
        /** uniformly scattered off-diagonal entries */
        SCATTERED,
        /** entries within a band, plus a few far ones */
        BANDED,
        /** a dense last row and column on top of a sparse part */
        ARROW,
        /** several disconnected blocks */
        BLOCKS,
        /** {@code B^T B + I} for a sparse B: not diagonally dominant */
        GRAM
    }

    /** A random sparse SPD matrix with about {@code perRow} off-diagonal entries per row. */
    static CsrMatrix randomSpd(int n, int perRow, Pattern pattern, long seed) {
        Random rnd = new Random(seed);
        List<int[]> pairs = new ArrayList<>();
        if (pattern == Pattern.GRAM) {
            // B has perRow entries per row; B^T B couples the columns of each row
            CsrMatrix b = randomSparse(n, n, perRow, rnd);
            DenseMatrix g = b.toDense().transposeMultiply(b.toDense()).plus(1.0, DenseMatrix.identity(n));
            return CsrMatrix.fromDense(g);
        }
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < perRow; t++) {
                int j;
                switch (pattern) {
                    case BANDED -> j = rnd.nextInt(10) == 0 ? rnd.nextInt(n) : i + rnd.nextInt(7) - 3;
                    case ARROW -> j = t == 0 ? n - 1 : rnd.nextInt(n);
                    case BLOCKS -> {
                        int size = Math.max(1, n / 4);
                        int start = (i / size) * size;
                        j = start + rnd.nextInt(size);
                    }
                    default -> j = rnd.nextInt(n);
                }
                if (j >= 0 && j < n && j != i) {
                    pairs.add(new int[] {i, j});
                }
            }
        }
        int[] r = new int[2 * pairs.size() + n];
        int[] c = new int[r.length];
        double[] v = new double[r.length];
        double[] rowSum = new double[n];
        int t = 0;
        for (int[] pair : pairs) {
            double x = rnd.nextGaussian();
            r[t] = pair[0];
            c[t] = pair[1];
            v[t++] = x;
            r[t] = pair[1];
            c[t] = pair[0];
            v[t++] = x;
            rowSum[pair[0]] += Math.abs(x);
            rowSum[pair[1]] += Math.abs(x);
        }
        for (int i = 0; i < n; i++) {
            r[t] = i;
            c[t] = i;
            v[t++] = rowSum[i] + 0.1 + rnd.nextDouble(); // strictly diagonally dominant: SPD
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, t);
    }

    private static CsrMatrix randomSparse(int rows, int cols, int perRow, Random rnd) {
        int[] r = new int[rows * perRow];
        int[] c = new int[r.length];
        double[] v = new double[r.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = k / perRow;
            c[k] = rnd.nextInt(cols);
            v[k] = rnd.nextGaussian();
        }
        return CsrMatrix.fromTriplets(rows, cols, r, c, v, r.length);
    }

    static Stream<Arguments> randomCases() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 1;
        for (Pattern p : Pattern.values()) {
            for (int n : new int[] {1, 2, 7, 30, 90, 200}) {
                for (int perRow : new int[] {1, 3}) {
                    cases.add(Arguments.of(p, n, perRow, seed++));
                }
            }
        }
        return cases.stream();
    }

    static DenseMatrix permuted(DenseMatrix a, int[] perm) {
        int n = perm.length;
        DenseMatrix p = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p.set(i, j, a.get(perm[i], perm[j]));
            }
        }
        return p;
    }

    static double[] randomVector(int n, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    static double relativeDifference(double[] x, double[] y) {
        double d = 0;
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            d += (x[i] - y[i]) * (x[i] - y[i]);
            s += y[i] * y[i];
        }
        return Math.sqrt(d / Math.max(s, Double.MIN_NORMAL));
    }

    static double relativeResidual(CsrMatrix a, double[] x, double[] b) {
        double[] ax = new double[a.rows()];
        a.apply(x, 0, ax, 0);
        return relativeDifference(ax, b);
    }

    @ParameterizedTest(name = "{0} n={1} perRow={2}")
    @MethodSource("randomCases")
    void factorReproducesThePermutedMatrixAndSolvesLikeDenseCholesky(Pattern pattern, int n, int perRow, long seed) {
        CsrMatrix a = randomSpd(n, perRow, pattern, seed);
        SparseCholesky f = SparseCholesky.factor(a);
        CsrMatrix sparseL = f.lower();
        DenseMatrix l = sparseL.toDense();
        DenseMatrix pap = permuted(a.toDense(), f.permutation());
        assertThat(l.multiplyTranspose(l).minus(pap).normMax()).isLessThan(1e-13 * a.normMax() * n);
        int[] rp = sparseL.rowPointers();
        int[] ci = sparseL.columnIndices();
        for (int i = 0; i < n; i++) {
            assertThat(rp[i + 1] == rp[i] || ci[rp[i + 1] - 1] <= i)
                    .as("L is lower triangular")
                    .isTrue();
        }
        assertThat(f.nnzFactor()).isGreaterThanOrEqualTo(sparseL.nnz());

        double[] b = randomVector(n, seed + 1000);
        double[] expected = a.toDense().cholesky().solve(b);
        assertThat(relativeDifference(f.solve(b), expected)).isLessThan(1e-10);
        assertThat(f.logDeterminant())
                .isCloseTo(a.toDense().cholesky().logDeterminant(), org.assertj.core.data.Offset.offset(1e-9 * n));
    }

    @ParameterizedTest(name = "{0} n={1} perRow={2}")
    @MethodSource("randomCases")
    void javaAndBlasFrontKernelsAgree(Pattern pattern, int n, int perRow, long seed) {
        CsrMatrix a = randomSpd(n, perRow, pattern, seed);
        CholeskySymbolic s = SparseCholesky.analyze(a);
        CsrMatrix lJava = SparseCholesky.numeric(s, a, Long.MAX_VALUE).lower();
        CsrMatrix lBlas = SparseCholesky.numeric(s, a, -1).lower();
        assertThat(lJava.toDense().minus(lBlas.toDense()).normMax()).isLessThan(1e-12 * Math.sqrt(a.normMax()));
    }

    @Test
    void smallGridsMatchTheDenseSolve() {
        for (CsrMatrix a : new CsrMatrix[] {
            GridLaplacian.poisson2d(12, 9), GridLaplacian.poisson3d(5, 4, 6), GridLaplacian.poisson2d(1, 40)
        }) {
            SparseCholesky f = SparseCholesky.factor(a);
            double[] b = randomVector(a.rows(), a.rows());
            double[] expected = a.toDense().cholesky().solve(b);
            assertThat(relativeDifference(f.solve(b), expected)).isLessThan(1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"100x100x1", "137x73x1", "22x22x22", "40x30x8"})
    void mediumGridsSolveToSmallResiduals(String size) {
        String[] p = size.split("x");
        CsrMatrix a = GridLaplacian.poisson3d(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        SparseCholesky f = SparseCholesky.factor(a);
        double[] b = randomVector(a.rows(), 3);
        double[] x = f.solve(b);
        // condition number of the grid Laplacian is below 1e4 here: the backward-stable solve gives ~1e-16 * 1e4
        assertThat(relativeResidual(a, x, b)).isLessThan(1e-12);
        // the 5-point/7-point Laplacian with this scaling has an M-matrix inverse: positive b gives positive x
        double[] ones = new double[a.rows()];
        java.util.Arrays.fill(ones, 1.0);
        for (double xi : f.solve(ones)) {
            assertThat(xi).isPositive();
        }
    }

    @Test
    void symbolicAnalysisIsReusedForMatricesOfTheSamePattern() {
        CsrMatrix k = GridLaplacian.poisson2d(30, 20);
        // a second operator of the same pattern: a diagonal-weighted "mass" with off-diagonal couplings
        CsrMatrix m = k.scale(-1.0 / 24);
        double[] shift = k.diagonal();
        CsrMatrix mass = CsrMatrix.linearCombination(new double[] {1.0, 1.0}, m, diagonalLike(k, shift));
        CholeskySymbolic analysis = SparseCholesky.analyze(k);
        Random rnd = new Random(5);
        double[] b = randomVector(k.rows(), 6);
        for (int trial = 0; trial < 5; trial++) {
            double mu0 = 0.1 + rnd.nextDouble();
            double mu1 = rnd.nextDouble() * 10;
            CsrMatrix a = CsrMatrix.linearCombination(new double[] {mu0, mu1}, k, mass);
            SparseCholesky reused = analysis.factor(a);
            assertThat(reused.symbolic()).isSameAs(analysis);
            SparseCholesky fresh = SparseCholesky.factor(a);
            assertThat(relativeDifference(reused.solve(b), fresh.solve(b))).isLessThan(1e-13);
            assertThat(relativeDifference(
                            reused.solve(b), a.toDense().cholesky().solve(b)))
                    .isLessThan(1e-11);
        }
        // diagonal shift: A1 + 3 I, same pattern since the grid Laplacian stores its diagonal
        CsrMatrix shifted = k.plus(3.0, CsrMatrix.identity(k.rows()));
        assertThat(shifted.nnz()).isEqualTo(k.nnz());
        double[] x = analysis.factor(shifted).solve(b);
        assertThat(relativeResidual(shifted, x, b)).isLessThan(1e-13);
    }

    /** A matrix with the pattern of {@code k} holding {@code d} on the diagonal and zeros elsewhere. */
    private static CsrMatrix diagonalLike(CsrMatrix k, double[] d) {
        int[] rp = k.rowPointers();
        int[] ci = k.columnIndices();
        double[] v = new double[ci.length];
        for (int i = 0; i < k.rows(); i++) {
            for (int p = rp[i]; p < rp[i + 1]; p++) {
                if (ci[p] == i) {
                    v[p] = d[i];
                }
            }
        }
        return CsrMatrix.of(k.rows(), k.cols(), rp, ci, v);
    }

    @Test
    void aMatrixOfAnotherPatternIsRefused() {
        CsrMatrix k = GridLaplacian.poisson2d(10, 10);
        CholeskySymbolic analysis = SparseCholesky.analyze(k);
        assertThatThrownBy(() -> analysis.factor(GridLaplacian.poisson2d(10, 11)))
                .isInstanceOf(InvalidMatrixException.class)
                .hasMessageContaining("110x110")
                .hasMessageContaining("100x100");
        assertThatThrownBy(() -> analysis.factor(GridLaplacian.poisson2d(20, 5)))
                .isInstanceOf(InvalidMatrixException.class)
                .hasMessageContaining("sparsity pattern differs")
                .hasMessageContaining("450 stored entries")
                .hasMessageContaining("460");
        CsrMatrix shifted = k.plus(1.0, CsrMatrix.identity(100)); // same pattern: accepted
        assertThat(analysis.factor(shifted).dim()).isEqualTo(100);
        // same size and count, one column index moved: row 4 couples to 15 instead of 14
        int[] ci = k.columnIndices();
        int[] rp = k.rowPointers();
        assertThat(ci[rp[5] - 1]).isEqualTo(14);
        ci[rp[5] - 1] = 15;
        CsrMatrix other = CsrMatrix.of(100, 100, rp, ci, k.nonzeroValues());
        assertThatThrownBy(() -> analysis.factor(other))
                .isInstanceOf(InvalidMatrixException.class)
                .hasMessageContaining("sparsity pattern differs from the analyzed one, first in row 4");
    }

    @Test
    void aDiagonalMatrixWithANegativeEntryNamesItsPivot() {
        CsrMatrix a = CsrMatrix.fromDense(DenseMatrix.diagonal(4, 1, -2, 5));
        assertThatThrownBy(() -> SparseCholesky.factor(a))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("pivot 2 is -2.0")
                .satisfies(e ->
                        assertThat(((NotPositiveDefiniteException) e).pivot()).isEqualTo(2));
    }

    @ParameterizedTest
    @CsvSource({
        "0.37, 9223372036854775807",
        "2.3, 9223372036854775807",
        "4.7, 9223372036854775807",
        "7.9, 9223372036854775807",
        "0.37, -1",
        "2.3, -1",
        "4.7, -1",
        "7.9, -1"
    })
    void anIndefiniteMatrixNamesTheFirstFailingPivotOfThePermutedOrder(double shift, long smallFront) {
        // eigenvalues of this grid Laplacian lie in (0.1, 7.9): a shift inside makes it indefinite;
        // smallFront picks the Java front kernel (max) or the LAPACK one (-1)
        CsrMatrix a = GridLaplacian.poisson2d(15, 11).plus(-shift, CsrMatrix.identity(165));
        CholeskySymbolic analysis = SparseCholesky.analyze(a);
        int[] perm = analysis.permutation();
        NotPositiveDefiniteException e = org.junit.jupiter.api.Assertions.assertThrows(
                NotPositiveDefiniteException.class, () -> SparseCholesky.numeric(analysis, a, smallFront));
        int k = 0;
        while (perm[k] != e.pivot()) {
            k++;
        }
        // the leading k x k block of P A P^T is SPD, and the Schur complement pivot is the value reported
        DenseMatrix pap = permuted(a.toDense(), perm);
        DenseMatrix lead = pap.subMatrix(0, k, 0, k);
        DenseMatrix col = pap.subMatrix(0, k, k, k + 1);
        double schur = pap.get(k, k);
        if (k > 0) {
            DenseMatrix y = lead.cholesky().solve(col);
            schur -= col.transposeMultiply(y).get(0, 0);
        }
        assertThat(schur).isLessThanOrEqualTo(0.0);
        assertThat(e.value()).isCloseTo(schur, org.assertj.core.data.Offset.offset(1e-10 * (1 + Math.abs(schur))));
        assertThat(e.getMessage()).contains("pivot " + e.pivot());
    }

    @Test
    void manyRightHandSidesAtOnceEqualOneByOne() {
        CsrMatrix a = GridLaplacian.poisson3d(9, 8, 7);
        SparseCholesky f = SparseCholesky.factor(a);
        VectorArray b = VectorArray.zeros(a.rows(), 0);
        for (int j = 0; j < 13; j++) {
            b.append(randomVector(a.rows(), 40 + j));
        }
        VectorArray x = f.solve(b);
        assertThat(x.count()).isEqualTo(13);
        for (int j = 0; j < 13; j++) {
            assertThat(relativeDifference(x.vector(j), f.solve(b.vector(j)))).isLessThan(1e-13);
            assertThat(relativeResidual(a, x.vector(j), b.vector(j))).isLessThan(1e-13);
        }
        assertThat(f.solve(VectorArray.zeros(a.rows(), 0)).count()).isZero();
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        CsrMatrix rect = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[] {1, 0, 0}, new double[] {0, 1, 0}));
        assertThatThrownBy(() -> SparseCholesky.factor(rect))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("square")
                .hasMessageContaining("2x3");
        CsrMatrix lowerOnly = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[] {2, 0}, new double[] {1, 2}));
        assertThatThrownBy(() -> SparseCholesky.factor(lowerOnly))
                .isInstanceOf(InvalidMatrixException.class)
                .hasMessageContaining("entry (1, 0) is stored but (0, 1) is not");
        CsrMatrix unsymmetric = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[] {2, 1}, new double[] {0.5, 2}));
        assertThatThrownBy(() -> SparseCholesky.factor(unsymmetric))
                .isInstanceOf(InvalidMatrixException.class)
                .hasMessageContaining("symmetric matrix")
                .hasMessageContaining("is 0.5");
        CsrMatrix infinite = GridLaplacian.poisson2d(3, 3).scale(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> SparseCholesky.factor(infinite))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("entry (0, 0) is Infinity");
        SparseCholesky f = SparseCholesky.factor(GridLaplacian.poisson2d(3, 3));
        assertThatThrownBy(() -> f.solve(new double[8]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 9, found 8");
        assertThatThrownBy(() ->
                        SparseCholesky.analyze(GridLaplacian.poisson2d(3, 3), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 7}))
                .isInstanceOf(InvalidMatrixException.class)
                .hasMessageContaining("both name index 7");
    }

    @Test
    void emptyAndOneByOneMatrices() {
        SparseCholesky empty = SparseCholesky.factor(CsrMatrix.identity(0));
        assertThat(empty.dim()).isZero();
        assertThat(empty.solve(new double[0])).isEmpty();
        assertThat(empty.nnzFactor()).isZero();
        SparseCholesky one = SparseCholesky.factor(CsrMatrix.identity(1).scale(4));
        assertThat(one.solve(new double[] {2})).containsExactly(0.5);
        assertThat(one.nnzFactor()).isEqualTo(1);
    }
}
