package org.jrom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jrom.Excerpt;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.fem.io.VtuWriter;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.io.AffineManifest;
import org.jrom.io.AtomicFile;
import org.jrom.io.Npy;
import org.jrom.io.ParameterTable;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.Sampler;
import org.jrom.pipelines.CertifiedReduction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrom demo}: the whole workflow on a reference problem. Builds the high-fidelity model,
 * runs the weak greedy with the chosen error estimator, validates the reduced model against the
 * high-fidelity one on a seeded test set, measures the speedup, runs a Monte Carlo of the output,
 * and writes the model file, plots, fields and a report.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Build, certify and save a reduced model of a reference problem.",
            "The problems: thermal-block, thermal-fin or elasticity (a plane-strain cantilever). The run"
                    + " validates the model against high-fidelity solves and writes model.jrom, PNG plots,"
                    + " solutions.vtu, report.md and index.html into --out."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom demo thermal-block               # 3x3 blocks, a minute on 2 cores",
            "  jrom demo thermal-block --blocks 2x2 --tol 1e-10 \\",
            "      --estimator COEFFICIENT_EIM --out /tmp/tb",
            "  jrom demo thermal-fin --resolution 8  # SCM coercivity bound",
            "  jrom demo elasticity --blocks 4       # a cantilever with 4 Young's moduli",
            "  jrom demo blade --cycles 2            # a turbine blade in flight cycles"
        })
final class DemoCommand implements Runnable {
    @Parameters(
            index = "0",
            paramLabel = "PROBLEM",
            description = "thermal-block, thermal-fin, elasticity, or blade (a nonlinear simulation).",
            completionCandidates = Problems.class)
    String problemName;

    @Option(
            names = "--blocks",
            description = "Thermal block: BxB blocks (default 3x3); elasticity: the number of segments (default 4).")
    String blocks;

    @Option(
            names = "--resolution",
            description =
                    "Grid cells, 1 to 1000: per block side (thermal block, default 40), per unit length (fin, a multiple of 4, default 24),"
                            + " across the beam (elasticity, default 16).")
    Integer resolution;

    @Option(
            names = "--export",
            paramLabel = "DIR",
            description = "Instead of reducing: write the high-fidelity problem as a jrom-affine/1 manifest with"
                    + " Matrix Market files into DIR (the input of jrom build), and stop.")
    Path export;

    @Option(
            names = "--size",
            description =
                    "Blade: factor on the mesh resolution, in (0, 4] (default 1: 48,951 P2 unknowns; 1.6: about 171,000).")
    Double size;

    @Option(names = "--cycles", description = "Blade: flight cycles, 1 to 1000 (default 3).")
    Integer cycles;

    @Option(names = "--omega", description = "Blade: maximum rotation speed in rad/s, in [0, 10000] (default 1100).")
    Double omega;

    @Option(
            names = "--peak-temperature",
            description = "Blade: peak temperature at take-off in C, in (20, 1000] (default 950).")
    Double peakTemperature;

    @Option(
            names = "--creep-factor",
            description = "Blade: factor on Norton's K of the alloy, in (0, 1000] (default 1).")
    Double creepFactor;

    @Option(names = "--degree", description = "Blade: element degree, 1 to 2 (default 2).")
    Integer degree;

    @Option(
            names = "--linear-solver",
            description = "Blade: how Newton's corrections are solved, cholesky (default) or cg-amg (conjugate"
                    + " gradients with smoothed-aggregation multigrid, for meshes whose factor does not fit).")
    String linearSolver;

