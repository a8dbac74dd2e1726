package org.jrom.reductors;

import java.util.Map;
import org.jrom.JromException;
import org.jrom.algorithms.Eim;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.GramSchmidt;
import org.jrom.linalg.RoundOff;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;

/**
 * The residual dual norm by empirical interpolation of the residual coefficients, after Casenave,
 * Ern and Lelievre (2014): online, only residuals that were computed at the high-fidelity level
 * offline are combined, with O(1) weights, so nothing cancels.
 *
 * <p>The residual is {@code r(mu) = sum_k gamma_k(mu) rho_k} with Riesz representers {@code rho_k}.
 * Galerkin orthogonality {@code V^T (f - A V u_N) = 0} puts {@code gamma(mu)} in a subspace of
 * dimension {@code M = d - N} ({@code d} residual terms, {@code N} basis vectors). Offline, the
 * round-off-stable EIM ({@link Eim}, Newton form) is run on {@code gamma} over a sample of
 * parameters until it has M terms {@code q_m} and magic entries {@code k_m}; then {@code gamma(mu) =
 * sum_m c_m(mu) q_m} exactly, with {@code B c = gamma_K(mu)} (B unit lower triangular), and the
 * residual is the same combination of the residual snapshots {@code s_m = sum_k q_m,k rho_k}. These
 * are orthonormalized in X, {@code S = Q R}, so online {@code ||r(mu)||_{X'} = ||R c(mu)||_2}: a
 * forward substitution and a triangular product, {@code M^2} flops.
 *
 * <p>Casenave, Ern and Lelievre interpolate the quadratic products {@code gamma_k gamma_l} instead
 * ({@link ProductEimResidualNorm}, an estimate); this variant interpolates the linear coefficients,
 * which keeps the same online principle, is exact at {@code M = d - N} and keeps a rigorous bound.
 */
final class CoefficientEimResidualNorm extends SampledResidualNorm {
    static final String INDICES = "eim_indices";
    static final String INTERPOLATION = "eim_interpolation";
    static final String R = "eim_r";
    static final String TERMS = "eim_terms";

    @Override
    ReducedModel.ResidualEvaluator online(int termCount, int basisSize, CoefficientSamples samples) {
        int m = freeTerms("EIM residual", termCount, basisSize);
        // Twice the terms plus a margin: random samples then span the M-dimensional subspace.
        DenseMatrix gammas = samples.coefficients(2 * m + 20);
        Eim.Result eim = Eim.greedy(gammas, m, 0.0);
        // Residual snapshots s_j = sum_k q_j,k rho_k for the first termCount representers.
        DimensionMismatchException.check(
                "rows of the EIM basis (one per residual term)",
                termCount,
                eim.basis().rows());
        VectorArray snapshots = representers.lincombOfFirst(eim.basis());
        GramSchmidt.Result gs = GramSchmidt.orthonormalize(
                snapshots, product, GramSchmidt.Options.defaults().withDropTolerance(0.0));
        DenseMatrix r = gs.r();
        if (r.rows() != eim.size()) {
            // An exactly zero snapshot (a residual that vanishes identically) was dropped: pad R.
            DenseMatrix full = DenseMatrix.zeros(eim.size(), eim.size());
            int[] kept = gs.kept();
            for (int i = 0; i < kept.length; i++) {
                for (int j = 0; j < eim.size(); j++) {
                    full.set(i, j, r.get(i, j));
                }
            }
            r = full;
        }
        return evaluator(eim.magicIndices(), eim.interpolationMatrix(), r, termCount);
    }

    /** Rebuilds the evaluator from its arrays (a model file). */
    static ReducedModel.ResidualEvaluator evaluator(Map<String, DenseMatrix> arrays) {
        DenseMatrix idx = arrays.get(INDICES);
        DenseMatrix b = arrays.get(INTERPOLATION);
        DenseMatrix r = arrays.get(R);
        DenseMatrix terms = arrays.get(TERMS);
        int m = idx.data().length;
        if (b.rows() != m || b.cols() != m || r.rows() != m || r.cols() != m || terms.data().length != 1) {
            throw new JromException("EIM residual arrays do not fit: " + m + " indices, interpolation "
                    + b.rows() + "x" + b.cols() + ", R " + r.rows() + "x" + r.cols() + ", "
                    + terms.data().length + " term counts");
        }
        if (m == 0) {
            throw new JromException("EIM residual: no interpolation terms (its bound would be 0 everywhere)");
        }
        int termCount = (int) terms.data()[0];
        if (termCount != terms.data()[0] || termCount < m) {
            throw new JromException("EIM residual: term count " + terms.data()[0] + " is not a whole number >= " + m);
        }
        int[] indices = new int[m];
        for (int i = 0; i < m; i++) {
            double v = idx.data()[i];
            indices[i] = (int) v;
            if (indices[i] != v || v < 0 || v >= termCount) {
                throw new JromException("EIM residual: magic index " + v + " outside [0, " + termCount + ")");
            }
        }
        for (int i = 0; i < m; i++) {
            if (b.get(i, i) != 1.0) {
                throw new JromException("EIM residual: the interpolation matrix must have a unit diagonal, found "
                        + b.get(i, i) + " at " + i);
            }
        }
        return evaluator(indices, b, r, termCount);
    }

