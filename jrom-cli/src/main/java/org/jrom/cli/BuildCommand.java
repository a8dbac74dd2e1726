package org.jrom.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.algorithms.MatrixEim;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.Mesh;
import org.jrom.fem.io.GmshReader;
import org.jrom.fem.io.VtuReader;
import org.jrom.io.AffineManifest;
import org.jrom.io.AtomicFile;
import org.jrom.io.CaseFile;
import org.jrom.io.SnapshotCountException;
import org.jrom.io.SnapshotSource;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ReducedModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.pipelines.CertifiedReduction;
import org.jrom.pipelines.OfflineBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrom build}: a certified reduced model of an external solver's problem. From a {@code
 * jrom-affine/1} manifest (its matrices in Matrix Market files) it runs the same pipeline as the
 * demos: weak greedy, validation against high-fidelity solves, speedup, Monte Carlo, model file,
 * plots and report.
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Build a reduced model of an external solver's problem.",
            "Certified, from a jrom-affine/1 manifest naming its matrices (docs/formats.md): affine terms,"
                    + " symmetric or not, or a non-affine operator's matrices at sample parameters (operator_samples,"
                    + " interpolated by the nonintrusive EIM; queries then take --entries); or from snapshots"
                    + " only (POD + regression), or hyper-reduced from structural runs' displacements (--mechanics)."
                    + " Writes model.jrom, PNG plots and a summary (and report.md, index.html and solutions.vtu"
                    + " for the certified and regression builds)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom build --from problem/manifest.json",
            "  jrom build --from manifest.json --tol 1e-8 --estimator COEFFICIENT_EIM \\",
            "      --out /tmp/rom",
            "  jrom demo thermal-block --export tb && jrom build --from tb/manifest.json",
            "  jrom build --snapshots u.npy --params params.csv --method gp",
            "  jrom build --mechanics runs/blade-a runs/blade-b runs/blade-c",
            "  jrom build --mechanics runs/run_* --case case.json --validation tests/run_*"
        })
final class BuildCommand implements Runnable {
    /** The options of a build from snapshots, which a build from a manifest does not use. */
    private static final List<String> SNAPSHOT_OPTIONS = List.of(
            "--params",
            "--layout",
            "--glob",
            "--vtu-array",
            "--method",
            "--pod-tol",
            "--max-modes",
            "--output",
            "--no-basis");

    /** The options of a certified reduction, which a build from snapshots does not use. */
    private static final List<String> REDUCTION_OPTIONS = List.of(
            "--tol",
            "--max-basis",
            "--estimator",
            "--training",
            "--test",
            "--uq-samples",
            "--seed",
            "--allow-outside-paths");

    @Option(
            names = "--from",
            paramLabel = "MANIFEST",
            description = "The jrom-affine/1 manifest (JSON) of an affine problem: a certified reduced basis.")
    Path manifest;

    @Option(
            names = "--allow-outside-paths",
            description = "Let the manifest name files outside its own folder (refused by default: a manifest"
                    + " from elsewhere must not make jrom read any file you can read).")
    boolean allowOutsidePaths;

    @Option(
            names = "--mechanics",
            arity = "1..*",
            paramLabel = "RUN",
            description = "Output folders of jrom demo blade runs, or with --case of the case's runs (their"
                    + " summary.json and snapshots/): a hyper-reduced structural model (docs/mechanics-rom.md). Takes"
                    + " --pod-tol (default 1e-4 here), --cubature-tol and --out.")
    List<Path> mechanics;

    @Option(
            names = "--validation",
            arity = "1..*",
            paramLabel = "RUN",
            description = "With --mechanics: runs not trained on, the same kind of folders: the model's true errors on"
                    + " them, and the indicator's calibration against them (3 or more runs that yield), stored in the"
                    + " model.")
    List<Path> validation;

    @Option(
            names = "--case",
            paramLabel = "CASE",
            description = "With --mechanics: the structural case (jrom-case/1.0) the runs are of: jrom simulate's"
                    + " run folders, or an external solver's written the same way (docs/mechanics-rom.md).")
    Path caseFile;

    @Option(
            names = "--cubature-tol",
            defaultValue = "1e-4",
            description = "With --mechanics: the relative integration error of the empirical cubature, in [0, 1)"
                    + " (default ${DEFAULT-VALUE}).")
    double cubatureTolerance;

