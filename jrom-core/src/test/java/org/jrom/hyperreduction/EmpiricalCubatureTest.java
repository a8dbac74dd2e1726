package org.jrom.hyperreduction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.jrom.JromException;
import org.jrom.hyperreduction.EmpiricalCubature.Algorithm;
import org.jrom.hyperreduction.EmpiricalCubature.Options;
import org.jrom.hyperreduction.EmpiricalCubature.Rule;
import org.jrom.hyperreduction.EmpiricalCubature.StopReason;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmpiricalCubatureTest {

    /** G with one row per function, evaluated at the rule's points. */
    private static DenseMatrix integrands(GaussRules rule, List<ToDoubleFunction<double[]>> functions) {
        DenseMatrix g = DenseMatrix.zeros(functions.size(), rule.size());
        for (int i = 0; i < functions.size(); i++) {
            for (int j = 0; j < rule.size(); j++) {
                g.set(i, j, functions.get(i).applyAsDouble(rule.points()[j]));
            }
        }
        return g;
    }

    /** The monomials of degree <= {@code degree} in one or two variables. */
    private static List<ToDoubleFunction<double[]>> monomials(int degree, int dimension) {
        List<ToDoubleFunction<double[]>> list = new ArrayList<>();
        for (int a = 0; a <= degree; a++) {
            for (int b = 0; b <= (dimension == 2 ? degree - a : 0); b++) {
                int pa = a;
                int pb = b;
                list.add(x -> Math.pow(x[0], pa) * (dimension == 2 ? Math.pow(x[1], pb) : 1.0));
            }
        }
        return list;
    }

    private static double maxAbsError(Rule rule, DenseMatrix g, double[] fullWeights) {
        double[] exact = new double[g.rows()];
        g.apply(fullWeights, 0, exact, 0);
        double[] reduced = rule.integrate(g);
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            worst = Math.max(worst, Math.abs(reduced[i] - exact[i]));
        }
        return worst;
    }

    private static double norm(double[] x) {
        return NonnegativeLeastSquaresTest.norm(x);
    }

    private static void assertPositive(Rule rule) {
        for (double w : rule.weights()) {
            assertThat(w).isPositive();
        }
    }

    /**
     * ECM on G (one row per function) from a Gauss rule must give a positive rule with at most as
     * many points as functions (Caratheodory) that integrates each of them to 1e-12; returns it.
     */
    private static Rule assertExactRule(String label, GaussRules gauss, DenseMatrix g, Algorithm algorithm) {
        Rule rule = EmpiricalCubature.select(g, gauss.weights(), Options.of(algorithm, 1e-14));
        double error = maxAbsError(rule, g, gauss.weights());
        System.out.printf(
                "%s, %s from %d Gauss points: %d points, max |error| %.1e, relative %.1e, %d steps%n",
                algorithm, label, gauss.size(), rule.size(), error, rule.relativeError(), rule.iterations());
        assertThat(rule.stopReason()).isEqualTo(StopReason.TOLERANCE_REACHED);
        assertThat(rule.size()).isLessThanOrEqualTo(g.rows());
        assertThat(error).isLessThan(1e-12);
        assertPositive(rule);
        return rule;
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void polynomialsOnAnIntervalAreIntegratedExactlyByAtMostAsManyPointsAsFunctions(Algorithm algorithm) {
        // x^p, p <= 9, on the 30-point Gauss-Legendre rule (exact to degree 59): 10 functions.
        GaussRules gauss = GaussRules.legendre(30);
        Rule rule = assertExactRule("degree 9 on [-1, 1]", gauss, integrands(gauss, monomials(9, 1)), algorithm);
        assertThat(rule.size()).isLessThanOrEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void polynomialsOnATriangleAreIntegratedExactlyByAtMostAsManyPointsAsFunctions(Algorithm algorithm) {
        // x^a y^b, a + b <= 4, on the collapsed 8 x 8 Gauss rule (exact to degree 14): 15 functions.
        GaussRules gauss = GaussRules.collapsedTriangle(8);
        DenseMatrix g = integrands(gauss, monomials(4, 2));
        Rule rule = assertExactRule("degree 4 on the triangle", gauss, g, algorithm);
        assertThat(rule.size()).isLessThanOrEqualTo(15);
        // The exact integrals a! b! / (a + b + 2)!, rows in the order of monomials(4, 2).
        double[] reduced = rule.integrate(g);
        int row = 0;
        for (int a = 0; a <= 4; a++) {
            for (int b = 0; a + b <= 4; b++) {
                double exact = factorial(a) * factorial(b) / factorial(a + b + 2);
                assertThat(reduced[row++]).isCloseTo(exact, offset(1e-13));
            }
        }
    }

    private static double factorial(int k) {
        return k <= 1 ? 1 : k * factorial(k - 1);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aLowRankIntegrandBuiltOnASparseRuleIsIntegratedWithAtMostRankPoints(Algorithm algorithm) {
        Random random = new Random(17);
        int rows = 60;
        int points = 400;
        int rank = 20;
        DenseMatrix g = NonnegativeLeastSquaresTest.gaussian(rows, rank, random)
                .multiply(NonnegativeLeastSquaresTest.gaussian(rank, points, random));
        // The known rule: 8 points with weights in [0.5, 1.5]; b = G w lies in the cone of their columns.
        double[] planted = new double[points];
        for (int k = 0; k < 8; k++) {
            planted[random.nextInt(points)] = 0.5 + random.nextDouble();
        }
        double tolerance = 1e-10;
        Rule rule = EmpiricalCubature.select(g, planted, Options.of(algorithm, tolerance));
        double[] exact = new double[rows];
        g.apply(planted, 0, exact, 0);
        double worst = maxAbsError(rule, g, planted);
        System.out.printf(
                "%s, random rank-%d G (%dx%d) on an 8-point rule: %d points, relative error %.1e,"
                        + " max row error / ||b|| %.1e, %d steps%n",
                algorithm,
                rank,
                rows,
                points,
                rule.size(),
                rule.relativeError(),
                worst / norm(exact),
                rule.iterations());
        assertThat(rule.stopReason()).isEqualTo(StopReason.TOLERANCE_REACHED);
        assertThat(rule.relativeError()).isLessThanOrEqualTo(tolerance);
        assertThat(worst).isLessThanOrEqualTo(tolerance * norm(exact));
        assertThat(rule.size()).isLessThanOrEqualTo(rank);
        assertPositive(rule);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aSmallerToleranceTakesMorePointsAndIsMet(Algorithm algorithm) {
        // 1 / (1 + mu (x - c)^2), mu in [1, 100], c in {-0.5, 0, 0.5}, on 200 Gauss points: the
        // singular values of G decay exponentially.
        GaussRules gauss = GaussRules.legendre(200);
        List<ToDoubleFunction<double[]>> functions = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double mu = Math.pow(100, (i / 3) / 19.0);
            double c = 0.5 * (i % 3 - 1);
            functions.add(x -> 1 / (1 + mu * (x[0] - c) * (x[0] - c)));
        }
        DenseMatrix g = integrands(gauss, functions);
        double[] tolerances = {1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12};
        int[] sizes = new int[tolerances.length];
        StringBuilder table = new StringBuilder(algorithm + ", 60 Runge functions on 200 Gauss points:");
        for (int t = 0; t < tolerances.length; t++) {
            Rule rule = EmpiricalCubature.select(g, gauss.weights(), Options.of(algorithm, tolerances[t]));
            sizes[t] = rule.size();
            table.append(String.format(
                    "%n  tol %.0e: %d points, error %.1e", tolerances[t], rule.size(), rule.relativeError()));
            assertThat(rule.stopReason()).isEqualTo(StopReason.TOLERANCE_REACHED);
            assertThat(rule.relativeError()).isLessThanOrEqualTo(tolerances[t]);
            assertPositive(rule);
            if (t > 0) {
                assertThat(sizes[t]).isGreaterThanOrEqualTo(sizes[t - 1]);
            }
        }
        System.out.println(table);
        assertThat(sizes[sizes.length - 1]).isGreaterThan(sizes[0]);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aBasisTruncatedTooEarlyIsEnlargedUntilTheToleranceIsMet(Algorithm algorithm) {
        // The degree-9 monomials with the basis first cut at 50% of G: 1 or 2 singular vectors.
        GaussRules gauss = GaussRules.legendre(30);
        DenseMatrix g = integrands(gauss, monomials(9, 1));
        Rule rule = EmpiricalCubature.select(
                g, gauss.weights(), new Options(algorithm, 1e-13, Integer.MAX_VALUE, 10_000, 0.5));
        assertThat(rule.stopReason()).isEqualTo(StopReason.TOLERANCE_REACHED);
        assertThat(rule.size()).isLessThanOrEqualTo(10);
        assertThat(maxAbsError(rule, g, gauss.weights())).isLessThan(1e-12);
        assertPositive(rule);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aPointLimitStopsTheGreedyWithTheErrorReached(Algorithm algorithm) {
        GaussRules gauss = GaussRules.legendre(30);
        DenseMatrix g = integrands(gauss, monomials(9, 1));
        Rule rule = EmpiricalCubature.select(g, gauss.weights(), new Options(algorithm, 1e-13, 3, 10_000, 1e-13));
        assertThat(rule.stopReason()).isEqualTo(StopReason.POINT_LIMIT);
        assertThat(rule.size()).isEqualTo(3);
        assertThat(rule.relativeError()).isGreaterThan(1e-13);
        assertPositive(rule);
    }

    @Test
    void negativeFullWeightsAreRefused() {
        DenseMatrix g = DenseMatrix.ofRows(new double[] {1, 1, 1});
        assertThatThrownBy(() -> EmpiricalCubature.select(
                        g, new double[] {1, -1, 1}, Options.of(Algorithm.NONNEGATIVE_OMP, 1e-10)))
                .isInstanceOf(JromException.class)
                .hasMessage("full quadrature weights must be >= 0, found -1.0 at point 1");
    }
}
