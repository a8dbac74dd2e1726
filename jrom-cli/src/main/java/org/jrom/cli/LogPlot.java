package org.jrom.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A line plot, by default with a logarithmic y axis (errors spanning decades), written as a PNG atomically. */
final class LogPlot {
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, double[][]> series = new LinkedHashMap<>();
    private Scale scale = Scale.LOGARITHMIC;
    private boolean logarithmicX;

    private enum Scale {
        LOGARITHMIC,
        LINEAR,
        /** Linear while the positive values span at most a decade, logarithmic beyond. */
        WITHIN_A_DECADE_LINEAR
    }

    LogPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * The decay {@code sigma_k / sigma_1} of singular values against k = 1, 2, ...; empty when there
     * is nothing to plot (no singular value, or a first one that is not positive: zero snapshots).
     */
    static Optional<LogPlot> singularValues(String title, String yLabel, double[] sigma) {
        if (sigma.length == 0 || !(sigma[0] > 0)) {
            return Optional.empty();
        }
        double[] index = new double[sigma.length];
        double[] relative = new double[sigma.length];
        for (int k = 0; k < sigma.length; k++) {
            index[k] = k + 1;
            relative[k] = sigma[k] / sigma[0];
        }
        return Optional.of(new LogPlot(title, "index k", yLabel).series("sigma_k / sigma_1", index, relative));
    }

    /** A logarithmic x axis too (a log-log plot: errors against a tolerance). */
    LogPlot logarithmicX() {
        logarithmicX = true;
        return this;
    }

    /** A linear y axis instead. */
    LogPlot linear() {
        scale = Scale.LINEAR;
        return this;
    }

    /**
     * A linear y axis while the positive values span at most a decade, a logarithmic one beyond
     * (effectivities: mostly within a decade, but a poor bound is off by orders of magnitude).
     */
    LogPlot linearWithinADecade() {
        scale = Scale.WITHIN_A_DECADE_LINEAR;
        return this;
    }

    /** Adds a series; non-finite points are left out, and on the log scale non-positive ones too. */
    LogPlot series(String name, double[] x, double[] y) {
        series.put(name, points(x, y, false));
        return this;
    }

    private static double[][] points(double[] x, double[] y, boolean positive) {
        int n = 0;
        double[] xs = new double[x.length];
        double[] ys = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if ((y[i] > 0 || !positive) && Double.isFinite(y[i])) {
                xs[n] = x[i];
                ys[n++] = y[i];
            }
        }
        return new double[][] {java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n)};
    }

    /** Whether the y axis is logarithmic, once the series are in. */
    boolean logarithmic() {
        if (scale != Scale.WITHIN_A_DECADE_LINEAR) {
            return scale == Scale.LOGARITHMIC;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[][] xy : series.values()) {
            for (double v : xy[1]) {
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 10 * lo;
    }

    /** Writes the PNG (temporary file, then rename). */
    void write(Path png) {
        boolean logarithmic = logarithmic();
        XYChart chart = ChartFile.chart(title, xLabel, yLabel);
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setXAxisLogarithmic(logarithmicX);
        for (var e : series.entrySet()) {
            double[][] xy = points(e.getValue()[0], e.getValue()[1], logarithmic);
            if (xy[0].length > 0) {
                XYSeries s = chart.addSeries(e.getKey(), xy[0], xy[1]);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        ChartFile.write(chart, png);
    }
}
