package org.jrom.fem.mechanics;

import java.util.Arrays;

/**
 * A material coefficient tabulated against temperature: piecewise linear between the entries,
 * constant beyond the first and the last. A single entry is a constant. Temperatures increase
 * strictly and every number is finite (checked here); the admissible range of the value is the
 * law's to check ({@link #requireEach}). Evaluating costs a binary search, O(log entries).
 *
 * @param name the parameter's name ({@code E}, {@code nu}, {@code sigma_y}, ...)
 * @param temperatures strictly increasing
 * @param values one per temperature
 */
public record MaterialParameter(String name, double[] temperatures, double[] values) {
    public MaterialParameter {
        if (temperatures.length == 0 || temperatures.length != values.length) {
            throw new MaterialException(
                    name,
                    -1,
                    0,
                    "expected as many values as temperatures (at least one), found " + values.length + " values for "
                            + temperatures.length + " temperatures");
        }
        temperatures = temperatures.clone();
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(temperatures[i]) || !Double.isFinite(values[i])) {
                throw new MaterialException(
                        name,
                        i,
                        temperatures[i],
                        "expected finite numbers, found value " + values[i] + " at temperature " + temperatures[i]);
            }
            if (i > 0 && !(temperatures[i] > temperatures[i - 1])) {
                throw new MaterialException(
                        name,
                        i,
                        temperatures[i],
                        "temperatures must increase, found " + temperatures[i] + " after " + temperatures[i - 1]);
            }
        }
    }

    /** A temperature-independent value. */
    public static MaterialParameter constant(String name, double value) {
        return new MaterialParameter(name, new double[] {0}, new double[] {value});
    }

    /** The value at temperature {@code t}: linear interpolation, constant beyond the table's ends. */
    public double value(double t) {
        if (Double.isNaN(t)) {
            throw new MaterialException("parameter " + name + ": temperature is NaN");
        }
        return PiecewiseLinear.at(temperatures, values, t);
    }

    /** Whether every entry has the same value. */
    public boolean isConstant() {
        return Arrays.stream(values).allMatch(v -> v == values[0]);
    }

    /** Throws, naming the first entry whose value is not admissible. */
    public void requireEach(Admissible range) {
        for (int i = 0; i < values.length; i++) {
            if (!range.test(values[i])) {
                throw new MaterialException(
                        name, i, temperatures[i], "expected " + name + " " + range.expected + ", found " + values[i]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaterialParameter m
                && name.equals(m.name)
                && Arrays.equals(temperatures, m.temperatures)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(values) + " at " + Arrays.toString(temperatures);
    }

    /** The admissible values of a parameter. */
    public enum Admissible {
        POSITIVE("> 0"),
        NON_NEGATIVE(">= 0"),
        AT_LEAST_ONE(">= 1"),
        POISSON_RATIO("in (-1, 0.5)"),
        ANY("finite");

        private final String expected;

        Admissible(String expected) {
            this.expected = expected;
        }

        /** What an admissible value is, as error messages say it: {@code > 0}, {@code in (-1, 0.5)}. */
        public String expected() {
            return expected;
        }

        boolean test(double v) {
            return switch (this) {
                case POSITIVE -> v > 0;
                case NON_NEGATIVE -> v >= 0;
                case AT_LEAST_ONE -> v >= 1;
                case POISSON_RATIO -> v > -1 && v < 0.5;
                case ANY -> true;
            };
        }
    }
}
