package org.jrom.linalg;

import dev.ludovic.netlib.blas.BLAS;
import org.netlib.util.intW;

/**
 * Sparse Cholesky factorization {@code P A P^T = L L^T} of a symmetric positive definite matrix by
 * the supernodal multifrontal method (Duff and Reid 1983, ACM TOMS 9; Liu 1992, "The multifrontal
 * method for sparse matrix solution: theory and practice", SIAM Review 34): each supernode
 * assembles a dense frontal matrix from A and its children's update matrices, factors its columns
 * with LAPACK {@code dpotrf} and {@code dtrsm}, and passes the Schur complement, computed with
 * {@code dsyrk}, to its parent. P is a fill-reducing ordering ({@link FillReducingOrdering}).
 *
 * <p>Input convention: A is stored with both triangles (as assembled), its pattern must be
 * symmetric (checked) and its values symmetric to within {@code 1e-10} of its largest entry
 * (checked); the factorization reads, for each pair of mirrored entries, the one in the row that
 * comes first in the permuted numbering.
 *
 * <p>The analysis ({@link #analyze}) depends only on the pattern and can be reused for any matrix of
 * that pattern with {@link CholeskySymbolic#factor}. The factor is immutable; solves are
 * thread-safe.
 */
public final class SparseCholesky implements LinearSolver {
    /** Fronts with {@code m * m * k} below this are factored by plain Java loops (no JNI call). */
    private static final long SMALL_FRONT = 12_000;

    private final CholeskySymbolic symbolic;
    private final double[][] blocks; // supernode s: rows x columns, column-major, leading dimension = rows

    private SparseCholesky(CholeskySymbolic symbolic, double[][] blocks) {
        this.symbolic = symbolic;
        this.blocks = blocks;
    }

    /** Symbolic analysis with the default fill-reducing ordering ({@link FillReducingOrdering#compute}). */
    public static CholeskySymbolic analyze(CsrMatrix a) {
        CholeskySymbolic.requireSquare(a);
        return CholeskySymbolic.of(a, FillReducingOrdering.compute(a));
    }

    /**
     * Symbolic analysis for many factorizations of one pattern (a parametrized operator, Newton's
     * tangents): the ordering of less factorization work, {@code sum colcount^2}, of nested
     * dissection and approximate minimum degree, since the ordering is paid once and the work at
     * every factorization.
     */
    public static CholeskySymbolic analyzeForReuse(CsrMatrix a) {
        CholeskySymbolic.requireSquare(a);
        FillReducingOrdering.Graph g = FillReducingOrdering.Graph.of(a);
        CholeskySymbolic minimumDegree =
                CholeskySymbolic.of(a, ApproximateMinimumDegree.of(g).order());
        CholeskySymbolic dissected = CholeskySymbolic.of(a, FillReducingOrdering.nestedDissection(g));
        return minimumDegree.flops() < dissected.flops() ? minimumDegree : dissected;
    }

    /**
     * Symbolic analysis with a given symmetric permutation (new index k is old index {@code
     * permutation[k]}); the identity gives the natural order. The elimination tree is postordered on
     * top of it, which leaves the fill unchanged.
     */
    public static CholeskySymbolic analyze(CsrMatrix a, int[] permutation) {
        return CholeskySymbolic.of(a, permutation);
    }

    /**
     * Analyzes and factors A.
     *
     * @throws NotPositiveDefiniteException naming the failing pivot in the original numbering
     */
    public static SparseCholesky factor(CsrMatrix a) {
        return analyze(a).factor(a);
    }

    /** The symbolic analysis this factor was computed with (reusable for matrices of the same pattern). */
    public CholeskySymbolic symbolic() {
        return symbolic;
    }

    @Override
    public int dim() {
        return symbolic.n;
    }

    /** Number of nonzeros of L, diagonal included. */
    public long nnzFactor() {
        return symbolic.nnzFactor();
    }

    /** The permutation: new index k is old index {@code permutation()[k]} (a copy). */
    public int[] permutation() {
        return symbolic.permutation();
    }

    /** {@code log det A = 2 sum_j log L_jj}. */
    public double logDeterminant() {
        double s = 0;
        for (int sn = 0; sn < symbolic.nsuper; sn++) {
            int k = symbolic.superFirst[sn + 1] - symbolic.superFirst[sn];
            int m = symbolic.rowStart[sn + 1] - symbolic.rowStart[sn];
            for (int j = 0; j < k; j++) {
                s += Math.log(blocks[sn][j + j * m]);
            }
        }
        return 2 * s;
    }

