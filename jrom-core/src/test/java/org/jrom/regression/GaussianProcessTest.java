package org.jrom.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jrom.regression.RegressionData.SPACE;
import static org.jrom.regression.RegressionData.inputs;
import static org.jrom.regression.RegressionData.maxAbs;
import static org.jrom.regression.RegressionData.smooth;
import static org.jrom.regression.RegressionData.without;

import java.util.Random;
import org.jrom.linalg.DenseMatrix;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.regression.GaussianProcess.Kernel;
import org.jrom.regression.GaussianProcess.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gaussian process regression: the marginal likelihood gradient against finite differences,
 * interpolation of noise-free data, the predictive standard deviation, calibration and length-scale
 * recovery on functions drawn from the prior, and the closed-form leave-one-out residuals (Rasmussen
 * and Williams 2006, eq. 5.12) against refitting.
 */
class GaussianProcessTest {
    static final ParameterSpace UNIT = ParameterSpace.box(ParameterType.of("mu", 2), 0.0, 1.0);

    /** Unit-box coordinates of x in {@code space}, row-major. */
    static double[] unit(ParameterSpace space, double[][] x) {
        return TrainingSet.scale(UnitBox.of(space.lower(), space.upper()), x);
    }

    /**
     * Values at x (in the unit box) of a function drawn from the zero-mean prior with correlation
     * {@code kernel}, length scales l and unit signal variance, plus noise of variance {@code noise}.
     */
    static double[] drawFromPrior(Kernel kernel, double[][] x, double[] l, double noise, long seed) {
        int n = x.length;
        DenseMatrix c = DenseMatrix.zeros(n, n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double r2 = 0;
                for (int i = 0; i < l.length; i++) {
                    r2 += Math.pow((x[a][i] - x[b][i]) / l[i], 2);
                }
                c.set(a, b, kernel.correlation(r2) + (a == b ? 1e-10 : 0));
            }
        }
        DenseMatrix lower = c.cholesky().lower();
        Random random = new Random(seed);
        double[] z = new double[n];
        for (int a = 0; a < n; a++) {
            z[a] = random.nextGaussian();
        }
        double[] f = new double[n];
        lower.apply(z, 0, f, 0);
        for (int a = 0; a < n; a++) {
            f[a] += Math.sqrt(noise) * random.nextGaussian();
        }
        return f;
    }

    static double[][] column(double[] v) {
        double[][] y = new double[v.length][];
        for (int k = 0; k < v.length; k++) {
            y[k] = new double[] {v[k]};
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void logMarginalLikelihoodGradientMatchesCentralDifferences(Kernel kernel) {
        double[][] x = inputs(SPACE, 25, 1);
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = smooth(x)[k][0];
        }
        MarginalLikelihood ml = new MarginalLikelihood(kernel, unit(SPACE, x), x.length, 2, y);
        double[] theta = {Math.log(0.3), Math.log(0.6), Math.log(1.5), Math.log(1e-3)};
        double[] g = new double[4];
        ml.value(theta, g);
        double h = 1e-5;
        double norm = 0;
        for (double gi : g) {
            norm = Math.max(norm, Math.abs(gi));
        }
        for (int i = 0; i < 4; i++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[i] += h;
            tm[i] -= h;
            double fd = (ml.value(tp, null) - ml.value(tm, null)) / (2 * h);
            assertThat(Math.abs(fd - g[i]))
                    .as("component %d: analytic %s, central %s", i, g[i], fd)
                    .isLessThan(1e-6 * norm);
        }
    }

    @Test
    void meanInterpolatesNoiseFreeDataAndTheStdVanishesThere() {
        double[][] x = inputs(SPACE, 40, 2);
        double[][] y = smooth(x);
        GaussianProcess gp = GaussianProcess.fit(
                SPACE, x, y, Options.defaults(Kernel.SQUARED_EXPONENTIAL).withNoiseVariance(1e-10, 1e-10));
        double[] m = new double[3];
        double[] s = new double[3];
        double worst = 0;
        double worstStd = 0;
        for (int k = 0; k < x.length; k++) {
            assertThat(gp.predict(x[k], m, s)).isTrue();
            for (int j = 0; j < 3; j++) {
                worst = Math.max(worst, Math.abs(m[j] - y[k][j]));
                worstStd = Math.max(worstStd, s[j]);
            }
        }
        // y_k - mean_k = outputScale sigma_n^2 alpha_k: small, not zero, with a nugget of 1e-10
        assertThat(worst / maxAbs(y)).isLessThan(1e-5);
        assertThat(worstStd / maxAbs(y)).isLessThan(1e-4);
    }

    @Test
    void predictiveStdGrowsAwayFromTheData() {
        // training inputs in the lower-left quarter of the space, predictions along a ray to the far corner
        ParameterSpace quarter = ParameterSpace.of(SPACE.type(), new double[] {-1, 0}, new double[] {0, 1});
        double[][] x = inputs(quarter, 30, 4);
        GaussianProcess gp = GaussianProcess.fit(SPACE, x, smooth(x), Options.defaults(Kernel.MATERN_52));
        double[] m = new double[3];
        double[] s = new double[3];
        double[] previous = new double[3];
        for (double t = 1.0; t <= 2.0 + 1e-12; t += 0.1) { // from (0, 1) to (1, 2)
            gp.predict(new double[] {-1 + t, t}, m, s);
            for (int j = 0; j < 3; j++) {
                assertThat(s[j]).as("output %d at t = %s", j, t).isGreaterThan(previous[j]);
                double prior = gp.state().outputScales()[j] * Math.sqrt(gp.signalVariance(j));
                assertThat(s[j]).isLessThanOrEqualTo(prior * (1 + 1e-12));
            }
            System.arraycopy(s, 0, previous, 0, 3);
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void heldOutValuesOfAPriorDrawFallWithinTwoStandardDeviations(Kernel kernel) {
        int inside = 0;
        int total = 0;
        double[] l = {0.2, 0.35};
        for (long seed = 0; seed < 5; seed++) {
            double[][] x = inputs(UNIT, 160, 100 + seed);
            double[] f = drawFromPrior(kernel, x, l, 1e-6, seed);
            double[][] train = java.util.Arrays.copyOfRange(x, 0, 60);
            GaussianProcess gp = GaussianProcess.fit(
                    UNIT, train, column(java.util.Arrays.copyOfRange(f, 0, 60)), Options.defaults(kernel));
            double[] m = new double[1];
            double[] s = new double[1];
            for (int k = 60; k < x.length; k++) {
                gp.predict(x[k], m, s);
                inside += Math.abs(f[k] - m[0]) <= 2 * s[0] ? 1 : 0;
                total++;
            }
        }
        assertThat((double) inside / total).isBetween(0.85, 1.0);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void maximumLikelihoodRecoversTheLengthScalesOfAPriorDraw(Kernel kernel) {
        double[] l = {0.15, 0.4};
        double[][] x = inputs(UNIT, 200, 7);
        double[] f = drawFromPrior(kernel, x, l, 1e-4, 8);
        GaussianProcess gp = GaussianProcess.fit(UNIT, x, column(f), Options.defaults(kernel));
        double[] fitted = gp.lengthScales(0);
        for (int i = 0; i < 2; i++) {
            assertThat(fitted[i] / l[i]).as("length scale %d: %s", i, fitted[i]).isBetween(0.5, 2.0);
        }
    }

    @Test
    void eachOutputHasItsOwnLengthScales() {
        double[][] x = inputs(SPACE, 50, 9);
        double[][] y = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            y[k] = new double[] {Math.sin(3 * x[k][0]), Math.sin(3 * x[k][1])};
        }
        GaussianProcess gp = GaussianProcess.fit(SPACE, x, y, Options.defaults(Kernel.SQUARED_EXPONENTIAL));
        assertThat(gp.lengthScales(0)[1]).isGreaterThan(5 * gp.lengthScales(0)[0]);
        assertThat(gp.lengthScales(1)[0]).isGreaterThan(5 * gp.lengthScales(1)[1]);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void closedFormLeaveOneOutEqualsRefittingWithFixedHyperparameters(Kernel kernel) {
        double[][] x = inputs(SPACE, 30, 3);
        double[][] y = smooth(x);
        GaussianProcess gp =
                GaussianProcess.fit(SPACE, x, y, Options.defaults(kernel).withNoiseVariance(1e-4, 1));
        GaussianProcess.State s = gp.state();
        double[][] loo = gp.crossValidationResiduals();
        double worst = 0;
        for (int j = 0; j < 3; j++) {
            double[] theta = {
                Math.log(s.lengthScales()[j][0]),
                Math.log(s.lengthScales()[j][1]),
                Math.log(s.signalVariances()[j]),
                Math.log(s.noiseVariances()[j])
            };
            for (int k = 0; k < x.length; k++) {
                double[][] xk = without(x, k);
                double[] yk = new double[xk.length];
                double[][] rows = without(y, k);
                for (int a = 0; a < yk.length; a++) {
                    yk[a] = (rows[a][j] - s.outputMeans()[j]) / s.outputScales()[j];
                }
                double[] uk = unit(SPACE, xk);
                double[] alpha = new MarginalLikelihood(kernel, uk, xk.length, 2, yk)
                        .factor(theta)
                        .alpha();
                double[] target = unit(SPACE, new double[][] {x[k]});
                double mean = 0;
                for (int a = 0; a < xk.length; a++) {
                    double r2 = Math.pow((target[0] - uk[2 * a]) / s.lengthScales()[j][0], 2)
                            + Math.pow((target[1] - uk[2 * a + 1]) / s.lengthScales()[j][1], 2);
                    mean += alpha[a] * s.signalVariances()[j] * kernel.correlation(r2);
                }
                double residual = y[k][j] - (s.outputMeans()[j] + s.outputScales()[j] * mean);
                worst = Math.max(worst, Math.abs(residual - loo[k][j]));
            }
        }
        assertThat(maxAbs(loo)).isGreaterThan(1e-8);
        assertThat(worst / maxAbs(loo)).isLessThan(1e-8);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void rebuildingFromTheStateGivesBitIdenticalPredictions(Kernel kernel) {
        double[][] x = inputs(SPACE, 35, 5);
        GaussianProcess gp = GaussianProcess.fit(SPACE, x, smooth(x), Options.defaults(kernel));
        GaussianProcess back = GaussianProcess.fromState(gp.state());
        double[] m1 = new double[3];
        double[] s1 = new double[3];
        double[] m2 = new double[3];
        double[] s2 = new double[3];
        double[] m3 = new double[3];
        for (double[] mu : inputs(SPACE, 200, 6)) {
            gp.predict(mu, m1, s1);
            back.predict(mu, m2, s2);
            back.predict(mu, m3);
            assertThat(m2).isEqualTo(m1);
            assertThat(s2).isEqualTo(s1);
            assertThat(m3).isEqualTo(m1); // the mean-only path computes the same sums
        }
        assertThat(back.crossValidationErrors()).isEqualTo(gp.crossValidationErrors());
        assertThat(back.state().choleskyFactors()).isDeepEqualTo(gp.state().choleskyFactors());
        GaussianProcess twice = GaussianProcess.fromState(back.state()); // a second round trip does not drift
        assertThat(twice.state().lengthScales()).isDeepEqualTo(gp.state().lengthScales());
    }

    @Test
    void fittingIsReproducibleForAGivenSeed() {
        double[][] x = inputs(SPACE, 30, 8);
        Options o = Options.defaults(Kernel.MATERN_52).withRestarts(2, 42);
        GaussianProcess a = GaussianProcess.fit(SPACE, x, smooth(x), o);
        GaussianProcess b = GaussianProcess.fit(SPACE, x, smooth(x), o);
        assertThat(a.state().alphas()).isDeepEqualTo(b.state().alphas());
    }
}
