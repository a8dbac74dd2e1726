package org.jrom.reductors;

import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;

/**
 * Offline data of one residual-norm evaluation, extended term by term as the basis grows. The
 * residual terms are numbered in the order they are added: first the right-hand side terms {@code
 * f_p}, then for each basis vector {@code v_i} the images {@code A_q v_i}; the data for basis size n
 * are those of the first {@code P + Q n} terms.
 */
abstract class ResidualNorm {
    /** Adds residual terms g (full vectors) with their Riesz representers {@code rho = X^{-1} g}. */
    abstract void extend(VectorArray terms, VectorArray representers, LinearMap product);

    /** Residual coefficients {@code gamma(mu)} of the reduced model at sample parameters. */
    @FunctionalInterface
    interface CoefficientSamples {
        /** {@code gamma} at {@code count} seeded sample parameters, one column each. */
        DenseMatrix coefficients(int count);
    }

    /**
     * The online evaluator for the first {@code termCount} terms, those of a basis of {@code
     * basisSize} vectors; evaluations that learn from the reduced model (EIM) draw {@code samples}.
     */
    abstract ReducedModel.ResidualEvaluator online(int termCount, int basisSize, CoefficientSamples samples);

    static ResidualNorm create(ResidualNormEvaluation kind) {
        return switch (kind) {
            case GRAM -> new GramResidualNorm();
            case ORTHONORMAL -> new OrthonormalResidualNorm();
            case COEFFICIENT_EIM -> new CoefficientEimResidualNorm();
            case PRODUCT_EIM -> new ProductEimResidualNorm();
        };
    }
}
