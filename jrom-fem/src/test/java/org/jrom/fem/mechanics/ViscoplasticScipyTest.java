package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.jrom.testing.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The viscoplastic law under a non-proportional strain history (tension, then shear at fixed
 * tension) against SciPy's {@code solve_ivp} (Radau, rtol 1e-12) of the same ODEs with the strain
 * prescribed ({@code viscoplastic_ivp.py}): backward Euler converges to it at order 1 in the time
 * step. Interop profile: needs /usr/bin/python3 with SciPy.
 */
@Tag("interop")
class ViscoplasticScipyTest {
    static final double SIGMA_Y = 100;
    static final double H = 8000;
    static final double C = 50_000;
    static final double D = 250;
    static final double K = 200;
    static final double N = 5;
    static final double STRAIN = 4e-3;

    @Test
    void backwardEulerConvergesAtOrderOneToRadauOnTensionThenShear() {
        String out = Python.runResource(
                "/org/jrom/fem/mechanics/viscoplastic_ivp.py",
                Arrays.stream(new double[] {Materials.E, Materials.NU, SIGMA_Y, H, C, D, K, N, STRAIN})
                        .mapToObj(Double::toString)
                        .toArray(String[]::new));
        double[] reference = Arrays.stream(out.trim().split("\\s+"))
                .mapToDouble(Double::parseDouble)
                .toArray();
        int[] steps = {25, 50, 100, 200, 400};
        double[] errors = new double[steps.length];
        for (int r = 0; r < steps.length; r++) {
            MaterialPoint point = new MaterialPoint(Materials.viscoplastic(SIGMA_Y, H, C, D, K, N));
            double dt = 1.0 / steps[r];
            for (int k = 1; k <= 2 * steps[r]; k++) {
                double t = k * dt;
                double[] eps = new double[Mandel.SIZE];
                eps[0] = STRAIN * Math.min(t, 1);
                eps[5] = Mandel.SQRT2 * STRAIN * Math.max(t - 1, 0);
                point.step(dt, 20, eps, new boolean[Mandel.SIZE]);
            }
            for (int i = 0; i < Mandel.SIZE; i++) {
                errors[r] = Math.max(errors[r], Math.abs(point.stress(i) - reference[i]));
            }
            System.out.printf(
                    Locale.ROOT,
                    "tension then shear, dt = %.4f: sigma_11 %.8f sigma_12 %.8f p %.8e;"
                            + " Radau sigma_11 %.8f sigma_12 %.8f p %.8e; max stress error %.3e%s%n",
                    dt,
                    point.stress(0),
                    Mandel.component(point.start, 0, 5),
                    point.get("p", 0),
                    reference[0],
                    reference[5] / Mandel.SQRT2,
                    reference[6],
                    errors[r],
                    r == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT, ", order %.3f", Math.log(errors[r - 1] / errors[r]) / Math.log(2)));
        }
        assertThat(Math.log(errors[steps.length - 2] / errors[steps.length - 1]) / Math.log(2))
                .isBetween(0.9, 1.1);
        assertThat(errors[steps.length - 1]).isLessThan(1e-2 * reference[0]);
    }
}
