package org.jrom.linalg;

import org.jrom.JromException;

/** A Cholesky factorization met a non-positive pivot: the matrix is not symmetric positive definite. */
public final class NotPositiveDefiniteException extends JromException {
    private static final long serialVersionUID = 1L;
    private final int pivot;
    private final double value;

    /**
     * @param pivot 0-based index of the failing pivot, in the original (unpermuted) numbering
     * @param value the value found on the diagonal at that step (NaN if unknown)
     */
    public NotPositiveDefiniteException(String what, int pivot, double value) {
        super(what + " is not positive definite: pivot " + pivot + (Double.isNaN(value) ? "" : " is " + value)
                + " (expected > 0)");
        this.pivot = pivot;
        this.value = value;
    }

    /** 0-based index of the failing pivot. */
    public int pivot() {
        return pivot;
    }

    /** The non-positive value met at the pivot, NaN if the backend does not report it. */
    public double value() {
        return value;
    }
}
