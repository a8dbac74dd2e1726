package org.jrom.reductors;

import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.LinalgBackend;
import org.jrom.linalg.RoundOff;
import org.jrom.linalg.Svd;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;

/**
 * The online form of the ORTHONORMAL evaluation, {@code ||r|| = ||R gamma||_2}, compressed by the
 * singular value decomposition {@code R = U diag(sigma) V^T}: with {@code W = U^T R} (rows
 * orthogonal, {@code ||w_j|| = sigma_j} descending), {@code ||R gamma|| = ||W gamma||} exactly, and
 * for every k
 *
 * <pre>
 *   sum_{j<k} (w_j^T gamma)^2  <=  ||W gamma||^2  <=  sum_{j<k} (w_j^T gamma)^2 + sigma_k^2 ||gamma||^2.
 * </pre>
 *
 * Online the rows of W are taken in chunks until the tail {@code sigma_k ||gamma||} falls below
 * {@link #TAIL_FRACTION} times the partial norm, and the upper bound is returned: it exceeds the
 * exact norm by a factor of at most {@code sqrt(1 + TAIL_FRACTION^2)}, so the error bound stays
 * rigorous. The residual coefficients of a reduced basis decay fast in these directions (on the 3x3
 * thermal block at N = 60, about 150 of the 541 rows are needed at the greedy's accuracy), so the
 * cost follows the accuracy actually reached, never more than the full product. It is as stable as
 * the triangular product: U is orthogonal to round-off, so no cancellation enters.
 */
final class OrthonormalEvaluator implements ReducedModel.ResidualEvaluator {
    /** The tail may add at most this fraction (in quadrature) to the norm: overestimation {@code <= 5e-5}. */
    static final double TAIL_FRACTION = 1e-2;

    /** Rows of W per online step: one BLAS call each (measured as fast as one call on all rows). */
    static final int CHUNK = 32;

    static final String W = "w";
    static final String SIGMA = "sigma";

    private final double[] sigma; // rank, descending
    private final int termCount;
    private final int rank;
    private final int chunks;
    private final double[] blocks; // chunk c: CHUNK x termCount column-major at c * CHUNK * termCount, zero-padded
    private final ThreadLocal<double[]> rows; // W gamma of one query, per thread: no allocation per query
    private final double[] columnNorms; // ||W e_k|| = ||R e_k||, the dual norms of the represented terms

    private OrthonormalEvaluator(DenseMatrix w, double[] sigma) {
        this.sigma = sigma;
        this.termCount = w.cols();
        this.rank = w.rows();
        this.chunks = (rank + CHUNK - 1) / CHUNK;
        this.blocks = new double[chunks * CHUNK * termCount];
        this.rows = ThreadLocal.withInitial(() -> new double[chunks * CHUNK]);
        double[] wd = w.data();
        this.columnNorms = new double[termCount];
        for (int t = 0; t < termCount; t++) {
            for (int j = 0; j < rank; j++) {
                blocks[blockIndex(j, t)] = wd[j + t * rank];
            }
            columnNorms[t] = VectorArray.euclideanNorm(wd, t * rank, rank);
        }
    }

    /** Where entry (j, t) of W lies in {@link #blocks}. */
    private int blockIndex(int j, int t) {
        return ((j / CHUNK) * termCount + t) * CHUNK + j % CHUNK;
    }

    /** The bound {@code sigma_used ||gamma||} on the rows of W past the first {@code used}. */
    private double tail(int used, double gammaNorm) {
        return used < rank ? sigma[used] * gammaNorm : 0;
    }

    /** Compresses the R of the X-orthonormal QR of the residual representers (rows x terms). */
    static OrthonormalEvaluator compress(DenseMatrix r) {
        int rows = r.rows();
        int terms = r.cols();
        if (rows == 0 || terms == 0) {
            return new OrthonormalEvaluator(DenseMatrix.zeros(0, terms), new double[0]);
        }
        Svd svd = r.svd();
        double[] s = svd.singularValues();
        // W = U^T R: rank = min(rows, terms) rows; zero singular values only add zero rows
        int k = s.length;
        while (k > 0 && s[k - 1] == 0) {
            k--;
        }
        DenseMatrix ut = svd.u().transpose().subMatrix(0, k, 0, rows);
        return new OrthonormalEvaluator(ut.multiply(r), java.util.Arrays.copyOf(s, k));
    }

    /**
     * Rebuilds the evaluator from its arrays: {@code w} and {@code sigma} as {@link #arrays()} gives
     * them, or {@code r} alone (model files of format 1.x), which is compressed here.
     */
    static OrthonormalEvaluator of(Map<String, DenseMatrix> arrays) {
        if (!arrays.containsKey(W) && arrays.containsKey("r")) {
            return compress(arrays.get("r"));
        }
        for (String name : new String[] {W, SIGMA}) {
            if (!arrays.containsKey(name)) {
                throw new JromException(
                        "residual evaluation ORTHONORMAL needs the arrays 'w' and 'sigma' (or 'r'), found "
                                + arrays.keySet());
            }
        }
        DenseMatrix w = arrays.get(W);
        DenseMatrix s = arrays.get(SIGMA);
        if (s.cols() != 1 || s.rows() != w.rows()) {
            throw new JromException("residual evaluation ORTHONORMAL: 'sigma' must be " + w.rows()
                    + " x 1 (one per row of" + " 'w'), found " + s.rows() + "x" + s.cols());
        }
        double[] sigma = s.data().clone();
        for (int j = 0; j < sigma.length; j++) {
            if (!(sigma[j] >= 0) || (j > 0 && sigma[j] > sigma[j - 1])) {
                throw new JromException("residual evaluation ORTHONORMAL: 'sigma' must be non-negative and"
                        + " non-increasing, found " + sigma[j] + " at row " + j);
            }
        }
        return new OrthonormalEvaluator(w, sigma);
    }

