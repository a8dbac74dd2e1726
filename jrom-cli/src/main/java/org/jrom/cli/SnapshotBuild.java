package org.jrom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.fem.io.VtuReader;
import org.jrom.io.FileFormatException;
import org.jrom.io.MatrixMarket;
import org.jrom.io.ModelFile;
import org.jrom.io.Npy;
import org.jrom.io.ParameterTable;
import org.jrom.io.Provenance;
import org.jrom.io.SnapshotSource;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.pipelines.OfflineBackend;
import org.jrom.pipelines.PodRegressionReduction;
import org.jrom.regression.GaussianProcess;
import org.jrom.regression.PodRegressionModel;
import org.jrom.regression.RbfInterpolant;

/**
 * {@code jrom build --snapshots}: a nonintrusive POD-regression model from an external solver's
 * solution fields and their parameter table. It reads and checks the inputs, runs core's {@link
 * PodRegressionReduction} over the snapshot files (two streamed passes, memory bounded by the
 * basis), then writes the model file, the singular-value plot and a report.
 */
final class SnapshotBuild {
    /**
     * The settings.
     *
     * @param snapshots a 2-D {@code .npy}, a {@code .npz}, a CSV matrix, or a directory of per-snapshot
     *     {@code .npy}, {@code .csv} or {@code .vtu} files
     * @param params the parameter table (CSV, header naming the components)
     * @param layout for 2-D files: whether columns or rows are snapshots
     * @param glob the per-snapshot file names in a directory
     * @param vtuArray the point-data array of VTU snapshots
     * @param method {@code rbf} or {@code gp}
     * @param podTolerance the relative POD tolerance {@code sqrt(discarded / total energy)}
     * @param maxModes the largest POD basis
     * @param outputs output name to functional file ({@code .npy} or Matrix Market vector); empty: the mean
     * @param carryBasis whether the model keeps the POD basis (for {@code --reconstruct})
     * @param spark the Spark master of a POD on Spark ({@code --spark}), or null: on this JVM
     */
    record Settings(
            Path snapshots,
            Path params,
            SnapshotSource.Layout layout,
            String glob,
            String vtuArray,
            String method,
            double podTolerance,
            int maxModes,
            Map<String, Path> outputs,
            boolean carryBasis,
            String spark) {}

    private final Settings settings;
    private final Path dir;
    private final PrintWriter stdout;
    private final PhaseTimer timer = new PhaseTimer();
    private final TerminalProgress progress = TerminalProgress.forStderr();
    private final List<String[]> cluster = new ArrayList<>(); // --spark: where the POD ran, per stage and executor

    SnapshotBuild(Settings settings, Path dir, PrintWriter stdout) {
        this.settings = settings;
        this.dir = dir;
        this.stdout = stdout;
    }

    /** The snapshots as a fresh stream (each pass opens the files again). */
    private SnapshotSource open() {
        Path p = settings.snapshots();
        if (Files.isDirectory(p)) {
            boolean vtu = settings.glob().toLowerCase(Locale.ROOT).endsWith(".vtu");
            return vtu
                    ? SnapshotSource.directory(p, settings.glob(), f -> VtuReader.readPointData(f, settings.vtuArray()))
                    : SnapshotSource.directory(p, settings.glob());
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return SnapshotSource.npy(p, settings.layout());
        }
        if (name.endsWith(".npz")) {
            return SnapshotSource.npz(p, settings.layout());
        }
        if (name.endsWith(".csv")) {
            return SnapshotSource.csv(p, settings.layout());
        }
        if (!Files.exists(p)) {
            throw new JromException("cannot read " + p + ": no such file or directory");
        }
        throw new JromException(p + ": expected a .npy, .npz or .csv file of snapshots, or a directory of them");
    }

    void execute() {
        long start = System.nanoTime();
        ParameterTable table = ParameterTable.read(settings.params());
        List<Parameter> mus = table.parameters();
        ParameterSpace space = boundingBox(table.type(), mus);
        int n;
        try (SnapshotSource s = open()) {
            table.requireRowPerSnapshot(s);
            n = s.dim();
        }
        if (mus.size() < 2) {
            throw new JromException(
                    settings.params() + ": a regression needs at least 2 snapshots, found " + mus.size());
        }
        Map<String, double[]> functionals = functionals(n);
        // after the inputs checked out, so bad input leaves nothing; a bad snapshot found while
        // streaming leaves no empty directory behind either
        OutputDirectory.write(dir, () -> reduce(table, mus, space, n, functionals, start));
    }

