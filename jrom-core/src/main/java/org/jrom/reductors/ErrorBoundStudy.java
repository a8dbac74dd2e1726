package org.jrom.reductors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.VectorArray;
import org.jrom.models.Certificate;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;

/**
 * Validation of certified error bounds against true errors: for every basis size, the high-fidelity
 * error {@code ||u(mu) - V u_N(mu)||_X} on a test set next to the bound of each residual-norm
 * evaluation, with effectivities {@code Delta_N / ||e||_X}.
 *
 * <p>The "true" error is measured against the computed high-fidelity solution {@code u_h}, itself
 * accurate only to round-off ({@code ~ eps cond(A)}). Its accuracy {@code delta_h = ||f - A
 * u_h||_{X'} / alpha_LB} is computed too, and the largest {@code delta_h / ||u_h||_X} over the test
 * set becomes the models' measured truth accuracy ({@link Certificate#truthAccuracy()}), the part
 * of the round-off floor that lets a bound cover the distance to a computed solution. A bound below
 * the measured error is a violation, with no allowance (docs/estimators.md).
 */
public final class ErrorBoundStudy {
    private ErrorBoundStudy() {}

    /**
     * Statistics of one bound at one basis size, relative errors are divided by {@code ||u||_X}.
     *
     * @param maxRelativeBound the largest relative bound over the test set
     * @param minEffectivity smallest bound / true error
     * @param meanEffectivity mean bound / true error
     * @param maxEffectivity largest bound / true error
     * @param violations test parameters where the bound is below the true error
     * @param maxRelativeFloor the largest round-off floor in the bound, relative like the bound
     * @param maxNormDeviation the largest {@code |rho - ||r||| / ||r||} of the evaluation's computed
     *     residual norm rho against the dual norm of the residual assembled at the high-fidelity
     *     level (itself accurate to about {@code eps ||f||_{X'}}); NaN at N = 0 and when not measured
     */
    public record BoundStats(
            double maxRelativeBound,
            double minEffectivity,
            double meanEffectivity,
            double maxEffectivity,
            int violations,
            double maxRelativeFloor,
            double maxNormDeviation) {}

    /**
     * One basis size.
     *
     * @param basisSize N
     * @param maxRelativeError the largest true relative error over the test set
     * @param maxTruthAccuracy the largest {@code delta_h / ||u||_X}: errors below it are round-off
     * @param bounds statistics of each evaluation's bound, by name
     * @param maxComplianceAccuracy the largest {@code (|u_h^T r_h| + delta_h ||r_h||_{X'}) / ||u||_X^2}:
     *     how accurately the compliance of a test solution is known ({@link Certificate#complianceAccuracy()})
     */
    public record Row(
            int basisSize,
            double maxRelativeError,
            double maxTruthAccuracy,
            Map<String, BoundStats> bounds,
            double maxComplianceAccuracy) {}

    /**
     * Runs the study for basis sizes 0, step, 2 step, ... and the common basis size of the
     * reductors, which must share one basis (e.g. built by one greedy and copied with {@link
     * CoerciveRbReductor#extendBasis}); with {@code normAccuracy}, also each evaluation's deviation
     * from the full-size residual norm ({@link BoundStats#maxNormDeviation()}, otherwise NaN), at the
     * cost of a full-size residual and a Riesz solve per test parameter and basis size.
     */
    public static List<Row> run(
            StationaryModel fom,
            LinearMap product,
            Map<String, CoerciveRbReductor> reductors,
            List<Parameter> test,
            int step,
            boolean normAccuracy,
            ProgressListener progress) {
        commonBasisSize(reductors, test, step);
        return run(fom, product, reductors, test, truthSolutions(fom, test, progress), step, normAccuracy, progress);
    }

    /** The high-fidelity solutions at the test parameters, one column each. */
    public static VectorArray truthSolutions(StationaryModel fom, List<Parameter> test, ProgressListener progress) {
        progress.start("high-fidelity test solutions", test.size());
        VectorArray truth = VectorArray.empty(fom.dim());
        try {
            for (int k = 0; k < test.size(); k++) {
                truth.append(fom.solve(test.get(k)));
                progress.progress(k + 1, "");
            }
        } finally {
            progress.finish();
        }
        return truth;
    }

