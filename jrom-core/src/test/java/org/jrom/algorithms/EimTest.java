package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;

/** The Newton-form EIM: exact on its span, unit lower-triangular interpolation, rank detection. */
class EimTest {
    /** A d x count matrix of rank r with entries of size 1. */
    static DenseMatrix lowRank(int d, int count, int r, long seed) {
        Random rnd = new Random(seed);
        DenseMatrix u = DenseMatrix.zeros(d, r);
        DenseMatrix w = DenseMatrix.zeros(r, count);
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < d; i++) {
                u.set(i, j, rnd.nextGaussian());
            }
            for (int k = 0; k < count; k++) {
                w.set(j, k, rnd.nextGaussian());
            }
        }
        return u.multiply(w);
    }

    @Test
    void interpolationIsExactOnTheSpanAndTheMatrixIsUnitLowerTriangular() {
        DenseMatrix samples = lowRank(40, 60, 7, 1);
        Eim.Result eim = Eim.greedy(samples, 7, 0.0);
        assertThat(eim.size()).isEqualTo(7);
        DenseMatrix b = eim.interpolationMatrix();
        for (int i = 0; i < 7; i++) {
            assertThat(b.get(i, i)).isEqualTo(1.0);
            for (int j = i + 1; j < 7; j++) {
                assertThat(b.get(i, j)).isZero();
            }
            for (int j = 0; j < i; j++) {
                assertThat(Math.abs(b.get(i, j))).isLessThanOrEqualTo(1.0);
            }
        }
        // Any vector of the span (not a training sample) is reproduced from its 7 magic entries.
        DenseMatrix other = lowRank(40, 60, 7, 1).multiply(DenseMatrix.identity(60));
        Random rnd = new Random(5);
        double[] mix = new double[60];
        for (int k = 0; k < 60; k++) {
            mix[k] = rnd.nextGaussian();
        }
        double[] v = other.multiply(DenseMatrix.wrap(60, 1, mix)).data();
        double[] c = new double[7];
        for (int i = 0; i < 7; i++) {
            c[i] = v[eim.magicIndices()[i]];
        }
        eim.coefficientsInPlace(c);
        double[] back = eim.basis().multiply(DenseMatrix.wrap(7, 1, c)).data();
        double scale = 0;
        for (double x : v) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < v.length; i++) {
            assertThat(back[i]).isCloseTo(v[i], within(1e-12 * scale));
        }
    }

    @Test
    void theGreedyStopsAtTheRankAndItsErrorsDecrease() {
        DenseMatrix samples = lowRank(30, 50, 5, 2);
        Eim.Result eim = Eim.greedy(samples, 30, 1e-12);
        assertThat(eim.size()).isEqualTo(5);
        double[] e = eim.maxErrors();
        for (int m = 1; m < e.length; m++) {
            assertThat(e[m]).isLessThanOrEqualTo(e[m - 1]);
        }
        assertThat(e[e.length - 1]).isLessThan(1e-12);
        assertThat(eim.selectedSamples()).doesNotHaveDuplicates();
        assertThat(eim.magicIndices()).doesNotHaveDuplicates();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> Eim.greedy(DenseMatrix.zeros(3, 3), -1, 0)).isInstanceOf(JromException.class);
        DenseMatrix nan = DenseMatrix.zeros(2, 2);
        nan.set(1, 1, Double.NaN);
        assertThatThrownBy(() -> Eim.greedy(nan, 2, 0)).isInstanceOf(JromException.class);
    }
}
