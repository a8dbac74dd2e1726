package org.jrom.hyperreduction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.Svd;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.Test;

class GappyPodTest {
    private static final int N = 500;
    private static final int K = 8;

    private static VectorArray orthonormalBasis(int n, int k, long seed) {
        return VectorArray.fromMatrix(NonnegativeLeastSquaresTest.gaussian(n, k, new Random(seed))
                .qr()
                .q());
    }

    /** {@code count} distinct indices in [0, n), drawn at random. */
    private static int[] randomSamples(int n, int count, Random random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, count);
    }

    private static double distance(double[] a, double[] b) {
        double[] d = a.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] -= b[i];
        }
        return NonnegativeLeastSquaresTest.norm(d);
    }

    @Test
    void aFieldInTheSpanOfTheBasisIsReconstructedToRoundOffFromAnyWellPosedSampleSet() {
        VectorArray phi = orthonormalBasis(N, K, 1);
        Random random = new Random(2);
        double[] c = NonnegativeLeastSquaresTest.gaussian(K, random);
        double[] v = phi.lincomb(c);
        double worst = 0;
        double worstCondition = 0;
        for (int count : new int[] {K, K + 1, 2 * K, 5 * K, N}) {
            for (int trial = 0; trial < 5; trial++) {
                GappyPod gappy = GappyPod.prepare(phi, randomSamples(N, count, random));
                double[] rebuilt = gappy.reconstruct(gappy.sample(v));
                double error = distance(rebuilt, v) / NonnegativeLeastSquaresTest.norm(v);
                // Backward stable least squares: error ~ eps cond(Phi_S).
                assertThat(error).isLessThan(1e-14 * gappy.conditionNumber());
                worst = Math.max(worst, error);
                worstCondition = Math.max(worstCondition, gappy.conditionNumber());
                assertThat(distance(gappy.coefficients(gappy.sample(v)), c))
                        .isLessThan(1e-14 * gappy.conditionNumber() * NonnegativeLeastSquaresTest.norm(c));
            }
        }
        System.out.printf(
                "Gappy-POD, k = %d of n = %d, 25 random sample sets of %d to %d entries: worst relative"
                        + " error %.1e, worst cond(Phi_S) %.1e%n",
                K, N, K, N, worst, worstCondition);
        assertThat(worst).isLessThan(1e-11);
    }

    @Test
    void noiseOnTheSamplesIsAmplifiedByAtMostOneOverSigmaMin() {
        VectorArray phi = orthonormalBasis(N, K, 3);
        Random random = new Random(4);
        int[] samples = randomSamples(N, 12, random);
        GappyPod gappy = GappyPod.prepare(phi, samples);
        double[] v = phi.lincomb(NonnegativeLeastSquaresTest.gaussian(K, random));
        double[] clean = gappy.sample(v);
        double worstRatio = 0;
        for (int trial = 0; trial < 1000; trial++) {
            double[] e = NonnegativeLeastSquaresTest.gaussian(samples.length, random);
            double[] noisy = clean.clone();
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] += 1e-6 * e[i];
            }
            double ratio = distance(gappy.reconstruct(noisy), v) / (1e-6 * NonnegativeLeastSquaresTest.norm(e));
            worstRatio = Math.max(worstRatio, ratio);
        }
        assertThat(worstRatio).isLessThanOrEqualTo(gappy.noiseAmplification() * (1 + 1e-8));
        // The bound is attained by noise along the left singular vector of sigma_min.
        Svd svd = phi.toMatrix().selectRows(samples).svd();
        double[] weakest = svd.u().column(K - 1);
        double[] noisy = clean.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += 1e-6 * weakest[i];
        }
        double attained = distance(gappy.reconstruct(noisy), v) / 1e-6;
        System.out.printf(
                "Gappy-POD noise amplification, 12 samples, k = %d: 1/sigma_min %.4f, worst of 1000 random"
                        + " perturbations %.4f, along the weakest singular vector %.6f%n",
                K, gappy.noiseAmplification(), worstRatio, attained);
        assertThat(attained).isCloseTo(gappy.noiseAmplification(), within(1e-8 * gappy.noiseAmplification()));
    }

    @Test
    void coefficientsAreWrittenIntoTheCallersArray() {
        VectorArray phi = orthonormalBasis(N, K, 5);
        GappyPod gappy = GappyPod.prepare(phi, randomSamples(N, 20, new Random(6)));
        double[] v = phi.vector(3);
        double[] c = new double[K];
        double[] field = new double[N];
        gappy.coefficients(gappy.sample(v), c);
        gappy.reconstruct(gappy.sample(v), field);
        for (int j = 0; j < K; j++) {
            assertThat(c[j]).isCloseTo(j == 3 ? 1.0 : 0.0, within(1e-12));
        }
        assertThat(distance(field, v)).isLessThan(1e-12);
    }

    @Test
    void aRankDeficientSampleSetIsRefused() {
        // Two modes supported on disjoint halves: samples only in the first half miss the second.
        DenseMatrix m = DenseMatrix.zeros(10, 2);
        for (int i = 0; i < 5; i++) {
            m.set(i, 0, 1 / Math.sqrt(5));
            m.set(5 + i, 1, 1 / Math.sqrt(5));
        }
        VectorArray phi = VectorArray.fromMatrix(m);
        assertThatThrownBy(() -> GappyPod.prepare(phi, new int[] {0, 1, 2}))
                .isInstanceOf(IllPosedSamplesException.class)
                .hasMessageStartingWith("the basis at the 3 samples is rank deficient: sigma_min 0.0");
        assertThat(GappyPod.prepare(phi, new int[] {0, 7}).conditionNumber()).isCloseTo(1.0, within(1e-14));
    }

    @Test
    void fewerSamplesThanModesOrABadIndexAreRefused() {
        VectorArray phi = orthonormalBasis(N, K, 7);
        assertThatThrownBy(() -> GappyPod.prepare(phi, new int[] {1, 2, 3}))
                .isInstanceOf(IllPosedSamplesException.class)
                .hasMessage("Gappy-POD needs at least as many samples as modes: 8 modes, 3 samples");
        assertThatThrownBy(() -> GappyPod.prepare(phi, new int[] {0, 1, 2, 3, 4, 5, 6, 500}))
                .isInstanceOf(IllPosedSamplesException.class)
                .hasMessage("sample index 500 outside a field of 500 entries");
        assertThatThrownBy(() -> GappyPod.prepare(phi, new int[] {0, 1, 2, 3, 4, 5, 6, 6}))
                .isInstanceOf(IllPosedSamplesException.class)
                .hasMessage("sample index 6 appears twice");
    }
}
