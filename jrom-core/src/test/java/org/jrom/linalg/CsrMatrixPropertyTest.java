package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrMatrixPropertyTest {
    /** Shapes from 1x1 and empty to rectangular, densities from empty to full, with and without duplicates and empty rows. */
    static Stream<Arguments> cases() {
        int[][] shapes = {
            {0, 0}, {0, 4}, {4, 0}, {1, 1}, {1, 6}, {6, 1}, {7, 3}, {3, 7}, {20, 20}, {45, 31}, {31, 45}, {90, 90}
        };
        double[] densities = {0.0, 0.02, 0.15, 0.6, 1.5};
        List<Arguments> cases = new ArrayList<>();
        long seed = 1;
        for (int[] s : shapes) {
            for (double density : densities) {
                cases.add(Arguments.of(s[0], s[1], density, 0.0, 0, seed++));
                cases.add(Arguments.of(s[0], s[1], density, 0.3, 3, seed++));
            }
        }
        return cases.stream();
    }

    static double[] random(int n, Random rnd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    /** Entrywise bound on the round-off of a product: {@code |actual - expected|_i <= 1e-14 (|A| |x|)_i}. */
    static void assertProductClose(double[] actual, DenseMatrix a, double[] x, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.length; i++) {
            double scale = 0;
            for (int j = 0; j < a.cols(); j++) {
                scale += Math.abs(a.get(i, j) * x[j]);
            }
            double error = Math.abs(actual[i] - expected[i]);
            double ratio = error == 0 ? 0 : error / (1e-14 * scale);
            if (ratio > worstRatio || Double.isNaN(ratio)) {
                worst = i;
                worstRatio = ratio;
            }
        }
        assertThat(worstRatio).as("error / bound at entry %d", worst).isLessThanOrEqualTo(1.0);
    }

    /** Bit-for-bit equality (-0.0 and 0.0 differ), reporting the first differing entry. */
    static void assertSameBits(double[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        int i = java.util.Arrays.mismatch(actual, expected);
        assertThat(i)
                .as("first differing entry (%s)", i < 0 ? "none" : actual[i] + " vs " + expected[i])
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}x{1} density={2} duplicates={3} emptyEvery={4} seed={5}")
    @MethodSource("cases")
    void fromTripletsSumsDuplicatesLikeADenseAccumulation(
            int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        RandomTriplets t = RandomTriplets.random(rows, cols, density, duplicates, emptyEvery, seed);
        CsrMatrix a = t.toCsr();
        DenseMatrix dense = t.toDense();

        // Duplicates are summed in listing order, as the dense accumulation does: bit for bit.
        assertSameBits(a.toDense().data(), dense.data());
        // One stored entry per distinct position, with the invariants CsrMatrix.of checks.
        long distinct = java.util.stream.IntStream.range(0, t.count())
                .mapToLong(k -> (long) t.rowIndex()[k] * cols + t.colIndex()[k])
                .distinct()
                .count();
        assertThat(a.nnz()).isEqualTo((int) distinct);
        CsrMatrix checked = CsrMatrix.of(rows, cols, a.rowPointers(), a.columnIndices(), a.nonzeroValues());
        assertSameBits(checked.toDense().data(), dense.data());
        if (emptyEvery > 1 && rows > 1) {
            int[] ptr = a.rowPointers();
            for (int i = 0; i < rows; i += emptyEvery) {
                assertThat(ptr[i + 1]).as("row %d is empty", i).isEqualTo(ptr[i]);
            }
        }
        for (int k = 0; k < Math.min(t.count(), 20); k++) {
            int i = t.rowIndex()[k];
            int j = t.colIndex()[k];
            assertThat(a.get(i, j)).isEqualTo(dense.get(i, j));
        }
        assertSameBits(a.diagonal(), dense.diagonal());
    }

    /** Triplets already in CSR order (the fast path, no sort) give the matrix of the same triplets shuffled. */
    @ParameterizedTest(name = "{0}x{1} density={2} duplicates={3} emptyEvery={4} seed={5}")
    @MethodSource("cases")
    void fromTripletsInRowOrderIsTheSortedMatrix(
            int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        CsrMatrix a = RandomTriplets.random(rows, cols, density, 0.0, emptyEvery, seed)
                .toCsr();
        int nnz = a.nnz();
        int[] r = new int[nnz];
        int[] ptr = a.rowPointers();
        for (int i = 0; i < rows; i++) {
            java.util.Arrays.fill(r, ptr[i], ptr[i + 1], i);
        }
        CsrMatrix ordered = CsrMatrix.fromTriplets(rows, cols, r, a.columnIndices(), a.nonzeroValues(), nnz);
        assertThat(ordered.rowPointers()).isEqualTo(ptr);
        assertThat(ordered.columnIndices()).isEqualTo(a.columnIndices());
        assertSameBits(ordered.nonzeroValues(), a.nonzeroValues());
        // A repeated last entry is a duplicate: summed, not taken as ordered.
        if (nnz > 0) {
            int[] r2 = java.util.Arrays.copyOf(r, nnz + 1);
            int[] c2 = java.util.Arrays.copyOf(a.columnIndices(), nnz + 1);
            double[] v2 = java.util.Arrays.copyOf(a.nonzeroValues(), nnz + 1);
            r2[nnz] = r[nnz - 1];
            c2[nnz] = c2[nnz - 1];
            v2[nnz] = 1.0;
            CsrMatrix summed = CsrMatrix.fromTriplets(rows, cols, r2, c2, v2, nnz + 1);
            assertThat(summed.nnz()).isEqualTo(nnz);
            assertThat(summed.get(r[nnz - 1], c2[nnz - 1])).isEqualTo(a.nonzeroValues()[nnz - 1] + 1.0);
        }
    }

    @ParameterizedTest(name = "{0}x{1} density={2} duplicates={3} emptyEvery={4} seed={5}")
    @MethodSource("cases")
    void productsMatchTheDenseProducts(
            int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        RandomTriplets t = RandomTriplets.random(rows, cols, density, duplicates, emptyEvery, seed);
        CsrMatrix a = t.toCsr();
        DenseMatrix dense = t.toDense();
        DenseMatrix denseT = dense.transpose();
        Random rnd = new Random(seed);
        double[] x = random(cols, rnd);
        double[] y = random(rows, rnd);

        assertProductClose(a.apply(x), dense, x, dense.apply(x));
        assertProductClose(a.applyTranspose(y), denseT, y, denseT.apply(y));

        // The transpose is an exact rearrangement; transposing twice gives back the same arrays.
        CsrMatrix at = a.transpose();
        assertThat(at.rows()).isEqualTo(cols);
        assertSameBits(at.toDense().data(), denseT.data());
        assertSameBits(at.apply(y), a.applyTranspose(y));
        CsrMatrix att = at.transpose();
        assertThat(att.rowPointers()).containsExactly(a.rowPointers());
        assertThat(att.columnIndices()).containsExactly(a.columnIndices());
        assertSameBits(att.nonzeroValues(), a.nonzeroValues());

        // Block product, with vectors at offsets, equals vector-by-vector products.
        VectorArray v = VectorArray.of(random(cols, rnd), random(cols, rnd), random(cols, rnd));
        VectorArray av = a.apply(v);
        for (int j = 0; j < 3; j++) {
            assertSameBits(av.vector(j), a.apply(v.vector(j)));
        }
    }

    @ParameterizedTest(name = "{0}x{1} density={2} duplicates={3} emptyEvery={4} seed={5}")
    @MethodSource("cases")
    void linearCombinationOfDifferentPatternsIsTheDenseCombination(
            int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        CsrMatrix[] terms = threePatterns(rows, cols, density, duplicates, emptyEvery, seed);
        CsrMatrix a = terms[0];
        CsrMatrix b = terms[1];
        CsrMatrix c = terms[2];
        double[] coefficients = {0.7, -2.5, 3.25};

        CsrMatrix sum = CsrMatrix.linearCombination(coefficients, a, b, c);

        DenseMatrix expected = a.toDense().scale(0.7).plus(-2.5, b.toDense()).plus(3.25, c.toDense());
        double scale = Math.max(1.0, expected.normMax());
        assertThat(sum.toDense().minus(expected).normMax()).isLessThanOrEqualTo(1e-14 * scale);
        CsrMatrix.of(rows, cols, sum.rowPointers(), sum.columnIndices(), sum.nonzeroValues()); // valid CSR
        // The pattern is the union, independent of the coefficients, even where entries cancel.
        int union = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (stored(a, i, j) || stored(b, i, j) || stored(c, i, j)) {
                    union++;
                }
            }
        }
        assertThat(sum.nnz()).isEqualTo(union);
        CsrMatrix cancelled = a.plus(-1.0, a);
        assertThat(cancelled.nnz()).isEqualTo(a.nnz());
        assertThat(cancelled.normMax()).isZero();
        assertThat(a.scale(-2).toDense().minus(a.toDense().scale(-2)).normMax()).isZero();
    }

    @ParameterizedTest(name = "{0}x{1} density={2} duplicates={3} emptyEvery={4} seed={5}")
    @MethodSource("cases")
    void combinationPreparedOnceIsTheLinearCombinationBitForBit(
            int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        CsrMatrix[] terms = threePatterns(rows, cols, density, duplicates, emptyEvery, seed);
        CsrCombination combination = CsrCombination.of(terms);
        Random rnd = new Random(seed);
        for (double[] coefficients : new double[][] {
            {0.7, -2.5, 3.25}, {1.0, -1.0, 0.0}, {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()}
        }) {
            CsrMatrix expected = CsrMatrix.linearCombination(coefficients, terms);
            CsrMatrix actual = combination.at(coefficients);
            assertThat(actual.rowPointers()).isEqualTo(expected.rowPointers());
            assertThat(actual.columnIndices()).isEqualTo(expected.columnIndices());
            assertSameBits(actual.nonzeroValues(), expected.nonzeroValues());
        }
    }

    @Test
    void combinationsAnalysisFactorsEveryCoefficientVector() {
        // Three SPD terms of different patterns: A(c) is SPD for c > 0; the one analysis factors each.
        int n = 300;
        CsrMatrix[] terms = {
            RandomTriplets.randomSpd(n, 0.02, 51), RandomTriplets.randomSpd(n, 0.01, 52), CsrMatrix.identity(n)
        };
        CsrCombination combination = CsrCombination.of(terms);
        CholeskySymbolic analysis = combination.analysis();
        assertThat(combination.analysis()).isSameAs(analysis);
        Random rnd = new Random(53);
        double[] b = random(n, rnd);
        for (int trial = 0; trial < 4; trial++) {
            double[] c = {0.1 + rnd.nextDouble(), 0.1 + 10 * rnd.nextDouble(), rnd.nextDouble()};
            CsrMatrix a = combination.at(c);
            double[] x = analysis.factor(a).solve(b);
            assertProductClose(a.apply(x), a.toDense(), x, b);
            // against a matrix summed by linearCombination, analyzed afresh with the same ordering
            CsrMatrix summed = CsrMatrix.linearCombination(c, terms);
            assertThat(x)
                    .isEqualTo(SparseCholesky.analyze(summed, analysis.permutation())
                            .factor(summed)
                            .solve(b));
        }
    }

    /** The case's matrix, one of half its density, one of 5 % with every other row empty. */
    static CsrMatrix[] threePatterns(int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        return new CsrMatrix[] {
            RandomTriplets.random(rows, cols, density, duplicates, emptyEvery, seed)
                    .toCsr(),
            RandomTriplets.random(rows, cols, density / 2, 0.0, 0, seed + 1000).toCsr(),
            RandomTriplets.random(rows, cols, 0.05, 0.0, 2, seed + 2000).toCsr()
        };
    }

    static boolean stored(CsrMatrix m, int i, int j) {
        return java.util.Arrays.binarySearch(m.colIdx(), m.rowPtr()[i], m.rowPtr()[i + 1], j) >= 0;
    }

    @ParameterizedTest(name = "{0}x{1} density={2} duplicates={3} emptyEvery={4} seed={5}")
    @MethodSource("cases")
    void galerkinProjectionIsWTransposeAV(
            int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        CsrMatrix a = RandomTriplets.random(rows, cols, density, duplicates, emptyEvery, seed)
                .toCsr();
        Random rnd = new Random(seed);
        VectorArray w = VectorArray.fromMatrix(DenseMatrixTest.random(rows, 4, rnd.nextLong()));
        VectorArray v = VectorArray.fromMatrix(DenseMatrixTest.random(cols, 3, rnd.nextLong()));

        DenseMatrix projected = a.project(w, v);

        DenseMatrix expected = w.toMatrix().transpose().multiply(a.toDense()).multiply(v.toMatrix());
        assertThat(projected.rows()).isEqualTo(4);
        assertThat(projected.cols()).isEqualTo(3);
        double scale = Math.max(1.0, a.normMax()) * Math.max(1, rows) * Math.max(1, cols);
        assertThat(projected.minus(expected).normMax()).isLessThanOrEqualTo(1e-13 * scale);
    }

    @Test
    void parallelProductEqualsTheSerialRowByRowProductBitForBit() {
        assumeTrue(Parallel.threads() > 1, "needs more than one worker thread");
        int n = 30_000;
        CsrMatrix a = RandomTriplets.random(n, n, 9.0 / n, 0.0, 7, 31).toCsr();
        assertThat(a.nnz()).isGreaterThan(CsrMatrix.PARALLEL_NNZ_THRESHOLD);
        Random rnd = new Random(32);
        double[] x = random(n, rnd);

        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = a.nonzeroValues();
        double[] serial = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                s += val[p] * x[col[p]];
            }
            serial[i] = s;
        }

        assertSameBits(a.apply(x), serial);
        // At offsets inside larger arrays, as block products use them.
        double[] xs = new double[2 * n];
        System.arraycopy(x, 0, xs, n, n);
        double[] ys = new double[n + 5];
        a.apply(xs, n, ys, 5);
        assertSameBits(java.util.Arrays.copyOfRange(ys, 5, n + 5), serial);
        assertThat(ys[0]).isZero();
        VectorArray block = a.apply(VectorArray.of(random(n, rnd), x));
        assertSameBits(block.vector(1), serial);
    }

    @Test
    void shortRowsWithEmptyOnesGiveTheRowByRowProductBitForBit() {
        // empty rows first, between and last: the one loop over the nonzeros must write their zeros
        int[] ptr = {0, 0, 2, 2, 2, 3, 3};
        int[] col = {1, 4, 0};
        double[] val = {0.1, 3.0e-17, 7.0};
        CsrMatrix a = CsrMatrix.of(6, 5, ptr, col, val);
        double[] x = {1.0 / 3, 0.7, -2, 5, 1.0 / 7};
        double[] y = new double[8];
        java.util.Arrays.fill(y, Double.NaN);
        a.apply(x, 0, y, 1);
        assertSameBits(
                java.util.Arrays.copyOfRange(y, 1, 7),
                new double[] {0, 0.1 * 0.7 + 3.0e-17 * (1.0 / 7), 0, 0, 7.0 * (1.0 / 3), 0});
        assertThat(y[0]).isNaN();
        assertThat(y[7]).isNaN();
        assertSameBits(CsrMatrix.of(6, 5, new int[7], new int[0], new double[0]).apply(x), new double[6]);
    }

    @Test
    void ofRejectsArraysThatAreNotCsr() {
        double[] v = {1, 2, 3};
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 3}, new int[] {0, 1, 2}, v))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("row pointer");
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {1, 2, 3}, new int[] {0, 1, 2}, v))
                .hasMessageContaining("start at 0");
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 2, 1}, new int[] {0, 1, 2}, v))
                .hasMessageContaining("decrease at row 1");
        // A middle row pointer beyond the number of nonzeros announced at the end.
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 5, 3}, new int[] {0, 1, 2}, v))
                .hasMessageContaining("decrease at row 1");
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 2, 3}, new int[] {0, 3, 2}, v))
                .hasMessageContaining("row 0")
                .hasMessageContaining("column index 3");
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 2, 3}, new int[] {1, 0, 2}, v))
                .hasMessageContaining("row 0")
                .hasMessageContaining("not strictly increasing");
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 2, 3}, new int[] {1, 1, 2}, v))
                .hasMessageContaining("not strictly increasing");
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 2, 3}, new int[] {0, -1, 2}, v))
                .hasMessageContaining("column index -1");
        assertThatThrownBy(() -> CsrMatrix.of(2, 3, new int[] {0, 2, 4}, new int[] {0, 1, 2}, v))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("4 nonzeros");
        assertThatThrownBy(() ->
                        CsrMatrix.of(2, 3, new int[] {0, 2, 3}, new int[] {0, 1, 2}, new double[] {1, Double.NaN, 3}))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("entry (0, 1)");
        assertThatThrownBy(() -> CsrMatrix.of(-1, 3, new int[0], new int[0], new double[0]))
                .isInstanceOf(DimensionMismatchException.class);
        // The arrays are copied: later writes do not change the matrix.
        int[] ptr = {0, 2, 3};
        double[] values = {1, 2, 3};
        CsrMatrix a = CsrMatrix.of(2, 3, ptr, new int[] {0, 2, 1}, values);
        values[0] = 99;
        ptr[1] = 0;
        assertThat(a.get(0, 0)).isEqualTo(1.0);
        assertThat(a.get(1, 1)).isEqualTo(3.0);
    }

    @Test
    void fromTripletsNamesTheBadTriplet() {
        int[] ri = {0, 1, 2, 1};
        int[] ci = {0, 1, 2, 3};
        double[] v = {1, 2, 3, 4};
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 3, ri, ci, v, 4))
                .isInstanceOf(InvalidMatrixException.class)
                .hasMessageContaining("triplet 3")
                .hasMessageContaining("(1, 3)")
                .hasMessageContaining("3x3");
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(2, 4, ri, ci, v, 4))
                .hasMessageContaining("triplet 2")
                .hasMessageContaining("(2, 2)");
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, new int[] {0, -1}, new int[] {0, 0}, v, 2))
                .hasMessageContaining("triplet 1");
        double[] nan = {1, 2, Double.NaN, 4};
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, ri, ci, nan, 4))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("triplet 2")
                .hasMessageContaining("NaN");
        double[] inf = {1, Double.NEGATIVE_INFINITY, 3, 4};
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, ri, ci, inf, 4))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("triplet 1");
        // Only the first count triplets are read, and a short array is reported.
        assertThat(CsrMatrix.fromTriplets(3, 3, ri, ci, nan, 2).nnz()).isEqualTo(2);
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, ri, ci, v, 5))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("5");
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, ri, ci, v, -1))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void sizeMismatchesAreReported() {
        CsrMatrix a = RandomTriplets.random(4, 3, 0.5, 0, 0, 40).toCsr();
        assertThatThrownBy(() -> a.apply(new double[4]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 3, found 4");
        assertThatThrownBy(() -> a.applyTranspose(new double[3]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 4, found 3");
        assertThatThrownBy(() -> CsrMatrix.linearCombination(new double[] {1, 1}, a, a.transpose()))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("4x3 and 3x4");
        assertThatThrownBy(() -> a.project(VectorArray.zeros(3, 1), VectorArray.zeros(3, 1)))
                .isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> a.get(4, 0)).hasMessageContaining("(4, 0)");
    }

    @Test
    void denseRoundTripAndSymmetry() {
        DenseMatrix d = DenseMatrixTest.random(9, 6, 41);
        d.set(3, 2, 0.0);
        CsrMatrix a = CsrMatrix.fromDense(d);
        assertThat(a.nnz()).isEqualTo(53);
        assertSameBits(a.toDense().data(), d.data());
        CsrMatrix s = RandomTriplets.randomSpd(25, 0.2, 42);
        assertThat(s.asymmetry()).isZero();
        assertThat(s.plus(1e-3, CsrMatrix.fromTriplets(25, 25, new int[] {4}, new int[] {7}, new double[] {1}, 1))
                        .asymmetry())
                .isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-15));
        assertSameBits(
                CsrMatrix.identity(5).toDense().data(), DenseMatrix.identity(5).data());
    }
}
