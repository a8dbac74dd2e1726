package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jrom.linalg.CsrMatrix;
import org.junit.jupiter.api.Test;

/**
 * Manufactured solutions for {@code -Laplace u = f}: the observed orders of P1 must be 2 in L2 and 1
 * in the H1 seminorm (Ciarlet), within 0.1, over successive uniform refinements.
 */
class P1ConvergenceTest {
    static final double PI = Math.PI;

    /** Solves with Dirichlet data g (null: zero) on the given boundary parts; returns the full nodal vector. */
    static double[] solveDirichlet(P1Space space, ScalarField f, ScalarField g, String... boundary) {
        Mesh mesh = space.mesh();
        double[] b = space.load(space.allCells(), f, SimplexQuadrature.accurate(mesh.dimension()));
        return FemTestSolvers.dirichlet(
                space.stiffness(space.allCells()),
                b,
                mesh.boundaryNodes(boundary),
                g == null ? null : space.interpolate(g));
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
            double[] uh = solveDirichlet(space, f, null, "left", "right", "bottom", "top");
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

    /**
     * {@code u = exp(x + y/2 + z/4)}, {@code f = -Laplace u = -(21/16) u}, u as Dirichlet data on the
     * whole boundary of the unit cube (Kuhn meshes of n = 2 .. 32 cubes per side, 29,791 unknowns at
     * the finest).
     */
    @Test
    void poisson3dConvergesWithOrderTwoInL2AndOneInH1() {
        P1Space.Field u = x -> Math.exp(x[0] + 0.5 * x[1] + 0.25 * x[2]);
        P1Space.Field f = x -> -21.0 / 16 * u.applyAsDouble(x);
        P1Space.Field[] grad = {x -> u.applyAsDouble(x), x -> 0.5 * u.applyAsDouble(x), x -> 0.25 * u.applyAsDouble(x)};
        int[] sizes = {2, 4, 8, 16, 32};
        double[] l2 = new double[sizes.length];
        double[] h1 = new double[sizes.length];
        SimplexQuadrature rule = SimplexQuadrature.accurate(3);
        for (int k = 0; k < sizes.length; k++) {
            P1Space space = new P1Space(StructuredMesh.unitCube(sizes[k]));
            double[] uh = solveDirichlet(space, f, u, "left", "right", "front", "back", "bottom", "top");
            l2[k] = space.l2Error(uh, u, rule);
            h1[k] = space.h1SemiError(uh, grad, rule);
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
}
