package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.ScalarField;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.TestMeshes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The structural solid against exact solutions: the patch test (an affine displacement imposed on
 * the boundary of a perturbed mesh is reproduced to round-off, with the exact constant stress), and
 * a bar in homogeneous uniaxial tension under Norton creep, where backward Euler is exact at
 * constant stress: {@code eps_vp(t) = (sigma / K)^n t}.
 */
class SmallStrainSolidTest {
    /** u = A x + c, A not symmetric (a rotation part included). */
    private static final double[][] A = {{1e-3, 4e-4, -2e-4}, {-1e-4, -5e-4, 3e-4}, {6e-4, 2e-4, 8e-4}};

    private static final double[] C = {1e-3, -2e-3, 5e-4};

    static QuasiStaticNewton.Loading loading(double[] force, double[] imposed, double temperature) {
        return new QuasiStaticNewton.Loading() {
            @Override
            public double[] externalForce(double t) {
                return force;
            }

            @Override
            public double[] imposedDisplacement(double t) {
                return imposed;
            }

            @Override
            public double temperature(double t) {
                return temperature;
            }
        };
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
    void barUnderNortonCreepFollowsTheClosedFormToRoundOff(int degree) {
        double sigma = 300;
        double k = 500;
        double n = 5;
        Mesh mesh = StructuredMesh.box(
                new double[] {0, 0, 0}, new double[] {4, 1, 1}, 4, 1, 1, c -> 0, Map.of("domain", 0));
        SmallStrainSolid solid = new SmallStrainSolid(mesh, degree, Materials.viscoplastic(0, 0, 0, 0, k, n));
        int[] fixed = concat(
                solid.boundaryDofs(new int[] {0}, "left"),
                solid.boundaryDofs(new int[] {1}, "front"),
                solid.boundaryDofs(new int[] {2}, "bottom"));
        double[] force = solid.traction(new double[] {sigma, 0, 0}, "right");
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, new QuasiStaticNewton.Options(1e-12, 25, 4));
        QuasiStaticNewton.Loading load = loading(force, new double[solid.dim()], Materials.T_REF);
        double[] u = new double[solid.dim()];
        int stride = solid.law().layout().size();
        int vp = solid.law().layout().offset("eps_vp");
        double rate = Math.pow(sigma / k, n);
        double dt = 0.1;
        double worst = 0;
        StringBuilder counts = new StringBuilder();
        for (int step = 1; step <= 10; step++) {
            QuasiStaticNewton.StepReport report = newton.step(u, (step - 1) * dt, dt, load);
            counts.append(report.totalIterations()).append(' ');
            double t = report.time();
            double[] state = solid.startState();
            for (int p = 0; p < state.length / stride; p++) {
                double axial = state[p * stride + vp];
                worst = Math.max(worst, Math.abs(axial - rate * t) / (rate * t));
                // isochoric flow: the lateral components are -1/2 of the axial one
                worst = Math.max(worst, Math.abs(state[p * stride + vp + 1] + 0.5 * rate * t) / (rate * t));
                worst = Math.max(worst, Math.abs(state[p * stride] - sigma) / sigma);
            }
            if (step == 1) {
                System.out.printf(
                        Locale.ROOT,
                        "Norton bar P%d: first step relative residuals %s%n",
                        degree,
                        Arrays.toString(report.residuals()));
            }
        }
        double[] state = solid.startState();
        System.out.printf(
                Locale.ROOT,
                "Norton bar P%d (%d dofs, sigma %.0f, K %.0f, n %.0f, 10 steps of %.2f s): eps_vp,11(1 s) = %.17f vs %.17f,"
                        + " worst relative error (eps_vp, sigma) %.2e; Newton iterations per step: %s%n",
                degree,
                solid.dim(),
                sigma,
                k,
                n,
                dt,
                state[vp],
                rate,
                worst,
                counts.toString().trim());
        assertThat(worst).isLessThan(1e-10);
        assertThat(newton.usesConsistentTangent()).isTrue();
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
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
