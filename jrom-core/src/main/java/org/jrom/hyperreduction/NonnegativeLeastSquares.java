package org.jrom.hyperreduction;

import java.util.Arrays;
import org.jrom.JromException;
import org.jrom.linalg.ConvergenceException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.VectorArray;

/**
 * Nonnegative least squares {@code min ||A x - b||_2 s.t. x >= 0} by the Lawson-Hanson active-set
 * method (Lawson and Hanson, Solving Least Squares Problems, 1974, ch. 23, algorithm NNLS): a
 * column enters the passive set P while its dual {@code w = A^T (b - A x)} is positive, and each
 * passive-set subproblem {@code min ||A_P z - b||} is a Householder QR, O(m |P|^2); every outer
 * step also costs one {@code A^T r}, O(mn).
 */
public final class NonnegativeLeastSquares {
    private NonnegativeLeastSquares() {}

    /**
     * Stopping rule.
     *
     * @param tolerance the KKT tolerance, relative: the solution is optimal when every dual {@code
     *     w_j} of a zero {@code x_j} is at most {@code tolerance ||A||_F ||b||_2}
     * @param maxIterations the most passive-set least-squares solves (Lawson and Hanson: 3n)
     */
    public record Options(double tolerance, int maxIterations) {
        public Options {
            if (!(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY) || maxIterations < 1) {
                throw new JromException("NNLS needs a finite tolerance >= 0 and maxIterations >= 1, found " + tolerance
                        + ", " + maxIterations);
            }
        }

        /** Tolerance {@code 10 max(m, n) eps}, at most {@code 3n} iterations (at least 30). */
        public static Options defaults(int rows, int cols) {
            return new Options(10.0 * Math.max(rows, cols) * Math.ulp(1.0), Math.max(30, 3 * cols));
        }
    }

    /**
     * A solution with its KKT data.
     *
     * @param x the solution, {@code x >= 0}
     * @param dual {@code w = A^T (b - A x)}: at most the tolerance where {@code x_j = 0}, round-off
     *     where {@code x_j > 0}
     * @param residualNorm {@code ||A x - b||_2}
     * @param iterations passive-set least-squares solves performed
     */
    public record Solution(double[] x, double[] dual, double residualNorm, int iterations) {
        public Solution {
            x = x.clone();
            dual = dual.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] dual() {
            return dual.clone();
        }
    }

    /** {@link #solve(DenseMatrix, double[], Options)} with {@link Options#defaults}. */
    public static Solution solve(DenseMatrix a, double[] b) {
        return solve(a, b, Options.defaults(a.rows(), a.cols()));
    }

    /**
     * Solves {@code min ||A x - b||_2 s.t. x >= 0}.
     *
     * @throws ConvergenceException if {@code maxIterations} least-squares solves do not reach the
     *     KKT conditions
     */
    public static Solution solve(DenseMatrix a, double[] b, Options options) {
        return solve(a, b, options, new boolean[a.cols()]);
    }

