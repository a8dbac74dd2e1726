package org.jrom.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.models.ReducedModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;

/**
 * Every residual-norm evaluation on one reduced basis, against high-fidelity solves ({@code jrom
 * study estimators}): a weak greedy driven by the ORTHONORMAL evaluation builds the basis, a
 * reductor per evaluation gets the same basis, and {@link ErrorBoundStudy} compares their bounds on
 * a seeded test set at every {@code step}-th basis size, with each evaluation's accuracy against the
 * full-size residual norm and its costs. Cost: the greedy's high-fidelity solves, one per test
 * parameter, a full-size residual and Riesz solve per test parameter and compared basis size, and
 * each evaluation's offline data on the basis (twice at the final size: once timed).
 */
public final class EstimatorComparison {
    /**
     * Settings.
     *
     * @param tolerance the greedy's tolerance on the relative error bound
     * @param maxBasisSize the largest basis
     * @param testSize the number of test parameters
     * @param testSeed the seed of the uniformly random test set
     * @param step the basis sizes compared: 0, step, 2 step, ... and N
     * @param evaluations the evaluations compared, in this order (at least one)
     */
    public record Options(
            double tolerance,
            int maxBasisSize,
            int testSize,
            long testSeed,
            int step,
            List<ResidualNormEvaluation> evaluations) {
        public Options {
            evaluations = List.copyOf(evaluations);
            if (evaluations.isEmpty()) {
                throw new JromException("the comparison needs at least one residual-norm evaluation");
            }
        }
    }

    /**
     * What the comparison found.
     *
     * @param greedy the ORTHONORMAL weak greedy that built the basis
     * @param basisSize N
     * @param rows per basis size, the true error and each evaluation's bound statistics by its name,
     *     in the order of {@link Options#evaluations()}
     * @param reductorSeconds the driving reductor's wall time per offline phase
     * @param costs each evaluation's offline and online cost on the final basis
     */
    public record Result(
            WeakGreedy.Result greedy,
            int basisSize,
            List<ErrorBoundStudy.Row> rows,
            Map<String, Double> reductorSeconds,
            List<Cost> costs) {
        public Result {
            rows = List.copyOf(rows);
            reductorSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(reductorSeconds));
            costs = List.copyOf(costs);
        }
    }

    /**
     * What one evaluation costs on the final basis of N vectors.
     *
     * @param evaluation its name
     * @param offlineSeconds wall seconds from the basis to the reduced model with this evaluation: the
     *     projection and the Riesz representers (common to all), then the evaluation's own data
     * @param size the size of its online data: rows of W (ORTHONORMAL), terms d (GRAM), EIM terms M
     * @param normMicros microseconds per residual norm from gamma (the best of several passes over the test set)
     * @param queryMicros microseconds per certified query (reduced solve, bound, outputs)
     */
    public record Cost(String evaluation, double offlineSeconds, int size, double normMicros, double queryMicros) {}

    private final CertifiedReduction.Problem problem;
    private final Options options;

    /** A comparison on the problem's model, product, coercivity bound and outputs. */
    public EstimatorComparison(CertifiedReduction.Problem problem, Options options) {
        this.problem = problem;
        this.options = options;
    }

    /** Runs the greedy over {@code training}, then the study on the test set. */
    public Result run(List<Parameter> training, ProgressListener progress) {
        CoerciveRbReductor driver = problem.reductor(ResidualNormEvaluation.ORTHONORMAL);
        WeakGreedy.Result greedy = WeakGreedy.run(
                driver.greedySurrogate(),
                training,
                new WeakGreedy.Options(options.tolerance(), options.maxBasisSize()),
                progress);
        // Every evaluation from the same basis, timed from the basis to its model of size N.
        Map<String, CoerciveRbReductor> reductors = new LinkedHashMap<>();
        Map<String, ReducedModel> models = new LinkedHashMap<>();
        Map<String, Double> offline = new LinkedHashMap<>();
        for (ResidualNormEvaluation kind : options.evaluations()) {
            long t0 = System.nanoTime();
            CoerciveRbReductor r = problem.reductor(kind);
            r.extendBasis(driver.basis());
            models.put(kind.name(), r.reduce());
            offline.put(kind.name(), (System.nanoTime() - t0) * 1e-9);
            reductors.put(kind.name(), r);
        }
        List<Parameter> test = Sampler.random(problem.fom().parameterSpace(), options.testSize(), options.testSeed());
        List<ErrorBoundStudy.Row> rows = ErrorBoundStudy.run(
                problem.fom(), problem.product().matrix(), reductors, test, options.step(), true, progress);
        List<Cost> costs = new ArrayList<>();
        models.forEach((name, rom) -> costs.add(cost(name, rom, offline.get(name), test)));
        return new Result(greedy, driver.basisSize(), rows, driver.timings().seconds(), costs);
    }

    /** The online costs of one model over the test set: the best of five passes, after one to warm up. */
    private static Cost cost(String name, ReducedModel rom, double offlineSeconds, List<Parameter> test) {
        List<double[]> gammas = test.stream().map(rom::residualCoefficients).toList();
        ReducedModel.ResidualEvaluator evaluator = rom.residualEvaluator();
        double norm = Double.POSITIVE_INFINITY;
        double query = Double.POSITIVE_INFINITY;
        double sink = 0;
        for (int pass = 0; pass < 6; pass++) {
            long t0 = System.nanoTime();
            for (double[] g : gammas) {
                sink += evaluator.norm(g);
            }
            long t1 = System.nanoTime();
            for (Parameter mu : test) {
                sink += rom.solve(mu).errorBound();
            }
            long t2 = System.nanoTime();
            if (pass > 0) {
                norm = Math.min(norm, (t1 - t0) * 1e-3 / test.size());
                query = Math.min(query, (t2 - t1) * 1e-3 / test.size());
            }
        }
        if (Double.isNaN(sink)) {
            throw new JromException(name + ": a residual norm or bound is NaN on the test set");
        }
        return new Cost(name, offlineSeconds, onlineSize(evaluator), norm, query);
    }

    /** The size of an evaluation's online data: the rows of its first array (W, G, the EIM's entries). */
    private static int onlineSize(ReducedModel.ResidualEvaluator evaluator) {
        String first =
                ResidualNormEvaluation.parse(evaluator.kind()).arrayNames().get(0);
        return evaluator.arrays().get(first).rows();
    }
}
