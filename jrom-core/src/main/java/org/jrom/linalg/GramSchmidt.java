package org.jrom.linalg;

import java.util.Arrays;
import org.jrom.JromException;

/**
 * Gram-Schmidt orthonormalization of a block of vectors in an inner product {@code (x, y)_M =
 * x^T M y}, with re-orthogonalization ("twice is enough": Giraud, Langou, Rozloznik 2005, Comput.
 * Math. Appl. 50; the iterated criterion of Kahan and Parlett, Parlett 1980, The Symmetric
 * Eigenvalue Problem, sec. 6-9), dropping numerically dependent vectors.
 *
 * <p>Classical Gram-Schmidt, vector by vector: a pass is {@code c = Q^T M r, r -= Q c} (two BLAS-2
 * calls over the current basis Q). A single pass loses orthogonality like {@code eps kappa(V)^2};
 * with re-orthogonalization every vector gets two passes, and a third or fourth while the last
 * pass still removed more than half of the remaining norm (Kahan-Parlett), after which {@code
 * Q^T M Q = I} to working precision whatever the conditioning of V. Working precision here is that
 * of evaluating the inner product itself, {@code eps |q_i|^T |M| |q_j|}: about {@code eps} for the
 * Euclidean or a mass product, but up to about {@code eps kappa(M)} for smooth vectors in a
 * stiffness-dominated product such as H1, where {@code q^T M q} cancels.
 *
 * <p>Cost per vector: one application of M for its original norm and one per pass (the product of
 * the new vector feeds both the norm of the pass before and the coefficients of the next), never
 * a product with the basis; {@code 2 * passes} matrix-vector products with the current basis.
 * Memory: one copy of V (none in place), one work vector and R. For the Euclidean product without dropping, a
 * Householder QR ({@link DenseMatrix#qr()}) does the same job with BLAS-3 calls.
 */
public final class GramSchmidt {
    /** Another pass when a pass left less than this fraction of the norm it found (Kahan-Parlett). */
    private static final double REPEAT_RATIO = 0.5;

    /** Passes at most, per vector, with re-orthogonalization. */
    private static final int MAX_PASSES = 4;

    private GramSchmidt() {}

    /**
     * How to orthonormalize.
     *
     * @param reorthogonalize two passes or more per vector (true, the default) or a single pass
     * @param dropTolerance a vector whose norm after orthogonalization is {@code <= dropTolerance}
     *     times its original norm is dropped as numerically dependent; 0 drops only exact zeros
     * @param offset the first {@code offset} vectors are taken as already orthonormal and copied
     *     unchanged (extending a basis)
     */
    public record Options(boolean reorthogonalize, double dropTolerance, int offset) {
        /** The default drop tolerance, relative to each vector's original norm. */
        public static final double DEFAULT_DROP_TOLERANCE = 1e-10;

        public Options {
            if (!(dropTolerance >= 0 && dropTolerance < 1)) {
                throw new JromException("Gram-Schmidt drop tolerance must be in [0, 1), found " + dropTolerance);
            }
            if (offset < 0) {
                throw new JromException("Gram-Schmidt offset must be >= 0, found " + offset);
            }
        }

        /** Re-orthogonalization on, drop tolerance {@value #DEFAULT_DROP_TOLERANCE}, no offset. */
        public static Options defaults() {
            return new Options(true, DEFAULT_DROP_TOLERANCE, 0);
        }

        public Options withReorthogonalize(boolean value) {
            return new Options(value, dropTolerance, offset);
        }

        public Options withDropTolerance(double value) {
            return new Options(reorthogonalize, value, offset);
        }

        public Options withOffset(int value) {
            return new Options(reorthogonalize, dropTolerance, value);
        }
    }

    /**
     * An orthonormal basis Q of the span of the input V, with the coefficients R such that {@code
     * V = Q R} up to the dropped residuals, and which inputs were kept or dropped.
     */
    public static final class Result {
        private final VectorArray basis;
        private final DenseMatrix r;
        private final int[] kept;
        private final int[] dropped;
        private final double[] droppedRelativeNorms;

        private Result(VectorArray basis, DenseMatrix r, int[] kept, int[] dropped, double[] droppedRelativeNorms) {
            this.basis = basis;
            this.r = r;
            this.kept = kept;
            this.dropped = dropped;
            this.droppedRelativeNorms = droppedRelativeNorms;
        }

        /** The orthonormal vectors, in input order (not copied: the result hands it over). */
        public VectorArray basis() {
            return basis;
        }

        /**
         * The coordinates of the input vectors in the basis, {@code basis.count() x input count}:
         * column j is {@code Q^T M v_j}, upper trapezoidal in the order of {@link #kept()}; {@code
         * ||v_j - Q R e_j||_M <= dropTolerance ||v_j||_M} for dropped j, round-off for the others.
         */
        public DenseMatrix r() {
            return r.copy();
        }

        /** Input indices that became basis vectors: basis vector i comes from input {@code kept()[i]}. */
        public int[] kept() {
            return kept.clone();
        }

        /** Input indices dropped as numerically dependent on the vectors before them, ascending. */
        public int[] dropped() {
            return dropped.clone();
        }

        /** For each dropped input, its norm after orthogonalization over its original norm (0 for a zero vector). */
        public double[] droppedRelativeNorms() {
            return droppedRelativeNorms.clone();
        }
    }

    /** Euclidean orthonormalization with the default options. */
    public static Result orthonormalize(VectorArray v) {
        return orthonormalize(v, null, Options.defaults());
    }

