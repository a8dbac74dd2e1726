package org.jrom.linalg;

import org.netlib.util.intW;

/** Dense LU factorization with partial pivoting {@code P A = L U} (LAPACK dgetrf). */
public final class LuDecomposition implements LinearSolver {
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
            if (n < 64) { // OpenBLAS factors these on one thread
                LinalgBackend.lapack().dgetrf(n, n, f, n, piv, info);
            } else { // its threaded dgetrf works on the caller's stack (LapackStack)
                OpenBlas.wide(2.0 * n * n * n / 3, () -> {
                    LapackStack.call(() -> {
                        LinalgBackend.lapack().dgetrf(n, n, f, n, piv, info);
                        return null;
                    });
                });
            }
            if (info.val > 0) {
                throw new SingularMatrixException(
                        "matrix is singular: U(" + (info.val - 1) + ", " + (info.val - 1) + ") is exactly zero");
            }
        }
        return new LuDecomposition(n, f, piv);
    }

    /**
     * Solves {@code A x = b} for a small dense system in place, by Gaussian elimination with
     * partial pivoting in plain Java: no JNI call and no copy, for the online stage of reduced
     * models (n up to a few hundred). {@code a} (column-major n x n) is overwritten by its LU
     * factors and {@code b} by the solution.
     *
     * @throws SingularMatrixException if a pivot is exactly zero
     */
    public static void solveInPlace(double[] a, int n, double[] b) {
        for (int k = 0; k < n; k++) {
            int p = k;
            double max = Math.abs(a[k + k * n]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[i + k * n]);
                if (v > max) {
                    max = v;
                    p = i;
                }
            }
            if (max == 0) {
                throw new SingularMatrixException("matrix is singular: column " + k + " has no nonzero pivot");
            }
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = a[k + j * n];
                    a[k + j * n] = a[p + j * n];
                    a[p + j * n] = t;
                }
                double t = b[k];
                b[k] = b[p];
                b[p] = t;
            }
            double pivot = a[k + k * n];
            for (int i = k + 1; i < n; i++) {
                a[i + k * n] /= pivot;
            }
            // Rank-one update of the trailing block, column by column (contiguous).
            for (int j = k + 1; j < n; j++) {
                double akj = a[k + j * n];
                if (akj != 0) {
                    int cj = j * n;
                    int ck = k * n;
                    for (int i = k + 1; i < n; i++) {
                        a[i + cj] -= a[i + ck] * akj;
                    }
                }
            }
            double bk = b[k];
            if (bk != 0) {
                for (int i = k + 1; i < n; i++) {
                    b[i] -= a[i + k * n] * bk;
                }
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            b[k] /= a[k + k * n];
            double bk = b[k];
            for (int i = 0; i < k; i++) {
                b[i] -= a[i + k * n] * bk;
            }
        }
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

    @Override
    public int dim() {
        return n;
    }

    /** Solves {@code A x = b}. */
    @Override
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
