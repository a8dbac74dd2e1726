package org.jrom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jrom.PhaseTimer;
import org.jrom.fem.mechanics.AdaptiveStructuralRun;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.IndicatorCalibration;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.ReducedStructuralModel;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.io.AtomicFile;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.Sampler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrom study blade-rom}: the hyper-reduced model of the demo's blade (docs/mechanics-rom.md)
 * trained on a grid of rotation speeds and peak temperatures, against high-fidelity runs at
 * parameters it was not trained on: inside the grid, and above its hottest peak with a model trained
 * without that peak. Prints a table (errors, points, indicator, times, speedup), writes the error and
 * indicator curves over time, the singular values, the selected points on the blade and
 * summary.json.
 */
@Command(
        name = "blade-rom",
        mixinStandardHelpOptions = true,
        description = {
            "Train the hyper-reduced model of the blade on a parameter grid and test it.",
            "High-fidelity runs of the blade demo on a grid of rotation speeds and peak temperatures;"
                    + " the POD of their displacements, the empirical cubature of the reduced internal force,"
                    + " the Gappy-POD of the stress and the cumulated plastic strain p; then the reduced model"
                    + " against new high-fidelity runs inside the grid and above its hottest peak (trained"
                    + " without that peak). Prints the errors, the indicator and the speedup; writes PNG plots"
                    + " and summary.json."
        },
        footerHeading = "%nExample:%n",
        footer = {"  jrom study blade-rom --size 0.5 --out docs/img/mechanics-rom"})
