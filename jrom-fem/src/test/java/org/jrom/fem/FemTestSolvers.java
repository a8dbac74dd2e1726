package org.jrom.fem;

import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.SparseCholesky;

/** The solve of the FEM tests: Dirichlet elimination with a lifting, then a sparse Cholesky solve. */
final class FemTestSolvers {
    private FemTestSolvers() {}

    /**
     * Solves {@code A u = b} with the given dofs fixed to their values in g (null: zero) by {@code A_FF
     * u_F = b_F - A_FD g}; returns the full vector.
     */
    static double[] dirichlet(CsrMatrix a, double[] b, int[] fixed, double[] g) {
        DirichletConstraint bc = new DirichletConstraint(a.rows(), fixed);
        double[] rhs = bc.restrict(b);
        if (g != null) {
            double[] lift = bc.liftingLoad(a, g);
            for (int i = 0; i < rhs.length; i++) {
                rhs[i] += lift[i];
            }
        }
        return bc.extend(SparseCholesky.factor(bc.restrict(a)).solve(rhs), g);
    }
}
