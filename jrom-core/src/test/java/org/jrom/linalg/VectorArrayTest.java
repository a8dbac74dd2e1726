package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VectorArrayTest {
    static VectorArray random(int dim, int count, long seed) {
        return VectorArray.fromMatrix(DenseMatrixTest.random(dim, count, seed));
    }

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 100;
        for (int dim : new int[] {0, 1, 2, 7, 50, 301}) {
            for (int count : new int[] {0, 1, 3, 12}) {
                cases.add(Arguments.of(dim, count, seed++));
            }
        }
        return cases.stream();
    }

    /** Largest |entry| of the difference, relative to the largest |entry| of the reference (or 1). */
    static double relativeDifference(DenseMatrix actual, DenseMatrix expected) {
        assertThat(actual.rows()).isEqualTo(expected.rows());
        assertThat(actual.cols()).isEqualTo(expected.cols());
        return actual.minus(expected).normMax() / Math.max(1.0, expected.normMax());
    }

    @ParameterizedTest(name = "dim={0} count={1} seed={2}")
    @MethodSource("shapes")
    void lincombIsTheDenseProduct(int dim, int count, long seed) {
        VectorArray v = random(dim, count, seed);
        DenseMatrix c = DenseMatrixTest.random(count, 4, seed + 1);

        VectorArray combined = v.lincomb(c);

        assertThat(combined.dim()).isEqualTo(dim);
        assertThat(combined.count()).isEqualTo(4);
        DenseMatrix expected = v.toMatrix().multiply(c);
        assertThat(relativeDifference(combined.toMatrix(), expected)).isLessThan(1e-14 * Math.max(1, count));
        double[] single = v.lincomb(c.column(2));
        assertThat(single).hasSize(dim);
        assertThat(relativeDifference(DenseMatrix.wrap(dim, 1, single), expected.subMatrix(0, dim, 2, 3)))
                .isLessThan(1e-14 * Math.max(1, count));
        // The first k vectors' combinations, k < count: those of the first k columns of V.
        for (int k = 0; k <= count; k++) {
            DenseMatrix ck = c.subMatrix(0, k, 0, 4);
            DenseMatrix leading = v.toMatrix().subMatrix(0, dim, 0, k).multiply(ck);
            assertThat(relativeDifference(v.lincombOfFirst(ck).toMatrix(), leading))
                    .isLessThan(1e-14 * Math.max(1, k));
            assertThat(v.lincombOfFirst(ck.column(1))).isEqualTo(v.slice(0, k).lincomb(ck.column(1)));
        }
    }

    @ParameterizedTest(name = "dim={0} count={1} seed={2}")
    @MethodSource("shapes")
    void innerProductsAndGramAreTheDenseProducts(int dim, int count, long seed) {
        VectorArray v = random(dim, count, seed);
        VectorArray w = random(dim, 5, seed + 1);

        DenseMatrix expectedInner = v.toMatrix().transposeMultiply(w.toMatrix());
        assertThat(relativeDifference(v.inner(w), expectedInner)).isLessThan(1e-14 * Math.max(1, dim));

        DenseMatrix gram = v.gram();
        DenseMatrix expectedGram = v.toMatrix().transposeMultiply(v.toMatrix());
        assertThat(relativeDifference(gram, expectedGram)).isLessThan(1e-14 * Math.max(1, dim));
        assertThat(gram.asymmetry()).isZero();
        // The Gram matrix is positive semidefinite: no eigenvalue below round-off.
        if (count > 0) {
            double[] eig = gram.symmetricEigen().values();
            assertThat(eig[0]).isGreaterThanOrEqualTo(-1e-12 * Math.max(1, eig[count - 1]));
        }

        double[] norms = v.norms();
        assertThat(norms).hasSize(count);
        for (int j = 0; j < count; j++) {
            assertThat(norms[j])
                    .isCloseTo(
                            Math.sqrt(expectedGram.get(j, j)),
                            org.assertj.core.data.Offset.offset(1e-13 * Math.max(1, norms[j])));
        }
    }

    @ParameterizedTest(name = "dim={0} count={1} seed={2}")
    @MethodSource("shapes")
    void productsInAnSpdInnerProductAreVTransposeMV(int dim, int count, long seed) {
        CsrMatrix m = RandomTriplets.randomSpd(dim, 0.2, seed);
        VectorArray v = random(dim, count, seed + 1);
        VectorArray w = random(dim, 3, seed + 2);
        DenseMatrix dm = m.toDense();

        DenseMatrix gram = v.gram(m);
        DenseMatrix expected = v.toMatrix().transposeMultiply(dm.multiply(v.toMatrix()));
        assertThat(relativeDifference(gram, expected)).isLessThan(1e-13 * Math.max(1, dim));
        assertThat(gram.asymmetry()).isZero();
        assertThat(relativeDifference(v.inner(w, m), v.toMatrix().transposeMultiply(dm.multiply(w.toMatrix()))))
                .isLessThan(1e-13 * Math.max(1, dim));

        double[] norms = v.norms(m);
        assertThat(norms).hasSize(count);
        for (int j = 0; j < count; j++) {
            assertThat(norms[j])
                    .isCloseTo(
                            Math.sqrt(expected.get(j, j)),
                            org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, norms[j])));
        }
        // With the identity as product, the plain Euclidean results.
        assertThat(v.norms(CsrMatrix.identity(dim)))
                .containsExactly(v.norms(), org.assertj.core.data.Offset.offset(1e-13 * Math.max(1, dim)));
    }

    @Test
    void normsNeitherOverflowNorUnderflow() {
        VectorArray v = VectorArray.of(new double[] {3e200, 4e200}, new double[] {3e-200, 4e-200});
        assertThat(v.norms()[0]).isCloseTo(5e200, org.assertj.core.data.Percentage.withPercentage(1e-12));
        assertThat(v.norms()[1]).isCloseTo(5e-200, org.assertj.core.data.Percentage.withPercentage(1e-12));
    }

    @Test
    void appendSliceSelectAndTruncateKeepTheVectors() {
        VectorArray source = random(9, 40, 1);
        VectorArray v = VectorArray.empty(9);
        for (int j = 0; j < 25; j++) {
            v.append(source.vector(j)); // many appends: the storage grows geometrically
        }
        v.append(source.slice(25, 40));
        assertThat(v.count()).isEqualTo(40);
        assertThat(v.toMatrix().data()).containsExactly(source.toMatrix().data());

        VectorArray s = v.slice(10, 14);
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.toMatrix().data())
                .containsExactly(source.toMatrix().subMatrix(0, 9, 10, 14).data());
        assertThat(v.slice(5, 5).count()).isZero();

        VectorArray sel = v.select(7, 2, 7);
        assertThat(sel.vector(0)).containsExactly(source.vector(7));
        assertThat(sel.vector(1)).containsExactly(source.vector(2));
        assertThat(sel.vector(2)).containsExactly(source.vector(7));

        // Copies are independent of the original.
        s.set(0, 0, 42.0);
        assertThat(v.get(0, 10)).isEqualTo(source.get(0, 10));

        v.truncate(3);
        assertThat(v.count()).isEqualTo(3);
        assertThat(v.gram().rows()).isEqualTo(3);
        v.append(source.vector(39));
        assertThat(v.vector(3)).containsExactly(source.vector(39));
        assertThat(v.toMatrix().subMatrix(0, 9, 0, 3).data())
                .containsExactly(source.toMatrix().subMatrix(0, 9, 0, 3).data());

        // Appending a block to itself doubles it.
        VectorArray twice = source.slice(0, 3);
        twice.append(twice);
        assertThat(twice.count()).isEqualTo(6);
        assertThat(twice.vector(4)).containsExactly(source.vector(1));

        assertThatThrownBy(() -> v.slice(2, 9))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("[2, 9)");
        assertThatThrownBy(() -> v.select(4))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("vector 4");
        assertThatThrownBy(() -> v.truncate(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.get(9, 0)).hasMessageContaining("entry 9 of vector 0");
    }

    @Test
    void inPlaceOperationsMatchTheirDefinitions() {
        VectorArray v = random(6, 3, 2);
        VectorArray x = random(6, 3, 3);
        DenseMatrix expected = v.toMatrix().plus(-0.5, x.toMatrix());
        v.axpy(-0.5, x);
        assertThat(v.toMatrix().minus(expected).normMax()).isZero();
        v.axpy(1, 2.0, x, 0); // v_1 += 2 x_0
        for (int i = 0; i < 6; i++) {
            assertThat(v.get(i, 1)).isEqualTo(expected.get(i, 1) + 2.0 * x.get(i, 0));
        }
        v.scale(2, 3.0);
        assertThat(v.get(4, 2)).isEqualTo(3.0 * expected.get(4, 2));
    }

    @Test
    void zeroDimensionalVectors() {
        VectorArray v = VectorArray.zeros(0, 3);
        assertThat(v.norms()).containsExactly(0, 0, 0);
        assertThat(v.gram().normMax()).isZero();
        assertThat(v.gram().rows()).isEqualTo(3);
        assertThat(v.toMatrix().column(1)).isEmpty();
        assertThat(v.vector(2)).isEmpty();
        assertThatThrownBy(() -> v.toMatrix().column(3)).hasMessageContaining("column 3");
        // 65536 * 65536 overflows int to 0: an empty array must not pass for such a matrix.
        assertThatThrownBy(() -> DenseMatrix.wrap(65536, 65536, new double[0]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 4294967296, found 0");
    }

    @Test
    void dimensionMismatchesAreReported() {
        VectorArray v = random(5, 3, 4);
        assertThatThrownBy(() -> v.inner(random(6, 2, 5)))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 5, found 6");
        assertThatThrownBy(() -> v.append(new double[4]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 5, found 4");
        assertThatThrownBy(() -> v.append(random(4, 1, 6))).isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> v.lincomb(DenseMatrix.zeros(4, 2)))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 3, found 4");
        assertThatThrownBy(() -> v.lincombOfFirst(new double[4]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("coefficients for 4 vectors of a block of 3 vectors");
        assertThatThrownBy(() -> v.axpy(1.0, random(5, 2, 7)))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("3 vectors of dimension 5 and 2 of dimension 5");
        assertThatThrownBy(() -> v.gram(CsrMatrix.identity(4))).isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> v.norms(CsrMatrix.identity(6))).isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> VectorArray.of(new double[3], new double[2]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("vector 1");
        assertThatThrownBy(() -> VectorArray.wrap(4, 3, new double[11])).isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> VectorArray.zeros(-1, 2)).isInstanceOf(DimensionMismatchException.class);
    }

    @Test
    void nonFiniteEntriesAreNamed() {
        VectorArray v = random(5, 3, 8);
        v.requireFinite("snapshots");
        v.set(3, 2, Double.NaN);
        assertThatThrownBy(() -> v.requireFinite("snapshots"))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("snapshots")
                .hasMessageContaining("entry 3 of vector 2")
                .hasMessageContaining("NaN");
        // A NaN never disappears silently from the results computed with it.
        assertThat(v.norms()[2]).isNaN();
        assertThat(v.gram().get(2, 2)).isNaN();
        assertThat(v.norms(CsrMatrix.identity(5))[2]).isNaN();
    }
}
