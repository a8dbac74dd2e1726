package org.jrom.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.algorithms.Pod;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;
import org.jrom.models.Certificate;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ModelRecipe;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;

/**
 * The certified reduced basis method from a high-fidelity model to a validated reduced model
 * (Veroy, Prud'homme, Rovas, Patera 2003; Rozza, Huynh, Patera 2008): a weak greedy over the
 * training set driven by the chosen residual-norm evaluation, a dual greedy per primal-dual output,
 * the high-fidelity solutions of a seeded test set, the validation of the bounds against them
 * ({@link ErrorBoundStudy}, every basis size in steps of {@code max(1, N / 20)}), and the model's
 * {@link Certificate}: the validation verdict and the measured accuracy of the high-fidelity
 * solutions. Cost: the greedy's high-fidelity solves (one per basis vector, primal and dual), one
 * per test parameter, and the reduced solves of the sweeps and of the validation.
 *
 * <p>The speedup and a Monte Carlo of an output are not part of it: they are online measurements of
 * the result (wall times on the machine at hand, and what {@code jrom uq} does with any saved
 * model), which a server or a distributed offline job would not want timed into its build; the
 * caller measures them on {@link Result#model()} if it reports them.
 */
public final class CertifiedReduction {
    /**
     * What is reduced.
     *
     * @param fom the high-fidelity model
     * @param product the inner product X of the error bound
     * @param coercivity the coercivity lower bound in X
     * @param compliant the outputs whose functional is the right-hand side (squared bound)
     * @param primalDual the outputs certified with a dual reduced basis, each grown by its own greedy
     */
    public record Problem(
            StationaryModel fom,
            MatrixOperator product,
            CoercivityBound coercivity,
            Set<String> compliant,
            Set<String> primalDual) {
        public Problem {
            compliant = Collections.unmodifiableSet(new LinkedHashSet<>(compliant)); // in the order given
            primalDual = Collections.unmodifiableSet(new LinkedHashSet<>(primalDual));
        }

        /** A reductor of this problem with an empty basis. */
        CoerciveRbReductor reductor(ResidualNormEvaluation evaluation) {
            CoerciveRbReductor.Builder builder = CoerciveRbReductor.builder(fom)
                    .product(product)
                    .coercivityBound(coercivity)
                    .residualNorm(evaluation);
            compliant.forEach(builder::compliantOutput);
            primalDual.forEach(builder::primalDualOutput);
            return builder.build();
        }
    }

    /**
     * Settings.
     *
     * @param tolerance the greedies' tolerance on the relative error bound
     * @param maxBasisSize the largest basis, primal and each dual
     * @param residualNorm how the residual dual norm is evaluated online
     * @param testSize the number of test parameters of the validation
     * @param testSeed the seed of the uniformly random test set
     * @param testSet the test parameters themselves, instead of a random set (null: random): where the
     *     high-fidelity model answers only given parameters, e.g. an operator interpolated from a
     *     solver's matrices, which has its entries at the exported samples alone
     */
    public record Options(
            double tolerance,
            int maxBasisSize,
            ResidualNormEvaluation residualNorm,
            int testSize,
            long testSeed,
            List<Parameter> testSet) {
        public Options {
            new WeakGreedy.Options(tolerance, maxBasisSize); // the greedy's own checks
            if (testSet != null) {
                testSet = List.copyOf(testSet);
                testSize = testSet.size();
            }
            if (testSize < 1) {
                throw new JromException("the validation needs at least 1 test parameter, found " + testSize);
            }
        }

        /** A random test set of {@code testSize} parameters drawn with {@code testSeed}. */
        public Options(
                double tolerance, int maxBasisSize, ResidualNormEvaluation residualNorm, int testSize, long testSeed) {
            this(tolerance, maxBasisSize, residualNorm, testSize, testSeed, null);
        }
    }

    /**
     * What the reduction produced.
     *
     * @param model the reduced model, its certificate holding the validation and the truth accuracy
     * @param greedy the primal weak greedy
     * @param dualsCutShort the primal-dual outputs whose dual greedy stopped at the maximum basis
     *     size above the tolerance (their bounds are wider than they could be)
     * @param validation the validation, one row per basis size validated, the last at N
     * @param testSet the test parameters
     * @param truth the high-fidelity solutions at the test parameters, column k at test parameter k
     *     (a copy on every call: {@link #truthSolution(int)} reads one)
     * @param testSingularValues the singular values of the test solutions' POD in X, descending
     * @param basis the X-orthonormal reduced basis (a copy on every call: {@link #reconstruct} uses it)
     * @param reductorSeconds the reductor's wall time per offline phase (snapshots,
     *     orthonormalization, projection, estimator offline data, training-set sweeps)
     * @param options the settings it ran with
     */
    public record Result(
            ReducedModel model,
            WeakGreedy.Result greedy,
            List<String> dualsCutShort,
            List<ErrorBoundStudy.Row> validation,
            List<Parameter> testSet,
            VectorArray truth,
            double[] testSingularValues,
            VectorArray basis,
            Map<String, Double> reductorSeconds,
            Options options) {
        public Result {
            dualsCutShort = List.copyOf(dualsCutShort);
            validation = List.copyOf(validation);
            testSet = List.copyOf(testSet);
            truth = truth.copy();
            testSingularValues = testSingularValues.clone();
            basis = basis.copy();
            reductorSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(reductorSeconds));
        }

        @Override
        public VectorArray truth() {
            return truth.copy();
        }

        @Override
        public double[] testSingularValues() {
            return testSingularValues.clone();
        }

