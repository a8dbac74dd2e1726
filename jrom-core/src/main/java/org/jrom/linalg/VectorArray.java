package org.jrom.linalg;

import java.util.Arrays;

/**
 * A block of {@code count} vectors of dimension {@code dim}, stored column-contiguously (vector j
 * occupies {@code data[j*dim .. (j+1)*dim)}): snapshots, reduced bases, Riesz representers. Block
 * operations map to single BLAS-3 calls ({@code V c} is one GEMM, {@code V^T W} is one GEMM,
 * {@code V^T V} is one SYRK).
 *
 * <p>Mutable: {@link #append} grows the block in place with amortized doubling, and the in-place
 * operations ({@link #scale}, {@link #axpy}) modify it. Copy before sharing.
 */
public final class VectorArray {
    private final int dim;
    private int count;
    private double[] data;

    private VectorArray(int dim, int count, double[] data) {
        this.dim = dim;
        this.count = count;
        this.data = data;
    }

    /** {@code count} zero vectors of dimension {@code dim}. */
    public static VectorArray zeros(int dim, int count) {
        if (dim < 0 || count < 0) {
            throw new DimensionMismatchException(
                    "dimension and count must be non-negative, found " + dim + ", " + count);
        }
        return new VectorArray(dim, count, new double[Math.multiplyExact(dim, count)]);
    }

    /** An empty block of dimension {@code dim}, ready for {@link #append}. */
    public static VectorArray empty(int dim) {
        return zeros(dim, 0);
    }

    /** A block holding copies of the given vectors, all of the same length. */
    public static VectorArray of(double[]... vectors) {
        if (vectors.length == 0) {
            throw new DimensionMismatchException("VectorArray.of needs at least one vector to know the dimension");
        }
        int dim = vectors[0].length;
        VectorArray v = zeros(dim, vectors.length);
        for (int j = 0; j < vectors.length; j++) {
            DimensionMismatchException.check("length of vector " + j, dim, vectors[j].length);
            System.arraycopy(vectors[j], 0, v.data, j * dim, dim);
        }
        return v;
    }

    /**
     * Wraps a column-major array of {@code count} vectors of dimension {@code dim} without copying.
     */
    public static VectorArray wrap(int dim, int count, double[] data) {
        if (data.length < (long) dim * count) {
            throw new DimensionMismatchException(
                    "array of length " + data.length + " cannot hold " + count + " vectors of dimension " + dim);
        }
        return new VectorArray(dim, count, data);
    }

    /** The columns of a dense matrix as vectors (copied). */
    public static VectorArray fromMatrix(DenseMatrix m) {
        return new VectorArray(m.rows(), m.cols(), m.data().clone());
    }

    /** Dimension of each vector. */
    public int dim() {
        return dim;
    }

    /** Number of vectors. */
    public int count() {
        return count;
    }

