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

    /**
     * The entries' names, {@code A[i][j]} joined by commas: the header of a per-parameter entry
     * table, and how messages and {@code jrom info} list the entries a model needs.
     */
    static String names(int[] rows, int[] cols) {
        StringBuilder s = new StringBuilder();
        for (int m = 0; m < rows.length; m++) {
            s.append(m == 0 ? "" : ",")
                    .append("A[")
                    .append(rows[m])
                    .append("][")
                    .append(cols[m])
                    .append(']');
        }
        return s.toString();
    }
}
