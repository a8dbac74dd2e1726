package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bar {@code [0, 4] x [0, 1] x [0, 1]} in homogeneous uniaxial tension, Norton viscoplastic with
 * no hardening and {@code sigma_y = 0}, symmetry planes on x = 0, y = 0, z = 0 and its lateral faces
 * free, against the closed forms of {@link NortonViscoplasticityTest}: creep under a constant end
 * traction, {@code eps_vp(t) = (sigma / K)^n t}, which backward Euler reproduces exactly; relaxation
 * under a fixed end displacement, {@code sigma(t) = (sigma_0^(1-n) + (n-1) E t / K^n)^(1/(1-n))},
 * approached at order 1 in the time step. The fields are affine, so the elements add no error: what
 * is measured is the time integration and the global Newton.
 */
class NortonBarTest {
    private static final double LENGTH = 4;

    /** The bar and the dofs of its three symmetry planes, plus the axial dofs of the loaded end if asked. */
    private record Bar(SmallStrainSolid solid, int[] fixed, int[] end) {
        static Bar of(int degree, boolean displacementControl) {
            Mesh mesh = StructuredMesh.box(
                    new double[] {0, 0, 0}, new double[] {LENGTH, 1, 1}, 4, 1, 1, c -> 0, Map.of("domain", 0));
            SmallStrainSolid solid = new SmallStrainSolid(
                    mesh,
                    degree,
                    Materials.viscoplastic(0, 0, 0, 0, NortonViscoplasticityTest.K, NortonViscoplasticityTest.N));
            int[] end = solid.boundaryDofs(new int[] {0}, "right");
            int[] fixed = concat(
                    solid.boundaryDofs(new int[] {0}, "left"),
                    solid.boundaryDofs(new int[] {1}, "front"),
                    solid.boundaryDofs(new int[] {2}, "bottom"),
                    displacementControl ? end : new int[0]);
            return new Bar(solid, fixed, end);
        }

        int stride() {
            return solid.law().layout().size();
        }
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void creepUnderConstantTractionFollowsTheClosedFormToRoundOff(int degree) {
        double sigma = 300;
        double k = NortonViscoplasticityTest.K;
        double n = NortonViscoplasticityTest.N;
        Bar bar = Bar.of(degree, false);
        SmallStrainSolid solid = bar.solid();
        double[] force = solid.traction(new double[] {sigma, 0, 0}, "right");
        QuasiStaticNewton newton =
                new QuasiStaticNewton(solid, bar.fixed(), new QuasiStaticNewton.Options(1e-12, 25, 4));
        QuasiStaticNewton.Loading load = SmallStrainSolidTest.loading(force, new double[solid.dim()], Materials.T_REF);
        double[] u = new double[solid.dim()];
        int stride = bar.stride();
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
                "Norton bar P%d (%d dofs, sigma %.0f, K %.0f, n %.0f, 10 steps of %.2f s): eps_vp,11(1 s) = %.17f vs"
                        + " %.17f, worst relative error (eps_vp, sigma) %.2e; Newton iterations per step: %s%n",
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

    @Test
    void relaxationUnderFixedEndDisplacementConvergesAtOrderOne() {
        double sigma0 = 300;
        double tEnd = 0.02;
        int[] steps = {10, 20, 40, 80};
        double[] errors = new double[steps.length];
        double exact = NortonViscoplasticityTest.relaxed(sigma0, tEnd);
        for (int r = 0; r < steps.length; r++) {
            Bar bar = Bar.of(1, true);
            SmallStrainSolid solid = bar.solid();
            double[] imposed = new double[solid.dim()];
            for (int i : bar.end()) {
                imposed[i] = sigma0 / Materials.E * LENGTH;
            }
            QuasiStaticNewton newton =
                    new QuasiStaticNewton(solid, bar.fixed(), new QuasiStaticNewton.Options(1e-12, 25, 4));
            QuasiStaticNewton.Loading load =
                    SmallStrainSolidTest.loading(new double[solid.dim()], imposed, Materials.T_REF);
            double[] u = new double[solid.dim()];
            newton.step(u, 0, 0, load); // the instantaneous elastic response
            double[] state = solid.startState();
            assertThat(Math.abs(state[0] - sigma0)).isLessThan(1e-9 * sigma0);
            int iterations = 0;
            for (int k = 0; k < steps[r]; k++) {
                iterations += newton.step(u, k * tEnd / steps[r], tEnd / steps[r], load)
                        .totalIterations();
            }
            state = solid.startState();
            double spread = 0;
            for (int p = 0; p < state.length / bar.stride(); p++) {
                spread = Math.max(spread, Math.abs(state[p * bar.stride()] - state[0]));
            }
            errors[r] = Math.abs(state[0] - exact);
            System.out.printf(
                    Locale.ROOT,
                    "Norton bar relaxation, dt = %.2e: sigma(%.2f) = %.10f, closed form %.10f, error %.3e%s;"
                            + " spread over the points %.1e, Newton iterations %d over %d steps%n",
                    tEnd / steps[r],
                    tEnd,
                    state[0],
                    exact,
                    errors[r],
                    r == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT, ", order %.3f", Math.log(errors[r - 1] / errors[r]) / Math.log(2)),
                    spread,
                    iterations,
                    steps[r]);
            assertThat(spread).isLessThan(1e-9 * sigma0);
        }
        for (int r = 1; r < steps.length; r++) {
            assertThat(Math.log(errors[r - 1] / errors[r]) / Math.log(2)).isBetween(0.9, 1.1);
        }
    }
}
