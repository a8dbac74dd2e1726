package org.jrom.fem.mechanics;

import java.util.List;

/**
 * A structural problem ready to run: the solid (mesh, elements, law, state), its loads, the time
 * grid and the Newton options. Each run owns its solid's state, so parametrized runs each need
 * their own instance.
 *
 * @param solid the discretized solid, in its initial state
 * @param loads the loading and the imposed dofs
 * @param times the time grid, increasing (the first is the initial equilibrium)
 * @param options Newton's tolerance, iteration limit, cuts and tangent update
 */
public record StructuralRun(SmallStrainSolid solid, Loads loads, double[] times, QuasiStaticNewton.Options options) {
    /** The Newton solver of this run (one per run: it keeps the factorization). */
    public QuasiStaticNewton newton() {
        return new QuasiStaticNewton(solid, loads.fixedDofs(), options);
    }

    /** The run without its mesh: its times, load amplitudes and laws ({@link RunSchedule}). */
    public RunSchedule schedule() {
        return new RunSchedule(
                times, loads.forceAmplitudes(), List.of(loads.temperatureField().amplitudes()), solid.materials());
    }

    /** Runs through the time grid with a fresh solver; returns the last displacement. */
    public double[] run(QuasiStaticRun.Observer observer) {
        return QuasiStaticRun.run(solid, newton(), loads, times, observer);
    }
}
