package org.jrom.linalg;

/**
 * The constants of standard rounding-error analysis in IEEE double precision (Higham, "Accuracy
 * and Stability of Numerical Algorithms", 2nd ed., 2002, sec. 2.2 and 3.1): the unit round-off
 * {@code u = 2^-53} and {@code gamma_k = k u / (1 - k u)}, which bounds the relative error
 * accumulated by {@code k} additions or multiplications, e.g. {@code |fl(x^T y) - x^T y| <= gamma_k
 * |x|^T |y|} for vectors of length k. The round-off floors of the error bounds rest on these
 * (docs/estimators.md).
 */
public final class RoundOff {
    /** The unit round-off {@code u = 2^-53}, half the machine epsilon. */
    public static final double UNIT = 0x1p-53;

    private RoundOff() {}

    /** {@code gamma_k = k u / (1 - k u)}, for {@code 0 <= k < 1 / u}. */
    public static double gamma(long k) {
        if (k < 0 || k * UNIT >= 0.5) {
            throw new IllegalArgumentException("gamma_k needs 0 <= k < 2^52, found " + k);
        }
        double ku = k * UNIT;
        return ku / (1 - ku);
    }
}
