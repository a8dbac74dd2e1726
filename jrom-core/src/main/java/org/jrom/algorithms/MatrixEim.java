package org.jrom.algorithms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixEntries;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;

/**
 * Nonintrusive empirical interpolation of a parametrized matrix (Casenave, Ern, Lelievre, "A
 * nonintrusive method to approximate linear systems with nonlinear parameter dependence"):
 * from the matrices {@code A(mu_k)} an external solver exported at K training parameters, with
 * unknown parameter dependence, it builds {@code A(mu) ~ sum_m beta_m(mu) A(mu_{s_m})}, whose terms
 * are the selected exported matrices themselves, so that the reduced terms {@code V^T A(mu_{s_m}) V}
 * come from the solver's own matrices; online, {@code beta(mu)} needs only the M entries of {@code
 * A(mu)} at the magic entries {@code (i_m, j_m)} ({@link MatrixEntries}).
 *
 * <p>The greedy treats {@code A} as a function of (entry, mu) on the union of the samples'
 * patterns. The error of a sample is measured in the relative max-entry norm {@code ||A(mu_k) -
 * I_m A(mu_k)||_max / ||A(mu_k)||_max}: step m picks the sample with the largest such error, then
 * the entry where it is largest. It runs as {@link Eim#greedy} on the samples scaled by their max
 * norms (interpolation commutes with the scaling, and the normalized Newton basis does not see
 * it), so it is round-off stable: the Newton basis {@code Q_m} are the normalized residual
 * matrices, {@code B_lm = Q_m[i_l, j_l]} is unit lower triangular.
 *
 * <p>Change of basis: the selected sample {@code A(mu_{s_m})} lies in {@code span(Q_1..Q_m)}, so
 * {@code A(mu_{s_m}) = sum_{l <= m} U_lm Q_l} with U upper triangular, {@code U_mm} the (unscaled)
 * pivot. With {@code P_lm = A(mu_{s_m})[i_l, j_l]}, {@code P = B U} is an LU factorization of the
 * matrix of selected entries (pivoted by the greedy), and {@code A(mu) ~ Q c = S U^{-1} c} for the
 * Newton coefficients {@code c = B^{-1} a(mu)}: {@code beta = U^{-1} B^{-1} a(mu)}, one forward and
 * one backward substitution, is the solution of {@code P beta = a(mu)}.
 */
public final class MatrixEim {
    private MatrixEim() {}

