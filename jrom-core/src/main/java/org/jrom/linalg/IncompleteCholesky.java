package org.jrom.linalg;

import java.util.Arrays;

/**
 * The zero fill-in incomplete Cholesky preconditioner IC(0), {@code M = L L^T} with L lower
 * triangular on the sparsity pattern of the lower triangle of A (Meijerink, van der Vorst 1977,
 * Math. Comp. 31). Applied by a forward solve with L and a backward solve with {@code L^T}, both
 * row-oriented on CSR copies of L and {@code L^T}.
 *
 * <p>IC(0) exists for M-matrices and H-matrices with positive diagonal, but may break down (meet a
 * non-positive pivot) on other symmetric positive definite matrices. {@link #of} then fails naming
 * the row; {@link #withDiagonalShift} retries on {@code A + alpha diag(A)} with growing alpha
 * (Manteuffel 1980, Math. Comp. 34) and reports the alpha it needed in {@link #shift()}.
 */
public final class IncompleteCholesky implements Preconditioner {
    /** First nonzero shift tried by {@link #withDiagonalShift}; doubled after each breakdown. */
    static final double FIRST_SHIFT = 1e-3;

    private static final int MAX_SHIFT_ATTEMPTS = 40;

    private final CsrMatrix lower; // L, diagonal stored last in each row
    private final CsrMatrix upper; // L^T, diagonal stored first in each row
    private final double shift;

    private IncompleteCholesky(CsrMatrix lower, double shift) {
        this.lower = lower;
        this.upper = lower.transpose();
        this.shift = shift;
    }

    /**
     * IC(0) of a symmetric positive definite matrix; only its lower triangle is read.
     *
     * @throws NotPositiveDefiniteException naming the row where the factorization met a
     *     non-positive pivot (a missing or non-positive diagonal entry, or breakdown)
     */
    public static IncompleteCholesky of(CsrMatrix a) {
        requireSquare(a);
        return new IncompleteCholesky(factor(lowerTriangle(a, 0.0), "IC(0) factorization"), 0.0);
    }

    /**
     * IC(0) of {@code A + alpha diag(A)} for the smallest alpha in {@code 0, 1e-3, 2e-3, 4e-3, ...}
     * where no pivot breaks down; {@link #shift()} tells which alpha was used.
     *
     * @throws NotPositiveDefiniteException if the diagonal of A is not positive, or if no tried
     *     shift succeeded
     */
    public static IncompleteCholesky withDiagonalShift(CsrMatrix a) {
        requireSquare(a);
        double alpha = 0.0;
        NotPositiveDefiniteException last = null;
        for (int attempt = 0; attempt < MAX_SHIFT_ATTEMPTS; attempt++) {
            CsrMatrix l = lowerTriangle(a, alpha);
            try {
                return new IncompleteCholesky(factor(l, "IC(0) factorization with diagonal shift " + alpha), alpha);
            } catch (NotPositiveDefiniteException e) {
                last = e;
            }
            alpha = alpha == 0.0 ? FIRST_SHIFT : 2 * alpha;
        }
        throw last;
    }

    private static void requireSquare(CsrMatrix a) {
        if (a.rows() != a.cols()) {
            throw new DimensionMismatchException(
                    "incomplete Cholesky needs a square matrix, found " + a.rows() + "x" + a.cols());
        }
    }

