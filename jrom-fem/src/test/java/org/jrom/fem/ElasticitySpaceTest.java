package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.jrom.JromException;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vector P1 linear elasticity: the patch test (affine displacements are reproduced exactly), rigid
 * motions span the kernel of the strain term, the constrained operators are symmetric positive
 * definite, and a manufactured plane-strain solution converges with orders 2 (L2) and 1 (H1).
 */
class ElasticitySpaceTest {
    static final IsotropicMaterial MATERIAL = IsotropicMaterial.fromYoungPoisson(2.0, 0.3);

    static Mesh perturbed(int dimension, int n) {
        return dimension == 2
                ? TestMeshes.perturbed(StructuredMesh.unitSquare(n), 0.15 / n, 3 + n)
                : TestMeshes.perturbed(StructuredMesh.unitCube(n), 0.1 / n, 7 + n);
    }

    /**
     * Patch test (Irons; Strang and Fix 1973): for {@code u = a + B x} the stress is constant, so with
     * its boundary values (and optionally its constant traction {@code sigma n} on the right side)
     * and no body force the discrete solution is u itself at every node.
     */
    @ParameterizedTest(name = "{0}D, traction on the right side: {1}")
    @CsvSource({"2, false", "2, true", "3, false", "3, true"})
    void affineDisplacementsAreReproducedExactly(int d, boolean traction) {
        Mesh mesh = perturbed(d, d == 2 ? 6 : 4);
        ElasticitySpace space = new ElasticitySpace(mesh);
        Random random = new Random(42 + d);
        double[] a = random.doubles(d, -1, 1).toArray();
        double[] bx = random.doubles(d * d, -1, 1).toArray(); // B[i][k] = bx[i*d + k]
        ScalarField[] u = new ScalarField[d];
        for (int i = 0; i < d; i++) {
            int row = i;
            u[i] = x -> {
                double s = a[row];
                for (int k = 0; k < d; k++) {
                    s += bx[row * d + k] * x[k];
                }
                return s;
            };
        }
        CsrMatrix op = space.operator(space.allCells(), MATERIAL);
        double[] g = space.interpolate(u);
        double[] b = new double[space.dim()];
        String[] sides = mesh.boundaries().keySet().toArray(String[]::new);
        String[] clamped =
                traction ? Arrays.stream(sides).filter(s -> !s.equals("right")).toArray(String[]::new) : sides;
        if (traction) {
            // sigma = mu (B + B^T) + lambda tr(B) I; the right side has normal e_0: t_i = sigma_i0.
            double trace = 0;
            for (int k = 0; k < d; k++) {
                trace += bx[k * d + k];
            }
            double[] t = new double[d];
            for (int i = 0; i < d; i++) {
                t[i] = MATERIAL.mu() * (bx[i * d] + bx[i]) + (i == 0 ? MATERIAL.lambda() * trace : 0);
            }
            b = space.boundaryLoad(mesh.facetsWithMarkers(mesh.boundaryMarker("right")), t);
        }
        double[] uh = FemTestSolvers.dirichlet(op, b, space.boundaryDofs(clamped), g);
        for (int i = 0; i < uh.length; i++) {
            assertThat(uh[i]).as("dof %d", i).isCloseTo(g[i], within(1e-12));
        }
    }

