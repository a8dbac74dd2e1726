package org.jrom.fem.mechanics;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A structural run at one parameter value without its mesh: the time grid, the amplitudes {@code
 * a_k(t)} of its loads' force patterns (in the order of {@link Loads#forcePatterns()}), the
 * amplitudes of its temperature field's shapes (in the order of {@link TemperatureField#shape}), and
 * the law of each region ({@link SmallStrainSolid#materials()}). The patterns, the shapes and the
 * base temperature are the run's fixed fields: a reduced model projects them once, offline, and
 * then runs any schedule over the same fields at the cost of a few scalar functions per step.
 *
 * @param times the time grid, increasing; the first time is the initial equilibrium
 * @param forceAmplitudes one per force pattern
 * @param temperatureAmplitudes one per temperature shape
 * @param materials the law of each region by name ({@link SmallStrainSolid#ALL} for one material)
 */
public record RunSchedule(
        double[] times,
        List<DoubleUnaryOperator> forceAmplitudes,
        List<LoadHistory> temperatureAmplitudes,
        Map<String, ConstitutiveLaw> materials) {
    public RunSchedule {
        if (times.length == 0) {
            throw new IllegalArgumentException("a schedule needs at least one time");
        }
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("times must increase, found " + times[i] + " after " + times[i - 1]);
            }
        }
        times = times.clone();
        forceAmplitudes = List.copyOf(forceAmplitudes);
        temperatureAmplitudes = List.copyOf(temperatureAmplitudes);
        materials = Map.copyOf(materials);
    }

    @Override
    public double[] times() {
        return times.clone();
    }
}
