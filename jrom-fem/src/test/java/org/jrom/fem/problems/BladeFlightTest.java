package org.jrom.fem.problems;

import static org.assertj.core.api.Assertions.assertThat;

import org.jrom.fem.mechanics.RunSchedule;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralRun;
import org.junit.jupiter.api.Test;

/**
 * The blade's schedule without a mesh is the run's own: the same times, and at every time and
 * midpoint the same amplitudes of the centrifugal pattern and of the temperature shapes, bit for
 * bit; the parameters change amplitudes and laws, never the fields.
 */
class BladeFlightTest {
    @Test
    void theMeshFreeScheduleIsTheRunsOwn() {
        BladeFlight.Options o = new BladeFlight.Options(0.35, 1, 2, 1150, 960, 0.7, 150);
        RunSchedule schedule = BladeFlight.schedule(o);
        StructuralRun run = BladeFlight.run(o);
        RunSchedule own = run.schedule();
        assertThat(schedule.times()).containsExactly(own.times());
        double[] t = schedule.times();
        for (int i = 0; i < t.length; i++) {
            double[] at = {t[i], i + 1 < t.length ? (t[i] + t[i + 1]) / 2 : t[i]};
            for (double time : at) {
                for (int k = 0; k < own.forceAmplitudes().size(); k++) {
                    assertThat(schedule.forceAmplitudes().get(k).applyAsDouble(time))
                            .isEqualTo(own.forceAmplitudes().get(k).applyAsDouble(time));
                }
                for (int k = 0; k < own.temperatureAmplitudes().size(); k++) {
                    assertThat(schedule.temperatureAmplitudes().get(k).value(time))
                            .isEqualTo(own.temperatureAmplitudes().get(k).value(time));
                }
            }
        }
        assertThat(schedule.forceAmplitudes())
                .hasSize(run.loads().forcePatterns().size());
        assertThat(schedule.temperatureAmplitudes())
                .hasSize(run.loads().temperatureField().shapeCount());
        assertThat(schedule.materials()).containsOnlyKeys(SmallStrainSolid.ALL);
    }

    /**
     * Independently of the code under test: the grid steps on every point of the cycle, each
     * interval in equal steps of at most max_step; the temperature amplitudes scale with the peak's
     * rise above ambient, and the centrifugal one is the square of omega times the speed profile.
     */
    @Test
    void theScheduleFollowsTheParameters() {
        BladeFlight.Options o = new BladeFlight.Options(0.35, 1, 2, 1150, 960, 1, 150);
        int expected = 1;
        for (int c = 0; c < 2; c++) {
            for (int i = 1; i < BladeFlight.CYCLE.length; i++) {
                expected += (int) Math.ceil((BladeFlight.CYCLE[i] - BladeFlight.CYCLE[i - 1]) / 150 - 1e-12);
            }
        }
        RunSchedule s = BladeFlight.schedule(o);
        assertThat(s.times()).hasSize(expected);
        RunSchedule cooler = BladeFlight.schedule(new BladeFlight.Options(0.35, 1, 2, 1150, 520, 1, 150));
        for (double t : s.times()) {
            for (int k = 0; k < 2; k++) {
                assertThat(s.temperatureAmplitudes().get(k).value(t))
                        .isCloseTo(
                                cooler.temperatureAmplitudes().get(k).value(t) * (960 - 20) / (520 - 20),
                                org.assertj.core.api.Assertions.within(1e-12));
            }
        }
        // take-off reached at 30 s: full speed; cruise at 0.95 of it
        assertThat(s.forceAmplitudes().get(0).applyAsDouble(30)).isEqualTo(1150.0 * 1150.0);
        assertThat(s.forceAmplitudes().get(0).applyAsDouble(600))
                .isCloseTo(Math.pow(0.95 * 1150, 2), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void theFieldsDoNotDependOnTheParameters() {
        StructuralRun a = BladeFlight.run(new BladeFlight.Options(0.35, 1, 1, 1000, 850, 0.5, 200));
        StructuralRun b = BladeFlight.run(new BladeFlight.Options(0.35, 1, 1, 1200, 1000, 2, 200));
        assertThat(b.loads().forcePatterns().get(0))
                .containsExactly(a.loads().forcePatterns().get(0));
        for (int k = 0; k < 2; k++) {
            assertThat(b.loads().temperatureField().shape(k))
                    .containsExactly(a.loads().temperatureField().shape(k));
        }
    }
}
