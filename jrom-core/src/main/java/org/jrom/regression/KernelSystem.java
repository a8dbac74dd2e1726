package org.jrom.regression;

import org.jrom.linalg.CholeskyDecomposition;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.NotPositiveDefiniteException;
import org.jrom.linalg.SymmetricEigen;

/**
 * A solved symmetric kernel system {@code M C = B}: the coefficients C, the diagonal of {@code
 * M^{-1}} (the denominators of the closed-form leave-one-out formulas of Rippa 1999 and Rasmussen and
 * Williams 2006, eq. 5.12) and the condition number of M.
 *
 * @param coefficients C, n x r column-major
 * @param inverseDiagonal {@code (M^{-1})_kk}, k < n
 * @param condition {@code ||M|| ||M^{-1}||}: in the 1-norm on the Cholesky route, the 2-norm on the
 *     eigen route
 */
record KernelSystem(double[] coefficients, double[] inverseDiagonal, double condition) {
    /**
     * Solves {@code M C = B}: by Cholesky when {@code positiveDefinite} and the factorization succeeds,
     * otherwise by the symmetric eigen-decomposition {@code M = V diag(lambda) V^T}, which also
     * serves indefinite systems (multiquadrics, polynomial tails) and reports their 2-norm condition.
     *
     * @param m the full symmetric n x n matrix, column-major (not modified)
     * @param b n x r column-major (not modified)
     */
    static KernelSystem solve(double[] m, int n, double[] b, int r, boolean positiveDefinite) {
        KernelSystem s = positiveDefinite ? byCholesky(m, n, b, r) : null;
        return s != null ? s : byEigen(m, n, b, r);
    }

    /**
     * Solves a symmetric positive definite {@code M C = B} by Cholesky; null when M is not positive
     * definite to working precision (then its condition number exceeds about 1e16).
     */
    static KernelSystem byCholesky(double[] m, int n, double[] b, int r) {
        DenseMatrix a = DenseMatrix.wrap(n, n, m);
        CholeskyDecomposition chol = choleskyOrNull(a);
        if (chol == null) {
            return null;
        }
        DenseMatrix inverse = chol.solve(DenseMatrix.identity(n));
        double cond = normOne(a) * normOne(inverse);
        return new KernelSystem(chol.solve(DenseMatrix.wrap(n, r, b)).data(), inverse.diagonal(), cond);
    }

    /**
     * Solves a symmetric, possibly indefinite {@code M C = B} by eigen-decomposition, with one step
     * of iterative refinement {@code C += M^{-1} (B - M C)}: the eigen route alone leaves residuals of
     * about {@code eps cond(M) ||B||}, the refined solution those of a backward stable solver (Higham
     * 2002, ch. 12).
     */
    static KernelSystem byEigen(double[] m, int n, double[] b, int r) {
        DenseMatrix a = DenseMatrix.wrap(n, n, m);
        SymmetricEigen eigen = a.symmetricEigen();
        double[] lambda = eigen.values();
        DenseMatrix v = eigen.vectors();
        DenseMatrix rhs = DenseMatrix.wrap(n, r, b);
        DenseMatrix c = applyInverse(v, lambda, rhs);
        c = c.plus(1.0, applyInverse(v, lambda, rhs.minus(a.multiply(c))));
        double[] vd = v.data();
        double[] inverseDiagonal = new double[n];
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double inv = 1.0 / lambda[i];
            maxAbs = Math.max(maxAbs, Math.abs(lambda[i]));
            minAbs = Math.min(minAbs, Math.abs(lambda[i]));
            for (int k = 0; k < n; k++) {
                double vki = vd[k + i * n];
                inverseDiagonal[k] += vki * vki * inv;
            }
        }
        return new KernelSystem(c.data(), inverseDiagonal, maxAbs / minAbs);
    }

    /** {@code V diag(1 / lambda) V^T B}. */
    private static DenseMatrix applyInverse(DenseMatrix v, double[] lambda, DenseMatrix b) {
        DenseMatrix w = v.transposeMultiply(b);
        double[] wd = w.data();
        int n = lambda.length;
        for (int j = 0; j < b.cols(); j++) {
            for (int i = 0; i < n; i++) {
                wd[i + j * n] /= lambda[i];
            }
        }
        return v.multiply(w);
    }

    /**
     * The Cholesky factorization of a symmetric matrix, or null when it is not positive definite to
     * working precision (a routine outcome for kernel matrices near the conditioning limit).
     */
    static CholeskyDecomposition choleskyOrNull(DenseMatrix a) {
        try {
            return a.cholesky();
        } catch (NotPositiveDefiniteException e) {
            return null;
        }
    }

    /** The 1-norm (largest absolute column sum) of a square matrix. */
    static double normOne(DenseMatrix a) {
        int n = a.rows();
        double[] d = a.data();
        double best = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(d[i + j * n]);
            }
            best = Math.max(best, s);
        }
        return best;
    }
}
