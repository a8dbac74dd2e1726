package org.jrom.operators;

import org.jrom.parameters.Parameter;

/**
 * A few entries of a parametrized matrix {@code A(mu)}, supplied by the solver that owns it: the
 * online input of the nonintrusive matrix EIM (Casenave, Ern, Lelievre), which needs only the
 * M values {@code A(mu)_{i_m j_m}} at its magic entries, from a cheap callback or a small
 * per-parameter file. A vector {@code f(mu)} is read as an {@code n x 1} matrix (all columns 0).
 * Implementations must be safe to call from several threads at once (reduced-basis greedy sweeps
 * run in parallel).
 */
@FunctionalInterface
public interface MatrixEntries {
    /**
     * {@code A(mu)_{rows[m], cols[m]}} for every m, in order (zero for an entry outside the matrix's
     * pattern); one finite value per requested entry.
     */
    double[] values(Parameter mu, int[] rows, int[] cols);
}
