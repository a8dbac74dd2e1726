package org.jrom.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jrom.regression.RegressionData.SPACE;
import static org.jrom.regression.RegressionData.inputs;
import static org.jrom.regression.RegressionData.smooth;

import java.util.stream.Stream;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad training data, bad online inputs and inconsistent stored states are refused with messages that say what to fix. */
class RegressionInputTest {
    /** A way to fit a regression, named for the test report. */
    record Fitter(String name, Fit fit) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Fit {
        Regression apply(ParameterSpace space, double[][] x, double[][] y);
    }

    static Stream<Fitter> fitters() {
        return Stream.of(
                new Fitter(
                        "RBF",
                        (s, x, y) -> RbfInterpolant.fit(
                                s, x, y, RbfInterpolant.Options.crossValidated(RbfInterpolant.Kernel.GAUSSIAN))),
                new Fitter(
                        "RBF thin plate",
                        (s, x, y) -> RbfInterpolant.fit(
                                s,
                                x,
                                y,
                                RbfInterpolant.Options.crossValidated(RbfInterpolant.Kernel.THIN_PLATE_SPLINE))),
                new Fitter(
                        "GP",
                        (s, x, y) -> GaussianProcess.fit(
                                s, x, y, GaussianProcess.Options.defaults(GaussianProcess.Kernel.MATERN_52))));
    }

    @ParameterizedTest
    @MethodSource("fitters")
    void fewerThanTwoSamplesAreRefused(Fitter f) {
        assertThatThrownBy(() -> f.fit().apply(SPACE, new double[][] {{0, 1}}, new double[][] {{1}}))
                .isInstanceOf(RegressionException.class)
                .hasMessageContaining("at least 2 training samples, found 1");
    }

    @ParameterizedTest
    @MethodSource("fitters")
    void mismatchedSizesAreNamed(Fitter f) {
        double[][] x = inputs(SPACE, 10, 1);
        double[][] y = smooth(x);
        assertThatThrownBy(() -> f.fit().apply(SPACE, x, java.util.Arrays.copyOf(y, 9)))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("10 inputs but 9 outputs");
        double[][] shortInput = x.clone();
        shortInput[4] = new double[] {0.5};
        assertThatThrownBy(() -> f.fit().apply(SPACE, shortInput, y))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("training input 4")
                .hasMessageContaining("expected 2, found 1");
        double[][] raggedOutput = y.clone();
        raggedOutput[7] = new double[] {1, 2};
        assertThatThrownBy(() -> f.fit().apply(SPACE, x, raggedOutput))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("training output 7: expected 3, found 2");
    }

    @ParameterizedTest
    @MethodSource("fitters")
    void nonFiniteValuesAreNamed(Fitter f) {
        double[][] x = inputs(SPACE, 10, 2);
        double[][] y = smooth(x);
        double[][] badX = x.clone();
        badX[3] = new double[] {Double.NaN, 1};
        assertThatThrownBy(() -> f.fit().apply(SPACE, badX, y))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("training input 3, component 0 is NaN");
        double[][] badY = y.clone();
        badY[6] = new double[] {0, Double.POSITIVE_INFINITY, 0};
        assertThatThrownBy(() -> f.fit().apply(SPACE, x, badY))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("training output 6, component 1 is Infinity");
    }

    @ParameterizedTest
    @MethodSource("fitters")
    void duplicateSamplesAreNamed(Fitter f) {
        double[][] x = inputs(SPACE, 12, 3);
        x[9] = x[2].clone();
        assertThatThrownBy(() -> f.fit().apply(SPACE, x, smooth(x)))
                .isInstanceOf(RegressionException.class)
                .hasMessageContaining("training samples 2 and 9 have the same input")
                .hasMessageContaining("remove one");
    }

    @ParameterizedTest
    @MethodSource("fitters")
    void trainingInputsOutsideTheSpaceAreNamed(Fitter f) {
        double[][] x = inputs(SPACE, 10, 4);
        x[5] = new double[] {0.5, 2.5};
        assertThatThrownBy(() -> f.fit().apply(SPACE, x, smooth(x)))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("training input 5: mu[1] = 2.5 is outside the parameter space [0.0, 2.0]");
    }

