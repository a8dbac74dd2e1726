package org.jrom.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brand's incremental thin SVD in an inner product M (M. Brand, "Fast low-rank modifications of the
 * thin singular value decomposition", Linear Algebra Appl. 415, 2006): the state is {@code U diag(s)}
 * with U M-orthonormal, and a block B of new vectors updates it to the SVD of {@code [U diag(s), B]}.
 *
 * <p>One update: {@code B = U C + Q R} by block classical Gram-Schmidt with re-orthogonalization
 * (BCGS2, Barlow and Smoktunowicz, "Reorthogonalized block classical Gram-Schmidt", Numer. Math.
 * 123, 2013: project out U, orthonormalize the remainder with {@link GramSchmidt}, then project and
 * orthonormalize once more, "twice is enough"); then the SVD of the small core {@code K = [[diag(s),
 * C], [0, R]] = W S' V^T}, so that {@code [U diag(s), B] = ([U Q] W) S' V^T}; the kept columns of
 * {@code [U Q] W} are formed in place, one block of rows at a time. The right singular vectors are
 * not kept: memory is bounded by the basis, whatever the number of vectors seen.
 *
 * <p>Memory: the n x r basis is held column by column (no n x r array is ever copied or grown); an
 * update of k vectors holds at most about {@code 4 k} further vectors of dimension n (B, two
 * orthonormalized copies, the new columns; two more for M B when M is given). Singular values below
 * the core's round-off level, {@code max(rows, cols) eps s'_1}, are always dropped.
 */
public final class IncrementalSvd {
    private static final double EPS = Math.ulp(1.0);

    /** Rows per block in the blocked sweeps: the gathered block stays at about 1 MiB. */
    private static final int BLOCK_DOUBLES = 1 << 17;

    private final int dim;
    private final LinearMap product;
    private List<double[]> columns = new ArrayList<>();
    private double[] sigma = new double[0];
    private double energy;
    private long count;

    /** Chooses how many of the updated singular values {@code s'} (descending) to keep. */
    @FunctionalInterface
    public interface RankRule {
        /** The number of leading singular values to keep, between 0 and {@code singularValues.length}. */
        int rank(double[] singularValues);
    }

    /**
     * An empty decomposition of vectors of dimension {@code dim} in the inner product {@code product}
     * (symmetric positive definite; Euclidean when null).
     */
    public IncrementalSvd(int dim, LinearMap product) {
        if (dim < 0) {
            throw new DimensionMismatchException("dimension must be non-negative, found " + dim);
        }
        GramSchmidt.checkProduct(product, dim);
        this.dim = dim;
        this.product = product;
    }

    /** Dimension of the vectors. */
    public int dim() {
        return dim;
    }

    /** Number of vectors added so far. */
    public long count() {
        return count;
    }

    /** Current number of left singular vectors r. */
    public int rank() {
        return columns.size();
    }

    /** The current singular values, descending (a copy). */
    public double[] singularValues() {
        return sigma.clone();
    }

    /**
     * The sum of the squared M-norms of every vector added so far, {@code ||[b_1 ... b_m]||_F^2} in M:
     * the kept {@code sum s_i^2} plus everything the updates discarded.
     */
    public double energy() {
        return energy;
    }

    /** The first {@code count} left singular vectors, M-orthonormal, in a new block. */
    public VectorArray modes(int count) {
        if (count < 0 || count > columns.size()) {
            throw new IndexOutOfBoundsException("modes 0.." + count + " of a rank-" + columns.size() + " SVD");
        }
        VectorArray m = VectorArray.zeros(dim, count);
        for (int c = 0; c < count; c++) {
            System.arraycopy(columns.get(c), 0, m.data(), c * dim, dim);
        }
        return m;
    }

