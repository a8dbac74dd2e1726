package org.jrom.linalg;

/**
 * The Jacobi (diagonal) preconditioner {@code M = diag(A)} of a symmetric positive definite matrix:
 * {@code z_i = r_i / a_ii}. Cheap; removes the effect of a badly scaled diagonal (Saad 2003, §10.2).
 */
public final class JacobiPreconditioner implements Preconditioner {
    private final double[] inverseDiagonal;

    private JacobiPreconditioner(double[] inverseDiagonal) {
        this.inverseDiagonal = inverseDiagonal;
    }

    /**
     * The Jacobi preconditioner of a square matrix.
     *
     * @throws NotPositiveDefiniteException naming the first row whose diagonal entry is zero (or not
     *     stored) or negative: such a matrix is not positive definite
     */
    public static JacobiPreconditioner of(CsrMatrix a) {
        if (a.rows() != a.cols()) {
            throw new DimensionMismatchException(
                    "Jacobi preconditioner needs a square matrix, found " + a.rows() + "x" + a.cols());
        }
        double[] d = a.diagonal();
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] > 0)) {
                throw new NotPositiveDefiniteException(
                        "matrix given to the Jacobi preconditioner (diagonal entry (" + i + ", " + i + "))", i, d[i]);
            }
            d[i] = 1.0 / d[i];
        }
        return new JacobiPreconditioner(d);
    }

    /** Dimension of the system. */
    public int dim() {
        return inverseDiagonal.length;
    }

    @Override
    public void apply(double[] r, double[] z) {
        int n = inverseDiagonal.length;
        DimensionMismatchException.check("residual length for the Jacobi preconditioner", n, r.length);
        DimensionMismatchException.check("output length for the Jacobi preconditioner", n, z.length);
        for (int i = 0; i < n; i++) {
            z[i] = r[i] * inverseDiagonal[i];
        }
    }
}
