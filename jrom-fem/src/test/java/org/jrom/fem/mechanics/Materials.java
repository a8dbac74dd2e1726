package org.jrom.fem.mechanics;

import static org.jrom.fem.mechanics.MaterialParameter.constant;

/** The test materials: a steel-like E = 200 GPa, nu = 0.3 (MPa, s), alpha = 1.2e-5 /K from T_ref = 20. */
final class Materials {
    static final double E = 200_000;
    static final double NU = 0.3;
    static final double ALPHA = 1.2e-5;
    static final double T_REF = 20;

    private Materials() {}

    static MaterialParameters elastic() {
        return MaterialParameters.of(
                constant("E", E), constant("nu", NU), constant("alpha", ALPHA), constant("T_ref", T_REF));
    }

    static MaterialParameters hardening(double sigmaY, double h, double c, double d) {
        return elastic()
                .with(constant("sigma_y", sigmaY))
                .with(constant("H", h))
                .with(constant("C", c))
                .with(constant("D", d));
    }

    static J2Plasticity plastic(double sigmaY, double h, double c, double d) {
        return J2Plasticity.plastic(hardening(sigmaY, h, c, d));
    }

    static J2Plasticity viscoplastic(double sigmaY, double h, double c, double d, double k, double n) {
        return J2Plasticity.viscoplastic(
                hardening(sigmaY, h, c, d).with(constant("K", k)).with(constant("n", n)));
    }
}
