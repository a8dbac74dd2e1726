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
