package org.jrom.linalg;

/**
 * A preconditioner {@code M ~ A} for Krylov methods, applied through its inverse: {@code z = M^{-1} r}.
 * For the conjugate gradient M must be symmetric positive definite (Saad, Iterative Methods for
 * Sparse Linear Systems, 2nd ed. 2003, ch. 9).
 */
@FunctionalInterface
public interface Preconditioner {
    /**
     * Writes {@code z = M^{-1} r}; {@code r} is left unchanged and {@code z} must be a different
     * array of the same length.
     */
    void apply(double[] r, double[] z);

    /** The identity {@code M = I} on {@code R^n}: plain, unpreconditioned iterations. */
    static Preconditioner identity(int n) {
        if (n < 0) {
            throw new DimensionMismatchException("dimension must be non-negative, found " + n);
        }
        return (r, z) -> {
            DimensionMismatchException.check("residual length for the identity preconditioner", n, r.length);
            DimensionMismatchException.check("output length for the identity preconditioner", n, z.length);
            System.arraycopy(r, 0, z, 0, n);
        };
    }
}