    @ParameterizedTest
    @MethodSource("fitters")
    void onlineInputsOfTheWrongDimensionOrNotFiniteAreRefused(Fitter f) {
        double[][] x = inputs(SPACE, 10, 5);
        Regression r = f.fit().apply(SPACE, x, smooth(x));
        assertThat(r.inputDimension()).isEqualTo(2);
        assertThat(r.outputDimension()).isEqualTo(3);
        assertThatThrownBy(() -> r.predict(new double[] {0, 1, 2}, new double[3]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("regression input x (the parameter dimension): expected 2, found 3");
        assertThatThrownBy(() -> r.predict(new double[] {0, 1}, new double[2]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("(the output dimension): expected 3, found 2");
        assertThatThrownBy(() -> r.predict(new double[] {Double.NaN, 1}, new double[3]))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("regression input x: entry 0 is NaN");
        double[] m = new double[3];
        r.predict(new double[] {5, -3}, m); // outside the box: extrapolated, not refused
        assertThat(java.util.Arrays.stream(m).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void polyharmonicKernelsNeedEnoughSamplesForTheirTail() {
        assertThatThrownBy(() -> RbfInterpolant.fit(
                        SPACE,
                        new double[][] {{0, 0}, {1, 1}},
                        new double[][] {{0}, {1}},
                        RbfInterpolant.Options.crossValidated(RbfInterpolant.Kernel.CUBIC)))
                .isInstanceOf(RegressionException.class)
                .hasMessageContaining("needs at least that many samples, found 2");
    }

    @Test
    void inconsistentStatesAreRefused() {
        double[][] x = inputs(SPACE, 10, 6);
        RbfInterpolant.State s = RbfInterpolant.fit(
                        SPACE, x, smooth(x), RbfInterpolant.Options.crossValidated(RbfInterpolant.Kernel.GAUSSIAN))
                .state();
        RbfInterpolant.State fewerWeights = new RbfInterpolant.State(
                s.kernel(),
                s.shape(),
                s.lower(),
                s.upper(),
                s.centers(),
                java.util.Arrays.copyOf(s.weights(), 9),
                s.polynomial(),
                s.looResiduals(),
                s.conditionNumber());
        assertThatThrownBy(() -> RbfInterpolant.fromState(fewerWeights))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("rows of RBF weights: expected 10, found 9");
        RbfInterpolant.State unknownKernel = new RbfInterpolant.State(
                "gauss",
                s.shape(),
                s.lower(),
                s.upper(),
                s.centers(),
                s.weights(),
                s.polynomial(),
                s.looResiduals(),
                s.conditionNumber());
        assertThatThrownBy(() -> RbfInterpolant.fromState(unknownKernel))
                .isInstanceOf(RegressionException.class)
                .hasMessageContaining("unknown RBF kernel 'gauss'; expected one of [GAUSSIAN");

        GaussianProcess.State g = GaussianProcess.fit(
                        SPACE, x, smooth(x), GaussianProcess.Options.defaults(GaussianProcess.Kernel.MATERN_52))
                .state();
        double[][] badLengths = g.lengthScales();
        badLengths[1][0] = -1;
        GaussianProcess.State negative = new GaussianProcess.State(
                g.kernel(),
                g.lower(),
                g.upper(),
                g.centers(),
                badLengths,
                g.signalVariances(),
                g.noiseVariances(),
                g.outputMeans(),
                g.outputScales(),
                g.alphas(),
                g.choleskyFactors(),
                g.looResiduals(),
                g.logMarginalLikelihoods());
        assertThatThrownBy(() -> GaussianProcess.fromState(negative))
                .isInstanceOf(RegressionException.class)
                .hasMessageContaining("length scales: entry 2 is -1.0, expected a positive number");
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> RbfInterpolant.Options.fixedShape(RbfInterpolant.Kernel.GAUSSIAN, -1))
                .isInstanceOf(RegressionException.class)
                .hasMessageContaining("shape -1.0");
        assertThatThrownBy(() -> GaussianProcess.Options.defaults(GaussianProcess.Kernel.MATERN_52)
                        .withNoiseVariance(0, 1))
                .isInstanceOf(RegressionException.class)
                .hasMessageContaining("noise variances [0.0, 1.0]");
    }
}
