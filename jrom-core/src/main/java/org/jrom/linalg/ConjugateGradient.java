package org.jrom.linalg;

import java.util.Arrays;
import org.jrom.JromException;

/**
 * The preconditioned conjugate gradient method for {@code A x = b} with A symmetric positive
 * definite (Hestenes, Stiefel 1952, J. Res. Nat. Bur. Standards 49; preconditioned form as in Saad,
 * Iterative Methods for Sparse Linear Systems, 2003, Alg. 9.1).
 *
 * <p>Stops when {@code ||r_k||_2 <= max(relTol * ||b||_2, absTol)}. Convergence of the recursively
 * updated residual is confirmed on the true residual {@code b - A x_k}; if they disagree the
 * iteration restarts from the true residual, so a returned solution always meets the tolerance. A
 * non-positive curvature {@code p^T A p <= 0} proves A is not positive definite and is reported as
 * such. Each solve allocates its work vectors once; the iteration loop allocates nothing but the
 * occasional growth of the residual history.
 */
public final class ConjugateGradient implements LinearSolver {
    private final LinearMap a;
    private final Preconditioner preconditioner;
    private final double relativeTolerance;
    private final double absoluteTolerance;
    private final int maxIterations;

    /**
     * The outcome of one solve.
     *
     * @param x the last iterate; the solution when {@code converged}
     * @param iterations number of iterations performed (matrix-vector products with search directions)
     * @param residualHistory {@code ||r_k||_2} for {@code k = 0 .. iterations}, starting with the
     *     initial residual
     * @param converged whether the tolerance was met
     */
    public record Result(double[] x, int iterations, double[] residualHistory, boolean converged) {}

    private ConjugateGradient(Builder builder) {
        this.a = builder.a;
        this.preconditioner = builder.preconditioner;
        this.relativeTolerance = builder.relativeTolerance;
        this.absoluteTolerance = builder.absoluteTolerance;
        this.maxIterations = builder.maxIterations;
    }

    /** A builder for CG on the square operator {@code a}. */
    public static Builder builder(LinearMap a) {
        return new Builder(a);
    }

    /** Settings of a {@link ConjugateGradient}; defaults: no preconditioner, relTol 1e-10, absTol 0, 10 n iterations. */
    public static final class Builder {
        /** Asymmetry tolerated in an explicitly stored matrix, relative to its largest entry. */
        private static final double SYMMETRY_TOLERANCE = 1e-10;

        private final LinearMap a;
        private Preconditioner preconditioner;
        private double relativeTolerance = 1e-10;
        private double absoluteTolerance = 0.0;
        private int maxIterations;

        private Builder(LinearMap a) {
            if (a.rows() != a.cols()) {
                throw new DimensionMismatchException(
                        "conjugate gradient needs a square operator, found " + a.rows() + "x" + a.cols());
            }
            this.a = a;
            this.maxIterations = (int) Math.min(Integer.MAX_VALUE - 1L, Math.max(100L, 10L * a.rows()));
        }

        /** The preconditioner {@code z = M^{-1} r}; M must be symmetric positive definite. */
        public Builder preconditioner(Preconditioner p) {
            this.preconditioner = p;
            return this;
        }

        /** Stop when {@code ||r|| <= tol * ||b||} (or the absolute tolerance, whichever is larger). */
        public Builder relativeTolerance(double tol) {
            this.relativeTolerance = requireTolerance("relative tolerance", tol);
            return this;
        }

        /** Stop when {@code ||r|| <= tol} (or the relative tolerance, whichever is larger). */
        public Builder absoluteTolerance(double tol) {
            this.absoluteTolerance = requireTolerance("absolute tolerance", tol);
            return this;
        }

        /** At most this many iterations; more raise {@link ConvergenceException}. */
        public Builder maxIterations(int n) {
            if (n < 0) {
                throw new org.jrom.JromException("maximum number of iterations must be >= 0, found " + n);
            }
            this.maxIterations = n;
            return this;
        }

        private static double requireTolerance(String what, double tol) {
            if (!(tol >= 0) || Double.isInfinite(tol)) {
                throw new org.jrom.JromException(what + " must be finite and >= 0, found " + tol);
            }
            return tol;
        }

        /**
         * The solver. An explicitly stored matrix ({@link CsrMatrix}, {@link DenseMatrix}) is checked
         * for symmetry here, since CG silently assumes it.
         *
         * @throws JromException if the stored matrix is not symmetric
         */
        public ConjugateGradient build() {
            if (a instanceof CsrMatrix m) {
                requireSymmetric(m.asymmetry(), m.normMax());
            } else if (a instanceof DenseMatrix m) {
                requireSymmetric(m.asymmetry(), m.normMax());
            }
            if (preconditioner == null) {
                preconditioner = Preconditioner.identity(a.rows());
            }
            return new ConjugateGradient(this);
        }

        private static void requireSymmetric(double asymmetry, double scale) {
            if (asymmetry > SYMMETRY_TOLERANCE * scale) {
                throw new JromException("conjugate gradient needs a symmetric matrix, found max |a_ij - a_ji| = "
                        + asymmetry + " for entries up to " + scale);
            }
        }
    }

    @Override
    public int dim() {
        return a.rows();
    }

