package org.jrom.operators;

import org.jrom.parameters.Parameter;

/**
 * A few entries of a parametrized matrix {@code A(mu)}, supplied by the solver that owns it: the
 * online input of the nonintrusive matrix EIM (Casenave, Ern, Lelievre), which needs only the
 * M values {@code A(mu)_{i_m j_m}} at its magic entries, from a cheap callback or a small
 * per-parameter file. The right-hand side {@code f(mu)} of the same system is the column {@link
 * #RHS}: entry {@code (i, RHS)} is {@code f(mu)_i}, named {@code f[i]}, as if {@code f} were the
 * last column of the augmented matrix {@code [A | f]}. Implementations must be safe to call from
 * several threads at once (reduced-basis greedy sweeps run in parallel).
 */
@FunctionalInterface
public interface MatrixEntries {
    /** The column index that names the right-hand side: {@code (i, RHS)} is {@code f(mu)_i}. */
    int RHS = -1;

    /**
     * {@code A(mu)_{rows[m], cols[m]}} for every m, in order (zero for an entry outside the matrix's
     * pattern); one finite value per requested entry.
     */
    double[] values(Parameter mu, int[] rows, int[] cols);

    /**
     * The entries of the right-hand side as those of an {@code n x 1} matrix: entry {@code (i, j)}
     * of the view is {@code f(mu)_i} for any j, what the vector EIM's magic entries (column 0) read.
     */
    default MatrixEntries rightHandSide() {
        return (mu, rows, cols) -> {
            int[] rhs = new int[rows.length];
            java.util.Arrays.fill(rhs, RHS);
            return values(mu, rows, rhs);
        };
    }

    /** One entry's name: {@code A[i][j]}, or {@code f[i]} for the right-hand side's column. */
    static String name(int row, int col) {
        return col == RHS ? "f[" + row + "]" : "A[" + row + "][" + col + "]";
    }

    /**
     * The entries' names ({@link #name}) joined by commas: the header of a per-parameter entry
     * table, and how messages and {@code jrom info} list the entries a model needs.
     */
    static String names(int[] rows, int[] cols) {
        StringBuilder s = new StringBuilder();
        for (int m = 0; m < rows.length; m++) {
            s.append(m == 0 ? "" : ",").append(name(rows[m], cols[m]));
        }
        return s.toString();
    }
}
