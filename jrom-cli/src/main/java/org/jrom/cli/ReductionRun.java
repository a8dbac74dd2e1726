package org.jrom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jrom.PhaseTimer;
import org.jrom.algorithms.MonteCarlo;
import org.jrom.fem.io.VtuWriter;
import org.jrom.io.AtomicFile;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ErrorFigures;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.Sampler;
import org.jrom.pipelines.CertifiedReduction;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;

/**
 * One certified reduction from start to report, shared by {@code jrom demo} and {@code jrom
 * build}: core's {@link CertifiedReduction} (weak greedy with the chosen error estimator, a dual
 * greedy per primal-dual output, validation against high-fidelity solves on a seeded test set,
 * certificate), then the online measurements of its model (the speedup, a Monte Carlo of the first
 * output), the model file, plots, fields (when the problem has a mesh) and a report.
 */
final class ReductionRun {
    /**
     * What is reduced.
     *
     * @param id a short name for plot titles, e.g. {@code thermal-block}
     * @param title the report's title, e.g. {@code jrom demo thermal-block}
     * @param reduction the high-fidelity model, product, coercivity bound and outputs
     * @param description one sentence for the report
     * @param layout where the unknowns live on a mesh, for fields and reconstructions
     * @param field the name of the field in solutions.vtu, e.g. {@code temperature}
     * @param settings problem-specific rows of the settings table
     * @param notes problem-specific provenance notes
     * @param testSet the validation's test parameters, or null for a random set (the seed's)
     * @param entries how the operator coefficients come from a solver's matrix entries, or null for
     *     coefficients that are functions of mu; such a model answers only where entries are given, so
     *     no Monte Carlo is drawn
     */
    record Problem(
            String id,
            String title,
            CertifiedReduction.Problem reduction,
            String description,
            Optional<FieldLayout> layout,
            String field,
            List<String[]> settings,
            Map<String, String> notes,
            List<Parameter> testSet,
            ReducedModel.EntryCoefficients entries) {
        /** A problem whose operator coefficients are functions of mu, validated on a random test set. */
        Problem(
                String id,
                String title,
                CertifiedReduction.Problem reduction,
                String description,
                Optional<FieldLayout> layout,
                String field,
                List<String[]> settings,
                Map<String, String> notes) {
            this(id, title, reduction, description, layout, field, settings, notes, null, null);
        }

        StationaryModel fom() {
            return reduction.fom();
        }

        CoercivityBound coercivity() {
            return reduction.coercivity();
        }
    }

    private final Problem problem;
    private final ReductionOptions options;
    private final List<Parameter> train;
    private final String trainingSource;
    private final Path dir;
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private final PhaseTimer timer;
    private final TerminalProgress progress;
    private org.jrom.pipelines.OfflineBackend cluster; // --spark: the greedy's sweeps and snapshots there
    private org.jrom.models.ModelRecipe recipe; // how the cluster's executors build the high-fidelity model

    /**
     * A run over the given training set; {@code timer} has already timed the high-fidelity setup,
     * {@code trainingSource} says where the training set came from (for the report); warnings go to
     * {@code stderr}.
     */
    ReductionRun(
            Problem problem,
            ReductionOptions options,
            List<Parameter> train,
            String trainingSource,
            Path dir,
            PrintWriter stdout,
            PrintWriter stderr,
            PhaseTimer timer,
            TerminalProgress progress) {
        this.problem = problem;
        this.options = options;
        this.train = train;
        this.trainingSource = trainingSource;
        this.dir = dir;
        this.stdout = stdout;
        this.stderr = stderr;
        this.timer = timer;
        this.progress = progress;
    }

    /**
     * This run with the primal greedy's training-set sweeps and snapshots on {@code backend}, whose
     * executors build the high-fidelity model from {@code recipe}; the report says where it ran.
     */
    ReductionRun on(org.jrom.pipelines.OfflineBackend backend, org.jrom.models.ModelRecipe recipe) {
        this.cluster = backend;
        this.recipe = recipe;
        return this;
    }