    /**
     * As {@link #run(StationaryModel, LinearMap, Map, List, int, boolean, ProgressListener)}, with
     * the high-fidelity solutions at the test parameters already computed (column k at {@code
     * test.get(k)}).
     */
    public static List<Row> run(
            StationaryModel fom,
            LinearMap product,
            Map<String, CoerciveRbReductor> reductors,
            List<Parameter> test,
            VectorArray truth,
            int step,
            boolean normAccuracy,
            ProgressListener progress) {
        if (truth.count() != test.size()) {
            throw new JromException("the study needs one truth solution per test parameter, found " + truth.count()
                    + " for " + test.size());
        }
        int size = commonBasisSize(reductors, test, step);
        CoerciveRbReductor first = reductors.values().iterator().next();
        double[] norms = truth.norms(product);
        double[][] accuracy = truthAccuracy(fom, product, first, test, truth);
        double[] truthAccuracy = accuracy[0];
        double maxTruthAccuracy = 0;
        double maxComplianceAccuracy = 0;
        for (int k = 0; k < test.size(); k++) {
            maxTruthAccuracy = Math.max(maxTruthAccuracy, truthAccuracy[k] / norms[k]);
            maxComplianceAccuracy = Math.max(maxComplianceAccuracy, accuracy[1][k] / (norms[k] * norms[k]));
        }
        if (!(maxComplianceAccuracy < 0.5)) {
            maxComplianceAccuracy = Double.NaN; // not a useful measurement: the state's accuracy bounds it instead
        }
        if (!(maxTruthAccuracy < 0.5)) {
            throw new JromException("the high-fidelity solutions are not solutions: ||f - A u_h||_X' / alpha_LB"
                    + " is " + maxTruthAccuracy + " times ||u_h||_X at a test parameter; check the operator and"
                    + " the coercivity bound");
        }
        List<Row> rows = new ArrayList<>();
        int points = (size + step - 1) / step + 1;
        progress.start("bounds per basis size", points);
        for (int n = 0, point = 1; ; n = Math.min(n + step, size), point++) {
            double maxRel = 0;
            double[] trueErrors = new double[test.size()];
            Map<String, BoundStats> stats = new LinkedHashMap<>();
            boolean errorsKnown = false;
            double[] residualNorms = null;
            for (var e : reductors.entrySet()) {
                ReducedModel reduced = e.getValue().reduce(n);
                ReducedModel rom = reduced.withCertificate(reduced.certificate()
                        .withTruthAccuracy(maxTruthAccuracy)
                        .withComplianceAccuracy(maxComplianceAccuracy));
                double maxBound = 0;
                double maxFloor = 0;
                double maxDeviation = n == 0 || !normAccuracy ? Double.NaN : 0;
                double minEff = Double.POSITIVE_INFINITY;
                double maxEff = 0;
                double sumEff = 0;
                int counted = 0;
                int violations = 0;
                if (residualNorms == null && n > 0 && normAccuracy) {
                    VectorArray states = VectorArray.empty(fom.dim());
                    for (Parameter mu : test) {
                        states.append(first.reconstruct(rom.solve(mu).coefficients()));
                    }
                    residualNorms = dualNorms(residuals(fom, test, states), first);
                }
                for (int k = 0; k < test.size(); k++) {
                    ReducedSolution s = rom.solve(test.get(k));
                    if (residualNorms != null && residualNorms[k] > 0) {
                        double computed = rom.residualEvaluator().norm(rom.residualCoefficients(test.get(k)));
                        maxDeviation = Math.max(maxDeviation, Math.abs(computed - residualNorms[k]) / residualNorms[k]);
                    }
                    if (!errorsKnown) {
                        VectorArray err = VectorArray.wrap(truth.dim(), 1, truth.vector(k));
                        if (n > 0) {
                            err.axpy(-1.0, VectorArray.wrap(truth.dim(), 1, first.reconstruct(s.coefficients())));
                        }
                        trueErrors[k] = err.norms(product)[0];
                        maxRel = Math.max(maxRel, trueErrors[k] / norms[k]);
                    }
                    maxBound = Math.max(maxBound, s.errorBound() / norms[k]);
                    maxFloor = Math.max(maxFloor, s.floor() / norms[k]);
                    if (s.errorBound() < trueErrors[k]) {
                        violations++;
                    }
                    if (trueErrors[k] > 0) {
                        double eff = s.errorBound() / trueErrors[k];
                        minEff = Math.min(minEff, eff);
                        maxEff = Math.max(maxEff, eff);
                        sumEff += eff;
                        counted++;
                    }
                }
                errorsKnown = true;
                stats.put(
                        e.getKey(),
                        new BoundStats(
                                maxBound,
                                minEff,
                                counted == 0 ? Double.NaN : sumEff / counted,
                                maxEff,
                                violations,
                                maxFloor,
                                maxDeviation));
            }
            rows.add(new Row(n, maxRel, maxTruthAccuracy, stats, maxComplianceAccuracy));
            progress.progress(point, String.format("N=%d max error %.2e", n, maxRel));
            if (n == size) {
                break;
            }
        }
        progress.finish();
        return rows;
    }

