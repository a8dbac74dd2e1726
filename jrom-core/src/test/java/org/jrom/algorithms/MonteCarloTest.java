package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.jrom.JromException;
import org.junit.jupiter.api.Test;

/** The certified Monte Carlo statistics enclose the statistics of any outputs within the bounds. */
class MonteCarloTest {
    @Test
    void lowerEmpiricalQuantileIndex() {
        assertThat(MonteCarlo.quantileIndex(4, 0.5)).isEqualTo(1);
        assertThat(MonteCarlo.quantileIndex(4, 0.25)).isZero();
        assertThat(MonteCarlo.quantileIndex(4, 0.26)).isEqualTo(1);
        assertThat(MonteCarlo.quantileIndex(100, 0.99)).isEqualTo(98);
        assertThatThrownBy(() -> MonteCarlo.quantileIndex(4, 1.0)).isInstanceOf(JromException.class);
    }

    /**
     * Any "true" outputs s_i with |s_i - s_N,i| <= Delta_i (here drawn at random inside the bounds,
     * the extreme corners included) have mean, standard deviation and quantiles inside the
     * certified intervals.
     */
    @Test
    void intervalsEncloseTheStatisticsOfEveryOutputWithinTheBounds() {
        Random rnd = new Random(3);
        int n = 501;
        double[] sn = new double[n];
        double[] delta = new double[n];
        for (int i = 0; i < n; i++) {
            sn[i] = Math.exp(rnd.nextGaussian());
            delta[i] = 0.05 * rnd.nextDouble();
        }
        MonteCarlo.Result r = MonteCarlo.statistics(sn, delta, MonteCarlo.DEFAULT_LEVELS);
        for (int trial = 0; trial < 200; trial++) {
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                double t = trial < 2 ? (trial == 0 ? -1 : 1) : 2 * rnd.nextDouble() - 1;
                s[i] = sn[i] + t * delta[i];
            }
            MonteCarlo.Result truth = MonteCarlo.statistics(s, new double[n], MonteCarlo.DEFAULT_LEVELS);
            assertThat(truth.mean().value())
                    .isBetween(r.mean().lower(), r.mean().upper());
            assertThat(truth.standardDeviation().value())
                    .isBetween(
                            r.standardDeviation().lower(), r.standardDeviation().upper());
            for (int k = 0; k < r.quantiles().length; k++) {
                assertThat(truth.quantiles()[k].value()).isBetween(r.quantiles()[k].lower(), r.quantiles()[k].upper());
            }
        }
        assertThat(r.standardError()).isEqualTo(r.standardDeviation().value() / Math.sqrt(n));
    }
}
