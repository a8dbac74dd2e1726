package org.jrom.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.jrom.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

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

    /** A chart with both axes logarithmic. */
    static XYChart logLog(String title, String xLabel, String yLabel) {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        return chart;
    }

    /** Renders the chart to a PNG atomically, with {@link TickFormat} labels on both axes. */
    static void write(XYChart chart, Path png) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(render(chart), "png", bytes);
            AtomicFile.writeBytes(png, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * The chart as an image. XChart's own labels drop the leading zero ({@code .06}) and the decimals
     * that a tick does not need ({@code 0.06, 0.1}); it hands each tick value to a formatting
     * function, though, so a first rendering records the values and the second labels them all alike.
     */
    static BufferedImage render(XYChart chart) {
        XYStyler styler = chart.getStyler();
        TickRecorder x = new TickRecorder();
        TickRecorder y = new TickRecorder();
        for (XYSeries s : chart.getSeriesCollection()) {
            x.extend(s.getXData());
            y.extend(s.getYData());
        }
        styler.setXAxisTickLabelsFormattingFunction(x);
        styler.setYAxisTickLabelsFormattingFunction(y);
        BitmapEncoder.getBufferedImage(chart);
        if (styler.isXAxisLogarithmic() && x.hi < 100 * x.lo) {
            // under two decades a decade-only log axis has one label or none: 1, 2 and 5 times each power too
            styler.setXAxisLogarithmicDecadeOnly(false);
            styler.setXAxisTickLabelsFormattingFunction(TickFormat.oneTwoFive());
        } else {
            styler.setXAxisTickLabelsFormattingFunction(TickFormat.of(x.ticks(), styler.isXAxisLogarithmic()));
        }
        if (styler.isYAxisLogarithmic() && y.hi < 100 * y.lo) {
            styler.setYAxisLogarithmicDecadeOnly(false);
            styler.setYAxisTickLabelsFormattingFunction(TickFormat.oneTwoFive());
        } else {
            styler.setYAxisTickLabelsFormattingFunction(TickFormat.of(y.ticks(), styler.isYAxisLogarithmic()));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * The values XChart asks one axis to label. It also formats the ends of the data to size the axis;
     * those are left out unless nothing else was asked.
     */
    private static final class TickRecorder implements Function<Double, String> {
        private double lo = Double.POSITIVE_INFINITY;
        private double hi = Double.NEGATIVE_INFINITY;
        private final Set<Double> inner = new TreeSet<>();
        private final Set<Double> ends = new TreeSet<>();

        void extend(double[] data) {
            for (double v : data) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }

        @Override
        public String apply(Double v) {
            (v == lo || v == hi ? ends : inner).add(v);
            // short and still distinct (XChart coarsens its ticks until their labels differ): 10
            // significant digits. Double.toString's 17 of a tick such as 0.0030000000000000005 kept
            // XChart shrinking the tick spacing for ever (a bar's load-displacement plot,
            // displacements up to 0.0045040481791386155)
            return java.math.BigDecimal.valueOf(v)
                    .round(new java.math.MathContext(10))
                    .stripTrailingZeros()
                    .toString();
        }

        Set<Double> ticks() {
            return inner.isEmpty() ? ends : inner;
        }
    }
}
