package org.jrom.cli;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralReduction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The pictures of a structural reduction, for {@code jrom study blade-rom} and {@code jrom build --mechanics}. */
final class MechanicsRomPlots {
    private MechanicsRomPlots() {}

    /** {@code singular-values.png}: the displacement POD's singular values, relative to the first. */
    static void singularValues(StructuralReduction.Result reduction, Path out, List<String> files) {
        LogPlot.singularValues(
                        "Displacement snapshots of the training runs (strain norm, normalized)",
                        "sigma_k / sigma_1",
                        reduction.podSingularValues())
                .ifPresent(p -> {
                    p.write(out.resolve("singular-values.png"));
                    files.add("singular-values.png");
                });
    }

    /** {@code cubature-points.png}: the cubature's points among all, the solid seen along y. */
    static void cubaturePoints(
            StructuralReduction.Result reduction, SmallStrainSolid solid, Path out, List<String> files) {
        double[] xyz = solid.pointCoordinates();
        int n = solid.numPoints();
        double[] x = new double[n];
        double[] z = new double[n];
        for (int q = 0; q < n; q++) {
            x[q] = xyz[3 * q];
            z[q] = xyz[3 * q + 2];
        }
        int[] selected = reduction.rule().points();
        double[] sx = new double[selected.length];
        double[] sz = new double[selected.length];
        for (int i = 0; i < selected.length; i++) {
            sx[i] = x[selected[i]];
            sz[i] = z[selected[i]];
        }
        XYChart chart = ChartFile.chart(
                String.format(
                        Locale.ROOT,
                        "The cubature's %d of %d material points (the solid seen along y)",
                        selected.length,
                        n),
                "x",
                "z");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        XYSeries all = chart.addSeries("material points", x, z);
        all.setMarker(SeriesMarkers.CIRCLE);
        all.setMarkerColor(new Color(0xc8c8c8));
        chart.getStyler().setMarkerSize(6);
        XYSeries picked = chart.addSeries("selected by the cubature", sx, sz);
        picked.setMarker(SeriesMarkers.DIAMOND);
        picked.setMarkerColor(new Color(0xd62728));
        ChartFile.write(chart, out.resolve("cubature-points.png"));
        files.add("cubature-points.png");
    }

    /** {@code training-errors.png}: the model against each training run's own displacements, per step. */
    static void trainingErrors(List<String> names, List<ReducedRunComparison> runs, Path out, List<String> files) {
        LogPlot plot = new LogPlot(
                "The reduced model against its training runs", "time (s)", "error (of the run's largest u)");
        for (int r = 0; r < runs.size(); r++) {
            plot.series(names.get(r), runs.get(r).times(), runs.get(r).displacementErrors());
        }
        plot.write(out.resolve("training-errors.png"));
        files.add("training-errors.png");
    }
}