    /**
     * Updates the decomposition to that of {@code [U diag(s), B]}, truncated to the rank the rule
     * chooses (and never beyond the core's numerical rank). {@code b} is used as workspace: its
     * vectors are overwritten. {@link #energy()} already includes B when the rule is asked.
     *
     * @return the energy discarded by this update, {@code sum_{i > rank} s'_i^2}
     * @throws NonFiniteValueException if an entry of B is NaN or infinite
     */
    public double update(VectorArray b, RankRule rule) {
        DimensionMismatchException.check("dimension of the vectors added to the incremental SVD", dim, b.dim());
        b.requireFinite("vectors added to the incremental SVD");
        int k = b.count();
        if (k == 0) {
            return 0.0;
        }
        int r = columns.size();
        VectorArray mb = product == null ? b : product.apply(b);
        for (int j = 0; j < k; j++) {
            energy += VectorArray.dot(b.data(), j * dim, mb.data(), j * dim, dim);
        }
        count += k;
        // First pass: B -= U C, then B = Q1 R1.
        DenseMatrix c = coefficients(mb);
        subtract(b, c);
        GramSchmidt.Options exact = GramSchmidt.Options.defaults().withDropTolerance(0.0);
        GramSchmidt.Result first = GramSchmidt.orthonormalize(b, product, exact);
        VectorArray q1 = first.basis();
        DenseMatrix r1 = first.r();
        // Second pass on Q1: Q1 -= U D, Q1 = Q R2; so B = U (C + D R1) + Q (R2 R1).
        DenseMatrix d = coefficients(product == null ? q1 : product.apply(q1));
        subtract(q1, d);
        GramSchmidt.Result second = GramSchmidt.orthonormalize(q1, product, exact);
        VectorArray q = second.basis();
        c = c.plus(1.0, d.multiply(r1));
        DenseMatrix rr = second.r().multiply(r1);
        int p = r + q.count();
        if (p == 0) {
            return 0.0; // only zero vectors so far
        }
        DenseMatrix core = DenseMatrix.zeros(p, r + k);
        for (int i = 0; i < r; i++) {
            core.set(i, i, sigma[i]);
            for (int j = 0; j < k; j++) {
                core.set(i, r + j, c.get(i, j));
            }
        }
        for (int i = 0; i < q.count(); i++) {
            for (int j = 0; j < k; j++) {
                core.set(r + i, r + j, rr.get(i, j));
            }
        }
        Svd svd = core.svd();
        double[] s = svd.singularValues();
        int numericalRank = 0;
        double floor = Math.max(p, r + k) * EPS * s[0];
        while (numericalRank < s.length && s[numericalRank] > floor) {
            numericalRank++;
        }
        int keep = Math.min(rule.rank(s.clone()), numericalRank);
        if (keep < 0) {
            throw new IllegalArgumentException("rank rule chose " + keep + " singular values");
        }
        double discarded = 0;
        for (int i = s.length - 1; i >= keep; i--) {
            discarded += s[i] * s[i];
        }
        rotate(q, svd.u(), keep);
        sigma = Arrays.copyOf(s, keep);
        return discarded;
    }

    /** Rows per block for a sweep over {@code width} columns. */
    private int blockRows(int width) {
        return Math.max(1, Math.min(dim, Math.max(64, BLOCK_DOUBLES / Math.max(1, width))));
    }

    /** Copies rows {@code [i0, i0+rows)} of U into {@code buf}, column-major with leading dimension rows. */
    private void gather(int i0, int rows, double[] buf) {
        for (int c = 0; c < columns.size(); c++) {
            System.arraycopy(columns.get(c), i0, buf, c * rows, rows);
        }
    }

    /** {@code U^T Y}, r x y.count(), one GEMM per block of rows. */
    private DenseMatrix coefficients(VectorArray y) {
        int r = columns.size();
        int k = y.count();
        DenseMatrix c = DenseMatrix.zeros(r, k);
        if (r == 0) {
            return c;
        }
        int rows = blockRows(r);
        double[] buf = new double[rows * r];
        for (int i0 = 0; i0 < dim; i0 += rows) {
            int b = Math.min(rows, dim - i0);
            gather(i0, b, buf);
            Gemm.multiply(true, false, r, k, b, 1.0, buf, 0, b, y.data(), i0, dim, 1.0, c.data(), 0, r);
        }
        return c;
    }

    /** {@code W -= U C}, in place, one GEMM per block of rows. */
    private void subtract(VectorArray w, DenseMatrix c) {
        int r = columns.size();
        if (r == 0) {
            return;
        }
        int rows = blockRows(r);
        double[] buf = new double[rows * r];
        for (int i0 = 0; i0 < dim; i0 += rows) {
            int b = Math.min(rows, dim - i0);
            gather(i0, b, buf);
            Gemm.multiply(false, false, b, w.count(), r, -1.0, buf, 0, b, c.data(), 0, r, 1.0, w.data(), i0, dim);
        }
    }

    /**
     * {@code U <- ([U Q] W)[:, :keep]}, block of rows by block of rows: column c is written over
     * {@code u_c} where there is one, into a new array otherwise.
     */
    private void rotate(VectorArray q, DenseMatrix w, int keep) {
        int r = columns.size();
        int p = r + q.count();
        List<double[]> targets = new ArrayList<>(keep);
        for (int c = 0; c < keep; c++) {
            targets.add(c < r ? columns.get(c) : new double[dim]);
        }
        int rows = blockRows(p + keep);
        double[] in = new double[rows * p];
        double[] out = new double[rows * keep];
        for (int i0 = 0; i0 < dim && keep > 0; i0 += rows) {
            int b = Math.min(rows, dim - i0);
            gather(i0, b, in);
            for (int c = 0; c < q.count(); c++) {
                System.arraycopy(q.data(), c * dim + i0, in, (r + c) * b, b);
            }
            Gemm.multiply(false, false, b, keep, p, 1.0, in, 0, b, w.data(), 0, p, 0.0, out, 0, b);
            for (int c = 0; c < keep; c++) {
                System.arraycopy(out, c * b, targets.get(c), i0, b);
            }
        }
        columns = targets;
    }
}
