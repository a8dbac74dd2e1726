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
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.io.FileFormatException;
import org.jrom.io.ModelFile;
import org.jrom.io.Npy;
import org.jrom.io.Provenance;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

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

    /** One run read from its folder. */
    private record Run(Path dir, BladeFlight.Options options, StructuralReduction.Training training) {}

    static void execute(List<Path> dirs, double podTolerance, double cubatureTolerance, Path out, PrintWriter stdout) {
        long begin = System.nanoTime();
        TerminalProgress progress = TerminalProgress.forStderr();
        Set<Path> seen = new HashSet<>();
        for (Path dir : dirs) {
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
        List<Run> runs = new ArrayList<>();
        progress.track("reading the runs", dirs.size(), () -> {
            for (Path dir : dirs) {
                runs.add(read(dir));
                progress.progress(runs.size(), dir.toString());
            }
        });
        Run first = runs.get(0);
        for (Run r : runs) {
            Map<String, Double> a = shared(first.options());
            Map<String, Double> b = shared(r.options());
            if (!a.equals(b)) {
                throw new JromException(r.dir().resolve(RunSummary.FILE) + ": the run's blade " + b + " differs from "
                        + first.dir().resolve(RunSummary.FILE) + "'s " + a
                        + "; a reduction takes runs of one blade that differ in omega and peak_temperature only");
            }
        }
        StructuralReduction.Options options = StructuralReduction.Options.of(podTolerance, cubatureTolerance);
        PhaseTimer timer = new PhaseTimer();
        StructuralReduction.Result result =
                StructuralReduction.reduce(runs.stream().map(Run::training).toList(), options, progress, timer);
        double[] omega = runs.stream().mapToDouble(r -> r.options().omega()).toArray();
        double[] peak =
                runs.stream().mapToDouble(r -> r.options().peakTemperature()).toArray();
        ParameterSpace space = bladeSpace(omega, peak);
        BladeFlight.Options o = first.options();
        HyperReducedMechanicsModel model = new HyperReducedMechanicsModel(
                result.model(),
                BladeFlight.family(o.size(), o.degree(), o.cycles(), o.maxStep(), o.creepFactor()),
                space);
        // the model against each training run's own displacements: what the reduction lost on its data
        List<ReducedRunComparison> training = new ArrayList<>();
        progress.track("the model against its training runs", runs.size(), () -> {
            for (Run r : runs) {
                training.add(ReducedRunComparison.againstSnapshots(
                        result.model(), r.training().run(), r.training().displacements()));
                progress.progress(training.size(), r.dir().toString());
            }
        });
        Path file = out.resolve("model.jrom");
        List<String> files = new ArrayList<>();
        double seconds = (System.nanoTime() - begin) * 1e-9;
        OutputDirectory.write(out, () -> {
            ModelFile.write(
                    model,
                    file,
                    Provenance.current()
                            .withNote("problem", BladeFlight.FAMILY)
                            .withNote("training", runs.size() + " runs of jrom demo blade read from their folders"));
            files.add("model.jrom");
            SmallStrainSolid solid = first.training().run().solid();
            MechanicsRomPlots.singularValues(result, out, files);
            MechanicsRomPlots.cubaturePoints(result, solid, out, files);
            List<String> names = runs.stream()
                    .map(r -> String.valueOf(r.dir().getFileName()))
                    .toList();
            MechanicsRomPlots.trainingErrors(names, training, out, files);
            summary(result, space, podTolerance, runs, training, timer, seconds).write(out, files);
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
            ParameterSpace space,
            double podTolerance,
            List<Run> runs,
            List<ReducedRunComparison> training,
            PhaseTimer timer,
            double seconds) {
        RunSummary summary = new RunSummary(
                "hyper_reduced_mechanics", BladeFlight.FAMILY, "jrom build --mechanics", solidDim(runs.get(0)), space);
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
        ArrayNode perRun = validation.putArray("runs");
        for (int r = 0; r < runs.size(); r++) {
            ReducedRunComparison c = training.get(r);
            ObjectNode o = perRun.addObject();
            o.put("folder", String.valueOf(runs.get(r).dir().getFileName()));
            o.put("omega", runs.get(r).options().omega());
            o.put("peak_temperature", runs.get(r).options().peakTemperature());
            RunSummary.put(o, "displacement_error_max", c.maxDisplacementError());
            RunSummary.put(o, "displacement_error_last_step", c.lastStepError());
            RunSummary.put(o, "plastic_strain_error", c.plasticStrainError());
            RunSummary.put(o, "plastic_strain_error_at_max", c.errorAtLargestPlasticStrain());
            RunSummary.put(o, "indicator_max", c.maxIndicator());
        }
        ObjectNode h = root.putObject("hyper_reduction");
        h.put("cubature_points", result.rule().size());
        h.put("points_run_online", result.model().points().length);
        h.put("material_points", result.totalPoints());
        RunSummary.put(h, "cubature_error", result.rule().relativeError());
        return summary;
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

    private static Map<String, Double> shared(BladeFlight.Options o) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("size", o.size());
        m.put("degree", (double) o.degree());
        m.put("cycles", (double) o.cycles());
        m.put("max_step", o.maxStep());
        m.put("creep_factor", o.creepFactor());
        return m;
    }

    /** A run folder: its options from summary.json, its displacements and times from snapshots/. */
    private static Run read(Path dir) {
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
            throw new FileFormatException(summaryFile.toString(), "expected the 'parameters' of a jrom demo blade run");
        }
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
        BladeFlight.Options options;
        StructuralRun run;
        try {
            options = new BladeFlight.Options(v[0], (int) v[1], (int) v[2], v[5], v[6], v[4], v[3]);
            run = BladeFlight.run(options);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(summaryFile.toString(), e.getMessage());
        }
        Path snapshots = dir.resolve("snapshots");
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
            if (!(Math.abs(t[k] - expected[k]) <= 1e-9 * Math.max(1, Math.abs(expected[k])))) {
                throw new FileFormatException(
                        snapshots.resolve("times.npy").toString(),
                        "entry " + k + " is " + t[k] + ", the run's time is " + expected[k]);
            }
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
        return new Run(dir, options, new StructuralReduction.Training(run, rows));
    }
}
