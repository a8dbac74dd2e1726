package org.jrom.fem.problems;

import java.util.Map;
import org.jrom.fem.mechanics.ScheduleFamily;

/** The schedule families a model file can name: the one place where a family is registered. */
public final class ScheduleFamilies {
    private ScheduleFamilies() {}

    /**
     * The family of this name with these settings.
     *
     * @throws IllegalArgumentException for an unknown name, or settings the family refuses
     */
    public static ScheduleFamily of(String name, Map<String, Double> settings) {
        if (name.equals(BladeFlight.FAMILY)) {
            return BladeFlight.family(settings);
        }
        throw new IllegalArgumentException("unknown schedule family '" + name + "'; known: " + BladeFlight.FAMILY);
    }
}
