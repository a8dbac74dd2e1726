package org.jrom.fem.io;

/**
 * A named data array of a VTK file: {@code components} values per tuple (one tuple per point or
 * per cell), stored tuple-major, i.e. component k of tuple i at {@code values[i * components + k]}.
 * The array is not copied.
 */
public record VtuArray(String name, int components, double[] values) {
    public VtuArray {
        if (components < 1 || values.length % components != 0) {
            throw new VtuException("array '" + name + "': " + values.length + " values do not make whole tuples of "
                    + components + " components");
        }
    }

    /** Number of tuples (points or cells). */
    public int tuples() {
        return values.length / components;
    }

    /** Component k of tuple i. */
    public double value(int i, int k) {
        return values[i * components + k];
    }
}
