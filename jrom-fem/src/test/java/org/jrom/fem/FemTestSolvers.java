package org.jrom.fem;

import org.jrom.linalg.ConjugateGradient;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.IncompleteCholesky;
import org.jrom.operators.MatrixOperator;

/**
 * The solve of the FEM tests: Dirichlet elimination with a lifting, then a sparse direct solve (Cholesky,
 * or LU for a non-symmetric matrix), or
 * above {@value #ITERATIVE_ABOVE} free dofs IC(0)-preconditioned CG to a relative residual of 1e-12
 * (a 3D Cholesky that size spends most of a test's time on fill).
 */
final class FemTestSolvers {
    static final int ITERATIVE_ABOVE = 50_000;

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
        CsrMatrix aff = bc.restrict(a);
        if (aff.rows() <= ITERATIVE_ABOVE) {
            // Cholesky for symmetric matrices, LU otherwise (convection)
            return bc.extend(MatrixOperator.of(aff).solver().solve(rhs), g);
        }
        ConjugateGradient cg = ConjugateGradient.builder(aff)
                .preconditioner(IncompleteCholesky.withDiagonalShift(aff))
                .relativeTolerance(1e-12)
                .maxIterations(10_000)
                .build();
        ConjugateGradient.Result r = cg.solve(rhs, new double[rhs.length]);
        if (!r.converged()) {
            throw new AssertionError("CG did not reach 1e-12 in " + r.iterations() + " iterations");
        }
        return bc.extend(r.x(), g);
    }
}
