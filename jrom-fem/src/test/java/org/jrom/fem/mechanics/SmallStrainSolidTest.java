package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.jrom.fem.Mesh;
import org.jrom.fem.ScalarField;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.TestMeshes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The structural solid against exact solutions: the patch test (an affine displacement imposed on
 * the boundary of a perturbed mesh is reproduced to round-off, with the exact constant stress.
 */
class SmallStrainSolidTest {
    /** u = A x + c, A not symmetric (a rotation part included). */
    private static final double[][] A = {{1e-3, 4e-4, -2e-4}, {-1e-4, -5e-4, 3e-4}, {6e-4, 2e-4, 8e-4}};

    private static final double[] C = {1e-3, -2e-3, 5e-4};

    /** Loads constant in time. */
    static QuasiStaticNewton.Loading loading(double[] force, double[] imposed, double temperature) {
        return QuasiStaticNewton.Loading.of(t -> force, t -> imposed, t -> temperature);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void patchTestReproducesAnAffineDisplacementAndItsStress(int degree) {
        Mesh mesh = TestMeshes.perturbed(StructuredMesh.unitCube(3), 0.08, 18);
        SmallStrainSolid solid = new SmallStrainSolid(mesh, degree, new LinearElasticity(Materials.elastic()));
        ScalarField[] exact = new ScalarField[3];
        for (int i = 0; i < 3; i++) {
            int row = i;
            exact[i] = x -> A[row][0] * x[0] + A[row][1] * x[1] + A[row][2] * x[2] + C[row];
        }
        double[] imposed = solid.interpolate(exact);
        String[] sides = StructuredMesh.BOX_SIDES.keySet().toArray(String[]::new);
        int[] fixed = solid.boundaryDofs(new int[] {0, 1, 2}, sides);
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, QuasiStaticNewton.Options.defaults());
        double[] u = new double[solid.dim()];
        QuasiStaticNewton.StepReport report =
                newton.step(u, 0, 1, loading(new double[solid.dim()], imposed, Materials.T_REF));

        double worst = 0;
        for (int k = 0; k < u.length; k++) {
            worst = Math.max(worst, Math.abs(u[k] - imposed[k]));
        }
        double scale = Arrays.stream(imposed).map(Math::abs).max().orElseThrow();
        // The exact stress: sigma = lambda tr(eps) I + 2 mu eps, eps = sym A.
        double mu = Materials.E / (2 * (1 + Materials.NU));
        double lambda = Materials.E * Materials.NU / ((1 + Materials.NU) * (1 - 2 * Materials.NU));
        double trace = A[0][0] + A[1][1] + A[2][2];
        double[] sigma = {
            lambda * trace + 2 * mu * A[0][0],
            lambda * trace + 2 * mu * A[1][1],
            lambda * trace + 2 * mu * A[2][2],
            Mandel.SQRT2 * mu * (A[1][2] + A[2][1]),
            Mandel.SQRT2 * mu * (A[0][2] + A[2][0]),
            Mandel.SQRT2 * mu * (A[0][1] + A[1][0])
        };
        double[] state = solid.startState();
        int stride = solid.law().layout().size();
        double stressError = 0;
        for (int p = 0; p < state.length / stride; p++) {
            for (int r = 0; r < 6; r++) {
                stressError = Math.max(stressError, Math.abs(state[p * stride + r] - sigma[r]));
            }
        }
        double sigmaScale = Arrays.stream(sigma).map(Math::abs).max().orElseThrow();
        System.out.printf(
                Locale.ROOT,
                "patch test P%d: %d dofs, %d free; max |u - u_exact| / max |u| = %.2e, max |sigma - sigma_exact|"
                        + " / max |sigma| = %.2e, Newton iterations %d, residuals %s%n",
                degree,
                solid.dim(),
                solid.dim() - fixed.length,
                worst / scale,
                stressError / sigmaScale,
                report.totalIterations(),
                Arrays.toString(report.residuals()));
        assertThat(solid.dim() - fixed.length).isPositive();
        assertThat(worst / scale).isLessThan(1e-12);
        assertThat(stressError / sigmaScale).isLessThan(1e-11);
        assertThat(report.totalIterations()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void freeThermalExpansionIsStressFree(int degree) {
        double heating = 480;
        SmallStrainSolid solid =
                new SmallStrainSolid(StructuredMesh.unitCube(2), degree, new LinearElasticity(Materials.elastic()));
        int[] fixed = symmetryPlanes(solid);
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, QuasiStaticNewton.Options.defaults());
        double[] u = new double[solid.dim()];
        double[] zero = new double[solid.dim()];
        newton.step(u, 0, 1, loading(zero, zero, Materials.T_REF + heating));
        double strain = Materials.ALPHA * heating;
        ScalarField[] exact = {x -> strain * x[0], x -> strain * x[1], x -> strain * x[2]};
        double[] expected = solid.interpolate(exact);
        double worst = 0;
        for (int k = 0; k < u.length; k++) {
            worst = Math.max(worst, Math.abs(u[k] - expected[k]));
        }
        double stress = Arrays.stream(solid.startState()).map(Math::abs).max().orElseThrow();
        System.out.printf(
                Locale.ROOT,
                "free thermal expansion P%d, dT %.0f: max |u - alpha dT x| / (alpha dT) = %.1e,"
                        + " max |sigma| = %.1e MPa%n",
                degree,
                heating,
                worst / strain,
                stress);
        assertThat(worst / strain).isLessThan(1e-12);
        assertThat(stress).isLessThan(1e-9);
    }

    /** The dofs of the symmetry planes x = 0, y = 0, z = 0 of a box. */
    static int[] symmetryPlanes(SmallStrainSolid solid) {
        return Arrays.stream(new int[][] {
                    solid.boundaryDofs(new int[] {0}, "left"),
                    solid.boundaryDofs(new int[] {1}, "front"),
                    solid.boundaryDofs(new int[] {2}, "bottom")
                })
                .flatMapToInt(Arrays::stream)
                .toArray();
    }

    /** Linear elasticity whose local problem "fails" for time steps above a threshold. */
    private record FailingAbove(ConstitutiveLaw law, double maxStep) implements ConstitutiveLaw {
        @Override
        public String name() {
            return "failing-above";
        }

        @Override
        public StateLayout layout() {
            return law.layout();
        }

        @Override
        public boolean hasSymmetricTangent() {
            return true;
        }

        @Override
        public void integrate(
                double[] strain,
                double dt,
                double temperature,
                double[] start,
                int startOffset,
                double[] end,
                int endOffset,
                double[] tangent) {
            if (dt > maxStep) {
                throw new MaterialException("no local solution for dt " + dt);
            }
            law.integrate(strain, dt, temperature, start, startOffset, end, endOffset, tangent);
        }
    }

    @Test
    void aMaterialFailureCutsTheStepAndTooManyCutsAreOneError() {
        ConstitutiveLaw elastic = new LinearElasticity(Materials.elastic());
        SmallStrainSolid solid = new SmallStrainSolid(StructuredMesh.unitCube(2), 1, new FailingAbove(elastic, 0.3));
        double[] force = solid.traction(new double[] {100, 0, 0}, "right");
        QuasiStaticNewton newton =
                new QuasiStaticNewton(solid, symmetryPlanes(solid), QuasiStaticNewton.Options.defaults());
        double[] u = new double[solid.dim()];
        QuasiStaticNewton.StepReport report =
                newton.step(u, 0, 1, loading(force, new double[solid.dim()], Materials.T_REF));
        // 1 -> 0.5 -> 0.25 accepted, 0.25, then 0.5 (after two accepted) fails once more, 0.25, 0.25
        assertThat(report.cuts()).isEqualTo(3);
        assertThat(report.iterations()).hasSize(4);
        assertThat(solid.startState()[0]).isCloseTo(100, org.assertj.core.api.Assertions.within(1e-9));

        SmallStrainSolid never = new SmallStrainSolid(StructuredMesh.unitCube(1), 1, new FailingAbove(elastic, -1));
        QuasiStaticNewton hopeless =
                new QuasiStaticNewton(never, symmetryPlanes(never), new QuasiStaticNewton.Options(1e-10, 25, 3));
        double[] zero = new double[never.dim()];
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> hopeless.step(new double[never.dim()], 0, 1, loading(zero, zero, Materials.T_REF)))
                .isInstanceOf(org.jrom.linalg.ConvergenceException.class)
                .hasMessageContaining("after 3 step cuts (no local solution for dt 0.125)");
    }

    @Test
    void rejectsA2dMeshAndAnUnsupportedDegree() {
        ConstitutiveLaw law = new LinearElasticity(Materials.elastic());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SmallStrainSolid(StructuredMesh.unitSquare(2), 1, law))
                .hasMessageContaining("3D mesh");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SmallStrainSolid(StructuredMesh.unitCube(1), 3, law))
                .hasMessageContaining("degree must be 1 or 2");
    }
}