    void execute(long start) {
        ParameterSpace space = problem.fom().parameterSpace();
        ResidualNormEvaluation estimator = options.estimator;
        stdout.println(problem.description());
        stdout.printf(
                "coercivity: %s; estimator: %s; training %d (%s), test %s%n%n",
                problem.coercivity().describe(),
                estimator,
                train.size(),
                trainingSource,
                problem.testSet() == null
                        ? testCount() + " (" + testSource() + ")"
                        : problem.testSet().size() + " (given)");
        stdout.flush();

        CertifiedReduction reduction = new CertifiedReduction(
                problem.reduction(),
                new CertifiedReduction.Options(
                        options.tol, options.maxBasis, estimator, options.test, options.seed + 1, problem.testSet()));
        CertifiedReduction.Result result =
                (cluster == null ? reduction : reduction.on(cluster, recipe)).run(train, progress, timer);
        if (cluster != null) {
            stdout.printf("greedy on %s%n", cluster.describe());
            cluster.timings().forEach(row -> stdout.printf("  %s: %s%n", row[0], row[1]));
        }
        List<ErrorBoundStudy.Row> rows = result.validation();
        int n = result.basisSize();
        ReducedModel rom =
                problem.entries() == null ? result.model() : result.model().withEntryCoefficients(problem.entries());
        String uqOutput = rom.outputs().isEmpty() || rom.requiredEntries()[0].length > 0 // no entries at random mu
                ? null
                : problem.fom().outputs().keySet().iterator().next();
        ErrorBoundStudy.Row last = result.lastRow();
        ErrorBoundStudy.BoundStats lastBound = result.bound(last);
        int violations = result.violations();
        ErrorFigures figures = rom.errorFigures();
        boolean certified = figures.certified();
        String certifiedWord = certified ? "certified " : "";

        Speedup speedup = timer.time("speedup", () -> Speedup.measure(problem.fom(), rom, result.testSet()));
        MonteCarlo.Result uq = uqOutput == null
                ? null
                : timer.time(
                        "Monte Carlo",
                        () -> MonteCarlo.run(
                                rom,
                                uqOutput,
                                Sampler.random(space, options.uqSamples, options.seed + 2),
                                MonteCarlo.DEFAULT_LEVELS));

        List<String[]> convergence = convergenceTable(result);
        String[] convergenceHeader = {
            "N",
            "max estimate (training)",
            "max true error (test)",
            options.estimator.bound() ? "max bound (test)" : "max estimate (test)",
            "floor",
            "eff min",
            "eff mean",
            "eff max",
            "violations"
        };
        RunSummary.StopReason stop = stopReason(result);
        double finalEstimate = result.finalEstimate();
        stdout.printf("greedy: N = %d (%s)%n", n, result.greedy().stopReason());
        if (stop == RunSummary.StopReason.MAX_BASIS) {
            stdout.println("note: " + maxBasisNote(finalEstimate));
        }
        for (String name : result.dualsCutShort()) {
            stdout.println("note: the dual greedy of output " + name + " stopped at --max-basis " + options.maxBasis
                    + " above --tol; its output bounds are wider than they could be: raise --max-basis");
        }
        stdout.println();
        TextTable table = new TextTable(convergenceHeader);
        convergence.forEach(table::row);
        table.print(stdout);

        List<String> written = new ArrayList<>(List.of("model.jrom"));
        List<FieldSample> samples = new ArrayList<>();
        timer.run("writing", () -> {
            written.addAll(writePlots(result, uq, uqOutput));
            problem.layout().ifPresent(layout -> {
                samples.addAll(writeFields(layout, result));
                written.add("solutions.vtu");
                written.add("solutions.txt");
                written.addAll(drawFields(layout, samples, n, rom));
            });
            Provenance provenance = Provenance.current()
                    .withTrainingSet(train.size(), options.seed)
                    .withTolerance("greedy", options.tol)
                    .withNote("problem", problem.description())
                    .withNote("estimator", estimator.name())
                    .withNote(
                            "validation",
                            rom.certificate().validation().orElseThrow().describe());
            for (var e : problem.notes().entrySet()) {
                provenance = provenance.withNote(e.getKey(), e.getValue());
            }
            ModelFile.write(
                    rom,
                    dir.resolve("model.jrom"),
                    provenance,
                    problem.layout().map(FieldLayout::attachments).orElse(Map.of()));
        });

        stdout.printf(
                "%nvalidation on %d test parameters: %s below the true error %d times%n",
                testCount(), options.estimator.bound() ? "bound" : options.estimator + " estimate", violations);
        if (violations > 0) {
            stdout.flush();
            stderr.println("jrom: warning: " + violationWarning(violations, rows.size()));
            stderr.flush();
        } else if (!certified) {
            stdout.flush();
            stderr.println("jrom: note: " + figures.restsOn());
            stderr.flush();
        }
        stdout.printf(
                "speedup: high-fidelity solve %s, %sreduced query %s: %,.0fx%n",
                Speedup.time(speedup.fullSeconds()),
                certifiedWord,
                Speedup.time(speedup.reducedSeconds()),
                speedup.ratio());
        List<String[]> uqRows = uq == null ? List.of() : StatisticsTable.rows(uq);
        double uqSeconds = uq == null ? 0 : timer.seconds().get("Monte Carlo");
        if (uq != null) {
            stdout.printf(
                    "%nMonte Carlo of %s over %,d uniform samples (%.0f %squeries/s):%n",
                    uqOutput, options.uqSamples, options.uqSamples / uqSeconds, certifiedWord);
            TextTable uqText = new TextTable(certified ? StatisticsTable.HEADER : StatisticsTable.UNCERTIFIED_HEADER);
            uqRows.forEach(uqText::row);
            uqText.print(stdout);
        }

        Report report = new Report(problem.title());
        report.paragraph(problem.description() + ".");
        report.heading("Summary");
        report.paragraph(headline(figures, violations, rows.size()));
        report.facts(summaryFacts(
                n,
                stop,
                finalEstimate,
                result,
                certified,
                violations,
                last,
                lastBound,
                speedup,
                uq,
                uqOutput,
                uqSeconds));
        report.paragraph(filesParagraph(written));
        if (!samples.isEmpty()) {
            report.heading("Fields");
            FieldLayout layout = problem.layout().orElseThrow();
            report.paragraph(fieldsParagraph(layout, n));
            for (int p = 0; p < samples.size(); p++) {
                report.image(fieldsFile(p), fieldsCaption(p, samples.get(p), layout));
            }
        }
        report.heading("Settings");
        report.table(new String[] {"setting", "value"}, settings(n, result));
        if (violations > 0) {
            report.paragraph("**Warning:** " + violationWarning(violations, rows.size()));
        }
        report.heading("Greedy convergence and validation");
        if (!options.estimator.bound()) {
            report.paragraph("The " + estimator + " residual norm approximates without bounding (docs/estimators.md):"
                    + " below, its \"bounds\" and \"effectivities\" are those of an estimate, and a violation is the"
                    + " estimate below the true error.");
        }
        report.paragraph(String.format(
                Locale.ROOT,
                "Weak greedy over %d training parameters (%s) with the %s residual norm: N = %d,"
                        + " %s. Relative errors in the X norm of the error bound, divided by `||u(mu)||_X`;"
                        + " the true error on %d test parameters (%s) against the high-fidelity solution;"
                        + " effectivity = bound / true error. Every bound carries a round-off floor (its largest"
                        + " value in the floor column): the rounding of the online evaluation and the measured"
                        + " accuracy of the high-fidelity solutions, relative %s (docs/estimators.md)."
                        + " Violations count bounds below the true error, with no allowance: %d.",
                train.size(),
                trainingSource,
                estimator,
                n,
                result.greedy().stopReason(),
                testCount(),
                testSource(),
                TextTable.sci(last.maxTruthAccuracy()),
                violations));
        report.table(convergenceHeader, convergence);
        String what = options.estimator.bound() ? "error bound" : "error estimate";
        report.image("convergence.png", "Greedy convergence: " + what + " and true error vs basis size");
        report.image("effectivity.png", "Effectivity of the " + what + " vs basis size");
        if (written.contains("singular-values.png")) {
            report.image("singular-values.png", "Singular values of the test snapshots (POD in X)");
        }
        report.heading("Speedup");
        report.table(
                new String[] {"query", "time", "unknowns"},
                List.of(
                        new String[] {
                            "high-fidelity solve",
                            Speedup.time(speedup.fullSeconds()),
                            Integer.toString(problem.fom().dim())
                        },
                        new String[] {
                            certifiedWord + "reduced query (solve, error "
                                    + (rom.errorFigures().bounds() ? "bound" : "estimate") + ", output)",
                            Speedup.time(speedup.reducedSeconds()),
                            Integer.toString(n)
                        },
                        new String[] {"speedup", String.format(Locale.ROOT, "%,.0fx", speedup.ratio()), ""}));
        if (uq != null) {
            report.heading("Monte Carlo uncertainty quantification");
            report.paragraph(String.format(
                    Locale.ROOT,
                    "%,d uniform samples of the parameter space (seed %d) of the output `%s`, %.0f %squeries per"
                            + " second (%.2f s). %s; the Monte Carlo standard error of the mean is %.3e.",
                    options.uqSamples,
                    options.seed + 2,
                    uqOutput,
                    options.uqSamples / uqSeconds,
                    certifiedWord,
                    uqSeconds,
                    certified
                            ? "Each interval certainly contains the statistic of the high-fidelity output over the"
                                    + " same samples (the per-sample output bounds carried over)"
                            : !options.estimator.bound()
                                    ? "The intervals carry the per-sample output error estimates over ("
                                            + estimator + " is not a bound): estimates of where the statistic of the"
                                            + " high-fidelity output lies"
                                    : violations > 0
                                            ? "The intervals carry the per-sample output bounds over, but the validation found"
                                                    + " bounds below the true error, so they may miss the statistic of the"
                                                    + " high-fidelity output"
                                            : "The intervals carry the per-sample output bounds over; they contain the statistic"
                                                    + " of the high-fidelity output if the modeller's coercivity lower bound"
                                                    + " holds",
                    uq.standardError()));
            report.table(certified ? StatisticsTable.HEADER : StatisticsTable.UNCERTIFIED_HEADER, uqRows);
            report.image("histogram.png", "Histogram of the reduced output over the Monte Carlo samples");
        }
        report.heading("Timings");
        List<String[]> timings = new ArrayList<>();
        timer.seconds().forEach((k, v) -> timings.add(new String[] {k, String.format(Locale.ROOT, "%.2f s", v)}));
        result.reductorSeconds()
                .forEach((k, v) -> timings.add(new String[] {"greedy: " + k, String.format(Locale.ROOT, "%.2f s", v)}));
        report.table(new String[] {"phase", "wall time"}, timings);
        report.write(dir);
        written.addAll(List.of("report.md", "index.html"));

        RunSummary summary = new RunSummary(
                "certified_reduced_basis",
                problem.id(),
                problem.title(),
                problem.fom().dim(),
                space);
        summary.basis(
                n,
                options.maxBasis,
                options.tol,
                finalEstimate,
                stop,
                result.greedy().stopReason());
        ObjectNode json = summary.root();
        json.put("training_size", train.size());
        json.put("error_estimator", estimator.name());
        json.put("coercivity_bound", problem.coercivity().describe());
        ObjectNode v = summary.validation("high_fidelity_solves", testCount());
        if (problem.testSet() == null) { // a given test set has no seed
            v.put("seed", options.seed + 1);
        }
        v.put("basis_sizes", rows.size());
        v.put("basis_size", last.basisSize());
        RunSummary.put(v, "max_true_error", last.maxRelativeError());
        RunSummary.put(v, "max_bound", lastBound.maxRelativeBound());
        RunSummary.put(v, "truth_accuracy", last.maxTruthAccuracy());
        RunSummary.put(v, "max_floor", lastBound.maxRelativeFloor());
        v.put("violations", violations);
        v.put("violations_at_basis_size", lastBound.violations());
        ObjectNode eff = v.putObject("effectivity");
        RunSummary.put(eff, "min", lastBound.minEffectivity());
        RunSummary.put(eff, "mean", lastBound.meanEffectivity());
        RunSummary.put(eff, "max", lastBound.maxEffectivity());
        ArrayNode perSize = v.putArray("rows");
        for (ErrorBoundStudy.Row r : rows) {
            ErrorBoundStudy.BoundStats b = r.bounds().get(estimator.name());
            ObjectNode row = perSize.addObject().put("basis_size", r.basisSize());
            RunSummary.put(row, "max_true_error", r.maxRelativeError());
            RunSummary.put(row, "max_bound", b.maxRelativeBound());
            RunSummary.put(row, "max_floor", b.maxRelativeFloor());
            RunSummary.put(row, "min_effectivity", b.minEffectivity());
            RunSummary.put(row, "mean_effectivity", b.meanEffectivity());
            RunSummary.put(row, "max_effectivity", b.maxEffectivity());
            row.put("violations", b.violations());
        }
        json.put("certified", certified);
        json.put("error_figures", figures.standing().name().toLowerCase(Locale.ROOT));
        json.put("error_figures_rest_on", figures.restsOn());
        json.put("online_query_us", speedup.reducedSeconds() * 1e6);
        json.put("high_fidelity_solve_us", speedup.fullSeconds() * 1e6);
        json.put("speedup", speedup.ratio());
        if (uq != null) {
            ObjectNode mc = json.putObject("monte_carlo");
            mc.put("output", uqOutput);
            mc.put("samples", options.uqSamples);
            mc.put("seed", options.seed + 2);
            mc.put("seconds", uqSeconds);
            mc.put("queries_per_second", options.uqSamples / uqSeconds);
            mc.put("mean", uq.mean().value());
            mc.put("mean_lower", uq.mean().lower());
            mc.put("mean_upper", uq.mean().upper());
            mc.put("standard_error", uq.standardError());
        }
        summary.offlineSeconds(timer, (System.nanoTime() - start) * 1e-9);
        summary.write(dir, written);
        written.add(RunSummary.FILE);
        stdout.printf(
                "%nwrote %s (%s) in %.1f s%n", dir, String.join(", ", written), (System.nanoTime() - start) * 1e-9);
        stdout.flush();
    }