    private static int commonBasisSize(Map<String, CoerciveRbReductor> reductors, List<Parameter> test, int step) {
        if (reductors.isEmpty() || test.isEmpty() || step < 1) {
            throw new JromException("the study needs at least one reductor, one test parameter and a step >= 1");
        }
        int size = reductors.values().iterator().next().basisSize();
        for (var e : reductors.entrySet()) {
            if (e.getValue().basisSize() != size) {
                throw new JromException("reductor '" + e.getKey() + "' has "
                        + e.getValue().basisSize() + " basis vectors, expected the common size " + size);
            }
        }
        return size;
    }

    /**
     * How exact the truth is, for every test solution: {@code delta_h = ||r_h||_{X'} / alpha_LB(mu)}
     * with {@code r_h = f - A u_h}, which bounds {@code ||u - u_h||_X}; and for its compliance, {@code
     * |f^T (u_h - u)| = |u^T r_h| <= |u_h^T r_h| + delta_h ||r_h||_{X'}} (as {@code f = A u}).
     * Returns {delta_h, that compliance bound} per test parameter.
     */
    private static double[][] truthAccuracy(
            StationaryModel fom,
            LinearMap product,
            CoerciveRbReductor reductor,
            List<Parameter> test,
            VectorArray truth) {
        ReducedModel empty = reductor.reduce(0);
        VectorArray residuals = residuals(fom, test, truth);
        double[] dualNorms = dualNorms(residuals, reductor);
        double[][] out = new double[2][test.size()];
        for (int k = 0; k < test.size(); k++) {
            double dualNorm = dualNorms[k];
            out[0][k] = dualNorm / empty.coercivityBound().lowerBound(test.get(k));
            double uTr = VectorArray.of(truth.vector(k))
                    .inner(VectorArray.of(residuals.vector(k)))
                    .get(0, 0);
            out[1][k] = Math.abs(uTr) + out[0][k] * dualNorm;
        }
        return out;
    }

    /** The residuals {@code f(mu_k) - A(mu_k) u_k} of full-size states, one column per test parameter. */
    private static VectorArray residuals(StationaryModel fom, List<Parameter> test, VectorArray states) {
        VectorArray residuals = VectorArray.empty(fom.dim());
        VectorArray one = VectorArray.of(new double[] {1.0});
        for (int k = 0; k < test.size(); k++) {
            Parameter mu = test.get(k);
            VectorArray r = fom.rhs().apply(one, mu);
            r.axpy(-1.0, fom.operator().apply(VectorArray.of(states.vector(k)), mu));
            residuals.append(r);
        }
        return residuals;
    }

    /** The dual norms {@code (r^T X^-1 r)^(1/2)} of the columns of {@code residuals}. */
    private static double[] dualNorms(VectorArray residuals, CoerciveRbReductor reductor) {
        VectorArray riesz = reductor.productOperator().applyInverse(residuals, null);
        double[] out = new double[residuals.count()];
        for (int k = 0; k < out.length; k++) {
            double rr = VectorArray.of(residuals.vector(k))
                    .inner(VectorArray.of(riesz.vector(k)))
                    .get(0, 0);
            out[k] = Math.sqrt(Math.max(0, rr));
        }
        return out;
    }
}
