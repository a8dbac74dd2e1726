package org.jrom.regression;

import java.util.SplittableRandom;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.Parallel;
import org.jrom.parameters.ParameterSpace;

/**
 * Gaussian process regression (Rasmussen and Williams 2006) of vector data, one independent process
 * per output component, each with its own anisotropic (ARD) kernel {@code sigma_f^2 g(r)}, {@code r^2
 * = sum_i (u_i - u'_i)^2 / l_i^2} over unit-box inputs u, and noise variance {@code sigma_n^2};
 * outputs are standardized, and the hyperparameters maximize the log marginal likelihood (BFGS with
 * its analytic gradient, seeded restarts). For nonintrusive reduced models of POD coefficients
 * (Guo and Hesthaven 2018).
 *
 * <p>Online cost for K samples, p inputs and r outputs: the mean {@code O(K p r)} flops (each output
 * has its own length scales) without allocation; the standard deviation in addition {@code O(K^2)}
 * per output, a triangular solve with the stored Cholesky factor, in one scratch array of length K
 * allocated per call. Plain Java, so predictions do not depend on the BLAS backend. Immutable and
 * thread-safe. See docs/regression.md.
 */
public final class GaussianProcess implements Regression {
    /** The correlation function {@code g} of the scaled distance r. */
    public enum Kernel {
        /** Squared exponential {@code exp(-r^2 / 2)}: infinitely smooth sample paths. */
        SQUARED_EXPONENTIAL,
        /** Matern 5/2 {@code (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r)}: twice differentiable paths. */
        MATERN_52;

        private static final double SQRT5 = Math.sqrt(5);

        /** {@code g} as a function of {@code r^2}. */
        public double correlation(double r2) {
            if (this == SQUARED_EXPONENTIAL) {
                return Math.exp(-0.5 * r2);
            }
            double r = Math.sqrt(r2);
            return (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
        }

        /**
         * {@code h(r^2)} with {@code d g / d log l_i = h (u_i - u'_i)^2 / l_i^2}: g itself for the squared
         * exponential, {@code (5/3) (1 + sqrt5 r) exp(-sqrt5 r)} for Matern 5/2.
         */
        double lengthScaleDerivative(double r2) {
            if (this == SQUARED_EXPONENTIAL) {
                return Math.exp(-0.5 * r2);
            }
            double r = Math.sqrt(r2);
            return 5.0 / 3.0 * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
        }
    }

    /**
     * How to fit. Length scales are in unit-box coordinates; noise variances are relative to the
     * variance of each output (outputs are standardized); the signal variance is bounded to {@code
     * [1e-4, 1e4]} in the same units.
     *
     * @param kernel the correlation function
     * @param minLengthScale lower bound of every length scale
     * @param maxLengthScale upper bound of every length scale
     * @param minNoiseVariance lower bound of the noise (nugget) variance, > 0; equal to {@code
     *     maxNoiseVariance} to fix it
     * @param maxNoiseVariance upper bound of the noise variance
     * @param restarts random starts of the optimizer in addition to the default start
     * @param seed seed of the random starts (output j uses a stream derived from seed and j)
     * @param maxIterations BFGS iterations per start
     */
    public record Options(
            Kernel kernel,
            double minLengthScale,
            double maxLengthScale,
            double minNoiseVariance,
            double maxNoiseVariance,
            int restarts,
            long seed,
            int maxIterations) {
        public Options {
            if (kernel == null
                    || !(minLengthScale > 0)
                    || !(maxLengthScale >= minLengthScale)
                    || maxLengthScale == Double.POSITIVE_INFINITY
                    || !(minNoiseVariance > 0)
                    || !(maxNoiseVariance >= minNoiseVariance)
                    || maxNoiseVariance == Double.POSITIVE_INFINITY
                    || restarts < 0
                    || maxIterations < 0) {
                throw new RegressionException("Gaussian process options need a kernel, 0 < minLengthScale <="
                        + " maxLengthScale < inf, 0 < minNoiseVariance <= maxNoiseVariance < inf, restarts >= 0 and"
                        + " maxIterations >= 0; found " + kernel + ", length scales [" + minLengthScale + ", "
                        + maxLengthScale + "], noise variances [" + minNoiseVariance + ", " + maxNoiseVariance
                        + "], " + restarts + " restarts, " + maxIterations + " iterations");
            }
        }

        /**
         * Length scales in {@code [1e-2, 1e2]}, noise variance in {@code [1e-10, 1]}, 3 random
         * restarts with seed 1, at most 200 iterations each.
         */
        public static Options defaults(Kernel kernel) {
            return new Options(kernel, 1e-2, 1e2, 1e-10, 1.0, 3, 1L, 200);
        }

        /** The same options with the noise variance bounded to {@code [min, max]} (fixed when equal). */
        public Options withNoiseVariance(double min, double max) {
            return new Options(kernel, minLengthScale, maxLengthScale, min, max, restarts, seed, maxIterations);
        }

        /** The same options with {@code restarts} random starts drawn from {@code seed}. */
        public Options withRestarts(int restarts, long seed) {
            return new Options(
                    kernel,
                    minLengthScale,
                    maxLengthScale,
                    minNoiseVariance,
                    maxNoiseVariance,
                    restarts,
                    seed,
                    maxIterations);
        }
    }