    /** Why the greedy stopped: its own verdict on the maximum basis size, else the figures. */
    private RunSummary.StopReason stopReason(CertifiedReduction.Result result) {
        if (result.greedy().stoppedAtMaxBasisSize()) {
            return RunSummary.StopReason.MAX_BASIS;
        }
        double[] e = result.greedy().maxErrors();
        return e.length > 0 && e[e.length - 1] <= options.tol
                ? RunSummary.StopReason.TOLERANCE_REACHED
                : RunSummary.StopReason.TRAINING_EXHAUSTED;
    }

    /** One line: the basis is as large as allowed and still short of the tolerance, and what to do. */
    private String maxBasisNote(double finalEstimate) {
        return "the greedy stopped at --max-basis " + options.maxBasis + " with its error estimate "
                + TextTable.sci(finalEstimate) + " still above --tol " + TextTable.sci(options.tol)
                + "; raise --max-basis to reach the tolerance";
    }

    /** The first sentence of the report: certified or not, and on what evidence. */
    private String headline(ErrorFigures figures, int violations, int basisSizes) {
        if (violations > 0 && !options.estimator.bound()) {
            return String.format(
                    Locale.ROOT,
                    "**Estimates: %d below the true error.** The %s residual norm approximates without bounding:"
                            + " its estimate fell below the true error %d times at %d test parameters and %d basis"
                            + " sizes.",
                    violations,
                    options.estimator,
                    violations,
                    testCount(),
                    basisSizes);
        }
        if (violations > 0) {
            return String.format(
                    Locale.ROOT,
                    "**Estimates, not certified: %d violations.** The error bound fell below the true error %d times"
                            + " at %d test parameters and %d basis sizes: the bounds below are estimates, not"
                            + " certified.",
                    violations,
                    violations,
                    testCount(),
                    basisSizes);
        }
        String held = String.format(
                Locale.ROOT,
                "The error %s was at or above the true error at all %d test parameters (%s) at each of the"
                        + " %d validated basis sizes",
                options.estimator.bound() ? "bound" : "estimate",
                testCount(),
                testSource(),
                basisSizes);
        if (!figures.bounds()) { // an interpolated operator, or an estimate (PRODUCT_EIM) for the residual norm
            return "**Estimates, not certified.** " + held
                    + (problem.entries() != null ? " of the model it reduces" : "") + ", but " + figures.restsOn()
                    + ".";
        }
        return figures.certified()
                ? "**Certified.** " + held + ", and the coercivity lower bound is proven: the error and output"
                        + " bounds below are certified."
                : "**Bounds, not certified.** " + held + ", but " + figures.restsOn() + ": the bounds below hold"
                        + " only as far as it does.";
    }

