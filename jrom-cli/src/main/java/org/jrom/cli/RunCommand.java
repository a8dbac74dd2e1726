package org.jrom.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrom.JromException;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.Mandel;
import org.jrom.fem.mechanics.ReducedStructuralModel;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.io.AtomicFile;
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
            "For hyper-reduced structural models (jrom study blade-rom writes one): prints a table with one row per"
                    + " time step (reduced Newton iterations and cuts, the largest cumulated plastic strain p at the"
                    + " model's points, the error indicator) and the wall time of the trajectory; --history writes"
                    + " the same rows as CSV."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom run blade.jrom --mu omega=1150 --mu peak_temperature=960",
            "  jrom run blade.jrom --mu 'omega=1150;peak_temperature=960' --history h.csv",
            "  jrom run blade.jrom --mu 'omega=1150;peak_temperature=960' --reconstruct fl"
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        AtomicFile.protect(List.of(model), this::trajectory); // --history must not replace the model
    }

    private void trajectory() {
        if (history != null) {
            AtomicFile.check(history); // refused before any work
        }
        // reconstruction reads the modes and the stress basis, which queries leave out
        OnlineModel online = reconstruct != null ? ModelFile.load(model).online() : ModelFile.readOnline(model);
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
