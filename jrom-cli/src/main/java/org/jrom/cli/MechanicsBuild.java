package org.jrom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jrom.Excerpt;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.fem.Mesh;
import org.jrom.fem.io.PvdReader;
import org.jrom.fem.io.VtuArray;
import org.jrom.fem.io.VtuData;
import org.jrom.fem.io.VtuReader;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.RunRecipe;
import org.jrom.fem.mechanics.ScheduleFamily;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.fem.mechanics.SubdomainReduction;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.io.CaseFamily;
import org.jrom.io.CaseFile;
import org.jrom.io.FileFormatException;
import org.jrom.io.ModelFile;
import org.jrom.io.Npy;
import org.jrom.io.Provenance;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.pipelines.OfflineBackend;

/**
 * {@code jrom build --mechanics RUN...}: the hyper-reduced model of the blade from the output folders
 * of {@code jrom demo blade} runs, read as files: each folder's {@code summary.json} (the run's
 * options) and its displacement snapshots ({@code snapshots/displacement.npy}, one row per time
 * step, and {@code snapshots/times.npy}). Only the displacements come from the files: the dual
 * quantities are recomputed from them (docs/mechanics-rom.md). The runs must share the blade's
 * mesh, degree, cycles and step; the parameter space of the model is the box of their rotation
 * speeds and peak temperatures.
 */
final class MechanicsBuild {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final List<String> SHARED = List.of("size", "degree", "cycles", "max_step", "creep_factor");

    private MechanicsBuild() {}

