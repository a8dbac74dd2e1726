package org.jrom.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.fem.mechanics.AdaptiveStructuralRun;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.IndicatorCalibration;
import org.jrom.fem.mechanics.Mandel;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.ReducedStructuralModel;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.io.AtomicFile;
import org.jrom.io.CaseFamily;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrom run}: the whole trajectory of a time-dependent reduced model at one parameter value,
 * step by step: the time, the reduced Newton's iterations and step cuts, the largest cumulated
 * plastic strain at the model's points and the indicator; {@code --history} writes them as CSV.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run a time-dependent reduced model at one parameter value.",
            "For hyper-reduced structural models (jrom study blade-rom and jrom build --mechanics write them): prints a table with one row per"
                    + " time step (reduced Newton iterations and cuts, the largest cumulated plastic strain p at the"
                    + " model's points, the error indicator) and the wall time of the trajectory; --history writes"
                    + " the same rows as CSV."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom run blade.jrom --mu omega=1150 --mu peak_temperature=960",
            "  jrom run blade.jrom --mu 'omega=1150;peak_temperature=960' --history h.csv",
            "  jrom run blade.jrom --mu 'omega=1150;peak_temperature=960' --reconstruct fl",
            "  jrom run model.jrom --mu 'load=300;heat=450' --compare runs/run_000"
        })
