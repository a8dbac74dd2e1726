package org.jrom.reductors;

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
     * Ohlberger, Rave 2014). Accurate to round-off.
     */
    ORTHONORMAL("r");

    private final String arrayName;

    ResidualNormEvaluation(String arrayName) {
        this.arrayName = arrayName;
    }

    /** The name of the offline array this evaluation is stored under in a model file. */
    public String arrayName() {
        return arrayName;
    }

    /**
     * Rebuilds the online evaluator of this kind from its named arrays (as {@link
     * ReducedModel.ResidualEvaluator#arrays()} gave them), e.g. when a model file is read.
     */
    public ReducedModel.ResidualEvaluator evaluator(Map<String, DenseMatrix> arrays) {
        DenseMatrix a = arrays.get(arrayName);
        if (a == null) {
            throw new JromException(
                    "residual evaluation " + this + " needs the array '" + arrayName + "', found " + arrays.keySet());
        }
        return switch (this) {
            case GRAM -> GramResidualNorm.evaluator(a);
            case ORTHONORMAL -> OrthonormalResidualNorm.evaluator(a);
        };
    }
}
