package org.jrom.pipelines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.regression.GaussianProcess;
import org.jrom.regression.PodRegressionModel;
import org.jrom.regression.RbfInterpolant;

/**
 * A nonintrusive POD-regression model from snapshots and their parameters (Guo and Hesthaven
 * 2018), in two streamed passes whose memory is bounded by the basis: the incremental POD (HAPOD,
 * Himpe, Leibner, Rave 2018) to the relative tolerance, then every snapshot's POD coefficients
 * {@code c_k = V^T u_k}, its high-fidelity outputs {@code l^T u_k} and its truncation error {@code
 * ||u_k - V c_k||}; then the regression of the coefficients on the parameters and its leave-one-out
 * errors ({@link PodRegressionModel#fit}). Cost: two reads of the snapshots, {@code O(n r)} per
 * snapshot and output, and the regression's fit ({@code O(K^3)} per leave-one-out system).
 */
public final class PodRegressionReduction {
    /** Snapshots per block of the POD pass. */
    private static final int BLOCK = 64;

    /** The regression of the POD coefficients on the parameters. */
    public enum Method {
        /** Gaussian radial basis functions, the shape chosen by leave-one-out error. */
        RBF,
        /** A Gaussian process with a Matern 5/2 kernel, hyperparameters by maximum likelihood. */
        GAUSSIAN_PROCESS;

        PodRegressionModel.Fit fit() {
            return switch (this) {
                case RBF ->
                    (sp, x, y) -> RbfInterpolant.fit(
                            sp, x, y, RbfInterpolant.Options.crossValidated(RbfInterpolant.Kernel.GAUSSIAN));
                case GAUSSIAN_PROCESS ->
                    (sp, x, y) -> GaussianProcess.fit(
                            sp, x, y, GaussianProcess.Options.defaults(GaussianProcess.Kernel.MATERN_52));
            };
        }
    }

    /**
     * Settings.
     *
     * @param podTolerance the relative POD tolerance {@code sqrt(discarded / total energy)}
     * @param maxModes the largest POD basis
     * @param method the regression
     * @param carryBasis whether the model keeps the POD basis (to reconstruct fields)
     */
    public record Options(double podTolerance, int maxModes, Method method, boolean carryBasis) {}

    /**
     * What the reduction produced.
     *
     * @param model the POD-regression model
     * @param singularValues the singular values of the streamed POD, descending (all kept)
     * @param snapshotCount the number of snapshots
     * @param dim the dimension of the snapshots
     * @param relativeTruncationBound a bound on the relative POD truncation error, {@code
     *     sqrt(discarded / total energy)}
     * @param rmsNorm the snapshots' RMS norm {@code sqrt(sum_k ||u_k||^2 / K)}
     */
    public record Result(
            PodRegressionModel model,
            double[] singularValues,
            long snapshotCount,
            int dim,
            double relativeTruncationBound,
            double rmsNorm) {
        public Result {
            singularValues = singularValues.clone();
        }

        @Override
        public double[] singularValues() {
            return singularValues.clone();
        }

        /** The leave-one-out field error estimate relative to the snapshots' RMS norm. */
        public double relativeFieldErrorEstimate() {
            return model.fieldErrorEstimate() / rmsNorm;
        }
    }

    private final Options options;
    private final OfflineBackend backend; // null: the streamed POD on this JVM's threads

    public PodRegressionReduction(Options options) {
        this(options, null);
    }

    private PodRegressionReduction(Options options, OfflineBackend backend) {
        this.options = options;
        this.backend = backend;
    }

    /**
     * The same reduction with its POD (pass 1) on {@code backend} (a cluster); the coefficients and
     * the regression stay here. The POD's guarantee is the same, so is the model's file.
     */
    public PodRegressionReduction on(OfflineBackend backend) {
        return new PodRegressionReduction(options, backend);
    }

    /**
     * Runs the reduction.
     *
     * @param snapshots opens a fresh pass over the snapshots; it is called twice
     * @param parameters the parameter of each snapshot, in order
     * @param space the parameter space the regression scales its inputs to
     * @param functionals the output functionals {@code l} by name, each of the snapshots' dimension
     * @param progress one task per pass
     * @param timer gets the phases {@code POD (pass 1)}, {@code coefficients (pass 2)}, {@code
     *     regression}
     */
    public Result run(
            Supplier<? extends Snapshots> snapshots,
            List<Parameter> parameters,
            ParameterSpace space,
            Map<String, double[]> functionals,
            ProgressListener progress,
            PhaseTimer timer) {
        int k = parameters.size();
        if (k < 2) {
            throw new JromException("a regression needs at least 2 snapshots, found " + k);
        }
        // pass 1: the streamed POD
        IncrementalPod.Result pod = timer.time("POD (pass 1)", () -> {
            try (Snapshots s = snapshots.get()) {
                DimensionMismatchException.check("snapshots (one per parameter)", k, s.count());
                functionals.forEach(
                        (name, l) -> DimensionMismatchException.check("output '" + name + "'", s.dim(), l.length));
                if (backend != null) {
                    return backend.pod(s, options.podTolerance(), options.maxModes(), progress);
                }
                IncrementalPod p = IncrementalPod.builder(s.dim())
                        .relativeTolerance(options.podTolerance())
                        .maxModes(options.maxModes())
                        .build();
                Snapshots.track(s, "POD", progress, () -> p.add(s.next(BLOCK)));
                return p.result();
            }
        });
        VectorArray v = pod.modes();
        int n = v.dim();

        // pass 2: POD coefficients, high-fidelity outputs and truncation errors of every snapshot
        double[][] coefficients = new double[k][];
        Map<String, double[]> truth = new LinkedHashMap<>();
        functionals.keySet().forEach(name -> truth.put(name, new double[k]));
        double[] projection = new double[1];
        timer.run("coefficients (pass 2)", () -> {
            try (Snapshots s = snapshots.get()) {
                Snapshots.track(s, "coefficients", progress, () -> {
                    int j = s.position();
                    double[] u = s.next();
                    double[] c = v.inner(VectorArray.of(u)).data();
                    coefficients[j] = c;
                    double[] p = v.lincomb(c);
                    double e = 0;
                    for (int i = 0; i < n; i++) {
                        e += (u[i] - p[i]) * (u[i] - p[i]);
                    }
                    projection[0] += e;
                    functionals.forEach((name, l) -> {
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += l[i] * u[i];
                        }
                        truth.get(name)[j] = sum;
                    });
                });
            }
        });
        Map<String, double[]> reduced = new LinkedHashMap<>();
        functionals.forEach(
                (name, l) -> reduced.put(name, v.inner(VectorArray.of(l)).data()));

        PodRegressionModel model = timer.time(
                "regression",
                () -> PodRegressionModel.fit(
                        space,
                        parameters,
                        coefficients,
                        options.carryBasis() ? v : null,
                        reduced,
                        truth,
                        Math.sqrt(projection[0] / k),
                        options.method().fit()));
        return new Result(
                model,
                pod.singularValues(),
                pod.snapshotCount(),
                n,
                pod.relativeErrorBound(),
                rmsNorm(coefficients, projection[0]));
    }

    /** {@code sqrt(sum_k ||u_k||^2 / K)} from the coefficients and the truncation energy. */
    private static double rmsNorm(double[][] coefficients, double truncation) {
        double sum = truncation;
        for (double[] c : coefficients) {
            for (double x : c) {
                sum += x * x;
            }
        }
        return Math.sqrt(sum / coefficients.length);
    }
}
