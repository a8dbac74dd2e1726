package org.jrom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.IndicatorCalibration;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The indicator of a structural model against the true errors of runs it was not trained on
 * ({@link IndicatorCalibration}, the power laws for the displacement and the plastic strain errors),
 * as {@code jrom study blade-rom} and {@code jrom build --mechanics --validation} fit, print, plot
 * and report it. A run that never yields has neither an indicator nor a p error: it is left out.
 */
final class IndicatorFits {
    private static final String[] NAMES = {
        "displacement error", "plastic strain error", "error of p at its largest (what p_max's figure sizes)"
    };

    /**
     * One test run: the largest indicator over its steps and its true errors: the displacement's
     * (largest over the steps, of the run's largest), p's RMS and p's at the most plastic point (at
     * the last step, of the largest p).
     */
    record Point(double indicator, double displacementError, double plasticStrainError, double errorAtLargestP) {
        static Point of(ReducedRunComparison c) {
            return new Point(
                    c.maxIndicator(),
                    c.maxDisplacementError(),
                    c.plasticStrainError(),
                    c.errorAtLargestPlasticStrain());
        }

        double error(int j) {
            return j == 0 ? displacementError : j == 1 ? plasticStrainError : errorAtLargestP;
        }
    }

    private final List<Point> points;
    private final IndicatorCalibration[] fits = new IndicatorCalibration[3];
    private final String[] failures = new String[3];

    private IndicatorFits(List<Point> points) {
        this.points = List.copyOf(points);
        for (int j = 0; j < 3; j++) {
            List<Point> usable = usable(j);
            try {
                int column = j;
                fits[j] = IndicatorCalibration.fit(
                        usable.stream().mapToDouble(Point::indicator).toArray(),
                        usable.stream().mapToDouble(p -> p.error(column)).toArray());
            } catch (IllegalArgumentException e) {
                failures[j] = e.getMessage() + " (runs that never yield have no indicator)";
            }
        }
    }

    /** Fits both errors of the runs; a fit that cannot be made is null, with its reason. */
    static IndicatorFits of(List<Point> points) {
        return new IndicatorFits(points);
    }

    /** The runs. */
    List<Point> points() {
        return points;
    }

    /** The displacement error's fit, or null. */
    IndicatorCalibration displacement() {
        return fits[0];
    }

    /**
     * The fits a model stores, those of the figures it reports (the displacement error, and p's at
     * its largest for p_max) whose error grows with the indicator (a positive exponent and
     * correlation). A fit where it does not says the indicator does not track that error on these
     * runs; it is reported, not used.
     */
    HyperReducedMechanicsModel.Calibration calibration() {
        return new HyperReducedMechanicsModel.Calibration(
                tracks(fits[0]) ? fits[0] : null, tracks(fits[2]) ? fits[2] : null);
    }

    private static boolean tracks(IndicatorCalibration c) {
        return c != null && c.slope() > 0 && c.correlation() > 0;
    }

    /** The runs with an indicator and the error j (a run that never yields has neither). */
    private List<Point> usable(int j) {
        return points.stream()
                .filter(p -> p.indicator() > 0 && p.error(j) > 0 && Double.isFinite(p.error(j)))
                .toList();
    }

    /**
     * One line per error: its power law and how well it fits, or why there is none; {@code all}: the
     * error of p at its largest too (what a model stores for p_max).
     */
    void print(PrintWriter stdout, boolean all) {
        for (int j = 0; j < (all ? 3 : 2); j++) {
            IndicatorCalibration c = fits[j];
            if (c == null) {
                stdout.printf(Locale.ROOT, "  %s: no calibration: %s%n", NAMES[j], failures[j]);
            } else {
                stdout.printf(
                        Locale.ROOT,
                        "  %s ~ %.3g indicator^%.2f over %d runs: correlation of the logarithms %.2f, leave-one-out"
                                + " error %.2f decades (a factor of %.1f)%n",
                        NAMES[j],
                        Math.pow(10, c.intercept()),
                        c.slope(),
                        c.runs(),
                        c.correlation(),
                        c.leaveOneOut(),
                        Math.pow(10, c.leaveOneOut()));
                if (!tracks(c)) {
                    stdout.printf(
                            Locale.ROOT,
                            "    the error does not grow with the indicator on these runs: not a calibration%n");
                }
            }
        }
    }

    /** {@code indicator-calibration.png}: the true errors against the indicator, log-log, one series per fit. */
    void plot(String title, Path out, List<String> files) {
        XYChart chart = ChartFile.logLog(title, "indicator (largest over the steps)", "true error");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        String[] labels = {"displacement (of the largest u)", "plastic strain (RMS of the largest p)"};
        for (int j = 0; j < 2; j++) {
            if (fits[j] != null) {
                int column = j;
                List<Point> usable = usable(j);
                chart.addSeries(
                                String.format(Locale.ROOT, "%s, correlation %.2f", labels[j], fits[j].correlation()),
                                usable.stream().mapToDouble(Point::indicator).toArray(),
                                usable.stream()
                                        .mapToDouble(p -> p.error(column))
                                        .toArray())
                        .setMarker(SeriesMarkers.CIRCLE);
            }
        }
        ChartFile.write(chart, out.resolve("indicator-calibration.png"));
        files.add("indicator-calibration.png");
    }

    /**
     * The fits under {@code node}: coefficient c and exponent b of {@code e = c eta^b}, correlation,
     * leave-one-out; {@code all}: the error of p at its largest too, and whether each is stored in a
     * model.
     */
    void put(ObjectNode node, boolean all) {
        String[] keys = {"displacement", "plastic_strain", "plastic_strain_at_max"};
        for (int j = 0; j < (all ? 3 : 2); j++) {
            IndicatorCalibration c = fits[j];
            if (c != null) {
                ObjectNode o = node.putObject(keys[j]);
                RunSummary.put(o, "coefficient", Math.pow(10, c.intercept()));
                RunSummary.put(o, "exponent", c.slope());
                RunSummary.put(o, "correlation", c.correlation());
                RunSummary.put(o, "leave_one_out_decades", c.leaveOneOut());
                if (all) {
                    o.put("stored_in_model", j != 1 && tracks(c));
                }
            }
        }
    }
}
