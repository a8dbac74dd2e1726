package org.jrom.reductors;

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

    /** The online evaluator for the first {@code termCount} terms. */
    abstract ReducedModel.ResidualEvaluator online(int termCount);

    static ResidualNorm create(ResidualNormEvaluation kind) {
        return switch (kind) {
            case GRAM -> new GramResidualNorm();
            case ORTHONORMAL -> new OrthonormalResidualNorm();
        };
    }
}