    @Override
    public double norm(double[] gamma) {
        return bound(gamma, null);
    }

    /**
     * The computed {@code y = W_k gamma} (the first k rows, k <= rank) satisfies {@code |y - W_k gamma| <=
     * gamma_d |W_k| |gamma|} componentwise (d terms per inner product), so {@code ||y - W_k gamma|| <=
     * gamma_d sum_t |gamma_t| ||W e_t||}; the sum of squares, the square root and the hypotenuse with
     * the tail add a relative {@code gamma_{k+4}} at most (Higham 2002, sec. 3.1).
     */
    @Override
    public double upperBound(double computed, double[] gammas, int offset) {
        // four partial sums: a single one is a chain of dependent additions (the JIT does not
        // reorder floating-point sums), 0.7 us at d = 541; summed in any order it is the same bound
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = 0;
        for (; t + 4 <= termCount; t += 4) {
            s0 += Math.abs(gammas[offset + t]) * columnNorms[t];
            s1 += Math.abs(gammas[offset + t + 1]) * columnNorms[t + 1];
            s2 += Math.abs(gammas[offset + t + 2]) * columnNorms[t + 2];
            s3 += Math.abs(gammas[offset + t + 3]) * columnNorms[t + 3];
        }
        for (; t < termCount; t++) {
            s0 += Math.abs(gammas[offset + t]) * columnNorms[t];
        }
        double scale = (s0 + s1) + (s2 + s3);
        return (computed + RoundOff.gamma(termCount) * scale * (1 + RoundOff.gamma(termCount)))
                * (1 + RoundOff.gamma(rank + 4L));
    }

    /** The rows of W that {@link #norm} uses at gamma (for tests of the truncation). */
    int rowsUsed(double[] gamma) {
        int[] used = new int[1];
        bound(gamma, used);
        return used[0];
    }

    private double bound(double[] gamma, int[] usedOut) {
        double gnorm = VectorArray.euclideanNorm(gamma, 0, termCount);
        double[] y = rows.get(); // every entry read below is written first (beta = 0)
        double partial = 0; // sum of squares so far: only decides when to stop
        double tail = 0;
        int used = 0;
        for (int c = 0; c < chunks; c++) {
            LinalgBackend.blas()
                    .dgemv(
                            "N",
                            CHUNK,
                            termCount,
                            1.0,
                            blocks,
                            c * CHUNK * termCount,
                            CHUNK,
                            gamma,
                            0,
                            1,
                            0.0,
                            y,
                            c * CHUNK,
                            1);
            for (int i = c * CHUNK; i < (c + 1) * CHUNK; i++) {
                partial += y[i] * y[i];
            }
            used = Math.min(rank, (c + 1) * CHUNK);
            tail = tail(used, gnorm);
            if (tail <= TAIL_FRACTION * Math.sqrt(partial)) {
                break;
            }
        }
        if (usedOut != null) {
            usedOut[0] = used;
        }
        return Math.hypot(VectorArray.euclideanNorm(y, 0, used), tail);
    }

    /**
     * The same bound for a block of residuals, chunk by chunk as one matrix product each, each
     * column stopping where {@link #norm} stops.
     */
    @Override
    public void norms(double[] gammas, int count, double[] out) {
        int ld = chunks * CHUNK;
        double[] y = new double[ld * count];
        double[] gnorm = new double[count];
        double[] partial = new double[count];
        int[] used = new int[count];
        boolean[] done = new boolean[count];
        for (int j = 0; j < count; j++) {
            gnorm[j] = VectorArray.euclideanNorm(gammas, j * termCount, termCount);
        }
        int open = count;
        for (int c = 0; c < chunks && open > 0; c++) {
            LinalgBackend.blas()
                    .dgemm(
                            "N",
                            "N",
                            CHUNK,
                            count,
                            termCount,
                            1.0,
                            blocks,
                            c * CHUNK * termCount,
                            CHUNK,
                            gammas,
                            0,
                            termCount,
                            0.0,
                            y,
                            c * CHUNK,
                            ld);
            int next = Math.min(rank, (c + 1) * CHUNK);
            for (int j = 0; j < count; j++) {
                if (done[j]) {
                    continue;
                }
                for (int i = c * CHUNK; i < (c + 1) * CHUNK; i++) {
                    double v = y[j * ld + i];
                    partial[j] += v * v;
                }
                used[j] = next;
                if (tail(next, gnorm[j]) <= TAIL_FRACTION * Math.sqrt(partial[j])) {
                    done[j] = true;
                    open--;
                }
            }
        }
        for (int j = 0; j < count; j++) {
            out[j] = Math.hypot(VectorArray.euclideanNorm(y, j * ld, used[j]), tail(used[j], gnorm[j]));
        }
    }

    @Override
    public int termCount() {
        return termCount;
    }

    @Override
    public String kind() {
        return ResidualNormEvaluation.ORTHONORMAL.name();
    }

    /** The rows of W actually stored (the numerical rank of R). */
    int rank() {
        return rank;
    }

    /** W (read back from the online blocks, not kept twice) and sigma. */
    @Override
    public Map<String, DenseMatrix> arrays() {
        double[] w = new double[rank * termCount];
        for (int t = 0; t < termCount; t++) {
            for (int j = 0; j < rank; j++) {
                w[j + t * rank] = blocks[blockIndex(j, t)];
            }
        }
        return Map.of(W, DenseMatrix.wrap(rank, termCount, w), SIGMA, DenseMatrix.wrap(rank, 1, sigma.clone()));
    }
}
