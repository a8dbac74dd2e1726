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
