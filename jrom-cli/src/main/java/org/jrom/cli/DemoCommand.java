package org.jrom.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.algorithms.MonteCarlo;
import org.jrom.algorithms.Pod;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.io.VtuWriter;
import org.jrom.io.AtomicFile;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;
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
            "Build, certify, validate and save a reduced model of a reference problem:",
            "thermal-block, thermal-fin or elasticity (a plane-strain cantilever).",
            "Writes model.jrom, PNG plots, solutions.vtu, report.md and index.html into --out."
        },
        footer = {
            "",
            "Examples:",
            "  jrom demo thermal-block                       3x3 blocks, about a minute on 2 cores",
            "  jrom demo thermal-block --blocks 2x2 --tol 1e-10 --estimator EIM --out /tmp/tb",
            "  jrom demo thermal-fin --resolution 8          SCM coercivity bound",
            "  jrom demo elasticity --blocks 4               a cantilever with 4 Young's moduli"
        })
final class DemoCommand implements Runnable {
    @Parameters(
            index = "0",
            paramLabel = "PROBLEM",
            description = "thermal-block, thermal-fin or elasticity.",
            completionCandidates = Problems.class)
    String problemName;

    @Option(
            names = "--blocks",
            description = "Thermal block: BxB blocks (default 3x3); elasticity: the number of segments (default 4).")
    String blocks;

    @Option(
            names = "--resolution",
            description =
                    "Grid cells per block side (thermal block, default 40), per unit length (fin, a multiple of 4, default 24),"
                            + " across the beam (elasticity, default 16).")
    Integer resolution;

    @Option(
            names = "--tol",
            defaultValue = "1e-6",
            description = "Greedy tolerance on the relative error bound (default ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--max-basis", defaultValue = "60", description = "Largest basis (default ${DEFAULT-VALUE}).")
    int maxBasis;

    @Option(
            names = "--estimator",
            defaultValue = "ORTHONORMAL",
            description = "Residual-norm evaluation: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    ResidualNormEvaluation estimator;

    @Option(names = "--training", defaultValue = "500", description = "Training set size (default ${DEFAULT-VALUE}).")
    int training;

    @Option(names = "--test", defaultValue = "100", description = "Test set size (default ${DEFAULT-VALUE}).")
    int test;

    @Option(
            names = "--uq-samples",
            defaultValue = "20000",
            description = "Monte Carlo samples of the output (default ${DEFAULT-VALUE}).")
    int uqSamples;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed: training set; test set seed+1, Monte Carlo seed+2 (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            description = "Worker threads (default: all processors). Must come before any other work in the JVM.")
    Integer threads;

    @Option(names = "--out", description = "Output directory (default jrom-out/PROBLEM).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The problem names, for help and shell completion. */
    static final class Problems implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(DemoProblem.values()).map(p -> p.id).iterator();
        }
    }

