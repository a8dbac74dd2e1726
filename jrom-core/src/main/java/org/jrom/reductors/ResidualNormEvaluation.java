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
     * (after Casenave, Ern, Lelievre 2014; see {@link EimResidualNorm}). Accurate to round-off;
     * its offline data are rebuilt for every basis size.
     */
    EIM(EimResidualNorm.INDICES, EimResidualNorm.INTERPOLATION, EimResidualNorm.R, EimResidualNorm.TERMS);

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
            case EIM -> EimResidualNorm.evaluator(requireArrays(arrays));
        };
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
