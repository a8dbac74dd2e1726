package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogPlotTest {
    @TempDir
    Path dir;

    @Test
    void singularValuesWithoutAPositiveFirstOneGiveNoPlotInsteadOfAnIndexErrorOrNaN() {
        // sigma[0] was read unguarded: an empty spectrum, or zero snapshots (0 / 0 for every point)
        assertThat(LogPlot.singularValues("t", "y", new double[0])).isEmpty();
        assertThat(LogPlot.singularValues("t", "y", new double[] {0, 0, 0})).isEmpty();
        assertThat(LogPlot.singularValues("t", "y", new double[] {Double.NaN, 1}))
                .isEmpty();
    }

    @Test
    void singularValuesArePlottedRelativeToTheFirst() throws IOException {
        Path png = dir.resolve("s.png");
        LogPlot.singularValues("decay", "sigma_k / sigma_1", new double[] {4, 2, 1e-3, 0})
                .orElseThrow()
                .write(png);
        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    @Test
    void effectivitiesGoOnALogAxisOnlyWhenTheySpanMoreThanADecade() {
        double[] n = {0, 1, 2};
        assertThat(new LogPlot("t", "N", "eff")
                        .linearWithinADecade()
                        .series("max", n, new double[] {1.5, 4, 9})
                        .series("one", n, new double[] {1, 1, 1})
                        .logarithmic())
                .isFalse();
        assertThat(new LogPlot("t", "N", "eff")
                        .linearWithinADecade()
                        .series("max", n, new double[] {1.5, 40, 9})
                        .series("min", n, new double[] {1, 0, Double.NaN})
                        .logarithmic())
                .isTrue();
        assertThat(new LogPlot("t", "N", "e")
                        .series("e", n, new double[] {1, 1, 1})
                        .logarithmic())
                .isTrue();
    }
}