    /**
     * The interpolation built by the greedy.
     *
     * @param selectedMatrices the terms {@code A(mu_{s_m})}: the selected samples as given
     * @param selectedSamples the sample indices {@code s_m}, in order
     * @param magicRows the rows {@code i_m} of the magic entries
     * @param magicCols the columns {@code j_m} of the magic entries (all 0 for vectors)
     * @param interpolationMatrix {@code B_lm = Q_m[i_l, j_l]}, unit lower triangular (Newton form)
     * @param changeOfBasis U, upper triangular: {@code A(mu_{s_m}) = sum_{l <= m} U_lm Q_l}
     * @param maxErrors the largest relative max-entry error over the samples before each step and
     *     after the last one ({@code maxErrors[m]} with m terms)
     */
    public record Result(
            List<CsrMatrix> selectedMatrices,
            int[] selectedSamples,
            int[] magicRows,
            int[] magicCols,
            DenseMatrix interpolationMatrix,
            DenseMatrix changeOfBasis,
            double[] maxErrors) {
        public Result {
            selectedMatrices = List.copyOf(selectedMatrices);
        }

        /** The number of terms M. */
        public int size() {
            return magicRows.length;
        }

        /**
         * {@code beta} from the entries {@code a_l = A(mu)[i_l, j_l]}: {@code B c = a} (forward), then
         * {@code U beta = c} (backward).
         */
        public double[] coefficients(double[] entries) {
            int m = size();
            DimensionMismatchException.check("number of entries at the magic entries", m, entries.length);
            double[] beta = entries.clone();
            Eim.forwardSubstitute(interpolationMatrix.data(), m, beta);
            double[] u = changeOfBasis.data();
            for (int j = m - 1; j >= 0; j--) {
                beta[j] /= u[j * m + j];
                double bj = beta[j];
                for (int i = 0; i < j; i++) {
                    beta[i] -= u[j * m + i] * bj;
                }
            }
            return beta;
        }

        /** The interpolant {@code sum_m beta_m A(mu_{s_m})} (on the union of the terms' patterns). */
        public CsrMatrix interpolant(double[] beta) {
            DimensionMismatchException.check("number of coefficients", size(), beta.length);
            if (size() == 0) {
                throw new JromException("an empty interpolation (M = 0) has no terms to combine");
            }
            return CsrMatrix.linearCombination(beta, selectedMatrices.toArray(CsrMatrix[]::new));
        }

        /** The interpolation with its first m terms (nested: the greedy stopped at m gives the same). */
        public Result truncate(int m) {
            if (m < 0 || m > size()) {
                throw new IndexOutOfBoundsException("number of terms " + m + " outside [0, " + size() + "]");
            }
            return new Result(
                    selectedMatrices.subList(0, m),
                    Arrays.copyOf(selectedSamples, m),
                    Arrays.copyOf(magicRows, m),
                    Arrays.copyOf(magicCols, m),
                    interpolationMatrix.subMatrix(0, m, 0, m),
                    changeOfBasis.subMatrix(0, m, 0, m),
                    Arrays.copyOf(maxErrors, m + 1));
        }

        /**
         * What rebuilds the coefficient map ({@link #fromArrays}), by name: {@code magic_rows},
         * {@code magic_cols}, {@code selected_samples} and {@code max_errors} (columns), {@code
         * interpolation} (B) and {@code change_of_basis} (U); the matrices themselves are not in it.
         */
        public Map<String, DenseMatrix> arrays() {
            int m = size();
            Map<String, DenseMatrix> a = new LinkedHashMap<>();
            a.put("magic_rows", column(magicRows));
            a.put("magic_cols", column(magicCols));
            a.put("selected_samples", column(selectedSamples));
            a.put("interpolation", interpolationMatrix.copy());
            a.put("change_of_basis", changeOfBasis.copy());
            a.put("max_errors", DenseMatrix.wrap(m + 1, 1, maxErrors.clone()));
            return a;
        }

        private static DenseMatrix column(int[] v) {
            double[] d = new double[v.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = v[i];
            }
            return DenseMatrix.wrap(d.length, 1, d);
        }

        /**
         * The coefficient map of {@link #arrays()}, without the selected matrices (a model read back
         * from its file needs only {@code beta(mu)}): checked, B unit lower triangular and U upper
         * triangular with a nonzero diagonal, so that the two substitutions are defined.
         */
        public static Result fromArrays(Map<String, DenseMatrix> arrays) {
            DenseMatrix b = require(arrays, "interpolation");
            int m = b.rows();
            int[] rows = wholeColumn(arrays, "magic_rows", m);
            int[] cols = wholeColumn(arrays, "magic_cols", m);
            int[] samples = wholeColumn(arrays, "selected_samples", m);
            DenseMatrix u = require(arrays, "change_of_basis");
            DenseMatrix errors = require(arrays, "max_errors");
            if (b.cols() != m || u.rows() != m || u.cols() != m || errors.rows() != m + 1 || errors.cols() != 1) {
                throw new JromException("EIM arrays of " + m + " terms: interpolation " + b.rows() + "x" + b.cols()
                        + ", change_of_basis " + u.rows() + "x" + u.cols() + ", max_errors " + errors.rows() + "x"
                        + errors.cols() + "; expected " + m + "x" + m + " twice and " + (m + 1) + "x1");
            }
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int k = 0; k < m; k++) {
                if (!seen.add(((long) rows[k] << 32) | cols[k])) {
                    throw new JromException("EIM arrays: magic entry " + k + " (" + rows[k] + ", " + cols[k]
                            + ") repeats an earlier one; the interpolation points must differ");
                }
            }
            DenseMatrix test = arrays.get("test_max_errors");
            if (test != null && (test.rows() != m + 1 || test.cols() != 1)) {
                throw new JromException("EIM array 'test_max_errors' is " + test.rows() + "x" + test.cols()
                        + ", expected " + (m + 1) + "x1");
            }
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < m; i++) {
                    double bij = b.get(i, j);
                    double uij = u.get(i, j);
                    boolean ok = Double.isFinite(bij)
                            && Double.isFinite(uij)
                            && (i == j ? bij == 1 && uij != 0 : i < j ? bij == 0 : uij == 0);
                    if (!ok) {
                        throw new JromException("EIM arrays: entry (" + i + ", " + j + ") of interpolation is " + bij
                                + " and of change_of_basis " + uij + "; expected B unit lower and U upper triangular"
                                + " with a nonzero diagonal");
                    }
                }
            }
            return new Result(List.of(), samples, rows, cols, b.copy(), u.copy(), errors.column(0));
        }

        private static DenseMatrix require(Map<String, DenseMatrix> arrays, String name) {
            DenseMatrix a = arrays.get(name);
            if (a == null) {
                throw new JromException("EIM arrays lack '" + name + "'; found " + arrays.keySet());
            }
            return a;
        }

        private static int[] wholeColumn(Map<String, DenseMatrix> arrays, String name, int m) {
            DenseMatrix a = require(arrays, name);
            if (a.rows() != m || a.cols() != 1) {
                throw new JromException(
                        "EIM array '" + name + "' is " + a.rows() + "x" + a.cols() + ", expected " + m + "x1");
            }
            int[] out = new int[m];
            for (int i = 0; i < m; i++) {
                double v = a.get(i, 0);
                if (!(v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
                    throw new JromException("EIM array '" + name + "' entry " + i + " is " + v
                            + ", expected a non-negative whole number");
                }
                out[i] = (int) v;
            }
            return out;
        }

        /** The coefficient functionals {@code beta_m(mu)}, reading {@code A(mu)}'s magic entries from source. */
        public EimCoefficients coefficients(MatrixEntries source) {
            return new EimCoefficients(this, source, "eim_beta");
        }

        /**
         * The coefficient functionals {@code gamma_m(mu)} of a vector EIM ({@link #ofVectors}) of the
         * right-hand side {@code f(mu)}, reading its magic entries {@code f[i_m]} from source's
         * right-hand side column ({@link MatrixEntries#RHS}).
         */
        public EimCoefficients rhsCoefficients(MatrixEntries source) {
            return new EimCoefficients(this, source.rightHandSide(), "eim_gamma");
        }

        /**
         * {@code sum_m beta_m(mu) A(mu_{s_m})} as an affine operator, for {@code CoerciveRbReductor}
         * unchanged. The {@code beta_m} are not positive in general, so min-theta does not bound its
         * coercivity: use a known lower bound ({@link ConstantBound}) or {@link ScmBound} on it.
         */
        public LincombOperator operator(MatrixEntries source) {
            if (size() == 0) {
                throw new JromException("an empty interpolation (M = 0) is no operator; the samples are all zero");
            }
            List<Operator> terms = new ArrayList<>(size());
            selectedMatrices.forEach(a -> terms.add(MatrixOperator.of(a)));
            return new LincombOperator(terms, coefficients(source).functionals());
        }
    }

    /**
     * The EIM of the square matrices {@code samples} (at least one, all of one size, patterns may
     * differ), with at most {@code maxTerms} terms, stopping early when the largest relative
     * max-entry error over the samples is at most {@code tolerance}.
     *
     * @throws DimensionMismatchException for no samples, non-square samples or samples of different
     *     sizes (naming the sample and both sizes)
     */
    public static Result ofMatrices(List<CsrMatrix> samples, int maxTerms, double tolerance) {
        requireOperatorSamples(samples);
        return greedy(samples, maxTerms, tolerance, null, null);
    }

    /**
     * {@link #ofMatrices(List, int, double)} with the magic entries restricted to {@code (rows[c],
     * cols[c])}: the entries a manifest gives as expressions of the parameters, so that jrom can
     * evaluate the coefficients itself. The greedy stops early when the largest error left is
     * invisible at those entries.
     *
     * @throws JromException naming a candidate outside the sampled matrices' sparsity pattern
     */
    public static Result ofMatrices(List<CsrMatrix> samples, int maxTerms, double tolerance, int[] rows, int[] cols) {
        DimensionMismatchException.check("candidate entry columns (one per row)", rows.length, cols.length);
        requireOperatorSamples(samples);
        return greedy(samples, maxTerms, tolerance, rows, cols);
    }

    /**
     * The EIM of the vectors {@code f(mu_k)} (the columns of {@code samples}), as {@code n x 1}
     * matrices: the right-hand side counterpart of {@link #ofMatrices}, with the same norm and
     * stopping rules; its magic columns are all 0.
     *
     * @throws NonFiniteValueException naming the sample and entry of a NaN or infinite value
     */
    public static Result ofVectors(VectorArray samples, int maxTerms, double tolerance) {
        requireSamples(samples.count(), "vector");
        List<CsrMatrix> columns = new ArrayList<>(samples.count());
        for (int k = 0; k < samples.count(); k++) {
            double[] v = samples.vector(k);
            NonFiniteValueException.requireFinite("vector EIM sample " + k, v);
            columns.add(CsrMatrix.fromDense(DenseMatrix.wrap(v.length, 1, v)));
        }
        return greedy(columns, maxTerms, tolerance, null, null);
    }

    /** At least one sample, all square and of one size. */
    private static void requireOperatorSamples(List<CsrMatrix> samples) {
        requireSamples(samples.size(), "matrix");
        CsrMatrix first = samples.get(0);
        for (int k = 0; k < samples.size(); k++) {
            CsrMatrix a = samples.get(k);
            if (a.rows() != a.cols()) {
                throw new DimensionMismatchException("matrix EIM of an operator needs square matrices; sample " + k
                        + " is " + a.rows() + "x" + a.cols());
            }
            if (a.rows() != first.rows()) {
                throw new DimensionMismatchException("sample " + k + " is " + a.rows() + "x" + a.cols()
                        + " but sample 0 is " + first.rows() + "x" + first.cols()
                        + "; export every matrix on the same degrees of freedom");
            }
        }
    }

    private static void requireSamples(int count, String what) {
        if (count < 1) {
            throw new DimensionMismatchException(what + " EIM needs at least one sample (K >= 1), found " + count
                    + "; export A(mu_k) at training parameters first");
        }
    }

    /** The greedy on samples of one shape: {@link Eim#greedy} on their scaled values on the union pattern. */
    private static Result greedy(
            List<CsrMatrix> samples, int maxTerms, double tolerance, int[] candidateRows, int[] candidateCols) {
        if (maxTerms < 0 || !(tolerance >= 0)) {
            throw new JromException(
                    "matrix EIM needs maxTerms >= 0 and tolerance >= 0, found " + maxTerms + ", " + tolerance);
        }
        int count = samples.size();
        CsrMatrix[] all = samples.toArray(CsrMatrix[]::new);
        CsrMatrix union = CsrMatrix.linearCombination(new double[count], all); // zeros stay stored
        int d = union.nnz();
        double[] scaled = new double[Math.multiplyExact(d, count)];
        for (int k = 0; k < count; k++) {
            double[] v = CsrMatrix.linearCombination(new double[] {1.0, 0.0}, all[k], union)
                    .nonzeroValues(); // sample k on the union pattern, in its order (finite: a CsrMatrix is)
            double norm = all[k].normMax();
            double s = norm > 0 ? 1.0 / norm : 1.0;
            for (int p = 0; p < d; p++) {
                scaled[k * d + p] = s * v[p];
            }
        }
        int[] rowOf = rowOfPosition(union);
        int[] cols = union.columnIndices();
        boolean[] candidates = null;
        if (candidateRows != null) {
            candidates = new boolean[d];
            int[] ptr = union.rowPointers();
            for (int c = 0; c < candidateRows.length; c++) {
                int i = candidateRows[c];
                int p = i >= 0 && i < union.rows()
                        ? Arrays.binarySearch(cols, ptr[i], ptr[i + 1], candidateCols[c])
                        : -1;
                if (p < 0) {
                    throw new JromException("candidate entry (" + i + ", " + candidateCols[c]
                            + ") is outside the sampled matrices' sparsity pattern");
                }
                candidates[p] = true;
            }
        }
        Eim.Result eim = Eim.greedy(DenseMatrix.wrap(d, count, scaled), maxTerms, tolerance, Eim.Norm.LINF, candidates);
        int m = eim.size();
        int[] magicRows = new int[m];
        int[] magicCols = new int[m];
        for (int l = 0; l < m; l++) {
            magicRows[l] = rowOf[eim.magicIndices()[l]];
            magicCols[l] = cols[eim.magicIndices()[l]];
        }
        List<CsrMatrix> selected = new ArrayList<>(m);
        for (int s : eim.selectedSamples()) {
            selected.add(all[s]);
        }
        // U = B^{-1} P on the unscaled selected matrices
        DenseMatrix u = eim.changeOfBasis((l, j) -> selected.get(j).get(magicRows[l], magicCols[l]));
        return new Result(
                selected, eim.selectedSamples(), magicRows, magicCols, eim.interpolationMatrix(), u, eim.maxErrors());
    }

    /** The row of every stored position of a CSR matrix. */
    private static int[] rowOfPosition(CsrMatrix a) {
        int[] ptr = a.rowPointers();
        int[] row = new int[a.nnz()];
        for (int i = 0; i < a.rows(); i++) {
            Arrays.fill(row, ptr[i], ptr[i + 1], i);
        }
        return row;
    }
}