    /**
     * Solves {@code A x = b} from {@code x0 = 0}.
     *
     * @throws ConvergenceException with the residual history if the tolerance is not met within the
     *     iteration limit
     */
    @Override
    public double[] solve(double[] b) {
        Result result = solve(b, new double[dim()]);
        if (!result.converged()) {
            double[] h = result.residualHistory();
            throw new ConvergenceException(
                    "conjugate gradient did not converge in " + result.iterations() + " iterations: residual "
                            + h[h.length - 1] + ", target " + target(norm(b)) + " (initial residual " + h[0]
                            + "); raise maxIterations or use a better preconditioner",
                    h);
        }
        return result.x();
    }

    /**
     * Iterates from {@code x0} (not modified) until the tolerance or the iteration limit is reached.
     * Non-convergence is reported by {@link Result#converged()}, not by an exception.
     *
     * @throws NonFiniteValueException if b, x0, an operator output or a preconditioner output holds a
     *     NaN or infinite entry
     * @throws NotPositiveDefiniteException if a search direction has {@code p^T A p <= 0} or the
     *     preconditioner gives {@code r^T M^{-1} r <= 0}
     */
    public Result solve(double[] b, double[] x0) {
        int n = dim();
        DimensionMismatchException.check("right-hand side length", n, b.length);
        DimensionMismatchException.check("initial guess length", n, x0.length);
        NonFiniteValueException.requireFinite("right-hand side of the conjugate gradient", b);
        NonFiniteValueException.requireFinite("initial guess of the conjugate gradient", x0);
        double target = target(norm(b));

        double[] x = x0.clone();
        double[] r = new double[n];
        double[] z = new double[n];
        double[] p = new double[n];
        double[] q = new double[n];
        double[] history = new double[Math.min(maxIterations, 63) + 1];

        double rNorm = trueResidual(b, x, r, q, 0);
        history[0] = rNorm;
        if (rNorm <= target) {
            return new Result(x, 0, Arrays.copyOf(history, 1), true);
        }
        double rz = precondition(r, z, 0);
        System.arraycopy(z, 0, p, 0, n);
        for (int k = 1; k <= maxIterations; k++) {
            a.apply(p, 0, q, 0);
            double curvature = dot(p, q);
            if (!Double.isFinite(curvature)) {
                NonFiniteValueException.requireFinite("operator output A p at iteration " + k, q);
                throw new NonFiniteValueException("p^T A p overflows at iteration " + k + "; scale the system");
            }
            if (curvature <= 0) {
                throw new NotPositiveDefiniteException(
                        "operator given to the conjugate gradient (search direction " + k + " has p^T A p = "
                                + curvature + ")",
                        k,
                        curvature);
            }
            double alpha = rz / curvature;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            rNorm = norm(r);
            boolean restart = false;
            if (rNorm <= target) {
                // Confirm on b - A x before stopping; if the recursive residual drifted, restart from the true one.
                rNorm = trueResidual(b, x, r, q, k);
                restart = true;
            }
            if (k >= history.length) {
                history = Arrays.copyOf(history, (int) Math.min(maxIterations + 1L, 2L * history.length));
            }
            history[k] = rNorm;
            if (rNorm <= target) {
                return new Result(x, k, Arrays.copyOf(history, k + 1), true);
            }
            double rzNext = precondition(r, z, k);
            double beta = restart ? 0.0 : rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++) {
                p[i] = z[i] + beta * p[i];
            }
        }
        return new Result(x, maxIterations, Arrays.copyOf(history, maxIterations + 1), false);
    }

    private double target(double bNorm) {
        return Math.max(relativeTolerance * bNorm, absoluteTolerance);
    }

    /** {@code r = b - A x} using {@code work} for {@code A x}; returns {@code ||r||}. */
    private double trueResidual(double[] b, double[] x, double[] r, double[] work, int iteration) {
        a.apply(x, 0, work, 0);
        for (int i = 0; i < r.length; i++) {
            r[i] = b[i] - work[i];
        }
        double norm = norm(r);
        if (!Double.isFinite(norm)) {
            NonFiniteValueException.requireFinite("operator output A x at iteration " + iteration, work);
            throw new NonFiniteValueException(
                    "residual norm overflows at iteration " + iteration + "; scale the system");
        }
        return norm;
    }

    /** {@code z = M^{-1} r}; returns {@code r^T z}, which must be positive for an SPD preconditioner. */
    private double precondition(double[] r, double[] z, int iteration) {
        preconditioner.apply(r, z);
        double rz = dot(r, z);
        if (!Double.isFinite(rz)) {
            NonFiniteValueException.requireFinite("preconditioner output at iteration " + iteration, z);
            throw new NonFiniteValueException("r^T M^-1 r overflows at iteration " + iteration + "; scale the system");
        }
        if (rz <= 0) {
            throw new NotPositiveDefiniteException(
                    "preconditioner given to the conjugate gradient (r^T M^-1 r = " + rz + " at iteration " + iteration
                            + ")",
                    iteration,
                    rz);
        }
        return rz;
    }

    private static double dot(double[] x, double[] y) {
        return VectorArray.dot(x, 0, y, 0, x.length);
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
