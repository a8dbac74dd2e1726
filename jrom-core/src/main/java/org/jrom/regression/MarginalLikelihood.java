package org.jrom.regression;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jrom.linalg.CholeskyDecomposition;
import org.jrom.linalg.DenseMatrix;

/**
 * The log marginal likelihood of a zero-mean Gaussian process for one standardized output
 * (Rasmussen and Williams 2006, eq. 5.8), {@code log p(y | theta) = -y^T alpha / 2 - sum_i log L_ii -
 * (K / 2) log 2 pi} with {@code K_y = L L^T}, {@code alpha = K_y^{-1} y}, and its gradient (eq. 5.9)
 * {@code d/d theta_j = tr((alpha alpha^T - K_y^{-1}) dK_y/d theta_j) / 2}.
 *
 * <p>The hyperparameters are {@code theta = (log l_1, ..., log l_p, log sigma_f^2, log sigma_n^2)}
 * with {@code K_y = sigma_f^2 g(r^2) + sigma_n^2 I} and {@code r^2 = sum_i (u_i - u'_i)^2 / l_i^2}
 * over unit-box inputs u (row-major, K x p).
 */
final class MarginalLikelihood {
    /** Bounds of the signal variance of a standardized output. */
    static final double MIN_SIGNAL_VARIANCE = 1e-4;

    static final double MAX_SIGNAL_VARIANCE = 1e4;

    /**
     * The fitted process at fixed hyperparameters.
     *
     * @param lower the Cholesky factor L of {@code K_y}, K x K column-major, upper triangle zero
     * @param alpha {@code K_y^{-1} y}
     * @param inverseDiagonal {@code (K_y^{-1})_kk}
     * @param logLikelihood {@code log p(y | theta)}
     */
    record Factorization(double[] lower, double[] alpha, double[] inverseDiagonal, double logLikelihood) {}

    private final GaussianProcess.Kernel kernel;
    private final double[] u;
    private final int samples;
    private final int inputs;
    private final double[] y;

    MarginalLikelihood(GaussianProcess.Kernel kernel, double[] u, int samples, int inputs, double[] y) {
        this.kernel = kernel;
        this.u = u;
        this.samples = samples;
        this.inputs = inputs;
        this.y = y;
    }

    /** Inverse length scales {@code 1 / exp(theta_i)}, as the fitted process stores them. */
    private double[] inverseLengths(double[] theta) {
        double[] inv = new double[inputs];
        for (int i = 0; i < inputs; i++) {
            inv[i] = 1.0 / Math.exp(theta[i]);
        }
        return inv;
    }

    /** {@code r^2} between samples a and b, and {@code q_i = (u_ai - u_bi)^2 / l_i^2} into q (if not null). */
    private double scaledSquaredDistance(int a, int b, double[] inverseLength, double[] q) {
        double r2 = 0;
        for (int i = 0; i < inputs; i++) {
            double d = (u[a * inputs + i] - u[b * inputs + i]) * inverseLength[i];
            if (q != null) {
                q[i] = d * d;
            }
            r2 += d * d;
        }
        return r2;
    }

    /** {@code K_y}, full K x K column-major. */
    private DenseMatrix covariance(double[] theta) {
        double[] inv = inverseLengths(theta);
        double sf2 = Math.exp(theta[inputs]);
        double sn2 = Math.exp(theta[inputs + 1]);
        int n = samples;
        double[] c = new double[n * n];
        for (int b = 0; b < n; b++) {
            c[b + b * n] = sf2 + sn2;
            for (int a = b + 1; a < n; a++) {
                double v = sf2 * kernel.correlation(scaledSquaredDistance(a, b, inv, null));
                c[a + b * n] = v;
                c[b + a * n] = v;
            }
        }
        return DenseMatrix.wrap(n, n, c);
    }

    /** The process at theta, or null when {@code K_y} is not positive definite to working precision. */
    Factorization factor(double[] theta) {
        CholeskyDecomposition chol = KernelSystem.choleskyOrNull(covariance(theta));
        if (chol == null) {
            return null;
        }
        double[] alpha = chol.solve(y);
        double lml = logLikelihood(chol, alpha);
        double[] inverseDiagonal = chol.solve(DenseMatrix.identity(samples)).diagonal();
        return new Factorization(chol.lower().data(), alpha, inverseDiagonal, lml);
    }

