package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
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

    /** The manufactured solution of the 2D tests, {@code u = sin(pi x) sin(2 pi y)}, zero on the boundary. */
    static final P1Space.Field SINE = x -> Math.sin(PI * x[0]) * Math.sin(2 * PI * x[1]);

    static final P1Space.Field[] SINE_GRADIENT = {
        x -> PI * Math.cos(PI * x[0]) * Math.sin(2 * PI * x[1]),
        x -> 2 * PI * Math.sin(PI * x[0]) * Math.cos(2 * PI * x[1])
    };

    /**
     * Solves with the given stiffness and load f on unit squares of n = 4 .. 64 cells per side (zero
     * Dirichlet data) and asserts the orders 2 in L2 and 1 in H1 against {@link #SINE}.
     */
    static void assertSineConvergence(Function<P1Space, CsrMatrix> stiffness, P1Space.Field f) {
        SimplexQuadrature rule = SimplexQuadrature.triangleDegree4();
        int[] sizes = {4, 8, 16, 32, 64};
        double[] l2 = new double[sizes.length];
        double[] h1 = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            Mesh mesh = StructuredMesh.unitSquare(sizes[k]);
            P1Space space = new P1Space(mesh);
            double[] uh = FemTestSolvers.dirichlet(
                    stiffness.apply(space),
                    space.load(space.allCells(), f, rule),
                    mesh.boundaryNodes("left", "right", "bottom", "top"),
                    null);
            l2[k] = space.l2Error(uh, SINE, rule);
            h1[k] = space.h1SemiError(uh, SINE_GRADIENT, rule);
        }
        assertOrders(l2, h1);
    }

    /** The observed orders between successive refinements (after the first): 2 in L2, 1 in H1, within 0.1. */
    static void assertOrders(double[] l2, double[] h1) {
        double[] pL2 = orders(l2);
        double[] pH1 = orders(h1);
        for (int k = 1; k < pL2.length; k++) {
            assertThat(pL2[k]).as("L2 order, refinement %d", k).isCloseTo(2.0, within(0.1));
            assertThat(pH1[k]).as("H1 order, refinement %d", k).isCloseTo(1.0, within(0.1));
        }
    }

    @Test
    void convectionDiffusionInSkewSymmetricFormConvergesWithOrderTwoInL2AndOneInH1() {
        // -kappa Laplace u + b . grad u = f, the convection in skew-symmetric form (zero boundary data)
        double kappa = 0.5;
        double[] b = {1.0, -0.7};
        assertSineConvergence(
                space -> space.stiffness(space.allCells())
                        .scale(kappa)
                        .plus(1.0, space.skewConvection(space.allCells(), b)),
                x -> 5 * PI * PI * kappa * SINE.applyAsDouble(x)
                        + b[0] * SINE_GRADIENT[0].applyAsDouble(x)
                        + b[1] * SINE_GRADIENT[1].applyAsDouble(x));
    }

    @Test
    void poisson2dConvergesWithOrderTwoInL2AndOneInH1() {
        assertSineConvergence(space -> space.stiffness(space.allCells()), x -> 5 * PI * PI * SINE.applyAsDouble(x));
    }

    /**
     * {@code -div(kappa grad u) = f} with {@code kappa = exp(x) (1 + y^2)}: the variable-conductivity
     * stiffness keeps the P1 orders 2 (L2) and 1 (H1).
     */
    @Test
    void variableConductivityConvergesWithOrderTwoInL2AndOneInH1() {
        P1Space.Field kappa = x -> Math.exp(x[0]) * (1 + x[1] * x[1]);
        // f = -kappa Laplace u - grad kappa . grad u, with d kappa / dx = kappa
        P1Space.Field f = x -> {
            double k = kappa.applyAsDouble(x);
            double ky = Math.exp(x[0]) * 2 * x[1];
            return k * 5 * PI * PI * SINE.applyAsDouble(x)
                    - k * SINE_GRADIENT[0].applyAsDouble(x)
                    - ky * SINE_GRADIENT[1].applyAsDouble(x);
        };
        assertSineConvergence(
                space -> space.stiffness(space.allCells(), kappa, SimplexQuadrature.triangleDegree4()), f);
    }

    @Test
    void piecewiseConstantConductivityIsTheSumOfTheBlockTerms() {
        Mesh mesh = org.jrom.fem.problems.ThermalBlock.mesh(2, 2, 5);
        P1Space space = new P1Space(mesh);
        double[] blockKappa = {0.3, 1.0, 2.5, 7.0};
        CsrMatrix[] parts = new CsrMatrix[4];
        for (int b = 0; b < 4; b++) {
            parts[b] = space.stiffness(mesh.cellsWithMarker(b));
        }
        CsrMatrix affine = CsrMatrix.linearCombination(blockKappa, parts);
        // The quadrature points are inside the cells, so the block of each point is that of its cell.
        CsrMatrix variable = space.stiffness(
                space.allCells(),
                x -> blockKappa[Math.min((int) (x[1] * 2), 1) * 2 + Math.min((int) (x[0] * 2), 1)],
                SimplexQuadrature.triangleDegree4());
        assertThat(variable.plus(-1.0, affine).normMax()).isLessThan(1e-14 * affine.normMax());
        CsrMatrix one = space.stiffness(space.allCells(), x -> 1.0, SimplexQuadrature.triangleDegree4());
        // the rule's weights sum to 1 up to their printed digits
        assertThat(one.plus(-1.0, space.stiffness(space.allCells())).normMax()).isLessThan(1e-14);
    }

    @Test
    void restrictedEntriesAreThoseOfTheAssembledMatrix() {
        Mesh mesh = StructuredMesh.unitSquare(12);
        P1Space space = new P1Space(mesh);
        P1Space.Field kappa = x -> 1 + Math.exp(-20 * ((x[0] - 0.3) * (x[0] - 0.3) + x[1] * x[1]));
        SimplexQuadrature rule = SimplexQuadrature.triangleDegree4();
        CsrMatrix a = space.stiffness(space.allCells(), kappa, rule);
        java.util.Random rnd = new java.util.Random(3);
        int[] rows = new int[40];
        int[] cols = new int[40];
        for (int m = 0; m < rows.length; m++) {
            rows[m] = rnd.nextInt(space.dim());
            // a neighbour of the row (in the pattern), the row itself, or any node (mostly outside it)
            int[] ptr = a.rowPointers();
            int[] ci = a.columnIndices();
            cols[m] = m % 3 == 0
                    ? ci[ptr[rows[m]] + rnd.nextInt(ptr[rows[m] + 1] - ptr[rows[m]])]
                    : m % 3 == 1 ? rows[m] : rnd.nextInt(space.dim());
        }
        rows[1] = rows[0]; // repeated rows and entries
        cols[1] = cols[0];
        double[] v = space.stiffnessEntries(rows, cols, kappa, rule);
        for (int m = 0; m < rows.length; m++) {
            assertThat(v[m])
                    .as("entry (%d, %d)", rows[m], cols[m])
                    .isCloseTo(a.get(rows[m], cols[m]), within(1e-14 * a.normMax()));
        }
        assertThatThrownBy(() -> space.stiffnessEntries(new int[] {0}, new int[] {space.dim()}, kappa, rule))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("outside");
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
        assertOrders(l2, h1);
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