    @Option(
            names = "--snapshots",
            paramLabel = "PATH",
            description = "Snapshots only: a 2-D .npy, a .npz, a CSV matrix, or a directory of per-snapshot .npy, .csv"
                    + " or .vtu files: a POD-regression model (error estimates, not bounds). Needs --params.")
    Path snapshots;

    @Option(
            names = "--params",
            paramLabel = "CSV",
            description = "The parameters of the snapshots: a CSV whose header names the components, one row per"
                    + " snapshot.")
    Path params;

    @Option(
            names = "--layout",
            defaultValue = "columns",
            description = "How a 2-D .npy, .npz or CSV file of snapshots is laid out: columns (shape (n, m), column j"
                    + " is snapshot j) or rows (shape (m, n), row j is snapshot j, as numpy.stack gives); not used"
                    + " for a directory of snapshot files or a .npz of 1-D arrays (default ${DEFAULT-VALUE}).")
    String layout;

    @Option(
            names = "--glob",
            defaultValue = "*.npy",
            description =
                    "Per-snapshot files of a directory, in natural order (default ${DEFAULT-VALUE}; *.csv, *.vtu).")
    String glob;

    @Option(
            names = "--vtu-array",
            defaultValue = "u",
            description = "The point-data array of VTU snapshots (default ${DEFAULT-VALUE}).")
    String vtuArray;

    @Option(
            names = "--method",
            defaultValue = "rbf",
            description = "Regression of the POD coefficients: rbf (Gaussian RBF, shape by leave-one-out) or gp"
                    + " (Gaussian process, Matern 5/2, maximum likelihood; predictive std) (default ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--pod-tol",
            defaultValue = "1e-6",
            description =
                    "Relative POD tolerance sqrt(discarded / total energy), in [0, 1) (default ${DEFAULT-VALUE}).")
    double podTolerance;

