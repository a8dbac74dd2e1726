package org.jrom.linalg;

import org.netlib.util.intW;

/** Dense Cholesky factorization {@code A = L L^T} of a symmetric positive definite matrix (LAPACK dpotrf). */
public final class CholeskyDecomposition implements LinearSolver {
    private final int n;
    private final double[] factor; // L in the lower triangle, column-major

    private CholeskyDecomposition(int n, double[] factor) {
        this.n = n;
        this.factor = factor;
    }

    static CholeskyDecomposition of(DenseMatrix a) {
        a.requireSquare("Cholesky factorization");
        NonFiniteValueException.requireFinite("matrix given to Cholesky", a.data());
        int n = a.rows();
        double[] f = a.data().clone();
        if (n > 0) {
            intW info = new intW(0);
            LinalgBackend.lapack().dpotrf("L", n, f, n, info);
            if (info.val > 0) {
                int pivot = info.val - 1;
                throw new NotPositiveDefiniteException("matrix", pivot, Double.NaN);
            }
        }
        for (int j = 1; j < n; j++) {
            for (int i = 0; i < j; i++) {
                f[i + j * n] = 0.0; // clear the unreferenced upper triangle
            }
        }
        return new CholeskyDecomposition(n, f);
    }

    /** The lower-triangular factor L. */
    public DenseMatrix lower() {
        return DenseMatrix.wrap(n, n, factor.clone());
    }

    /** Solves {@code A X = B}. */
    public DenseMatrix solve(DenseMatrix b) {
        DimensionMismatchException.check("right-hand side rows", n, b.rows());
        double[] x = b.data().clone();
        if (n > 0 && b.cols() > 0) {
            intW info = new intW(0);
            LinalgBackend.lapack().dpotrs("L", n, b.cols(), factor, n, x, n, info);
        }
        return DenseMatrix.wrap(n, b.cols(), x);
    }

    @Override
    public int dim() {
        return n;
    }

    /** Solves {@code A x = b}. */
    @Override
    public double[] solve(double[] b) {
        return solve(DenseMatrix.wrap(b.length, 1, b)).data();
    }

    /** log det A = 2 sum log L_ii. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(factor[i + i * n]);
        }
        return 2 * s;
    }
}
