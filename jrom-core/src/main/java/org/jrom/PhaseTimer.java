package org.jrom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall-clock time spent per named phase of a long computation (snapshots, orthonormalization,
 * estimator offline data, training-set sweeps), for reports. Thread-safe; phases keep the order in
 * which they first ran.
 */
public final class PhaseTimer {
    private final Map<String, long[]> phases = new LinkedHashMap<>(); // name -> {nanos, calls}

    /** Runs {@code work}, charging its wall time to {@code phase}. */
    public <T> T time(String phase, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, System.nanoTime() - start);
        }
    }

    /** Runs {@code work}, charging its wall time to {@code phase}. */
    public void run(String phase, Runnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    /** Adds {@code nanos} to {@code phase}. */
    public synchronized void add(String phase, long nanos) {
        long[] p = phases.computeIfAbsent(phase, k -> new long[2]);
        p[0] += nanos;
        p[1]++;
    }

    /** Seconds per phase, in first-run order. */
    public synchronized Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        phases.forEach((k, v) -> out.put(k, v[0] * 1e-9));
        return out;
    }

    /** How many times each phase ran. */
    public synchronized Map<String, Long> calls() {
        Map<String, Long> out = new LinkedHashMap<>();
        phases.forEach((k, v) -> out.put(k, v[1]));
        return out;
    }
}
