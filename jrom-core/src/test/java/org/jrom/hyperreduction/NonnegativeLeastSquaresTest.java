package org.jrom.hyperreduction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.Random;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.Test;

class NonnegativeLeastSquaresTest {

    static DenseMatrix gaussian(int rows, int cols, Random random) {
        DenseMatrix a = DenseMatrix.zeros(rows, cols);
        double[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextGaussian();
        }
        return a;
    }

    static double[] gaussian(int n, Random random) {
        return gaussian(n, 1, random).data();
    }

    static double norm(double[] x) {
        return VectorArray.euclideanNorm(x, 0, x.length);
    }

    /**
     * The minimum over every passive set P whose unconstrained least-squares solution on A_P is
     * positive (the empty set included): the NNLS optimum is one of them.
     */
    static double[] bruteForce(DenseMatrix a, double[] b) {
        int n = a.cols();
        double[] best = new double[n];
        double bestNorm = norm(b);
        for (int mask = 1; mask < 1 << n; mask++) {
            int[] p = new int[Integer.bitCount(mask)];
            if (p.length > a.rows()) {
                continue;
            }
            for (int j = 0, k = 0; j < n; j++) {
                if ((mask & 1 << j) != 0) {
                    p[k++] = j;
                }
            }
            double[] z = a.selectColumns(p).qr().solveLeastSquares(b);
            if (Arrays.stream(z).allMatch(v -> v > 0)) {
                double[] x = new double[n];
                for (int k = 0; k < p.length; k++) {
                    x[p[k]] = z[k];
                }
                double r = norm(NonnegativeLeastSquares.residual(a, x, b));
                if (r < bestNorm) {
                    bestNorm = r;
                    best = x;
                }
            }
        }
        return best;
    }

    @Test
    void kktConditionsHoldOnRandomProblems() {
        Random random = new Random(11);
        double worstComplementarity = 0;
        double worstDualFeasibility = 0;
        int[][] shapes = {{30, 10}, {10, 30}, {50, 50}, {200, 40}, {5, 60}};
        for (int[] shape : shapes) {
            for (int trial = 0; trial < 10; trial++) {
                DenseMatrix a = gaussian(shape[0], shape[1], random);
                double[] b = gaussian(shape[0], random);
                NonnegativeLeastSquares.Solution s = NonnegativeLeastSquares.solve(a, b);
                double[] x = s.x();
                double[] w = s.dual();
                double scale = a.normFrobenius() * norm(b);
                int positive = 0;
                for (int j = 0; j < x.length; j++) {
                    assertThat(x[j]).isGreaterThanOrEqualTo(0.0);
                    if (x[j] > 0) {
                        positive++;
                        worstComplementarity = Math.max(worstComplementarity, Math.abs(w[j]) / scale);
                    } else {
                        worstDualFeasibility = Math.max(worstDualFeasibility, w[j] / scale);
                    }
                }
                // The passive columns are independent: at most min(m, n) positive entries.
                assertThat(positive).isLessThanOrEqualTo(Math.min(shape[0], shape[1]));
                assertThat(s.residualNorm())
                        .isCloseTo(norm(NonnegativeLeastSquares.residual(a, x, b)), offset(1e-12 * norm(b)));
            }
        }
        System.out.printf(
                "NNLS KKT over 50 random problems: max |w_j|/(||A|| ||b||) where x_j > 0 %.1e,"
                        + " max w_j/(||A|| ||b||) where x_j = 0 %.1e%n",
                worstComplementarity, worstDualFeasibility);
        double tolerance = NonnegativeLeastSquares.Options.defaults(200, 60).tolerance();
        assertThat(worstComplementarity).isLessThan(1e-13);
        assertThat(worstDualFeasibility).isLessThanOrEqualTo(tolerance);
    }

