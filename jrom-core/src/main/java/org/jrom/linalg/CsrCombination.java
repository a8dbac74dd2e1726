package org.jrom.linalg;

import java.util.Arrays;

/**
 * {@code A(c) = sum_q c_q A_q} of fixed sparse matrices for many coefficient vectors: a
 * parametrized operator's {@code A(mu)}. The union pattern, where each term's entries land in it,
 * and the pattern's Cholesky analysis (ordering, elimination tree, supernodes) are made once, so
 * each new c costs one pass over the terms' values and a numeric factorization, as in CHOLMOD's
 * analyze-once, factorize-many use.
 *
 * <p>{@link #at} gives the same matrix, bit for bit, as {@link CsrMatrix#linearCombination}: every
 * entry sums the same products in the same order, starting from zero.
 */
public final class CsrCombination {
    private final CsrMatrix[] terms;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final int[][] positions; // positions[q][p]: where term q's entry p lies in the union
    private volatile CholeskySymbolic analysis;

    private CsrCombination(CsrMatrix[] terms, int[] rowPtr, int[] colIdx, int[][] positions) {
        this.terms = terms;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.positions = positions;
    }

    /** The combination of these matrices (one shape, any patterns). */
    public static CsrCombination of(CsrMatrix... terms) {
        double[] ones = new double[terms.length];
        Arrays.fill(ones, 1.0);
        CsrMatrix union = CsrMatrix.linearCombination(ones, terms);
        int[] rp = union.rowPtr();
        int[] ci = union.colIdx();
        int[] where = new int[union.cols()];
        int[][] positions = new int[terms.length][];
        for (int q = 0; q < terms.length; q++) {
            CsrMatrix t = terms[q];
            int[] pos = new int[t.nnz()];
            int[] trp = t.rowPtr();
            int[] tci = t.colIdx();
            for (int i = 0; i < union.rows(); i++) {
                for (int p = rp[i]; p < rp[i + 1]; p++) {
                    where[ci[p]] = p;
                }
                for (int p = trp[i]; p < trp[i + 1]; p++) {
                    pos[p] = where[tci[p]];
                }
            }
            positions[q] = pos;
        }
        return new CsrCombination(terms.clone(), rp, ci, positions);
    }

    /** Number of terms. */
    public int size() {
        return terms.length;
    }

    /** {@code sum_q c_q A_q} on the union pattern (entries that cancel stay stored). */
    public CsrMatrix at(double[] coefficients) {
        DimensionMismatchException.check("number of coefficients", terms.length, coefficients.length);
        double[] v = new double[colIdx.length];
        for (int q = 0; q < terms.length; q++) {
            double c = coefficients[q];
            double[] tv = terms[q].values();
            int[] pos = positions[q];
            for (int p = 0; p < pos.length; p++) {
                v[pos[p]] += c * tv[p];
            }
        }
        int rows = rowPtr.length - 1;
        return new CsrMatrix(rows, terms[0].cols(), rowPtr, colIdx, v);
    }

    /**
     * The Cholesky analysis of the union pattern for many factorizations ({@link
     * SparseCholesky#analyzeForReuse}), made on first use; {@code analysis().factor(at(c))} factors
     * any symmetric positive definite {@code A(c)}.
     */
    public CholeskySymbolic analysis() {
        CholeskySymbolic s = analysis;
        if (s == null) {
            synchronized (this) {
                s = analysis;
                if (s == null) {
                    double[] ones = new double[terms.length];
                    Arrays.fill(ones, 1.0);
                    s = SparseCholesky.analyzeForReuse(at(ones));
                    analysis = s;
                }
            }
        }
        return s;
    }
}
