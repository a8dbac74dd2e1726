package org.jrom.reductors;

import java.util.Map;
import org.jrom.JromException;
import org.jrom.algorithms.Eim;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.ReducedModel;

/**
 * The residual dual norm by empirical interpolation of the quadratic products of the residual
 * coefficients, the evaluation of Casenave, Ern and Lelievre (ESAIM M2AN 48, 2014): the classic value
 * {@code ||r(mu)||^2 = <G, gamma(mu) gamma(mu)^T>} (G the Gram matrix of the Riesz representers) is
 * a linear functional of the rank-one matrix of coefficient products. The EIM of the family {@code
 * mu -> gamma(mu) gamma(mu)^T}, with matrix entries {@code (k, l)} as interpolation points, gives
 * {@code gamma gamma^T ~ sum_m lambda_m(mu) gamma(mu_m) gamma(mu_m)^T}, so
 *
 * <pre>||r(mu)||^2 ~ sum_m lambda_m(mu) ||r(mu_m)||^2,</pre>
 *
 * where the squared norms at the interpolation's parameters are computed offline from residuals
 * assembled at the high-fidelity level, accurately even when tiny, and online {@code lambda(mu)}
 * solves the small interpolation system on the products at the magic entries {@code gamma_k(mu)
 * gamma_l(mu)}: the squared norms combined are those of residuals, small like the result, and no
 * {@code O(||f||^2)} term cancels as in GRAM (the weights may still take both signs, below).
 *
 * <p>Offline, for the first d terms and N basis vectors: the products of {@code gamma(mu)} at {@code
 * K} seeded random parameters ({@code K = M'(M'+1)/2 + 20} with {@code M' = d - N}, the dimension of
 * the subspace Galerkin orthogonality leaves to gamma, at most {@link #MAX_SAMPLES} and
 * {@link #MAX_PRODUCTS} products in all), the round-off-stable EIM ({@link Eim}, Newton form) on
 * their {@code d(d+1)/2} upper-triangle entries until the largest interpolation error over the
 * sample is below {@link #TOLERANCE} times the largest product (the stopping rule), then the
 * residuals at the selected parameters. Online: the M products at the magic
 * entries, a forward substitution with the unit lower-triangular B, a back substitution with U
 * ({@code P_J[K] = B U}, the selected samples at the magic entries) for the Lagrange weights {@code
 * lambda}, and their sum with the stored squared norms: {@code 2 M^2} flops.
 *
 * <p>The approximation is not a bound: its error {@code ||r||^2 - sum_m lambda_m ||r(mu_m)||^2} has
 * no sign (the weights take both signs), and it is at most {@code ||r||^2 + sum_m |lambda_m|
 * ||r(mu_m)||^2} in exact arithmetic, small in absolute terms but not relative to {@code ||r||^2}.
 * Models built with it report estimates ({@link ReducedModel.ResidualEvaluator#rigorous()}).
 */
final class ProductEimResidualNorm extends SampledResidualNorm {
    static final String ENTRIES = "product_eim_entries";
    static final String INTERPOLATION = "product_eim_interpolation";
    static final String LAGRANGE = "product_eim_u";
    static final String SQUARED_NORMS = "product_eim_squared_norms";
    static final String TERMS = "product_eim_terms";

    /**
     * The stopping rule: the largest interpolation error over the sample relative to the largest
     * product. Below the products' own round-off, on purpose: on the 2x2 thermal block the pivots
     * down to 1e-16 still made the estimate more accurate (docs/estimators.md).
     */
    static final double TOLERANCE = 1e-16;

    /** The most sample parameters the greedy chooses from. */
    static final int MAX_SAMPLES = 2000;

    /**
     * The most products held offline (samples times {@code d(d+1)/2}): 160 MB, and as much again
     * twice inside the EIM (its errors and its basis).
     */
    static final long MAX_PRODUCTS = 20_000_000L;

    /** The fewest samples worth an EIM; fewer than this fit under {@link #MAX_PRODUCTS}: refused. */
    static final int MIN_SAMPLES = 100;