    /** {@code -y^T alpha / 2 - log det(K_y) / 2 - (K / 2) log 2 pi}. */
    private double logLikelihood(CholeskyDecomposition chol, double[] alpha) {
        double fit = 0;
        for (int k = 0; k < samples; k++) {
            fit += y[k] * alpha[k];
        }
        return -0.5 * fit - 0.5 * chol.logDeterminant() - 0.5 * samples * Math.log(2 * Math.PI);
    }

    /**
     * {@code log p(y | theta)}, and its gradient with respect to theta into {@code gradient} (length p
     * + 2) when not null; -inf when {@code K_y} is not positive definite.
     */
    double value(double[] theta, double[] gradient) {
        CholeskyDecomposition chol = KernelSystem.choleskyOrNull(covariance(theta));
        if (chol == null) {
            return Double.NEGATIVE_INFINITY;
        }
        int n = samples;
        int p = inputs;
        double[] alpha = chol.solve(y);
        double lml = logLikelihood(chol, alpha);
        if (gradient == null) {
            return lml;
        }
        double[] inverse = chol.solve(DenseMatrix.identity(n)).data();
        double[] inv = inverseLengths(theta);
        double sf2 = Math.exp(theta[p]);
        double sn2 = Math.exp(theta[p + 1]);
        double[] q = new double[p];
        Arrays.fill(gradient, 0.0);
        for (int b = 0; b < n; b++) {
            double wbb = alpha[b] * alpha[b] - inverse[b + b * n];
            gradient[p] += 0.5 * wbb * sf2; // g(0) = 1
            gradient[p + 1] += 0.5 * wbb * sn2;
            for (int a = b + 1; a < n; a++) {
                // off-diagonal pairs appear twice in the trace: the factor 1/2 cancels
                double w = alpha[a] * alpha[b] - inverse[a + b * n];
                double r2 = scaledSquaredDistance(a, b, inv, q);
                gradient[p] += w * sf2 * kernel.correlation(r2);
                double dl = w * sf2 * kernel.lengthScaleDerivative(r2);
                for (int i = 0; i < p; i++) {
                    gradient[i] += dl * q[i];
                }
            }
        }
        return lml;
    }

    /**
     * The hyperparameters maximizing {@link #value} over the box of {@code options}, by {@link
     * BoundedBfgs} from a default start and {@code options.restarts()} log-uniform random starts.
     *
     * @return theta, or null when no start gives a positive definite covariance
     */
    double[] maximize(GaussianProcess.Options options, SplittableRandom random) {
        int p = inputs;
        double[] lo = new double[p + 2];
        double[] hi = new double[p + 2];
        for (int i = 0; i < p; i++) {
            lo[i] = Math.log(options.minLengthScale());
            hi[i] = Math.log(options.maxLengthScale());
        }
        lo[p] = Math.log(MIN_SIGNAL_VARIANCE);
        hi[p] = Math.log(MAX_SIGNAL_VARIANCE);
        lo[p + 1] = Math.log(options.minNoiseVariance());
        hi[p + 1] = Math.log(options.maxNoiseVariance());
        BoundedBfgs.Objective negative = (theta, g) -> {
            double v = value(theta, g);
            for (int i = 0; i < g.length; i++) {
                g[i] = -g[i];
            }
            return -v;
        };
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int start = 0; start <= options.restarts(); start++) {
            double[] x0 = new double[p + 2];
            for (int i = 0; i < p; i++) {
                x0[i] = start == 0 ? Math.log(0.5) : uniform(random, Math.log(0.05), Math.log(2.0));
            }
            x0[p] = start == 0 ? 0.0 : uniform(random, Math.log(0.2), Math.log(5.0));
            x0[p + 1] = start == 0
                    ? Math.min(Math.log(1e-4), (lo[p + 1] + hi[p + 1]) / 2)
                    : uniform(random, lo[p + 1], hi[p + 1]);
            BoundedBfgs.Result r = BoundedBfgs.minimize(negative, x0, lo, hi, options.maxIterations(), 1e-6);
            if (r.value() < bestValue) {
                bestValue = r.value();
                best = r.x();
            }
        }
        return best;
    }

    private static double uniform(SplittableRandom random, double a, double b) {
        return a + (b - a) * random.nextDouble();
    }
}