    /** The files a build reads from the run folders: never to be replaced by its output. */
    static List<Path> inputs(List<Path> dirs) {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            files.add(dir.resolve(RunSummary.FILE));
            files.add(dir.resolve("snapshots").resolve("times.npy"));
            files.add(dir.resolve("snapshots").resolve("displacement.npy"));
        }
        return files;
    }

    /**
     * One run read from its folder.
     *
     * @param parameters its values: a blade's options by their summary names, or every parameter the case declares
     */
    private record Run(
            Path dir,
            Map<String, Double> parameters,
            StructuralReduction.Training training,
            java.util.function.Supplier<RunRecipe> recipe) {}

    /**
     * Builds the model from the runs: of {@code jrom demo blade} when {@code caseFile} is null, else of
     * the case ({@code jrom simulate}'s runs, or an external solver's written the same way); the dual
     * stage on Spark's executors when {@code spark} (a master URL) is given, else on this JVM.
     */
    static void execute(
            List<Path> dirs,
            List<Path> validationDirs,
            CaseFile caseFile,
            double podTolerance,
            double cubatureTolerance,
            Path out,
            String spark,
            PrintWriter stdout) {
        long begin = System.nanoTime();
        TerminalProgress progress = TerminalProgress.forStderr();
        Set<Path> seen = new HashSet<>();
        for (Path dir : concat(dirs, validationDirs)) {
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                throw new JromException(dir + ": cannot read the run's folder (" + e.getMessage() + ")");
            }
            if (!seen.add(real)) {
                throw new JromException(dir + ": the run is given twice (its snapshots would count twice in the POD)");
            }
        }
        List<Run> runs = readAll("reading the runs", dirs, caseFile, progress);
        List<Run> tests = readAll("reading the validation runs", validationDirs, caseFile, progress);
        Run first = runs.get(0);
        ScheduleFamily family = caseFile == null ? bladeFamily(concat(runs, tests)) : caseFamily(caseFile, runs);
        if (caseFile != null) { // the model answers the parameters the training varies; the others are its settings
            for (Run t : tests) {
                family.settings().forEach((name, value) -> {
                    if (t.parameters().get(name).doubleValue() != value) {
                        throw new JromException(t.dir().resolve(RunSummary.FILE) + ": parameters." + name + " is "
                                + t.parameters().get(name) + "; the training runs hold it at " + value
                                + ", so the model does not answer other values of it");
                    }
                });
            }
        }
        StructuralReduction.Options options = StructuralReduction.Options.of(podTolerance, cubatureTolerance);
        PhaseTimer timer = new PhaseTimer();
        List<StructuralReduction.Training> trainings =
                runs.stream().map(Run::training).toList();
        List<String[]> cluster = new ArrayList<>(); // --spark: where the dual stage ran, per stage and executor
        StructuralReduction.Result result;
        if (spark == null) {
            result = StructuralReduction.reduce(trainings, options, progress, timer);
        } else {
            try (OfflineBackend backend = timer.time("Spark start-up", () -> OfflineBackend.open("spark", spark))) {
                if (!(backend instanceof SubdomainReduction.Cluster c)) {
                    throw new JromException("--spark: the backend on the class path (" + backend.describe()
                            + ") cannot run a structural reduction's dual stage");
                }
                StructuralReduction.DualStage stage =
                        c.dualStage(runs.stream().map(r -> r.recipe().get()).toList());
                result = StructuralReduction.reduce(trainings, options, stage, progress, timer);
                cluster.add(new String[] {"where", backend.describe()});
                cluster.addAll(backend.timings());
            }
        }
        Map<String, double[]> ranges = new LinkedHashMap<>();
        for (String name : family.parameters()) {
            ranges.put(
                    name,
                    range(runs.stream()
                            .mapToDouble(r -> r.parameters().get(name))
                            .toArray()));
        }
        ParameterSpace space = ParameterSpace.of(
                ParameterType.of(family.parameters().stream()
                        .collect(Collectors.toMap(n -> n, n -> 1, (a, b) -> a, LinkedHashMap::new))),
                ranges);
        // the validation runs, not trained on: the true errors that calibrate the indicator
        List<ReducedRunComparison> validation =
                againstAll("the model against the validation runs", result, tests, progress);
        IndicatorFits fits = tests.isEmpty()
                ? null
                : IndicatorFits.of(
                        validation.stream().map(IndicatorFits.Point::of).toList());
        HyperReducedMechanicsModel model = new HyperReducedMechanicsModel(
                result.model(),
                family,
                space,
                fits == null ? HyperReducedMechanicsModel.Calibration.NONE : fits.calibration());
        String problem = caseFile == null
                ? BladeFlight.FAMILY
                : String.valueOf(caseFile.file().getFileName());
        // the model against each training run's own displacements: what the reduction lost on its data
        List<ReducedRunComparison> training = againstAll("the model against its training runs", result, runs, progress);
        Path file = out.resolve("model.jrom");
        List<String> files = new ArrayList<>();
        double seconds = (System.nanoTime() - begin) * 1e-9;
        OutputDirectory.write(out, () -> {
            ModelFile.write(
                    model,
                    file,
                    Provenance.current()
                            .withNote("problem", problem)
                            .withNote(
                                    "training",
                                    runs.size() + " runs of " + (caseFile == null ? "jrom demo blade" : problem)
                                            + " read from their folders"));
            files.add("model.jrom");
            SmallStrainSolid solid = first.training().run().solid();
            MechanicsRomPlots.singularValues(result, out, files);
            MechanicsRomPlots.cubaturePoints(result, solid, out, files);
            List<String> names = runs.stream()
                    .map(r -> String.valueOf(r.dir().getFileName()))
                    .toList();
            MechanicsRomPlots.trainingErrors(names, training, out, files);
            if (fits != null) {
                fits.plot("Indicator against the true errors of " + tests.size() + " validation runs", out, files);
            }
            RunSummary summary = summary(result, problem, space, podTolerance, runs, training, timer, seconds);
            if (!cluster.isEmpty()) {
                ObjectNode where = summary.root().putObject("dual_stage_backend");
                cluster.forEach(row -> where.put(row[0], row[1]));
            }
            if (fits != null) {
                runs(summary.root().putArray("validation_runs"), tests, validation, space);
                fits.put(summary.root().putObject("indicator_calibration"), true);
            }
            summary.write(out, files);
            files.add(RunSummary.FILE);
        });
        double worstU = training.stream()
                .mapToDouble(ReducedRunComparison::maxDisplacementError)
                .max()
                .orElse(0);
        double worstP = training.stream()
                .mapToDouble(ReducedRunComparison::plasticStrainError)
                .filter(Double::isFinite)
                .max()
                .orElse(Double.NaN);
        stdout.printf(
                Locale.ROOT,
                "%d runs, %d snapshots of %d unknowns: %d modes (POD error %.2e), the law at %d of %d material points"
                        + " (cubature %d, error %.2e)%non its training runs: u within %.2e of the largest, p within %.2e"
                        + " (RMS of the largest)%nparameters %s; reduction %s%n%.1f s; wrote %s into %s%n",
                runs.size(),
                result.snapshots(),
                solidDim(first),
                result.model().modeCount(),
                result.podErrorBound(),
                result.model().points().length,
                result.totalPoints(),
                result.rule().size(),
                result.rule().relativeError(),
                worstU,
                worstP,
                space.summary(),
                String.join(
                        ", ",
                        timer.seconds().entrySet().stream()
                                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                                .toList()),
                (System.nanoTime() - begin) * 1e-9,
                String.join(", ", files),
                out);
        cluster.forEach(row -> stdout.printf("  %s: %s%n", row[0], row[1]));
        if (fits != null) {
            stdout.printf("%nThe model against %d validation runs (not trained on: true errors):%n", tests.size());
            List<String> header = new ArrayList<>(List.of("run"));
            header.addAll(space.type().names());
            header.addAll(List.of("u error", "u last step", "p error", "p at max p", "indicator"));
            TextTable table = new TextTable(header.toArray(String[]::new));
            for (int r = 0; r < tests.size(); r++) {
                ReducedRunComparison c = validation.get(r);
                Run test = tests.get(r);
                List<String> row =
                        new ArrayList<>(List.of(String.valueOf(test.dir().getFileName())));
                space.type()
                        .names()
                        .forEach(n -> row.add(TextTable.sci(test.parameters().get(n))));
                row.addAll(List.of(
                        TextTable.sci(c.maxDisplacementError()),
                        TextTable.sci(c.lastStepError()),
                        TextTable.sci(c.plasticStrainError()),
                        TextTable.sci(c.errorAtLargestPlasticStrain()),
                        TextTable.sci(c.maxIndicator())));
                table.row(row.toArray(String[]::new));
            }
            table.print(stdout);
            stdout.printf("The indicator against these errors (a fit whose error grows with the indicator is stored in"
                    + " the model: an estimate, not a bound):%n");
            fits.print(stdout, true);
        }
        stdout.flush();
    }

    private static int solidDim(Run run) {
        return run.training().run().solid().dim();
    }

    /**
     * {@code summary.json}: the common skeleton (docs/cli.md), the POD as the basis, the training runs
     * as the validation (the model against each run's own displacements: how much the reduction lost
     * on its data, not a test), the cubature under {@code hyper_reduction}.
     */
    private static RunSummary summary(
            StructuralReduction.Result result,
            String problem,
            ParameterSpace space,
            double podTolerance,
            List<Run> runs,
            List<ReducedRunComparison> training,
            PhaseTimer timer,
            double seconds) {
        RunSummary summary = new RunSummary(
                "hyper_reduced_mechanics", problem, "jrom build --mechanics", solidDim(runs.get(0)), space);
        ObjectNode root = summary.root();
        root.put("basis_size", result.model().modeCount());
        RunSummary.put(root, "tolerance", podTolerance);
        RunSummary.put(root, "final_estimate", result.podErrorBound());
        root.put("stop_reason", RunSummary.StopReason.TOLERANCE_REACHED.key());
        root.put("stop_detail", "POD of the normalized displacement snapshots in the strain norm");
        root.put("training_size", result.snapshots());
        root.put("certified", false);
        summary.offlineSeconds(timer, seconds);
        ObjectNode validation = summary.validation("training_runs", runs.size());
        RunSummary.put(
                validation,
                "max_true_error",
                training.stream()
                        .mapToDouble(ReducedRunComparison::maxDisplacementError)
                        .max()
                        .orElse(0));
        runs(validation.putArray("runs"), runs, training, space);
        ObjectNode h = root.putObject("hyper_reduction");
        h.put("cubature_points", result.rule().size());
        h.put("points_run_online", result.model().points().length);
        h.put("material_points", result.totalPoints());
        RunSummary.put(h, "cubature_error", result.rule().relativeError());
        return summary;
    }

    /** Each run's folder, parameter values and the model's errors against it. */
    private static void runs(
            ArrayNode array, List<Run> runs, List<ReducedRunComparison> comparisons, ParameterSpace space) {
        for (int r = 0; r < runs.size(); r++) {
            ReducedRunComparison c = comparisons.get(r);
            ObjectNode o = array.addObject();
            o.put("folder", String.valueOf(runs.get(r).dir().getFileName()));
            for (String name : space.type().names()) {
                o.put(name, runs.get(r).parameters().get(name));
            }
            RunSummary.put(o, "displacement_error_max", c.maxDisplacementError());
            RunSummary.put(o, "displacement_error_last_step", c.lastStepError());
            RunSummary.put(o, "plastic_strain_error", c.plasticStrainError());
            RunSummary.put(o, "plastic_strain_error_at_max", c.errorAtLargestPlasticStrain());
            RunSummary.put(o, "indicator_max", c.maxIndicator());
        }
    }

    /** The runs of these folders (blade runs without a case), one progress bar; none, no bar. */
    private static List<Run> readAll(String what, List<Path> dirs, CaseFile caseFile, TerminalProgress progress) {
        List<Run> runs = new ArrayList<>();
        if (!dirs.isEmpty()) {
            progress.track(what, dirs.size(), () -> {
                for (Path dir : dirs) {
                    runs.add(caseFile == null ? readBlade(dir) : readCase(dir, caseFile));
                    progress.progress(runs.size(), dir.toString());
                }
            });
        }
        return runs;
    }

    /** The model against each run's own displacements, one progress bar; none, no bar. */
    private static List<ReducedRunComparison> againstAll(
            String what, StructuralReduction.Result result, List<Run> runs, TerminalProgress progress) {
        List<ReducedRunComparison> out = new ArrayList<>();
        if (!runs.isEmpty()) {
            progress.track(what, runs.size(), () -> {
                for (Run r : runs) {
                    out.add(ReducedRunComparison.againstSnapshots(
                            result.model(), r.training().run(), r.training().displacements()));
                    progress.progress(out.size(), r.dir().toString());
                }
            });
        }
        return out;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The parameter space of a blade model: the box spanned by the rotation speeds and peak temperatures. */
    static ParameterSpace bladeSpace(double[] omega, double[] peak) {
        return ParameterSpace.of(
                ParameterType.of("omega", 1, "peak_temperature", 1),
                Map.of("omega", range(omega), "peak_temperature", range(peak)));
    }

    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new double[] {lo, hi};
    }

    /** The blade's family: the runs must be of one blade, differing in omega and peak_temperature only. */
    private static ScheduleFamily bladeFamily(List<Run> runs) {
        Run first = runs.get(0);
        Map<String, Double> a = shared(first);
        for (Run r : runs) {
            Map<String, Double> b = shared(r);
            if (!a.equals(b)) {
                throw new JromException(r.dir().resolve(RunSummary.FILE) + ": the run's blade " + b + " differs from "
                        + first.dir().resolve(RunSummary.FILE) + "'s " + a
                        + "; a reduction takes runs of one blade that differ in omega and peak_temperature only");
            }
        }
        return BladeFlight.family(a);
    }

    private static Map<String, Double> shared(Run r) {
        Map<String, Double> m = new LinkedHashMap<>();
        SHARED.forEach(name -> m.put(name, r.parameters().get(name)));
        return m;
    }

    /**
     * The case's family: the parameters the runs vary are the model's, the others hold the runs'
     * common values.
     */
    private static ScheduleFamily caseFamily(CaseFile caseFile, List<Run> runs) {
        Map<String, Double> fixed = new LinkedHashMap<>();
        for (String name : caseFile.parameters().keySet()) {
            double v = runs.get(0).parameters().get(name);
            if (runs.stream().allMatch(r -> r.parameters().get(name) == v)) {
                fixed.put(name, v);
            }
        }
        if (fixed.size() == caseFile.parameters().size()) {
            throw new JromException("the runs do not differ in any parameter of " + caseFile.file()
                    + " (they all have " + fixed + "): a reduced model answers other values of the parameters its"
                    + " runs vary");
        }
        return CaseFamily.of(caseFile, fixed);
    }

    /** The run's summary.json {@code parameters}, by name: each a finite number. */
    static Map<String, Double> parameters(Path dir) {
        Map<String, Double> values = new LinkedHashMap<>();
        summaryOf(dir).get("parameters").properties().forEach(e -> {
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())) {
                throw new FileFormatException(
                        dir.resolve(RunSummary.FILE).toString(),
                        "parameters." + Excerpt.of(e.getKey(), 64) + ": expected a finite number, found "
                                + Excerpt.of(String.valueOf(e.getValue()), 40));
            }
            values.put(e.getKey(), e.getValue().doubleValue());
        });
        return values;
    }

    /**
     * A case run's parameter values: its summary's, each declared by the case, the case's defaults
     * for those it leaves out.
     */
    static Map<String, Double> caseValues(Path dir, CaseFile caseFile) {
        Map<String, Double> values = new LinkedHashMap<>(caseFile.parameters());
        for (Map.Entry<String, Double> e : parameters(dir).entrySet()) {
            if (!values.containsKey(e.getKey())) {
                throw new FileFormatException(
                        dir.resolve(RunSummary.FILE).toString(),
                        "parameters." + Excerpt.of(e.getKey(), 64) + ": " + caseFile.file() + " declares no such"
                                + " parameter; it declares "
                                + String.join(", ", caseFile.parameters().keySet()));
            }
            values.put(e.getKey(), e.getValue());
        }
        return values;
    }

    /** The run's summary.json, parsed (strict JSON). */
    private static JsonNode summaryOf(Path dir) {
        Path summaryFile = dir.resolve(RunSummary.FILE);
        JsonNode summary;
        try {
            summary = JSON.readTree(Files.readAllBytes(summaryFile));
        } catch (JsonProcessingException e) {
            throw new FileFormatException(
                    summaryFile.toString(),
                    "not the JSON of a run's summary: "
                            + e.getOriginalMessage().lines().findFirst().orElse("")
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new JromException(summaryFile + ": cannot read the run's summary (" + e.getMessage() + ")");
        }
        JsonNode p = summary == null ? null : summary.get("parameters");
        if (p == null || !p.isObject()) {
            throw new FileFormatException(summaryFile.toString(), "expected a JSON object with the run's 'parameters'");
        }
        return summary;
    }

    /** A jrom demo blade run's folder: its options from summary.json, its displacements and times from snapshots/. */
    private static Run readBlade(Path dir) {
        Path summaryFile = dir.resolve(RunSummary.FILE);
        JsonNode p = summaryOf(dir).get("parameters");
        double[] v = new double[SHARED.size() + 2];
        List<String> names = new ArrayList<>(SHARED);
        names.add("omega");
        names.add("peak_temperature");
        // the ranges of demo blade's options: what the folder claims is checked before it builds a mesh
        List<OptionRange> ranges = List.of(
                OptionRange.SIZE,
                OptionRange.DEGREE,
                OptionRange.CYCLES,
                OptionRange.MAX_STEP,
                OptionRange.CREEP_FACTOR,
                OptionRange.OMEGA,
                OptionRange.PEAK_TEMPERATURE);
        for (int i = 0; i < names.size(); i++) {
            JsonNode n = p.get(names.get(i));
            if (n == null || !n.isNumber()) {
                throw new FileFormatException(
                        summaryFile.toString(),
                        "parameters." + names.get(i) + ": expected a number (a jrom demo blade run's summary)");
            }
            v[i] = n.doubleValue();
            OptionRange range = ranges.get(i);
            boolean whole = range == OptionRange.DEGREE || range == OptionRange.CYCLES;
            if (!Double.isFinite(v[i])
                    || (whole && v[i] != Math.rint(v[i]))
                    || !range.contains(whole ? (Number) (long) v[i] : (Number) v[i])) {
                throw new FileFormatException(
                        summaryFile.toString(),
                        "parameters." + names.get(i) + ": "
                                + range.refusal(v[i])
                                        .substring(range.option.length())
                                        .strip());
            }
        }
        StructuralRun run;
        try {
            run = BladeFlight.run(new BladeFlight.Options(v[0], (int) v[1], (int) v[2], v[5], v[6], v[4], v[3]));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(summaryFile.toString(), e.getMessage());
        }
        Map<String, Double> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), v[i]);
        }
        return new Run(
                dir,
                parameters,
                new StructuralReduction.Training(run, snapshots(dir, run)),
                () -> BladeFlight.recipe(
                        new BladeFlight.Options(v[0], (int) v[1], (int) v[2], v[5], v[6], v[4], v[3])));
    }

    /**
     * A run of the case: its parameter values from summary.json ({@code parameters}: a value for each
     * parameter the case declares, its default where left out; no other name), its displacements and
     * times from snapshots/. Where the summary gives the law's {@code state_layout} (jrom simulate's
     * does), it must be the case's.
     */
    private static Run readCase(Path dir, CaseFile caseFile) {
        Path summaryFile = dir.resolve(RunSummary.FILE);
        JsonNode summary = summaryOf(dir);
        Map<String, Double> values = caseValues(dir, caseFile);
        StructuralRun run = caseFile.instantiate(values);
        JsonNode layout = summary.get("state_layout");
        if (layout != null) {
            List<String> expected = run.solid().law().layout().variables().stream()
                    .map(var -> var.name() + "(" + var.size() + ")")
                    .toList();
            List<String> found = new ArrayList<>();
            if (!layout.isArray()) {
                throw new FileFormatException(
                        summaryFile.toString(),
                        "state_layout: expected a list of {\"name\", \"size\"}, found "
                                + Excerpt.of(String.valueOf(layout), 60));
            }
            for (JsonNode var : layout) {
                JsonNode size = var.path("size");
                found.add(Excerpt.of(var.path("name").asText(), 40) + "("
                        + (size.isInt() ? String.valueOf(size.intValue()) : "?") + ")");
            }
            if (!found.equals(expected)) {
                throw new FileFormatException(
                        summaryFile.toString(),
                        "state_layout: the run's law has the internal variables "
                                + Excerpt.of(String.join(", ", found), 200) + ", the case's law ("
                                + run.solid().law().name() + ") " + String.join(", ", expected));
            }
        }
        return new Run(
                dir, values, new StructuralReduction.Training(run, snapshots(dir, run)), () -> caseFile.recipe(values));
    }

    /**
     * The run's displacement at each of its times: snapshots/displacement.npy with snapshots/times.npy,
     * or, without them, the folder's VTU series ({@link #series}).
     */
    static List<double[]> snapshots(Path dir, StructuralRun run) {
        Path snapshots = dir.resolve("snapshots");
        if (!Files.exists(snapshots.resolve("displacement.npy"))) {
            Path pvd = collection(dir);
            if (pvd != null) {
                return series(pvd, run);
            }
        }
        Npy.Array times = Npy.read(snapshots.resolve("times.npy"));
        Npy.Array u = Npy.read(snapshots.resolve("displacement.npy"));
        double[] expected = run.times();
        if (!times.isVector() || times.size() != expected.length) {
            throw new FileFormatException(
                    snapshots.resolve("times.npy").toString(),
                    "expected the run's " + expected.length + " times, found shape " + times.shapeText());
        }
        double[] t = times.matrix().data();
        for (int k = 0; k < t.length; k++) {
            requireTime(snapshots.resolve("times.npy") + ": entry " + k, t[k], expected[k]);
        }
        int dofs = run.solid().dim();
        if (u.shape().length != 2 || u.shape()[0] != expected.length || u.shape()[1] != dofs) {
            throw new FileFormatException(
                    snapshots.resolve("displacement.npy").toString(),
                    "expected shape (" + expected.length + ", " + dofs + "): one row per time step of the run's " + dofs
                            + " unknowns, found " + u.shapeText());
        }
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < expected.length; k++) {
            double[] row = new double[dofs];
            for (int i = 0; i < dofs; i++) {
                row[i] = u.matrix().get(k, i);
                if (!Double.isFinite(row[i])) {
                    throw new FileFormatException(
                            snapshots.resolve("displacement.npy").toString(),
                            "entry (" + k + ", " + i + ") is " + row[i] + ", expected a finite displacement");
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static void requireTime(String where, double found, double expected) {
        if (!(Math.abs(found - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
            throw new JromException(where + " is " + found + ", the run's time is " + expected);
        }
    }

    /** The folder's one ParaView collection ({@code *.pvd}); null without one. */
    private static Path collection(Path dir) {
        List<Path> found = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pvd")).forEach(found::add);
        } catch (IOException e) {
            throw new JromException(dir + ": cannot list the run's folder (" + e.getMessage() + ")");
        }
        if (found.size() > 1) {
            throw new JromException(dir + ": " + found.size() + " .pvd collections; expected one series per run");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The displacements of a VTU series (a ParaView collection, one VTU per time of the run): each
     * file's point array {@code displacement} at the mesh's vertices, which must be the case's mesh
     * nodes in order (their coordinates are checked). Only P1 cases: a VTU holds the vertices' values,
     * and P2 has a dof on every edge too.
     */
    private static List<double[]> series(Path pvd, StructuralRun run) {
        Mesh mesh = run.solid().mesh();
        int dofs = run.solid().dim();
        if (dofs != 3 * mesh.numNodes()) {
            throw new JromException(pvd + ": a VTU series holds the displacement at the mesh's vertices, and the"
                    + " case's P2 elements have a dof on every edge too: give snapshots/displacement.npy");
        }
        List<PvdReader.DataSet> sets = PvdReader.read(pvd);
        double[] expected = run.times();
        if (sets.size() != expected.length) {
            throw new JromException(
                    pvd + ": " + sets.size() + " data sets, expected one per time of the run's " + expected.length);
        }
        double[] xyz = mesh.coordinates();
        double size = 0;
        for (double v : xyz) {
            size = Math.max(size, Math.abs(v));
        }
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < expected.length; k++) {
            PvdReader.DataSet set = sets.get(k);
            requireTime(pvd + ": data set " + k + "'s timestep", set.time(), expected[k]);
            VtuData data = VtuReader.read(set.file());
            double[] points = data.mesh().coordinates();
            if (points.length != xyz.length) {
                throw new JromException(set.file() + ": " + points.length / 3 + " points, the case's mesh has "
                        + mesh.numNodes() + " nodes: the series is of another mesh");
            }
            for (int i = 0; i < xyz.length; i++) {
                if (!(Math.abs(points[i] - xyz[i]) <= 1e-9 * size)) {
                    throw new JromException(set.file() + ": point " + i / 3 + " is at " + points[i]
                            + " along axis " + i % 3 + ", the case's node " + i / 3 + " at " + xyz[i]
                            + ": the series is of another mesh or another node order");
                }
            }
            VtuArray u = data.pointArray("displacement");
            if (u.components() != 3) {
                throw new JromException(
                        set.file() + ": point array 'displacement' has " + u.components() + " components, expected 3");
            }
            double[] row = u.values().clone(); // tuple-major: 3 n + i, as the dofs
            for (int i = 0; i < row.length; i++) {
                if (!Double.isFinite(row[i])) {
                    throw new JromException(set.file() + ": point array 'displacement': entry " + i + " is " + row[i]
                            + ", expected a finite displacement");
                }
            }
            rows.add(row);
        }
        return rows;
    }
}
