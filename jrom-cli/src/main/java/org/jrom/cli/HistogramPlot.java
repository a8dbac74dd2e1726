package org.jrom.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.JromException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A histogram of samples (equal-width bins), with optional vertical marker lines, as a PNG. */
final class HistogramPlot {
    private final String title;
    private final String xLabel;
    private final double[] samples;
    private final int bins;
    private final Map<String, Double> markers = new LinkedHashMap<>();

    HistogramPlot(String title, String xLabel, double[] samples, int bins) {
        if (samples.length == 0 || bins < 1) {
            throw new JromException("a histogram needs samples and at least one bin");
        }
        this.title = title;
        this.xLabel = xLabel;
        this.samples = samples.clone();
        this.bins = bins;
    }

    /** A vertical line at x (e.g. the mean or a quantile). */
    HistogramPlot marker(String name, double x) {
        markers.put(name, x);
        return this;
    }

    /** The number of samples in each of the equal-width bins over [min, max]. */
    static long[] counts(double[] samples, double lo, double hi, int bins) {
        long[] c = new long[bins];
        double width = (hi - lo) / bins;
        for (double v : samples) {
            int b = width > 0 ? (int) ((v - lo) / width) : 0;
            c[Math.min(Math.max(b, 0), bins - 1)]++;
        }
        return c;
    }

    void write(Path png) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : samples) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi == lo) {
            hi = lo + Math.max(Math.abs(lo) * 1e-12, Double.MIN_NORMAL);
        }
        long[] c = counts(samples, lo, hi, bins);
        double width = (hi - lo) / bins;
        // The outline of the bars as one polygon: up, across and down for every bin.
        double[] x = new double[2 * bins + 2];
        double[] y = new double[2 * bins + 2];
        long top = 0;
        for (int b = 0; b < bins; b++) {
            x[2 * b + 1] = lo + b * width;
            // the last edge is hi itself: lo + bins * width may round past it, and the outline
            // must not step back (XChart refuses an area whose x decreases)
            x[2 * b + 2] = b + 1 == bins ? hi : lo + (b + 1) * width;
            y[2 * b + 1] = c[b];
            y[2 * b + 2] = c[b];
            top = Math.max(top, c[b]);
        }
        x[0] = lo;
        x[2 * bins + 1] = hi;
        XYChart chart = ChartFile.chart(title, xLabel, "samples per bin");
        XYSeries bars = chart.addSeries(samples.length + " samples, " + bins + " bins", x, y);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        bars.setMarker(SeriesMarkers.NONE);
        for (var m : markers.entrySet()) {
            XYSeries line = chart.addSeries(
                    m.getKey(), new double[] {m.getValue(), m.getValue()}, new double[] {0, 1.05 * top});
            line.setMarker(SeriesMarkers.NONE);
        }
        ChartFile.write(chart, png);
    }
}
