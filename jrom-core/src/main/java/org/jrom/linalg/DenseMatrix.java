package org.jrom.linalg;

import java.util.Arrays;

/**
 * A dense real matrix in column-major storage (entry (i, j) at {@code data[i + j * rows]}), the
 * layout of BLAS and LAPACK. Mutable, like a work array: factorizations copy it first.
 */
public final class DenseMatrix implements LinearMap {
    private final int rows;
    private final int cols;
    private final double[] data;

    private DenseMatrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** The zero matrix. */
    public static DenseMatrix zeros(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new DimensionMismatchException("matrix size must be non-negative, found " + rows + "x" + cols);
        }
        return new DenseMatrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    /** The n x n identity. */
    public static DenseMatrix identity(int n) {
        DenseMatrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i + i * n] = 1.0;
        }
        return m;
    }

    /** A diagonal matrix. */
    public static DenseMatrix diagonal(double... diagonal) {
        int n = diagonal.length;
        DenseMatrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i + i * n] = diagonal[i];
        }
        return m;
    }

    /** A matrix from its rows, {@code entries[i][j]} = entry (i, j). */
    public static DenseMatrix ofRows(double[]... entries) {
        int r = entries.length;
        int c = r == 0 ? 0 : entries[0].length;
        DenseMatrix m = zeros(r, c);
        for (int i = 0; i < r; i++) {
            DimensionMismatchException.check("length of row " + i, c, entries[i].length);
            for (int j = 0; j < c; j++) {
                m.data[i + j * r] = entries[i][j];
            }
        }
        return m;
    }

    /**
     * Wraps a column-major array without copying; later writes to either are seen by both.
     *
     * @throws DimensionMismatchException if {@code data.length != rows * cols}
     */
    public static DenseMatrix wrap(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) { // long: rows * cols may overflow int
            throw new DimensionMismatchException("array length for a " + rows + "x" + cols + " matrix: expected "
                    + (long) rows * cols + ", found " + data.length);
        }
        return new DenseMatrix(rows, cols, data);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** The backing column-major array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[index(i, j)];
    }

    public void set(int i, int j, double value) {
        data[index(i, j)] = value;
    }

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException(
                    "entry (" + i + ", " + j + ") outside a " + rows + "x" + cols + " matrix");
        }
        return i + j * rows;
    }

    /** A copy of column j. */
    public double[] column(int j) {
        if (j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("column " + j + " outside a " + rows + "x" + cols + " matrix");
        }
        return Arrays.copyOfRange(data, j * rows, (j + 1) * rows);
    }

    /** A copy of the diagonal. */
    public double[] diagonal() {
        int n = Math.min(rows, cols);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = data[i + i * rows];
        }
        return d;
    }

    public DenseMatrix copy() {
        return new DenseMatrix(rows, cols, data.clone());
    }

    /** The sub-matrix of rows {@code [r0, r1)} and columns {@code [c0, c1)}, copied. */
    public DenseMatrix subMatrix(int r0, int r1, int c0, int c1) {
        if (r0 < 0 || r1 > rows || r0 > r1 || c0 < 0 || c1 > cols || c0 > c1) {
            throw new IndexOutOfBoundsException(
                    "block [" + r0 + "," + r1 + ")x[" + c0 + "," + c1 + ") outside a " + rows + "x" + cols + " matrix");
        }
        DenseMatrix s = zeros(r1 - r0, c1 - c0);
        for (int j = c0; j < c1; j++) {
            System.arraycopy(data, r0 + j * rows, s.data, (j - c0) * s.rows, r1 - r0);
        }
        return s;
    }

    /** Copies of the columns at the given indices, in that order: an m x indices.length matrix. */
    public DenseMatrix selectColumns(int... indices) {
        DenseMatrix s = zeros(rows, indices.length);
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= cols) {
                throw new IndexOutOfBoundsException(
                        "column " + indices[k] + " outside a " + rows + "x" + cols + " matrix");
            }
            System.arraycopy(data, indices[k] * rows, s.data, k * rows, rows);
        }
        return s;
    }

    /** Copies of the rows at the given indices, in that order: an indices.length x n matrix. */
    public DenseMatrix selectRows(int... indices) {
        DenseMatrix s = zeros(indices.length, cols);
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= rows) {
                throw new IndexOutOfBoundsException(
                        "row " + indices[k] + " outside a " + rows + "x" + cols + " matrix");
            }
            for (int j = 0; j < cols; j++) {
                s.data[k + j * indices.length] = data[indices[k] + j * rows];
            }
        }
        return s;
    }

    public DenseMatrix transpose() {
        DenseMatrix t = zeros(cols, rows);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                t.data[j + i * cols] = data[i + j * rows];
            }
        }
        return t;
    }

    /** {@code this * b}. */
    public DenseMatrix multiply(DenseMatrix b) {
        DimensionMismatchException.check("inner dimension of a product", cols, b.rows);
        DenseMatrix c = zeros(rows, b.cols);
        Gemm.multiply(false, false, rows, b.cols, cols, 1.0, data, 0, rows, b.data, 0, b.rows, 0.0, c.data, 0, rows);
        return c;
    }

    /** {@code this^T * b}, without forming the transpose. */
    public DenseMatrix transposeMultiply(DenseMatrix b) {
        DimensionMismatchException.check("row counts of A^T B", rows, b.rows);
        DenseMatrix c = zeros(cols, b.cols);
        Gemm.multiply(true, false, cols, b.cols, rows, 1.0, data, 0, rows, b.data, 0, b.rows, 0.0, c.data, 0, cols);
        return c;
    }

    /** {@code this * b^T}, without forming the transpose. */
    public DenseMatrix multiplyTranspose(DenseMatrix b) {
        DimensionMismatchException.check("column counts of A B^T", cols, b.cols);
        DenseMatrix c = zeros(rows, b.rows);
        Gemm.multiply(false, true, rows, b.rows, cols, 1.0, data, 0, rows, b.data, 0, b.rows, 0.0, c.data, 0, rows);
        return c;
    }

    @Override
    public void apply(double[] x, int xOffset, double[] y, int yOffset) {
        if (rows == 0) {
            return;
        }
        if (cols == 0) {
            Arrays.fill(y, yOffset, yOffset + rows, 0.0);
            return;
        }
        LinalgBackend.blas().dgemv("N", rows, cols, 1.0, data, 0, rows, x, xOffset, 1, 0.0, y, yOffset, 1);
    }

    /** {@code this^T x}. */
    public double[] applyTranspose(double[] x) {
        DimensionMismatchException.check("vector length for A^T x", rows, x.length);
        double[] y = new double[cols];
        if (rows > 0 && cols > 0) {
            LinalgBackend.blas().dgemv("T", rows, cols, 1.0, data, 0, rows, x, 0, 1, 0.0, y, 0, 1);
        }
        return y;
    }

    /** {@code this + alpha * b}, as a new matrix. */
    public DenseMatrix plus(double alpha, DenseMatrix b) {
        checkSameShape(b);
        DenseMatrix c = copy();
        for (int i = 0; i < data.length; i++) {
            c.data[i] += alpha * b.data[i];
        }
        return c;
    }

    /** {@code this - b}, as a new matrix. */
    public DenseMatrix minus(DenseMatrix b) {
        return plus(-1.0, b);
    }

    /** {@code alpha * this}, as a new matrix. */
    public DenseMatrix scale(double alpha) {
        DenseMatrix c = copy();
        for (int i = 0; i < data.length; i++) {
            c.data[i] *= alpha;
        }
        return c;
    }

    private void checkSameShape(DenseMatrix b) {
        if (rows != b.rows || cols != b.cols) {
            throw new DimensionMismatchException(
                    "matrix shapes differ: " + rows + "x" + cols + " and " + b.rows + "x" + b.cols);
        }
    }

    /** Frobenius norm, computed with scaling so that it neither overflows nor underflows. */
    public double normFrobenius() {
        return VectorArray.euclideanNorm(data, 0, data.length);
    }

    /** Largest absolute entry. */
    public double normMax() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** True when every entry is finite. */
    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Largest {@code |a_ij - a_ji|}, for square matrices. */
    public double asymmetry() {
        requireSquare("asymmetry");
        double m = 0;
        for (int j = 0; j < cols; j++) {
            for (int i = j + 1; i < rows; i++) {
                m = Math.max(m, Math.abs(data[i + j * rows] - data[j + i * rows]));
            }
        }
        return m;
    }

    void requireSquare(String what) {
        if (rows != cols) {
            throw new DimensionMismatchException(what + " needs a square matrix, found " + rows + "x" + cols);
        }
    }

    /** Cholesky factorization {@code A = L L^T} of a symmetric positive definite matrix (lower part is read). */
    public CholeskyDecomposition cholesky() {
        return CholeskyDecomposition.of(this);
    }

    /** LU factorization with partial pivoting {@code P A = L U}. */
    public LuDecomposition lu() {
        return LuDecomposition.of(this);
    }

    /** Thin Householder QR factorization {@code A = Q R} of a matrix with rows >= cols. */
    public QrDecomposition qr() {
        return QrDecomposition.of(this);
    }

    /**
     * R of the thin QR {@code A = Q R} (rows >= cols) without forming Q: half the flops of {@link
     * #qr()}; this matrix is overwritten (its Householder vectors).
     */
    public DenseMatrix qrRInPlace() {
        return QrDecomposition.rInPlace(this);
    }

    /** Eigen-decomposition of a symmetric matrix (lower part is read), eigenvalues ascending. */
    public SymmetricEigen symmetricEigen() {
        return SymmetricEigen.of(this);
    }

    /** Thin singular value decomposition {@code A = U diag(s) V^T}, singular values descending. */
    public Svd svd() {
        return Svd.of(this);
    }

    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder("DenseMatrix ").append(rows).append('x').append(cols);
        if (rows * cols <= 100) {
            for (int i = 0; i < rows; i++) {
                sb.append('\n');
                for (int j = 0; j < cols; j++) {
                    sb.append(String.format(" % .6e", data[i + j * rows]));
                }
            }
        }
        return sb.toString();
    }
}