    /**
     * Everything that defines a fitted process, as plain arrays for a model file; {@link
     * #fromState(State)} rebuilds a process whose predictions are bit-identical. Output j predicts
     * {@code mean_j(x) = outputMeans[j] + outputScales[j] k_j(x)^T alphas[j]}.
     *
     * @param kernel {@link Kernel#name()}
     * @param lower lower bounds of the scaling box (the parameter space), length p
     * @param upper upper bounds of the scaling box, length p
     * @param centers the training inputs, in parameter coordinates, K x p
     * @param lengthScales r x p, in unit-box coordinates
     * @param signalVariances {@code sigma_f^2} per output, of the standardized output
     * @param noiseVariances {@code sigma_n^2} per output, of the standardized output
     * @param outputMeans the mean of each output over the training set
     * @param outputScales the standard deviation of each output over the training set (1 if zero)
     * @param alphas {@code K_y^{-1} y} of the standardized outputs, r x K
     * @param choleskyFactors per output the lower Cholesky factor of {@code K_y}, K x K column-major
     *     flattened to length {@code K * K}: r x (K K)
     * @param looResiduals the leave-one-out residuals in output units, K x r
     * @param logMarginalLikelihoods {@code log p(y_j | theta_j)} of the standardized outputs, length r
     */
    public record State(
            String kernel,
            double[] lower,
            double[] upper,
            double[][] centers,
            double[][] lengthScales,
            double[] signalVariances,
            double[] noiseVariances,
            double[] outputMeans,
            double[] outputScales,
            double[][] alphas,
            double[][] choleskyFactors,
            double[][] looResiduals,
            double[] logMarginalLikelihoods) {}

    private final Kernel kernel;
    private final UnitBox box;
    private final double[][] centers;
    private final int samples;
    private final int inputs;
    private final int outputs;
    private final double[] u; // K x p row-major, unit-box centers
    private final double[] lengthScales; // r x p row-major, as stored
    private final double[] inverseLengths; // their reciprocals
    private final double[] signalVariances;
    private final double[] noiseVariances;
    private final double[] outputMeans;
    private final double[] outputScales;
    private final double[] alphas; // r x K row-major
    private final double[][] factors; // per output, K x K column-major lower triangular
    private final double[][] looResiduals;
    private final double[] logMarginalLikelihoods;

