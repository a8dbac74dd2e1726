package org.jrom.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.Arrays;
import org.netlib.util.intW;

/**
 * Sparse LU factorization {@code P A P^T = L U} of a non-symmetric matrix with a symmetric (or
 * symmetrized) sparsity pattern, by the supernodal multifrontal method on the structure of the
 * Cholesky analysis ({@link CholeskySymbolic}): the factors have the pattern of the Cholesky factor
 * of the pattern, L in its lower and U in its upper triangle (Duff and Reid 1984, "The multifrontal
 * solution of unsymmetric sets of linear equations", SIAM J. Sci. Stat. Comput. 5). Each supernode
 * assembles a dense square front from A and its children's update matrices, factors its pivot block
 * with LAPACK {@code dgetrf} (row interchanges restricted to the pivot block), computes {@code U12}
 * and {@code L21} with {@code dtrsm} and passes the Schur complement, computed with {@code dgemm},
 * to its parent.
 *
 * <p>Meant for the discretizations of coercive (positive real) operators, e.g. convection-diffusion:
 * {@code x^T A x > 0} makes every leading block of every symmetric permutation nonsingular, so the
 * factorization exists without pivoting outside the blocks, and its growth is bounded by {@code
 * ||S^-1 K||} for the symmetric and skew-symmetric parts {@code A = S + K} (Golub and Van Loan 1979,
 * "Unsymmetric positive definite linear systems", Linear Algebra Appl. 28). For a matrix far from
 * positive real the restricted pivoting may meet a zero pivot or grow without bound where a fully
 * pivoted LU would not: every solve measures its backward error, refines, and refuses an answer it
 * cannot make accurate ({@link #solve(double[])}); nothing wrong is returned silently.
 *
 * <p>Immutable; solves are thread-safe.
 */
public final class SparseLu implements LinearSolver {
    /** Fronts with {@code m * m * k} below this are factored by plain Java loops (no JNI call). */
    private static final long SMALL_FRONT = 12_000;

    /** Backward errors above this are refined; it is about 100 times a good factorization's. */
    static final double REFINE_ABOVE = 1e-13;

    /** A backward error still above this after refinement is an inaccurate factorization: refused. */
    static final double REFUSE_ABOVE = 1e-10;

    private static final int MAX_REFINEMENTS = 3;

    private final CholeskySymbolic symbolic;
    private final CsrMatrix matrix; // A itself (symmetrized pattern), for the residual of a solve
    private final double matrixNorm; // ||A||_inf
    private final double[][] lower; // supernode s: m x k, column-major: U11 on and above, L11 below, then L21
    private final double[][] upper; // supernode s: k x (m - k), column-major: U12
    private final int[][] pivots; // supernode s: local row j was interchanged with pivots[s][j] >= j

    private SparseLu(CholeskySymbolic symbolic, CsrMatrix matrix, double[][] lower, double[][] upper, int[][] pivots) {
        this.symbolic = symbolic;
        this.matrix = matrix;
        double norm = 0;
        int[] rp = matrix.rowPtr();
        double[] v = matrix.values();
        for (int i = 0; i < matrix.rows(); i++) {
            double row = 0;
            for (int p = rp[i]; p < rp[i + 1]; p++) {
                row += Math.abs(v[p]);
            }
            norm = Math.max(norm, row);
        }
        this.matrixNorm = norm;
        this.lower = lower;
        this.upper = upper;
        this.pivots = pivots;
    }

    /**
     * Symbolic analysis of A's pattern, symmetrized ({@link #withSymmetricPattern}) with the default
     * fill-reducing ordering; reusable by {@link CholeskySymbolic#factorLu} for matrices of that
     * symmetrized pattern.
     */
    public static CholeskySymbolic analyze(CsrMatrix a) {
        CholeskySymbolic.requireSquare(a);
        CsrMatrix s = withSymmetricPattern(a);
        return CholeskySymbolic.of(s, FillReducingOrdering.compute(s));
    }

    /**
     * Analyzes and factors A.
     *
     * @throws SingularMatrixException naming the failing pivot in the original numbering
     * @throws NonFiniteValueException for an entry that is NaN or infinite
     */
    public static SparseLu factor(CsrMatrix a) {
        CholeskySymbolic.requireSquare(a);
        CsrMatrix s = withSymmetricPattern(a);
        // an analysis of s itself: factorLu's symmetrizing and pattern check would repeat what is known
        return numeric(CholeskySymbolic.of(s, FillReducingOrdering.compute(s)), s);
    }

