package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.linalg.VectorArray;

/**
 * The adaptive reduced run of Casenave and Akkari (Math. Comput. Appl. 24(2):41, 2019, sec. 5):
 * the hyper-reduced model steps through the schedule, and when its indicator exceeds a tolerance
 * the step is computed again by the high-fidelity solver, from the state the reduced trajectory
 * reached, and the model is enriched with it ({@link ReducedStructuralModel#enriched}) before it
 * goes on. The high-fidelity start state is the law integrated at every material point along the
 * trajectory's displacements so far ({@link StateReplay}): O(k mesh) work for an enrichment at step k,
 * with the new cubature over every point; none
 * between them (the trajectory keeps its coefficients; the basis only grows, so {@code V_final a_k}
 * padded with zeros is each step's displacement).
 */
public final class AdaptiveStructuralRun {
    private AdaptiveStructuralRun() {}

    /**
     * Settings.
     *
     * @param indicatorTolerance a step whose indicator is above this is recomputed and enriches the
     *     model
     * @param maxEnrichments the most high-fidelity steps
     * @param cubature the settings of the cubature selected anew at each enrichment
     */
    public record Options(double indicatorTolerance, int maxEnrichments, EmpiricalCubature.Options cubature) {
        public Options {
            if (!(indicatorTolerance > 0) || maxEnrichments < 0 || cubature == null) {
                throw new IllegalArgumentException("adaptive run: expected an indicator tolerance > 0 and"
                        + " maxEnrichments >= 0, found " + indicatorTolerance + ", " + maxEnrichments);
            }
        }
    }

    /**
     * A step of the adaptive run.
     *
     * @param index the step
     * @param time its time
     * @param coefficients the reduced coefficients of the basis at that step (its displacement is
     *     {@link Result#displacement}); an enriched step's are the high-fidelity displacement's
     * @param states the states at the model's points (the high-fidelity ones of an enriched step)
     * @param indicator the reduced step's indicator, before any enrichment
     * @param enriched whether the step was recomputed by the high-fidelity solver
     */
    public record Step(
            int index, double time, double[] coefficients, double[] states, double indicator, boolean enriched) {}

    /**
     * What the run did.
     *
     * @param steps every step
     * @param enrichments high-fidelity steps
     * @param iterations reduced Newton iterations in all
     * @param lawUpdates law updates at the models' points in all (the full steps' not counted)
     * @param model the model at the end (enriched)
     */
    public record Result(
            List<Step> steps, int enrichments, int iterations, long lawUpdates, ReducedStructuralModel model) {
        /** The displacement of step k on the whole mesh, {@code V a_k} in the final basis. */
        public double[] displacement(int k) {
            return model.displacement(Arrays.copyOf(steps.get(k).coefficients(), model.modeCount()));
        }
    }

    /**
     * Runs the model on the schedule of {@code full}, the high-fidelity run at the same parameter
     * value, whose solid and solver recompute the steps the indicator flags (its state is used up).
     */
    public static Result run(ReducedStructuralModel model, StructuralRun full, Options options) {
        RunSchedule schedule = full.schedule();
        double[] times = schedule.times();
        SmallStrainSolid solid = full.solid();
        QuasiStaticNewton newton = full.newton();
        List<Step> steps = new ArrayList<>();
        ReducedStructuralModel current = model;
        ReducedStructuralModel.Trajectory trajectory = current.start(schedule);
        int enrichments = 0;
        int iterations = 0;
        long lawUpdates = 0;
        for (int k = 0; k < times.length; k++) {
            double from = k == 0 ? times[0] : times[k - 1];
            trajectory.advance(from, times[k]);
            ReducedStructuralModel.Step reduced = trajectory.step(k, times[k]);
            double indicator = reduced.indicator();
            if (!(indicator > options.indicatorTolerance()) || enrichments >= options.maxEnrichments()) {
                steps.add(new Step(k, times[k], reduced.coefficients(), reduced.states(), indicator, false));
                continue;
            }
            // the high-fidelity state at the previous time, along the trajectory's displacements
            Arrays.fill(solid.startState(), 0);
            double[][] before = new double[k][];
            for (int j = 0; j < k; j++) {
                before[j] = current.displacement(Arrays.copyOf(steps.get(j).coefficients(), current.modeCount()));
            }
            List<double[]> states = new ArrayList<>();
            if (k > 0) {
                StateReplay.replay(
                        solid,
                        before,
                        Arrays.copyOf(times, k),
                        full.loads(),
                        (step, time, state) -> states.add(state.clone()));
            }
            double[] u = k == 0 ? new double[solid.dim()] : before[k - 1];
            newton.step(u, from, times[k] - from, full.loads());
            double[] state = solid.startState().clone();
            states.add(state);
            iterations += trajectory.iterations();
            lawUpdates += trajectory.constitutiveEvaluations();
            current = current.enriched(full, u, states, options.cubature());
            trajectory = current.start(schedule);
            int[] points = current.points();
            int stride = solid.stateStride();
            double[] atPoints = new double[points.length * stride];
            for (int i = 0; i < points.length; i++) {
                System.arraycopy(state, points[i] * stride, atPoints, i * stride, stride);
            }
            double[] a = current.parts().modes().inner(VectorArray.of(u)).data();
            trajectory.restart(a, atPoints);
            enrichments++;
            steps.add(new Step(k, times[k], a, atPoints, indicator, true));
        }
        iterations += trajectory.iterations();
        lawUpdates += trajectory.constitutiveEvaluations();
        return new Result(steps, enrichments, iterations, lawUpdates, current);
    }
}
