package org.jrom.linalg;

import org.netlib.util.intW;

/** Dense LU factorization with partial pivoting {@code P A = L U} (LAPACK dgetrf). */
public final class LuDecomposition {
    private final int n;
    private final double[] factors;
    private final int[] pivots; // 1-based, LAPACK convention

    private LuDecomposition(int n, double[] factors, int[] pivots) {
        this.n = n;
        this.factors = factors;
        this.pivots = pivots;
    }

    static LuDecomposition of(DenseMatrix a) {
        a.requireSquare("LU factorization");
        NonFiniteValueException.requireFinite("matrix given to LU", a.data());
        int n = a.rows();
        double[] f = a.data().clone();
        int[] piv = new int[n];
        if (n > 0) {
            intW info = new intW(0);
            LinalgBackend.lapack().dgetrf(n, n, f, n, piv, info);
            if (info.val > 0) {
                throw new SingularMatrixException(
                        "matrix is singular: U(" + (info.val - 1) + ", " + (info.val - 1) + ") is exactly zero");
            }
        }
        return new LuDecomposition(n, f, piv);
    }

    /** Solves {@code A X = B}. */
    public DenseMatrix solve(DenseMatrix b) {
        return solve(b, false);
    }

    /** Solves {@code A^T X = B}. */
    public DenseMatrix solveTranspose(DenseMatrix b) {
        return solve(b, true);
    }

    private DenseMatrix solve(DenseMatrix b, boolean transpose) {
        DimensionMismatchException.check("right-hand side rows", n, b.rows());
        double[] x = b.data().clone();
        if (n > 0 && b.cols() > 0) {
            intW info = new intW(0);
            LinalgBackend.lapack().dgetrs(transpose ? "T" : "N", n, b.cols(), factors, n, pivots, x, n, info);
        }
        return DenseMatrix.wrap(n, b.cols(), x);
    }

    /** Solves {@code A x = b}. */
    public double[] solve(double[] b) {
        return solve(DenseMatrix.wrap(b.length, 1, b)).data();
    }

    /** det A = sign(P) prod U_ii. */
    public double determinant() {
        double d = 1;
        for (int i = 0; i < n; i++) {
            d *= factors[i + i * n];
            if (pivots[i] != i + 1) {
                d = -d;
            }
        }
        return d;
    }
}
