package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.LinearSolver;
import org.junit.jupiter.api.Test;

/**
 * Manufactured solutions for {@code -Laplace u = f}: the observed orders of P1 must be 2 in L2 and 1
 * in the H1 seminorm (Ciarlet), within 0.1, over successive uniform refinements.
 */
class P1ConvergenceTest {
    static final double PI = Math.PI;

    /** Solves with homogeneous Dirichlet data on the whole boundary; returns the full nodal vector. */
    static double[] solveDirichlet(P1Space space, P1Space.Field f, String... boundary) {
        Mesh mesh = space.mesh();
        DirichletConstraint bc = new DirichletConstraint(space.dim(), mesh.boundaryNodes(boundary));
        CsrMatrix a = bc.restrict(space.stiffness(space.allCells()));
        double[] b = bc.restrict(space.load(space.allCells(), f, SimplexQuadrature.accurate(mesh.dimension())));
        return bc.extend(FemTestSolvers.spd(a).solve(b), null);
    }

    static double[] orders(double[] errors) {
        double[] p = new double[errors.length - 1];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.log(errors[k] / errors[k + 1]) / Math.log(2);
        }
        return p;
    }

    @Test
    void poisson2dConvergesWithOrderTwoInL2AndOneInH1() {
        P1Space.Field u = x -> Math.sin(PI * x[0]) * Math.sin(2 * PI * x[1]);
        P1Space.Field f = x -> 5 * PI * PI * Math.sin(PI * x[0]) * Math.sin(2 * PI * x[1]);
        P1Space.Field[] grad = {
            x -> PI * Math.cos(PI * x[0]) * Math.sin(2 * PI * x[1]),
            x -> 2 * PI * Math.sin(PI * x[0]) * Math.cos(2 * PI * x[1])
        };
        int[] sizes = {4, 8, 16, 32, 64};
        double[] l2 = new double[sizes.length];
        double[] h1 = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            P1Space space = new P1Space(StructuredMesh.unitSquare(sizes[k]));
            double[] uh = solveDirichlet(space, f, "left", "right", "bottom", "top");
            l2[k] = space.l2Error(uh, u, SimplexQuadrature.triangleDegree4());
            h1[k] = space.h1SemiError(uh, grad, SimplexQuadrature.triangleDegree4());
        }
        double[] pL2 = orders(l2);
        double[] pH1 = orders(h1);
        for (int k = 1; k < pL2.length; k++) {
            assertThat(pL2[k]).as("L2 order, refinement %d", k).isCloseTo(2.0, within(0.1));
            assertThat(pH1[k]).as("H1 order, refinement %d", k).isCloseTo(1.0, within(0.1));
        }
    }

    @Test
    void affineTermsSumToTheDirectAssembly() {
        Mesh mesh = org.jrom.fem.problems.ThermalBlock.mesh(3, 2, 4);
        P1Space space = new P1Space(mesh);
        CsrMatrix whole = space.stiffness(space.allCells());
        CsrMatrix[] parts = new CsrMatrix[6];
        double[] ones = new double[6];
        for (int b = 0; b < 6; b++) {
            parts[b] = space.stiffness(mesh.cellsWithMarker(b));
            ones[b] = 1.0;
        }
        CsrMatrix sum = CsrMatrix.linearCombination(ones, parts);
        assertThat(sum.plus(-1.0, whole).normMax()).isLessThan(1e-13);
        // Constants are in the kernel of the stiffness; the mass matrix integrates 1 to the area.
        double[] one = new double[space.dim()];
        java.util.Arrays.fill(one, 1.0);
        for (double v : whole.apply(one)) {
            assertThat(v).isCloseTo(0.0, within(1e-12));
        }
        double[] m1 = space.mass(space.allCells()).apply(one);
        assertThat(java.util.Arrays.stream(m1).sum()).isCloseTo(1.0, within(1e-13));
        assertThat(whole.asymmetry()).isZero();
    }

    /** Keeps the solver choice in one place for the FEM tests. */
    static final class FemTestSolvers {
        static LinearSolver spd(CsrMatrix a) {
            var chol = a.toDense().cholesky();
            return new LinearSolver() {
                @Override
                public int dim() {
                    return a.rows();
                }

                @Override
                public double[] solve(double[] b) {
                    return chol.solve(b);
                }
            };
        }
    }
}
