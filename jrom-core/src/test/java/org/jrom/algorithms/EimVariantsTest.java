package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.DoubleBinaryOperator;
import org.jrom.JromException;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;

/**
 * The variants of the EIM (Casenave, Ern, Lelievre 2015): the symmetric formulation, the choice of
 * the norm in the greedy, and the rectangular extension for sensors, each against an independent
 * computation (the cross formula by LU, errors recomputed from scratch).
 */
class EimVariantsTest {
    private static final int POINTS = 100;

    /** f(x, mu) = 1 / (1 + mu (x - 0.3)^2) on 100 points of [0, 1] and 60 mu in [1, 50]: not symmetric. */
    private static DenseMatrix rational() {
        return grid(POINTS, 60, (x, mu) -> 1 / (1 + (1 + 49 * mu) * (x - 0.3) * (x - 0.3)));
    }

    @Test
    void theClassicalEimIsTheCrossFormInWhichBothVariablesPlaySymmetricRoles() {
        DenseMatrix f = rational();
        Eim.Result eim = Eim.greedy(f, 8, 0.0);
        DenseMatrix newton = newtonApproximation(eim, f);
        DenseMatrix cross = cross(f, eim.magicIndices(), eim.selectedSamples());
        double scale = maxAbs(f);
        assertThat(maxAbsDifference(newton, cross)).isLessThan(1e-10 * scale);
        // the EIM of the transposed samples picks the transposed points and gives the transposed approximation
        Eim.Result transposed = Eim.greedy(f.transpose(), 8, 0.0);
        assertThat(transposed.magicIndices()).containsExactly(eim.selectedSamples());
        assertThat(transposed.selectedSamples()).containsExactly(eim.magicIndices());
        assertThat(maxAbsDifference(newtonApproximation(transposed, f.transpose()), newton.transpose()))
                .isLessThan(1e-10 * scale);
    }

    @Test
    void theSymmetricVariantKeepsTheSymmetryWhereTheClassicalGreedyLosesIt() {
        // symmetric and indefinite, small on the diagonal: sin^2(3 (x - y)) + exp(-x y) / 10, numerical rank 8
        DenseMatrix f = grid(POINTS, POINTS, (x, y) -> {
            double s = Math.sin(3 * (x - y));
            return s * s + 0.1 * Math.exp(-x * y);
        });
        double scale = maxAbs(f);
        double classicalAsymmetry = 0;
        boolean twoByTwo = false;
        for (int m = 1; m <= 8; m++) {
            SymmetricEim.Result sym = SymmetricEim.greedy(f, m, 0.0);
            DenseMatrix a = sym.approximation();
            assertThat(maxAbsDifference(a, a.transpose()))
                    .as("symmetric to the last bit")
                    .isZero();
            assertThat(maxAbsDifference(a, cross(f, sym.points(), sym.points())))
                    .as("the cross form F[:, I] F[I, I]^-1 F[I, :]")
                    .isLessThan(1e-10 * scale);
            twoByTwo |= java.util.Arrays.stream(sym.pivotSizes()).anyMatch(k -> k == 2);
            DenseMatrix c = newtonApproximation(Eim.greedy(f, sym.size(), 0.0), f);
            classicalAsymmetry = Math.max(classicalAsymmetry, maxAbsDifference(c, c.transpose()));
        }
        assertThat(twoByTwo).as("indefinite, small diagonal: some 2x2 pivots").isTrue();
        // the classical greedy picks (x_m, y_m) off the diagonal: not symmetric until the pairs close up
        assertThat(classicalAsymmetry).isGreaterThan(1e-3 * scale);
        // both converge to the rank
        SymmetricEim.Result full = SymmetricEim.greedy(f, POINTS, 1e-12 * scale);
        assertThat(full.size()).isBetween(8, 10);
        assertThat(maxAbsDifference(full.approximation(), f)).isLessThan(1e-10 * scale);
        // positive definite: only diagonal pivots, the pivoted Cholesky
        DenseMatrix gauss = grid(POINTS, POINTS, (x, y) -> Math.exp(-(x - y) * (x - y) / 0.1));
        assertThat(SymmetricEim.greedy(gauss, 12, 0.0).pivotSizes()).containsOnly(1);
        assertThatThrownBy(() -> SymmetricEim.greedy(rational().subMatrix(0, 60, 0, 60), 3, 0))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("f(x, y) = f(y, x)");
    }

    @Test
    void theGreedyMeasuresItsErrorInTheChosenNorm() {
        DenseMatrix f = rational();
        // the max norm is the classical greedy, pick for pick
        Eim.Result classical = Eim.greedy(f, 10, 0.0);
        Eim.Result linf = Eim.greedy(f, 10, 0.0, Eim.Norm.LINF);
        assertThat(linf.magicIndices()).containsExactly(classical.magicIndices());
        assertThat(linf.selectedSamples()).containsExactly(classical.selectedSamples());
        // the identity as inner product is the Euclidean norm
        CsrMatrix identity = CsrMatrix.identity(POINTS);
        Eim.Result l2 = Eim.greedy(f, 10, 0.0, Eim.Norm.L2);
        Eim.Result energy = Eim.greedy(f, 10, 0.0, Eim.Norm.of(identity));
        assertThat(energy.selectedSamples()).containsExactly(l2.selectedSamples());
        assertThat(l2.selectedSamples()).isNotEqualTo(classical.selectedSamples());
        // maxErrors[m] is the largest error of the m-term interpolation, in the norm, recomputed from scratch
        for (var c : java.util.Map.of(Eim.Norm.LINF, linf, Eim.Norm.L2, l2).entrySet()) {
            Eim.Result r = c.getValue();
            for (int m = 1; m <= r.size(); m++) {
                DenseMatrix approx = cross(
                        f,
                        java.util.Arrays.copyOf(r.magicIndices(), m),
                        java.util.Arrays.copyOf(r.selectedSamples(), m));
                double max = 0;
                for (int j = 0; j < f.cols(); j++) {
                    double[] col = new double[POINTS];
                    for (int i = 0; i < POINTS; i++) {
                        col[i] = f.get(i, j) - approx.get(i, j);
                    }
                    max = Math.max(max, c.getKey().of(col, 0, POINTS));
                }
                assertThat(r.maxErrors()[m]).isCloseTo(max, org.assertj.core.data.Offset.offset(1e-9 * maxAbs(f)));
            }
        }
    }

