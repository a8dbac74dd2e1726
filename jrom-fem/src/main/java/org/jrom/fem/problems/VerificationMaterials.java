package org.jrom.fem.problems;

import static org.jrom.fem.mechanics.MaterialParameter.constant;

import org.jrom.fem.mechanics.MaterialParameters;

/**
 * The isotropic materials of the verification cases, isothermal: run at their reference temperature
 * {@link #TEMPERATURE} (no thermal strain), no hardening, so that the closed forms hold.
 */
final class VerificationMaterials {
    /** The temperature of every run, equal to T_ref. */
    static final double TEMPERATURE = 0;

    private VerificationMaterials() {}

    static MaterialParameters elastic(double youngsModulus, double poissonRatio) {
        return MaterialParameters.of(
                constant("E", youngsModulus),
                constant("nu", poissonRatio),
                constant("alpha", 0),
                constant("T_ref", TEMPERATURE));
    }

    /** Perfect plasticity (von Mises, no hardening) with yield stress {@code sigmaY}. */
    static MaterialParameters perfectlyPlastic(double youngsModulus, double poissonRatio, double sigmaY) {
        return elastic(youngsModulus, poissonRatio)
                .with(constant("sigma_y", sigmaY))
                .with(constant("H", 0))
                .with(constant("C", 0))
                .with(constant("D", 0));
    }
}