    @Option(
            names = "--max-modes",
            defaultValue = "200",
            description = "Largest POD basis, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int maxModes;

    @Option(
            names = "--output",
            paramLabel = "NAME=FILE",
            description = "A linear output l^T u, l from a .npy or Matrix Market vector (repeatable; default: the"
                    + " mean of the field, 'mean').")
    Map<String, Path> outputs = new java.util.LinkedHashMap<>();

    @Option(names = "--no-basis", description = "Do not keep the POD basis in the model (smaller; no --reconstruct).")
    boolean noBasis;

    @Option(
            names = "--spark",
            arity = "0..1",
            fallbackValue = SparkMaster.DEFAULT,
            preprocessor = SparkMaster.class,
            paramLabel = "MASTER",
            description = "The offline stage on Apache Spark, on MASTER (a Spark master URL: spark://HOST:PORT,"
                    + " local[N]; default local[*], embedded): with --from, the greedy's training-set sweeps and"
                    + " snapshots on the executors; with --snapshots, the POD (HAPOD); with --mechanics, the dual"
                    + " stage (the runs replayed per subdomain, the cubature merged). Needs the jrom-spark module,"
                    + " which the ./jrom launcher adds (docs/distributed.md).")
    String spark;

    @CommandLine.Mixin
    ReductionOptions options = new ReductionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        int modes = (manifest == null ? 0 : 1) + (snapshots == null ? 0 : 1) + (mechanics == null ? 0 : 1);
        if (modes != 1) {
            throw new JromException("give one of --from MANIFEST (an affine problem), --snapshots PATH --params CSV,"
                    + " or --mechanics RUN... (jrom demo blade runs, or a case's with --case)");
        }
        if ((caseFile != null || validation != null) && mechanics == null) {
            throw new JromException((caseFile != null ? "--case" : "--validation")
                    + " applies to a build from structural runs (--mechanics RUN...) only");
        }
        if (mechanics != null) {
            refuseGiven(
                    REDUCTION_OPTIONS.stream()
                            .filter(o -> caseFile == null || !o.equals("--allow-outside-paths")) // the case's paths
                            .toList(),
                    "a build from structural runs (--mechanics)",
                    "--from MANIFEST");
            refuseGiven(
                    SNAPSHOT_OPTIONS.stream()
                            .filter(o -> !o.equals("--pod-tol"))
                            .toList(),
                    "a build from structural runs (--mechanics)",
                    "--snapshots");
            options.apply();
            Path dir = options.out != null ? options.out : Path.of("jrom-out", "blade-model");
            // the POD's default here is the structural reduction's, 1e-4, not the regression's 1e-6
            double pod = spec.commandLine().getParseResult().hasMatchedOption("--pod-tol") ? podTolerance : 1e-4;
            CaseFile structural = caseFile == null ? null : CaseFile.read(caseFile, allowOutsidePaths);
            List<Path> tests = validation == null ? List.of() : validation;
            List<Path> inputs = new ArrayList<>(MechanicsBuild.inputs(mechanics));
            inputs.addAll(MechanicsBuild.inputs(tests));
            if (structural != null) {
                inputs.addAll(structural.inputs());
            }
            AtomicFile.protect(
                    inputs,
                    () -> MechanicsBuild.execute(
                            mechanics,
                            tests,
                            structural,
                            pod,
                            cubatureTolerance,
                            dir,
                            spark,
                            spec.commandLine().getOut()));
            return;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--cubature-tol")) {
            throw new JromException("--cubature-tol applies to a build from structural runs (--mechanics) only");
        }
        if (snapshots != null) {
            refuseGiven(REDUCTION_OPTIONS, "a build from snapshots (--snapshots)", "--from MANIFEST");
        } else {
            refuseGiven(SNAPSHOT_OPTIONS, "a build from a manifest (--from)", "--snapshots");
        }
        options.apply();
        if (snapshots != null) {
            if (params == null) {
                throw new JromException("--snapshots needs --params CSV, the parameter of every snapshot");
            }
            if (!Files.isDirectory(snapshots)) {
                refuseGiven(
                        List.of("--glob", "--vtu-array"),
                        "a single snapshot file (" + snapshots + ")",
                        "a directory of per-snapshot files");
            }
            if (!method.equals("rbf") && !method.equals("gp")) {
                throw new JromException("--method expects rbf or gp, found '" + method + "'");
            }
            SnapshotSource.Layout l =
                    switch (layout.toLowerCase(java.util.Locale.ROOT)) {
                        case "columns" -> SnapshotSource.Layout.COLUMNS;
                        case "rows" -> SnapshotSource.Layout.ROWS;
                        default -> throw new JromException("--layout expects columns or rows, found '" + layout + "'");
                    };
            Path dir = options.out != null ? options.out : Path.of("jrom-out", stem(snapshots));
            try {
                SnapshotBuild build = new SnapshotBuild(
                        new SnapshotBuild.Settings(
                                snapshots,
                                params,
                                l,
                                glob,
                                vtuArray,
                                method,
                                podTolerance,
                                maxModes,
                                outputs,
                                !noBasis,
                                spark),
                        dir,
                        spec.commandLine().getOut());
                AtomicFile.protect(List.of(snapshots, params), build::execute); // the outputs may share their folder
            } catch (SnapshotCountException e) {
                // jrom-io names the layout that fits the table; the option that picks it is ours to name
                SnapshotSource.Layout fits = e.matchingLayout().orElseThrow(() -> e);
                throw new JromException(e.getMessage() + ": give --layout "
                        + fits.name().toLowerCase(java.util.Locale.ROOT) + " if each " + fits.unit()
                        + " is a snapshot");
            }
            return;
        }
        String stem = stem(manifest);
        Path dir = options.out != null ? options.out : Path.of("jrom-out", stem);
        long start = System.nanoTime();
        PhaseTimer timer = new PhaseTimer();
        TerminalProgress progress = TerminalProgress.forStderr();
        AffineManifest m = timer.time("high-fidelity model", () -> AffineManifest.read(manifest, allowOutsidePaths));
        Optional<FieldLayout> layout =
                m.mesh().map(file -> layout(file, m.model().dim()));
        Optional<AffineManifest.Samples> sampled = m.samples();
        if (sampled.isPresent() && options.estimator.sampled()) {
            throw new JromException("--estimator " + options.estimator + " samples the residual at random parameters,"
                    + " where a sampled operator has no entries: use ORTHONORMAL or GRAM");
        }
        List<Parameter> train = sampled.map(AffineManifest.Samples::training)
                .or(m::trainingSet)
                .orElseGet(() -> Sampler.random(m.parameterSpace(), options.training, options.seed));
        String trainingSource = sampled.isPresent()
                ? "the sampled matrices' parameters"
                : m.trainingSet().isPresent() ? "from the manifest" : "uniform random, seed " + options.seed;
        CoercivityBound coercivity = timer.time("high-fidelity model", () -> m.coercivityBound(train, progress));
        Set<String> compliant = new LinkedHashSet<>();
        Set<String> primalDual = new LinkedHashSet<>();
        m.outputs().forEach((name, method) -> {
            if (method == AffineManifest.OutputMethod.COMPLIANT) {
                compliant.add(name);
            } else if (method == AffineManifest.OutputMethod.PRIMAL_DUAL) {
                primalDual.add(name);
            }
        });
        List<String[]> settings = new ArrayList<>();
        settings.add(new String[] {"manifest", manifest.toString()});
        m.outputs().forEach((name, method) -> settings.add(new String[] {"output " + name, method.name()}));
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("manifest", manifest.toAbsolutePath().normalize().toString());
        Findings found = new Findings(settings, notes, spec.commandLine().getOut());
        m.constraints()
                .ifPresent(c -> found.add(
                        "constrained dofs",
                        "constrained_dofs",
                        c.dofs().length + " of " + c.unknowns() + " (" + c.how() + ")"));
        List<Parameter> testSet = null;
        ReducedModel.EntryCoefficients entries = null;
        if (sampled.isPresent()) {
            AffineManifest.Samples smp = sampled.get();
            MatrixEim.Result eim = smp.eim();
            double[] errors = eim.maxErrors();
            found.add(
                    "operator",
                    "operator",
                    eimSummary(
                            "nonintrusive EIM of " + smp.training().size() + " sampled matrices",
                            eim,
                            smp,
                            smp.test().isEmpty() ? Double.NaN : smp.testError(),
                            "; no held-out matrices: the validation reuses the samples"));
            ReducedModel.RhsEntries rhsEntries = null;
            if (smp.rhsEim() != null) {
                MatrixEim.Result rhsEim = smp.rhsEim();
                double[] rhsErrors = rhsEim.maxErrors();
                found.add(
                        "right-hand side",
                        "rhs",
                        eimSummary(
                                "EIM of " + smp.training().size() + " sampled vectors",
                                rhsEim,
                                smp,
                                smp.test().isEmpty() ? Double.NaN : smp.rhsTestError(),
                                ""));
                if (rhsErrors[rhsErrors.length - 1] > smp.tolerance()) {
                    spec.commandLine()
                            .getErr()
                            .printf(
                                    java.util.Locale.ROOT,
                                    "jrom: warning: the right-hand side's EIM stopped at M = %d with %.2e, above its"
                                            + " tolerance %.1e: raise operator_samples.eim.max_terms or give more"
                                            + " samples%n",
                                    rhsEim.size(),
                                    rhsErrors[rhsErrors.length - 1],
                                    smp.tolerance());
                }
                rhsEntries = new ReducedModel.RhsEntries(
                        rhsEim.magicRows(),
                        source -> rhsEim.rhsCoefficients(source).functionals(),
                        "EIM, M = " + rhsEim.size() + " terms from "
                                + smp.training().size() + " sampled vectors",
                        rhsEim.arrays());
            }
            if (!smp.test().isEmpty()) {
                double effect = timer.time("high-fidelity model", () -> interpolationEffect(m, smp));
                String e = String.format(
                        java.util.Locale.ROOT,
                        "%.2e relative (X norm) at most, between the solutions of the solver's held-out matrices and"
                                + " of their interpolation: the error figures leave it out",
                        effect);
                found.add("interpolation's effect on u", "interpolation_effect", e);
                if (effect > options.tol) {
                    spec.commandLine()
                            .getErr()
                            .printf(
                                    "jrom: warning: the interpolation's effect on the solution (%.2e) is above --tol"
                                            + " %.1e: the model's error estimates understate its error against the"
                                            + " solver's %s; lower operator_samples.eim.tolerance%n",
                                    effect, options.tol, smp.rhsEim() == null ? "A(mu)" : "A(mu) and f(mu)");
                }
            }
            testSet = smp.test().isEmpty() ? smp.training() : smp.test();
            Map<String, DenseMatrix> arrays = new LinkedHashMap<>(eim.arrays());
            if (!smp.test().isEmpty()) { // for the report's plot and jrom info: the error per number of terms
                double[] test = new double[eim.size() + 1];
                for (int terms = 0; terms <= eim.size(); terms++) {
                    test[terms] = terms == 0 ? 1 : smp.withTerms(terms).testError();
                }
                arrays.put("test_max_errors", DenseMatrix.wrap(test.length, 1, test));
            }
            entries = new ReducedModel.EntryCoefficients(
                    eim.magicRows(),
                    eim.magicCols(),
                    source -> eim.coefficients(source).functionals(),
                    "nonintrusive EIM, M = " + eim.size() + " terms from "
                            + smp.training().size() + " sampled matrices",
                    arrays,
                    smp.magicExpressions().orElse(null),
                    rhsEntries);
            if (smp.expressions() != null) {
                String how = "from the manifest's entry_expressions (the EIM chose " + eim.size() + " of their "
                        + smp.expressions().rows().length + " entries): query, batch and uq need no --entries";
                found.add("operator entries online", "operator_entries_online", how);
                if (errors[errors.length - 1] > smp.tolerance()) {
                    spec.commandLine()
                            .getErr()
                            .printf(
                                    java.util.Locale.ROOT,
                                    "jrom: warning: the EIM stopped at %.2e, above its tolerance %.1e: the largest"
                                            + " error left is invisible at the entries given as expressions; give"
                                            + " entries where it lies%n",
                                    errors[errors.length - 1],
                                    smp.tolerance());
                }
            }
        }
        if (!m.nonSymmetricTerms().isEmpty()) {
            String line = "not symmetric (terms " + m.nonSymmetricTerms() + "): Galerkin with LU online, the"
                    + " coercivity constant that of the symmetric part, outputs primal-dual or dual-norm";
            found.add("operator symmetry", "operator_symmetry", "operator", line);
        }
        ReductionRun.Problem problem = new ReductionRun.Problem(
                stem,
                "jrom build " + manifest.getFileName(),
                new CertifiedReduction.Problem(m.model(), m.product(), coercivity, compliant, primalDual),
                m.description(),
                layout,
                "u",
                settings,
                notes,
                testSet,
                entries);
        List<Path> inputs = new ArrayList<>(List.of(manifest));
        m.mesh().ifPresent(mesh -> {
            inputs.add(mesh.file());
            if (mesh.dofsFile() != null) {
                inputs.add(mesh.dofsFile());
            }
        });
        if (spark != null && sampled.isPresent()) {
            throw new JromException("--spark: the executors cannot evaluate a sampled operator's coefficients yet"
                    + " (they need the samples' entries); build it without --spark");
        }
        // the manifest, its files, the mesh layout and the coercivity bound checked out: only now the
        // output directory, so that bad input leaves nothing behind; it may be the manifest's folder
        AtomicFile.protect(
                inputs,
                () -> OutputDirectory.write(dir, () -> {
                    ReductionRun run = new ReductionRun(
                            problem,
                            options,
                            train,
                            trainingSource,
                            dir,
                            spec.commandLine().getOut(),
                            spec.commandLine().getErr(),
                            timer,
                            progress);
                    if (spark == null) {
                        run.execute(start);
                        return;
                    }
                    try (OfflineBackend backend =
                            timer.time("Spark start-up", () -> OfflineBackend.open("spark", spark))) {
                        run.on(backend, AffineManifest.recipe(manifest, allowOutsidePaths))
                                .execute(start);
                    }
                }));
    }

