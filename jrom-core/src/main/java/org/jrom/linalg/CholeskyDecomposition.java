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

    /**
     * Solves {@code A x = b} for a small dense symmetric positive definite system in place, by a
     * column-oriented Cholesky factorization {@code A = L L^T} in plain Java: no JNI call and no
     * copy, for the online stage of reduced models ({@code n^3 / 3} flops, half of LU). Only the
     * lower triangle of {@code a} (column-major n x n) is read; it is overwritten by L and {@code b}
     * by the solution.
     *
     * @return false, with {@code a} and {@code b} in an unspecified state, when a pivot is not
     *     positive (the matrix is not positive definite to working precision)
     */
    public static boolean solveInPlace(double[] a, int n, double[] b) {
        // Right-looking by panels of PANEL columns: the trailing update is one rank-PANEL update
        // per column, so each target entry is loaded and stored once per panel instead of once per
        // column (measured 1.6-1.9x faster at n = 50, ReducedSolveKernelBench).
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int end = Math.min(j0 + PANEL, n);
            for (int j = j0; j < end; j++) {
                if (!factorColumn(a, n, j)) {
                    return false;
                }
                for (int k = j + 1; k < end; k++) { // update within the panel
                    axpyColumn(a, n, j, k);
                }
            }
            if (end - j0 == PANEL) { // a narrower panel is the last one: no trailing matrix
                int c0 = j0 * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                for (int k = end; k < n; k++) {
                    double l0 = a[c0 + k];
                    double l1 = a[c1 + k];
                    double l2 = a[c2 + k];
                    double l3 = a[c3 + k];
                    int ck = k * n;
                    for (int i = k; i < n; i++) {
                        a[ck + i] -= a[c0 + i] * l0 + a[c1 + i] * l1 + a[c2 + i] * l2 + a[c3 + i] * l3;
                    }
                }
            }
        }
        for (int j = 0; j < n; j++) { // L y = b
            int cj = j * n;
            double yj = b[j] / a[cj + j];
            b[j] = yj;
            for (int i = j + 1; i < n; i++) {
                b[i] -= a[cj + i] * yj;
            }
        }
        for (int j = n - 1; j >= 0; j--) { // L^T x = y
            int cj = j * n;
            double s = b[j];
            for (int i = j + 1; i < n; i++) {
                s -= a[cj + i] * b[i];
            }
            b[j] = s / a[cj + j];
        }
        return true;
    }

    private static final int PANEL = 4;

    /** {@code l_jj = sqrt(a_jj)}, then column j below the diagonal divided by it. */
    private static boolean factorColumn(double[] a, int n, int j) {
        int cj = j * n;
        double d = a[cj + j];
        if (!(d > 0)) {
            return false;
        }
        double l = Math.sqrt(d);
        a[cj + j] = l;
        double inv = 1.0 / l;
        for (int i = j + 1; i < n; i++) {
            a[cj + i] *= inv;
        }
        return true;
    }

    /** Column k (rows k..n) minus {@code l_kj} times column j of L. */
    private static void axpyColumn(double[] a, int n, int j, int k) {
        int cj = j * n;
        int ck = k * n;
        double lkj = a[cj + k];
        for (int i = k; i < n; i++) {
            a[ck + i] -= a[cj + i] * lkj;
        }
    }
}
