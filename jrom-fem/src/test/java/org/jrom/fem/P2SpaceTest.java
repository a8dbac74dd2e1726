package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.jrom.linalg.CsrMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P2 Lagrange: exactness on quadratics (the P2 patch test), consistency of the stiffness with the
 * Laplacian of a quadratic, exact mass integrals, and the dof numbering (nodes, then edges).
 */
class P2SpaceTest {
    static Mesh perturbedSquare(int n) {
        return TestMeshes.perturbed(StructuredMesh.unitSquare(n), 0.15 / n, 11 + n);
    }

    static Mesh perturbedCube(int n) {
        return TestMeshes.perturbed(StructuredMesh.unitCube(n), 0.1 / n, 5 + n);
    }

    static Mesh perturbed(int dimension) {
        return dimension == 2 ? perturbedSquare(6) : perturbedCube(3);
    }

    // Quadratics with constant Laplacian 8 (2D) and 12 (3D).
    static final ScalarField Q2 = x -> 1 + x[0] + 2 * x[1] + x[0] * x[0] + x[0] * x[1] + 3 * x[1] * x[1];
    static final ScalarField Q3 = x ->
            1 + x[0] - x[1] + 2 * x[2] + x[0] * x[0] + 2 * x[1] * x[1] + 3 * x[2] * x[2] + x[0] * x[1] + x[1] * x[2];

