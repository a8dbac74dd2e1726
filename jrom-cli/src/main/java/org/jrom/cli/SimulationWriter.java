package org.jrom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.mechanics.InternalVariable;
import org.jrom.fem.mechanics.Mandel;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.QuasiStaticRun;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StateLayout;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.io.AtomicFile;
import org.jrom.io.FileAccessException;
import org.jrom.io.Npy;
import org.jrom.io.NpyRows;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.Parallel;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The files of one structural run, written as its steps converge: a VTU series with its {@code
 * results.pvd} for ParaView (displacement, temperature, von Mises stress and cumulated plastic strain
 * carried to the nodes), {@code history.csv} (time, Newton iterations, reactions, extremes per
 * step), the snapshots a reduction needs ({@code snapshots/}: displacements per output step, the
 * material points' state, their coordinates and weights), two plots and {@code summary.json}. Memory
 * is a few vectors of the run's size: the snapshot rows stream to disk ({@link NpyRows}).
 */
final class SimulationWriter implements QuasiStaticRun.Observer, AutoCloseable {
    static final String FORMAT = "jrom-simulation/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What to write: every k-th step (and the last), the VTU series, the snapshots. */
    record Options(int every, boolean vtu, boolean snapshots) implements java.io.Serializable {}

    /** One row of history.csv. */
    private record Row(
            int step,
            double time,
            int iterations,
            int cuts,
            double residual,
            double seconds,
            double[] reactions,
            double maxDisplacement,
            double maxVonMises,
            double maxP) {}

    private final Path dir;
    private final String title;
    private final StructuralRun run;
    private final Options options;
    private final Mesh mesh;
    private final SmallStrainSolid solid;
    private final List<String> supports;
    private final int pOffset;
    private final List<Row> rows = new ArrayList<>();
    private final VtuSeries series; // null without VTU output
    private final List<Double> outputTimes = new ArrayList<>();
    private final NpyRows displacements;
    private final NpyRows states;
    private final NpyRows plastic;
    private final NpyRows vonMises;
    private final long startNanos = System.nanoTime();
    private final int lastStep;

    SimulationWriter(Path dir, String title, StructuralRun run, Options options) {
        this.dir = dir;
        this.title = title;
        this.run = run;
        this.options = options;
        this.solid = run.solid();
        this.mesh = solid.mesh();
        this.supports = List.copyOf(run.loads().supports().keySet());
        StateLayout layout = solid.law().layout();
        this.pOffset = layout.variables().stream().anyMatch(v -> v.name().equals("p")) ? layout.offset("p") : -1;
        this.lastStep = run.times().length - 1;
        Path snapshots = dir.resolve("snapshots");
        Path extremes = options.snapshots() ? snapshots : dir; // p and von Mises per point: kept, or scratch
        // every file written at the end is checked now: an input or a non-regular file is refused
        // before the run, not after it
        for (String f :
                List.of("history.csv", RunSummary.FILE, "results.pvd", "load-displacement.png", "plastic-strain.png")) {
            AtomicFile.check(dir.resolve(f));
        }
        if (options.snapshots()) {
            OutputDirectory.prepare(snapshots);
            AtomicFile.check(snapshots.resolve("times.npy"));
            AtomicFile.check(snapshots.resolve("quadrature.npy"));
        }
        if (options.vtu()) {
            OutputDirectory.prepare(dir.resolve("vtu"));
        }
        this.series = options.vtu() ? new VtuSeries(dir) : null;
        List<NpyRows> opened = new ArrayList<>(); // closed again if a later one cannot be opened
        try {
            this.displacements =
                    options.snapshots() ? open(opened, snapshots.resolve("displacement.npy"), solid.dim()) : null;
            this.states = options.snapshots()
                    ? open(opened, snapshots.resolve("state.npy"), solid.numPoints() * solid.stateStride())
                    : null;
            this.vonMises = open(opened, extremes.resolve("von_mises.npy"), solid.numPoints());
            this.plastic = pOffset >= 0 ? open(opened, extremes.resolve("p.npy"), solid.numPoints()) : null;
        } catch (RuntimeException e) {
            opened.forEach(NpyRows::close);
            throw e;
        }
    }

    private static NpyRows open(List<NpyRows> opened, Path target, int columns) {
        NpyRows rows = new NpyRows(target, columns);
        opened.add(rows);
        return rows;
    }

    @Override
    public void step(QuasiStaticRun.Step step, SmallStrainSolid s, QuasiStaticNewton newton) {
        double[] state = s.startState(); // committed: the converged state at step.time()
        int stride = s.stateStride();
        int n = s.numPoints();
        double[] vm = new double[n];
        double[] p = pOffset >= 0 ? new double[n] : null;
        double maxVm = 0;
        double maxP = 0;
        for (int k = 0; k < n; k++) {
            vm[k] = Mandel.vonMises(state, k * stride);
            maxVm = Math.max(maxVm, vm[k]);
            if (p != null) {
                p[k] = state[k * stride + pOffset];
                maxP = Math.max(maxP, p[k]);
            }
        }
        double[] u = step.displacement();
        double maxU = 0;
        for (int v = 0; v < mesh.numNodes(); v++) {
            maxU = Math.max(
                    maxU, Math.sqrt(u[3 * v] * u[3 * v] + u[3 * v + 1] * u[3 * v + 1] + u[3 * v + 2] * u[3 * v + 2]));
        }
        double[] reactions = newton.reactions();
        double[] resultants = new double[3 * supports.size()];
        for (int k = 0; k < supports.size(); k++) {
            double[] r =
                    QuasiStaticRun.resultant(reactions, run.loads().supports().get(supports.get(k)));
            System.arraycopy(r, 0, resultants, 3 * k, 3);
        }
        double[] residuals = step.report().residuals();
        rows.add(new Row(
                step.index(),
                step.time(),
                step.report().totalIterations(),
                step.report().cuts(),
                residuals.length == 0 ? 0 : residuals[residuals.length - 1],
                step.seconds(),
                resultants,
                maxU,
                maxVm,
                pOffset >= 0 ? maxP : Double.NaN));
        if (step.index() % options.every() != 0 && step.index() != lastStep) {
            return;
        }
        outputTimes.add(step.time());
        vonMises.append(vm);
        if (plastic != null) {
            plastic.append(p);
        }
        if (displacements != null) {
            displacements.append(u);
            states.append(state);
        }
        if (series != null) {
            series.write(
                    step.index(),
                    step.time(),
                    mesh,
                    u,
                    run.loads().nodalTemperature(step.time()),
                    s.projectToNodes(vm),
                    p == null ? null : s.projectToNodes(p));
        }
    }

    /** What the run came to, for the command's table and the parametrized runs' index. */
    record Result(
            int steps,
            double endTime,
            int iterations,
            int cuts,
            long factorizations,
            double maxP,
            double maxVonMises,
            double maxDisplacement,
            double seconds,
            QuasiStaticNewton.Timings timings,
            List<String> files)
            implements java.io.Serializable {}

    /** Writes everything that needs the whole run: snapshots, PVD, history, plots, summary. */
    Result finish(QuasiStaticNewton newton, Map<String, Double> parameters) {
        List<String> files = new ArrayList<>();
        if (displacements != null) {
            displacements.commit();
            states.commit();
            vonMises.commit();
            files.addAll(List.of("snapshots/displacement.npy", "snapshots/state.npy", "snapshots/von_mises.npy"));
            if (plastic != null) {
                plastic.commit();
                files.add("snapshots/p.npy");
            }
            Npy.write(
                    dir.resolve("snapshots/times.npy"),
                    Npy.Array.vector(outputTimes.stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray()));
            Npy.write(dir.resolve("snapshots/quadrature.npy"), quadrature());
            files.addAll(List.of("snapshots/times.npy", "snapshots/quadrature.npy"));
        }
        if (options.vtu()) {
            series.finish();
            files.add("results.pvd");
            files.add("vtu/");
        }
        AtomicFile.writeString(dir.resolve("history.csv"), historyCsv());
        files.add("history.csv");
        writePlots(files);
        files.add(RunSummary.FILE);
        Result result = result(newton, files);
        AtomicFile.writeString(dir.resolve(RunSummary.FILE), summary(result, parameters));
        return result;
    }

    private Result result(QuasiStaticNewton newton, List<String> files) {
        Row last = rows.get(rows.size() - 1);
        return new Result(
                rows.size() - 1,
                last.time,
                rows.stream().mapToInt(Row::iterations).sum(),
                rows.stream().mapToInt(Row::cuts).sum(),
                newton.factorizations(),
                rows.stream().mapToDouble(Row::maxP).max().orElse(Double.NaN),
                rows.stream().mapToDouble(Row::maxVonMises).max().orElse(0),
                rows.stream().mapToDouble(Row::maxDisplacement).max().orElse(0),
                (System.nanoTime() - startNanos) * 1e-9,
                newton.timings(),
                List.copyOf(files));
    }

    /** Coordinates and weight of every material point: {@code (points, 4)}, columns x, y, z, w. */
    private Npy.Array quadrature() {
        double[] x = solid.pointCoordinates();
        double[] w = solid.pointWeights();
        DenseMatrix m = DenseMatrix.zeros(w.length, 4);
        for (int k = 0; k < w.length; k++) {
            for (int d = 0; d < 3; d++) {
                m.set(k, d, x[3 * k + d]);
            }
            m.set(k, 3, w[k]);
        }
        return Npy.Array.of(m);
    }

    private String historyCsv() {
        StringBuilder sb = new StringBuilder("step,time,iterations,cuts,residual,seconds");
        for (String name : supports) {
            for (String c : List.of("x", "y", "z")) {
                sb.append(",reaction_").append(name).append('_').append(c);
            }
        }
        sb.append(",max_displacement,max_von_mises,max_p\n");
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%d,%.17g,%d,%d,%.3e,%.4f",
                    r.step,
                    r.time,
                    r.iterations,
                    r.cuts,
                    r.residual,
                    r.seconds));
            for (double v : r.reactions) {
                sb.append(String.format(Locale.ROOT, ",%.17g", v));
            }
            sb.append(String.format(Locale.ROOT, ",%.17g,%.17g,", r.maxDisplacement, r.maxVonMises));
            sb.append(Double.isNaN(r.maxP) ? "" : String.format(Locale.ROOT, "%.17g", r.maxP))
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code load-displacement.png}: each support's reaction against the largest displacement; {@code
     * plastic-strain.png}: p (or the von Mises stress, for an elastic law) over time at the point
     * where it ends highest.
     */
    private void writePlots(List<String> files) {
        double[] u = rows.stream().mapToDouble(Row::maxDisplacement).toArray();
        if (!supports.isEmpty()) {
            XYChart chart = ChartFile.chart(title + ": load-displacement", "largest displacement", "reaction force");
            for (int k = 0; k < supports.size(); k++) {
                int base = 3 * k;
                double[] f = rows.stream()
                        .mapToDouble(r -> Math.sqrt(r.reactions[base] * r.reactions[base]
                                + r.reactions[base + 1] * r.reactions[base + 1]
                                + r.reactions[base + 2] * r.reactions[base + 2]))
                        .toArray();
                chart.addSeries("|reaction| on " + supports.get(k), u, f).setMarker(SeriesMarkers.CIRCLE);
            }
            ChartFile.write(chart, dir.resolve("load-displacement.png"));
            files.add("load-displacement.png");
        }
        NpyRows series = plastic != null ? plastic : vonMises;
        String name = plastic != null ? "cumulated plastic strain p" : "von Mises stress";
        double[] last = series.lastRow();
        int worst = 0;
        for (int k = 1; k < last.length; k++) {
            if (last[k] > last[worst]) {
                worst = k;
            }
        }
        double[] history = series.column(worst);
        double[] t = outputTimes.stream().mapToDouble(Double::doubleValue).toArray();
        double[] x = solid.pointCoordinates();
        XYChart chart = ChartFile.chart(
                String.format(
                        Locale.ROOT,
                        "%s at the most loaded point (%.3g, %.3g, %.3g)",
                        name,
                        x[3 * worst],
                        x[3 * worst + 1],
                        x[3 * worst + 2]),
                "time",
                name);
        XYSeries line = chart.addSeries(name, t, history);
        line.setMarker(SeriesMarkers.NONE);
        ChartFile.write(chart, dir.resolve("plastic-strain.png"));
        files.add("plastic-strain.png");
    }

    private String summary(Result r, Map<String, Double> parameters) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("title", title);
        ObjectNode params = root.putObject("parameters");
        parameters.forEach(params::put);
        root.put("unknowns", solid.dim());
        root.put("cells", mesh.numCells());
        root.put("material_points", solid.numPoints());
        root.put("law", solid.law().name());
        root.put("tangent_update", run.options().update().name().toLowerCase(Locale.ROOT));
        root.put("linear_solver", run.options().solver().name().toLowerCase(Locale.ROOT));
        root.put("steps", r.steps);
        root.put("end_time", r.endTime);
        root.put("newton_iterations", r.iterations);
        root.put("step_cuts", r.cuts);
        root.put("factorizations", r.factorizations);
        RunSummary.put(root, "max_p", r.maxP);
        root.put("max_von_mises", r.maxVonMises);
        root.put("max_displacement", r.maxDisplacement);
        root.put("wall_seconds", r.seconds);
        ObjectNode phases = root.putObject("seconds");
        QuasiStaticNewton.Timings t = r.timings;
        phases.put("constitutive", t.constitutive());
        phases.put("internal_force", t.internalForce());
        phases.put("tangent_assembly", t.tangent());
        phases.put("linear_setup", t.linearSetup());
        phases.put("linear_solves", t.linearSolves());
        phases.put(
                "other",
                r.seconds - t.constitutive() - t.internalForce() - t.tangent() - t.linearSetup() - t.linearSolves());
        root.put("material_point_updates", t.pointUpdates());
        RunSummary.put(root, "updates_per_second", t.updatesPerSecond());
        root.put("threads", Parallel.threads());
        ArrayNode layout = root.putArray("state_layout");
        for (InternalVariable v : solid.law().layout().variables()) {
            layout.addObject().put("name", v.name()).put("size", v.size());
        }
        RunSummary.putMemory(root);
        ArrayNode files = root.putArray("files");
        r.files.forEach(files::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (NpyRows r : new NpyRows[] {displacements, states, plastic, vonMises}) {
            if (r != null) {
                try {
                    r.close();
                } catch (FileAccessException e) {
                    // a scratch file left behind is named .NAME.rows beside the output; nothing to undo
                }
            }
        }
    }
}
