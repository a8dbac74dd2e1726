package org.jrom.regression;

import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;

/**
 * The affine map of a parameter box {@code [lower_i, upper_i]} onto the unit box: {@code u_i = (x_i
 * - lower_i) / (upper_i - lower_i)}, and {@code u_i = 0} for a component whose range is a single
 * point. Shape parameters and length scales of the regressions are expressed in u.
 */
final class UnitBox {
    private final double[] lower;
    private final double[] upper;
    private final double[] inverseWidth;

    private UnitBox(double[] lower, double[] upper) {
        this.lower = lower;
        this.upper = upper;
        this.inverseWidth = new double[lower.length];
        for (int i = 0; i < lower.length; i++) {
            double w = upper[i] - lower[i];
            inverseWidth[i] = w > 0 ? 1.0 / w : 0.0;
        }
    }

    /** The box {@code [lower, upper]}, checked finite with {@code lower <= upper}; arrays copied. */
    static UnitBox of(double[] lower, double[] upper) {
        DimensionMismatchException.check("upper bounds of the scaling box", lower.length, upper.length);
        NonFiniteValueException.requireFinite("lower bounds of the scaling box", lower);
        NonFiniteValueException.requireFinite("upper bounds of the scaling box", upper);
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] > upper[i]) {
                throw new RegressionException("scaling box component " + i + ": lower bound " + lower[i]
                        + " is above the upper bound " + upper[i]);
            }
        }
        return new UnitBox(lower.clone(), upper.clone());
    }

    int dimension() {
        return lower.length;
    }

    /** The unit-box coordinate of value v of component i. */
    double coordinate(int i, double v) {
        return (v - lower[i]) * inverseWidth[i];
    }

    /**
     * Throws unless x has this box's dimension and finite entries, and {@code out} (the mean or std
     * array of a prediction) has length {@code outputs}.
     */
    void requireQuery(double[] x, double[] out, int outputs) {
        DimensionMismatchException.check(
                "length of the regression input x (the parameter dimension)", lower.length, x.length);
        NonFiniteValueException.requireFinite("regression input x", x);
        DimensionMismatchException.check("length of the prediction array (the output dimension)", outputs, out.length);
    }

    double[] lower() {
        return lower.clone();
    }

    double[] upper() {
        return upper.clone();
    }
}
