package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.jrom.fem.mechanics.MaterialParameter.constant;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Thermal strain (free expansion is stress-free, clamped expansion gives the hydrostatic stress
 * {@code -E alpha dT / (1 - 2 nu)}), parameters interpolated against temperature, and the errors
 * that name an inadmissible parameter and its entry.
 */
class ThermalStrainAndParametersTest {
    static final double DT = 480; // from T_ref = 20 to 500

    @Test
    void freeExpansionIsStressFreeAndClampedExpansionIsHydrostatic() {
        for (ConstitutiveLaw law :
                new ConstitutiveLaw[] {new LinearElasticity(Materials.elastic()), Materials.plastic(1e9, 0, 0, 0)}) {
            double[] state = new double[law.layout().size()];
            double[] end = new double[law.layout().size()];
            double[] tangent = new double[36];
            double thermal = Materials.ALPHA * DT;
            law.integrate(new double[] {thermal, thermal, thermal, 0, 0, 0}, 0, 20 + DT, state, 0, end, 0, tangent);
            double free = 0;
            for (int k = 0; k < 6; k++) {
                free = Math.max(free, Math.abs(end[k]));
            }
            law.integrate(new double[6], 0, 20 + DT, state, 0, end, 0, tangent);
            double exact = -Materials.E * Materials.ALPHA * DT / (1 - 2 * Materials.NU);
            System.out.printf(
                    Locale.ROOT,
                    "%s, dT %.0f: free expansion max|sigma| %.1e; clamped sigma_11 %.10f,"
                            + " -E alpha dT / (1 - 2 nu) %.10f, shear %.1e%n",
                    law.name(),
                    DT,
                    free,
                    end[0],
                    exact,
                    end[5]);
            assertThat(free).isLessThan(1e-10);
            for (int k = 0; k < 3; k++) {
                assertThat(end[k]).isCloseTo(exact, within(1e-10 * Math.abs(exact)));
                assertThat(end[k + 3]).isZero();
            }
        }
    }

    @Test
    void parametersInterpolateLinearlyAndAreConstantBeyondTheTable() {
        MaterialParameter e =
                new MaterialParameter("E", new double[] {20, 500, 900}, new double[] {200e3, 170e3, 120e3});
        assertThat(e.value(-100)).isEqualTo(200e3);
        assertThat(e.value(20)).isEqualTo(200e3);
        assertThat(e.value(260)).isCloseTo(185e3, within(1e-9));
        assertThat(e.value(500)).isEqualTo(170e3);
        assertThat(e.value(700)).isCloseTo(145e3, within(1e-9));
        assertThat(e.value(2000)).isEqualTo(120e3);
        assertThat(constant("n", 5).value(1234)).isEqualTo(5);
        // a law at 700 degrees takes E(700): the clamped thermal stress scales with it
        LinearElasticity law = new LinearElasticity(Materials.elastic().with(e));
        double[] end = new double[6];
        law.integrate(new double[6], 0, 700, new double[6], 0, end, 0, new double[36]);
        assertThat(end[0]).isCloseTo(-145e3 * Materials.ALPHA * 680 / (1 - 2 * Materials.NU), within(1e-8));
    }

    @Test
    void inadmissibleParametersAreErrorsNamingTheParameterAndTheEntry() {
        double[] temps = {20, 500};
        assertThatThrownBy(() -> new MaterialParameter("E", new double[] {20, 500, 400}, new double[] {1, 2, 3}))
                .isInstanceOf(MaterialException.class)
                .hasMessage(
                        "parameter E, entry 2 (temperature 400.0): temperatures must increase, found 400.0 after 500.0");
        assertThatThrownBy(() -> new MaterialParameter("K", temps, new double[] {100, Double.NaN}))
                .hasMessageContaining("parameter K, entry 1 (temperature 500.0): expected finite numbers");
        assertThatThrownBy(() -> new MaterialParameter("K", temps, new double[] {100}))
                .hasMessageContaining("expected as many values as temperatures");
        assertThatThrownBy(() -> new LinearElasticity(
                        Materials.elastic().with(new MaterialParameter("E", temps, new double[] {200e3, -1}))))
                .isInstanceOf(MaterialException.class)
                .hasMessage("parameter E, entry 1 (temperature 500.0): expected E > 0, found -1.0");
        assertThatThrownBy(() -> new LinearElasticity(Materials.elastic().with(constant("nu", 0.5))))
                .hasMessage("parameter nu, entry 0 (temperature 0.0): expected nu in (-1, 0.5), found 0.5");
        assertThatThrownBy(() -> Materials.plastic(-1, 0, 0, 0))
                .hasMessageContaining("expected sigma_y >= 0, found -1.0");
        assertThatThrownBy(() -> Materials.viscoplastic(0, 0, 0, 0, 0, 5))
                .hasMessageContaining("expected K > 0, found 0.0");
        assertThatThrownBy(() -> Materials.viscoplastic(0, 0, 0, 0, 100, 0.5))
                .hasMessageContaining("expected n >= 1, found 0.5");
        assertThatThrownBy(() -> Materials.plastic(0, 0, 0, -2)).hasMessageContaining("expected D >= 0, found -2.0");
        assertThatThrownBy(() -> J2Plasticity.plastic(Materials.elastic()))
                .hasMessage("law j2-plasticity needs parameter sigma_y (sigma_y >= 0), not given");
        assertThatThrownBy(() -> new LinearElasticity(Materials.elastic().with(constant("K", 1))))
                .hasMessage("law linear-elasticity has no parameter K; its parameters are E, nu, alpha, T_ref");
        assertThatThrownBy(() ->
                        new LinearElasticity(Materials.elastic().with(new MaterialParameter("T_ref", temps, temps))))
                .hasMessageContaining("parameter T_ref: expected one value");
        assertThatThrownBy(() -> MaterialParameters.of(constant("E", 1), constant("E", 2)))
                .hasMessage("parameter E is given twice");
    }

    @Test
    void lawsDeclareTheirInternalVariables() {
        assertThat(Materials.viscoplastic(0, 0, 0, 0, 100, 3).layout()).hasToString("[sigma 6, eps_vp 6, p 1, X 6]");
        assertThat(Materials.plastic(0, 0, 0, 0).layout().offset("X")).isEqualTo(13);
        assertThat(new LinearElasticity(Materials.elastic()).layout().size()).isEqualTo(6);
    }
}