    /**
     * A with the entries of the transposed pattern added as stored zeros, so that its pattern is
     * symmetric; A itself when it already is.
     */
    public static CsrMatrix withSymmetricPattern(CsrMatrix a) {
        int[] rp = a.rowPtr();
        int[] ci = a.colIdx();
        int[] next = Arrays.copyOf(rp, a.rows());
        boolean symmetric = a.rows() == a.cols();
        for (int i = 0; i < a.rows() && symmetric; i++) {
            for (int p = rp[i]; p < rp[i + 1] && symmetric; p++) {
                int j = ci[p];
                int q = next[j];
                symmetric = q < rp[j + 1] && ci[q] == i;
                next[j]++;
            }
        }
        if (symmetric) {
            return a;
        }
        CsrMatrix t = a.transpose();
        return CsrMatrix.linearCombination(
                new double[] {1.0, 0.0},
                a,
                new CsrMatrix(t.rows(), t.cols(), t.rowPtr(), t.colIdx(), new double[t.nnz()]));
    }

    @Override
    public int dim() {
        return symbolic.n;
    }

    /** The symbolic analysis this factor was computed with. */
    public CholeskySymbolic symbolic() {
        return symbolic;
    }

    /** Number of nonzeros of L and U together, the diagonal once. */
    public long nnzFactor() {
        return 2 * symbolic.nnzFactor() - symbolic.n;
    }

    /** Numeric factorization of A (pattern already checked against the analysis). */
    static SparseLu numeric(CholeskySymbolic sym, CsrMatrix a) {
        return numeric(sym, a, SMALL_FRONT);
    }

    /**
     * The same, factoring fronts with {@code m * m * k <= smallFront} in Java and the others with
     * BLAS, on a large-stack thread ({@link LapackStack}).
     */
    static SparseLu numeric(CholeskySymbolic sym, CsrMatrix a, long smallFront) {
        boolean alone = OpenBlas.alone(); // on the caller's thread, not on LapackStack's
        return LapackStack.call(() -> factorFronts(sym, a, smallFront, alone));
    }