    /**
     * Orthonormalizes {@code v} in the inner product given by the symmetric positive definite
     * {@code product} (Euclidean when null). The input is not modified.
     *
     * @throws NotPositiveDefiniteException if an input vector has {@code v^T M v < 0}
     * @throws NonFiniteValueException if an input entry is NaN or infinite
     */
    public static Result orthonormalize(VectorArray v, LinearMap product, Options options) {
        check(v, product, options);
        Result result = orthonormalizeChecked(v.copy(), product, options);
        if (result.basis.count() < v.count()) {
            return new Result(result.basis.copy(), result.r, result.kept, result.dropped, result.droppedRelativeNorms);
        }
        return result;
    }

    /**
     * As {@link #orthonormalize(VectorArray, LinearMap, Options)}, in place: {@code v} becomes the
     * basis (its vectors overwritten, the block truncated to the kept ones) and is the result's
     * {@link Result#basis()}. Extending a basis this way ({@code basis.append(new vectors)}, then
     * this call with the old count as the offset) copies nothing; the first {@code offset} vectors
     * are only read, so truncating back to them undoes a call that threw.
     */
    public static Result orthonormalizeInPlace(VectorArray v, LinearMap product, Options options) {
        check(v, product, options);
        return orthonormalizeChecked(v, product, options);
    }

    private static void check(VectorArray v, LinearMap product, Options options) {
        checkProduct(product, v.dim());
        if (options.offset() > v.count()) {
            throw new DimensionMismatchException(
                    "Gram-Schmidt offset " + options.offset() + " exceeds the number of vectors " + v.count());
        }
        v.requireFinite("vectors to orthonormalize");
    }

    private static Result orthonormalizeChecked(VectorArray basis, LinearMap product, Options options) {
        int dim = basis.dim();
        int n = basis.count();
        double[] q = basis.data();
        double[] mr = product == null ? null : new double[dim];
        double[] c = new double[n];
        // R, column-major with room for every basis vector there can be (at most dim beyond the offset).
        int ld = Math.max(options.offset(), Math.min(n, dim));
        double[] rf = new double[Math.multiplyExact(ld, n)];
        int[] kept = new int[n];
        int[] dropped = new int[n];
        double[] droppedNorms = new double[n];
        int k = 0;
        int d = 0;
        for (; k < options.offset(); k++) {
            rf[k + k * ld] = 1.0;
            kept[k] = k;
        }
        for (int j = options.offset(); j < n; j++) {
            int off = j * dim;
            double norm0 = norm(q, off, dim, product, mr);
            if (norm0 < 0) {
                throw new NotPositiveDefiniteException(
                        "inner product (v^T M v < 0 for input vector " + j + ")", j, -norm0 * norm0);
            }
            double norm = norm0;
            // Passes against the k basis vectors, stored at the front of q, so never overlapping r.
            int passes = 0;
            while (k > 0 && norm > 0) {
                double[] x = product == null ? q : mr;
                int xOff = product == null ? off : 0;
                LinalgBackend.blas().dgemv("T", dim, k, 1.0, q, 0, dim, x, xOff, 1, 0.0, c, 0, 1);
                LinalgBackend.blas().dgemv("N", dim, k, -1.0, q, 0, dim, c, 0, 1, 1.0, q, off, 1);
                for (int i = 0; i < k; i++) {
                    rf[i + j * ld] += c[i];
                }
                passes++;
                double before = norm;
                norm = Math.max(0.0, norm(q, off, dim, product, mr));
                boolean again = options.reorthogonalize()
                        && passes < MAX_PASSES
                        && (passes < 2 || norm < REPEAT_RATIO * before)
                        && norm > options.dropTolerance() * norm0;
                if (!again) {
                    break;
                }
            }
            if (norm <= options.dropTolerance() * norm0 || k >= dim) {
                dropped[d] = j;
                droppedNorms[d++] = norm0 == 0 ? 0.0 : norm / norm0;
                continue;
            }
            rf[k + j * ld] = norm;
            double inv = 1.0 / norm;
            for (int i = off, end = off + dim; i < end; i++) {
                q[i] *= inv;
            }
            if (k != j) {
                System.arraycopy(q, off, q, k * dim, dim);
            }
            kept[k++] = j;
        }
        basis.truncate(k);
        DenseMatrix r = DenseMatrix.zeros(k, n);
        for (int j = 0; j < n; j++) {
            System.arraycopy(rf, j * ld, r.data(), j * k, k);
        }
        return new Result(basis, r, Arrays.copyOf(kept, k), Arrays.copyOf(dropped, d), Arrays.copyOf(droppedNorms, d));
    }

    /**
     * {@code ||x||_M} of {@code x = q[off .. off+dim)}, leaving {@code M x} in {@code mr}; a
     * negative value {@code -sqrt(-x^T M x)} when round-off or an indefinite M makes it negative.
     */
    private static double norm(double[] q, int off, int dim, LinearMap product, double[] mr) {
        if (dim == 0) {
            return 0.0;
        }
        if (product == null) {
            return VectorArray.euclideanNorm(q, off, dim);
        }
        product.apply(q, off, mr, 0);
        double s = VectorArray.dot(q, off, mr, 0, dim);
        return s >= 0 ? Math.sqrt(s) : -Math.sqrt(-s);
    }

    /** Throws unless the inner-product operator is square of the vectors' dimension (null is fine). */
    static void checkProduct(LinearMap product, int dim) {
        if (product != null && (product.rows() != dim || product.cols() != dim)) {
            throw new DimensionMismatchException("inner product for vectors of dimension " + dim + " must be " + dim
                    + "x" + dim + ", found " + product.rows() + "x" + product.cols());
        }
    }
}
