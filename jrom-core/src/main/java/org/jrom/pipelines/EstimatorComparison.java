package org.jrom.pipelines;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.ProgressListener;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;

/**
 * Every residual-norm evaluation on one reduced basis, against high-fidelity solves ({@code jrom
 * study estimators}): a weak greedy driven by the ORTHONORMAL evaluation builds the basis, a
 * reductor per evaluation gets the same basis, and {@link ErrorBoundStudy} compares their bounds on
 * a seeded test set at every {@code step}-th basis size. Cost: the greedy's high-fidelity solves,
 * one per test parameter, and each evaluation's offline data on the basis.
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
     */
    public record Options(double tolerance, int maxBasisSize, int testSize, long testSeed, int step) {}

    /**
     * What the comparison found.
     *
     * @param greedy the ORTHONORMAL weak greedy that built the basis
     * @param basisSize N
     * @param rows per basis size, the true error and each evaluation's bound statistics by its name,
     *     in the order of {@link ResidualNormEvaluation#values()}
     * @param reductorSeconds the driving reductor's wall time per offline phase
     */
    public record Result(
            WeakGreedy.Result greedy,
            int basisSize,
            List<ErrorBoundStudy.Row> rows,
            Map<String, Double> reductorSeconds) {
        public Result {
            rows = List.copyOf(rows);
            reductorSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(reductorSeconds));
        }
    }

    private final CertifiedReduction.Problem problem;
    private final Options options;

    /** A comparison on the problem's model, product, coercivity bound and outputs. */
    public EstimatorComparison(CertifiedReduction.Problem problem, Options options) {
        this.problem = problem;
        this.options = options;
    }

    /** Runs the greedy over {@code training}, then the study on the test set. */
    public Result run(List<Parameter> training, ProgressListener progress) {
        Map<String, CoerciveRbReductor> reductors = new LinkedHashMap<>();
        for (ResidualNormEvaluation kind : ResidualNormEvaluation.values()) {
            reductors.put(kind.name(), problem.reductor(kind));
        }
        CoerciveRbReductor driver = reductors.get(ResidualNormEvaluation.ORTHONORMAL.name());
        WeakGreedy.Result greedy = WeakGreedy.run(
                driver.greedySurrogate(),
                training,
                new WeakGreedy.Options(options.tolerance(), options.maxBasisSize()),
                progress);
        for (CoerciveRbReductor r : reductors.values()) {
            if (r != driver) {
                r.extendBasis(driver.basis());
            }
        }
        List<ErrorBoundStudy.Row> rows = ErrorBoundStudy.run(
                problem.fom(),
                problem.product().matrix(),
                reductors,
                Sampler.random(problem.fom().parameterSpace(), options.testSize(), options.testSeed()),
                options.step(),
                progress);
        return new Result(greedy, driver.basisSize(), rows, driver.timings().seconds());
    }
}
