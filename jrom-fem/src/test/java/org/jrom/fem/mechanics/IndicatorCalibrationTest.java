package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The power-law calibration recovers an exact law to round-off (correlation 1, leave-one-out error
 * 0), finds the leave-one-out error of noisy data near the noise's size, and refuses what it cannot
 * fit.
 */
class IndicatorCalibrationTest {
    @Test
    void anExactPowerLawIsRecovered() {
        double[] eta = {1e-3, 3e-3, 1e-2, 5e-2, 0.2};
        double[] e = new double[eta.length];
        for (int i = 0; i < eta.length; i++) {
            e[i] = 0.02 * Math.pow(eta[i], 1.5);
        }
        IndicatorCalibration c = IndicatorCalibration.fit(eta, e);
        assertThat(c.slope()).isCloseTo(1.5, within(1e-12));
        assertThat(c.intercept()).isCloseTo(Math.log10(0.02), within(1e-12));
        assertThat(c.correlation()).isCloseTo(1, within(1e-12));
        assertThat(c.leaveOneOut()).isLessThan(1e-12);
        assertThat(c.error(0.05)).isCloseTo(0.02 * Math.pow(0.05, 1.5), within(1e-15));
        assertThat(c.indicatorFor(c.error(0.07))).isCloseTo(0.07, within(1e-12));
    }

    @Test
    void noiseShowsInTheLeaveOneOutError() {
        Random random = new Random(3);
        int n = 200;
        double[] eta = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            eta[i] = Math.pow(10, -4 + 3 * random.nextDouble());
            e[i] = 0.5 * eta[i] * Math.pow(10, 0.1 * random.nextGaussian()); // 0.1 decade of noise
        }
        IndicatorCalibration c = IndicatorCalibration.fit(eta, e);
        assertThat(c.slope()).isCloseTo(1, within(0.05));
        assertThat(c.leaveOneOut()).isCloseTo(0.1, within(0.02));
        assertThat(c.correlation()).isBetween(0.95, 1.0);
    }

    /**
     * Four runs with one off the line: the leave-one-out error, by hand, is not the in-sample one.
     * Points (log10 eta, log10 e) = (0, 0), (1, 1), (2, 2), (3, 4). Without (3, 4) the line is y = x,
     * which predicts 3 (residual 1); without (0, 0), y = 1.5 x - 2/3 (residual 2/3); without (1, 1),
     * y = 9/7 x - 1/7 (residual -1/7); without (2, 2), y = 19/14 x - 1/7 (residual -4/7).
     */
    @Test
    void theLeaveOneOutErrorIsComputedRunByRun() {
        double[] eta = {1, 10, 100, 1000};
        double[] e = {1, 10, 100, 10000};
        IndicatorCalibration c = IndicatorCalibration.fit(eta, e);
        double expected = Math.sqrt((1 + 4.0 / 9 + 1.0 / 49 + 16.0 / 49) / 4); // 0.669; in sample 0.274
        assertThat(c.leaveOneOut()).isCloseTo(expected, within(1e-12));
        // constant errors: the correlation is undefined; a subset of equal indicators: no leave-one-out
        assertThat(IndicatorCalibration.fit(new double[] {1, 2, 3}, new double[] {5, 5, 5})
                        .correlation())
                .isNaN();
        assertThat(IndicatorCalibration.fit(new double[] {1, 1, 2}, new double[] {1, 2, 3})
                        .leaveOneOut())
                .isNaN();
    }

    @Test
    void whatCannotBeFittedIsRefused() {
        assertThatThrownBy(() -> IndicatorCalibration.fit(new double[] {1, 2}, new double[] {1, 2}))
                .hasMessageContaining("at least 3 runs");
        assertThatThrownBy(() -> IndicatorCalibration.fit(new double[] {1, 2, 0}, new double[] {1, 2, 3}))
                .hasMessageContaining("run 2");
        assertThatThrownBy(() -> IndicatorCalibration.fit(new double[] {1, 1, 1}, new double[] {1, 2, 3}))
                .hasMessageContaining("all equal");
    }
}
