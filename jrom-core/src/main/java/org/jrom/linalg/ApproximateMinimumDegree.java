package org.jrom.linalg;

import java.util.Arrays;

/**
 * Approximate minimum degree ordering (Amestoy, Davis, Duff 1996, "An approximate minimum degree
 * ordering algorithm", SIAM J. Matrix Anal. Appl. 17; Davis 2006, Direct Methods for Sparse Linear
 * Systems, ch. 7) on the quotient graph: eliminated nodes become elements holding their variables,
 * so the graph never grows beyond the matrix's pattern; elements adjacent to the pivot are absorbed
 * into its new element (and aggressively, when their variables all lie in it); variables with the
 * same adjacency are merged into supervariables (found by hashing); a variable adjacent to nothing
 * but the new element is eliminated with the pivot (mass elimination); degrees are the upper bound
 * {@code min(n - k, d_old + |Lk \ i|, |A_i \ i| + |Lk \ i| + sum_e |Le \ Lk|)} instead of exact.
 *
 * <p>Each pivot's new element is exactly the structure of its column of L below the supervariable,
 * so {@link #nnzFactor()} and {@link #flops()} are the exact counts of the ordering's factor when
 * no row is dense ({@link #countsExact()}). Rows with more than {@code max(16, min(n - 2, 10
 * sqrt(n)))} entries are ordered last, as AMD does; their rows of L are not counted.
 */
final class ApproximateMinimumDegree {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int[] order;
    private boolean countsExact = true;
    private long nnzFactor;
    private double flops;

    // Per node: list start in iw (-1: none), list length, element count at the list's front (the
    // elements first, then the variables), supervariable weight (negated while in the pivot's new
    // element; 0 when merged, eliminated or dense), approximate degree (for an element: |Le|), mark.
    private final int n;
    private int[] iw;
    private final int[] pe;
    private final int[] len;
    private final int[] elen;
    private final int[] nv;
    private final int[] degree;
    private final int[] w;
    private final int[] head; // degree lists
    private final int[] next;
    private final int[] last;
    private final int[] hashHead;
    private final int[] hashNext;
    private final int[] hashOf;
    private final int[] memberNext; // the variables a supervariable stands for, as a chain
    private final int[] memberTail;
    private int pfree;
    private int outCount;

    private ApproximateMinimumDegree(FillReducingOrdering.Graph g) {
        n = g.n();
        int nnz = g.xadj()[n];
        // elbow room for the new elements, as AMD's default (its lists only shrink otherwise)
        iw = Arrays.copyOf(g.adj(), (int) Math.min(Math.max(nnz + nnz / 5 + 2L * n, 1), MAX_ARRAY));
        pfree = nnz;
        pe = new int[n];
        len = new int[n];
        elen = new int[n];
        nv = new int[n];
        degree = new int[n];
        w = new int[n];
        head = new int[n + 1];
        next = new int[n];
        last = new int[n];
        hashHead = new int[n];
        hashNext = new int[n];
        hashOf = new int[n];
        memberNext = new int[n];
        memberTail = new int[n];
        order = new int[n];
    }

    /** The ordering of the graph's vertices (new index k is old index {@code order[k]}). */
    static ApproximateMinimumDegree of(FillReducingOrdering.Graph g) {
        ApproximateMinimumDegree amd = new ApproximateMinimumDegree(g);
        amd.run(g.xadj());
        return amd;
    }

    int[] order() {
        return order;
    }

    /** Nonzeros of the factor L of the ordered matrix, diagonal included. */
    long nnzFactor() {
        return nnzFactor;
    }

    /** {@code sum_j colcount_j^2} of that factor, the measure of its factorization's work. */
    double flops() {
        return flops;
    }

    /** Whether {@link #nnzFactor()} and {@link #flops()} are exact: no row was dense. */
    boolean countsExact() {
        return countsExact;
    }