    @Test
    void afterLosingAnySensorTheRectangularReconstructionKeepsItsAccuracy() {
        // Gaussian bumps u(x; c, w) = exp(-(x - c)^2 / w): centre in [0.3, 0.7], width in [0.05, 0.2]
        int training = 300;
        java.util.Random random = new java.util.Random(3);
        DenseMatrix train = bumps(training, random);
        DenseMatrix test = bumps(40, random);
        int functions = 8;
        Eim.Result eim = Eim.greedy(train, functions, 0.0);
        SensorReconstruction square = SensorReconstruction.square(eim);
        SensorReconstruction rectangular = SensorReconstruction.rectangular(eim);
        assertThat(rectangular.sensors()).hasSize(2 * functions);
        assertThat(rectangular.functionCount()).isEqualTo(functions);
        double squareAll = maxError(square, test);
        double rectangularAll = maxError(rectangular, test);
        assertThat(rectangularAll).as("least squares on the same functions").isLessThan(3 * squareAll);
        double worstRectangular = 0;
        double worstSquare = 0;
        for (int s = 0; s < functions; s++) { // the square EIM's sensors are the first M of the rectangular's
            worstRectangular = Math.max(worstRectangular, maxError(rectangular.withoutSensor(s), test));
            worstSquare = Math.max(worstSquare, maxError(square.withoutSensor(s), test));
        }
        for (int s = functions; s < 2 * functions; s++) {
            worstRectangular = Math.max(worstRectangular, maxError(rectangular.withoutSensor(s), test));
        }
        assertThat(worstRectangular).as("rectangular, any one sensor lost").isLessThan(3 * rectangularAll);
        assertThat(worstSquare).as("square, its worst lost sensor").isGreaterThan(3 * squareAll);
        assertThat(square.withoutSensor(0).functionCount()).isEqualTo(functions - 1);
        assertThatThrownBy(() -> square.withoutSensor(0).reconstruct(new double[functions]))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("expected " + (functions - 1) + " sensor readings");
    }

    private static DenseMatrix bumps(int count, java.util.Random random) {
        DenseMatrix u = DenseMatrix.zeros(POINTS, count);
        for (int j = 0; j < count; j++) {
            double c = 0.3 + 0.4 * random.nextDouble();
            double w = 0.05 + 0.15 * random.nextDouble();
            for (int i = 0; i < POINTS; i++) {
                double x = i / (POINTS - 1.0);
                u.set(i, j, Math.exp(-(x - c) * (x - c) / w));
            }
        }
        return u;
    }

    /** The largest max-norm error of the reconstruction over the test fields. */
    private static double maxError(SensorReconstruction r, DenseMatrix fields) {
        double max = 0;
        for (int j = 0; j < fields.cols(); j++) {
            double[] u = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                u[i] = fields.get(i, j);
            }
            double[] v = r.reconstruct(r.read(u));
            for (int i = 0; i < POINTS; i++) {
                max = Math.max(max, Math.abs(u[i] - v[i]));
            }
        }
        return max;
    }

    private static DenseMatrix grid(int rows, int cols, DoubleBinaryOperator f) {
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                m.set(i, j, f.applyAsDouble(i / (rows - 1.0), j / (cols - 1.0)));
            }
        }
        return m;
    }

    /** The classical form: Q B^-1 F[K, :], column by column. */
    private static DenseMatrix newtonApproximation(Eim.Result eim, DenseMatrix f) {
        int m = eim.size();
        DenseMatrix out = DenseMatrix.zeros(f.rows(), f.cols());
        for (int j = 0; j < f.cols(); j++) {
            double[] c = new double[m];
            for (int i = 0; i < m; i++) {
                c[i] = f.get(eim.magicIndices()[i], j);
            }
            eim.coefficientsInPlace(c);
            for (int t = 0; t < m; t++) {
                for (int i = 0; i < f.rows(); i++) {
                    out.set(i, j, out.get(i, j) + eim.basis().get(i, t) * c[t]);
                }
            }
        }
        return out;
    }

    /** The cross form F[:, J] F[I, J]^-1 F[I, :] by LU. */
    private static DenseMatrix cross(DenseMatrix f, int[] rows, int[] cols) {
        int m = rows.length;
        DenseMatrix core = DenseMatrix.zeros(m, m);
        DenseMatrix right = DenseMatrix.zeros(m, f.cols());
        DenseMatrix left = DenseMatrix.zeros(f.rows(), m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                core.set(i, j, f.get(rows[i], cols[j]));
            }
            for (int j = 0; j < f.cols(); j++) {
                right.set(i, j, f.get(rows[i], j));
            }
            for (int r = 0; r < f.rows(); r++) {
                left.set(r, i, f.get(r, cols[i]));
            }
        }
        return left.multiply(core.lu().solve(right));
    }

    private static double maxAbs(DenseMatrix a) {
        double max = 0;
        for (double v : a.data()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxAbsDifference(DenseMatrix a, DenseMatrix b) {
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