final class RunCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The reduced model file (.jrom).")
    Path model;

    @Option(
            names = "--mu",
            required = true,
            paramLabel = "NAME=VALUE",
            description = "A parameter and its value; repeat for each parameter (or join them with ';').")
    List<String> mu;

    @Option(
            names = "--allow-extrapolation",
            description = "Run parameters outside the model's parameter space, with a warning.")
    boolean allowExtrapolation;

    @Option(names = "--history", paramLabel = "FILE.csv", description = "Also write the table as CSV.")
    Path history;

    @Option(
            names = "--reconstruct",
            paramLabel = "DIR",
            description = "Also write the trajectory on the mesh as a VTU series (DIR/vtu/, DIR/results.pvd for"
                    + " ParaView): the displacement V a, and the von Mises stress and p rebuilt by Gappy-POD.")
    Path reconstruct;

    @Option(
            names = "--steps",
            paramLabel = "I,J,...",
            split = ",",
            description = "With --reconstruct, only these steps (indices from 0, or 'last'); default every step.")
    List<String> reconstructSteps;

    @Option(
            names = "--compare",
            paramLabel = "RUN_DIR",
            description = "Also measure the trajectory against a full run at the same parameter value: a folder as"
                    + " jrom build --mechanics reads (summary.json, snapshots/displacement.npy and times.npy), from"
                    + " jrom simulate, jrom demo blade or another solver. Prints the true errors of u and p.")
    Path compare;

    @Option(
            names = "--adaptive",
            description = "Run adaptively (docs/mechanics-rom.md): a step whose indicator exceeds the threshold is"
                    + " recomputed by the full solver from the reduced state, and its displacement and states enrich"
                    + " the modes, the Gappy-POD bases and the cubature before the run goes on.")
    boolean adaptive;

    @Option(
            names = "--indicator-tol",
            paramLabel = "ETA",
            description = "With --adaptive: the indicator above which a step is recomputed, in (0, 1] (default 0.02).")
    Double indicatorTolerance;

    @Option(
            names = "--error-tol",
            paramLabel = "E",
            description = "With --adaptive: the displacement error above which a step is recomputed, in (0, 1): the"
                    + " indicator threshold from the model's calibration (jrom build --mechanics --validation).")
    Double errorTolerance;

    @Option(
            names = "--max-full-steps",
            defaultValue = "10",
            description = "With --adaptive: the most steps recomputed at full fidelity, 0 to 1000 (default"
                    + " ${DEFAULT-VALUE}).")
    int maxFullSteps;

    @Option(
            names = "--save-enriched",
            paramLabel = "FILE.jrom",
            description = "With --adaptive: write the enriched model (without the calibration, which was the"
                    + " original model's).")
    Path saveEnriched;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<Path> inputs = new ArrayList<>(List.of(model));
        if (compare != null) {
            inputs.addAll(MechanicsBuild.inputs(List.of(compare)));
        }
        // --history and --save-enriched must not replace the model or a run's files
        AtomicFile.protect(inputs, adaptive ? this::adaptiveTrajectory : this::trajectory);
    }

    private void trajectory() {
        for (String option : List.of("--indicator-tol", "--error-tol", "--max-full-steps", "--save-enriched")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " applies with --adaptive only");
            }
        }
        if (history != null) {
            AtomicFile.check(history); // refused before any work
        }
        // reconstruction and comparison read the modes and the stress basis, which queries leave out
        Loaded loaded = load(reconstruct != null || compare != null);
        HyperReducedMechanicsModel rom = loaded.rom();
        Parameter p = loaded.mu();
        ReducedStructuralModel reduced = rom.model();
        List<ReducedStructuralModel.Step> steps = new ArrayList<>();
        ReducedStructuralModel.Counts counts = reduced.run(rom.schedule(p), steps::add);
        List<ReducedStructuralModel.Step> shown = chosen(steps); // refused before anything is written
        PrintWriter out = spec.commandLine().getOut();
        out.printf("parameter    %s%n", p);
        TextTable table = new TextTable("step", "time", "iterations", "cuts", "p_max at points", "indicator");
        for (ReducedStructuralModel.Step step : steps) {
            table.row(
                    Integer.toString(step.index()),
                    TextTable.fix(step.time()),
                    Integer.toString(step.iterations()),
                    Integer.toString(step.cuts()),
                    TextTable.sci(reduced.plasticStrainAtPointsMax(step.states())),
                    TextTable.sci(step.indicator()));
        }
        table.print(out);
        out.printf(
                Locale.ROOT,
                "%n%d steps, %d reduced Newton iterations, %d law updates in %s; the indicator is the Gappy-POD misfit"
                        + " of p at the model's points, an indicator of the relative error, not a bound%n",
                counts.steps(),
                counts.iterations(),
                counts.constitutiveEvaluations(),
                Speedup.time(counts.seconds()));
        if (compare != null) {
            compare(rom, p, out);
        }
        if (reconstruct != null) {
            reconstruct(rom, p, shown);
            out.printf("wrote %s (open it in ParaView)%n", reconstruct.resolve(VtuSeries.COLLECTION));
        }
        if (history != null) {
            StringBuilder csv = new StringBuilder("step,time,iterations,cuts,p_max_at_points,indicator\n");
            for (ReducedStructuralModel.Step step : steps) {
                csv.append(step.index())
                        .append(',')
                        .append(step.time())
                        .append(',')
                        .append(step.iterations());
                csv.append(',').append(step.cuts()).append(',');
                csv.append(reduced.plasticStrainAtPointsMax(step.states()))
                        .append(',')
                        .append(step.indicator());
                csv.append('\n');
            }
            OutputDirectory.prepare(history.toAbsolutePath().getParent());
            AtomicFile.check(history);
            AtomicFile.writeString(history, csv.toString());
            out.printf("wrote %s%n", history);
        }
        out.flush();
    }

    /** The model (read whole: with the modes and the stress basis, for reconstruction, comparison, enrichment), at --mu. */
    private record Loaded(HyperReducedMechanicsModel rom, Parameter mu) {}

    private Loaded load(boolean whole) {
        OnlineModel online = whole ? ModelFile.load(model).online() : ModelFile.readOnline(model);
        if (!(online instanceof HyperReducedMechanicsModel rom)) {
            throw new JromException(model + " holds a " + online.kind() + " model, which has no time steps; jrom run"
                    + " runs hyper-reduced-mechanics models (jrom query answers the others)");
        }
        Parameter p = QueryCommand.parseMu(rom.parameterSpace().type(), mu);
        Extrapolation.admit(rom, p, allowExtrapolation, spec.commandLine().getErr());
        return new Loaded(rom, p);
    }

    /**
     * {@code --adaptive}: the run recomputes at full fidelity each step whose indicator exceeds the
     * threshold (at most {@code --max-full-steps}) and goes on with the enriched model
     * ({@link AdaptiveStructuralRun}); prints the steps, which were recomputed, and what the model
     * became.
     */
    private void adaptiveTrajectory() {
        if (reconstruct != null || reconstructSteps != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    (reconstruct != null ? "--reconstruct" : "--steps") + " runs the model as it is; with --adaptive,"
                            + " write the enriched model (--save-enriched) and reconstruct from it");
        }
        if (history != null
                && saveEnriched != null
                && history.toAbsolutePath()
                        .normalize()
                        .equals(saveEnriched.toAbsolutePath().normalize())) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--history and --save-enriched name the same file " + history);
        }
        for (Path target : new Path[] {history, saveEnriched}) {
            if (target != null && Files.isDirectory(target.toAbsolutePath().getParent())) {
                AtomicFile.check(target); // refused before any work (a new folder is made when written)
            }
        }
        Loaded loaded = load(true);
        HyperReducedMechanicsModel rom = loaded.rom();
        PrintWriter out = spec.commandLine().getOut();
        double threshold = indicatorTolerance != null ? indicatorTolerance : 0.02;
        String source = indicatorTolerance != null ? "--indicator-tol" : "the default";
        if (errorTolerance != null) {
            if (indicatorTolerance != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "give --error-tol or --indicator-tol, not both");
            }
            IndicatorCalibration c = rom.calibration().displacement();
            if (c == null) {
                throw new JromException(model + " holds no calibration of its indicator against the displacement"
                        + " error, which --error-tol needs: build it with jrom build --mechanics --validation RUN...,"
                        + " or give --indicator-tol");
            }
            threshold = c.threshold(errorTolerance);
            if (Double.isNaN(threshold)) {
                throw new JromException("--error-tol " + errorTolerance + " gives no indicator threshold through the"
                        + " model's calibration (" + c + "); give --indicator-tol");
            }
            source = String.format(
                    Locale.ROOT,
                    "--error-tol %s through the model's calibration, error ~ %.3g indicator^%.2f",
                    Double.toString(errorTolerance),
                    Math.pow(10, c.intercept()),
                    c.slope());
        }
        AdaptiveStructuralRun.Options options = new AdaptiveStructuralRun.Options(
                threshold,
                maxFullSteps,
                EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, ENRICHMENT_CUBATURE_TOL));
        long begin = System.nanoTime();
        AdaptiveStructuralRun.Result result = AdaptiveStructuralRun.run(rom.model(), rom.fullRun(loaded.mu()), options);
        double seconds = (System.nanoTime() - begin) * 1e-9;
        out.printf("parameter    %s%n", loaded.mu());
        out.printf(Locale.ROOT, "threshold    indicator %.3g (%s)%n", threshold, source);
        TextTable table = new TextTable("step", "time", "indicator", "full fidelity");
        StringBuilder csv = new StringBuilder("step,time,indicator,full_fidelity\n");
        List<String> recomputed = new ArrayList<>();
        for (AdaptiveStructuralRun.Step step : result.steps()) {
            table.row(
                    Integer.toString(step.index()),
                    TextTable.fix(step.time()),
                    TextTable.sci(step.indicator()),
                    step.enriched() ? "recomputed" : "");
            csv.append(step.index()).append(',').append(step.time()).append(',');
            csv.append(step.indicator()).append(',').append(step.enriched()).append('\n');
            if (step.enriched()) {
                recomputed.add(Integer.toString(step.index()));
            }
        }
        table.print(out);
        ReducedStructuralModel enriched = result.model();
        out.printf(
                Locale.ROOT,
                "%n%d steps, %d recomputed at full fidelity%s; the model went from %d to %d modes and from %d to %d"
                        + " points; %s in all, the full steps included%n",
                result.steps().size(),
                result.enrichments(),
                recomputed.isEmpty() ? "" : " (steps " + String.join(", ", recomputed) + ")",
                rom.model().modeCount(),
                enriched.modeCount(),
                rom.model().points().length,
                enriched.points().length,
                Speedup.time(seconds));
        if (compare != null) {
            StructuralRun full = checkedFullRun(rom, loaded.mu());
            printComparison(
                    ReducedRunComparison.againstSnapshots(
                            result, seconds, full, MechanicsBuild.snapshots(compare, full), Double.NaN),
                    out);
        }
        if (history != null) {
            OutputDirectory.prepare(history.toAbsolutePath().getParent());
            AtomicFile.check(history);
            AtomicFile.writeString(history, csv.toString());
            out.printf("wrote %s%n", history);
        }
        if (saveEnriched != null) {
            OutputDirectory.prepare(saveEnriched.toAbsolutePath().getParent());
            AtomicFile.check(saveEnriched);
            ModelFile.write(
                    new HyperReducedMechanicsModel(enriched, rom.family(), rom.parameterSpace()),
                    saveEnriched,
                    Provenance.current()
                            .withNote(
                                    "enriched",
                                    "jrom run --adaptive at " + loaded.mu() + ": " + result.enrichments()
                                            + " steps recomputed at full fidelity, from " + model.getFileName()));
            out.printf("wrote %s%n", saveEnriched);
        }
        out.flush();
    }

    /**
     * The trajectory against a full run's displacements at the same parameter value: the true errors
     * (docs/mechanics-rom.md, "Errors"), the dual quantities recomputed from the run's displacements.
     */
    private void compare(HyperReducedMechanicsModel rom, Parameter mu, PrintWriter out) {
        StructuralRun full = checkedFullRun(rom, mu);
        printComparison(
                ReducedRunComparison.againstSnapshots(rom.model(), full, MechanicsBuild.snapshots(compare, full)), out);
    }

    /** The full run at mu, once {@code --compare}'s run is checked to be at mu and the family's fixed values. */
    private StructuralRun checkedFullRun(HyperReducedMechanicsModel rom, Parameter mu) {
        // the run must be at the model's parameter value and at its family's fixed values
        Map<String, Double> given = rom.family() instanceof CaseFamily c
                ? MechanicsBuild.caseValues(compare, c.caseFile()) // the case's defaults where left out
                : MechanicsBuild.parameters(compare);
        Map<String, Double> expected = new LinkedHashMap<>(rom.family().settings());
        List<String> names = rom.parameterSpace().type().names();
        for (int i = 0; i < names.size(); i++) {
            expected.put(names.get(i), mu.get(i));
        }
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            Double v = given.get(e.getKey());
            if (v == null || Math.abs(v - e.getValue()) > 1e-12 * Math.max(1, Math.abs(v))) {
                throw new JromException(compare.resolve(RunSummary.FILE) + ": parameters." + e.getKey() + " is "
                        + (v == null ? "not given" : v) + ", the model runs at " + e.getValue()
                        + (names.contains(e.getKey()) ? " (--mu)" : " (the value its training held)")
                        + ": compare a run at the parameter value the model runs");
            }
        }
        return rom.fullRun(mu);
    }

    private void printComparison(ReducedRunComparison c, PrintWriter out) {
        double[] u = c.displacementErrors();
        int worst = 0;
        for (int k = 1; k < u.length; k++) {
            worst = u[k] > u[worst] ? k : worst;
        }
        out.printf(
                Locale.ROOT,
                "against the full run in %s (true errors, L2 over the domain):%n  displacement: %.2e of the largest"
                        + " at worst (step %d); the last step within %.2e of its own%n  p at the last step: %.2e RMS"
                        + " and %.2e at the most plastic point, of the largest p (%.3e)%n  the indicator at most %.2e%n",
                compare,
                u[worst],
                worst,
                c.lastStepError(),
                c.plasticStrainError(),
                c.errorAtLargestPlasticStrain(),
                c.largestPlasticStrain(),
                c.maxIndicator());
    }

    /** The cubature tolerance of an enrichment's new rule: the builds' default (a model file does not keep its own). */
    private static final double ENRICHMENT_CUBATURE_TOL = 1e-4;

    /** The steps on the mesh: V a, and the dual quantities by Gappy-POD from the model's points. */
    private void reconstruct(HyperReducedMechanicsModel rom, Parameter mu, List<ReducedStructuralModel.Step> steps) {
        StructuralRun full = rom.fullRun(mu);
        SmallStrainSolid solid = full.solid();
        ReducedStructuralModel reduced = rom.model();
        OutputDirectory.write(
                reconstruct,
                () -> { // the series as a whole: marked INCOMPLETE until done
                    OutputDirectory.prepare(reconstruct.resolve("vtu"));
                    VtuSeries series = new VtuSeries(reconstruct);
                    double[] vonMises = new double[solid.numPoints()];
                    for (ReducedStructuralModel.Step step : steps) {
                        double[] stress = reduced.stress(step.states());
                        for (int q = 0; q < vonMises.length; q++) {
                            vonMises[q] = Mandel.vonMises(stress, q * Mandel.SIZE);
                        }
                        series.write(
                                step.index(),
                                step.time(),
                                solid.mesh(),
                                reduced.displacement(step.coefficients()),
                                full.loads().nodalTemperature(step.time()),
                                solid.projectToNodes(vonMises),
                                reduced.plasticStrainBasis() == null
                                        ? null
                                        : solid.projectToNodes(reduced.plasticStrain(step.states())));
                    }
                    series.finish();
                });
    }

    /** The steps {@code --steps} names, each once, in time order (the series' order); all of them without it. */
    private List<ReducedStructuralModel.Step> chosen(List<ReducedStructuralModel.Step> steps) {
        if (reconstructSteps == null) {
            return steps;
        }
        if (reconstruct == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps applies with --reconstruct only");
        }
        java.util.TreeSet<Integer> picked = new java.util.TreeSet<>();
        for (String token : reconstructSteps) {
            String t = token.strip();
            int index;
            if (t.equals("last")) {
                index = steps.size() - 1;
            } else {
                try {
                    index = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--steps: expected step indices or 'last', found '" + t + "'");
                }
            }
            if (index < 0 || index >= steps.size()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--steps: step " + index + " is not one of the trajectory's 0 to " + (steps.size() - 1));
            }
            picked.add(index);
        }
        return picked.stream().map(steps::get).toList();
    }
}