    private void run(int[] xadj) {
        Arrays.fill(head, -1);
        Arrays.fill(hashHead, -1);
        Arrays.fill(memberNext, -1);
        int dense = (int) Math.max(16, Math.min(n - 2, 10 * Math.sqrt(n)));
        int[] denseNodes = new int[n];
        int denseCount = 0;
        int eliminated = 0;
        int mindeg = n;
        for (int i = 0; i < n; i++) {
            pe[i] = xadj[i];
            len[i] = xadj[i + 1] - xadj[i];
            nv[i] = 1;
            w[i] = 1;
            memberTail[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int d = len[i];
            degree[i] = d;
            if (d == 0) { // isolated: no fill, first
                emit(i, 0);
                nv[i] = 0;
                pe[i] = -1;
                w[i] = 0;
                eliminated++;
            } else if (d > dense) { // ordered last; its neighbours skip it (weight 0)
                denseNodes[denseCount++] = i;
                nv[i] = 0;
                pe[i] = -1;
                w[i] = 0;
                eliminated++;
            } else {
                insert(i, d);
                mindeg = Math.min(mindeg, d);
            }
        }
        int wflg = clear(0);
        int lemax = 0;
        while (eliminated < n) {
            int k = -1;
            while (mindeg < n && (k = head[mindeg]) == -1) {
                mindeg++;
            }
            remove(k, mindeg);
            int elenk = elen[k];
            int nvk = nv[k];
            eliminated += nvk;
            if (elenk > 0 && pfree + degree[k] >= iw.length) {
                compress();
                if (pfree + degree[k] >= iw.length) {
                    long grown = Math.max(2L * iw.length, (long) pfree + degree[k] + 1);
                    if (grown > MAX_ARRAY) {
                        throw new InvalidMatrixException("approximate minimum degree: the quotient graph of " + n
                                + " vertices outgrows an array (" + grown + " entries)");
                    }
                    iw = Arrays.copyOf(iw, (int) grown);
                }
            }

            // Lk: the variables of k's adjacent elements and of its own list, each once; the
            // elements are absorbed into k.
            int dk = 0;
            nv[k] = -nvk;
            int p = pe[k];
            int pk1 = elenk == 0 ? p : pfree;
            int pk2 = pk1;
            for (int k1 = 1; k1 <= elenk + 1; k1++) {
                int e;
                int pj;
                int ln;
                if (k1 > elenk) {
                    e = k;
                    pj = p;
                    ln = len[k] - elenk;
                } else {
                    e = iw[p++];
                    pj = pe[e];
                    ln = len[e];
                }
                for (int k2 = 0; k2 < ln; k2++) {
                    int i = iw[pj++];
                    int nvi = nv[i];
                    if (nvi <= 0) {
                        continue;
                    }
                    dk += nvi;
                    nv[i] = -nvi;
                    iw[pk2++] = i;
                    remove(i, degree[i]);
                }
                if (e != k) {
                    pe[e] = -1; // absorbed
                    w[e] = 0;
                }
            }
            if (elenk != 0) {
                pfree = pk2;
            }
            degree[k] = dk;
            pe[k] = pk1;
            len[k] = pk2 - pk1;
            elen[k] = -1; // an element now

            // w[e] - wflg = |Le \ Lk| for every element e adjacent to a variable of Lk.
            for (int pk = pk1; pk < pk2; pk++) {
                int i = iw[pk];
                int eln = elen[i];
                if (eln <= 0) {
                    continue;
                }
                int nvi = -nv[i];
                int wnvi = wflg - nvi;
                for (int q = pe[i], end = pe[i] + eln; q < end; q++) {
                    int e = iw[q];
                    int we = w[e];
                    if (we >= wflg) {
                        we -= nvi;
                    } else if (we != 0) {
                        we = degree[e] + wnvi;
                    }
                    w[e] = we;
                }
            }

            // Degrees of Lk's variables; their lists pruned, k put first; mass elimination.
            for (int pk = pk1; pk < pk2; pk++) {
                int i = iw[pk];
                int p1 = pe[i];
                int p2 = p1 + elen[i];
                int pn = p1;
                long hash = 0;
                int d = 0;
                for (int q = p1; q < p2; q++) {
                    int e = iw[q];
                    if (w[e] != 0) {
                        int dext = w[e] - wflg;
                        if (dext > 0) {
                            d += dext;
                            iw[pn++] = e;
                            hash += e;
                        } else { // Le inside Lk: aggressive absorption
                            pe[e] = -1;
                            w[e] = 0;
                        }
                    }
                }
                elen[i] = pn - p1 + 1;
                int p3 = pn;
                for (int q = p2, end = p1 + len[i]; q < end; q++) {
                    int j = iw[q];
                    int nvj = nv[j];
                    if (nvj <= 0) {
                        continue;
                    }
                    d += nvj;
                    iw[pn++] = j;
                    hash += j;
                }
                if (d == 0) { // adjacent to k alone: eliminated with it
                    int nvi = -nv[i];
                    dk -= nvi;
                    nvk += nvi;
                    eliminated += nvi;
                    nv[i] = 0;
                    elen[i] = -2;
                    pe[i] = -1;
                    mergeInto(k, i);
                } else {
                    degree[i] = Math.min(degree[i], d);
                    iw[pn] = iw[p3];
                    iw[p3] = iw[p1];
                    iw[p1] = k;
                    len[i] = pn - p1 + 1;
                    int h = (int) (hash % n);
                    hashOf[i] = h;
                    hashNext[i] = hashHead[h];
                    hashHead[h] = i;
                }
            }
            degree[k] = dk;
            lemax = Math.max(lemax, dk);
            wflg = clear(wflg + lemax); // above every w[e] set this step (at most wflg + |Le|)

            // Supervariables: variables of Lk with the same elements and variables are merged.
            for (int pk = pk1; pk < pk2; pk++) {
                int i = iw[pk];
                if (nv[i] >= 0) {
                    continue;
                }
                int h = hashOf[i];
                i = hashHead[h];
                hashHead[h] = -1;
                for (; i != -1 && hashNext[i] != -1; i = hashNext[i]) {
                    int ln = len[i];
                    int eln = elen[i];
                    for (int q = pe[i] + 1, end = pe[i] + ln; q < end; q++) {
                        w[iw[q]] = wflg;
                    }
                    int jlast = i;
                    for (int j = hashNext[i]; j != -1; ) {
                        boolean same = len[j] == ln && elen[j] == eln;
                        for (int q = pe[j] + 1, end = pe[j] + ln; same && q < end; q++) {
                            same = w[iw[q]] == wflg;
                        }
                        if (same) {
                            nv[i] += nv[j]; // both negative
                            nv[j] = 0;
                            elen[j] = -2;
                            pe[j] = -1;
                            mergeInto(i, j);
                            j = hashNext[j];
                            hashNext[jlast] = j;
                        } else {
                            jlast = j;
                            j = hashNext[j];
                        }
                    }
                    wflg++;
                }
            }

            // The new element's final list and its variables' degrees.
            int pk = pk1;
            for (int q = pk1; q < pk2; q++) {
                int i = iw[q];
                int nvi = -nv[i];
                if (nvi <= 0) {
                    continue;
                }
                nv[i] = nvi;
                int d = Math.min(degree[i] + dk - nvi, n - eliminated - nvi);
                degree[i] = d;
                insert(i, d);
                mindeg = Math.min(mindeg, d);
                iw[pk++] = i;
            }
            nv[k] = nvk;
            len[k] = pk - pk1;
            if (len[k] == 0) {
                pe[k] = -1;
                w[k] = 0;
            }
            if (elenk != 0) {
                pfree = pk;
            }
            emit(k, dk);
        }
        for (int t = 0; t < denseCount; t++) {
            emit(denseNodes[t], denseCount - t - 1);
        }
        countsExact = denseCount == 0;
    }

    /**
     * Numbers the variables k stands for (k first, then those merged or mass-eliminated into it), all
     * with {@code below} entries under the supervariable in their columns of L.
     */
    private void emit(int k, int below) {
        int size = 0;
        for (int i = k; i != -1; i = memberNext[i]) {
            order[outCount++] = i;
            size++;
        }
        // Columns of a supervariable of size s with d rows below: s + d, s - 1 + d, ..., 1 + d.
        for (int t = 1; t <= size; t++) {
            long c = (long) t + below;
            nnzFactor += c;
            flops += (double) c * c;
        }
    }

    /** Appends j's chain of variables to i's. */
    private void mergeInto(int i, int j) {
        memberNext[memberTail[i]] = j;
        memberTail[i] = memberTail[j];
    }

    private void insert(int i, int d) {
        int h = head[d];
        next[i] = h;
        last[i] = -1;
        if (h != -1) {
            last[h] = i;
        }
        head[d] = i;
    }

    private void remove(int i, int d) {
        if (next[i] != -1) {
            last[next[i]] = last[i];
        }
        if (last[i] != -1) {
            next[last[i]] = next[i];
        } else {
            head[d] = next[i];
        }
    }

    /** A mark above every w in use (live entries reset to 1 when the counter would overflow). */
    private int clear(int wflg) {
        if (wflg < 2 || wflg >= Integer.MAX_VALUE - n) {
            for (int x = 0; x < n; x++) {
                if (w[x] != 0) {
                    w[x] = 1;
                }
            }
            return 2;
        }
        return wflg;
    }

    /** Moves every live list to the front of iw, in order, dropping the space of dead ones. */
    private void compress() {
        for (int j = 0; j < n; j++) {
            int p = pe[j];
            if (p >= 0 && len[j] > 0) {
                pe[j] = iw[p];
                iw[p] = -j - 1;
            }
        }
        int out = 0;
        for (int p = 0; p < pfree; ) {
            int j = -iw[p] - 1;
            if (j < 0) {
                p++;
                continue;
            }
            iw[p] = pe[j];
            pe[j] = out;
            for (int t = 0; t < len[j]; t++) {
                iw[out++] = iw[p++];
            }
        }
        pfree = out;
    }
}