    /** The summary's facts: the result first, then what it cost and what it gives. */
    private List<String[]> summaryFacts(
            int n,
            RunSummary.StopReason stop,
            double finalEstimate,
            CertifiedReduction.Result result,
            boolean certified,
            int violations,
            ErrorBoundStudy.Row last,
            ErrorBoundStudy.BoundStats lastBound,
            Speedup speedup,
            MonteCarlo.Result uq,
            String uqOutput,
            double uqSeconds) {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {
            "error bounds",
            certified
                    ? "certified: 0 violations in validation"
                    : !options.estimator.bound()
                            ? "estimates (" + options.estimator + ", not a bound): " + violations
                                    + " below the true error in validation"
                            : violations > 0
                                    ? "not certified: " + violations
                                            + " violations (bound below the true error) in validation"
                                    : problem.entries() != null
                                            ? "estimates: 0 violations against the interpolated operator, whose own error"
                                                    + " (the EIM's) they leave out"
                                            : "not certified: 0 violations in validation, but the bounds rest on a coercivity"
                                                    + " lower bound given by the modeller"
        });
        facts.add(new String[] {
            "basis size",
            n + ": "
                    + (stop == RunSummary.StopReason.MAX_BASIS
                            ? maxBasisNote(finalEstimate)
                            : result.greedy().stopReason() + ", max error estimate on the training set "
                                    + TextTable.sci(finalEstimate))
        });
        String at = " (test set, N = " + last.basisSize() + ")";
        facts.add(new String[] {"max true error" + at, TextTable.sci(last.maxRelativeError()) + " relative, X norm"});
        facts.add(new String[] {
            "max "
                    + (certified
                            ? "error bound"
                            : violations > 0 || problem.entries() != null || !options.estimator.bound()
                                    ? "error estimate, not certified,"
                                    : "error bound, not certified,")
                    + at,
            TextTable.sci(lastBound.maxRelativeBound()) + " relative, X norm"
        });
        facts.add(new String[] {
            "effectivity" + at,
            TextTable.fix(lastBound.minEffectivity()) + " to " + TextTable.fix(lastBound.maxEffectivity()) + ", mean "
                    + TextTable.fix(lastBound.meanEffectivity())
        });
        facts.add(new String[] {
            "speedup",
            String.format(
                    Locale.ROOT,
                    "%,.0fx: high-fidelity solve %s, %sreduced query %s",
                    speedup.ratio(),
                    Speedup.time(speedup.fullSeconds()),
                    certified ? "certified " : "",
                    Speedup.time(speedup.reducedSeconds()))
        });
        if (uq != null) {
            facts.add(new String[] {
                "Monte Carlo",
                String.format(
                        Locale.ROOT,
                        "mean of `%s` %.6e +- %.2e (%s), %,d samples at %,.0f queries/s",
                        uqOutput,
                        uq.mean().value(),
                        uq.mean().bound(),
                        certified ? "certified interval" : "interval, not certified",
                        options.uqSamples,
                        options.uqSamples / uqSeconds)
            });
        }
        return facts;
    }

    /** Relative links to everything the run wrote. */
    private String filesParagraph(List<String> written) {
        List<String> parts = new ArrayList<>();
        parts.add("[model.jrom](model.jrom) (the reduced model: `jrom info`, `jrom query`)");
        if (written.contains("solutions.vtu")) {
            parts.add("[solutions.vtu](solutions.vtu) (high-fidelity, reduced and difference fields at the"
                    + " parameters of [solutions.txt](solutions.txt), for ParaView)");
        }
        parts.add("[summary.json](summary.json) (these figures for scripts)");
        List<String> plots = written.stream()
                .filter(f -> f.endsWith(".png"))
                .map(f -> "[" + f + "](" + f + ")")
                .toList();
        parts.add("plots " + String.join(", ", plots));
        return "Files: " + String.join("; ", parts) + ".";
    }

    /** High-fidelity and reduced field (or displacement magnitude) and their difference, per parameter. */
    private record FieldSample(Parameter mu, boolean worst, double[] truth, double[] reduced) {}

    private static String fieldsFile(int p) {
        return "fields-" + (p + 1) + ".png";
    }

    private String fieldsParagraph(FieldLayout layout, int n) {
        boolean vector = layout.components() > 1;
        String plane = MeshSection.of(layout.mesh()).plane();
        return "The high-fidelity solution u_h, the reduced solution u_N (N = " + n + ") and their difference at the"
                + " parameters of `solutions.vtu`, numbered as there. "
                + (vector
                        ? "The " + problem.field() + " is shown by its magnitude on the undeformed mesh, the"
                                + " difference by the magnitude |u_h - u_N|. "
                        : "The difference u_h - u_N is on a diverging scale, white at zero. ")
                + (plane.isEmpty() ? "" : "The 3-D mesh is shown by its " + plane + ". ")
                + "u_h and u_N share one colour scale (viridis); the values are the P1 interpolant, pixel by pixel.";
    }

    private static String fieldsCaption(int p, FieldSample s, FieldLayout layout) {
        return "Parameter " + (p + 1) + " of solutions.vtu"
                + (s.worst() ? " (the largest nodal error of the test set)" : "")
                + ": " + brief(s.mu())
                + (layout.components() > 1 ? "; displacement magnitude on the undeformed mesh" : "");
    }

    /** The parameter with three significant digits, e.g. {@code diffusion = (0.351, 0.110)}. */
    static String brief(Parameter mu) {
        List<String> parts = new ArrayList<>();
        for (String name : mu.type().names()) {
            double[] v = mu.get(name);
            List<String> values = new ArrayList<>();
            for (double x : v) {
                values.add(String.format(Locale.ROOT, "%.3g", x));
            }
            String joined = String.join(", ", values);
            parts.add(name + " = " + (v.length == 1 ? joined : "(" + joined + ")"));
        }
        return String.join(", ", parts);
    }

    /** The nodal values drawn: a scalar field as it is (a difference keeps its sign), a vector's magnitude. */
    private static double[] shown(FieldLayout layout, double[] free, double[] phi) {
        double[] nodal = phi == null ? layout.nodal(free) : layout.nodal(free, phi);
        return layout.components() == 1 ? nodal : FieldPlot.magnitude(nodal, layout.vtkComponents());
    }

    /** One picture per sample: high-fidelity and reduced on one scale, and the difference. */
    private List<String> drawFields(FieldLayout layout, List<FieldSample> samples, int n, ReducedModel rom) {
        MeshSection section = MeshSection.of(layout.mesh());
        boolean vector = layout.components() > 1;
        String field = problem.field();
        List<String> files = new ArrayList<>();
        for (int p = 0; p < samples.size(); p++) {
            FieldSample s = samples.get(p);
            double[] difference = new double[s.truth().length];
            for (int i = 0; i < difference.length; i++) {
                difference[i] = s.truth()[i] - s.reduced()[i];
            }
            double[] phi = rom.rhsCoefficientValues(s.mu()); // the lifted Dirichlet values' weights
            double[] truth = shown(layout, s.truth(), phi);
            double[] reduced = shown(layout, s.reduced(), phi);
            double[] error = shown(layout, difference, null); // a difference: 0 at the fixed dofs
            double[] range = FieldPlot.range(truth, reduced);
            double[] errorRange = FieldPlot.range(error);
            double m = Math.max(Math.abs(errorRange[0]), Math.abs(errorRange[1]));
            String named = field.equals("u") ? "" : " (" + field + ")"; // a manifest's field is just u
            FieldPlot plot = new FieldPlot(
                    section,
                    problem.id() + ", parameter " + (p + 1) + " of solutions.vtu"
                            + (section.plane().isEmpty() ? "" : ", " + section.plane()));
            plot.panel(new FieldPlot.Panel(
                    "high-fidelity " + (vector ? "|u_h|" : "u_h") + named,
                    truth,
                    ColorMap.VIRIDIS,
                    range[0],
                    range[1]));
            plot.panel(new FieldPlot.Panel(
                    "reduced " + (vector ? "|u_N|" : "u_N") + named + ", N = " + n,
                    reduced,
                    ColorMap.VIRIDIS,
                    range[0],
                    range[1]));
            plot.panel(
                    vector
                            ? new FieldPlot.Panel("difference |u_h - u_N|", error, ColorMap.VIRIDIS, 0, m)
                            : new FieldPlot.Panel("difference u_h - u_N", error, ColorMap.DIVERGING, -m, m));
            plot.write(dir.resolve(fieldsFile(p)));
            files.add(fieldsFile(p));
        }
        return files;
    }

    /** Why bounds below the true error matter, and what to look at, in one line. */
    private String violationWarning(int violations, int basisSizes) {
        if (!options.estimator.bound()) { // an estimate may fall below: nothing else is suspect
            return "the " + options.estimator + " estimate fell below the true error " + violations
                    + " times in validation (" + testCount() + " test parameters at " + basisSizes
                    + " basis sizes): it approximates the residual norm without bounding it (docs/estimators.md);"
                    + " for bounds use ORTHONORMAL";
        }
        CoercivityBound bound = problem.coercivity();
        String suspect = bound.kind().equals("expression")
                ? "the given coercivity lower bound " + bound.describe() + " is probably above the true coercivity"
                        + " constant somewhere: give a smaller one"
                : "check that the operator is coercive in the product X and that the coercivity bound ("
                        + bound.describe() + ") holds";
        return "the error bound fell below the true error " + violations + " times in validation (" + testCount()
                + " test parameters at " + basisSizes + " basis sizes), so this model's bounds are not certified; "
                + suspect;
    }

    /** The number of test parameters of the validation: the given set's, or {@code --test}. */
    private int testCount() {
        return problem.testSet() == null ? options.test : problem.testSet().size();
    }

    /** Where the test parameters come from, for the report: {@code seed 2}, or {@code given}. */
    private String testSource() {
        return problem.testSet() == null ? "seed " + (options.seed + 1) : "given";
    }

    private List<String[]> settings(int n, CertifiedReduction.Result result) {
        List<String[]> s = new ArrayList<>(problem.settings());
        if (cluster != null) {
            s.add(new String[] {"greedy on", cluster.describe()});
            s.addAll(cluster.timings());
        }
        s.add(new String[] {
            "high-fidelity unknowns", Integer.toString(problem.fom().dim())
        });
        s.add(new String[] {"parameters", problem.fom().parameterSpace().summary()});
        s.add(new String[] {"error estimator", options.estimator.name()});
        s.add(new String[] {"coercivity bound", problem.coercivity().describe()});
        s.add(new String[] {"greedy tolerance", TextTable.sci(options.tol)});
        s.add(new String[] {"max basis size", Integer.toString(options.maxBasis)});
        s.add(new String[] {"basis size reached", n + " (" + result.greedy().stopReason() + ")"});
        s.add(new String[] {
            "training / test / Monte Carlo samples",
            train.size() + " (" + trainingSource + ") / " + testCount() + " / "
                    + (problem.entries() == null || problem.entries().expressions() != null
                            ? options.uqSamples
                            : "none (no entries at random parameters)")
        });
        s.add(new String[] {"seed", Long.toString(options.seed)});
        s.add(new String[] {"threads", Integer.toString(org.jrom.linalg.Parallel.threads())});
        return s;
    }

    private static List<String[]> convergenceTable(CertifiedReduction.Result result) {
        double[] estimates = result.greedy().maxErrors();
        List<String[]> out = new ArrayList<>();
        for (ErrorBoundStudy.Row r : result.validation()) {
            ErrorBoundStudy.BoundStats b = result.bound(r);
            int k = r.basisSize();
            out.add(new String[] {
                Integer.toString(k),
                k < estimates.length ? TextTable.sci(estimates[k]) : "-",
                TextTable.sci(r.maxRelativeError()),
                TextTable.sci(b.maxRelativeBound()),
                TextTable.sci(b.maxRelativeFloor()),
                TextTable.fix(b.minEffectivity()),
                TextTable.fix(b.meanEffectivity()),
                TextTable.fix(b.maxEffectivity()),
                Integer.toString(b.violations())
            });
        }
        return out;
    }

    /**
     * The interpolated operator's error against the number of EIM terms: the largest relative
     * max-entry error over the sampled matrices and, when given, the held-out ones; and the sampled
     * right-hand sides', when they are interpolated too.
     */
    private String eimPlot(String what) {
        Map<String, DenseMatrix> arrays = problem.entries().arrays();
        double[] training = arrays.get("max_errors").column(0);
        double[] terms = new double[training.length];
        for (int m = 0; m < terms.length; m++) {
            terms[m] = m;
        }
        boolean rhs = problem.entries().rhs() != null;
        LogPlot plot = new LogPlot(
                        what + (rhs ? ": EIM of the operator and right-hand side" : ": EIM of the operator"),
                        "EIM terms M",
                        rhs
                                ? "relative max-entry error, max over the samples"
                                : "relative max-entry error of A(mu), max over the matrices")
                .series("sampled matrices (training)", terms, training);
        DenseMatrix test = arrays.get("test_max_errors");
        if (test != null) {
            plot.series("held-out matrices", terms, test.column(0));
        }
        if (rhs) {
            double[] errors = problem.entries().rhs().arrays().get("max_errors").column(0);
            double[] rhsTerms = new double[errors.length];
            for (int m = 0; m < rhsTerms.length; m++) {
                rhsTerms[m] = m;
            }
            plot.series("sampled right-hand sides f(mu) (training)", rhsTerms, errors);
        }
        plot.write(dir.resolve("eim-convergence.png"));
        return "eim-convergence.png";
    }

    /**
     * The convergence, effectivity and singular-value plots, the EIM's for an interpolated operator,
     * and the histogram when there is a Monte Carlo.
     */
    private List<String> writePlots(CertifiedReduction.Result result, MonteCarlo.Result uq, String uqOutput) {
        List<ErrorBoundStudy.Row> rows = result.validation();
        String what = String.format(
                Locale.ROOT, "%s (%d unknowns)", problem.id(), problem.fom().dim());
        double[] greedyN = new double[result.greedy().maxErrors().length];
        for (int k = 0; k < greedyN.length; k++) {
            greedyN[k] = k;
        }
        double[] studyN =
                rows.stream().mapToDouble(ErrorBoundStudy.Row::basisSize).toArray();
        String est = options.estimator.name();
        String kind = options.estimator.bound() ? "bound" : "estimate";
        new LogPlot(
                        what + ": greedy convergence",
                        "reduced basis size N",
                        "relative error in the X norm, max over the parameters")
                .series(
                        "max " + est + " " + kind + ", training set",
                        greedyN,
                        result.greedy().maxErrors())
                .series(
                        "max " + est + " " + kind + ", test set",
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
        new LogPlot(what + ": effectivity of the " + est + " " + kind, "reduced basis size N", kind + " / true error")
                .linearWithinADecade()
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
        List<String> files = new ArrayList<>(List.of("convergence.png", "effectivity.png"));
        if (problem.entries() != null) {
            files.add(eimPlot(what));
        }
        LogPlot.singularValues(
                        what + ": singular values of " + result.testSet().size() + " test snapshots",
                        "sigma_k / sigma_1 (POD in the X inner product)",
                        result.testSingularValues())
                .ifPresent(plot -> {
                    plot.write(dir.resolve("singular-values.png"));
                    files.add("singular-values.png");
                });
        if (uq == null) {
            return files;
        }
        HistogramPlot h = new HistogramPlot(
                what + ": Monte Carlo of the output '" + uqOutput + "'",
                uqOutput + " (reduced model)",
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
        files.add("histogram.png");
        return files;
    }

    /**
     * High-fidelity, reduced and error fields at three test parameters: the worst one (largest nodal
     * error) and the first others; returns them for the pictures.
     */
    private List<FieldSample> writeFields(FieldLayout layout, CertifiedReduction.Result result) {
        ReducedModel rom = result.model();
        List<Parameter> testSet = result.testSet();
        List<Integer> picks = new ArrayList<>();
        double worst = -1;
        int worstIndex = 0;
        Map<Integer, double[]> reduced = new LinkedHashMap<>();
        for (int k = 0; k < testSet.size(); k++) {
            ReducedSolution s = rom.solve(testSet.get(k));
            double[] u = result.reconstruct(s.coefficients());
            double e = 0;
            double[] t = result.truthSolution(k);
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
        VtuWriter vtu = VtuWriter.of(layout.mesh());
        int vtkComponents = layout.vtkComponents();
        StringBuilder legend = new StringBuilder();
        List<FieldSample> samples = new ArrayList<>();
        for (int p = 0; p < picks.size(); p++) {
            int k = picks.get(p);
            double[] u = reduced.containsKey(k)
                    ? reduced.get(k)
                    : result.reconstruct(rom.solve(testSet.get(k)).coefficients());
            double[] t = result.truthSolution(k);
            double[] err = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                err[i] = t[i] - u[i];
            }
            String tag = "_" + (p + 1);
            double[] phi = rom.rhsCoefficientValues(testSet.get(k));
            vtu.vectorField(problem.field() + "_fom" + tag, vtkComponents, layout.nodal(t, phi));
            vtu.vectorField(problem.field() + "_rom" + tag, vtkComponents, layout.nodal(u, phi));
            vtu.vectorField(problem.field() + "_error" + tag, vtkComponents, layout.nodal(err));
            legend.append(String.format(Locale.ROOT, "%s: %s%n", tag.substring(1), testSet.get(k)));
            samples.add(new FieldSample(testSet.get(k), p == 0, t, u));
        }
        AtomicFile.write(dir.resolve("solutions.vtu"), vtu::writeTo);
        AtomicFile.writeString(dir.resolve("solutions.txt"), "parameters of the fields in solutions.vtu\n" + legend);
        return samples;
    }
}