    /** Translations and infinitesimal rotations {@code omega x x}, interpolated. */
    static double[][] rigidMotions(ElasticitySpace space) {
        Mesh mesh = space.mesh();
        int d = mesh.dimension();
        int count = d == 2 ? 3 : 6;
        double[][] r = new double[count][space.dim()];
        for (int n = 0; n < mesh.numNodes(); n++) {
            double[] x = new double[d];
            for (int k = 0; k < d; k++) {
                x[k] = mesh.coordinate(n, k);
            }
            for (int i = 0; i < d; i++) {
                r[i][space.dof(n, i)] = 1;
            }
            if (d == 2) {
                r[2][space.dof(n, 0)] = -x[1];
                r[2][space.dof(n, 1)] = x[0];
            } else {
                for (int axis = 0; axis < 3; axis++) { // e_axis x x
                    int p = (axis + 1) % 3;
                    int q = (axis + 2) % 3;
                    r[3 + axis][space.dof(n, q)] = x[p];
                    r[3 + axis][space.dof(n, p)] = -x[q];
                }
            }
        }
        return r;
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void rigidMotionsSpanTheKernelOfTheStrainTerm(int d) {
        ElasticitySpace space = new ElasticitySpace(perturbed(d, d == 2 ? 4 : 2));
        CsrMatrix strain = space.strainTerm(space.allCells());
        CsrMatrix div = space.divergenceTerm(space.allCells());
        double scale = strain.normMax();
        for (double[] r : rigidMotions(space)) {
            for (double v : strain.apply(r)) {
                assertThat(v).isCloseTo(0.0, within(1e-13 * scale));
            }
            for (double v : div.apply(r)) {
                assertThat(v).isCloseTo(0.0, within(1e-13 * scale));
            }
        }
        // Korn: nothing else is in the kernel, so exactly 3 (2D) or 6 (3D) eigenvalues vanish.
        double[] eigen = strain.toDense().symmetricEigen().values().clone();
        Arrays.sort(eigen);
        int rigid = d == 2 ? 3 : 6;
        double largest = eigen[eigen.length - 1];
        for (int k = 0; k < rigid; k++) {
            assertThat(Math.abs(eigen[k])).isLessThan(1e-12 * largest);
        }
        assertThat(eigen[rigid]).isGreaterThan(1e-4 * largest);
        assertThat(strain.asymmetry()).isLessThan(1e-15 * scale);
        assertThat(div.asymmetry()).isLessThan(1e-15 * scale);
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void clampedAndRollerOperatorsAreSymmetricPositiveDefinite(int d) {
        Mesh mesh = perturbed(d, d == 2 ? 5 : 2);
        ElasticitySpace space = new ElasticitySpace(mesh);
        CsrMatrix op = space.operator(space.allCells(), MATERIAL);
        // Clamped on one side.
        CsrMatrix clamped = new DirichletConstraint(space.dim(), space.boundaryDofs("left")).restrict(op);
        assertThat(clamped.asymmetry()).isLessThan(1e-15 * clamped.normMax());
        assertThat(clamped.toDense().cholesky()).isNotNull();
        // Rollers: the normal component on one side per axis (left: x, bottom: y (2D), front: y and bottom: z (3D)).
        String[] perAxis = d == 2 ? new String[] {"left", "bottom"} : new String[] {"left", "front", "bottom"};
        int[] rollers = new int[0];
        for (int axis = 0; axis < d; axis++) {
            int[] dofs = space.dofs(mesh.boundaryNodes(perAxis[axis]), axis);
            for (int dof : dofs) {
                assertThat(dof % d).isEqualTo(axis);
            }
            rollers = concat(rollers, dofs);
        }
        DenseMatrix rolled =
                new DirichletConstraint(space.dim(), rollers).restrict(op).toDense();
        assertThat(rolled.cholesky()).isNotNull();
        // Fixing only the x component on the left leaves the translation along y: singular.
        double[] eigen = new DirichletConstraint(space.dim(), space.dofs(mesh.boundaryNodes("left"), 0))
                .restrict(op)
                .toDense()
                .symmetricEigen()
                .values()
                .clone();
        Arrays.sort(eigen);
        assertThat(Math.abs(eigen[0])).isLessThan(1e-12 * eigen[eigen.length - 1]);
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void termsOverSubdomainsSumToTheWholeOperator() {
        Mesh mesh = StructuredMesh.rectangle(0, 2, 0, 1, 4, 2, c -> c[0] < 1 ? 0 : 1, Map.of("a", 0, "b", 1));
        ElasticitySpace space = new ElasticitySpace(mesh);
        IsotropicMaterial soft = IsotropicMaterial.fromYoungPoisson(1, 0.2);
        IsotropicMaterial hard = IsotropicMaterial.fromYoungPoisson(10, 0.4);
        int[] a = mesh.cellsWithMarker(0);
        int[] b = mesh.cellsWithMarker(1);
        CsrMatrix affine = CsrMatrix.linearCombination(
                new double[] {soft.mu(), soft.lambda(), hard.mu(), hard.lambda()},
                space.strainTerm(a),
                space.divergenceTerm(a),
                space.strainTerm(b),
                space.divergenceTerm(b));
        CsrMatrix direct = space.operator(a, soft).plus(1.0, space.operator(b, hard));
        assertThat(affine.plus(-1.0, direct).normMax()).isLessThan(1e-13);
        CsrMatrix whole = space.strainTerm(a).plus(1.0, space.strainTerm(b));
        assertThat(whole.plus(-1.0, space.strainTerm(space.allCells())).normMax())
                .isLessThan(1e-14);
        // The vector mass integrates u . v: |Omega| = 2 for u = v = e_0 + e_1.
        double[] ones = new double[space.dim()];
        Arrays.fill(ones, 1.0);
        assertThat(P2SpaceTest.dot(ones, space.mass(space.allCells()).apply(ones)))
                .isCloseTo(4.0, within(1e-13));
        // The vector gradient term integrates grad u : grad v: |grad u|^2 = 1 + 4 for u = (x, 2y) on area 2.
        CsrMatrix gradient = space.gradientTerm(space.allCells());
        double[] u = space.interpolate(new ScalarField[] {x -> x[0], x -> 2 * x[1]});
        assertThat(P2SpaceTest.dot(u, gradient.apply(u))).isCloseTo(10.0, within(1e-12));
        for (double v : gradient.apply(ones)) {
            assertThat(v).isCloseTo(0.0, within(1e-13));
        }
        assertThat(space.components()).isEqualTo(2);
    }

    @Test
    void lameParametersFromYoungsModulusAndPoissonsRatio() {
        IsotropicMaterial m = IsotropicMaterial.fromYoungPoisson(2.6, 0.3);
        assertThat(m.mu()).isCloseTo(1.0, within(1e-15));
        assertThat(m.lambda()).isCloseTo(2.6 * 0.3 / (1.3 * 0.4), within(1e-15));
        // Back to E and nu: E = mu (3 lambda + 2 mu) / (lambda + mu), nu = lambda / (2 (lambda + mu)).
        assertThat(m.mu() * (3 * m.lambda() + 2 * m.mu()) / (m.lambda() + m.mu()))
                .isCloseTo(2.6, within(1e-14));
        assertThat(m.lambda() / (2 * (m.lambda() + m.mu()))).isCloseTo(0.3, within(1e-15));
        // Plane stress: lambda* = 2 lambda mu / (lambda + 2 mu).
        IsotropicMaterial s = IsotropicMaterial.planeStress(2.6, 0.3);
        assertThat(s.mu()).isEqualTo(m.mu());
        assertThat(s.lambda()).isCloseTo(2 * m.lambda() * m.mu() / (m.lambda() + 2 * m.mu()), within(1e-15));
        assertThatThrownBy(() -> IsotropicMaterial.fromYoungPoisson(1, 0.5))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("Poisson's ratio must lie in (-1, 0.5)")
                .hasMessageContaining("found 0.5");
        assertThatThrownBy(() -> IsotropicMaterial.planeStress(-1, 0.3))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("Young's modulus must be positive");
    }

    /**
     * Plane strain manufactured solution {@code u = (sin x e^y + x^2 y, cos x e^y + x y^2)} with body
     * force {@code f = -mu Laplace u - (lambda + mu) grad div u}, clamped to u on the left, bottom and
     * top, traction {@code sigma(u) e_0} on the right; n = 4 .. 64 squares per side.
     */
    @Test
    void manufacturedPlaneStrainSolutionConvergesWithOrdersTwoAndOne() {
        double mu = MATERIAL.mu();
        double lambda = MATERIAL.lambda();
        ScalarField[] u = {
            x -> Math.sin(x[0]) * Math.exp(x[1]) + x[0] * x[0] * x[1],
            x -> Math.cos(x[0]) * Math.exp(x[1]) + x[0] * x[1] * x[1]
        };
        ScalarField[][] grad = {
            {x -> Math.cos(x[0]) * Math.exp(x[1]) + 2 * x[0] * x[1], x -> Math.sin(x[0]) * Math.exp(x[1]) + x[0] * x[0]
            },
            {x -> -Math.sin(x[0]) * Math.exp(x[1]) + x[1] * x[1], x -> Math.cos(x[0]) * Math.exp(x[1]) + 2 * x[0] * x[1]
            }
        };
        // Laplace u = (2y, 2x); div u = 2 cos x e^y + 4xy, grad div u = (-2 sin x e^y + 4y, 2 cos x e^y + 4x).
        ScalarField[] f = {
            x -> -mu * 2 * x[1] - (lambda + mu) * (-2 * Math.sin(x[0]) * Math.exp(x[1]) + 4 * x[1]),
            x -> -mu * 2 * x[0] - (lambda + mu) * (2 * Math.cos(x[0]) * Math.exp(x[1]) + 4 * x[0])
        };
        ScalarField div = x -> grad[0][0].applyAsDouble(x) + grad[1][1].applyAsDouble(x);
        ScalarField[] traction = {
            x -> 2 * mu * grad[0][0].applyAsDouble(x) + lambda * div.applyAsDouble(x),
            x -> mu * (grad[1][0].applyAsDouble(x) + grad[0][1].applyAsDouble(x))
        };
        assertOrdersTwoAndOne(2, new int[] {4, 8, 16, 32, 64}, u, grad, f, traction);
    }

    /**
     * 3D manufactured solution {@code u = (sin x e^y + x z^2, cos y e^z + x^2 y, sin z e^x + y^2 z)}
     * (each first part harmonic, so {@code Laplace u = (2x, 2y, 2z)}), clamped to u on all sides but
     * the right one, which carries the traction {@code sigma(u) e_0}. Kuhn meshes of n = 2, 4, 8, 16,
     * 32 cubes per side (107,811 unknowns at the finest, solved by IC(0)-CG): four refinements.
     */
    @Test
    void manufactured3dSolutionConvergesWithOrdersTwoAndOne() {
        double mu = MATERIAL.mu();
        double lambda = MATERIAL.lambda();
        ScalarField[] u = {
            x -> Math.sin(x[0]) * Math.exp(x[1]) + x[0] * x[2] * x[2],
            x -> Math.cos(x[1]) * Math.exp(x[2]) + x[0] * x[0] * x[1],
            x -> Math.sin(x[2]) * Math.exp(x[0]) + x[1] * x[1] * x[2]
        };
        ScalarField[][] grad = {
            {
                x -> Math.cos(x[0]) * Math.exp(x[1]) + x[2] * x[2],
                x -> Math.sin(x[0]) * Math.exp(x[1]),
                x -> 2 * x[0] * x[2]
            },
            {
                x -> 2 * x[0] * x[1],
                x -> -Math.sin(x[1]) * Math.exp(x[2]) + x[0] * x[0],
                x -> Math.cos(x[1]) * Math.exp(x[2])
            },
            {
                x -> Math.sin(x[2]) * Math.exp(x[0]),
                x -> 2 * x[1] * x[2],
                x -> Math.cos(x[2]) * Math.exp(x[0]) + x[1] * x[1]
            }
        };
        // grad div u = (-sin x e^y + 2x + cos z e^x, cos x e^y - cos y e^z + 2y, 2z - sin y e^z - sin z e^x).
        ScalarField[] gradDiv = {
            x -> -Math.sin(x[0]) * Math.exp(x[1]) + 2 * x[0] + Math.cos(x[2]) * Math.exp(x[0]),
            x -> Math.cos(x[0]) * Math.exp(x[1]) - Math.cos(x[1]) * Math.exp(x[2]) + 2 * x[1],
            x -> 2 * x[2] - Math.sin(x[1]) * Math.exp(x[2]) - Math.sin(x[2]) * Math.exp(x[0])
        };
        ScalarField[] f = new ScalarField[3];
        ScalarField[] traction = new ScalarField[3];
        for (int i = 0; i < 3; i++) {
            int c = i;
            f[i] = x -> -mu * 2 * x[c] - (lambda + mu) * gradDiv[c].applyAsDouble(x);
            // t_i = sigma_i0 = mu (d_0 u_i + d_i u_0) + lambda div u delta_i0.
            traction[i] = x -> {
                double div = 0;
                for (int k = 0; k < 3; k++) {
                    div += grad[k][k].applyAsDouble(x);
                }
                return mu * (grad[c][0].applyAsDouble(x) + grad[0][c].applyAsDouble(x)) + (c == 0 ? lambda * div : 0);
            };
        }
        assertOrdersTwoAndOne(3, new int[] {2, 4, 8, 16, 32}, u, grad, f, traction);
    }

    /**
     * Solves on the unit square or cube of the given sizes with body force f, traction on the right
     * side and u as Dirichlet data elsewhere; asserts orders 2 (L2) and 1 (H1) within 0.1 on every
     * refinement, the coarsest included.
     */
    static void assertOrdersTwoAndOne(
            int d, int[] sizes, ScalarField[] u, ScalarField[][] grad, ScalarField[] f, ScalarField[] traction) {
        double[] l2 = new double[sizes.length];
        double[] h1 = new double[sizes.length];
        SimplexQuadrature rule = SimplexQuadrature.accurate(d);
        for (int k = 0; k < sizes.length; k++) {
            Mesh mesh = d == 2 ? StructuredMesh.unitSquare(sizes[k]) : StructuredMesh.unitCube(sizes[k]);
            ElasticitySpace space = new ElasticitySpace(mesh);
            double[] b = space.load(space.allCells(), f, rule);
            double[] t = space.boundaryLoad(
                    mesh.facetsWithMarkers(mesh.boundaryMarker("right")), traction, SimplexQuadrature.accurateFacet(d));
            for (int i = 0; i < b.length; i++) {
                b[i] += t[i];
            }
            String[] clamped = mesh.boundaries().keySet().stream()
                    .filter(s -> !s.equals("right"))
                    .toArray(String[]::new);
            double[] uh = FemTestSolvers.dirichlet(
                    space.operator(space.allCells(), MATERIAL), b, space.boundaryDofs(clamped), space.interpolate(u));
            l2[k] = space.l2Error(uh, u, rule);
            h1[k] = space.h1SemiError(uh, grad, rule);
        }
        double[] pL2 = P1ConvergenceTest.orders(l2);
        double[] pH1 = P1ConvergenceTest.orders(h1);
        for (int k = 0; k < pL2.length; k++) {
            assertThat(pL2[k]).as("L2 order at n = %d", sizes[k]).isCloseTo(2.0, within(0.1));
            assertThat(pH1[k]).as("H1 order at n = %d", sizes[k]).isCloseTo(1.0, within(0.1));
        }
    }
}
