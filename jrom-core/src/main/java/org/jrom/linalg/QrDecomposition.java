package org.jrom.linalg;

import org.netlib.util.intW;

/**
 * Thin Householder QR factorization {@code A = Q R} of an m x n matrix with m >= n (LAPACK dgeqrf,
 * dorgqr): Q is m x n with orthonormal columns, R is n x n upper triangular.
 */
public final class QrDecomposition {
    private final DenseMatrix q;
    private final DenseMatrix r;

    private QrDecomposition(DenseMatrix q, DenseMatrix r) {
        this.q = q;
        this.r = r;
    }

    static QrDecomposition of(DenseMatrix a) {
        int m = a.rows();
        int n = a.cols();
        double[] f = a.data().clone();
        double[] tau = new double[n];
        double[][] work = new double[1][];
        DenseMatrix r = householder(m, n, f, tau, work);
        if (n == 0) {
            return new QrDecomposition(DenseMatrix.zeros(m, 0), r);
        }
        intW info = new intW(0);
        double[] query = new double[1];
        LinalgBackend.lapack().dorgqr(m, n, n, f, m, tau, query, -1, info);
        double[] w = new double[Math.max(work[0].length, (int) query[0])];
        OpenBlas.wide(2.0 * m * n * n, () -> {
            LinalgBackend.lapack().dorgqr(m, n, n, f, m, tau, w, w.length, info);
        });
        return new QrDecomposition(DenseMatrix.wrap(m, n, f), r);
    }

    /**
     * R of the thin QR of {@code a} (rows >= cols), without forming Q: LAPACK dgeqrf only, about
     * half the flops of {@link DenseMatrix#qr()} and no m x n Q (Q-less TSQR's nodes). {@code a} is
     * overwritten with the Householder vectors.
     */
    static DenseMatrix rInPlace(DenseMatrix a) {
        return householder(a.rows(), a.cols(), a.data(), new double[a.cols()], new double[1][]);
    }

    /** dgeqrf on f (m x n, column-major, in place); returns R, leaves the work array in work[0]. */
    private static DenseMatrix householder(int m, int n, double[] f, double[] tau, double[][] work) {
        if (m < n) {
            throw new DimensionMismatchException("thin QR needs rows >= cols, found " + m + "x" + n);
        }
        NonFiniteValueException.requireFinite("matrix given to QR", f);
        DenseMatrix r = DenseMatrix.zeros(n, n);
        work[0] = new double[1];
        if (n == 0) {
            return r;
        }
        intW info = new intW(0);
        double[] query = new double[1];
        LinalgBackend.lapack().dgeqrf(m, n, f, m, tau, query, -1, info);
        work[0] = new double[Math.max(1, (int) query[0])];
        OpenBlas.wide(2.0 * m * n * n, () -> {
            LinalgBackend.lapack().dgeqrf(m, n, f, m, tau, work[0], work[0].length, info);
        });
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                r.set(i, j, f[i + j * m]);
            }
        }
        return r;
    }

    /**
     * The least-squares solution {@code x = argmin ||A x - b||_2 = R^{-1} Q^T b}, written into
     * {@code x} (length n): O(mn) in plain Java, nothing allocated (Golub and Van Loan, Matrix
     * Computations, 4th ed., section 5.3.3).
     *
     * @throws SingularMatrixException if R has an exactly zero diagonal entry (A rank deficient)
     */
    public void solveLeastSquares(double[] b, double[] x) {
        int m = q.rows();
        int n = q.cols();
        DimensionMismatchException.check("right-hand side of the least-squares problem", m, b.length);
        DimensionMismatchException.check("solution of the least-squares problem", n, x.length);
        double[] qd = q.data();
        double[] rd = r.data();
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += qd[i + j * m] * b[i];
            }
            x[j] = s;
        }
        for (int j = n - 1; j >= 0; j--) {
            double pivot = rd[j + j * n];
            if (pivot == 0) {
                throw new SingularMatrixException("least squares: R(" + j + ", " + j + ") is exactly zero, the " + m
                        + "x" + n + " matrix is rank deficient");
            }
            x[j] /= pivot;
            double xj = x[j];
            for (int i = 0; i < j; i++) {
                x[i] -= rd[i + j * n] * xj;
            }
        }
    }

    /** {@link #solveLeastSquares(double[], double[])} into a new array. */
    public double[] solveLeastSquares(double[] b) {
        double[] x = new double[r.rows()];
        solveLeastSquares(b, x);
        return x;
    }

    /** The m x n factor with orthonormal columns. */
    public DenseMatrix q() {
        return q.copy();
    }

    /** The factor itself, not copied, for callers in this package that only read it (a tall Q is large). */
    DenseMatrix qShared() {
        return q;
    }

    /** The n x n upper-triangular factor. */
    public DenseMatrix r() {
        return r.copy();
    }
}
