package org.jrom.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.Mandel;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.ReducedStructuralModel;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.io.AtomicFile;
import org.jrom.io.CaseFamily;
import org.jrom.io.ModelFile;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<Path> inputs = new ArrayList<>(List.of(model));
        if (compare != null) {
            inputs.addAll(MechanicsBuild.inputs(List.of(compare)));
        }
        AtomicFile.protect(inputs, this::trajectory); // --history must not replace the model or a run's files
    }

    private void trajectory() {
        if (history != null) {
            AtomicFile.check(history); // refused before any work
        }
        // reconstruction reads the modes and the stress basis, which queries leave out
        OnlineModel online =
                reconstruct != null || compare != null ? ModelFile.load(model).online() : ModelFile.readOnline(model);
        if (!(online instanceof HyperReducedMechanicsModel rom)) {
            throw new JromException(model + " holds a " + online.kind() + " model, which has no time steps; jrom run"
                    + " runs hyper-reduced-mechanics models (jrom query answers the others)");
        }
        ParameterSpace space = rom.parameterSpace();
        Parameter p = QueryCommand.parseMu(space.type(), mu);
        Extrapolation.admit(rom, p, allowExtrapolation, spec.commandLine().getErr());
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

    /**
     * The trajectory against a full run's displacements at the same parameter value: the true errors
     * (docs/mechanics-rom.md, "Errors"), the dual quantities recomputed from the run's displacements.
     */
    private void compare(HyperReducedMechanicsModel rom, Parameter mu, PrintWriter out) {
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
        StructuralRun full = rom.fullRun(mu);
        ReducedRunComparison c =
                ReducedRunComparison.againstSnapshots(rom.model(), full, MechanicsBuild.snapshots(compare, full));
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
