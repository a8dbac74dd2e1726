package org.jrom.linalg;

import java.util.Arrays;

/**
 * The nonzero structure of a CSR matrix without its values: row pointers and, within each row,
 * column indices sorted with no duplicates. Validated once when built; every matrix made on it with
 * {@link CsrMatrix#of(SparsityPattern, double[])} shares its arrays, so assembling several terms on
 * the same cells pays for the structure once.
 */
public final class SparsityPattern {
    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;

    private SparsityPattern(int rows, int cols, int[] rowPtr, int[] colIdx) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
    }

    /**
     * A pattern from CSR arrays (copied), checking the invariants: row pointers start at 0 and do not
     * decrease, column indices are in range and strictly increasing within each row.
     *
     * @throws InvalidMatrixException naming the first row that breaks an invariant
     */
    public static SparsityPattern of(int rows, int cols, int[] rowPtr, int[] colIdx) {
        check(rows, cols, rowPtr, colIdx, colIdx.length);
        return new SparsityPattern(rows, cols, rowPtr.clone(), Arrays.copyOf(colIdx, rowPtr[rows]));
    }

    /** Checks the CSR invariants of the structure; {@code available} is the length of the value array, if any. */
    static void check(int rows, int cols, int[] rowPtr, int[] colIdx, int available) {
        if (rows < 0 || cols < 0) {
            throw new DimensionMismatchException("matrix size must be non-negative, found " + rows + "x" + cols);
        }
        DimensionMismatchException.check("length of the row pointer array", rows + 1, rowPtr.length);
        if (rowPtr[0] != 0) {
            throw new InvalidMatrixException("row pointers must start at 0, found " + rowPtr[0]);
        }
        // All pointers first: a middle pointer beyond the last one would index past the arrays.
        for (int i = 0; i < rows; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) {
                throw new InvalidMatrixException("row pointers decrease at row " + i);
            }
        }
        int nnz = rowPtr[rows];
        if (colIdx.length < nnz || available < nnz) {
            throw new DimensionMismatchException(
                    "row pointers announce " + nnz + " nonzeros, arrays hold " + Math.min(colIdx.length, available));
        }
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                if (colIdx[p] < 0 || colIdx[p] >= cols || (p > rowPtr[i] && colIdx[p] <= colIdx[p - 1])) {
                    throw new InvalidMatrixException("row " + i + ": column index " + colIdx[p]
                            + " out of range or not strictly increasing (" + cols + " columns)");
                }
            }
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of stored entries. */
    public int nnz() {
        return rowPtr[rows];
    }

    /** Position of the first entry of row i in a value array on this pattern ({@code i <= rows}). */
    public int rowStart(int i) {
        return rowPtr[i];
    }

    // Shared with the matrices built on this pattern; never modified.
    int[] rowPtr() {
        return rowPtr;
    }

    int[] colIdx() {
        return colIdx;
    }
}
