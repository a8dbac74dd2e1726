package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Norton creep and relaxation in uniaxial stress, no hardening and {@code sigma_y = 0}, against
 * the closed forms (Lemaitre and Chaboche): creep at constant stress {@code eps_vp(t) = (sigma /
 * K)^n t}, which backward Euler reproduces exactly; relaxation at fixed strain, {@code d sigma / dt
 * = -E (sigma / K)^n}, separable: {@code sigma(t) = (sigma_0^(1-n) + (n-1) E t / K^n)^(1/(1-n))},
 * which backward Euler approaches at order 1 in the time step.
 */
class NortonViscoplasticityTest {
    static final double K = 500;
    static final double N = 5;
    static final double T = 20;

    @Test
    void creepUnderConstantStressIsExactToRoundOff() {
        double sigma = 300;
        MaterialPoint point = new MaterialPoint(Materials.viscoplastic(0, 0, 0, 0, K, N));
        double[] target = {sigma, 0, 0, 0, 0, 0};
        point.step(0, T, target, MaterialPoint.STRESS);
        double worst = 0;
        for (int step = 1; step <= 100; step++) {
            point.step(0.01, T, target, MaterialPoint.STRESS);
            double exact = NortonBarTest.MATERIAL.creepRate(sigma) * point.time;
            worst = Math.max(worst, Math.abs(point.get("eps_vp", 0) - exact) / exact);
            assertThat(point.get("p", 0)).isCloseTo(exact, within(1e-13));
        }
        System.out.printf(
                Locale.ROOT,
                "Norton creep, sigma %.0f, K %.0f, n %.0f, 100 steps to t = %.2f:"
                        + " eps_vp %.15g, closed form %.15g, worst relative error over the steps %.2e%n",
                sigma,
                K,
                N,
                point.time,
                point.get("eps_vp", 0),
                NortonBarTest.MATERIAL.creepRate(sigma) * point.time,
                worst);
        assertThat(worst).isLessThan(1e-13);
        // the lateral viscoplastic strains are -eps_vp / 2 (incompressible flow)
        assertThat(point.get("eps_vp", 1) / point.get("eps_vp", 0)).isCloseTo(-0.5, within(1e-14));
    }

    /** sigma(t) of the relaxation from sigma_0 under fixed strain. */
    static double relaxed(double sigma0, double t) {
        return NortonBarTest.MATERIAL.relaxedStress(sigma0, t);
    }

    @Test
    void relaxationConvergesAtOrderOneInTheTimeStep() {
        double sigma0 = 300;
        double tEnd = 0.02;
        int[] steps = {10, 20, 40, 80};
        double[] errors = new double[steps.length];
        double exact = relaxed(sigma0, tEnd);
        for (int r = 0; r < steps.length; r++) {
            MaterialPoint point = new MaterialPoint(Materials.viscoplastic(0, 0, 0, 0, K, N));
            point.uniaxial(0, T, sigma0 / Materials.E);
            assertThat(point.stress(0)).isCloseTo(sigma0, within(1e-9));
            for (int k = 0; k < steps[r]; k++) {
                point.uniaxial(tEnd / steps[r], T, sigma0 / Materials.E);
            }
            errors[r] = Math.abs(point.stress(0) - exact);
            System.out.printf(
                    Locale.ROOT,
                    "relaxation, dt = %.2e: sigma(%.2f) = %.10f, closed form %.10f, error %.3e%s%n",
                    tEnd / steps[r],
                    tEnd,
                    point.stress(0),
                    exact,
                    errors[r],
                    r == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT, ", order %.3f", Math.log(errors[r - 1] / errors[r]) / Math.log(2)));
        }
        for (int r = 1; r < steps.length; r++) {
            assertThat(Math.log(errors[r - 1] / errors[r]) / Math.log(2)).isBetween(0.9, 1.1);
        }
    }
}