    /**
     * {@link #solve(DenseMatrix, double[], Options)} warm-started from a passive set (Bro and de Jong,
     * J. Chemometrics 11(5), 1997): the least-squares solution on the columns {@code initialPassive}
     * marks, with the columns whose coefficient is not positive returned to the active set, then
     * Lawson and Hanson's iteration. A greedy that adds one column to the support of the previous
     * solution (the nonnegative OMP of the empirical cubature) then needs one or two least-squares
     * solves per step instead of one per column. The solution is the same when A has full column rank
     * (the KKT conditions decide it, not the start); the start keeps at most its first m columns, and
     * nearly dependent ones give large coefficients, as a cold start's would.
     */
    public static Solution solve(DenseMatrix a, double[] b, Options options, boolean[] initialPassive) {
        DimensionMismatchException.check("initial passive set of NNLS", a.cols(), initialPassive.length);
        int m = a.rows();
        int n = a.cols();
        DimensionMismatchException.check("right-hand side of NNLS", m, b.length);
        NonFiniteValueException.requireFinite("matrix given to NNLS", a.data());
        NonFiniteValueException.requireFinite("right-hand side given to NNLS", b);
        double threshold = options.tolerance() * a.normFrobenius() * VectorArray.euclideanNorm(b, 0, m);
        double[] x = new double[n];
        boolean[] passive = new boolean[n];
        boolean[] rejected = new boolean[n];
        int passiveCount = 0;
        int iterations = 0;
        double[] history = new double[] {VectorArray.euclideanNorm(b, 0, m)};
        for (int j = 0; j < n && passiveCount < m; j++) {
            if (initialPassive[j]) {
                passive[j] = true;
                passiveCount++;
            }
        }
        // From x = 0 (feasible) towards the least squares on the passive set: the columns whose
        // coefficient is not positive leave it, until every one left is positive.
        while (passiveCount > 0) {
            iterations++;
            int[] p = indices(passive, passiveCount);
            double[] z = a.selectColumns(p).qr().solveLeastSquares(b);
            int dropped = 0;
            for (int k = 0; k < p.length; k++) {
                if (!(z[k] > 0)) {
                    passive[p[k]] = false;
                    dropped++;
                }
            }
            if (dropped == 0) {
                for (int k = 0; k < p.length; k++) {
                    x[p[k]] = z[k];
                }
                break;
            }
            passiveCount -= dropped;
        }
        double[] w = a.applyTranspose(residual(a, x, b));
        while (passiveCount < m) {
            int entering = -1;
            for (int j = 0; j < n; j++) {
                if (!passive[j] && !rejected[j] && w[j] > threshold && (entering < 0 || w[j] > w[entering])) {
                    entering = j;
                }
            }
            if (entering < 0) {
                break;
            }
            passive[entering] = true;
            passiveCount++;
            boolean firstSolve = true;
            while (true) {
                if (++iterations > options.maxIterations()) {
                    throw new ConvergenceException(
                            "NNLS of a " + m + "x" + n + " matrix did not meet the KKT" + " conditions within "
                                    + options.maxIterations() + " least-squares solves",
                            history);
                }
                int[] p = indices(passive, passiveCount);
                double[] z = a.selectColumns(p).qr().solveLeastSquares(b);
                if (firstSolve && z[Arrays.binarySearch(p, entering)] <= 0) {
                    // Lawson and Hanson's guard: round-off made the entering column useless; keep x
                    // and pick another column until x changes.
                    passive[entering] = false;
                    passiveCount--;
                    rejected[entering] = true;
                    break;
                }
                firstSolve = false;
                double alpha = 1.0;
                int leaving = -1;
                for (int k = 0; k < p.length; k++) {
                    if (z[k] <= 0) {
                        double step = x[p[k]] / (x[p[k]] - z[k]);
                        if (step < alpha) {
                            alpha = step;
                            leaving = p[k];
                        }
                    }
                }
                if (leaving < 0) {
                    for (int k = 0; k < p.length; k++) {
                        x[p[k]] = z[k];
                    }
                    Arrays.fill(rejected, false);
                    break;
                }
                // Move towards z until the first passive variable hits zero; it and any that
                // round-off pushed below zero become active again.
                for (int k = 0; k < p.length; k++) {
                    x[p[k]] += alpha * (z[k] - x[p[k]]);
                }
                x[leaving] = 0;
                for (int j : p) {
                    if (x[j] <= 0) {
                        x[j] = 0;
                        passive[j] = false;
                        passiveCount--;
                    }
                }
            }
            double[] r = residual(a, x, b);
            w = a.applyTranspose(r);
            history = Arrays.copyOf(history, history.length + 1);
            history[history.length - 1] = VectorArray.euclideanNorm(r, 0, m);
        }
        double[] r = residual(a, x, b);
        return new Solution(x, a.applyTranspose(r), VectorArray.euclideanNorm(r, 0, m), iterations);
    }

    private static int[] indices(boolean[] passive, int count) {
        int[] p = new int[count];
        int k = 0;
        for (int j = 0; j < passive.length; j++) {
            if (passive[j]) {
                p[k++] = j;
            }
        }
        return p;
    }

    /** {@code b - A x}. */
    static double[] residual(DenseMatrix a, double[] x, double[] b) {
        double[] r = new double[a.rows()];
        a.apply(x, 0, r, 0);
        for (int i = 0; i < r.length; i++) {
            r[i] = b[i] - r[i];
        }
        return r;
    }
}