    private GaussianProcess(State s) {
        this.kernel = ModelArrays.constant(Kernel.class, s.kernel(), "Gaussian process kernel");
        this.box = UnitBox.of(s.lower(), s.upper());
        this.centers = TrainingSet.copyInputs(box, s.centers(), "Gaussian process center");
        this.samples = centers.length;
        this.inputs = box.dimension();
        this.outputs = s.outputMeans().length;
        if (samples < 1 || outputs < 1) {
            throw new RegressionException("a Gaussian process needs at least one center and one output, found "
                    + samples + " centers and " + outputs + " outputs");
        }
        this.u = TrainingSet.scale(box, centers);
        this.lengthScales = ModelArrays.positive(
                "Gaussian process length scales",
                ModelArrays.flatten("Gaussian process length scales", s.lengthScales(), outputs, inputs),
                outputs * inputs,
                false);
        this.inverseLengths = new double[lengthScales.length];
        for (int i = 0; i < lengthScales.length; i++) {
            inverseLengths[i] = 1.0 / lengthScales[i];
        }
        this.signalVariances = ModelArrays.positive("signal variances", s.signalVariances(), outputs, false);
        this.noiseVariances = ModelArrays.positive("noise variances", s.noiseVariances(), outputs, true);
        this.outputMeans = ModelArrays.finite("output means", s.outputMeans(), outputs);
        this.outputScales = ModelArrays.positive("output scales", s.outputScales(), outputs, false);
        this.alphas = ModelArrays.flatten("Gaussian process alpha vectors", s.alphas(), outputs, samples);
        ModelArrays.flatten("Cholesky factors", s.choleskyFactors(), outputs, samples * samples);
        this.factors = ModelArrays.deepCopy(s.choleskyFactors());
        ModelArrays.flatten("Gaussian process leave-one-out residuals", s.looResiduals(), samples, outputs);
        this.looResiduals = ModelArrays.deepCopy(s.looResiduals());
        DimensionMismatchException.check(
                "length of the log marginal likelihoods", outputs, s.logMarginalLikelihoods().length);
        this.logMarginalLikelihoods = s.logMarginalLikelihoods().clone();
    }

    /**
     * Fits one process per output column of y to the pairs {@code (x[k], y[k])}, K >= 2, inputs in
     * {@code space}; outputs are fitted in parallel.
     *
     * @throws RegressionException for fewer than 2 samples, two equal inputs, or an output for which
     *     no hyperparameters in the bounds give a positive definite covariance
     */
    public static GaussianProcess fit(ParameterSpace space, double[][] x, double[][] y, Options options) {
        TrainingSet t = TrainingSet.of(space, x, y);
        int r = t.outputs;
        int k = t.samples;
        double[][] lengthScales = new double[r][t.inputs];
        double[] sf2 = new double[r];
        double[] sn2 = new double[r];
        double[] means = new double[r];
        double[] scales = new double[r];
        double[][] alphas = new double[r][];
        double[][] factors = new double[r][];
        double[][] loo = new double[k][r];
        double[] lml = new double[r];
        Parallel.forRange(r, Parallel.threads(), (from, to) -> {
            for (int j = from; j < to; j++) {
                double[] yj = t.outputColumn(j);
                double m = 0;
                for (double v : yj) {
                    m += v;
                }
                m /= k;
                double ss = 0;
                for (double v : yj) {
                    ss += (v - m) * (v - m);
                }
                double sd = ss > 0 ? Math.sqrt(ss / k) : 1.0;
                for (int a = 0; a < k; a++) {
                    yj[a] = (yj[a] - m) / sd;
                }
                MarginalLikelihood ml = new MarginalLikelihood(options.kernel(), t.u, k, t.inputs, yj);
                double[] theta = ml.maximize(options, new SplittableRandom(options.seed() * 1_000_003L + j));
                MarginalLikelihood.Factorization f = theta == null ? null : ml.factor(theta);
                if (f == null) {
                    throw new RegressionException("output " + j + ": no hyperparameters tried gave a positive definite"
                            + " covariance matrix; raise the minimum noise variance (now " + options.minNoiseVariance()
                            + ") with Options.withNoiseVariance");
                }
                for (int i = 0; i < t.inputs; i++) {
                    lengthScales[j][i] = Math.exp(theta[i]);
                }
                sf2[j] = Math.exp(theta[t.inputs]);
                sn2[j] = Math.exp(theta[t.inputs + 1]);
                means[j] = m;
                scales[j] = sd;
                alphas[j] = f.alpha();
                factors[j] = f.lower();
                lml[j] = f.logLikelihood();
                for (int a = 0; a < k; a++) { // Rasmussen and Williams (5.12): y_a - mu_{-a} = alpha_a / (K^-1)_aa
                    loo[a][j] = sd * f.alpha()[a] / f.inverseDiagonal()[a];
                }
            }
        });
        return new GaussianProcess(new State(
                options.kernel().name(),
                space.lower(),
                space.upper(),
                t.x,
                lengthScales,
                sf2,
                sn2,
                means,
                scales,
                alphas,
                factors,
                loo,
                lml));
    }

