package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.jrom.linalg.CsrMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Manufactured solution of {@code -Laplace u = f} on the unit square with Dirichlet data on the left
 * and bottom, Neumann data {@code du/dn = g} on the right, Robin data {@code du/dn + alpha u = g} on
 * the top: the observed orders of P_k must be k+1 in L2 and k in the H1 seminorm (Ciarlet 1978),
 * within 0.1, on the refinements past the coarsest of four successive halvings of the mesh size.
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
        return FemTestSolvers.dirichlet(a, b, space.boundaryDofs("left", "bottom"), space.interpolate(U));
    }

    /** Observed orders {@code log(e_k / e_k+1) / log(n_k+1 / n_k)} for meshes of n_k squares per side. */
    static double[] orders(double[] errors, int[] sizes) {
        double[] p = new double[errors.length - 1];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.log(errors[k] / errors[k + 1]) / Math.log((double) sizes[k + 1] / sizes[k]);
        }
        return p;
    }

    @ParameterizedTest(name = "P{0}")
    @ValueSource(ints = {1, 2})
    void mixedDirichletNeumannRobinConvergesWithTheoreticalOrders(int degree) {
        Function<Mesh, LagrangeSpace> spaces = degree == 1 ? P1Space::new : P2Space::new;
        // Four refinements by halving; 65^2 unknowns at the finest for both.
        int[] sizes = degree == 1 ? new int[] {4, 8, 16, 32, 64} : new int[] {2, 4, 8, 16, 32};
        double[] l2 = new double[sizes.length];
        double[] h1 = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            LagrangeSpace space = spaces.apply(StructuredMesh.unitSquare(sizes[k]));
            double[] uh = solveMixed(space);
            l2[k] = space.l2Error(uh, U, SimplexQuadrature.triangleDegree4());
            h1[k] = space.h1SemiError(uh, GRAD, SimplexQuadrature.triangleDegree4());
        }
        double[] pL2 = orders(l2, sizes);
        double[] pH1 = orders(h1, sizes);
        for (int k = 1; k < pL2.length; k++) {
            assertThat(pL2[k]).as("L2 order at n = %d", sizes[k]).isCloseTo(degree + 1.0, within(0.1));
            assertThat(pH1[k]).as("H1 order at n = %d", sizes[k]).isCloseTo(degree, within(0.1));
        }
    }
}
