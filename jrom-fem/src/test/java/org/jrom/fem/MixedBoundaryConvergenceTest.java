package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.jrom.linalg.CsrMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Manufactured solution of {@code -Laplace u = f} on the unit square with Dirichlet data on the left
 * and bottom, Neumann data {@code du/dn = g} on the right, Robin data {@code du/dn + alpha u = g} on
 * the top: the observed orders of P_k must be k+1 in L2 and k in the H1 seminorm (Ciarlet 1978),
 * within 0.1, over four successive uniform refinements.
 */
class MixedBoundaryConvergenceTest {
    static final double ALPHA = 2.0;

    // u = sin(x + 0.5) e^{y/2}: -Laplace u = 0.75 u, du/dx = cos(x + 0.5) e^{y/2}, du/dy = u/2.
    static final ScalarField U = x -> Math.sin(x[0] + 0.5) * Math.exp(0.5 * x[1]);
    static final ScalarField DUDX = x -> Math.cos(x[0] + 0.5) * Math.exp(0.5 * x[1]);
    static final ScalarField DUDY = x -> 0.5 * U.applyAsDouble(x);
    static final ScalarField[] GRAD = {DUDX, DUDY};

    /**
     * Solves {@code (A + alpha M_top) u = b + b_right(du/dx) + b_top(du/dy + alpha u)} with the
     * interpolated Dirichlet data lifted out; returns the full coefficient vector.
     */
    static double[] solveMixed(LagrangeSpace space) {
        Mesh mesh = space.mesh();
        int[] cells = space.allCells();
        int[] right = mesh.facetsWithMarkers(mesh.boundaryMarker("right"));
        int[] top = mesh.facetsWithMarkers(mesh.boundaryMarker("top"));
        SimplexQuadrature facetRule = SimplexQuadrature.accurateFacet(2);
        CsrMatrix a = space.stiffness(cells).plus(ALPHA, space.boundaryMass(top));
        double[] b = space.load(cells, x -> 0.75 * U.applyAsDouble(x), SimplexQuadrature.triangleDegree4());
        double[] neumann = space.boundaryLoad(right, DUDX, facetRule);
        double[] robin = space.boundaryLoad(top, x -> (0.5 + ALPHA) * U.applyAsDouble(x), facetRule);
        for (int i = 0; i < b.length; i++) {
            b[i] += neumann[i] + robin[i];
        }
        DirichletConstraint bc = new DirichletConstraint(space.dim(), space.boundaryDofs("left", "bottom"));
        double[] g = space.interpolate(U);
        double[] rhs = bc.restrict(b);
        double[] lift = bc.liftingLoad(a, g);
        for (int i = 0; i < rhs.length; i++) {
            rhs[i] += lift[i];
        }
        return bc.extend(P1ConvergenceTest.FemTestSolvers.spd(bc.restrict(a)).solve(rhs), g);
    }

    @ParameterizedTest(name = "P{0}")
    @CsvSource({"1, 4", "2, 2"})
    void mixedDirichletNeumannRobinConvergesWithTheoreticalOrders(int degree, int coarsest) {
        Function<Mesh, LagrangeSpace> spaces = degree == 1 ? P1Space::new : P2Space::new;
        int levels = 5;
        double[] l2 = new double[levels];
        double[] h1 = new double[levels];
        for (int k = 0; k < levels; k++) {
            LagrangeSpace space = spaces.apply(StructuredMesh.unitSquare(coarsest << k));
            double[] uh = solveMixed(space);
            l2[k] = space.l2Error(uh, U, SimplexQuadrature.triangleDegree4());
            h1[k] = space.h1SemiError(uh, GRAD, SimplexQuadrature.triangleDegree4());
        }
        double[] pL2 = P1ConvergenceTest.orders(l2);
        double[] pH1 = P1ConvergenceTest.orders(h1);
        for (int k = 0; k < pL2.length; k++) {
            assertThat(pL2[k]).as("L2 order, refinement %d", k).isCloseTo(degree + 1.0, within(0.1));
            assertThat(pH1[k]).as("H1 order, refinement %d", k).isCloseTo(degree, within(0.1));
        }
    }
}
