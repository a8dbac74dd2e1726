package org.jrom.fem.mechanics;

import java.util.List;
import java.util.Map;

/**
 * A parametrized structural problem seen without its mesh: the {@link RunSchedule} at any value of
 * its parameters, from a few fixed settings. What a reduced model stores to answer a new parameter
 * value online (the model file keeps the family's name and settings, and rebuilds it with {@code
 * org.jrom.fem.problems.ScheduleFamilies.of}); the high-fidelity side of the same family builds the full runs, with the
 * same fields for every parameter value.
 */
public interface ScheduleFamily {
    /** The family's name in a model file ({@code blade-flight}). */
    String name();

    /** The fixed settings, by name, in a stable order (what the model file stores). */
    Map<String, Double> settings();

    /** One line for a model's description: the name and the settings. */
    default String description() {
        return name() + (settings().isEmpty() ? "" : " " + settings());
    }

    /** The parameters, in order. */
    List<String> parameters();

    /**
     * The schedule at these parameter values (one per name of {@link #parameters()}).
     *
     * @throws IllegalArgumentException for a missing or inadmissible value
     */
    RunSchedule at(Map<String, Double> values);

    /**
     * The full run at these parameter values (mesh, solid, loads): what reconstructing a reduced
     * trajectory on the mesh needs, never an online step. Costs the mesh's construction.
     */
    StructuralRun run(Map<String, Double> values);
}
