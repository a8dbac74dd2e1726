package org.jrom.linalg;

import org.jrom.JromException;

/** A NaN or infinite value in input that must be finite; the message names the entry. */
public final class NonFiniteValueException extends JromException {
    private static final long serialVersionUID = 1L;

    public NonFiniteValueException(String message) {
        super(message);
    }

    /** Throws if any of the first {@code length} entries of {@code values} is NaN or infinite. */
    public static void requireFinite(String what, double[] values, int length) {
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteValueException(
                        what + ": entry " + i + " is " + values[i] + ", expected a finite number");
            }
        }
    }

    /** Throws if any entry of {@code values} is NaN or infinite. */
    public static void requireFinite(String what, double[] values) {
        requireFinite(what, values, values.length);
    }
}