    private static SparseLu factorFronts(CholeskySymbolic sym, CsrMatrix a, long smallFront, boolean alone) {
        double[] values = a.values();
        requireFinite(a);
        int ns = sym.nsuper;
        double[][] lower = new double[ns][];
        double[][] upper = new double[ns][];
        int[][] pivots = new int[ns][];
        double[][] updates = new double[ns][];
        BLAS blas = LinalgBackend.blas();
        LAPACK lapack = LinalgBackend.lapack();
        for (int s = 0; s < ns; s++) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int m = sym.rowStart[s + 1] - sym.rowStart[s];
            int mu = m - k;
            // the whole front, column-major with leading dimension m; padded by m for netlib's bounds check
            double[] front = new double[Math.addExact(Math.multiplyExact(m, m), m)];
            for (int t = sym.asmStart[s]; t < sym.asmStart[s + 1]; t++) {
                int target = sym.asmTarget[t]; // (i, j), i >= j: A'(i, j) is the mirror entry, A'(j, i) the source
                int i = target % m;
                int j = target / m;
                front[target] += values[sym.asmMirror[t]];
                if (i != j) {
                    front[j + i * m] += values[sym.asmSource[t]];
                }
            }
            for (int c = sym.childStart[s]; c < sym.childStart[s + 1]; c++) {
                int child = sym.children[c];
                extendAdd(sym, child, updates[child], front, m);
                updates[child] = null;
            }
            int[] piv = new int[k];
            int failed = (long) m * m * k <= smallFront
                    ? factorFrontJava(front, m, k, piv)
                    : factorFrontBlas(blas, lapack, front, m, k, piv, alone);
            if (failed >= 0) {
                throw new SingularMatrixException("LU factorization of a sparse matrix: no nonzero pivot for"
                        + " unknown " + sym.perm[f + failed] + " within its supernode of " + k
                        + " unknowns (a singular or strongly non-coercive matrix)");
            }
            lower[s] = Arrays.copyOf(front, m * k);
            double[] u12 = new double[k * mu];
            double[] update = mu > 0 ? new double[mu * mu] : null;
            for (int c = 0; c < mu; c++) {
                System.arraycopy(front, (k + c) * m, u12, c * k, k);
                System.arraycopy(front, (k + c) * m + k, update, c * mu, mu);
            }
            upper[s] = u12;
            pivots[s] = piv;
            updates[s] = update;
        }
        return new SparseLu(sym, a, lower, upper, pivots);
    }

    /** Adds a child's update matrix (square, all of it) into the parent's front. */
    private static void extendAdd(CholeskySymbolic sym, int child, double[] cu, double[] front, int m) {
        int kc = sym.superFirst[child + 1] - sym.superFirst[child];
        int base = sym.rowStart[child] + kc;
        int muc = sym.rowStart[child + 1] - base;
        int[] rel = sym.relIdx;
        for (int b = 0; b < muc; b++) {
            int dst = rel[base + b] * m;
            int src = b * muc;
            for (int a = 0; a < muc; a++) {
                front[dst + rel[base + a]] += cu[src + a];
            }
        }
    }

    /**
     * Gaussian elimination of the first k columns of an m x m front, the pivot of column j chosen
     * among rows j..k-1 (largest magnitude); rows are interchanged whole. Leaves L (unit, below the
     * diagonal) and U of the pivot block, L21, U12 and the Schur complement in place. Returns the
     * local column without a nonzero pivot, or -1.
     */
    private static int factorFrontJava(double[] a, int m, int k, int[] piv) {
        for (int j = 0; j < k; j++) {
            int cj = j * m;
            int p = j;
            for (int i = j + 1; i < k; i++) {
                if (Math.abs(a[cj + i]) > Math.abs(a[cj + p])) {
                    p = i;
                }
            }
            piv[j] = p;
            if (a[cj + p] == 0.0) {
                return j;
            }
            if (p != j) {
                for (int c = 0; c < m; c++) {
                    double t = a[c * m + j];
                    a[c * m + j] = a[c * m + p];
                    a[c * m + p] = t;
                }
            }
            double inv = 1.0 / a[cj + j];
            for (int i = j + 1; i < m; i++) {
                a[cj + i] *= inv;
            }
            for (int c = j + 1; c < m; c++) {
                int cc = c * m;
                double ujc = a[cc + j];
                if (ujc != 0.0) {
                    for (int i = j + 1; i < m; i++) {
                        a[cc + i] -= a[cj + i] * ujc;
                    }
                }
            }
        }
        return -1;
    }

    /** The same with LAPACK {@code dgetrf} and {@code dlaswp}, BLAS {@code dtrsm} and {@code dgemm}. */
    private static int factorFrontBlas(BLAS blas, LAPACK lapack, double[] a, int m, int k, int[] piv, boolean alone) {
        int mu = m - k;
        // 2 k^3 / 3 (dgetrf) + 2 mu k^2 (two dtrsm) + 2 mu^2 k (dgemm)
        int failed = OpenBlas.front(2.0 * k * k * k / 3 + 2.0 * mu * k * k + 2.0 * mu * mu * k, alone, () -> {
            intW info = new intW(0);
            lapack.dgetrf(k, k, a, 0, m, piv, 0, info);
            if (info.val > 0) {
                return info.val - 1;
            }
            if (mu > 0) {
                lapack.dlaswp(mu, a, k * m, m, 1, k, piv, 0, 1);
                blas.dtrsm("L", "L", "N", "U", k, mu, 1.0, a, 0, m, a, k * m, m); // U12 = L11^-1 P F12
                blas.dtrsm("R", "U", "N", "N", mu, k, 1.0, a, 0, m, a, k, m); // L21 = F21 U11^-1
                blas.dgemm("N", "N", mu, mu, k, -1.0, a, k, m, a, k * m, m, 1.0, a, k + k * m, m);
            }
            return -1;
        });
        if (failed >= 0) {
            return failed;
        }
        for (int j = 0; j < k; j++) {
            piv[j]--; // LAPACK's pivots count from 1
        }
        return -1;
    }

    private static void requireFinite(CsrMatrix a) {
        double[] v = a.values();
        for (int p = 0; p < v.length; p++) {
            if (!Double.isFinite(v[p])) {
                int[] rp = a.rowPtr();
                int row = 0;
                while (rp[row + 1] <= p) {
                    row++;
                }
                throw new NonFiniteValueException("matrix given to the sparse LU factorization: entry (" + row + ", "
                        + a.colIdx()[p] + ") is " + v[p] + ", expected a finite number");
            }
        }
    }

    /**
     * Solves {@code A x = b}, then checks the normwise backward error {@code ||b - A x||_inf / (||A||_inf
     * ||x||_inf + ||b||_inf)}: above {@value #REFINE_ABOVE} the solution is refined (iterative
     * refinement, at most three steps), and still above {@value #REFUSE_ABOVE} the factorization is
     * too inaccurate for this matrix (pivots small against the entries below them, which restricted
     * pivoting cannot avoid: a matrix that is not positive real enough) and the solve is refused.
     *
     * @throws SingularMatrixException when the backward error stays above {@value #REFUSE_ABOVE}
     */
    @Override
    public double[] solve(double[] b) {
        DimensionMismatchException.check("right-hand side dimension", symbolic.n, b.length);
        double[] x = substitute(b);
        double[] r = new double[b.length];
        for (int step = 0; ; step++) {
            double eta = backwardError(b, x, r); // r = b - A x
            if (!(eta > REFINE_ABOVE)) {
                return x;
            }
            if (step == MAX_REFINEMENTS) {
                if (eta > REFUSE_ABOVE || !Double.isFinite(eta)) {
                    throw new SingularMatrixException(String.format(
                            java.util.Locale.ROOT,
                            "the sparse LU factorization is inaccurate for this matrix (backward error %.1e after %d"
                                    + " refinements): its pivots, chosen within supernodes, are too small; the"
                                    + " matrix is singular or far from positive real",
                            eta,
                            MAX_REFINEMENTS));
                }
                return x;
            }
            double[] d = substitute(r);
            for (int i = 0; i < x.length; i++) {
                x[i] += d[i];
            }
        }
    }

    /** {@code ||b - A x||_inf / (||A||_inf ||x||_inf + ||b||_inf)}, the residual left in {@code r}. */
    private double backwardError(double[] b, double[] x, double[] r) {
        matrix.apply(x, 0, r, 0);
        double rn = 0;
        double xn = 0;
        double bn = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] = b[i] - r[i];
            rn = Math.max(rn, Math.abs(r[i]));
            xn = Math.max(xn, Math.abs(x[i]));
            bn = Math.max(bn, Math.abs(b[i]));
        }
        double scale = matrixNorm * xn + bn;
        return scale == 0 ? 0 : rn / scale;
    }

    /** {@code x = U^-1 L^-1 P b} by the factors alone. */
    private double[] substitute(double[] b) {
        CholeskySymbolic sym = symbolic;
        double[] x = sym.permuted(b);
        int[] rows = sym.rowIdx;
        // L y = P b: the pivot block's interchanges, then unit lower columns
        for (int s = 0; s < sym.nsuper; s++) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int r0 = sym.rowStart[s];
            int m = sym.rowStart[s + 1] - r0;
            double[] l = lower[s];
            int[] piv = pivots[s];
            for (int j = 0; j < k; j++) {
                int p = piv[j];
                if (p != j) {
                    double t = x[f + j];
                    x[f + j] = x[f + p];
                    x[f + p] = t;
                }
            }
            for (int j = 0; j < k; j++) {
                SparseCholesky.subtractColumn(x, l, j * m, f, j, k, m, rows, r0, x[f + j]); // L11 unit lower
            }
        }
        // U z = y, in reverse
        for (int s = sym.nsuper - 1; s >= 0; s--) {
            int f = sym.superFirst[s];
            int k = sym.superFirst[s + 1] - f;
            int r0 = sym.rowStart[s];
            int m = sym.rowStart[s + 1] - r0;
            int mu = m - k;
            double[] l = lower[s];
            double[] u = upper[s];
            for (int j = k - 1; j >= 0; j--) {
                double t = x[f + j];
                for (int i = 0; i < mu; i++) {
                    t -= u[j + i * k] * x[rows[r0 + k + i]];
                }
                for (int i = j + 1; i < k; i++) {
                    t -= l[j + i * m] * x[f + i];
                }
                x[f + j] = t / l[j + j * m];
            }
        }
        return sym.unpermuted(x);
    }
}