    private void reduce(
            ParameterTable table,
            List<Parameter> mus,
            ParameterSpace space,
            int n,
            Map<String, double[]> functionals,
            long start) {
        PodRegressionReduction.Method method = settings.method().equals("gp")
                ? PodRegressionReduction.Method.GAUSSIAN_PROCESS
                : PodRegressionReduction.Method.RBF;
        PodRegressionReduction reduction = new PodRegressionReduction(new PodRegressionReduction.Options(
                settings.podTolerance(), settings.maxModes(), method, settings.carryBasis()));
        PodRegressionReduction.Result result;
        if (settings.spark() == null) {
            result = reduction.run(this::open, mus, space, functionals, progress, timer);
        } else {
            try (OfflineBackend backend =
                    timer.time("Spark start-up", () -> OfflineBackend.open("spark", settings.spark()))) {
                result = reduction.on(backend).run(this::open, mus, space, functionals, progress, timer);
                cluster.add(new String[] {"POD on", backend.describe()});
                cluster.addAll(backend.timings());
            }
        }
        int k = mus.size();
        timer.run("writing", () -> {
            ModelFile.write(
                    result.model(),
                    dir.resolve("model.jrom"),
                    Provenance.current()
                            .withTrainingSet(k)
                            .withTolerance("pod", settings.podTolerance())
                            .withNote("snapshots", absolute(settings.snapshots()))
                            .withNote("parameter table", absolute(settings.params())));
            plotSingularValues(result);
        });
        report(table, space, n, result, start);
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /** The box spanned by the table's parameters. */
    private static ParameterSpace boundingBox(ParameterType type, List<Parameter> mus) {
        int d = type.dimension();
        double[] lo = new double[d];
        double[] hi = new double[d];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (Parameter mu : mus) {
            for (int i = 0; i < d; i++) {
                lo[i] = Math.min(lo[i], mu.get(i));
                hi[i] = Math.max(hi[i], mu.get(i));
            }
        }
        return ParameterSpace.of(type, lo, hi);
    }

    /** The output functionals by name: the files given, or the mean of the field. */
    private Map<String, double[]> functionals(int n) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (settings.outputs().isEmpty()) {
            double[] mean = new double[n];
            java.util.Arrays.fill(mean, 1.0 / n);
            out.put("mean", mean);
            return out;
        }
        settings.outputs().forEach((name, file) -> {
            double[] l = file.getFileName().toString().endsWith(".npy") ? vector(file) : MatrixMarket.readVector(file);
            if (l.length != n) {
                throw new FileFormatException(
                        file.toString(), "output '" + name + "' has " + l.length + " entries, the snapshots have " + n);
            }
            out.put(name, l);
        });
        return out;
    }

    private static double[] vector(Path file) {
        Npy.Array a = Npy.read(file);
        if (!a.isVector()) {
            throw new FileFormatException(file.toString(), "expected a vector of shape (n,), found " + a.shapeText());
        }
        double[] d = a.matrix().data();
        org.jrom.linalg.NonFiniteValueException.requireFinite(file.toString(), d);
        return d;
    }

    private void plotSingularValues(PodRegressionReduction.Result pod) {
        LogPlot.singularValues(
                        "POD of " + pod.snapshotCount() + " snapshots (streamed)",
                        "sigma_k / sigma_1",
                        pod.singularValues())
                .ifPresent(plot -> plot.write(dir.resolve("singular-values.png")));
    }