    /** The factor L of {@code P A P^T} as a sparse matrix (structural zeros of relaxed supernodes dropped). */
    public CsrMatrix lower() {
        CholeskySymbolic sym = symbolic;
        int n = sym.n;
        int[] count = new int[n + 1];
        for (int s = 0; s < sym.nsuper; s++) {
            int k = sym.superFirst[s + 1] - sym.superFirst[s];
            int m = sym.rowStart[s + 1] - sym.rowStart[s];
            for (int j = 0; j < k; j++) {
                for (int i = j; i < m; i++) {
                    if (blocks[s][i + j * m] != 0.0) {
                        count[sym.rowIdx[sym.rowStart[s] + i] + 1]++;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] next = java.util.Arrays.copyOf(count, n);
        int[] ci = new int[count[n]];
        double[] v = new double[count[n]];
        for (int s = 0; s < sym.nsuper; s++) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int m = sym.rowStart[s + 1] - sym.rowStart[s];
            for (int j = 0; j < k; j++) {
                for (int i = j; i < m; i++) {
                    double x = blocks[s][i + j * m];
                    if (x != 0.0) {
                        int q = next[sym.rowIdx[sym.rowStart[s] + i]]++;
                        ci[q] = f + j;
                        v[q] = x;
                    }
                }
            }
        }
        return new CsrMatrix(n, n, count, ci, v);
    }

    /** Numeric multifrontal factorization of A (pattern already checked against the analysis). */
    static SparseCholesky numeric(CholeskySymbolic sym, CsrMatrix a) {
        return numeric(sym, a, SMALL_FRONT);
    }

    /** The same, factoring fronts with {@code m * m * k <= smallFront} in Java and the others with BLAS. */
    static SparseCholesky numeric(CholeskySymbolic sym, CsrMatrix a, long smallFront) {
        double[] values = a.values();
        checkValues(sym, a);
        int ns = sym.nsuper;
        double[][] blocks = new double[ns][];
        double[][] updates = new double[ns][];
        BLAS blas = LinalgBackend.blas();
        boolean alone = OpenBlas.alone();
        for (int s = 0; s < ns; s++) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int r0 = sym.rowStart[s];
            int m = sym.rowStart[s + 1] - r0;
            int mu = m - k;
            // padded by k: netlib's bounds check asks offset + cols * ld <= length for the lower part
            double[] block = new double[Math.addExact(Math.multiplyExact(m, k), k)];
            double[] update = mu > 0 ? new double[Math.multiplyExact(mu, mu)] : null;
            for (int t = sym.asmStart[s]; t < sym.asmStart[s + 1]; t++) {
                block[sym.asmTarget[t]] += values[sym.asmSource[t]];
            }
            for (int c = sym.childStart[s]; c < sym.childStart[s + 1]; c++) {
                int child = sym.children[c];
                extendAdd(sym, child, updates[child], block, m, k, update, mu);
                updates[child] = null;
            }
            int failed = (long) m * m * k <= smallFront
                    ? factorFrontJava(block, m, k, update, mu)
                    : factorFrontBlas(blas, block, m, k, update, mu, alone);
            if (failed >= 0) {
                throw new NotPositiveDefiniteException("matrix", sym.perm[f + failed], block[failed + failed * m]);
            }
            blocks[s] = block;
            updates[s] = update;
        }
        return new SparseCholesky(sym, blocks);
    }

    /** Adds the lower triangle of a child's update matrix into the parent's front (block and update). */
    private static void extendAdd(
            CholeskySymbolic sym, int child, double[] cu, double[] block, int m, int k, double[] update, int mu) {
        int kc = sym.superFirst[child + 1] - sym.superFirst[child];
        int base = sym.rowStart[child] + kc;
        int muc = sym.rowStart[child + 1] - base;
        int[] rel = sym.relIdx;
        for (int j = 0; j < muc; j++) {
            int rj = rel[base + j];
            int src = j * muc;
            if (rj < k) {
                int dst = rj * m;
                for (int i = j; i < muc; i++) {
                    block[dst + rel[base + i]] += cu[src + i];
                }
            } else {
                int dst = (rj - k) * mu - k;
                for (int i = j; i < muc; i++) {
                    update[dst + rel[base + i]] += cu[src + i];
                }
            }
        }
    }

    /**
     * Partial Cholesky of a small front by columns: {@code L11 L11^T = F11}, {@code L21 = F21
     * L11^-T}, {@code U -= L21 L21^T}. Returns the failing local pivot, or -1.
     */
    private static int factorFrontJava(double[] b, int m, int k, double[] u, int mu) {
        for (int j = 0; j < k; j++) {
            int cj = j * m;
            for (int t = 0; t < j; t++) {
                int ct = t * m;
                double ljt = b[ct + j];
                if (ljt != 0.0) {
                    for (int i = j; i < m; i++) {
                        b[cj + i] -= b[ct + i] * ljt;
                    }
                }
            }
            double d = b[cj + j];
            if (!(d > 0.0)) {
                return j;
            }
            d = Math.sqrt(d);
            b[cj + j] = d;
            double inv = 1.0 / d;
            for (int i = j + 1; i < m; i++) {
                b[cj + i] *= inv;
            }
        }
        for (int l = 0; l < mu; l++) {
            int cl = l * mu - k;
            for (int t = 0; t < k; t++) {
                int ct = t * m;
                double blt = b[ct + k + l];
                if (blt != 0.0) {
                    for (int i = k + l; i < m; i++) {
                        u[cl + i] -= b[ct + i] * blt;
                    }
                }
            }
        }
        return -1;
    }

    /** The same partial Cholesky with LAPACK dpotrf, BLAS dtrsm and dsyrk. */
    private static int factorFrontBlas(BLAS blas, double[] b, int m, int k, double[] u, int mu, boolean alone) {
        // k^3 / 3 (dpotrf) + mu k^2 (dtrsm) + mu^2 k (dsyrk): the top fronts of a 3-D problem are large
        return OpenBlas.front((double) k * k * k / 3 + (double) mu * k * k + (double) mu * mu * k, alone, () -> {
            intW info = new intW(0);
            LinalgBackend.lapack().dpotrf("L", k, b, 0, m, info);
            if (info.val > 0) {
                return info.val - 1;
            }
            if (mu > 0) {
                blas.dtrsm("R", "L", "T", "N", mu, k, 1.0, b, 0, m, b, k, m);
                blas.dsyrk("L", "N", mu, k, -1.0, b, k, m, 1.0, u, 0, mu);
            }
            return -1;
        });
    }

    /**
     * One column of a supernode's forward substitution: {@code x -= L(:, j) x_j} below the
     * diagonal, the supernode's own rows {@code f + j + 1 .. f + k - 1} and then the rows below it.
     */
    static void subtractColumn(
            double[] x, double[] block, int cj, int f, int j, int k, int m, int[] rows, int r0, double xj) {
        if (xj != 0.0) {
            for (int i = j + 1; i < k; i++) {
                x[f + i] -= block[cj + i] * xj;
            }
            for (int i = k; i < m; i++) {
                x[rows[r0 + i]] -= block[cj + i] * xj;
            }
        }
    }

    /** Rejects non-finite entries and values that are not symmetric. */
    private static void checkValues(CholeskySymbolic sym, CsrMatrix a) {
        double[] v = a.values();
        double max = 0;
        for (int p = 0; p < v.length; p++) {
            double x = Math.abs(v[p]);
            if (!(x <= Double.MAX_VALUE)) {
                int row = rowOf(a, p);
                throw new NonFiniteValueException("matrix given to the sparse Cholesky factorization: entry (" + row
                        + ", " + a.colIdx()[p] + ") is " + v[p] + ", expected a finite number");
            }
            max = Math.max(max, x);
        }
        double tol = CholeskySymbolic.SYMMETRY_TOLERANCE * max;
        int[] src = sym.asmSource;
        int[] mirror = sym.asmMirror;
        for (int t = 0; t < src.length; t++) {
            if (Math.abs(v[src[t]] - v[mirror[t]]) > tol) {
                int p = src[t];
                int row = rowOf(a, p);
                int col = a.colIdx()[p];
                throw new InvalidMatrixException("Cholesky factorization needs a symmetric matrix: entry (" + row + ", "
                        + col + ") is " + v[p] + " but (" + col + ", " + row + ") is " + v[mirror[t]]);
            }
        }
    }

    private static int rowOf(CsrMatrix a, int p) {
        int[] rp = a.rowPtr();
        int lo = 0;
        int hi = a.rows() - 1;
        while (lo < hi) { // last row whose start is <= p
            int mid = (lo + hi + 1) >>> 1;
            if (rp[mid] <= p) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public double[] solve(double[] b) {
        CholeskySymbolic sym = symbolic;
        int n = sym.n;
        DimensionMismatchException.check("right-hand side dimension", n, b.length);
        double[] x = sym.permuted(b);
        int[] rows = sym.rowIdx;
        // L y = P b, supernode by supernode, column by column
        for (int s = 0; s < sym.nsuper; s++) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int r0 = sym.rowStart[s];
            int m = sym.rowStart[s + 1] - r0;
            double[] blk = blocks[s];
            for (int j = 0; j < k; j++) {
                int cj = j * m;
                double xj = x[f + j] / blk[cj + j];
                x[f + j] = xj;
                subtractColumn(x, blk, cj, f, j, k, m, rows, r0, xj);
            }
        }
        // L^T z = y, in reverse
        for (int s = sym.nsuper - 1; s >= 0; s--) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int r0 = sym.rowStart[s];
            int m = sym.rowStart[s + 1] - r0;
            double[] blk = blocks[s];
            for (int j = k - 1; j >= 0; j--) {
                int cj = j * m;
                double t = x[f + j];
                for (int i = j + 1; i < k; i++) {
                    t -= blk[cj + i] * x[f + i];
                }
                for (int i = k; i < m; i++) {
                    t -= blk[cj + i] * x[rows[r0 + i]];
                }
                x[f + j] = t / blk[cj + j];
            }
        }
        return sym.unpermuted(x);
    }

    /**
     * Solves for all right-hand sides at once: per supernode one {@code dtrsm} on its rows of the
     * block and one {@code dgemm} for the rows below, instead of a vector operation per column.
     */
    @Override
    public VectorArray solve(VectorArray b) {
        CholeskySymbolic sym = symbolic;
        int n = sym.n;
        DimensionMismatchException.check("right-hand side dimension", n, b.dim());
        int nrhs = b.count();
        VectorArray result = VectorArray.zeros(n, nrhs);
        if (nrhs == 0 || n == 0) {
            return result;
        }
        int[] perm = sym.perm;
        double[] bd = b.data();
        // padded by n: netlib's bounds check asks offset + cols * ld <= length
        double[] x = new double[n * nrhs + n];
        for (int j = 0; j < nrhs; j++) {
            for (int k = 0; k < n; k++) {
                x[k + j * n] = bd[perm[k] + j * n];
            }
        }
        int maxBelow = 0;
        for (int s = 0; s < sym.nsuper; s++) {
            int m = sym.rowStart[s + 1] - sym.rowStart[s];
            int k = sym.superFirst[s + 1] - sym.superFirst[s];
            maxBelow = Math.max(maxBelow, m - k);
        }
        double[] w = new double[maxBelow * nrhs];
        BLAS blas = LinalgBackend.blas();
        int[] rows = sym.rowIdx;
        for (int s = 0; s < sym.nsuper; s++) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int r0 = sym.rowStart[s];
            int m = sym.rowStart[s + 1] - r0;
            int mu = m - k;
            blas.dtrsm("L", "L", "N", "N", k, nrhs, 1.0, blocks[s], 0, m, x, f, n);
            if (mu > 0) {
                // W = L21 X1, then X(below rows) -= W
                blas.dgemm("N", "N", mu, nrhs, k, 1.0, blocks[s], k, m, x, f, n, 0.0, w, 0, mu);
                for (int j = 0; j < nrhs; j++) {
                    for (int i = 0; i < mu; i++) {
                        x[rows[r0 + k + i] + j * n] -= w[i + j * mu];
                    }
                }
            }
        }
        for (int s = sym.nsuper - 1; s >= 0; s--) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int r0 = sym.rowStart[s];
            int m = sym.rowStart[s + 1] - r0;
            int mu = m - k;
            if (mu > 0) {
                // X1 -= L21^T X(below rows)
                for (int j = 0; j < nrhs; j++) {
                    for (int i = 0; i < mu; i++) {
                        w[i + j * mu] = x[rows[r0 + k + i] + j * n];
                    }
                }
                blas.dgemm("T", "N", k, nrhs, mu, -1.0, blocks[s], k, m, w, 0, mu, 1.0, x, f, n);
            }
            blas.dtrsm("L", "L", "T", "N", k, nrhs, 1.0, blocks[s], 0, m, x, f, n);
        }
        double[] rd = result.data();
        for (int j = 0; j < nrhs; j++) {
            for (int k = 0; k < n; k++) {
                rd[perm[k] + j * n] = x[k + j * n];
            }
        }
        return result;
    }
}
