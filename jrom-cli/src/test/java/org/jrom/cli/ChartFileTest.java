package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The house charts' rendering: it ends on data whose ticks used to keep XChart looping. */
class ChartFileTest {
    /**
     * A perfectly plastic bar below yield, one run of {@code jrom simulate} with one OpenBLAS thread:
     * the displacement jumps to 0.0045040481791386155 and stays. With 17-digit labels on its first
     * rendering XChart shrank the tick spacing for ever; the chart must render (a liveness guard, not
     * a timing: it takes well under a second).
     */
    @Test
    void aLoadDisplacementChartOfAStepAndAPlateauRenders() {
        double[] u = new double[22];
        Arrays.fill(u, 1, u.length, 0.0045040481791386155);
        double[][] f = new double[3][22];
        Arrays.fill(f[0], 1, 22, 90.00000000000651);
        Arrays.fill(f[1], 1, 22, 1.4867971707175933E-13);
        Arrays.fill(f[2], 1, 22, 8.24748673152876E-14);
        XYChart chart = ChartFile.chart("load-displacement", "largest displacement", "reaction force");
        for (int k = 0; k < 3; k++) {
            chart.addSeries("support " + k, u, f[k]);
        }
        BufferedImage image = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ChartFile.render(chart));
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(560);
    }
}