    private void report(
            ParameterTable table, ParameterSpace space, int n, PodRegressionReduction.Result pod, long start) {
        PodRegressionModel model = pod.model();
        List<Parameter> mus = table.parameters();
        double querySeconds = timer.time(
                "query timing", () -> Speedup.querySeconds(mu -> model.solve(mu).error(), mus));
        RunSummary.StopReason stop = pod.relativeTruncationBound() <= settings.podTolerance()
                ? RunSummary.StopReason.TOLERANCE_REACHED
                : model.dim() >= settings.maxModes()
                        ? RunSummary.StopReason.MAX_BASIS
                        : RunSummary.StopReason.TRAINING_EXHAUSTED;
        String stopDetail =
                switch (stop) {
                    case TOLERANCE_REACHED -> "POD tolerance " + TextTable.sci(settings.podTolerance()) + " reached";
                    case MAX_BASIS ->
                        "--max-modes " + settings.maxModes() + " reached with the truncation bound "
                                + TextTable.sci(pod.relativeTruncationBound()) + " above --pod-tol "
                                + TextTable.sci(settings.podTolerance()) + "; raise --max-modes to reach the tolerance";
                    case TRAINING_EXHAUSTED -> "every snapshot's content kept";
                };
        double relativeFieldError = pod.relativeFieldErrorEstimate();

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"snapshots", settings.snapshots() + " (" + pod.snapshotCount() + " of " + n + " values)"
        });
        rows.add(new String[] {"parameters", table.file() + ": " + space.summary()});
        rows.add(new String[] {
            "POD",
            model.dim() + " modes, tolerance " + TextTable.sci(settings.podTolerance()) + ", relative truncation"
                    + " bound " + TextTable.sci(pod.relativeTruncationBound())
        });
        rows.addAll(cluster);
        rows.add(new String[] {"regression", describe(model)});
        rows.add(new String[] {
            "field error (leave-one-out, RMS)",
            TextTable.sci(model.fieldErrorEstimate()) + " (relative " + TextTable.sci(relativeFieldError) + ")"
        });
        model.outputCrossValidationErrors()
                .forEach((name, e) ->
                        rows.add(new String[] {"output " + name + " error (leave-one-out, RMS)", TextTable.sci(e)}));
        rows.add(new String[] {"online query", Speedup.time(querySeconds) + " (regression and outputs, one thread)"});
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        rows.forEach(row -> stdout.printf("%-" + width + "s  %s%n", row[0], row[1]));
        stdout.println();
        stdout.println(
                "The errors are leave-one-out cross-validation estimates over the snapshots, not certified bounds.");

        Report report =
                new Report("jrom build --snapshots " + settings.snapshots().getFileName());
        report.paragraph("A nonintrusive POD-regression model: the snapshots' POD coefficients regressed on the"
                + " parameters.");
        report.heading("Summary");
        report.paragraph("**Estimates, not certified.** No residual is available, so the model's error figures are"
                + " leave-one-out cross-validation estimates over the " + pod.snapshotCount() + " snapshots (and, for"
                + " a Gaussian process, its predictive standard deviation), not certified bounds.");
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"error figures", "estimates (leave-one-out cross-validation), not certified"});
        facts.add(new String[] {"basis size", model.dim() + " POD modes: " + stopDetail});
        facts.add(new String[] {
            "field error estimate (RMS)",
            TextTable.sci(relativeFieldError) + " relative (" + TextTable.sci(model.fieldErrorEstimate()) + " absolute)"
        });
        model.outputCrossValidationErrors()
                .forEach((name, e) ->
                        facts.add(new String[] {"output `" + name + "` error estimate (RMS)", TextTable.sci(e)}));
        facts.add(new String[] {"online query", Speedup.time(querySeconds)});
        report.facts(facts);
        report.paragraph("Files: [model.jrom](model.jrom) (the model: `jrom info`, `jrom query`, `jrom batch`,"
                + " `jrom uq`); [summary.json](summary.json) (these figures for scripts); plot"
                + " [singular-values.png](singular-values.png).");
        report.heading("Settings and cross-validation");
        report.table(new String[] {"setting", "value"}, rows);
        report.image("singular-values.png", "Singular values of the streamed POD");
        List<String[]> timings = new ArrayList<>();
        timer.seconds().forEach((k, v) -> timings.add(new String[] {k, String.format(Locale.ROOT, "%.2f s", v)}));
        report.heading("Timings");
        report.table(new String[] {"phase", "wall time"}, timings);
        report.write(dir);

        RunSummary summary = new RunSummary(
                "pod_regression",
                BuildCommand.stem(settings.snapshots()),
                "jrom build --snapshots " + settings.snapshots().getFileName(),
                n,
                space);
        summary.basis(
                model.dim(),
                settings.maxModes(),
                settings.podTolerance(),
                pod.relativeTruncationBound(),
                stop,
                stopDetail);
        ObjectNode json = summary.root();
        json.put("training_size", mus.size());
        json.put("error_estimator", "leave-one-out cross-validation (" + settings.method() + ")");
        if (!cluster.isEmpty()) {
            ObjectNode on = json.putObject("pod_backend");
            cluster.forEach(row -> on.put(row[0], row[1]));
        }
        ObjectNode v = summary.validation("leave_one_out", mus.size());
        v.put("basis_sizes", 1);
        v.put("basis_size", model.dim());
        RunSummary.put(v, "field_error_estimate", model.fieldErrorEstimate());
        RunSummary.put(v, "relative_field_error_estimate", relativeFieldError);
        ObjectNode outputs = v.putObject("output_error_estimates");
        model.outputCrossValidationErrors().forEach((name, e) -> RunSummary.put(outputs, name, e));
        json.put("certified", false);
        json.put("online_query_us", querySeconds * 1e6);
        summary.offlineSeconds(timer, (System.nanoTime() - start) * 1e-9);
        List<String> written = List.of("model.jrom", "singular-values.png", "report.md", "index.html");
        summary.write(dir, written);
        stdout.printf(
                "%nwrote %s (%s, %s) in %.1f s%n",
                dir, String.join(", ", written), RunSummary.FILE, (System.nanoTime() - start) * 1e-9);
        stdout.flush();
    }

    private static String describe(PodRegressionModel model) {
        if (model.regression() instanceof RbfInterpolant rbf) {
            return String.format(
                    Locale.ROOT,
                    "RBF %s, shape %.4g (leave-one-out), condition number %.2e",
                    rbf.kernel().name().toLowerCase(Locale.ROOT),
                    rbf.shape(),
                    rbf.conditionNumber());
        }
        GaussianProcess gp = (GaussianProcess) model.regression();
        return "Gaussian process, " + gp.kernel().name().toLowerCase(Locale.ROOT)
                + " kernel, hyperparameters by maximum likelihood (one process per POD coefficient)";
    }
}
