package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jrom.JromException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GramSchmidtTest {
    private static final int DIM = 500;

    static Stream<Arguments> products() {
        return Stream.of(
                Arguments.of("Euclidean", null),
                Arguments.of("1D P1 mass", InnerProducts.mass1d(DIM)),
                Arguments.of("1D P1 H1 (stiffness + mass)", InnerProducts.h1(DIM)),
                Arguments.of("2D five-point Laplacian + identity", InnerProducts.laplacePlusIdentity2d(20, 25)));
    }

    /** v_j = 1 + 1e-8 g_j: 100 vectors within 1e-8 of one another, condition number about 1e9. */
    private static VectorArray nearlyParallel(long seed) {
        VectorArray v = InnerProducts.gaussian(DIM, 100, seed);
        v.scale(1e-8);
        double[] d = v.data();
        for (int i = 0; i < DIM * 100; i++) {
            d[i] += 1.0;
        }
        return v;
    }

    private static GramSchmidt.Options singlePass() {
        return GramSchmidt.Options.defaults().withReorthogonalize(false);
    }

    /** Largest {@code ||v_j - Q R e_j||_M / ||v_j||_M} over the inputs. */
    private static double reconstructionError(VectorArray v, GramSchmidt.Result gs, LinearMap product) {
        VectorArray diff = gs.basis().lincomb(gs.r());
        diff.axpy(-1.0, v);
        double[] e = product == null ? diff.norms() : diff.norms(product);
        double[] n = product == null ? v.norms() : v.norms(product);
        double worst = 0;
        for (int j = 0; j < e.length; j++) {
            worst = Math.max(worst, n[j] == 0 ? e[j] : e[j] / n[j]);
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void singlePassLosesOrthogonalityWhileReorthogonalizedStaysOrthonormal(String name, LinearMap product) {
        VectorArray v = nearlyParallel(11);

        GramSchmidt.Result once = GramSchmidt.orthonormalize(v, product, singlePass());
        GramSchmidt.Result twice = GramSchmidt.orthonormalize(v, product, GramSchmidt.Options.defaults());

        // Classical Gram-Schmidt loses orthogonality like eps kappa^2: here completely.
        assertThat(InnerProducts.orthonormalityError(once.basis(), product)).isGreaterThan(1e-2);
        assertThat(twice.kept()).containsExactly(IntStream.range(0, 100).toArray());
        assertThat(InnerProducts.orthonormalityError(twice.basis(), product)).isLessThan(1e-13);
        assertThat(reconstructionError(v, twice, product)).isLessThan(1e-13);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void monomialsKeepANumericalBasisAndDropTheRest(String name, CsrMatrix product) {
        // x^j on [0, 1], j < 60: numerically of rank about 20 to 30 at relative level 1e-10.
        int n = 60;
        VectorArray v = VectorArray.zeros(DIM, n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < DIM; i++) {
                v.set(i, j, Math.pow((i + 1.0) / DIM, j));
            }
        }
        double tol = GramSchmidt.Options.DEFAULT_DROP_TOLERANCE;

        GramSchmidt.Result gs = GramSchmidt.orthonormalize(v, product, GramSchmidt.Options.defaults());

        assertThat(gs.kept().length).isBetween(10, 40);
        assertThat(gs.kept().length + gs.dropped().length).isEqualTo(n);
        assertThat(IntStream.concat(IntStream.of(gs.kept()), IntStream.of(gs.dropped()))
                        .sorted()
                        .toArray())
                .containsExactly(IntStream.range(0, n).toArray());
        assertThat(java.util.Arrays.stream(gs.droppedRelativeNorms()).max().orElse(0))
                .isLessThanOrEqualTo(tol);
        // Orthonormal to 1e-13, or to the round-off of evaluating the product where that is larger:
        // smooth vectors in the H1 product (stiffness-dominated, kappa ~ 1e5) measure about 7e-13
        // against an evaluation floor of about 3e-11.
        double floor = InnerProducts.evaluationFloor(gs.basis(), product);
        assertThat(InnerProducts.orthonormalityError(gs.basis(), product)).isLessThan(Math.max(1e-13, floor));
        // The kept basis still spans every input to the drop tolerance.
        assertThat(reconstructionError(v, gs, product)).isLessThan(2 * tol);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void duplicatesCombinationsAndZerosAreDroppedAndReported(String name, LinearMap product) {
        VectorArray g = InnerProducts.gaussian(DIM, 3, 21);
        double[] a = g.vector(0);
        double[] b = g.vector(1);
        double[] comb = g.lincomb(new double[] {2, -3, 0});
        VectorArray v = VectorArray.of(a, b, a, comb, g.vector(2), new double[DIM], b);

        GramSchmidt.Result gs = GramSchmidt.orthonormalize(v, product, GramSchmidt.Options.defaults());

        assertThat(gs.kept()).containsExactly(0, 1, 4);
        assertThat(gs.dropped()).containsExactly(2, 3, 5, 6);
        double[] rel = gs.droppedRelativeNorms();
        assertThat(rel[0]).isLessThan(1e-14);
        assertThat(rel[1]).isLessThan(1e-14);
        assertThat(rel[2]).isZero();
        assertThat(rel[3]).isLessThan(1e-14);
        // The duplicate of v_0 has the coordinates (||a||, 0, 0), the combination 2 a - 3 b.
        DenseMatrix r = gs.r();
        assertThat(r.get(0, 2)).isEqualTo(r.get(0, 0), org.assertj.core.data.Offset.offset(1e-13 * r.get(0, 0)));
        assertThat(reconstructionError(v, gs, product)).isLessThan(1e-14);
        assertThat(InnerProducts.orthonormalityError(gs.basis(), product)).isLessThan(1e-14);
    }

    @Test
    void rIsUpperTrapezoidalInTheOrderOfTheKeptVectors() {
        VectorArray g = InnerProducts.gaussian(50, 6, 5);
        VectorArray v = VectorArray.of(
                g.vector(0), g.vector(1), g.vector(0), g.vector(2), g.vector(3), g.vector(4), g.vector(5));
        GramSchmidt.Result gs = GramSchmidt.orthonormalize(v);
        DenseMatrix r = gs.r();
        assertThat(r.rows()).isEqualTo(6);
        assertThat(r.cols()).isEqualTo(7);
        int[] kept = gs.kept();
        for (int i = 0; i < kept.length; i++) {
            assertThat(r.get(i, kept[i])).isPositive();
            for (int j = 0; j < kept[i]; j++) {
                assertThat(r.get(i, j)).isZero();
            }
        }
        // Against LAPACK: R of Householder QR equals ours up to the signs of its rows.
        DenseMatrix householder = g.toMatrix().qr().r();
        for (int i = 0; i < 6; i++) {
            for (int j = i; j < 6; j++) {
                int col = j < 2 ? j : j + 1;
                assertThat(Math.abs(r.get(i, col)))
                        .isCloseTo(Math.abs(householder.get(i, j)), org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void offsetLeavesTheFirstVectorsUntouchedAndExtendsTheBasis(String name, LinearMap product) {
        VectorArray v = nearlyParallel(31);
        GramSchmidt.Result head = GramSchmidt.orthonormalize(v.slice(0, 40), product, GramSchmidt.Options.defaults());
        // A rotated basis of the same span: orthonormal, but not what Gram-Schmidt would make of it.
        DenseMatrix rotation = DenseMatrixTest.random(40, 40, 32).qr().q();
        VectorArray given = head.basis().lincomb(rotation);
        VectorArray extended = given.copy();
        extended.append(v.slice(40, 100));

        GramSchmidt.Result gs = GramSchmidt.orthonormalize(
                extended, product, GramSchmidt.Options.defaults().withOffset(40));

        assertThat(gs.basis().slice(0, 40).data()).isEqualTo(given.data());
        assertThat(gs.kept()).containsExactly(IntStream.range(0, 100).toArray());
        // The new vectors are orthonormal to each other and to the (unperturbed) given ones.
        VectorArray fresh = gs.basis().slice(40, 100);
        assertThat(InnerProducts.orthonormalityError(fresh, product)).isLessThan(1e-13);
        VectorArray old = gs.basis().slice(0, 40);
        DenseMatrix cross = product == null ? old.inner(fresh) : old.inner(fresh, product);
        assertThat(cross.normMax()).isLessThan(1e-14);
        // Unperturbed, extending equals orthonormalizing everything at once, to the last bit.
        VectorArray clean = head.basis().copy();
        clean.append(v.slice(40, 100));
        VectorArray incremental = GramSchmidt.orthonormalize(
                        clean, product, GramSchmidt.Options.defaults().withOffset(40))
                .basis();
        VectorArray all = GramSchmidt.orthonormalize(v, product, GramSchmidt.Options.defaults())
                .basis();
        assertThat(incremental.data()).isEqualTo(all.data());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void inPlaceExtensionGivesTheCopyingOnesBasisAndIsUndoneByTruncating(String name, LinearMap product) {
        VectorArray v = nearlyParallel(41);
        v.scale(57, 0.0); // an exact zero among the new vectors: dropped, so the block shrinks
        GramSchmidt.Options options = GramSchmidt.Options.defaults().withOffset(30);
        VectorArray head = GramSchmidt.orthonormalize(v.slice(0, 30), product, GramSchmidt.Options.defaults())
                .basis();
        VectorArray input = head.copy();
        input.append(v.slice(30, 100));
        GramSchmidt.Result expected = GramSchmidt.orthonormalize(input, product, options);

        VectorArray basis = head.copy();
        basis.append(v.slice(30, 100));
        GramSchmidt.Result inPlace = GramSchmidt.orthonormalizeInPlace(basis, product, options);

        assertThat(inPlace.basis()).isSameAs(basis);
        assertThat(inPlace.dropped()).containsExactly(57);
        assertThat(basis.count()).isEqualTo(99);
        assertThat(java.util.Arrays.equals(
                        java.util.Arrays.copyOf(basis.data(), basis.dim() * basis.count()),
                        expected.basis().data()))
                .as("the in-place basis is the copying one bit for bit")
                .isTrue();
        assertThat(java.util.Arrays.equals(inPlace.r().data(), expected.r().data()))
                .isTrue();
        assertThat(inPlace.kept()).isEqualTo(expected.kept());
        // A NaN among the new vectors: the call throws having written none of the first 30.
        VectorArray bad = head.copy();
        bad.append(v.slice(30, 100));
        bad.set(3, 50, Double.NaN);
        assertThatThrownBy(() -> GramSchmidt.orthonormalizeInPlace(bad, product, options))
                .isInstanceOf(NonFiniteValueException.class);
        bad.truncate(30);
        assertThat(java.util.Arrays.equals(java.util.Arrays.copyOf(bad.data(), 30 * bad.dim()), head.data()))
                .isTrue();
    }

    static Stream<Arguments> randomCases() {
        Random rnd = new Random(2024);
        return IntStream.range(0, 40).mapToObj(c -> {
            int dim = 1 + rnd.nextInt(80);
            int count = rnd.nextInt(dim + 10);
            int rank = Math.min(Math.min(dim, count), rnd.nextInt(dim + 1));
            return Arguments.of(dim, count, rank, rnd.nextBoolean(), rnd.nextLong());
        });
    }

    @ParameterizedTest(name = "dim {0}, count {1}, rank {2}, dense product {3}")
    @MethodSource("randomCases")
    void randomLowRankBlocksGiveAnOrthonormalBasisOfTheirRank(
            int dim, int count, int rank, boolean withProduct, long seed) {
        // V = A B, A dim x rank and B rank x count Gaussian: rank exactly `rank`, well conditioned.
        DenseMatrix a = DenseMatrixTest.random(dim, rank, seed);
        DenseMatrix b = DenseMatrixTest.random(rank, count, seed + 1);
        VectorArray v = VectorArray.fromMatrix(a.multiply(b));
        LinearMap product = withProduct ? DenseMatrixTest.randomSpd(dim, seed + 2) : null;

        GramSchmidt.Result gs = GramSchmidt.orthonormalize(v, product, GramSchmidt.Options.defaults());

        assertThat(gs.basis().count()).isEqualTo(rank);
        assertThat(gs.kept()).hasSize(rank);
        assertThat(gs.dropped()).hasSize(count - rank);
        assertThat(InnerProducts.orthonormalityError(gs.basis(), product)).isLessThan(1e-13);
        assertThat(reconstructionError(v, gs, product)).isLessThan(1e-12);
    }

    @Test
    void moreVectorsThanDimensionsFillTheSpaceAndDropTheRest() {
        VectorArray v = InnerProducts.gaussian(8, 20, 3);
        GramSchmidt.Result gs = GramSchmidt.orthonormalize(v, InnerProducts.h1(8), GramSchmidt.Options.defaults());
        assertThat(gs.kept()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(gs.dropped()).hasSize(12);
        assertThat(InnerProducts.orthonormalityError(gs.basis(), InnerProducts.h1(8)))
                .isLessThan(1e-14);
    }

    @Test
    void errorsSayWhatIsWrong() {
        VectorArray v = InnerProducts.gaussian(5, 2, 1);
        assertThatThrownBy(() ->
                        GramSchmidt.orthonormalize(v, CsrMatrix.identity(5).scale(-1), GramSchmidt.Options.defaults()))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("input vector 0");
        assertThatThrownBy(() -> GramSchmidt.orthonormalize(v, CsrMatrix.identity(4), GramSchmidt.Options.defaults()))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("5x5, found 4x4");
        assertThatThrownBy(() -> GramSchmidt.orthonormalize(
                        v, null, GramSchmidt.Options.defaults().withOffset(3)))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("offset 3");
        v.set(2, 1, Double.NaN);
        assertThatThrownBy(() -> GramSchmidt.orthonormalize(v))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("entry 2 of vector 1");
        assertThatThrownBy(() -> GramSchmidt.Options.defaults().withDropTolerance(1.5))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("[0, 1), found 1.5");
    }

    @Test
    void emptyAndZeroDimensionalBlocks() {
        assertThat(GramSchmidt.orthonormalize(VectorArray.empty(7)).basis().count())
                .isZero();
        GramSchmidt.Result gs = GramSchmidt.orthonormalize(VectorArray.zeros(0, 3));
        assertThat(gs.kept()).isEmpty();
        assertThat(gs.dropped()).containsExactly(0, 1, 2);
    }
}
