package org.jrom.linalg;

import org.jrom.JromException;

/** Two operands whose sizes do not fit together, e.g. a 3x4 matrix applied to a vector of length 5. */
public final class DimensionMismatchException extends JromException {
    private static final long serialVersionUID = 1L;

    public DimensionMismatchException(String message) {
        super(message);
    }

    /** Throws unless {@code found == expected}; {@code what} names the quantity in the message. */
    public static void check(String what, int expected, int found) {
        if (expected != found) {
            throw new DimensionMismatchException(what + ": expected " + expected + ", found " + found);
        }
    }
}
