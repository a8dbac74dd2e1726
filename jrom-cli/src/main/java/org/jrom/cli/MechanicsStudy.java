package org.jrom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import org.jrom.fem.problems.ManufacturedSolid;
import org.jrom.fem.problems.NortonBar;
import org.jrom.fem.problems.ThickCylinder;
import org.jrom.io.AtomicFile;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrom study mechanics}: the structural verification cases of docs/mechanics.md against their
 * closed forms, each with its plot. The cases and their tolerances are those of the tests in
 * jrom-fem (NortonBarTest, CylinderLimitLoadTest, SolidConvergenceTest, LoadsTest); the runs are
 * {@link NortonBar}, {@link ThickCylinder} and {@link ManufacturedSolid}.
 */
@Command(
        name = "mechanics",
        mixinStandardHelpOptions = true,
        description = {
            "Run the structural verification cases against their closed forms.",
            "Norton creep and relaxation of a bar, Lame's elastic cylinder, the plastic limit load of a"
                    + " thick cylinder (Hill), the convergence orders on a manufactured solution; prints a"
                    + " table with a verdict per check and writes one PNG per case and summary.json. Exit"
                    + " code 1 when a check fails."
        },
        footerHeading = "%nExample:%n",
        footer = {"  jrom study mechanics --refined --out docs/img/mechanics"})
final class MechanicsStudy implements Callable<Integer> {
    /** E = 200 GPa, nu = 0.3 (MPa, mm, s), as in the tests. */
    static final double E = 200_000;

    static final double NU = 0.3;
    static final NortonBar.Material NORTON = new NortonBar.Material(E, NU, 500, 5);
    static final double CREEP_STRESS = 300;
    static final double RELAXATION_END = 0.02;
    static final int[] RELAXATION_STEPS = {10, 20, 40, 80};
    static final ThickCylinder CYLINDER = new ThickCylinder(1, 2, 0.1);
    static final double SIGMA_Y = 250;
    static final double LAME_PRESSURE = 100;
    static final double MAX_BORE_DISPLACEMENT = 1.2e-2;
    static final int LIMIT_STEPS = 24;

    private static final Color BLUE = new Color(0x1f77b4);
    private static final Color ORANGE = new Color(0xff7f0e);
    private static final Color GREEN = new Color(0x2ca02c);
    private static final Color RED = new Color(0xd62728);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--out",
            defaultValue = "jrom-out/study-mechanics",
            description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--refined", description = "Also the limit load on 16 x 32 cells (about half a minute more).")
    boolean refined;

    /** Smaller meshes (the limit load on the coarse mesh only, convergence to 16^3 and 8^3): for tests. */
    @Option(names = "--quick", hidden = true)
    boolean quick;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final List<Check> checks = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    /**
     * One row of the table and of summary.json.
     *
     * @param name the case
     * @param exact the closed form, or the expected order, as printed
     * @param observed what the run gives, as printed
     * @param detail the relative error, or the observed order, or the error on the finest mesh
     * @param criterion what the verdict asks
     * @param passed the verdict
     * @param numbers the figures for summary.json, by key
     */
    record Check(
            String name,
            String exact,
            String observed,
            String detail,
            String criterion,
            boolean passed,
            Map<String, Double> numbers) {}

