package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.SingularMatrixException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinearProgramTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void textbookMaximizationHasTheVertexAndMultipliersOfTheHandCalculation() {
        // max x + y s.t. x + 2y <= 4, 3x + y <= 6, x, y >= 0: vertex (8/5, 6/5), value 14/5,
        // multipliers from (1, 1) = pi1 (1, 2) + pi2 (3, 1): pi = (2/5, 1/5).
        LinearProgram lp = LinearProgram.minimize(
                new double[] {-1, -1},
                DenseMatrix.ofRows(new double[] {-1, -2}, new double[] {-3, -1}),
                new double[] {-4, -6},
                new double[] {0, 0},
                new double[] {INF, INF});
        LinearProgram.Solution s = lp.solve();
        assertThat(s.x()[0]).isCloseTo(8.0 / 5, within(1e-14));
        assertThat(s.x()[1]).isCloseTo(6.0 / 5, within(1e-14));
        assertThat(s.objective()).isCloseTo(-14.0 / 5, within(1e-14));
        assertThat(s.multipliers()[0]).isCloseTo(2.0 / 5, within(1e-14));
        assertThat(s.multipliers()[1]).isCloseTo(1.0 / 5, within(1e-14));
        assertThat(lp.dualBound(s.multipliers())).isCloseTo(-14.0 / 5, within(1e-14));
    }

    @Test
    void scmShapedProgramInABox() {
        // min y1 + y2 over [0, 10]^2 with y1 + 2 y2 >= 2, 2 y1 + y2 >= 2: (2/3, 2/3), value 4/3.
        LinearProgram lp = LinearProgram.minimize(
                new double[] {1, 1},
                DenseMatrix.ofRows(new double[] {1, 2}, new double[] {2, 1}),
                new double[] {2, 2},
                new double[] {0, 0},
                new double[] {10, 10});
        LinearProgram.Solution s = lp.solve();
        assertThat(s.objective()).isCloseTo(4.0 / 3, within(1e-14));
        assertThat(s.x()).containsExactly(new double[] {2.0 / 3, 2.0 / 3}, within(1e-14));
        assertThat(s.multipliers()).containsExactly(new double[] {1.0 / 3, 1.0 / 3}, within(1e-14));
    }

    @Test
    void boundsAloneDecideWithoutConstraintRows() {
        LinearProgram lp = LinearProgram.minimize(
                new double[] {2, -3, 0},
                DenseMatrix.zeros(0, 3),
                new double[0],
                new double[] {-1, -INF, -INF},
                new double[] {4, 5, INF});
        LinearProgram.Solution s = lp.solve();
        assertThat(s.x()).containsExactly(-1, 5, 0);
        assertThat(s.objective()).isEqualTo(-17.0);
    }

    @Test
    void freeVariablesAndEqualityAsTwoInequalities() {
        // min x - y, x + y = 2 (two rows), x - y >= -4, x, y free: the optimum x - y = -4 at (-1, 3).
        LinearProgram lp = LinearProgram.minimize(
                new double[] {1, -1},
                DenseMatrix.ofRows(new double[] {1, 1}, new double[] {-1, -1}, new double[] {1, -1}),
                new double[] {2, -2, -4},
                new double[] {-INF, -INF},
                new double[] {INF, INF});
        LinearProgram.Solution s = lp.solve();
        assertThat(s.objective()).isCloseTo(-4, within(1e-13));
        assertThat(s.x()).containsExactly(new double[] {-1, 3}, within(1e-13));
    }

    @Test
    void chvatalsCyclingExampleTerminatesUnderBlandsRule() {
        // Chvatal 1983, ch. 3: max 10x1 - 57x2 - 9x3 - 24x4 s.t.
        // 0.5x1 - 5.5x2 - 2.5x3 + 9x4 <= 0, 0.5x1 - 1.5x2 - 0.5x3 + x4 <= 0, x1 <= 1, x >= 0.
        // The largest-coefficient rule cycles on it; the optimum is 1 at (1, 0, 1, 0).
        LinearProgram lp = LinearProgram.minimize(
                new double[] {-10, 57, 9, 24},
                DenseMatrix.ofRows(
                        new double[] {-0.5, 5.5, 2.5, -9}, new double[] {-0.5, 1.5, 0.5, -1}, new double[] {-1, 0, 0, 0
                        }),
                new double[] {0, 0, -1},
                new double[] {0, 0, 0, 0},
                new double[] {INF, INF, INF, INF});
        LinearProgram.Solution s = lp.solve();
        assertThat(s.objective()).isCloseTo(-1, within(1e-13));
        assertThat(s.x()).containsExactly(new double[] {1, 0, 1, 0}, within(1e-13));
    }

    @Test
    void infeasibleProgramIsReportedAsSuch() {
        // x + y >= 3 in the unit square.
        LinearProgram lp = LinearProgram.minimize(
                new double[] {1, 1},
                DenseMatrix.ofRows(new double[] {1, 1}),
                new double[] {3},
                new double[] {0, 0},
                new double[] {1, 1});
        assertThatThrownBy(lp::solve)
                .isInstanceOfSatisfying(LinearProgramException.class, e -> assertThat(e.reason())
                        .isEqualTo(LinearProgramException.Reason.INFEASIBLE))
                .hasMessageContaining("infeasible");
    }

    @Test
    void contradictoryRowsAreInfeasibleWithoutBounds() {
        // x - y >= 1 and y - x >= 1.
        LinearProgram lp = LinearProgram.minimize(
                new double[] {0, 0},
                DenseMatrix.ofRows(new double[] {1, -1}, new double[] {-1, 1}),
                new double[] {1, 1},
                new double[] {-INF, -INF},
                new double[] {INF, INF});
        assertThatThrownBy(lp::solve).isInstanceOfSatisfying(LinearProgramException.class, e -> assertThat(e.reason())
                .isEqualTo(LinearProgramException.Reason.INFEASIBLE));
    }

    @Test
    void unboundedProgramIsReportedAsSuch() {
        // min -x - y with x - y >= 1, x, y >= 0: x = 1 + y grows without limit.
        LinearProgram lp = LinearProgram.minimize(
                new double[] {-1, -1},
                DenseMatrix.ofRows(new double[] {1, -1}),
                new double[] {1},
                new double[] {0, 0},
                new double[] {INF, INF});
        assertThatThrownBy(lp::solve)
                .isInstanceOfSatisfying(LinearProgramException.class, e -> assertThat(e.reason())
                        .isEqualTo(LinearProgramException.Reason.UNBOUNDED))
                .hasMessageContaining("unbounded");
        assertThat(lp.dualBound(new double[] {5})).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void badInputIsRejectedWithTheEntry() {
        assertThatThrownBy(() -> LinearProgram.minimize(
                        new double[] {1}, DenseMatrix.zeros(0, 1), new double[0], new double[] {2}, new double[] {1}))
                .hasMessageContaining("variable 0")
                .hasMessageContaining("[2.0, 1.0]");
        assertThatThrownBy(() -> LinearProgram.minimize(
                        new double[] {1, 2}, DenseMatrix.zeros(1, 1), new double[1], new double[2], new double[2]))
                .hasMessageContaining("columns of the constraint matrix");
    }

    static Stream<Arguments> randomPrograms() {
        return IntStream.range(0, 60).mapToObj(seed -> Arguments.of(seed, 1 + seed % 4, seed % 7, seed % 3 == 0));
    }

    /**
     * Random programs in a box against brute-force vertex enumeration: the optimum of a bounded
     * feasible program is attained at a vertex, the intersection of n active constraints or bounds.
     * Integer data make many vertices degenerate; continuous data mix feasible and infeasible ones.
     */
    @ParameterizedTest(name = "seed {0}: n={1}, m={2}, integer={3}")
    @MethodSource("randomPrograms")
    void matchesVertexEnumeration(int seed, int n, int m, boolean integer) {
        Random rnd = new Random(seed);
        double[] c = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        DenseMatrix a = DenseMatrix.zeros(m, n);
        double[] b = new double[m];
        double[] x0 = new double[n];
        for (int j = 0; j < n; j++) {
            c[j] = integer ? rnd.nextInt(5) - 2 : rnd.nextGaussian();
            lo[j] = integer ? -rnd.nextInt(3) : -rnd.nextDouble();
            hi[j] = lo[j] + (integer ? 1 + rnd.nextInt(3) : 0.5 + rnd.nextDouble());
            x0[j] = integer
                    ? lo[j] + rnd.nextInt((int) (hi[j] - lo[j]) + 1)
                    : lo[j] + rnd.nextDouble() * (hi[j] - lo[j]);
        }
        for (int i = 0; i < m; i++) {
            double ax = 0;
            for (int j = 0; j < n; j++) {
                a.set(i, j, integer ? rnd.nextInt(5) - 2 : rnd.nextGaussian());
                ax += a.get(i, j) * x0[j];
            }
            // Integer: x0 satisfies every row, many with equality (degenerate vertices).
            b[i] = integer ? ax - rnd.nextInt(2) : ax + 0.5 * rnd.nextGaussian() - 0.4;
        }
        double best = enumerateVertices(c, a, b, lo, hi);
        LinearProgram lp = LinearProgram.minimize(c, a, b, lo, hi);
        if (Double.isNaN(best)) {
            assertThatThrownBy(lp::solve)
                    .isInstanceOfSatisfying(LinearProgramException.class, e -> assertThat(e.reason())
                            .isEqualTo(LinearProgramException.Reason.INFEASIBLE));
            return;
        }
        LinearProgram.Solution s = lp.solve();
        double scale = 1 + Math.abs(best);
        assertThat(s.objective()).isCloseTo(best, within(1e-10 * scale));
        for (int j = 0; j < n; j++) {
            assertThat(s.x()[j]).isBetween(lo[j] - 1e-12, hi[j] + 1e-12);
        }
        for (int i = 0; i < m; i++) {
            double ax = 0;
            double rowScale = 0;
            for (int j = 0; j < n; j++) {
                ax += a.get(i, j) * s.x()[j];
                rowScale += Math.abs(a.get(i, j));
            }
            assertThat(ax).as("row %d", i).isGreaterThanOrEqualTo(b[i] - 1e-11 * (1 + rowScale));
            assertThat(s.multipliers()[i]).isGreaterThanOrEqualTo(-1e-11);
        }
        // Strong duality: the weak-duality bound of the optimal multipliers is the optimum.
        assertThat(lp.dualBound(s.multipliers())).isCloseTo(best, within(1e-10 * scale));
        assertThat(lp.dualBound(s.multipliers())).isLessThanOrEqualTo(s.objective() + 1e-12 * scale);
    }

    /** The smallest objective over all feasible vertices, NaN if there is none. */
    private static double enumerateVertices(double[] c, DenseMatrix a, double[] b, double[] lo, double[] hi) {
        int n = c.length;
        int m = a.rows();
        int total = m + 2 * n; // rows, then lower bounds, then upper bounds, as equations g^T x = h
        double best = Double.NaN;
        int[] pick = new int[n];
        for (int k = 0; k < n; k++) {
            pick[k] = k;
        }
        while (true) {
            DenseMatrix g = DenseMatrix.zeros(n, n);
            double[] h = new double[n];
            for (int k = 0; k < n; k++) {
                int r = pick[k];
                if (r < m) {
                    for (int j = 0; j < n; j++) {
                        g.set(k, j, a.get(r, j));
                    }
                    h[k] = b[r];
                } else {
                    int j = (r - m) % n;
                    g.set(k, j, 1.0);
                    h[k] = r < m + n ? lo[j] : hi[j];
                }
            }
            try {
                var lu = g.lu();
                if (Math.abs(lu.determinant()) > 1e-9) {
                    double[] x = lu.solve(h);
                    if (feasible(x, a, b, lo, hi)) {
                        double v = 0;
                        for (int j = 0; j < n; j++) {
                            v += c[j] * x[j];
                        }
                        best = Double.isNaN(best) ? v : Math.min(best, v);
                    }
                }
            } catch (SingularMatrixException e) {
                // not a vertex
            }
            int k = n - 1;
            while (k >= 0 && pick[k] == total - n + k) {
                k--;
            }
            if (k < 0) {
                return best;
            }
            pick[k]++;
            for (int l = k + 1; l < n; l++) {
                pick[l] = pick[l - 1] + 1;
            }
        }
    }

    private static boolean feasible(double[] x, DenseMatrix a, double[] b, double[] lo, double[] hi) {
        for (int j = 0; j < x.length; j++) {
            if (x[j] < lo[j] - 1e-9 || x[j] > hi[j] + 1e-9) {
                return false;
            }
        }
        for (int i = 0; i < a.rows(); i++) {
            double ax = 0;
            for (int j = 0; j < x.length; j++) {
                ax += a.get(i, j) * x[j];
            }
            if (ax < b[i] - 1e-9) {
                return false;
            }
        }
        return true;
    }
}
