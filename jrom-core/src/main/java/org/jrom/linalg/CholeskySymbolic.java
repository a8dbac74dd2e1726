package org.jrom.linalg;

import java.util.Arrays;

/**
 * The symbolic analysis of a sparse Cholesky factorization {@code P A P^T = L L^T}: fill-reducing
 * ordering, elimination tree (Liu 1990, "The role of elimination trees in sparse factorization",
 * SIAM J. Matrix Anal. Appl. 11) in postorder, column counts of L (Gilbert, Ng and Peyton 1994,
 * SIAM J. Matrix Anal. Appl. 15), relaxed supernodes (Ashcraft and Grimes 1989) and their row
 * structures. It depends only on the sparsity pattern of A, so it is computed once and reused by
 * {@link #factor} for every matrix of that pattern, e.g. {@code A(mu) = sum_q theta_q(mu) A_q} for
 * many parameters.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class CholeskySymbolic {
    // Relaxed amalgamation: a child supernode is merged into its parent while the merged block has
    // at most RELAX_COLUMNS[t] columns and a fraction of explicit zeros below RELAX_ZEROS[t].
    private static final int[] RELAX_COLUMNS = {4, 16, 48, Integer.MAX_VALUE};
    private static final double[] RELAX_ZEROS = {1.0, 0.8, 0.1, 0.05};

    /** Off-diagonal pairs may differ by this much relative to the largest entry and still count as symmetric. */
    static final double SYMMETRY_TOLERANCE = 1e-10;

    final int n;
    private final int[] patternRowPtr; // the pattern of A, for checking later matrices against it
    private final int[] patternColIdx;
    final int[] perm; // new index k -> old index perm[k]
    final int nsuper;
    final int[] superFirst; // supernode s holds columns [superFirst[s], superFirst[s + 1])
    final int[] rowStart; // rows of supernode s: rowIdx[rowStart[s] .. rowStart[s + 1]), its columns first
    final int[] rowIdx;
    final int[] relIdx; // for the rows below a supernode's columns: their position in the parent's rows
    final int[] superParent; // -1 for roots
    final int[] childStart; // children of s: children[childStart[s] .. childStart[s + 1])
    final int[] children;
    // Entries of A added to the factor's blocks: A.values()[asmSource[t]] goes to
    // block[s][asmTarget[t]] for t in [asmStart[s], asmStart[s + 1]); asmMirror[t] is the position of the
    // transposed entry (itself on the diagonal), for the symmetry check.
    final int[] asmStart;
    final int[] asmSource;
    final int[] asmTarget;
    final int[] asmMirror;
    private final long nnzFactor;
    private final long storedFactor;
    private final double flops;

    private CholeskySymbolic(CsrMatrix a, int[] ordering) {
        n = a.rows();
        patternRowPtr = a.rowPtr().clone();
        patternColIdx = a.colIdx().clone();
        int[] mirror = mirrorPositions(a);
        int[] inv = FillReducingOrdering.inverse(ordering, n);

        // Elimination tree of P A P^T, then relabel in postorder so that subtrees (and hence
        // supernodes) are contiguous; a postordering is an equivalent ordering (same fill).
        int[] parent0 = eliminationTree(a, ordering, inv);
        int[] post = postorder(parent0);
        perm = new int[n];
        int[] postInv = new int[n];
        for (int k = 0; k < n; k++) {
            perm[k] = ordering[post[k]];
            postInv[post[k]] = k;
        }
        int[] parent = new int[n];
        for (int k = 0; k < n; k++) {
            int p = parent0[post[k]];
            parent[k] = p < 0 ? -1 : postInv[p];
        }
        inv = FillReducingOrdering.inverse(perm, n);

        int[] colCount = columnCounts(a, perm, inv, parent);
        long nnz = 0;
        double fl = 0;
        for (int j = 0; j < n; j++) {
            nnz += colCount[j];
            fl += (double) colCount[j] * colCount[j];
        }
        nnzFactor = nnz;
        flops = fl;

        // Fundamental supernodes: chains j -> j+1 in the tree along which the structure only loses the diagonal.
        int[] first = new int[n + 1];
        int ns = 0;
        for (int j = 0; j < n; j++) {
            if (j == 0 || !(parent[j - 1] == j && colCount[j - 1] == colCount[j] + 1)) {
                first[ns++] = j;
            }
        }
        first[ns] = n;
        int[] merged = amalgamate(first, ns, parent, colCount);
        nsuper = merged.length - 1;
        superFirst = merged;

        int[] superOf = new int[n];
        for (int s = 0; s < nsuper; s++) {
            for (int j = superFirst[s]; j < superFirst[s + 1]; j++) {
                superOf[j] = s;
            }
        }
        superParent = new int[nsuper];
        childStart = new int[nsuper + 1];
        for (int s = 0; s < nsuper; s++) {
            int p = parent[superFirst[s + 1] - 1];
            superParent[s] = p < 0 ? -1 : superOf[p];
            if (p >= 0) {
                childStart[superParent[s] + 1]++;
            }
        }
        for (int s = 0; s < nsuper; s++) {
            childStart[s + 1] += childStart[s];
        }
        children = new int[childStart[nsuper]];
        int[] nextChild = Arrays.copyOf(childStart, nsuper);
        for (int s = 0; s < nsuper; s++) {
            if (superParent[s] >= 0) {
                children[nextChild[superParent[s]]++] = s;
            }
        }

        // Row structures: own columns, then the rows of A below them and the rows of the children's
        // update matrices (Liu's supernodal symbolic factorization).
        rowStart = new int[nsuper + 1];
        long stored = 0;
        for (int s = 0; s < nsuper; s++) {
            int k = superFirst[s + 1] - superFirst[s];
            int m = k + colCount[superFirst[s + 1] - 1] - 1;
            rowStart[s + 1] = Math.addExact(rowStart[s], m);
            stored += (long) k * m - (long) k * (k - 1) / 2;
        }
        storedFactor = stored;
        rowIdx = new int[rowStart[nsuper]];
        relIdx = new int[rowStart[nsuper]];
        int[] mark = new int[n];
        Arrays.fill(mark, -1);
        int[] rp = a.rowPtr();
        int[] ci = a.colIdx();
        for (int s = 0; s < nsuper; s++) {
            int f = superFirst[s];
            int last = superFirst[s + 1] - 1;
            int out = rowStart[s];
            for (int j = f; j <= last; j++) {
                rowIdx[out++] = j;
                mark[j] = s;
            }
            int tail = out;
            for (int j = f; j <= last; j++) {
                int row = perm[j];
                for (int p = rp[row]; p < rp[row + 1]; p++) {
                    int i = inv[ci[p]];
                    if (i > last && mark[i] != s) {
                        mark[i] = s;
                        rowIdx[out++] = i;
                    }
                }
            }
            for (int c = childStart[s]; c < childStart[s + 1]; c++) {
                int child = children[c];
                int kc = superFirst[child + 1] - superFirst[child];
                for (int q = rowStart[child] + kc; q < rowStart[child + 1]; q++) {
                    int i = rowIdx[q];
                    if (i > last && mark[i] != s) {
                        mark[i] = s;
                        rowIdx[out++] = i;
                    }
                }
            }
            if (out != rowStart[s + 1]) {
                throw new IllegalStateException("supernode " + s + ": row structure has " + (out - rowStart[s])
                        + " rows, column counts predicted " + (rowStart[s + 1] - rowStart[s]));
            }
            Arrays.sort(rowIdx, tail, out);
        }

        // Relative positions of each child's update rows in its parent, and the assembly map of A.
        int[] position = mark; // reused: position[i] = index of row i within the current supernode
        asmStart = new int[nsuper + 1];
        int lowerCount = 0;
        for (int i = 0; i < n; i++) {
            for (int p = rp[i]; p < rp[i + 1]; p++) {
                if (inv[ci[p]] >= inv[i]) {
                    lowerCount++;
                }
            }
        }
        asmSource = new int[lowerCount];
        asmTarget = new int[lowerCount];
        asmMirror = new int[lowerCount];
        int t = 0;
        for (int s = 0; s < nsuper; s++) {
            int f = superFirst[s];
            int m = rowStart[s + 1] - rowStart[s];
            for (int q = rowStart[s]; q < rowStart[s + 1]; q++) {
                position[rowIdx[q]] = q - rowStart[s];
            }
            for (int c = childStart[s]; c < childStart[s + 1]; c++) {
                int child = children[c];
                int kc = superFirst[child + 1] - superFirst[child];
                for (int q = rowStart[child] + kc; q < rowStart[child + 1]; q++) {
                    relIdx[q] = position[rowIdx[q]];
                }
            }
            for (int j = f; j < superFirst[s + 1]; j++) {
                int row = perm[j];
                for (int p = rp[row]; p < rp[row + 1]; p++) {
                    int i = inv[ci[p]];
                    if (i >= j) {
                        asmSource[t] = p;
                        asmTarget[t] = position[i] + (j - f) * m;
                        asmMirror[t] = mirror[p];
                        t++;
                    }
                }
            }
            asmStart[s + 1] = t;
        }
    }

    /**
     * Symbolic analysis of A with a given symmetric permutation (new index k -> old index {@code
     * perm[k]}); {@link SparseCholesky#analyze(CsrMatrix)} chooses a fill-reducing one.
     */
    static CholeskySymbolic of(CsrMatrix a, int[] perm) {
        requireSquare(a);
        return new CholeskySymbolic(a, perm);
    }

    static void requireSquare(CsrMatrix a) {
        if (a.rows() != a.cols()) {
            throw new DimensionMismatchException(
                    "Cholesky factorization needs a square matrix, found " + a.rows() + "x" + a.cols());
        }
    }

    /**
     * Numeric factorization of a matrix with the pattern this analysis was made for, reusing the
     * ordering and supernodal structure.
     *
     * @throws InvalidMatrixException if the pattern of {@code a} differs from the analyzed one
     * @throws NotPositiveDefiniteException naming the failing pivot in the original numbering
     */
    public SparseCholesky factor(CsrMatrix a) {
        requireSamePattern(a);
        return SparseCholesky.numeric(this, a);
    }

    /**
     * Numeric LU factorization ({@link SparseLu}) of a matrix whose symmetrized pattern ({@link
     * SparseLu#withSymmetricPattern}) is the analyzed one.
     *
     * @throws InvalidMatrixException if the symmetrized pattern of {@code a} differs from the analyzed one
     * @throws SingularMatrixException naming the failing pivot in the original numbering
     */
    public SparseLu factorLu(CsrMatrix a) {
        CsrMatrix s = SparseLu.withSymmetricPattern(a);
        requireSamePattern(s);
        return SparseLu.numeric(this, s);
    }

    /** {@code P b}: the vector in the factor's numbering (entry k is {@code b[perm[k]]}). */
    double[] permuted(double[] b) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = b[perm[k]];
        }
        return x;
    }

    /** {@code P^T x}: back from the factor's numbering. */
    double[] unpermuted(double[] x) {
        double[] result = new double[n];
        for (int k = 0; k < n; k++) {
            result[perm[k]] = x[k];
        }
        return result;
    }

    /** Number of nonzeros of L, diagonal included (exact structural count). */
    public long nnzFactor() {
        return nnzFactor;
    }

    /** Number of entries the supernodal blocks store (nnzFactor plus the zeros of relaxed supernodes). */
    public long storedEntries() {
        return storedFactor;
    }

    /** Floating-point operations of the factorization, about {@code sum_j colcount_j^2}. */
    public double flops() {
        return flops;
    }

    /** Number of supernodes. */
    public int supernodes() {
        return nsuper;
    }

    /** Dimension of the matrix. */
    public int dim() {
        return n;
    }

    /** The permutation used: new index k is old index {@code permutation()[k]} (a copy). */
    public int[] permutation() {
        return perm.clone();
    }

    private void requireSamePattern(CsrMatrix a) {
        if (a.rows() != n || a.cols() != n) {
            throw new InvalidMatrixException("sparsity pattern differs from the analyzed one: matrix is " + a.rows()
                    + "x" + a.cols() + ", the analysis was made for " + n + "x" + n);
        }
        if (a.nnz() != patternColIdx.length) {
            throw new InvalidMatrixException("sparsity pattern differs from the analyzed one: matrix has " + a.nnz()
                    + " stored entries, the analysis was made for " + patternColIdx.length);
        }
        if (!Arrays.equals(a.rowPtr(), patternRowPtr) || !Arrays.equals(a.colIdx(), patternColIdx)) {
            int[] rp = a.rowPtr();
            int row = 0;
            while (row < n
                    && rp[row + 1] == patternRowPtr[row + 1]
                    && Arrays.equals(a.colIdx(), rp[row], rp[row + 1], patternColIdx, rp[row], rp[row + 1])) {
                row++;
            }
            throw new InvalidMatrixException("sparsity pattern differs from the analyzed one, first in row " + row
                    + "; analyze the new matrix with SparseCholesky.analyze");
        }
    }

    /**
     * For every stored entry (i, j) the position of (j, i); throws if the pattern is not symmetric.
     */
    private static int[] mirrorPositions(CsrMatrix a) {
        int[] rp = a.rowPtr();
        int[] ci = a.colIdx();
        int[] mirror = new int[ci.length];
        int[] next = Arrays.copyOf(rp, a.rows()); // rows are sorted: (j, i) entries arrive in order of i
        for (int i = 0; i < a.rows(); i++) {
            for (int p = rp[i]; p < rp[i + 1]; p++) {
                int j = ci[p];
                int q = next[j];
                if (q >= rp[j + 1] || ci[q] != i) {
                    throw new InvalidMatrixException("Cholesky factorization needs a symmetric pattern stored in "
                            + "both triangles: entry (" + i + ", " + j + ") is stored but (" + j + ", " + i
                            + ") is not");
                }
                mirror[p] = q;
                next[j]++;
            }
        }
        return mirror;
    }

    /** Elimination tree of {@code P A P^T} by Liu's algorithm with path compression. */
    private static int[] eliminationTree(CsrMatrix a, int[] perm, int[] inv) {
        int n = a.rows();
        int[] rp = a.rowPtr();
        int[] ci = a.colIdx();
        int[] parent = new int[n];
        int[] ancestor = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = -1;
            ancestor[k] = -1;
            int row = perm[k];
            for (int p = rp[row]; p < rp[row + 1]; p++) {
                // walk from i < k up to the root of its current subtree, making k that root's parent
                for (int i = inv[ci[p]]; i >= 0 && i < k; ) {
                    int next = ancestor[i];
                    ancestor[i] = k;
                    if (next < 0) {
                        parent[i] = k;
                    }
                    i = next;
                }
            }
        }
        return parent;
    }

    /** A postorder of the forest given by {@code parent} (children visited in increasing order). */
    private static int[] postorder(int[] parent) {
        int n = parent.length;
        int[] head = new int[n];
        int[] next = new int[n];
        Arrays.fill(head, -1);
        for (int j = n - 1; j >= 0; j--) {
            if (parent[j] >= 0) {
                next[j] = head[parent[j]];
                head[parent[j]] = j;
            }
        }
        int[] post = new int[n];
        int[] stack = new int[n];
        int k = 0;
        for (int root = 0; root < n; root++) {
            if (parent[root] >= 0) {
                continue;
            }
            int top = 0;
            stack[0] = root;
            while (top >= 0) {
                int v = stack[top];
                int child = head[v];
                if (child < 0) {
                    top--;
                    post[k++] = v;
                } else {
                    head[v] = next[child];
                    stack[++top] = child;
                }
            }
        }
        return post;
    }

    /**
     * Column counts of L for a postordered elimination tree (Gilbert, Ng, Peyton 1994): each column
     * count is the number of row subtrees it lies in, found from leaves of the row subtrees and
     * least common ancestors by path-compressed union-find.
     */
    private static int[] columnCounts(CsrMatrix a, int[] perm, int[] inv, int[] parent) {
        int n = a.rows();
        int[] rp = a.rowPtr();
        int[] ci = a.colIdx();
        int[] delta = new int[n];
        int[] first = new int[n]; // smallest (postorder) descendant
        Arrays.fill(first, -1);
        for (int k = 0; k < n; k++) {
            delta[k] = first[k] == -1 ? 1 : 0; // leaves start at 1
            for (int j = k; j >= 0 && first[j] == -1; j = parent[j]) {
                first[j] = k;
            }
        }
        int[] maxFirst = new int[n];
        int[] prevLeaf = new int[n];
        int[] ancestor = new int[n];
        Arrays.fill(maxFirst, -1);
        Arrays.fill(prevLeaf, -1);
        for (int i = 0; i < n; i++) {
            ancestor[i] = i;
        }
        for (int j = 0; j < n; j++) {
            if (parent[j] >= 0) {
                delta[parent[j]]--;
            }
            int row = perm[j];
            for (int p = rp[row]; p < rp[row + 1]; p++) {
                int i = inv[ci[p]];
                // is j a leaf of the row subtree of i?
                if (i <= j || first[j] <= maxFirst[i]) {
                    continue;
                }
                maxFirst[i] = first[j];
                int previous = prevLeaf[i];
                prevLeaf[i] = j;
                delta[j]++;
                if (previous >= 0) {
                    // subsequent leaf: subtract at the least common ancestor of previous and j
                    int q = previous;
                    while (q != ancestor[q]) {
                        q = ancestor[q];
                    }
                    for (int s = previous; s != q; ) {
                        int up = ancestor[s];
                        ancestor[s] = q;
                        s = up;
                    }
                    delta[q]--;
                }
            }
            if (parent[j] >= 0) {
                ancestor[j] = parent[j];
            }
        }
        for (int j = 0; j < n; j++) {
            if (parent[j] >= 0) {
                delta[parent[j]] += delta[j];
            }
        }
        return delta;
    }

    /**
     * Relaxed amalgamation: a supernode is merged with the one that follows it when that one holds
     * its parent column, as long as few explicit zeros are added. Returns the merged boundaries.
     */
    private static int[] amalgamate(int[] first, int ns, int[] parent, int[] colCount) {
        int[] cols = new int[ns];
        int[] rows = new int[ns]; // rows of the first column
        long[] zeros = new long[ns];
        int[] into = new int[ns]; // supernode s was merged into into[s] (itself if not)
        for (int s = 0; s < ns; s++) {
            cols[s] = first[s + 1] - first[s];
            rows[s] = colCount[first[s]];
            into[s] = s;
        }
        // From the roots down: s + 1 already holds everything merged into it from above.
        for (int s = ns - 2; s >= 0; s--) {
            int last = first[s + 1] - 1;
            if (parent[last] != last + 1) {
                continue;
            }
            int p = into[s + 1];
            int k = cols[s] + cols[p];
            int m = cols[s] + rows[p];
            long entries = (long) k * m - (long) k * (k - 1) / 2;
            long z = zeros[s] + zeros[p] + (long) cols[s] * (cols[s] + rows[p] - rows[s]);
            int tier = 0;
            while (k > RELAX_COLUMNS[tier]) {
                tier++;
            }
            if (tier == 0 || z < RELAX_ZEROS[tier] * entries) {
                cols[p] = k;
                rows[p] = m;
                zeros[p] = z;
                into[s] = p;
            }
        }
        int[] merged = new int[ns + 1];
        int count = 0;
        for (int s = 0; s < ns; s++) {
            if (s == 0 || into[s - 1] != into[s]) {
                merged[count++] = first[s];
            }
        }
        merged[count] = first[ns];
        return Arrays.copyOf(merged, count + 1);
    }
}