    /** Rebuilds a fitted process from its {@link #state()}; the arrays are copied. */
    public static GaussianProcess fromState(State state) {
        return new GaussianProcess(state);
    }

    /** The arrays defining this process (copies). */
    public State state() {
        return new State(
                kernel.name(),
                box.lower(),
                box.upper(),
                ModelArrays.deepCopy(centers),
                ModelArrays.rows(lengthScales, outputs, inputs),
                signalVariances.clone(),
                noiseVariances.clone(),
                outputMeans.clone(),
                outputScales.clone(),
                ModelArrays.rows(alphas, outputs, samples),
                ModelArrays.deepCopy(factors),
                ModelArrays.deepCopy(looResiduals),
                logMarginalLikelihoods.clone());
    }

    @Override
    public int inputDimension() {
        return inputs;
    }

    @Override
    public int outputDimension() {
        return outputs;
    }

    @Override
    public String describe() {
        return "Gaussian process (maximum likelihood, predictive standard deviation)";
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The length scales of output j in unit-box coordinates (a copy). */
    public double[] lengthScales(int j) {
        return java.util.Arrays.copyOfRange(lengthScales, j * inputs, (j + 1) * inputs);
    }

    /** {@code sigma_f^2} of standardized output j. */
    public double signalVariance(int j) {
        return signalVariances[j];
    }

    /** {@code sigma_n^2} of standardized output j. */
    public double noiseVariance(int j) {
        return noiseVariances[j];
    }

    /** The maximized {@code log p(y_j | theta_j)} of standardized output j. */
    public double logMarginalLikelihood(int j) {
        return logMarginalLikelihoods[j];
    }

    /** The prior covariance {@code sigma_f^2 g(r)} of output j between x and center k (standardized units). */
    private double covariance(int j, double[] x, int k) {
        double r2 = 0;
        for (int i = 0; i < inputs; i++) {
            double d = (box.coordinate(i, x[i]) - u[k * inputs + i]) * inverseLengths[j * inputs + i];
            r2 += d * d;
        }
        return signalVariances[j] * kernel.correlation(r2);
    }

    @Override
    public void predict(double[] x, double[] mean) {
        box.requireQuery(x, mean, outputs);
        for (int j = 0; j < outputs; j++) {
            double s = 0;
            for (int k = 0; k < samples; k++) {
                s += alphas[j * samples + k] * covariance(j, x, k);
            }
            mean[j] = outputMeans[j] + outputScales[j] * s;
        }
    }

    @Override
    public boolean hasPredictiveStd() {
        return true;
    }

    /**
     * Also writes the standard deviation of the latent function, {@code outputScale_j sqrt(sigma_f^2 -
     * v^T v)} with {@code L v = k_j(x)} (Rasmussen and Williams 2006, Algorithm 2.1): the noise
     * variance is not included, so it tends to 0 at noise-free training points. Allocates one array
     * of length K.
     */
    @Override
    public boolean predict(double[] x, double[] mean, double[] std) {
        box.requireQuery(x, mean, outputs);
        box.requireQuery(x, std, outputs);
        int n = samples;
        double[] v = new double[n];
        for (int j = 0; j < outputs; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                v[k] = covariance(j, x, k);
                s += alphas[j * n + k] * v[k];
            }
            mean[j] = outputMeans[j] + outputScales[j] * s;
            double[] l = factors[j];
            double vv = 0;
            for (int c = 0; c < n; c++) { // forward substitution L v = k, column by column
                double vc = v[c] / l[c + c * n];
                v[c] = vc;
                vv += vc * vc;
                for (int i = c + 1; i < n; i++) {
                    v[i] -= l[i + c * n] * vc;
                }
            }
            std[j] = outputScales[j] * Math.sqrt(Math.max(signalVariances[j] - vv, 0.0));
        }
        return true;
    }

    @Override
    public double[][] crossValidationResiduals() {
        return ModelArrays.deepCopy(looResiduals);
    }
}
