package org.jrom.fem.mechanics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.fem.mechanics.MaterialParameter.Admissible;

/**
 * The isotropic thermoelastic part every law shares: {@code sigma = 2 G dev(eps - eps_in) + 3 kappa
 * (tr(eps)/3 - eps_th) I}, {@code eps_th = alpha(T) (T - T_ref)} (the secant expansion coefficient
 * from the reference temperature), {@code G = E / (2 (1 + nu))}, {@code kappa = E / (3 (1 - 2 nu))}.
 */
record ThermoElasticity(
        MaterialParameter youngModulus,
        MaterialParameter poissonRatio,
        MaterialParameter expansion,
        double referenceTemperature) {

    /** E, nu, alpha and the reference temperature T_ref, in this order. */
    static Map<String, Admissible> declare(Map<String, Admissible> more) {
        Map<String, Admissible> all = new LinkedHashMap<>();
        all.put("E", Admissible.POSITIVE);
        all.put("nu", Admissible.POISSON_RATIO);
        all.put("alpha", Admissible.ANY);
        all.put("T_ref", Admissible.ANY);
        all.putAll(more);
        return all;
    }

    static ThermoElasticity of(Map<String, MaterialParameter> bound) {
        MaterialParameter reference = bound.get("T_ref");
        if (reference.values().length != 1) {
            throw new MaterialException(
                    "T_ref",
                    -1,
                    0,
                    "expected one value (the reference temperature of the thermal strain)," + " found a table of "
                            + reference.values().length);
        }
        return new ThermoElasticity(
                bound.get("E"), bound.get("nu"), bound.get("alpha"), reference.values()[0]);
    }

    /** {@code G(T) = E / (2 (1 + nu))}. */
    double shearModulus(double temperature) {
        return youngModulus.value(temperature) / (2 * (1 + poissonRatio.value(temperature)));
    }

    /** {@code kappa(T) = E / (3 (1 - 2 nu))}. */
    double bulkModulus(double temperature) {
        return youngModulus.value(temperature) / (3 * (1 - 2 * poissonRatio.value(temperature)));
    }

    /** {@code alpha(T) (T - T_ref)}. */
    double thermalStrain(double temperature) {
        return expansion.value(temperature) * (temperature - referenceTemperature);
    }

    /**
     * Writes {@code sigma = 2 G dev(eps - eps_in) + 3 kappa (tr(eps)/3 - eps_th) I} at {@code
     * out[offset...]}; {@code inelastic} (deviatoric) is read at {@code in[inOffset...]}, or zero if
     * {@code in} is null.
     */
    static void stress(
            double[] eps,
            double[] in,
            int inOffset,
            double shear,
            double kappa,
            double thermalStrain,
            double[] out,
            int offset) {
        double mean = Mandel.trace(eps, 0) / 3;
        for (int k = 0; k < Mandel.SIZE; k++) {
            double e = eps[k] - (in == null ? 0 : in[inOffset + k]);
            out[offset + k] = k < 3 ? 2 * shear * (e - mean) + 3 * kappa * (mean - thermalStrain) : 2 * shear * e;
        }
    }
}
