package org.jrom.spark;

import java.io.Serializable;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;

/**
 * A block of consecutive rows of a tall matrix (the snapshot matrix or its modes): rows {@code
 * firstRow .. firstRow + rows} of all {@code cols} columns, column-major. The row partition of the
 * unknowns, like a domain decomposition, is how a distributed POD holds the snapshots.
 *
 * @param firstRow the global index of the first row
 * @param rows the number of rows
 * @param cols the number of columns
 * @param data {@code rows x cols} values, column-major
 */
public record RowBlock(int firstRow, int rows, int cols, double[] data) implements Serializable {
    public RowBlock {
        if (firstRow < 0 || rows < 0 || cols < 0 || data.length != (long) rows * cols) {
            throw new JromException("a row block needs firstRow, rows, cols >= 0 and rows * cols values, found "
                    + firstRow + ", " + rows + ", " + cols + " and " + data.length);
        }
    }

    /** The block as a matrix (shares the data). */
    public DenseMatrix matrix() {
        return DenseMatrix.wrap(rows, cols, data);
    }

    /**
     * This block times the {@code cols x m} matrix W (column-major values): the same rows of {@code A
     * W}. W comes as an array because closures sent to executors must be serializable.
     */
    public RowBlock times(int m, double[] w) {
        if (w.length != (long) cols * m) {
            throw new JromException(
                    "a " + rows + "x" + cols + " row block times " + w.length + " values for " + m + " columns");
        }
        return new RowBlock(
                firstRow,
                rows,
                m,
                matrix().multiply(DenseMatrix.wrap(cols, m, w)).data());
    }
}
