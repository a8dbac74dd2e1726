package org.jrom.linalg;

/**
 * A prepared solver for {@code A x = b} with one fixed matrix A: a sparse Cholesky factorization,
 * a preconditioned conjugate gradient, a dense factorization. Preparation (factorization, setup of a
 * preconditioner) is paid once; {@link #solve} may then be called many times.
 */
public interface LinearSolver {
    /** Dimension of the system. */
    int dim();

    /** Solves {@code A x = b}. */
    double[] solve(double[] b);

    /** Solves {@code A X = B} for every vector of the block. */
    default VectorArray solve(VectorArray b) {
        DimensionMismatchException.check("right-hand side dimension", dim(), b.dim());
        VectorArray x = VectorArray.zeros(dim(), b.count());
        for (int j = 0; j < b.count(); j++) {
            System.arraycopy(solve(b.vector(j)), 0, x.data(), j * dim(), dim());
        }
        return x;
    }
}