    /**
     * The backing array (not a copy); its length may exceed {@code dim * count} after appends.
     */
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
        if (i < 0 || i >= dim || j < 0 || j >= count) {
            throw new IndexOutOfBoundsException(
                    "entry " + i + " of vector " + j + " outside a block of " + count + " vectors of dimension " + dim);
        }
        return i + j * dim;
    }

    private void checkVector(int j) {
        if (j < 0 || j >= count) {
            throw new IndexOutOfBoundsException("vector " + j + " outside a block of " + count + " vectors");
        }
    }

    /** A copy of vector j. */
    public double[] vector(int j) {
        checkVector(j);
        return Arrays.copyOfRange(data, j * dim, (j + 1) * dim);
    }

    /** A deep copy (trimmed to its size). */
    public VectorArray copy() {
        return new VectorArray(dim, count, Arrays.copyOf(data, dim * count));
    }

    /** Copies of the vectors {@code [from, to)}. */
    public VectorArray slice(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a block of " + count + " vectors");
        }
        return new VectorArray(dim, to - from, Arrays.copyOfRange(data, from * dim, to * dim));
    }

    /** Copies of the vectors at the given indices, in that order. */
    public VectorArray select(int... indices) {
        VectorArray s = zeros(dim, indices.length);
        for (int k = 0; k < indices.length; k++) {
            checkVector(indices[k]);
            System.arraycopy(data, indices[k] * dim, s.data, k * dim, dim);
        }
        return s;
    }

    /** The block as a dim x count matrix (copied). */
    public DenseMatrix toMatrix() {
        return DenseMatrix.wrap(dim, count, Arrays.copyOf(data, dim * count));
    }

    /** Appends copies of the vectors of {@code other}. */
    public void append(VectorArray other) {
        DimensionMismatchException.check("dimension of appended vectors", dim, other.dim);
        append(other.data, other.count);
    }

    /** Appends a copy of one vector. */
    public void append(double[] vector) {
        DimensionMismatchException.check("dimension of appended vector", dim, vector.length);
        append(vector, 1);
    }

    private void append(double[] source, int k) {
        int needed = Math.multiplyExact(dim, count + k);
        if (needed > data.length) {
            long grown = Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * data.length));
            data = Arrays.copyOf(data, (int) grown);
        }
        System.arraycopy(source, 0, data, dim * count, dim * k);
        count += k;
    }

    /** Removes the vectors from index {@code newCount} on. */
    public void truncate(int newCount) {
        if (newCount < 0 || newCount > count) {
            throw new IndexOutOfBoundsException("cannot truncate a block of " + count + " vectors to " + newCount);
        }
        count = newCount;
    }

    /** Multiplies every vector by {@code alpha}, in place. */
    public void scale(double alpha) {
        for (int i = 0, end = dim * count; i < end; i++) {
            data[i] *= alpha;
        }
    }

    /** Multiplies vector j by {@code alpha}, in place. */
    public void scale(int j, double alpha) {
        checkVector(j);
        for (int i = j * dim, end = (j + 1) * dim; i < end; i++) {
            data[i] *= alpha;
        }
    }

    /** {@code this += alpha * x}, vector by vector, in place. */
    public void axpy(double alpha, VectorArray x) {
        requireSameShape(x);
        for (int i = 0, end = dim * count; i < end; i++) {
            data[i] += alpha * x.data[i];
        }
    }

    /** {@code v_j += alpha * x_k}: adds a multiple of vector k of x to vector j of this, in place. */
    public void axpy(int j, double alpha, VectorArray x, int k) {
        checkVector(j);
        x.checkVector(k);
        DimensionMismatchException.check("dimension", dim, x.dim);
        int a = j * dim;
        int b = k * dim;
        for (int i = 0; i < dim; i++) {
            data[a + i] += alpha * x.data[b + i];
        }
    }

    private void requireSameShape(VectorArray x) {
        if (dim != x.dim || count != x.count) {
            throw new DimensionMismatchException("blocks differ: " + count + " vectors of dimension " + dim + " and "
                    + x.count + " of dimension " + x.dim);
        }
    }

    /**
     * Linear combinations {@code V C}: vector j of the result is {@code sum_i C(i, j) v_i}. One GEMM.
     */
    public VectorArray lincomb(DenseMatrix coefficients) {
        DimensionMismatchException.check("rows of the coefficient matrix (one per vector)", count, coefficients.rows());
        return lincombOfFirst(coefficients);
    }

    /** The single combination {@code sum_i c_i v_i}. */
    public double[] lincomb(double[] coefficients) {
        return lincomb(DenseMatrix.wrap(coefficients.length, 1, coefficients)).data;
    }

    /**
     * Linear combinations of the first {@code coefficients.rows()} vectors, {@code V(:, 0:k) C},
     * without copying them out (a reduced basis's leading vectors, for a model of size k).
     */
    public VectorArray lincombOfFirst(DenseMatrix coefficients) {
        int k = coefficients.rows();
        if (k > count) {
            throw new DimensionMismatchException(
                    "coefficients for " + k + " vectors of a block of " + count + " vectors");
        }
        VectorArray r = zeros(dim, coefficients.cols());
        Gemm.multiply(
                false,
                false,
                dim,
                coefficients.cols(),
                k,
                1.0,
                data,
                0,
                dim,
                coefficients.data(),
                0,
                k,
                0.0,
                r.data,
                0,
                dim);
        return r;
    }

    /** The single combination {@code sum_{i < c.length} c_i v_i} of the first {@code c.length} vectors. */
    public double[] lincombOfFirst(double[] coefficients) {
        return lincombOfFirst(DenseMatrix.wrap(coefficients.length, 1, coefficients)).data;
    }

    /** Euclidean inner products {@code V^T W} (count x w.count). One GEMM. */
    public DenseMatrix inner(VectorArray w) {
        DimensionMismatchException.check("dimension of the second block", dim, w.dim);
        DenseMatrix g = DenseMatrix.zeros(count, w.count);
        Gemm.multiply(true, false, count, w.count, dim, 1.0, data, 0, dim, w.data, 0, dim, 0.0, g.data(), 0, count);
        return g;
    }

    /** Inner products {@code V^T M W} in the inner product given by the SPD operator M. */
    public DenseMatrix inner(VectorArray w, LinearMap product) {
        return inner(product.apply(w));
    }

    /**
     * The Euclidean Gram matrix {@code V^T V}, exactly symmetric. One SYRK (its lower triangle), or
     * the blocked pure-Java kernel on the lower triangle when no native BLAS is loaded.
     */
    public DenseMatrix gram() {
        DenseMatrix g = DenseMatrix.zeros(count, count);
        if (count == 0 || dim == 0) {
            return g;
        }
        double[] gd = g.data();
        if (JavaGemm.preferred(count, count, dim)) {
            JavaGemm.gramLower(count, dim, data, 0, dim, gd, 0, count);
        } else {
            OpenBlas.wide((double) count * count * dim, () -> {
                LinalgBackend.blas().dsyrk("L", "T", count, dim, 1.0, data, 0, dim, 0.0, gd, 0, count);
            });
        }
        for (int j = 0; j < count; j++) {
            for (int i = j + 1; i < count; i++) {
                gd[j + i * count] = gd[i + j * count];
            }
        }
        return g;
    }

    /** The Gram matrix {@code V^T M V} in the inner product M, symmetrized. */
    public DenseMatrix gram(LinearMap product) {
        DenseMatrix g = inner(product.apply(this));
        double[] gd = g.data();
        for (int j = 0; j < count; j++) {
            for (int i = j + 1; i < count; i++) {
                double s = 0.5 * (gd[i + j * count] + gd[j + i * count]);
                gd[i + j * count] = s;
                gd[j + i * count] = s;
            }
        }
        return g;
    }

    /** Euclidean norms of the vectors (scaled, no overflow). */
    public double[] norms() {
        double[] n = new double[count];
        for (int j = 0; j < count; j++) {
            n[j] = euclideanNorm(data, j * dim, dim);
        }
        return n;
    }

    /** Norms {@code sqrt(v^T M v)} in the inner product M. */
    public double[] norms(LinearMap product) {
        VectorArray mv = product.apply(this);
        double[] n = new double[count];
        for (int j = 0; j < count; j++) {
            n[j] = Math.sqrt(Math.max(0.0, dot(data, j * dim, mv.data, j * dim, dim)));
        }
        return n;
    }

    /**
     * The Euclidean norm of {@code x[offset .. offset+length)}, safe from overflow and underflow:
     * plain sum of squares when the largest entry is in a safe range, scaled by it otherwise (the
     * netlib pure-Java dnrm2 is not scaled).
     */
    public static double euclideanNorm(double[] x, int offset, int length) {
        double max = 0;
        for (int i = offset; i < offset + length; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        if (max == 0 || Double.isNaN(max) || Double.isInfinite(max)) {
            return max;
        }
        double scale = (max > 1e150 || max < 1e-150) ? 1 / max : 1.0;
        double s = 0;
        for (int i = offset; i < offset + length; i++) {
            double t = x[i] * scale;
            s += t * t;
        }
        return Math.sqrt(s) / scale;
    }

    static double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xOffset + i] * y[yOffset + i];
        }
        return s;
    }

    /** Throws {@link NonFiniteValueException} naming the first NaN or infinite entry. */
    public void requireFinite(String what) {
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < dim; i++) {
                double v = data[i + j * dim];
                if (!Double.isFinite(v)) {
                    throw new NonFiniteValueException(
                            what + ": entry " + i + " of vector " + j + " is " + v + ", expected a finite number");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "VectorArray(" + count + " vectors of dimension " + dim + ")";
    }
}
