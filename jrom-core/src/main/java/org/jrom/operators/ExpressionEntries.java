package org.jrom.operators;

import java.util.List;
import org.jrom.JromException;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.parameters.Parameter;

/**
 * Entries of {@code A(mu)} given as functions of the parameters (expressions a manifest gives for
 * the entries a solver can write in closed form): the source jrom evaluates itself, so that a model
 * interpolated from them answers any parameter without the solver (query, batch, Monte Carlo).
 */
public final class ExpressionEntries implements MatrixEntries {
    private final int[] rows;
    private final int[] cols;
    private final List<ParameterFunctional> expressions;

    private ExpressionEntries(int[] rows, int[] cols, List<ParameterFunctional> expressions) {
        DimensionMismatchException.check("entry columns (one per row)", rows.length, cols.length);
        DimensionMismatchException.check("entry expressions (one per entry)", rows.length, expressions.size());
        this.rows = rows.clone();
        this.cols = cols.clone();
        this.expressions = List.copyOf(expressions);
    }

    /** The entries {@code (rows[m], cols[m])} given by {@code expressions[m]}. */
    public static ExpressionEntries of(int[] rows, int[] cols, List<ParameterFunctional> expressions) {
        return new ExpressionEntries(rows, cols, expressions);
    }

    /** The rows of the entries given. */
    public int[] rows() {
        return rows.clone();
    }

    /** Their columns. */
    public int[] cols() {
        return cols.clone();
    }

    /** The expression of entry (row, col), or null if none is given. */
    public ParameterFunctional expression(int row, int col) {
        for (int m = 0; m < rows.length; m++) {
            if (rows[m] == row && cols[m] == col) {
                return expressions.get(m);
            }
        }
        return null;
    }

    @Override
    public double[] values(Parameter mu, int[] r, int[] c) {
        double[] v = new double[r.length];
        for (int m = 0; m < r.length; m++) {
            ParameterFunctional e = expression(r[m], c[m]);
            if (e == null) {
                throw new JromException("no expression for the entry A[" + r[m] + "][" + c[m] + "]");
            }
            v[m] = e.evaluate(mu);
            if (!Double.isFinite(v[m])) {
                throw new JromException("the expression of A[" + r[m] + "][" + c[m] + "], " + e.describe() + ", is "
                        + v[m] + " at " + mu);
            }
        }
        return v;
    }
}
