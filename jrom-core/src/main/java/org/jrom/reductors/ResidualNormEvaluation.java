package org.jrom.reductors;

import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.ReducedModel;

/**
 * How the dual norm of the residual {@code ||r_N(mu)||_{X'}} is evaluated online. With {@code
 * gamma(mu)} the coefficient vector of the residual in the terms {@code f_p} and {@code A_q v_i},
 * and {@code rho_k = X^{-1} g_k} the Riesz representers of those terms:
 */
public enum ResidualNormEvaluation {
    /**
     * The classic expansion {@code ||r||^2 = gamma^T G gamma}, {@code G_kl = (rho_k, rho_l)_X}
     * (Prud'homme et al. 2002). Cheap, but the sum cancels: the squared norm carries an absolute
     * error of about {@code eps ||f||^2}, so relative errors stagnate near {@code sqrt(eps) ~ 1e-8}.
     */
    GRAM("gram"),

    /**
     * The representers orthonormalized offline in X with re-orthogonalization, {@code rho = Q R};
     * online {@code ||r|| = ||R gamma||_2}, a plain 2-norm without cancellation (Buhr, Engwer,
     * Ohlberger, Rave 2014). Accurate to round-off. Stored as {@code W = U^T R} and the singular
     * values {@code sigma} of R, so that online only the rows the accuracy needs are used (see
     * {@link OrthonormalEvaluator}); model files of format 1.x store R itself as {@code r}.
     */
    ORTHONORMAL(OrthonormalEvaluator.W, OrthonormalEvaluator.SIGMA),

    /**
     * Empirical interpolation of the residual coefficients over parameters, so that online only
     * residuals computed offline at the high-fidelity level are combined, with O(1) weights
     * (after Casenave, Ern, Lelievre 2014; see {@link CoefficientEimResidualNorm}). Accurate to
     * round-off, a rigorous bound; its offline data are rebuilt for every basis size. Model files
     * store it under its 2.0 name {@code EIM}.
     */
    COEFFICIENT_EIM(
            CoefficientEimResidualNorm.INDICES,
            CoefficientEimResidualNorm.INTERPOLATION,
            CoefficientEimResidualNorm.R,
            CoefficientEimResidualNorm.TERMS),

    /**
     * The evaluation of Casenave, Ern and Lelievre (2014): empirical interpolation of the products
     * {@code gamma_k(mu) gamma_l(mu)} over parameters, {@code ||r(mu)||^2 ~ sum_m lambda_m(mu)
     * ||r(mu_m)||^2} with the squared norms of residuals assembled offline at the interpolation's
     * parameters (see {@link ProductEimResidualNorm}). Not an upper bound: its figures are estimates.
     */
    PRODUCT_EIM(
            ProductEimResidualNorm.ENTRIES,
            ProductEimResidualNorm.INTERPOLATION,
            ProductEimResidualNorm.LAGRANGE,
            ProductEimResidualNorm.SQUARED_NORMS,
            ProductEimResidualNorm.TERMS);

    private final List<String> arrayNames;

    ResidualNormEvaluation(String... arrayNames) {
        this.arrayNames = List.of(arrayNames);
    }

    /** The names of the offline arrays this evaluation is stored under in a model file. */
    public List<String> arrayNames() {
        return arrayNames;
    }

    /**
     * Rebuilds the online evaluator of this kind from its named arrays (as {@link
     * ReducedModel.ResidualEvaluator#arrays()} gave them), e.g. when a model file is read.
     */
    public ReducedModel.ResidualEvaluator evaluator(Map<String, DenseMatrix> arrays) {
        return switch (this) {
            case GRAM -> GramResidualNorm.evaluator(requireArrays(arrays).get(arrayNames.get(0)));
            case ORTHONORMAL -> OrthonormalEvaluator.of(arrays); // also reads the R of format 1.x
            case COEFFICIENT_EIM -> CoefficientEimResidualNorm.evaluator(requireArrays(arrays));
            case PRODUCT_EIM -> ProductEimResidualNorm.evaluator(requireArrays(arrays));
        };
    }

    /**
     * The evaluation of a name as model files give it: {@code EIM}, the name model files store
     * {@link #COEFFICIENT_EIM} under, is read as that.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ResidualNormEvaluation parse(String name) {
        return "EIM".equals(name) ? COEFFICIENT_EIM : valueOf(name);
    }

    /** True for the evaluations whose value is an upper bound (round-off included); false for PRODUCT_EIM. */
    public boolean bound() {
        return this != PRODUCT_EIM;
    }

    /** True for the evaluations that learn from the reduced model at random parameters (the EIM variants). */
    public boolean sampled() {
        return this == COEFFICIENT_EIM || this == PRODUCT_EIM;
    }

    private Map<String, DenseMatrix> requireArrays(Map<String, DenseMatrix> arrays) {
        for (String name : arrayNames) {
            if (!arrays.containsKey(name)) {
                throw new JromException(
                        "residual evaluation " + this + " needs the array '" + name + "', found " + arrays.keySet());
            }
        }
        return arrays;
    }
}