    @Test
    void agreesWithBruteForceEnumerationOfActiveSets() {
        Random random = new Random(5);
        double worstSolution = 0;
        double worstResidual = 0;
        for (int trial = 0; trial < 40; trial++) {
            int n = 2 + trial % 7; // 2..8
            boolean tall = trial % 2 == 0;
            int m = tall ? n + 3 : Math.max(1, n - 2);
            DenseMatrix a = gaussian(m, n, random);
            double[] b = gaussian(m, random);
            double[] expected = bruteForce(a, b);
            NonnegativeLeastSquares.Solution s = NonnegativeLeastSquares.solve(a, b);
            double expectedResidual = norm(NonnegativeLeastSquares.residual(a, expected, b));
            worstResidual = Math.max(worstResidual, Math.abs(s.residualNorm() - expectedResidual) / norm(b));
            if (tall) {
                // A of full column rank: the optimum is unique.
                double[] diff = s.x();
                for (int j = 0; j < n; j++) {
                    diff[j] -= expected[j];
                }
                worstSolution = Math.max(worstSolution, norm(diff) / Math.max(norm(expected), 1e-300));
            }
        }
        System.out.printf(
                "NNLS against enumeration of the 2^n passive sets (n <= 8, 40 problems): max relative"
                        + " solution difference %.1e (tall), max residual difference %.1e%n",
                worstSolution, worstResidual);
        assertThat(worstSolution).isLessThan(1e-12);
        assertThat(worstResidual).isLessThan(1e-13);
    }

    /** Any warm start (every subset of the columns) reaches the enumeration's optimum. */
    @Test
    void everyWarmStartReachesTheOptimum() {
        Random random = new Random(17);
        double worst = 0;
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + trial % 5; // 2..6
            int m = n + 3;
            DenseMatrix a = gaussian(m, n, random);
            double[] b = gaussian(m, random);
            double[] expected = bruteForce(a, b);
            for (int mask = 0; mask < 1 << n; mask++) {
                boolean[] start = new boolean[n];
                for (int j = 0; j < n; j++) {
                    start[j] = (mask >> j & 1) == 1;
                }
                double[] x = NonnegativeLeastSquares.solve(a, b, NonnegativeLeastSquares.Options.defaults(m, n), start)
                        .x();
                for (int j = 0; j < n; j++) {
                    x[j] -= expected[j];
                }
                worst = Math.max(worst, norm(x) / Math.max(norm(expected), 1e-300));
            }
        }
        assertThat(worst).isLessThan(1e-12);
    }

    @Test
    void anUnconstrainedSolutionThatIsAlreadyNonnegativeIsReturned() {
        Random random = new Random(3);
        DenseMatrix a = gaussian(40, 6, random);
        double[] xTrue = {1.0, 0.5, 2.0, 0.25, 3.0, 0.125};
        double[] b = new double[40];
        a.apply(xTrue, 0, b, 0);
        double[] noise = gaussian(40, random);
        for (int i = 0; i < b.length; i++) {
            b[i] += 1e-3 * noise[i];
        }
        double[] unconstrained = a.qr().solveLeastSquares(b);
        NonnegativeLeastSquares.Solution s = NonnegativeLeastSquares.solve(a, b);
        double[] diff = s.x();
        for (int j = 0; j < diff.length; j++) {
            assertThat(unconstrained[j]).isPositive();
            diff[j] -= unconstrained[j];
        }
        assertThat(norm(diff)).isLessThan(1e-13 * norm(unconstrained));
        // Every column entered once, and no variable ever left.
        assertThat(s.iterations()).isEqualTo(6);
    }

    @Test
    void aRightHandSideInTheNegativeConeGivesZero() {
        Random random = new Random(9);
        DenseMatrix a = gaussian(20, 5, random);
        double[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        double[] b = new double[20];
        Arrays.fill(b, -1.0);
        NonnegativeLeastSquares.Solution s = NonnegativeLeastSquares.solve(a, b);
        assertThat(s.x()).containsOnly(0.0);
        assertThat(s.residualNorm()).isEqualTo(norm(b));
        assertThat(s.iterations()).isZero();
    }
}
