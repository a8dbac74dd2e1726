package org.jrom.regression;

import java.util.Arrays;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;

/**
 * The conversions between a fitted regression's flat storage and the row arrays of its stored
 * state ({@code double[][]} rows, as a model file holds them), with the checks that a rebuild from
 * stored arrays needs.
 */
final class ModelArrays {
    private ModelArrays() {}

    /** Row arrays as one row-major array, checked to be m x r and finite; {@code what} names them. */
    static double[] flatten(String what, double[][] rows, int m, int r) {
        DimensionMismatchException.check("rows of " + what, m, rows.length);
        double[] out = new double[Math.multiplyExact(m, r)];
        for (int a = 0; a < m; a++) {
            DimensionMismatchException.check("length of row " + a + " of " + what, r, rows[a].length);
            NonFiniteValueException.requireFinite(what + ", row " + a, rows[a]);
            System.arraycopy(rows[a], 0, out, a * r, r);
        }
        return out;
    }

    /** A row-major m x r array as row arrays. */
    static double[][] rows(double[] rowMajor, int m, int r) {
        double[][] out = new double[m][];
        for (int a = 0; a < m; a++) {
            out[a] = Arrays.copyOfRange(rowMajor, a * r, (a + 1) * r);
        }
        return out;
    }

    /** Rows {@code [from, to)} of a column-major array with n rows and r columns, as row arrays. */
    static double[][] rowsOfColumnMajor(double[] columnMajor, int n, int r, int from, int to) {
        double[][] out = new double[to - from][r];
        for (int a = from; a < to; a++) {
            for (int j = 0; j < r; j++) {
                out[a - from][j] = columnMajor[a + j * n];
            }
        }
        return out;
    }

    static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** A copy of {@code values}, checked to have length n and finite entries. */
    static double[] finite(String what, double[] values, int n) {
        DimensionMismatchException.check("length of " + what, n, values.length);
        NonFiniteValueException.requireFinite(what, values);
        return values.clone();
    }

    /** A copy of {@code values}, checked to have length n, finite entries, and to be positive or non-negative. */
    static double[] positive(String what, double[] values, int n, boolean allowZero) {
        finite(what, values, n);
        for (int i = 0; i < n; i++) {
            if (values[i] < 0 || (!allowZero && values[i] == 0)) {
                throw new RegressionException(what + ": entry " + i + " is " + values[i] + ", expected "
                        + (allowZero ? "a non-negative" : "a positive") + " number");
            }
        }
        return values.clone();
    }

    /** The constant of {@code type} with the stored name (any case). */
    static <E extends Enum<E>> E constant(Class<E> type, String name, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new RegressionException(
                "unknown " + what + " '" + name + "'; expected one of " + Arrays.toString(type.getEnumConstants()));
    }
}
