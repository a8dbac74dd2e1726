package org.jrom.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A smoothed-aggregation algebraic multigrid preconditioner (Vanek, Mandel, Brezina, Computing 56
 * (1996) 179-196) for symmetric positive definite matrices, with a given near-nullspace: the
 * constants for a scalar diffusion, the six rigid-body modes for 3D elasticity.
 *
 * <p>Setup, level by level: the nodes (groups of {@code blockSize} consecutive dofs on the finest
 * level, one aggregate's coarse dofs below) are aggregated greedily on the graph of the nonzero
 * node blocks (a node with all its neighbours free starts an aggregate of itself and its
 * neighbours; the rest join a neighbouring aggregate, or start one of their own); the near-nullspace
 * restricted to each aggregate is orthonormalized (Gram-Schmidt, dependent columns dropped), which
 * gives the tentative prolongator {@code P_t} and the coarse near-nullspace; {@code P = (I - omega
 * D^{-1} A) P_t} with {@code omega = 4 / (3 lambda)}, lambda the largest eigenvalue of {@code D^{-1}
 * A} estimated by power iteration; the coarse matrix is {@code P^T A P}. Coarsening stops at
 * {@code coarseSize} unknowns, where a sparse Cholesky factorization solves.
 *
 * <p>Applied as one V-cycle with a Chebyshev smoother of degree {@code smootherDegree} on {@code
 * D^{-1} A} over {@code [0.1 lambda_hi, lambda_hi]}, {@code lambda_hi = 1.1 lambda} (the
 * interval PETSc's GAMG uses), before and after the coarse correction. The smoother is a polynomial
 * in {@code D^{-1} A}, self-adjoint in the A inner product, and the same before and after, so the
 * cycle is a symmetric positive definite preconditioner for the conjugate gradient as long as the
 * smoother converges (lambda_hi above the largest eigenvalue).
 *
 * <p>The preconditioner holds work vectors: {@link #apply} is not for concurrent use.
 */
public final class SmoothedAggregation implements Preconditioner {
    private static final int POWER_ITERATIONS = 20;
    private static final double DROP = 1e-10;

    private static final class Level {
        CsrMatrix a;
        double[] invDiag;
        double lambda;
        CsrMatrix p; // prolongation from the next level
        CsrMatrix r; // P^T
        double[] x;
        double[] b;
        double[] res;
        double[] d;
    }

    private final Level[] levels;
    private final SparseCholesky coarse;
    private final int degree;

    private SmoothedAggregation(Level[] levels, SparseCholesky coarse, int degree) {
        this.levels = levels;
        this.coarse = coarse;
        this.degree = degree;
    }

    /** A builder for the given symmetric positive definite matrix. */
    public static Builder builder(CsrMatrix a) {
        return new Builder(a);
    }

    /** The settings of the setup. */
    public static final class Builder {
        private final CsrMatrix a;
        private double[][] nullspace;
        private int blockSize = 1;
        private int coarseSize = 3000;
        private int maxLevels = 12;
        private int smootherDegree = 2;

        private Builder(CsrMatrix a) {
            if (a.rows() != a.cols()) {
                throw new DimensionMismatchException(
                        "smoothed aggregation needs a square matrix, found " + a.rows() + "x" + a.cols());
            }
            this.a = a;
        }

        /** The near-nullspace vectors (default: the constant vector); each of the matrix's length. */
        public Builder nearNullspace(double[]... modes) {
            for (double[] m : modes) {
                DimensionMismatchException.check("near-nullspace vector length", a.rows(), m.length);
            }
            this.nullspace = modes.clone();
            return this;
        }

        /** Dofs per node on the finest level (3 for interleaved 3D displacements); must divide the size. */
        public Builder blockSize(int b) {
            if (b < 1 || a.rows() % b != 0) {
                throw new IllegalArgumentException(
                        "block size must be positive and divide the matrix size " + a.rows() + ", found " + b);
            }
            this.blockSize = b;
            return this;
        }

        /** Below this many unknowns a level is solved by sparse Cholesky (default 3000). */
        public Builder coarseSize(int n) {
            this.coarseSize = Math.max(1, n);
            return this;
        }

        /** At most this many levels (default 12). */
        public Builder maxLevels(int n) {
            this.maxLevels = Math.max(1, n);
            return this;
        }

        /** Chebyshev smoothing steps before and after the coarse correction (default 2). */
        public Builder smootherDegree(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("smoother degree must be at least 1, found " + k);
            }
            this.smootherDegree = k;
            return this;
        }

        /**
         * The hierarchy.
         *
         * @throws NotPositiveDefiniteException if a diagonal entry is not positive or the coarsest
         *     matrix is not positive definite
         */
        public SmoothedAggregation build() {
            double[][] modes = nullspace;
            if (modes == null) {
                double[] one = new double[a.rows()];
                Arrays.fill(one, 1.0);
                modes = new double[][] {one};
            }
            int n = a.rows();
            int[] nodePtr = new int[n / blockSize + 1];
            for (int i = 0; i < nodePtr.length; i++) {
                nodePtr[i] = i * blockSize;
            }
            List<Level> levels = new ArrayList<>();
            CsrMatrix current = a;
            while (true) {
                Level level = new Level();
                level.a = current;
                level.x = new double[current.rows()];
                level.b = new double[current.rows()];
                levels.add(level);
                if (current.rows() <= coarseSize || levels.size() == maxLevels) {
                    break;
                }
                level.invDiag = inverseDiagonal(current);
                level.lambda = largestEigenvalue(current, level.invDiag);
                level.res = new double[current.rows()];
                level.d = new double[current.rows()];
                int[] aggregate = aggregate(nodeGraph(current, nodePtr), nodePtr.length - 1);
                Tentative t = tentative(aggregate, nodePtr, modes);
                if (t.coarseDim >= current.rows() * 0.9 || t.coarseDim == 0) {
                    level.invDiag = null; // the aggregation no longer coarsens: this is the coarsest level
                    break;
                }
                CsrMatrix ap = multiply(current, t.p);
                double omega = 4.0 / (3.0 * level.lambda);
                double[] v = ap.nonzeroValues(); // a copy
                int[] ptr = ap.rowPointers();
                for (int i = 0; i < current.rows(); i++) {
                    double s = -omega * level.invDiag[i];
                    for (int q = ptr[i]; q < ptr[i + 1]; q++) {
                        v[q] *= s;
                    }
                }
                CsrMatrix p = new CsrMatrix(ap.rows(), ap.cols(), ptr, ap.columnIndices(), v).plus(1.0, t.p);
                level.p = p;
                level.r = p.transpose();
                CsrMatrix coarseMatrix = multiply(level.r, multiply(current, p));
                current = coarseMatrix.plus(1.0, coarseMatrix.transpose()).scale(0.5);
                nodePtr = t.coarseNodePtr;
                modes = t.coarseModes;
            }
            Level last = levels.get(levels.size() - 1);
            return new SmoothedAggregation(levels.toArray(Level[]::new), SparseCholesky.factor(last.a), smootherDegree);
        }
    }

    /** Number of levels, the finest included. */
    public int levels() {
        return levels.length;
    }

    /** The size of level l (0 the finest). */
    public int levelSize(int l) {
        return levels[l].a.rows();
    }

    /** Operator complexity: the nonzeros of all levels over those of the finest. */
    public double operatorComplexity() {
        double s = 0;
        for (Level l : levels) {
            s += l.a.nnz();
        }
        return s / levels[0].a.nnz();
    }

    /** The size of the finest level. */
    public int dim() {
        return levels[0].a.rows();
    }

    @Override
    public synchronized void apply(double[] r, double[] z) {
        DimensionMismatchException.check("residual length for smoothed aggregation", dim(), r.length);
        DimensionMismatchException.check("output length for smoothed aggregation", dim(), z.length);
        cycle(0, r, z);
    }

    /** One V-cycle for {@code A_l x = b}, from x = 0. */
    private void cycle(int l, double[] b, double[] x) {
        Level level = levels[l];
        if (l == levels.length - 1) {
            System.arraycopy(coarse.solve(b), 0, x, 0, x.length);
            return;
        }
        Arrays.fill(x, 0);
        chebyshev(level, b, x, true);
        level.a.apply(x, 0, level.res, 0);
        for (int i = 0; i < x.length; i++) {
            level.res[i] = b[i] - level.res[i];
        }
        Level next = levels[l + 1];
        level.r.apply(level.res, 0, next.b, 0);
        cycle(l + 1, next.b, next.x);
        level.p.apply(next.x, 0, level.res, 0);
        for (int i = 0; i < x.length; i++) {
            x[i] += level.res[i];
        }
        chebyshev(level, b, x, false);
    }

    /**
     * {@code degree} Chebyshev steps for {@code A x = b} preconditioned by the diagonal, on {@code
     * [0.1, 1] * 1.1 lambda} (Saad, Iterative Methods for Sparse Linear Systems, 2003, Alg. 12.1).
     */
    private void chebyshev(Level level, double[] b, double[] x, boolean zeroStart) {
        double hi = 1.1 * level.lambda;
        double lo = 0.1 * hi;
        double theta = 0.5 * (hi + lo);
        double delta = 0.5 * (hi - lo);
        double sigma = theta / delta;
        double rho = 1 / sigma;
        double[] res = level.res;
        double[] d = level.d;
        double[] inv = level.invDiag;
        int n = x.length;
        if (zeroStart) {
            System.arraycopy(b, 0, res, 0, n);
        } else {
            level.a.apply(x, 0, res, 0);
            for (int i = 0; i < n; i++) {
                res[i] = b[i] - res[i];
            }
        }
        for (int i = 0; i < n; i++) {
            d[i] = inv[i] * res[i] / theta;
        }
        for (int k = 1; ; k++) {
            for (int i = 0; i < n; i++) {
                x[i] += d[i];
            }
            if (k == degree) {
                return;
            }
            level.a.apply(x, 0, res, 0);
            for (int i = 0; i < n; i++) {
                res[i] = b[i] - res[i];
            }
            double rhoNew = 1 / (2 * sigma - rho);
            double c1 = rhoNew * rho;
            double c2 = 2 * rhoNew / delta;
            for (int i = 0; i < n; i++) {
                d[i] = c1 * d[i] + c2 * inv[i] * res[i];
            }
            rho = rhoNew;
        }
    }

    private static double[] inverseDiagonal(CsrMatrix a) {
        double[] d = a.diagonal();
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] > 0)) {
                throw new NotPositiveDefiniteException(
                        "smoothed aggregation: diagonal entry " + i + " is " + d[i] + ", expected > 0", i, d[i]);
            }
            d[i] = 1 / d[i];
        }
        return d;
    }

    /** The Rayleigh quotient {@code x^T A x / x^T D x} after power iterations on {@code D^{-1} A}. */
    static double largestEigenvalue(CsrMatrix a, double[] invDiag) {
        int n = a.rows();
        double[] x = new double[n];
        double[] y = new double[n];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble() - 0.5;
        }
        double lambda = 0;
        for (int k = 0; k < POWER_ITERATIONS; k++) {
            a.apply(x, 0, y, 0);
            double xay = 0;
            double xdx = 0;
            for (int i = 0; i < n; i++) {
                xay += x[i] * y[i];
                xdx += x[i] * x[i] / invDiag[i];
            }
            lambda = xay / xdx;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                y[i] *= invDiag[i];
                norm = Math.max(norm, Math.abs(y[i]));
            }
            for (int i = 0; i < n; i++) {
                x[i] = y[i] / norm;
            }
        }
        return lambda;
    }

    /** The node adjacency (CSR, self excluded) of the nonzero blocks of A. */
    static int[][] nodeGraph(CsrMatrix a, int[] nodePtr) {
        int nodes = nodePtr.length - 1;
        int[] nodeOf = new int[a.rows()];
        for (int i = 0; i < nodes; i++) {
            Arrays.fill(nodeOf, nodePtr[i], nodePtr[i + 1], i);
        }
        int[] ptr = a.rowPointers();
        int[] ci = a.columnIndices();
        double[] v = a.nonzeroValues();
        int[] adjPtr = new int[nodes + 1];
        int[] marker = new int[nodes];
        Arrays.fill(marker, -1);
        int[] adj = new int[Math.max(16, ci.length / Math.max(1, (a.rows() / Math.max(1, nodes))))];
        int count = 0;
        for (int i = 0; i < nodes; i++) {
            marker[i] = i;
            for (int row = nodePtr[i]; row < nodePtr[i + 1]; row++) {
                for (int q = ptr[row]; q < ptr[row + 1]; q++) {
                    int j = nodeOf[ci[q]];
                    if (marker[j] != i && v[q] != 0) {
                        marker[j] = i;
                        if (count == adj.length) {
                            adj = Arrays.copyOf(adj, 2 * adj.length);
                        }
                        adj[count++] = j;
                    }
                }
            }
            adjPtr[i + 1] = count;
        }
        return new int[][] {adjPtr, adj};
    }

    /** The aggregate of every node (Vanek et al. 1996, the three passes). */
    static int[] aggregate(int[][] graph, int nodes) {
        int[] adjPtr = graph[0];
        int[] adj = graph[1];
        int[] agg = new int[nodes];
        Arrays.fill(agg, -1);
        int count = 0;
        for (int i = 0; i < nodes; i++) {
            if (agg[i] >= 0) {
                continue;
            }
            boolean free = true;
            for (int q = adjPtr[i]; q < adjPtr[i + 1] && free; q++) {
                free = agg[adj[q]] < 0;
            }
            if (free) {
                agg[i] = count;
                for (int q = adjPtr[i]; q < adjPtr[i + 1]; q++) {
                    agg[adj[q]] = count;
                }
                count++;
            }
        }
        int[] first = agg.clone();
        for (int i = 0; i < nodes; i++) {
            if (agg[i] < 0) {
                for (int q = adjPtr[i]; q < adjPtr[i + 1]; q++) {
                    if (first[adj[q]] >= 0) {
                        agg[i] = first[adj[q]];
                        break;
                    }
                }
            }
        }
        for (int i = 0; i < nodes; i++) {
            if (agg[i] < 0) {
                agg[i] = count;
                for (int q = adjPtr[i]; q < adjPtr[i + 1]; q++) {
                    if (agg[adj[q]] < 0) {
                        agg[adj[q]] = count;
                    }
                }
                count++;
            }
        }
        return agg;
    }

    private record Tentative(CsrMatrix p, int coarseDim, int[] coarseNodePtr, double[][] coarseModes) {}

    /**
     * The tentative prolongator: the near-nullspace on each aggregate, orthonormalized by modified
     * Gram-Schmidt (twice) with the columns that fall below {@value #DROP} of their norm dropped; the
     * coefficients are the coarse near-nullspace.
     */
    static Tentative tentative(int[] agg, int[] nodePtr, double[][] modes) {
        int nodes = agg.length;
        int k = modes.length;
        int aggregates = 0;
        for (int g : agg) {
            aggregates = Math.max(aggregates, g + 1);
        }
        // Dofs of each aggregate, in ascending order.
        int[] aggPtr = new int[aggregates + 1];
        for (int i = 0; i < nodes; i++) {
            aggPtr[agg[i] + 1] += nodePtr[i + 1] - nodePtr[i];
        }
        for (int g = 0; g < aggregates; g++) {
            aggPtr[g + 1] += aggPtr[g];
        }
        int n = nodePtr[nodes];
        int[] dofs = new int[n];
        int[] next = Arrays.copyOf(aggPtr, aggregates);
        for (int i = 0; i < nodes; i++) {
            for (int d = nodePtr[i]; d < nodePtr[i + 1]; d++) {
                dofs[next[agg[i]]++] = d;
            }
        }
        int[] coarsePtr = new int[aggregates + 1];
        List<double[]> qBlocks = new ArrayList<>(aggregates);
        List<double[]> rBlocks = new ArrayList<>(aggregates);
        for (int g = 0; g < aggregates; g++) {
            int m = aggPtr[g + 1] - aggPtr[g];
            double[] q = new double[m * k]; // column-major m x k, the kept columns first
            double[] r = new double[k * k]; // row-major kept x k
            int kept = 0;
            for (int j = 0; j < k; j++) {
                double[] col = new double[m];
                double norm0 = 0;
                for (int t = 0; t < m; t++) {
                    col[t] = modes[j][dofs[aggPtr[g] + t]];
                    norm0 += col[t] * col[t];
                }
                norm0 = Math.sqrt(norm0);
                for (int pass = 0; pass < 2; pass++) {
                    for (int c = 0; c < kept; c++) {
                        double s = 0;
                        for (int t = 0; t < m; t++) {
                            s += q[c * m + t] * col[t];
                        }
                        r[c * k + j] += s;
                        for (int t = 0; t < m; t++) {
                            col[t] -= s * q[c * m + t];
                        }
                    }
                }
                double norm = 0;
                for (int t = 0; t < m; t++) {
                    norm += col[t] * col[t];
                }
                norm = Math.sqrt(norm);
                if (norm > DROP * norm0 && norm > 0) {
                    for (int t = 0; t < m; t++) {
                        q[kept * m + t] = col[t] / norm;
                    }
                    r[kept * k + j] = norm;
                    kept++;
                }
            }
            coarsePtr[g + 1] = coarsePtr[g] + kept;
            qBlocks.add(q);
            rBlocks.add(r);
        }
        int coarseDim = coarsePtr[aggregates];
        // P_t: row d (in aggregate g at position t) has the kept columns of g.
        int[] rowPtr = new int[n + 1];
        int[] posInAgg = new int[n];
        int[] aggOfDof = new int[n];
        for (int g = 0; g < aggregates; g++) {
            for (int t = aggPtr[g]; t < aggPtr[g + 1]; t++) {
                posInAgg[dofs[t]] = t - aggPtr[g];
                aggOfDof[dofs[t]] = g;
            }
        }
        for (int d = 0; d < n; d++) {
            int g = aggOfDof[d];
            rowPtr[d + 1] = rowPtr[d] + coarsePtr[g + 1] - coarsePtr[g];
        }
        int[] ci = new int[rowPtr[n]];
        double[] v = new double[rowPtr[n]];
        for (int d = 0; d < n; d++) {
            int g = aggOfDof[d];
            int m = aggPtr[g + 1] - aggPtr[g];
            double[] q = qBlocks.get(g);
            for (int c = 0, p = rowPtr[d]; c < coarsePtr[g + 1] - coarsePtr[g]; c++, p++) {
                ci[p] = coarsePtr[g] + c;
                v[p] = q[c * m + posInAgg[d]];
            }
        }
        double[][] coarseModes = new double[k][coarseDim];
        for (int g = 0; g < aggregates; g++) {
            double[] r = rBlocks.get(g);
            for (int c = 0; c < coarsePtr[g + 1] - coarsePtr[g]; c++) {
                for (int j = 0; j < k; j++) {
                    coarseModes[j][coarsePtr[g] + c] = r[c * k + j];
                }
            }
        }
        return new Tentative(new CsrMatrix(n, coarseDim, rowPtr, ci, v), coarseDim, coarsePtr, coarseModes);
    }

    /** The sparse product {@code A B} (Gustavson's row-by-row algorithm), in parallel over row pieces. */
    static CsrMatrix multiply(CsrMatrix a, CsrMatrix b) {
        DimensionMismatchException.check("inner dimension of the sparse product", a.cols(), b.rows());
        int rows = a.rows();
        int cols = b.cols();
        int[] ap = a.rowPointers();
        int[] ac = a.columnIndices();
        double[] av = a.nonzeroValues();
        int[] bp = b.rowPointers();
        int[] bc = b.columnIndices();
        double[] bv = b.nonzeroValues();
        int[] bounds = Parallel.evenBounds(rows, 8 * Parallel.threads());
        int pieces = bounds.length - 1;
        int[][] pieceCols = new int[pieces][];
        double[][] pieceVals = new double[pieces][];
        int[] rowNnz = new int[rows];
        Parallel.forRange(pieces, pieces, (pFrom, pTo) -> {
            for (int piece = pFrom; piece < pTo; piece++) {
                multiplyRows(
                        ap,
                        ac,
                        av,
                        bp,
                        bc,
                        bv,
                        cols,
                        bounds[piece],
                        bounds[piece + 1],
                        rowNnz,
                        pieceCols,
                        pieceVals,
                        piece);
            }
        });
        int[] ptr = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            ptr[i + 1] = ptr[i] + rowNnz[i];
        }
        int[] ci = new int[ptr[rows]];
        double[] v = new double[ptr[rows]];
        for (int p = 0; p < pieces; p++) {
            System.arraycopy(pieceCols[p], 0, ci, ptr[bounds[p]], pieceCols[p].length);
            System.arraycopy(pieceVals[p], 0, v, ptr[bounds[p]], pieceVals[p].length);
        }
        return new CsrMatrix(rows, cols, ptr, ci, v);
    }

    private static void multiplyRows(
            int[] ap,
            int[] ac,
            double[] av,
            int[] bp,
            int[] bc,
            double[] bv,
            int cols,
            int from,
            int to,
            int[] rowNnz,
            int[][] pieceCols,
            double[][] pieceVals,
            int piece) {
        double[] acc = new double[cols];
        int[] marker = new int[cols];
        Arrays.fill(marker, -1);
        int[] touched = new int[cols];
        int[] outC = new int[1024];
        double[] outV = new double[1024];
        int count = 0;
        for (int i = from; i < to; i++) {
            int t = 0;
            for (int p = ap[i]; p < ap[i + 1]; p++) {
                int k = ac[p];
                double s = av[p];
                for (int q = bp[k]; q < bp[k + 1]; q++) {
                    int j = bc[q];
                    if (marker[j] != i) {
                        marker[j] = i;
                        touched[t++] = j;
                        acc[j] = s * bv[q];
                    } else {
                        acc[j] += s * bv[q];
                    }
                }
            }
            Arrays.sort(touched, 0, t);
            if (count + t > outC.length) {
                int size = Math.max(2 * outC.length, count + t);
                outC = Arrays.copyOf(outC, size);
                outV = Arrays.copyOf(outV, size);
            }
            for (int u = 0; u < t; u++) {
                outC[count] = touched[u];
                outV[count++] = acc[touched[u]];
            }
            rowNnz[i] = t;
        }
        pieceCols[piece] = Arrays.copyOf(outC, count);
        pieceVals[piece] = Arrays.copyOf(outV, count);
    }
}
