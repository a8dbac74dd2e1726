package org.jrom.linalg;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Extreme eigenvalues of a symmetric-definite pencil {@code A v = lambda X v} (A symmetric, X
 * symmetric positive definite), i.e. the extremes of the Rayleigh quotient {@code v^T A v / v^T X
 * v}: estimates by the Lanczos method with full re-orthogonalization in the X inner product
 * (Paige 1972; Parlett, "The Symmetric Eigenvalue Problem", 1998, ch. 13), on {@code X^{-1} A} for
 * both ends of the spectrum or shift-inverted on {@code A^{-1} X} for the smallest eigenvalue of an
 * SPD A (Ericsson, Ruhe 1980, Math. Comp. 35); and certificates by Sylvester's law of inertia: a
 * successful Cholesky factorization of {@code A - s X} proves {@code lambda_min > s} (up to the
 * backward error of the factorization, about {@code n eps ||A - s X||}).
 */
public final class PencilEigen {
    private PencilEigen() {}

    /** Steps at which a Lanczos run first checks its Ritz values, then every this many steps. */
    private static final int CHECK_EVERY = 5;

    /** Tries of {@link #certifiedLowerBound}, each with 4 times the margin of the last. */
    private static final int CERTIFICATE_TRIES = 40;

    /**
     * Settings of a Lanczos run.
     *
     * @param maxSteps the most Lanczos steps (capped at the dimension)
     * @param tolerance stop when the residual norms of the wanted extreme Ritz pairs are at most
     *     this times the largest Ritz value in modulus
     * @param seed seed of the random starting vector
     */
    public record Options(int maxSteps, double tolerance, long seed) {
        public Options {
            if (maxSteps < 1 || !(tolerance > 0)) {
                throw new IllegalArgumentException(
                        "Lanczos needs maxSteps >= 1 and tolerance > 0, found " + maxSteps + ", " + tolerance);
            }
        }

        /** 300 steps, relative residual 1e-10, seed 1. */
        public static Options defaults() {
            return new Options(300, 1e-10, 1);
        }
    }

    /** Which end of the spectrum a Lanczos run must resolve before it stops. */
    public enum End {
        SMALLEST,
        LARGEST,
        BOTH
    }

    /**
     * The outcome of a Lanczos run on an operator that is self-adjoint in an inner product B.
     *
     * @param values the Ritz values, ascending (they lie inside the spectrum's hull)
     * @param residuals {@code ||op u_i - theta_i u_i||_B} of each B-normalized Ritz vector
     * @param smallestVector the B-normalized Ritz vector of the smallest Ritz value
     * @param largestVector the B-normalized Ritz vector of the largest Ritz value
     * @param steps the Lanczos steps taken (the dimension of the Krylov space)
     * @param converged whether the wanted ends met the tolerance
     */
    public record Ritz(
            double[] values,
            double[] residuals,
            double[] smallestVector,
            double[] largestVector,
            int steps,
            boolean converged) {
        /** The smallest Ritz value. */
        public double smallest() {
            return values[0];
        }

        /** The largest Ritz value. */
        public double largest() {
            return values[values.length - 1];
        }
    }

    /**
     * An approximate eigenpair of the pencil.
     *
     * @param value the Rayleigh quotient {@code v^T A v / v^T X v} of the vector (for the smallest
     *     eigenvalue an upper bound of it)
     * @param vector X-normalized
     * @param ritz the Lanczos run it came from
     */
    public record Eigenpair(double value, double[] vector, Ritz ritz) {}

