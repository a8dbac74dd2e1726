package org.jrom.fem.mechanics;

import java.util.Arrays;
import org.jrom.linalg.DimensionMismatchException;

/**
 * A temperature field over the mesh's nodes in time, {@code T(x_n, t) = T_0(x_n) + sum_k a_k(t)
 * theta_k(x_n)}: a base field plus spatial shapes scaled by {@link LoadHistory} amplitudes. A field
 * tabulated per node at given times ({@link #tabulated}) is the case where each shape is one
 * snapshot and its amplitude the hat function of its time, so the field is linear in time between
 * the snapshots. The solid takes it to its material points linearly within each cell ({@link
 * SmallStrainSolid#pointValues}).
 */
public final class TemperatureField {
    private final double[] base;
    private final double[][] shapes;
    private final LoadHistory[] amplitudes;

    private TemperatureField(double[] base, double[][] shapes, LoadHistory[] amplitudes) {
        this.base = base;
        this.shapes = shapes;
        this.amplitudes = amplitudes;
    }

    /** The same temperature at every node, {@code T(t)}. */
    public static TemperatureField uniform(int nodes, LoadHistory temperature) {
        double[] ones = new double[nodes];
        Arrays.fill(ones, 1);
        return new TemperatureField(new double[nodes], new double[][] {ones}, new LoadHistory[] {temperature});
    }

    /** {@code T = base + sum_k amplitudes[k](t) shapes[k]}, every array one value per node. */
    public static TemperatureField of(double[] base, double[][] shapes, LoadHistory[] amplitudes) {
        if (shapes.length != amplitudes.length) {
            throw new IllegalArgumentException(
                    "expected one amplitude per shape, found " + amplitudes.length + " for " + shapes.length);
        }
        for (int k = 0; k < shapes.length; k++) {
            DimensionMismatchException.check("temperature shape " + k, base.length, shapes[k].length);
            requireFinite(shapes[k], "temperature shape " + k);
        }
        requireFinite(base, "base temperature");
        return new TemperatureField(
                base.clone(), Arrays.stream(shapes).map(double[]::clone).toArray(double[][]::new), amplitudes.clone());
    }

    /**
     * The field given at every node at the increasing {@code times} ({@code nodal[i]} at {@code
     * times[i]}), linear in time between them.
     */
    public static TemperatureField tabulated(double[] times, double[][] nodal) {
        if (times.length == 0 || times.length != nodal.length) {
            throw new IllegalArgumentException("expected one nodal field per time (at least one), found " + nodal.length
                    + " fields for " + times.length + " times");
        }
        return of(new double[nodal[0].length], nodal, hats(times));
    }

    /**
     * The amplitudes of {@link #tabulated}: the piecewise-linear hat of each time, 1 there and 0 at
     * the others.
     */
    public static LoadHistory[] hats(double[] times) {
        LoadHistory[] hats = new LoadHistory[times.length];
        for (int i = 0; i < times.length; i++) {
            double[] v = new double[times.length];
            v[i] = 1;
            hats[i] = LoadHistory.of(times, v);
        }
        return hats;
    }

    private static void requireFinite(double[] v, String what) {
        for (int n = 0; n < v.length; n++) {
            if (!Double.isFinite(v[n])) {
                throw new IllegalArgumentException(what + ": node " + n + " is " + v[n]);
            }
        }
    }

    /** Number of nodes. */
    public int nodes() {
        return base.length;
    }

    /** The base field {@code T_0}, one value per node. */
    public double[] base() {
        return base.clone();
    }

    /** Number of shapes {@code theta_k}. */
    public int shapeCount() {
        return shapes.length;
    }

    /** Shape k, one value per node. */
    public double[] shape(int k) {
        return shapes[k].clone();
    }

    /** The amplitudes {@code a_k(t)}, in the shapes' order. */
    public LoadHistory[] amplitudes() {
        return amplitudes.clone();
    }

    /** The times at which an amplitude changes slope. */
    public double[] times() {
        return Arrays.stream(amplitudes)
                .flatMapToDouble(a -> Arrays.stream(a.times()))
                .sorted()
                .distinct()
                .toArray();
    }

    /** The field at time t, one value per node. */
    public double[] at(double t) {
        double[] out = base.clone();
        for (int k = 0; k < shapes.length; k++) {
            double a = amplitudes[k].value(t);
            if (a != 0) {
                double[] s = shapes[k];
                for (int n = 0; n < out.length; n++) {
                    out[n] += a * s[n];
                }
            }
        }
        return out;
    }
}