        @Override
        public VectorArray basis() {
            return basis.copy();
        }

        /** The high-fidelity solution at test parameter k (a copy). */
        public double[] truthSolution(int k) {
            return truth.vector(k);
        }

        /** The high-fidelity field {@code V u_N} of reduced coefficients of length {@code <= N}. */
        public double[] reconstruct(double[] coefficients) {
            if (coefficients.length > basis.count()) {
                throw new DimensionMismatchException("coefficient vector of length " + coefficients.length
                        + " for a basis of " + basis.count() + " vectors");
            }
            return basis.lincombOfFirst(coefficients);
        }

        /** The basis size N of the model. */
        public int basisSize() {
            return basis.count();
        }

        /** The validation at N. */
        public ErrorBoundStudy.Row lastRow() {
            return validation.get(validation.size() - 1);
        }

        /** The statistics of the model's own bound (the chosen residual-norm evaluation) in a row. */
        public ErrorBoundStudy.BoundStats bound(ErrorBoundStudy.Row row) {
            return row.bounds().get(options.residualNorm().name());
        }

        /** How often the bound fell below the true error, over every test parameter and basis size. */
        public int violations() {
            return validation.stream().mapToInt(r -> bound(r).violations()).sum();
        }

        /** The greedy's largest error estimate on the training set at N. */
        public double finalEstimate() {
            double[] e = greedy.maxErrors();
            return e[e.length - 1];
        }
    }

    private final Problem problem;
    private final Options options;
    private final CoerciveRbReductor.GreedyWork greedyWork; // null: the greedy's work on this JVM

    public CertifiedReduction(Problem problem, Options options) {
        this(problem, options, null);
    }

    private CertifiedReduction(Problem problem, Options options, CoerciveRbReductor.GreedyWork greedyWork) {
        this.problem = problem;
        this.options = options;
        this.greedyWork = greedyWork;
    }

    /**
     * The same reduction with the primal greedy's training-set sweeps and snapshots on {@code
     * backend} (a cluster), whose executors build the high-fidelity model from {@code recipe}; the
     * projections, the dual greedies and the validation stay here. The greedy's numbers, so its
     * model, are the same.
     */
    public CertifiedReduction on(OfflineBackend backend, ModelRecipe recipe) {
        return new CertifiedReduction(problem, options, backend.greedyWork(recipe));
    }

    /** Runs the reduction over a training set, without phase times. */
    public Result run(List<Parameter> training, ProgressListener progress) {
        return run(training, progress, new PhaseTimer());
    }

    /**
     * Runs the reduction over a training set; the wall times go to {@code timer} as the phases
     * {@code greedy}, {@code dual greedy} and {@code validation}.
     */
    public Result run(List<Parameter> training, ProgressListener progress, PhaseTimer timer) {
        StationaryModel fom = problem.fom();
        ResidualNormEvaluation estimator = options.residualNorm();
        CoerciveRbReductor reductor = problem.reductor(estimator);
        WeakGreedy.Options greedyOptions = new WeakGreedy.Options(options.tolerance(), options.maxBasisSize());
        WeakGreedy.Result greedy = timer.time(
                "greedy",
                () -> WeakGreedy.run(
                        greedyWork == null ? reductor.greedySurrogate() : reductor.greedySurrogate(greedyWork),
                        training,
                        greedyOptions,
                        progress));
        List<String> cutShort = new ArrayList<>();
        for (String name : problem.primalDual()) {
            WeakGreedy.Result dual = timer.time(
                    "dual greedy",
                    () -> WeakGreedy.run(reductor.dual(name).greedySurrogate(), training, greedyOptions, progress));
            if (dual.stoppedAtMaxBasisSize()) {
                cutShort.add(name);
            }
        }
        int n = reductor.basisSize();
        ReducedModel reduced = reductor.reduce();

        List<Parameter> testSet = options.testSet() != null
                ? options.testSet()
                : Sampler.random(fom.parameterSpace(), options.testSize(), options.testSeed());
        VectorArray truth = timer.time("validation", () -> ErrorBoundStudy.truthSolutions(fom, testSet, progress));
        List<ErrorBoundStudy.Row> rows = timer.time(
                "validation",
                () -> ErrorBoundStudy.run(
                        fom,
                        problem.product().matrix(),
                        Map.of(estimator.name(), reductor),
                        testSet,
                        truth,
                        Math.max(1, n / 20),
                        false,
                        progress));
        double[] sigma = timer.time(
                "validation", () -> Pod.compute(truth, problem.product().matrix(), Pod.Options.modes(truth.count()))
                        .singularValues());

        int violations = rows.stream()
                .mapToInt(r -> r.bounds().get(estimator.name()).violations())
                .sum();
        // a bound below the true error in validation: the bounds are not certified, whatever the
        // coercivity bound claims (a given expression is only as sound as the modeller's analysis);
        // with a given one they are bounds only as far as it is a true lower bound
        ReducedModel model = reduced.withCertificate(reduced.certificate()
                .withValidation(new Certificate.Validation(
                        options.testSize(),
                        options.testSet() != null ? -1 : options.testSeed(), // -1: given, not drawn
                        rows.size(),
                        violations))
                .withTruthAccuracy(rows.get(rows.size() - 1).maxTruthAccuracy())
                .withComplianceAccuracy(rows.get(rows.size() - 1).maxComplianceAccuracy()));
        return new Result(
                model,
                greedy,
                cutShort,
                rows,
                testSet,
                truth,
                sigma,
                reductor.basis(),
                reductor.timings().seconds(),
                options);
    }
}