    private static ReducedModel.ResidualEvaluator evaluator(int[] indices, DenseMatrix b, DenseMatrix r, int terms) {
        int m = indices.length;
        double[] bd = b.data();
        double[] rd = r.data();
        double[] columnNorms = new double[m];
        for (int j = 0; j < m; j++) {
            columnNorms[j] = VectorArray.euclideanNorm(rd, j * m, m);
        }
        double rNorm = VectorArray.euclideanNorm(rd, 0, rd.length);
        double growth = substitutionGrowth(bd, m);
        return new ReducedModel.ResidualEvaluator() {
            @Override
            public double norm(double[] gamma) {
                double[] c = new double[m];
                for (int i = 0; i < m; i++) {
                    c[i] = gamma[indices[i]];
                }
                Eim.forwardSubstitute(bd, m, c);
                // R c by columns, R upper triangular.
                double[] rc = new double[m];
                for (int j = 0; j < m; j++) {
                    double cj = c[j];
                    if (cj != 0) {
                        int col = j * m;
                        for (int i = 0; i <= j; i++) {
                            rc[i] += rd[col + i] * cj;
                        }
                    }
                }
                return VectorArray.euclideanNorm(rc, 0, m);
            }

            /**
             * The forward substitution gives c with {@code (B + dB) c = gamma_K}, {@code |dB| <= gamma_M
             * |B|}, so the exact coefficients differ by at most {@code gamma_M || |B^-1| |B| ||_F ||c||};
             * the triangular product adds {@code gamma_M sum_m |c_m| ||R e_m||} (Higham 2002, Theorem
             * 8.5 and sec. 3.1). This bounds the online arithmetic; that gamma(mu) lies in the
             * interpolated subspace rests on Galerkin orthogonality, exact only up to the reduced
             * solve's round-off (docs/estimators.md).
             */
            @Override
            public double upperBound(double computed, double[] gammas, int offset) {
                double[] c = new double[m];
                for (int i = 0; i < m; i++) {
                    c[i] = gammas[offset + indices[i]];
                }
                Eim.forwardSubstitute(bd, m, c);
                double scale = 0;
                for (int j = 0; j < m; j++) {
                    scale += Math.abs(c[j]) * columnNorms[j];
                }
                double cNorm = VectorArray.euclideanNorm(c, 0, m);
                double g = RoundOff.gamma(m);
                return (computed + g * scale + g * growth * rNorm * cNorm) * (1 + RoundOff.gamma(m + 2L));
            }

            @Override
            public int termCount() {
                return terms;
            }

            @Override
            public String kind() {
                return ResidualNormEvaluation.COEFFICIENT_EIM.name();
            }

            @Override
            public Map<String, DenseMatrix> arrays() {
                double[] idx = new double[m];
                for (int i = 0; i < m; i++) {
                    idx[i] = indices[i];
                }
                return Map.of(
                        INDICES, DenseMatrix.wrap(m, 1, idx),
                        INTERPOLATION, b.copy(),
                        R, r.copy(),
                        TERMS, DenseMatrix.wrap(1, 1, new double[] {terms}));
            }
        };
    }

    /** {@code || |B^-1| |B| ||_F} for a unit lower-triangular B: how much the substitution's backward error can grow. */
    private static double substitutionGrowth(double[] b, int m) {
        double[] inverse = new double[m * m];
        for (int j = 0; j < m; j++) {
            double[] col = new double[m];
            col[j] = 1;
            Eim.forwardSubstitute(b, m, col);
            System.arraycopy(col, 0, inverse, j * m, m);
        }
        double sum = 0;
        double[] row = new double[m];
        for (int j = 0; j < m; j++) { // column j of |B^-1| |B|: sum_k |B^-1|_ik |B_kj|, B_kj = 0 for k < j
            java.util.Arrays.fill(row, 0);
            for (int k = j; k < m; k++) {
                double bkj = Math.abs(b[k + j * m]);
                if (bkj != 0) {
                    for (int i = k; i < m; i++) {
                        row[i] += Math.abs(inverse[i + k * m]) * bkj;
                    }
                }
            }
            for (int i = j; i < m; i++) {
                sum += row[i] * row[i];
            }
        }
        return Math.sqrt(sum);
    }
}