    /**
     * What the build found about the problem, each in three places: a row of the report's settings,
     * a note of the model file, a line on standard output ({@code label: line}).
     */
    private record Findings(List<String[]> settings, Map<String, String> notes, java.io.PrintWriter out) {
        void add(String setting, String note, String line) {
            add(setting, note, setting, line);
        }

        void add(String setting, String note, String label, String line) {
            settings.add(new String[] {setting, line});
            notes.put(note, line);
            out.printf("%s: %s%n", label, line);
        }
    }

    /**
     * An interpolation's line: {@code what: M = .. terms, largest relative entry error .. on them
     * (tolerance ..)}, then its error on the held-out samples, or {@code noTest} without them.
     */
    private static String eimSummary(
            String what, MatrixEim.Result eim, AffineManifest.Samples smp, double testError, String noTest) {
        double[] errors = eim.maxErrors();
        return String.format(
                java.util.Locale.ROOT,
                "%s: M = %d terms, largest relative entry error %.2e on them (tolerance %.1e)%s",
                what,
                eim.size(),
                errors[errors.length - 1],
                smp.tolerance(),
                smp.test().isEmpty()
                        ? noTest
                        : String.format(
                                java.util.Locale.ROOT,
                                ", %.2e on the %d held-out ones",
                                testError,
                                smp.test().size()));
    }