    @Override
    ReducedModel.ResidualEvaluator online(int termCount, int basisSize, CoefficientSamples samples) {
        int free = freeTerms("product EIM residual", termCount, basisSize);
        long entries = (long) termCount * (termCount + 1) / 2;
        long wanted = (long) free * (free + 1) / 2 + 20;
        if (entries * MIN_SAMPLES > MAX_PRODUCTS) {
            throw new JromException("PRODUCT_EIM: " + termCount + " residual terms have " + entries
                    + " products, too many to sample (" + MIN_SAMPLES + " samples would exceed " + MAX_PRODUCTS
                    + " products): use ORTHONORMAL or COEFFICIENT_EIM");
        }
        int count = (int) Math.min(Math.min(wanted, MAX_SAMPLES), MAX_PRODUCTS / entries);
        DenseMatrix gammas = samples.coefficients(count);
        DenseMatrix products = products(gammas);
        double largest = 0;
        for (double v : products.data()) {
            largest = Math.max(largest, Math.abs(v));
        }
        Eim.Result eim = Eim.greedy(products, count, TOLERANCE * largest);
        int m = eim.size();
        int[] selected = eim.selectedSamples();
        // The squared norms ||r(mu_j)||^2 = ||sum_k gamma_k(mu_j) rho_k||_X^2 of assembled residuals.
        DenseMatrix selectedGammas = DenseMatrix.zeros(termCount, m);
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < termCount; k++) {
                selectedGammas.set(k, j, gammas.get(k, selected[j]));
            }
        }
        double[] norms = representers.lincombOfFirst(selectedGammas).norms(product);
        double[] squared = new double[m];
        for (int j = 0; j < m; j++) {
            squared[j] = norms[j] * norms[j];
        }
        // U = B^-1 P[K, J], the selected samples' products at the magic entries
        DenseMatrix u = eim.changeOfBasis((i, j) -> products.get(eim.magicIndices()[i], selected[j]));
        // a round-off pivot can leave U_jj exactly 0 (or overflow): the interpolation stops before it
        int kept = 0;
        while (kept < m && u.get(kept, kept) != 0 && Double.isFinite(u.get(kept, kept))) {
            kept++;
        }
        if (kept == 0) {
            throw new JromException("PRODUCT_EIM: the residual coefficients' products vanish at every sample");
        }
        double[] magic = new double[kept];
        for (int i = 0; i < kept; i++) {
            magic[i] = eim.magicIndices()[i];
        }
        return evaluator(
                magic,
                eim.interpolationMatrix().subMatrix(0, kept, 0, kept),
                u.subMatrix(0, kept, 0, kept),
                java.util.Arrays.copyOf(squared, kept),
                termCount);
    }

    /** The upper-triangle products {@code gamma_k gamma_l}, {@code k <= l}, entry {@code l(l+1)/2 + k}, per column. */
    private static DenseMatrix products(DenseMatrix gammas) {
        int d = gammas.rows();
        int entries = Math.toIntExact((long) d * (d + 1) / 2); // below MAX_PRODUCTS: checked by online()
        double[] p = new double[entries * gammas.cols()];
        double[] g = gammas.data();
        for (int j = 0; j < gammas.cols(); j++) {
            int col = j * d;
            int out = j * entries;
            for (int l = 0; l < d; l++) {
                double gl = g[col + l];
                for (int k = 0; k <= l; k++) {
                    p[out++] = g[col + k] * gl;
                }
            }
        }
        return DenseMatrix.wrap(entries, gammas.cols(), p);
    }

    /** Rebuilds the evaluator from its arrays (a model file), checking their invariants. */
    static ReducedModel.ResidualEvaluator evaluator(Map<String, DenseMatrix> arrays) {
        double[] magic = arrays.get(ENTRIES).data();
        DenseMatrix b = arrays.get(INTERPOLATION);
        DenseMatrix u = arrays.get(LAGRANGE);
        double[] squared = arrays.get(SQUARED_NORMS).data();
        double[] terms = arrays.get(TERMS).data();
        int m = magic.length;
        if (b.rows() != m
                || b.cols() != m
                || u.rows() != m
                || u.cols() != m
                || squared.length != m
                || terms.length != 1) {
            throw new JromException("product EIM residual arrays do not fit: " + m + " entries, interpolation "
                    + b.rows() + "x" + b.cols() + ", U " + u.rows() + "x" + u.cols() + ", " + squared.length
                    + " squared norms, " + terms.length + " term counts");
        }
        int termCount = (int) terms[0];
        if (termCount != terms[0] || termCount < 1) {
            throw new JromException("product EIM residual: term count " + terms[0] + " is not a whole number >= 1");
        }
        if (m == 0) {
            throw new JromException("product EIM residual: no interpolation terms (its norm would be 0 everywhere)");
        }
        long entries = (long) termCount * (termCount + 1) / 2;
        for (int i = 0; i < m; i++) {
            if (!(magic[i] >= 0 && magic[i] < entries && magic[i] == Math.rint(magic[i]))) {
                throw new JromException("product EIM residual: magic entry " + magic[i] + " outside the " + entries
                        + " products of " + termCount + " terms");
            }
            if (b.get(i, i) != 1.0) {
                throw new JromException("product EIM residual: the interpolation matrix must have a unit diagonal,"
                        + " found " + b.get(i, i) + " at " + i);
            }
            if (!(u.get(i, i) != 0 && Double.isFinite(u.get(i, i)))) {
                throw new JromException("product EIM residual: U has the diagonal entry " + u.get(i, i) + " at " + i);
            }
            if (!(squared[i] >= 0 && Double.isFinite(squared[i]))) {
                throw new JromException("product EIM residual: squared norm " + squared[i] + " at " + i);
            }
        }
        return evaluator(magic, b, u, squared, termCount);
    }

    private static ReducedModel.ResidualEvaluator evaluator(
            double[] magic, DenseMatrix b, DenseMatrix u, double[] squared, int terms) {
        int m = magic.length;
        int[] rows = new int[m];
        int[] cols = new int[m];
        for (int i = 0; i < m; i++) {
            // entry e = l(l+1)/2 + k with k <= l
            long e = (long) magic[i];
            long l = (long) ((Math.sqrt(8.0 * e + 1) - 1) / 2);
            while (l * (l + 1) / 2 > e) {
                l--;
            }
            while ((l + 1) * (l + 2) / 2 <= e) {
                l++;
            }
            rows[i] = (int) (e - l * (l + 1) / 2);
            cols[i] = (int) l;
        }
        double[] bd = b.data();
        double[] ud = u.data();
        return new ReducedModel.ResidualEvaluator() {
            @Override
            public double norm(double[] gamma) {
                double[] lambda = new double[m];
                for (int i = 0; i < m; i++) {
                    lambda[i] = gamma[rows[i]] * gamma[cols[i]];
                }
                Eim.forwardSubstitute(bd, m, lambda);
                double sum = 0;
                for (int j = m - 1; j >= 0; j--) { // U lambda = c, U upper triangular
                    double lj = lambda[j] / ud[j + j * m];
                    lambda[j] = lj;
                    int col = j * m;
                    for (int i = 0; i < j; i++) {
                        lambda[i] -= ud[col + i] * lj;
                    }
                    sum += lj * squared[j];
                }
                return Math.sqrt(Math.max(0.0, sum));
            }

            /** No bound is known for the interpolation's error: the computed value, an estimate. */
            @Override
            public double upperBound(double computed, double[] gammas, int offset) {
                return computed;
            }

            @Override
            public boolean rigorous() {
                return ResidualNormEvaluation.PRODUCT_EIM.bound();
            }

            @Override
            public int termCount() {
                return terms;
            }

            @Override
            public String kind() {
                return ResidualNormEvaluation.PRODUCT_EIM.name();
            }

            @Override
            public Map<String, DenseMatrix> arrays() {
                return Map.of(
                        ENTRIES, DenseMatrix.wrap(m, 1, magic.clone()),
                        INTERPOLATION, b.copy(),
                        LAGRANGE, u.copy(),
                        SQUARED_NORMS, DenseMatrix.wrap(m, 1, squared.clone()),
                        TERMS, DenseMatrix.wrap(1, 1, new double[] {terms}));
            }
        };
    }
}