    static String[] allSides(Mesh mesh) {
        return mesh.boundaries().keySet().toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void dirichletProblemWithAQuadraticSolutionIsSolvedExactly(int dimension) {
        Mesh mesh = perturbed(dimension);
        P2Space space = new P2Space(mesh);
        ScalarField u = dimension == 2 ? Q2 : Q3;
        double laplacian = dimension == 2 ? 8 : 12;
        double[] g = space.interpolate(u);
        double[] uh = FemTestSolvers.dirichlet(
                space.stiffness(space.allCells()),
                space.load(space.allCells(), -laplacian),
                space.boundaryDofs(allSides(mesh)),
                g);
        for (int i = 0; i < uh.length; i++) {
            assertThat(uh[i]).as("dof %d", i).isCloseTo(g[i], within(1e-12));
        }
        assertThat(space.l2Error(uh, u, SimplexQuadrature.accurate(dimension))).isLessThan(1e-12);
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void stiffnessIsConsistentWithTheLaplacianOfQuadratics(int dimension) {
        Mesh mesh = perturbed(dimension);
        P2Space space = new P2Space(mesh);
        CsrMatrix a = space.stiffness(space.allCells());
        assertThat(a.asymmetry()).isLessThan(1e-13);
        boolean[] boundary = new boolean[space.dim()];
        for (int i : space.boundaryDofs(allSides(mesh))) {
            boundary[i] = true;
        }
        // Row i of A applied to I(v) is int grad v . grad phi_i = int (-Laplace v) phi_i off the boundary.
        double[] one = new double[space.dim()];
        Arrays.fill(one, 1.0);
        double[] linear = space.interpolate(x -> 0.5 - 2 * x[0] + 3 * x[dimension - 1] + x[1]);
        double[] a1 = a.apply(one);
        double[] aLinear = a.apply(linear);
        double[] aQuadratic = a.apply(space.interpolate(dimension == 2 ? Q2 : Q3));
        double[] expected = space.load(space.allCells(), dimension == 2 ? -8 : -12);
        int interior = 0;
        for (int i = 0; i < space.dim(); i++) {
            assertThat(a1[i]).as("row sum %d", i).isCloseTo(0.0, within(1e-11));
            if (!boundary[i]) {
                interior++;
                assertThat(aLinear[i]).as("linear, row %d", i).isCloseTo(0.0, within(1e-11));
                assertThat(aQuadratic[i]).as("quadratic, row %d", i).isCloseTo(expected[i], within(1e-11));
            }
        }
        assertThat(interior).isPositive();
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void massMatricesIntegrateQuadraticsExactly(int dimension) {
        Mesh mesh = perturbed(dimension);
        P2Space space = new P2Space(mesh);
        double[] one = new double[space.dim()];
        Arrays.fill(one, 1.0);
        double[] x2 = space.interpolate(x -> x[0] * x[0]);
        CsrMatrix m = space.mass(space.allCells());
        assertThat(m.asymmetry()).isLessThan(1e-15);
        assertThat(dot(one, m.apply(one))).isCloseTo(1.0, within(1e-13)); // |unit square/cube|
        assertThat(dot(one, m.apply(x2))).isCloseTo(1.0 / 3, within(1e-13)); // int x^2
        // Boundary mass on the bottom side (y = 0 in 2D, z = 0 in 3D): measure 1, int x^2 = 1/3.
        CsrMatrix mb = space.boundaryMass(mesh.facetsWithMarkers(mesh.boundaryMarker("bottom")));
        assertThat(dot(one, mb.apply(one))).isCloseTo(1.0, within(1e-13));
        assertThat(dot(one, mb.apply(x2))).isCloseTo(1.0 / 3, within(1e-13));
        // Loads: int 1 phi_i summed over i is the measure; the facet load of x^2 against 1 is 1/3.
        double[] load = space.load(space.allCells(), 1.0);
        assertThat(Arrays.stream(load).sum()).isCloseTo(1.0, within(1e-13));
        double[] bl = space.boundaryLoad(
                mesh.facetsWithMarkers(mesh.boundaryMarker("bottom")),
                x -> x[0] * x[0],
                SimplexQuadrature.accurateFacet(dimension));
        assertThat(Arrays.stream(bl).sum()).isCloseTo(1.0 / 3, within(1e-13));
    }

    @Test
    void dofsAreNodesThenEdgesWithEdgeDofsAtMidpoints() {
        int n = 5;
        Mesh mesh = StructuredMesh.unitSquare(n);
        P2Space space = new P2Space(mesh);
        // Euler's formula for a triangulated disc: V - E + F = 1.
        assertThat(space.numEdges()).isEqualTo(mesh.numNodes() + mesh.numCells() - 1);
        assertThat(space.dim()).isEqualTo((2 * n + 1) * (2 * n + 1));
        int[] all = space.boundaryDofs("left", "right", "bottom", "top");
        assertThat(all).hasSize(8 * n);
        for (int i : space.boundaryDofs("left")) {
            assertThat(space.dofCoordinate(i, 0)).isEqualTo(0.0);
        }
        assertThat(space.boundaryDofs("left")).hasSize(2 * n + 1);
        // Distinct dof points, each node or edge midpoint on the 2n grid.
        java.util.Set<String> points = new java.util.HashSet<>();
        for (int i = 0; i < space.dim(); i++) {
            double x = space.dofCoordinate(i, 0) * 2 * n;
            double y = space.dofCoordinate(i, 1) * 2 * n;
            assertThat(x).isCloseTo(Math.rint(x), within(1e-12));
            assertThat(y).isCloseTo(Math.rint(y), within(1e-12));
            points.add(Math.rint(x) + "," + Math.rint(y));
        }
        assertThat(points).hasSize(space.dim());
    }

    @Test
    void affineTermsOverSubdomainsSumToTheWholeOperator() {
        Mesh mesh = StructuredMesh.rectangle(0, 2, 0, 1, 4, 2, c -> c[0] < 1 ? 0 : 1, Map.of("a", 0, "b", 1));
        P2Space space = new P2Space(mesh);
        CsrMatrix sum = space.stiffness(mesh.cellsWithMarker(0)).plus(1.0, space.stiffness(mesh.cellsWithMarker(1)));
        assertThat(sum.plus(-1.0, space.stiffness(space.allCells())).normMax()).isLessThan(1e-14);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
