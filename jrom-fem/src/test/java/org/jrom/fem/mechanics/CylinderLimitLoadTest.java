package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.jrom.ProgressListener;
import org.jrom.fem.problems.ThickCylinder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plastic limit load of a thick-walled cylinder under internal pressure, perfectly plastic J2, in
 * plane strain, against Hill's {@code p_L = (2 / sqrt3) sigma_y ln(b / a)} ({@link
 * ThickCylinder#limitLoad}): P2, the radial displacement of the bore imposed, the limit the plateau
 * of the pressure-displacement curve.
 */
class CylinderLimitLoadTest {
    private static final double A = 1;
    private static final double B = 2;
    private static final double SIGMA_Y = 250;

    @ParameterizedTest
    @CsvSource({"4, 8, 0.05", "8, 16, 0.02"})
    void pressurePlateauIsTheLimitLoad(int nr, int nt, double tolerance) {
        int steps = 24;
        ThickCylinder.LimitLoad run = new ThickCylinder(A, B, 0.1)
                .limitLoad(nr, nt, Materials.E, Materials.NU, SIGMA_Y, 1.2e-2, steps, ProgressListener.NONE);
        StringBuilder curve = new StringBuilder();
        for (int s = 0; s < steps; s++) {
            curve.append(String.format(
                    Locale.ROOT,
                    "%n  delta %.2e: p %.3f (p/p_L %.4f), iterations %d",
                    run.displacement()[s],
                    run.pressure()[s],
                    run.pressure()[s] / run.limit(),
                    run.iterations()[s]));
        }
        System.out.printf(
                Locale.ROOT,
                "thick cylinder a %.0f, b %.0f, sigma_y %.0f, P2, %d dofs: p_L = %.4f%s%n",
                A,
                B,
                SIGMA_Y,
                run.dofs(),
                run.limit(),
                curve);
        // a plateau: the last quarter of the displacement adds under 0.5% to the pressure
        assertThat(run.lastQuarterRise()).isLessThan(5e-3);
        assertThat(Math.abs(run.ratio() - 1)).isLessThan(tolerance);
    }
}
