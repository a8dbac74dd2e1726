package org.jrom.linalg;

import org.netlib.util.intW;

/**
 * Thin singular value decomposition {@code A = U diag(s) V^T} of an m x n matrix (LAPACK dgesdd, or
 * dgesvd where dgesdd does not converge):
 * with k = min(m, n), U is m x k, s has k values in descending order, V^T is k x n.
 */
public final class Svd {
    private final DenseMatrix u;
    private final double[] s;
    private final DenseMatrix vt;

    Svd(DenseMatrix u, double[] s, DenseMatrix vt) {
        this.u = u;
        this.s = s;
        this.vt = vt;
    }

    /**
     * Tall matrices go through a Householder QR first ({@code A = Q R}, then {@code R = U_R S V^T}
     * and {@code U = Q U_R}), wide ones through their transpose, so LAPACK only ever sees a square
     * matrix: backward stable, and the workspace stays O(n^2) for n = min(m, n).
     */
    static Svd of(DenseMatrix a) {
        NonFiniteValueException.requireFinite("matrix given to the SVD", a.data());
        int m = a.rows();
        int n = a.cols();
        if (m < n) {
            Svd t = of(a.transpose());
            return new Svd(t.vt.transpose(), t.s, t.u.transpose());
        }
        if (m > n) {
            QrDecomposition qr = QrDecomposition.of(a);
            Svd r = ofSquare(qr.r());
            return new Svd(qr.q().multiply(r.u), r.s, r.vt);
        }
        return ofSquare(a);
    }

    private static Svd ofSquare(DenseMatrix a) {
        int n = a.rows();
        double[] f = a.data().clone();
        double[] s = new double[n];
        double[] u = new double[n * n];
        double[] vt = new double[n * n];
        if (n > 0) {
            intW info = new intW(0);
            int[] iwork = new int[8 * n];
            double[] query = new double[1];
            LinalgBackend.lapack().dgesdd("S", n, n, f, n, s, u, n, vt, n, query, -1, iwork, info);
            double[] work = new double[Math.max(1, (int) query[0])];
            double[] a0 = f;
            double[] w0 = work;
            // dgesdd with both singular vectors: about 22 n^3 flops
            OpenBlas.wide(22.0 * n * n * n, () -> LinalgBackend.lapack()
                    .dgesdd("S", n, n, a0, n, s, u, n, vt, n, w0, w0.length, iwork, info));
            if (info.val > 0) {
                // dgesdd's divide and conquer (dbdsdc) fails on rare matrices where the QR iteration of
                // dgesvd converges (LAPACK Working Note 163; SciPy's lapack_driver="gesvd" for the same)
                f = a.data().clone();
                info.val = 0;
                LinalgBackend.lapack().dgesvd("S", "S", n, n, f, n, s, u, n, vt, n, query, -1, info);
                double[] a1 = f;
                double[] w1 = new double[Math.max(1, (int) query[0])];
                OpenBlas.wide(22.0 * n * n * n, () -> LinalgBackend.lapack()
                        .dgesvd("S", "S", n, n, a1, n, s, u, n, vt, n, w1, w1.length, info));
                if (info.val != 0) {
                    throw new ConvergenceException(
                            "SVD did not converge (dgesdd, then dgesvd info " + info.val + ")", new double[0]);
                }
            } else if (info.val != 0) {
                throw new ConvergenceException("SVD did not converge (dgesdd info " + info.val + ")", new double[0]);
            }
        }
        return new Svd(DenseMatrix.wrap(n, n, u), s, DenseMatrix.wrap(n, n, vt));
    }

    /** Left singular vectors, m x k. */
    public DenseMatrix u() {
        return u.copy();
    }

    /** Singular values, descending. */
    public double[] singularValues() {
        return s.clone();
    }

    /** Right singular vectors transposed, k x n. */
    public DenseMatrix vt() {
        return vt.copy();
    }
}
