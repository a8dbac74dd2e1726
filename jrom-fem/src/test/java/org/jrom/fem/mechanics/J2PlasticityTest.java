package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Rate-independent J2 plasticity at a material point against closed forms: the plateau of perfect
 * plasticity (sigma_y in uniaxial stress, sigma_y / sqrt3 in pure shear), the uniaxial slope after
 * yield with linear isotropic hardening, {@code E H / (E + H)}, and the Armstrong-Frederick back
 * stress in monotonic tension, {@code X = (C / D)(1 - exp(-D eps_p))}.
 */
class J2PlasticityTest {
    static final double T = 20;
    static final double SIGMA_Y = 250;

    @Test
    void perfectPlasticityPlateausAtTheYieldStressInTensionAndAtSigmaYOverSqrt3InShear() {
        MaterialPoint tension = new MaterialPoint(Materials.plastic(SIGMA_Y, 0, 0, 0));
        MaterialPoint shear = new MaterialPoint(Materials.plastic(SIGMA_Y, 0, 0, 0));
        double worstTension = 0;
        double worstShear = 0;
        for (int k = 1; k <= 100; k++) {
            double eps = 1e-4 * k;
            tension.uniaxial(0, T, eps);
            double[] target = new double[Mandel.SIZE];
            target[5] = Mandel.SQRT2 * eps; // eps_12 = eps
            shear.step(0, T, target, MaterialPoint.SHEAR);
            if (eps > 2 * SIGMA_Y / Materials.E) {
                worstTension = Math.max(worstTension, Math.abs(tension.stress(0) - SIGMA_Y) / SIGMA_Y);
                double tau = Mandel.component(shear.start, 0, 5);
                worstShear = Math.max(worstShear, Math.abs(tau - SIGMA_Y / Math.sqrt(3)) / SIGMA_Y);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "perfect plasticity, sigma_y %.0f: uniaxial plateau %.12f (worst relative"
                        + " deviation %.1e); pure shear plateau tau %.12f, sigma_y/sqrt3 %.12f (worst %.1e); p %.4e%n",
                SIGMA_Y,
                tension.stress(0),
                worstTension,
                Mandel.component(shear.start, 0, 5),
                SIGMA_Y / Math.sqrt(3),
                worstShear,
                tension.get("p", 0));
        assertThat(worstTension).isLessThan(1e-12);
        assertThat(worstShear).isLessThan(1e-12);
        assertThat(Mandel.vonMises(shear.start, 0)).isCloseTo(SIGMA_Y, within(1e-9));
    }

    @Test
    void linearIsotropicHardeningHasTheSlopeEHOverEPlusH() {
        double h = 10_000;
        MaterialPoint point = new MaterialPoint(Materials.plastic(SIGMA_Y, h, 0, 0));
        double eps1 = 0.004;
        double eps2 = 0.010;
        for (int k = 1; k <= 100; k++) {
            point.uniaxial(0, T, eps1 * k / 100);
        }
        double sigma1 = point.stress(0);
        point.uniaxial(0, T, eps2);
        double slope = (point.stress(0) - sigma1) / (eps2 - eps1);
        double exact = Materials.E * h / (Materials.E + h);
        System.out.printf(
                Locale.ROOT,
                "linear isotropic hardening H %.0f: slope after yield %.10f,"
                        + " E H / (E + H) %.10f, relative error %.1e; sigma(%.3f) %.6f = sigma_y + H p %.6f%n",
                h,
                slope,
                exact,
                Math.abs(slope - exact) / exact,
                eps2,
                point.stress(0),
                SIGMA_Y + h * point.get("p", 0));
        assertThat(Math.abs(slope - exact) / exact).isLessThan(1e-10);
        assertThat(point.stress(0)).isCloseTo(SIGMA_Y + h * point.get("p", 0), within(1e-9));
    }

    @Test
    void armstrongFrederickBackStressSaturatesAtCOverD() {
        double c = 50_000;
        double d = 250;
        int[] increments = {1000, 10_000};
        double[] errors = new double[increments.length];
        MaterialPoint point = null;
        for (int r = 0; r < increments.length; r++) {
            point = new MaterialPoint(Materials.plastic(SIGMA_Y, 0, c, d));
            for (int k = 1; k <= increments[r]; k++) {
                point.uniaxial(0, T, 0.1 * k / increments[r]);
                double p = point.get("p", 0);
                double x = 1.5 * point.get("X", 0); // uniaxial back stress: (3/2) X_11
                errors[r] = Math.max(errors[r], Math.abs(x - c / d * (1 - Math.exp(-d * p))) / (c / d));
                assertThat(point.get("eps_p", 0)).isCloseTo(p, within(1e-15));
            }
            System.out.printf(
                    Locale.ROOT,
                    "Armstrong-Frederick, C/D %.0f, %d strain increments to 0.1: X at p = %.5f"
                            + " is %.12f (C/D (1 - exp(-D p)) %.12f); worst relative error along the curve %.3e%n",
                    c / d,
                    increments[r],
                    point.get("p", 0),
                    1.5 * point.get("X", 0),
                    c / d * (1 - Math.exp(-d * point.get("p", 0))),
                    errors[r]);
        }
        double order = Math.log(errors[0] / errors[1]) / Math.log(10);
        System.out.printf(Locale.ROOT, "Armstrong-Frederick: error order in the increment %.3f%n", order);
        assertThat(order).isBetween(0.9, 1.1);
        assertThat(errors[1]).isLessThan(2e-3);
        assertThat(1.5 * point.get("X", 0)).isCloseTo(c / d, within(1e-9 * c / d));
        assertThat(point.stress(0)).isCloseTo(SIGMA_Y + c / d, within(1e-9 * SIGMA_Y));
    }
}
