package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.jrom.fem.problems.NortonBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bar of {@link NortonBar} in homogeneous uniaxial tension against the closed forms of {@link
 * NortonViscoplasticityTest}: creep under a constant end traction, which backward Euler reproduces
 * exactly; relaxation under a fixed end displacement, approached at order 1 in the time step.
 */
class NortonBarTest {
    static final NortonBar.Material MATERIAL =
            new NortonBar.Material(Materials.E, Materials.NU, NortonViscoplasticityTest.K, NortonViscoplasticityTest.N);

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void creepUnderConstantTractionFollowsTheClosedFormToRoundOff(int degree) {
        double sigma = 300;
        double dt = 0.1;
        NortonBar.Creep creep = NortonBar.creep(degree, MATERIAL, sigma, dt, 10);
        System.out.printf(
                Locale.ROOT,
                "Norton bar P%d: first step relative residuals %s%n",
                degree,
                Arrays.toString(creep.firstResiduals()));
        StringBuilder counts = new StringBuilder();
        for (int i : creep.iterations()) {
            counts.append(i).append(' ');
        }
        System.out.printf(
                Locale.ROOT,
                "Norton bar P%d (%d dofs, sigma %.0f, K %.0f, n %.0f, 10 steps of %.2f s): eps_vp,11(1 s) = %.17f vs"
                        + " %.17f, worst relative error (eps_vp, sigma) %.2e; Newton iterations per step: %s%n",
                degree,
                creep.dofs(),
                sigma,
                MATERIAL.k(),
                MATERIAL.n(),
                dt,
                creep.strain()[creep.strain().length - 1],
                MATERIAL.creepRate(sigma),
                creep.worstRelativeError(),
                counts.toString().trim());
        assertThat(creep.worstRelativeError()).isLessThan(1e-10);
        assertThat(creep.consistentTangent()).isTrue();
    }

    @Test
    void relaxationUnderFixedEndDisplacementConvergesAtOrderOne() {
        double sigma0 = 300;
        double tEnd = 0.02;
        int[] steps = {10, 20, 40, 80};
        double[] errors = new double[steps.length];
        double exact = NortonViscoplasticityTest.relaxed(sigma0, tEnd);
        for (int r = 0; r < steps.length; r++) {
            NortonBar.Relaxation relaxation = NortonBar.relaxation(MATERIAL, sigma0, tEnd, steps[r]);
            assertThat(Math.abs(relaxation.stress()[0] - sigma0)).isLessThan(1e-9 * sigma0);
            errors[r] = Math.abs(relaxation.last() - exact);
            System.out.printf(
                    Locale.ROOT,
                    "Norton bar relaxation, dt = %.2e: sigma(%.2f) = %.10f, closed form %.10f, error %.3e%s;"
                            + " spread over the points %.1e, Newton iterations %d over %d steps%n",
                    tEnd / steps[r],
                    tEnd,
                    relaxation.last(),
                    exact,
                    errors[r],
                    r == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT, ", order %.3f", Math.log(errors[r - 1] / errors[r]) / Math.log(2)),
                    relaxation.spread(),
                    relaxation.iterations(),
                    steps[r]);
            assertThat(relaxation.spread()).isLessThan(1e-9 * sigma0);
        }
        for (int r = 1; r < steps.length; r++) {
            assertThat(Math.log(errors[r - 1] / errors[r]) / Math.log(2)).isBetween(0.9, 1.1);
        }
    }
}
