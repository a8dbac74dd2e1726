package org.jrom.reductors;

import org.jrom.JromException;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.VectorArray;

/**
 * A residual-norm evaluation that learns from the reduced model at sample parameters (the EIM
 * variants): it keeps the Riesz representers {@code rho_k} of all residual terms and the product X,
 * and builds its online data from them for each basis size.
 */
abstract class SampledResidualNorm extends ResidualNorm {
    /** The representers of all terms added so far, in the order of {@link ResidualNorm}. */
    VectorArray representers;

    /** The inner product X. */
    LinearMap product;

    /**
     * {@code M' = d - N}, the dimension Galerkin orthogonality leaves to gamma; {@code d - N = P + (Q
     * - 1) N >= 1} for any affine model, and an empty interpolation would give 0 as the norm.
     */
    static int freeTerms(String what, int termCount, int basisSize) {
        int free = termCount - basisSize;
        if (free <= 0) {
            throw new JromException(what + ": " + termCount + " residual terms for " + basisSize
                    + " basis vectors leave no subspace to interpolate");
        }
        return free;
    }

    @Override
    final void extend(VectorArray terms, VectorArray newRepresenters, LinearMap product) {
        if (representers == null) {
            representers = VectorArray.empty(newRepresenters.dim());
        }
        representers.append(newRepresenters);
        this.product = product;
    }
}
