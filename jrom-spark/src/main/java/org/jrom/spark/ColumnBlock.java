package org.jrom.spark;

import java.io.Serializable;
import org.jrom.JromException;

/**
 * Consecutive columns of the snapshot matrix, whole: the snapshots one executor computed for its
 * share of the parameters, {@code firstColumn .. firstColumn + count}.
 *
 * @param firstColumn the global index of the first column (its parameter's index)
 * @param dim the snapshot dimension (rows)
 * @param count the number of columns
 * @param data {@code dim x count} values, column-major
 */
public record ColumnBlock(int firstColumn, int dim, int count, double[] data) implements Serializable {
    public ColumnBlock {
        if (firstColumn < 0 || dim < 0 || count < 0 || data.length != (long) dim * count) {
            throw new JromException("a column block needs firstColumn, dim, count >= 0 and dim * count values,"
                    + " found " + firstColumn + ", " + dim + ", " + count + " and " + data.length);
        }
    }
}
