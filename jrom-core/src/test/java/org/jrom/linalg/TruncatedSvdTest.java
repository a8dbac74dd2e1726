package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jrom.JromException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TruncatedSvdTest {
    private static final int DIM = 400;

    static Stream<Arguments> products() {
        return Stream.of(Arguments.of("Euclidean", null), Arguments.of("1D P1 mass", InnerProducts.mass1d(DIM)));
    }

    /** A block {@code V = U diag(sigma) W^T} with U M-orthonormal and W orthogonal, both random. */
    private record KnownSvd(VectorArray v, VectorArray u, double[] sigma) {
        static KnownSvd of(double[] sigma, int dim, LinearMap product, long seed) {
            int n = sigma.length;
            DenseMatrix q = DenseMatrixTest.random(dim, n, seed).qr().q();
            DenseMatrix w = DenseMatrixTest.random(n, n, seed + 1).qr().q();
            DenseMatrix u = q;
            if (product != null) {
                // U = L^{-T} Q = M^{-1} L Q with M = L L^T, so that U^T M U = Q^T Q = I.
                CholeskyDecomposition chol = denseOf(product).cholesky();
                u = chol.solve(chol.lower().multiply(q));
            }
            DenseMatrix v = u.multiply(DenseMatrix.diagonal(sigma)).multiplyTranspose(w);
            return new KnownSvd(VectorArray.fromMatrix(v), VectorArray.fromMatrix(u), sigma);
        }
    }

    private static DenseMatrix denseOf(LinearMap product) {
        return ((CsrMatrix) product).toDense();
    }

    /** sigma_i = 10^(-14 i / (n - 1)), i < n: from 1 down to 1e-14. */
    private static double[] gradedSpectrum(int n) {
        return IntStream.range(0, n)
                .mapToDouble(i -> Math.pow(10, -14.0 * i / (n - 1)))
                .toArray();
    }

    /** {@code ||V - Phi C||_F} in M, with C the coefficients of the modes. */
    private static double reconstructionError(VectorArray v, TruncatedSvd svd, LinearMap product) {
        VectorArray r = svd.modes().lincomb(svd.coefficients());
        r.axpy(-1.0, v);
        double s = 0;
        for (double x : product == null ? r.norms() : r.norms(product)) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void qrSvdResolvesTheSpectrumToRoundOffWhereTheMethodOfSnapshotsStopsAtSqrtEps(String name, LinearMap product) {
        double[] sigma = gradedSpectrum(40);
        KnownSvd known = KnownSvd.of(sigma, DIM, product, 7);

        TruncatedSvd accurate = TruncatedSvd.qrSvd(known.v(), product, TruncatedSvd.Truncation.none());
        TruncatedSvd snapshots = TruncatedSvd.methodOfSnapshots(known.v(), product, TruncatedSvd.Truncation.none());

        double[] s = accurate.singularValues();
        double[] g = snapshots.singularValues();
        assertThat(s).hasSize(40);
        assertThat(g).hasSize(40);
        double worstSnapshotError = 0;
        for (int i = 0; i < 40; i++) {
            // Backward stable: absolute error below a few eps sigma_1 (measured 7e-18), so at
            // 1e-13 relative accuracy of a few percent at worst (measured 3e-5).
            assertThat(Math.abs(s[i] - sigma[i])).isLessThan(1e-15);
            if (sigma[i] >= 1e-13) {
                assertThat(Math.abs(s[i] - sigma[i])).isLessThan(1e-3 * sigma[i]);
            }
            double snapshotError = Math.abs(g[i] - sigma[i]) / sigma[i];
            worstSnapshotError = Math.max(worstSnapshotError, snapshotError);
            if (sigma[i] >= 1e-5) {
                // lambda = sigma^2 carries an absolute error of about eps: fine while sigma >> 1e-8.
                assertThat(snapshotError).isLessThan(1e-5);
            }
            if (sigma[i] <= 1e-10) {
                // Below sqrt(eps) the Gram matrix holds only round-off: every value is wrong.
                assertThat(snapshotError).isGreaterThan(0.5);
            }
        }
        assertThat(worstSnapshotError).isGreaterThan(100);

        // All 40 modes orthonormal and aligned with the exact ones where sigma is resolved.
        assertThat(accurate.modeCount()).isEqualTo(40);
        assertThat(InnerProducts.orthonormalityError(accurate.modes(), product)).isLessThan(1e-13);
        DenseMatrix cosines = product == null
                ? accurate.modes().inner(known.u())
                : accurate.modes().inner(known.u(), product);
        for (int i = 0; i < 40 && sigma[i] >= 1e-10; i++) {
            assertThat(1 - Math.abs(cosines.get(i, i))).isLessThan(1e-8);
        }
        assertThat(reconstructionError(known.v(), accurate, product)).isLessThan(1e-14);
        // The snapshot modes stop where lambda reaches round-off (about sigma = 1e-7) and are far
        // from orthonormal there: the loss goes like eps sigma_1^2 / sigma_N^2.
        assertThat(snapshots.modeCount()).isBetween(18, 22);
        assertThat(InnerProducts.orthonormalityError(snapshots.modes(), product))
                .isGreaterThan(1e-6);
        TruncatedSvd moderate = TruncatedSvd.methodOfSnapshots(known.v(), product, TruncatedSvd.Truncation.modes(10));
        assertThat(InnerProducts.orthonormalityError(moderate.modes(), product)).isLessThan(1e-10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void energyToleranceKeepsTheCountTheSpectrumDemands(String name, LinearMap product) {
        // sigma_i = 2^-i: the tail after N modes has energy 4^-N (4/3), the total 4/3 (1 - 4^-30),
        // so a relative error 1e-3 needs 4^-N <= 1e-6 (1 - 4^-30): N = 10, as 4^-9 > 1e-6.
        double[] sigma =
                IntStream.range(0, 30).mapToDouble(i -> Math.pow(2, -i)).toArray();
        KnownSvd known = KnownSvd.of(sigma, DIM, product, 17);
        TruncatedSvd.Truncation tol = TruncatedSvd.Truncation.relativeError(1e-3);
        TruncatedSvd.Randomized sketch = TruncatedSvd.Randomized.of(15, 3);

        assertThat(TruncatedSvd.qrSvd(known.v(), product, tol).modeCount()).isEqualTo(10);
        assertThat(TruncatedSvd.methodOfSnapshots(known.v(), product, tol).modeCount())
                .isEqualTo(10);
        TruncatedSvd randomized = TruncatedSvd.randomized(known.v(), product, sketch, tol);
        assertThat(randomized.modeCount()).isEqualTo(10);
        // The projection error is then within the tolerance, and the rank cap applies.
        assertThat(reconstructionError(known.v(), randomized, product)).isLessThanOrEqualTo(1e-3 * Math.sqrt(4.0 / 3));
        TruncatedSvd.Truncation both = new TruncatedSvd.Truncation(4, 1e-3);
        assertThat(TruncatedSvd.qrSvd(known.v(), product, both).modeCount()).isEqualTo(4);
        assertThat(TruncatedSvd.randomized(known.v(), product, TruncatedSvd.Randomized.of(6, 3), tol)
                        .modeCount())
                .isEqualTo(6);
    }

    @Test
    void modeCountFollowsTheDocumentedRule() {
        double[] sigma = {4, 2, 1};
        // total energy 21, tail energies 5 after one mode, 1 after two, 0 after three.
        assertThat(TruncatedSvd.Truncation.relativeError(0.22).modeCount(sigma)).isEqualTo(2); // 1 <= 1.02
        assertThat(TruncatedSvd.Truncation.relativeError(0.21).modeCount(sigma)).isEqualTo(3); // 1 > 0.93
        assertThat(TruncatedSvd.Truncation.relativeError(0.48).modeCount(sigma)).isEqualTo(2); // 5 > 4.84
        assertThat(TruncatedSvd.Truncation.relativeError(0.5).modeCount(sigma)).isEqualTo(1); // 5 <= 5.25
        assertThat(TruncatedSvd.Truncation.relativeError(1.0).modeCount(sigma)).isZero();
        assertThat(TruncatedSvd.Truncation.none().modeCount(sigma)).isEqualTo(3);
        assertThat(TruncatedSvd.Truncation.none().modeCount(new double[] {4, 2, 0, 0}))
                .isEqualTo(2);
        assertThat(TruncatedSvd.Truncation.modes(1).modeCount(sigma)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void randomizedSvdMatchesTheTopSingularValuesWithinTheHalkoMartinssonTroppBound(String name, LinearMap product) {
        int n = 120;
        int k = 10;
        int p = 10;
        int q = 1;
        double[] sigma =
                IntStream.range(0, n).mapToDouble(i -> Math.exp(-i / 3.0)).toArray();
        KnownSvd known = KnownSvd.of(sigma, DIM, product, 27);

        TruncatedSvd svd = TruncatedSvd.randomized(
                known.v(), product, new TruncatedSvd.Randomized(k, p, q, 42), TruncatedSvd.Truncation.none());

        // Expected range error, corollary 10.10 (sigma_{k+1} is sigma[k] here), times 10 for the
        // probability: with power q the exponent is 2q + 1.
        int e = 2 * q + 1;
        double tail = 0;
        for (int j = k; j < n; j++) {
            tail += Math.pow(sigma[j], 2 * e);
        }
        double bound = 10
                * Math.pow(
                        (1 + Math.sqrt(k / (p - 1.0))) * Math.pow(sigma[k], e)
                                + Math.E * Math.sqrt(k + p) / p * Math.sqrt(tail),
                        1.0 / e);
        double[] s = svd.singularValues();
        assertThat(s).hasSize(k + p);
        assertThat(svd.modeCount()).isEqualTo(k);
        for (int j = 0; j < k; j++) {
            // Singular values of Q^T M V: never above the exact ones, below by at most the range error.
            assertThat(s[j]).isLessThanOrEqualTo(sigma[j] * (1 + 1e-14));
            assertThat(sigma[j] - s[j]).isLessThan(bound);
        }
        // With the gap exp(-1/3) per index and q = 1, the top five are accurate to 1e-6 and better.
        for (int j = 0; j < 5; j++) {
            assertThat((sigma[j] - s[j]) / sigma[j]).isLessThan(1e-6);
        }
        assertThat(InnerProducts.orthonormalityError(svd.modes(), product)).isLessThan(1e-13);
        // Rank-k approximation error (section 9.3): ||V - Phi_k C_k||_2 <= sigma_{k+1} + range error.
        VectorArray r = svd.modes().lincomb(svd.coefficients());
        r.axpy(-1.0, known.v());
        DenseMatrix residual = r.toMatrix();
        if (product != null) {
            residual = denseOf(product).cholesky().lower().transposeMultiply(residual);
        }
        assertThat(residual.svd().singularValues()[0]).isLessThan(sigma[k] + bound);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void randomizedSvdIsReproducibleForASeedAndDiffersAcrossSeeds(String name, LinearMap product) {
        KnownSvd known = KnownSvd.of(gradedSpectrum(60), DIM, product, 37);
        TruncatedSvd a = TruncatedSvd.randomized(
                known.v(), product, TruncatedSvd.Randomized.of(8, 5), TruncatedSvd.Truncation.none());
        TruncatedSvd b = TruncatedSvd.randomized(
                known.v(), product, TruncatedSvd.Randomized.of(8, 5), TruncatedSvd.Truncation.none());
        TruncatedSvd c = TruncatedSvd.randomized(
                known.v(), product, TruncatedSvd.Randomized.of(8, 6), TruncatedSvd.Truncation.none());
        assertThat(a.singularValues()).isEqualTo(b.singularValues());
        assertThat(a.modes().data()).isEqualTo(b.modes().data());
        assertThat(Arrays.equals(a.modes().data(), c.modes().data())).isFalse();
        // The sketch's last value depends on the sketch: different seeds, differences far above
        // round-off (measured 8e-5 relative, round-off would be about 1e-12).
        double[] sa = a.singularValues();
        double[] sc = c.singularValues();
        assertThat(Math.abs(sa[17] - sc[17])).isGreaterThan(1e-6 * sa[17]);
    }

    static Stream<Arguments> randomCases() {
        Random rnd = new Random(99);
        return IntStream.range(0, 30).mapToObj(c -> {
            int dim = 1 + rnd.nextInt(60);
            int count = 1 + rnd.nextInt(60);
            return Arguments.of(dim, count, rnd.nextBoolean(), rnd.nextLong());
        });
    }

    @ParameterizedTest(name = "dim {0}, count {1}, dense product {2}")
    @MethodSource("randomCases")
    void allEnginesAgreeWithTheDenseSvdOfTheCholeskyScaledBlock(int dim, int count, boolean withProduct, long seed) {
        VectorArray v = InnerProducts.gaussian(dim, count, seed);
        DenseMatrix m = withProduct ? DenseMatrixTest.randomSpd(dim, seed + 1) : null;
        // Reference: the M-singular values of V are the Euclidean ones of L^T V, M = L L^T.
        DenseMatrix scaled = m == null ? v.toMatrix() : m.cholesky().lower().transposeMultiply(v.toMatrix());
        double[] reference = scaled.svd().singularValues();
        int rank = Math.min(dim, count);

        TruncatedSvd qr = TruncatedSvd.qrSvd(v, m, TruncatedSvd.Truncation.none());
        TruncatedSvd gram = TruncatedSvd.methodOfSnapshots(v, m, TruncatedSvd.Truncation.none());
        TruncatedSvd randomized = TruncatedSvd.randomized(
                v, m, new TruncatedSvd.Randomized(rank, 0, 1, seed), TruncatedSvd.Truncation.none());

        double scale = reference[0];
        double[] s = qr.singularValues();
        assertThat(s).hasSize(rank);
        for (int i = 0; i < rank; i++) {
            assertThat(Math.abs(s[i] - reference[i])).isLessThan(1e-13 * scale);
            assertThat(Math.abs(gram.singularValues()[i] - reference[i])).isLessThan(1e-6 * scale);
            assertThat(Math.abs(randomized.singularValues()[i] - reference[i])).isLessThan(1e-12 * scale);
        }
        assertThat(qr.modeCount()).isEqualTo(rank);
        assertThat(InnerProducts.orthonormalityError(qr.modes(), m)).isLessThan(1e-13);
        assertThat(InnerProducts.orthonormalityError(randomized.modes(), m)).isLessThan(1e-13);
        assertThat(reconstructionError(v, qr, m)).isLessThan(1e-13 * scale);
        DenseMatrix w = qr.rightSingularVectors();
        assertThat(w.transposeMultiply(w).minus(DenseMatrix.identity(rank)).normMax())
                .isLessThan(1e-13);
    }

    @ParameterizedTest(name = "{0} vectors of dimension {1}")
    @MethodSource("emptyShapes")
    void emptyBlocksGiveNoModes(int count, int dim) {
        VectorArray v = VectorArray.zeros(dim, count);
        TruncatedSvd.Truncation all = TruncatedSvd.Truncation.none();
        for (LinearMap product : new LinearMap[] {null, InnerProducts.mass1d(dim)}) {
            assertThat(TruncatedSvd.qrSvd(v, product, all).modeCount()).isZero();
            assertThat(TruncatedSvd.methodOfSnapshots(v, product, all).modeCount())
                    .isZero();
            assertThat(TruncatedSvd.randomized(v, product, TruncatedSvd.Randomized.of(3, 1), all)
                            .modeCount())
                    .isZero();
            double[] s = TruncatedSvd.qrSvd(v, product, all).singularValues();
            assertThat(s).hasSize(Math.min(count, dim));
            assertThat(Arrays.stream(s).allMatch(x -> x == 0)).isTrue();
        }
    }

    static Stream<Arguments> emptyShapes() {
        return Stream.of(Arguments.of(0, 5), Arguments.of(3, 0), Arguments.of(4, 6));
    }

    @Test
    void errorsSayWhatIsWrong() {
        VectorArray v = InnerProducts.gaussian(5, 3, 1);
        assertThatThrownBy(() -> TruncatedSvd.qrSvd(v, CsrMatrix.identity(4), TruncatedSvd.Truncation.none()))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("5x5, found 4x4");
        assertThatThrownBy(() -> TruncatedSvd.Truncation.relativeError(-1))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("found -1");
        assertThatThrownBy(() -> new TruncatedSvd.Randomized(0, 5, 1, 1))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("rank >= 1");
        v.set(4, 2, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> TruncatedSvd.methodOfSnapshots(v, null, TruncatedSvd.Truncation.none()))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("entry 4 of vector 2");
    }
}
