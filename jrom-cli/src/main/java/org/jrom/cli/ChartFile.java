package org.jrom.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jrom.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The house style of jrom's charts, and their PNG output (temporary file, then rename). */
final class ChartFile {
    private ChartFile() {}

    /** A white 900 x 560 chart with grid lines and the legend below the plot. */
    static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /** Renders the chart to a PNG atomically. */
    static void write(XYChart chart, Path png) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", bytes);
            AtomicFile.writeBytes(png, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + png + ": " + e.getMessage(), e);
        }
    }
}
