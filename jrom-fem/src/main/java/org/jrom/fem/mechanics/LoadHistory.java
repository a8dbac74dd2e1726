package org.jrom.fem.mechanics;

import java.util.Arrays;

/**
 * A scalar function of time, piecewise linear between its points (an amplitude in the sense of
 * structural solvers): a load, a rotation speed or a temperature is its pattern times this value.
 * Times increase strictly; every number is finite. Outside {@code [start(), end()]} the history is
 * not defined. {@link #repeated} chains cycles of a history that ends where it starts. Evaluating
 * costs a binary search, O(log points).
 */
public final class LoadHistory {
    private final double[] times;
    private final double[] values;

    private LoadHistory(double[] times, double[] values) {
        this.times = times;
        this.values = values;
    }

    /**
     * The history through the points {@code (times[i], values[i])}.
     *
     * @throws IllegalArgumentException naming the first point that is not finite or not after the one before
     */
    public static LoadHistory of(double[] times, double[] values) {
        if (times.length == 0 || times.length != values.length) {
            throw new IllegalArgumentException("a load history needs as many values as times (at least one), found "
                    + values.length + " values for " + times.length + " times");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i]) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "point " + i + ": expected finite numbers, found (" + times[i] + ", " + values[i] + ")");
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException(
                        "point " + i + ": times must increase, found " + times[i] + " after " + times[i - 1]);
            }
        }
        return new LoadHistory(times.clone(), values.clone());
    }

    /** The constant value v at every time of {@code [start, end]}. */
    public static LoadHistory constant(double v, double start, double end) {
        return start == end
                ? of(new double[] {start}, new double[] {v})
                : of(new double[] {start, end}, new double[] {v, v});
    }

    /**
     * This history played {@code cycles} times in a row, each cycle shifted by the period {@code end()
     * - start()}.
     *
     * @throws IllegalArgumentException if cycles < 1, or if the history does not end with its first
     *     value (the cycles would not join)
     */
    public LoadHistory repeated(int cycles) {
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be >= 1, found " + cycles);
        }
        int last = times.length - 1;
        if (cycles > 1 && (last == 0 || values[last] != values[0])) {
            throw new IllegalArgumentException("a repeated history must end with the value it starts with, found "
                    + values[0] + " at the start and " + values[last] + " at the end");
        }
        double period = end() - start();
        int n = last * cycles + 1;
        double[] t = new double[n];
        double[] v = new double[n];
        t[0] = times[0];
        v[0] = values[0];
        for (int c = 0; c < cycles; c++) {
            for (int i = 1; i <= last; i++) {
                t[c * last + i] = times[i] + c * period;
                v[c * last + i] = values[i];
            }
        }
        return of(t, v);
    }

    /** The first time. */
    public double start() {
        return times[0];
    }

    /** The last time. */
    public double end() {
        return times[times.length - 1];
    }

    /** The times of the points (where the slope may change), a copy. */
    public double[] times() {
        return times.clone();
    }

    /** The values at the points, a copy. */
    public double[] values() {
        return values.clone();
    }

    /** The largest absolute value. */
    public double maxAbs() {
        return Arrays.stream(values).map(Math::abs).max().orElse(0);
    }

    /**
     * The value at time t, linear between points.
     *
     * @throws IllegalArgumentException if t is outside {@code [start(), end()]} by more than round-off
     */
    public double value(double t) {
        int last = times.length - 1;
        double slack = 1e-12 * Math.max(1, Math.max(Math.abs(times[0]), Math.abs(times[last])));
        if (!(t >= times[0] - slack && t <= times[last] + slack)) {
            throw new IllegalArgumentException(
                    "time " + t + " is outside the load history's [" + times[0] + ", " + times[last] + "]");
        }
        return PiecewiseLinear.at(times, values, t);
    }

    @Override
    public String toString() {
        return "history " + Arrays.toString(values) + " at " + Arrays.toString(times);
    }
}
