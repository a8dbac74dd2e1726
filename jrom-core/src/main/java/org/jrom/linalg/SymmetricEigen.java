package org.jrom.linalg;

import org.netlib.util.intW;

/**
 * Eigen-decomposition {@code A = V diag(lambda) V^T} of a symmetric matrix (LAPACK dsyevd, divide
 * and conquer), eigenvalues in ascending order, eigenvectors orthonormal.
 */
public final class SymmetricEigen {
    private final double[] values;
    private final DenseMatrix vectors;

    private SymmetricEigen(double[] values, DenseMatrix vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    static SymmetricEigen of(DenseMatrix a) {
        a.requireSquare("symmetric eigen-decomposition");
        NonFiniteValueException.requireFinite("matrix given to the symmetric eigensolver", a.data());
        int n = a.rows();
        double[] v = a.data().clone();
        double[] w = new double[n];
        if (n > 0) {
            intW info = new intW(0);
            double[] query = new double[1];
            int[] iquery = new int[1];
            LinalgBackend.lapack().dsyevd("V", "L", n, v, n, w, query, -1, iquery, -1, info);
            double[] work = new double[Math.max(1, (int) query[0])];
            int[] iwork = new int[Math.max(1, iquery[0])];
            // the tridiagonal reduction and the eigenvectors: about 9 n^3 flops
            OpenBlas.wide(9.0 * n * n * n, () -> LinalgBackend.lapack()
                    .dsyevd("V", "L", n, v, n, w, work, work.length, iwork, iwork.length, info));
            if (info.val != 0) {
                throw new ConvergenceException(
                        "symmetric eigensolver did not converge (dsyevd info " + info.val + ")", new double[0]);
            }
        }
        return new SymmetricEigen(w, DenseMatrix.wrap(n, n, v));
    }

    /** Eigenvalues, ascending. */
    public double[] values() {
        return values.clone();
    }

    /** Orthonormal eigenvectors as columns, in the order of {@link #values()}. */
    public DenseMatrix vectors() {
        return vectors.copy();
    }
}
