package org.jrom.linalg;

import java.util.Arrays;

/**
 * {@code A(c) = sum_q c_q A_q} of fixed sparse matrices for many coefficient vectors: a
 * parametrized operator's {@code A(mu)}. The union pattern, where each term's entries land in it,
 * and the pattern's Cholesky analysis (ordering, elimination tree, supernodes) are made once, on
 * first use, so each new c costs one pass over the terms' values and a numeric factorization, as
 * in CHOLMOD's analyze-once, factorize-many use.
 *
 * <p>{@link #at} gives the same matrix, bit for bit, as {@link CsrMatrix#linearCombination}: every
 * entry sums the same products in the same order, starting from zero.
 */
public final class CsrCombination {
    private final CsrMatrix[] terms;
    private Union union;
    private CholeskySymbolic analysis;

    /** The union pattern and, for each term q, where its entry p lies in it. */
    private record Union(int[] rowPtr, int[] colIdx, int[][] positions) {}

    private CsrCombination(CsrMatrix[] terms) {
        this.terms = terms;
    }

    /** The combination of these matrices (one shape, any patterns); nothing is prepared yet. */
    public static CsrCombination of(CsrMatrix... terms) {
        if (terms.length == 0) {
            throw new DimensionMismatchException("a linear combination needs at least one matrix");
        }
        return new CsrCombination(terms.clone());
    }

    /** Number of terms. */
    public int size() {
        return terms.length;
    }

    private synchronized Union union() {
        if (union == null) {
            CsrMatrix pattern = CsrMatrix.linearCombination(ones(), terms);
            int[] rp = pattern.rowPtr();
            int[] ci = pattern.colIdx();
            int[] where = new int[pattern.cols()];
            int[][] positions = new int[terms.length][];
            for (int q = 0; q < terms.length; q++) {
                int[] trp = terms[q].rowPtr();
                int[] tci = terms[q].colIdx();
                int[] pos = new int[terms[q].nnz()];
                for (int i = 0; i < pattern.rows(); i++) {
                    for (int p = rp[i]; p < rp[i + 1]; p++) {
                        where[ci[p]] = p;
                    }
                    for (int p = trp[i]; p < trp[i + 1]; p++) {
                        pos[p] = where[tci[p]];
                    }
                }
                positions[q] = pos;
            }
            union = new Union(rp, ci, positions);
        }
        return union;
    }

    private double[] ones() {
        double[] ones = new double[terms.length];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    /** {@code sum_q c_q A_q} on the union pattern (entries that cancel stay stored). */
    public CsrMatrix at(double[] coefficients) {
        DimensionMismatchException.check("number of coefficients", terms.length, coefficients.length);
        Union u = union();
        double[] v = new double[u.colIdx().length];
        for (int q = 0; q < terms.length; q++) {
            double c = coefficients[q];
            double[] tv = terms[q].values();
            int[] pos = u.positions()[q];
            for (int p = 0; p < pos.length; p++) {
                v[pos[p]] += c * tv[p];
            }
        }
        return new CsrMatrix(terms[0].rows(), terms[0].cols(), u.rowPtr(), u.colIdx(), v);
    }

    /**
     * The Cholesky analysis of the union pattern for many factorizations ({@link
     * SparseCholesky#analyzeForReuse}), made on first use; {@code analysis().factor(at(c))} factors
     * any symmetric positive definite {@code A(c)}.
     */
    public synchronized CholeskySymbolic analysis() {
        if (analysis == null) {
            analysis = SparseCholesky.analyzeForReuse(at(ones()));
        }
        return analysis;
    }
}
