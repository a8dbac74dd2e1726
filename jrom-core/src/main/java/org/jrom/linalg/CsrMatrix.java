package org.jrom.linalg;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An immutable sparse matrix in compressed sparse row (CSR) storage: the nonzeros of row i are
 * {@code values[rowPtr[i] .. rowPtr[i+1])} at columns {@code colIdx[...]}, sorted by column with no
 * duplicates. The format of finite-element operators and of Matrix Market imports.
 */
public final class CsrMatrix implements LinearMap {
    /** Below this many nonzeros, products run on the calling thread. */
    static final int PARALLEL_NNZ_THRESHOLD = 200_000;

    /** Up to this many nonzeros per row on average, products run as one loop over the nonzeros. */
    static final int SHORT_ROWS = 12;

    /** The fewest nonzeros of a piece of a parallel product (some 30 us of memory traffic). */
    static final int PIECE_NNZ = 50_000;

    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] values;
    private volatile int[] pieces; // row ranges of about equal nnz for parallel products, built lazily (racy but safe)

    /** Trusted constructor: arrays must satisfy the CSR invariants and are not copied. */
    CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /**
     * Builds a matrix from coordinate (COO) triplets {@code (rowIndex[k], colIndex[k], value[k])},
     * {@code k < count}; duplicates are summed (the assembly convention).
     *
     * @throws InvalidMatrixException naming the triplet whose index is out of range
     * @throws NonFiniteValueException naming the triplet whose value is NaN or infinite
     */
    public static CsrMatrix fromTriplets(
            int rows, int cols, int[] rowIndex, int[] colIndex, double[] value, int count) {
        if (rows < 0 || cols < 0) {
            throw new DimensionMismatchException("matrix size must be non-negative, found " + rows + "x" + cols);
        }
        if (count < 0) {
            throw new DimensionMismatchException("triplet count must be non-negative, found " + count);
        }
        if (count > rowIndex.length || count > colIndex.length || count > value.length) {
            throw new DimensionMismatchException("triplet arrays shorter than the count " + count);
        }
        boolean ordered = true; // strictly increasing by (row, column): already CSR, no duplicates
        for (int k = 0; k < count; k++) {
            if (k > 0) {
                ordered &= rowIndex[k] > rowIndex[k - 1]
                        || (rowIndex[k] == rowIndex[k - 1] && colIndex[k] > colIndex[k - 1]);
            }
            if (rowIndex[k] < 0 || rowIndex[k] >= rows || colIndex[k] < 0 || colIndex[k] >= cols) {
                throw new InvalidMatrixException("triplet " + k + ": entry (" + rowIndex[k] + ", " + colIndex[k]
                        + ") outside a " + rows + "x" + cols + " matrix");
            }
            if (!Double.isFinite(value[k])) {
                throw new NonFiniteValueException("triplet " + k + ": entry (" + rowIndex[k] + ", " + colIndex[k]
                        + ") is " + value[k] + ", expected a finite number");
            }
        }
        if (ordered) {
            int[] ptr = new int[rows + 1];
            for (int k = 0; k < count; k++) {
                ptr[rowIndex[k] + 1]++;
            }
            for (int i = 0; i < rows; i++) {
                ptr[i + 1] += ptr[i];
            }
            return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(colIndex, count), Arrays.copyOf(value, count));
        }
        // Counting sort by column, then by row: each row comes out ordered by column (stable).
        int[] colCount = new int[cols + 1];
        for (int k = 0; k < count; k++) {
            colCount[colIndex[k] + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            colCount[j + 1] += colCount[j];
        }
        int[] byColumn = new int[count];
        for (int k = 0; k < count; k++) {
            byColumn[colCount[colIndex[k]]++] = k;
        }
        int[] ptr = new int[rows + 1];
        for (int k = 0; k < count; k++) {
            ptr[rowIndex[k] + 1]++;
        }
        for (int i = 0; i < rows; i++) {
            ptr[i + 1] += ptr[i];
        }
        int[] next = Arrays.copyOf(ptr, rows);
        int[] ci = new int[count];
        double[] v = new double[count];
        for (int t = 0; t < count; t++) {
            int k = byColumn[t];
            int p = next[rowIndex[k]]++;
            ci[p] = colIndex[k];
            v[p] = value[k];
        }
        // Sum duplicates, which are now adjacent within each row.
        int out = 0;
        int start = 0;
        for (int i = 0; i < rows; i++) {
            int end = ptr[i + 1];
            int rowStart = out;
            for (int p = start; p < end; p++) {
                if (out > rowStart && ci[out - 1] == ci[p]) {
                    v[out - 1] += v[p];
                } else {
                    ci[out] = ci[p];
                    v[out] = v[p];
                    out++;
                }
            }
            start = end;
            ptr[i + 1] = out;
        }
        return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(ci, out), Arrays.copyOf(v, out));
    }

    /**
     * Builds a matrix from CSR arrays (copied), checking the invariants: monotone row pointers,
     * column indices in range and strictly increasing within each row, finite values.
     */
    public static CsrMatrix of(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        SparsityPattern.check(rows, cols, rowPtr, colIdx, values.length);
        checkFinite(rows, rowPtr, colIdx, values);
        return new CsrMatrix(
                rows, cols, rowPtr.clone(), Arrays.copyOf(colIdx, rowPtr[rows]), Arrays.copyOf(values, rowPtr[rows]));
    }

    /**
     * The matrix on these CSR arrays without copying them, checked as {@link #of(int, int, int[],
     * int[], double[])} checks them: the caller hands them over (a reader that built them) and
     * must not change them; exactly {@code rowPtr[rows]} column indices and values.
     *
     * @throws DimensionMismatchException unless the arrays hold exactly the entries the pointers announce
     * @throws InvalidMatrixException naming the first row that breaks an invariant
     * @throws NonFiniteValueException naming the first entry that is NaN or infinite
     */
    public static CsrMatrix wrap(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        SparsityPattern.check(rows, cols, rowPtr, colIdx, values.length);
        int nnz = rowPtr[rows];
        if (colIdx.length != nnz || values.length != nnz) {
            throw new DimensionMismatchException("row pointers announce " + nnz + " nonzeros, the arrays hold "
                    + colIdx.length + " column indices and " + values.length + " values");
        }
        checkFinite(rows, rowPtr, colIdx, values);
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
    }

    /**
     * A matrix on a prepared pattern: {@code values[p]} is the entry at position p of the pattern
     * (row i spans {@code [pattern.rowStart(i), pattern.rowStart(i + 1))}). The values are copied and
     * checked finite; the pattern's arrays are shared, not copied.
     *
     * @throws DimensionMismatchException unless there is exactly one value per pattern entry
     * @throws NonFiniteValueException naming the first entry that is NaN or infinite
     */
    public static CsrMatrix of(SparsityPattern pattern, double[] values) {
        DimensionMismatchException.check("number of values on the sparsity pattern", pattern.nnz(), values.length);
        checkFinite(pattern.rows(), pattern.rowPtr(), pattern.colIdx(), values);
        return new CsrMatrix(pattern.rows(), pattern.cols(), pattern.rowPtr(), pattern.colIdx(), values.clone());
    }

    /**
     * A matrix on a prepared pattern whose values {@code fill} writes into a zeroed array of one
     * entry per pattern position; the matrix then owns that array, without a copy, so {@code fill}
     * must not keep it. The values are checked finite.
     *
     * @throws NonFiniteValueException naming the first entry that is NaN or infinite
     */
    public static CsrMatrix of(SparsityPattern pattern, Consumer<double[]> fill) {
        double[] values = new double[pattern.nnz()];
        fill.accept(values);
        checkFinite(pattern.rows(), pattern.rowPtr(), pattern.colIdx(), values);
        return new CsrMatrix(pattern.rows(), pattern.cols(), pattern.rowPtr(), pattern.colIdx(), values);
    }

    private static void checkFinite(int rows, int[] rowPtr, int[] colIdx, double[] values) {
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                if (!Double.isFinite(values[p])) {
                    throw new NonFiniteValueException(
                            "entry (" + i + ", " + colIdx[p] + ") is " + values[p] + ", expected a finite number");
                }
            }
        }
    }

    /** The n x n identity. */
    public static CsrMatrix identity(int n) {
        int[] ptr = new int[n + 1];
        int[] ci = new int[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = i + 1;
            ci[i] = i;
            v[i] = 1.0;
        }
        return new CsrMatrix(n, n, ptr, ci, v);
    }

    /** The sparse copy of a dense matrix, dropping exact zeros. */
    public static CsrMatrix fromDense(DenseMatrix a) {
        int[] ptr = new int[a.rows() + 1];
        int nnz = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                if (a.get(i, j) != 0.0) {
                    nnz++;
                }
            }
            ptr[i + 1] = nnz;
        }
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        int p = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                double x = a.get(i, j);
                if (x != 0.0) {
                    ci[p] = j;
                    v[p++] = x;
                }
            }
        }
        return new CsrMatrix(a.rows(), a.cols(), ptr, ci, v);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** Number of stored entries. */
    public int nnz() {
        return rowPtr[rows];
    }

    // Raw arrays for kernels in this package; never modified.
    int[] rowPtr() {
        return rowPtr;
    }

    int[] colIdx() {
        return colIdx;
    }

    double[] values() {
        return values;
    }

    /** Copy of the row pointer array (length rows + 1). */
    public int[] rowPointers() {
        return rowPtr.clone();
    }

    /** Copy of the column index array (length nnz). */
    public int[] columnIndices() {
        return colIdx.clone();
    }

    /** Copy of the value array (length nnz). */
    public double[] nonzeroValues() {
        return values.clone();
    }

    /** Entry (i, j), zero if not stored (binary search in row i). */
    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException(
                    "entry (" + i + ", " + j + ") outside a " + rows + "x" + cols + " matrix");
        }
        int p = Arrays.binarySearch(colIdx, rowPtr[i], rowPtr[i + 1], j);
        return p >= 0 ? values[p] : 0.0;
    }

    /** The diagonal (zeros where not stored). */
    public double[] diagonal() {
        int n = Math.min(rows, cols);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            int p = Arrays.binarySearch(colIdx, rowPtr[i], rowPtr[i + 1], i);
            d[i] = p >= 0 ? values[p] : 0.0;
        }
        return d;
    }

    /** {@code y = A x}; multithreaded above {@value #PARALLEL_NNZ_THRESHOLD} nonzeros. */
    @Override
    public void apply(double[] x, int xOffset, double[] y, int yOffset) {
        if (nnz() >= PARALLEL_NNZ_THRESHOLD && Parallel.threads() > 1) {
            Parallel.share(pieces(), (from, to) -> multiplyRows(from, to, x, xOffset, y, yOffset));
        } else {
            multiplyRows(0, rows, x, xOffset, y, yOffset);
        }
    }

    private void multiplyRows(int from, int to, double[] x, int xOffset, double[] y, int yOffset) {
        if (nnz() <= SHORT_ROWS * (long) rows) {
            multiplyShortRows(from, to, x, xOffset, y, yOffset);
            return;
        }
        final int[] ptr = rowPtr;
        final int[] ci = colIdx;
        final double[] v = values;
        int p = ptr[from];
        for (int i = from; i < to; i++) {
            int end = ptr[i + 1];
            double s = 0.0;
            for (; p < end; p++) {
                s += v[p] * x[xOffset + ci[p]];
            }
            y[yOffset + i] = s;
        }
    }

    /**
     * {@link #multiplyRows} as one loop over the nonzeros, a row ended where its last nonzero is
     * (the same sums in the same order, so the same bits): for rows of a few nonzeros (a 2-D
     * stencil, P1 in 2-D) the JIT's per-row loop set-up costs more than the row itself; measured on
     * the 5-point Laplacian, one thread, 5.1-5.5 ms against 6.0-7.0 ms per product, and slower from
     * about 30 nonzeros per row.
     */
    private void multiplyShortRows(int from, int to, double[] x, int xOffset, double[] y, int yOffset) {
        final int[] ptr = rowPtr;
        final int[] ci = colIdx;
        final double[] v = values;
        int i = from;
        int p = ptr[from];
        final int last = ptr[to];
        while (i < to && ptr[i + 1] == p) { // empty rows
            y[yOffset + i++] = 0.0;
        }
        int end = i < to ? ptr[i + 1] : last;
        double s = 0.0;
        for (; p < last; p++) {
            s += v[p] * x[xOffset + ci[p]];
            if (p + 1 == end) {
                y[yOffset + i++] = s;
                s = 0.0;
                while (i < to && ptr[i + 1] == end) {
                    y[yOffset + i++] = 0.0;
                }
                if (i < to) {
                    end = ptr[i + 1];
                }
            }
        }
    }

    /**
     * Row ranges of about equal nonzero counts, claimed by the threads as they come ({@link
     * Parallel#share}): small enough (at least {@value #PIECE_NNZ} nonzeros, at most 16 per thread)
     * that a thread whose core is taken by another process holds up little of the product.
     */
    private int[] pieces() {
        int[] b = pieces;
        if (b == null) {
            int count = (int) Math.max(1, Math.min(Math.min(rows, 16L * Parallel.threads()), nnz() / PIECE_NNZ));
            b = new int[count + 1];
            long nnz = nnz();
            int row = 0;
            for (int k = 1; k < count; k++) {
                long target = nnz * k / count;
                while (row < rows && rowPtr[row] < target) {
                    row++;
                }
                b[k] = Math.max(b[k - 1], row);
            }
            b[count] = rows;
            pieces = b;
        }
        return b;
    }

    /** {@code A V}, one sparse product per vector, vectors processed in parallel for large blocks. */
    @Override
    public VectorArray apply(VectorArray v) {
        DimensionMismatchException.check("vector dimension", cols, v.dim());
        VectorArray result = VectorArray.zeros(rows, v.count());
        double[] in = v.data();
        double[] out = result.data();
        for (int j = 0; j < v.count(); j++) {
            apply(in, j * cols, out, j * rows);
        }
        return result;
    }

    /** {@code y = A^T x}. */
    public double[] applyTranspose(double[] x) {
        DimensionMismatchException.check("vector length for A^T x", rows, x.length);
        double[] y = new double[cols];
        for (int i = 0; i < rows; i++) {
            double xi = x[i];
            if (xi != 0.0) {
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    y[colIdx[p]] += values[p] * xi;
                }
            }
        }
        return y;
    }

    /** The transpose, in CSR (equivalently, this matrix in CSC). */
    public CsrMatrix transpose() {
        int nnz = nnz();
        int[] ptr = new int[cols + 1];
        for (int p = 0; p < nnz; p++) {
            ptr[colIdx[p] + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            ptr[j + 1] += ptr[j];
        }
        int[] next = Arrays.copyOf(ptr, cols);
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int q = next[colIdx[p]]++;
                ci[q] = i;
                v[q] = values[p];
            }
        }
        return new CsrMatrix(cols, rows, ptr, ci, v);
    }

    /** {@code alpha * A}. */
    public CsrMatrix scale(double alpha) {
        double[] v = values.clone();
        for (int p = 0; p < v.length; p++) {
            v[p] *= alpha;
        }
        return new CsrMatrix(rows, cols, rowPtr, colIdx, v);
    }

    /** {@code this + alpha * b}, on the union of the two patterns. */
    public CsrMatrix plus(double alpha, CsrMatrix b) {
        return linearCombination(new double[] {1.0, alpha}, this, b);
    }

    /**
     * {@code sum_q c_q A_q} for matrices of one shape and possibly different patterns; the result's
     * pattern is the union (entries that cancel stay stored, so the pattern does not depend on the
     * coefficients and a symbolic factorization can be reused across parameters).
     */
    public static CsrMatrix linearCombination(double[] coefficients, CsrMatrix... matrices) {
        if (matrices.length == 0) {
            throw new DimensionMismatchException("a linear combination needs at least one matrix");
        }
        DimensionMismatchException.check("number of coefficients", matrices.length, coefficients.length);
        int rows = matrices[0].rows;
        int cols = matrices[0].cols;
        for (CsrMatrix m : matrices) {
            if (m.rows != rows || m.cols != cols) {
                throw new DimensionMismatchException(
                        "matrix shapes differ: " + rows + "x" + cols + " and " + m.rows + "x" + m.cols);
            }
        }
        // Pass 1: union pattern per row with a marker array.
        int[] mark = new int[cols];
        Arrays.fill(mark, -1);
        int[] ptr = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            int c = 0;
            for (CsrMatrix m : matrices) {
                for (int p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) {
                    if (mark[m.colIdx[p]] != i) {
                        mark[m.colIdx[p]] = i;
                        c++;
                    }
                }
            }
            ptr[i + 1] = ptr[i] + c;
        }
        // Pass 2: scatter into a dense accumulator, gather in sorted column order.
        int nnz = ptr[rows];
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        double[] acc = new double[cols];
        Arrays.fill(mark, -1);
        for (int i = 0; i < rows; i++) {
            int q = ptr[i];
            for (CsrMatrix m : matrices) {
                for (int p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) {
                    if (mark[m.colIdx[p]] != i) {
                        mark[m.colIdx[p]] = i;
                        ci[q++] = m.colIdx[p];
                    }
                }
            }
            Arrays.sort(ci, ptr[i], ptr[i + 1]);
            for (int k = 0; k < matrices.length; k++) {
                CsrMatrix m = matrices[k];
                double ck = coefficients[k];
                for (int p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) {
                    acc[m.colIdx[p]] += ck * m.values[p];
                }
            }
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                v[p] = acc[ci[p]];
                acc[ci[p]] = 0.0;
            }
        }
        return new CsrMatrix(rows, cols, ptr, ci, v);
    }

    /** The Galerkin projection {@code W^T A V} (W.count x V.count). */
    public DenseMatrix project(VectorArray w, VectorArray v) {
        DimensionMismatchException.check("dimension of the test block", rows, w.dim());
        return w.inner(apply(v));
    }

    /** The dense copy. */
    public DenseMatrix toDense() {
        DenseMatrix d = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                d.set(i, colIdx[p], values[p]);
            }
        }
        return d;
    }

    /** Largest {@code |a_ij - a_ji|} over stored entries (and their mirror), for square matrices. */
    public double asymmetry() {
        if (rows != cols) {
            throw new DimensionMismatchException("symmetry needs a square matrix, found " + rows + "x" + cols);
        }
        double m = 0;
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                m = Math.max(m, Math.abs(values[p] - get(colIdx[p], i)));
            }
        }
        return m;
    }

    /**
     * True when {@code a_ji = -a_ij} exactly for every stored entry (the diagonal zero): then {@code
     * x^T A x = 0} for every x, so the term adds nothing to a coercivity constant.
     */
    public boolean isSkewSymmetric() {
        if (rows != cols) {
            return false;
        }
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                if (values[p] != -get(colIdx[p], i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code (A + A^T) / 2} on the union of both patterns; A itself when it is symmetric. */
    public CsrMatrix symmetricPart() {
        return asymmetry() == 0 ? this : linearCombination(new double[] {0.5, 0.5}, this, transpose());
    }

    /** Largest absolute stored value. */
    public double normMax() {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Override
    public String toString() {
        return "CsrMatrix " + rows + "x" + cols + ", " + nnz() + " nonzeros";
    }
}