final class BladeRomStudy implements Callable<Integer> {
    /** The model file the study writes: the one trained on the whole grid. */
    static final String MODEL = "blade.jrom";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--out",
            defaultValue = "jrom-out/study-blade-rom",
            description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--size",
            defaultValue = "0.5",
            description = "Factor on the blade's standard resolution, in (0, 4] (default ${DEFAULT-VALUE}).")
    double size;

    @Option(names = "--degree", defaultValue = "2", description = "Element degree, 1 to 2 (default ${DEFAULT-VALUE}).")
    int degree;

    @Option(
            names = "--cycles",
            defaultValue = "1",
            description = "Flight cycles, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int cycles;

    @Option(
            names = "--max-step",
            defaultValue = "100",
            description = "Longest time step in s, in (0, 100000] (default ${DEFAULT-VALUE}).")
    double maxStep;

    @Option(
            names = "--train-omega",
            split = ",",
            defaultValue = "1000,1100,1200",
            description = "Training rotation speeds in rad/s, each in [0, 10000] (default ${DEFAULT-VALUE}).")
    List<Double> trainOmega;

    @Option(
            names = "--train-peak",
            split = ",",
            defaultValue = "850,925,1000",
            description =
                    "Training peak temperatures in C, each in (20, 1000], at least two (default ${DEFAULT-VALUE}).")
    List<Double> trainPeak;

    @Option(
            names = "--test-omega",
            defaultValue = "1150",
            description = "Rotation speed of the test runs in rad/s, in [0, 10000] (default ${DEFAULT-VALUE}).")
    double testOmega;

    @Option(
            names = "--test-peak",
            defaultValue = "960",
            description =
                    "Peak temperature of the test run inside the grid in C, in (20, 1000] (default ${DEFAULT-VALUE}).")
    double testPeak;

    @Option(
            names = "--pod-tol",
            defaultValue = "1e-4",
            description = "Relative projection error of the displacement POD, RMS over the snapshots normalized in"
                    + " the strain norm, in [0, 1) (default ${DEFAULT-VALUE}).")
    double podTolerance;

    @Option(
            names = "--cubature-tol",
            defaultValue = "1e-4",
            description = "Relative integration error of the empirical cubature, in [0, 1) (default ${DEFAULT-VALUE}).")
    double cubatureTolerance;

    @Option(
            names = "--indicator-tol",
            defaultValue = "0.02",
            description = "Indicator above which the adaptive run recomputes a step at full fidelity, in (0, 1]"
                    + " (default ${DEFAULT-VALUE}).")
    double indicatorTolerance;

    @Option(
            names = "--error-tol",
            description = "Calibrated displacement error above which the adaptive run recomputes a step: the"
                    + " indicator threshold from the indicator's calibration (error ~ c indicator^b), in (0, 1);"
                    + " without it, or when the calibration cannot be inverted, --indicator-tol.")
    Double errorTolerance;

    /** The adaptive run's indicator threshold, and where it came from. */
    private double adaptiveThreshold;

    private String thresholdSource;

    @Option(
            names = "--calibration-runs",
            defaultValue = "8",
            description = "Test runs that calibrate the indicator against the true errors, 3 to 1000 (default"
                    + " ${DEFAULT-VALUE}).")
    int calibrationRuns;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the calibration runs' parameters, any whole number (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private int enrichments;

    /**
     * One row of the table: a model against one high-fidelity run.
     *
     * @param model the model at the end of the run (enriched, for an adaptive run)
     * @param totalPoints the high-fidelity solid's material points
     */
    private record Case(
            String name,
            double omega,
            double peak,
            ReducedStructuralModel model,
            int totalPoints,
            ReducedRunComparison comparison) {}

    @Override
    public Integer call() {
        for (double w : trainOmega) {
            requireIn("--train-omega", w, OptionRange.OMEGA);
        }
        for (double t : trainPeak) {
            requireIn("--train-peak", t, OptionRange.PEAK_TEMPERATURE);
        }
        if (trainPeak.stream().distinct().count() < 2) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--train-peak: expected at least two different peaks, found " + trainPeak);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        OutputDirectory.write(out, () -> study(stdout));
        return 0;
    }

    private void requireIn(String option, double v, OptionRange range) {
        if (!range.contains(v)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + range.refusal(v).substring(range.option.length()));
        }
    }

    private BladeFlight.Options blade(double omega, double peak) {
        return new BladeFlight.Options(size, degree, cycles, omega, peak, 1, maxStep);
    }

    private void study(PrintWriter stdout) {
        long begin = System.nanoTime();
        TerminalProgress progress = TerminalProgress.forStderr();
        double hottest =
                trainPeak.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        List<StructuralReduction.Training> all = new ArrayList<>();
        List<StructuralReduction.Training> cooler = new ArrayList<>();
        int runs = trainOmega.size() * trainPeak.size();
        double[] trainingSeconds = {0};
        progress.track("high-fidelity training runs", runs, () -> {
            int done = 0;
            for (double w : trainOmega) {
                for (double t : trainPeak) {
                    long t0 = System.nanoTime();
                    StructuralReduction.Training run = StructuralReduction.simulate(BladeFlight.run(blade(w, t)));
                    trainingSeconds[0] += (System.nanoTime() - t0) * 1e-9;
                    all.add(run);
                    if (t < hottest) {
                        cooler.add(run);
                    }
                    progress.progress(++done, String.format(Locale.ROOT, "omega %.0f rad/s, peak %.0f C", w, t));
                }
            }
        });
        StructuralReduction.Options options = StructuralReduction.Options.of(podTolerance, cubatureTolerance);
        PhaseTimer offline = new PhaseTimer();
        StructuralReduction.Result full = StructuralReduction.reduce(all, options, progress, offline);
        StructuralReduction.Result partial = StructuralReduction.reduce(cooler, options, progress, new PhaseTimer());
        StructuralReduction.Result galerkin =
                StructuralReduction.reduce(all, options.withoutCubature(), progress, new PhaseTimer());
        double below = (secondHottest() + lowest()) / 2;
        List<Case> cases = new ArrayList<>();
        progress.track("test runs (high-fidelity and reduced)", 4, () -> {
            cases.add(test("inside the grid", testOmega, testPeak, full));
            progress.progress(1, "inside");
            cases.add(test("inside, trained below " + number(hottest) + " C", testOmega, below, partial));
            progress.progress(2, "inside, cooler training");
            cases.add(test("outside: " + number(hottest) + " C, trained below", testOmega, hottest, partial));
            progress.progress(3, "outside");
            cases.add(test("POD-Galerkin: no cubature", testOmega, testPeak, galerkin));
            progress.progress(4, "POD-Galerkin");
        });
        calibrate(partial, progress);
        threshold();
        progress.track("the adaptive run above the range", 1, () -> {
            cases.add(3, adaptive("adaptive: " + number(hottest) + " C, trained below", testOmega, hottest, partial));
            progress.progress(1, "outside, adaptive");
        });
        double seconds = (System.nanoTime() - begin) * 1e-9;
        TextTable table = new TextTable(
                "case",
                "omega, peak",
                "modes",
                "points",
                "u error",
                "u projection",
                "u last step",
                "p error",
                "p at max p",
                "indicator",
                "full s",
                "reduced s",
                "speedup");
        for (Case c : cases) {
            ReducedRunComparison r = c.comparison();
            ReducedStructuralModel model = c.model();
            table.row(
                    c.name(),
                    number(c.omega()) + ", " + number(c.peak()),
                    Integer.toString(model.modeCount()),
                    String.format(
                            Locale.ROOT,
                            "%d of %d (%.2f %%)",
                            model.points().length,
                            c.totalPoints(),
                            100.0 * model.points().length / c.totalPoints()),
                    TextTable.sci(r.maxDisplacementError()),
                    TextTable.sci(r.maxProjectionError()),
                    TextTable.sci(r.lastStepError()),
                    TextTable.sci(r.plasticStrainError()),
                    TextTable.sci(r.errorAtLargestPlasticStrain()),
                    TextTable.sci(r.maxIndicator()),
                    String.format(Locale.ROOT, "%.2f", r.fullSeconds()),
                    String.format(Locale.ROOT, "%.4f", r.counts().seconds()),
                    String.format(Locale.ROOT, r.speedup() < 10 ? "%.2f" : "%.0f", r.speedup()));
        }
        stdout.printf(
                Locale.ROOT,
                "Blade: %d dofs, %d material points, %d training runs of %d steps (%.1f s);" + " reduction %.1f s%n",
                all.get(0).run().solid().dim(),
                full.totalPoints(),
                runs,
                all.get(0).run().times().length,
                trainingSeconds[0],
                offline.seconds().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum());
        table.print(stdout);
        printCalibration(stdout);
        stdout.printf(
                Locale.ROOT,
                "The adaptive run recomputes a step when the indicator exceeds %.3g (%s).%n",
                adaptiveThreshold,
                thresholdSource);
        List<String> files = new ArrayList<>();
        writeModel(full);
        files.add(MODEL);
        plots(cases, full, all.get(0).run().solid(), files);
        writeSummary(cases, full, trainingSeconds[0], offline, seconds, files);
        stdout.printf(
                Locale.ROOT,
                "%nu error: the largest over the steps of ||u - u_N||_L2 / max_t ||u||_L2; u projection: the same for the"
                        + " Euclidean projection on the modes (a reference for what the basis allows); u last step: against that"
                        + " step's own (residual) displacement; p error: ||p - p_N||_L2 / (|Omega|^1/2 max p) at"
                        + " the last step; indicator: the Gappy-POD misfit of p at the model's points, largest over"
                        + " the steps (an indicator, not a bound).%n%.1f s; wrote %s into %s%n",
                seconds,
                String.join(", ", files),
                out);
        stdout.flush();
    }

    /** The box of the training grid. */
    private ParameterSpace gridSpace() {
        return MechanicsBuild.bladeSpace(
                trainOmega.stream().mapToDouble(Double::doubleValue).toArray(),
                trainPeak.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The model trained on the whole grid, its parameter space the grid's box. */
    private void writeModel(StructuralReduction.Result full) {
        ParameterSpace space = gridSpace();
        HyperReducedMechanicsModel model = new HyperReducedMechanicsModel(
                full.model(), BladeFlight.family(size, degree, cycles, maxStep, 1), space);
        ModelFile.write(
                model,
                out.resolve(MODEL),
                Provenance.current()
                        .withNote("problem", "blade-flight")
                        .withNote(
                                "training",
                                trainOmega.size() * trainPeak.size() + " runs on the grid omega " + trainOmega
                                        + " x peak_temperature " + trainPeak));
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private void printCalibration(PrintWriter stdout) {
        stdout.printf(
                Locale.ROOT,
                "%nThe indicator against the true errors of the model trained below %s C, %d runs" + " (seed %d):%n",
                number(max(trainPeak)),
                fits.points().size(),
                seed);
        fits.print(stdout, false);
    }

    private double secondHottest() {
        double hottest =
                trainPeak.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return trainPeak.stream()
                .mapToDouble(Double::doubleValue)
                .filter(t -> t < hottest)
                .max()
                .orElseThrow();
    }

    private double lowest() {
        return trainPeak.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private Case test(String name, double omega, double peak, StructuralReduction.Result reduction) {
        BladeFlight.Options o = blade(omega, peak);
        return new Case(
                name,
                omega,
                peak,
                reduction.model(),
                reduction.totalPoints(),
                ReducedRunComparison.of(reduction.model(), BladeFlight.run(o), BladeFlight.schedule(o)));
    }

    private IndicatorFits fits;

    /**
     * The indicator of the model trained below the hottest peak against its true errors on runs at
     * Latin-hypercube parameters over the whole grid (so some lie above its range): the power laws of
     * {@link IndicatorCalibration} for the displacement and the plastic strain errors.
     */
    private void calibrate(StructuralReduction.Result partial, TerminalProgress progress) {
        ParameterSpace grid = gridSpace();
        List<Parameter> draws = Sampler.latinHypercube(grid, calibrationRuns, seed);
        List<IndicatorFits.Point> points = new ArrayList<>();
        progress.track("indicator calibration runs", calibrationRuns, () -> {
            for (Parameter mu : draws) {
                BladeFlight.Options o = blade(mu.get(0), mu.get(1));
                points.add(IndicatorFits.Point.of(
                        ReducedRunComparison.of(partial.model(), BladeFlight.run(o), BladeFlight.schedule(o))));
                progress.progress(
                        points.size(), String.format(Locale.ROOT, "omega %.0f, peak %.0f C", mu.get(0), mu.get(1)));
            }
        });
        fits = IndicatorFits.of(points);
    }

    /**
     * The adaptive run's indicator threshold: with {@code --error-tol}, the indicator at which the
     * displacement calibration's error reaches it (clamped to (0, 1]); else, or when the calibration
     * is missing or not increasing, {@code --indicator-tol}.
     */
    private void threshold() {
        adaptiveThreshold = indicatorTolerance;
        thresholdSource = "--indicator-tol";
        if (errorTolerance == null) {
            return;
        }
        IndicatorCalibration c = fits.displacement();
        double eta = c == null ? Double.NaN : c.threshold(errorTolerance);
        if (!Double.isNaN(eta)) {
            adaptiveThreshold = eta;
            thresholdSource = String.format(
                    Locale.ROOT, "--error-tol %s through the calibration", Double.toString(errorTolerance));
        } else {
            thresholdSource = "--indicator-tol (the displacement calibration cannot be inverted: "
                    + (c == null ? "none" : String.format(Locale.ROOT, "exponent %.2f", c.slope())) + ")";
        }
    }

    /** The adaptive run of the model at (omega, peak), against a high-fidelity run. */
    private Case adaptive(String name, double omega, double peak, StructuralReduction.Result reduction) {
        BladeFlight.Options o = blade(omega, peak);
        AdaptiveStructuralRun.Options options = new AdaptiveStructuralRun.Options(
                adaptiveThreshold,
                10,
                EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, cubatureTolerance));
        long begin = System.nanoTime();
        AdaptiveStructuralRun.Result result = AdaptiveStructuralRun.run(reduction.model(), BladeFlight.run(o), options);
        double seconds = (System.nanoTime() - begin) * 1e-9;
        enrichments = result.enrichments();
        return new Case(
                name,
                omega,
                peak,
                result.model(),
                reduction.totalPoints(),
                ReducedRunComparison.of(result, seconds, BladeFlight.run(o)));
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private void plots(List<Case> cases, StructuralReduction.Result full, SmallStrainSolid solid, List<String> files) {
        LogPlot errors = new LogPlot(
                "Reduced blade above its training range: error and indicator over the flight",
                "time (s)",
                "error (of the largest u) / indicator");
        ReducedRunComparison inside = cases.get(1).comparison();
        ReducedRunComparison outside = cases.get(2).comparison();
        ReducedRunComparison adaptive = cases.get(3).comparison();
        errors.series(
                "error inside the range (" + number(cases.get(1).peak()) + " C)",
                inside.times(),
                inside.displacementErrors());
        errors.series(
                "error outside (" + number(cases.get(2).peak()) + " C)", outside.times(), outside.displacementErrors());
        errors.series("indicator outside", outside.times(), outside.indicators());
        errors.series(
                "error outside, adaptive (" + enrichments + " full steps)",
                adaptive.times(),
                adaptive.displacementErrors());
        errors.write(out.resolve("errors-over-time.png"));
        files.add("errors-over-time.png");
        fits.plot(
                "Indicator against the true errors (model trained below " + number(max(trainPeak)) + " C)", out, files);
        MechanicsRomPlots.singularValues(full, out, files);
        MechanicsRomPlots.cubaturePoints(full, solid, out, files);
    }

    private void writeSummary(
            List<Case> cases,
            StructuralReduction.Result full,
            double trainingSeconds,
            PhaseTimer offline,
            double seconds,
            List<String> files) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "jrom-study-blade-rom/1");
        ObjectNode blade = root.putObject("blade");
        blade.put("size", size).put("degree", degree).put("cycles", cycles).put("max_step", maxStep);
        ArrayNode train = root.putObject("training").putArray("omega");
        trainOmega.forEach(train::add);
        ArrayNode peaks = ((ObjectNode) root.get("training")).putArray("peak_temperature");
        trainPeak.forEach(peaks::add);
        ((ObjectNode) root.get("training")).put("wall_seconds", trainingSeconds);
        ObjectNode phases = root.putObject("offline_seconds");
        offline.seconds().forEach((k, v) -> RunSummary.put(phases, k, v));
        root.put("modes", full.model().modeCount());
        root.put("cubature_points", full.rule().size());
        root.put("points_run_online", full.model().points().length);
        root.put("material_points", full.totalPoints());
        RunSummary.put(root, "cubature_error", full.rule().relativeError());
        ArrayNode list = root.putArray("cases");
        for (Case c : cases) {
            ReducedRunComparison r = c.comparison();
            ObjectNode o = list.addObject();
            o.put("case", c.name());
            o.put("omega", c.omega());
            o.put("peak_temperature", c.peak());
            o.put("modes", c.model().modeCount());
            o.put("points_run_online", c.model().points().length);
            RunSummary.put(o, "displacement_error_max", r.maxDisplacementError());
            RunSummary.put(o, "displacement_projection_error_max", r.maxProjectionError());
            RunSummary.put(o, "displacement_error_last_step", r.lastStepError());
            RunSummary.put(o, "plastic_strain_error", r.plasticStrainError());
            RunSummary.put(o, "plastic_strain_error_at_max", r.errorAtLargestPlasticStrain());
            RunSummary.put(o, "indicator_max", r.maxIndicator());
            RunSummary.put(o, "full_seconds", r.fullSeconds());
            RunSummary.put(o, "reduced_seconds", r.counts().seconds());
            RunSummary.put(o, "speedup", r.speedup());
            o.put("reduced_iterations", r.counts().iterations());
            o.put("law_updates", r.counts().constitutiveEvaluations());
        }
        root.put("adaptive_high_fidelity_steps", enrichments);
        ObjectNode cal = root.putObject("indicator_calibration");
        cal.put("runs", fits.points().size()).put("seed", seed);
        fits.put(cal, false);
        RunSummary.put(root, "indicator_tolerance", indicatorTolerance);
        if (errorTolerance == null) {
            root.putNull("error_tolerance");
        } else {
            RunSummary.put(root, "error_tolerance", errorTolerance);
        }
        RunSummary.put(root, "adaptive_threshold", adaptiveThreshold);
        root.put("adaptive_threshold_from", thresholdSource);
        root.put("wall_seconds", seconds);
        RunSummary.putMemory(root);
        ArrayNode written = root.putArray("files");
        files.forEach(written::add);
        written.add(RunSummary.FILE);
        try {
            AtomicFile.writeString(out.resolve(RunSummary.FILE), JSON.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        files.add(RunSummary.FILE);
    }
}
