package org.jrom.reductors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;

/**
 * The compressed ORTHONORMAL evaluation against {@code ||R gamma||_2} computed independently with
 * compensated (twice the working precision) dot products: an upper bound at every gamma, within
 * {@code sqrt(1 + TAIL_FRACTION^2)} of the exact norm, even where {@code R gamma} is 1e-14 of
 * {@code ||R|| ||gamma||}, and reading only the rows the accuracy needs.
 */
class OrthonormalEvaluatorTest {
    private static final int D = 181;

    /** An upper-triangular R (the R of a QR) with singular values {@code 10^(-j/8)}, floored at 1e-15. */
    private static DenseMatrix decayingR(int d, long seed) {
        double[] sigma = new double[d];
        for (int j = 0; j < d; j++) {
            sigma[j] = Math.max(Math.pow(10, -j / 8.0), 1e-15);
        }
        DenseMatrix q1 = random(d, d, seed).qr().q();
        DenseMatrix q2 = random(d, d, seed + 1).qr().q();
        return q1.multiply(DenseMatrix.diagonal(sigma))
                .multiplyTranspose(q2)
                .qr()
                .r();
    }

    private static DenseMatrix random(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextGaussian();
        }
        return DenseMatrix.wrap(rows, cols, data);
    }

    /** {@code ||R gamma||} with every row product as a compensated dot (Ogita, Rump, Oishi 2005). */
    private static double exactNorm(DenseMatrix r, double[] gamma) {
        double sum = 0;
        double comp = 0;
        for (int i = 0; i < r.rows(); i++) {
            double s = 0;
            double c = 0;
            for (int k = 0; k < r.cols(); k++) {
                double p = r.get(i, k) * gamma[k];
                double pe = Math.fma(r.get(i, k), gamma[k], -p);
                double t = s + p;
                double z = t - s;
                c += ((s - (t - z)) + (p - z)) + pe;
                s = t;
            }
            double v = s + c;
            double sq = v * v;
            double t = sum + sq;
            comp += (sum - t) + sq;
            sum = t;
        }
        return Math.sqrt(sum + comp);
    }

    private static double[] gamma(DenseMatrix r, Random rnd, double smallShare) {
        // gamma = (large part along the leading right singular vectors) + noise: a residual that the
        // leading directions dominate, like the coefficients of a converged reduced basis
        double[] g = new double[r.cols()];
        for (int k = 0; k < g.length; k++) {
            g[k] = rnd.nextGaussian() * (k < 3 ? 1 : smallShare);
        }
        return g;
    }

    private static double norm2(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void isARigorousAndSharpUpperBoundOfTheExactNorm() {
        DenseMatrix r = decayingR(D, 1);
        OrthonormalEvaluator e = OrthonormalEvaluator.compress(r);
        Random rnd = new Random(2);
        double sharp = Math.sqrt(1 + OrthonormalEvaluator.TAIL_FRACTION * OrthonormalEvaluator.TAIL_FRACTION);
        for (int trial = 0; trial < 200; trial++) {
            double[] g = gamma(r, rnd, Math.pow(10, -trial % 15));
            double exact = exactNorm(r, g);
            double roundOff = 1e-14 * norm2(g); // ||R|| ~ 1: the evaluation's own round-off
            double bound = e.norm(g);
            assertThat(bound).as("trial %d", trial).isGreaterThanOrEqualTo(exact - roundOff);
            assertThat(bound).as("trial %d", trial).isLessThanOrEqualTo(exact * sharp + roundOff);
        }
    }

    /** Where R gamma cancels to 1e-12 of ||gamma||, the bound still follows it (no sqrt(eps) floor). */
    @Test
    void followsTheNormWhereRGammaCancels() {
        DenseMatrix r = decayingR(D, 3);
        OrthonormalEvaluator e = OrthonormalEvaluator.compress(r);
        // gamma in the span of the right singular vectors of sigma = 1e-10 .. 1e-13
        DenseMatrix vt = r.svd().vt();
        Random rnd = new Random(4);
        for (int trial = 0; trial < 20; trial++) {
            double[] g = new double[D];
            for (int j = 80; j <= 104; j++) {
                double c = rnd.nextGaussian();
                for (int k = 0; k < D; k++) {
                    g[k] += c * vt.get(j, k);
                }
            }
            double exact = exactNorm(r, g);
            assertThat(exact / norm2(g)).isLessThan(1e-10);
            assertThat(e.norm(g)).isBetween(exact * 0.99, exact * 1.01);
        }
    }

    @Test
    void readsOnlyTheRowsTheAccuracyNeeds() {
        DenseMatrix r = decayingR(D, 5);
        OrthonormalEvaluator e = OrthonormalEvaluator.compress(r);
        assertThat(e.rank()).isEqualTo(D);
        // sigma_k ||gamma|| <= 1e-2 ||R gamma|| needs sigma_k <= ~1e-3 at an O(1) residual: k ~ 24
        double[] leading = gamma(r, new Random(6), 0.0);
        assertThat(e.rowsUsed(leading)).isEqualTo(OrthonormalEvaluator.CHUNK);
        DenseMatrix vt = r.svd().vt();
        double[] tiny = new double[D]; // the last right singular vector: ||R gamma|| = 1e-15
        for (int k = 0; k < D; k++) {
            tiny[k] = vt.get(D - 1, k);
        }
        assertThat(e.rowsUsed(tiny)).isEqualTo(D);
    }

    @Test
    void blockEvaluationMatchesOneAtATime() {
        DenseMatrix r = decayingR(D, 7);
        OrthonormalEvaluator e = OrthonormalEvaluator.compress(r);
        Random rnd = new Random(8);
        int count = 37;
        double[] gammas = new double[D * count];
        double[][] each = new double[count][];
        for (int j = 0; j < count; j++) {
            each[j] = gamma(r, rnd, Math.pow(10, -j % 12));
            System.arraycopy(each[j], 0, gammas, j * D, D);
        }
        double[] out = new double[count];
        e.norms(gammas, count, out);
        for (int j = 0; j < count; j++) {
            assertThat(out[j]).isCloseTo(e.norm(each[j]), org.assertj.core.data.Percentage.withPercentage(1e-11));
        }
    }

    @Test
    void itsArraysRebuildItBitForBit() {
        DenseMatrix r = decayingR(D, 9);
        OrthonormalEvaluator e = OrthonormalEvaluator.compress(r);
        OrthonormalEvaluator back = OrthonormalEvaluator.of(e.arrays());
        OrthonormalEvaluator fromR = OrthonormalEvaluator.of(Map.of("r", r));
        Random rnd = new Random(10);
        for (int trial = 0; trial < 10; trial++) {
            double[] g = gamma(r, rnd, 1e-3);
            assertThat(back.norm(g)).isEqualTo(e.norm(g));
            assertThat(fromR.norm(g)).isEqualTo(e.norm(g));
        }
    }

    @Test
    void rankDeficientAndWideRAreHandled() {
        // 3 orthonormal rows for 10 terms (representers spanning only 3 directions)
        DenseMatrix r = random(3, 10, 11);
        OrthonormalEvaluator e = OrthonormalEvaluator.compress(r);
        assertThat(e.rank()).isEqualTo(3);
        double[] g = gamma(r, new Random(12), 1.0);
        assertThat(e.norm(g)).isCloseTo(exactNorm(r, g), org.assertj.core.data.Percentage.withPercentage(1e-12));
        OrthonormalEvaluator zero = OrthonormalEvaluator.compress(DenseMatrix.zeros(0, 4));
        assertThat(zero.norm(new double[] {1, 2, 3, 4})).isZero();
        assertThat(zero.termCount()).isEqualTo(4);
    }

    @Test
    void inconsistentArraysAreRefusedClearly() {
        OrthonormalEvaluator e = OrthonormalEvaluator.compress(decayingR(8, 13));
        DenseMatrix w = e.arrays().get("w");
        assertThatThrownBy(() -> OrthonormalEvaluator.of(Map.of("w", w)))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("needs the arrays 'w' and 'sigma' (or 'r'), found [w]");
        assertThatThrownBy(() -> OrthonormalEvaluator.of(Map.of("w", w, "sigma", DenseMatrix.zeros(7, 1))))
                .isInstanceOf(JromException.class)
                .hasMessage("residual evaluation ORTHONORMAL: 'sigma' must be 8 x 1 (one per row of 'w'), found 7x1");
        double[] increasing = {1, 2, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> OrthonormalEvaluator.of(Map.of("w", w, "sigma", DenseMatrix.wrap(8, 1, increasing))))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("non-increasing, found 2.0 at row 1");
    }
}