    /**
     * The lower triangle of {@code A + alpha diag(A)}, checking that every diagonal entry is stored
     * and positive (else A is not positive definite).
     */
    private static CsrMatrix lowerTriangle(CsrMatrix a, double alpha) {
        int n = a.rows();
        int[] ap = a.rowPtr();
        int[] ac = a.colIdx();
        double[] av = a.values();
        int[] ptr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int p = ap[i]; p < ap[i + 1] && ac[p] <= i; p++) {
                c++;
            }
            ptr[i + 1] = ptr[i] + c;
        }
        int[] ci = new int[ptr[n]];
        double[] v = new double[ptr[n]];
        for (int i = 0; i < n; i++) {
            int q = ptr[i];
            for (int p = ap[i]; p < ap[i + 1] && ac[p] <= i; p++, q++) {
                ci[q] = ac[p];
                v[q] = av[p];
            }
            int d = ptr[i + 1] - 1;
            if (d < ptr[i] || ci[d] != i || !(v[d] > 0)) {
                double found = d >= ptr[i] && ci[d] == i ? v[d] : 0.0;
                throw new NotPositiveDefiniteException(
                        "matrix given to incomplete Cholesky (diagonal entry (" + i + ", " + i + "))", i, found);
            }
            v[d] *= 1.0 + alpha;
        }
        return new CsrMatrix(n, n, ptr, ci, v);
    }

    /**
     * Overwrites the lower triangle with its IC(0) factor, row by row (left-looking):
     * {@code l_ik = (a_ik - sum_{j<k} l_ij l_kj) / l_kk}, {@code l_ii = sqrt(a_ii - sum_{j<i} l_ij^2)},
     * sums over the pattern only.
     */
    private static CsrMatrix factor(CsrMatrix l, String what) {
        int n = l.rows();
        int[] ptr = l.rowPtr();
        int[] ci = l.colIdx();
        double[] v = l.values();
        int[] position = new int[n]; // position[j] = index of entry (i, j) in row i, or -1
        Arrays.fill(position, -1);
        for (int i = 0; i < n; i++) {
            int start = ptr[i];
            int diag = ptr[i + 1] - 1;
            for (int p = start; p <= diag; p++) {
                position[ci[p]] = p;
            }
            double sumSquares = 0.0;
            for (int p = start; p < diag; p++) {
                int k = ci[p];
                double s = v[p];
                int kDiag = ptr[k + 1] - 1;
                for (int q = ptr[k]; q < kDiag; q++) {
                    int at = position[ci[q]];
                    if (at >= 0) {
                        s -= v[at] * v[q];
                    }
                }
                s /= v[kDiag];
                v[p] = s;
                sumSquares += s * s;
            }
            double pivot = v[diag] - sumSquares;
            if (!(pivot > 0) || !Double.isFinite(pivot)) {
                throw new NotPositiveDefiniteException(what + " broke down at row " + i, i, pivot);
            }
            v[diag] = Math.sqrt(pivot);
            for (int p = start; p <= diag; p++) {
                position[ci[p]] = -1;
            }
        }
        return l;
    }

    /** The incomplete factor L (lower triangular, on the pattern of the lower triangle of A). */
    public CsrMatrix lower() {
        return lower;
    }

    /** The alpha of {@code A + alpha diag(A)} that was factored; 0 when A itself was. */
    public double shift() {
        return shift;
    }

    /** Dimension of the system. */
    public int dim() {
        return lower.rows();
    }

    /** {@code z = (L L^T)^{-1} r}: forward substitution with L, then back substitution with {@code L^T}. */
    @Override
    public void apply(double[] r, double[] z) {
        int n = lower.rows();
        DimensionMismatchException.check("residual length for the IC(0) preconditioner", n, r.length);
        DimensionMismatchException.check("output length for the IC(0) preconditioner", n, z.length);
        int[] lp = lower.rowPtr();
        int[] lc = lower.colIdx();
        double[] lv = lower.values();
        for (int i = 0; i < n; i++) { // L y = r, y stored in z
            int diag = lp[i + 1] - 1;
            double s = r[i];
            for (int p = lp[i]; p < diag; p++) {
                s -= lv[p] * z[lc[p]];
            }
            z[i] = s / lv[diag];
        }
        int[] up = upper.rowPtr();
        int[] uc = upper.colIdx();
        double[] uv = upper.values();
        for (int i = n - 1; i >= 0; i--) { // L^T z = y, in place: z_j for j > i are final
            int diag = up[i];
            double s = z[i];
            for (int p = diag + 1; p < up[i + 1]; p++) {
                s -= uv[p] * z[uc[p]];
            }
            z[i] = s / uv[diag];
        }
    }
}
