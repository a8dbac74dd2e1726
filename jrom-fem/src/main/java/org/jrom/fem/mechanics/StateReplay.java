package org.jrom.fem.mechanics;

import org.jrom.linalg.DimensionMismatchException;

/**
 * The dual quantities of a run recomputed from its displacements alone: the constitutive law
 * integrated along each material point's strain history, step after step, from the initial state.
 * This is how a nonintrusive reduction gets stresses and internal variables from a solver that
 * exports only displacements (Casenave, Akkari, Bordeu, Rey, Ryckelynck, IJNME 2020, sec. 3): the
 * strains are {@code B u_k}, the law's backward Euler from {@code t_{k-1}} to {@code t_k} gives the
 * state at {@code t_k}. When the solver's own steps were these (no substeps), the replayed states
 * are the solver's own, bit for bit; a solver that cut steps, or integrates its law another way,
 * gives states within its own time-discretization error.
 */
public final class StateReplay {
    private StateReplay() {}

    /** Receives the state of every material point after each step ({@link SmallStrainSolid#startState()}). */
    @FunctionalInterface
    public interface Observer {
        void state(int step, double time, double[] state);
    }

    /**
     * Replays {@code displacements[k]} at {@code times[k]} on {@code solid} from its current start
     * state: step 0 is an instantaneous response at {@code times[0]} (dt = 0), then each step from the
     * previous time, the temperature at the material points from {@code loading}.
     *
     * @throws MaterialException naming the first point whose local problem fails
     */
    public static void replay(
            SmallStrainSolid solid,
            double[][] displacements,
            double[] times,
            QuasiStaticNewton.Loading loading,
            Observer observer) {
        replay(solid, null, displacements, times, loading, observer);
    }

    /**
     * As {@link #replay(SmallStrainSolid, double[][], double[], QuasiStaticNewton.Loading, Observer)},
     * the law integrated at the given material points only (a subdomain's; null: every point). Only
     * the given points' entries of the observer's state are of this step; the others' are stale.
     */
    public static void replay(
            SmallStrainSolid solid,
            int[] points,
            double[][] displacements,
            double[] times,
            QuasiStaticNewton.Loading loading,
            Observer observer) {
        DimensionMismatchException.check("times", displacements.length, times.length);
        double[] temperature = new double[solid.numPoints()];
        double[] selected = points == null ? null : new double[points.length];
        for (int k = 0; k < times.length; k++) {
            if (k > 0 && !(times[k] > times[k - 1])) {
                throw new IllegalArgumentException("times must increase, found " + times[k] + " after " + times[k - 1]);
            }
            loading.temperature(times[k], temperature);
            double dt = k == 0 ? 0 : times[k] - times[k - 1];
            if (points == null) {
                solid.integrate(displacements[k], dt, temperature);
            } else {
                for (int i = 0; i < points.length; i++) {
                    selected[i] = temperature[points[i]];
                }
                solid.integrate(points, displacements[k], dt, selected, null, null);
            }
            solid.commit();
            observer.state(k, times[k], solid.startState());
        }
    }
}