    @CommandLine.Mixin
    ReductionOptions options = new ReductionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The problem names, for help and shell completion. */
    static final class Problems implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Stream.concat(Arrays.stream(DemoProblem.values()).map(p -> p.id), Stream.of(BLADE))
                    .iterator();
        }
    }

    @Override
    public void run() {
        options.apply();
        if (BLADE.equals(problemName)) {
            blade();
            return;
        }
        if (size != null
                || cycles != null
                || omega != null
                || peakTemperature != null
                || creepFactor != null
                || degree != null
                || linearSolver != null) {
            throw new JromException("--size, --cycles, --omega, --peak-temperature, --creep-factor, --degree and"
                    + " --linear-solver apply to the blade only");
        }
        DemoProblem problem = DemoProblem.of(problemName);
        String blockSpec = blocks != null ? blocks : problem.defaultBlocks;
        if (blocks != null && problem.defaultBlocks == null) {
            throw new JromException("--blocks does not apply to " + problem.id);
        }
        int res = resolution != null ? resolution : problem.defaultResolution;
        Path dir = options.out != null ? options.out : Path.of("jrom-out", problem.id);
        ParameterSpace space = problem.parameterSpace(blockSpec); // checks --blocks before any directory is made
        OutputDirectory.write(export != null ? export : dir, () -> produce(problem, blockSpec, res, space, dir));
    }

    static final String BLADE = "blade";

    /**
     * {@code jrom demo blade}: the turbine blade through its flight cycles ({@link BladeFlight}), a
     * simulation rather than a reduction: the VTU series, history, snapshots, plots and summary.
     */
    private void blade() {
        if (blocks != null || resolution != null || export != null) {
            throw new JromException(
                    "--blocks, --resolution and --export do not apply to the blade; --size sets its mesh");
        }
        BladeFlight.Options standard = BladeFlight.Options.standard();
        BladeFlight.Options o;
        try {
            o = new BladeFlight.Options(
                    size != null ? size : standard.size(),
                    degree != null ? degree : standard.degree(),
                    cycles != null ? cycles : standard.cycles(),
                    omega != null ? omega : standard.omega(),
                    peakTemperature != null ? peakTemperature : standard.peakTemperature(),
                    creepFactor != null ? creepFactor : standard.creepFactor(),
                    standard.maxStep());
        } catch (IllegalArgumentException e) {
            throw new JromException(e.getMessage());
        }
        QuasiStaticNewton.LinearSolver solver =
                switch (linearSolver == null ? "cholesky" : linearSolver) {
                    case "cholesky" -> QuasiStaticNewton.LinearSolver.CHOLESKY;
                    case "cg-amg", "cg_amg" -> QuasiStaticNewton.LinearSolver.CG_AMG;
                    default ->
                        throw new JromException(
                                "--linear-solver must be cholesky or cg-amg, found " + Excerpt.quoted(linearSolver));
                };
        Path dir = options.out != null ? options.out : Path.of("jrom-out", BLADE);
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("omega", o.omega());
        parameters.put("peak_temperature", o.peakTemperature());
        parameters.put("creep_factor", o.creepFactor());
        // the blade's fixed options too: jrom build --mechanics rebuilds the run from them
        parameters.put("size", o.size());
        parameters.put("degree", (double) o.degree());
        parameters.put("cycles", (double) o.cycles());
        parameters.put("max_step", o.maxStep());
        OutputDirectory.write(
                dir,
                () -> SimulationRuns.execute(
                        "jrom demo blade",
                        List.of(new SimulationRuns.Spec(parameters, () -> {
                            StructuralRun r = BladeFlight.run(o);
                            return new StructuralRun(
                                    r.solid(), r.loads(), r.times(), r.options().with(solver));
                        })),
                        dir,
                        new SimulationWriter.Options(1, true, true),
                        1,
                        false,
                        null,
                        List.of(),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr(),
                        TerminalProgress.forStderr()));
    }

    /** The high-fidelity model, then its export or its reduction into {@code dir}. */
    private void produce(DemoProblem problem, String blockSpec, int res, ParameterSpace space, Path dir) {
        long start = System.nanoTime();
        PhaseTimer timer = new PhaseTimer();
        TerminalProgress progress = TerminalProgress.forStderr();
        List<Parameter> train = Sampler.random(space, options.training, options.seed);
        DemoProblem.Setup setup =
                timer.time("high-fidelity model", () -> problem.setUp(blockSpec, res, train, progress));
        if (export != null) {
            exportManifest(setup, timer);
            return;
        }
        List<String[]> settings = new ArrayList<>();
        settings.add(new String[] {"problem", problem.id});
        if (problem.defaultBlocks != null) {
            settings.add(new String[] {problem == DemoProblem.ELASTICITY ? "segments" : "blocks", blockSpec});
        }
        settings.add(new String[] {"resolution", Integer.toString(res)});
        ReductionRun.Problem reduced = new ReductionRun.Problem(
                problem.id,
                "jrom demo " + problem.id,
                new CertifiedReduction.Problem(
                        setup.fom(),
                        setup.product(),
                        setup.coercivity(),
                        problem.compliant() ? Set.of(problem.output) : Set.of(),
                        problem.compliant() ? Set.of() : Set.of(problem.output)),
                setup.description(),
                Optional.of(FieldLayout.of(setup.fem())),
                problem.field,
                settings,
                Map.of("demo", problem.id));
        new ReductionRun(
                        reduced,
                        options,
                        train,
                        "uniform random, seed " + options.seed,
                        dir,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr(),
                        timer,
                        progress)
                .execute(start);
    }

    /** Writes the discretized problem as an external solver would hand it to {@code jrom build}. */
    private void exportManifest(DemoProblem.Setup setup, PhaseTimer timer) {
        ParameterSpace space = setup.fom().parameterSpace();
        AffineManifest.Coercivity coercivity;
        if (setup.coercivity() instanceof MinThetaBound) {
            double[] ones = new double[space.type().dimension()];
            Arrays.fill(ones, 1.0);
            coercivity = new AffineManifest.Coercivity.MinTheta(Parameter.of(space.type(), ones), 1.0);
        } else {
            coercivity = new AffineManifest.Coercivity.Scm(DemoProblem.SCM_OPTIONS); // what the demo certifies with
        }
        DemoProblem problem = DemoProblem.of(problemName);
        FieldLayout layout = FieldLayout.of(setup.fem());
        timer.run("export", () -> {
            AtomicFile.write(export.resolve("mesh.vtu"), VtuWriter.of(layout.mesh())::writeTo);
            AffineManifest.write(
                    export,
                    setup.fom(),
                    setup.product(),
                    coercivity,
                    Map.of(
                            problem.output,
                            problem.compliant()
                                    ? AffineManifest.OutputMethod.COMPLIANT
                                    : AffineManifest.OutputMethod.PRIMAL_DUAL),
                    setup.description(),
                    new AffineManifest.MeshLayout(Path.of("mesh.vtu"), layout.components(), layout.freeDofs()));
        });
        timer.run("examples", () -> exportExamples(setup.fom(), export));
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %s (manifest.json, %d Matrix Market files and the mesh, %d unknowns; queries.csv,"
                                + " snapshots.npy and snapshot-params.csv as examples) in %.1f s;"
                                + " reduce it with: jrom build --from %s%n",
                        export,
                        ((org.jrom.operators.LincombOperator) setup.fom().operator())
                                        .terms()
                                        .size()
                                + 2,
                        setup.fom().dim(),
                        timer.seconds().values().stream()
                                .mapToDouble(Double::doubleValue)
                                .sum(),
                        export.resolve("manifest.json"));
    }

    /** Example parameters of a batch, and of a snapshot set with its snapshots. */
    static final int EXAMPLE_QUERIES = 20;

    static final int EXAMPLE_SNAPSHOTS = 60;

    /**
     * Writes the inputs of the README's next commands beside the manifest: {@code queries.csv} (a
     * table for {@code jrom batch}), and {@code snapshots.npy} (column j the high-fidelity solution at
     * row j of {@code snapshot-params.csv}) for {@code jrom build --snapshots}. Seeded apart from the
     * training set.
     */
    private void exportExamples(StationaryModel fom, Path dir) {
        ParameterSpace space = fom.parameterSpace();
        ParameterTable.write(dir.resolve("queries.csv"), Sampler.random(space, EXAMPLE_QUERIES, options.seed + 1));
        List<Parameter> mus = Sampler.random(space, EXAMPLE_SNAPSHOTS, options.seed + 2);
        DenseMatrix u = DenseMatrix.zeros(fom.dim(), mus.size());
        for (int j = 0; j < mus.size(); j++) {
            System.arraycopy(fom.solve(mus.get(j)).vector(0), 0, u.data(), j * fom.dim(), fom.dim());
        }
        Npy.write(dir.resolve("snapshots.npy"), Npy.Array.of(u));
        ParameterTable.write(dir.resolve("snapshot-params.csv"), mus);
    }
}