    /** Refuses an option given on the command line that the chosen mode does not use, instead of ignoring it. */
    private void refuseGiven(List<String> names, String build, String otherMode) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (String name : names) {
            if (given.hasMatchedOption(name)) {
                throw new JromException(name + " does not apply to " + build + "; it is an option of " + otherMode);
            }
        }
    }

    /** The manifest's directory name when it is called manifest.json, else its own name without .json. */
    static String stem(Path manifest) {
        Path abs = manifest.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        if (name.equals("manifest.json")
                && abs.getParent() != null
                && abs.getParent().getFileName() != null) {
            return abs.getParent().getFileName().toString();
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * The largest {@code ||u - u_EIM||_X / ||u||_X} over the held-out samples: the solution of the
     * solver's own matrix (and right-hand side, when sampled) against that of their interpolation,
     * both solved at full size. What the reduced model's error figures, which bound the error against
     * the interpolation, leave out.
     */
    private static double interpolationEffect(AffineManifest m, AffineManifest.Samples smp) {
        org.jrom.linalg.LinearMap x = m.product().matrix();
        double worst = 0;
        for (int k = 0; k < smp.test().size(); k++) {
            Parameter mu = smp.test().get(k);
            org.jrom.linalg.VectorArray f = smp.rhsEim() != null
                    ? org.jrom.linalg.VectorArray.of(smp.testRhs().get(k))
                    : m.model().rhs().apply(org.jrom.linalg.VectorArray.of(new double[] {1.0}), mu);
            double[] exact = org.jrom.operators.MatrixOperator.of(
                            smp.testMatrices().get(k))
                    .applyInverse(f, mu)
                    .vector(0);
            double[] interpolated = m.model().solve(mu).vector(0);
            org.jrom.linalg.VectorArray e = org.jrom.linalg.VectorArray.of(exact);
            double norm = e.norms(x)[0];
            e.axpy(-1.0, org.jrom.linalg.VectorArray.of(interpolated));
            worst = Math.max(worst, norm > 0 ? e.norms(x)[0] / norm : 0);
        }
        return worst;
    }

    /**
     * The layout of an external field on its mesh: {@code components} values per node, node by node,
     * unknown i at full dof {@code dofs[i]} (all dofs free when the manifest gives no map).
     */
    static FieldLayout layout(AffineManifest.MeshLayout spec, int dim) {
        Path file = spec.file();
        Path map = spec.dofsFile() != null ? spec.dofsFile() : file; // the dof map's errors name its file
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Mesh mesh = name.endsWith(".vtu") ? VtuReader.read(file).mesh() : GmshReader.read(file, false);
        int full = mesh.numNodes() * spec.components();
        if (spec.dofs() == null) {
            if (full != dim) {
                throw new JromException(file + ": the mesh has " + mesh.numNodes() + " nodes x " + spec.components()
                        + " components = " + full + " values, but the model has " + dim
                        + " unknowns; give \"dofs\" in the manifest's mesh section when some are eliminated");
            }
            return new FieldLayout(mesh, new DirichletConstraint(full, new int[0]), spec.components());
        }
        boolean[] free = new boolean[full];
        for (int i = 0; i < dim; i++) {
            int d = spec.dofs()[i];
            if (d >= full || free[d]) {
                throw new JromException(map + ": unknown " + i + " maps to dof " + d + ", which is "
                        + (d >= full
                                ? "beyond the " + full + " values of the mesh " + file.getFileName() + " ("
                                        + mesh.numNodes() + " nodes x " + spec.components() + " components)"
                                : "taken by another unknown"));
            }
            free[d] = true;
        }
        int[] fixed = new int[full - dim];
        for (int i = 0, k = 0; i < full; i++) {
            if (!free[i]) {
                fixed[k++] = i;
            }
        }
        DirichletConstraint constraint = new DirichletConstraint(full, fixed);
        // the constraint orders free dofs increasingly; the manifest's map must agree with it
        for (int i = 1; i < dim; i++) {
            if (spec.dofs()[i] <= spec.dofs()[i - 1]) {
                throw new JromException(map + ": the dof map must list increasing dofs (unknown " + i + " maps to "
                        + spec.dofs()[i] + " after " + spec.dofs()[i - 1] + ")");
            }
        }
        FieldLayout.Lifting lifting = null;
        if (spec.lifting() != null) {
            List<double[]> values = spec.lifting().values();
            DenseMatrix g = DenseMatrix.zeros(full, values.size());
            for (int k = 0; k < values.size(); k++) {
                double[] v = values.get(k);
                if (v.length > full) {
                    throw new JromException(map + ": a constrained dof maps to value " + (v.length - 1)
                            + ", beyond the " + full + " values of the mesh " + file.getFileName());
                }
                System.arraycopy(v, 0, g.data(), k * full, v.length);
            }
            lifting = new FieldLayout.Lifting(spec.lifting().terms(), g);
        }
        return new FieldLayout(mesh, constraint, spec.components(), lifting);
    }
}
