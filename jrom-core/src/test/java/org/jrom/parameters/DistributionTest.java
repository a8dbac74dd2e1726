package org.jrom.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Monte Carlo input laws: draws stay in the box, their moments match the truncated laws'
 * (computed here independently, by quadrature of the densities), and the seed fixes the samples.
 */
class DistributionTest {
    /** A wide box: one component over four decades, one starting near zero, one degenerate. */
    static final ParameterSpace WIDE = ParameterSpace.of(
            ParameterType.of("k", 2, "Bi", 1), new double[] {0.01, 1e-3, 2}, new double[] {100, 1, 2});

    static final int N = 200_000;

    @ParameterizedTest
    @EnumSource(Distribution.Kind.class)
    void everyDrawLiesInTheBox(Distribution.Kind kind) {
        for (double f : new double[] {0.01, 0.25, 1, 10}) {
            List<Parameter> s = Distribution.of(kind, WIDE, f).sample(20_000, 3);
            assertThat(s).hasSize(20_000).allMatch(WIDE::contains);
            assertThat(s).allMatch(mu -> mu.get(2) == 2.0);
        }
    }

    @Test
    void uniformIsTheUniformSampler() {
        assertThat(Distribution.uniform(WIDE).sample(500, 9)).isEqualTo(Sampler.random(WIDE, 500, 9));
    }

    @Test
    void uniformHasTheMomentsOfTheBox() {
        double[][] x = columns(Distribution.uniform(WIDE).sample(N, 1));
        assertMoments(x[1], 0.5005, 0.999 / Math.sqrt(12));
    }

    @Test
    void truncatedNormalHasTheMomentsOfItsDensity() {
        for (double f : new double[] {0.25, 0.1, 2}) {
            double[][] x = columns(Distribution.truncatedNormal(WIDE, f).sample(N, 2));
            for (int i = 0; i < 2; i++) {
                double lo = WIDE.lower(i);
                double hi = WIDE.upper(i);
                double c = 0.5 * (lo + hi);
                double s = f * (hi - lo);
                DoubleUnaryOperator density = t -> Math.exp(-0.5 * (t - c) * (t - c) / (s * s));
                double[] m = moments(density, lo, hi);
                assertMoments(x[i], m[0], m[1]);
                if (f == 0.25) { // +-2 sigma: mean at the centre, std 0.8796 sigma
                    assertThat(m[0]).isCloseTo(c, within(1e-9 * (hi - lo)));
                    assertThat(m[1] / s).isCloseTo(0.8796, within(1e-4));
                }
            }
        }
    }

    @Test
    void truncatedLogNormalHasTheMomentsOfItsDensity() {
        for (double f : new double[] {0.25, 1}) {
            double[][] x = columns(Distribution.truncatedLogNormal(WIDE, f).sample(N, 4));
            for (int i = 0; i < 2; i++) {
                double a = Math.log(WIDE.lower(i));
                double b = Math.log(WIDE.upper(i));
                double m = 0.5 * (a + b);
                double s = f * (b - a);
                // The density of x = exp(y), y normal truncated to [a, b], in the variable y.
                DoubleUnaryOperator density = y -> Math.exp(-0.5 * (y - m) * (y - m) / (s * s));
                double[] mom = moments(density, Math::exp, a, b);
                assertMoments(x[i], mom[0], mom[1]);
                // The geometric mean is the geometric centre (symmetric in log space).
                double logMean =
                        java.util.Arrays.stream(x[i]).map(Math::log).average().orElseThrow();
                assertThat(logMean).isCloseTo(m, within(5 * s / Math.sqrt(N)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Distribution.Kind.class)
    void theSeedFixesTheSamples(Distribution.Kind kind) {
        Distribution d = Distribution.of(kind, WIDE, 0.25);
        assertThat(d.sample(1000, 5)).isEqualTo(d.sample(1000, 5)).isNotEqualTo(d.sample(1000, 6));
        // Drawing one by one from a generator gives the same sequence as sample().
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        double[] v = new double[3];
        for (Parameter expected : d.sample(100, 5)) {
            d.draw(rnd, v);
            assertThat(v).containsExactly(expected.toArray());
        }
    }

    @Test
    void logNormalNeedsPositiveRanges() {
        ParameterSpace zero = ParameterSpace.box(ParameterType.of("mu", 3), 0, 1);
        assertThatThrownBy(() -> Distribution.truncatedLogNormal(zero, 0.25))
                .isInstanceOf(ParameterException.class)
                .hasMessage("the log-normal distribution needs positive ranges; mu[0] is in [0.0, 1.0]");
        assertThat(Distribution.truncatedNormal(zero, 0.25).sample(10, 1)).allMatch(zero::contains);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.1, 10.5, Double.NaN, Double.POSITIVE_INFINITY})
    void sigmaFractionsOutsideTheirRangeAreRefused(double f) {
        assertThatThrownBy(() -> Distribution.truncatedNormal(WIDE, f))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("the sigma fraction must lie in (0, 10]");
    }

    @Test
    void kindsAreNamedAsOnTheCommandLine() {
        assertThat(Distribution.Kind.of("LogNormal")).isEqualTo(Distribution.Kind.LOGNORMAL);
        assertThatThrownBy(() -> Distribution.Kind.of("beta"))
                .hasMessage("unknown distribution 'beta'; expected uniform, normal or lognormal");
    }

    private static double[][] columns(List<Parameter> s) {
        double[][] x = new double[3][s.size()];
        for (int n = 0; n < s.size(); n++) {
            for (int i = 0; i < 3; i++) {
                x[i][n] = s.get(n).get(i);
            }
        }
        return x;
    }

    /** Sample mean within 5 standard errors, sample standard deviation within 1.5%. */
    private static void assertMoments(double[] x, double mean, double std) {
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double v = java.util.Arrays.stream(x).map(t -> (t - m) * (t - m)).sum() / x.length;
        assertThat(m).isCloseTo(mean, within(5 * std / Math.sqrt(x.length)));
        assertThat(Math.sqrt(v)).isCloseTo(std, within(0.015 * std));
    }

    private static double[] moments(DoubleUnaryOperator density, double a, double b) {
        return moments(density, t -> t, a, b);
    }

    /** Mean and standard deviation of g(Y) for Y with the (unnormalized) density on [a, b], by Simpson's rule. */
    private static double[] moments(DoubleUnaryOperator density, DoubleUnaryOperator g, double a, double b) {
        int n = 20_000;
        double h = (b - a) / n;
        double z = 0;
        double m1 = 0;
        double m2 = 0;
        for (int k = 0; k <= n; k++) {
            double y = a + k * h;
            double w = (k == 0 || k == n) ? 1 : (k % 2 == 1 ? 4 : 2);
            double p = w * density.applyAsDouble(y);
            double x = g.applyAsDouble(y);
            z += p;
            m1 += p * x;
            m2 += p * x * x;
        }
        double mean = m1 / z;
        return new double[] {mean, Math.sqrt(m2 / z - mean * mean)};
    }
}