    @Override
    public void run() {
        if (threads != null) {
            JromCommand.atLeastOne("--threads", threads);
            System.setProperty("jrom.threads", Integer.toString(threads));
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(threads));
        }
        DemoProblem problem = DemoProblem.of(problemName);
        JromCommand.atLeastOne("--training", training);
        JromCommand.atLeastOne("--test", test);
        JromCommand.atLeastOne("--uq-samples", uqSamples);
        String blockSpec = blocks != null ? blocks : problem.defaultBlocks;
        if (blocks != null && problem.defaultBlocks == null) {
            throw new JromException("--blocks does not apply to " + problem.id);
        }
        int res = resolution != null ? resolution : problem.defaultResolution;
        JromCommand.atLeastOne("--resolution", res);
        Path dir = out != null ? out : Path.of("jrom-out", problem.id);
        prepareDirectory(dir);
        new Run(problem, blockSpec, res, dir, spec.commandLine().getOut()).execute();
    }

    /** Creates the output directory and checks that it can be written, before any long work. */
    static void prepareDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".jrom-write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new JromException("cannot write to the output directory " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** One demo run: its phases, their results and the report they make. */
    private final class Run {
        private final DemoProblem problem;
        private final String blockSpec;
        private final int res;
        private final Path dir;
        private final PrintWriter stdout;
        private final PhaseTimer timer = new PhaseTimer();
        private final TerminalProgress progress = TerminalProgress.forStderr();

        Run(DemoProblem problem, String blockSpec, int res, Path dir, PrintWriter stdout) {
            this.problem = problem;
            this.blockSpec = blockSpec;
            this.res = res;
            this.dir = dir;
            this.stdout = stdout;
        }

        void execute() {
            long start = System.nanoTime();
            ParameterSpace space = problem.parameterSpace(blockSpec);
            List<Parameter> train = Sampler.random(space, training, seed);
            List<Parameter> testSet = Sampler.random(space, test, seed + 1);
            DemoProblem.Setup setup =
                    timer.time("high-fidelity model", () -> problem.setUp(blockSpec, res, train, progress));
            AffineDiscretization fem = setup.fem();
            stdout.println(setup.description());
            stdout.printf(
                    "coercivity: %s; estimator: %s; training %d, test %d (seed %d)%n%n",
                    setup.coercivity().describe(), estimator, training, test, seed);
            stdout.flush();

            CoerciveRbReductor reductor = CoerciveRbReductor.builder(setup.fom())
                    .product(setup.product())
                    .coercivityBound(setup.coercivity())
                    .residualNorm(estimator)
                    .compliantOutput(problem.output)
                    .build();
            WeakGreedy.Result greedy = timer.time(
                    "greedy",
                    () -> WeakGreedy.run(
                            reductor.greedySurrogate(), train, new WeakGreedy.Options(tol, maxBasis), progress));
            int n = reductor.basisSize();
            ReducedModel rom = reductor.reduce();

            VectorArray truth =
                    timer.time("validation", () -> ErrorBoundStudy.truthSolutions(setup.fom(), testSet, progress));
            int step = Math.max(1, n / 20);
            List<ErrorBoundStudy.Row> rows = timer.time(
                    "validation",
                    () -> ErrorBoundStudy.run(
                            setup.fom(),
                            setup.product().matrix(),
                            Map.of(estimator.name(), reductor),
                            testSet,
                            truth,
                            step,
                            progress));

            Speedup speedup = timer.time("speedup", () -> Speedup.measure(setup.fom(), rom, testSet));
            MonteCarlo.Result uq = timer.time(
                    "Monte Carlo",
                    () -> MonteCarlo.run(
                            rom,
                            problem.output,
                            Sampler.random(space, uqSamples, seed + 2),
                            MonteCarlo.DEFAULT_LEVELS));
            double uqSeconds = timer.seconds().get("Monte Carlo");

            Report report = new Report("jrom demo " + problem.id);
            report.paragraph(setup.description() + ".");
            report.heading("Settings");
            report.table(new String[] {"setting", "value"}, settings(setup, n, greedy));

            List<String[]> convergence = convergenceTable(greedy, rows);
            String[] convergenceHeader = {
                "N",
                "max estimate (training)",
                "max true error (test)",
                "max bound (test)",
                "eff min",
                "eff mean",
                "eff max",
                "violations"
            };
            stdout.printf("greedy: N = %d (%s)%n%n", n, greedy.stopReason());
            TextTable table = new TextTable(convergenceHeader);
            convergence.forEach(table::row);
            table.print(stdout);
            int violations = rows.stream()
                    .mapToInt(r -> r.bounds().get(estimator.name()).violations())
                    .sum();

            timer.run("writing", () -> {
                writePlots(greedy, rows, truth, setup, uq);
                writeFields(fem, reductor, rom, testSet, truth, rows);
                ModelFile.write(
                        rom,
                        dir.resolve("model.jrom"),
                        Provenance.current()
                                .withTrainingSet(training, seed)
                                .withTolerance("greedy", tol)
                                .withNote("demo", problem.id)
                                .withNote("problem", setup.description())
                                .withNote("estimator", estimator.name()),
                        FieldLayout.of(fem).attachments());
            });

            stdout.printf(
                    "%nvalidation on %d test parameters: bound below the true error %d times%n", test, violations);
            stdout.printf(
                    "speedup: high-fidelity solve %s, certified reduced query %s: %,.0fx%n",
                    Speedup.time(speedup.fullSeconds()), Speedup.time(speedup.reducedSeconds()), speedup.ratio());
            List<String[]> uqRows = StatisticsTable.rows(uq);
            stdout.printf(
                    "%nMonte Carlo of %s over %,d uniform samples (%.0f certified queries/s):%n",
                    problem.output, uqSamples, uqSamples / uqSeconds);
            TextTable uqText = new TextTable("statistic", "reduced value", "certified interval", "half width");
            uqRows.forEach(uqText::row);
            uqText.print(stdout);

            report.heading("Greedy convergence and validation");
            report.paragraph(String.format(
                    Locale.ROOT,
                    "Weak greedy over %d random training parameters (seed %d) with the %s residual norm: N = %d,"
                            + " %s. Relative errors in the X norm of the error bound, divided by `||u(mu)||_X`;"
                            + " the true error on %d test parameters (seed %d) against the high-fidelity solution;"
                            + " effectivity = bound / true error. Violations count bounds below the true error by"
                            + " more than the high-fidelity solution's own accuracy: %d.",
                    training,
                    seed,
                    estimator,
                    n,
                    greedy.stopReason(),
                    test,
                    seed + 1,
                    violations));
            report.table(convergenceHeader, convergence);
            report.image("convergence.png", "Greedy convergence: error bound and true error vs basis size");
            report.image("effectivity.png", "Effectivity of the error bound vs basis size");
            report.image("singular-values.png", "Singular values of the test snapshots (POD in X)");
            report.heading("Speedup");
            report.table(
                    new String[] {"query", "time", "unknowns"},
                    List.of(
                            new String[] {
                                "high-fidelity solve", Speedup.time(speedup.fullSeconds()), Integer.toString(fem.dim())
                            },
                            new String[] {
                                "certified reduced query (solve, error bound, output)",
                                Speedup.time(speedup.reducedSeconds()),
                                Integer.toString(n)
                            },
                            new String[] {"speedup", String.format(Locale.ROOT, "%,.0fx", speedup.ratio()), ""}));
            report.heading("Monte Carlo uncertainty quantification");
            report.paragraph(String.format(
                    Locale.ROOT,
                    "%,d uniform samples of the parameter space (seed %d), %.0f certified queries per second"
                            + " (%.2f s). Each interval certainly contains the statistic of the high-fidelity"
                            + " output over the same samples (the per-sample output bounds carried over); the"
                            + " Monte Carlo standard error of the mean is %.3e.",
                    uqSamples,
                    seed + 2,
                    uqSamples / uqSeconds,
                    uqSeconds,
                    uq.standardError()));
            report.table(new String[] {"statistic", "reduced value", "certified interval", "half width"}, uqRows);
            report.image("histogram.png", "Histogram of the reduced output over the Monte Carlo samples");
            report.heading("Timings");
            List<String[]> timings = new ArrayList<>();
            timer.seconds().forEach((k, v) -> timings.add(new String[] {k, String.format(Locale.ROOT, "%.2f s", v)}));
            reductor.timings()
                    .seconds()
                    .forEach((k, v) ->
                            timings.add(new String[] {"greedy: " + k, String.format(Locale.ROOT, "%.2f s", v)}));
            report.table(new String[] {"phase", "wall time"}, timings);
            report.heading("Files");
            report.paragraph("`model.jrom` (the reduced model; `jrom info`, `jrom query`), `solutions.vtu`"
                    + " (high-fidelity, reduced and error fields at three test parameters, for ParaView), the PNG"
                    + " plots above, this report as `report.md` and `index.html`.");
            report.write(dir);
            stdout.printf(
                    "%nwrote %s (model.jrom, solutions.vtu, report.md, index.html, 4 plots) in %.1f s%n",
                    dir, (System.nanoTime() - start) * 1e-9);
            stdout.flush();
        }

        private List<String[]> settings(DemoProblem.Setup setup, int n, WeakGreedy.Result greedy) {
            List<String[]> s = new ArrayList<>();
            s.add(new String[] {"problem", problem.id});
            if (problem.defaultBlocks != null) {
                s.add(new String[] {problem == DemoProblem.ELASTICITY ? "segments" : "blocks", blockSpec});
            }
            s.add(new String[] {"resolution", Integer.toString(res)});
            s.add(new String[] {
                "high-fidelity unknowns", Integer.toString(setup.fom().dim())
            });
            s.add(new String[] {"parameters", setup.fom().parameterSpace().summary()});
            s.add(new String[] {"error estimator", estimator.name()});
            s.add(new String[] {"coercivity bound", setup.coercivity().describe()});
            s.add(new String[] {"greedy tolerance", TextTable.sci(tol)});
            s.add(new String[] {"max basis size", Integer.toString(maxBasis)});
            s.add(new String[] {"basis size reached", n + " (" + greedy.stopReason() + ")"});
            s.add(new String[] {"training / test / Monte Carlo samples", training + " / " + test + " / " + uqSamples});
            s.add(new String[] {"seed", Long.toString(seed)});
            s.add(new String[] {"threads", Integer.toString(org.jrom.linalg.Parallel.threads())});
            return s;
        }

        private List<String[]> convergenceTable(WeakGreedy.Result greedy, List<ErrorBoundStudy.Row> rows) {
            List<String[]> out = new ArrayList<>();
            for (ErrorBoundStudy.Row r : rows) {
                ErrorBoundStudy.BoundStats b = r.bounds().get(estimator.name());
                int k = r.basisSize();
                out.add(new String[] {
                    Integer.toString(k),
                    k < greedy.maxErrors().length ? TextTable.sci(greedy.maxErrors()[k]) : "-",
                    TextTable.sci(r.maxRelativeError()),
                    TextTable.sci(b.maxRelativeBound()),
                    TextTable.fix(b.minEffectivity()),
                    TextTable.fix(b.meanEffectivity()),
                    TextTable.fix(b.maxEffectivity()),
                    Integer.toString(b.violations())
                });
            }
            return out;
        }

        private void writePlots(
                WeakGreedy.Result greedy,
                List<ErrorBoundStudy.Row> rows,
                VectorArray truth,
                DemoProblem.Setup setup,
                MonteCarlo.Result uq) {
            String what = String.format(
                    Locale.ROOT, "%s (%d unknowns)", problem.id, setup.fom().dim());
            double[] greedyN = new double[greedy.maxErrors().length];
            for (int k = 0; k < greedyN.length; k++) {
                greedyN[k] = k;
            }
            double[] studyN =
                    rows.stream().mapToDouble(ErrorBoundStudy.Row::basisSize).toArray();
            String est = estimator.name();
            new LogPlot(
                            what + ": greedy convergence",
                            "reduced basis size N",
                            "relative error in the X norm, max over the parameters")
                    .series("max " + est + " bound, training set", greedyN, greedy.maxErrors())
                    .series(
                            "max " + est + " bound, test set",
                            studyN,
                            rows.stream()
                                    .mapToDouble(r -> r.bounds().get(est).maxRelativeBound())
                                    .toArray())
                    .series(
                            "max true error, test set",
                            studyN,
                            rows.stream()
                                    .mapToDouble(ErrorBoundStudy.Row::maxRelativeError)
                                    .toArray())
                    .write(dir.resolve("convergence.png"));
            new LogPlot(what + ": effectivity of the " + est + " bound", "reduced basis size N", "bound / true error")
                    .linear()
                    .series(
                            "max",
                            studyN,
                            rows.stream()
                                    .mapToDouble(r -> r.bounds().get(est).maxEffectivity())
                                    .toArray())
                    .series(
                            "mean",
                            studyN,
                            rows.stream()
                                    .mapToDouble(r -> r.bounds().get(est).meanEffectivity())
                                    .toArray())
                    .series(
                            "min",
                            studyN,
                            rows.stream()
                                    .mapToDouble(r -> r.bounds().get(est).minEffectivity())
                                    .toArray())
                    .series("1 (rigorous above)", new double[] {0, studyN[studyN.length - 1]}, new double[] {1, 1})
                    .write(dir.resolve("effectivity.png"));
            double[] sigma = Pod.compute(truth, setup.product().matrix(), Pod.Options.modes(truth.count()))
                    .singularValues();
            double[] relative = new double[sigma.length];
            double[] index = new double[sigma.length];
            for (int k = 0; k < sigma.length; k++) {
                relative[k] = sigma[k] / sigma[0];
                index[k] = k + 1;
            }
            new LogPlot(
                            what + ": singular values of " + truth.count() + " test snapshots",
                            "index k",
                            "sigma_k / sigma_1 (POD in the X inner product)")
                    .series("sigma_k / sigma_1", index, relative)
                    .write(dir.resolve("singular-values.png"));
            HistogramPlot h = new HistogramPlot(
                    what + ": Monte Carlo of the output '" + problem.output + "'",
                    problem.output + " (reduced model)",
                    uq.outputs(),
                    60);
            h.marker("mean", uq.mean().value());
            for (int k = 0; k < uq.quantileLevels().length; k++) {
                double level = uq.quantileLevels()[k];
                if (level == 0.05 || level == 0.95) {
                    h.marker(StatisticsTable.percent(level) + " quantile", uq.quantiles()[k].value());
                }
            }
            h.write(dir.resolve("histogram.png"));
        }

        /** High-fidelity, reduced and error fields at three test parameters: the worst one (largest nodal error) and the first others. */
        private void writeFields(
                AffineDiscretization fem,
                CoerciveRbReductor reductor,
                ReducedModel rom,
                List<Parameter> testSet,
                VectorArray truth,
                List<ErrorBoundStudy.Row> rows) {
            List<Integer> picks = new ArrayList<>();
            double worst = -1;
            int worstIndex = 0;
            Map<Integer, double[]> reduced = new LinkedHashMap<>();
            for (int k = 0; k < testSet.size(); k++) {
                ReducedSolution s = rom.solve(testSet.get(k));
                double[] u = reductor.reconstruct(s.coefficients());
                double e = 0;
                double[] t = truth.vector(k);
                for (int i = 0; i < u.length; i++) {
                    e = Math.max(e, Math.abs(u[i] - t[i]));
                }
                if (e > worst) {
                    worst = e;
                    worstIndex = k;
                }
                if (k < 3) {
                    reduced.put(k, u);
                }
            }
            picks.add(worstIndex);
            for (int k = 0; k < testSet.size() && picks.size() < 3; k++) {
                if (k != worstIndex) {
                    picks.add(k);
                }
            }
            VtuWriter vtu = VtuWriter.of(fem.space().mesh());
            FieldLayout layout = FieldLayout.of(fem);
            int vtkComponents = layout.vtkComponents();
            StringBuilder legend = new StringBuilder();
            for (int p = 0; p < picks.size(); p++) {
                int k = picks.get(p);
                double[] u = reduced.containsKey(k)
                        ? reduced.get(k)
                        : reductor.reconstruct(rom.solve(testSet.get(k)).coefficients());
                double[] t = truth.vector(k);
                double[] err = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    err[i] = t[i] - u[i];
                }
                String tag = "_" + (p + 1);
                vtu.vectorField(problem.field + "_fom" + tag, vtkComponents, layout.nodal(t));
                vtu.vectorField(problem.field + "_rom" + tag, vtkComponents, layout.nodal(u));
                vtu.vectorField(problem.field + "_error" + tag, vtkComponents, layout.nodal(err));
                legend.append(String.format(Locale.ROOT, "%s: %s%n", tag.substring(1), testSet.get(k)));
            }
            vtu.write(dir.resolve("solutions.vtu"));
            AtomicFile.writeString(
                    dir.resolve("solutions.txt"), "parameters of the fields in solutions.vtu\n" + legend);
        }
    }
}
