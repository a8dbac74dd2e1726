package org.jrom.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jrom.linalg.DenseMatrix;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.junit.jupiter.api.Test;

/** The online check: a coefficient, solution or bound that is not finite is an error naming mu and what. */
class NonFiniteAnswerTest {
    private static final ParameterType TYPE = ParameterType.of("k", 1);
    private static final ParameterSpace SPACE = ParameterSpace.box(TYPE, 0, 1);

    /** The 1 x 1 model {@code theta(k) u = phi(k)}, output u (compliant), residual norm from gamma. */
    private static ReducedModel model(String theta, String phi, ToDoubleFunction<double[]> norm) {
        ReducedModel.ResidualEvaluator residual = new ReducedModel.ResidualEvaluator() {
            @Override
            public double norm(double[] gamma) {
                return norm.applyAsDouble(gamma);
            }

            @Override
            public double upperBound(double computed, double[] gammas, int offset) {
                return computed;
            }

            @Override
            public int termCount() {
                return 2;
            }

            @Override
            public String kind() {
                return "TEST";
            }

            @Override
            public Map<String, DenseMatrix> arrays() {
                return Map.of();
            }
        };
        CoercivityBound alpha = new CoercivityBound() {
            @Override
            public double lowerBound(Parameter mu) {
                return 0.5;
            }

            @Override
            public String describe() {
                return "0.5";
            }

            @Override
            public String kind() {
                return "constant";
            }

            @Override
            public Map<String, DenseMatrix> arrays() {
                return Map.of();
            }
        };
        return new ReducedModel(
                SPACE,
                List.of(ParameterFunctional.expression(TYPE, theta)),
                List.of(DenseMatrix.ofRows(new double[] {1})),
                List.of(ParameterFunctional.expression(TYPE, phi)),
                List.of(new double[] {1}),
                Map.of("u", new ReducedModel.ReducedOutput(new double[] {1}, true, 1)),
                residual,
                alpha,
                null);
    }

    private static ReducedModel model(String theta) {
        return model(theta, "1", g -> Math.abs(g[0] + g[1]) * 1e-3);
    }

    private static Parameter k(double v) {
        return Parameter.of(TYPE, new double[] {v});
    }

    @Test
    void aPoleOfAnOperatorCoefficientIsNamed() {
        ReducedModel rom = model("1 / abs(k - 0.5)");
        assertThat(rom.solve(k(0.7)).outputs().get("u")).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> rom.solve(k(0.5)))
                .isInstanceOf(NonFiniteAnswerException.class)
                .hasMessage("at k=0.5: coefficient 1 of the operator (1.0 / abs(k - 0.5)) is inf");
        assertThatThrownBy(() -> rom.solveExtrapolated(k(0.5))).isInstanceOf(NonFiniteAnswerException.class);
    }

    @Test
    void aRightHandSideCoefficientOutsideItsDomainIsNamed() {
        ReducedModel rom = model("1", "sqrt(k - 0.5)", g -> 0);
        assertThatThrownBy(() -> rom.solve(k(0.25)))
                .isInstanceOf(NonFiniteAnswerException.class)
                .hasMessageEndingWith(": coefficient 1 of the right-hand side (sqrt(k - 0.5)) is NaN");
    }

    @Test
    void aNonFiniteSolutionOrBoundIsAnError() {
        // a subnormal coefficient: finite itself, its solution overflows
        assertThatThrownBy(() -> model("k * 2e-309").solve(k(0.5))).hasMessage("at k=0.5: the reduced solution is inf");
        assertThatThrownBy(() -> model("1", "1", g -> Double.NaN).solve(k(0.5)))
                .hasMessage("at k=0.5: the error bound is NaN");
    }

    @Test
    void aBatchReportsItsFirstNonFiniteAnswerWhicheverBlockFindsIt() {
        ReducedModel rom = model("sqrt(k - 0.5)");
        List<Parameter> mus = new ArrayList<>();
        for (int i = 0; i < 5 * ReducedModel.BLOCK; i++) {
            mus.add(k(i == 3 * ReducedModel.BLOCK + 1 || i == 4 * ReducedModel.BLOCK ? 0.25 : 0.75));
        }
        for (int run = 0; run < 20; run++) {
            assertThatThrownBy(() -> rom.solveBatch(mus)).isInstanceOfSatisfying(NonFiniteAnswerException.class, e -> {
                assertThat(e.index()).isEqualTo(3 * ReducedModel.BLOCK + 1);
                assertThat(e.parameter()).isEqualTo(k(0.25));
            });
        }
        double[] errors = rom.solveBatch(mus.subList(0, 3 * ReducedModel.BLOCK)).errors();
        assertThat(java.util.Arrays.stream(errors).allMatch(Double::isFinite)).isTrue();
    }
}
