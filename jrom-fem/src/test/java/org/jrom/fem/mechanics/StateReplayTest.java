package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jrom.fem.problems.BladeFlight;
import org.junit.jupiter.api.Test;

/**
 * Replaying a run's displacements through the law gives back the run's own states: on a coarse
 * viscoplastic blade through a flight cycle (plastic flow, temperature-dependent parameters, a
 * transient temperature field), every state of every step, bit for bit, when the run cut no step.
 */
class StateReplayTest {
    @Test
    void theReplayedStatesAreTheRunsOwn() {
        BladeFlight.Options o = new BladeFlight.Options(0.35, 1, 1, 1100, 1000, 0.5, 200);
        StructuralRun run = BladeFlight.run(o);
        List<double[]> displacements = new ArrayList<>();
        List<double[]> states = new ArrayList<>();
        int[] cuts = new int[1];
        run.run((step, solid, newton) -> {
            displacements.add(step.displacement().clone());
            states.add(solid.startState().clone());
            cuts[0] += step.report().cuts();
        });
        assertThat(cuts[0]).isZero();
        double maxP = 0;
        int p = run.solid().law().layout().offset("p");
        int stride = run.solid().stateStride();
        double[] last = states.get(states.size() - 1);
        for (int k = 0; k < run.solid().numPoints(); k++) {
            maxP = Math.max(maxP, last[k * stride + p]);
        }
        assertThat(maxP)
                .as("the cycle must flow plastically for the replay to mean something")
                .isGreaterThan(1e-5);

        StructuralRun fresh = BladeFlight.run(o);
        int[] compared = new int[1];
        StateReplay.replay(
                fresh.solid(),
                displacements.toArray(double[][]::new),
                run.times(),
                fresh.loads(),
                (step, time, state) -> {
                    assertThat(state).as("step " + step).containsExactly(states.get(step));
                    compared[0]++;
                });
        System.out.printf(
                "replayed %d steps of %d material points (max p %.3e): every state equal to the run's%n",
                compared[0], fresh.solid().numPoints(), maxP);
        assertThat(compared[0]).isEqualTo(run.times().length);
    }
}
