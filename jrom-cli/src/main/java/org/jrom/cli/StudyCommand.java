package org.jrom.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.io.AtomicFile;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.pipelines.CertifiedReduction;
import org.jrom.pipelines.EstimatorComparison;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jrom study}: numerical studies behind the documentation. */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = "Numerical studies behind the documentation.",
        subcommands = {
            StudyCommand.Estimators.class,
            MechanicsStudy.class,
            BladeRomStudy.class,
            EimStudy.class,
            EimVariantsStudy.class
        })
final class StudyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The residual-norm evaluations side by side on the thermal block. */
    @Command(
            name = "estimators",
            mixinStandardHelpOptions = true,
            description = {
                "Compare the residual-norm evaluations on the thermal block.",
                "A weak greedy with the ORTHONORMAL estimator, then the true error, each evaluation's bound (or"
                        + " estimate) and its accuracy per basis size on a test set, and their costs; writes tables,"
                        + " CSVs and PNG plots."
            },
            footerHeading = "%nExample:%n",
            footer = {"  jrom study estimators --blocks 3x3 --resolution 50 --out docs/img"})
    static final class Estimators implements Runnable {
        @Option(names = "--blocks", defaultValue = "2x2", description = "Blocks, BxB (default ${DEFAULT-VALUE}).")
        String blocks;

        @Option(
                names = "--resolution",
                defaultValue = "71",
                description = "Grid cells per block side, 1 to 1000 (default ${DEFAULT-VALUE}).")
        int resolution;

        // The study's own defaults, on purpose not demo's and build's (ReductionOptions): they are the
        // experiment of docs/estimators.md, which follows the bounds down to round-off (a greedy to
        // 1e-12) and compares them on as many test parameters as training parameters.
        static final String TRAINING = "200";
        static final String TEST = "200";
        static final String TOLERANCE = "1e-12";

        @Option(
                names = "--training",
                defaultValue = TRAINING,
                description = "Training set size, 1 to 10000000 (default ${DEFAULT-VALUE}, as in docs/estimators.md).")
        int training;

        @Option(
                names = "--test",
                defaultValue = TEST,
                description = "Test set size, 1 to 1000000 (default ${DEFAULT-VALUE}, as in docs/estimators.md).")
        int test;

        @Option(
                names = "--tol",
                defaultValue = TOLERANCE,
                description = "Greedy relative tolerance, in [0, 1] (default ${DEFAULT-VALUE}, not demo's and"
                        + " build's " + ReductionOptions.TOLERANCE + ": the study follows the bounds down to"
                        + " round-off).")
        double tol;

        @Option(
                names = "--max-basis",
                defaultValue = ReductionOptions.MAX_BASIS,
                description = "Largest basis, 1 to 10000 (default ${DEFAULT-VALUE}).")
        int maxBasis;

        @Option(
                names = "--step",
                defaultValue = "2",
                description = "Basis-size step of the study, 1 to 10000 (default ${DEFAULT-VALUE}).")
        int step;

        @Option(
                names = "--evaluations",
                split = ",",
                defaultValue = "GRAM,ORTHONORMAL,COEFFICIENT_EIM,PRODUCT_EIM",
                description = "Residual-norm evaluations compared, comma-separated: ${COMPLETION-CANDIDATES}"
                        + " (default all).")
        List<ResidualNormEvaluation> compared;

        @Option(
                names = "--seed",
                defaultValue = ReductionOptions.SEED,
                description = "Seed of the training set; the test set uses seed+1 (any whole number).")
        long seed;

        @CommandLine.Mixin
        StudyOutput output;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter stdout = spec.commandLine().getOut();
            int[] b = DemoProblem.parseBlocks(blocks, 2);
            // like demo, build and uq: a failed run removes the directory it made, a killed one is marked
            OutputDirectory.write(output.out, () -> study(b[0], b[1], stdout));
        }

        /** The greedy, the study of every evaluation on the test set, then the table, CSV and plots. */
        private void study(int bx, int by, PrintWriter stdout) {
            TerminalProgress progress = TerminalProgress.forStderr();
            long t0 = System.nanoTime();
            AffineDiscretization fem = ThermalBlock.discretize(bx, by, resolution);
            StationaryModel fom = fem.toModel();
            MatrixOperator product = (MatrixOperator) fom.products().get("h1_0_semi");
            double[] ones = new double[bx * by];
            Arrays.fill(ones, 1.0);
            Parameter ref = Parameter.of(fom.parameterSpace().type(), ones);
            MinThetaBound bound = MinThetaBound.of((LincombOperator) fom.operator(), ref, 1.0);
            double assembly = (System.nanoTime() - t0) * 1e-9;
            List<Parameter> train = Sampler.random(fom.parameterSpace(), training, seed);
            EstimatorComparison.Result study = new EstimatorComparison(
                            new CertifiedReduction.Problem(fom, product, bound, Set.of("mean"), Set.of()),
                            new EstimatorComparison.Options(
                                    tol,
                                    maxBasis,
                                    test,
                                    seed + 1,
                                    step,
                                    List.copyOf(new java.util.LinkedHashSet<>(compared))))
                    .run(train, progress);
            List<ErrorBoundStudy.Row> rows = study.rows();
            List<String> evaluations = study.costs().stream()
                    .map(EstimatorComparison.Cost::evaluation)
                    .toList();
            stdout.printf(
                    "thermal block %dx%d, %d unknowns, training %d, test %d; greedy: N = %d (%s)%n",
                    bx,
                    by,
                    fom.dim(),
                    training,
                    test,
                    study.basisSize(),
                    study.greedy().stopReason());
            stdout.printf("offline seconds: assembly %.2f, %s%n%n", assembly, format(study.reductorSeconds()));
            List<String> header = new java.util.ArrayList<>(List.of("N", "max true error", "truth accuracy"));
            for (String k : evaluations) {
                header.addAll(List.of(k + " max bound", "eff min", "eff mean", "eff max", "norm dev"));
            }
            TextTable table = new TextTable(header.toArray(String[]::new));
            StringBuilder csv = new StringBuilder(String.join(",", header).replace(' ', '_')).append('\n');
            for (ErrorBoundStudy.Row r : rows) {
                List<String> cells = new java.util.ArrayList<>(List.of(
                        Integer.toString(r.basisSize()),
                        TextTable.sci(r.maxRelativeError()),
                        TextTable.sci(r.maxTruthAccuracy())));
                for (var s : r.bounds().values()) {
                    cells.addAll(List.of(
                            TextTable.sci(s.maxRelativeBound()),
                            TextTable.fix(s.minEffectivity()),
                            TextTable.fix(s.meanEffectivity()),
                            TextTable.fix(s.maxEffectivity()),
                            Double.isNaN(s.maxNormDeviation()) ? "-" : TextTable.sci(s.maxNormDeviation())));
                }
                table.row(cells.toArray(String[]::new));
                csv.append(String.join(",", cells)).append('\n');
            }
            table.print(stdout);
            stdout.printf(
                    "(norm dev: the largest relative deviation of the computed residual norm from the full-size"
                            + " one, itself accurate to about eps ||f||)%n%ncosts at N = %d (offline: from the basis"
                            + " to the model; online: per evaluation, best of 5 passes over the test set)%n",
                    study.basisSize());
            TextTable costs =
                    new TextTable("evaluation", "offline s", "online data rows", "norm us", "certified query us");
            StringBuilder costCsv = new StringBuilder("evaluation,offline_s,online_rows,norm_us,query_us\n");
            for (EstimatorComparison.Cost c : study.costs()) {
                String[] cells = {
                    c.evaluation(),
                    TextTable.fix(c.offlineSeconds()),
                    Integer.toString(c.size()),
                    TextTable.fix(c.normMicros()),
                    TextTable.fix(c.queryMicros())
                };
                costs.row(cells);
                costCsv.append(String.join(",", cells)).append('\n');
            }
            costs.print(stdout);
            AtomicFile.writeString(output.out.resolve("costs.csv"), costCsv.toString());
            AtomicFile.writeString(output.out.resolve("estimators.csv"), csv.toString());
            double[] n =
                    rows.stream().mapToDouble(ErrorBoundStudy.Row::basisSize).toArray();
            LogPlot errors = new LogPlot(
                    String.format(
                            "Thermal block %dx%d (%d unknowns): max over %d test parameters", bx, by, fom.dim(), test),
                    "reduced basis size N",
                    "relative error in the energy norm at mu_ref");
            errors.series(
                    "true error",
                    n,
                    rows.stream()
                            .mapToDouble(ErrorBoundStudy.Row::maxRelativeError)
                            .toArray());
            LogPlot effectivity = new LogPlot(
                    String.format("Thermal block %dx%d: effectivity bound / true error (min and max)", bx, by),
                    "reduced basis size N",
                    "effectivity");
            LogPlot accuracy = new LogPlot(
                    String.format(
                            "Thermal block %dx%d: accuracy of the residual norm (reference accurate to ~eps ||f||)",
                            bx, by),
                    "reduced basis size N",
                    "max |computed - full-size| / full-size");
            for (String k : evaluations) {
                double[] deviation = rows.stream()
                        .mapToDouble(r -> r.bounds().get(k).maxNormDeviation())
                        .toArray();
                accuracy.series(k, n, deviation);
                errors.series(
                        k + (ResidualNormEvaluation.valueOf(k).bound() ? " bound" : " estimate"),
                        n,
                        rows.stream()
                                .mapToDouble(r -> r.bounds().get(k).maxRelativeBound())
                                .toArray());
                effectivity.series(
                        k + " max",
                        n,
                        rows.stream()
                                .mapToDouble(r -> r.bounds().get(k).maxEffectivity())
                                .toArray());
                // An effectivity of 0 (a bound that collapsed) is drawn at 0.01 so the log scale shows it.
                double[] min = rows.stream()
                        .mapToDouble(r -> r.bounds().get(k).minEffectivity())
                        .toArray();
                boolean collapsed = Arrays.stream(min).anyMatch(v -> v == 0);
                effectivity.series(
                        k + " min" + (collapsed ? " (0 drawn at 0.01)" : ""),
                        n,
                        Arrays.stream(min).map(v -> v == 0 ? 1e-2 : v).toArray());
            }
            errors.write(output.out.resolve("estimators.png"));
            effectivity.write(output.out.resolve("effectivity.png"));
            accuracy.write(output.out.resolve("norm-accuracy.png"));
            stdout.printf(
                    "%nwrote %s (estimators.csv, costs.csv, estimators.png, effectivity.png, norm-accuracy.png)%n",
                    output.out);
            for (String k : evaluations) {
                int violations = rows.stream()
                        .mapToInt(r -> r.bounds().get(k).violations())
                        .sum();
                stdout.printf(
                        "%s %s below the true error (no allowance): %d times%n",
                        k,
                        ResidualNormEvaluation.valueOf(k).bound() ? "bound (round-off floor included)" : "estimate",
                        violations);
            }
            stdout.flush();
        }

        private static String format(Map<String, Double> seconds) {
            StringBuilder sb = new StringBuilder();
            seconds.forEach((k, v) -> sb.append(sb.length() > 0 ? ", " : "").append(String.format("%s %.2f", k, v)));
            return sb.toString();
        }
    }
}
