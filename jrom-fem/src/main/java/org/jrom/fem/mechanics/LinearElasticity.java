package org.jrom.fem.mechanics;

import java.util.Map;

/**
 * Isotropic linear thermoelasticity, {@code sigma = C(T) : (eps - alpha(T) (T - T_ref) I)}; the
 * state is the stress alone. Parameters: {@code E > 0}, {@code -1 < nu < 0.5}, {@code alpha},
 * {@code T_ref} (one value). Cost per update: about 60 flops and five table look-ups; no allocation (measured: UpdateRateTest).
 */
public final class LinearElasticity implements ConstitutiveLaw {
    private static final StateLayout LAYOUT = StateLayout.of();

    private final ThermoElasticity elasticity;

    public LinearElasticity(MaterialParameters parameters) {
        elasticity = ThermoElasticity.of(parameters.bind(name(), ThermoElasticity.declare(Map.of())));
    }

    @Override
    public String name() {
        return "linear-elasticity";
    }

    @Override
    public StateLayout layout() {
        return LAYOUT;
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
        double shear = elasticity.shearModulus(temperature);
        double kappa = elasticity.bulkModulus(temperature);
        ThermoElasticity.stress(strain, null, 0, shear, kappa, elasticity.thermalStrain(temperature), end, endOffset);
        Mandel.isotropic(kappa, shear, tangent);
    }
}
