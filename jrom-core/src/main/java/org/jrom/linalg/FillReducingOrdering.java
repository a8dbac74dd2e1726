package org.jrom.linalg;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Fill-reducing symmetric orderings for sparse Cholesky: nested dissection (George 1973, "Nested
 * dissection of a regular finite element mesh", SIAM J. Numer. Anal. 10) with vertex separators
 * taken from breadth-first level structures rooted at a pseudo-peripheral node (George and Liu
 * 1979, ACM TOMS 5) and trimmed to minimal ones; pieces below a few dozen vertices are ordered by
 * minimum degree (Tinney and Walker 1967; Rose 1972) counting their already numbered neighbours
 * ("halo"), as in the hybrid orderings of METIS and Scotch.
 *
 * <p>All orderings act on the symmetric pattern {@code A + A^T} (the diagonal ignored) and return
 * {@code perm} with new index k taken from old index {@code perm[k]}, so that the permuted matrix is
 * {@code (P A P^T)(k, l) = A(perm[k], perm[l])}.
 */
public final class FillReducingOrdering {
    /** Pieces of at most this many vertices are not dissected further but ordered by minimum degree. */
    static final int LEAF_SIZE = 128;

    /** Largest piece minimum degree is tried on when no level structure separates it. */
    private static final int DENSE_PIECE_LIMIT = 4096;

    private FillReducingOrdering() {}

    /** Graphs of at least this many vertices go straight to nested dissection. */
    static final int AMD_LIMIT = 100_000;

    /**
     * The largest {@code flops / nnz(L)} (a column count of L, weighted by itself) at which the
     * default keeps approximate minimum degree: beyond it the factorization's work, where nested
     * dissection's smaller fill pays, outweighs the ordering's (3-D meshes).
     */
    static final double AMD_MAX_WEIGHTED_COLUMN = 300;

    /**
     * The default fill-reducing ordering. Below {@value #AMD_LIMIT} vertices approximate minimum
     * degree, whose cost is a small part of a factorization's, unless its factor has {@code sum
     * colcount^2 > 300 nnz(L)}; nested dissection above, and for such factors, whose factorization
     * outweighs the ordering and where its fill is smaller. On meshes the measure separates 3-D
     * (366 at 8,000 unknowns, 901 at 27,000) from 2-D (under 240 up to 90,000). CHOLMOD's default
     * also starts from AMD, and tries METIS as well from {@code 500 nnz(L)} on.
     */
    public static int[] compute(CsrMatrix a) {
        Graph g = Graph.of(a);
        if (g.n() < AMD_LIMIT) {
            ApproximateMinimumDegree amd = ApproximateMinimumDegree.of(g);
            double flops = amd.flops();
            long nnz = amd.nnzFactor();
            if (!amd.countsExact()) { // dense rows left out of the counts: count the factor's columns
                CholeskySymbolic analysis = CholeskySymbolic.of(g.pattern(), amd.order());
                flops = analysis.flops();
                nnz = analysis.nnzFactor();
            }
            if (flops <= AMD_MAX_WEIGHTED_COLUMN * nnz) {
                return amd.order();
            }
        }
        return nestedDissection(g);
    }

    /**
     * Approximate minimum degree (Amestoy, Davis and Duff 1996): cheap to compute, and on 2-D meshes
     * of up to some 10^5 unknowns a fill close to nested dissection's.
     */
    public static int[] approximateMinimumDegree(CsrMatrix a) {
        return ApproximateMinimumDegree.of(Graph.of(a)).order();
    }

    /**
     * Nested dissection: a vertex separator splitting the graph into two halves is numbered last,
     * the halves are ordered recursively, small pieces by minimum degree. On a k x k grid this gives
     * {@code O(n log n)} nonzeros in the Cholesky factor instead of the {@code O(n^1.5)} of a banded
     * ordering.
     */
    public static int[] nestedDissection(CsrMatrix a) {
        return nestedDissection(Graph.of(a));
    }

    static int[] nestedDissection(Graph g) {
        return new Dissection(g).run();
    }

    /**
     * Checks that {@code perm} is a permutation of {@code 0..n-1} and returns its inverse.
     *
     * @throws InvalidMatrixException naming the first repeated or out-of-range entry
     */
    static int[] inverse(int[] perm, int n) {
        DimensionMismatchException.check("length of the permutation", n, perm.length);
        int[] inv = new int[n];
        Arrays.fill(inv, -1);
        for (int k = 0; k < n; k++) {
            int old = perm[k];
            if (old < 0 || old >= n) {
                throw new InvalidMatrixException(
                        "permutation entry " + k + " is " + old + ", expected an index in [0, " + n + ")");
            }
            if (inv[old] >= 0) {
                throw new InvalidMatrixException(
                        "permutation entries " + inv[old] + " and " + k + " both name index " + old);
            }
            inv[old] = k;
        }
        return inv;
    }

    /** The adjacency structure of {@code A + A^T} without self loops, in CSR form. */
    record Graph(int n, int[] xadj, int[] adj) {
        /** The symmetric matrix of ones on the graph's edges and the diagonal: A + A^T's pattern. */
        CsrMatrix pattern() {
            int count = adj.length + n;
            int[] rows = new int[count];
            int[] cols = new int[count];
            double[] ones = new double[count];
            Arrays.fill(ones, 1.0);
            int t = 0;
            for (int i = 0; i < n; i++) {
                rows[t] = i;
                cols[t++] = i;
                for (int p = xadj[i]; p < xadj[i + 1]; p++) {
                    rows[t] = i;
                    cols[t++] = adj[p];
                }
            }
            return CsrMatrix.fromTriplets(n, n, rows, cols, ones, count);
        }

        static Graph of(CsrMatrix a) {
            if (a.rows() != a.cols()) {
                throw new DimensionMismatchException(
                        "a symmetric ordering needs a square matrix, found " + a.rows() + "x" + a.cols());
            }
            int n = a.rows();
            int[] rp = a.rowPtr();
            int[] ci = a.colIdx();
            int[] ptr = new int[n + 1];
            for (int i = 0; i < n; i++) {
                for (int p = rp[i]; p < rp[i + 1]; p++) {
                    if (ci[p] != i) {
                        ptr[i + 1]++;
                        ptr[ci[p] + 1]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                ptr[i + 1] += ptr[i];
            }
            int[] next = Arrays.copyOf(ptr, n);
            int[] list = new int[ptr[n]];
            for (int i = 0; i < n; i++) {
                for (int p = rp[i]; p < rp[i + 1]; p++) {
                    int j = ci[p];
                    if (j != i) {
                        list[next[i]++] = j;
                        list[next[j]++] = i;
                    }
                }
            }
            // Each edge of a symmetric pattern was entered twice: keep the first copy.
            int[] mark = new int[n];
            Arrays.fill(mark, -1);
            int[] xadj = new int[n + 1];
            int out = 0;
            for (int i = 0; i < n; i++) {
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    int j = list[p];
                    if (mark[j] != i) {
                        mark[j] = i;
                        list[out++] = j;
                    }
                }
                xadj[i + 1] = out;
            }
            return new Graph(n, xadj, Arrays.copyOf(list, out));
        }
    }

    /** One nested dissection run: a work list of pieces, each owning a range of new indices. */
    private static final class Dissection {
        private final int n;
        private final int[] xadj;
        private final int[] adj;
        private final int[] order; // new index -> old index
        private final int[] label; // id of the piece a vertex belongs to; 0 once numbered
        private final int[] dist; // BFS level inside the current piece
        private final int[] queue;
        private final Deque<Piece> work = new ArrayDeque<>();
        private int nextId = 1;

        /** A connected or not yet split set of vertices that receives new indices from {@code lo} on. */
        private record Piece(int[] vertices, int lo, int id) {}

        Dissection(Graph g) {
            n = g.n();
            xadj = g.xadj();
            adj = g.adj();
            order = new int[n];
            label = new int[n];
            dist = new int[n];
            queue = new int[n];
        }

        int[] run() {
            int[] all = new int[n];
            for (int v = 0; v < n; v++) {
                all[v] = v;
            }
            push(all, 0);
            while (!work.isEmpty()) {
                Piece piece = work.pop();
                if (piece.vertices.length <= LEAF_SIZE) {
                    orderByMinimumDegree(piece);
                } else if (!splitComponents(piece)) {
                    dissect(piece);
                }
            }
            return order;
        }

        private void push(int[] vertices, int lo) {
            int id = nextId++;
            for (int v : vertices) {
                label[v] = id;
            }
            work.push(new Piece(vertices, lo, id));
        }

        /**
         * Breadth-first search from {@code root} inside piece {@code id}; the visited vertices are left
         * in {@code queue[0..count)} by level, with their levels in {@code dist}. Returns the count.
         */
        private int bfs(int root, int id) {
            queue[0] = root;
            dist[root] = 0;
            label[root] = -id; // visited mark, restored below
            int head = 0;
            int tail = 1;
            while (head < tail) {
                int v = queue[head++];
                for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                    int w = adj[p];
                    if (label[w] == id) {
                        label[w] = -id;
                        dist[w] = dist[v] + 1;
                        queue[tail++] = w;
                    }
                }
            }
            for (int i = 0; i < tail; i++) {
                label[queue[i]] = id;
            }
            return tail;
        }

        /** Splits a disconnected piece into its components; false if it is connected. */
        private boolean splitComponents(Piece piece) {
            int[] vs = piece.vertices;
            if (bfs(vs[0], piece.id) == vs.length) {
                return false;
            }
            int lo = piece.lo;
            int seen = -piece.id - 1; // label of vertices already assigned to a component
            for (int v : vs) {
                if (label[v] != piece.id) {
                    continue;
                }
                int count = bfs(v, piece.id);
                int[] component = Arrays.copyOf(queue, count);
                for (int w : component) {
                    label[w] = seen;
                }
                push(component, lo);
                lo += count;
            }
            return true;
        }

        /** Splits a connected piece by a separator from a level structure, or orders it whole. */
        private void dissect(Piece piece) {
            int[] vs = piece.vertices;
            int size = vs.length;
            pseudoPeripheral(vs[0], piece.id, size); // splitComponents left the BFS from vs[0] in place
            int depth = dist[queue[size - 1]];
            if (depth < 2) {
                // (nearly) a clique: nothing to separate
                if (size <= DENSE_PIECE_LIMIT) {
                    orderByMinimumDegree(piece);
                } else {
                    System.arraycopy(vs, 0, order, piece.lo, size);
                    for (int v : vs) {
                        label[v] = 0;
                    }
                }
                return;
            }
            int[] levelStart = new int[depth + 2];
            for (int i = 0; i < size; i++) {
                levelStart[dist[queue[i]] + 1]++;
            }
            for (int l = 0; l <= depth; l++) {
                levelStart[l + 1] += levelStart[l];
            }
            // Level k separates levels < k from levels > k.
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int k = 1; k < depth; k++) {
                int sep = levelStart[k + 1] - levelStart[k];
                int below = levelStart[k];
                int above = size - levelStart[k + 1];
                // |S| / (|A| |B|): small separators, without the bias towards thin slices of |S| alone
                double cost = sep / ((double) below * above);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = k;
                }
            }
            // Trim: a separator vertex with no neighbour beyond the separator joins the near side.
            int[] sideA = new int[size];
            int[] sideB = new int[size];
            int[] sep = new int[size];
            int na = 0;
            int nb = 0;
            int ns = 0;
            for (int i = 0; i < size; i++) {
                int v = queue[i];
                int l = dist[v];
                if (l < best) {
                    sideA[na++] = v;
                } else if (l > best) {
                    sideB[nb++] = v;
                } else if (touchesLevel(v, piece.id, best + 1)) {
                    sep[ns++] = v;
                } else {
                    sideA[na++] = v;
                }
            }
            int hi = piece.lo + size;
            for (int i = 0; i < ns; i++) {
                order[hi - ns + i] = sep[i];
                label[sep[i]] = 0;
            }
            push(Arrays.copyOf(sideB, nb), piece.lo + na);
            push(Arrays.copyOf(sideA, na), piece.lo);
        }

        private boolean touchesLevel(int v, int id, int level) {
            for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                int w = adj[p];
                if (label[w] == id && dist[w] == level) {
                    return true;
                }
            }
            return false;
        }

        /**
         * A node of (nearly) maximal eccentricity: repeat a BFS from a minimum-degree node of the last
         * level while the depth grows (George and Liu 1979). Expects the level structure from {@code
         * start} in place and leaves that of the returned node in place.
         */
        private int pseudoPeripheral(int start, int id, int size) {
            int root = start;
            int depth = dist[queue[size - 1]];
            for (int iteration = 0; iteration < 6; iteration++) {
                int candidate = -1;
                int minDegree = Integer.MAX_VALUE;
                for (int i = size - 1; i >= 0 && dist[queue[i]] == depth; i--) {
                    int v = queue[i];
                    int d = xadj[v + 1] - xadj[v];
                    if (d < minDegree) {
                        minDegree = d;
                        candidate = v;
                    }
                }
                bfs(candidate, id);
                int candidateDepth = dist[queue[size - 1]];
                if (candidateDepth == depth) {
                    return candidate; // as deep as the root: its level structure serves as well
                } else if (candidateDepth < depth) {
                    bfs(root, id);
                    return root;
                }
                root = candidate;
                depth = candidateDepth;
            }
            return root;
        }

        /**
         * Minimum degree on the elimination graph of a small piece, held as bit sets; neighbours
         * outside the piece (numbered separator vertices, eliminated later) count in the degrees.
         */
        private void orderByMinimumDegree(Piece piece) {
            int[] vs = piece.vertices;
            int s = vs.length;
            // Local numbering: piece vertices 0..s-1, then the halo.
            int[] local = new int[s];
            int[] halo = new int[Math.max(4, s)];
            int h = 0;
            for (int i = 0; i < s; i++) {
                dist[vs[i]] = i;
            }
            for (int v : vs) {
                for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                    int w = adj[p];
                    if (label[w] != piece.id && label[w] != -piece.id) {
                        label[w] = -piece.id; // temporary halo mark
                        if (h == halo.length) {
                            halo = Arrays.copyOf(halo, 2 * h);
                        }
                        dist[w] = s + h;
                        halo[h++] = w;
                    }
                }
            }
            int words = (s + h + 63) >>> 6;
            long[] bits = new long[s * words];
            for (int i = 0; i < s; i++) {
                int v = vs[i];
                for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                    int j = dist[adj[p]];
                    bits[i * words + (j >>> 6)] |= 1L << j;
                }
            }
            for (int k = 0; k < h; k++) {
                label[halo[k]] = 0;
            }
            int[] degree = new int[s];
            for (int i = 0; i < s; i++) {
                degree[i] = popCount(bits, i * words, words);
            }
            boolean[] done = new boolean[s];
            for (int step = 0; step < s; step++) {
                int v = -1;
                for (int i = 0; i < s; i++) {
                    if (!done[i] && (v < 0 || degree[i] < degree[v])) {
                        v = i;
                    }
                }
                done[v] = true;
                local[step] = v;
                // Eliminate v: its remaining neighbours become a clique.
                int vo = v * words;
                for (int w = 0; w < s; w++) {
                    if ((bits[vo + (w >>> 6)] & (1L << w)) == 0) {
                        continue;
                    }
                    int wo = w * words;
                    for (int q = 0; q < words; q++) {
                        bits[wo + q] |= bits[vo + q];
                    }
                    bits[wo + (w >>> 6)] &= ~(1L << w);
                    bits[wo + (v >>> 6)] &= ~(1L << v);
                    degree[w] = popCount(bits, wo, words);
                }
            }
            for (int k = 0; k < s; k++) {
                int v = vs[local[k]];
                order[piece.lo + k] = v;
                label[v] = 0;
            }
        }

        private static int popCount(long[] bits, int offset, int words) {
            int c = 0;
            for (int q = 0; q < words; q++) {
                c += Long.bitCount(bits[offset + q]);
            }
            return c;
        }
    }
}