    /**
     * The Lanczos method for {@code op}, self-adjoint in the inner product of the SPD matrix B, from
     * {@code start}, with full re-orthogonalization (two Gram-Schmidt passes in B per step).
     */
    public static Ritz lanczos(
            UnaryOperator<double[]> op, LinearMap b, double[] start, int maxSteps, double tolerance, End end) {
        int n = b.rows();
        DimensionMismatchException.check("starting vector length", n, start.length);
        int m = Math.min(maxSteps, n);
        double[][] q = new double[m][];
        double[][] bq = new double[m][];
        double[] alpha = new double[m];
        double[] beta = new double[m];
        double[] v = start.clone();
        double[] bv = b.apply(v);
        double norm = Math.sqrt(dot(v, bv));
        if (!(norm > 0)) {
            throw new IllegalArgumentException("the Lanczos starting vector must be nonzero");
        }
        scale(v, 1 / norm);
        scale(bv, 1 / norm);
        Tridiagonal last = null;
        int k = 0;
        while (k < m) {
            q[k] = v;
            bq[k] = bv;
            double[] w = op.apply(v);
            NonFiniteValueException.requireFinite("Lanczos operator output", w);
            alpha[k] = dot(w, bv);
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i <= k; i++) {
                    double c = dot(w, bq[i]);
                    if (pass == 1 && i == k) {
                        alpha[k] += c;
                    }
                    axpy(-c, q[i], w);
                }
            }
            double[] bw = b.apply(w);
            beta[k] = Math.sqrt(Math.max(0, dot(w, bw)));
            k++;
            double spectralScale = Math.max(Math.abs(alpha[0]), last == null ? 0 : last.scale());
            boolean breakdown = !(beta[k - 1] > 1e-13 * Math.max(spectralScale, Math.abs(alpha[k - 1])));
            if (breakdown || k == m || k % CHECK_EVERY == 0) {
                last = new Tridiagonal(alpha, beta, k, breakdown);
                if (breakdown || k == m || last.converged(tolerance, end)) {
                    break;
                }
            }
            v = w;
            bv = bw;
            scale(v, 1 / beta[k - 1]);
            scale(bv, 1 / beta[k - 1]);
        }
        return last.ritz(q, tolerance, end);
    }

    /**
     * Estimates of both extreme eigenvalues of {@code (A, X)} by Lanczos on {@code X^{-1} A} in
     * the X inner product; A may be indefinite or semidefinite. The Ritz values lie inside the
     * spectrum: {@code smallest() >= lambda_min} and {@code largest() <= lambda_max}.
     */
    public static Ritz extremes(CsrMatrix a, CsrMatrix x, LinearSolver xSolver, Options options) {
        DimensionMismatchException.check("size of the pencil's second matrix", a.rows(), x.rows());
        return lanczos(
                u -> xSolver.solve(a.apply(u)),
                x,
                randomStart(a.rows(), options.seed()),
                options.maxSteps(),
                options.tolerance(),
                End.BOTH);
    }

    /**
     * The smallest eigenpair of {@code (A, X)} for A and X SPD, by shift-invert Lanczos: the
     * largest eigenvalue {@code nu} of {@code A^{-1} X} is {@code 1 / lambda_min}.
     *
     * @throws NotPositiveDefiniteException if A is not positive definite
     */
    public static Eigenpair smallest(CsrMatrix a, CsrMatrix x, Options options) {
        DimensionMismatchException.check("size of the pencil's second matrix", a.rows(), x.rows());
        SparseCholesky factor = SparseCholesky.factor(a);
        Ritz ritz = lanczos(
                u -> factor.solve(x.apply(u)),
                x,
                randomStart(a.rows(), options.seed()),
                options.maxSteps(),
                options.tolerance(),
                End.LARGEST);
        double[] v = ritz.largestVector();
        double value = dot(v, a.apply(v)) / dot(v, x.apply(v));
        return new Eigenpair(value, v, ritz);
    }

    /**
     * Whether {@code A - s X} is positive definite, decided by a sparse Cholesky factorization; if
     * so, every eigenvalue of {@code (A, X)} exceeds s (Sylvester's law of inertia).
     */
    public static boolean isPositiveDefinite(CsrMatrix a, CsrMatrix x, double s) {
        try {
            SparseCholesky.factor(CsrMatrix.linearCombination(new double[] {1.0, -s}, a, x));
            return true;
        } catch (NotPositiveDefiniteException e) {
            return false;
        }
    }

    /**
     * A certified lower bound {@code s < lambda_min(A, X)} below an estimate: the first of {@code
     * estimate - margin}, {@code estimate - 4 margin}, {@code estimate - 16 margin}, ... for which
     * {@code A - s X} is positive definite.
     *
     * @throws ConvergenceException if 40 tries fail (then X is probably not positive definite)
     */
    public static double certifiedLowerBound(CsrMatrix a, CsrMatrix x, double estimate, double margin) {
        if (!(margin > 0) || !Double.isFinite(estimate)) {
            throw new IllegalArgumentException(
                    "certification needs a finite estimate and a positive margin, found " + estimate + ", " + margin);
        }
        double[] tried = new double[CERTIFICATE_TRIES];
        double d = margin;
        for (int t = 0; t < CERTIFICATE_TRIES; t++) {
            double s = estimate - d;
            tried[t] = s;
            if (isPositiveDefinite(a, x, s)) {
                return s;
            }
            d *= 4;
        }
        throw new ConvergenceException(
                "no shift s made A - s X positive definite, down to s = " + tried[CERTIFICATE_TRIES - 1]
                        + "; is X positive definite?",
                tried);
    }

    /** A certified upper bound {@code s > lambda_max(A, X)} above an estimate, as {@link #certifiedLowerBound} of -A. */
    public static double certifiedUpperBound(CsrMatrix a, CsrMatrix x, double estimate, double margin) {
        return -certifiedLowerBound(a.scale(-1.0), x, -estimate, margin);
    }

    /** A seeded random starting vector with entries uniform in [-1, 1]. */
    public static double[] randomStart(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * rnd.nextDouble() - 1;
        }
        return v;
    }

    /** The Lanczos tridiagonal {@code T_k} and its eigen-decomposition. */
    private static final class Tridiagonal {
        final int k;
        final double[] theta;
        final DenseMatrix s;
        final double[] residual;

        Tridiagonal(double[] alpha, double[] beta, int k, boolean breakdown) {
            this.k = k;
            DenseMatrix t = DenseMatrix.zeros(k, k);
            for (int i = 0; i < k; i++) {
                t.set(i, i, alpha[i]);
                if (i + 1 < k) {
                    t.set(i, i + 1, beta[i]);
                    t.set(i + 1, i, beta[i]);
                }
            }
            SymmetricEigen eig = t.symmetricEigen();
            theta = eig.values();
            s = eig.vectors();
            residual = new double[k];
            double betaK = breakdown ? 0.0 : beta[k - 1];
            for (int i = 0; i < k; i++) {
                residual[i] = betaK * Math.abs(s.get(k - 1, i)); // ||op u_i - theta_i u_i||_B
            }
        }

        double scale() {
            return Math.max(Math.abs(theta[0]), Math.abs(theta[k - 1]));
        }

        boolean converged(double tolerance, End end) {
            double limit = tolerance * scale();
            boolean low = residual[0] <= limit;
            boolean high = residual[k - 1] <= limit;
            return switch (end) {
                case SMALLEST -> low;
                case LARGEST -> high;
                case BOTH -> low && high;
            };
        }

        Ritz ritz(double[][] q, double tolerance, End end) {
            return new Ritz(
                    theta.clone(), residual.clone(), vector(q, 0), vector(q, k - 1), k, converged(tolerance, end));
        }

        private double[] vector(double[][] q, int index) {
            double[] u = new double[q[0].length];
            for (int j = 0; j < k; j++) {
                axpy(s.get(j, index), q[j], u);
            }
            return u;
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static void scale(double[] x, double alpha) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= alpha;
        }
    }
}
