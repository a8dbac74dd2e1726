package org.jrom.reductors;

import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.VectorArray;

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
    abstract Online online(int termCount);

    /** Online evaluation of {@code ||sum_k gamma_k g_k||_{X'}}. */
    interface Online {
        /** Number of residual terms (the length of gamma). */
        int termCount();

        /** The dual norm of the residual with coefficients gamma. */
        double norm(double[] gamma);

        /** The arrays this evaluator is made of, for the model file. */
        DenseMatrix data();
    }

    static ResidualNorm create(ResidualNormEvaluation kind) {
        return switch (kind) {
            case GRAM -> new GramResidualNorm();
            case ORTHONORMAL -> new OrthonormalResidualNorm();
        };
    }
}
