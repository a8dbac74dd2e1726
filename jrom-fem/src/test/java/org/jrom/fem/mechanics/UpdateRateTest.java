package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Constitutive updates per second, the hot path of the structural solver: a flat state array of
 * 10,000 points integrated over plastic increments. Prints the rate and the bytes allocated per
 * update (HotSpot's per-thread counter); asserts no threshold on time.
 */
class UpdateRateTest {
    static final int POINTS = 10_000;

    @Test
    void printsUpdatesPerSecondOfEachLaw() {
        ConstitutiveLaw[] laws = {
            new LinearElasticity(Materials.elastic()),
            Materials.plastic(250, 8000, 50_000, 250),
            Materials.viscoplastic(100, 8000, 50_000, 250, 200, 5)
        };
        for (ConstitutiveLaw law : laws) {
            int size = law.layout().size();
            double[] start = new double[POINTS * size];
            double[] end = new double[POINTS * size];
            double[] tangent = new double[36];
            double[] strain = new double[6];
            double[] rate = {0, 0, 0};
            long bytes = 0;
            for (int round = 0; round < 12; round++) { // the last two rounds are measured, after JIT warm-up
                long allocated = allocatedBytes();
                long t0 = System.nanoTime();
                for (int k = 0; k < POINTS; k++) {
                    strain[0] = 2e-3 + 1e-3 * round + 1e-7 * k;
                    strain[1] = -0.3 * strain[0];
                    strain[5] = 1e-3 * round;
                    law.integrate(strain, 0.1, 400, start, k * size, end, k * size, tangent);
                }
                long elapsed = System.nanoTime() - t0;
                bytes = allocatedBytes() - allocated;
                rate[round % 3] = POINTS / (elapsed * 1e-9);
                double[] t = start;
                start = end;
                end = t;
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s: %.2e updates per second (stress, state and tangent), %d bytes"
                            + " allocated over the last %d updates%n",
                    law.name(),
                    Math.max(rate[0], Math.max(rate[1], rate[2])),
                    bytes,
                    POINTS);
            assertThat(start[0]).isFinite();
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
