package org.jrom.fem.mechanics;

import java.util.List;

/** The constitutive laws by the names a case file gives them ({@link ConstitutiveLaw#name()}). */
public final class ConstitutiveLaws {
    /** The names, in the order a message lists them. */
    public static final List<String> NAMES = List.of("linear-elasticity", "j2-plasticity", "j2-viscoplasticity");

    private ConstitutiveLaws() {}

    /**
     * The law {@code name} with its parameters bound and checked.
     *
     * @throws MaterialException naming the law or the parameter that is unknown, missing or inadmissible
     */
    public static ConstitutiveLaw of(String name, MaterialParameters parameters) {
        return switch (name) {
            case "linear-elasticity" -> new LinearElasticity(parameters);
            case "j2-plasticity" -> J2Plasticity.plastic(parameters);
            case "j2-viscoplasticity" -> J2Plasticity.viscoplastic(parameters);
            default ->
                throw new MaterialException("unknown law " + name + "; the laws are " + String.join(", ", NAMES));
        };
    }
}