    /** A value against its closed form: the verdict on a relative error (and on {@code also}). */
    private void closedForm(
            String name, double exact, double observed, double relativeError, double tolerance, boolean also) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("exact", exact);
        numbers.put("observed", observed);
        numbers.put("relative_error", relativeError);
        numbers.put("tolerance", tolerance);
        checks.add(new Check(
                name,
                value(exact),
                value(observed),
                TextTable.sci(relativeError),
                String.format(Locale.ROOT, "relative error under %.0e", tolerance),
                relativeError < tolerance && also,
                numbers));
    }

    /** An observed order of convergence against the expected one, the error on the finest mesh beside it. */
    private void order(String name, int expected, double observed, double finestError, double tolerance) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("expected_order", (double) expected);
        numbers.put("observed_order", observed);
        numbers.put("finest_error", finestError);
        numbers.put("tolerance", tolerance);
        checks.add(new Check(
                name,
                "order " + expected,
                String.format(Locale.ROOT, "order %.3f", observed),
                TextTable.sci(finestError),
                String.format(Locale.ROOT, "order within %.1f", tolerance),
                Math.abs(observed - expected) <= tolerance,
                numbers));
    }

    private static String value(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        OutputDirectory.write(out, () -> study(stdout));
        return checks.stream().allMatch(Check::passed) ? 0 : 1;
    }

    private void study(PrintWriter stdout) {
        TerminalProgress progress = TerminalProgress.forStderr();
        long t0 = System.nanoTime();
        progress.track("Norton bar: creep and relaxation", -1, () -> {
            creep();
            relaxation();
        });
        progress.track("Lame cylinder", -1, this::lame);
        limitLoad(progress);
        convergence(progress);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        TextTable table = new TextTable("case", "exact", "observed", "error / order", "verdict");
        for (Check c : checks) {
            table.row(
                    c.name(),
                    c.exact(),
                    c.observed(),
                    c.detail(),
                    (c.passed() ? "pass" : "FAIL") + " (" + c.criterion() + ")");
        }
        table.print(stdout);
        writeSummary(seconds);
        long failed = checks.stream().filter(c -> !c.passed()).count();
        stdout.printf(
                Locale.ROOT,
                "%n%d checks, %d failed, %.1f s; wrote %s into %s%n",
                checks.size(),
                failed,
                seconds,
                String.join(", ", files),
                out);
        stdout.flush();
    }

    private <T> T tracked(TerminalProgress progress, String task, long total, Supplier<T> work) {
        List<T> result = new ArrayList<>(1);
        progress.track(task, total, () -> result.add(work.get()));
        return result.get(0);
    }

    /** (a) Creep at constant stress, P1 and P2: backward Euler is exact, so round-off agreement. */
    private void creep() {
        double dt = 0.1;
        int steps = 10;
        XYChart chart = ChartFile.chart(
                String.format(
                        Locale.ROOT,
                        "Norton creep of a bar under %.0f MPa (K %.0f, n %.0f), 10 steps of %.1f s",
                        CREEP_STRESS,
                        NORTON.k(),
                        NORTON.n(),
                        dt),
                "time t (s)",
                "axial viscoplastic strain eps_vp,11");
        double rate = NORTON.creepRate(CREEP_STRESS);
        closedFormCurve(chart, "closed form (sigma/K)^n t", 0, steps * dt, 1, t -> rate * t);
        for (int degree = 1; degree <= 2; degree++) {
            NortonBar.Creep creep = NortonBar.creep(degree, NORTON, CREEP_STRESS, dt, steps);
            double[] strain = creep.strain();
            // the error over every step and point, of the axial and lateral eps_vp and the stress
            closedForm(
                    "Norton creep P" + degree + ", eps_vp(1 s)",
                    rate * steps * dt,
                    strain[strain.length - 1],
                    creep.worstRelativeError(),
                    1e-10,
                    creep.consistentTangent());
            XYSeries s = chart.addSeries(
                    String.format(
                            Locale.ROOT,
                            "P%d, %d unknowns: max relative error %.1e",
                            degree,
                            creep.dofs(),
                            creep.worstRelativeError()),
                    creep.time(),
                    strain);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(degree == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.CROSS);
        }
        write(chart, "creep.png");
    }

    /** (b) Relaxation at fixed strain: order 1 in the time step. */
    private void relaxation() {
        double sigma0 = CREEP_STRESS;
        double exact = NORTON.relaxedStress(sigma0, RELAXATION_END);
        XYChart curves = ChartFile.chart(
                String.format(
                        Locale.ROOT,
                        "Norton relaxation of the bar from %.0f MPa at fixed strain, backward Euler",
                        sigma0),
                "time t (s)",
                "axial stress (MPa)");
        double[] dt = new double[RELAXATION_STEPS.length];
        double[] errors = new double[RELAXATION_STEPS.length];
        double worst = Double.NaN;
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < RELAXATION_STEPS.length; r++) {
            int steps = RELAXATION_STEPS[r];
            NortonBar.Relaxation run = NortonBar.relaxation(NORTON, sigma0, RELAXATION_END, steps);
            dt[r] = RELAXATION_END / steps;
            errors[r] = Math.abs(run.last() - exact);
            XYSeries s = curves.addSeries(String.format(Locale.ROOT, "dt = %.2e s", dt[r]), run.time(), run.stress());
            s.setMarker(r < 2 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (r > 0) {
                double order = ManufacturedSolid.order(errors[r - 1], errors[r]);
                lowest = Math.min(lowest, order);
                highest = Math.max(highest, order);
                worst = r == 1 || Math.abs(order - 1) > Math.abs(worst - 1) ? order : worst;
            }
        }
        closedFormCurve(curves, "closed form", 0, RELAXATION_END, 200, t -> NORTON.relaxedStress(sigma0, t));
        int last = RELAXATION_STEPS.length - 1;
        // the verdict is on the halving whose order is furthest from 1, as the test asserts every one
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("exact", exact);
        numbers.put("observed", exact + errors[last]);
        numbers.put("observed_order", worst);
        numbers.put("tolerance", 0.1);
        checks.add(new Check(
                String.format(Locale.ROOT, "Norton relaxation P1, sigma(%.2f s), dt %.2e", RELAXATION_END, dt[last]),
                value(exact),
                value(exact + errors[last]),
                String.format(Locale.ROOT, "orders %.3f to %.3f", lowest, highest),
                "order 1 within 0.1, every halving",
                Math.abs(worst - 1) <= 0.1,
                numbers));
        write(curves, "relaxation.png");
        XYChart order = ChartFile.logLog(
                "Norton relaxation: error of sigma(" + RELAXATION_END + " s) against the time step",
                "time step dt (s)",
                "|sigma - sigma_exact| (MPa)");
        XYSeries s = order.addSeries("backward Euler", dt, errors);
        s.setMarker(SeriesMarkers.CIRCLE);
        slope(order, "", dt, errors[last], 1, Color.GRAY);
        write(order, "relaxation-order.png");
    }

    /** (e) Lame's elastic cylinder under internal pressure, P2. */
    private void lame() {
        double[] errors = new double[2];
        ThickCylinder.Elastic fine = null;
        for (int level = 0; level < 2; level++) {
            int nr = 2 << level;
            int nt = 8 << level;
            fine = CYLINDER.underPressure(nr, nt, LAME_PRESSURE, E, NU);
            errors[level] = fine.worstRelativeError();
        }
        double bore = CYLINDER.lameRadialDisplacement(LAME_PRESSURE, E, NU, 1);
        // the error is the polygonal boundary's, O(h^2): it falls by about 4 when the mesh is halved
        closedForm(
                "Lame cylinder P2, 4 x 16 cells, u_r(a)",
                bore,
                boreDisplacement(fine),
                errors[1],
                3e-3,
                errors[0] / errors[1] > 3);
        XYChart chart = ChartFile.chart(
                String.format(
                        Locale.ROOT,
                        "Lame's cylinder a = 1, b = 2 under %.0f MPa, plane strain, P2 on 4 x 16 cells",
                        LAME_PRESSURE),
                "radius r (mm)",
                "radial displacement u_r (mm)");
        closedFormCurve(
                chart,
                "closed form (Timoshenko and Goodier)",
                1,
                2,
                100,
                r -> CYLINDER.lameRadialDisplacement(LAME_PRESSURE, E, NU, r));
        XYSeries s = chart.addSeries(
                String.format(Locale.ROOT, "computed at the nodes, max relative error %.1e", fine.worstRelativeError()),
                fine.radius(),
                fine.radial());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        write(chart, "lame.png");
    }

    /** The computed u_r at the bore: the mean over the nodes at r = a. */
    private static double boreDisplacement(ThickCylinder.Elastic e) {
        double sum = 0;
        int count = 0;
        for (int n = 0; n < e.radius().length; n++) {
            if (Math.abs(e.radius()[n] - 1) < 1e-12) {
                sum += e.radial()[n];
                count++;
            }
        }
        return sum / count;
    }

    /** (c) The plastic limit load: the plateau of the pressure-displacement curve against Hill's p_L. */
    private void limitLoad(TerminalProgress progress) {
        List<int[]> meshes = new ArrayList<>(List.of(new int[] {4, 8}));
        if (!quick) {
            meshes.add(new int[] {8, 16});
        }
        if (refined) {
            meshes.add(new int[] {16, 32});
        }
        double limit = CYLINDER.limitPressure(SIGMA_Y);
        XYChart chart = ChartFile.chart(
                String.format(
                        Locale.ROOT,
                        "Thick cylinder a = 1, b = 2, perfect von Mises sigma_y %.0f MPa, plane strain, P2:"
                                + " p_L = %.2f MPa",
                        SIGMA_Y,
                        limit),
                "bore radial displacement u_r(a) (mm)",
                "pressure p / p_L");
        XYSeries hill = chart.addSeries(
                "p_L = (2/sqrt3) sigma_y ln(b/a) (Hill)", new double[] {0, MAX_BORE_DISPLACEMENT}, new double[] {1, 1});
        hill.setMarker(SeriesMarkers.NONE);
        hill.setLineStyle(SeriesLines.DASH_DASH);
        hill.setLineColor(Color.BLACK);
        // the meshes' curves differ by under 0.2 %: the plateau is drawn again, as p/p_L - 1 in %
        XYChart plateau = ChartFile.chart(
                "Thick cylinder: the plateau, p/p_L - 1 against the bore displacement (Hill's p_L at 0)",
                "bore radial displacement u_r(a) (mm)",
                "p / p_L - 1 (%)");
        int from = LIMIT_STEPS / 2;
        XYSeries zero = plateau.addSeries(
                "p = p_L",
                new double[] {MAX_BORE_DISPLACEMENT * (from + 1) / LIMIT_STEPS, MAX_BORE_DISPLACEMENT},
                new double[] {0, 0});
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineStyle(SeriesLines.DASH_DASH);
        zero.setLineColor(Color.BLACK);
        List<Marker> markers = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND);
        for (int[] m : meshes) {
            ThickCylinder.LimitLoad run = tracked(
                    progress,
                    "limit load " + m[0] + " x " + m[1],
                    LIMIT_STEPS,
                    () -> CYLINDER.limitLoad(m[0], m[1], E, NU, SIGMA_Y, MAX_BORE_DISPLACEMENT, LIMIT_STEPS, progress));
            double tolerance = m[0] == 4 ? 0.05 : 0.02;
            boolean flat = run.lastQuarterRise() < 5e-3;
            double error = Math.abs(run.ratio() - 1);
            closedForm(
                    String.format(Locale.ROOT, "limit load P2, %d x %d cells, p at the plateau", m[0], m[1]),
                    limit,
                    run.pressure()[run.pressure().length - 1],
                    error,
                    tolerance,
                    flat);
            double[] x = new double[run.pressure().length + 1];
            double[] y = new double[x.length];
            for (int s = 0; s < run.pressure().length; s++) {
                x[s + 1] = run.displacement()[s];
                y[s + 1] = run.pressure()[s] / limit;
            }
            String name = String.format(
                    Locale.ROOT,
                    "%d x %d cells (%d unknowns): p/p_L %.4f at the end",
                    m[0],
                    m[1],
                    run.dofs(),
                    run.ratio());
            Marker marker = markers.get(meshes.indexOf(m));
            chart.addSeries(name, x, y).setMarker(marker);
            double[] percent = new double[LIMIT_STEPS - from];
            for (int k = 0; k < percent.length; k++) {
                percent[k] = 100 * (y[from + 1 + k] - 1);
            }
            plateau.addSeries(name, Arrays.copyOfRange(x, from + 1, x.length), percent)
                    .setMarker(marker);
        }
        write(chart, "cylinder-limit-load.png");
        write(plateau, "cylinder-plateau.png");
    }

    /** (d) Elastic convergence on the manufactured solution, orders on the last halving. */
    private void convergence(TerminalProgress progress) {
        XYChart chart = ChartFile.logLog(
                "Manufactured solution u = a sin(pi x) sin(pi y) sin(pi z), clamped unit cube",
                "cube side h",
                "error of u");
        for (int degree = 1; degree <= 2; degree++) {
            int p = degree;
            int coarsest = quick ? (degree == 1 ? 4 : 2) : 3;
            int finest = quick ? (degree == 1 ? 16 : 8) : (degree == 1 ? 24 : 12);
            int levels = Integer.numberOfTrailingZeros(finest / coarsest) + 1;
            List<ManufacturedSolid.Level> errors = tracked(
                    progress,
                    "manufactured solution P" + p,
                    levels,
                    () -> ManufacturedSolid.errors(p, coarsest, finest, E, NU, progress));
            double[] h = errors.stream().mapToDouble(ManufacturedSolid.Level::h).toArray();
            double[] l2 =
                    errors.stream().mapToDouble(ManufacturedSolid.Level::l2).toArray();
            double[] h1 =
                    errors.stream().mapToDouble(ManufacturedSolid.Level::h1).toArray();
            int last = h.length - 1;
            double l2Order = ManufacturedSolid.order(l2[last - 1], l2[last]);
            double h1Order = ManufacturedSolid.order(h1[last - 1], h1[last]);
            String mesh = String.format(
                    Locale.ROOT, ", %d^3 to %d^3", errors.get(last - 1).cells(), finest);
            order("manufactured P" + p + ", L2 norm" + mesh, p + 1, l2Order, l2[last], 0.1);
            order("manufactured P" + p + ", H1 seminorm" + mesh, p, h1Order, h1[last], 0.1);
            Color[] colors = p == 1 ? new Color[] {BLUE, ORANGE} : new Color[] {GREEN, RED};
            XYSeries a = chart.addSeries("P" + p + ", L2 norm", h, l2);
            a.setMarker(SeriesMarkers.CIRCLE);
            a.setLineColor(colors[0]);
            a.setMarkerColor(colors[0]);
            XYSeries b = chart.addSeries("P" + p + ", H1 seminorm", h, h1);
            b.setMarker(SeriesMarkers.SQUARE);
            b.setLineColor(colors[1]);
            b.setMarkerColor(colors[1]);
            slope(chart, " (P" + p + ", L2)", h, l2[last], p + 1, colors[0]);
            slope(chart, " (P" + p + ", H1)", h, h1[last], p, colors[1]);
        }
        write(chart, "convergence.png");
    }

    /** A closed form f on [lo, hi]: a black line without markers through n + 1 equidistant points. */
    private static void closedFormCurve(
            XYChart chart, String name, double lo, double hi, int n, DoubleUnaryOperator f) {
        double[] x = new double[n + 1];
        double[] y = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            x[k] = lo + (hi - lo) * k / n;
            y[k] = f.applyAsDouble(x[k]);
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.BLACK);
        s.setLineWidth(1.5f);
    }

    /**
     * The reference slope {@code C x^order} over the range of x, dashed, through {@code (x_min, yAtMin)}
     * (the finest point, where the order is judged).
     */
    private static void slope(XYChart chart, String suffix, double[] x, double yAtMin, int order, Color color) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        XYSeries s = chart.addSeries("slope " + order + suffix, new double[] {lo, hi}, new double[] {
            yAtMin, yAtMin * Math.pow(hi / lo, order)
        });
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setLineColor(color);
    }

    private void write(XYChart chart, String name) {
        ChartFile.write(chart, out.resolve(name));
        files.add(name);
    }

    private void writeSummary(double seconds) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "jrom-study-mechanics/1");
        root.put("refined", refined);
        root.put("quick", quick);
        root.put("passed", checks.stream().allMatch(Check::passed));
        root.put("wall_seconds", seconds);
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode o = list.addObject();
            o.put("case", c.name());
            c.numbers().forEach((k, v) -> RunSummary.put(o, k, v));
            o.put("verdict", c.passed() ? "pass" : "fail");
        }
        RunSummary.putMemory(root);
        ArrayNode written = root.putArray("files");
        files.forEach(written::add);
        written.add(RunSummary.FILE);
        try {
            AtomicFile.writeString(out.resolve(RunSummary.FILE), JSON.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
